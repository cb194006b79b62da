#include "app/ledger_common.h"

#include <map>

#include "core/check.h"
#include "core/text.h"
#include "domain/ledger/card_number.h"

namespace cistern {

std::set<std::string> ReceivableGlCodes(const Chart& chart) {
  std::set<std::string> codes;
  for (const GlAccount& account : chart.accounts()) {
    if (account.kind == GlKind::kReceivable) codes.insert(account.code);
  }
  return codes;
}

std::string UnappliedGlCode(const Chart& chart) {
  const GlAccount* unapplied = chart.OfKind(GlKind::kUnappliedCredits);
  return unapplied ? unapplied->code : std::string();
}

std::set<std::string> BalanceGlCodes(const Chart& chart) {
  std::set<std::string> codes = ReceivableGlCodes(chart);
  codes.insert(UnappliedGlCode(chart));
  return codes;
}

Result<ReceivablePosition> LoadPosition(Transaction& transaction, const FinanceSettings& settings,
                                        AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(auto lines, LoadPositionLines(transaction, settings, {account}));
  return PositionFromLines(settings, lines[account.value()]);
}

Result<std::map<std::int64_t, std::vector<AccountLine>>> LoadPositionLines(
    Transaction& transaction, const FinanceSettings& settings,
    const std::vector<AccountId>& accounts) {
  CISTERN_ASSIGN_OR_RETURN(auto positions,
                           transaction.ledger().PositionLinesFor(
                               accounts, BalanceGlCodes(settings.chart), std::nullopt));
  std::map<std::int64_t, std::vector<AccountLine>> lines;
  for (auto& [account, position] : positions) lines[account] = std::move(position.lines);
  return lines;
}

ReceivablePosition PositionFromLines(const FinanceSettings& settings,
                                     const std::vector<AccountLine>& lines) {
  const GlAccount* unapplied = settings.chart.OfKind(GlKind::kUnappliedCredits);
  ReceivablePosition position;
  std::vector<DatedLine> receivable;
  receivable.reserve(lines.size());
  for (const AccountLine& line : lines) {
    if (unapplied != nullptr && line.gl_code == unapplied->code) {
      position.credit -= line.amount;  // credits are negative lines
      continue;
    }
    receivable.push_back({line.effective_on, line.fund, line.amount});
  }
  position.open = OpenItems(receivable);
  // Per fund, in the chart's order of receivable accounts.
  for (const GlAccount& account : settings.chart.accounts()) {
    if (account.kind != GlKind::kReceivable) continue;
    Money sum;
    for (const DatedLine& line : receivable) {
      if (line.fund == account.fund) sum += line.amount;
    }
    if (sum.is_zero()) continue;
    position.by_fund.push_back({account.fund, sum});
    position.receivable += sum;
  }
  return position;
}

PositionLines CarryPosition(const FinanceSettings& settings, const PositionLines& replayed) {
  const ReceivablePosition position = PositionFromLines(settings, replayed.lines);
  PositionLines carried;
  carried.latest = replayed.latest;
  for (const OpenItem& item : position.open) {
    const GlAccount* receivable = settings.chart.Receivable(item.fund);
    CISTERN_CHECK(receivable != nullptr, "an open item's fund has a receivable account");
    carried.lines.push_back(
        {JournalEntryId(), item.charged_on, receivable->code, item.fund, item.amount});
  }
  if (position.credit.cents() != 0) {
    // Summed, never aged: any date replays the same; the latest keeps it inside the position.
    const Date dated = replayed.latest.value_or(Date{});
    carried.lines.push_back(
        {JournalEntryId(), dated, UnappliedGlCode(settings.chart), "", -position.credit});
  }
  return carried;
}

void AddChargesToPosition(const FinanceSettings& settings, const std::vector<FundAmount>& charges,
                          Date dated, PositionLines& position) {
  for (const FundAmount& charge : charges) {
    if (charge.amount.is_zero()) continue;
    const GlAccount* receivable = settings.chart.Receivable(charge.fund);
    CISTERN_CHECK(receivable != nullptr, "a charged fund has a receivable account");
    position.lines.push_back(
        {JournalEntryId(), dated, receivable->code, charge.fund, charge.amount});
    if (!position.latest || dated > *position.latest) position.latest = dated;
  }
}

void AddEntryToPosition(const FinanceSettings& settings, const JournalEntry& entry,
                        AccountId account, PositionLines& position) {
  const std::set<std::string> codes = BalanceGlCodes(settings.chart);
  for (const EntryLine& line : entry.lines) {
    if (line.account_id != account || codes.count(line.gl_code) == 0) continue;
    position.lines.push_back({entry.id, entry.effective_on, line.gl_code, line.fund, line.amount});
    if (!position.latest || entry.effective_on > *position.latest) {
      position.latest = entry.effective_on;
    }
  }
}

namespace {

Status CheckEntry(const FinanceSettings& settings, const JournalEntry& entry) {
  Status valid = ValidateEntry(entry, settings.chart);
  if (valid.ok()) return valid;
  return Error::Internal("ENTRY_INVALID",
                         "A " + std::string(EntryKindCode(entry.kind)) +
                             " entry broke a ledger rule: " + valid.error().message);
}

}  // namespace

Result<JournalEntryId> PostEntry(Transaction& transaction, const FinanceSettings& settings,
                                 JournalEntry& entry) {
  CISTERN_RETURN_IF_ERROR(CheckEntry(settings, entry));
  CISTERN_ASSIGN_OR_RETURN(entry.id, transaction.ledger().Post(entry));
  return entry.id;
}

Status PostEntries(Transaction& transaction, const FinanceSettings& settings,
                   const std::vector<JournalEntry*>& entries) {
  for (const JournalEntry* entry : entries) CISTERN_RETURN_IF_ERROR(CheckEntry(settings, *entry));
  return transaction.ledger().PostBatch(entries);
}

Status RefuseCardNumber(const std::string& text, const std::string& field) {
  if (!LooksLikeCardNumber(text)) return OkStatus();
  return Error::InvalidArgument(field, "CARD_NUMBER_REFUSED",
                                "This looks like a full card number. Never enter card numbers: "
                                "record only the terminal's authorization code and the last "
                                "four digits.");
}

Result<Account> LoadOpenAccount(Transaction& transaction, AccountId id, const std::string& field) {
  auto account = transaction.accounts().Get(id);
  if (!account.ok()) {
    Error error = account.error();
    if (error.code == ErrorCode::kNotFound) error.field = field;
    return error;
  }
  if (account->status == AccountStatus::kClosed) {
    return Error::FailedPrecondition(
        "ACCOUNT_CLOSED",
        "Account " + account->number.text() + " is closed; money cannot be posted to it.", field);
  }
  return account;
}

EntryHeader HeaderFor(const AppContext& context, const Caller& caller, Date effective_on,
                      std::string memo) {
  return {effective_on, context.clock.Now(), caller.user_id, std::move(memo)};
}

}  // namespace cistern
