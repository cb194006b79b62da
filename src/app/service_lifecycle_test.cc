// Start, stop and transfer of service end to end on a small demo city with real bills: the final
// bill prorated to the stop date with the deposit applied, a start at the freed premise billed
// from its turn-on reading, a transfer carrying deposit and balance, and every refusal.
#include "app/service_lifecycle.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/billing.h"
#include "app/demo/demo_city.h"
#include "app/demo/testing/moore_demo.h"
#include "app/ledger.h"
#include "app/metering.h"
#include "config/rate_config.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

Date D(const char* text) { return *ParseDate(text, "date"); }

// The first column of every row of `sql`, read through a raw connection.
std::vector<std::int64_t> Query(const std::string& path, const std::string& sql) {
  std::vector<std::int64_t> values;
  sqlite3* database = nullptr;
  sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(database, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(database);
  }
  while (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    values.push_back(sqlite3_column_int64(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(database);
  return values;
}

class ServiceLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GenerateDemoCity(app_.context(), test::MooreDemo(40, 11, 3)).ok());
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    // Two active single-family accounts inside the city with a meter and a posted bill.
    const auto found = Query(
        app_.database_path(),
        "SELECT a.id FROM accounts a JOIN premises p ON p.id = a.premise_id"
        " WHERE a.status = 'active' AND p.premise_type = 'single_family'"
        " AND p.inside_city_limits = 1"
        " AND EXISTS (SELECT 1 FROM meter_installs i WHERE i.premise_id = p.id"
        "   AND i.removed_on IS NULL)"
        " AND EXISTS (SELECT 1 FROM bills b WHERE b.account_id = a.id AND b.status = 'posted')"
        " AND (SELECT COUNT(*) FROM accounts o WHERE o.premise_id = p.id) = 1"
        " ORDER BY a.id LIMIT 2");
    ASSERT_EQ(found.size(), 2u);
    account_ = AccountId(found[0]);
    other_ = AccountId(found[1]);
  }

  Account AccountOf(AccountId id) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return transaction->accounts().Get(id).value();
  }

  MeterId MeterAt(PremiseId premise) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    for (const MeterAtPremise& at : transaction->metering().MetersAtPremise(premise).value()) {
      if (!at.install.removed_on) return at.meter.id;
    }
    return MeterId();
  }

  std::int64_t LatestValue(MeterId meter) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    auto latest = transaction->metering().LatestReadingBefore(meter, D("2027-12-31")).value();
    return latest ? latest->value : 0;
  }

  Money Balance(AccountId id) {
    return GetAccountLedger(app_.context(), supervisor_, id).value().balance;
  }

  ServiceOrderCompletion Read(std::int64_t value, bool waiver = false) {
    ServiceOrderCompletion completion;
    completion.reading = value;
    completion.worked_by = "F7";
    if (waiver) {
      completion.present_person = "Dana Wu";
      completion.waiver_signed = true;
    }
    return completion;
  }

  StartServiceRequest NewCustomerAt(PremiseId premise, Date on) {
    StartServiceRequest request;
    request.new_customer = test::SamplePerson();
    request.new_customer->first_name = "Dana";
    request.new_customer->last_name = "Wu";
    request.premise = premise;
    request.requested_on = on;
    request.window = ServiceWindow::kMorning;
    request.tenure = Tenure::kRenter;
    return request;
  }

  // Register steps the account's last bill used: a usage the reading checks accept.
  std::int64_t UsualSteps(AccountId account) {
    const auto bills = ListBills(app_.context(), csr_, account, {1, 0}).value();
    if (bills.items.empty()) return 5;
    const BillView last = GetBill(app_.context(), csr_, bills.items.front().id).value();
    if (last.bill.readings.empty()) return 5;
    const BillReading& reading = last.bill.readings.front();
    return std::max<std::int64_t>(1, reading.current_value - reading.previous_value);
  }

  // Stops `account` and completes its final read today, `used` register steps above the last
  // read (default: as much as the last bill used).
  Result<CompletedServiceOrder> StopAndRead(AccountId account, Date stop_on,
                                            std::optional<std::int64_t> used = std::nullopt) {
    const std::int64_t steps = used.value_or(UsualSteps(account));
    StopServiceRequest stop;
    stop.account = account;
    stop.stop_on = stop_on;
    auto stopped = StopService(app_.context(), csr_, stop);
    EXPECT_TRUE(stopped.ok()) << stopped.error().message;
    if (!stopped.ok()) return stopped.error();
    EXPECT_TRUE(stopped->final_read_order.has_value());
    const MeterId meter = *stopped->final_read_order->meter_id;
    return CompleteServiceOrder(app_.context(), csr_, stopped->final_read_order->id,
                                Read(LatestValue(meter) + steps), AccountLifecycle());
  }

  std::string Refusal(const Error& error) { return error.field + ":" + error.reason; }

  test::TestApp app_;
  Caller csr_;
  const Caller supervisor_ = CallerWithRole(Role::kSupervisor);
  AccountId account_;
  AccountId other_;
};

