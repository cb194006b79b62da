#include "domain/ledger/chart.h"

#include <set>

namespace cistern {

const char* GlKindCode(GlKind kind) {
  switch (kind) {
    case GlKind::kCash:
      return "cash";
    case GlKind::kReceivable:
      return "receivable";
    case GlKind::kRevenue:
      return "revenue";
    case GlKind::kPenaltyRevenue:
      return "penalty_revenue";
    case GlKind::kFeeRevenue:
      return "fee_revenue";
    case GlKind::kDepositsHeld:
      return "deposits_held";
    case GlKind::kUnappliedCredits:
      return "unapplied_credits";
    case GlKind::kRefundsPayable:
      return "refunds_payable";
    case GlKind::kBadDebt:
      return "bad_debt";
  }
  return "cash";
}

std::optional<GlKind> ParseGlKind(std::string_view code) {
  for (GlKind kind : {GlKind::kCash, GlKind::kReceivable, GlKind::kRevenue, GlKind::kPenaltyRevenue,
                      GlKind::kFeeRevenue, GlKind::kDepositsHeld, GlKind::kUnappliedCredits,
                      GlKind::kRefundsPayable, GlKind::kBadDebt}) {
    if (code == GlKindCode(kind)) return kind;
  }
  return std::nullopt;
}

Result<Chart> Chart::Make(std::vector<GlAccount> accounts) {
  std::set<std::string> codes;
  std::set<std::string> receivable_funds;
  std::set<std::string> revenue_funds;
  std::set<std::string> banks;
  bool has_unapplied = false;
  for (const GlAccount& account : accounts) {
    const std::string field = "gl_account." + account.code;
    if (account.code.empty() || account.name.empty()) {
      return Error::InvalidArgument(field, "GL_ACCOUNT_INCOMPLETE",
                                    "Every GL account needs a code and a name.");
    }
    if (!codes.insert(account.code).second) {
      return Error::InvalidArgument(field, "GL_ACCOUNT_DUPLICATE",
                                    "GL account " + account.code + " appears twice.");
    }
    const bool needs_fund = account.kind == GlKind::kReceivable || account.kind == GlKind::kRevenue;
    if (needs_fund && account.fund.empty()) {
      return Error::InvalidArgument(
          field, "GL_ACCOUNT_FUND_REQUIRED",
          "GL account " + account.code + " (" + GlKindCode(account.kind) + ") needs a fund.");
    }
    if (account.kind == GlKind::kReceivable && !receivable_funds.insert(account.fund).second) {
      return Error::InvalidArgument(field, "GL_RECEIVABLE_DUPLICATE",
                                    "Fund " + account.fund + " has two receivable accounts.");
    }
    if (account.kind == GlKind::kRevenue && !revenue_funds.insert(account.fund).second) {
      return Error::InvalidArgument(field, "GL_REVENUE_DUPLICATE",
                                    "Fund " + account.fund + " has two revenue accounts.");
    }
    if (account.kind == GlKind::kCash) {
      if (account.bank.empty() || !banks.insert(account.bank).second) {
        return Error::InvalidArgument(
            field, "GL_CASH_BANK_INVALID",
            "Cash account " + account.code + " needs a bank code of its own.");
      }
    }
    has_unapplied = has_unapplied || account.kind == GlKind::kUnappliedCredits;
  }
  if (!has_unapplied || banks.empty() || receivable_funds.empty()) {
    return Error::InvalidArgument("gl_account", "GL_CHART_INCOMPLETE",
                                  "The chart needs at least one cash account, one receivable "
                                  "account and an unapplied credits account.");
  }
  Chart chart;
  chart.accounts_ = std::move(accounts);
  return chart;
}

const GlAccount* Chart::Find(std::string_view code) const {
  for (const GlAccount& account : accounts_) {
    if (account.code == code) return &account;
  }
  return nullptr;
}

const GlAccount* Chart::Receivable(std::string_view fund) const {
  for (const GlAccount& account : accounts_) {
    if (account.kind == GlKind::kReceivable && account.fund == fund) return &account;
  }
  return nullptr;
}

const GlAccount* Chart::Revenue(std::string_view fund) const {
  for (const GlAccount& account : accounts_) {
    if (account.kind == GlKind::kRevenue && account.fund == fund) return &account;
  }
  return nullptr;
}

const GlAccount* Chart::Cash(std::string_view bank) const {
  for (const GlAccount& account : accounts_) {
    if (account.kind == GlKind::kCash && account.bank == bank) return &account;
  }
  return nullptr;
}

const GlAccount* Chart::OfKind(GlKind kind) const {
  for (const GlAccount& account : accounts_) {
    if (account.kind == kind) return &account;
  }
  return nullptr;
}

std::vector<std::string> Chart::Funds() const {
  std::vector<std::string> funds;
  for (const GlAccount& account : accounts_) {
    if (account.kind == GlKind::kReceivable) funds.push_back(account.fund);
  }
  return funds;
}

}  // namespace cistern
