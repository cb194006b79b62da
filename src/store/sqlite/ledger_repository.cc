// The journal: entries and their lines, append-only.
#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <tuple>

#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

// "?,?,?" for an IN list of `count` parameters. The count is ours, never user text.
std::string Placeholders(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ",?";
  return text.empty() ? "NULL" : text;
}

// "?4,?5,?6": numbered, so one list can be used twice and mixes safely with ?1..?3.
std::string NumberedPlaceholders(int first, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += (i == 0 ? "?" : ",?") + std::to_string(first + static_cast<int>(i));
  }
  return text.empty() ? "NULL" : text;
}

void BindCodes(Statement& statement, int first_index, const std::set<std::string>& codes) {
  int index = first_index;
  for (const std::string& code : codes) statement.Bind(index++, code);
}

Result<JournalEntry> ReadEntryHeader(const Statement& select) {
  JournalEntry entry;
  entry.id = JournalEntryId(select.Int(0));
  auto kind = ParseEntryKind(select.Text(1));
  if (!kind) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored entry kind.");
  entry.kind = *kind;
  CISTERN_ASSIGN_OR_RETURN(entry.effective_on, ReadDate(select, 2));
  CISTERN_ASSIGN_OR_RETURN(entry.posted_at, ReadInstant(select, 3));
  entry.posted_by = UserId(select.Int(4));
  entry.memo = select.Text(5);
  if (!select.IsNull(6)) entry.reverses = JournalEntryId(select.Int(6));
  return entry;
}

// The entry ids in column 0 of every row.
Result<std::vector<JournalEntryId>> CollectEntryIds(Statement& select) {
  std::vector<JournalEntryId> ids;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    ids.push_back(JournalEntryId(select.Int(0)));
  }
  return ids;
}

constexpr const char* kEntryColumns =
    "SELECT id, kind, effective_on, posted_at, posted_by, memo, reverses FROM journal_entries ";

}  // namespace

Result<JournalEntryId> SqliteLedger::Post(const JournalEntry& entry) {
  CISTERN_ASSIGN_OR_RETURN(std::int64_t id,
                           NextId(connection_, "SELECT COALESCE(MAX(id), 0) FROM journal_entries"));
  CISTERN_RETURN_IF_ERROR(InsertEntries({&entry}, id));
  return JournalEntryId(id);
}

Status SqliteLedger::PostBatch(const std::vector<JournalEntry*>& entries) {
  if (entries.empty()) return OkStatus();
  CISTERN_ASSIGN_OR_RETURN(std::int64_t first_id,
                           NextId(connection_, "SELECT COALESCE(MAX(id), 0) FROM journal_entries"));
  std::vector<const JournalEntry*> posting;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    entries[index]->id = JournalEntryId(first_id + static_cast<std::int64_t>(index));
    posting.push_back(entries[index]);
  }
  return InsertEntries(posting, first_id);
}

