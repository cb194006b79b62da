// Service orders end to end on a real store: create, dispatch, complete with a reading, cancel,
// the re-read that answers a readings exception, the daily list, and every refusal.
#include "app/service_orders.h"

#include <gtest/gtest.h>

#include "app/metering.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

Date D(const char* text) { return *ParseDate(text, "date"); }

class ServiceOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    MeterSetRequest set;
    set.meter.serial = "M-100";
    set.meter.make = "Badger";
    set.meter.size = "5/8";
    set.meter.dials = 6;
    set.route_sequence = 7;
    set.set_on = D("2026-10-01");
    set.initial_reading = 1000;
    auto placed = SetMeter(app_.context(), csr_, account_, set);
    ASSERT_TRUE(placed.ok()) << placed.error().message;
    meter_ = placed->meter.id;
    premise_ = placed->install.premise_id;
  }

  ServiceOrderRequest TurnOn() const {
    ServiceOrderRequest request;
    request.type = ServiceOrderType::kTurnOn;
    request.account = account_;
    request.requested_on = D("2026-11-30");
    request.window = ServiceWindow::kMorning;
    request.remarks = "Call on arrival";
    return request;
  }

  ServiceOrderCompletion Signed(std::int64_t reading) const {
    ServiceOrderCompletion completion;
    completion.reading = reading;
    completion.worked_by = "R12";
    completion.present_person = "Maria Lopez";
    completion.waiver_signed = true;
    return completion;
  }

  std::string Refusal(const Result<ServiceOrder>& result) {
    EXPECT_FALSE(result.ok());
    return result.ok() ? "" : result.error().field + ":" + result.error().reason;
  }

  test::TestApp app_;
  const Caller csr_ = CallerWithRole(Role::kCsr);
  AccountId account_;
  MeterId meter_;
  PremiseId premise_;
};

TEST_F(ServiceOrderTest, CreatesATurnOnWithTheMeterAndAccountOfThePremise) {
  auto order = CreateServiceOrder(app_.context(), csr_, TurnOn());
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(order->status, ServiceOrderStatus::kOpen);
  EXPECT_EQ(order->premise_id, premise_);
  EXPECT_EQ(order->account_id, account_);
  EXPECT_EQ(order->meter_id, meter_);
  EXPECT_EQ(order->meter_serial, "M-100");
  EXPECT_EQ(order->route, "R01");
  EXPECT_EQ(order->route_sequence, 7);
  EXPECT_EQ(order->customer_name, "Maria Lopez");
  EXPECT_EQ(order->remarks, "Call on arrival");
  EXPECT_EQ(app_.AllAuditEvents().front().action, "service_order.create");
  // By premise alone, too.
  ServiceOrderRequest by_premise = TurnOn();
  by_premise.account.reset();
  by_premise.premise = premise_;
  by_premise.type = ServiceOrderType::kInvestigate;
  by_premise.window = ServiceWindow::kAnyTime;
  auto investigate = CreateServiceOrder(app_.context(), csr_, by_premise);
  ASSERT_TRUE(investigate.ok()) << investigate.error().message;
  EXPECT_EQ(investigate->account_id, account_);
}

TEST_F(ServiceOrderTest, RefusesABadOrderAndWritesNothing) {
  const auto counts = app_.RowCounts();
  ServiceOrderRequest request = TurnOn();
  request.requested_on = D("2026-11-26");
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, request)),
            "requested_on:DATE_IN_PAST");
  request = TurnOn();
  request.window = ServiceWindow::kAnyTime;
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, request)), "window:WINDOW_REQUIRED");
  request = TurnOn();
  request.account = AccountId(999);
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, request)),
            "account_id:ACCOUNT_UNKNOWN");
  request = TurnOn();
  request.account.reset();
  request.premise = PremiseId(999);
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, request)),
            "premise_id:PREMISE_UNKNOWN");
  request = TurnOn();
  request.meter = MeterId(999);
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, request)), "meter_id:METER_UNKNOWN");
  request = TurnOn();
  request.account.reset();
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, request)),
            "premise_id:FIELD_REQUIRED");
  request = TurnOn();
  request.type = ServiceOrderType::kReread;
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, request)),
            "reading_exception_id:FIELD_REQUIRED");
  // A finance clerk may read orders but not write them.
  auto forbidden = CreateServiceOrder(app_.context(), CallerWithRole(Role::kFinance), TurnOn());
  ASSERT_FALSE(forbidden.ok());
  EXPECT_EQ(forbidden.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(app_.RowCounts(), counts);
}

