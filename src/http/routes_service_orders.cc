// Service orders (docs/api.md, "Service orders"): the queue, create, dispatch, complete, cancel,
// and the daily list by route as JSON and as a printable PDF.
#include <array>
#include <chrono>

#include "app/service_lifecycle.h"
#include "app/service_orders.h"
#include "core/text.h"
#include "documents/service_order_list.h"
#include "http/billing_views.h"
#include "http/json_reader.h"
#include "http/money_request.h"
#include "http/router.h"
#include "http/views.h"

namespace cistern::http {
namespace {

json OptionalDateJson(const std::optional<Date>& date) {
  return date ? json(FormatDate(*date)) : json(nullptr);
}

json OptionalInstantJson(const std::optional<Instant>& instant) {
  return instant ? json(FormatInstant(*instant)) : json(nullptr);
}

template <typename IdType>
json OptionalIdJson(const char* prefix, const std::optional<IdType>& id) {
  return id ? json(IdText(prefix, id->value())) : json(nullptr);
}

}  // namespace

json ServiceOrderJson(const ServiceOrder& order) {
  return {
      {"id", IdText(kServiceOrderPrefix, order.id.value())},
      {"number", "SO-" + std::to_string(order.id.value())},
      {"type", ServiceOrderTypeCode(order.type)},
      {"type_name", ServiceOrderTypeName(order.type)},
      {"status", ServiceOrderStatusCode(order.status)},
      {"premise_id", IdText(kPremisePrefix, order.premise_id.value())},
      {"account_id", OptionalIdJson(kAccountPrefix, order.account_id)},
      {"account_number", order.account_number},
      {"customer_name", order.customer_name},
      {"service_address", order.service_address},
      {"route", order.route},
      {"route_sequence", order.route_sequence},
      {"meter_id", OptionalIdJson(kMeterPrefix, order.meter_id)},
      {"meter_serial", order.meter_serial},
      {"meter_size", order.meter_size},
      {"reading_exception_id", OptionalIdJson(kReadingExceptionPrefix, order.reading_exception_id)},
      {"requested_on", FormatDate(order.requested_on)},
      {"window", ServiceWindowCode(order.window)},
      {"window_label", ServiceWindowLabel(order.window)},
      {"remarks", order.remarks},
      {"created_at", FormatInstant(order.created_at)},
      {"created_by", order.created_by_name},
      {"dispatched_at", OptionalInstantJson(order.dispatched_at)},
      {"assigned_to", order.assigned_to},
      {"completed_at", OptionalInstantJson(order.completed_at)},
      {"completed_by", order.completed_by_name},
      {"completed_on", OptionalDateJson(order.completed_on)},
      {"worked_by", order.worked_by},
      {"reading", order.reading_value ? json(*order.reading_value) : json(nullptr)},
      {"reading_id", OptionalIdJson(kReadingPrefix, order.reading_id)},
      {"held_exception_id", OptionalIdJson(kReadingExceptionPrefix, order.held_exception_id)},
      {"completion_remarks", order.completion_remarks},
      {"present_person", order.present_person},
      {"waiver_signed", order.waiver_signed},
      {"cancelled_at", OptionalInstantJson(order.cancelled_at)},
      {"cancel_reason", order.cancel_reason}};
}

namespace {

Result<ServiceOrderId> OrderFromPath(const ApiRequest& request) {
  return ParseId<ServiceOrderId>(request.PathParameter(1), kServiceOrderPrefix, "service_order_id");
}

template <typename IdType>
Result<std::optional<IdType>> OptionalIdField(const std::string& text, const char* prefix,
                                              const std::string& field) {
  if (text.empty()) return std::optional<IdType>();
  CISTERN_ASSIGN_OR_RETURN(IdType id, ParseId<IdType>(text, prefix, field));
  return std::optional<IdType>(id);
}

Result<ApiReply> ListHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  ServiceOrderFilter filter;
  const std::string status = request.Query("status").value_or("all");
  if (status == "live") {
    filter.live_only = true;
  } else if (status != "all") {
    filter.status = ParseServiceOrderStatus(status);
    if (!filter.status) {
      return Error::InvalidArgument(
          "status", "STATUS_UNKNOWN",
          "status is open, dispatched, completed, cancelled, live or all.");
    }
  }
  if (auto type = request.Query("type"); type && !type->empty()) {
    filter.type = ParseServiceOrderType(*type);
    if (!filter.type) {
      return Error::InvalidArgument(
          "type", "TYPE_UNKNOWN",
          "type is turn_on, final_read, reread, meter_exchange or investigate.");
    }
  }
  if (auto route = request.Query("route"); route && !route->empty()) filter.route = *route;
  CISTERN_ASSIGN_OR_RETURN(filter.requested_on, QueryDate(request, "date"));
  CISTERN_ASSIGN_OR_RETURN(filter.account_id,
                           OptionalIdField<AccountId>(request.Query("account_id").value_or(""),
                                                      kAccountPrefix, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(auto listed,
                           ListServiceOrders(request.app, request.caller(), filter, page));
  return Ok(ListJson(listed, ServiceOrderJson));
}

Result<ApiReply> CreateHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string type = reader.RequiredString("type");
  const std::string account = reader.OptionalString("account_id");
  const std::string premise = reader.OptionalString("premise_id");
  const std::string meter = reader.OptionalString("meter_id");
  const std::string exception = reader.OptionalString("reading_exception_id");
  ServiceOrderRequest order;
  order.requested_on = ReadDateField(reader, "requested_on");
  const std::string window = reader.OptionalString("window");
  order.remarks = reader.OptionalString("remarks");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  auto parsed_type = ParseServiceOrderType(type);
  if (!parsed_type) {
    return Error::InvalidArgument(
        "type", "TYPE_UNKNOWN",
        "type is turn_on, final_read, reread, meter_exchange or investigate.");
  }
  order.type = *parsed_type;
  if (!window.empty()) {
    auto parsed_window = ParseServiceWindow(window);
    if (!parsed_window) {
      return Error::InvalidArgument("window", "WINDOW_UNKNOWN",
                                    "window is morning (8-10 AM), afternoon (1-3 PM) or any.");
    }
    order.window = *parsed_window;
  }
  CISTERN_ASSIGN_OR_RETURN(order.account,
                           OptionalIdField<AccountId>(account, kAccountPrefix, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(order.premise,
                           OptionalIdField<PremiseId>(premise, kPremisePrefix, "premise_id"));
  CISTERN_ASSIGN_OR_RETURN(order.meter, OptionalIdField<MeterId>(meter, kMeterPrefix, "meter_id"));
  CISTERN_ASSIGN_OR_RETURN(order.reading_exception,
                           OptionalIdField<ReadingExceptionId>(exception, kReadingExceptionPrefix,
                                                               "reading_exception_id"));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder created,
                           CreateServiceOrder(request.app, request.caller(), order));
  return Created(ServiceOrderJson(created));
}

Result<ApiReply> GetHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(ServiceOrderId id, OrderFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order, GetServiceOrder(request.app, request.caller(), id));
  return Ok(ServiceOrderJson(order));
}

Result<ApiReply> DispatchHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(ServiceOrderId id, OrderFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  ServiceOrderDispatch dispatch;
  dispatch.assigned_to = reader.RequiredString("assigned_to");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order,
                           DispatchServiceOrder(request.app, request.caller(), id, dispatch));
  return Ok(ServiceOrderJson(order));
}

Result<ApiReply> CompleteHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(ServiceOrderId id, OrderFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  ServiceOrderCompletion completion;
  completion.reading = reader.OptionalInteger("reading");
  completion.completed_on = ReadDateField(reader, "completed_on");
  completion.worked_by = reader.OptionalString("worked_by");
  completion.remarks = reader.OptionalString("remarks");
  completion.present_person = reader.OptionalString("present_person");
  completion.waiver_signed = reader.OptionalBool("waiver_signed", false);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  // A turn-on or final-read order drives its account: activates the start, posts the final bill.
  CISTERN_ASSIGN_OR_RETURN(
      CompletedServiceOrder completed,
      CompleteServiceOrder(request.app, request.caller(), id, completion, AccountLifecycle()));
  json body_out = ServiceOrderJson(completed.order);
  body_out["reading_outcome"] =
      completed.reading ? ReadingOutcomeJson(*completed.reading) : json(nullptr);
  return Ok(std::move(body_out));
}

Result<ApiReply> CancelHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(ServiceOrderId id, OrderFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string reason = reader.RequiredString("reason");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order,
                           CancelServiceOrder(request.app, request.caller(), id, reason));
  return Ok(ServiceOrderJson(order));
}

