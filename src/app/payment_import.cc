#include "app/payment_import.h"

#include <algorithm>
#include <future>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "app/audit.h"
#include "app/chunk_pacer.h"
#include "app/ledger_common.h"
#include "app/service_lifecycle.h"
#include "core/text.h"
#include "domain/ledger/card_number.h"
#include "domain/ledger/posting.h"

namespace cistern {
namespace {

constexpr int kChunkPayments = 2500;
constexpr int kDaysBackMax = 365;
constexpr std::size_t kReferenceLengthMax = 60;

// Splits one CSV line: commas separate fields; a field in double quotes may hold commas, and
// "" inside quotes is one quote.
std::vector<std::string> SplitCsv(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// A chunk's accounts as read ahead: their balance lines, and the receivable position each one
// gives (what a payment is allocated against), worked out off the writer's thread.
struct ChunkAccounts {
  std::map<std::int64_t, std::vector<AccountLine>> lines;
  std::unordered_map<std::int64_t, ReceivablePosition> positions;
};

// ChunkAccounts for `accounts`, in a read transaction of its own.
Result<ChunkAccounts> ReadChunkAccounts(const AppContext& context,
                                        const std::vector<AccountId>& accounts) {
  CISTERN_ASSIGN_OR_RETURN(auto reader, context.store.Begin(TransactionMode::kRead));
  ChunkAccounts read;
  CISTERN_ASSIGN_OR_RETURN(read.lines, LoadPositionLines(*reader, context.finance, accounts));
  for (AccountId account : accounts) {
    if (read.positions.count(account.value()) > 0) continue;
    read.positions.emplace(account.value(),
                           PositionFromLines(context.finance, read.lines[account.value()]));
  }
  return read;
}

}  // namespace

ParsedImport ParsePaymentCsv(const std::string& text, Date today) {
  ParsedImport parsed;
  std::size_t position = 0;
  int line_number = 0;
  bool header_seen = false;
  std::set<std::string> references;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + position, end - position);
    position = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    auto problem = [&](std::string message) {
      parsed.problems.push_back({line_number, std::move(message)});
    };
    if (!IsValidUtf8(line) || LooksLikeCardNumber(line)) {
      problem(LooksLikeCardNumber(line) ? "holds what looks like a card number; removed"
                                        : "is not valid UTF-8 text");
      continue;
    }
    std::vector<std::string> fields = SplitCsv(line);
    for (std::string& field : fields) field = std::string(Trim(field));
    if (!header_seen) {
      header_seen = true;
      const std::vector<std::string> expected = {"account_number", "amount", "date", "reference"};
      if (fields != expected) {
        problem("the first line must be the header account_number,amount,date,reference");
        return parsed;
      }
      continue;
    }
    if (parsed.lines.size() >= kImportLinesMax) {
      problem("the file has more than 2,000,000 payments; split it");
      return parsed;
    }
    if (fields.size() != 4) {
      problem("has " + std::to_string(fields.size()) + " fields; expected 4");
      continue;
    }
    ImportLine import;
    import.line_number = line_number;
    auto number = AccountNumber::Parse(fields[0]);
    if (!number.ok()) {
      problem("account number: " + number.error().message);
      continue;
    }
    import.account_number = *number;
    auto amount = Money::Parse(fields[1]);
    if (!amount.ok() || amount->cents() <= 0) {
      problem("amount \"" + fields[1].substr(0, 20) + "\" is not a positive amount like 125.00");
      continue;
    }
    import.amount = *amount;
    auto date = ParseDate(fields[2], "date");
    if (!date.ok() || *date > today || DaysBetween(*date, today) > kDaysBackMax) {
      problem("date \"" + fields[2].substr(0, 20) +
              "\" is not a YYYY-MM-DD date within the last year");
      continue;
    }
    import.received_on = *date;
    import.reference = fields[3];
    if (import.reference.empty() || import.reference.size() > kReferenceLengthMax) {
      problem("reference is required (at most 60 characters)");
      continue;
    }
    if (!references.insert(import.reference).second) {
      problem("reference " + import.reference + " appears twice in the file");
      continue;
    }
    parsed.lines.push_back(std::move(import));
  }
  if (!header_seen) parsed.problems.push_back({1, "the file is empty"});
  return parsed;
}