TEST_F(ServiceOrderTest, DispatchesAndCompletesATurnOnWithItsReading) {
  auto order = CreateServiceOrder(app_.context(), csr_, TurnOn());
  ASSERT_TRUE(order.ok());
  auto dispatched =
      DispatchServiceOrder(app_.context(), CallerWithRole(Role::kField), order->id, {"Crew 2"});
  ASSERT_TRUE(dispatched.ok()) << dispatched.error().message;
  EXPECT_EQ(dispatched->status, ServiceOrderStatus::kDispatched);
  EXPECT_EQ(dispatched->assigned_to, "Crew 2");

  // Without the waiver, nothing is written.
  const auto counts = app_.RowCounts();
  ServiceOrderCompletion unsigned_waiver = Signed(1010);
  unsigned_waiver.waiver_signed = false;
  auto refused = CompleteServiceOrder(app_.context(), csr_, order->id, unsigned_waiver);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "waiver_signed");
  ServiceOrderCompletion no_reading = Signed(0);
  no_reading.reading.reset();
  EXPECT_EQ(CompleteServiceOrder(app_.context(), csr_, order->id, no_reading).error().reason,
            "READING_REQUIRED");
  EXPECT_EQ(app_.RowCounts(), counts);

  auto completed = CompleteServiceOrder(app_.context(), csr_, order->id, Signed(1010));
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(completed->order.status, ServiceOrderStatus::kCompleted);
  ASSERT_TRUE(completed->reading);
  EXPECT_EQ(completed->reading->reading.value, 1010);
  EXPECT_EQ(completed->reading->reading.kind, ReadingKind::kActual);
  EXPECT_EQ(completed->reading->reading.source,
            "service_order:so_" + std::to_string(order->id.value()));
  EXPECT_EQ(completed->order.reading_id, completed->reading->reading.id);
  EXPECT_EQ(completed->order.reading_value, 1010);
  EXPECT_EQ(completed->order.present_person, "Maria Lopez");
  EXPECT_TRUE(completed->order.waiver_signed);
  EXPECT_EQ(completed->order.worked_by, "R12");
  EXPECT_EQ(completed->order.completed_on, D("2026-11-27"));
  EXPECT_EQ(app_.AllAuditEvents().front().action, "service_order.complete");

  // A completed order is final.
  EXPECT_EQ(CompleteServiceOrder(app_.context(), csr_, order->id, Signed(1020)).error().reason,
            "ORDER_COMPLETED");
  EXPECT_EQ(CancelServiceOrder(app_.context(), csr_, order->id, "Changed mind").error().reason,
            "ORDER_COMPLETED");
}

// A final read closes the account and posts its final bill through the stop date, so it cannot
// be taken before that date: refused, naming the date, and the order stays open.
TEST_F(ServiceOrderTest, AFinalReadBeforeTheStopDateIsRefused) {
  ServiceOrderRequest request = TurnOn();
  request.type = ServiceOrderType::kFinalRead;
  request.window = ServiceWindow::kAnyTime;
  request.requested_on = D("2026-11-30");  // today is 2026-11-27
  auto order = CreateServiceOrder(app_.context(), csr_, request);
  ASSERT_TRUE(order.ok()) << order.error().message;
  ServiceOrderCompletion completion;
  completion.reading = 1100;
  auto refused = CompleteServiceOrder(app_.context(), csr_, order->id, completion);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "FINAL_READ_BEFORE_STOP");
  EXPECT_EQ(refused.error().field, "completed_on");
  EXPECT_NE(refused.error().message.find("2026-11-30"), std::string::npos);
  auto still = GetServiceOrder(app_.context(), csr_, order->id);
  ASSERT_TRUE(still.ok());
  EXPECT_NE(still->status, ServiceOrderStatus::kCompleted);
  EXPECT_FALSE(still->reading_id.has_value());
}