TEST_F(ServiceLifecycleTest, StopPostsAFinalBillProratedToTheStopDateAndAppliesTheDeposit) {
  // A $100 deposit paid up front.
  SetDepositRequest deposit;
  deposit.quote.account = account_;
  ASSERT_TRUE(SetDeposit(app_.context(), csr_, deposit).ok());
  ASSERT_TRUE(RecordDepositPaid(app_.context(), csr_, account_).ok());
  PaymentRequest pay;
  pay.account_id = account_;
  pay.amount = Balance(account_);
  pay.tender = Tender::kCash;
  pay.tendered = pay.amount;
  ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Money::FromCents(10000)).ok());
  auto paid = PostPayment(app_.context(), csr_, pay, {});
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  ASSERT_TRUE(Balance(account_).is_zero());

  auto completed = StopAndRead(account_, D("2026-11-27"));
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  ASSERT_TRUE(completed->reading);
  ASSERT_FALSE(completed->reading->exception) << completed->reading->exception->detail;
  const auto requests = ListLifecycleRequests(app_.context(), csr_, account_).value();
  ASSERT_EQ(requests.size(), 1u);
  const LifecycleRequest& stop = requests.front();
  EXPECT_EQ(stop.kind, LifecycleKind::kStop);
  EXPECT_EQ(stop.status, LifecycleStatus::kCompleted);
  ASSERT_TRUE(stop.final_bill_id);
  const BillView bill = GetBill(app_.context(), csr_, *stop.final_bill_id).value();
  // From the day after the last bill through the end of that month-long period, with the flat
  // monthly charges prorated to November 27 (27 of 30 days).
  ASSERT_TRUE(bill.bill.replaces_bill_id == std::nullopt);
  EXPECT_EQ(bill.bill.period_first, D("2026-11-01"));
  EXPECT_EQ(bill.bill.period_last, D("2026-11-30"));
  const auto previous = ListBills(app_.context(), csr_, account_, {5, 0}).value();
  ASSERT_GE(previous.items.size(), 2u);
  Money full_sanitation;
  const BillView full = GetBill(app_.context(), csr_, previous.items[1].id).value();
  for (const BillLine& line : full.bill.lines) {
    if (line.service == "sanitation") full_sanitation += line.amount;
  }
  Money final_sanitation;
  for (const BillLine& line : bill.bill.lines) {
    if (line.service == "sanitation") final_sanitation += line.amount;
  }
  ASSERT_GT(full_sanitation.cents(), 0);
  EXPECT_EQ(final_sanitation.cents(), (full_sanitation.cents() * 27 + 15) / 30);
  EXPECT_EQ(bill.bill.readings.size(), 1u);
  // The deposit paid the bill; the rest is a credit waiting as a refund request.
  const Account after = AccountOf(account_);
  const Money left = Balance(account_);
  EXPECT_EQ(after.status, AccountStatus::kFinal);
  auto refunds =
      ListRefunds(app_.context(), supervisor_, std::nullopt, std::nullopt, std::nullopt, {})
          .value();
  if (bill.bill.current_charges.cents() < 10000) {
    EXPECT_TRUE(left.is_negative());
    ASSERT_FALSE(refunds.items.empty());
    EXPECT_EQ(refunds.items.front().refund.account_id, account_);
    EXPECT_EQ(refunds.items.front().refund.amount, -left);
  }
  // A later cycle run does not bill the stopped account again.
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
  auto register_ = GetDepositRegister(app_.context(), supervisor_).value();
  EXPECT_TRUE(register_.balanced);
}

