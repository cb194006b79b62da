// Billing runs end to end on a small demo city: restart safety, repeat safety, cancel and rebill.
#include "app/billing.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/demo/demo_city.h"
#include "app/demo/testing/moore_demo.h"
#include "app/ledger.h"
#include "app/ledger_common.h"
#include "app/metering.h"
#include "config/rate_config.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

Date D(const char* text) { return *ParseDate(text, "date"); }

class BillingRunTest : public ::testing::Test {
 protected:
  void SetUp() override { SetUpCity(app_); }

  // A small demo city whose cycle 1 meters are all read today, for a November run.
  static void SetUpCity(test::TestApp& app) {
    ASSERT_TRUE(GenerateDemoCity(app.context(), test::MooreDemo(60, 5, 2)).ok());
    app.context().billing.chunk_accounts = 100;
    auto transaction = app.store().Begin(TransactionMode::kWrite).value();
    auto routes = transaction->reference().ListRoutes().value();
    for (const Route& route : routes) {
      if (route.cycle != "1") continue;
      for (const MeterAtPremise& at : transaction->metering().MetersOnRoute(route.code).value()) {
        auto latest = transaction->metering().LatestReadingBefore(at.meter.id, D("2026-11-27"));
        ASSERT_TRUE(latest.ok());
        if (!*latest) continue;
        Reading reading;
        reading.meter_id = at.meter.id;
        reading.read_on = D("2026-11-27");
        reading.value = ((*latest)->value + 4000) % at.meter.RegisterLimit();
        reading.source = "test";
        ASSERT_TRUE(
            transaction->metering().InsertReading(reading, app.clock().Now(), UserId()).ok());
      }
    }
    ASSERT_TRUE(transaction->Commit().ok());
  }

  RunRequest November() const {
    RunRequest request;
    request.cycle = "1";
    request.period_last = D("2026-11-30");
    request.bill_date = D("2026-12-01");
    return request;
  }

