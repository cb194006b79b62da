#include "config/letter_config.h"

#include "config/toml_support.h"

namespace cistern {
namespace {

Result<std::string> Text(const cpptoml::table& table, const std::string& key,
                         const std::string& path, const std::string& where, bool required) {
  if (!table.contains(key)) {
    if (!required) return std::string();
    return ConfigError(path, where + key, "\"" + where + key + "\" is required.");
  }
  auto value = table.get_as<std::string>(key);
  if (!value) return ConfigError(path, where + key, "\"" + where + key + "\" is text in quotes.");
  return *value;
}

Result<std::vector<std::string>> TextList(const cpptoml::table& table, const std::string& key,
                                          const std::string& path, const std::string& where) {
  auto array = table.get_array(key);
  if (!array) {
    return ConfigError(path, where + key,
                       "\"" + where + key + "\" is a list of text in quotes: [\"...\", \"...\"].");
  }
  std::vector<std::string> texts;
  for (std::size_t index = 0; index < array->get().size(); ++index) {
    auto value = array->get()[index]->as<std::string>();
    if (!value) {
      return ConfigError(path, where + key + "[" + std::to_string(index) + "]",
                         "\"" + where + key + "\" holds only text in quotes.");
    }
    texts.push_back(value->get());
  }
  return texts;
}

Result<LetterTemplate> ReadTemplate(const cpptoml::table& table, const std::string& path,
                                    const std::string& where) {
  CISTERN_RETURN_IF_ERROR(CheckKeys(
      table,
      {"code", "version", "title", "description", "subject", "paragraphs", "account_statuses"},
      path, where));
  const std::string prefix = where + ".";
  LetterTemplate letter;
  CISTERN_ASSIGN_OR_RETURN(letter.code, Text(table, "code", path, prefix, true));
  if (table.contains("version")) {
    auto version = table.get_as<std::int64_t>("version");
    if (!version || *version < 1 || *version > 1000000) {
      return ConfigError(path, prefix + "version",
                         "\"" + prefix + "version\" is a whole number from 1.");
    }
    letter.version = static_cast<int>(*version);
  }
  CISTERN_ASSIGN_OR_RETURN(letter.title, Text(table, "title", path, prefix, true));
  CISTERN_ASSIGN_OR_RETURN(letter.description, Text(table, "description", path, prefix, false));
  CISTERN_ASSIGN_OR_RETURN(letter.subject, Text(table, "subject", path, prefix, true));
  if (!table.contains("paragraphs")) {
    return ConfigError(path, prefix + "paragraphs", "\"" + prefix + "paragraphs\" is required.");
  }
  CISTERN_ASSIGN_OR_RETURN(letter.paragraphs, TextList(table, "paragraphs", path, prefix));
  if (table.contains("account_statuses")) {
    CISTERN_ASSIGN_OR_RETURN(auto codes, TextList(table, "account_statuses", path, prefix));
    for (const std::string& code : codes) {
      auto status = ParseAccountStatus(code);
      if (!status) {
        return ConfigError(path, prefix + "account_statuses",
                           "\"" + code +
                               "\" is not an account status (pending, active, final,"
                               " closed).");
      }
      letter.account_statuses.push_back(*status);
    }
  }
  return letter;
}

}  // namespace

std::string DefaultLettersConfigPath() { return ConfigFilePath("letters.toml"); }

Result<LetterTemplates> LoadLettersConfig(const std::string& path) {
  CISTERN_ASSIGN_OR_RETURN(std::shared_ptr<cpptoml::table> root, ReadTomlFile(path));
  CISTERN_RETURN_IF_ERROR(CheckKeys(*root, {"closing", "signature", "template"}, path, ""));
  LetterTemplates templates;
  if (root->contains("closing")) {
    CISTERN_ASSIGN_OR_RETURN(templates.closing, Text(*root, "closing", path, "", true));
  }
  if (root->contains("signature")) {
    CISTERN_ASSIGN_OR_RETURN(templates.signature, TextList(*root, "signature", path, ""));
  }
  auto array = root->get_table_array("template");
  if (!array) {
    return ConfigError(path, "template",
                       "The file needs at least one [[template]] table (docs/letters.md).");
  }
  std::size_t index = 0;
  for (const auto& table : *array) {
    const std::string where = "template[" + std::to_string(index++) + "]";
    CISTERN_ASSIGN_OR_RETURN(LetterTemplate letter, ReadTemplate(*table, path, where));
    templates.templates.push_back(std::move(letter));
  }
  Status valid = ValidateLetterTemplates(templates);
  if (!valid.ok()) return ConfigError(path, valid.error().field, valid.error().message);
  return templates;
}

}  // namespace cistern
