#include "config/rate_config.h"

#include <cpptoml.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>

#include "config/toml_support.h"

namespace cistern {
namespace {

// Whole-number settings (months, counts, units_max) are small; a larger one is a typo.
constexpr std::int64_t kIntegerSettingMax = 1'000'000;

// Reads one schedule file, remembering its path for every message.
class RateFileReader {
 public:
  explicit RateFileReader(std::string path) : path_(std::move(path)) {}

  Error Fail(const std::string& key, const std::string& message) const {
    return Error::InvalidArgument(key, "CONFIG_INVALID", path_ + ": " + message);
  }

  // A validation error from the domain, keeping its reason and field.
  Error Wrap(const Error& error) const {
    Error wrapped = error;
    wrapped.message = path_ + ": " + error.message;
    return wrapped;
  }

  // Refuses keys outside `known`, so a misspelled key is an error, not a silent default.
  Status Keys(const cpptoml::table& table, std::initializer_list<const char*> known,
              const std::string& at) const {
    for (const auto& entry : table) {
      const std::string& key = entry.first;
      if (std::none_of(known.begin(), known.end(), [&](const char* name) { return key == name; })) {
        return Fail(at + key, "\"" + key + "\" is not a key of " +
                                  (at.empty() ? std::string("a rate schedule") : Trimmed(at)) +
                                  ".");
      }
    }
    return OkStatus();
  }

  Result<std::optional<std::string>> OptionalText(const cpptoml::table& table,
                                                  const std::string& key,
                                                  const std::string& at) const {
    if (!table.contains(key)) return std::optional<std::string>();
    auto value = table.get_as<std::string>(key);
    if (!value) {
      return Fail(at + key, "\"" + key +
                                "\" must be text in quotes (amounts too, like \"9.19\": TOML "
                                "numbers with a fraction are not exact).");
    }
    return std::optional<std::string>(*value);
  }

  Result<std::string> Text(const cpptoml::table& table, const std::string& key,
                           const std::string& at) const {
    CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalText(table, key, at));
    if (!text) return Fail(at + key, "\"" + key + "\" is required.");
    return *text;
  }

  Result<UnitPrice> Price(const cpptoml::table& table, const std::string& key,
                          const std::string& at) const {
    CISTERN_ASSIGN_OR_RETURN(std::string text, Text(table, key, at));
    return ParsePrice(text, at + key);
  }

  Result<UnitPrice> ParsePrice(const std::string& text, const std::string& field) const {
    auto price = UnitPrice::Parse(text, field);
    if (!price.ok()) {
      return Fail(field,
                  "\"" + text + "\" is not a price such as \"9.19\": " + price.error().message);
    }
    return *price;
  }

  Result<std::optional<Quantity>> OptionalQuantity(const cpptoml::table& table,
                                                   const std::string& key,
                                                   const std::string& at) const {
    CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalText(table, key, at));
    if (!text) return std::optional<Quantity>();
    auto quantity = Quantity::Parse(*text, at + key);
    if (!quantity.ok()) {
      return Fail(at + key, "\"" + *text + "\" is not a number such as \"10000\": " +
                                quantity.error().message);
    }
    return std::optional<Quantity>(*quantity);
  }

  Result<std::optional<std::int64_t>> OptionalInteger(const cpptoml::table& table,
                                                      const std::string& key,
                                                      const std::string& at) const {
    if (!table.contains(key)) return std::optional<std::int64_t>();
    auto value = table.get_as<std::int64_t>(key);
    if (!value || *value < 0 || *value > kIntegerSettingMax) {
      return Fail(at + key, "\"" + key + "\" is a whole number without quotes.");
    }
    return std::optional<std::int64_t>(*value);
  }

  Result<bool> OptionalBool(const cpptoml::table& table, const std::string& key,
                            const std::string& at) const {
    if (!table.contains(key)) return false;
    auto value = table.get_as<bool>(key);
    if (!value) return Fail(at + key, "\"" + key + "\" is true or false, without quotes.");
    return *value;
  }

  Result<std::vector<std::string>> TextList(const cpptoml::table& table, const std::string& key,
                                            const std::string& at) const {
    if (!table.contains(key)) return std::vector<std::string>();
    auto values = table.get_array_of<std::string>(key);
    if (!values) return Fail(at + key, "\"" + key + "\" is a list of text in quotes.");
    return *values;
  }

