// Service orders: the queue, dispatch, completion and cancellation, and the daily list by route.
#include "store/sqlite/service_order_repository.h"

#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

// The order with where it is: the premise's route and address, the account and its customer, the
// meter and its route sequence (from its install at the order's premise, the newest one).
constexpr const char* kOrderSelect =
    "SELECT o.id, o.type, o.status, o.premise_id, o.account_id, o.meter_id,"
    " o.reading_exception_id, o.requested_on, o.time_window, o.remarks, o.created_at,"
    " o.created_by, o.dispatched_at, o.dispatched_by, o.assigned_to, o.completed_at,"
    " o.completed_by, o.completed_on, o.worked_by, o.reading_value, o.reading_id,"
    " o.held_exception_id, o.completion_remarks, o.present_person, o.waiver_signed,"
    " o.cancelled_at, o.cancelled_by, o.cancel_reason,"
    " p.route, p.line1, a.number,"
    " CASE WHEN c.kind = 'business' THEN c.business_name"
    "      ELSE trim(c.first_name || ' ' || c.last_name) END,"
    " m.serial, m.size,"
    " (SELECT i.route_sequence FROM meter_installs i"
    "   WHERE i.meter_id = o.meter_id AND i.premise_id = o.premise_id"
    "   ORDER BY i.id DESC LIMIT 1),"
    " cu.display_name, du.display_name"
    " FROM service_orders o"
    " JOIN premises p ON p.id = o.premise_id"
    " LEFT JOIN accounts a ON a.id = o.account_id"
    " LEFT JOIN customers c ON c.id = a.customer_id"
    " LEFT JOIN meters m ON m.id = o.meter_id"
    " LEFT JOIN users cu ON cu.id = o.created_by"
    " LEFT JOIN users du ON du.id = o.completed_by ";

Result<ServiceOrder> ReadOrder(const Statement& select) {
  ServiceOrder order;
  order.id = ServiceOrderId(select.Int(0));
  auto type = ParseServiceOrderType(select.Text(1));
  auto status = ParseServiceOrderStatus(select.Text(2));
  auto window = ParseServiceWindow(select.Text(8));
  if (!type || !status || !window) {
    return Error::Internal("STORED_VALUE_INVALID", "Unknown stored service order type or status.");
  }
  order.type = *type;
  order.status = *status;
  order.window = *window;
  order.premise_id = PremiseId(select.Int(3));
  if (!select.IsNull(4)) order.account_id = AccountId(select.Int(4));
  if (!select.IsNull(5)) order.meter_id = MeterId(select.Int(5));
  if (!select.IsNull(6)) order.reading_exception_id = ReadingExceptionId(select.Int(6));
  CISTERN_ASSIGN_OR_RETURN(order.requested_on, ReadDate(select, 7));
  order.remarks = select.Text(9);
  CISTERN_ASSIGN_OR_RETURN(order.created_at, ReadInstant(select, 10));
  order.created_by = UserId(select.IsNull(11) ? 0 : select.Int(11));
  CISTERN_ASSIGN_OR_RETURN(order.dispatched_at, ReadOptionalInstant(select, 12));
  order.dispatched_by = UserId(select.IsNull(13) ? 0 : select.Int(13));
  order.assigned_to = select.Text(14);
  CISTERN_ASSIGN_OR_RETURN(order.completed_at, ReadOptionalInstant(select, 15));
  order.completed_by = UserId(select.IsNull(16) ? 0 : select.Int(16));
  if (!select.IsNull(17)) {
    CISTERN_ASSIGN_OR_RETURN(Date completed_on, ReadDate(select, 17));
    order.completed_on = completed_on;
  }
  order.worked_by = select.Text(18);
  if (!select.IsNull(19)) order.reading_value = select.Int(19);
  if (!select.IsNull(20)) order.reading_id = ReadingId(select.Int(20));
  if (!select.IsNull(21)) order.held_exception_id = ReadingExceptionId(select.Int(21));
  order.completion_remarks = select.Text(22);
  order.present_person = select.Text(23);
  order.waiver_signed = select.Int(24) != 0;
  CISTERN_ASSIGN_OR_RETURN(order.cancelled_at, ReadOptionalInstant(select, 25));
  order.cancelled_by = UserId(select.IsNull(26) ? 0 : select.Int(26));
  order.cancel_reason = select.Text(27);
  order.route = select.Text(28);
  order.service_address = select.Text(29);
  order.account_number = select.Text(30);
  order.customer_name = select.Text(31);
  order.meter_serial = select.Text(32);
  order.meter_size = select.Text(33);
  order.route_sequence = select.IsNull(34) ? 0 : static_cast<int>(select.Int(34));
  order.created_by_name = select.Text(35);
  order.completed_by_name = select.Text(36);
  return order;
}

}  // namespace

