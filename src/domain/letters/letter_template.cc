#include "domain/letters/letter_template.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "core/money.h"
#include "core/text.h"

namespace cistern {
namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";
constexpr std::size_t kCodeLengthMax = 40;
constexpr std::size_t kTitleLengthMax = 80;
constexpr std::size_t kSubjectLengthMax = 200;
constexpr std::size_t kDescriptionLengthMax = 300;

bool IsNameCharacter(char character) {
  return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') ||
         character == '_' || character == '.';
}

bool IsCodeCharacter(char character) {
  return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') ||
         character == '_';
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char character) {
    const auto byte = static_cast<unsigned char>(character);
    return byte < 0x20 || byte == 0x7F;
  });
}

Status CheckText(std::string_view text, std::size_t length_max, const std::string& field,
                 bool required) {
  if (required && Trim(text).empty()) {
    return Error::InvalidArgument(field, "FIELD_REQUIRED", field + " is required.");
  }
  if (!IsValidUtf8(text)) {
    return Error::InvalidArgument(field, "TEXT_INVALID", field + " is not valid UTF-8 text.");
  }
  if (CountCharacters(text) > length_max) {
    return Error::InvalidArgument(
        field, "TEXT_TOO_LONG",
        field + " is longer than " + std::to_string(length_max) + " characters.");
  }
  return OkStatus();
}

// Calls `on_field` with each placeholder's name and `on_text` with the text between them.
template <typename OnText, typename OnField>
Status WalkPlaceholders(std::string_view text, const std::string& field, OnText on_text,
                        OnField on_field) {
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t open = text.find(kOpen, position);
    if (open == std::string_view::npos) {
      on_text(text.substr(position));
      break;
    }
    on_text(text.substr(position, open - position));
    const std::size_t close = text.find(kClose, open + kOpen.size());
    if (close == std::string_view::npos) {
      return Error::InvalidArgument(field, "PLACEHOLDER_UNCLOSED",
                                    field + " has a \"{{\" without its \"}}\".");
    }
    const std::string_view name =
        Trim(text.substr(open + kOpen.size(), close - open - kOpen.size()));
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameCharacter)) {
      return Error::InvalidArgument(field, "PLACEHOLDER_INVALID",
                                    field + " has a malformed placeholder \"{{" +
                                        std::string(name) +
                                        "}}\"; names are lower case, such as {{account.number}}.");
    }
    CISTERN_RETURN_IF_ERROR(on_field(name));
    position = close + kClose.size();
  }
  return OkStatus();
}

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

}  // namespace

const char* LetterFieldKindCode(LetterFieldKind kind) {
  switch (kind) {
    case LetterFieldKind::kText:
      return "text";
    case LetterFieldKind::kMoney:
      return "money";
    case LetterFieldKind::kDate:
      return "date";
    case LetterFieldKind::kCount:
      return "count";
  }
  return "text";
}

const std::vector<LetterFieldSpec>& LetterFieldCatalog() {
  using enum LetterFieldKind;
  constexpr LetterFieldSource kAccount = LetterFieldSource::kAccount;
  constexpr LetterFieldSource kSender = LetterFieldSource::kSender;
  static const std::vector<LetterFieldSpec> catalog = {
      {"customer.name", "Customer name", kText, kAccount},
      {"account.number", "Account number", kText, kAccount},
      {"service_address", "Service address", kText, kAccount},
      {"mailing_address", "Mailing address", kText, kAccount},
      {"balance", "Account balance", kMoney, kAccount},
      {"today", "Letter date", kDate, kAccount},
      {"city.name", "City name", kText, kAccount},
      {"due_date", "Due date", kDate, kSender},
      {"stop_date", "Service stop date", kDate, kSender},
      {"deposit.amount", "Deposit amount", kMoney, kSender},
      {"deposit.installments", "Deposit installments", kCount, kSender},
      {"refund.amount", "Refund amount", kMoney, kSender},
      {"exemption.hauler", "Hauler", kText, kSender},
      {"exemption.permit", "Permit or agreement", kText, kSender},
      {"exemption.expires_on", "Exemption expires on", kDate, kSender},
      {"payment.amount", "Returned payment amount", kMoney, kSender},
      {"payment.date", "Payment date", kDate, kSender},
      {"payment.reference", "Payment reference (check number)", kText, kSender},
      {"payment.reason", "Return reason", kText, kSender},
      {"fee.amount", "Returned payment fee", kMoney, kSender},
  };
  return catalog;
}

