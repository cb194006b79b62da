#include "http/csv.h"

#include <cctype>

namespace cistern::http {
namespace {

bool IsPlainNumber(const std::string& field) {
  if (field.empty()) return false;
  std::size_t start = field[0] == '-' ? 1 : 0;
  if (start == field.size()) return false;
  for (std::size_t i = start; i < field.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(field[i])) && field[i] != '.') return false;
  }
  return true;
}

std::string Escape(std::string field) {
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '@' ||
                         (field[0] == '-' && !IsPlainNumber(field)))) {
    field.insert(0, "'");
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void CsvWriter::Row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) text_ += ',';
    text_ += Escape(fields[i]);
  }
  text_ += "\r\n";
}

}  // namespace cistern::http