TEST_F(ServiceLifecycleTest, StartAtTheFreedPremiseBillsFromTheTurnOnReading) {
  ASSERT_TRUE(StopAndRead(account_, D("2026-11-27")).ok());
  const Account old = AccountOf(account_);
  const MeterId meter = MeterAt(old.premise_id);
  const std::int64_t final_value = LatestValue(meter);
  const int old_bills =
      static_cast<int>(ListBills(app_.context(), csr_, account_, {50, 0}).value().items.size());

  // The preview: the services the rules choose, the deposit with its reasons, the fee.
  StartServiceRequest request = NewCustomerAt(old.premise_id, D("2026-11-28"));
  const auto counts = app_.RowCounts();
  auto preview = PreviewStartService(app_.context(), csr_, request);
  ASSERT_TRUE(preview.ok()) << preview.error().message;
  EXPECT_EQ(app_.RowCounts(), counts);  // a preview writes nothing
  ASSERT_EQ(preview->services.size(), 4u);
  EXPECT_EQ(preview->services[0].chosen.service, "water");
  EXPECT_EQ(preview->services[0].chosen.rate_class, "residential");
  EXPECT_FALSE(preview->services[0].chosen.rule.empty());
  EXPECT_GT(preview->services[0].chosen.rule_number, 0);
  EXPECT_TRUE(preview->services[0].metered);
  EXPECT_EQ(preview->deposit.quote.amount, Money::FromCents(10000));
  EXPECT_FALSE(preview->deposit.quote.reasons.empty());
  ASSERT_TRUE(preview->fee);
  EXPECT_EQ(preview->fee->code, "new_service");
  EXPECT_TRUE(preview->turn_on_order);

  request.deposit_installments = 2;
  auto started = StartService(app_.context(), csr_, request);
  ASSERT_TRUE(started.ok()) << started.error().message;
  const AccountId fresh = started->account.detail.account.id;
  EXPECT_EQ(started->account.detail.account.status, AccountStatus::kPending);
  ASSERT_TRUE(started->turn_on_order);
  EXPECT_EQ(started->turn_on_order->type, ServiceOrderType::kTurnOn);
  EXPECT_EQ(started->services.size(), 4u);
  ASSERT_TRUE(started->deposit);
  EXPECT_EQ(started->deposit->required, Money::FromCents(10000));
  // The fee and the first deposit installment are on the account.
  const Fee* fee = app_.context().finance.FindFee("new_service");
  EXPECT_EQ(Balance(fresh), fee->amount + Money::FromCents(5000));

  // The crew turns the water on the next day.
  app_.clock().Advance(std::chrono::hours(24));
  auto turned_on = CompleteServiceOrder(app_.context(), csr_, started->turn_on_order->id,
                                        Read(final_value + 1, true), AccountLifecycle());
  ASSERT_TRUE(turned_on.ok()) << turned_on.error().message;
  ASSERT_FALSE(turned_on->reading->exception) << turned_on->reading->exception->detail;
  EXPECT_EQ(AccountOf(fresh).status, AccountStatus::kActive);
  const ReadingId turn_on_reading = turned_on->reading->reading.id;

  // November's run: the new account from its turn-on reading, three days of service; the
  // stopped account not again.
  app_.clock().Set(test::TestStartInstant() + std::chrono::hours(24 * 4));
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    Reading reading;
    reading.meter_id = meter;
    reading.read_on = D("2026-11-30");
    reading.value = final_value + 4;
    reading.source = "test";
    ASSERT_TRUE(transaction->metering().InsertReading(reading, app_.clock().Now(), UserId()).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const Premise premise = transaction->premises().Get(old.premise_id).value();
  transaction.reset();
  RunRequest run_request;
  run_request.cycle = premise.cycle;
  run_request.period_last = D("2026-11-30");
  run_request.bill_date = D("2026-12-01");
  auto run = CreateRun(app_.context(), supervisor_, run_request);
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id).ok());
  ASSERT_TRUE(PostRun(app_.context(), supervisor_, run->run.id).ok());
  const auto fresh_bills = ListBills(app_.context(), csr_, fresh, {5, 0}).value();
  ASSERT_EQ(fresh_bills.items.size(), 1u);
  const BillView bill = GetBill(app_.context(), csr_, fresh_bills.items.front().id).value();
  ASSERT_EQ(bill.bill.readings.size(), 1u);
  EXPECT_EQ(bill.bill.readings.front().previous_reading_id, turn_on_reading);
  EXPECT_EQ(bill.bill.readings.front().current_value - bill.bill.readings.front().previous_value,
            3);
  // The deposit's second installment is billed right after the first bill, for the next one.
  const AccountDepositView deposit = GetAccountDeposit(app_.context(), csr_, fresh).value();
  EXPECT_TRUE(deposit.still_to_bill.is_zero());
  EXPECT_EQ(deposit.held, Money::FromCents(10000));
  EXPECT_EQ(Balance(fresh), bill.bill.total_due + Money::FromCents(5000));
  EXPECT_EQ(ListBills(app_.context(), csr_, account_, {50, 0}).value().items.size(),
            static_cast<std::size_t>(old_bills));
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