const LetterFieldSpec* FindLetterField(std::string_view name) {
  for (const LetterFieldSpec& spec : LetterFieldCatalog()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const LetterTemplate* LetterTemplates::Find(std::string_view code) const {
  for (const LetterTemplate& each : templates) {
    if (each.code == code) return &each;
  }
  return nullptr;
}

Result<std::vector<std::string>> LetterPlaceholders(std::string_view text,
                                                    const std::string& field) {
  std::vector<std::string> names;
  CISTERN_RETURN_IF_ERROR(WalkPlaceholders(
      text, field, [](std::string_view) {},
      [&](std::string_view name) -> Status {
        if (std::find(names.begin(), names.end(), name) == names.end()) {
          names.emplace_back(name);
        }
        return OkStatus();
      }));
  return names;
}

std::vector<std::string> TemplateFields(const LetterTemplate& letter_template) {
  std::vector<std::string> names;
  auto add = [&](std::string_view text) {
    auto found = LetterPlaceholders(text, "text");
    if (!found.ok()) return;  // a validated template has none malformed
    for (std::string& name : *found) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(std::move(name));
      }
    }
  };
  add(letter_template.subject);
  for (const std::string& paragraph : letter_template.paragraphs) add(paragraph);
  return names;
}

std::vector<const LetterFieldSpec*> SenderFields(const LetterTemplate& letter_template) {
  std::vector<const LetterFieldSpec*> fields;
  for (const std::string& name : TemplateFields(letter_template)) {
    const LetterFieldSpec* spec = FindLetterField(name);
    if (spec != nullptr && spec->source == LetterFieldSource::kSender) fields.push_back(spec);
  }
  return fields;
}

Status ValidateLetterTemplate(const LetterTemplate& letter_template, const std::string& field) {
  const std::string& code = letter_template.code;
  if (code.empty() || code.size() > kCodeLengthMax ||
      !std::all_of(code.begin(), code.end(), IsCodeCharacter)) {
    return Error::InvalidArgument(field + ".code", "TEMPLATE_CODE_INVALID",
                                  field + ".code is 1 to 40 of a-z, 0-9 and _.");
  }
  if (letter_template.version < 1) {
    return Error::InvalidArgument(field + ".version", "TEMPLATE_VERSION_INVALID",
                                  field + ".version is a whole number from 1.");
  }
  CISTERN_RETURN_IF_ERROR(
      CheckText(letter_template.title, kTitleLengthMax, field + ".title", true));
  CISTERN_RETURN_IF_ERROR(
      CheckText(letter_template.description, kDescriptionLengthMax, field + ".description", false));
  CISTERN_RETURN_IF_ERROR(
      CheckText(letter_template.subject, kSubjectLengthMax, field + ".subject", true));
  if (letter_template.paragraphs.empty() ||
      letter_template.paragraphs.size() > kLetterParagraphsMax) {
    return Error::InvalidArgument(
        field + ".paragraphs", "TEMPLATE_PARAGRAPHS_INVALID",
        field + ".paragraphs holds 1 to " + std::to_string(kLetterParagraphsMax) + " paragraphs.");
  }
  auto check_fields = [&](std::string_view text, const std::string& where) -> Status {
    if (HasControlCharacter(text)) {
      return Error::InvalidArgument(where, "TEXT_INVALID",
                                    where +
                                        " holds a line break or control character; each"
                                        " paragraph is one string.");
    }
    CISTERN_ASSIGN_OR_RETURN(auto names, LetterPlaceholders(text, where));
    for (const std::string& name : names) {
      if (FindLetterField(name) == nullptr) {
        return Error::InvalidArgument(
            where, "LETTER_FIELD_UNKNOWN",
            where + " uses {{" + name + "}}, which is not a merge field (docs/letters.md).");
      }
    }
    return OkStatus();
  };
  CISTERN_RETURN_IF_ERROR(check_fields(letter_template.subject, field + ".subject"));
  for (std::size_t index = 0; index < letter_template.paragraphs.size(); ++index) {
    const std::string where = field + ".paragraphs[" + std::to_string(index) + "]";
    CISTERN_RETURN_IF_ERROR(
        CheckText(letter_template.paragraphs[index], kLetterParagraphLengthMax, where, true));
    CISTERN_RETURN_IF_ERROR(check_fields(letter_template.paragraphs[index], where));
  }
  return OkStatus();
}