TEST_F(ServiceOrderTest, ALowerReadingIsHeldAndTheOrderReportsItsException) {
  ServiceOrderRequest request = TurnOn();
  request.type = ServiceOrderType::kFinalRead;
  request.window = ServiceWindow::kAnyTime;
  request.requested_on = D("2026-11-27");  // the stop date is today
  auto order = CreateServiceOrder(app_.context(), csr_, request);
  ASSERT_TRUE(order.ok()) << order.error().message;
  ServiceOrderCompletion completion;
  completion.reading = 900;  // below the install reading of 1000, and no rollover
  auto completed = CompleteServiceOrder(app_.context(), csr_, order->id, completion);
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(completed->order.status, ServiceOrderStatus::kCompleted);
  ASSERT_TRUE(completed->reading);
  EXPECT_EQ(completed->reading->reading.status, ReadingStatus::kHeld);
  ASSERT_TRUE(completed->reading->exception);
  EXPECT_EQ(completed->reading->exception->kind, ReadingExceptionKind::kLowerThanPrevious);
  EXPECT_EQ(completed->order.held_exception_id, completed->reading->exception->id);
}

TEST_F(ServiceOrderTest, TheLifecycleHookRunsInTheSameTransactionAndCanRollItBack) {
  struct Refusing final : ServiceOrderLifecycle {
    Status OnTurnOnCompleted(const AppContext&, Transaction&, const Caller&, const ServiceOrder&,
                             const ReadingOutcome& reading) const override {
      seen = reading.reading.value;
      return Error::FailedPrecondition("NOT_YET", "Start service refuses.");
    }
    Status OnFinalReadCompleted(const AppContext&, Transaction&, const Caller&, const ServiceOrder&,
                                const ReadingOutcome&) const override {
      return OkStatus();
    }
    mutable std::int64_t seen = 0;
  } refusing;
  auto order = CreateServiceOrder(app_.context(), csr_, TurnOn());
  ASSERT_TRUE(order.ok());
  const auto counts = app_.RowCounts();
  auto completed = CompleteServiceOrder(app_.context(), csr_, order->id, Signed(1010), refusing);
  ASSERT_FALSE(completed.ok());
  EXPECT_EQ(completed.error().reason, "NOT_YET");
  EXPECT_EQ(refusing.seen, 1010);
  EXPECT_EQ(app_.RowCounts(), counts);
  EXPECT_EQ(GetServiceOrder(app_.context(), csr_, order->id)->status, ServiceOrderStatus::kOpen);
}

TEST_F(ServiceOrderTest, CancelsWithAReasonAndACancelledOrderIsFinal) {
  auto order = CreateServiceOrder(app_.context(), csr_, TurnOn());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(Refusal(CancelServiceOrder(app_.context(), csr_, order->id, "  ")),
            "reason:REASON_REQUIRED");
  auto cancelled = CancelServiceOrder(app_.context(), csr_, order->id, "Customer moved");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, ServiceOrderStatus::kCancelled);
  EXPECT_EQ(cancelled->cancel_reason, "Customer moved");
  auto completed = CompleteServiceOrder(app_.context(), csr_, order->id, Signed(1010));
  ASSERT_FALSE(completed.ok());
  EXPECT_EQ(completed.error().reason, "ORDER_CANCELLED");
  EXPECT_EQ(Refusal(DispatchServiceOrder(app_.context(), csr_, order->id, {"Crew 1"})),
            "status:ORDER_CANCELLED");
}

