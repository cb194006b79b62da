#include <gtest/gtest.h>

#include "app/ledger.h"
#include "app/payment_import.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

bool AnyMentions(const std::vector<std::string>& violations, const std::string& text) {
  for (const std::string& violation : violations) {
    if (violation.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& violations) {
  std::string text;
  for (const std::string& violation : violations) text += violation + "\n";
  return text;
}

// A ledger with every kind of entry the use cases write.
class LedgerCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    second_ = test::CreateAccountForSameCustomer(app_, account_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
    auditor_ = CallerWithRole(Role::kAuditor);
    ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
  }

  void MakeBusy() {
    test::PostChargesForTest(app_, account_,
                             {{"water", Cents(4210)},
                              {"sewer", Cents(3300)},
                              {"sanitation", Cents(1150)},
                              {"stormwater", Cents(350)}},
                             std::chrono::year(2026) / 10 / 28);
    ASSERT_TRUE(PostFee(app_.context(), csr_, account_, "reconnect", "", {}).ok());
    check_ = PostPayment(app_.context(), csr_, Check(Cents(6000)), {}).value().payment;
    ASSERT_TRUE(PostPayment(app_.context(), csr_, Cash(Cents(9999)), {}).ok());
    AdjustmentRequest adjustment;
    adjustment.account_id = account_;
    adjustment.direction = AdjustmentDirection::kCredit;
    adjustment.amount = Cents(2500);
    adjustment.fund = "water";
    adjustment.reason_code = "billing_error";
    adjustment.memo = "Misread";
    ASSERT_TRUE(RequestAdjustment(app_.context(), csr_, adjustment, {}).ok());
    const auto refund = RequestRefund(app_.context(), csr_, account_, Cents(100), "").value();
    ASSERT_TRUE(
        DecideRefund(app_.context(), supervisor_, refund.refund.id, Decision::kApprove, "").ok());
    ASSERT_TRUE(ReversePayment(app_.context(), supervisor_, check_.id,
                               ReturnReason::kInsufficientFunds, "", {})
                    .ok());
    ASSERT_TRUE(TransferBalance(app_.context(), csr_, account_, second_, "", {}).ok());
  }

  PaymentRequest Cash(Money amount) {
    PaymentRequest request;
    request.account_id = account_;
    request.amount = amount;
    return request;
  }
  PaymentRequest Check(Money amount) {
    PaymentRequest request = Cash(amount);
    request.tender = Tender::kCheck;
    request.check_number = "77";
    request.bank_name = "FNB";
    return request;
  }

  LedgerCheckReport Check() { return CheckLedger(app_.context(), auditor_).value(); }

  std::string Corrupt(const std::string& sql) {
    return test::ExecuteRawSql(app_.database_path(), sql);
  }

  test::TestApp app_;
  AccountId account_;
  AccountId second_;
  Caller csr_;
  Caller supervisor_;
  Caller auditor_;
  Payment check_;
};

TEST_F(LedgerCheckTest, AnEmptyLedgerPasses) {
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(report.ok()) << Joined(report.violations);
  EXPECT_EQ(report.entries_checked, 0);
}

TEST_F(LedgerCheckTest, ABusyLedgerPassesAndEveryEntryIsChecked) {
  MakeBusy();
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(report.ok()) << Joined(report.violations);
  EXPECT_EQ(report.entries_checked, test::RowCount(app_, "journal_entries"));
  EXPECT_GE(report.entries_checked, 9);
}

TEST_F(LedgerCheckTest, TheJournalRefusesUpdatesAndDeletes) {
  MakeBusy();
  EXPECT_NE(Corrupt("UPDATE journal_lines SET amount_cents = 1 WHERE entry_id = 1"
                    " AND position = 0")
                .find("append-only"),
            std::string::npos);
  EXPECT_NE(Corrupt("DELETE FROM journal_entries WHERE id = 1").find("append-only"),
            std::string::npos);
  EXPECT_NE(Corrupt("UPDATE journal_entries SET memo = 'x' WHERE id = 1").find("append-only"),
            std::string::npos);
  EXPECT_TRUE(Check().ok());
}

TEST_F(LedgerCheckTest, ALineChangedBehindItsBackIsReportedNamingTheEntry) {
  MakeBusy();
  const std::int64_t entry = check_.entry_id.value();
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET amount_cents = amount_cents + 1 WHERE entry_id = " +
                    std::to_string(entry) + " AND position = 0"),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_FALSE(report.ok());
  const std::string name = "je_" + std::to_string(entry);
  EXPECT_TRUE(AnyMentions(report.violations, "entry " + name)) << Joined(report.violations);
  // The payment register no longer matches its entry's cash line either.
  EXPECT_TRUE(AnyMentions(report.violations, "payment pay_" + std::to_string(check_.id.value())))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AReceivableLineWithoutAnAccountIsReported) {
  MakeBusy();
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  // A receivable line that names no account: the GL control and the subledger disagree.
  const JournalEntryId charge = test::PostChargesForTest(app_, account_, {{"water", Cents(500)}});
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET account_id = NULL WHERE entry_id = " +
                    std::to_string(charge.value()) + " AND position = 0"),
            "");
  const LedgerCheckReport report = Check();
  const std::string name = "je_" + std::to_string(charge.value());
  EXPECT_TRUE(AnyMentions(report.violations, name + " has a customer-money line that names no"))
      << Joined(report.violations);
  EXPECT_TRUE(AnyMentions(report.violations, "fund water: receivables control"))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AGlCodeOutsideTheChartIsReported) {
  MakeBusy();
  const JournalEntryId fee = test::PostChargesForTest(app_, account_, {{"water", Cents(500)}});
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET gl_code = '4999' WHERE entry_id = " +
                    std::to_string(fee.value()) + " AND position = 1"),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(AnyMentions(report.violations, "GL code 4999 is not in the chart"))
      << Joined(report.violations);
  EXPECT_TRUE(AnyMentions(report.violations, "entry je_" + std::to_string(fee.value())))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AnEntryReversedTwiceIsReported) {
  MakeBusy();
  // A second reversal of the returned check's entry, written behind the use cases' back.
  const std::string original = std::to_string(check_.entry_id.value());
  ASSERT_EQ(
      Corrupt("INSERT INTO journal_entries (kind, effective_on, posted_at, memo, reverses)"
              " VALUES ('payment_reversal', '2026-11-27', '2026-11-27T16:00:00Z', 'again', " +
              original +
              ");"
              "INSERT INTO journal_lines (entry_id, position, gl_code, amount_cents,"
              " account_id, fund, effective_on) SELECT last_insert_rowid(), position, gl_code,"
              " -amount_cents, account_id, fund, '2026-11-27' FROM journal_lines"
              " WHERE entry_id = " +
              original),
      "");
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(
      AnyMentions(report.violations, "entry je_" + original + " is reversed more than once"))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, ALineWhoseCopyOfTheEntryDateDriftedIsReported) {
  // Lines repeat their entry's effective date for fast reads (allocation and aging read the
  // line's copy; GL totals read the entry's). A copy that disagrees is corruption the check
  // must name, or aged receivables silently stop tying to the receivables control.
  MakeBusy();
  const JournalEntryId charge = test::PostChargesForTest(app_, account_, {{"water", Cents(500)}});
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET effective_on = '2026-01-01' WHERE entry_id = " +
                    std::to_string(charge.value())),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(AnyMentions(report.violations, "je_" + std::to_string(charge.value())))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AnEntryWithoutLinesIsReported) {
  ASSERT_EQ(Corrupt("INSERT INTO journal_entries (kind, effective_on, posted_at, memo)"
                    " VALUES ('charge', '2026-11-27', '2026-11-27T16:00:00Z', 'empty')"),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_EQ(report.entries_checked, 1);
  EXPECT_TRUE(AnyMentions(report.violations, "je_1 does not balance or has fewer than two lines"))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, ViolationsStopAtTheLimit) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Corrupt("INSERT INTO journal_entries (kind, effective_on, posted_at, memo)"
                      " VALUES ('charge', '2026-11-27', '2026-11-27T16:00:00Z', 'empty')"),
              "");
  }
  const LedgerCheckReport report = CheckLedger(app_.context(), auditor_, 3).value();
  EXPECT_EQ(report.violations.size(), 3u);
  EXPECT_EQ(report.entries_checked, 5);
}

TEST_F(LedgerCheckTest, OnlyReportRolesMayRunIt) {
  for (Role role : {Role::kCsr, Role::kField}) {
    const auto refused = CheckLedger(app_.context(), CallerWithRole(role));
    ASSERT_FALSE(refused.ok()) << RoleCode(role);
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  }
  for (Role role : {Role::kSupervisor, Role::kFinance, Role::kAdmin, Role::kAuditor}) {
    EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(role)).ok()) << RoleCode(role);
  }
}

}  // namespace
}  // namespace cistern
