#include "domain/rates/quote.h"

#include <gtest/gtest.h>

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
UnitPrice Price(std::int64_t cents) { return UnitPrice::FromMicros(cents * 10'000); }
Quantity Gallons(std::int64_t gallons) { return Quantity::FromInteger(gallons); }

// Water: base $10.00 (5/8), blocks 0-10,000 at $5.00 and over at $8.00 per 1,000 gal.
RateClass WaterResidential() {
  RateClass rate_class;
  rate_class.code = "residential";
  rate_class.name = "Residential";
  rate_class.base = {{"5/8", Price(1000)}};
  rate_class.blocks = {{Gallons(10'000), Price(500)}, {std::nullopt, Price(800)}};
  return rate_class;
}

RateClass SewerClass() {
  RateClass rate_class;
  rate_class.code = "residential";
  rate_class.name = "Sewer";
  rate_class.blocks = {{std::nullopt, Price(300)}};
  rate_class.flat = {{"surcharge", "Sewer surcharge", FlatBasis::kAccount, {Price(1000)}}};
  return rate_class;
}

RateVersion BaseVersion(Date effective = Day(2025, 1, 1)) {
  RateVersion version;
  version.effective = effective;
  version.name = "Test rates";
  version.ordinance = "Ord. " + FormatDate(effective);
  version.services = {{"water", "Water", "water", {WaterResidential()}},
                      {"sewer", "Sewer", "sewer", {SewerClass()}}};
  return version;
}

RateBook Book(std::vector<RateVersion> versions) {
  Result<RateBook> book = RateBook::Make(std::move(versions));
  EXPECT_TRUE(book.ok()) << book.error().field << ": " << book.error().message;
  return book.ok() ? std::move(book).value() : RateBook();
}

ServiceInput Service(std::string service, std::string rate_class, std::string meter_size = "",
                     std::int64_t units = 1) {
  ServiceInput input;
  input.service = std::move(service);
  input.rate_class = std::move(rate_class);
  input.meter_size = std::move(meter_size);
  input.units = units;
  return input;
}

QuoteInput Water(Period period, std::int64_t gallons) {
  QuoteInput input{period};
  input.services = {Service("water", "residential", "5/8")};
  input.water_usage_gallons = Gallons(gallons);
  return input;
}

std::vector<std::int64_t> Cents(const Quote& quote) {
  std::vector<std::int64_t> cents;
  for (const QuoteLine& line : quote.lines) cents.push_back(line.amount.cents());
  return cents;
}

Quote MustQuote(const RateBook& book, const QuoteInput& input) {
  Result<Quote> quote = QuoteBill(book, input);
  EXPECT_TRUE(quote.ok()) << quote.error().field << ": " << quote.error().message;
  return quote.ok() ? std::move(quote).value() : Quote();
}

void ExpectRefused(const RateBook& book, const QuoteInput& input, const std::string& field,
                   const std::string& reason) {
  const Result<Quote> quote = QuoteBill(book, input);
  ASSERT_FALSE(quote.ok()) << "expected " << reason;
  EXPECT_EQ(quote.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(quote.error().field, field) << quote.error().message;
  EXPECT_EQ(quote.error().reason, reason) << quote.error().message;
}

TEST(RateQuote, TieredBlocksBaseAndLineFields) {
  const RateBook book = Book({BaseVersion()});
  const Quote quote = MustQuote(book, Water(Month(2025, 3), 12'500));
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{1000, 5000, 2000}));
  EXPECT_EQ(quote.total, Money::FromCents(8000));
  const QuoteLine& block = quote.lines[2];
  EXPECT_EQ(block.service, "water");
  EXPECT_EQ(block.fund, "water");
  EXPECT_EQ(block.step, "water.residential.block.2");
  EXPECT_EQ(block.description, "Over 10,000 gal at $8.00 per 1,000 gal");
  EXPECT_EQ(block.quantity, Quantity::FromFraction(5, 2));
  EXPECT_EQ(block.unit, "kgal");
  EXPECT_EQ(block.price, Price(800));
  EXPECT_EQ(block.version, "2025-01-01 Ord. 2025-01-01");
  EXPECT_EQ(block.effective, Day(2025, 1, 1));
  EXPECT_EQ(quote.lines[0].unit, "month");
  EXPECT_EQ(quote.lines[0].quantity, Quantity::FromInteger(1));
}

TEST(RateQuote, ZeroUsageBillsOnlyTheBase) {
  const Quote quote = MustQuote(Book({BaseVersion()}), Water(Month(2025, 3), 0));
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{1000}));
}

TEST(RateQuote, PricesPerGallonAndPerCcf) {
  RateVersion version = BaseVersion();
  RateClass& water = version.services[0].classes[0];
  water.price_unit = UsageUnit::kHundredCubicFeet;
  water.block_unit = UsageUnit::kHundredCubicFeet;
  // 10 ccf = 7,480.519... gal; $4.3725 per ccf, then $6.00.
  water.blocks = {
      {Usage{Gallons(10), UsageUnit::kHundredCubicFeet}.ConvertTo(UsageUnit::kGallon).amount,
       UnitPrice::FromMicros(4'372'500)},
      {std::nullopt, Price(600)}};
  const RateBook book = Book({version});
  QuoteInput input = Water(Month(2025, 3), 0);
  input.water_usage_gallons = Usage{Quantity::FromFraction(25, 2), UsageUnit::kHundredCubicFeet}
                                  .ConvertTo(UsageUnit::kGallon)
                                  .amount;
  const Quote quote = MustQuote(book, input);
  // 10 x 4.3725 = 43.725 -> 43.73; 2.5 x 6.00 = 15.00.
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{1000, 4373, 1500}));
  EXPECT_EQ(quote.lines[1].description, "First 10 ccf at $4.3725 per 100 cu ft");
  EXPECT_EQ(quote.lines[2].quantity, Quantity::FromFraction(5, 2));
  EXPECT_EQ(quote.lines[2].unit, "ccf");

  version.services[0].classes[0] = WaterResidential();
  version.services[0].classes[0].price_unit = UsageUnit::kGallon;
  version.services[0].classes[0].blocks = {{std::nullopt, UnitPrice::FromMicros(5'230)}};
  const Quote per_gallon = MustQuote(Book({version}), Water(Month(2025, 3), 1'001));
  EXPECT_EQ(Cents(per_gallon), (std::vector<std::int64_t>{1000, 524}));  // 5.23523 -> 5.24
}

TEST(RateQuote, RoundingOncePerLineByTheScheduleRule) {
  RateVersion version = BaseVersion();
  version.services[0].classes[0].blocks = {{std::nullopt, UnitPrice::FromMicros(3'450'000)}};
  QuoteInput input = Water(Month(2025, 3), 5'500);  // 18.975
  EXPECT_EQ(MustQuote(Book({version}), input).lines[1].amount, Money::FromCents(1898));
  version.rounding = RoundingRule::kDown;
  EXPECT_EQ(MustQuote(Book({version}), input).lines[1].amount, Money::FromCents(1897));
  // A real tie on which the two "nearest" rules disagree: 1,300 gal at $3.45 per 1,000 is
  // exactly $4.485. Half even keeps the even cent (448); half up goes away from zero (449).
  input.water_usage_gallons = Gallons(1'300);
  version.rounding = RoundingRule::kHalfEven;
  const Quote half_even = MustQuote(Book({version}), input);
  ASSERT_EQ(half_even.lines.size(), 2u);
  EXPECT_EQ(half_even.lines[1].quantity, Quantity::FromFraction(13, 10));
  EXPECT_EQ(half_even.lines[1].amount, Money::FromCents(448));
  EXPECT_EQ(half_even.total, Money::FromCents(1000 + 448));
  version.rounding = RoundingRule::kHalfUp;
  EXPECT_EQ(MustQuote(Book({version}), input).lines[1].amount, Money::FromCents(449));
}

// "up" adds a cent for any fraction, however small: 1,001 gal at $3.45 per 1,000 is $3.45345,
// which every other rule bills as $3.45.
TEST(RateQuote, UpRoundsAnyFractionOfACentUp) {
  RateVersion version = BaseVersion();
  version.services[0].classes[0].blocks = {{std::nullopt, UnitPrice::FromMicros(3'450'000)}};
  const QuoteInput input = Water(Month(2025, 3), 1'001);
  version.rounding = RoundingRule::kUp;
  EXPECT_EQ(MustQuote(Book({version}), input).lines[1].amount, Money::FromCents(346));
  for (RoundingRule rule : {RoundingRule::kHalfUp, RoundingRule::kHalfEven, RoundingRule::kDown}) {
    version.rounding = rule;
    EXPECT_EQ(MustQuote(Book({version}), input).lines[1].amount, Money::FromCents(345))
        << RoundingRuleName(rule);
  }
  // The base charge is whole cents already, so "up" leaves it alone.
  version.rounding = RoundingRule::kUp;
  EXPECT_EQ(MustQuote(Book({version}), input).lines[0].amount, Money::FromCents(1000));
}

TEST(RateQuote, QuarterlyPeriodBillsThreeMonthsAndTripleBlocks) {
  const RateBook book = Book({BaseVersion()});
  const Quote quote = MustQuote(book, Water(Days(Day(2025, 1, 1), Day(2025, 3, 31)), 35'000));
  // Base 3 x 10.00; first 30,000 at 5.00; 5,000 at 8.00.
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{3000, 15000, 4000}));
  EXPECT_EQ(quote.lines[0].quantity, Quantity::FromInteger(3));
  EXPECT_EQ(quote.lines[0].description, "Base charge, 5/8 in. meter, 3 months");
  EXPECT_EQ(quote.lines[1].description, "First 30,000 gal at $5.00 per 1,000 gal");
}

TEST(RateQuote, PartialPeriodProratesFlatChargesAndBlockSizesByDays) {
  const RateBook book = Book({BaseVersion()});
  QuoteInput input = Water(Month(2025, 3), 10'000);
  input.services[0].active = Days(Day(2025, 3, 16), Day(2025, 3, 31));  // 16 of 31 days
  const Quote quote = MustQuote(book, input);
  // Base 10.00 x 16/31 = 5.161 -> 5.16. First block 10,000 x 16/31 = 5,161.29 gal at 5.00 =
  // 25.81; the rest 4,838.71 gal at 8.00 = 38.71.
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{516, 2581, 3871}));
  EXPECT_EQ(quote.lines[0].quantity, Quantity::FromFraction(16, 31));
  EXPECT_EQ(quote.lines[0].description, "Base charge, 5/8 in. meter, 16 of 31 days");
  EXPECT_EQ(quote.lines[1].description, "First 5,161.29 gal at $5.00 per 1,000 gal");
  EXPECT_EQ(quote.lines[2].description, "Over 5,161.29 gal at $8.00 per 1,000 gal");
}

TEST(RateQuote, RateChangeInsideThePeriodSplitsItByDays) {
  RateVersion later = BaseVersion(Day(2025, 3, 11));
  later.services[0].classes[0].base[0].monthly = Price(1300);
  later.services[0].classes[0].blocks[0].price = Price(600);
  const RateBook book = Book({later, BaseVersion()});
  // March: 10 days old (Mar 1-10), 21 days new. Usage 31,000 gal: 10,000 / 21,000.
  const Quote quote = MustQuote(book, Water(Month(2025, 3), 31'000));
  // Old: base 10.00 x 10/31 = 3.23; block 1 limit 3,225.81 gal at 5.00 = 16.13;
  //      6,774.19 gal at 8.00 = 54.19.
  // New: base 13.00 x 21/31 = 8.81; block 1 limit 6,774.19 gal at 6.00 = 40.65;
  //      14,225.81 gal at 8.00 = 113.81.
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{323, 1613, 5419, 881, 4065, 11381}));
  EXPECT_EQ(quote.lines[0].version, "2025-01-01 Ord. 2025-01-01");
  EXPECT_EQ(quote.lines[3].version, "2025-03-11 Ord. 2025-03-11");
  EXPECT_EQ(quote.lines[0].step, quote.lines[3].step);
  EXPECT_EQ(quote.total, Money::FromCents(323 + 1613 + 5419 + 881 + 4065 + 11381));
}

TEST(RateQuote, ServiceStartingAfterARateChangeUsesOnlyTheNewVersion) {
  RateVersion later = BaseVersion(Day(2025, 3, 11));
  later.services[0].classes[0].base[0].monthly = Price(3100);
  const RateBook book = Book({later, BaseVersion()});
  QuoteInput input = Water(Month(2025, 3), 0);
  input.services[0].active = Days(Day(2025, 3, 21), Day(2025, 3, 31));
  const Quote quote = MustQuote(book, input);
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{1100}));  // 31.00 x 11/31
  EXPECT_EQ(quote.lines[0].effective, Day(2025, 3, 11));
}

TEST(RateQuote, SeasonalSurchargeInNamedMonthsOnly) {
  RateVersion version = BaseVersion();
  version.services[0].classes[0].seasonal = {
      {"summer_surcharge", "Summer surcharge", {6, 7, 8}, Gallons(20'000), Price(100)}};
  const RateBook book = Book({version});
  EXPECT_EQ(Cents(MustQuote(book, Water(Month(2025, 5), 25'000))),
            (std::vector<std::int64_t>{1000, 5000, 12000}));
  const Quote june = MustQuote(book, Water(Month(2025, 6), 25'000));
  EXPECT_EQ(Cents(june), (std::vector<std::int64_t>{1000, 5000, 12000, 500}));
  EXPECT_EQ(june.lines[3].step, "water.residential.summer_surcharge");
  EXPECT_EQ(june.lines[3].description,
            "Summer surcharge: usage over 20,000 gal at $1.00 per 1,000 gal");
  // Aug 16 - Sep 15: 16 of 31 days in season, 5,000 gal excess -> 2,580.65 gal -> 2.58.
  const Quote straddle = MustQuote(book, Water(Days(Day(2025, 8, 16), Day(2025, 9, 15)), 25'000));
  EXPECT_EQ(straddle.lines[3].amount, Money::FromCents(258));
}

TEST(RateQuote, SewerOnAPercentOfWaterUsage) {
  RateVersion version = BaseVersion();
  version.services[1].classes[0].usage_percent = Quantity::FromInteger(80);
  QuoteInput input = Water(Month(2025, 3), 10'000);
  input.services = {Service("sewer", "residential")};
  const Quote quote = MustQuote(Book({version}), input);
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{1000, 2400}));  // 8 x 3.00
  EXPECT_EQ(quote.lines[1].description,
            "All usage at $3.00 per 1,000 gal (80% of 10,000 gal water usage)");
}

TEST(RateQuote, SewerCappedAtTheWinterAverageScalesWithThePeriod) {
  RateVersion version = BaseVersion();
  WinterAverageRule rule;
  rule.months = {12, 1, 2};
  rule.default_cap_gallons = Gallons(6000);
  version.services[1].classes[0].winter_average = rule;
  const RateBook book = Book({version});
  QuoteInput input = Water(Days(Day(2025, 4, 1), Day(2025, 6, 30)), 30'000);
  input.services = {Service("sewer", "residential")};
  input.winter_average_gallons = Gallons(5'000);
  // A quarter: cap 3 x 5,000 = 15,000 gal at 3.00 = 45.00; surcharge 3 x 10.00.
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{3000, 4500}));
  input.winter_average_gallons.reset();  // new account: 3 x 6,000
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{3000, 5400}));
  input.water_usage_gallons = Gallons(9'000);  // below the cap: actual usage
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{3000, 2700}));
}

TEST(RateQuote, FlatChargesPerAccountPerUnitAndByUnitNumber) {
  RateVersion version = BaseVersion();
  RateClass carts;
  carts.code = "residential";
  carts.name = "Carts";
  carts.unit_name = "cart";
  carts.flat = {
      {"cart", "Poly cart", FlatBasis::kByUnitNumber, {Price(1150), Price(700), Price(1075)}},
      {"drainage", "Drainage", FlatBasis::kPerUnit, {Price(300)}}};
  version.services.push_back({"sanitation", "Sanitation", "sanitation", {carts}});
  const RateBook book = Book({version});
  QuoteInput input{Month(2025, 3)};
  input.services = {Service("sanitation", "residential", "", 1)};
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{1150, 300}));
  input.services[0].units = 2;
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{1150, 700, 600}));
  input.services[0].units = 4;
  const Quote four = MustQuote(book, input);
  EXPECT_EQ(Cents(four), (std::vector<std::int64_t>{1150, 700, 2150, 1200}));
  EXPECT_EQ(four.lines[2].step, "sanitation.residential.cart.3");
  EXPECT_EQ(four.lines[2].quantity, Quantity::FromInteger(2));
  EXPECT_EQ(four.lines[2].unit, "cart-month");
  EXPECT_EQ(four.lines[3].description, "Drainage, 4 carts at $3.00 each");
}

TEST(RateQuote, MultiFamilyBlocksAndBasePerDwellingUnit) {
  RateVersion version = BaseVersion();
  RateClass& water = version.services[0].classes[0];
  water.blocks_per_unit = true;
  water.base_per_unit = true;
  water.unit_name = "dwelling unit";
  const RateBook book = Book({version});
  QuoteInput input = Water(Month(2025, 3), 35'000);
  input.services[0].units = 3;
  const Quote quote = MustQuote(book, input);
  // Base 3 x 10.00; first 30,000 at 5.00; 5,000 at 8.00.
  EXPECT_EQ(Cents(quote), (std::vector<std::int64_t>{3000, 15000, 4000}));
  EXPECT_EQ(quote.lines[0].description, "Base charge, 5/8 in. meter, 3 dwelling units");
}

TEST(RateQuote, OutsideCityAsAMultiplierOnInsideRates) {
  RateVersion version = BaseVersion();
  version.services[0].classes[0].outside_multiplier = Quantity::FromFraction(3, 2);
  const RateBook book = Book({version});
  QuoteInput input = Water(Month(2025, 3), 12'000);
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{1000, 5000, 1600}));
  input.inside_city = false;
  const Quote outside = MustQuote(book, input);
  EXPECT_EQ(Cents(outside), (std::vector<std::int64_t>{1500, 7500, 2400}));
  EXPECT_EQ(outside.lines[2].price, Price(1200));
}

TEST(RateQuote, OutsideCityAsItsOwnClass) {
  RateVersion version = BaseVersion();
  version.services[0].classes[0].location = RateLocation::kInside;
  RateClass outside = WaterResidential();
  outside.code = "outside";
  outside.location = RateLocation::kOutside;
  outside.base[0].monthly = Price(2000);
  version.services[0].classes.push_back(outside);
  const RateBook book = Book({version});
  QuoteInput input = Water(Month(2025, 3), 0);
  input.inside_city = false;
  ExpectRefused(book, input, "services[0].rate_class", "RATE_LOCATION_MISMATCH");
  input.services[0].rate_class = "outside";
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{2000}));
  input.inside_city = true;
  ExpectRefused(book, input, "services[0].rate_class", "RATE_LOCATION_MISMATCH");
}

TEST(RateQuote, ProgramClassNeedsTheProgram) {
  RateVersion version = BaseVersion();
  RateClass senior = WaterResidential();
  senior.code = "senior";
  senior.program = "senior";
  senior.base[0].monthly = Price(500);
  version.services[0].classes.push_back(senior);
  const RateBook book = Book({version});
  QuoteInput input = Water(Month(2025, 3), 0);
  input.services[0].rate_class = "senior";
  ExpectRefused(book, input, "programs", "RATE_PROGRAM_REQUIRED");
  input.programs = {"senior"};
  EXPECT_EQ(Cents(MustQuote(book, input)), (std::vector<std::int64_t>{500}));
}

TEST(RateQuote, DiscountsOnlyWhenTheProgramIsCurrent) {
  RateVersion version = BaseVersion();
  version.discounts = {
      {"senior", "Senior discount", "senior", {"water"}, Quantity::FromInteger(10), std::nullopt},
      {"low_income",
       "Low-income credit",
       "low_income",
       {"water", "sewer"},
       std::nullopt,
       Price(1500)}};
  const RateBook book = Book({version});
  QuoteInput input = Water(Month(2025, 3), 2'345);
  input.services.push_back(Service("sewer", "residential"));
  // Water 10.00 + 11.725 -> 11.73 = 21.73; sewer 10.00 + 7.035 -> 7.04 = 17.04.
  EXPECT_EQ(MustQuote(book, input).total, Money::FromCents(2173 + 1704));
  input.programs = {"senior"};
  const Quote senior = MustQuote(book, input);
  EXPECT_EQ(senior.lines.back().step, "water.discount.senior");
  EXPECT_EQ(senior.lines.back().amount, Money::FromCents(-217));  // 10% of 21.73 = 2.173
  EXPECT_EQ(senior.lines.back().fund, "water");
  input.programs = {"low_income"};
  const Quote low_income = MustQuote(book, input);
  // $15.00 a month each, never more than the service's charges (sewer 17.04, water 21.73).
  ASSERT_EQ(low_income.lines.size(), 6u);
  EXPECT_EQ(low_income.lines[4].amount, Money::FromCents(-1500));
  EXPECT_EQ(low_income.lines[5].step, "sewer.discount.low_income");
  EXPECT_EQ(low_income.lines[5].amount, Money::FromCents(-1500));
  input.water_usage_gallons = Gallons(0);
  const Quote capped = MustQuote(book, input);
  EXPECT_EQ(capped.lines[2].amount, Money::FromCents(-1000));  // water only had its base
}

TEST(RateQuote, TaxesPerServiceAfterDiscountsRoundedPerLine) {
  RateVersion version = BaseVersion();
  version.discounts = {
      {"senior", "Senior discount", "senior", {"water"}, Quantity::FromInteger(10), std::nullopt}};
  version.taxes = {
      {"sales_tax", "Sales tax", Quantity::FromFraction(9, 2), {"water", "sewer"}, "general"}};
  const RateBook book = Book({version});
  QuoteInput input = Water(Month(2025, 3), 2'345);
  input.services.push_back(Service("sewer", "residential"));
  input.programs = {"senior"};
  const Quote quote = MustQuote(book, input);
  ASSERT_EQ(quote.lines.size(), 7u);
  // Water 21.73 - 2.17 = 19.56 -> 4.5% = 0.8802 -> 0.88; sewer 17.04 -> 0.7668 -> 0.77.
  EXPECT_EQ(quote.lines[5].step, "water.tax.sales_tax");
  EXPECT_EQ(quote.lines[5].amount, Money::FromCents(88));
  EXPECT_EQ(quote.lines[5].fund, "general");
  EXPECT_EQ(quote.lines[5].description, "Sales tax: 4.5% of $19.56");
  EXPECT_EQ(quote.lines[6].step, "sewer.tax.sales_tax");
  EXPECT_EQ(quote.lines[6].amount, Money::FromCents(77));
  EXPECT_EQ(quote.total, Money::FromCents(2173 + 1704 - 217 + 88 + 77));
}

TEST(RateQuote, RefusesBadInput) {
  const RateBook book = Book({BaseVersion()});
  QuoteInput input = Water(Month(2025, 3), 1000);
  input.services[0].service = "gas";
  ExpectRefused(book, input, "services[0].service", "RATE_SERVICE_UNKNOWN");
  input = Water(Month(2025, 3), 1000);
  input.services[0].rate_class = "industrial";
  ExpectRefused(book, input, "services[0].rate_class", "RATE_CLASS_UNKNOWN");
  input = Water(Month(2025, 3), 1000);
  input.services[0].meter_size = "";
  ExpectRefused(book, input, "services[0].meter_size", "RATE_METER_SIZE_UNKNOWN");
  input = Water(Month(2025, 3), 1000);
  input.water_usage_gallons.reset();
  ExpectRefused(book, input, "water_usage_gallons", "RATE_USAGE_REQUIRED");
  input = Water(Month(2025, 3), -1);
  ExpectRefused(book, input, "water_usage_gallons", "RATE_USAGE_NEGATIVE");
  input = Water(Month(2025, 3), 1000);
  input.services[0].units = 0;
  ExpectRefused(book, input, "services[0].units", "RATE_UNITS_INVALID");
  input = Water(Month(2025, 3), 1000);
  input.services[0].active = Days(Day(2025, 2, 20), Day(2025, 3, 10));
  ExpectRefused(book, input, "services[0].active", "RATE_ACTIVE_OUTSIDE_PERIOD");
  input = Water(Month(2025, 3), 1000);
  input.services.clear();
  ExpectRefused(book, input, "services", "RATE_SERVICES_REQUIRED");
  ExpectRefused(book, Water(Month(2024, 12), 1000), "period", "RATE_NO_VERSION");
  // The same service twice for the same days would bill its usage twice.
  input = Water(Month(2025, 3), 1000);
  input.services.push_back(input.services[0]);
  ExpectRefused(book, input, "services[1].service", "RATE_SERVICE_TWICE");
  input.services[0].active = Days(Day(2025, 3, 1), Day(2025, 3, 15));
  ExpectRefused(book, input, "services[1].service", "RATE_SERVICE_TWICE");
  // Stopped and started again within the period: twice, on different days, is one service.
  input.services[1].active = Days(Day(2025, 3, 16), Day(2025, 3, 31));
  EXPECT_TRUE(QuoteBill(book, input).ok());
  // A second one with usage of its own is another meter on the same days.
  input.services[1].active.reset();
  input.services[0].active.reset();
  input.services[1].usage_gallons = Quantity::FromInteger(500);
  EXPECT_TRUE(QuoteBill(book, input).ok());
}

TEST(RateQuote, RefusesAClassMissingFromALaterVersionInThePeriod) {
  RateVersion later = BaseVersion(Day(2025, 3, 15));
  later.services.pop_back();  // no sewer from March 15
  const RateBook book = Book({BaseVersion(), later});
  QuoteInput input = Water(Month(2025, 3), 1000);
  input.services.push_back(Service("sewer", "residential"));
  ExpectRefused(book, input, "services[1].service", "RATE_SERVICE_UNKNOWN");
}

TEST(RateQuote, AServiceThatEndedBeforeARateChangeNeedsNoClassInTheNewVersion) {
  RateVersion later = BaseVersion(Day(2025, 3, 15));
  later.services.pop_back();  // no sewer from March 15
  const RateBook book = Book({BaseVersion(), later});
  QuoteInput input = Water(Month(2025, 3), 3100);
  input.services.push_back(Service("sewer", "residential"));
  input.services[1].active = Days(Day(2025, 3, 1), Day(2025, 3, 10));
  const Quote quote = MustQuote(book, input);
  // Sewer, 10 of 31 days: surcharge 10.00 x 10/31 = 3.23; all 3,100 gal at 3.00 = 9.30.
  ASSERT_EQ(quote.lines.size(), 6u);
  EXPECT_EQ(quote.lines[2].step, "sewer.residential.surcharge");
  EXPECT_EQ(quote.lines[2].amount, Money::FromCents(323));
  EXPECT_EQ(quote.lines[3].amount, Money::FromCents(930));
}

}  // namespace
}  // namespace cistern
