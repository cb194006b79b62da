// Service orders: turn on, turn off with final read, re-read, meter exchange, investigate (issue
// 5). See repositories.h for the error conventions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/store/page.h"
#include "core/date.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/service_orders/service_order.h"

namespace cistern {

// A service order as the store keeps it.
struct ServiceOrder {
  ServiceOrderId id;
  ServiceOrderType type = ServiceOrderType::kInvestigate;
  ServiceOrderStatus status = ServiceOrderStatus::kOpen;
  PremiseId premise_id;
  std::optional<AccountId> account_id;  // the account responsible when the order was taken
  std::optional<MeterId> meter_id;
  std::optional<ReadingExceptionId> reading_exception_id;  // a re-read: the exception it answers
  Date requested_on{};
  ServiceWindow window = ServiceWindow::kAnyTime;
  std::string remarks;
  Instant created_at{};
  UserId created_by;
  // Dispatch.
  std::optional<Instant> dispatched_at;
  UserId dispatched_by;
  std::string assigned_to;  // the crew or worker it went to
  // Completion: who completed it (the user who entered it and the field worker), the reading.
  std::optional<Instant> completed_at;
  UserId completed_by;
  std::optional<Date> completed_on;
  std::string worked_by;
  std::optional<std::int64_t> reading_value;
  std::optional<ReadingId> reading_id;  // the reading recorded on the meter
  // Set when the reading failed a check and waits in the readings exceptions queue.
  std::optional<ReadingExceptionId> held_exception_id;
  std::string completion_remarks;
  std::string present_person;  // turn on: who signed the waiver
  bool waiver_signed = false;
  // Cancellation.
  std::optional<Instant> cancelled_at;
  UserId cancelled_by;
  std::string cancel_reason;

  // Filled when read: where it is and what is there, for the queue and the daily list.
  std::string route;
  int route_sequence = 0;  // of the order's meter; 0 without one
  std::string service_address;
  std::string account_number;
  std::string customer_name;
  std::string meter_serial;
  std::string meter_size;
  std::string created_by_name;
  std::string completed_by_name;
};

struct ServiceOrderFilter {
  std::optional<ServiceOrderStatus> status;  // none: every status
  bool live_only = false;                    // open and dispatched only
  std::optional<ServiceOrderType> type;
  std::optional<std::string> route;
  std::optional<Date> requested_on;
  std::optional<AccountId> account_id;
  std::optional<PremiseId> premise_id;
};

class ServiceOrderRepository {
 public:
  virtual ~ServiceOrderRepository() = default;

  // Inserts a new order (its status, created_at and created_by as given) and returns its id.
  // CONFLICT (REREAD_ORDER_EXISTS) when the readings exception already has a live re-read order.
  virtual Result<ServiceOrderId> Insert(const ServiceOrder& order) = 0;
  // With the fields filled when read. NOT_FOUND (SERVICE_ORDER_NOT_FOUND).
  virtual Result<ServiceOrder> Get(ServiceOrderId id) = 0;
  // Saves the dispatch, completion and cancellation fields and the status of `order`, when the
  // stored status is still `expected`; CONFLICT (ORDER_CHANGED) otherwise, so two people cannot
  // both complete one order.
  virtual Status Update(const ServiceOrder& order, ServiceOrderStatus expected) = 0;
  // Newest first; PageRequest::after is the last order id of the previous page.
  virtual Result<Page<ServiceOrder>> List(const ServiceOrderFilter& filter,
                                          const PageRequest& page) = 0;
  // Open and dispatched orders requested on `date` (on `route` when given), in route order, then
  // the meter's route sequence, then id: the field's walking order.
  virtual Result<std::vector<ServiceOrder>> DailyList(Date date,
                                                      const std::optional<std::string>& route) = 0;
};

}  // namespace cistern
