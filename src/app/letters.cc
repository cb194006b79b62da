#include "app/letters.h"

#include <algorithm>

#include "app/audit.h"
#include "app/ledger.h"
#include "app/ledger_common.h"
#include "app/store/records.h"
#include "core/text.h"

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

Result<Account> LoadAccount(Transaction& transaction, AccountId account_id) {
  auto account = transaction.accounts().Get(account_id);
  if (!account.ok() && account.error().code == ErrorCode::kNotFound) {
    return Error::NotFound("ACCOUNT_NOT_FOUND",
                           "No account has id " + std::to_string(account_id.value()) + ".",
                           "account_id");
  }
  return account;
}

// A returned payment's reference as the letter states it: "check #1042", "ACH trace 0210...".
std::string PaymentReferenceText(const Payment& payment) {
  if (payment.tender == Tender::kCheck && !payment.check_number.empty()) {
    return "check #" + payment.check_number;
  }
  if (payment.reference.empty()) return "";
  switch (payment.tender) {
    case Tender::kMoneyOrder:
      return "money order #" + payment.reference;
    case Tender::kAch:
      return "ACH trace " + payment.reference;
    default:
      return payment.reference;
  }
}

// The account's newest payment returned by the bank (a reversal posted in error is not a return).
Result<std::optional<Payment>> NewestReturnedPayment(Transaction& transaction, AccountId account) {
  PaymentFilter filter;
  filter.account_id = account;
  filter.reversed_only = true;
  PageRequest page;
  page.page_size = kPageSizeMax;
  CISTERN_ASSIGN_OR_RETURN(Page<Payment> reversed, transaction.payments().List(filter, page));
  std::optional<Payment> newest;
  for (Payment& payment : reversed.items) {
    if (payment.reversal_reason == ReturnReasonCode(ReturnReason::kPostedInError)) continue;
    if (!newest || payment.reversed_at > newest->reversed_at) newest = std::move(payment);
  }
  return newest;
}