TEST_F(ServiceLifecycleTest, TransferCarriesTheDepositAndTheOldBalance) {
  ASSERT_TRUE(StopAndRead(account_, D("2026-11-27")).ok());
  const Account old = AccountOf(account_);
  SetDepositRequest deposit;
  deposit.quote.account = other_;
  ASSERT_TRUE(SetDeposit(app_.context(), csr_, deposit).ok());
  ASSERT_TRUE(RecordDepositPaid(app_.context(), csr_, other_).ok());
  const Money owed_before = Balance(other_);

  TransferServiceRequest request;
  request.from = other_;
  request.to_premise = old.premise_id;
  request.stop_on = D("2026-11-30");
  request.start_window = ServiceWindow::kAfternoon;
  auto transferred = TransferService(app_.context(), csr_, request);
  ASSERT_TRUE(transferred.ok()) << transferred.error().message;
  const AccountId fresh = transferred->started.account.detail.account.id;
  EXPECT_EQ(transferred->started.account.detail.account.customer_id, AccountOf(other_).customer_id);
  EXPECT_EQ(transferred->started.request.requested_on, D("2026-12-01"));
  EXPECT_EQ(transferred->started.request.paired_account_id, other_);
  EXPECT_EQ(transferred->stopped.request.paired_account_id, fresh);
  ASSERT_TRUE(transferred->deposit_carried);
  EXPECT_EQ(*transferred->deposit_carried, Money::FromCents(10000));
  const Fee* fee = app_.context().finance.FindFee("transfer");
  EXPECT_EQ(Balance(fresh), fee->amount);
  auto fresh_deposit = GetAccountDeposit(app_.context(), csr_, fresh).value();
  EXPECT_EQ(fresh_deposit.held, Money::FromCents(10000));
  EXPECT_TRUE(GetAccountDeposit(app_.context(), csr_, other_).value().held.is_zero());

  // The final read at the old premise: the final bill, and its balance moves to the new account.
  app_.clock().Set(test::TestStartInstant() + std::chrono::hours(24 * 3));
  const MeterId meter = *transferred->stopped.final_read_order->meter_id;
  auto read =
      CompleteServiceOrder(app_.context(), csr_, transferred->stopped.final_read_order->id,
                           Read(LatestValue(meter) + UsualSteps(other_)), AccountLifecycle());
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_FALSE(read->reading->exception) << read->reading->exception->detail;
  EXPECT_TRUE(Balance(other_).is_zero());
  EXPECT_EQ(AccountOf(other_).status, AccountStatus::kClosed);
  const auto requests = ListLifecycleRequests(app_.context(), csr_, other_).value();
  ASSERT_FALSE(requests.empty());
  const BillView final_bill =
      GetBill(app_.context(), csr_, *requests.front().final_bill_id).value();
  EXPECT_EQ(Balance(fresh), fee->amount + owed_before + final_bill.bill.current_charges);
  // It is the account's final bill: it says the day service ended, the stop date.
  ASSERT_TRUE(final_bill.service_ended_on.has_value());
  EXPECT_EQ(*final_bill.service_ended_on, D("2026-11-30"));
  EXPECT_LE(final_bill.bill.period_first, D("2026-11-30"));
  EXPECT_GE(final_bill.bill.period_last, D("2026-11-30"));
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
  EXPECT_TRUE(GetDepositRegister(app_.context(), supervisor_).value().balanced);
}

