#include "app/letters.h"

#include <algorithm>

#include "app/audit.h"
#include "app/ledger_common.h"
#include "app/store/records.h"

namespace cistern {
namespace {

constexpr const char* kLetterTemplateField = "template";

std::string StatusList(const std::vector<AccountStatus>& statuses) {
  std::string text;
  for (std::size_t index = 0; index < statuses.size(); ++index) {
    if (index > 0) text += index + 1 == statuses.size() ? " or " : ", ";
    text += AccountStatusCode(statuses[index]);
  }
  return text;
}

// A balance as a letter states it: what is owed, or a credit.
std::string BalanceText(Money balance) {
  if (balance.is_negative()) return (-balance).Format() + " credit";
  return balance.Format();
}

Result<const LetterTemplate*> FindTemplate(const AppContext& context, const std::string& code) {
  if (code.empty()) {
    return Error::InvalidArgument(kLetterTemplateField, "FIELD_REQUIRED",
                                  "Choose a letter template.");
  }
  const LetterTemplate* found = context.letters.Find(code);
  if (found == nullptr) {
    return Error::InvalidArgument(kLetterTemplateField, "LETTER_TEMPLATE_UNKNOWN",
                                  "There is no letter template \"" + code + "\".");
  }
  return found;
}

// Merges the letter inside `transaction`: everything but its id, sender and time.
Result<LetterRecord> ComposeLetter(const AppContext& context, Transaction& transaction,
                                   AccountId account_id, const LetterRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(const LetterTemplate* letter_template,
                           FindTemplate(context, request.template_code));
  // The sender's fields are checked before anything is read, so a typing mistake is named first.
  CISTERN_ASSIGN_OR_RETURN(LetterFields sender,
                           PrepareSenderFields(*letter_template, request.fields));
  auto account = transaction.accounts().Get(account_id);
  if (!account.ok()) {
    if (account.error().code == ErrorCode::kNotFound) {
      return Error::NotFound("ACCOUNT_NOT_FOUND",
                             "No account has id " + std::to_string(account_id.value()) + ".",
                             "account_id");
    }
    return account.error();
  }
  const auto& statuses = letter_template->account_statuses;
  if (!statuses.empty() &&
      std::find(statuses.begin(), statuses.end(), account->status) == statuses.end()) {
    return Error::FailedPrecondition("LETTER_NOT_FOR_STATUS",
                                     "The letter \"" + letter_template->title + "\" is for " +
                                         StatusList(statuses) + " accounts; this account is " +
                                         AccountStatusCode(account->status) + ".",
                                     kLetterTemplateField);
  }
  CISTERN_ASSIGN_OR_RETURN(Customer customer, transaction.customers().Get(account->customer_id));
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction.premises().Get(account->premise_id));
  if (account->mailing_address.line1.empty()) {
    return Error::FailedPrecondition("MAILING_ADDRESS_MISSING",
                                     "The account has no mailing address to send a letter to.",
                                     "mailing_address");
  }
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, context.finance, account_id));
  const Date today = context.Today();

  LetterRecord letter;
  letter.account_id = account_id;
  letter.template_code = letter_template->code;
  letter.template_version = letter_template->version;
  letter.template_title = letter_template->title;
  letter.letter_date = today;
  letter.organization = context.city.name;
  letter.office_line = context.city.office_line;
  letter.addressee = CustomerDisplayName(customer);
  letter.mailing_address = MailingAddressLines(account->mailing_address);
  letter.account_number = account->number.text();
  letter.service_address = premise.address.line1;
  if (!premise.address.line2.empty()) letter.service_address += ", " + premise.address.line2;
  letter.closing = context.letters.closing;
  letter.signature = context.letters.signature;
  letter.confidential = customer.confidential;

  LetterFields values = {
      {"customer.name", letter.addressee},
      {"account.number", letter.account_number},
      {"service_address", letter.service_address},
      {"mailing_address", FormatAddressOneLine(account->mailing_address)},
      {"balance", BalanceText(position.balance())},
      {"today", LetterDate(today)},
      {"city.name", context.city.name},
  };
  values.insert(values.end(), sender.begin(), sender.end());
  CISTERN_ASSIGN_OR_RETURN(MergedLetter merged, MergeLetter(*letter_template, values));
  letter.subject = std::move(merged.subject);
  letter.paragraphs = std::move(merged.paragraphs);
  letter.fields = std::move(merged.fields);
  return letter;
}

