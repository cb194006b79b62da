// Rate quotes as JSON, shared by `cistern rate quote` and the API (docs/rates.md, "JSON").
//
// The header keeps nlohmann out of its includes, so the CLI can use it without the JSON library.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/rates/quote.h"

namespace cistern::http {

enum class JsonLayout { kCompact, kPretty };

// {"lines":[{"service","fund","step","description","quantity","unit","unit_price","amount",
// "version","effective"}],"total"}. Money is {"cents":5400,"text":"$54.00"} as everywhere in
// the API; a quantity is exact text ("18", "16/31"); a unit price is decimal text ("9.19"); an
// absent quantity or price is null.
std::string QuoteToJson(const Quote& quote, JsonLayout layout = JsonLayout::kPretty);

// Reads a quote request:
//   {"period":{"first":"2025-06-01","last":"2025-06-30"}, "inside_city":true,
//    "services":[{"service":"water","rate_class":"residential","meter_size":"5/8","units":1,
//                 "active":{"first":"...","last":"..."},"usage_gallons":"12000"}],
//    "water_usage_gallons":"12000","winter_average_gallons":"5500","programs":["senior"]}
// Strict: unknown or mistyped fields are refused, usages are decimal text, and errors name the
// field ("services[0].usage_gallons"). Only "period" and "services" are required.
Result<QuoteInput> QuoteInputFromJson(std::string_view body);

}  // namespace cistern::http