Status ValidateLetterTemplates(const LetterTemplates& templates) {
  std::set<std::string> codes;
  for (std::size_t index = 0; index < templates.templates.size(); ++index) {
    const std::string field = "template[" + std::to_string(index) + "]";
    CISTERN_RETURN_IF_ERROR(ValidateLetterTemplate(templates.templates[index], field));
    if (!codes.insert(templates.templates[index].code).second) {
      return Error::InvalidArgument(
          field + ".code", "TEMPLATE_CODE_TAKEN",
          "Two templates have the code \"" + templates.templates[index].code + "\".");
    }
  }
  CISTERN_RETURN_IF_ERROR(CheckText(templates.closing, kTitleLengthMax, "closing", true));
  if (templates.signature.empty() || templates.signature.size() > 4) {
    return Error::InvalidArgument("signature", "SIGNATURE_INVALID",
                                  "signature holds 1 to 4 lines.");
  }
  for (const std::string& line : templates.signature) {
    CISTERN_RETURN_IF_ERROR(CheckText(line, kTitleLengthMax, "signature", true));
  }
  return OkStatus();
}

std::string LetterDate(Date date) {
  return std::string(kMonthNames[static_cast<unsigned>(date.month()) - 1]) + " " +
         std::to_string(static_cast<unsigned>(date.day())) + ", " +
         std::to_string(static_cast<int>(date.year()));
}

Result<std::string> FormatSenderValue(const LetterFieldSpec& spec, std::string_view raw,
                                      const std::string& field) {
  const std::string_view text = Trim(raw);
  if (text.empty()) {
    return Error::InvalidArgument(field, "FIELD_REQUIRED",
                                  std::string(spec.label) + " (" + field + ") is required.");
  }
  switch (spec.kind) {
    case LetterFieldKind::kText: {
      CISTERN_RETURN_IF_ERROR(CheckText(text, kLetterTextLengthMax, field, true));
      if (HasControlCharacter(text)) {
        return Error::InvalidArgument(field, "TEXT_INVALID",
                                      field + " must be one line, without control characters.");
      }
      if (text.find(kOpen) != std::string_view::npos) {
        return Error::InvalidArgument(field, "TEXT_INVALID", field + " cannot contain \"{{\".");
      }
      return std::string(text);
    }
    case LetterFieldKind::kMoney: {
      CISTERN_ASSIGN_OR_RETURN(Money amount, Money::Parse(text, field));
      if (amount.is_negative()) {
        return Error::InvalidArgument(field, "AMOUNT_NEGATIVE", field + " cannot be negative.");
      }
      return amount.Format();
    }
    case LetterFieldKind::kDate: {
      CISTERN_ASSIGN_OR_RETURN(Date date, ParseDate(text, field));
      return LetterDate(date);
    }
    case LetterFieldKind::kCount: {
      std::int64_t count = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
      if (error != std::errc() || end != text.data() + text.size() || count < 1 ||
          count > kLetterCountMax) {
        return Error::InvalidArgument(
            field, "COUNT_INVALID",
            field + " is a whole number from 1 to " + std::to_string(kLetterCountMax) + ".");
      }
      return std::to_string(count);
    }
  }
  return std::string(text);
}