// --- the daily list -----------------------------------------------------------------------------

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

// "Nov 1, 2026".
std::string LongDate(Date date) {
  return std::string(kMonths[static_cast<unsigned>(date.month()) - 1]) + " " +
         std::to_string(static_cast<unsigned>(date.day())) + ", " +
         std::to_string(static_cast<int>(date.year()));
}

std::string WeekdayDate(Date date) {
  const std::chrono::weekday weekday{std::chrono::sys_days(date)};
  return std::string(kWeekdays[weekday.c_encoding()]) + ", " + LongDate(date);
}

Result<Date> DateFromPath(const ApiRequest& request) {
  return ParseDate(request.PathParameter(1), "date");
}

std::optional<std::string> RouteQuery(const ApiRequest& request) {
  auto route = request.Query("route");
  if (!route || route->empty()) return std::nullopt;
  return route;
}

Result<ApiReply> DailyHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(Date date, DateFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(
      DailyServiceOrders daily,
      DailyServiceOrderList(request.app, request.caller(), date, RouteQuery(request)));
  json routes = json::array();
  for (const DailyRoute& route : daily.routes) {
    json orders = json::array();
    for (const DailyServiceOrder& entry : route.orders) {
      json order = ServiceOrderJson(entry.order);
      order["last_reading"] = entry.last_reading ? ReadingJson(*entry.last_reading) : json(nullptr);
      orders.push_back(std::move(order));
    }
    routes.push_back(
        {{"route", route.route}, {"route_name", route.route_name}, {"orders", std::move(orders)}});
  }
  return Ok({{"date", FormatDate(daily.date)}, {"routes", std::move(routes)}});
}

