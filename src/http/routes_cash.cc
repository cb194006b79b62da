// Cash drawers and the day's close.
#include "app/ledger.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"

namespace cistern::http {
namespace {

Result<ApiReply> OpenDrawerHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kPostPayments));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const auto opening_float = ReadCents(reader, "opening_float_cents", true);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(DrawerView view,
                           OpenDrawer(request.app, request.caller(), *opening_float));
  return Created(DrawerJson(view));
}

Result<ApiReply> CurrentDrawerHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(DrawerView view, CurrentDrawer(request.app, request.caller()));
  return Ok(DrawerJson(view));
}

Result<ApiReply> CloseDrawerHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(DrawerId id,
                           ParseId<DrawerId>(request.PathParameter(1), kDrawerPrefix, "drawer_id"));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const auto cash = ReadCents(reader, "counted_cash_cents", true);
  const auto checks = ReadCents(reader, "counted_checks_cents", true);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(DrawerView view,
                           CloseDrawer(request.app, request.caller(), id, *cash, *checks));
  return Ok(DrawerJson(view));
}

Result<ApiReply> DrawersForDateHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(std::optional<Date> date, QueryDate(request, "business_date"));
  CISTERN_ASSIGN_OR_RETURN(
      std::vector<DrawerView> drawers,
      DrawersForDate(request.app, request.caller(), date.value_or(request.app.Today())));
  json data = json::array();
  for (const DrawerView& view : drawers) data.push_back(DrawerJson(view));
  return Ok({{"data", std::move(data)}});
}

Result<ApiReply> CloseDayHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(Date date, ParseDate(request.PathParameter(1), "date"));
  CISTERN_ASSIGN_OR_RETURN(ClosedDay day, CloseDay(request.app, request.caller(), date));
  return Ok({{"business_date", FormatDate(day.business_date)},
             {"closed_by", UserRefJson(request.caller().user_id, day.closed_by_name)},
             {"closed_at", FormatInstant(day.closed_at)},
             {"totals", TenderTotalsJson(day.totals)}});
}

}  // namespace

void RegisterCashRoutes(Router& router) {
  router.Add("POST", "/api/v1/drawers", Access::kSignedIn, OpenDrawerHandler);
  router.Add("GET", "/api/v1/drawers", Access::kSignedIn, DrawersForDateHandler);
  router.Add("GET", "/api/v1/drawers/current", Access::kSignedIn, CurrentDrawerHandler);
  router.Add("POST", "/api/v1/drawers/([^/]+)/close", Access::kSignedIn, CloseDrawerHandler);
  router.Add("POST", "/api/v1/cash-days/([^/]+)/close", Access::kSignedIn, CloseDayHandler);
}

}  // namespace cistern::http
