// Ledger records as the API shows them (docs/api.md, "Receivables and payments").
#pragma once

#include "app/ledger.h"
#include "http/api.h"

namespace cistern::http {

constexpr const char* kEntryPrefix = "je";
constexpr const char* kPaymentPrefix = "pay";
constexpr const char* kDrawerPrefix = "drw";
constexpr const char* kAdjustmentPrefix = "adj";
constexpr const char* kRefundPrefix = "ref";

json MoneyJson(Money money);
json OptionalMoneyJson(const std::optional<Money>& money);
json UserRefJson(UserId id, const std::string& name);
json AccountLedgerJson(const AccountLedger& ledger);
json TransactionJson(const AccountTransaction& transaction, const Chart& chart);
json PaymentJson(const PaymentView& view);
json EntryJson(const JournalEntry& entry, const Chart& chart);
json AdjustmentJson(const AdjustmentView& view);
json RefundJson(const RefundView& view);
json DrawerJson(const DrawerView& view);
json TenderTotalsJson(const TenderTotals& totals);
json FinanceConfigJson(const FinanceSettings& settings);

}  // namespace cistern::http
