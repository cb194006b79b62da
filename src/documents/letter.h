// A letter to a customer as a PDF: the city's letterhead, the date, the customer's name and
// mailing address placed for the lower window of a #10 double-window envelope (the same place as
// the bill's, documents/bill.cc), the account number and service address, a bold subject line,
// the body paragraphs wrapped, and the closing and signature block. A long letter continues on
// further pages, each headed with the addressee, the account and the page number.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace cistern {

// Everything printed on a letter, already merged and formatted for people.
struct LetterDocument {
  std::string organization;  // "City of Moore"
  std::string office_line;   // "Utility Billing · 301 N Broadway · Moore, OK 73160 · (405) ..."
  std::string reference;     // "Letter L-12", printed small; empty leaves it out
  std::string date;          // "November 27, 2026"
  std::string addressee;     // "Maria Lopez"
  std::vector<std::string> mailing_address;  // up to 4 lines under the name
  std::string account_number;
  std::string service_address;
  std::string subject;
  std::vector<std::string> paragraphs;
  std::string closing;                 // "Sincerely,"
  std::vector<std::string> signature;  // {"Utility Billing", "City of Moore"}
};

// Pages of US Letter. The same document always gives the same bytes (nothing reads the clock),
// so a letter stored as data and rendered again is the letter that was sent. Fails only when the
// PDF library fails (INTERNAL).
Result<std::string> RenderLetterPdf(const LetterDocument& letter);

}  // namespace cistern
