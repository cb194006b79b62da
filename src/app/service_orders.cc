#include "app/service_orders.h"

#include <algorithm>
#include <map>

#include "app/audit.h"
#include "core/text.h"

namespace cistern {
namespace {

constexpr std::size_t kReasonLengthMax = 500;

std::string OrderIdText(ServiceOrderId id) { return "so_" + std::to_string(id.value()); }

class NoLifecycle final : public ServiceOrderLifecycle {
 public:
  Status OnTurnOnCompleted(const AppContext&, Transaction&, const Caller&, const ServiceOrder&,
                           const ReadingOutcome&) const override {
    return OkStatus();
  }
  Status OnFinalReadCompleted(const AppContext&, Transaction&, const Caller&, const ServiceOrder&,
                              const ReadingOutcome&) const override {
    return OkStatus();
  }
};

FieldValues OrderFields(const ServiceOrder& order) {
  FieldValues fields = {{"type", ServiceOrderTypeCode(order.type)},
                        {"status", ServiceOrderStatusCode(order.status)},
                        {"premise_id", std::to_string(order.premise_id.value())},
                        {"requested_on", FormatDate(order.requested_on)},
                        {"window", ServiceWindowCode(order.window)}};
  if (order.meter_id) fields.push_back({"meter_id", std::to_string(order.meter_id->value())});
  if (order.reading_exception_id) {
    fields.push_back({"reading_exception_id", std::to_string(order.reading_exception_id->value())});
  }
  if (!order.remarks.empty()) fields.push_back({"remarks", order.remarks});
  return fields;
}

// Where the order goes: its premise, the account responsible there, and the exception it answers.
struct Placement {
  PremiseId premise;
  std::optional<AccountId> account;
  std::optional<MeterId> meter;
};

Result<Placement> Place(Transaction& transaction, const ServiceOrderRequest& request) {
  Placement placement;
  placement.meter = request.meter;
  if (request.reading_exception) {
    auto exception = transaction.metering().GetException(*request.reading_exception);
    if (!exception.ok()) {
      if (exception.error().code != ErrorCode::kNotFound) return exception.error();
      return Error::InvalidArgument("reading_exception_id", "EXCEPTION_UNKNOWN",
                                    "No such readings exception.");
    }
    if (exception->status != ExceptionStatus::kRereadRequested) {
      return Error::FailedPrecondition(
          "EXCEPTION_NOT_AWAITING_REREAD",
          std::string("This readings exception is not waiting for a re-read (it is ") +
              ExceptionStatusCode(exception->status) + ").",
          "reading_exception_id");
    }
    if (!exception->meter_id) {
      return Error::FailedPrecondition("EXCEPTION_HAS_NO_METER",
                                       "This readings exception names no known meter.",
                                       "reading_exception_id");
    }
    if (request.meter && *request.meter != *exception->meter_id) {
      return Error::InvalidArgument("meter_id", "METER_MISMATCH",
                                    "A re-read is for the meter of its readings exception.");
    }
    placement.meter = exception->meter_id;
    CISTERN_ASSIGN_OR_RETURN(auto install,
                             transaction.metering().CurrentInstall(*exception->meter_id));
    if (!install) {
      return Error::FailedPrecondition("METER_NOT_SET",
                                       "The exception's meter is not set at any premise.",
                                       "reading_exception_id");
    }
    if (request.premise && *request.premise != install->premise_id) {
      return Error::InvalidArgument("premise_id", "PREMISE_MISMATCH",
                                    "The exception's meter is set at another premise.");
    }
    placement.premise = install->premise_id;
  } else if (request.account) {
    auto account = transaction.accounts().Get(*request.account);
    if (!account.ok()) {
      if (account.error().code != ErrorCode::kNotFound) return account.error();
      return Error::InvalidArgument("account_id", "ACCOUNT_UNKNOWN", "No such account.");
    }
    if (request.premise && *request.premise != account->premise_id) {
      return Error::InvalidArgument("premise_id", "PREMISE_MISMATCH",
                                    "The account is at another premise.");
    }
    placement.premise = account->premise_id;
    placement.account = account->id;
  } else if (request.premise) {
    auto premise = transaction.premises().Get(*request.premise);
    if (!premise.ok()) {
      if (premise.error().code != ErrorCode::kNotFound) return premise.error();
      return Error::InvalidArgument("premise_id", "PREMISE_UNKNOWN", "No such premise.");
    }
    placement.premise = premise->id;
  } else {
    return Error::InvalidArgument("premise_id", "FIELD_REQUIRED",
                                  "Say where: give the account or the premise.");
  }
  if (!placement.account) {
    CISTERN_ASSIGN_OR_RETURN(auto current,
                             transaction.metering().CurrentAccountAt(placement.premise));
    if (current) placement.account = current->id;
  }
  if (placement.meter) {
    auto meter = transaction.metering().GetMeter(*placement.meter);
    if (!meter.ok()) {
      if (meter.error().code != ErrorCode::kNotFound) return meter.error();
      return Error::InvalidArgument("meter_id", "METER_UNKNOWN", "No such meter.");
    }
    CISTERN_ASSIGN_OR_RETURN(auto install, transaction.metering().CurrentInstall(meter->id));
    if (!install || install->premise_id != placement.premise) {
      return Error::InvalidArgument("meter_id", "METER_NOT_HERE",
                                    "Meter " + meter->serial + " is not set at this premise.");
    }
  } else {
    // The one meter set at the premise now; with several, the CSR must say which.
    CISTERN_ASSIGN_OR_RETURN(auto at_premise,
                             transaction.metering().MetersAtPremise(placement.premise));
    std::vector<MeterId> current;
    for (const MeterAtPremise& at : at_premise) {
      if (!at.install.removed_on) current.push_back(at.meter.id);
    }
    if (current.size() == 1) placement.meter = current.front();
    if (current.size() > 1 && NeedsMeter(request.type)) {
      return Error::InvalidArgument("meter_id", "METER_AMBIGUOUS",
                                    "Several meters are set at this premise; say which.");
    }
  }
  return placement;
}

Status CheckReason(const std::string& reason) {
  if (reason.empty()) {
    return Error::InvalidArgument("reason", "REASON_REQUIRED", "Say why the order is cancelled.");
  }
  if (reason.size() > kReasonLengthMax) {
    return Error::InvalidArgument("reason", "FIELD_TOO_LONG",
                                  "A reason is at most 500 characters.");
  }
  return OkStatus();
}

}  // namespace

const ServiceOrderLifecycle& NoServiceOrderLifecycle() {
  static const NoLifecycle lifecycle;
  return lifecycle;
}

Result<ServiceOrder> CreateServiceOrderIn(const AppContext& context, Transaction& transaction,
                                          const Caller& caller,
                                          const ServiceOrderRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  ServiceOrderDraft draft;
  draft.type = request.type;
  draft.requested_on = request.requested_on;
  draft.window = request.window;
  draft.remarks = std::string(Trim(request.remarks));
  draft.has_premise = request.account || request.premise || request.reading_exception;
  draft.has_meter = true;  // checked again once the premise's meter is known
  draft.has_reading_exception = request.reading_exception.has_value();
  const Date today = context.Today();
  CISTERN_RETURN_IF_ERROR(ValidateServiceOrderDraft(draft, today));
  CISTERN_ASSIGN_OR_RETURN(Placement placement, Place(transaction, request));
  draft.has_meter = placement.meter.has_value();
  CISTERN_RETURN_IF_ERROR(ValidateServiceOrderDraft(draft, today));

  ServiceOrder order;
  order.type = request.type;
  order.status = ServiceOrderStatus::kOpen;
  order.premise_id = placement.premise;
  order.account_id = placement.account;
  order.meter_id = placement.meter;
  order.reading_exception_id = request.reading_exception;
  order.requested_on = *request.requested_on;
  order.window = request.window;
  order.remarks = draft.remarks;
  order.created_at = context.clock.Now();
  order.created_by = caller.user_id;
  CISTERN_ASSIGN_OR_RETURN(order.id, transaction.service_orders().Insert(order));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, transaction, caller,
                                      {"service_order.create",
                                       "service_order",
                                       order.id.value(),
                                       order.account_id,
                                       {},
                                       OrderFields(order)}));
  return transaction.service_orders().Get(order.id);
}