  int BillsOfRun(BillingRunId run) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return transaction->billing().TotalsOfRun(run).value().bills;
  }

  // Posts November's run in chunks of 4 until the process "dies" right after its first chunk
  // commits, then resumes it, and checks that every billable account has exactly one bill.
  void StopAfterTheFirstChunkAndResume(bool keep_plans) {
    app_.context().billing.chunk_accounts = 4;
    KeptPlans kept;
    KeptPlans* keep = keep_plans ? &kept : nullptr;
    auto run = CreateRun(app_.context(), supervisor_, November(), keep);
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id, keep).ok());
    struct Killed {};
    bool threw = false;
    try {
      (void)PostRun(
          app_.context(), supervisor_, run->run.id,
          [](const PostProgress& progress) {
            if (progress.done > 0) throw Killed{};
          },
          keep);
    } catch (const Killed&) {
      threw = true;
    }
    ASSERT_TRUE(threw);
    const int after_kill = BillsOfRun(run->run.id);
    EXPECT_GT(after_kill, 0);
    EXPECT_LT(after_kill, run->summary.billable);
    ASSERT_TRUE(PreviewRun(app_.context(), supervisor_, run->run.id).ok());
    auto resumed = PostRun(app_.context(), supervisor_, run->run.id);
    ASSERT_TRUE(resumed.ok()) << resumed.error().message;
    EXPECT_EQ(resumed->already_billed, after_kill);
    EXPECT_EQ(resumed->planned_by_preview, 0);
    EXPECT_EQ(after_kill + resumed->posted, run->summary.billable);
    // Exactly one bill per billed account.
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    std::set<std::int64_t> accounts;
    BillId after;
    while (true) {
      auto bills = transaction->billing().BillsOfRun(run->run.id, after, 50).value();
      if (bills.empty()) break;
      for (const Bill& bill : bills) {
        EXPECT_TRUE(accounts.insert(bill.account_id.value()).second);
        after = bill.id;
      }
    }
    EXPECT_EQ(static_cast<int>(accounts.size()), run->summary.billable);
  }

  // Creates, approves and posts November's run of cycle 1; the run as created (id 0 when a step
  // failed).
  BillingRun PostNovember() {
    auto run = CreateRun(app_.context(), supervisor_, November());
    EXPECT_TRUE(run.ok());
    if (!run.ok()) return BillingRun();
    EXPECT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id).ok());
    const bool posted = PostRun(app_.context(), supervisor_, run->run.id).ok();
    EXPECT_TRUE(posted);
    return posted ? run->run : BillingRun();
  }

  // The run's first bill, with its lines and readings.
  static Bill FirstBillOf(Transaction& transaction, BillingRunId run) {
    const Bill listed = transaction.billing().BillsOfRun(run, BillId(), 1).value().front();
    return transaction.billing().GetBill(listed.id).value();
  }

  // What a run for the period reads for each account (no run marked).
  BillingLoad LoadForPeriod(const char* first, const char* last) {
    BillingLoad load;
    load.period_first = D(first);
    load.period_last = D(last);
    load.balance_codes = BalanceGlCodes(app_.context().finance.chart);
    load.unapplied_code = UnappliedGlCode(app_.context().finance.chart);
    return load;
  }

  // What each cycle 1 account's next bill would show as payments, before anything is paid.
  std::map<std::int64_t, Money> PaymentsSinceLastBill(std::vector<AccountId>* cycle = nullptr) {
    const BillingLoad load = LoadForPeriod("2026-11-01", "2026-11-30");
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    const std::vector<AccountId> accounts = transaction->billing().AccountsInCycle("1").value();
    if (cycle != nullptr) *cycle = accounts;
    std::map<std::int64_t, Money> payments;
    for (const AccountToBill& account :
         transaction->billing().LoadAccountsToBill(accounts, load).value()) {
      payments[account.account_id.value()] = account.payments_since;
    }
    return payments;
  }

  // Posts November's run in chunks of two while, after each chunk, every account of the next two
  // chunks (both read ahead already) pays 12.34, and checks that each bill shows what was paid
  // before it was written. With `keep_plans`, the preview's plans are kept for the posting.
  // Returns the accounts the posting wrote from kept plans.
  int PostWhilePaying(bool keep_plans) {
    app_.context().billing.chunk_accounts = 2;
    std::vector<AccountId> cycle;
    const std::map<std::int64_t, Money> payments_before = PaymentsSinceLastBill(&cycle);
    const Caller csr = test::InsertCaller(app_, "pipeline-csr", Role::kCsr, "Pipeline CSR");
    EXPECT_TRUE(OpenDrawer(app_.context(), csr, Money()).ok());
    KeptPlans kept;
    KeptPlans* keep = keep_plans ? &kept : nullptr;
    auto run = CreateRun(app_.context(), supervisor_, November(), keep);
    EXPECT_TRUE(run.ok());
    if (!run.ok()) return -1;
    EXPECT_GT(run->summary.billable, 4);
    EXPECT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id, keep).ok());
    std::map<std::int64_t, int> paid;  // payments per account
    auto posted = PostRun(
        app_.context(), supervisor_, run->run.id,
        [&](const PostProgress& at) {
          for (int index = at.done; index < std::min(at.done + 4, at.total); ++index) {
            PaymentRequest payment;
            payment.account_id = cycle[index];
            payment.amount = Money::FromCents(1234);
            ASSERT_TRUE(PostPayment(app_.context(), csr, payment, {}).ok());
            ++paid[cycle[index].value()];
          }
        },
        keep);
    EXPECT_TRUE(posted.ok()) << posted.error().message;
    if (!posted.ok()) return -1;
    EXPECT_EQ(posted->posted, run->summary.billable);
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    int checked = 0;
    for (AccountId account : cycle) {
      auto bills = transaction->billing().BillsOf(account, {1, 0}).value();
      if (bills.items.empty() || bills.items.front().run_id != run->run.id) continue;
      const Money paid_now = Money::FromCents(1234 * paid[account.value()]);
      EXPECT_EQ(bills.items.front().payments, payments_before.at(account.value()) - paid_now)
          << "account " << account.value();
      if (paid_now.cents() > 0) ++checked;
    }
    EXPECT_GT(checked, 2);
    EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
    return posted->planned_by_preview;
  }

  // Moves a later account of cycle 1 (the first from `later_from` on, in the cycle's order, with
  // the same services and rate classes) onto the premise of its `earlier` one, so that the two
  // share a meter, then posts November's run in chunks of two and checks that the meter's usage
  // is billed once, to the earlier account.
  void ExpectASharedMeterBilledOnce(std::size_t earlier, std::size_t later_from, bool keep_plans) {
    const std::string& db = app_.database_path();
    std::vector<AccountId> cycle;
    {
      auto transaction = app_.store().Begin(TransactionMode::kRead).value();
      cycle = transaction->billing().AccountsInCycle("1").value();
    }
    const auto classes = [&](AccountId account) {
      return test::QueryRawText(db,
                                "SELECT service || ':' || rate_class FROM services WHERE"
                                " account_id = " +
                                    std::to_string(account.value()) + " ORDER BY service");
    };
    std::size_t later = later_from;
    while (later < cycle.size() && classes(cycle[later]) != classes(cycle[earlier])) ++later;
    ASSERT_LT(later, cycle.size());
    const std::string first = std::to_string(cycle[earlier].value());
    ASSERT_EQ(
        test::ExecuteRawSql(db,
                            "UPDATE accounts SET premise_id = (SELECT premise_id FROM"
                            " accounts WHERE id = " +
                                first + ") WHERE id = " + std::to_string(cycle[later].value())),
        "");
    const std::int64_t meter = test::QueryRawInt(
        db,
        "SELECT i.meter_id FROM meter_installs i JOIN accounts a ON a.premise_id = i.premise_id"
        " WHERE a.id = " +
            first + " AND i.removed_on IS NULL");
    ASSERT_GT(meter, 0);
    app_.context().billing.chunk_accounts = 2;
    KeptPlans kept;
    KeptPlans* keep = keep_plans ? &kept : nullptr;
    auto run = CreateRun(app_.context(), supervisor_, November(), keep);
    ASSERT_TRUE(run.ok());
    // The preview bills the meter to both (neither bill is written yet).
    for (const RunException& exception : run->summary.exceptions) {
      ASSERT_FALSE(exception.account_id == cycle[later] && RunExceptionBlocks(exception.kind))
          << exception.detail;
    }
    ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id, keep).ok());
    auto posted = PostRun(app_.context(), supervisor_, run->run.id, {}, keep);
    ASSERT_TRUE(posted.ok());
    EXPECT_EQ(posted->planned_by_preview > 0, keep_plans);
    const std::string run_id = std::to_string(run->run.id.value());
    const std::string meter_text = std::to_string(meter);
    // The meter's reading before this month is billed from once, by the earlier account.
    EXPECT_EQ(test::QueryRawInt(db,
                                "SELECT COUNT(*) FROM bill_readings br JOIN bills b ON b.id ="
                                " br.bill_id WHERE b.run_id = " +
                                    run_id + " AND br.meter_id = " + meter_text +
                                    " AND br.previous_reading_id != br.current_reading_id"),
              1);
    EXPECT_EQ(test::QueryRawInt(db,
                                "SELECT b.account_id FROM bill_readings br JOIN bills b ON"
                                " b.id = br.bill_id WHERE b.run_id = " +
                                    run_id + " AND br.meter_id = " + meter_text +
                                    " ORDER BY b.id LIMIT 1"),
              cycle[earlier].value());
  }

  // Everything a run wrote, as text: its bills with their positions, readings and journal lines.
  static std::string WrittenBy(const test::TestApp& app, BillingRunId run) {
    const std::string id = std::to_string(run.value());
    const std::string& db = app.database_path();
    return test::QueryRawText(
               db,
               "SELECT b.id || '|' || b.account_id || '|' || b.previous_balance_cents || '|' ||"
               " b.payments_cents || '|' || b.adjustments_cents || '|' ||"
               " b.current_charges_cents || '|' || b.total_due_cents || '|' ||"
               " b.late_amount_cents || '|' || b.usage_gallons || '|' || b.estimated || '|' ||"
               " b.entry_id || '|' || b.through_entry_id || '|' || b.credit_after_cents || '|' ||"
               " b.lines || '|' || COALESCE(p.position, '') FROM bills b LEFT JOIN"
               " bill_positions p ON p.bill_id = b.id WHERE b.run_id = " +
                   id + " ORDER BY b.id") +
           test::QueryRawText(db,
                              "SELECT r.bill_id || '|' || r.meter_id || '|' ||"
                              " r.previous_reading_id || '|' || r.current_reading_id FROM"
                              " bill_readings r JOIN bills b ON b.id = r.bill_id WHERE"
                              " b.run_id = " +
                                  id + " ORDER BY 1") +
           test::QueryRawText(db,
                              "SELECT l.entry_id || '|' || l.position || '|' || l.gl_code || '|' ||"
                              " l.amount_cents || '|' || COALESCE(l.account_id, '') || '|' ||"
                              " l.fund FROM journal_lines l WHERE l.entry_id >= (SELECT"
                              " MIN(entry_id) FROM bills WHERE run_id = " +
                                  id + ") ORDER BY l.entry_id, l.position");
  }

  test::TestApp app_;
  const Caller supervisor_ = CallerWithRole(Role::kSupervisor);
};