Result<ServiceOrderId> SqliteServiceOrders::Insert(const ServiceOrder& order) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO service_orders (type, status, premise_id, account_id,"
                          " meter_id, reading_exception_id, requested_on, time_window, remarks,"
                          " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Status inserted =
      insert
          ->BindAll(std::string(ServiceOrderTypeCode(order.type)),
                    std::string(ServiceOrderStatusCode(order.status)), order.premise_id.value(),
                    OptionalId(order.account_id), OptionalId(order.meter_id),
                    OptionalId(order.reading_exception_id), FormatDate(order.requested_on),
                    std::string(ServiceWindowCode(order.window)), order.remarks,
                    FormatInstant(order.created_at), OptionalUser(order.created_by))
          .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("REREAD_ORDER_EXISTS",
                             "This readings exception already has an open re-read order.",
                             "reading_exception_id");
    }
    return inserted.error();
  }
  return ServiceOrderId(connection_.LastInsertRowId());
}

Result<ServiceOrder> SqliteServiceOrders::Get(ServiceOrderId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kOrderSelect) + "WHERE o.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("SERVICE_ORDER_NOT_FOUND",
                           "No service order has id " + std::to_string(id.value()) + ".");
  }
  return ReadOrder(*select);
}

Status SqliteServiceOrders::Update(const ServiceOrder& order, ServiceOrderStatus expected) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare(
          "UPDATE service_orders SET status = ?, dispatched_at = ?, dispatched_by = ?,"
          " assigned_to = ?, completed_at = ?, completed_by = ?, completed_on = ?, worked_by = ?,"
          " reading_value = ?, reading_id = ?, held_exception_id = ?, completion_remarks = ?,"
          " present_person = ?, waiver_signed = ?, cancelled_at = ?, cancelled_by = ?,"
          " cancel_reason = ? WHERE id = ? AND status = ?"));
  CISTERN_RETURN_IF_ERROR(
      update
          ->BindAll(std::string(ServiceOrderStatusCode(order.status)),
                    OptionalInstantText(order.dispatched_at), OptionalUser(order.dispatched_by),
                    order.assigned_to, OptionalInstantText(order.completed_at),
                    OptionalUser(order.completed_by), OptionalDateText(order.completed_on),
                    order.worked_by, order.reading_value, OptionalId(order.reading_id),
                    OptionalId(order.held_exception_id), order.completion_remarks,
                    order.present_person, order.waiver_signed,
                    OptionalInstantText(order.cancelled_at), OptionalUser(order.cancelled_by),
                    order.cancel_reason, order.id.value(),
                    std::string(ServiceOrderStatusCode(expected)))
          .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("ORDER_CHANGED", "The service order changed meanwhile; open it again.",
                           "status");
  }
  return OkStatus();
}

Result<Page<ServiceOrder>> SqliteServiceOrders::List(const ServiceOrderFilter& filter,
                                                     const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kOrderSelect) +
                          "WHERE (?1 = 0 OR o.id < ?1) AND (?2 IS NULL OR o.status = ?2)"
                          " AND (?3 = 0 OR o.status IN ('open', 'dispatched'))"
                          " AND (?4 IS NULL OR o.type = ?4)"
                          " AND (?5 IS NULL OR p.route = ?5)"
                          " AND (?6 IS NULL OR o.requested_on = ?6)"
                          " AND (?7 IS NULL OR o.account_id = ?7)"
                          " AND (?8 IS NULL OR o.premise_id = ?8)"
                          " ORDER BY o.id DESC LIMIT ?9"));
  std::optional<std::string> status;
  if (filter.status) status = ServiceOrderStatusCode(*filter.status);
  std::optional<std::string> type;
  if (filter.type) type = ServiceOrderTypeCode(*filter.type);
  select->BindAll(page.after, status, filter.live_only, type, filter.route,
                  OptionalDateText(filter.requested_on), OptionalId(filter.account_id),
                  OptionalId(filter.premise_id), page.page_size + 1);
  return ReadPage<ServiceOrder>(*select, page.page_size, ReadOrder);
}

Result<std::vector<ServiceOrder>> SqliteServiceOrders::DailyList(
    Date date, const std::optional<std::string>& route) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kOrderSelect) +
                          "WHERE o.requested_on = ?1 AND o.status IN ('open', 'dispatched')"
                          " AND (?2 IS NULL OR p.route = ?2)"
                          " ORDER BY p.route, 35, o.id"));
  select->BindAll(FormatDate(date), route);
  return ReadAll<ServiceOrder>(*select, ReadOrder);
}

}  // namespace cistern::sqlite