Result<ServiceOrder> CreateServiceOrder(const AppContext& context, const Caller& caller,
                                        const ServiceOrderRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order,
                           CreateServiceOrderIn(context, *transaction, caller, request));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return order;
}

Result<ServiceOrder> DispatchServiceOrder(const AppContext& context, const Caller& caller,
                                          ServiceOrderId id, const ServiceOrderDispatch& dispatch) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  const std::string assigned_to(Trim(dispatch.assigned_to));
  if (assigned_to.empty()) {
    return Error::InvalidArgument("assigned_to", "FIELD_REQUIRED",
                                  "Say which crew or worker the order goes to.");
  }
  if (assigned_to.size() > kServiceOrderNameLengthMax) {
    return Error::InvalidArgument("assigned_to", "FIELD_TOO_LONG",
                                  "assigned_to is at most 80 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order, transaction->service_orders().Get(id));
  const ServiceOrderStatus before = order.status;
  const std::string assigned_before = order.assigned_to;
  CISTERN_ASSIGN_OR_RETURN(order.status, CanTransition(before, ServiceOrderAction::kDispatch));
  order.dispatched_at = context.clock.Now();
  order.dispatched_by = caller.user_id;
  order.assigned_to = assigned_to;
  CISTERN_RETURN_IF_ERROR(transaction->service_orders().Update(order, before));
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"service_order.dispatch",
       "service_order",
       id.value(),
       order.account_id,
       {{"status", ServiceOrderStatusCode(before)}, {"assigned_to", assigned_before}},
       {{"status", ServiceOrderStatusCode(order.status)}, {"assigned_to", assigned_to}}}));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder saved, transaction->service_orders().Get(id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return saved;
}

