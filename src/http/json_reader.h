// JsonReader: reads a request body strictly, naming the field of the first problem.
//
// Each getter records the first error it meets (wrong type, missing required field) and returns
// an empty value afterwards, so a handler reads every field in form order and checks error()
// once. Finish() refuses any key the handler did not read, so a misspelled field is an error
// rather than silently ignored. Internal to http/.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace cistern::http {

class JsonReader {
 public:
  // `path` is the dotted path of `object` in the body ("" for the body itself). Errors are
  // shared with child readers through `first_error`.
  JsonReader(const nlohmann::json& object, std::string path,
             std::shared_ptr<std::optional<Error>> first_error);
  // For a whole request body: MALFORMED_JSON unless it parses to an object.
  static Result<nlohmann::json> ParseBody(const std::string& body);
  static JsonReader ForBody(const nlohmann::json& body);

  bool Has(const std::string& key) const;
  std::string RequiredString(const std::string& key);
  std::string OptionalString(const std::string& key);  // absent or null: ""
  bool OptionalBool(const std::string& key, bool fallback);
  std::optional<std::int64_t> OptionalInteger(const std::string& key);
  // A child object: absent or null gives nullopt; another type is an error.
  std::optional<JsonReader> OptionalObject(const std::string& key);
  JsonReader RequiredObject(const std::string& key);
  // An array of objects or of strings: absent or null gives an empty list.
  std::vector<JsonReader> ObjectArray(const std::string& key);
  std::vector<std::string> StringArray(const std::string& key);

  // Refuses keys not read; call after reading every field.
  void Finish();

  std::string FieldPath(const std::string& key) const;
  void Fail(Error error);
  bool failed() const { return first_error_->has_value(); }
  const std::optional<Error>& error() const { return *first_error_; }

 private:
  const nlohmann::json* Lookup(const std::string& key);
  void TypeError(const std::string& key, const char* expected);
  std::string StringValue(const nlohmann::json& value, const std::string& path);

  const nlohmann::json& object_;
  std::string path_;
  std::set<std::string> seen_;
  std::shared_ptr<std::optional<Error>> first_error_;
  static const nlohmann::json kNull;
};

}  // namespace cistern::http
