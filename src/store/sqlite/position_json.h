// An account's carried position as bill_positions.position holds it (schema version 16,
// decision 0007):
//   {"as_of":"YYYY-MM-DD","lines":[["gl_code","fund","YYYY-MM-DD",cents],...]}
// ("as_of": null when nothing was replayed). Written and read here only; parsed in C++ because a
// billing run reads one for every account it bills. Internal to store/sqlite.
#pragma once

#include <string>
#include <string_view>

#include "app/store/ledger_records.h"
#include "core/result.h"

namespace cistern::sqlite {

std::string PositionJson(const PositionLines& position);
// INTERNAL (STORED_VALUE_INVALID) for text this program did not write.
Result<PositionLines> ParsePositionJson(std::string_view text);

}  // namespace cistern::sqlite