// The ids are given here, in order from `first_id` (the write transaction holds the only
// writer), so that the lines can name their entry before any row is inserted.
Status SqliteLedger::InsertEntries(const std::vector<const JournalEntry*>& entries,
                                   std::int64_t first_id) {
  // Kept alive until every row is inserted: their text is bound without copies.
  std::vector<std::string> dates;
  std::vector<std::string> instants;
  for (const JournalEntry* entry : entries) {
    dates.push_back(FormatDate(entry->effective_on));
    instants.push_back(FormatInstant(entry->posted_at));
  }
  static const MultiRowInsert kEntries(
      "INSERT INTO journal_entries (id, kind, effective_on, posted_at, posted_by, memo, reverses)"
      " VALUES ",
      7);
  CISTERN_RETURN_IF_ERROR(
      InsertRows(connection_, kEntries, entries.size(),
                 [&](Statement& insert, std::size_t row, int& parameter) {
                   const JournalEntry& entry = *entries[row];
                   insert.Bind(++parameter, first_id + static_cast<std::int64_t>(row));
                   insert.Bind(++parameter, std::string_view(EntryKindCode(entry.kind)));
                   insert.BindUnowned(++parameter, dates[row]);
                   insert.BindUnowned(++parameter, instants[row]);
                   insert.Bind(++parameter, OptionalUser(entry.posted_by));
                   insert.BindUnowned(++parameter, entry.memo);
                   insert.Bind(++parameter, OptionalId(entry.reverses));
                 }));
  // Every entry's lines, in entry order, as one run of rows.
  struct LineRef {
    std::size_t entry;
    std::size_t position;
  };
  std::vector<LineRef> lines;
  for (std::size_t entry = 0; entry < entries.size(); ++entry) {
    for (std::size_t position = 0; position < entries[entry]->lines.size(); ++position) {
      lines.push_back({entry, position});
    }
  }
  static const MultiRowInsert kLines(
      "INSERT INTO journal_lines (entry_id, position, gl_code, amount_cents, account_id, fund,"
      " effective_on) VALUES ",
      7);
  return InsertRows(connection_, kLines, lines.size(),
                    [&](Statement& insert, std::size_t row, int& parameter) {
                      const LineRef ref = lines[row];
                      const EntryLine& line = entries[ref.entry]->lines[ref.position];
                      insert.Bind(++parameter, first_id + static_cast<std::int64_t>(ref.entry));
                      insert.Bind(++parameter, static_cast<std::int64_t>(ref.position));
                      insert.BindUnowned(++parameter, line.gl_code);
                      insert.Bind(++parameter, line.amount.cents());
                      insert.Bind(++parameter, OptionalId(line.account_id));
                      insert.BindUnowned(++parameter, line.fund);
                      insert.BindUnowned(++parameter, dates[ref.entry]);
                    });
}

Result<std::vector<EntryLine>> SqliteLedger::Lines(JournalEntryId id) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT gl_code, amount_cents, account_id, fund FROM journal_lines"
                          " WHERE entry_id = ? ORDER BY position"));
  select->BindAll(id.value());
  std::vector<EntryLine> lines;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    EntryLine line;
    line.gl_code = select->Text(0);
    line.amount = Money::FromCents(select->Int(1));
    if (!select->IsNull(2)) line.account_id = AccountId(select->Int(2));
    line.fund = select->Text(3);
    lines.push_back(std::move(line));
  }
  return lines;
}

Result<JournalEntry> SqliteLedger::Get(JournalEntryId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kEntryColumns) + "WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("ENTRY_NOT_FOUND",
                           "No journal entry has id " + std::to_string(id.value()) + ".");
  }
  CISTERN_ASSIGN_OR_RETURN(JournalEntry entry, ReadEntryHeader(*select));
  CISTERN_ASSIGN_OR_RETURN(entry.lines, Lines(id));
  return entry;
}

Result<std::optional<JournalEntryId>> SqliteLedger::ReversalOf(JournalEntryId id) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT id FROM journal_entries WHERE reverses = ? ORDER BY id LIMIT 1"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<JournalEntryId>();
  return std::optional<JournalEntryId>(JournalEntryId(select->Int(0)));
}

Result<std::vector<AccountLine>> SqliteLedger::AccountLines(AccountId account,
                                                            const std::set<std::string>& gl_codes) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT entry_id, effective_on, gl_code, fund, amount_cents"
                          " FROM journal_lines INDEXED BY journal_lines_by_account"
                          " WHERE account_id = ? AND gl_code IN (" +
                          Placeholders(gl_codes.size()) + ") ORDER BY entry_id, position"));
  select->Bind(1, account.value());
  BindCodes(*select, 2, gl_codes);
  std::vector<AccountLine> lines;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    AccountLine line;
    line.entry_id = JournalEntryId(select->Int(0));
    CISTERN_ASSIGN_OR_RETURN(line.effective_on, ReadDate(*select, 1));
    line.gl_code = select->Text(2);
    line.fund = select->Text(3);
    line.amount = Money::FromCents(select->Int(4));
    lines.push_back(std::move(line));
  }
  return lines;
}