TEST_F(BillingRunTest, PostsOnlyAnApprovedRunAndOnlyOnce) {
  auto run = CreateRun(app_.context(), supervisor_, November());
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_GT(run->summary.billable, 0);
  EXPECT_EQ(PostRun(app_.context(), supervisor_, run->run.id).error().reason, "RUN_NOT_APPROVED");
  // A CSR may not approve or post.
  EXPECT_FALSE(ApproveRun(app_.context(), CallerWithRole(Role::kCsr), run->run.id).ok());
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id).ok());
  auto posted = PostRun(app_.context(), supervisor_, run->run.id);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->posted, run->summary.billable);
  EXPECT_EQ(BillsOfRun(run->run.id), posted->posted);
  // Posting a posted run again bills nobody twice.
  auto again = PostRun(app_.context(), supervisor_, run->run.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->posted, 0);
  EXPECT_EQ(again->already_billed, posted->posted);
  EXPECT_EQ(BillsOfRun(run->run.id), posted->posted);
  // A second run for the same cycle and period is refused; the first is found by them.
  EXPECT_EQ(CreateRun(app_.context(), supervisor_, November()).error().reason, "RUN_EXISTS");
  EXPECT_EQ(FindRun(app_.context(), supervisor_, "1", D("2026-11-30")).value().id, run->run.id);
  EXPECT_EQ(FindRun(app_.context(), supervisor_, "2", D("2026-11-30")).error().reason,
            "RUN_NOT_FOUND");
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

TEST_F(BillingRunTest, ARunStoppedBetweenChunksResumesToExactlyOneBillPerAccount) {
  StopAfterTheFirstChunkAndResume(/*keep_plans=*/false);
}

// The same for a one-step run posting its preview's kept plans: the plans die with the process,
// and the run resumed (previewed again, as `cistern bill run` does) plans what is left.
TEST_F(BillingRunTest, ARunStoppedWhilePostingKeptPlansResumesToExactlyOneBillPerAccount) {
  StopAfterTheFirstChunkAndResume(/*keep_plans=*/true);
}

// Posted in chunks of two, each planned on a read connection while the one before is written,
// a run posts exactly what its preview planned.
TEST_F(BillingRunTest, PostingInSmallChunksPostsWhatThePreviewPlanned) {
  auto run = CreateRun(app_.context(), supervisor_, November());
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id).ok());
  app_.context().billing.chunk_accounts = 2;
  auto posted = PostRun(app_.context(), supervisor_, run->run.id);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->posted, run->summary.billable);
  EXPECT_EQ(posted->blocked, run->summary.blocked);
  EXPECT_EQ(posted->current_charges, run->summary.current_charges);
  EXPECT_EQ(BillsOfRun(run->run.id), run->summary.billable);
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

// Posting plans the next chunk on another connection while the current one is written. Payments
// posted between two chunks, after the later chunk was read, still reach its bills.
TEST_F(BillingRunTest, PaymentsPostedWhileTheRunPostsReachTheLaterChunksBills) {
  PostWhilePaying(/*keep_plans=*/false);
}

// The same with the preview's plans kept: the first payment ends their use (the first chunk is
// written from them, the rest is read again).
TEST_F(BillingRunTest, PaymentsPostedWhileTheRunPostsFromKeptPlansReachTheLaterChunksBills) {
  const int from_preview = PostWhilePaying(/*keep_plans=*/true);
  EXPECT_EQ(from_preview, 2);  // the first chunk
}

