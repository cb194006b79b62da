#include "app/payment_import.h"

#include <gtest/gtest.h>

#include "app/ledger.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

const char kHeader[] = "account_number,amount,date,reference\n";

std::string Number(std::int64_t sequence) { return AccountNumber::FromSequence(sequence).text(); }

// The same number with its check digit changed.
std::string WithWrongCheckDigit(const std::string& number) {
  std::string wrong = number;
  wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
  return wrong;
}

std::vector<std::string> ProblemTexts(const std::vector<ImportProblem>& problems) {
  std::vector<std::string> texts;
  for (const ImportProblem& problem : problems) {
    texts.push_back(std::to_string(problem.line_number) + ": " + problem.message);
  }
  return texts;
}

ParsedImport Parse(const std::string& text) { return ParsePaymentCsv(text, test::TestToday()); }

// Expects exactly one problem, on `line_number`, mentioning `text`.
void ExpectOneProblem(const ParsedImport& parsed, int line_number, const std::string& text) {
  ASSERT_EQ(parsed.problems.size(), 1u) << testing::PrintToString(ProblemTexts(parsed.problems));
  EXPECT_EQ(parsed.problems[0].line_number, line_number);
  EXPECT_NE(parsed.problems[0].message.find(text), std::string::npos) << parsed.problems[0].message;
}

// ---- ParsePaymentCsv ----

TEST(ParsePaymentCsvTest, ReadsEachPaymentLine) {
  const ParsedImport parsed =
      Parse(std::string(kHeader) + Number(1) + ",125.00,2026-11-27,LBX-1\n" + Number(2) +
            ",0.01,2026-11-20,LBX-2\n");
  EXPECT_TRUE(parsed.problems.empty()) << testing::PrintToString(ProblemTexts(parsed.problems));
  ASSERT_EQ(parsed.lines.size(), 2u);
  EXPECT_EQ(parsed.lines[0].line_number, 2);
  EXPECT_EQ(parsed.lines[0].account_number, AccountNumber::FromSequence(1));
  EXPECT_EQ(parsed.lines[0].amount, Cents(12500));
  EXPECT_EQ(parsed.lines[0].received_on, test::TestToday());
  EXPECT_EQ(parsed.lines[0].reference, "LBX-1");
  EXPECT_EQ(parsed.lines[1].line_number, 3);
  EXPECT_EQ(parsed.lines[1].amount, Cents(1));
  EXPECT_EQ(parsed.lines[1].received_on, std::chrono::year(2026) / 11 / 20);
}

TEST(ParsePaymentCsvTest, TheHeaderIsRequired) {
  const ParsedImport parsed = Parse(Number(1) + ",125.00,2026-11-27,LBX-1\n");
  EXPECT_TRUE(parsed.lines.empty());
  ExpectOneProblem(parsed, 1, "header");

  const ParsedImport reordered =
      Parse("amount,account_number,date,reference\n" + Number(1) + ",125.00,2026-11-27,A\n");
  EXPECT_TRUE(reordered.lines.empty());
  ExpectOneProblem(reordered, 1, "header");
}

TEST(ParsePaymentCsvTest, AnEmptyFileIsAProblem) {
  ExpectOneProblem(Parse(""), 1, "empty");
  ExpectOneProblem(Parse("\n\n  \n"), 1, "empty");
}

TEST(ParsePaymentCsvTest, AHeaderAloneHasNoPaymentsAndNoProblems) {
  const ParsedImport parsed = Parse(kHeader);
  EXPECT_TRUE(parsed.lines.empty());
  EXPECT_TRUE(parsed.problems.empty());
}

TEST(ParsePaymentCsvTest, ABadAmountIsReportedByLine) {
  for (const char* amount : {"abc", "12.345", "0.00", "-5.00", "", "1e3"}) {
    SCOPED_TRACE(amount);
    const ParsedImport parsed =
        Parse(std::string(kHeader) + Number(1) + "," + amount + ",2026-11-27,LBX-1\n");
    EXPECT_TRUE(parsed.lines.empty());
    ExpectOneProblem(parsed, 2, "amount");
  }
}

TEST(ParsePaymentCsvTest, ABadCheckDigitIsReportedByLine) {
  const ParsedImport parsed = Parse(std::string(kHeader) + Number(1) + ",1.00,2026-11-27,A\n" +
                                    WithWrongCheckDigit(Number(2)) + ",2.00,2026-11-27,B\n");
  ASSERT_EQ(parsed.lines.size(), 1u);
  EXPECT_EQ(parsed.lines[0].reference, "A");
  ExpectOneProblem(parsed, 3, "account number");
}

