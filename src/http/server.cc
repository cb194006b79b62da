#include "http/server.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include "core/check.h"
#include "http/background_work.h"
#include "http/router.h"

namespace cistern {
namespace {

using http::Access;
using http::ApiReply;
using http::ApiRequest;
using http::json;

// One line per request on stderr: time, method, path (never the query string, which may hold a
// customer's name or phone), status, duration and user.
// The path is URL-decoded, so "%0a" would forge a log line: control bytes are escaped.
std::string Printable(const std::string& text) {
  std::string printable;
  for (char c : text.substr(0, 300)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      printable += escaped;
    } else {
      printable += c;
    }
  }
  return printable;
}

void LogRequest(const httplib::Request& request, int status, double duration_ms,
                const std::string& user) {
  static std::mutex log_mutex;
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1fms", duration_ms);
  const std::string line = FormatInstant(SystemClock().Now()) + " " + Printable(request.method) +
                           " " + Printable(request.path) + " " + std::to_string(status) + " " +
                           duration + (user.empty() ? "" : " " + user) + "\n";
  std::lock_guard<std::mutex> lock(log_mutex);
  std::fputs(line.c_str(), stderr);
}

std::string CookieValue(const httplib::Request& request, const std::string& name) {
  const std::string header = request.get_header_value("Cookie");
  std::size_t position = 0;
  while (position < header.size()) {
    std::size_t end = header.find(';', position);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(position, end - position);
    const auto first = pair.find_first_not_of(' ');
    if (first != std::string::npos) pair = pair.substr(first);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    position = end + 1;
  }
  return {};
}

// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

void WriteJson(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  if (!body.is_null()) {
    response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                         "application/json; charset=utf-8");
  }
}

// Internal errors and database trouble are logged in full and answered in general terms: their
// text can hold SQL and file paths that are nobody's business outside the server.
void WriteError(httplib::Response& response, const Error& error) {
  if (error.code == ErrorCode::kInternal || error.code == ErrorCode::kUnavailable) {
    std::fprintf(stderr, "error: %s: %s\n", error.reason.c_str(), Printable(error.message).c_str());
    Error shown = error.code == ErrorCode::kInternal
                      ? Error::Internal("INTERNAL_ERROR",
                                        "Something went wrong on the server; nothing was saved. "
                                        "The error has been logged.")
                      : Error::Unavailable(error.reason, "The server is busy; try again.");
    WriteJson(response, http::HttpStatusFor(shown.code), http::ErrorJson(shown));
    return;
  }
  WriteJson(response, http::HttpStatusFor(error.code), http::ErrorJson(error));
}

void WriteBodyTooLarge(httplib::Response& response) {
  WriteJson(response, 413,
            http::ErrorJson(Error::InvalidArgument("", "BODY_TOO_LARGE",
                                                   "The request body is larger than 64 KiB.")));
}

bool IsApiPath(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/api"; }

}  // namespace

struct HttpServer::Impl final : http::Router {
  Impl(const AppContext& app_context, ServerOptions server_options)
      : app(app_context), options(std::move(server_options)) {}

  void Add(const char* method, const std::string& pattern, Access access,
           http::Handler handler) override {
    auto wrapped = [this, access, handler = std::move(handler)](const httplib::Request& request,
                                                                httplib::Response& response) {
      Handle(request, response, access, handler);
    };
    const std::string verb = method;
    if (verb == "GET") {
      server.Get(pattern, wrapped);
    } else if (verb == "POST") {
      server.Post(pattern, wrapped);
    } else if (verb == "PUT") {
      server.Put(pattern, wrapped);
    } else if (verb == "PATCH") {
      server.Patch(pattern, wrapped);
    } else if (verb == "DELETE") {
      server.Delete(pattern, wrapped);
    } else {
      CISTERN_CHECK(false, "unsupported method " + verb);
    }
  }

