#include "domain/ledger/journal.h"

namespace cistern {
namespace {

constexpr EntryKind kAllKinds[] = {
    EntryKind::kOpeningBalance,  EntryKind::kCharge,      EntryKind::kPayment,
    EntryKind::kPaymentReversal, EntryKind::kAdjustment,  EntryKind::kFee,
    EntryKind::kDepositBilled,   EntryKind::kDepositPaid, EntryKind::kRefund,
    EntryKind::kTransfer,        EntryKind::kWriteOff,    EntryKind::kCreditApplied};

}  // namespace

const char* EntryKindCode(EntryKind kind) {
  switch (kind) {
    case EntryKind::kOpeningBalance:
      return "opening_balance";
    case EntryKind::kCharge:
      return "charge";
    case EntryKind::kPayment:
      return "payment";
    case EntryKind::kPaymentReversal:
      return "payment_reversal";
    case EntryKind::kAdjustment:
      return "adjustment";
    case EntryKind::kFee:
      return "fee";
    case EntryKind::kDepositBilled:
      return "deposit_billed";
    case EntryKind::kDepositPaid:
      return "deposit_paid";
    case EntryKind::kRefund:
      return "refund";
    case EntryKind::kTransfer:
      return "transfer";
    case EntryKind::kWriteOff:
      return "write_off";
    case EntryKind::kCreditApplied:
      return "credit_applied";
  }
  return "charge";
}

std::optional<EntryKind> ParseEntryKind(std::string_view code) {
  for (EntryKind kind : kAllKinds) {
    if (code == EntryKindCode(kind)) return kind;
  }
  return std::nullopt;
}

Status ValidateEntry(const JournalEntry& entry, const Chart& chart) {
  if (entry.lines.size() < 2 || entry.lines.size() > kEntryLinesMax) {
    return Error::InvalidArgument("lines", "ENTRY_LINE_COUNT",
                                  "A journal entry has from 2 to 64 lines.");
  }
  if (entry.memo.size() > kMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_TOO_LONG", "A memo has at most 500 characters.");
  }
  Money total;
  for (std::size_t i = 0; i < entry.lines.size(); ++i) {
    const EntryLine& line = entry.lines[i];
    const std::string field = "lines[" + std::to_string(i) + "]";
    if (line.amount.is_zero()) {
      return Error::InvalidArgument(field, "ENTRY_LINE_ZERO", "A journal line is never zero.");
    }
    const GlAccount* gl = chart.Find(line.gl_code);
    if (gl == nullptr) {
      return Error::InvalidArgument(field, "GL_ACCOUNT_UNKNOWN",
                                    "GL account " + line.gl_code + " is not in the chart.");
    }
    const bool customer_money = gl->kind == GlKind::kReceivable ||
                                gl->kind == GlKind::kUnappliedCredits ||
                                gl->kind == GlKind::kDepositsHeld;
    if (customer_money && !line.account_id) {
      return Error::InvalidArgument(
          field, "ENTRY_LINE_ACCOUNT_REQUIRED",
          "A line on GL " + gl->code + " must name the customer account.");
    }
    if (gl->kind == GlKind::kReceivable && line.fund != gl->fund) {
      return Error::InvalidArgument(
          field, "ENTRY_LINE_FUND_MISMATCH",
          "A receivable line must carry its GL account's fund (" + gl->fund + ").");
    }
    auto sum = Money::CheckedAdd(total, line.amount, field);
    if (!sum.ok()) return sum.error();
    total = *sum;
  }
  if (!total.is_zero()) {
    return Error::InvalidArgument("lines", "ENTRY_UNBALANCED",
                                  "Debits and credits differ by " + total.Format() + ".");
  }
  return OkStatus();
}

JournalEntry ReversalOf(const JournalEntry& original, EntryKind kind, Date effective_on,
                        Instant posted_at, UserId posted_by, std::string memo) {
  JournalEntry reversal;
  reversal.kind = kind;
  reversal.effective_on = effective_on;
  reversal.posted_at = posted_at;
  reversal.posted_by = posted_by;
  reversal.memo = std::move(memo);
  reversal.reverses = original.id;
  for (const EntryLine& line : original.lines) {
    EntryLine negated = line;
    negated.amount = -line.amount;
    reversal.lines.push_back(std::move(negated));
  }
  return reversal;
}

Money AccountBalance(const std::vector<EntryLine>& lines, AccountId account, const Chart& chart) {
  Money balance;
  for (const EntryLine& line : lines) {
    if (line.account_id != account) continue;
    const GlAccount* gl = chart.Find(line.gl_code);
    if (gl != nullptr &&
        (gl->kind == GlKind::kReceivable || gl->kind == GlKind::kUnappliedCredits)) {
      balance += line.amount;
    }
  }
  return balance;
}

}  // namespace cistern
