#include "config/rate_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "domain/rates/quote.h"

namespace cistern {
namespace {

Date Day(int y, unsigned m, unsigned d) {
  return std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m),
                                     std::chrono::day(d)};
}

Period Days(Date first, Date last) { return Period::Make(first, last).value(); }

Period Month(int y, unsigned m) {
  return Period::ForMonth(std::chrono::year(y) / std::chrono::month(m));
}

Quantity Gallons(std::int64_t gallons) { return Quantity::FromInteger(gallons); }

ServiceInput Service(std::string service, std::string rate_class, std::string meter_size = "",
                     std::int64_t units = 1) {
  ServiceInput input;
  input.service = std::move(service);
  input.rate_class = std::move(rate_class);
  input.meter_size = std::move(meter_size);
  input.units = units;
  return input;
}

std::vector<std::int64_t> Cents(const Quote& quote) {
  std::vector<std::int64_t> cents;
  for (const QuoteLine& line : quote.lines) cents.push_back(line.amount.cents());
  return cents;
}

std::vector<std::string> Steps(const Quote& quote) {
  std::vector<std::string> steps;
  for (const QuoteLine& line : quote.lines) steps.push_back(line.step);
  return steps;
}

RateBook LoadShipped(std::initializer_list<const char*> files) {
  std::vector<std::string> paths;
  for (const char* file : files) paths.push_back(RatesConfigPath(file));
  Result<RateBook> book = LoadRateBook(paths);
  EXPECT_TRUE(book.ok()) << book.error().field << ": " << book.error().message;
  return book.ok() ? std::move(book).value() : RateBook();
}

QuoteInput ResidentialWater(Period period, std::int64_t gallons) {
  QuoteInput input{period};
  input.services = {Service("water", "residential", "5/8")};
  input.water_usage_gallons = Gallons(gallons);
  return input;
}

// ---- The published June 2014 example bill ------------------------------------------------