// A meter shared by accounts in two chunks: the later account's chunk was read ahead before the
// earlier one billed the meter, and is planned again from the reading that bill ended on, so the
// same usage is never billed twice.
TEST_F(BillingRunTest, AMeterBilledInAnEarlierChunkIsNotBilledAgainFromTheSameReading) {
  // Chunks of 1, 2, 2, ...: the second account is in chunk 1, the sixth and seventh in chunk 3,
  // which is read ahead while chunk 1 is written.
  ExpectASharedMeterBilledOnce(1, 5, /*keep_plans=*/false);
}

// The same with the preview's plans kept: every one of them was read before the posting wrote
// anything, so a meter billed by any chunk before (here four chunks before) counts.
TEST_F(BillingRunTest, AMeterBilledInAnEarlierChunkIsNotBilledAgainFromAKeptPlan) {
  ExpectASharedMeterBilledOnce(1, 9, /*keep_plans=*/true);  // chunk 0 and chunk 4 or later
}

// A one-step run (`cistern bill run`) writes the plans its preview kept: every bill, carried
// position, reading and journal line exactly as a posting that plans every account again writes
// them, in a city built the same way.
TEST_F(BillingRunTest, APostingWritesThePlansItsPreviewKeptAsItWouldPlanThem) {
  test::TestApp other;
  SetUpCity(other);
  app_.context().billing.chunk_accounts = 2;
  other.context().billing.chunk_accounts = 2;
  KeptPlans kept;
  auto run = CreateRun(app_.context(), supervisor_, November(), &kept);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(kept.accounts(), run->summary.accounts);
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id, &kept).ok());
  auto posted = PostRun(app_.context(), supervisor_, run->run.id, {}, &kept);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->planned_by_preview, run->summary.accounts);
  EXPECT_EQ(posted->posted, run->summary.billable);
  EXPECT_EQ(posted->current_charges, run->summary.current_charges);
  EXPECT_EQ(kept.accounts(), 0);  // used up

  auto planned_again = CreateRun(other.context(), supervisor_, November());
  ASSERT_TRUE(planned_again.ok());
  ASSERT_TRUE(ApproveRun(other.context(), supervisor_, planned_again->run.id).ok());
  auto posted_again = PostRun(other.context(), supervisor_, planned_again->run.id);
  ASSERT_TRUE(posted_again.ok());
  EXPECT_EQ(posted_again->planned_by_preview, 0);
  ASSERT_EQ(run->run.id, planned_again->run.id);
  const std::string written = WrittenBy(app_, run->run.id);
  EXPECT_GT(written.size(), 1000u);
  EXPECT_EQ(written, WrittenBy(other, planned_again->run.id));
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

// A payment taken between the preview and the posting was not written by the run: the kept
// plans no longer hold, every account is planned again, and the payer's bill shows it.
TEST_F(BillingRunTest, APaymentBetweenThePreviewAndThePostingEndsTheKeptPlans) {
  app_.context().billing.chunk_accounts = 2;
  KeptPlans kept;
  auto run = CreateRun(app_.context(), supervisor_, November(), &kept);
  ASSERT_TRUE(run.ok());
  ASSERT_GT(kept.accounts(), 4);
  std::vector<AccountId> cycle;
  const std::map<std::int64_t, Money> payments_before = PaymentsSinceLastBill(&cycle);
  const AccountId payer = cycle[3];  // in the third chunk
  const Caller csr = test::InsertCaller(app_, "between-csr", Role::kCsr, "Between CSR");
  ASSERT_TRUE(OpenDrawer(app_.context(), csr, Money()).ok());
  PaymentRequest payment;
  payment.account_id = payer;
  payment.amount = Money::FromCents(1234);
  ASSERT_TRUE(PostPayment(app_.context(), csr, payment, {}).ok());
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id, &kept).ok());
  auto posted = PostRun(app_.context(), supervisor_, run->run.id, {}, &kept);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->planned_by_preview, 0);
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  auto bills = transaction->billing().BillsOf(payer, {1, 0}).value();
  ASSERT_FALSE(bills.items.empty());
  ASSERT_EQ(bills.items.front().run_id, run->run.id);
  EXPECT_EQ(bills.items.front().payments,
            payments_before.at(payer.value()) - Money::FromCents(1234));
  transaction.reset();
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

// An approval made without the kept plans is a write they cannot tell from anyone else's: the
// posting plans every account again.
TEST_F(BillingRunTest, KeptPlansAreNotUsedPastAnApprovalTheyWereNotGiven) {
  KeptPlans kept;
  auto run = CreateRun(app_.context(), supervisor_, November(), &kept);
  ASSERT_TRUE(run.ok());
  ASSERT_GT(kept.accounts(), 0);
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id).ok());
  auto posted = PostRun(app_.context(), supervisor_, run->run.id, {}, &kept);
  ASSERT_TRUE(posted.ok());
  EXPECT_EQ(posted->planned_by_preview, 0);
  EXPECT_EQ(posted->posted, run->summary.billable);
}