TEST_F(ServiceLifecycleTest, RefusesBadRequestsAndWritesNothing) {
  const Account other = AccountOf(other_);
  auto counts = app_.RowCounts();
  // Starting a service already on at the premise.
  auto refused =
      StartService(app_.context(), csr_, NewCustomerAt(other.premise_id, D("2026-11-28")));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Refusal(refused.error()), "services:SERVICE_ACTIVE_AT_PREMISE");
  // A transfer to the same premise.
  TransferServiceRequest same;
  same.from = other_;
  same.to_premise = other.premise_id;
  same.stop_on = D("2026-11-30");
  same.start_window = ServiceWindow::kMorning;
  EXPECT_EQ(Refusal(TransferService(app_.context(), csr_, same).error()),
            "to_premise_id:SAME_PREMISE");
  // A stop date too far back, and none at all.
  StopServiceRequest stop;
  stop.account = other_;
  stop.stop_on = D("2026-09-01");
  EXPECT_EQ(Refusal(StopService(app_.context(), csr_, stop).error()), "stop_on:DATE_TOO_FAR_BACK");
  stop.stop_on.reset();
  EXPECT_EQ(Refusal(StopService(app_.context(), csr_, stop).error()), "stop_on:DATE_REQUIRED");
  // A read-only caller.
  stop.stop_on = D("2026-11-30");
  EXPECT_EQ(StopService(app_.context(), CallerWithRole(Role::kAuditor), stop).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(app_.RowCounts(), counts);

  // At a freed premise: a CSR cannot waive or lower the deposit, and a turn-on needs a window.
  ASSERT_TRUE(StopAndRead(account_, D("2026-11-27")).ok());
  const Account old = AccountOf(account_);
  counts = app_.RowCounts();
  StartServiceRequest start = NewCustomerAt(old.premise_id, D("2026-11-28"));
  start.deposit_amount = Money();
  EXPECT_EQ(Refusal(StartService(app_.context(), csr_, start).error()),
            "deposit_amount:APPROVAL_REQUIRED");
  start = NewCustomerAt(old.premise_id, D("2026-11-28"));
  start.window = ServiceWindow::kAnyTime;
  EXPECT_EQ(Refusal(StartService(app_.context(), csr_, start).error()), "window:WINDOW_REQUIRED");
  start = NewCustomerAt(old.premise_id, D("2026-11-28"));
  start.units["sanitation"] = 9;
  EXPECT_EQ(Refusal(StartService(app_.context(), csr_, start).error()), "units:UNITS_INVALID");
  start = NewCustomerAt(old.premise_id, D("2026-11-28"));
  start.services = {"gas"};
  EXPECT_EQ(StartService(app_.context(), csr_, start).error().field, "services");
  EXPECT_EQ(app_.RowCounts(), counts);

  // A stop before the service started; completing a cancelled order; a reading lower than the
  // turn-on reading.
  auto started = StartService(app_.context(), csr_, NewCustomerAt(old.premise_id, D("2026-11-30")));
  ASSERT_TRUE(started.ok()) << started.error().message;
  const AccountId fresh = started->account.detail.account.id;
  counts = app_.RowCounts();
  StopServiceRequest early;
  early.account = fresh;
  early.stop_on = D("2026-11-29");
  EXPECT_EQ(Refusal(StopService(app_.context(), csr_, early).error()), "stop_on:STOP_BEFORE_START");
  EXPECT_EQ(app_.RowCounts(), counts);
  ASSERT_TRUE(CancelServiceOrder(app_.context(), csr_, started->turn_on_order->id,
                                 "Customer called to reschedule")
                  .ok());
  const MeterId meter = MeterAt(old.premise_id);
  auto cancelled = CompleteServiceOrder(app_.context(), csr_, started->turn_on_order->id,
                                        Read(LatestValue(meter) + 1, true), AccountLifecycle());
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().reason, "ORDER_CANCELLED");
  EXPECT_EQ(AccountOf(fresh).status, AccountStatus::kPending);
}

TEST_F(ServiceLifecycleTest, AReadingBelowTheTurnOnReadingIsHeld) {
  ASSERT_TRUE(StopAndRead(account_, D("2026-11-27")).ok());
  const Account old = AccountOf(account_);
  auto started = StartService(app_.context(), csr_, NewCustomerAt(old.premise_id, D("2026-11-28")));
  ASSERT_TRUE(started.ok()) << started.error().message;
  const MeterId meter = MeterAt(old.premise_id);
  const std::int64_t turn_on = LatestValue(meter) + 1;
  app_.clock().Advance(std::chrono::hours(24));
  ASSERT_TRUE(CompleteServiceOrder(app_.context(), csr_, started->turn_on_order->id,
                                   Read(turn_on, true), AccountLifecycle())
                  .ok());
  app_.clock().Advance(std::chrono::hours(24));
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const Meter placed = transaction->metering().GetMeter(meter).value();
  transaction.reset();
  auto lower =
      EnterReading(app_.context(), csr_, {placed.serial, D("2026-11-29"), turn_on - 3, "R"});
  ASSERT_TRUE(lower.ok()) << lower.error().message;
  EXPECT_TRUE(lower->exception.has_value());
}

