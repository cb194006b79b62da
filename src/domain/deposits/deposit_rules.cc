#include "domain/deposits/deposit_rules.h"

#include <set>

namespace cistern {
namespace {

std::string Months(int months) { return std::to_string(months) + " months"; }

Status CheckAmount(Money amount, const std::string& field) {
  if (amount.is_negative()) {
    return Error::InvalidArgument(field, "DEPOSIT_RULE_INVALID", field + " is not negative.");
  }
  return OkStatus();
}

Status CheckMonths(int months, const std::string& field) {
  if (months < 1 || months > 120) {
    return Error::InvalidArgument(field, "DEPOSIT_RULE_INVALID",
                                  field + " is from 1 to 120 months.");
  }
  return OkStatus();
}

}  // namespace

const char* TenureCode(Tenure tenure) { return tenure == Tenure::kOwner ? "owner" : "renter"; }

std::optional<Tenure> ParseTenure(std::string_view code) {
  if (code == "owner") return Tenure::kOwner;
  if (code == "renter") return Tenure::kRenter;
  return std::nullopt;
}

const char* CreditRatingCode(CreditRating rating) {
  switch (rating) {
    case CreditRating::kGood:
      return "good";
    case CreditRating::kFair:
      return "fair";
    case CreditRating::kPoor:
      return "poor";
    case CreditRating::kNoFile:
      return "no_file";
  }
  return "no_file";
}

std::optional<CreditRating> ParseCreditRating(std::string_view code) {
  if (code == "good") return CreditRating::kGood;
  if (code == "fair") return CreditRating::kFair;
  if (code == "poor") return CreditRating::kPoor;
  if (code == "no_file") return CreditRating::kNoFile;
  return std::nullopt;
}

const DepositClassRule* DepositRules::FindClass(std::string_view code) const {
  for (const DepositClassRule& rule : classes) {
    if (rule.code == code) return &rule;
  }
  return nullptr;
}

const DepositClassRule* DepositRules::ClassForPremiseType(std::string_view premise_type) const {
  for (const DepositClassRule& rule : classes) {
    for (const std::string& type : rule.premise_types) {
      if (type == premise_type) return &rule;
    }
  }
  return nullptr;
}

Status ValidateDepositRules(const DepositRules& rules) {
  if (rules.classes.empty()) {
    return Error::InvalidArgument("class", "DEPOSIT_RULE_INVALID",
                                  "At least one [[class]] is required.");
  }
  std::set<std::string> codes;
  std::set<std::string> types;
  for (const DepositClassRule& rule : rules.classes) {
    const std::string where = "class." + rule.code;
    if (rule.code.empty() || !codes.insert(rule.code).second) {
      return Error::InvalidArgument("class", "DEPOSIT_RULE_INVALID",
                                    "Each [[class]] has a distinct, non-empty code.");
    }
    for (const std::string& type : rule.premise_types) {
      if (!types.insert(type).second) {
        return Error::InvalidArgument(where + ".premise_types", "DEPOSIT_RULE_INVALID",
                                      "Premise type " + type + " is in two classes.");
      }
    }
    for (const auto& [amount, key] :
         {std::pair{rule.renter, "renter"}, std::pair{rule.owner_good, "owner_good"},
          std::pair{rule.owner_fair, "owner_fair"}, std::pair{rule.owner_poor, "owner_poor"},
          std::pair{rule.owner_no_file, "owner_no_file"}}) {
      CISTERN_RETURN_IF_ERROR(CheckAmount(amount, where + "." + key));
      if (amount > rule.maximum) {
        return Error::InvalidArgument(where + "." + key, "DEPOSIT_RULE_INVALID",
                                      where + "." + key + " is above the class maximum.");
      }
    }
  }
  CISTERN_RETURN_IF_ERROR(CheckMonths(rules.late_window_months, "late_window_months"));
  CISTERN_RETURN_IF_ERROR(CheckMonths(rules.returned_window_months, "returned_window_months"));
  CISTERN_RETURN_IF_ERROR(CheckMonths(rules.refund_after_months, "refund_after_months"));
  if (rules.late_threshold < 1) {
    return Error::InvalidArgument("late_threshold", "DEPOSIT_RULE_INVALID",
                                  "late_threshold is at least 1.");
  }
  CISTERN_RETURN_IF_ERROR(CheckAmount(rules.late_addition, "late_addition"));
  CISTERN_RETURN_IF_ERROR(CheckAmount(rules.returned_addition, "returned_addition"));
  if (rules.installments_max < 1 || rules.installments_max > 12) {
    return Error::InvalidArgument("installments_max", "DEPOSIT_RULE_INVALID",
                                  "installments_max is from 1 to 12.");
  }
  if (rules.interest_rate_ppm < 0 || rules.interest_rate_ppm > 200000) {
    return Error::InvalidArgument("interest_rate_percent", "DEPOSIT_RULE_INVALID",
                                  "interest_rate_percent is from 0 to 20.");
  }
  if (rules.interest_rate_ppm > 0 && rules.interest_expense_gl.empty()) {
    return Error::InvalidArgument("interest_expense_gl", "DEPOSIT_RULE_INVALID",
                                  "A city that pays interest names the GL account it is charged "
                                  "to (interest_expense_gl).");
  }
  return OkStatus();
}

Result<DepositQuote> ComputeDeposit(const DepositRules& rules, const DepositFacts& facts) {
  const DepositClassRule* rule = rules.FindClass(facts.class_code);
  if (rule == nullptr) {
    return Error::InvalidArgument(
        "rate_class", "CLASS_UNKNOWN",
        "The deposit guidelines have no class \"" + facts.class_code + "\".");
  }
  if (facts.late_payments < 0 || facts.returned_payments < 0) {
    return Error::InvalidArgument("history", "HISTORY_INVALID", "Counts are not negative.");
  }
  DepositQuote quote;
  if (facts.tenure == Tenure::kRenter) {
    quote.amount = rule->renter;
    quote.reasons.push_back(rule->name + " renter: " + rule->renter.Format() +
                            " whatever the credit.");
  } else {
    if (!facts.credit) {
      return Error::InvalidArgument("credit_rating", "CREDIT_CHECK_REQUIRED",
                                    "An owner's deposit depends on a credit check; enter the "
                                    "bureau's result.");
    }
    Money base;
    switch (facts.credit->rating) {
      case CreditRating::kGood:
        base = rule->owner_good;
        break;
      case CreditRating::kFair:
        base = rule->owner_fair;
        break;
      case CreditRating::kPoor:
        base = rule->owner_poor;
        break;
      case CreditRating::kNoFile:
        base = rule->owner_no_file;
        break;
    }
    quote.amount = base;
    std::string reason = rule->name + " owner, credit " + CreditRatingCode(facts.credit->rating) +
                         ": " + base.Format();
    if (!facts.credit->reference.empty()) reason += " (report " + facts.credit->reference + ")";
    quote.reasons.push_back(reason + ".");
  }
  if (facts.late_payments >= rules.late_threshold && !rules.late_addition.is_zero()) {
    quote.amount += rules.late_addition;
    quote.reasons.push_back(std::to_string(facts.late_payments) + " late payments in the last " +
                            Months(rules.late_window_months) + " (" +
                            std::to_string(rules.late_threshold) + " or more): +" +
                            rules.late_addition.Format() + ".");
  }
  if (facts.returned_payments > 0 && !rules.returned_addition.is_zero()) {
    const Money added = rules.returned_addition * facts.returned_payments;
    quote.amount += added;
    quote.reasons.push_back(std::to_string(facts.returned_payments) +
                            " returned payment(s) in the last " +
                            Months(rules.returned_window_months) + ": +" + added.Format() + ".");
  }
  if (quote.amount > rule->maximum) {
    quote.amount = rule->maximum;
    quote.reasons.push_back("Capped at the " + rule->name + " maximum of " +
                            rule->maximum.Format() + ".");
  }
  if (quote.amount.is_zero()) quote.reasons.push_back("No deposit is required.");
  return quote;
}

std::vector<Money> SplitInstallments(Money amount, int count) {
  std::vector<Money> parts;
  if (count < 1) return parts;
  const std::int64_t cents = amount.cents();
  const std::int64_t each = cents / count;
  const std::int64_t odd = cents - each * count;
  for (int i = 0; i < count; ++i) parts.push_back(Money::FromCents(each + (i == 0 ? odd : 0)));
  return parts;
}

Money DepositInterest(Money principal, std::int64_t rate_ppm, std::int64_t days) {
  if (principal.cents() <= 0 || rate_ppm <= 0 || days <= 0) return Money();
  const __int128 numerator = static_cast<__int128>(principal.cents()) * rate_ppm * days;
  const __int128 denominator = static_cast<__int128>(1000000) * 365;
  const __int128 rounded = (numerator * 2 + denominator) / (denominator * 2);  // half up
  return Money::FromCents(static_cast<std::int64_t>(rounded));
}

Result<CreditCheckResult> OfflineCreditCheck::Check(const Subject&) {
  auto rating = ParseCreditRating(rating_);
  if (!rating) {
    return Error::InvalidArgument("credit_rating", "CREDIT_RATING_UNKNOWN",
                                  "credit_rating is good, fair, poor or no_file.");
  }
  if (reference_.empty() || reference_.size() > 60) {
    return Error::InvalidArgument("credit_reference", "CREDIT_REFERENCE_REQUIRED",
                                  "Enter the bureau report's reference (1-60 characters).");
  }
  return CreditCheckResult{*rating, reference_, "offline"};
}

}  // namespace cistern