// preview_plans_kept bounds the memory: only the cycle's first chunks that fit are kept, and the
// rest is read ahead as it posts.
TEST_F(BillingRunTest, APreviewKeepsThePlansOfTheFirstChunksThatFitItsLimit) {
  app_.context().billing.chunk_accounts = 2;
  app_.context().billing.preview_plans_kept = 5;
  KeptPlans kept;
  auto run = CreateRun(app_.context(), supervisor_, November(), &kept);
  ASSERT_TRUE(run.ok());
  ASSERT_GT(run->summary.accounts, 10);
  EXPECT_EQ(kept.accounts(), 4);  // two chunks of 2; the next would make 6
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id, &kept).ok());
  auto posted = PostRun(app_.context(), supervisor_, run->run.id, {}, &kept);
  ASSERT_TRUE(posted.ok());
  EXPECT_EQ(posted->planned_by_preview, 4);
  EXPECT_EQ(posted->posted, run->summary.billable);
  EXPECT_EQ(posted->current_charges, run->summary.current_charges);
  EXPECT_EQ(BillsOfRun(run->run.id), run->summary.billable);
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());

  app_.context().billing.preview_plans_kept = 0;
  RunRequest december = November();
  december.cycle = "2";
  KeptPlans none;
  ASSERT_TRUE(CreateRun(app_.context(), supervisor_, december, &none).ok());
  EXPECT_EQ(none.accounts(), 0);
}

// What was posted since an account's last bill reaches its next bill: an overpayment shows as a
// payment, its unapplied credit pays the new charges (a "credit applied" entry), and whatever
// credit is left is carried on the bill.
TEST_F(BillingRunTest, AnOverpaymentSinceTheLastBillIsAppliedToTheNewCharges) {
  std::vector<AccountId> cycle;
  {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    cycle = transaction->billing().AccountsInCycle("1").value();
  }
  ASSERT_GE(cycle.size(), 2u);
  const Caller csr = test::InsertCaller(app_, "credit-csr", Role::kCsr, "Credit CSR");
  ASSERT_TRUE(OpenDrawer(app_.context(), csr, Money()).ok());
  // The first pays far more than it owes; the second a little.
  const std::map<std::int64_t, Money> paid = {{cycle[0].value(), Money::FromCents(90000)},
                                              {cycle[1].value(), Money::FromCents(1000)}};
  for (const auto& [account, amount] : paid) {
    PaymentRequest payment;
    payment.account_id = AccountId(account);
    payment.amount = amount;
    ASSERT_TRUE(PostPayment(app_.context(), csr, payment, {}).ok());
  }
  const BillingRun run = PostNovember();
  ASSERT_NE(run.id.value(), 0);
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  for (const auto& [account, amount] : paid) {
    auto bills = transaction->billing().BillsOf(AccountId(account), {2, 0}).value();
    ASSERT_EQ(bills.items.size(), 2u) << "account " << account;  // October's and November's
    const Bill& bill = bills.items[0];
    const Bill& before = bills.items[1];
    ASSERT_EQ(bill.run_id, run.id);
    EXPECT_EQ(bill.previous_balance, before.total_due);
    EXPECT_EQ(bill.payments, -amount) << "account " << account;
    EXPECT_GT(bill.current_charges.cents(), 0);
    // What is left of the credit after the new charges, and nothing else.
    EXPECT_EQ(bill.credit_after, std::max(Money(), -bill.total_due)) << "account " << account;
  }
  // The overpayment's credit paid the first account's new charges.
  PageRequest page;
  page.page_size = kPageSizeMax;
  const auto history =
      transaction->ledger()
          .AccountTransactions(cycle[0], BalanceGlCodes(app_.context().finance.chart), page)
          .value();
  bool applied = false;
  for (const AccountTransaction& item : history.items) {
    applied = applied || item.entry.memo == "Credit applied to the bill";
  }
  EXPECT_TRUE(applied);
  transaction.reset();
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

TEST_F(BillingRunTest, CancelAndRebillReversesTheChargesAndBillsACorrectedReading) {
  const BillingRun run = PostNovember();
  ASSERT_NE(run.id.value(), 0);
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  Bill bill = FirstBillOf(*transaction, run.id);
  transaction.reset();
  ASSERT_FALSE(bill.readings.empty());
  const BillReading used = bill.readings.front();

  // Refusals: no reason; a CSR.
  EXPECT_EQ(CancelAndRebill(app_.context(), supervisor_, bill.id, {"  ", {}}).error().field,
            "reason");
  EXPECT_FALSE(
      CancelAndRebill(app_.context(), CallerWithRole(Role::kCsr), bill.id, {"x", {}}).ok());

  // A correction below the previous reading that is not a rollover of the dials is refused
  // (it would bill nearly a whole register), and nothing is written.
  ASSERT_LT(used.previous_value, 500000);  // far from the top of the register: no rollover
  auto below = CancelAndRebill(app_.context(), supervisor_, bill.id,
                               {"Typo", {{used.meter_id, used.previous_value - 1}}});
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.error().reason, "READING_BELOW_PREVIOUS");
  EXPECT_EQ(below.error().field, "corrections");
  EXPECT_EQ(GetBill(app_.context(), supervisor_, bill.id)->bill.status, BillStatus::kPosted);

  // A correction that bills far above the account's usual usage is refused unless the supervisor
  // confirms it (a real leak), and nothing is written.
  const std::int64_t leak = used.previous_value + 200000;
  ASSERT_LT(leak, 1000000);
  auto high =
      CancelAndRebill(app_.context(), supervisor_, bill.id, {"Leak", {{used.meter_id, leak}}});
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().reason, "READING_FAR_ABOVE_USUAL");
  EXPECT_EQ(high.error().field, "corrections");
  EXPECT_EQ(GetBill(app_.context(), supervisor_, bill.id)->bill.status, BillStatus::kPosted);

  // The meter was misread by 2,000 gallons too many.
  RebillRequest request{"Misread: 2,000 gallons too high",
                        {{used.meter_id, used.current_value - 2000}}};
  auto rebill = CancelAndRebill(app_.context(), supervisor_, bill.id, request);
  ASSERT_TRUE(rebill.ok()) << rebill.error().message;
  EXPECT_EQ(rebill->bill.replaces_bill_id, bill.id);
  // The bill was dated ahead (December 1, today is November 27): the corrected one keeps that
  // date and its due date, never less time to pay.
  EXPECT_EQ(rebill->bill.bill_date, bill.bill_date);
  EXPECT_EQ(rebill->bill.due_date, bill.due_date);
  // It is made outside any run, and still prints the cycle's message of the run it corrects.
  EXPECT_FALSE(rebill->bill.run_id.has_value());
  EXPECT_FALSE(rebill->service_ended_on.has_value());  // the account is active: not final
  ASSERT_FALSE(run.message.empty());
  EXPECT_EQ(rebill->cycle_message, run.message);
  EXPECT_EQ(rebill->bill.usage_gallons, used.usage_gallons - Quantity::FromInteger(2000));
  EXPECT_LT(rebill->bill.current_charges, bill.current_charges);
  auto cancelled = GetBill(app_.context(), supervisor_, bill.id);
  EXPECT_EQ(cancelled->bill.status, BillStatus::kCancelled);
  EXPECT_EQ(cancelled->cancelled_on, test::TestToday());  // its reversal's date
  EXPECT_FALSE(rebill->cancelled_on.has_value());
  // The print shop gets the corrected bill in the cancelled one's place, and every other bill of
  // the run as it was.
  auto printed = BillsForPrinting(app_.context(), supervisor_, run.id, BillId(), 1000);
  ASSERT_TRUE(printed.ok());
  ASSERT_EQ(static_cast<int>(printed->size()), BillsOfRun(run.id) + 1);
  ASSERT_FALSE(printed->empty());
  EXPECT_EQ(printed->front().in_run, bill.id);
  ASSERT_TRUE(printed->front().view.has_value());
  EXPECT_EQ(printed->front().view->bill.id, rebill->bill.id);
  for (std::size_t index = 1; index < printed->size(); ++index) {
    ASSERT_TRUE((*printed)[index].view.has_value());
    EXPECT_EQ((*printed)[index].view->bill.id, (*printed)[index].in_run);
  }

  // Cancelling again is refused, and the ledger still balances.
  EXPECT_EQ(CancelAndRebill(app_.context(), supervisor_, bill.id, request).error().reason,
            "BILL_ALREADY_CANCELLED");
  // The corrected bill corrected again, with a leak the supervisor confirms: billed.
  RebillRequest confirmed{"The leak was real", {{used.meter_id, leak}}};
  confirmed.confirm_high_usage = true;
  auto leaked = CancelAndRebill(app_.context(), supervisor_, rebill->bill.id, confirmed);
  ASSERT_TRUE(leaked.ok()) << leaked.error().message;
  EXPECT_GT(leaked->bill.current_charges, bill.current_charges);
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

