// The journal: entries and their lines, append-only.
#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <tuple>

#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sql_lists.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

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
      " effective_on, via_bill) VALUES ",
      8);
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
                      insert.Bind(++parameter, line.via_bill);
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

Result<std::vector<std::string>> SqliteLedger::BrokenReferences(int limit) {
  // SQLite's own check of every foreign key: each row names its table, the row (no rowid for a
  // WITHOUT ROWID table) and the table whose row is missing.
  CISTERN_ASSIGN_OR_RETURN(auto* check, connection_.Prepare("PRAGMA foreign_key_check"));
  std::vector<std::string> broken;
  while (static_cast<int>(broken.size()) < limit) {
    CISTERN_ASSIGN_OR_RETURN(bool row, check->Step());
    if (!row) break;
    const std::string table = check->Text(0);
    const std::string row_name =
        check->IsNull(1) ? "a " + table + " row" : table + " row " + std::to_string(check->Int(1));
    broken.push_back(row_name + " names a " + check->Text(2) + " row that does not exist");
  }
  check->Reset();
  return broken;
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
