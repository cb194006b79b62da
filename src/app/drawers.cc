#include "app/audit.h"
#include "app/ledger_common.h"

namespace cistern {
namespace {

constexpr std::int64_t kFloatCentsMax = 1'000'000;  // $10,000.00 in a drawer at the start

}  // namespace

Result<DrawerView> LoadDrawerView(Transaction& transaction, Drawer drawer) {
  DrawerView view;
  CISTERN_ASSIGN_OR_RETURN(view.totals, transaction.payments().DrawerTotals(drawer.id));
  view.expected_cash = drawer.opening_float + view.totals.cash;
  view.drawer = std::move(drawer);
  return view;
}

Result<DrawerView> OpenDrawer(const AppContext& context, const Caller& caller,
                              Money opening_float) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  if (opening_float.is_negative() || opening_float.cents() > kFloatCentsMax) {
    return Error::InvalidArgument("opening_float_cents", "FLOAT_INVALID",
                                  "The opening float is from $0.00 to $10,000.00.");
  }
  const Date today = context.Today();
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(bool day_closed, transaction->drawers().DayClosed(today));
  if (day_closed) {
    return Error::FailedPrecondition("DAY_CLOSED",
                                     "Today's cash has been closed by a supervisor; no drawer "
                                     "can open until tomorrow.");
  }
  Drawer drawer;
  drawer.user_id = caller.user_id;
  drawer.business_date = today;
  drawer.opened_at = context.clock.Now();
  drawer.opening_float = opening_float;
  CISTERN_ASSIGN_OR_RETURN(drawer.id, transaction->drawers().Open(drawer));
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"drawer.open",
       "drawer",
       drawer.id.value(),
       std::nullopt,
       {},
       {{"business_date", FormatDate(today)}, {"opening_float", opening_float.Format()}}}));
  CISTERN_ASSIGN_OR_RETURN(Drawer stored, transaction->drawers().Get(drawer.id));
  CISTERN_ASSIGN_OR_RETURN(DrawerView view, LoadDrawerView(*transaction, std::move(stored)));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<DrawerView> CurrentDrawer(const AppContext& context, const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(std::optional<Drawer> drawer,
                           transaction->drawers().OpenDrawerOf(caller.user_id));
  if (!drawer) {
    return Error::NotFound("DRAWER_NOT_OPEN", "You have no open drawer.");
  }
  return LoadDrawerView(*transaction, std::move(*drawer));
}

Result<DrawerView> CloseDrawer(const AppContext& context, const Caller& caller, DrawerId id,
                               Money counted_cash, Money counted_checks) {
  if (counted_cash.is_negative()) {
    return Error::InvalidArgument("counted_cash_cents", "AMOUNT_NEGATIVE",
                                  "Counted cash cannot be negative.");
  }
  if (counted_checks.is_negative()) {
    return Error::InvalidArgument("counted_checks_cents", "AMOUNT_NEGATIVE",
                                  "Counted checks cannot be negative.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Drawer drawer, transaction->drawers().Get(id));
  const bool own = drawer.user_id == caller.user_id;
  if (!(own && RoleHas(caller.role, Permission::kPostPayments)) &&
      !RoleHas(caller.role, Permission::kDecideApprovals)) {
    return Error::PermissionDenied("NOT_YOUR_DRAWER",
                                   "Only the drawer's owner or a supervisor closes a drawer.");
  }
  if (drawer.status == DrawerStatus::kClosed) {
    return Error::Conflict("DRAWER_ALREADY_CLOSED", "This drawer is already closed.");
  }
  CISTERN_ASSIGN_OR_RETURN(TenderTotals totals, transaction->payments().DrawerTotals(id));
  // Checks and money orders go to the bank together, so they are counted together.
  const Money expected_cash = drawer.opening_float + totals.cash;
  const Money expected_checks = totals.check + totals.money_order;
  drawer.status = DrawerStatus::kClosed;
  drawer.closed_at = context.clock.Now();
  drawer.closed_by = caller.user_id;
  drawer.counted_cash = counted_cash;
  drawer.counted_checks = counted_checks;
  drawer.expected_cash = expected_cash;
  drawer.expected_checks = expected_checks;
  drawer.over_short = (counted_cash + counted_checks) - (expected_cash + expected_checks);
  CISTERN_RETURN_IF_ERROR(transaction->drawers().Close(drawer));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"drawer.close",
                                       "drawer",
                                       drawer.id.value(),
                                       std::nullopt,
                                       {{"status", "open"}},
                                       {{"status", "closed"},
                                        {"counted_cash", counted_cash.Format()},
                                        {"counted_checks", counted_checks.Format()},
                                        {"expected_cash", expected_cash.Format()},
                                        {"expected_checks", expected_checks.Format()},
                                        {"over_short", drawer.over_short->Format()}}}));
  CISTERN_ASSIGN_OR_RETURN(Drawer stored, transaction->drawers().Get(id));
  CISTERN_ASSIGN_OR_RETURN(DrawerView view, LoadDrawerView(*transaction, std::move(stored)));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<std::vector<DrawerView>> DrawersForDate(const AppContext& context, const Caller& caller,
                                               Date business_date) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(std::vector<Drawer> drawers,
                           transaction->drawers().ForDate(business_date));
  std::vector<DrawerView> views;
  for (Drawer& drawer : drawers) {
    CISTERN_ASSIGN_OR_RETURN(DrawerView view, LoadDrawerView(*transaction, std::move(drawer)));
    views.push_back(std::move(view));
  }
  return views;
}

Result<ClosedDay> CloseDay(const AppContext& context, const Caller& caller, Date business_date) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kDecideApprovals));
  if (business_date > context.Today()) {
    return Error::InvalidArgument("date", "DATE_IN_FUTURE", "A day closes on or after it ends.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(std::vector<Drawer> drawers,
                           transaction->drawers().ForDate(business_date));
  ClosedDay day;
  day.business_date = business_date;
  for (const Drawer& drawer : drawers) {
    if (drawer.status == DrawerStatus::kOpen) {
      return Error::FailedPrecondition("DRAWERS_OPEN", drawer.user_name +
                                                           "'s drawer is still open; every drawer "
                                                           "of the day must be closed first.");
    }
    CISTERN_ASSIGN_OR_RETURN(TenderTotals totals, transaction->payments().DrawerTotals(drawer.id));
    day.totals.Add(totals);
  }
  day.closed_at = context.clock.Now();
  day.closed_by_name = caller.display_name;
  CISTERN_RETURN_IF_ERROR(
      transaction->drawers().CloseDay(business_date, caller.user_id, day.closed_at));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"cash_day.close",
                                       "cash_day",
                                       0,
                                       std::nullopt,
                                       {},
                                       {{"business_date", FormatDate(business_date)},
                                        {"drawers", std::to_string(drawers.size())}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return day;
}

}  // namespace cistern
