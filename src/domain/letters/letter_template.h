// Letter templates and their merge fields: the text of the city's standard letters (welcome with
// deposit terms, final bill notice, deposit refund, exemption renewal, returned payment) with
// `{{field}}` placeholders, and the pure functions that check a template and fill it in.
//
// Every field a template may use is in one catalog (LetterFieldCatalog). A field comes either from
// the account (customer name, account number, addresses, the ledger balance, today's date), filled
// in by the use case, or from the sender (a deposit amount, a hauler's name), typed in by the CSR
// and checked here by its kind. A template naming a field outside the catalog is refused when the
// templates load; a letter whose template needs a sender field that was not supplied is refused
// naming that field. docs/letters.md describes the format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/account/account.h"

namespace cistern {

using LetterId = Id<struct LetterTag>;

enum class LetterFieldKind {
  kText,   // free text, one line, at most kLetterTextLengthMax characters
  kMoney,  // decimal text ("100.00"), never negative; shown as "$100.00"
  kDate,   // YYYY-MM-DD; shown in the city's style, "November 27, 2026"
  kCount,  // a whole number from 1 to kLetterCountMax ("2" installments)
};
const char* LetterFieldKindCode(LetterFieldKind kind);  // "text", "money", "date", "count"

enum class LetterFieldSource {
  kAccount,  // filled in from the account, its customer and premise, and the ledger
  kSender,   // supplied by whoever sends the letter
};

struct LetterFieldSpec {
  std::string_view name;   // "deposit.amount"
  std::string_view label;  // "Deposit amount", for the console's form
  LetterFieldKind kind;
  LetterFieldSource source;
};

// Every merge field, account fields first.
const std::vector<LetterFieldSpec>& LetterFieldCatalog();
const LetterFieldSpec* FindLetterField(std::string_view name);

constexpr std::size_t kLetterTextLengthMax = 120;  // characters in one sender text field
constexpr std::int64_t kLetterCountMax = 24;
constexpr std::size_t kLetterParagraphsMax = 12;
constexpr std::size_t kLetterParagraphLengthMax = 1200;  // template text, before merging

// Name and value pairs, in a stable order.
using LetterFields = std::vector<std::pair<std::string, std::string>>;

struct LetterTemplate {
  std::string code;   // "welcome_deposit": [a-z0-9_], what the API and the record name
  int version = 1;    // raised whenever the wording changes; kept on each letter sent
  std::string title;  // "Welcome, with deposit terms": what the CSR picks from
  std::string description;
  std::string subject;                  // the bold line over the body; may hold placeholders
  std::vector<std::string> paragraphs;  // the body, each wrapped on its own
  // The account statuses the letter may be sent for; empty means any.
  std::vector<AccountStatus> account_statuses;
};

// The loaded templates and what every letter shares.
struct LetterTemplates {
  std::string closing = "Sincerely,";
  std::vector<std::string> signature = {"Utility Billing", "City of Moore"};
  std::vector<LetterTemplate> templates;

  const LetterTemplate* Find(std::string_view code) const;
};

// The placeholders of `text` in order of first use, without repeats. INVALID_ARGUMENT naming
// `field` for an unclosed "{{", an empty or malformed name ("{{ }}", "{{a b}}").
Result<std::vector<std::string>> LetterPlaceholders(std::string_view text,
                                                    const std::string& field);

// Every field a template uses (subject and paragraphs), in order of first use.
std::vector<std::string> TemplateFields(const LetterTemplate& letter_template);
// Those of them the sender must supply.
std::vector<const LetterFieldSpec*> SenderFields(const LetterTemplate& letter_template);

// Checks a template: its code, version, title, text sizes, well-formed placeholders and that
// every placeholder is in the catalog. `field` is the template's path in its file
// ("template[2]"); errors name the part ("template[2].paragraphs[1]").
Status ValidateLetterTemplate(const LetterTemplate& letter_template, const std::string& field);
// Checks each template and that no two share a code.
Status ValidateLetterTemplates(const LetterTemplates& templates);

// The city's date style: "November 27, 2026".
std::string LetterDate(Date date);

// A sender's raw value checked and formatted by its field's kind: money "100" -> "$100.00",
// date "2027-01-31" -> "January 31, 2027", count "2" -> "2", text trimmed. `field` names the
// value in the request ("fields.deposit.amount").
Result<std::string> FormatSenderValue(const LetterFieldSpec& spec, std::string_view raw,
                                      const std::string& field);

// Checks what the sender supplied against the template, and formats it: a name outside the
// catalog, an account field (those come from the account), a field the template does not use, or
// a duplicate is refused; so is a sender field the template uses that is missing. Errors name
// "fields.<name>". Returns the formatted values in the template's order.
Result<LetterFields> PrepareSenderFields(const LetterTemplate& letter_template,
                                         const LetterFields& supplied);

struct MergedLetter {
  std::string subject;
  std::vector<std::string> paragraphs;
  LetterFields fields;  // every field the template used, with the value merged in
};

// Fills in the template from `values` (account and sender fields, formatted). A field the
// template uses with no value is FAILED_PRECONDITION (LETTER_FIELD_MISSING) naming
// "fields.<name>", so nothing is ever printed with a blank where a value belongs.
Result<MergedLetter> MergeLetter(const LetterTemplate& letter_template, const LetterFields& values);

}  // namespace cistern
