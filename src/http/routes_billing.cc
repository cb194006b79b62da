// Services, meters, readings, the readings exceptions queue, rates and quotes, billing runs and
// bills (docs/api.md, "Billing").
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "app/billing.h"
#include "app/metering.h"
#include "app/rate_book.h"
#include "domain/rates/quote.h"
#include "http/background_work.h"
#include "http/bill_documents.h"
#include "http/billing_views.h"
#include "http/json_reader.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/rate_views.h"
#include "http/router.h"

namespace cistern::http {
namespace {

// --- posting in the background, with progress the console can poll -----------------------------

struct PostingState {
  bool running = false;
  PostProgress progress;
  std::optional<Error> error;
  std::optional<PostReport> report;
};

// Thrown from a posting's progress callback when the server stops: PostRun calls it only
// between chunks, after a commit, so the run stops cleanly and a later post resumes it.
struct StopRequested {};

class PostingBoard {
 public:
  // False when the run is already posting here, or the server is stopping.
  bool Start(BillingRunId run) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return false;
    PostingState& state = runs_[run.value()];
    if (state.running) return false;
    state = PostingState{};
    state.running = true;
    return true;
  }
  void Launch(std::thread thread) {
    std::lock_guard<std::mutex> lock(mutex_);
    threads_.push_back(std::move(thread));
  }
  // Records progress; throws StopRequested once the server is stopping.
  void Update(BillingRunId run, const PostProgress& progress) {
    std::lock_guard<std::mutex> lock(mutex_);
    runs_[run.value()].progress = progress;
    if (stopping_) throw StopRequested{};
  }
  void Finish(BillingRunId run, std::optional<Result<PostReport>> result) {
    std::lock_guard<std::mutex> lock(mutex_);
    PostingState& state = runs_[run.value()];
    state.running = false;
    if (!result) {
      state.error = Error::Unavailable("SERVER_STOPPING",
                                       "The server stopped; post the run again to finish it.");
    } else if (result->ok()) {
      state.report = **result;
    } else {
      state.error = result->error();
    }
  }
  std::optional<PostingState> Get(BillingRunId run) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = runs_.find(run.value());
    if (found == runs_.end()) return std::nullopt;
    return found->second;
  }
  void StopAll() {
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      threads.swap(threads_);
    }
    for (std::thread& thread : threads) thread.join();
  }

 private:
  std::mutex mutex_;
  bool stopping_ = false;
  std::map<std::int64_t, PostingState> runs_;
  std::vector<std::thread> threads_;
};

PostingBoard& Board() {
  static PostingBoard board;
  return board;
}

json PostingJson(const std::optional<PostingState>& state) {
  if (!state) return nullptr;
  json body = {{"running", state->running},
               {"done", state->progress.done},
               {"total", state->progress.total},
               {"posted", state->progress.posted}};
  if (state->report) {
    body["report"] = {{"posted", state->report->posted},
                      {"already_billed", state->report->already_billed},
                      {"blocked", state->report->blocked},
                      {"current_charges", MoneyJson(state->report->current_charges)},
                      {"seconds", state->report->seconds}};
  }
  if (state->error) {
    body["error"] = {{"reason", state->error->reason}, {"message", state->error->message}};
  }
  return body;
}

json RunWithPosting(const BillingRunView& view) {
  json body = RunViewJson(view);
  body["posting"] = PostingJson(Board().Get(view.run.id));
  return body;
}

// --- services and meters ---------------------------------------------------------------------

Result<AccountId> AccountFromPath(const ApiRequest& request) {
  return ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id");
}

Result<ApiReply> MeteringHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(AccountMetering metering,
                           GetAccountMetering(request.app, request.caller(), account));
  return Ok(AccountMeteringJson(metering));
}

