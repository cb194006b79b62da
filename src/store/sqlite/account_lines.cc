// An account's lines: every line (journal_lines_by_account, and a bill's charge lines reached
// through the bill), or its position carried on its latest bill and the lines after it
// (decision 0007). Part of SqliteLedger.
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "store/sqlite/position_json.h"
#include "store/sqlite/repositories.h"
#include "store/sqlite/sql_lists.h"

namespace cistern::sqlite {
namespace {

// Accounts a whole pass (aging, the ledger check) reads at a time.
constexpr int kAccountsPerBatch = 1000;

// A line with its place in the journal, to put lines read by two queries in journal order.
struct PlacedLine {
  std::int64_t entry;
  std::int64_t position;
  AccountLine line;
};

void SortByPlace(std::vector<PlacedLine>& lines) {
  std::sort(lines.begin(), lines.end(), [](const PlacedLine& a, const PlacedLine& b) {
    return std::tie(a.entry, a.position) < std::tie(b.entry, b.position);
  });
}

// Columns `first`.. are entry_id, position, effective_on, gl_code, fund, amount_cents.
Result<PlacedLine> ReadPlacedLine(const Statement& select, int first) {
  PlacedLine placed;
  placed.entry = select.Int(first);
  placed.position = select.Int(first + 1);
  placed.line.entry_id = JournalEntryId(placed.entry);
  CISTERN_ASSIGN_OR_RETURN(placed.line.effective_on, ReadDate(select, first + 2));
  placed.line.gl_code = select.Text(first + 3);
  placed.line.fund = select.Text(first + 4);
  placed.line.amount = Money::FromCents(select.Int(first + 5));
  return placed;
}

// Each account once, in order of first appearance.
std::vector<AccountId> Distinct(const std::vector<AccountId>& accounts) {
  std::vector<AccountId> distinct;
  std::set<std::int64_t> seen;
  for (AccountId account : accounts) {
    if (seen.insert(account.value()).second) distinct.push_back(account);
  }
  return distinct;
}

// "[[account, after], ...]": each account with the entry its lines are wanted after.
std::string AccountsAfterJson(const std::vector<std::pair<std::int64_t, std::int64_t>>& pairs) {
  std::string json = "[";
  for (const auto& [account, after] : pairs) {
    if (json.size() > 1) json += ',';
    json += '[' + std::to_string(account) + ',' + std::to_string(after) + ']';
  }
  json += ']';
  return json;
}

}  // namespace

Result<std::map<std::int64_t, std::vector<AccountLine>>> SqliteLedger::LinesAfter(
    const std::vector<std::pair<std::int64_t, std::int64_t>>& accounts_after,
    const std::set<std::string>& gl_codes, bool via_bills) {
  std::map<std::int64_t, std::vector<PlacedLine>> placed;
  const std::string json = AccountsAfterJson(accounts_after);
  // The account's index of lines: everything but the bills' charge lines.
  CISTERN_ASSIGN_OR_RETURN(
      auto* indexed,
      connection_.Prepare(
          "SELECT l.account_id, l.entry_id, l.position, l.effective_on, l.gl_code, l.fund,"
          " l.amount_cents FROM json_each(?1) ids"
          " JOIN journal_lines l INDEXED BY journal_lines_by_account"
          " ON l.account_id = json_extract(ids.value, '$[0]') AND l.via_bill = 0"
          " AND l.entry_id > json_extract(ids.value, '$[1]')"
          " WHERE l.gl_code IN (" +
          NumberedPlaceholders(2, gl_codes.size()) + ")"));
  // Both queries give (account, line): each line goes to its account's list.
  auto collect = [&](Statement& select) -> Status {
    select.Bind(1, json);
    BindCodes(select, 2, gl_codes);
    while (true) {
      CISTERN_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) return OkStatus();
      CISTERN_ASSIGN_OR_RETURN(PlacedLine line, ReadPlacedLine(select, 1));
      placed[select.Int(0)].push_back(std::move(line));
    }
  };
  CISTERN_RETURN_IF_ERROR(collect(*indexed));
  if (via_bills) {
    // The bills' charge lines, through each bill's charge entry.
    CISTERN_ASSIGN_OR_RETURN(
        auto* billed,
        connection_.Prepare(
            "SELECT b.account_id, l.entry_id, l.position, l.effective_on, l.gl_code, l.fund,"
            " l.amount_cents FROM json_each(?1) ids"
            // CROSS JOIN keeps this order: each account's bills, then each bill's lines (the
            // planner could otherwise start from the lines).
            " CROSS JOIN bills b ON b.account_id = json_extract(ids.value, '$[0]')"
            " AND b.entry_id > json_extract(ids.value, '$[1]')"
            " CROSS JOIN journal_lines l ON l.entry_id = b.entry_id AND l.via_bill = 1"
            " AND l.account_id = b.account_id"
            " WHERE l.gl_code IN (" +
            NumberedPlaceholders(2, gl_codes.size()) + ")"));
    CISTERN_RETURN_IF_ERROR(collect(*billed));
  }
  std::map<std::int64_t, std::vector<AccountLine>> lines;
  for (auto& [account, rows] : placed) {
    SortByPlace(rows);
    std::vector<AccountLine>& into = lines[account];
    into.reserve(rows.size());
    for (PlacedLine& row : rows) into.push_back(std::move(row.line));
  }
  return lines;
}

