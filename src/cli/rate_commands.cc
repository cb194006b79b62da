#include "cli/rate_commands.h"

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "config/rate_config.h"
#include "domain/rates/quote.h"
#include "http/rate_views.h"

namespace cistern {
namespace {

struct QuoteOptions {
  std::vector<std::string> rates = {DefaultRatesPath()};
  std::vector<std::string> services;
  std::string usage;
  std::string unit = "gal";
  std::string from;
  std::string to;
  std::string active_from;
  std::string active_to;
  std::string winter_average;
  bool outside_city = false;
  std::vector<std::string> programs;
};

// The command-line option a QuoteBill or parsing error concerns, so the message names what the
// person typed rather than an internal field.
std::string OptionFor(const std::string& field, const QuoteOptions& options) {
  if (field == "water_usage_gallons") return "--usage";
  if (field == "winter_average_gallons") return "--winter-average";
  if (field == "programs") return "--program";
  if (field == "period") return "--from/--to";
  if (field.rfind("services[", 0) == 0) {
    const std::size_t close = field.find(']');
    const std::size_t index = std::stoul(field.substr(9, close - 9));
    const std::string spec = index < options.services.size() ? options.services[index] : "";
    if (field.find(".active") != std::string::npos) return "--active-from/--active-to";
    return "--service \"" + spec + "\" (" + field.substr(close + 2) + ")";
  }
  return field;
}

int Fail(const Error& error, const std::string& option) {
  fmt::print(stderr, "error: {}{}\n", error.message,
             option.empty() ? "" : " (option: " + option + ")");
  return 1;
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

Result<Quantity> Gallons(const std::string& text, UsageUnit unit, const std::string& option) {
  CISTERN_ASSIGN_OR_RETURN(Quantity amount, Quantity::Parse(text, option));
  return Usage{amount, unit}.ConvertTo(UsageUnit::kGallon).amount;
}

Result<ServiceInput> ParseServiceSpec(const std::string& spec, UsageUnit unit) {
  const std::string option = "--service \"" + spec + "\"";
  const std::vector<std::string> parts = Split(spec, ':');
  if (parts.size() < 2 || parts.size() > 5 || parts[0].empty() || parts[1].empty()) {
    return Error::InvalidArgument(option, "SERVICE_SPEC_INVALID",
                                  "A service is service:class[:meter_size[:units[:usage]]], like "
                                  "water:residential:5/8 or sanitation:residential::2.");
  }
  ServiceInput service;
  service.service = parts[0];
  service.rate_class = parts[1];
  if (parts.size() > 2) service.meter_size = parts[2];
  if (parts.size() > 3 && !parts[3].empty()) {
    Result<Quantity> units = Quantity::Parse(parts[3], option);
    if (!units.ok() || !units->is_integer()) {
      return Error::InvalidArgument(option, "SERVICE_SPEC_INVALID",
                                    "Units (carts, dwelling units, ERUs) are a whole number.");
    }
    service.units = units->numerator();
  }
  if (parts.size() > 4 && !parts[4].empty()) {
    CISTERN_ASSIGN_OR_RETURN(service.usage_gallons, Gallons(parts[4], unit, option));
  }
  return service;
}

Result<QuoteInput> BuildInput(const QuoteOptions& options) {
  CISTERN_ASSIGN_OR_RETURN(UsageUnit unit, ParseUsageUnit(options.unit, "--unit"));
  CISTERN_ASSIGN_OR_RETURN(Date from, ParseDate(options.from, "--from"));
  CISTERN_ASSIGN_OR_RETURN(Date to, ParseDate(options.to, "--to"));
  CISTERN_ASSIGN_OR_RETURN(Period period, Period::Make(from, to, "--from/--to"));
  QuoteInput input{period};
  input.inside_city = !options.outside_city;
  input.programs = options.programs;
  std::optional<Period> active;
  if (!options.active_from.empty() || !options.active_to.empty()) {
    CISTERN_ASSIGN_OR_RETURN(
        Date active_from,
        ParseDate(options.active_from.empty() ? options.from : options.active_from,
                  "--active-from"));
    CISTERN_ASSIGN_OR_RETURN(
        Date active_to,
        ParseDate(options.active_to.empty() ? options.to : options.active_to, "--active-to"));
    CISTERN_ASSIGN_OR_RETURN(active, Period::Make(active_from, active_to, "--active-from"));
  }
  for (const std::string& spec : options.services) {
    CISTERN_ASSIGN_OR_RETURN(ServiceInput service, ParseServiceSpec(spec, unit));
    service.active = active;
    input.services.push_back(std::move(service));
  }
  if (!options.usage.empty()) {
    CISTERN_ASSIGN_OR_RETURN(input.water_usage_gallons, Gallons(options.usage, unit, "--usage"));
  }
  if (!options.winter_average.empty()) {
    CISTERN_ASSIGN_OR_RETURN(input.winter_average_gallons,
                             Gallons(options.winter_average, unit, "--winter-average"));
  }
  return input;
}

int RunQuote(const QuoteOptions& options) {
  Result<RateBook> book = LoadRateBook(options.rates);
  if (!book.ok()) return Fail(book.error(), "--rates");
  Result<QuoteInput> input = BuildInput(options);
  if (!input.ok()) return Fail(input.error(), input.error().field);
  Result<Quote> quote = QuoteBill(*book, *input);
  if (!quote.ok()) return Fail(quote.error(), OptionFor(quote.error().field, options));
  fmt::print("{}\n", http::QuoteToJson(*quote));
  return 0;
}

}  // namespace

void AddRateCommands(CLI::App& app) {
  CLI::App* rate = app.add_subcommand("rate", "Rate schedules (docs/rates.md)");
  rate->require_subcommand(1);
  CLI::App* quote =
      rate->add_subcommand("quote", "Price an itemized bill from rate schedule files (JSON out)");
  auto options = std::make_shared<QuoteOptions>();
  quote->add_option("--rates", options->rates, "Rate schedule files (one version each)")
      ->capture_default_str();
  quote
      ->add_option("--service", options->services,
                   "service:class[:meter_size[:units[:usage]]]; repeat it or separate with commas")
      ->delimiter(',')
      ->required();
  quote->add_option("--usage", options->usage, "Metered water usage in the period, in --unit");
  quote->add_option("--unit", options->unit, "Unit of every usage given: gal, kgal or ccf")
      ->capture_default_str();
  quote->add_option("--from", options->from, "First day of the billing period (YYYY-MM-DD)")
      ->required();
  quote->add_option("--to", options->to, "Last day of the billing period, inclusive")->required();
  quote->add_option("--active-from", options->active_from,
                    "First day the services were on, when after --from");
  quote->add_option("--active-to", options->active_to,
                    "Last day the services were on, when before --to");
  quote->add_option("--winter-average", options->winter_average,
                    "The customer's winter average, in --unit (none: the new-account cap)");
  quote->add_flag("--outside-city", options->outside_city, "The premise is outside city limits");
  quote->add_option("--program", options->programs,
                    "An eligibility program current for the period (e.g. senior); repeatable");
  quote->callback([options]() { throw CLI::RuntimeError(RunQuote(*options)); });
}

}  // namespace cistern