Result<ApiReply> AddServiceHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  ServiceRequest service;
  service.service = reader.RequiredString("service");
  service.rate_class = reader.RequiredString("rate_class");
  service.units = reader.OptionalInteger("units").value_or(1);
  service.starts_on = ReadDateField(reader, "starts_on");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(ServiceRecord record,
                           AddService(request.app, request.caller(), account, service));
  return Created(ServiceJson(record));
}

MeterSetRequest ReadMeterSet(JsonReader& reader) {
  MeterSetRequest set;
  set.meter.serial = reader.RequiredString("serial");
  set.meter.make = reader.OptionalString("make");
  set.meter.model = reader.OptionalString("model");
  set.meter.size = reader.RequiredString("size");
  set.meter.dials = static_cast<int>(reader.OptionalInteger("dials").value_or(6));
  set.meter.multiplier = reader.OptionalInteger("multiplier").value_or(1);
  const std::string unit = reader.OptionalString("unit");
  if (!unit.empty() && !reader.failed()) {
    auto parsed = ParseUsageUnit(unit, reader.FieldPath("unit"));
    if (parsed.ok()) {
      set.meter.unit = *parsed;
    } else {
      reader.Fail(parsed.error());
    }
  }
  set.route_sequence = static_cast<int>(reader.OptionalInteger("route_sequence").value_or(0));
  set.set_on = ReadDateField(reader, "set_on");
  set.initial_reading = reader.OptionalInteger("initial_reading").value_or(0);
  return set;
}

Result<ApiReply> SetMeterHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  MeterSetRequest set = ReadMeterSet(reader);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(MeterAtPremise placed,
                           SetMeter(request.app, request.caller(), account, set));
  return Created(MeterJson(placed.meter, placed.install));
}

Result<ApiReply> ExchangeMeterHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  MeterExchangeRequest exchange;
  const std::string old_meter = reader.RequiredString("old_meter_id");
  auto removal = reader.OptionalInteger("removal_reading");
  if (!removal && !reader.failed()) {
    reader.Fail(Error::InvalidArgument("removal_reading", "FIELD_REQUIRED",
                                       "removal_reading is required."));
  }
  JsonReader replacement = reader.RequiredObject("new_meter");
  if (!reader.failed()) exchange.new_meter = ReadMeterSet(replacement);
  if (!reader.failed()) replacement.Finish();
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(exchange.old_meter,
                           ParseId<MeterId>(old_meter, kMeterPrefix, "old_meter_id"));
  exchange.removal_reading = *removal;
  CISTERN_ASSIGN_OR_RETURN(MeterAtPremise placed,
                           ExchangeMeter(request.app, request.caller(), account, exchange));
  return Created(MeterJson(placed.meter, placed.install));
}

// --- readings and the exceptions queue ---------------------------------------------------------

Result<ApiReply> EnterReadingHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  ReadingEntry entry;
  entry.meter_serial = reader.RequiredString("meter_serial");
  auto read_on = ReadDateField(reader, "read_on");
  auto value = reader.OptionalInteger("value");
  entry.reader = reader.OptionalString("reader");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  if (!read_on) return Error::InvalidArgument("read_on", "FIELD_REQUIRED", "read_on is required.");
  if (!value) return Error::InvalidArgument("value", "FIELD_REQUIRED", "value is required.");
  entry.read_on = *read_on;
  entry.value = *value;
  CISTERN_ASSIGN_OR_RETURN(ReadingOutcome outcome,
                           EnterReading(request.app, request.caller(), entry));
  return Created(ReadingOutcomeJson(outcome));
}

Result<ApiReply> ImportReadingsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string name = reader.RequiredString("file_name");
  const std::string csv = reader.RequiredString("csv");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(ReadingImportReport report,
                           ImportReadings(request.app, request.caller(), name, csv));
  ApiReply reply = Ok(ReadingImportJson(report));
  if (!report.imported()) reply.status = 422;
  return reply;
}