Result<ImportReport> ImportPayments(const AppContext& context, const Caller& caller,
                                    const ParsedImport& parsed, const std::string& source_name,
                                    Tender tender, ImportMode mode) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  const FinanceSettings& settings = context.finance;
  const std::string source = "import:" + source_name;
  ImportReport report;
  report.problems = parsed.problems;

  // 1. Check every line against the store before posting anything.
  std::vector<std::pair<const ImportLine*, AccountId>> valid;
  std::set<std::int64_t> final_accounts;  // stopped accounts the file pays
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
    // Every account the file names, looked up a few thousand at a time.
    std::unordered_map<std::int64_t, std::optional<Account>> accounts;
    std::vector<AccountNumber> batch;
    auto look_up = [&]() -> Status {
      if (batch.empty()) return OkStatus();
      CISTERN_ASSIGN_OR_RETURN(auto found, transaction->accounts().FindByNumbers(batch));
      for (Account& account : found) {
        accounts[account.number.sequence()] = std::move(account);
      }
      batch.clear();
      return OkStatus();
    };
    for (const ImportLine& line : parsed.lines) {
      auto [entry, added] = accounts.try_emplace(line.account_number.sequence());
      if (!added) continue;
      batch.push_back(line.account_number);
      if (batch.size() == static_cast<std::size_t>(kChunkPayments)) {
        CISTERN_RETURN_IF_ERROR(look_up());
      }
    }
    CISTERN_RETURN_IF_ERROR(look_up());
    // What this file (by its name) already posted: a re-run skips it.
    CISTERN_ASSIGN_OR_RETURN(const std::set<std::string> imported,
                             transaction->payments().ReferencesFromSource(source));
    for (const ImportLine& line : parsed.lines) {
      const auto& cached = accounts[line.account_number.sequence()];
      if (!cached) {
        report.problems.push_back(
            {line.line_number, "account " + line.account_number.text() + " does not exist"});
        continue;
      }
      if (cached->status == AccountStatus::kFinal) final_accounts.insert(cached->id.value());
      if (cached->status == AccountStatus::kClosed) {
        report.problems.push_back(
            {line.line_number, "account " + line.account_number.text() + " is closed"});
        continue;
      }
      const bool check_like = tender == Tender::kCheck || tender == Tender::kAch;
      if (check_like && cached->cash_only_until && *cached->cash_only_until >= line.received_on) {
        report.problems.push_back(
            {line.line_number, "account " + line.account_number.text() +
                                   " pays only in cash or certified funds until " +
                                   FormatDate(*cached->cash_only_until)});
        continue;
      }
      if (imported.count(line.reference) > 0) {
        report.problems.push_back(
            {line.line_number,
             "reference " + line.reference + " was already imported from " + source_name});
        continue;
      }
      valid.push_back({&line, cached->id});
    }
  }
  std::sort(
      report.problems.begin(), report.problems.end(),
      [](const ImportProblem& a, const ImportProblem& b) { return a.line_number < b.line_number; });
  if (!report.problems.empty() && mode == ImportMode::kAllOrNothing) return report;

  const std::set<std::string> balance_codes = BalanceGlCodes(settings.chart);
  using LinesByAccount = std::map<std::int64_t, std::vector<AccountLine>>;
  auto accounts_of_chunk = [&](std::size_t start) {
    std::vector<AccountId> ids;
    const std::size_t end = std::min(valid.size(), start + kChunkPayments);
    for (std::size_t index = start; index < end; ++index) ids.push_back(valid[index].second);
    return ids;
  };
  // The next chunk's account lines, read on a read connection (the second core) while the current
  // chunk is written. Declared after everything it refers to, so that it is waited for first.
  std::future<Result<ChunkAccounts>> ahead;
  WriteStamp previous;                         // the write that was open when `ahead` began
  std::unordered_set<std::int64_t> just_paid;  // accounts the previous chunk paid
  ChunkPacer pacer(context.store);
  // 2. Post in chunks. A chunk that fails rolls back whole; chunks before it stay posted and a
  // re-run skips their references, so an interrupted import resumes without doing anything twice.
  for (std::size_t start = 0; start < valid.size(); start += kChunkPayments) {
    const std::size_t end = std::min(valid.size(), start + kChunkPayments);
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
    const WriteStamp stamp = transaction->Stamp();
    pacer.Began(stamp);
    std::optional<Result<ChunkAccounts>> read_ahead;
    if (ahead.valid()) read_ahead.emplace(ahead.get());
    if (end < valid.size()) {
      // Begun after this chunk's write began: its snapshot misses only this chunk's payments and
      // whatever is committed before the next chunk's write begins, both checked there.
      ahead = std::async(std::launch::async, [&context, next = accounts_of_chunk(end)]() {
        return ReadChunkAccounts(context, next);
      });
    }
    // Every account's lines for the chunk in one query; each payment's own lines are added as it
    // posts, so an account paid twice in one file allocates its second payment correctly.
    const std::vector<AccountId> chunk_accounts = accounts_of_chunk(start);
    LinesByAccount lines_by_account;
    // Positions worked out ahead, each good for the account's first payment in this chunk only
    // (a second one sees the first one's lines).
    std::unordered_map<std::int64_t, ReceivablePosition> positions;
    if (read_ahead && read_ahead->ok() && NothingElseWrittenBetween(previous, stamp)) {
      lines_by_account = std::move((*read_ahead)->lines);
      positions = std::move((*read_ahead)->positions);
      // The read-ahead could not see the previous chunk's payments: read again, in the write,
      // the accounts it paid.
      std::vector<AccountId> again;
      for (AccountId id : chunk_accounts) {
        if (just_paid.count(id.value()) > 0) again.push_back(id);
      }
      if (!again.empty()) {
        for (AccountId id : again) {
          lines_by_account.erase(id.value());
          positions.erase(id.value());
        }
        CISTERN_ASSIGN_OR_RETURN(auto fresh, LoadPositionLines(*transaction, settings, again));
        for (auto& [id, lines] : fresh) lines_by_account[id] = std::move(lines);
      }
    } else {
      // The first chunk, or something else was written meanwhile: read in the write.
      CISTERN_ASSIGN_OR_RETURN(lines_by_account,
                               LoadPositionLines(*transaction, settings, chunk_accounts));
    }
    just_paid.clear();
    for (AccountId id : chunk_accounts) just_paid.insert(id.value());
    Money chunk_total;
    std::int64_t first_id = 0;
    std::int64_t last_id = 0;
    for (std::size_t index = start; index < end; ++index) {
      const ImportLine& line = *valid[index].first;
      const AccountId account = valid[index].second;
      std::vector<AccountLine>& account_lines = lines_by_account[account.value()];
      ReceivablePosition position;
      if (auto ahead_position = positions.find(account.value());
          ahead_position != positions.end()) {
        position = std::move(ahead_position->second);
        positions.erase(ahead_position);
      } else {
        position = PositionFromLines(settings, account_lines);
      }
      const Allocation allocation =
          AllocatePayment(line.amount, position.open, settings.fund_priority);
      JournalEntry entry = PaymentEntry(
          settings, account, allocation,
          HeaderFor(context, caller, line.received_on,
                    std::string(TenderName(tender)) + " payment imported from " + source_name));
      CISTERN_RETURN_IF_ERROR(PostEntry(*transaction, settings, entry));
      for (const EntryLine& entry_line : entry.lines) {
        if (entry_line.account_id == account && balance_codes.count(entry_line.gl_code)) {
          account_lines.push_back({entry.id, entry.effective_on, entry_line.gl_code,
                                   entry_line.fund, entry_line.amount});
        }
      }
      Payment payment;
      payment.account_id = account;
      payment.entry_id = entry.id;
      payment.amount = line.amount;
      payment.tender = tender;
      payment.reference = line.reference;
      payment.received_on = line.received_on;
      payment.source = source;
      payment.posted_by = caller.user_id;
      payment.posted_at = entry.posted_at;
      CISTERN_ASSIGN_OR_RETURN(payment.id, transaction->payments().Insert(payment));
      if (first_id == 0) first_id = payment.id.value();
      last_id = payment.id.value();
      chunk_total += line.amount;
    }
    // A final account whose balance the file settled is closed.
    for (std::size_t index = start; index < end; ++index) {
      if (!final_accounts.count(valid[index].second.value())) continue;
      auto closed = CloseIfSettled(context, *transaction, caller, valid[index].second);
      if (!closed.ok()) return closed.error();
    }
    // One audit event per chunk: the payments themselves carry who, when and which file.
    CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                        {"payments.import",
                                         "payment",
                                         first_id,
                                         std::nullopt,
                                         {},
                                         {{"source", source_name},
                                          {"payments", std::to_string(end - start)},
                                          {"total", chunk_total.Format()},
                                          {"first_payment", "pay_" + std::to_string(first_id)},
                                          {"last_payment", "pay_" + std::to_string(last_id)}}}));
    CISTERN_RETURN_IF_ERROR(transaction->Commit());
    previous = stamp;
    report.posted += static_cast<int>(end - start);
    report.total += chunk_total;
    if (end < valid.size()) pacer.Committed();  // a payment at the counter waits for one chunk
  }
  return report;
}

}  // namespace cistern