  void Handle(const httplib::Request& request, httplib::Response& response, Access access,
              const http::Handler& handler) {
    const auto started = std::chrono::steady_clock::now();
    std::string user;
    try {
      Result<ApiReply> reply = Dispatch(request, access, handler, user);
      if (reply.ok()) {
        for (const auto& [name, value] : reply->headers) response.set_header(name, value);
        if (!reply->content_type.empty()) {
          response.status = reply->status;
          response.set_header("Cache-Control", "no-store");
          response.set_content(reply->raw_body, reply->content_type.c_str());
        } else {
          WriteJson(response, reply->status, reply->body);
        }
      } else {
        WriteError(response, reply.error());
      }
    } catch (const std::exception& exception) {
      // A bug: the transaction (if any) has rolled back as the stack unwound.
      WriteError(response, Error::Internal("EXCEPTION", Printable(request.method) + " " +
                                                            Printable(request.path) + ": " +
                                                            exception.what()));
    }
    const auto elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    LogRequest(request, response.status, elapsed.count(), user);
  }

  Result<ApiReply> Dispatch(const httplib::Request& request, Access access,
                            const http::Handler& handler, std::string& user) {
    ApiRequest api_request{request, app, nullptr};
    if (access == Access::kPublic) return handler(api_request);
    CISTERN_ASSIGN_OR_RETURN(Authenticated session,
                             Authenticate(app, CookieValue(request, http::kSessionCookie)));
    user = session.user.username;
    if (request.method != "GET" && request.method != "HEAD") {
      const std::string token = request.get_header_value(http::kCsrfHeader);
      if (token.empty() || !ConstantTimeEquals(token, session.csrf_token)) {
        return Error::PermissionDenied("CSRF_TOKEN_INVALID",
                                       "The request lacks this session's X-CSRF-Token header; "
                                       "reload the page and try again.");
      }
    }
    api_request.session = &session;
    return handler(api_request);
  }