void BlankFor(const Caller& caller, LetterRecord& letter) {
  if (CanSeeContacts(caller, letter.confidential)) return;
  letter.mailing_address.clear();
  for (auto& [name, value] : letter.fields) {
    if (name == "mailing_address") value.clear();
  }
}

}  // namespace

std::vector<std::string> MailingAddressLines(const Address& address) {
  std::vector<std::string> lines;
  if (!address.line1.empty()) lines.push_back(address.line1);
  if (!address.line2.empty()) lines.push_back(address.line2);
  std::string last = address.city;
  if (!address.state.empty()) last += (last.empty() ? "" : ", ") + address.state;
  if (!address.postal_code.empty()) last += (last.empty() ? "" : " ") + address.postal_code;
  if (!last.empty()) lines.push_back(last);
  return lines;
}

Result<std::vector<LetterTemplate>> ListLetterTemplates(const AppContext& context,
                                                        const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  return context.letters.templates;
}

Result<LetterRecord> PreviewLetter(const AppContext& context, const Caller& caller,
                                   AccountId account, const LetterRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteNotes));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord letter,
                           ComposeLetter(context, *transaction, account, request));
  letter.sent_at = context.clock.Now();
  letter.sent_by = caller.user_id;
  letter.sent_by_name = caller.display_name;
  BlankFor(caller, letter);
  return letter;
}

Result<LetterRecord> SendLetter(const AppContext& context, const Caller& caller, AccountId account,
                                const LetterRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteNotes));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord letter,
                           ComposeLetter(context, *transaction, account, request));
  letter.sent_at = context.clock.Now();
  letter.sent_by = caller.user_id;
  CISTERN_ASSIGN_OR_RETURN(letter.id, transaction->letters().Insert(letter));
  FieldValues after = {{"template", letter.template_code},
                       {"template_version", std::to_string(letter.template_version)},
                       {"letter_date", FormatDate(letter.letter_date)},
                       {"subject", letter.subject}};
  for (const auto& [name, value] : letter.fields) {
    // The address is on the account already; the audit log shows what the letter said.
    if (name == "mailing_address") continue;
    after.emplace_back("fields." + name, value);
  }
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {"letter.send", "letter", letter.id.value(), account, {}, std::move(after)}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  // Read back, so the reply shows the sender's name as every later read does.
  auto stored_transaction = context.store.Begin(TransactionMode::kRead);
  if (stored_transaction.ok()) {
    auto stored = (*stored_transaction)->letters().Get(letter.id);
    if (stored.ok()) letter = std::move(*stored);
  }
  BlankFor(caller, letter);
  return letter;
}

Result<Page<LetterRecord>> ListLetters(const AppContext& context, const Caller& caller,
                                       AccountId account, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_RETURN_IF_ERROR(transaction->accounts().Get(account));
  CISTERN_ASSIGN_OR_RETURN(Page<LetterRecord> letters,
                           transaction->letters().ListForAccount(account, page));
  for (LetterRecord& letter : letters.items) BlankFor(caller, letter);
  return letters;
}

Result<LetterRecord> GetLetter(const AppContext& context, const Caller& caller, LetterId id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord letter, transaction->letters().Get(id));
  BlankFor(caller, letter);
  return letter;
}

Result<LetterRecord> LetterForPrinting(const AppContext& context, const Caller& caller,
                                       LetterId id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord letter, transaction->letters().Get(id));
  if (!CanSeeContacts(caller, letter.confidential)) {
    return Error::PermissionDenied("CONTACTS_CONFIDENTIAL",
                                   "This customer's address is confidential; a supervisor can"
                                   " print the letter.");
  }
  return letter;
}

}  // namespace cistern