TEST_F(ServiceOrderTest, ARereadRequestCreatesAnOrderWhoseReadingResolvesTheException) {
  // A reading far too low is held; the CSR asks for a re-read.
  ReadingEntry entry{"M-100", D("2026-11-20"), 950, "R12"};
  auto held = EnterReading(app_.context(), csr_, entry);
  ASSERT_TRUE(held.ok()) << held.error().message;
  ASSERT_TRUE(held->exception);
  const ReadingExceptionId exception_id = held->exception->id;

  // Not waiting for a re-read yet: an order for it is refused.
  ServiceOrderRequest manual;
  manual.type = ServiceOrderType::kReread;
  manual.reading_exception = exception_id;
  manual.requested_on = D("2026-11-27");
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, manual)),
            "reading_exception_id:EXCEPTION_NOT_AWAITING_REREAD");

  ExceptionDecision reread;
  reread.action = ExceptionAction::kReread;
  ASSERT_TRUE(ResolveReadingException(app_.context(), csr_, exception_id, reread).ok());
  ServiceOrderFilter filter;
  filter.type = ServiceOrderType::kReread;
  auto listed = ListServiceOrders(app_.context(), csr_, filter, PageRequest{});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  const ServiceOrder order = listed->items.front();
  EXPECT_EQ(order.reading_exception_id, exception_id);
  EXPECT_EQ(order.meter_id, meter_);
  EXPECT_EQ(order.requested_on, D("2026-11-27"));
  // A second live re-read order for the same exception is refused.
  EXPECT_EQ(Refusal(CreateServiceOrder(app_.context(), csr_, manual)),
            "reading_exception_id:REREAD_ORDER_EXISTS");

  ServiceOrderCompletion completion;
  EXPECT_EQ(CompleteServiceOrder(app_.context(), csr_, order.id, completion).error().reason,
            "READING_REQUIRED");
  completion.reading = 1012;
  auto completed = CompleteServiceOrder(app_.context(), csr_, order.id, completion);
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(completed->reading->reading.status, ReadingStatus::kReady);
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const ReadingException resolved = transaction->metering().GetException(exception_id).value();
  EXPECT_EQ(resolved.status, ExceptionStatus::kRereadReceived);
  EXPECT_EQ(resolved.resolution_reading_id, completed->reading->reading.id);
  EXPECT_EQ(transaction->metering().GetReading(held->reading.id)->status, ReadingStatus::kVoid);
}

TEST_F(ServiceOrderTest, TheDailyListGroupsByRouteInRouteSequenceWithTheLastReading) {
  // A second premise on route R01 with a meter earlier in the walk, and one on R02.
  auto make = [&](const char* serial, int sequence, const char* route) {
    CreateAccountRequest create = test::SampleCreateRequest();
    create.new_premise->address.line1 = std::string("10") + std::to_string(sequence) + " Elm St";
    create.new_premise->route = route;
    auto created = CreateAccount(app_.context(), csr_, create);
    EXPECT_TRUE(created.ok());
    MeterSetRequest set;
    set.meter.serial = serial;
    set.meter.size = "3/4";
    set.route_sequence = sequence;
    set.set_on = D("2026-10-01");
    set.initial_reading = 50;
    EXPECT_TRUE(SetMeter(app_.context(), csr_, created->detail.account.id, set).ok());
    return created->detail.account.id;
  };
  const AccountId early = make("M-200", 2, "R01");
  const AccountId other_route = make("M-300", 1, "R02");
  ServiceOrderRequest request = TurnOn();
  ASSERT_TRUE(CreateServiceOrder(app_.context(), csr_, request).ok());
  request.account = early;
  ASSERT_TRUE(CreateServiceOrder(app_.context(), csr_, request).ok());
  request.account = other_route;
  ASSERT_TRUE(CreateServiceOrder(app_.context(), csr_, request).ok());
  request.requested_on = D("2026-12-01");  // another day
  ASSERT_TRUE(CreateServiceOrder(app_.context(), csr_, request).ok());

  auto daily = DailyServiceOrderList(app_.context(), csr_, D("2026-11-30"), std::nullopt);
  ASSERT_TRUE(daily.ok()) << daily.error().message;
  ASSERT_EQ(daily->routes.size(), 2u);
  EXPECT_EQ(daily->routes[0].route, "R01");
  EXPECT_EQ(daily->routes[0].route_name, "Route 01");
  ASSERT_EQ(daily->routes[0].orders.size(), 2u);
  EXPECT_EQ(daily->routes[0].orders[0].order.meter_serial, "M-200");
  EXPECT_EQ(daily->routes[0].orders[1].order.meter_serial, "M-100");
  ASSERT_TRUE(daily->routes[0].orders[1].last_reading);
  EXPECT_EQ(daily->routes[0].orders[1].last_reading->value, 1000);
  EXPECT_EQ(daily->routes[1].route, "R02");

  auto one_route = DailyServiceOrderList(app_.context(), csr_, D("2026-11-30"), "R02");
  ASSERT_TRUE(one_route.ok());
  ASSERT_EQ(one_route->routes.size(), 1u);
  EXPECT_EQ(one_route->routes[0].orders.size(), 1u);
  EXPECT_EQ(DailyServiceOrderList(app_.context(), csr_, D("2026-11-30"), "R99").error().field,
            "route");
}

}  // namespace
}  // namespace cistern