  void Configure() {
    server.new_task_queue = [threads = options.worker_threads] {
      return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    server.set_payload_max_length(options.body_bytes_max);
    // Without TCP_NODELAY, small JSON replies wait for the client's delayed ACK (~40 ms).
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    server.set_keep_alive_timeout(options.keep_alive_seconds);
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                                {"X-Frame-Options", "DENY"},
                                {"Referrer-Policy", "no-referrer"},
                                {"Content-Security-Policy",
                                 "default-src 'self'; img-src 'self' data:; "
                                 "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"}});
    // Runs after the headers are read and before the body is: refuse what would make the
    // library read an unbounded body (chunked, or compressed and inflated in memory), and
    // bodies that are not JSON, which also keeps cross-site HTML forms from posting at all.
    server.set_pre_routing_handler([this](const httplib::Request& request,
                                          httplib::Response& response) {
      if (!IsApiPath(request.path)) return httplib::Server::HandlerResponse::Unhandled;
      // A body refused here is never read, so the connection cannot carry another request.
      response.set_header("Connection", "close");
      const std::string encoding = request.get_header_value("Content-Encoding");
      const std::string transfer = request.get_header_value("Transfer-Encoding");
      if ((!encoding.empty() && encoding != "identity") || !transfer.empty()) {
        WriteJson(response, 415,
                  http::ErrorJson(Error::InvalidArgument(
                      "", "BODY_ENCODING_UNSUPPORTED",
                      "Send the body plainly with a Content-Length, not chunked or compressed.")));
        LogRequest(request, response.status, 0, "");
        return httplib::Server::HandlerResponse::Handled;
      }
      const bool has_body = request.get_header_value<std::uint64_t>("Content-Length") > 0;
      const std::string type = request.get_header_value("Content-Type");
      if (has_body && type.rfind("application/json", 0) != 0) {
        WriteJson(response, 415,
                  http::ErrorJson(Error::InvalidArgument(
                      "", "CONTENT_TYPE_UNSUPPORTED",
                      "Send the body as JSON with Content-Type: application/json.")));
        LogRequest(request, response.status, 0, "");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (request.get_header_value<std::uint64_t>("Content-Length") > options.body_bytes_max) {
        WriteBodyTooLarge(response);
        LogRequest(request, response.status, 0, "");
        return httplib::Server::HandlerResponse::Handled;
      }
      response.headers.erase("Connection");
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http::RegisterSessionRoutes(*this);
    http::RegisterAccountRoutes(*this);
    http::RegisterAdminRoutes(*this);
    http::RegisterPaymentRoutes(*this);
    http::RegisterApprovalRoutes(*this);
    http::RegisterCashRoutes(*this);
    http::RegisterReportRoutes(*this);
    http::RegisterBillingRoutes(*this);
    http::RegisterRateAuditRoutes(*this);
    http::RegisterServiceOrderRoutes(*this);
    http::RegisterLetterRoutes(*this);
    http::RegisterCustomerRoutes(*this);
    http::RegisterSanitationRoutes(*this);
    http::RegisterDepositRoutes(*this);
    http::RegisterLifecycleRoutes(*this);

    web_root = options.web_root.empty() ? std::string(CISTERN_WEB_ROOT) : options.web_root;
    if (std::filesystem::is_directory(web_root)) {
      server.set_mount_point("/", web_root);
    } else {
      std::fprintf(stderr, "warning: console files not found at %s; serving the API only\n",
                   web_root.c_str());
    }
    server.set_logger([](const httplib::Request& request, const httplib::Response& response) {
      if (!IsApiPath(request.path) || response.status == 404 || response.status == 413) {
        LogRequest(request, response.status, 0, "");
      }
    });
    // Errors the router produces itself (no route, body too large) get the API's error shape;
    // an unknown console path gets the console, which routes on the client.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& request,
               httplib::Response& response) -> httplib::Server::HandlerResponse {
          if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          if (response.status == 413) {
            WriteBodyTooLarge(response);
          } else if (response.status == 404 && IsApiPath(request.path)) {
            WriteError(response,
                       Error::NotFound("ROUTE_NOT_FOUND", "No API route " + request.method + " " +
                                                              request.path + "."));
          } else if (response.status == 404 && request.method == "GET") {
            const std::string index = web_root + "/index.html";
            std::FILE* file = std::fopen(index.c_str(), "rb");
            if (file == nullptr) return httplib::Server::HandlerResponse::Unhandled;
            std::string content;
            char buffer[8192];
            std::size_t read = 0;
            while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0)
              content.append(buffer, read);
            std::fclose(file);
            response.status = 200;
            response.set_content(content, "text/html; charset=utf-8");
          } else if (response.status == 405 || response.status == 400) {
            WriteError(response, Error::InvalidArgument("", "BAD_REQUEST",
                                                        "The request could not be understood."));
          } else {
            return httplib::Server::HandlerResponse::Unhandled;
          }
          return httplib::Server::HandlerResponse::Handled;
        }));
  }

  const AppContext& app;
  ServerOptions options;
  std::string web_root;
  httplib::Server server;
};

HttpServer::HttpServer(const AppContext& context, ServerOptions options)
    : impl_(std::make_unique<Impl>(context, std::move(options))) {
  impl_->Configure();
}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::Bind() {
  int port = impl_->options.port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(impl_->options.host);
    if (port < 0) port = 0;
  } else if (!impl_->server.bind_to_port(impl_->options.host, port)) {
    port = 0;
  }
  if (port == 0) {
    return Error::Unavailable("BIND_FAILED", "Cannot listen on " + impl_->options.host + ":" +
                                                 std::to_string(impl_->options.port) +
                                                 "; is another server using the port?");
  }
  return port;
}

Status HttpServer::Serve() {
  const bool listened = impl_->server.listen_after_bind();
  // Requests have finished; let background work (a billing run posting) reach a safe point.
  http::StopBackgroundWork();
  if (!listened) return Error::Unavailable("SERVE_FAILED", "The server stopped unexpectedly.");
  return OkStatus();
}

void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace cistern
