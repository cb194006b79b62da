#include "http/json_reader.h"

namespace cistern::http {

const nlohmann::json JsonReader::kNull = nullptr;

namespace {
// Nesting deeper than this is never a real form; refusing it bounds parser recursion.
constexpr int kDepthMax = 16;

bool TooDeep(const nlohmann::json& value, int depth) {
  if (depth > kDepthMax) return true;
  if (value.is_object() || value.is_array()) {
    for (const auto& child : value) {
      if (TooDeep(child, depth + 1)) return true;
    }
  }
  return false;
}
}  // namespace

JsonReader::JsonReader(const nlohmann::json& object, std::string path,
                       std::shared_ptr<std::optional<Error>> first_error)
    : object_(object), path_(std::move(path)), first_error_(std::move(first_error)) {}

Result<nlohmann::json> JsonReader::ParseBody(const std::string& body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Error::InvalidArgument("", "MALFORMED_JSON", "The request body is not valid JSON.");
  }
  if (!parsed.is_object()) {
    return Error::InvalidArgument("", "MALFORMED_JSON", "The request body must be a JSON object.");
  }
  if (TooDeep(parsed, 0)) {
    return Error::InvalidArgument("", "MALFORMED_JSON", "The request body is nested too deeply.");
  }
  return parsed;
}

JsonReader JsonReader::ForBody(const nlohmann::json& body) {
  return JsonReader(body, "", std::make_shared<std::optional<Error>>());
}

std::string JsonReader::FieldPath(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void JsonReader::Fail(Error error) {
  if (!first_error_->has_value()) *first_error_ = std::move(error);
}

bool JsonReader::Has(const std::string& key) const {
  auto found = object_.find(key);
  return found != object_.end() && !found->is_null();
}

const nlohmann::json* JsonReader::Lookup(const std::string& key) {
  seen_.insert(key);
  auto found = object_.find(key);
  if (found == object_.end() || found->is_null()) return nullptr;
  return &*found;
}

void JsonReader::TypeError(const std::string& key, const char* expected) {
  Fail(Error::InvalidArgument(FieldPath(key), "FIELD_TYPE",
                              FieldPath(key) + " must be " + expected + "."));
}

std::string JsonReader::RequiredString(const std::string& key) {
  const nlohmann::json* value = Lookup(key);
  if (value == nullptr) {
    Fail(
        Error::InvalidArgument(FieldPath(key), "FIELD_REQUIRED", FieldPath(key) + " is required."));
    return {};
  }
  return StringValue(*value, FieldPath(key));
}

std::string JsonReader::OptionalString(const std::string& key) {
  const nlohmann::json* value = Lookup(key);
  if (value == nullptr) return {};
  return StringValue(*value, FieldPath(key));
}

// A string without control characters other than tab and line breaks: a NUL or an escape
// sequence in a name or note is never what a person meant, and breaks letters and exports.
std::string JsonReader::StringValue(const nlohmann::json& value, const std::string& path) {
  if (!value.is_string()) {
    Fail(Error::InvalidArgument(path, "FIELD_TYPE", path + " must be a string."));
    return {};
  }
  std::string text = value.get<std::string>();
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) {
      Fail(Error::InvalidArgument(path, "TEXT_CONTROL_CHARACTER",
                                  path + " contains a control character."));
      return {};
    }
  }
  return text;
}

bool JsonReader::OptionalBool(const std::string& key, bool fallback) {
  const nlohmann::json* value = Lookup(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) {
    TypeError(key, "true or false");
    return fallback;
  }
  return value->get<bool>();
}

std::optional<std::int64_t> JsonReader::OptionalInteger(const std::string& key) {
  const nlohmann::json* value = Lookup(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    TypeError(key, "a whole number");
    return std::nullopt;
  }
  return value->get<std::int64_t>();
}

std::optional<JsonReader> JsonReader::OptionalObject(const std::string& key) {
  const nlohmann::json* value = Lookup(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    TypeError(key, "an object");
    return std::nullopt;
  }
  return JsonReader(*value, FieldPath(key), first_error_);
}

JsonReader JsonReader::RequiredObject(const std::string& key) {
  auto child = OptionalObject(key);
  if (child) return std::move(*child);
  if (!failed()) {
    Fail(
        Error::InvalidArgument(FieldPath(key), "FIELD_REQUIRED", FieldPath(key) + " is required."));
  }
  return JsonReader(kNull, FieldPath(key), first_error_);
}

std::vector<JsonReader> JsonReader::ObjectArray(const std::string& key) {
  std::vector<JsonReader> items;
  const nlohmann::json* value = Lookup(key);
  if (value == nullptr) return items;
  if (!value->is_array()) {
    TypeError(key, "an array");
    return items;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const std::string item_path = FieldPath(key) + "[" + std::to_string(i) + "]";
    if (!(*value)[i].is_object()) {
      Fail(Error::InvalidArgument(item_path, "FIELD_TYPE", item_path + " must be an object."));
      return {};
    }
    items.emplace_back((*value)[i], item_path, first_error_);
  }
  return items;
}

std::vector<std::string> JsonReader::StringArray(const std::string& key) {
  std::vector<std::string> items;
  const nlohmann::json* value = Lookup(key);
  if (value == nullptr) return items;
  if (!value->is_array()) {
    TypeError(key, "an array");
    return items;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    items.push_back(StringValue((*value)[i], FieldPath(key) + "[" + std::to_string(i) + "]"));
    if (failed()) return {};
  }
  return items;
}

void JsonReader::Finish() {
  if (!object_.is_object()) return;
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.count(key)) {
      Fail(Error::InvalidArgument(FieldPath(key), "FIELD_UNKNOWN",
                                  FieldPath(key) + " is not a field of this request."));
      return;
    }
  }
}

}  // namespace cistern::http
