// Deposits by the city's written guidelines (issue 5, "Start service" and "Deposits";
// config/deposits.toml; docs/ledger.md, "Deposits").
//
// The rules are plain data read from the configuration file; ComputeDeposit is a pure function
// from the rules and the facts about one customer at one premise to the amount and the reasons
// the CSR reads out. The credit check is a port (CreditCheck): the demo ships OfflineCreditCheck,
// where the CSR types the result from the bureau's report; a bureau connector implements the same
// interface later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"

namespace cistern {

enum class Tenure { kOwner, kRenter };
const char* TenureCode(Tenure tenure);  // "owner", "renter"
std::optional<Tenure> ParseTenure(std::string_view code);

// A credit bureau's verdict, as the rules use it.
enum class CreditRating { kGood, kFair, kPoor, kNoFile };
const char* CreditRatingCode(CreditRating rating);  // "good", "fair", "poor", "no_file"
std::optional<CreditRating> ParseCreditRating(std::string_view code);

// One rate-class group's deposit schedule.
struct DepositClassRule {
  std::string code;                        // "residential", "commercial"
  std::string name;                        // "Residential"
  std::vector<std::string> premise_types;  // the premise type codes that fall in this class
  Money renter;                            // a renter's deposit, whatever the credit
  // An owner's deposit by credit rating: good, fair, poor, no_file.
  Money owner_good;
  Money owner_fair;
  Money owner_poor;
  Money owner_no_file;
  Money maximum;  // the deposit never exceeds this (history additions included)
};

struct DepositRules {
  std::vector<DepositClassRule> classes;
  // The customer's own history: late payments counted over `late_window_months`; at least
  // `late_threshold` of them add `late_addition` once. Each returned payment (NSF) within
  // `returned_window_months` adds `returned_addition`.
  int late_window_months = 12;
  int late_threshold = 2;
  Money late_addition;
  int returned_window_months = 24;
  Money returned_addition;
  std::string fund = "general";  // the receivable fund deposit installments are billed on
  int installments_max = 2;      // a deposit may be billed over at most this many bills
  // Annual simple interest paid on held deposits, in millionths (1.5% = 15000); 0 = none.
  std::int64_t interest_rate_ppm = 0;
  std::string interest_expense_gl;  // the GL code interest is charged to; required when rate > 0
  int refund_after_months = 24;     // months of good history after which a deposit is refunded

  const DepositClassRule* FindClass(std::string_view code) const;
  const DepositClassRule* ClassForPremiseType(std::string_view premise_type) const;
};

// INVALID_ARGUMENT naming the setting (for the config loader): at least one class, distinct
// codes, no premise type in two classes, amounts >= 0 and within the maximum, windows 1..120
// months, installments 1..12, rate 0..20%, refund period 1..120 months.
Status ValidateDepositRules(const DepositRules& rules);

// A credit check's result, with where it came from.
struct CreditCheckResult {
  CreditRating rating = CreditRating::kNoFile;
  std::string reference;  // the bureau's report number
  std::string source;     // "offline" (entered by the CSR) or a connector's name
};

// What the rules look at for one customer at one premise.
struct DepositFacts {
  std::string class_code;
  Tenure tenure = Tenure::kRenter;
  int late_payments = 0;                    // within late_window_months
  int returned_payments = 0;                // within returned_window_months
  std::optional<CreditCheckResult> credit;  // owners need one
};

struct DepositQuote {
  Money amount;
  std::vector<std::string> reasons;  // one sentence each, in the order they were applied
};

// The deposit the guidelines require. Refuses an unknown class ("rate_class", CLASS_UNKNOWN),
// an owner without a credit check ("credit_rating", CREDIT_CHECK_REQUIRED) and negative counts.
Result<DepositQuote> ComputeDeposit(const DepositRules& rules, const DepositFacts& facts);

// Splits `amount` over `count` bills: equal parts, the odd cents on the first.
std::vector<Money> SplitInstallments(Money amount, int count);

// Simple interest on `principal` for `days` at `rate_ppm` a year (365-day year), exact in
// integer arithmetic and rounded half up to the cent: principal * rate * days / (1e6 * 365).
Money DepositInterest(Money principal, std::int64_t rate_ppm, std::int64_t days);

// The credit check port. A bureau connector would call out and return the report; the offline
// implementation returns what the CSR typed from the bureau's paper or portal report.
class CreditCheck {
 public:
  virtual ~CreditCheck() = default;
  struct Subject {
    std::string customer_name;
    std::string service_address;
  };
  virtual Result<CreditCheckResult> Check(const Subject& subject) = 0;
};

class OfflineCreditCheck final : public CreditCheck {
 public:
  // `rating` is the code the CSR entered ("good", "fair", "poor", "no_file"); `reference` the
  // report number (required, 1-60 characters).
  OfflineCreditCheck(std::string rating, std::string reference)
      : rating_(std::move(rating)), reference_(std::move(reference)) {}
  Result<CreditCheckResult> Check(const Subject& subject) override;

 private:
  std::string rating_;
  std::string reference_;
};

}  // namespace cistern
