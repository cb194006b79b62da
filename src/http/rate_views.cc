#include "http/rate_views.h"

#include <nlohmann/json.hpp>

#include "http/json_reader.h"

namespace cistern::http {
namespace {

using nlohmann::json;
// Keeps the keys in the order written, so a person reading a quote sees step and description
// before the numbers.
using ordered = nlohmann::ordered_json;

constexpr int kPrettyIndent = 2;

ordered MoneyJson(Money money) { return {{"cents", money.cents()}, {"text", money.Format()}}; }

std::optional<Period> ReadPeriod(JsonReader& reader, const std::string& key, bool required) {
  std::optional<JsonReader> object = reader.OptionalObject(key);
  if (!object) {
    if (required && !reader.failed()) {
      reader.Fail(Error::InvalidArgument(reader.FieldPath(key), "FIELD_REQUIRED",
                                         reader.FieldPath(key) + " is required."));
    }
    return std::nullopt;
  }
  const std::string first_text = object->RequiredString("first");
  const std::string last_text = object->RequiredString("last");
  object->Finish();
  if (reader.failed()) return std::nullopt;
  Result<Date> first = ParseDate(first_text, object->FieldPath("first"));
  Result<Date> last = ParseDate(last_text, object->FieldPath("last"));
  if (!first.ok() || !last.ok()) {
    reader.Fail(first.ok() ? last.error() : first.error());
    return std::nullopt;
  }
  Result<Period> period = Period::Make(*first, *last, reader.FieldPath(key));
  if (!period.ok()) {
    reader.Fail(period.error());
    return std::nullopt;
  }
  return *period;
}

std::optional<Quantity> ReadGallons(JsonReader& reader, const std::string& key) {
  if (!reader.Has(key)) {
    (void)reader.OptionalString(key);  // marks the key as read (it may be null)
    return std::nullopt;
  }
  const std::string text = reader.OptionalString(key);
  if (reader.failed()) return std::nullopt;
  Result<Quantity> gallons = Quantity::Parse(text, reader.FieldPath(key));
  if (!gallons.ok()) {
    reader.Fail(gallons.error());
    return std::nullopt;
  }
  return *gallons;
}

}  // namespace

std::string QuoteToJson(const Quote& quote, JsonLayout layout) {
  ordered lines = ordered::array();
  for (const QuoteLine& line : quote.lines) {
    lines.push_back({
        {"service", line.service},
        {"fund", line.fund},
        {"step", line.step},
        {"description", line.description},
        {"quantity", line.quantity ? ordered(line.quantity->ToString()) : ordered(nullptr)},
        {"unit", line.unit},
        {"unit_price", line.price ? ordered(line.price->ToDecimalString()) : ordered(nullptr)},
        {"amount", MoneyJson(line.amount)},
        {"version", line.version},
        {"effective", FormatDate(line.effective)},
    });
  }
  const ordered body = {{"lines", std::move(lines)}, {"total", MoneyJson(quote.total)}};
  return body.dump(layout == JsonLayout::kPretty ? kPrettyIndent : -1);
}

Result<QuoteInput> QuoteInputFromJson(std::string_view body) {
  CISTERN_ASSIGN_OR_RETURN(json parsed, JsonReader::ParseBody(std::string(body)));
  JsonReader reader = JsonReader::ForBody(parsed);
  std::optional<Period> period = ReadPeriod(reader, "period", true);
  QuoteInput input{period.value_or(Period::ForMonth(std::chrono::year(2000) / 1))};
  input.inside_city = reader.OptionalBool("inside_city", true);
  std::vector<JsonReader> services = reader.ObjectArray("services");
  if (!reader.Has("services") && !reader.failed()) {
    reader.Fail(Error::InvalidArgument("services", "FIELD_REQUIRED", "services is required."));
  }
  for (JsonReader& item : services) {
    ServiceInput service;
    service.service = item.RequiredString("service");
    service.rate_class = item.RequiredString("rate_class");
    service.meter_size = item.OptionalString("meter_size");
    service.units = item.OptionalInteger("units").value_or(1);
    service.active = ReadPeriod(item, "active", false);
    service.usage_gallons = ReadGallons(item, "usage_gallons");
    item.Finish();
    input.services.push_back(std::move(service));
  }
  input.water_usage_gallons = ReadGallons(reader, "water_usage_gallons");
  input.winter_average_gallons = ReadGallons(reader, "winter_average_gallons");
  input.programs = reader.StringArray("programs");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  return input;
}

}  // namespace cistern::http
