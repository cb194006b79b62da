#include "domain/metering/meter.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Meter Valid() {
  Meter meter;
  meter.serial = "M-10000042";
  meter.make = "Badger";
  meter.model = "Recordall M25";
  meter.size = "5/8";
  meter.dials = 6;
  meter.multiplier = 1;
  return meter;
}

TEST(MeterTest, AValidMeterPasses) { EXPECT_TRUE(ValidateMeter(Valid(), "").ok()); }

TEST(MeterTest, RefusesEachBadFieldNamingItWithThePrefix) {
  Meter meter = Valid();
  meter.serial = "";
  EXPECT_EQ(ValidateMeter(meter, "new_meter.").error().field, "new_meter.serial");
  meter = Valid();
  meter.serial = "M 1";
  EXPECT_EQ(ValidateMeter(meter, "").error().field, "serial");
  meter = Valid();
  meter.serial = std::string(33, 'M');
  EXPECT_EQ(ValidateMeter(meter, "").error().field, "serial");
  meter = Valid();
  meter.make = std::string(61, 'x');
  EXPECT_EQ(ValidateMeter(meter, "").error().field, "make");
  meter = Valid();
  meter.size = "7/8";
  EXPECT_EQ(ValidateMeter(meter, "").error().field, "size");
  meter = Valid();
  meter.dials = 2;
  EXPECT_EQ(ValidateMeter(meter, "").error().field, "dials");
  meter = Valid();
  meter.dials = 11;
  EXPECT_EQ(ValidateMeter(meter, "").error().field, "dials");
  meter = Valid();
  meter.multiplier = 0;
  EXPECT_EQ(ValidateMeter(meter, "").error().field, "multiplier");
}

TEST(MeterTest, UsageIsStepsTimesTheMultiplierInTheMeterUnit) {
  Meter meter = Valid();
  meter.multiplier = 10;
  meter.unit = UsageUnit::kCubicFoot;
  EXPECT_EQ(meter.UsageOf(25), (Usage{Quantity::FromInteger(250), UsageUnit::kCubicFoot}));
  EXPECT_EQ(meter.RegisterLimit(), 1000000);
}

TEST(MeterTest, KindAndStatusCodesRoundTrip) {
  for (ReadingKind kind : {ReadingKind::kActual, ReadingKind::kEstimated, ReadingKind::kInstall,
                           ReadingKind::kRemoval}) {
    EXPECT_EQ(ParseReadingKind(ReadingKindCode(kind)), kind);
  }
  for (ReadingStatus status : {ReadingStatus::kHeld, ReadingStatus::kReady, ReadingStatus::kVoid}) {
    EXPECT_EQ(ParseReadingStatus(ReadingStatusCode(status)), status);
  }
  EXPECT_FALSE(ParseReadingKind("guess"));
  EXPECT_FALSE(ParseReadingStatus("maybe"));
}

}  // namespace
}  // namespace cistern