Result<CompletedServiceOrder> CompleteServiceOrderIn(const AppContext& context,
                                                     Transaction& transaction, const Caller& caller,
                                                     ServiceOrderId id,
                                                     const ServiceOrderCompletion& completion,
                                                     const ServiceOrderLifecycle& lifecycle) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order, transaction.service_orders().Get(id));
  const ServiceOrderStatus before = order.status;
  CISTERN_ASSIGN_OR_RETURN(order.status, CanTransition(before, ServiceOrderAction::kComplete));
  const Date today = context.Today();
  CISTERN_RETURN_IF_ERROR(ValidateServiceOrderCompletion(
      order.type, completion, context.city_zone.LocalDate(order.created_at), today));
  const Date completed_on = completion.completed_on.value_or(today);
  if (order.type == ServiceOrderType::kFinalRead && completed_on < order.requested_on) {
    // The final read closes the account and posts its final bill through the stop date: taken
    // earlier, the bill would be dated before its period and the last days' water never billed.
    return Error::FailedPrecondition("FINAL_READ_BEFORE_STOP",
                                     "A final read is taken on or after the stop date, " +
                                         FormatDate(order.requested_on) + "; this one is dated " +
                                         FormatDate(completed_on) + ".",
                                     "completed_on");
  }

  CompletedServiceOrder completed;
  const bool records_reading = completion.reading && order.type != ServiceOrderType::kMeterExchange;
  if (records_reading) {
    if (!order.meter_id) {
      return Error::InvalidArgument("reading", "ORDER_HAS_NO_METER",
                                    "This order names no meter to record a reading on.");
    }
    CISTERN_ASSIGN_OR_RETURN(Meter meter, transaction.metering().GetMeter(*order.meter_id));
    ReadingEntry entry;
    entry.meter_serial = meter.serial;
    entry.read_on = completed_on;
    entry.value = *completion.reading;
    entry.reader = std::string(Trim(completion.worked_by));
    auto outcome = RecordReadingIn(context, transaction, caller, entry,
                                   "service_order:" + OrderIdText(order.id));
    if (!outcome.ok()) {
      // The reading's own fields, as this request names them.
      Error error = outcome.error();
      if (error.field == "value") error.field = "reading";
      if (error.field == "read_on") error.field = "completed_on";
      if (error.field == "meter_serial" || error.field == "reader") {
        error.field = error.field == "reader" ? "worked_by" : "meter_id";
      }
      return error;
    }
    order.reading_id = outcome->reading.id;
    if (outcome->exception) order.held_exception_id = outcome->exception->id;
    completed.reading = std::move(*outcome);
  }
  order.completed_at = context.clock.Now();
  order.completed_by = caller.user_id;
  order.completed_on = completed_on;
  order.worked_by = std::string(Trim(completion.worked_by));
  order.reading_value = completion.reading;
  order.completion_remarks = std::string(Trim(completion.remarks));
  order.present_person = std::string(Trim(completion.present_person));
  order.waiver_signed = completion.waiver_signed;
  CISTERN_RETURN_IF_ERROR(transaction.service_orders().Update(order, before));

  FieldValues after = {{"status", ServiceOrderStatusCode(order.status)},
                       {"completed_on", FormatDate(completed_on)}};
  if (!order.worked_by.empty()) after.push_back({"worked_by", order.worked_by});
  if (order.reading_value) after.push_back({"reading", std::to_string(*order.reading_value)});
  if (completed.reading) {
    after.push_back({"reading_id", std::to_string(completed.reading->reading.id.value())});
    after.push_back({"reading_status", ReadingStatusCode(completed.reading->reading.status)});
  }
  if (order.held_exception_id) {
    after.push_back({"held_exception_id", std::to_string(order.held_exception_id->value())});
  }
  if (NeedsWaiver(order.type)) {
    after.push_back({"present_person", order.present_person});
    after.push_back({"waiver_signed", order.waiver_signed ? "yes" : "no"});
  }
  if (!order.completion_remarks.empty()) after.push_back({"remarks", order.completion_remarks});
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, transaction, caller,
                                      {"service_order.complete",
                                       "service_order",
                                       id.value(),
                                       order.account_id,
                                       {{"status", ServiceOrderStatusCode(before)}},
                                       after}));
  CISTERN_ASSIGN_OR_RETURN(completed.order, transaction.service_orders().Get(id));
  // The account lifecycle takes over from a reading billing may use (not a held one).
  if (completed.reading && completed.reading->reading.status == ReadingStatus::kReady) {
    if (order.type == ServiceOrderType::kTurnOn) {
      CISTERN_RETURN_IF_ERROR(lifecycle.OnTurnOnCompleted(context, transaction, caller,
                                                          completed.order, *completed.reading));
    } else if (order.type == ServiceOrderType::kFinalRead) {
      CISTERN_RETURN_IF_ERROR(lifecycle.OnFinalReadCompleted(context, transaction, caller,
                                                             completed.order, *completed.reading));
    }
  }
  return completed;
}