Result<ApiReply> DailyPdfHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(Date date, DateFromPath(request));
  const auto route = RouteQuery(request);
  CISTERN_ASSIGN_OR_RETURN(DailyServiceOrders daily,
                           DailyServiceOrderList(request.app, request.caller(), date, route));
  ServiceOrderListDocument document;
  document.city_name = request.app.city.name;
  document.office_line = request.app.city.office_line;
  document.date = WeekdayDate(date);
  document.printed_note = route ? "Route " + *route : "All routes";
  for (const DailyRoute& daily_route : daily.routes) {
    ServiceOrderRouteSheet sheet;
    sheet.route =
        daily_route.route + (daily_route.route_name.empty() ? "" : " - " + daily_route.route_name);
    for (const DailyServiceOrder& entry : daily_route.orders) {
      const ServiceOrder& order = entry.order;
      ServiceOrderSheet printed;
      printed.number = "SO-" + std::to_string(order.id.value());
      printed.type = ServiceOrderTypeName(order.type);
      printed.window = ServiceWindowLabel(order.window);
      printed.status = order.status == ServiceOrderStatus::kDispatched
                           ? "Dispatched to " + order.assigned_to
                           : "Open";
      printed.route_sequence = order.route_sequence > 0 ? std::to_string(order.route_sequence) : "";
      printed.service_address = order.service_address;
      printed.account_number = order.account_number;
      printed.customer_name = order.customer_name;
      printed.meter_serial = order.meter_serial;
      printed.meter_size = order.meter_size;
      if (order.meter_id) {
        printed.last_reading = entry.last_reading
                                   ? FormatGroupedInteger(entry.last_reading->value) + " on " +
                                         LongDate(entry.last_reading->read_on)
                                   : "None";
      }
      printed.remarks = order.remarks;
      printed.needs_waiver = NeedsWaiver(order.type);
      sheet.orders.push_back(std::move(printed));
    }
    document.routes.push_back(std::move(sheet));
  }
  CISTERN_ASSIGN_OR_RETURN(std::string pdf, RenderServiceOrderListPdf(document));
  return File(std::move(pdf), "application/pdf",
              "service-orders-" + FormatDate(date) + (route ? "-" + *route : "") + ".pdf");
}

}  // namespace

void RegisterServiceOrderRoutes(Router& router) {
  router.Add("GET", "/api/v1/service-orders", Access::kSignedIn, ListHandler);
  router.Add("POST", "/api/v1/service-orders", Access::kSignedIn, CreateHandler);
  router.Add("GET", "/api/v1/service-orders/([^/]+)", Access::kSignedIn, GetHandler);
  router.Add("POST", "/api/v1/service-orders/([^/]+)/dispatch", Access::kSignedIn, DispatchHandler);
  router.Add("POST", "/api/v1/service-orders/([^/]+)/complete", Access::kSignedIn, CompleteHandler);
  router.Add("POST", "/api/v1/service-orders/([^/]+)/cancel", Access::kSignedIn, CancelHandler);
  router.Add("GET", "/api/v1/service-order-lists/([^/]+)", Access::kSignedIn, DailyHandler);
  router.Add("GET", "/api/v1/service-order-lists/([^/]+)/pdf", Access::kSignedIn, DailyPdfHandler);
}

}  // namespace cistern::http