Result<std::vector<AccountLine>> SqliteLedger::AccountLines(AccountId account,
                                                            const std::set<std::string>& gl_codes) {
  CISTERN_ASSIGN_OR_RETURN(auto lines, AccountLinesFor({account}, gl_codes));
  auto found = lines.find(account.value());
  if (found == lines.end()) return std::vector<AccountLine>();
  return std::move(found->second);
}

Result<std::map<std::int64_t, std::vector<AccountLine>>> SqliteLedger::AccountLinesFor(
    const std::vector<AccountId>& accounts, const std::set<std::string>& gl_codes) {
  std::vector<std::pair<std::int64_t, std::int64_t>> from_start;
  for (AccountId account : Distinct(accounts)) from_start.emplace_back(account.value(), 0);
  return LinesAfter(from_start, gl_codes, /*via_bills=*/true);
}

Result<std::map<std::int64_t, PositionLines>> SqliteLedger::PositionLinesFor(
    const std::vector<AccountId>& asked, const std::set<std::string>& balance_codes,
    std::optional<Date> as_of) {
  const std::vector<AccountId> accounts = Distinct(asked);  // an import may name one many times
  std::map<std::int64_t, PositionLines> result;
  // Each account's latest bill, with the position it carries (a bill posted before the carried
  // positions has none).
  struct Carried {
    std::int64_t through = 0;
    PositionLines position;
  };
  std::map<std::int64_t, Carried> carried;
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT ids.value, b.through_entry_id, p.position FROM json_each(?1) ids"
                          " JOIN bills b ON b.id = (SELECT id FROM bills WHERE account_id ="
                          " ids.value ORDER BY id DESC LIMIT 1)"
                          " JOIN bill_positions p ON p.bill_id = b.id"));
  select->Bind(1, IdsJson(accounts));
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    Carried& carry = carried[select->Int(0)];
    carry.through = select->Int(1);
    CISTERN_ASSIGN_OR_RETURN(carry.position, ParsePositionJson(select->TextView(2)));
    std::erase_if(carry.position.lines,
                  [&](const AccountLine& line) { return balance_codes.count(line.gl_code) == 0; });
  }
  // A position carried past `as_of` cannot answer for that day.
  std::vector<std::pair<std::int64_t, std::int64_t>> after_carry;
  for (auto it = carried.begin(); it != carried.end();) {
    const std::optional<Date>& latest = it->second.position.latest;
    if (as_of && latest && *latest > *as_of) {
      it = carried.erase(it);
    } else {
      after_carry.emplace_back(it->first, it->second.through);
      ++it;
    }
  }
  // The lines after each carried position. The latest bill carries it, so every later line is
  // in the index (a later bill would be the latest).
  CISTERN_ASSIGN_OR_RETURN(auto later, LinesAfter(after_carry, balance_codes, /*via_bills=*/false));
  std::vector<AccountId> whole;  // accounts whose whole history is replayed
  for (AccountId account : accounts) {
    auto carry = carried.find(account.value());
    if (carry == carried.end()) {
      whole.push_back(account);
      continue;
    }
    PositionLines& position = carry->second.position;
    const std::optional<Date> carried_as_of = position.latest;
    bool in_order = true;
    for (AccountLine& line : later[account.value()]) {
      if (as_of && line.effective_on > *as_of) continue;
      // Dated before what the position already replayed: replaying it after the carried items
      // could pay a different month's charge (decision 0007), so the whole history is replayed.
      // (Later lines among themselves are put in date order by the replay.)
      if (carried_as_of && line.effective_on < *carried_as_of) {
        in_order = false;
        break;
      }
      if (!position.latest || line.effective_on > *position.latest) {
        position.latest = line.effective_on;
      }
      position.lines.push_back(std::move(line));
    }
    if (!in_order) {
      whole.push_back(account);
      continue;
    }
    result[account.value()] = std::move(position);
  }
  if (!whole.empty()) {
    CISTERN_ASSIGN_OR_RETURN(auto every, AccountLinesFor(whole, balance_codes));
    for (AccountId account : whole) {
      PositionLines& position = result[account.value()];
      for (AccountLine& line : every[account.value()]) {
        if (as_of && line.effective_on > *as_of) continue;
        if (!position.latest || line.effective_on > *position.latest) {
          position.latest = line.effective_on;
        }
        position.lines.push_back(std::move(line));
      }
    }
  }
  return result;
}