// What the account's records say for the sender fields in `wanted`, as the CSR would type them.
Result<LetterFields> SuggestionsFromRecords(const AppContext& context, Transaction& transaction,
                                            AccountId account,
                                            const std::vector<std::string>& wanted) {
  auto wants = [&](std::string_view name) {
    return std::find(wanted.begin(), wanted.end(), name) != wanted.end();
  };
  auto wants_any = [&](std::initializer_list<std::string_view> names) {
    return std::any_of(names.begin(), names.end(), wants);
  };
  LetterFields found;
  auto offer = [&](std::string_view name, std::string value) {
    if (wants(name) && !value.empty()) found.emplace_back(name, std::move(value));
  };

  if (wants_any({"deposit.amount", "deposit.installments"})) {
    CISTERN_ASSIGN_OR_RETURN(std::optional<Deposit> deposit,
                             transaction.deposits().OfAccount(account));
    if (deposit && deposit->required > Money()) {
      offer("deposit.amount", deposit->required.ToDecimalString());
      offer("deposit.installments", std::to_string(deposit->installments));
    }
  }
  if (wants("stop_date")) {
    CISTERN_ASSIGN_OR_RETURN(
        std::optional<LifecycleRequest> stop,
        transaction.lifecycle().LatestRequestOf(account, LifecycleKind::kStop));
    if (stop && stop->status != LifecycleStatus::kCancelled) {
      offer("stop_date", FormatDate(stop->requested_on));
    }
  }
  if (wants("refund.amount")) {
    CISTERN_ASSIGN_OR_RETURN(std::vector<Refund> refunds,
                             transaction.approvals().RefundsOf(account, kPageSizeMax));
    auto live = std::find_if(refunds.begin(), refunds.end(), [](const Refund& refund) {
      return refund.status != ApprovalStatus::kRejected;
    });
    if (live != refunds.end()) offer("refund.amount", live->amount.ToDecimalString());
  }
  if (wants_any({"exemption.hauler", "exemption.permit", "exemption.expires_on"})) {
    CISTERN_ASSIGN_OR_RETURN(std::optional<SanitationExemption> exemption,
                             transaction.sanitation().ExemptionOfAccount(account));
    if (exemption) {
      offer("exemption.hauler", exemption->hauler);
      offer("exemption.permit", exemption->permit);
      offer("exemption.expires_on", FormatDate(exemption->expires_on));
    }
  }
  if (wants_any({"payment.amount", "payment.date", "payment.reference", "payment.reason"})) {
    CISTERN_ASSIGN_OR_RETURN(std::optional<Payment> payment,
                             NewestReturnedPayment(transaction, account));
    if (payment) {
      offer("payment.amount", payment->amount.ToDecimalString());
      offer("payment.date", FormatDate(payment->received_on));
      offer("payment.reference", PaymentReferenceText(*payment));
      if (auto reason = ParseReturnReason(payment->reversal_reason)) {
        offer("payment.reason", ToLowerAscii(ReturnReasonName(*reason)));
      }
    }
  }
  if (wants("fee.amount")) {
    if (const Fee* fee = context.finance.FindFee(context.finance.returned_item_fee)) {
      offer("fee.amount", fee->amount.ToDecimalString());
    }
  }
  if (wants("due_date")) {
    PageRequest page;
    page.page_size = kPageSizeMax;
    CISTERN_ASSIGN_OR_RETURN(Page<Bill> bills, transaction.billing().BillsOf(account, page));
    auto posted = std::find_if(bills.items.begin(), bills.items.end(),
                               [](const Bill& bill) { return bill.status == BillStatus::kPosted; });
    if (posted != bills.items.end()) offer("due_date", FormatDate(posted->due_date));
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
  CISTERN_ASSIGN_OR_RETURN(Account account, LoadAccount(transaction, account_id));
  const auto& statuses = letter_template->account_statuses;
  if (!statuses.empty() &&
      std::find(statuses.begin(), statuses.end(), account.status) == statuses.end()) {
    return Error::FailedPrecondition("LETTER_NOT_FOR_STATUS",
                                     "The letter \"" + letter_template->title + "\" is for " +
                                         StatusList(statuses) + " accounts; this account is " +
                                         AccountStatusCode(account.status) + ".",
                                     kLetterTemplateField);
  }
  CISTERN_ASSIGN_OR_RETURN(Customer customer, transaction.customers().Get(account.customer_id));
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction.premises().Get(account.premise_id));
  if (account.mailing_address.line1.empty()) {
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
  letter.mailing_address = MailingAddressLines(account.mailing_address);
  letter.account_number = account.number.text();
  letter.service_address = premise.address.line1;
  if (!premise.address.line2.empty()) letter.service_address += ", " + premise.address.line2;
  letter.closing = context.letters.closing;
  letter.signature = context.letters.signature;
  letter.confidential = customer.confidential;

  LetterFields values = {
      {"customer.name", letter.addressee},
      {"account.number", letter.account_number},
      {"service_address", letter.service_address},
      {"mailing_address", FormatAddressOneLine(account.mailing_address)},
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

Result<LetterFields> SuggestLetterFields(const AppContext& context, const Caller& caller,
                                         AccountId account, const std::string& template_code) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(const LetterTemplate* letter_template,
                           FindTemplate(context, template_code));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_RETURN_IF_ERROR(LoadAccount(*transaction, account));
  std::vector<std::string> wanted;
  for (const LetterFieldSpec* spec : SenderFields(*letter_template)) {
    wanted.emplace_back(spec->name);
  }
  CISTERN_ASSIGN_OR_RETURN(LetterFields found,
                           SuggestionsFromRecords(context, *transaction, account, wanted));
  // In the template's order, and only what SendLetter would accept as typed (a hauler's name
  // longer than a letter allows is left for the CSR to shorten).
  LetterFields suggested;
  for (const LetterFieldSpec* spec : SenderFields(*letter_template)) {
    auto value = std::find_if(found.begin(), found.end(),
                              [&](const auto& pair) { return pair.first == spec->name; });
    if (value == found.end()) continue;
    if (!FormatSenderValue(*spec, value->second, "fields." + value->first).ok()) continue;
    suggested.push_back(std::move(*value));
  }
  return suggested;
}

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