TEST(RateMoore2014, OldRatesGiveThePublishedLines) {
  const RateBook book = LoadShipped({"moore-2014-old.toml"});
  const Result<Quote> quote = QuoteBill(book, ResidentialWater(Month(2014, 6), 25'000));
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  EXPECT_EQ(Cents(*quote), (std::vector<std::int64_t>{950, 0, 5400, 1500}));
  EXPECT_EQ(quote->total, Money::FromCents(7850));
  EXPECT_EQ(Steps(*quote),
            (std::vector<std::string>{"water.residential.base", "water.residential.block.1",
                                      "water.residential.block.2", "water.residential.block.3"}));
  EXPECT_EQ(quote->lines[1].description,
            "First 2,000 gal at $3.00 per 1,000 gal, 2,000 gal included in the base charge");
  EXPECT_EQ(quote->lines[2].description, "2,001\u201320,000 gal at $3.00 per 1,000 gal");
  EXPECT_EQ(quote->lines[2].quantity, Quantity::FromInteger(18));
  EXPECT_EQ(quote->lines[2].unit, "kgal");
  EXPECT_EQ(quote->lines[3].description, "Over 20,000 gal at $3.00 per 1,000 gal");
  for (const QuoteLine& line : quote->lines) {
    EXPECT_EQ(line.service, "water");
    EXPECT_EQ(line.fund, "water");
    EXPECT_EQ(line.effective, Day(2013, 7, 1));
  }
}

TEST(RateMoore2014, NewRatesGiveThePublishedLines) {
  const RateBook book = LoadShipped({"moore-2014-new.toml"});
  const Result<Quote> quote = QuoteBill(book, ResidentialWater(Month(2014, 6), 25'000));
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  EXPECT_EQ(Cents(*quote), (std::vector<std::int64_t>{950, 300, 5400, 2615}));
  EXPECT_EQ(quote->total, Money::FromCents(9265));
  EXPECT_EQ(quote->lines[0].description, "Base charge, 5/8 in. meter");
  EXPECT_EQ(quote->lines[1].description,
            "First 2,000 gal at $3.00 per 1,000 gal, 1,000 gal included in the base charge");
  EXPECT_EQ(quote->lines[1].quantity, Quantity::FromInteger(1));
  EXPECT_EQ(quote->lines[3].price, UnitPrice::FromMicros(5'230'000));
  EXPECT_EQ(quote->lines[3].version,
            "2014-06-01 Moore City Council rate resolution, June 2014 (number not captured)");
}

TEST(RateMoore2014, BothFilesFormOneBookAndAPeriodAcrossTheChangeIsSplit) {
  const RateBook book = LoadShipped({"moore-2014-new.toml", "moore-2014-old.toml"});
  ASSERT_EQ(book.versions().size(), 2u);
  EXPECT_EQ(book.versions()[0].effective, Day(2013, 7, 1));
  // May 17 - June 15: 15 days old rates, 15 days new; 30,000 gal split 15,000 / 15,000; each
  // half bills half a month: blocks of 1,000 / 10,000 gal (old: 1,000 included), base $4.75.
  const Result<Quote> quote =
      QuoteBill(book, ResidentialWater(Days(Day(2014, 5, 17), Day(2014, 6, 15)), 30'000));
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  // Old: base 4.75; block 1 (1,000 gal, all included) 0.00; block 2 (1,001-10,000) 27.00;
  // block 3 (5,000) 15.00. New: base 4.75; block 1 (500 billed) 1.50; block 2 27.00;
  // block 3 (5,000 at 5.23) 26.15.
  EXPECT_EQ(Cents(*quote), (std::vector<std::int64_t>{475, 0, 2700, 1500, 475, 150, 2700, 2615}));
  EXPECT_EQ(quote->total, Money::FromCents(475 + 2700 + 1500 + 475 + 150 + 2700 + 2615));
  EXPECT_EQ(quote->lines[0].effective, Day(2013, 7, 1));
  EXPECT_EQ(quote->lines[4].effective, Day(2014, 6, 1));
  EXPECT_EQ(quote->lines[0].quantity, Quantity::FromFraction(1, 2));
  EXPECT_EQ(quote->lines[0].description, "Base charge, 5/8 in. meter, 15 of 30 days");
  EXPECT_EQ(quote->lines[2].description, "1,001\u201310,000 gal at $3.00 per 1,000 gal");
}

TEST(RateMoore2014, NoVersionBeforeTheOldRates) {
  const RateBook book = LoadShipped({"moore-2014-old.toml"});
  const Result<Quote> quote = QuoteBill(book, ResidentialWater(Month(2013, 6), 1000));
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.error().reason, "RATE_NO_VERSION");
  EXPECT_EQ(quote.error().field, "period");
}

// ---- The demo city's current rates -------------------------------------------------------

QuoteInput MooreHome(std::int64_t gallons, std::optional<std::int64_t> winter_average) {
  QuoteInput input{Month(2025, 6)};
  input.services = {Service("water", "residential", "5/8"), Service("sewer", "residential"),
                    Service("sanitation", "residential", "", 2)};
  input.water_usage_gallons = Gallons(gallons);
  if (winter_average) input.winter_average_gallons = Gallons(*winter_average);
  return input;
}

TEST(RateMooreCurrent, TheShippedScheduleLoads) {
  const RateBook book = LoadShipped({"moore.toml"});
  ASSERT_EQ(book.versions().size(), 1u);
  const RateVersion& version = book.versions()[0];
  EXPECT_EQ(version.effective, Day(2024, 7, 1));
  const RateService* water = version.FindService("water");
  ASSERT_NE(water, nullptr);
  for (const char* size : {"5/8", "3/4", "1", "1.5", "2"}) {
    for (const RateClass& rate_class : water->classes) {
      EXPECT_NE(rate_class.FindBase(size), nullptr) << rate_class.code << " " << size;
    }
  }
  const RateClass* sewer = version.FindService("sewer")->FindClass("residential");
  ASSERT_NE(sewer, nullptr);
  EXPECT_TRUE(sewer->is_winter_average_class());
  EXPECT_EQ(sewer->winter_average->recompute_month, 4);
  EXPECT_EQ(sewer->winter_average->default_cap_gallons, Gallons(6000));
  // "The mean of 3 of the 4 lowest months" of the whole year (decision 7): without `lowest` and
  // `drop_lowest` the cap would be the plain mean of all twelve months.
  EXPECT_EQ(sewer->winter_average->months,
            (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(sewer->winter_average->lowest, 4);
  EXPECT_EQ(sewer->winter_average->drop_lowest, 1);
  // Multi-family (decision 10): water blocks and the sewer cap per dwelling unit, one base per
  // meter; single-family water has neither.
  const RateClass* multi_family_water = water->FindClass("multi_family");
  ASSERT_NE(multi_family_water, nullptr);
  EXPECT_TRUE(multi_family_water->blocks_per_unit);
  EXPECT_FALSE(multi_family_water->base_per_unit);
  EXPECT_FALSE(water->FindClass("residential")->blocks_per_unit);
  EXPECT_FALSE(water->FindClass("residential")->base_per_unit);
  const RateClass* multi_family_sewer = version.FindService("sewer")->FindClass("multi_family");
  ASSERT_NE(multi_family_sewer, nullptr);
  EXPECT_TRUE(multi_family_sewer->blocks_per_unit);
  ASSERT_TRUE(multi_family_sewer->winter_average.has_value());
  EXPECT_EQ(multi_family_sewer->winter_average->lowest, 4);
  EXPECT_EQ(multi_family_sewer->winter_average->drop_lowest, 1);
  EXPECT_EQ(water->FindClass("outside_city")->location, RateLocation::kOutside);
  EXPECT_EQ(water->FindClass("residential")->premise_types,
            (std::vector<std::string>{"single_family"}));
}

TEST(RateMooreCurrent, HomeWithSewerCappedAtTheWinterAverageAndTwoCarts) {
  const RateBook book = LoadShipped({"moore.toml"});
  const Result<Quote> quote = QuoteBill(book, MooreHome(12'000, 5'500));
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  // Water: 9.50 + 10 x 5.02 + 2 x 9.19. Sewer: 5.5 x 3.45 = 18.975 -> 18.98, surcharge 17.75.
  // Sanitation: 11.50 + 7.00.
  EXPECT_EQ(Steps(*quote),
            (std::vector<std::string>{"water.residential.base", "water.residential.block.1",
                                      "water.residential.block.2", "sewer.residential.surcharge",
                                      "sewer.residential.block.1", "sanitation.residential.cart.1",
                                      "sanitation.residential.cart.2"}));
  EXPECT_EQ(Cents(*quote), (std::vector<std::int64_t>{950, 5020, 1838, 1775, 1898, 1150, 700}));
  EXPECT_EQ(quote->total, Money::FromCents(13331));
  EXPECT_EQ(quote->lines[4].description,
            "All usage at $3.45 per 1,000 gal (billed on the winter average 5,500 gal; water "
            "usage 12,000 gal)");
  EXPECT_EQ(quote->lines[4].fund, "sewer");
  EXPECT_EQ(quote->lines[6].fund, "sanitation");
}

TEST(RateMooreCurrent, NewAccountSewerUsesTheDefaultCapAndNeverMoreThanActual) {
  const RateBook book = LoadShipped({"moore.toml"});
  const Result<Quote> capped = QuoteBill(book, MooreHome(12'000, std::nullopt));
  ASSERT_TRUE(capped.ok()) << capped.error().message;
  EXPECT_EQ(capped->lines[4].amount, Money::FromCents(2070));  // 6 x 3.45
  const Result<Quote> below = QuoteBill(book, MooreHome(4'000, 5'500));
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(below->lines[2].step, "sewer.residential.surcharge");
  EXPECT_EQ(below->lines[3].amount, Money::FromCents(1380));  // 4 x 3.45, the actual usage
  EXPECT_EQ(below->total, Money::FromCents(950 + 2008 + 1775 + 1380 + 1150 + 700));
}

TEST(RateMooreCurrent, FourCartsAndASeniorDiscount) {
  const RateBook book = LoadShipped({"moore.toml"});
  QuoteInput input{Month(2025, 6)};
  input.services = {Service("sanitation", "residential", "", 4)};
  input.programs = {"senior"};
  const Result<Quote> quote = QuoteBill(book, input);
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  // 11.50 + 7.00 + 2 x 10.75 = 40.00; senior 10% = -4.00.
  EXPECT_EQ(Steps(*quote), (std::vector<std::string>{
                               "sanitation.residential.cart.1", "sanitation.residential.cart.2",
                               "sanitation.residential.cart.3", "sanitation.discount.senior"}));
  EXPECT_EQ(Cents(*quote), (std::vector<std::int64_t>{1150, 700, 2150, -400}));
  EXPECT_EQ(quote->lines[2].description, "Poly cart, cart 3\u20134 at $10.75 each");
  EXPECT_EQ(quote->lines[3].description, "Senior citizen discount: 10% of $40.00");
  input.services[0].units = 5;
  const Result<Quote> too_many = QuoteBill(book, input);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().field, "services[0].units");
}

TEST(RateMooreCurrent, CommercialOutsideCityAndSprinkler) {
  const RateBook book = LoadShipped({"moore.toml"});
  QuoteInput input{Month(2025, 6)};
  input.services = {Service("water", "commercial", "2"), Service("sewer", "commercial"),
                    Service("sanitation", "commercial", "", 3),
                    Service("stormwater", "commercial", "", 4)};
  input.water_usage_gallons = Gallons(50'000);
  const Result<Quote> quote = QuoteBill(book, input);
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  // Water 160.00 + 50.20 + 30 x 9.19 + 10 x 9.68 = 160 + 50.20 + 275.70 + 96.80;
  // sewer 21.00 + 50 x 3.45 = 172.50; carts 3 x 14.50; stormwater 4 x 3.00.
  EXPECT_EQ(Cents(*quote),
            (std::vector<std::int64_t>{16000, 5020, 27570, 9680, 2100, 17250, 4350, 1200}));

  QuoteInput outside{Month(2025, 6)};
  outside.inside_city = false;
  outside.services = {Service("water", "outside_city", "5/8")};
  outside.water_usage_gallons = Gallons(25'000);
  const Result<Quote> outside_quote = QuoteBill(book, outside);
  ASSERT_TRUE(outside_quote.ok()) << outside_quote.error().message;
  EXPECT_EQ(Cents(*outside_quote), (std::vector<std::int64_t>{950, 10040, 4595}));
  outside.services[0].rate_class = "residential";
  const Result<Quote> refused = QuoteBill(book, outside);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "RATE_LOCATION_MISMATCH");
  EXPECT_EQ(refused.error().field, "services[0].rate_class");

  QuoteInput sprinkler{Month(2025, 7)};
  sprinkler.services = {Service("water", "residential", "5/8"), Service("water", "sprinkler", "1")};
  sprinkler.water_usage_gallons = Gallons(8'000);
  sprinkler.services[1].usage_gallons = Gallons(35'000);
  const Result<Quote> both = QuoteBill(book, sprinkler);
  ASSERT_TRUE(both.ok()) << both.error().message;
  // Domestic: 9.50 + 8 x 5.02 = 40.16 -> 950 + 4016. Sprinkler: 50.00 + 30 x 6.12 + 5 x 9.19.
  EXPECT_EQ(Cents(*both), (std::vector<std::int64_t>{950, 4016, 5000, 18360, 4595}));
}

TEST(RateMooreCurrent, MultiFamilyBlocksPerDwellingUnit) {
  const RateBook book = LoadShipped({"moore.toml"});
  QuoteInput input{Month(2025, 6)};
  input.services = {Service("water", "multi_family", "1.5", 4),
                    Service("sewer", "multi_family", "", 4)};
  input.water_usage_gallons = Gallons(50'000);
  const Result<Quote> quote = QuoteBill(book, input);
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  // Water: base 47.50; first 40,000 gal at 5.02 = 200.80; 10,000 at 9.19 = 91.90.
  // Sewer: surcharge 4 x 17.75; new-account cap 4 x 6,000 = 24,000 gal at 3.45 = 82.80.
  EXPECT_EQ(Cents(*quote), (std::vector<std::int64_t>{4750, 20080, 9190, 7100, 8280}));
  EXPECT_EQ(quote->lines[1].description, "First 40,000 gal at $5.02 per 1,000 gal");
}

// ---- The examples in docs/rates.md --------------------------------------------------------

// docs/rates.md beside config/ (DefaultRatesPath() is config/rates/moore.toml, in the working
// directory or the source tree).
std::string RatesDocPath() {
  const std::filesystem::path rates = DefaultRatesPath();
  return (rates.parent_path().parent_path().parent_path() / "docs" / "rates.md").string();
}

struct DocBlock {
  int line = 0;  // of the opening fence, counted from 1
  std::string text;
};

// Every ```toml fenced block of `markdown`.
std::vector<DocBlock> TomlBlocks(const std::string& markdown) {
  std::vector<DocBlock> blocks;
  std::istringstream in(markdown);
  std::string line;
  int number = 0;
  std::optional<DocBlock> open;
  while (std::getline(in, line)) {
    ++number;
    if (!open && line.rfind("```toml", 0) == 0) {
      open = DocBlock{number, ""};
    } else if (open && line.rfind("```", 0) == 0) {
      blocks.push_back(std::move(*open));
      open.reset();
    } else if (open) {
      open->text += line + "\n";
    }
  }
  EXPECT_FALSE(open) << "docs/rates.md: the ```toml block at line " << (open ? open->line : 0)
                     << " is never closed";
  return blocks;
}

// A doc block as a whole schedule file. The docs show most keys as fragments of a file, so each
// fragment gets only what a file needs around it, and nothing it shows itself:
// - the version keys (name, effective, ordinance), unless the block shows them;
// - a block that starts with bare keys and is not the version keys shows keys of a class: it is
//   put in a class of its own, with a base charge unless it shows one (`included_usage` needs a
//   base, and every class needs a charge);
// - every service and class a block's table headers name without defining ([[...seasonal]]);
// - the four usual services, for a block that defines none (discounts and taxes name them).
std::string AsScheduleFile(const std::string& block) {
  const std::string version_keys =
      "name = \"Docs example\"\neffective = \"2025-01-01\"\nordinance = \"Docs\"\n\n";
  auto service_table = [](const std::string& code) {
    return "[services." + code + "]\nname = \"" + code + "\"\nfund = \"" + code + "\"\n\n";
  };
  bool starts_with_keys = false;
  bool seen_content = false;
  bool has_version = false;
  std::set<std::string> defined;                          // [table] headers
  std::set<std::string> services;                         // services headers mention
  std::set<std::pair<std::string, std::string>> classes;  // (service, class) headers mention
  std::istringstream in(block);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    if (!seen_content) starts_with_keys = line[0] != '[';
    seen_content = true;
    if (line.rfind("effective", 0) == 0) has_version = true;
    if (line[0] != '[') continue;
    const bool array = line.rfind("[[", 0) == 0;
    const std::size_t open = array ? 2 : 1;
    const std::string header = line.substr(open, line.find(']') - open);
    if (!array) defined.insert(header);
    std::vector<std::string> parts;
    std::istringstream dotted(header);
    for (std::string part; std::getline(dotted, part, '.');) parts.push_back(part);
    if (parts.size() >= 2 && parts[0] == "services") services.insert(parts[1]);
    if (parts.size() >= 5 && parts[0] == "services" && parts[2] == "classes") {
      classes.insert({parts[1], parts[3]});
    }
  }
  if (starts_with_keys && !has_version) {
    const bool has_base =
        block.find("\nbase =") != std::string::npos || block.rfind("base =", 0) == 0;
    return version_keys + service_table("water") +
           "[services.water.classes.example]\nname = \"Example\"\n" +
           (has_base ? "" : "base = { \"5/8\" = \"9.50\" }\n") + block;
  }
  std::string around;
  for (const std::string& service : services) {
    if (!defined.count("services." + service)) around += service_table(service);
  }
  for (const auto& [service, rate_class] : classes) {
    if (!defined.count("services." + service + ".classes." + rate_class)) {
      around += "[services." + service + ".classes." + rate_class +
                "]\nname = \"Example\"\nblocks = [{ price = \"1.00\" }]\n\n";
    }
  }
  if (services.empty()) {
    for (const char* service : {"water", "sewer", "sanitation", "stormwater"}) {
      around += service_table(service) + "[services." + service +
                ".classes.example]\nname = \"Example\"\nflat = [{ code = \"fee\", name = \"Fee\", "
                "amount = \"1.00\" }]\n\n";
    }
  }
  // Top-level keys must come before the first table, so tables go after a block of them.
  if (starts_with_keys) return block + "\n" + around;
  return (has_version ? "" : version_keys) + around + block;
}

// A documented example with a misspelled key, a float amount or a missing required key would
// teach the mistake: every ```toml block of docs/rates.md must load (the loader refuses unknown
// keys, so a typo is an error, not a silently ignored line).
TEST(RateDocs, EveryTomlExampleLoads) {
  const std::string path = RatesDocPath();
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::stringstream markdown;
  markdown << in.rdbuf();
  const std::vector<DocBlock> blocks = TomlBlocks(markdown.str());
  // Guards the extraction itself: the docs hold at least the ten examples written so far.
  ASSERT_GE(blocks.size(), 10u);
  for (const DocBlock& block : blocks) {
    const std::string file = AsScheduleFile(block.text);
    const Result<RateVersion> loaded =
        ParseRateVersion(file, "docs/rates.md:" + std::to_string(block.line));
    EXPECT_TRUE(loaded.ok()) << loaded.error().field << " (" << loaded.error().reason
                             << "): " << loaded.error().message << "\n--- as loaded ---\n"
                             << file;
  }
}

// ---- What the loader refuses -------------------------------------------------------------

// Writes variants of a small schedule to a temporary directory and loads them.
class RateConfigTest : public ::testing::Test {
 protected:
  static constexpr const char* kSmall = R"(name = "Test rates"
effective = "2025-01-01"
ordinance = "Ord. 1"

[services.water]
name = "Water"
fund = "water"

[services.water.classes.residential]
name = "Residential"
base = { "5/8" = "10.00" }
price_unit = "kgal"
blocks = [
  { up_to = "10000", price = "5.00" },
  { over = "10000", price = "8.00" },
]
)";

  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "cistern_rates_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  std::string Write(const std::string& text, const std::string& name = "rates.toml") {
    const std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
  }

  Result<RateVersion> LoadText(const std::string& text) { return LoadRateVersion(Write(text)); }

  static std::string SmallWith(const std::string& from, const std::string& to) {
    std::string text = kSmall;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }

  void ExpectRefused(const std::string& text, const std::string& field,
                     const std::string& reason = "CONFIG_INVALID") {
    const Result<RateVersion> loaded = LoadText(text);
    ASSERT_FALSE(loaded.ok()) << "expected a refusal naming " << field;
    EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(loaded.error().field, field) << loaded.error().message;
    EXPECT_EQ(loaded.error().reason, reason) << loaded.error().message;
  }

  std::filesystem::path directory_;
};

TEST_F(RateConfigTest, TheSmallScheduleLoads) {
  const Result<RateVersion> loaded = LoadText(kSmall);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const RateClass* rate_class = loaded->FindService("water")->FindClass("residential");
  ASSERT_EQ(rate_class->blocks.size(), 2u);
  EXPECT_EQ(rate_class->blocks[0].up_to_gallons, Gallons(10'000));
  EXPECT_EQ(rate_class->blocks[1].price, UnitPrice::FromMicros(8'000'000));
  EXPECT_EQ(loaded->rounding, RoundingRule::kHalfUp);
}

TEST_F(RateConfigTest, RefusesFloatAmounts) {
  ExpectRefused(SmallWith("price = \"5.00\"", "price = 5.00"),
                "services.water.classes.residential.blocks[1].price");
  ExpectRefused(SmallWith("\"5/8\" = \"10.00\"", "\"5/8\" = 10.0"),
                "services.water.classes.residential.base.5/8");
  ExpectRefused(SmallWith("up_to = \"10000\"", "up_to = 10000.0"),
                "services.water.classes.residential.blocks[1].up_to");
}

TEST_F(RateConfigTest, RefusesUnknownKeys) {
  ExpectRefused(
      SmallWith("ordinance = \"Ord. 1\"", "ordinance = \"Ord. 1\"\nrounding_rule = \"up\""),
      "rounding_rule");
  ExpectRefused(SmallWith("fund = \"water\"", "fund = \"water\"\nfunds = \"x\""),
                "services.water.funds");
  ExpectRefused(SmallWith("price_unit = \"kgal\"", "price_units = \"kgal\""),
                "services.water.classes.residential.price_units");
  ExpectRefused(SmallWith("{ over = \"10000\", price", "{ above = \"10000\", price"),
                "services.water.classes.residential.blocks[2].above");
}

TEST_F(RateConfigTest, RefusesOverlappingGappedAndUnorderedBlocks) {
  ExpectRefused(SmallWith("over = \"10000\"", "over = \"9000\""),
                "services.water.classes.residential.blocks[2].over", "RATE_BLOCKS_OVERLAP");
  ExpectRefused(SmallWith("over = \"10000\"", "over = \"11000\""),
                "services.water.classes.residential.blocks[2].over", "RATE_BLOCKS_GAP");
  ExpectRefused(SmallWith("{ over = \"10000\", price = \"8.00\" },",
                          "{ up_to = \"5000\", price = \"6.00\" },\n  { price = \"8.00\" },"),
                "services.water.classes.residential.blocks[2].up_to", "RATE_BLOCKS_OUT_OF_ORDER");
  ExpectRefused(SmallWith("{ over = \"10000\", price = \"8.00\" },",
                          "{ up_to = \"20000\", price = \"8.00\" },"),
                "services.water.classes.residential.blocks[2].up_to", "RATE_BLOCK_LAST_LIMITED");
  ExpectRefused(SmallWith("{ up_to = \"10000\", price = \"5.00\" },\n  { over = \"10000\", price",
                          "{ price = \"5.00\" },\n  { price"),
                "services.water.classes.residential.blocks[1].up_to", "RATE_BLOCK_LIMIT_REQUIRED");
}

TEST_F(RateConfigTest, RefusesNegativePricesBadUnitsAndRounding) {
  ExpectRefused(SmallWith("price = \"5.00\"", "price = \"-5.00\""),
                "services.water.classes.residential.blocks[1].price", "RATE_PRICE_NEGATIVE");
  ExpectRefused(SmallWith("price = \"5.00\"", "price = \"5.0000001\""),
                "services.water.classes.residential.blocks[1].price");
  ExpectRefused(SmallWith("price_unit = \"kgal\"", "price_unit = \"liter\""),
                "services.water.classes.residential.price_unit");
  ExpectRefused(
      SmallWith("ordinance = \"Ord. 1\"", "ordinance = \"Ord. 1\"\nrounding = \"bankers\""),
      "rounding");
  ExpectRefused(SmallWith("effective = \"2025-01-01\"", "effective = \"2025-02-30\""), "effective");
  ExpectRefused(SmallWith("ordinance = \"Ord. 1\"", "ordinance = \"\""), "ordinance",
                "RATE_ORDINANCE_REQUIRED");
  ExpectRefused(SmallWith("[services.water.classes.residential]\nname = \"Residential\"",
                          "[services.water.classes.Residential]\nname = \"Residential\""),
                "services.water.classes.Residential", "RATE_CODE_INVALID");
  ExpectRefused(std::string(kSmall) + "this is not toml\n", "rates");
}

TEST_F(RateConfigTest, ParsesTextAndNamesItInMessages) {
  const Result<RateVersion> parsed = ParseRateVersion(kSmall, "small.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->name, "Test rates");
  const Result<RateVersion> refused =
      ParseRateVersion(SmallWith("price = \"5.00\"", "price = 5.00"), "small.toml");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.rfind("small.toml: ", 0), 0u) << refused.error().message;
  const Result<RateVersion> missing = LoadRateVersion((directory_ / "none.toml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "rates");
}

TEST_F(RateConfigTest, RefusesAMeterBaseMissingForAQuotedSize) {
  const std::string path = Write(kSmall);
  const Result<RateBook> book = LoadRateBook({path});
  ASSERT_TRUE(book.ok()) << book.error().message;
  QuoteInput input{Month(2025, 3)};
  input.services = {Service("water", "residential", "1")};
  input.water_usage_gallons = Gallons(1000);
  const Result<Quote> quote = QuoteBill(*book, input);
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.error().reason, "RATE_METER_SIZE_UNKNOWN");
  EXPECT_EQ(quote.error().field, "services[0].meter_size");
}

TEST_F(RateConfigTest, RefusesTwoVersionsWithTheSameEffectiveDate) {
  const std::string first = Write(kSmall, "a.toml");
  const std::string second = Write(SmallWith("Test rates", "Other rates"), "b.toml");
  const Result<RateBook> book = LoadRateBook({first, second});
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.error().reason, "RATE_VERSION_DATE_REPEATED");
  EXPECT_EQ(book.error().field, "effective");
}

TEST_F(RateConfigTest, ReadsEveryFeature) {
  const std::string text = std::string(kSmall) + R"(
[services.water.classes.residential.winter_average]
months = [12, 1, 2]
lowest = 2
drop_lowest = 1
recompute_month = 4
default_cap = "6000"

[[services.water.classes.residential.seasonal]]
code = "summer"
name = "Summer surcharge"
months = [6, 7, 8]
above = "20000"
price = "1.25"

[services.water.classes.senior]
name = "Senior water"
program = "senior"
location = "any"
outside_multiplier = "1.5"
customer_kinds = ["person"]
unit_name = "dwelling unit"
units_max = 10
base = { "5/8" = "5.00" }
base_per_unit = true
price_unit = "ccf"
block_unit = "ccf"
blocks_per_unit = true
included_usage = "2"
usage_percent = "90"
blocks = [{ up_to = "5", price = "4.3725" }, { over = "5", price = "6.00" }]
flat = [
  { code = "fee", name = "Meter fee", amount = "1.00" },
  { code = "eru", name = "Drainage", amount = "2.00", per = "unit" },
  { code = "cart", name = "Cart", prices = ["11.50", "7.00"] },
]

[[discounts]]
code = "low_income"
name = "Low-income credit"
program = "low_income"
services = ["water"]
amount = "5.00"

[[taxes]]
code = "sales_tax"
name = "Sales tax"
percent = "4.5"
services = ["water"]
fund = "general"
)";
  const Result<RateVersion> loaded = LoadText(text);
  ASSERT_TRUE(loaded.ok()) << loaded.error().field << ": " << loaded.error().message;
  const RateClass* residential = loaded->FindService("water")->FindClass("residential");
  ASSERT_TRUE(residential->winter_average.has_value());
  EXPECT_EQ(residential->winter_average->months, (std::vector<int>{12, 1, 2}));
  EXPECT_EQ(residential->winter_average->lowest, 2);
  EXPECT_EQ(residential->winter_average->drop_lowest, 1);
  EXPECT_EQ(residential->winter_average->recompute_month, 4);
  EXPECT_EQ(residential->winter_average->default_cap_gallons, Gallons(6000));
  ASSERT_EQ(residential->seasonal.size(), 1u);
  EXPECT_EQ(residential->seasonal[0].code, "summer");
  EXPECT_EQ(residential->seasonal[0].name, "Summer surcharge");
  EXPECT_EQ(residential->seasonal[0].months, (std::vector<int>{6, 7, 8}));
  EXPECT_EQ(residential->seasonal[0].above_gallons, Gallons(20'000));
  EXPECT_EQ(residential->seasonal[0].price, UnitPrice::FromMicros(1'250'000));
  // The per-unit switches default to off and are read when given.
  EXPECT_FALSE(residential->base_per_unit);
  EXPECT_FALSE(residential->blocks_per_unit);
  const RateClass* senior = loaded->FindService("water")->FindClass("senior");
  ASSERT_NE(senior, nullptr);
  EXPECT_EQ(senior->program, "senior");
  EXPECT_EQ(senior->outside_multiplier, Quantity::FromFraction(3, 2));
  EXPECT_TRUE(senior->base_per_unit);
  EXPECT_TRUE(senior->blocks_per_unit);
  EXPECT_EQ(senior->price_unit, UsageUnit::kHundredCubicFeet);
  const Usage two_ccf{Quantity::FromInteger(2), UsageUnit::kHundredCubicFeet};
  EXPECT_EQ(senior->included_gallons, two_ccf.ConvertTo(UsageUnit::kGallon).amount);
  EXPECT_EQ(senior->usage_percent, Quantity::FromInteger(90));
  ASSERT_EQ(senior->flat.size(), 3u);
  EXPECT_EQ(senior->flat[1].basis, FlatBasis::kPerUnit);
  EXPECT_EQ(senior->flat[2].basis, FlatBasis::kByUnitNumber);
  ASSERT_EQ(loaded->discounts.size(), 1u);
  EXPECT_EQ(loaded->discounts[0].monthly_amount, UnitPrice::FromMicros(5'000'000));
  ASSERT_EQ(loaded->taxes.size(), 1u);
  EXPECT_EQ(loaded->taxes[0].percent, Quantity::FromFraction(9, 2));
  EXPECT_EQ(loaded->taxes[0].fund, "general");
}

// The file's `rounding` key reaches every line. At $3.45 per 1,000 gal, 1,300 gal is exactly
// $4.485 (a tie) and 1,001 gal is $3.45345, so each rule gives its own pair of cents.
TEST_F(RateConfigTest, TheRoundingKeyRoundsEveryLineByItsRule) {
  struct Case {
    const char* rounding;  // "" leaves the key out: half up
    RoundingRule rule;
    std::int64_t tie_cents;
    std::int64_t fraction_cents;
  };
  const Case cases[] = {{"", RoundingRule::kHalfUp, 449, 345},
                        {"half_up", RoundingRule::kHalfUp, 449, 345},
                        {"half_even", RoundingRule::kHalfEven, 448, 345},
                        {"down", RoundingRule::kDown, 448, 345},
                        {"up", RoundingRule::kUp, 449, 346}};
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.rounding);
    std::string text = SmallWith(
        "{ up_to = \"10000\", price = \"5.00\" },\n  { over = \"10000\", "
        "price = \"8.00\" },",
        "{ price = \"3.45\" },");
    if (*test_case.rounding != '\0') {
      const std::string key = "ordinance = \"Ord. 1\"";
      text.replace(text.find(key), key.size(), key + "\nrounding = \"" + test_case.rounding + "\"");
    }
    const Result<RateBook> book = LoadRateBook({Write(text)});
    ASSERT_TRUE(book.ok()) << book.error().field << ": " << book.error().message;
    EXPECT_EQ(book->versions()[0].rounding, test_case.rule);
    for (auto [gallons, cents] : {std::pair<std::int64_t, std::int64_t>{1'300, test_case.tie_cents},
                                  {1'001, test_case.fraction_cents}}) {
      QuoteInput input{Month(2025, 3)};
      input.services = {Service("water", "residential", "5/8")};
      input.water_usage_gallons = Gallons(gallons);
      const Result<Quote> quote = QuoteBill(*book, input);
      ASSERT_TRUE(quote.ok()) << quote.error().message;
      ASSERT_EQ(quote->lines.size(), 2u);
      EXPECT_EQ(quote->lines[1].amount, Money::FromCents(cents)) << gallons << " gal";
      EXPECT_EQ(quote->total, Money::FromCents(1000 + cents)) << gallons << " gal";
    }
  }
}

}  // namespace
}  // namespace cistern
