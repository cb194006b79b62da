// The account search index: an FTS5 table with one row per account (rowid = account id).
#include <unordered_set>

#include "store/sqlite/repositories.h"

namespace cistern::sqlite {
namespace {

// Phones are indexed as all ten digits and as the seven-digit local number, so "5550142" and
// "4055550142" both find them.
constexpr const char* kReindex =
    "INSERT INTO account_search (rowid, number, name, address, contact, contact_confidential)"
    " SELECT a.id, a.number,"
    "  c.first_name || ' ' || c.last_name || ' ' || c.business_name,"
    "  p.line1 || ' ' || p.line2,"
    "  CASE WHEN c.confidential = 0 THEN contacts.text ELSE '' END,"
    "  CASE WHEN c.confidential = 1 THEN contacts.text ELSE '' END"
    " FROM accounts a"
    " JOIN customers c ON c.id = a.customer_id"
    " JOIN premises p ON p.id = a.premise_id,"
    " (SELECT COALESCE((SELECT group_concat(digits || ' ' || substr(digits, 4), ' ')"
    "                   FROM customer_phones WHERE customer_id = ?2), '')"
    "   || ' ' || COALESCE((SELECT group_concat(email, ' ')"
    "                   FROM customer_emails WHERE customer_id = ?2), '') AS text) AS contacts"
    " WHERE a.id = ?1";

constexpr const char* kSummary =
    "SELECT a.id, a.number, a.status, c.id, c.kind, c.first_name, c.last_name, c.business_name,"
    " p.id, p.line1, p.line2, c.confidential,"
    " (SELECT digits FROM customer_phones WHERE customer_id = c.id ORDER BY position LIMIT 1),"
    " (SELECT email FROM customer_emails WHERE customer_id = c.id ORDER BY position LIMIT 1)"
    " FROM accounts a JOIN customers c ON c.id = a.customer_id"
    " JOIN premises p ON p.id = a.premise_id WHERE a.id = ?";

// The FTS5 query for the words: each word must match as a prefix ("lop"* finds "Lopez"). Words
// hold only letters, digits and non-ASCII bytes (see ParseSearchQuery), so quoting them is safe.
std::string MatchExpression(const SearchQuery& query, ContactMatching contacts) {
  const std::string columns =
      contacts == ContactMatching::kIncludeConfidential ? "" : "{number name address contact} : ";
  std::string words;
  for (const std::string& word : query.words) {
    if (!words.empty()) words += " ";
    words += "\"" + word + "\"*";
  }
  std::string expression;
  if (!words.empty()) expression = columns + "(" + words + ")";
  if (!query.phone_digits.empty()) {
    const std::string phone = columns + "(\"" + query.phone_digits + "\"*)";
    expression = expression.empty() ? phone : "(" + expression + ") OR (" + phone + ")";
  }
  return expression;
}

constexpr int kRankedMatchesMax = 2000;

}  // namespace

Status SqliteAccountSearch::Reindex(AccountId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* remove,
                           connection_.Prepare("DELETE FROM account_search WHERE rowid = ?"));
  CISTERN_RETURN_IF_ERROR(remove->BindAll(id.value()).Run());
  CISTERN_ASSIGN_OR_RETURN(auto* customer,
                           connection_.Prepare("SELECT customer_id FROM accounts WHERE id = ?"));
  customer->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, customer->Step());
  if (!found) {
    return Error::NotFound("ACCOUNT_NOT_FOUND",
                           "No account has id " + std::to_string(id.value()) + ".");
  }
  const std::int64_t customer_id = customer->Int(0);
  CISTERN_ASSIGN_OR_RETURN(auto* insert, connection_.Prepare(kReindex));
  return insert->BindAll(id.value(), customer_id).Run();
}