Result<ApiReply> ListExceptionsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  ExceptionFilter filter;
  const std::string status = request.Query("status").value_or("open");
  if (status != "all") {
    filter.status = ParseExceptionStatus(status);
    if (!filter.status) {
      return Error::InvalidArgument("status", "STATUS_UNKNOWN",
                                    "status is open, reread_requested, accepted, edited, "
                                    "estimated, reread_received, dismissed or all.");
    }
  }
  filter.route = request.Query("route");
  CISTERN_ASSIGN_OR_RETURN(auto listed,
                           ListReadingExceptions(request.app, request.caller(), filter, page));
  return Ok(ListJson(listed, ReadingExceptionJson));
}

Result<ApiReply> ResolveExceptionHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(ReadingExceptionId id,
                           ParseId<ReadingExceptionId>(request.PathParameter(1),
                                                       kReadingExceptionPrefix, "exception_id"));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string action = reader.RequiredString("action");
  ExceptionDecision decision;
  decision.value = reader.OptionalInteger("value");
  decision.read_on = ReadDateField(reader, "read_on");
  decision.reason = reader.OptionalString("reason");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  auto parsed = ParseExceptionAction(action);
  if (!parsed) {
    return Error::InvalidArgument("action", "ACTION_UNKNOWN",
                                  "action is accept, edit, reread, estimate or dismiss.");
  }
  decision.action = *parsed;
  CISTERN_ASSIGN_OR_RETURN(ReadingException resolved,
                           ResolveReadingException(request.app, request.caller(), id, decision));
  return Ok(ReadingExceptionJson(resolved));
}

// --- rates --------------------------------------------------------------------------------------

Result<ApiReply> RatesHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(auto versions, ListRateVersions(request.app, request.caller()));
  json data = json::array();
  for (const RateVersionRecord& version : versions) {
    data.push_back({{"effective", FormatDate(version.effective_on)},
                    {"name", version.name},
                    {"ordinance", version.ordinance}});
  }
  // The classes of the version in effect today, for the "what would my bill be" tool.
  json services = json::array();
  auto book = GetRateBook(request.app, request.caller());
  if (book.ok()) {
    if (const RateVersion* current = (*book)->InEffectOn(request.app.Today())) {
      for (const RateService& service : current->services) {
        json classes = json::array();
        for (const RateClass& rate_class : service.classes) {
          json sizes = json::array();
          for (const MeterBase& base : rate_class.base) sizes.push_back(base.meter_size);
          classes.push_back({{"code", rate_class.code},
                             {"name", rate_class.name},
                             {"metered", rate_class.metered()},
                             {"meter_sizes", std::move(sizes)},
                             {"unit_name", rate_class.unit_name},
                             {"program", rate_class.program},
                             {"location", RateLocationCode(rate_class.location)}});
        }
        services.push_back(
            {{"code", service.code}, {"name", service.name}, {"classes", std::move(classes)}});
      }
    }
  }
  return Ok({{"data", std::move(data)}, {"current_services", std::move(services)}});
}

Result<ApiReply> QuoteHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(QuoteInput input, QuoteInputFromJson(body.dump()));
  CISTERN_ASSIGN_OR_RETURN(Quote quote, QuoteWithLoadedRates(request.app, request.caller(), input));
  return Ok(json::parse(QuoteToJson(quote, JsonLayout::kCompact)));
}

// --- billing runs -----------------------------------------------------------------------------

Result<BillingRunId> RunFromPath(const ApiRequest& request) {
  return ParseId<BillingRunId>(request.PathParameter(1), kRunPrefix, "run_id");
}

Result<ApiReply> ListRunsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(auto runs, ListRuns(request.app, request.caller(), page));
  return Ok(ListJson(runs, RunJson));
}

