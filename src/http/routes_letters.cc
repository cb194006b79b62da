// Letters: the city's templates, values suggested from the account's records, previews, letters
// sent on an account, and a letter's PDF opened again (docs/api.md, "Letters").
#include "app/letters.h"
#include "documents/letter.h"
#include "http/json_reader.h"
#include "http/router.h"

namespace cistern::http {
namespace {

constexpr const char* kLetterPrefix = "ltr";

std::string LetterReference(LetterId id) { return "Letter L-" + std::to_string(id.value()); }

json FieldSpecJson(const LetterFieldSpec& spec) {
  return {{"name", spec.name},
          {"label", spec.label},
          {"kind", LetterFieldKindCode(spec.kind)},
          {"source", spec.source == LetterFieldSource::kAccount ? "account" : "sender"}};
}

json TemplateJson(const LetterTemplate& letter_template) {
  json statuses = json::array();
  for (AccountStatus status : letter_template.account_statuses) {
    statuses.push_back(AccountStatusCode(status));
  }
  json fields = json::array();
  for (const std::string& name : TemplateFields(letter_template)) {
    if (const LetterFieldSpec* spec = FindLetterField(name)) fields.push_back(FieldSpecJson(*spec));
  }
  json sender = json::array();
  for (const LetterFieldSpec* spec : SenderFields(letter_template)) {
    sender.push_back(FieldSpecJson(*spec));
  }
  return {{"code", letter_template.code},
          {"version", letter_template.version},
          {"title", letter_template.title},
          {"description", letter_template.description},
          {"account_statuses", std::move(statuses)},
          {"subject", letter_template.subject},
          {"paragraphs", letter_template.paragraphs},
          {"fields", std::move(fields)},
          {"sender_fields", std::move(sender)}};
}

json LetterJson(const LetterRecord& letter, const Caller& caller) {
  json fields = json::array();
  for (const auto& [name, value] : letter.fields) {
    fields.push_back({{"name", name}, {"value", value}});
  }
  json sent_by = {{"display_name", letter.sent_by_name}};
  sent_by["id"] =
      letter.sent_by.valid() ? json(IdText(kUserPrefix, letter.sent_by.value())) : json(nullptr);
  json body = {
      {"account_id", IdText(kAccountPrefix, letter.account_id.value())},
      {"template",
       {{"code", letter.template_code},
        {"version", letter.template_version},
        {"title", letter.template_title}}},
      {"letter_date", FormatDate(letter.letter_date)},
      {"date_text", LetterDate(letter.letter_date)},
      {"organization", letter.organization},
      {"office_line", letter.office_line},
      {"addressee", letter.addressee},
      {"mailing_address", letter.mailing_address},
      {"contact_hidden", !CanSeeContacts(caller, letter.confidential)},
      {"account_number", letter.account_number},
      {"service_address", letter.service_address},
      {"subject", letter.subject},
      {"paragraphs", letter.paragraphs},
      {"closing", letter.closing},
      {"signature", letter.signature},
      {"fields", std::move(fields)},
      {"sent_at", FormatInstant(letter.sent_at)},
      {"sent_by", std::move(sent_by)},
  };
  if (letter.id.valid()) {
    const std::string id = IdText(kLetterPrefix, letter.id.value());
    body["id"] = id;
    body["reference"] = LetterReference(letter.id);
    body["pdf_url"] = "/api/v1/letters/" + id + "/pdf";
  } else {
    body["id"] = nullptr;
    body["reference"] = nullptr;
    body["pdf_url"] = nullptr;
  }
  return body;
}

LetterDocument LetterDocumentFor(const LetterRecord& letter) {
  LetterDocument document;
  document.organization = letter.organization;
  document.office_line = letter.office_line;
  document.reference = LetterReference(letter.id);
  document.date = LetterDate(letter.letter_date);
  document.addressee = letter.addressee;
  document.mailing_address = letter.mailing_address;
  document.account_number = letter.account_number;
  document.service_address = letter.service_address;
  document.subject = letter.subject;
  document.paragraphs = letter.paragraphs;
  document.closing = letter.closing;
  document.signature = letter.signature;
  return document;
}

Result<AccountId> AccountFromPath(const ApiRequest& request) {
  return ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id");
}

// {"template": "welcome_deposit", "fields": {"deposit.amount": "100.00", ...}}: every value is
// text, so that money is never a JSON float.
Result<LetterRequest> ReadLetterRequest(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  LetterRequest letter;
  letter.template_code = reader.RequiredString("template");
  const bool has_fields = reader.OptionalObject("fields").has_value();
  reader.Finish();
  if (reader.failed()) return *reader.error();
  if (has_fields) {
    for (const auto& [name, value] : body["fields"].items()) {
      if (!value.is_string()) {
        return Error::InvalidArgument("fields." + name, "FIELD_TYPE",
                                      "fields." + name +
                                          " must be text in quotes (money as \"100.00\", dates as"
                                          " \"2026-12-31\").");
      }
      letter.fields.emplace_back(name, value.get<std::string>());
    }
  }
  return letter;
}

Result<ApiReply> TemplatesHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(auto templates, ListLetterTemplates(request.app, request.caller()));
  json data = json::array();
  for (const LetterTemplate& each : templates) data.push_back(TemplateJson(each));
  json catalog = json::array();
  for (const LetterFieldSpec& spec : LetterFieldCatalog()) catalog.push_back(FieldSpecJson(spec));
  return Ok({{"data", std::move(data)}, {"merge_fields", std::move(catalog)}});
}

Result<ApiReply> ListLettersHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(Page<LetterRecord> letters,
                           ListLetters(request.app, request.caller(), account, page));
  const Caller& caller = request.caller();
  return Ok(
      ListJson(letters, [&](const LetterRecord& letter) { return LetterJson(letter, caller); }));
}

