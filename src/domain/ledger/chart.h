// The chart of GL accounts: the city's general-ledger accounts that Cistern posts to, read from
// config/finance.toml. Every journal line names one of them by code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace cistern {

// What a GL account is for; the ledger rules find accounts by kind (and fund or bank).
enum class GlKind {
  kCash,              // an asset: a bank account payments are deposited to (one per bank)
  kReceivable,        // an asset: customer accounts receivable, one per fund
  kRevenue,           // revenue from a service, one per fund
  kPenaltyRevenue,    // late fees
  kFeeRevenue,        // miscellaneous fees and fines
  kDepositsHeld,      // a liability: customer deposits
  kUnappliedCredits,  // a liability: customers' credit balances
  kRefundsPayable,    // a liability: refunds approved, not yet paid by accounts payable
  kBadDebt,           // an expense: write-offs
};

const char* GlKindCode(GlKind kind);  // "cash", "receivable", ...
std::optional<GlKind> ParseGlKind(std::string_view code);

struct GlAccount {
  std::string code;  // the city's GL account number, e.g. "1210"
  std::string name;  // "Accounts receivable - water"
  GlKind kind = GlKind::kCash;
  std::string fund;  // "water", "sewer", ...; required for receivable and revenue
  std::string bank;  // cash accounts only: the bank's short code
};

// A validated chart. Lookups return nullptr when the chart has no such account.
class Chart {
 public:
  Chart() = default;
  // Refuses duplicate codes, a receivable or revenue account without a fund, two receivables for
  // one fund, a cash account without a bank, and a chart missing unapplied credits. Errors name
  // the account's code in `field`.
  static Result<Chart> Make(std::vector<GlAccount> accounts);

  const GlAccount* Find(std::string_view code) const;
  const GlAccount* Receivable(std::string_view fund) const;
  const GlAccount* Revenue(std::string_view fund) const;
  const GlAccount* Cash(std::string_view bank) const;
  const GlAccount* OfKind(GlKind kind) const;  // the first account of a kind
  const std::vector<GlAccount>& accounts() const { return accounts_; }
  // The funds that have a receivable account, in chart order.
  std::vector<std::string> Funds() const;

 private:
  std::vector<GlAccount> accounts_;
};

}  // namespace cistern