// A posted run's page shows what its bills charged by service, from the bills themselves (its
// plan now finds every account billed), and those bills worth a look, naming each bill.
TEST_F(BillingRunTest, APostedRunShowsItsBillsChargesByServiceAndTheOnesWorthALook) {
  auto run = CreateRun(app_.context(), supervisor_, November());
  ASSERT_TRUE(run.ok());
  EXPECT_TRUE(run->posted_charges_by_service.empty());  // nothing posted yet
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id).ok());
  auto posted = PostRun(app_.context(), supervisor_, run->run.id);
  ASSERT_TRUE(posted.ok());
  auto view = GetRun(app_.context(), supervisor_, run->run.id, /*with_summary=*/true);
  ASSERT_TRUE(view.ok());
  EXPECT_TRUE(view->summary.charges_by_service.empty());  // the plan finds every account billed
  Money total;
  for (const auto& [service, amount] : view->posted_charges_by_service) total += amount;
  EXPECT_EQ(total, posted->current_charges);
  EXPECT_EQ(view->posted_charges_by_service, run->summary.charges_by_service);
  // Every estimated bill of the run is listed, as the preview listed it.
  int estimated = 0;
  for (const RunException& exception : run->summary.exceptions) {
    if (exception.kind == RunExceptionKind::kEstimated) ++estimated;
  }
  int listed = 0;
  for (const RunException& exception : view->posted_exceptions) {
    EXPECT_FALSE(RunExceptionBlocks(exception.kind));
    EXPECT_EQ(exception.detail.rfind("B-", 0), 0u) << exception.detail;
    if (exception.kind == RunExceptionKind::kEstimated) ++listed;
  }
  EXPECT_EQ(listed, estimated);
}

// "Far above history" compares a bill with the account's posted bills of the year before the
// period: the load counts them and sums their charges, leaving out a cancelled bill and the bills
// of other accounts, equal to a plain count over each account's bills.
TEST_F(BillingRunTest, TheLoadCountsEachAccountsPostedBillsOfTheYearBefore) {
  const BillingRun run = PostNovember();
  ASSERT_NE(run.id.value(), 0);
  BillId cancelled;
  {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    cancelled = FirstBillOf(*transaction, run.id).id;
  }
  ASSERT_TRUE(CancelAndRebill(app_.context(), supervisor_, cancelled, {"Misread", {}}).ok());

  // As the next month's run loads them: the year before December 2026.
  const BillingLoad load = LoadForPeriod("2026-12-01", "2026-12-31");
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const std::vector<AccountId> cycle = transaction->billing().AccountsInCycle("1").value();
  const std::vector<AccountToBill> loaded =
      transaction->billing().LoadAccountsToBill(cycle, load).value();
  ASSERT_EQ(loaded.size(), cycle.size());
  int with_several = 0;
  bool saw_cancelled = false;
  for (std::size_t index = 0; index < cycle.size(); ++index) {
    int count = 0;
    Money charges;
    for (const Bill& bill : transaction->billing().BillsOf(cycle[index], {100, 0}).value().items) {
      if (bill.id == cancelled) saw_cancelled = true;
      if (bill.status != BillStatus::kPosted) continue;
      if (bill.period_last < D("2025-11-30") || bill.period_last >= D("2026-12-01")) continue;
      ++count;
      charges += bill.current_charges;
    }
    EXPECT_EQ(loaded[index].recent_bills, count) << "account " << cycle[index].value();
    EXPECT_EQ(loaded[index].recent_charges, charges) << "account " << cycle[index].value();
    if (count > 1) ++with_several;
  }
  EXPECT_TRUE(saw_cancelled);
  EXPECT_GT(with_several, 2);
}

