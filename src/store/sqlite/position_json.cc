#include "store/sqlite/position_json.h"

#include <charconv>
#include <cstdint>

#include "core/date.h"
#include "store/sqlite/json_text.h"

namespace cistern::sqlite {
namespace {

// A strict reader of the one shape PositionJson writes.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool Take(std::string_view expected) {
    if (text_.substr(at_, expected.size()) != expected) return false;
    at_ += expected.size();
    return true;
  }
  bool Peek(char c) const { return at_ < text_.size() && text_[at_] == c; }
  bool String(std::string& out) {
    if (!Take("\"")) return false;
    out.clear();
    while (at_ < text_.size() && text_[at_] != '"') {
      if (text_[at_] == '\\') {
        ++at_;  // only \" and \\: codes and funds hold no control characters
        if (at_ >= text_.size() || (text_[at_] != '"' && text_[at_] != '\\')) return false;
      }
      out += text_[at_++];
    }
    return Take("\"");
  }
  bool Integer(std::int64_t& out) {
    const char* first = text_.data() + at_;
    const char* last = text_.data() + text_.size();
    auto [end, error] = std::from_chars(first, last, out);
    if (error != std::errc() || end == first) return false;
    at_ += static_cast<std::size_t>(end - first);
    return true;
  }
  bool Done() const { return at_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

bool ReadDate(Reader& reader, Date& date) {
  std::string text;
  if (!reader.String(text)) return false;
  auto parsed = ParseDate(text, "as_of");
  if (!parsed.ok()) return false;
  date = *parsed;
  return true;
}

bool Parse(std::string_view text, PositionLines& position) {
  Reader reader(text);
  if (!reader.Take("{\"as_of\":")) return false;
  if (!reader.Take("null")) {
    Date latest;
    if (!ReadDate(reader, latest)) return false;
    position.latest = latest;
  }
  if (!reader.Take(",\"lines\":[")) return false;
  bool first = true;
  while (!reader.Peek(']')) {
    if (!first && !reader.Take(",")) return false;
    first = false;
    AccountLine line;
    std::int64_t cents = 0;
    if (!reader.Take("[") || !reader.String(line.gl_code) || !reader.Take(",") ||
        !reader.String(line.fund) || !reader.Take(",") || !ReadDate(reader, line.effective_on) ||
        !reader.Take(",") || !reader.Integer(cents) || !reader.Take("]")) {
      return false;
    }
    line.amount = Money::FromCents(cents);
    position.lines.push_back(std::move(line));
  }
  return reader.Take("]}") && reader.Done();
}

}  // namespace

std::string PositionJson(const PositionLines& position) {
  std::string json = "{\"as_of\":";
  if (position.latest) {
    AppendJsonString(json, FormatDate(*position.latest));
  } else {
    json += "null";
  }
  json += ",\"lines\":[";
  bool first = true;
  for (const AccountLine& line : position.lines) {
    if (!first) json += ',';
    first = false;
    json += '[';
    AppendJsonString(json, line.gl_code);
    json += ',';
    AppendJsonString(json, line.fund);
    json += ',';
    AppendJsonString(json, FormatDate(line.effective_on));
    json += ',';
    json += std::to_string(line.amount.cents());
    json += ']';
  }
  json += "]}";
  return json;
}

Result<PositionLines> ParsePositionJson(std::string_view text) {
  PositionLines position;
  if (!Parse(text, position)) {
    return Error::Internal("STORED_VALUE_INVALID", "A bill's carried position does not read.");
  }
  return position;
}

}  // namespace cistern::sqlite
