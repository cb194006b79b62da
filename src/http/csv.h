// Writing CSV downloads. Internal to http/.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

namespace cistern::http {

class CsvWriter {
 public:
  // Appends one row. Fields with commas, quotes or line breaks are quoted; a field that a
  // spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe, unless it is
  // a plain number such as "-12.50".
  void Row(const std::vector<std::string>& fields);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace cistern::http
