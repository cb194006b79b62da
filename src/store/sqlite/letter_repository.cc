// Letters sent to customers: the letter, its paragraphs and its merge fields.
#include "store/sqlite/letter_repository.h"

#include "store/sqlite/repositories.h"

namespace cistern::sqlite {
namespace {

constexpr const char* kLetterSelect =
    "SELECT l.id, l.account_id, l.template_code, l.template_version, l.template_title,"
    " l.letter_date, l.organization, l.office_line, l.addressee, l.mailing_address,"
    " l.account_number, l.service_address, l.subject, l.closing, l.signature, l.confidential,"
    " l.sent_at, l.sent_by, COALESCE(u.display_name, 'System')"
    " FROM letters l LEFT JOIN users u ON u.id = l.sent_by ";

// Lines are stored joined by "\n"; no line holds one (the use case refuses control characters).
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string joined;
  for (std::size_t index = 0; index < lines.size(); ++index) {
    if (index > 0) joined += '\n';
    joined += lines[index];
  }
  return joined;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

Result<LetterId> SqliteLetters::Insert(const LetterRecord& letter) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare(
          "INSERT INTO letters (account_id, template_code, template_version, template_title,"
          " letter_date, organization, office_line, addressee, mailing_address, account_number,"
          " service_address, subject, closing, signature, confidential, sent_at, sent_by)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::optional<std::int64_t> sent_by;
  if (letter.sent_by.valid()) sent_by = letter.sent_by.value();
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(letter.account_id.value(), letter.template_code, letter.template_version,
                    letter.template_title, FormatDate(letter.letter_date), letter.organization,
                    letter.office_line, letter.addressee, JoinLines(letter.mailing_address),
                    letter.account_number, letter.service_address, letter.subject, letter.closing,
                    JoinLines(letter.signature), letter.confidential, FormatInstant(letter.sent_at),
                    sent_by)
          .Run());
  const LetterId id(connection_.LastInsertRowId());
  CISTERN_ASSIGN_OR_RETURN(
      auto* paragraph,
      connection_.Prepare(
          "INSERT INTO letter_paragraphs (letter_id, position, text) VALUES (?, ?, ?)"));
  for (std::size_t index = 0; index < letter.paragraphs.size(); ++index) {
    paragraph->Reset();
    CISTERN_RETURN_IF_ERROR(
        paragraph->BindAll(id.value(), static_cast<std::int64_t>(index), letter.paragraphs[index])
            .Run());
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* field,
      connection_.Prepare(
          "INSERT INTO letter_fields (letter_id, position, name, value) VALUES (?, ?, ?, ?)"));
  for (std::size_t index = 0; index < letter.fields.size(); ++index) {
    field->Reset();
    CISTERN_RETURN_IF_ERROR(field
                                ->BindAll(id.value(), static_cast<std::int64_t>(index),
                                          letter.fields[index].first, letter.fields[index].second)
                                .Run());
  }
  return id;
}

Result<LetterRecord> SqliteLetters::ReadRow(const Statement& select) {
  LetterRecord letter;
  letter.id = LetterId(select.Int(0));
  letter.account_id = AccountId(select.Int(1));
  letter.template_code = select.Text(2);
  letter.template_version = static_cast<int>(select.Int(3));
  letter.template_title = select.Text(4);
  CISTERN_ASSIGN_OR_RETURN(letter.letter_date, ReadDate(select, 5));
  letter.organization = select.Text(6);
  letter.office_line = select.Text(7);
  letter.addressee = select.Text(8);
  letter.mailing_address = SplitLines(select.Text(9));
  letter.account_number = select.Text(10);
  letter.service_address = select.Text(11);
  letter.subject = select.Text(12);
  letter.closing = select.Text(13);
  letter.signature = SplitLines(select.Text(14));
  letter.confidential = select.Int(15) != 0;
  CISTERN_ASSIGN_OR_RETURN(letter.sent_at, ReadInstant(select, 16));
  letter.sent_by = UserId(select.IsNull(17) ? 0 : select.Int(17));
  letter.sent_by_name = select.Text(18);
  return letter;
}

Status SqliteLetters::ReadParts(LetterRecord& letter) {
  CISTERN_ASSIGN_OR_RETURN(auto* paragraphs,
                           connection_.Prepare("SELECT text FROM letter_paragraphs"
                                               " WHERE letter_id = ? ORDER BY position"));
  paragraphs->BindAll(letter.id.value());
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, paragraphs->Step());
    if (!row) break;
    letter.paragraphs.push_back(paragraphs->Text(0));
  }
  CISTERN_ASSIGN_OR_RETURN(auto* fields,
                           connection_.Prepare("SELECT name, value FROM letter_fields"
                                               " WHERE letter_id = ? ORDER BY position"));
  fields->BindAll(letter.id.value());
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, fields->Step());
    if (!row) break;
    letter.fields.emplace_back(fields->Text(0), fields->Text(1));
  }
  return OkStatus();
}

Result<LetterRecord> SqliteLetters::Get(LetterId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kLetterSelect) + "WHERE l.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("LETTER_NOT_FOUND",
                           "No letter has id " + std::to_string(id.value()) + ".");
  }
  CISTERN_ASSIGN_OR_RETURN(LetterRecord letter, ReadRow(*select));
  CISTERN_RETURN_IF_ERROR(ReadParts(letter));
  return letter;
}

Result<Page<LetterRecord>> SqliteLetters::ListForAccount(AccountId account,
                                                         const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kLetterSelect) +
                          "WHERE l.account_id = ? AND (? = 0 OR l.id < ?) ORDER BY l.id DESC"
                          " LIMIT ?"));
  select->BindAll(account.value(), page.after, page.after, page.page_size + 1);
  Page<LetterRecord> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(LetterRecord letter, ReadRow(*select));
    result.items.push_back(std::move(letter));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = result.items.back().id.value();
  }
  // The parts are read after the rows, so that no statement is reused while another steps.
  for (LetterRecord& letter : result.items) CISTERN_RETURN_IF_ERROR(ReadParts(letter));
  return result;
}

}  // namespace cistern::sqlite
