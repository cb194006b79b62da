#include "domain/rates/rate_schedule.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Date Day(int y, unsigned m, unsigned d) {
  return std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m),
                                     std::chrono::day(d)};
}
UnitPrice Price(std::int64_t cents) { return UnitPrice::FromMicros(cents * 10'000); }
Quantity Gallons(std::int64_t gallons) { return Quantity::FromInteger(gallons); }

RateVersion Valid(Date effective = Day(2025, 1, 1)) {
  RateClass water;
  water.code = "residential";
  water.name = "Residential";
  water.base = {{"5/8", Price(950)}, {"3/4", Price(950)}};
  water.blocks = {
      {Gallons(10'000), Price(502)}, {Gallons(20'000), Price(919)}, {std::nullopt, Price(968)}};
  RateClass carts;
  carts.code = "residential";
  carts.name = "Carts";
  carts.flat = {{"cart", "Poly cart", FlatBasis::kByUnitNumber, {Price(1150), Price(700)}}};
  RateVersion version;
  version.effective = effective;
  version.name = "Rates";
  version.ordinance = "Ord. 1";
  version.services = {{"water", "Water", "water", {water}},
                      {"sanitation", "Sanitation", "sanitation", {carts}}};
  return version;
}

RateClass& Water(RateVersion& version) { return version.services[0].classes[0]; }

void ExpectInvalid(const RateVersion& version, const std::string& field,
                   const std::string& reason) {
  const Status status = ValidateRateVersion(version);
  ASSERT_FALSE(status.ok()) << "expected " << reason;
  EXPECT_EQ(status.error().field, field) << status.error().message;
  EXPECT_EQ(status.error().reason, reason) << status.error().message;
}

TEST(RateSchedule, AValidVersionPassesAndGetsStepCodes) {
  const Result<RateBook> book = RateBook::Make({Valid()});
  ASSERT_TRUE(book.ok()) << book.error().message;
  const RateVersion& version = book->versions()[0];
  EXPECT_EQ(version.label, "2025-01-01 Ord. 1");
  const RateClass& water = version.services[0].classes[0];
  EXPECT_EQ(water.base_step, "water.residential.base");
  EXPECT_EQ(water.blocks[1].step, "water.residential.block.2");
  EXPECT_EQ(water.blocks[1].range_text, "10,001\u201320,000 gal");
  EXPECT_EQ(water.blocks[0].range_text, "First 10,000 gal");
  EXPECT_EQ(water.blocks[2].range_text, "Over 20,000 gal");
  EXPECT_EQ(water.gallons_per_price_unit, Gallons(1000));
  EXPECT_EQ(
      version.services[1].classes[0].flat[0].steps,
      (std::vector<std::string>{"sanitation.residential.cart.1", "sanitation.residential.cart.2"}));
  EXPECT_TRUE(water.metered());
  EXPECT_FALSE(water.is_winter_average_class());
  EXPECT_NE(water.FindBase("3/4"), nullptr);
  EXPECT_EQ(water.FindBase("1"), nullptr);
}

TEST(RateSchedule, RefusesBlocksOutOfOrderOrUnbounded) {
  RateVersion version = Valid();
  Water(version).blocks[1].up_to_gallons = Gallons(10'000);
  ExpectInvalid(version, "services.water.classes.residential.blocks[2].up_to",
                "RATE_BLOCKS_OUT_OF_ORDER");
  version = Valid();
  Water(version).blocks[1].up_to_gallons = Gallons(5'000);
  ExpectInvalid(version, "services.water.classes.residential.blocks[2].up_to",
                "RATE_BLOCKS_OUT_OF_ORDER");
  version = Valid();
  Water(version).blocks[2].up_to_gallons = Gallons(50'000);
  ExpectInvalid(version, "services.water.classes.residential.blocks[3].up_to",
                "RATE_BLOCK_LAST_LIMITED");
  version = Valid();
  Water(version).blocks[0].up_to_gallons.reset();
  ExpectInvalid(version, "services.water.classes.residential.blocks[1].up_to",
                "RATE_BLOCK_LIMIT_REQUIRED");
}

TEST(RateSchedule, RefusesNegativePricesAndRepeatedMeterSizes) {
  RateVersion version = Valid();
  Water(version).blocks[0].price = Price(-1);
  ExpectInvalid(version, "services.water.classes.residential.blocks[1].price",
                "RATE_PRICE_NEGATIVE");
  version = Valid();
  Water(version).base[1].meter_size = "5/8";
  ExpectInvalid(version, "services.water.classes.residential.base.5/8", "RATE_METER_SIZE_REPEATED");
  version = Valid();
  Water(version).base[0].monthly = Price(-950);
  ExpectInvalid(version, "services.water.classes.residential.base.5/8", "RATE_PRICE_NEGATIVE");
}

TEST(RateSchedule, RefusesUsageFeaturesWithoutBlocksAndIncludedUsageWithoutBase) {
  RateVersion version = Valid();
  RateClass& carts = version.services[1].classes[0];
  carts.usage_percent = Quantity::FromInteger(80);
  ExpectInvalid(version, "services.sanitation.classes.residential.usage_percent",
                "RATE_BLOCKS_REQUIRED");
  version = Valid();
  Water(version).base.clear();
  Water(version).included_gallons = Gallons(1000);
  ExpectInvalid(version, "services.water.classes.residential.included_usage", "RATE_BASE_REQUIRED");
  version = Valid();
  Water(version).usage_percent = Quantity::FromInteger(101);
  ExpectInvalid(version, "services.water.classes.residential.usage_percent",
                "RATE_PERCENT_INVALID");
  version = Valid();
  version.services[1].classes[0].flat.clear();
  ExpectInvalid(version, "services.sanitation.classes.residential.name", "RATE_CLASS_EMPTY");
}

TEST(RateSchedule, RefusesBadCodesNamesAndRepeats) {
  RateVersion version = Valid();
  version.services[1].code = "water";
  ExpectInvalid(version, "services.water", "RATE_CODE_REPEATED");
  version = Valid();
  version.services[0].fund = "";
  ExpectInvalid(version, "services.water.fund", "RATE_CODE_INVALID");
  version = Valid();
  version.services[0].classes.push_back(Water(version));
  ExpectInvalid(version, "services.water.classes.residential", "RATE_CODE_REPEATED");
  version = Valid();
  version.services[1].classes[0].flat[0].code = "block";
  ExpectInvalid(version, "services.sanitation.classes.residential.flat[1].code",
                "RATE_CODE_REPEATED");
  version = Valid();
  version.name = "";
  ExpectInvalid(version, "name", "RATE_NAME_REQUIRED");
  version = Valid();
  version.services[1].classes[0].flat[0].basis = FlatBasis::kAccount;
  ExpectInvalid(version, "services.sanitation.classes.residential.flat[1].prices",
                "RATE_FLAT_PRICES_INVALID");
}

TEST(RateSchedule, RefusesOutsideMultiplierOnALocatedClass) {
  RateVersion version = Valid();
  Water(version).outside_multiplier = Quantity::FromFraction(3, 2);
  EXPECT_TRUE(ValidateRateVersion(version).ok());
  Water(version).location = RateLocation::kInside;
  ExpectInvalid(version, "services.water.classes.residential.outside_multiplier",
                "RATE_OUTSIDE_MULTIPLIER_LOCATION");
  Water(version).location = RateLocation::kAny;
  Water(version).outside_multiplier = Quantity();
  ExpectInvalid(version, "services.water.classes.residential.outside_multiplier",
                "RATE_OUTSIDE_MULTIPLIER_INVALID");
}

TEST(RateSchedule, RefusesDiscountsAndTaxesOnUnknownServices) {
  RateVersion version = Valid();
  version.discounts = {{"senior", "Senior", "senior", {"gas"}, Quantity::FromInteger(10), {}}};
  ExpectInvalid(version, "discounts[1].services", "RATE_SERVICE_UNKNOWN");
  version.discounts = {
      {"senior", "Senior", "senior", {"water"}, Quantity::FromInteger(10), Price(100)}};
  ExpectInvalid(version, "discounts[1].percent", "RATE_DISCOUNT_KIND");
  version = Valid();
  version.taxes = {{"tax", "Tax", Quantity::FromInteger(0), {"water"}, ""}};
  ExpectInvalid(version, "taxes[1].percent", "RATE_PERCENT_INVALID");
  version.taxes = {{"tax", "Tax", Quantity::FromInteger(5), {}, ""}};
  ExpectInvalid(version, "taxes[1].services", "RATE_SERVICES_REQUIRED");
}

TEST(RateSchedule, SeasonalMonthsAndWinterAverageRulesAreChecked) {
  RateVersion version = Valid();
  Water(version).seasonal = {{"summer", "Summer", {6, 13}, Gallons(20'000), Price(100)}};
  ExpectInvalid(version, "services.water.classes.residential.seasonal[1].months",
                "RATE_MONTHS_INVALID");
  version = Valid();
  WinterAverageRule rule;
  rule.months = {};
  Water(version).winter_average = rule;
  ExpectInvalid(version, "services.water.classes.residential.winter_average.months",
                "WINTER_AVERAGE_MONTHS_INVALID");
}

TEST(RateBook, SortsVersionsFindsTheOneInEffectAndRefusesRepeatedDates) {
  const Result<RateBook> book = RateBook::Make({Valid(Day(2025, 7, 1)), Valid(Day(2024, 7, 1))});
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(book->versions()[0].effective, Day(2024, 7, 1));
  EXPECT_EQ(book->InEffectOn(Day(2024, 6, 30)), nullptr);
  EXPECT_EQ(book->InEffectOn(Day(2024, 7, 1)), &book->versions()[0]);
  EXPECT_EQ(book->InEffectOn(Day(2025, 6, 30)), &book->versions()[0]);
  EXPECT_EQ(book->InEffectOn(Day(2025, 7, 1)), &book->versions()[1]);
  const Result<RateBook> repeated = RateBook::Make({Valid(), Valid()});
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(repeated.error().reason, "RATE_VERSION_DATE_REPEATED");
  EXPECT_EQ(repeated.error().field, "effective");
}

}  // namespace
}  // namespace cistern