// An account's usage history says over how many days each bill's usage was read: from its
// readings, not its period (a new account's first bill reads only the days since turn-on).
TEST_F(BillingRunTest, UsageHistoryCountsTheDaysBetweenEachBillsReadings) {
  const BillingRun run = PostNovember();
  ASSERT_NE(run.id.value(), 0);
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  int checked = 0;
  for (const Bill& listed : transaction->billing().BillsOfRun(run.id, BillId(), 20).value()) {
    const Bill bill = transaction->billing().GetBill(listed.id).value();
    if (bill.readings.size() != 1) continue;
    const BillReading& reading = bill.readings.front();
    const auto history =
        transaction->metering().UsageHistory(bill.account_id, bill.period_first).value();
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().period_last, bill.period_last);
    EXPECT_EQ(history.back().days_read,
              DaysBetween(reading.previous_read_on, reading.current_read_on));
    ++checked;
  }
  EXPECT_GT(checked, 5);
}

// An account held back by an exception and fixed after its run posted is billed when the run is
// posted again, dated the day it is billed and with the city's full time to pay; the bills the
// run posted first keep the run's dates.
TEST_F(BillingRunTest, AnAccountFixedAfterItsRunPostedIsBilledWithTheDatesOfTheDay) {
  // Cycle 2 is not read in SetUp: read two of its meters today, the second one wrongly.
  std::vector<MeterAtPremise> meters;
  std::vector<std::int64_t> previous;
  {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    for (const Route& route : transaction->reference().ListRoutes().value()) {
      if (route.cycle != "2") continue;
      for (const MeterAtPremise& at : transaction->metering().MetersOnRoute(route.code).value()) {
        auto latest = transaction->metering().LatestReadingBefore(at.meter.id, test::TestToday());
        if (!latest.ok() || !*latest || meters.size() == 2) continue;
        meters.push_back(at);
        previous.push_back((*latest)->value);
      }
    }
  }
  ASSERT_EQ(meters.size(), 2u);
  ASSERT_TRUE(EnterReading(app_.context(), supervisor_,
                           {meters[0].meter.serial, test::TestToday(), previous[0] + 3000, "R1"})
                  .ok());
  auto held = EnterReading(app_.context(), supervisor_,
                           {meters[1].meter.serial, test::TestToday(), previous[1] - 50000, "R1"});
  ASSERT_TRUE(held.ok()) << held.error().message;
  ASSERT_TRUE(held->exception.has_value());

  RunRequest request = November();
  request.cycle = "2";
  auto run = CreateRun(app_.context(), supervisor_, request);
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_TRUE(ApproveRun(app_.context(), supervisor_, run->run.id).ok());
  auto first = PostRun(app_.context(), supervisor_, run->run.id);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->posted, 1);

  // Five days later the reading is corrected, and the run posted again.
  ExceptionDecision edit;
  edit.action = ExceptionAction::kEdit;
  edit.value = previous[1] + 2000;
  edit.reason = "Misread by the reader";
  ASSERT_TRUE(ResolveReadingException(app_.context(), supervisor_, held->exception->id, edit).ok());
  app_.clock().Advance(std::chrono::hours(24 * 5));
  const Date today = app_.context().Today();
  ASSERT_GT(today, request.bill_date.value());
  auto again = PostRun(app_.context(), supervisor_, run->run.id);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->posted, 1);
  EXPECT_EQ(again->already_billed, 1);

  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const std::vector<Bill> bills =
      transaction->billing().BillsOfRun(run->run.id, BillId(), 10).value();
  ASSERT_EQ(bills.size(), 2u);
  EXPECT_EQ(bills[0].bill_date, D("2026-12-01"));
  EXPECT_EQ(bills[0].due_date, run->run.due_date);
  EXPECT_EQ(bills[1].bill_date, today);
  EXPECT_EQ(bills[1].due_date, DueDate(app_.context().billing, today));
  EXPECT_GT(bills[1].due_date, run->run.due_date);
  EXPECT_EQ(bills[1].late_after, bills[1].due_date);
}