Result<ApiReply> SendLetterHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteNotes));
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(LetterRequest letter, ReadLetterRequest(request));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord sent,
                           SendLetter(request.app, request.caller(), account, letter));
  return Created(LetterJson(sent, request.caller()));
}

Result<ApiReply> PreviewLetterHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteNotes));
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(LetterRequest letter, ReadLetterRequest(request));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord preview,
                           PreviewLetter(request.app, request.caller(), account, letter));
  return Ok(LetterJson(preview, request.caller()));
}

// ?template=CODE: what the account's records say for the template's sender fields, as the CSR
// would type them, for the console to fill in. Sending merges only what the request sends.
Result<ApiReply> SuggestedFieldsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  const std::string code = request.Query("template").value_or("");
  CISTERN_ASSIGN_OR_RETURN(LetterFields suggested,
                           SuggestLetterFields(request.app, request.caller(), account, code));
  json fields = json::object();
  for (const auto& [name, value] : suggested) fields[name] = value;
  return Ok({{"template", code}, {"fields", std::move(fields)}});
}

Result<ApiReply> GetLetterHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(LetterId id,
                           ParseId<LetterId>(request.PathParameter(1), kLetterPrefix, "letter_id"));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord letter, GetLetter(request.app, request.caller(), id));
  return Ok(LetterJson(letter, request.caller()));
}

Result<ApiReply> LetterPdfHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(LetterId id,
                           ParseId<LetterId>(request.PathParameter(1), kLetterPrefix, "letter_id"));
  CISTERN_ASSIGN_OR_RETURN(LetterRecord letter,
                           LetterForPrinting(request.app, request.caller(), id));
  CISTERN_ASSIGN_OR_RETURN(std::string pdf, RenderLetterPdf(LetterDocumentFor(letter)));
  return File(std::move(pdf), "application/pdf", "L-" + std::to_string(id.value()) + ".pdf");
}

}  // namespace

void RegisterLetterRoutes(Router& router) {
  router.Add("GET", "/api/v1/letter-templates", Access::kSignedIn, TemplatesHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/letters", Access::kSignedIn, ListLettersHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/letters", Access::kSignedIn, SendLetterHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/letter-previews", Access::kSignedIn,
             PreviewLetterHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/letters/suggested-fields", Access::kSignedIn,
             SuggestedFieldsHandler);
  router.Add("GET", "/api/v1/letters/([^/]+)", Access::kSignedIn, GetLetterHandler);
  router.Add("GET", "/api/v1/letters/([^/]+)/pdf", Access::kSignedIn, LetterPdfHandler);
}

}  // namespace cistern::http
