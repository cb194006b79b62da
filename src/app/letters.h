// Use cases for letters (issue 5): the city's letter templates, a letter merged for preview, a
// letter sent and recorded on the account, an account's letters, and one letter opened again.
//
// A letter's account fields come from the account, its customer and premise, and the ledger (the
// balance is the account's receivable position, never a typed-in figure); its sender fields are
// checked by kind (domain/letters/letter_template.h). Sending needs Permission::kWriteNotes and
// is audited as "letter.send"; reading needs Permission::kReadAccounts.
#pragma once

#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/letter_repository.h"
#include "app/store/page.h"
#include "domain/auth/roles.h"
#include "domain/letters/letter_template.h"

namespace cistern {

struct LetterRequest {
  std::string template_code;  // "welcome_deposit"
  LetterFields fields;        // the sender fields, raw: {"deposit.amount", "100.00"}
};

// The loaded templates, in file order.
Result<std::vector<LetterTemplate>> ListLetterTemplates(const AppContext& context,
                                                        const Caller& caller);

// The letter exactly as SendLetter would record it, without recording it (id 0). Refuses what
// SendLetter refuses.
Result<LetterRecord> PreviewLetter(const AppContext& context, const Caller& caller,
                                   AccountId account, const LetterRequest& request);

// Merges and records the letter, dated today, with its audit entry, in one transaction.
// Refuses: an unknown template (field "template"); a template not meant for the account's status
// (FAILED_PRECONDITION LETTER_NOT_FOR_STATUS); an account without a mailing address; and any
// sender field that is unknown, not used by the template, missing or malformed (field
// "fields.<name>").
Result<LetterRecord> SendLetter(const AppContext& context, const Caller& caller, AccountId account,
                                const LetterRequest& request);

// What the account's records say for the template's sender fields, for the console to fill in
// before the CSR checks them: only fields the template uses, only those a record answers, as the
// CSR would type them ("100.00", "2026-12-31", "2"). Every value is one SendLetter accepts; the
// CSR may change any of them, and SendLetter merges what is sent, never these. Where each comes
// from (docs/letters.md, "Suggested values"):
//   deposit.amount, deposit.installments  the account's deposit (when one is required)
//   stop_date             the account's newest stop request that was not cancelled
//   refund.amount         the account's newest refund request that was not rejected
//   exemption.*           the account's sanitation exemption (permit only when on file)
//   payment.*             the account's newest returned payment (not one posted in error)
//   fee.amount            the returned-item fee in the finance settings
//   due_date              the account's newest posted bill
// Needs Permission::kReadAccounts. Refuses an unknown template as SendLetter does (field
// "template") and an unknown account (NOT_FOUND, ACCOUNT_NOT_FOUND).
Result<LetterFields> SuggestLetterFields(const AppContext& context, const Caller& caller,
                                         AccountId account, const std::string& template_code);

// An account's letters, newest first. The mailing address of a confidential customer's letter is
// blanked for callers who may not see contact details (see CanSeeContacts).
Result<Page<LetterRecord>> ListLetters(const AppContext& context, const Caller& caller,
                                       AccountId account, const PageRequest& page);

// One letter, blanked as ListLetters blanks it.
Result<LetterRecord> GetLetter(const AppContext& context, const Caller& caller, LetterId id);

// One letter whole, to print it again. A confidential customer's letter shows the mailing
// address, so a caller who may not see contact details is refused (PERMISSION_DENIED,
// CONTACTS_CONFIDENTIAL).
Result<LetterRecord> LetterForPrinting(const AppContext& context, const Caller& caller,
                                       LetterId id);

// The address lines printed under the name: line1, line2 when set, "City, ST 12345".
std::vector<std::string> MailingAddressLines(const Address& address);

}  // namespace cistern