  Result<std::vector<int>> MonthList(const cpptoml::table& table, const std::string& key,
                                     const std::string& at) const {
    auto values = table.get_array_of<std::int64_t>(key);
    if (!values) {
      return Fail(at + key, "\"" + key + "\" is a list of month numbers, like [6, 7, 8].");
    }
    std::vector<int> months;
    for (std::int64_t value : *values) {
      if (value < 1 || value > 12) {
        return Fail(at + key, "Months are numbers from 1 to 12.");
      }
      months.push_back(static_cast<int>(value));
    }
    return months;
  }

  // A usage limit written in `unit`, in gallons.
  Result<std::optional<Quantity>> OptionalGallons(const cpptoml::table& table,
                                                  const std::string& key, const std::string& at,
                                                  UsageUnit unit) const {
    CISTERN_ASSIGN_OR_RETURN(std::optional<Quantity> amount, OptionalQuantity(table, key, at));
    if (!amount) return amount;
    return std::optional<Quantity>(Usage{*amount, unit}.ConvertTo(UsageUnit::kGallon).amount);
  }

  Result<UsageUnit> Unit(const cpptoml::table& table, const std::string& key, const std::string& at,
                         UsageUnit fallback) const {
    CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalText(table, key, at));
    if (!text) return fallback;
    auto unit = ParseUsageUnit(*text, at + key);
    if (!unit.ok()) return Fail(at + key, unit.error().message);
    return *unit;
  }

  Result<std::shared_ptr<cpptoml::table>> Table(const cpptoml::table& table, const std::string& key,
                                                const std::string& at) const {
    if (!table.contains(key)) return std::shared_ptr<cpptoml::table>();
    auto child = table.get_table(key);
    if (!child) return Fail(at + key, "\"" + key + "\" must be a table.");
    return child;
  }

  Result<std::shared_ptr<cpptoml::table_array>> TableArray(const cpptoml::table& table,
                                                           const std::string& key,
                                                           const std::string& at) const {
    if (!table.contains(key)) return std::shared_ptr<cpptoml::table_array>();
    auto items = table.get_table_array(key);
    if (!items) {
      return Fail(at + key, "\"" + key + "\" must be a list of tables ([[" + key +
                                "]] sections or [{...}, {...}]).");
    }
    return items;
  }

  Result<RateVersion> ReadVersion(const cpptoml::table& root) const;

 private:
  static std::string Trimmed(const std::string& at) {
    return at.empty() || at.back() != '.' ? at : at.substr(0, at.size() - 1);
  }

  Result<RateService> ReadService(const std::string& code, const cpptoml::table& table) const;
  Result<RateClass> ReadClass(const std::string& code, const cpptoml::table& table,
                              const std::string& at) const;
  Status ReadBlocks(const cpptoml::table& table, const std::string& at,
                    RateClass& rate_class) const;
  Result<WinterAverageRule> ReadWinterAverage(const cpptoml::table& table, const std::string& at,
                                              UsageUnit unit) const;
  Result<SeasonalCharge> ReadSeasonal(const cpptoml::table& table, const std::string& at,
                                      UsageUnit unit) const;
  Result<FlatCharge> ReadFlat(const cpptoml::table& table, const std::string& at) const;
  Result<Discount> ReadDiscount(const cpptoml::table& table, const std::string& at) const;
  Result<Tax> ReadTax(const cpptoml::table& table, const std::string& at) const;

  std::string path_;
};

std::string Numbered(const std::string& at, const std::string& key, std::size_t index) {
  return at + key + "[" + std::to_string(index + 1) + "].";
}