Result<ApiReply> CreateRunHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  RunRequest run;
  run.cycle = reader.RequiredString("cycle");
  auto period_end = ReadDateField(reader, "period_end");
  run.period_first = ReadDateField(reader, "period_start");
  run.bill_date = ReadDateField(reader, "bill_date");
  run.message = reader.OptionalString("message");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  if (!period_end) {
    return Error::InvalidArgument("period_end", "FIELD_REQUIRED", "period_end is required.");
  }
  run.period_last = *period_end;
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view, CreateRun(request.app, request.caller(), run));
  return Created(RunWithPosting(view));
}

// While the run posts, and with ?summary=false, the answer skips planning the cycle again: the
// console polls this for its progress bar.
Result<ApiReply> GetRunHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillingRunId id, RunFromPath(request));
  const auto posting = Board().Get(id);
  const bool with_summary =
      request.Query("summary").value_or("true") != "false" && !(posting && posting->running);
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view,
                           GetRun(request.app, request.caller(), id, with_summary));
  return Ok(RunWithPosting(view));
}

Result<ApiReply> PreviewRunHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillingRunId id, RunFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view, PreviewRun(request.app, request.caller(), id));
  return Ok(RunWithPosting(view));
}

Result<ApiReply> ApproveRunHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillingRunId id, RunFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view, ApproveRun(request.app, request.caller(), id));
  return Ok(RunWithPosting(view));
}

Result<ApiReply> DiscardRunHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillingRunId id, RunFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view, DiscardRun(request.app, request.caller(), id));
  return Ok(RunJson(view.run));
}

// Starts posting in the background and answers 202 at once; GET the run for progress.
Result<ApiReply> PostRunHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillingRunId id, RunFromPath(request));
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kRunBilling));
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view, GetRun(request.app, request.caller(), id, false));
  if (view.run.status == RunStatus::kPreviewed || view.run.status == RunStatus::kDiscarded) {
    return Error::FailedPrecondition("RUN_NOT_APPROVED",
                                     "A supervisor must approve the run before it posts.");
  }
  if (!Board().Start(id)) {
    return Error::Conflict("RUN_POSTING", "This run is already posting.");
  }
  const AppContext* app = &request.app;
  const Caller caller = request.caller();
  Board().Launch(std::thread([app, caller, id] {
    try {
      auto report = PostRun(*app, caller, id,
                            [id](const PostProgress& progress) { Board().Update(id, progress); });
      Board().Finish(id, std::move(report));
    } catch (const StopRequested&) {
      Board().Finish(id, std::nullopt);
    }
  }));
  ApiReply reply = Ok(RunWithPosting(view));
  reply.status = 202;
  return reply;
}

Result<ApiReply> RunPdfHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillingRunId id, RunFromPath(request));
  int part = 1;
  if (auto text = request.Query("part")) {
    if (text->empty() || text->size() > 6 ||
        text->find_first_not_of("0123456789") != std::string::npos) {
      return Error::InvalidArgument("part", "PART_UNKNOWN", "part is a whole number from 1.");
    }
    part = std::stoi(*text);
  }
  CISTERN_ASSIGN_OR_RETURN(RenderedRun rendered,
                           RenderRunPdf(request.app, request.caller(), id, part));
  ApiReply reply = File(std::move(rendered.pdf), "application/pdf",
                        "run-" + std::to_string(id.value()) + "-bills" +
                            (rendered.parts > 1 ? "-part" + std::to_string(part) : "") + ".pdf");
  reply.headers.push_back({"X-Cistern-Parts", std::to_string(rendered.parts)});
  return reply;
}

// --- bills ------------------------------------------------------------------------------------

Result<BillId> BillFromPath(const ApiRequest& request) {
  return ParseId<BillId>(request.PathParameter(1), kBillPrefix, "bill_id");
}

Result<ApiReply> AccountBillsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(auto bills, ListBills(request.app, request.caller(), account, page));
  return Ok(ListJson(bills, BillSummaryJson));
}

Result<ApiReply> GetBillHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillId id, BillFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(BillView view, GetBill(request.app, request.caller(), id));
  return Ok(BillViewJson(view));
}

