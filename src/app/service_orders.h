// Use cases for service orders (docs/service_orders.md): create, dispatch, complete, cancel, the
// console's queue and the daily list by route. Each checks the caller's permission
// (meters.write to change, accounts.read to read), validates, writes in one transaction and
// records the audit entry in it.
//
// Start, stop and transfer service call these: the *In functions work on the caller's own
// Transaction (no commit), so a start-service flow can create its turn-on order in the same
// transaction as the service itself, and nothing is half done.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/metering.h"
#include "app/store/page.h"
#include "app/store/service_order_repository.h"
#include "domain/auth/roles.h"
#include "domain/service_orders/service_order.h"

namespace cistern {

struct ServiceOrderRequest {
  ServiceOrderType type = ServiceOrderType::kInvestigate;
  // Where: the account (its premise is used) or the premise; when both, they must agree.
  std::optional<AccountId> account;
  std::optional<PremiseId> premise;
  // The meter: default is the one meter set now at the premise. A re-read takes the meter of its
  // readings exception.
  std::optional<MeterId> meter;
  std::optional<Date> requested_on;
  ServiceWindow window = ServiceWindow::kAnyTime;
  std::string remarks;
  std::optional<ReadingExceptionId> reading_exception;  // re-read only
};

// Refuses (nothing written) per ValidateServiceOrderDraft, and: an unknown account
// ("account_id") or premise ("premise_id"), an account at another premise than the one given, a
// meter that is unknown or not set at the premise ("meter_id"), an unknown readings exception or
// one not waiting for a re-read ("reading_exception_id", EXCEPTION_NOT_AWAITING_REREAD), and a
// second live re-read order for one exception (REREAD_ORDER_EXISTS).
Result<ServiceOrder> CreateServiceOrder(const AppContext& context, const Caller& caller,
                                        const ServiceOrderRequest& request);
// The same on the caller's transaction: checks the permission, validates, inserts and audits,
// but does not commit.
Result<ServiceOrder> CreateServiceOrderIn(const AppContext& context, Transaction& transaction,
                                          const Caller& caller, const ServiceOrderRequest& request);

struct ServiceOrderDispatch {
  std::string assigned_to;  // the crew or worker; required
};
// Open or dispatched (re-assigned) orders only.
Result<ServiceOrder> DispatchServiceOrder(const AppContext& context, const Caller& caller,
                                          ServiceOrderId id, const ServiceOrderDispatch& dispatch);

// The hook for the account lifecycle. Completing a turn-on or final-read order records the
// reading on the meter (kind actual, checked like any reading) and completes the order; then, in
// the same transaction, it calls the lifecycle. Start service implements OnTurnOnCompleted
// (billing starts from `reading`); stop service implements OnFinalReadCompleted (the final bill
// from `reading`). An error from the hook rolls the whole completion back. AccountLifecycle()
// (app/service_lifecycle.h) is the real one; the default (NoServiceOrderLifecycle) does nothing.
class ServiceOrderLifecycle {
 public:
  virtual ~ServiceOrderLifecycle() = default;
  virtual Status OnTurnOnCompleted(const AppContext& context, Transaction& transaction,
                                   const Caller& caller, const ServiceOrder& order,
                                   const ReadingOutcome& reading) const = 0;
  virtual Status OnFinalReadCompleted(const AppContext& context, Transaction& transaction,
                                      const Caller& caller, const ServiceOrder& order,
                                      const ReadingOutcome& reading) const = 0;
};
const ServiceOrderLifecycle& NoServiceOrderLifecycle();

struct CompletedServiceOrder {
  ServiceOrder order;
  // The reading recorded on the meter, when one was. When it failed a check it is held, with
  // its exception (order.held_exception_id), and the order is still completed: the field work is
  // done, and the reading waits in the exceptions queue like any other. A held reading is not a
  // billing reading, so the lifecycle hook is not called for it; resolving the exception (accept
  // or edit) gives the reading billing will use.
  std::optional<ReadingOutcome> reading;
};

// Completes an open or dispatched order (ORDER_CANCELLED / ORDER_COMPLETED otherwise) per
// ValidateServiceOrderCompletion. With a reading, turn-on, final-read, re-read and investigate
// orders record it on the meter through the readings path (source "service_order:so_N"), so
// every reading check applies and a re-read answers the exception waiting for it; a
// meter-exchange order keeps the reading on the order only (the exchange form records it).
Result<CompletedServiceOrder> CompleteServiceOrder(
    const AppContext& context, const Caller& caller, ServiceOrderId id,
    const ServiceOrderCompletion& completion,
    const ServiceOrderLifecycle& lifecycle = NoServiceOrderLifecycle());
Result<CompletedServiceOrder> CompleteServiceOrderIn(
    const AppContext& context, Transaction& transaction, const Caller& caller, ServiceOrderId id,
    const ServiceOrderCompletion& completion,
    const ServiceOrderLifecycle& lifecycle = NoServiceOrderLifecycle());

// Cancels an open or dispatched order; the reason is required ("reason").
Result<ServiceOrder> CancelServiceOrder(const AppContext& context, const Caller& caller,
                                        ServiceOrderId id, const std::string& reason);
Result<ServiceOrder> CancelServiceOrderIn(const AppContext& context, Transaction& transaction,
                                          const Caller& caller, ServiceOrderId id,
                                          const std::string& reason);

Result<ServiceOrder> GetServiceOrder(const AppContext& context, const Caller& caller,
                                     ServiceOrderId id);

// The console's queue: newest first, filtered by status, type, route, requested date, account.
Result<Page<ServiceOrder>> ListServiceOrders(const AppContext& context, const Caller& caller,
                                             const ServiceOrderFilter& filter,
                                             const PageRequest& page);

// The printable daily list: the open and dispatched orders requested on a date, by route in
// route sequence order, each with its meter's last reading.
struct DailyServiceOrder {
  ServiceOrder order;
  std::optional<Reading> last_reading;  // the meter's newest ready reading
};
struct DailyRoute {
  std::string route;  // "R01"
  std::string route_name;
  std::vector<DailyServiceOrder> orders;
};
struct DailyServiceOrders {
  Date date{};
  std::vector<DailyRoute> routes;  // in route code order; only routes with orders
};
Result<DailyServiceOrders> DailyServiceOrderList(const AppContext& context, const Caller& caller,
                                                 Date date,
                                                 const std::optional<std::string>& route);

}  // namespace cistern