// A bill's lines are kept in the bill's own row (schema version 11): every value comes back as it
// went in, in order, whatever the text holds, and the stored lines can never be changed.
TEST_F(BillingRunTest, ABillsLinesComeBackExactlyAndCannotBeChanged) {
  const BillingRun run = PostNovember();
  ASSERT_NE(run.id.value(), 0);
  auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
  Bill bill = FirstBillOf(*transaction, run.id);
  ASSERT_GE(bill.lines.size(), 2u);
  // The same bill again outside any run, with text that JSON must escape.
  bill.run_id.reset();
  bill.lines[0].description = "Quote \" backslash \\ tab \t newline \n bell \a, caf\u00e9 [1,2] {}";
  bill.lines[0].quantity.reset();
  bill.lines[0].price.reset();
  bill.lines[1].step = "";
  bill.lines[1].quantity = Quantity::Parse("12345.678901", "q").value();
  ASSERT_TRUE(transaction->billing().InsertBills({&bill}).ok());
  const Bill read = transaction->billing().GetBill(bill.id).value();
  ASSERT_EQ(read.lines.size(), bill.lines.size());
  for (std::size_t index = 0; index < bill.lines.size(); ++index) {
    const BillLine& want = bill.lines[index];
    const BillLine& got = read.lines[index];
    EXPECT_EQ(got.service, want.service) << index;
    EXPECT_EQ(got.fund, want.fund) << index;
    EXPECT_EQ(got.step, want.step) << index;
    EXPECT_EQ(got.description, want.description) << index;
    EXPECT_EQ(got.quantity, want.quantity) << index;
    EXPECT_EQ(got.unit, want.unit) << index;
    EXPECT_EQ(got.price, want.price) << index;
    EXPECT_EQ(got.amount, want.amount) << index;
    EXPECT_EQ(got.version, want.version) << index;
  }
  ASSERT_TRUE(transaction->Commit().ok());
  // The database refuses to change a bill's lines.
  EXPECT_NE(test::ExecuteRawSql(app_.database_path(), "UPDATE bills SET lines = '[]' WHERE id = " +
                                                          std::to_string(bill.id.value())),
            "");
}

// A billing run's chunk of bills has their text columns written on two threads: each bill gets
// its own lines back, in a batch large enough for that and around the halfway mark.
TEST_F(BillingRunTest, ALargeBatchOfBillsKeepsEachBillsOwnLines) {
  const BillingRun run = PostNovember();
  ASSERT_NE(run.id.value(), 0);
  auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
  Bill model = FirstBillOf(*transaction, run.id);
  model.run_id.reset();
  std::vector<Bill> batch(301, model);
  std::vector<Bill*> bills;
  for (std::size_t index = 0; index < batch.size(); ++index) {
    batch[index].lines[0].description = "Bill " + std::to_string(index) + " of the batch";
    batch[index].usage_gallons = Quantity::FromInteger(static_cast<std::int64_t>(index));
    bills.push_back(&batch[index]);
  }
  ASSERT_TRUE(transaction->billing().InsertBills(bills).ok());
  for (std::size_t index = 0; index < batch.size(); ++index) {
    const Bill read = transaction->billing().GetBill(batch[index].id).value();
    ASSERT_EQ(read.lines.size(), model.lines.size()) << index;
    EXPECT_EQ(read.lines[0].description, "Bill " + std::to_string(index) + " of the batch");
    EXPECT_EQ(read.usage_gallons, Quantity::FromInteger(static_cast<std::int64_t>(index)));
    if (index > 0) EXPECT_EQ(batch[index].id.value(), batch[index - 1].id.value() + 1);
  }
  ASSERT_TRUE(transaction->Commit().ok());
}

TEST_F(BillingRunTest, RefusesABadRunRequest) {
  RunRequest request = November();
  request.cycle = "99";
  EXPECT_EQ(CreateRun(app_.context(), supervisor_, request).error().field, "cycle");
  request = November();
  request.period_first = D("2026-06-01");
  EXPECT_EQ(CreateRun(app_.context(), supervisor_, request).error().reason, "PERIOD_TOO_LONG");
  request = November();
  request.bill_date = D("2026-11-15");
  EXPECT_EQ(CreateRun(app_.context(), supervisor_, request).error().reason, "PERIOD_NOT_ENDED");
  EXPECT_FALSE(CreateRun(app_.context(), CallerWithRole(Role::kCsr), November()).ok());
}

// A cycle's runs never share a day: a period overlapping another run's is refused, naming the
// run, and writes nothing; the same period again is RUN_EXISTS (the command line resumes it).
TEST_F(BillingRunTest, RefusesAPeriodOverlappingAnotherRunOfTheCycle) {
  auto run = CreateRun(app_.context(), supervisor_, November());
  ASSERT_TRUE(run.ok());
  const auto runs_now = [&] {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return transaction->billing().ListRuns({100, 0}).value().items.size();
  };
  const std::size_t runs = runs_now();
  RunRequest half = November();
  half.period_last = D("2026-11-15");  // November 1 to 15
  auto refused = CreateRun(app_.context(), supervisor_, half);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "PERIOD_OVERLAPS_RUN");
  EXPECT_EQ(refused.error().field, "period_end");
  EXPECT_NE(refused.error().message.find("2026-11-01 to 2026-11-30"), std::string::npos)
      << refused.error().message;
  RunRequest straddling = November();
  straddling.period_first = D("2026-10-20");  // reaches into October, billed by the demo
  straddling.period_last = D("2026-11-10");
  EXPECT_EQ(CreateRun(app_.context(), supervisor_, straddling).error().reason,
            "PERIOD_OVERLAPS_RUN");
  EXPECT_EQ(CreateRun(app_.context(), supervisor_, November()).error().reason, "RUN_EXISTS");
  EXPECT_EQ(runs_now(), runs);
  // Another cycle, or the same cycle once the run is discarded, may bill those days.
  RunRequest other = half;
  other.cycle = "2";
  EXPECT_TRUE(CreateRun(app_.context(), supervisor_, other).ok());
  ASSERT_TRUE(DiscardRun(app_.context(), supervisor_, run->run.id).ok());
  EXPECT_TRUE(CreateRun(app_.context(), supervisor_, half).ok());
}

}  // namespace
}  // namespace cistern
