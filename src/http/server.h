// The HTTP server behind `cistern serve`: the JSON API under /api/v1 and the web console's files.
//
// The header keeps the HTTP library out of sight; only http/*.cc include it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/app_context.h"

namespace cistern {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;       // 0: any free port
  std::string web_root;  // the console's built files; empty: the build's web/dist
  // Each keep-alive connection holds a worker while it waits, so the pool is sized for many
  // open consoles and benchmark clients at once; idle connections are closed after 3 s.
  int worker_threads = 96;
  int keep_alive_seconds = 3;
  std::size_t body_bytes_max = 64 * 1024;
};

class HttpServer {
 public:
  HttpServer(const AppContext& context, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; returns the port (useful with port 0) or UNAVAILABLE.
  Result<int> Bind();
  // Serves until Stop(); requests in flight finish first.
  Status Serve();
  // Safe from another thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cistern