Result<std::vector<AccountSummary>> SqliteAccountSearch::Summaries(
    const std::vector<std::int64_t>& account_ids) {
  std::vector<AccountSummary> summaries;
  CISTERN_ASSIGN_OR_RETURN(auto* select, connection_.Prepare(kSummary));
  for (std::int64_t account_id : account_ids) {
    select->Reset();
    select->BindAll(account_id);
    CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
    // The index and the tables change in the same transactions, so a missing row means a
    // damaged index: say so rather than return a short page.
    if (!found) {
      return Error::Internal("SEARCH_INDEX_STALE", "The search index names account " +
                                                       std::to_string(account_id) +
                                                       ", which does not exist.");
    }
    AccountSummary summary;
    summary.id = AccountId(select->Int(0));
    auto number = AccountNumber::Parse(select->Text(1));
    if (!number.ok()) return Error::Internal("STORED_VALUE_INVALID", "Bad stored account number.");
    summary.number = *number;
    summary.status = ParseAccountStatus(select->Text(2)).value_or(AccountStatus::kPending);
    summary.customer_id = CustomerId(select->Int(3));
    summary.customer_name =
        select->Text(4) == "business" ? select->Text(7) : select->Text(5) + " " + select->Text(6);
    summary.premise_id = PremiseId(select->Int(8));
    summary.service_address = select->Text(9);
    if (!select->Text(10).empty()) summary.service_address += ", " + select->Text(10);
    summary.confidential = select->Int(11) != 0;
    summary.phone_digits = select->Text(12);
    summary.email = select->Text(13);
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

Result<Page<AccountSummary>> SqliteAccountSearch::Search(const SearchQuery& query,
                                                         ContactMatching contacts,
                                                         const PageRequest& page) {
  std::vector<std::int64_t> ids;
  const std::int64_t offset = page.after;
  const int wanted = page.page_size + 1;  // one more than the page, to know whether more follow

  // An exact account number ranks first, on the first page only.
  std::int64_t exact_id = 0;
  if (query.account_number) {
    CISTERN_ASSIGN_OR_RETURN(auto* exact,
                             connection_.Prepare("SELECT id FROM accounts WHERE number = ?"));
    exact->BindAll(query.account_number->text());
    CISTERN_ASSIGN_OR_RETURN(bool found, exact->Step());
    if (found) exact_id = exact->Int(0);
  }
  const std::int64_t exact_count = exact_id != 0 ? 1 : 0;
  if (exact_id != 0 && offset == 0) ids.push_back(exact_id);
  const std::int64_t text_offset = std::max<std::int64_t>(0, offset - exact_count);

  const std::string match = MatchExpression(query, contacts);
  Statement* select = nullptr;
  if (match.empty() && !query.blank) {
    // Text with nothing searchable in it ("---", "@@"), or a complete account number alone.
  } else if (match.empty()) {
    CISTERN_ASSIGN_OR_RETURN(
        select, connection_.Prepare("SELECT id FROM accounts ORDER BY number LIMIT ? OFFSET ?"));
    select->BindAll(wanted, text_offset);
  } else {
    // Ranking costs time in proportion to the number of matches. A query that matches more than
    // kRankedMatchesMax accounts ("m", "405") is one the CSR is still typing; its first page comes
    // in the order accounts were opened (account id), fast, and ranking returns as soon as the
    // query narrows.
    CISTERN_ASSIGN_OR_RETURN(
        auto* count, connection_.Prepare("SELECT count(*) FROM (SELECT 1 FROM account_search"
                                         " WHERE account_search MATCH ? LIMIT ?)"));
    count->BindAll(match, kRankedMatchesMax + 1);
    CISTERN_ASSIGN_OR_RETURN(bool counted, count->Step());
    const bool ranked = counted && count->Int(0) <= kRankedMatchesMax;
    CISTERN_ASSIGN_OR_RETURN(
        select, connection_.Prepare(ranked ? "SELECT rowid FROM account_search"
                                             " WHERE account_search MATCH ? AND rowid != ?"
                                             " ORDER BY rank LIMIT ? OFFSET ?"
                                           : "SELECT rowid FROM account_search"
                                             " WHERE account_search MATCH ? AND rowid != ?"
                                             " LIMIT ? OFFSET ?"));
    select->BindAll(match, exact_id, wanted, text_offset);
  }
  while (select != nullptr && static_cast<int>(ids.size()) < wanted) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    ids.push_back(select->Int(0));
  }
  Page<AccountSummary> result;
  if (static_cast<int>(ids.size()) > page.page_size) {
    ids.pop_back();
    result.next_after = offset + page.page_size;
  }
  CISTERN_ASSIGN_OR_RETURN(result.items, Summaries(ids));
  return result;
}

}  // namespace cistern::sqlite
