// Helpers shared by the ledger use cases: the GL codes that make up a customer's balance, and
// reading an account's receivable position. Internal to app/.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/ledger.h"
#include "app/store/store.h"
#include "domain/ledger/posting.h"

namespace cistern {

// Receivable codes (every fund) and the unapplied-credit code: what an account's balance sums.
std::set<std::string> BalanceGlCodes(const Chart& chart);
std::set<std::string> ReceivableGlCodes(const Chart& chart);
std::string UnappliedGlCode(const Chart& chart);

struct ReceivablePosition {
  std::vector<OpenItem> open;       // what is owed, oldest first
  std::vector<FundAmount> by_fund;  // receivable per fund, non-zero
  Money receivable;                 // sum of by_fund
  Money credit;                     // unapplied credit as a positive amount
  Money balance() const { return receivable - credit; }
};
Result<ReceivablePosition> LoadPosition(Transaction& transaction, const FinanceSettings& settings,
                                        AccountId account);
// Lines whose replay gives each account's position (LedgerRepository::PositionLinesFor on
// BalanceGlCodes), keyed by account id, every account asked for included.
Result<std::map<std::int64_t, std::vector<AccountLine>>> LoadPositionLines(
    Transaction& transaction, const FinanceSettings& settings,
    const std::vector<AccountId>& accounts);
// The position from such lines, or from every balance line of the account.
ReceivablePosition PositionFromLines(const FinanceSettings& settings,
                                     const std::vector<AccountLine>& lines);

// The lines a bill carries for its account's position (decision 0007): one per open item, on
// the fund's receivable code, and one for the unapplied credit, which replay (PositionFromLines)
// to the same position as `replayed`; `latest` is kept.
PositionLines CarryPosition(const FinanceSettings& settings, const PositionLines& replayed);

// Adds a bill's charges (ChargeEntry's receivable lines, one per fund) to `position`.
void AddChargesToPosition(const FinanceSettings& settings, const std::vector<FundAmount>& charges,
                          Date dated, PositionLines& position);
// Adds an entry's lines on the account's balance codes to `position`, dated as the entry.
void AddEntryToPosition(const FinanceSettings& settings, const JournalEntry& entry,
                        AccountId account, PositionLines& position);

// Validates and posts an entry: a failure here is a bug in the posting rules, not bad input.
Result<JournalEntryId> PostEntry(Transaction& transaction, const FinanceSettings& settings,
                                 JournalEntry& entry);
// The same for many entries written together (a billing run's chunk of charges); sets each id.
Status PostEntries(Transaction& transaction, const FinanceSettings& settings,
                   const std::vector<JournalEntry*>& entries);

// Refuses text that looks like a card number, naming the field and never echoing the text.
Status RefuseCardNumber(const std::string& text, const std::string& field);

// Loads the account for a money operation: NOT_FOUND naming `field`, and ACCOUNT_CLOSED for a
// closed account.
Result<Account> LoadOpenAccount(Transaction& transaction, AccountId id, const std::string& field);

EntryHeader HeaderFor(const AppContext& context, const Caller& caller, Date effective_on,
                      std::string memo);

// A drawer with its totals by tender and the cash it should hold.
Result<DrawerView> LoadDrawerView(Transaction& transaction, Drawer drawer);

constexpr std::size_t kLedgerMemoLengthMax = 500;

}  // namespace cistern