TEST(ParsePaymentCsvTest, DatesInTheFutureOrOverAYearOldAreRefused) {
  const std::string text = std::string(kHeader) +                                  //
                           Number(1) + ",1.00,2026-11-28,FUTURE\n" +               //
                           Number(1) + ",1.00,2025-11-25,TOO-OLD\n" +              //
                           Number(1) + ",1.00,2026-11-31,NO-SUCH-DAY\n" +          //
                           Number(1) + ",1.00,11/27/2026,US-STYLE\n" +             //
                           Number(1) + "," + "1.00," + "2025-11-27,A-YEAR-AGO\n";  // 365 days
  const ParsedImport parsed = Parse(text);
  EXPECT_EQ(ProblemTexts(parsed.problems).size(), 4u)
      << testing::PrintToString(ProblemTexts(parsed.problems));
  for (const ImportProblem& problem : parsed.problems) {
    EXPECT_NE(problem.message.find("date"), std::string::npos) << problem.message;
  }
  ASSERT_EQ(parsed.lines.size(), 1u);
  EXPECT_EQ(parsed.lines[0].reference, "A-YEAR-AGO");
}

TEST(ParsePaymentCsvTest, ADuplicateReferenceIsReportedOnItsSecondLine) {
  const ParsedImport parsed = Parse(std::string(kHeader) + Number(1) + ",1.00,2026-11-27,R1\n" +
                                    Number(2) + ",2.00,2026-11-27,R1\n");
  ASSERT_EQ(parsed.lines.size(), 1u);
  EXPECT_EQ(parsed.lines[0].amount, Cents(100));
  ExpectOneProblem(parsed, 3, "R1 appears twice");
}

TEST(ParsePaymentCsvTest, QuotedFieldsMayHoldCommasAndQuotes) {
  const ParsedImport parsed = Parse(std::string(kHeader) + "\"" + Number(1) +
                                    "\",\"1,250.00\",2026-11-27," + "\"LBX, batch \"\"7\"\"\"\n");
  EXPECT_TRUE(parsed.problems.empty()) << testing::PrintToString(ProblemTexts(parsed.problems));
  ASSERT_EQ(parsed.lines.size(), 1u);
  EXPECT_EQ(parsed.lines[0].amount, Cents(125000));
  EXPECT_EQ(parsed.lines[0].reference, "LBX, batch \"7\"");
}

TEST(ParsePaymentCsvTest, CrlfLineEndingsAndSurroundingSpacesAreAccepted) {
  const ParsedImport parsed =
      Parse("account_number, amount, date, reference\r\n" + Number(1) +
            " , 10.00 ,2026-11-27, R1 \r\n" + Number(2) + ",20.00,2026-11-27,R2");
  EXPECT_TRUE(parsed.problems.empty()) << testing::PrintToString(ProblemTexts(parsed.problems));
  ASSERT_EQ(parsed.lines.size(), 2u);
  EXPECT_EQ(parsed.lines[0].reference, "R1");
  EXPECT_EQ(parsed.lines[1].reference, "R2") << "no carriage return and no final newline";
  EXPECT_EQ(parsed.lines[1].amount, Cents(2000));
}

TEST(ParsePaymentCsvTest, BlankLinesAreSkippedButStillCounted) {
  const ParsedImport parsed = Parse("\n" + std::string(kHeader) + "\n   \n" + Number(1) +
                                    ",1.00,2026-11-27,R1\n\n" + Number(1) + ",x,2026-11-27,R2\n");
  ASSERT_EQ(parsed.lines.size(), 1u);
  EXPECT_EQ(parsed.lines[0].line_number, 5);
  ExpectOneProblem(parsed, 7, "amount");
}

TEST(ParsePaymentCsvTest, ALineHoldingACardNumberIsRefusedWithoutEchoingIt) {
  const ParsedImport parsed =
      Parse(std::string(kHeader) + Number(1) + ",1.00,2026-11-27,4111 1111 1111 1111\n" +
            Number(2) + ",2.00,2026-11-27,R2\n");
  ASSERT_EQ(parsed.lines.size(), 1u);
  EXPECT_EQ(parsed.lines[0].reference, "R2");
  ExpectOneProblem(parsed, 2, "card number");
  EXPECT_EQ(parsed.problems[0].message.find("1111"), std::string::npos);
}