Result<LetterFields> PrepareSenderFields(const LetterTemplate& letter_template,
                                         const LetterFields& supplied) {
  const std::vector<std::string> used = TemplateFields(letter_template);
  std::set<std::string> seen;
  for (const auto& [name, value] : supplied) {
    const std::string field = "fields." + name;
    const LetterFieldSpec* spec = FindLetterField(name);
    if (spec == nullptr) {
      return Error::InvalidArgument(field, "LETTER_FIELD_UNKNOWN",
                                    "\"" + name + "\" is not a merge field.");
    }
    if (spec->source == LetterFieldSource::kAccount) {
      return Error::InvalidArgument(
          field, "LETTER_FIELD_FROM_ACCOUNT",
          std::string(spec->label) + " comes from the account and cannot be typed in.");
    }
    if (std::find(used.begin(), used.end(), name) == used.end()) {
      return Error::InvalidArgument(field, "LETTER_FIELD_NOT_USED",
                                    "The letter \"" + letter_template.title + "\" does not use " +
                                        std::string(spec->label) + ".");
    }
    if (!seen.insert(name).second) {
      return Error::InvalidArgument(field, "LETTER_FIELD_DUPLICATE",
                                    "\"" + name + "\" is given twice.");
    }
  }
  LetterFields prepared;
  for (const LetterFieldSpec* spec : SenderFields(letter_template)) {
    const std::string name(spec->name);
    const std::string field = "fields." + name;
    auto found = std::find_if(supplied.begin(), supplied.end(),
                              [&](const auto& pair) { return pair.first == name; });
    if (found == supplied.end()) {
      return Error::InvalidArgument(field, "LETTER_FIELD_MISSING",
                                    "The letter \"" + letter_template.title + "\" needs " +
                                        std::string(spec->label) + " (" + field + ").");
    }
    CISTERN_ASSIGN_OR_RETURN(std::string value, FormatSenderValue(*spec, found->second, field));
    prepared.emplace_back(name, std::move(value));
  }
  return prepared;
}

Result<MergedLetter> MergeLetter(const LetterTemplate& letter_template,
                                 const LetterFields& values) {
  MergedLetter merged;
  auto value_of = [&](std::string_view name) -> const std::string* {
    for (const auto& [each, value] : values) {
      if (each == name) return &value;
    }
    return nullptr;
  };
  auto merge = [&](std::string_view text, const std::string& where) -> Result<std::string> {
    std::string out;
    CISTERN_RETURN_IF_ERROR(WalkPlaceholders(
        text, where, [&](std::string_view part) { out += part; },
        [&](std::string_view name) -> Status {
          const std::string* value = value_of(name);
          if (value == nullptr || value->empty()) {
            return Error::FailedPrecondition(
                "LETTER_FIELD_MISSING",
                "The letter needs {{" + std::string(name) + "}} and it has no value.",
                "fields." + std::string(name));
          }
          out += *value;
          return OkStatus();
        }));
    return out;
  };
  CISTERN_ASSIGN_OR_RETURN(merged.subject, merge(letter_template.subject, "subject"));
  for (std::size_t index = 0; index < letter_template.paragraphs.size(); ++index) {
    CISTERN_ASSIGN_OR_RETURN(
        std::string paragraph,
        merge(letter_template.paragraphs[index], "paragraphs[" + std::to_string(index) + "]"));
    merged.paragraphs.push_back(std::move(paragraph));
  }
  for (const std::string& name : TemplateFields(letter_template)) {
    merged.fields.emplace_back(name, *value_of(name));
  }
  return merged;
}

}  // namespace cistern