Status RateFileReader::ReadBlocks(const cpptoml::table& table, const std::string& at,
                                  RateClass& rate_class) const {
  CISTERN_ASSIGN_OR_RETURN(auto blocks, TableArray(table, "blocks", at));
  if (!blocks) return OkStatus();
  Quantity previous;
  for (std::size_t index = 0; index < blocks->get().size(); ++index) {
    const cpptoml::table& item = *blocks->get()[index];
    const std::string item_at = Numbered(at, "blocks", index);
    CISTERN_RETURN_IF_ERROR(Keys(item, {"over", "up_to", "price"}, item_at));
    RateBlock block;
    CISTERN_ASSIGN_OR_RETURN(block.price, Price(item, "price", item_at));
    CISTERN_ASSIGN_OR_RETURN(block.up_to_gallons,
                             OptionalGallons(item, "up_to", item_at, rate_class.block_unit));
    // "over" is optional and only restates the previous block's limit; when a person writes it,
    // it must agree, which catches gaps and overlaps in a hand-edited table.
    CISTERN_ASSIGN_OR_RETURN(std::optional<Quantity> over,
                             OptionalGallons(item, "over", item_at, rate_class.block_unit));
    if (over && *over != previous) {
      return Error::InvalidArgument(
          item_at + "over", *over < previous ? "RATE_BLOCKS_OVERLAP" : "RATE_BLOCKS_GAP",
          path_ + ": block " + std::to_string(index + 1) + " starts over " + over->ToString() +
              " gal, but the previous block ends at " + previous.ToString() +
              " gal: blocks must follow each other without gaps or overlaps.");
    }
    if (block.up_to_gallons) previous = *block.up_to_gallons;
    rate_class.blocks.push_back(std::move(block));
  }
  return OkStatus();
}