Result<ApiReply> BillPdfHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillId id, BillFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(std::string pdf, RenderBillPdf(request.app, request.caller(), id));
  return File(std::move(pdf), "application/pdf", "B-" + std::to_string(id.value()) + ".pdf");
}

Result<ApiReply> RebillHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(BillId id, BillFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  RebillRequest rebill;
  rebill.reason = reader.RequiredString("reason");
  std::vector<std::pair<std::string, std::optional<std::int64_t>>> corrections;
  for (JsonReader& correction : reader.ObjectArray("corrections")) {
    corrections.push_back(
        {correction.RequiredString("meter_id"), correction.OptionalInteger("value")});
    correction.Finish();
  }
  rebill.confirm_high_usage = reader.OptionalBool("confirm_high_usage", false);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  for (const auto& [meter, value] : corrections) {
    CISTERN_ASSIGN_OR_RETURN(MeterId meter_id,
                             ParseId<MeterId>(meter, kMeterPrefix, "corrections.meter_id"));
    if (!value) {
      return Error::InvalidArgument("corrections.value", "FIELD_REQUIRED",
                                    "Each correction gives the corrected value.");
    }
    rebill.corrections.push_back({meter_id, *value});
  }
  CISTERN_ASSIGN_OR_RETURN(BillView view,
                           CancelAndRebill(request.app, request.caller(), id, rebill));
  return Created(BillViewJson(view));
}

}  // namespace

void StopBackgroundWork() { Board().StopAll(); }

void RegisterBillingRoutes(Router& router) {
  router.Add("GET", "/api/v1/accounts/([^/]+)/metering", Access::kSignedIn, MeteringHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/services", Access::kSignedIn, AddServiceHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/meters", Access::kSignedIn, SetMeterHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/meter-exchanges", Access::kSignedIn,
             ExchangeMeterHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/bills", Access::kSignedIn, AccountBillsHandler);
  router.Add("POST", "/api/v1/readings", Access::kSignedIn, EnterReadingHandler);
  router.Add("POST", "/api/v1/reading-imports", Access::kSignedIn, ImportReadingsHandler);
  router.Add("GET", "/api/v1/reading-exceptions", Access::kSignedIn, ListExceptionsHandler);
  router.Add("POST", "/api/v1/reading-exceptions/([^/]+)/resolve", Access::kSignedIn,
             ResolveExceptionHandler);
  router.Add("GET", "/api/v1/rates", Access::kSignedIn, RatesHandler);
  router.Add("POST", "/api/v1/rate-quotes", Access::kSignedIn, QuoteHandler);
  router.Add("GET", "/api/v1/billing-runs", Access::kSignedIn, ListRunsHandler);
  router.Add("POST", "/api/v1/billing-runs", Access::kSignedIn, CreateRunHandler);
  router.Add("GET", "/api/v1/billing-runs/([^/]+)", Access::kSignedIn, GetRunHandler);
  router.Add("POST", "/api/v1/billing-runs/([^/]+)/preview", Access::kSignedIn, PreviewRunHandler);
  router.Add("POST", "/api/v1/billing-runs/([^/]+)/approve", Access::kSignedIn, ApproveRunHandler);
  router.Add("POST", "/api/v1/billing-runs/([^/]+)/post", Access::kSignedIn, PostRunHandler);
  router.Add("POST", "/api/v1/billing-runs/([^/]+)/discard", Access::kSignedIn, DiscardRunHandler);
  router.Add("GET", "/api/v1/billing-runs/([^/]+)/bills.pdf", Access::kSignedIn, RunPdfHandler);
  router.Add("GET", "/api/v1/bills/([^/]+)", Access::kSignedIn, GetBillHandler);
  router.Add("GET", "/api/v1/bills/([^/]+)/pdf", Access::kSignedIn, BillPdfHandler);
  router.Add("POST", "/api/v1/bills/([^/]+)/rebill", Access::kSignedIn, RebillHandler);
}

}  // namespace cistern::http