TEST(ParsePaymentCsvTest, AWrongNumberOfFieldsOrAMissingReferenceIsReported) {
  const ParsedImport parsed =
      Parse(std::string(kHeader) + Number(1) + ",1.00,2026-11-27\n" + Number(1) +
            ",1.00,2026-11-27,R,extra\n" + Number(1) + ",1.00,2026-11-27,\n" + Number(1) +
            ",1.00,2026-11-27," + std::string(61, 'r') + "\n");
  EXPECT_TRUE(parsed.lines.empty());
  EXPECT_EQ(ProblemTexts(parsed.problems),
            (std::vector<std::string>{"2: has 3 fields; expected 4", "3: has 5 fields; expected 4",
                                      "4: reference is required (at most 60 characters)",
                                      "5: reference is required (at most 60 characters)"}));
}

// ---- ImportPayments ----

class ImportPaymentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    const AccountDetail first = test::CreateSampleAccountDetail(app_);
    const AccountDetail second = test::CreateSampleAccountDetail(app_);
    first_ = first.account.id;
    second_ = second.account.id;
    first_number_ = first.account.number.text();
    second_number_ = second.account.number.text();
    finance_ = test::InsertCaller(app_, "fran", Role::kFinance, "Fran Lee");
    test::PostChargesForTest(app_, first_, {{"water", Cents(3000)}, {"sewer", Cents(2000)}});
    app_.clock().Advance(1h);
  }

  // Two good lines, one per account.
  std::string GoodFile() {
    return std::string(kHeader) + first_number_ + ",60.00,2026-11-26,LBX-1\n" + second_number_ +
           ",25.00,2026-11-27,LBX-2\n";
  }

  Result<ImportReport> Import(const std::string& text, ImportMode mode,
                              const std::string& source = "lockbox-2026-11-27.csv") {
    return ImportPayments(app_.context(), finance_, Parse(text), source, Tender::kCheck, mode);
  }

  AccountLedger Ledger(AccountId account) {
    return GetAccountLedger(app_.context(), CallerWithRole(Role::kAuditor), account).value();
  }

  test::TestApp app_;
  AccountId first_;
  AccountId second_;
  std::string first_number_;
  std::string second_number_;
  Caller finance_;
};

TEST_F(ImportPaymentsTest, PostsEveryLineAsAnAllocatedPayment) {
  const auto report = Import(GoodFile(), ImportMode::kAllOrNothing);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->problems.empty()) << testing::PrintToString(ProblemTexts(report->problems));
  EXPECT_EQ(report->posted, 2);
  EXPECT_EQ(report->total, Cents(8500));

  EXPECT_EQ(Ledger(first_).balance, Cents(-1000)) << "50.00 owed, 60.00 paid";
  EXPECT_EQ(Ledger(first_).credit, Cents(1000));
  EXPECT_EQ(Ledger(second_).balance, Cents(-2500));

  PaymentFilter filter;
  filter.account_id = first_;
  const auto payments = ListPayments(app_.context(), finance_, filter, {}).value();
  ASSERT_EQ(payments.items.size(), 1u);
  const Payment& payment = payments.items[0].payment;
  EXPECT_EQ(payment.amount, Cents(6000));
  EXPECT_EQ(payment.tender, Tender::kCheck);
  EXPECT_EQ(payment.reference, "LBX-1");
  EXPECT_EQ(payment.source, "import:lockbox-2026-11-27.csv");
  EXPECT_EQ(payment.received_on, std::chrono::year(2026) / 11 / 26);
  EXPECT_FALSE(payment.drawer_id.has_value());
  EXPECT_EQ(payment.posted_by, finance_.user_id);
  EXPECT_EQ(test::GetEntryForTest(app_, payment.entry_id).effective_on,
            std::chrono::year(2026) / 11 / 26);
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "payments.import");
  EXPECT_TRUE(CheckLedger(app_.context(), finance_).value().ok());
}