Result<WinterAverageRule> RateFileReader::ReadWinterAverage(const cpptoml::table& table,
                                                            const std::string& at,
                                                            UsageUnit unit) const {
  CISTERN_RETURN_IF_ERROR(
      Keys(table, {"months", "lowest", "drop_lowest", "recompute_month", "default_cap"}, at));
  WinterAverageRule rule;
  CISTERN_ASSIGN_OR_RETURN(rule.months, MonthList(table, "months", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::int64_t> lowest,
                           OptionalInteger(table, "lowest", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::int64_t> drop,
                           OptionalInteger(table, "drop_lowest", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::int64_t> month,
                           OptionalInteger(table, "recompute_month", at));
  if (!month) return Fail(at + "recompute_month", "\"recompute_month\" is required.");
  CISTERN_ASSIGN_OR_RETURN(std::optional<Quantity> cap,
                           OptionalGallons(table, "default_cap", at, unit));
  if (!cap) return Fail(at + "default_cap", "\"default_cap\" is required.");
  rule.lowest = static_cast<int>(lowest.value_or(0));
  rule.drop_lowest = static_cast<int>(drop.value_or(0));
  rule.recompute_month = static_cast<int>(*month);
  rule.default_cap_gallons = *cap;
  return rule;
}

Result<SeasonalCharge> RateFileReader::ReadSeasonal(const cpptoml::table& table,
                                                    const std::string& at, UsageUnit unit) const {
  CISTERN_RETURN_IF_ERROR(Keys(table, {"code", "name", "months", "above", "price"}, at));
  SeasonalCharge seasonal;
  CISTERN_ASSIGN_OR_RETURN(seasonal.code, Text(table, "code", at));
  CISTERN_ASSIGN_OR_RETURN(seasonal.name, Text(table, "name", at));
  CISTERN_ASSIGN_OR_RETURN(seasonal.months, MonthList(table, "months", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<Quantity> above,
                           OptionalGallons(table, "above", at, unit));
  if (!above) return Fail(at + "above", "\"above\" is required.");
  seasonal.above_gallons = *above;
  CISTERN_ASSIGN_OR_RETURN(seasonal.price, Price(table, "price", at));
  return seasonal;
}

Result<FlatCharge> RateFileReader::ReadFlat(const cpptoml::table& table,
                                            const std::string& at) const {
  CISTERN_RETURN_IF_ERROR(Keys(table, {"code", "name", "amount", "per", "prices"}, at));
  FlatCharge flat;
  CISTERN_ASSIGN_OR_RETURN(flat.code, Text(table, "code", at));
  CISTERN_ASSIGN_OR_RETURN(flat.name, Text(table, "name", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> amount, OptionalText(table, "amount", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> per, OptionalText(table, "per", at));
  if (table.contains("prices")) {
    if (amount || per) {
      return Fail(at + "prices",
                  "A flat charge has either \"amount\" (with \"per\") or "
                  "\"prices\" (one per unit number), not both.");
    }
    CISTERN_ASSIGN_OR_RETURN(std::vector<std::string> prices, TextList(table, "prices", at));
    for (std::size_t index = 0; index < prices.size(); ++index) {
      CISTERN_ASSIGN_OR_RETURN(
          UnitPrice price,
          ParsePrice(prices[index], at + "prices[" + std::to_string(index + 1) + "]"));
      flat.prices.push_back(price);
    }
    flat.basis = FlatBasis::kByUnitNumber;
    return flat;
  }
  if (!amount) return Fail(at + "amount", "Give \"amount\" (or \"prices\").");
  CISTERN_ASSIGN_OR_RETURN(UnitPrice price, ParsePrice(*amount, at + "amount"));
  flat.prices.push_back(price);
  const std::string basis = per.value_or("account");
  if (basis == "account") {
    flat.basis = FlatBasis::kAccount;
  } else if (basis == "unit") {
    flat.basis = FlatBasis::kPerUnit;
  } else {
    return Fail(at + "per", "\"per\" is \"account\" or \"unit\".");
  }
  return flat;
}

Result<RateClass> RateFileReader::ReadClass(const std::string& code, const cpptoml::table& table,
                                            const std::string& at) const {
  CISTERN_RETURN_IF_ERROR(
      Keys(table,
           {"name", "premise_types", "customer_kinds", "location", "program", "outside_multiplier",
            "unit_name", "units_max", "base", "base_per_unit", "price_unit", "block_unit",
            "blocks_per_unit", "included_usage", "blocks", "usage_percent", "winter_average",
            "seasonal", "flat"},
           at));
  RateClass rate_class;
  rate_class.code = code;
  CISTERN_ASSIGN_OR_RETURN(rate_class.name, Text(table, "name", at));
  CISTERN_ASSIGN_OR_RETURN(rate_class.premise_types, TextList(table, "premise_types", at));
  CISTERN_ASSIGN_OR_RETURN(rate_class.customer_kinds, TextList(table, "customer_kinds", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> location,
                           OptionalText(table, "location", at));
  if (location) {
    auto parsed = ParseRateLocation(*location, at + "location");
    if (!parsed.ok()) return Fail(at + "location", parsed.error().message);
    rate_class.location = *parsed;
  }
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> program, OptionalText(table, "program", at));
  rate_class.program = program.value_or("");
  CISTERN_ASSIGN_OR_RETURN(rate_class.outside_multiplier,
                           OptionalQuantity(table, "outside_multiplier", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> unit_name,
                           OptionalText(table, "unit_name", at));
  if (unit_name) rate_class.unit_name = *unit_name;
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::int64_t> units_max,
                           OptionalInteger(table, "units_max", at));
  if (units_max) rate_class.units_max = *units_max;

  CISTERN_ASSIGN_OR_RETURN(auto base, Table(table, "base", at));
  if (base) {
    for (const auto& entry : *base) {
      CISTERN_ASSIGN_OR_RETURN(UnitPrice monthly, Price(*base, entry.first, at + "base."));
      rate_class.base.push_back({entry.first, monthly});
    }
    // The file's table has no order; sort so that listings and errors are stable.
    std::sort(rate_class.base.begin(), rate_class.base.end(),
              [](const MeterBase& a, const MeterBase& b) { return a.meter_size < b.meter_size; });
  }
  CISTERN_ASSIGN_OR_RETURN(rate_class.base_per_unit, OptionalBool(table, "base_per_unit", at));
  CISTERN_ASSIGN_OR_RETURN(rate_class.price_unit,
                           Unit(table, "price_unit", at, UsageUnit::kThousandGallons));
  CISTERN_ASSIGN_OR_RETURN(rate_class.block_unit,
                           Unit(table, "block_unit", at, UsageUnit::kGallon));
  CISTERN_ASSIGN_OR_RETURN(rate_class.blocks_per_unit, OptionalBool(table, "blocks_per_unit", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<Quantity> included,
                           OptionalGallons(table, "included_usage", at, rate_class.block_unit));
  rate_class.included_gallons = included.value_or(Quantity());
  CISTERN_RETURN_IF_ERROR(ReadBlocks(table, at, rate_class));
  CISTERN_ASSIGN_OR_RETURN(rate_class.usage_percent, OptionalQuantity(table, "usage_percent", at));
  CISTERN_ASSIGN_OR_RETURN(auto winter, Table(table, "winter_average", at));
  if (winter) {
    CISTERN_ASSIGN_OR_RETURN(
        rate_class.winter_average,
        ReadWinterAverage(*winter, at + "winter_average.", rate_class.block_unit));
  }
  CISTERN_ASSIGN_OR_RETURN(auto seasonal, TableArray(table, "seasonal", at));
  if (seasonal) {
    for (std::size_t index = 0; index < seasonal->get().size(); ++index) {
      CISTERN_ASSIGN_OR_RETURN(SeasonalCharge charge, ReadSeasonal(*seasonal->get()[index],
                                                                   Numbered(at, "seasonal", index),
                                                                   rate_class.block_unit));
      rate_class.seasonal.push_back(std::move(charge));
    }
  }
  CISTERN_ASSIGN_OR_RETURN(auto flat, TableArray(table, "flat", at));
  if (flat) {
    for (std::size_t index = 0; index < flat->get().size(); ++index) {
      CISTERN_ASSIGN_OR_RETURN(FlatCharge charge,
                               ReadFlat(*flat->get()[index], Numbered(at, "flat", index)));
      rate_class.flat.push_back(std::move(charge));
    }
  }
  return rate_class;
}

Result<RateService> RateFileReader::ReadService(const std::string& code,
                                                const cpptoml::table& table) const {
  const std::string at = "services." + code + ".";
  CISTERN_RETURN_IF_ERROR(Keys(table, {"name", "fund", "classes"}, at));
  RateService service;
  service.code = code;
  CISTERN_ASSIGN_OR_RETURN(service.name, Text(table, "name", at));
  CISTERN_ASSIGN_OR_RETURN(service.fund, Text(table, "fund", at));
  CISTERN_ASSIGN_OR_RETURN(auto classes, Table(table, "classes", at));
  if (!classes) return Fail(at + "classes", "Service \"" + code + "\" has no classes.");
  for (const auto& entry : *classes) {
    const std::string class_at = at + "classes." + entry.first;
    if (!entry.second->is_table()) return Fail(class_at, "A class must be a table.");
    CISTERN_ASSIGN_OR_RETURN(RateClass rate_class,
                             ReadClass(entry.first, *entry.second->as_table(), class_at + "."));
    service.classes.push_back(std::move(rate_class));
  }
  std::sort(service.classes.begin(), service.classes.end(),
            [](const RateClass& a, const RateClass& b) { return a.code < b.code; });
  return service;
}

Result<Discount> RateFileReader::ReadDiscount(const cpptoml::table& table,
                                              const std::string& at) const {
  CISTERN_RETURN_IF_ERROR(
      Keys(table, {"code", "name", "program", "services", "percent", "amount"}, at));
  Discount discount;
  CISTERN_ASSIGN_OR_RETURN(discount.code, Text(table, "code", at));
  CISTERN_ASSIGN_OR_RETURN(discount.name, Text(table, "name", at));
  CISTERN_ASSIGN_OR_RETURN(discount.program, Text(table, "program", at));
  CISTERN_ASSIGN_OR_RETURN(discount.services, TextList(table, "services", at));
  CISTERN_ASSIGN_OR_RETURN(discount.percent, OptionalQuantity(table, "percent", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> amount, OptionalText(table, "amount", at));
  if (amount) {
    CISTERN_ASSIGN_OR_RETURN(UnitPrice monthly, ParsePrice(*amount, at + "amount"));
    discount.monthly_amount = monthly;
  }
  return discount;
}

Result<Tax> RateFileReader::ReadTax(const cpptoml::table& table, const std::string& at) const {
  CISTERN_RETURN_IF_ERROR(Keys(table, {"code", "name", "percent", "services", "fund"}, at));
  Tax tax;
  CISTERN_ASSIGN_OR_RETURN(tax.code, Text(table, "code", at));
  CISTERN_ASSIGN_OR_RETURN(tax.name, Text(table, "name", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<Quantity> percent, OptionalQuantity(table, "percent", at));
  if (!percent) return Fail(at + "percent", "\"percent\" is required.");
  tax.percent = *percent;
  CISTERN_ASSIGN_OR_RETURN(tax.services, TextList(table, "services", at));
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> fund, OptionalText(table, "fund", at));
  tax.fund = fund.value_or("");
  return tax;
}

Result<RateVersion> RateFileReader::ReadVersion(const cpptoml::table& root) const {
  CISTERN_RETURN_IF_ERROR(Keys(
      root, {"name", "effective", "ordinance", "rounding", "services", "discounts", "taxes"}, ""));
  RateVersion version;
  CISTERN_ASSIGN_OR_RETURN(version.name, Text(root, "name", ""));
  CISTERN_ASSIGN_OR_RETURN(version.ordinance, Text(root, "ordinance", ""));
  CISTERN_ASSIGN_OR_RETURN(std::string effective, Text(root, "effective", ""));
  auto date = ParseDate(effective, "effective");
  if (!date.ok()) return Fail("effective", "\"effective\" is a date such as \"2024-07-01\".");
  version.effective = *date;
  CISTERN_ASSIGN_OR_RETURN(std::optional<std::string> rounding, OptionalText(root, "rounding", ""));
  if (rounding) {
    auto rule = ParseRoundingRule(*rounding, "rounding");
    if (!rule.ok()) return Fail("rounding", rule.error().message);
    version.rounding = *rule;
  }
  CISTERN_ASSIGN_OR_RETURN(auto services, Table(root, "services", ""));
  if (!services) return Fail("services", "A rate schedule has at least one service.");
  for (const auto& entry : *services) {
    if (!entry.second->is_table()) {
      return Fail("services." + entry.first, "A service must be a table.");
    }
    CISTERN_ASSIGN_OR_RETURN(RateService service,
                             ReadService(entry.first, *entry.second->as_table()));
    version.services.push_back(std::move(service));
  }
  std::sort(version.services.begin(), version.services.end(),
            [](const RateService& a, const RateService& b) { return a.code < b.code; });
  CISTERN_ASSIGN_OR_RETURN(auto discounts, TableArray(root, "discounts", ""));
  if (discounts) {
    for (std::size_t index = 0; index < discounts->get().size(); ++index) {
      CISTERN_ASSIGN_OR_RETURN(Discount discount, ReadDiscount(*discounts->get()[index],
                                                               Numbered("", "discounts", index)));
      version.discounts.push_back(std::move(discount));
    }
  }
  CISTERN_ASSIGN_OR_RETURN(auto taxes, TableArray(root, "taxes", ""));
  if (taxes) {
    for (std::size_t index = 0; index < taxes->get().size(); ++index) {
      CISTERN_ASSIGN_OR_RETURN(Tax tax,
                               ReadTax(*taxes->get()[index], Numbered("", "taxes", index)));
      version.taxes.push_back(std::move(tax));
    }
  }
  Status valid = ValidateRateVersion(version);
  if (!valid.ok()) return Wrap(valid.error());
  return version;
}

}  // namespace

std::string RatesConfigPath(const std::string& file_name) {
  return ConfigFilePath("rates/" + file_name);
}

std::string DefaultRatesPath() { return RatesConfigPath("moore.toml"); }

Result<RateVersion> ParseRateVersion(const std::string& text, const std::string& name) {
  RateFileReader reader(name);
  std::shared_ptr<cpptoml::table> root;
  try {
    std::istringstream stream(text);
    cpptoml::parser parser(stream);
    root = parser.parse();
  } catch (const cpptoml::parse_exception& exception) {
    return reader.Fail("rates", std::string("cannot read: ") + exception.what());
  }
  return reader.ReadVersion(*root);
}

Result<RateVersion> LoadRateVersion(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::InvalidArgument("rates", "CONFIG_INVALID",
                                  path + ": cannot read: the file could not be opened.");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseRateVersion(text.str(), path);
}

Result<RateBook> LoadRateBook(const std::vector<std::string>& paths) {
  std::vector<RateVersion> versions;
  for (const std::string& path : paths) {
    CISTERN_ASSIGN_OR_RETURN(RateVersion version, LoadRateVersion(path));
    versions.push_back(std::move(version));
  }
  return RateBook::Make(std::move(versions));
}

}  // namespace cistern