Result<std::map<std::int64_t, std::vector<AccountLine>>> SqliteLedger::AccountLinesFor(
    const std::vector<AccountId>& accounts, const std::set<std::string>& gl_codes) {
  // The ids travel as one JSON array parameter, so one prepared statement serves any number.
  std::string ids = "[";
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    if (i > 0) ids += ',';
    ids += std::to_string(accounts[i].value());
  }
  ids += "]";
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT account_id, entry_id, effective_on, gl_code, fund, amount_cents"
                          " FROM journal_lines INDEXED BY journal_lines_by_account"
                          " WHERE account_id IN (SELECT value FROM json_each(?1))"
                          " AND gl_code IN (" +
                          NumberedPlaceholders(2, gl_codes.size()) +
                          ") ORDER BY account_id, entry_id, position"));
  select->Bind(1, ids);
  BindCodes(*select, 2, gl_codes);
  std::map<std::int64_t, std::vector<AccountLine>> lines;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    AccountLine line;
    line.entry_id = JournalEntryId(select->Int(1));
    CISTERN_ASSIGN_OR_RETURN(line.effective_on, ReadDate(*select, 2));
    line.gl_code = select->Text(3);
    line.fund = select->Text(4);
    line.amount = Money::FromCents(select->Int(5));
    lines[select->Int(0)].push_back(std::move(line));
  }
  return lines;
}

Result<Page<AccountTransaction>> SqliteLedger::AccountTransactions(
    AccountId account, const std::set<std::string>& gl_codes, const PageRequest& page) {
  const std::string codes = NumberedPlaceholders(4, gl_codes.size());
  // Each row: an entry touching the account, its effect on the account's sum over the codes,
  // and the running sum up to and including it.
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(
          "SELECT e.id, e.kind, e.effective_on, e.posted_at, e.posted_by, e.memo, e.reverses,"
          " COALESCE(u.display_name, 'System'),"
          " (SELECT COALESCE(SUM(amount_cents), 0) FROM journal_lines"
          "   WHERE entry_id = e.id AND account_id = ?1 AND gl_code IN (" +
          codes +
          ")),"
          " (SELECT COALESCE(SUM(amount_cents), 0) FROM journal_lines"
          "   WHERE account_id = ?1 AND entry_id <= e.id AND gl_code IN (" +
          codes +
          ")),"
          " (SELECT id FROM payments WHERE entry_id = e.id),"
          " (SELECT id FROM journal_entries r WHERE r.reverses = e.id ORDER BY id LIMIT 1)"
          " FROM journal_entries e LEFT JOIN users u ON u.id = e.posted_by"
          " WHERE e.id IN (SELECT DISTINCT entry_id FROM journal_lines WHERE account_id = ?1)"
          " AND (?2 = 0 OR e.id < ?2) ORDER BY e.id DESC LIMIT ?3"));
  select->Bind(1, account.value());
  select->Bind(2, page.after);
  select->Bind(3, page.page_size + 1);
  BindCodes(*select, 4, gl_codes);
  Page<AccountTransaction> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    AccountTransaction transaction;
    CISTERN_ASSIGN_OR_RETURN(transaction.entry, ReadEntryHeader(*select));
    transaction.posted_by_name = select->Text(7);
    transaction.amount = Money::FromCents(select->Int(8));
    transaction.balance_after = Money::FromCents(select->Int(9));
    if (!select->IsNull(10)) transaction.payment_id = PaymentId(select->Int(10));
    if (!select->IsNull(11)) transaction.reversed_by = JournalEntryId(select->Int(11));
    result.items.push_back(std::move(transaction));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = result.items.back().entry.id.value();
  }
  for (AccountTransaction& transaction : result.items) {
    CISTERN_ASSIGN_OR_RETURN(transaction.entry.lines, Lines(transaction.entry.id));
  }
  return result;
}

Result<std::vector<JournalEntry>> SqliteLedger::EntriesBetween(Date from, Date to, int limit) {
  CISTERN_ASSIGN_OR_RETURN(auto* select, connection_.Prepare(std::string(kEntryColumns) +
                                                             "WHERE effective_on BETWEEN ? AND ?"
                                                             " ORDER BY effective_on, id LIMIT ?"));
  select->BindAll(FormatDate(from), FormatDate(to), limit);
  std::vector<JournalEntry> entries;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(JournalEntry entry, ReadEntryHeader(*select));
    entries.push_back(std::move(entry));
  }
  for (JournalEntry& entry : entries) {
    CISTERN_ASSIGN_OR_RETURN(entry.lines, Lines(entry.id));
  }
  return entries;
}

