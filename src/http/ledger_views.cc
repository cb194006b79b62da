#include "http/ledger_views.h"

namespace cistern::http {
namespace {

json OptionalDateJson(const std::optional<Date>& date) {
  return date ? json(FormatDate(*date)) : json(nullptr);
}

json OptionalInstantJson(const std::optional<Instant>& instant) {
  return instant ? json(FormatInstant(*instant)) : json(nullptr);
}

json OptionalEntryJson(const std::optional<JournalEntryId>& id) {
  return id ? json(IdText(kEntryPrefix, id->value())) : json(nullptr);
}

json EmptyAsNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

const char* ApprovalStatusCode(ApprovalStatus status, bool refund) {
  switch (status) {
    case ApprovalStatus::kPending:
      return "pending_approval";
    case ApprovalStatus::kPosted:
      return refund ? "approved" : "posted";
    case ApprovalStatus::kRejected:
      return "rejected";
  }
  return "pending_approval";
}

json LinesJson(const JournalEntry& entry, const Chart& chart) {
  json lines = json::array();
  for (const EntryLine& line : entry.lines) {
    const GlAccount* gl = chart.Find(line.gl_code);
    json item = {{"gl_code", line.gl_code},
                 {"gl_name", gl ? gl->name : "(not in chart)"},
                 {"fund", EmptyAsNull(line.fund)},
                 {"amount", MoneyJson(line.amount)}};
    item["account_id"] =
        line.account_id ? json(IdText(kAccountPrefix, line.account_id->value())) : json(nullptr);
    lines.push_back(std::move(item));
  }
  return lines;
}

}  // namespace

json MoneyJson(Money money) { return {{"cents", money.cents()}, {"text", money.Format()}}; }

json OptionalMoneyJson(const std::optional<Money>& money) {
  return money ? MoneyJson(*money) : json(nullptr);
}

json UserRefJson(UserId id, const std::string& name) {
  json user = {{"display_name", name}};
  user["id"] = id.valid() ? json(IdText(kUserPrefix, id.value())) : json(nullptr);
  return user;
}

json AccountLedgerJson(const AccountLedger& ledger) {
  json by_fund = json::array();
  for (const FundAmount& fund : ledger.by_fund) {
    by_fund.push_back({{"fund", fund.fund}, {"balance", MoneyJson(fund.amount)}});
  }
  return {{"balance", MoneyJson(ledger.balance)},
          {"by_fund", std::move(by_fund)},
          {"credit", MoneyJson(ledger.credit)},
          {"cash_only_until", OptionalDateJson(ledger.cash_only_until)},
          {"aging",
           {{"current", MoneyJson(ledger.aging.current)},
            {"days_31_60", MoneyJson(ledger.aging.days_31_60)},
            {"days_61_90", MoneyJson(ledger.aging.days_61_90)},
            {"over_90", MoneyJson(ledger.aging.over_90)}}}};
}

json TransactionJson(const AccountTransaction& transaction, const Chart& chart) {
  const JournalEntry& entry = transaction.entry;
  json body = {{"entry_id", IdText(kEntryPrefix, entry.id.value())},
               {"kind", EntryKindCode(entry.kind)},
               {"effective_on", FormatDate(entry.effective_on)},
               {"posted_at", FormatInstant(entry.posted_at)},
               {"memo", entry.memo},
               {"amount", MoneyJson(transaction.amount)},
               {"balance_after", MoneyJson(transaction.balance_after)},
               {"reverses", OptionalEntryJson(entry.reverses)},
               {"reversed_by", OptionalEntryJson(transaction.reversed_by)},
               {"posted_by", UserRefJson(entry.posted_by, transaction.posted_by_name)},
               {"lines", LinesJson(entry, chart)}};
  body["payment_id"] = nullptr;
  body["receipt_url"] = nullptr;
  if (transaction.payment_id) {
    const std::string id = IdText(kPaymentPrefix, transaction.payment_id->value());
    body["payment_id"] = id;
    body["receipt_url"] = "/api/v1/payments/" + id + "/receipt.pdf";
  }
  return body;
}

json EntryJson(const JournalEntry& entry, const Chart& chart) {
  return {{"entry_id", IdText(kEntryPrefix, entry.id.value())},
          {"kind", EntryKindCode(entry.kind)},
          {"effective_on", FormatDate(entry.effective_on)},
          {"posted_at", FormatInstant(entry.posted_at)},
          {"memo", entry.memo},
          {"reverses", OptionalEntryJson(entry.reverses)},
          {"lines", LinesJson(entry, chart)}};
}

json PaymentJson(const PaymentView& view) {
  const Payment& payment = view.payment;
  json applied = json::array();
  for (const FundAmount& part : view.applied) {
    applied.push_back({{"fund", part.fund}, {"amount", MoneyJson(part.amount)}});
  }
  json reversal = nullptr;
  if (payment.reversal_entry_id) {
    reversal = {{"entry_id", IdText(kEntryPrefix, payment.reversal_entry_id->value())},
                {"reason", payment.reversal_reason},
                {"fee_entry_id", OptionalEntryJson(payment.reversal_fee_entry_id)},
                {"reversed_at", OptionalInstantJson(payment.reversed_at)},
                {"cash_only_until", payment.reversal_reason == "posted_in_error"
                                        ? json(nullptr)
                                        : OptionalDateJson(view.cash_only_until)}};
  }
  const std::string id = IdText(kPaymentPrefix, payment.id.value());
  return {{"id", id},
          {"account_id", IdText(kAccountPrefix, payment.account_id.value())},
          {"account_number", view.account_number},
          {"customer_name", view.customer_name},
          {"amount", MoneyJson(payment.amount)},
          {"tender", TenderCode(payment.tender)},
          {"tendered", OptionalMoneyJson(payment.tendered)},
          {"change_due", OptionalMoneyJson(payment.change_due)},
          {"check_number", EmptyAsNull(payment.check_number)},
          {"bank_name", EmptyAsNull(payment.bank_name)},
          {"card_last4", EmptyAsNull(payment.card_last4)},
          {"card_auth_code", EmptyAsNull(payment.card_auth_code)},
          {"reference", payment.reference},
          {"memo", payment.memo},
          {"received_on", FormatDate(payment.received_on)},
          {"posted_at", FormatInstant(payment.posted_at)},
          {"posted_by", UserRefJson(payment.posted_by, view.posted_by_name)},
          {"drawer_id", payment.drawer_id ? json(IdText(kDrawerPrefix, payment.drawer_id->value()))
                                          : json(nullptr)},
          {"source", payment.source},
          {"entry_id", IdText(kEntryPrefix, payment.entry_id.value())},
          {"status", payment.reversal_entry_id ? "reversed" : "posted"},
          {"applied", std::move(applied)},
          {"unapplied", MoneyJson(view.unapplied)},
          {"balance_after", MoneyJson(view.balance_after)},
          {"reversal", std::move(reversal)},
          {"receipt_url", "/api/v1/payments/" + id + "/receipt.pdf"}};
}

json AdjustmentJson(const AdjustmentView& view) {
  const Adjustment& adjustment = view.adjustment;
  return {{"id", IdText(kAdjustmentPrefix, adjustment.id.value())},
          {"account_id", IdText(kAccountPrefix, adjustment.account_id.value())},
          {"account_number", view.account_number},
          {"direction", adjustment.direction == AdjustmentDirection::kDebit ? "debit" : "credit"},
          {"amount", MoneyJson(adjustment.amount)},
          {"fund", adjustment.fund},
          {"reason_code", adjustment.reason_code},
          {"memo", adjustment.memo},
          {"corrects_entry_id", OptionalEntryJson(adjustment.corrects_entry_id)},
          {"status", ApprovalStatusCode(adjustment.status, false)},
          {"requested_by", UserRefJson(adjustment.requested_by, adjustment.requested_by_name)},
          {"requested_at", FormatInstant(adjustment.requested_at)},
          {"decided_by", adjustment.decided_by.valid()
                             ? UserRefJson(adjustment.decided_by, adjustment.decided_by_name)
                             : json(nullptr)},
          {"decided_at", OptionalInstantJson(adjustment.decided_at)},
          {"decision_memo", adjustment.decision_memo},
          {"entry_id", OptionalEntryJson(adjustment.entry_id)}};
}

json RefundJson(const RefundView& view) {
  const Refund& refund = view.refund;
  return {{"id", IdText(kRefundPrefix, refund.id.value())},
          {"account_id", IdText(kAccountPrefix, refund.account_id.value())},
          {"account_number", view.account_number},
          {"customer_name", view.customer_name},
          {"amount", MoneyJson(refund.amount)},
          {"memo", refund.memo},
          {"status", ApprovalStatusCode(refund.status, true)},
          {"requested_by", UserRefJson(refund.requested_by, refund.requested_by_name)},
          {"requested_at", FormatInstant(refund.requested_at)},
          {"decided_by", refund.decided_by.valid()
                             ? UserRefJson(refund.decided_by, refund.decided_by_name)
                             : json(nullptr)},
          {"decided_at", OptionalInstantJson(refund.decided_at)},
          {"decision_memo", refund.decision_memo},
          {"entry_id", OptionalEntryJson(refund.entry_id)}};
}

json TenderTotalsJson(const TenderTotals& totals) {
  json body = {{"count", totals.count}};
  for (Tender tender : AllTenders()) body[TenderCode(tender)] = MoneyJson(totals.For(tender));
  return body;
}

json DrawerJson(const DrawerView& view) {
  const Drawer& drawer = view.drawer;
  return {{"id", IdText(kDrawerPrefix, drawer.id.value())},
          {"user", UserRefJson(drawer.user_id, drawer.user_name)},
          {"business_date", FormatDate(drawer.business_date)},
          {"opened_at", FormatInstant(drawer.opened_at)},
          {"opening_float", MoneyJson(drawer.opening_float)},
          {"status", drawer.status == DrawerStatus::kOpen ? "open" : "closed"},
          {"totals", TenderTotalsJson(view.totals)},
          {"expected_cash", MoneyJson(view.expected_cash)},
          {"closed_at", OptionalInstantJson(drawer.closed_at)},
          {"counted_cash", OptionalMoneyJson(drawer.counted_cash)},
          {"counted_checks", OptionalMoneyJson(drawer.counted_checks)},
          {"expected_checks", OptionalMoneyJson(drawer.expected_checks)},
          {"over_short", OptionalMoneyJson(drawer.over_short)}};
}

json FinanceConfigJson(const FinanceSettings& settings) {
  json tenders = json::array();
  for (Tender tender : AllTenders()) {
    tenders.push_back({{"code", TenderCode(tender)}, {"name", TenderName(tender)}});
  }
  json fees = json::array();
  for (const Fee& fee : settings.fees) {
    fees.push_back({{"code", fee.code}, {"name", fee.name}, {"amount", MoneyJson(fee.amount)}});
  }
  json reasons = json::array();
  for (const AdjustmentReason& reason : settings.adjustment_reasons) {
    reasons.push_back({{"code", reason.code},
                       {"name", reason.name},
                       {"always_needs_approval", reason.always_needs_approval}});
  }
  json returns = json::array();
  for (ReturnReason reason : AllReturnReasons()) {
    returns.push_back({{"code", ReturnReasonCode(reason)}, {"name", ReturnReasonName(reason)}});
  }
  return {{"tenders", std::move(tenders)},
          {"funds", settings.chart.Funds()},
          {"fees", std::move(fees)},
          {"adjustment_reasons", std::move(reasons)},
          {"adjustment_approval_over", MoneyJson(settings.adjustment_approval_over)},
          {"return_reasons", std::move(returns)}};
}

}  // namespace cistern::http