TEST_F(ServiceLifecycleTest, ARunWaitsForTheFinalReadAndAHeldFinalReadingResumesTheStop) {
  StopServiceRequest stop;
  stop.account = other_;
  stop.stop_on = D("2026-11-28");
  auto stopped = StopService(app_.context(), csr_, stop);
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const Premise premise = transaction->premises().Get(AccountOf(other_).premise_id).value();
  transaction.reset();
  RunRequest run_request;
  run_request.cycle = premise.cycle;
  run_request.period_last = D("2026-11-30");
  run_request.bill_date = D("2026-11-27");
  run_request.period_first = D("2026-11-01");
  // A November run lists the account as waiting for its final read.
  app_.clock().Set(test::TestStartInstant() + std::chrono::hours(24 * 4));
  run_request.bill_date = D("2026-12-01");
  auto run = CreateRun(app_.context(), supervisor_, run_request);
  ASSERT_TRUE(run.ok()) << run.error().message;
  bool waiting = false;
  for (const RunException& exception : run->summary.exceptions) {
    waiting = waiting || (exception.account_id == other_ &&
                          exception.kind == RunExceptionKind::kAwaitingFinalRead);
  }
  EXPECT_TRUE(waiting);

  // A final reading far above the usual is held; the stop waits, then goes on when accepted.
  const MeterId meter = *stopped->final_read_order->meter_id;
  auto read =
      CompleteServiceOrder(app_.context(), csr_, stopped->final_read_order->id,
                           Read(LatestValue(meter) + UsualSteps(other_) * 20), AccountLifecycle());
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_TRUE(read->reading->exception);
  EXPECT_EQ(AccountOf(other_).status, AccountStatus::kActive);
  EXPECT_EQ(PostFinalBill(app_.context(), csr_, other_).error().reason, "NO_FINAL_READING");
  ExceptionDecision accept;
  accept.action = ExceptionAction::kAccept;
  ASSERT_TRUE(
      ResolveReadingException(app_.context(), csr_, read->reading->exception->id, accept).ok());
  EXPECT_NE(AccountOf(other_).status, AccountStatus::kActive);
  const auto requests = ListLifecycleRequests(app_.context(), csr_, other_).value();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests.front().status, LifecycleStatus::kCompleted);
  EXPECT_TRUE(requests.front().final_bill_id.has_value());
}

TEST_F(ServiceLifecycleTest, AnUnpaidFinalBalanceIsMovedToTheNewAccountOrRefused) {
  ASSERT_TRUE(StopAndRead(account_, D("2026-11-27")).ok());
  const Account old = AccountOf(account_);
  const Money owed = Balance(account_);
  ASSERT_GT(owed.cents(), 0);
  // The same customer starts again: the policy ("transfer") wants the balance paid or moved.
  StartServiceRequest request = NewCustomerAt(old.premise_id, D("2026-11-28"));
  request.new_customer.reset();
  request.existing_customer = old.customer_id;
  const auto counts = app_.RowCounts();
  auto refused = StartService(app_.context(), csr_, request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Refusal(refused.error()), "transfer_unpaid_balances:UNPAID_FINAL_BALANCE");
  EXPECT_EQ(app_.RowCounts(), counts);
  auto preview = PreviewStartService(app_.context(), csr_, request);
  ASSERT_TRUE(preview.ok()) << preview.error().message;
  ASSERT_EQ(preview->unpaid_finals.size(), 1u);
  EXPECT_EQ(preview->unpaid_finals.front().balance, owed);
  EXPECT_FALSE(preview->warnings.empty());

  request.transfer_unpaid_balances = true;
  auto started = StartService(app_.context(), csr_, request);
  ASSERT_TRUE(started.ok()) << started.error().message;
  const AccountId fresh = started->account.detail.account.id;
  EXPECT_TRUE(Balance(account_).is_zero());
  EXPECT_EQ(AccountOf(account_).status, AccountStatus::kClosed);
  const Fee* fee = app_.context().finance.FindFee("new_service");
  ASSERT_TRUE(started->deposit);  // $100, and more for the customer's own late payments
  EXPECT_GE(started->deposit->required, Money::FromCents(10000));
  EXPECT_EQ(Balance(fresh), owed + fee->amount + started->deposit->required);
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

}  // namespace
}  // namespace cistern