// Both sums below are taken here rather than by GROUP BY. No index orders lines by code and
// fund, so SQLite would first sort every line into a temporary b-tree: on a 100,000-account city
// with a year of history (9 million lines) that was 6 to 12 seconds of the aged-receivables
// report and of `cistern ledger check`. A city has a few dozen (code, fund) pairs and an account
// a handful of funds, so each line finds its sum by a short search.

Result<std::vector<GlTotal>> SqliteLedger::Totals(std::optional<Date> from,
                                                  std::optional<Date> to) {
  // With a start date the range's entries are found by date and their lines by entry; without
  // one every line is read in storage order and kept by its own date (a line's effective_on is
  // its entry's; `cistern ledger check` verifies it).
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(from ? "SELECT l.gl_code, l.fund, l.amount_cents"
                                 " FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
                                 " WHERE e.effective_on >= ?1"
                                 " AND e.effective_on <= COALESCE(?2, '9999-12-31')"
                               : "SELECT gl_code, fund, amount_cents FROM journal_lines"
                                 " WHERE ?2 IS NULL OR effective_on <= ?2"));
  std::optional<std::string> from_text;
  if (from) from_text = FormatDate(*from);
  std::optional<std::string> to_text;
  if (to) to_text = FormatDate(*to);
  select->BindAll(from_text, to_text);
  std::vector<GlTotal> totals;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const std::string_view code = select->TextView(0);
    const std::string_view fund = select->TextView(1);
    auto total = std::find_if(totals.begin(), totals.end(), [&](const GlTotal& sum) {
      return sum.gl_code == code && sum.fund == fund;
    });
    if (total == totals.end()) {
      total = totals.insert(totals.end(), GlTotal{std::string(code), std::string(fund), {}, {}});
    }
    const Money amount = Money::FromCents(select->Int(2));
    if (amount > Money()) {
      total->debits += amount;
    } else {
      total->credits += amount;
    }
  }
  std::sort(totals.begin(), totals.end(), [](const GlTotal& a, const GlTotal& b) {
    return std::tie(a.gl_code, a.fund) < std::tie(b.gl_code, b.fund);
  });
  return totals;
}

Result<std::vector<LedgerRepository::AccountFundSum>> SqliteLedger::SumsByAccountAndFund(
    const std::set<std::string>& gl_codes) {
  // In account order from journal_lines_by_account; one account's funds are summed together.
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT account_id, fund, amount_cents FROM journal_lines"
                                        " WHERE account_id IS NOT NULL AND gl_code IN (" +
                                        Placeholders(gl_codes.size()) + ") ORDER BY account_id"));
  BindCodes(*select, 1, gl_codes);
  std::vector<AccountFundSum> sums;
  std::vector<AccountFundSum> account;  // the current account's sum by fund
  auto finish_account = [&] {
    std::sort(account.begin(), account.end(),
              [](const AccountFundSum& a, const AccountFundSum& b) { return a.fund < b.fund; });
    for (AccountFundSum& sum : account) {
      if (!sum.amount.is_zero()) sums.push_back(std::move(sum));
    }
    account.clear();
  };
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const AccountId id(select->Int(0));
    if (!account.empty() && account.front().account_id != id) finish_account();
    const std::string_view fund = select->TextView(1);
    auto sum = std::find_if(account.begin(), account.end(),
                            [&](const AccountFundSum& each) { return each.fund == fund; });
    if (sum == account.end()) {
      sum = account.insert(account.end(), AccountFundSum{id, std::string(fund), {}});
    }
    sum->amount += Money::FromCents(select->Int(2));
  }
  finish_account();
  return sums;
}

Result<std::vector<JournalEntryId>> SqliteLedger::UnbalancedEntries(int limit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT e.id FROM journal_entries e LEFT JOIN journal_lines l"
                          " ON l.entry_id = e.id GROUP BY e.id"
                          " HAVING COALESCE(SUM(l.amount_cents), 0) != 0 OR COUNT(l.entry_id) < 2"
                          " ORDER BY e.id LIMIT ?"));
  select->BindAll(limit);
  return CollectEntryIds(*select);
}