TEST_F(ImportPaymentsTest, AllOrNothingPostsNothingWhenAnyLineHasAProblem) {
  const std::string text = GoodFile() + first_number_ + ",abc,2026-11-27,LBX-3\n";
  const auto before = app_.RowCounts();
  const auto report = Import(text, ImportMode::kAllOrNothing);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->posted, 0);
  EXPECT_EQ(report->total, Cents(0));
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].line_number, 4);
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(ImportPaymentsTest, AllOrNothingPostsNothingWhenAnAccountIsUnknown) {
  const std::string text = GoodFile() + Number(999'999) + ",5.00,2026-11-27,LBX-3\n";
  const auto before = app_.RowCounts();
  const auto report = Import(text, ImportMode::kAllOrNothing);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->posted, 0);
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(ImportPaymentsTest, PostValidLinesPostsTheRestAndReportsTheProblems) {
  const std::string text = std::string(kHeader) + first_number_ + ",x,2026-11-27,BAD\n" +
                           GoodFile().substr(sizeof(kHeader) - 1);
  const auto report = Import(text, ImportMode::kPostValidLines);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->posted, 2);
  EXPECT_EQ(report->total, Cents(8500));
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].line_number, 2);
  EXPECT_EQ(test::RowCount(app_, "payments"), 2);
}

TEST_F(ImportPaymentsTest, UnknownAndClosedAccountsAreReportedByLineNumber) {
  const AccountDetail closed = test::CreateSampleAccountDetail(app_);
  test::CloseAccountForTest(app_, closed.account.id);
  const std::string unknown = Number(999'999);
  const std::string text = std::string(kHeader) +                                    //
                           closed.account.number.text() + ",5.00,2026-11-27,C1\n" +  // line 2
                           first_number_ + ",5.00,2026-11-27,OK1\n" +                // line 3
                           unknown + ",5.00,2026-11-27,U1\n" +                       // line 4
                           unknown + ",6.00,2026-11-27,U2\n";                        // line 5
  const auto report = Import(text, ImportMode::kPostValidLines);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->posted, 1);
  EXPECT_EQ(ProblemTexts(report->problems),
            (std::vector<std::string>{"2: account " + closed.account.number.text() + " is closed",
                                      "4: account " + unknown + " does not exist",
                                      "5: account " + unknown + " does not exist"}));
}

TEST_F(ImportPaymentsTest, ReRunningTheSameFileSkipsWhatWasImported) {
  ASSERT_EQ(Import(GoodFile(), ImportMode::kAllOrNothing).value().posted, 2);
  const auto before = app_.RowCounts();
  const auto again = Import(GoodFile(), ImportMode::kPostValidLines);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->posted, 0);
  ASSERT_EQ(again->problems.size(), 2u);
  EXPECT_NE(again->problems[0].message.find("LBX-1 was already imported"), std::string::npos)
      << again->problems[0].message;
  EXPECT_EQ(app_.RowCounts(), before);

  // A longer version of the file posts only its new line.
  const std::string longer = GoodFile() + second_number_ + ",7.00,2026-11-27,LBX-3\n";
  const auto resumed = Import(longer, ImportMode::kPostValidLines);
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  EXPECT_EQ(resumed->posted, 1);
  EXPECT_EQ(resumed->total, Cents(700));
  EXPECT_EQ(test::RowCount(app_, "payments"), 3);
}

TEST_F(ImportPaymentsTest, TheSameReferenceFromAnotherSourceIsANewPayment) {
  ASSERT_EQ(Import(GoodFile(), ImportMode::kAllOrNothing).value().posted, 2);
  const auto other = Import(GoodFile(), ImportMode::kAllOrNothing, "lockbox-2026-11-28.csv");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->posted, 2);
}

TEST_F(ImportPaymentsTest, AnAccountPaidInConsecutiveChunksAllocatesFromItsNewestLines) {
  // 6,000 one-cent payments to one account post in several chunks (2,500 each), each read ahead
  // while the one before it was written. The $50.00 owed is paid once; the last
  // $10.00 is a credit, not a second payment of the same charges.
  std::string text = kHeader;
  for (int index = 0; index < 6000; ++index) {
    text += first_number_ + ",0.01,2026-11-27,CH-" + std::to_string(index) + "\n";
  }
  auto report = Import(text, ImportMode::kAllOrNothing);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->posted, 6000);
  const AccountLedger ledger = Ledger(first_);
  EXPECT_TRUE(ledger.by_fund.empty());
  EXPECT_EQ(ledger.credit, Cents(1000));
  EXPECT_EQ(ledger.balance, Cents(-1000));
}

TEST_F(ImportPaymentsTest, RolesWithoutPostPaymentsAreRefused) {
  const auto before = app_.RowCounts();
  const auto refused =
      ImportPayments(app_.context(), CallerWithRole(Role::kAuditor), Parse(GoodFile()), "x.csv",
                     Tender::kCheck, ImportMode::kAllOrNothing);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(app_.RowCounts(), before);
}

}  // namespace
}  // namespace cistern
