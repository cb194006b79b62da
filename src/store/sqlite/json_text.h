// Writing JSON text by hand where a billing run writes a lot of it (a bill's lines, its carried
// position). Internal to store/sqlite.
#pragma once

#include <string>
#include <string_view>

namespace cistern::sqlite {

// Appends `text` to `out` as a JSON string (RFC 8259): quotes, backslashes and control
// characters escaped, everything else (UTF-8 included) as it is.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace cistern::sqlite