Result<std::vector<std::string>> SqliteLedger::GlCodesInUse() {
  // Gathered here: SELECT DISTINCT ... ORDER BY had SQLite sort every line first (6 s and
  // 690 MiB on a city with 9 million lines), for a few dozen codes.
  CISTERN_ASSIGN_OR_RETURN(auto* select, connection_.Prepare("SELECT gl_code FROM journal_lines"));
  std::set<std::string, std::less<>> codes;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const std::string_view code = select->TextView(0);
    if (codes.find(code) == codes.end()) codes.emplace(code);
  }
  return std::vector<std::string>(codes.begin(), codes.end());
}

Result<std::vector<JournalEntryId>> SqliteLedger::EntriesReversedTwice(int limit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT reverses FROM journal_entries WHERE reverses IS NOT NULL"
                          " GROUP BY reverses HAVING COUNT(*) > 1 ORDER BY reverses LIMIT ?"));
  select->BindAll(limit);
  return CollectEntryIds(*select);
}

Result<std::vector<JournalEntryId>> SqliteLedger::LinesWithDriftedDates(int limit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT DISTINCT l.entry_id FROM journal_lines l"
                          " JOIN journal_entries e ON e.id = l.entry_id"
                          " WHERE l.effective_on != e.effective_on ORDER BY l.entry_id LIMIT ?"));
  select->BindAll(limit);
  return CollectEntryIds(*select);
}

Result<std::vector<JournalEntryId>> SqliteLedger::LinesWithoutAccount(
    const std::set<std::string>& gl_codes, int limit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT DISTINCT entry_id FROM journal_lines WHERE account_id IS NULL"
                          " AND gl_code IN (" +
                          Placeholders(gl_codes.size()) + ") ORDER BY entry_id LIMIT ?"));
  BindCodes(*select, 1, gl_codes);
  select->Bind(static_cast<int>(gl_codes.size()) + 1, static_cast<std::int64_t>(limit));
  return CollectEntryIds(*select);
}

Status SqliteLedger::ForEachAccountLines(
    const std::set<std::string>& gl_codes,
    const std::function<Status(AccountId, const std::vector<AccountLine>&)>& visit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT account_id, entry_id, effective_on, gl_code, fund, amount_cents"
                          " FROM journal_lines WHERE account_id IS NOT NULL AND gl_code IN (" +
                          Placeholders(gl_codes.size()) +
                          ") ORDER BY account_id, entry_id, position"));
  BindCodes(*select, 1, gl_codes);
  AccountId current;
  std::vector<AccountLine> lines;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const AccountId account(select->Int(0));
    if (account != current && !lines.empty()) {
      CISTERN_RETURN_IF_ERROR(visit(current, lines));
      lines.clear();
    }
    current = account;
    AccountLine line;
    line.entry_id = JournalEntryId(select->Int(1));
    CISTERN_ASSIGN_OR_RETURN(line.effective_on, ReadDate(*select, 2));
    line.gl_code = select->Text(3);
    line.fund = select->Text(4);
    line.amount = Money::FromCents(select->Int(5));
    lines.push_back(std::move(line));
  }
  if (!lines.empty()) CISTERN_RETURN_IF_ERROR(visit(current, lines));
  return OkStatus();
}

Status SqliteLedger::ForEachEntry(const std::function<Status(const JournalEntry&)>& visit) {
  // Lines come in entry order alongside their headers, so one pass rebuilds every entry without
  // a query per entry.
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT e.id, e.kind, e.effective_on, e.posted_at, e.posted_by, e.memo,"
                          " e.reverses, l.gl_code, l.amount_cents, l.account_id, l.fund"
                          " FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id"
                          " ORDER BY e.id, l.position"));
  std::optional<JournalEntry> current;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const JournalEntryId id(select->Int(0));
    if (!current || current->id != id) {
      if (current) CISTERN_RETURN_IF_ERROR(visit(*current));
      CISTERN_ASSIGN_OR_RETURN(JournalEntry header, ReadEntryHeader(*select));
      current = std::move(header);
    }
    if (!select->IsNull(7)) {
      EntryLine line;
      line.gl_code = select->Text(7);
      line.amount = Money::FromCents(select->Int(8));
      if (!select->IsNull(9)) line.account_id = AccountId(select->Int(9));
      line.fund = select->Text(10);
      current->lines.push_back(std::move(line));
    }
  }
  if (current) CISTERN_RETURN_IF_ERROR(visit(*current));
  return OkStatus();
}

}  // namespace cistern::sqlite