Status SqliteLedger::ForEachAccountPosition(
    const std::set<std::string>& balance_codes, std::optional<Date> as_of,
    const std::function<Status(AccountId, const PositionLines&)>& visit) {
  std::int64_t after = 0;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare("SELECT id FROM accounts WHERE id > ? ORDER BY id LIMIT ?"));
    select->BindAll(after, kAccountsPerBatch);
    std::vector<AccountId> batch;
    while (true) {
      CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      batch.push_back(AccountId(select->Int(0)));
    }
    select->Reset();
    if (batch.empty()) return OkStatus();
    after = batch.back().value();
    CISTERN_ASSIGN_OR_RETURN(auto positions, PositionLinesFor(batch, balance_codes, as_of));
    for (AccountId account : batch) {
      CISTERN_RETURN_IF_ERROR(visit(account, positions[account.value()]));
    }
  }
}

Result<std::vector<LedgerRepository::AccountFundSum>> SqliteLedger::SumsByAccountAndFund(
    const std::set<std::string>& gl_codes) {
  std::map<std::pair<std::int64_t, std::string>, Money> sums;
  // The index's lines, then the bills' charge lines, which no index holds by code: one pass
  // over the journal (decision 0007).
  for (const char* sql : {"SELECT account_id, fund, amount_cents FROM journal_lines"
                          " INDEXED BY journal_lines_by_account"
                          " WHERE account_id IS NOT NULL AND via_bill = 0 AND gl_code IN (",
                          "SELECT account_id, fund, amount_cents FROM journal_lines NOT INDEXED"
                          " WHERE via_bill = 1 AND gl_code IN ("}) {
    CISTERN_ASSIGN_OR_RETURN(
        auto* select, connection_.Prepare(std::string(sql) + Placeholders(gl_codes.size()) + ")"));
    BindCodes(*select, 1, gl_codes);
    while (true) {
      CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      sums[{select->Int(0), select->Text(1)}] += Money::FromCents(select->Int(2));
    }
  }
  std::vector<AccountFundSum> result;
  for (auto& [key, amount] : sums) {
    if (!amount.is_zero()) result.push_back({AccountId(key.first), key.second, amount});
  }
  return result;
}

Result<Page<AccountTransaction>> SqliteLedger::AccountTransactions(
    AccountId account, const std::set<std::string>& gl_codes, const PageRequest& page) {
  // The entries touching the account on any code: from its index and its bills.
  CISTERN_ASSIGN_OR_RETURN(auto* touching,
                           connection_.Prepare("SELECT DISTINCT entry_id FROM journal_lines"
                                               " INDEXED BY journal_lines_by_account"
                                               " WHERE account_id = ?1 AND via_bill = 0"
                                               " UNION SELECT entry_id FROM bills"
                                               " WHERE account_id = ?1 AND entry_id IS NOT NULL"));
  touching->BindAll(account.value());
  std::set<std::int64_t> entries;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, touching->Step());
    if (!row) break;
    entries.insert(touching->Int(0));
  }
  // Each entry's effect on the sum over the codes, and the running sum after it.
  CISTERN_ASSIGN_OR_RETURN(auto lines, AccountLines(account, gl_codes));
  std::map<std::int64_t, Money> effect;
  for (const AccountLine& line : lines) effect[line.entry_id.value()] += line.amount;
  std::map<std::int64_t, Money> balance_after;
  Money running;
  for (std::int64_t entry : entries) {
    running += effect[entry];
    balance_after[entry] = running;
  }
  Page<AccountTransaction> result;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (page.after != 0 && *it >= page.after) continue;
    if (static_cast<int>(result.items.size()) == page.page_size) {
      result.next_after = result.items.back().entry.id.value();
      break;
    }
    AccountTransaction transaction;
    transaction.entry.id = JournalEntryId(*it);
    transaction.amount = effect[*it];
    transaction.balance_after = balance_after[*it];
    result.items.push_back(std::move(transaction));
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(
          "SELECT e.id, e.kind, e.effective_on, e.posted_at, e.posted_by, e.memo, e.reverses,"
          " COALESCE(u.display_name, 'System'),"
          " (SELECT id FROM payments WHERE entry_id = e.id),"
          " (SELECT id FROM journal_entries r WHERE r.reverses = e.id ORDER BY id LIMIT 1)"
          " FROM journal_entries e LEFT JOIN users u ON u.id = e.posted_by WHERE e.id = ?"));
  for (AccountTransaction& transaction : result.items) {
    select->Reset();
    select->BindAll(transaction.entry.id.value());
    CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
    if (!found) return Error::Internal("STORED_VALUE_INVALID", "A bill names a missing entry.");
    CISTERN_ASSIGN_OR_RETURN(transaction.entry, ReadEntryHeader(*select));
    transaction.posted_by_name = select->Text(7);
    if (!select->IsNull(8)) transaction.payment_id = PaymentId(select->Int(8));
    if (!select->IsNull(9)) transaction.reversed_by = JournalEntryId(select->Int(9));
    CISTERN_ASSIGN_OR_RETURN(transaction.entry.lines, Lines(transaction.entry.id));
  }
  return result;
}

}  // namespace cistern::sqlite