Result<CompletedServiceOrder> CompleteServiceOrder(const AppContext& context, const Caller& caller,
                                                   ServiceOrderId id,
                                                   const ServiceOrderCompletion& completion,
                                                   const ServiceOrderLifecycle& lifecycle) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(
      CompletedServiceOrder completed,
      CompleteServiceOrderIn(context, *transaction, caller, id, completion, lifecycle));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return completed;
}

Result<ServiceOrder> CancelServiceOrderIn(const AppContext& context, Transaction& transaction,
                                          const Caller& caller, ServiceOrderId id,
                                          const std::string& reason_text) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  const std::string reason(Trim(reason_text));
  CISTERN_RETURN_IF_ERROR(CheckReason(reason));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order, transaction.service_orders().Get(id));
  const ServiceOrderStatus before = order.status;
  CISTERN_ASSIGN_OR_RETURN(order.status, CanTransition(before, ServiceOrderAction::kCancel));
  order.cancelled_at = context.clock.Now();
  order.cancelled_by = caller.user_id;
  order.cancel_reason = reason;
  CISTERN_RETURN_IF_ERROR(transaction.service_orders().Update(order, before));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, transaction, caller,
                  {"service_order.cancel",
                   "service_order",
                   id.value(),
                   order.account_id,
                   {{"status", ServiceOrderStatusCode(before)}},
                   {{"status", ServiceOrderStatusCode(order.status)}, {"reason", reason}}}));
  return transaction.service_orders().Get(id);
}

Result<ServiceOrder> CancelServiceOrder(const AppContext& context, const Caller& caller,
                                        ServiceOrderId id, const std::string& reason) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_RETURN_IF_ERROR(CheckReason(std::string(Trim(reason))));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order,
                           CancelServiceOrderIn(context, *transaction, caller, id, reason));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return order;
}

Result<ServiceOrder> GetServiceOrder(const AppContext& context, const Caller& caller,
                                     ServiceOrderId id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->service_orders().Get(id);
}

Result<Page<ServiceOrder>> ListServiceOrders(const AppContext& context, const Caller& caller,
                                             const ServiceOrderFilter& filter,
                                             const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->service_orders().List(filter, page);
}

Result<DailyServiceOrders> DailyServiceOrderList(const AppContext& context, const Caller& caller,
                                                 Date date,
                                                 const std::optional<std::string>& route) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto routes, transaction->reference().ListRoutes());
  std::map<std::string, std::string> route_names;
  for (const Route& known : routes) route_names[known.code] = known.name;
  if (route && !route_names.count(*route)) {
    return Error::InvalidArgument("route", "ROUTE_UNKNOWN", "No route has code " + *route + ".");
  }
  CISTERN_ASSIGN_OR_RETURN(auto orders, transaction->service_orders().DailyList(date, route));
  DailyServiceOrders daily;
  daily.date = date;
  for (ServiceOrder& order : orders) {
    if (daily.routes.empty() || daily.routes.back().route != order.route) {
      daily.routes.push_back({order.route, route_names[order.route], {}});
    }
    DailyServiceOrder entry;
    if (order.meter_id) {
      CISTERN_ASSIGN_OR_RETURN(entry.last_reading,
                               transaction->metering().LatestReadingBefore(
                                   *order.meter_id, AddDays(std::max(date, context.Today()), 1)));
    }
    entry.order = std::move(order);
    daily.routes.back().orders.push_back(std::move(entry));
  }
  return daily;
}

}  // namespace cistern
