// Letters sent to customers (issue 5). See repositories.h for the error conventions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/store/page.h"
#include "core/date.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/letters/letter_template.h"

namespace cistern {

// A letter as it was sent: everything its PDF shows, already merged, so that opening it again
// draws exactly the same page whatever has changed since (the template, the letterhead, the
// customer's address).
struct LetterRecord {
  LetterId id;
  AccountId account_id;
  std::string template_code;
  int template_version = 1;
  std::string template_title;
  Date letter_date;
  std::string organization;  // letterhead
  std::string office_line;
  std::string addressee;
  std::vector<std::string> mailing_address;  // the address lines under the name
  std::string account_number;
  std::string service_address;
  std::string subject;
  std::vector<std::string> paragraphs;
  std::string closing;
  std::vector<std::string> signature;
  LetterFields fields;        // the merge fields used, in the template's order
  bool confidential = false;  // the customer was confidential when the letter was sent
  Instant sent_at;
  UserId sent_by;            // invalid for the system
  std::string sent_by_name;  // read back from the user; "System" when none
};

class LetterRepository {
 public:
  virtual ~LetterRepository() = default;
  // Stores the letter with its paragraphs and fields; `letter.id` and `sent_by_name` are ignored.
  virtual Result<LetterId> Insert(const LetterRecord& letter) = 0;
  // NOT_FOUND (LETTER_NOT_FOUND) when there is none.
  virtual Result<LetterRecord> Get(LetterId id) = 0;
  // An account's letters, newest first, whole; PageRequest::after is the last letter id of the
  // previous page.
  virtual Result<Page<LetterRecord>> ListForAccount(AccountId account, const PageRequest& page) = 0;
};

}  // namespace cistern
