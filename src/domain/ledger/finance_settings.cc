#include "domain/ledger/finance_settings.h"

#include <set>

namespace cistern {

const Fee* FinanceSettings::FindFee(std::string_view code) const {
  for (const Fee& fee : fees) {
    if (fee.code == code) return &fee;
  }
  return nullptr;
}

const AdjustmentReason* FinanceSettings::FindReason(std::string_view code) const {
  for (const AdjustmentReason& reason : adjustment_reasons) {
    if (reason.code == code) return &reason;
  }
  return nullptr;
}

Status ValidateFinanceSettings(const FinanceSettings& settings) {
  const Chart& chart = settings.chart;
  if (chart.Cash(settings.deposit_bank) == nullptr) {
    return Error::InvalidArgument(
        "deposit_bank", "DEPOSIT_BANK_UNKNOWN",
        "The deposit bank \"" + settings.deposit_bank + "\" has no cash account in the chart.");
  }
  for (GlKind kind : {GlKind::kFeeRevenue, GlKind::kPenaltyRevenue, GlKind::kRefundsPayable,
                      GlKind::kDepositsHeld, GlKind::kBadDebt}) {
    if (chart.OfKind(kind) == nullptr) {
      return Error::InvalidArgument(
          "gl_account", "GL_CHART_INCOMPLETE",
          std::string("The chart has no ") + GlKindCode(kind) + " account.");
    }
  }
  for (const std::string& fund : settings.fund_priority) {
    if (chart.Receivable(fund) == nullptr) {
      return Error::InvalidArgument("fund_priority", "FUND_UNKNOWN",
                                    "Fund \"" + fund + "\" has no receivable account.");
    }
  }
  std::set<std::string> fee_codes;
  for (const Fee& fee : settings.fees) {
    const std::string field = "fee." + fee.code;
    if (fee.code.empty() || fee.name.empty() || !fee_codes.insert(fee.code).second) {
      return Error::InvalidArgument(field, "FEE_INVALID",
                                    "Each fee needs a unique code and a name.");
    }
    if (fee.amount.cents() <= 0) {
      return Error::InvalidArgument(field, "FEE_AMOUNT_INVALID", "A fee's amount is positive.");
    }
    if (chart.Receivable(fee.fund) == nullptr) {
      return Error::InvalidArgument(
          field, "FUND_UNKNOWN",
          "Fee " + fee.code + " bills fund \"" + fee.fund + "\", which has no receivable account.");
    }
  }
  if (settings.FindFee(settings.returned_item_fee) == nullptr) {
    return Error::InvalidArgument(
        "returned_item_fee", "FEE_UNKNOWN",
        "The returned-item fee \"" + settings.returned_item_fee + "\" is not in the fee schedule.");
  }
  std::set<std::string> reason_codes;
  for (const AdjustmentReason& reason : settings.adjustment_reasons) {
    if (reason.code.empty() || reason.name.empty() || !reason_codes.insert(reason.code).second) {
      return Error::InvalidArgument("adjustment_reason." + reason.code, "REASON_INVALID",
                                    "Each adjustment reason needs a unique code and a name.");
    }
  }
  if (settings.adjustment_reasons.empty()) {
    return Error::InvalidArgument("adjustment_reason", "REASON_REQUIRED",
                                  "Configure at least one adjustment reason.");
  }
  if (settings.adjustment_approval_over.is_negative()) {
    return Error::InvalidArgument("adjustment_approval_over", "AMOUNT_INVALID",
                                  "The approval limit cannot be negative.");
  }
  if (settings.cash_only_months < 0 || settings.cash_only_months > 60) {
    return Error::InvalidArgument("cash_only_months", "MONTHS_INVALID",
                                  "cash_only_months is from 0 to 60.");
  }
  return OkStatus();
}

}  // namespace cistern
