#include "domain/sanitation/sanitation.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

const Date kToday = D("2026-11-27");

ExemptionDraft Draft() {
  ExemptionDraft draft;
  draft.hauler = "  Sooner Waste ";
  draft.permit = "PH-2026-014";
  draft.starts_on = D("2026-01-01");
  draft.expires_on = D("2026-12-31");
  return NormalizeExemptionDraft(draft);
}

TEST(SanitationExemption, CommercialTypesOnly) {
  EXPECT_TRUE(MayUsePrivateHauler(PremiseType::kCommercial));
  EXPECT_TRUE(MayUsePrivateHauler(PremiseType::kIndustrial));
  EXPECT_TRUE(MayUsePrivateHauler(PremiseType::kInstitutional));
  EXPECT_FALSE(MayUsePrivateHauler(PremiseType::kSingleFamily));
  EXPECT_FALSE(MayUsePrivateHauler(PremiseType::kMultiFamily));
  EXPECT_FALSE(MayUsePrivateHauler(PremiseType::kIrrigation));
}

TEST(SanitationExemption, ValidatesNamingTheField) {
  EXPECT_EQ(Draft().hauler, "Sooner Waste");
  EXPECT_TRUE(ValidateExemptionDraft(Draft()).ok());
  ExemptionDraft draft = Draft();
  draft.hauler = "";
  EXPECT_EQ(ValidateExemptionDraft(draft).error().field, "hauler");
  draft = Draft();
  draft.hauler = std::string(121, 'x');
  EXPECT_EQ(ValidateExemptionDraft(draft).error().reason, "FIELD_TOO_LONG");
  draft = Draft();
  draft.permit = "a\nb";
  EXPECT_EQ(ValidateExemptionDraft(draft).error().field, "permit");
  draft = Draft();
  draft.permit = "";
  EXPECT_TRUE(ValidateExemptionDraft(draft).ok());  // flagged, not refused
  draft = Draft();
  draft.starts_on.reset();
  EXPECT_EQ(ValidateExemptionDraft(draft).error().field, "starts_on");
  draft = Draft();
  draft.expires_on.reset();
  EXPECT_EQ(ValidateExemptionDraft(draft).error().field, "expires_on");
  draft = Draft();
  draft.expires_on = draft.starts_on;
  EXPECT_EQ(ValidateExemptionDraft(draft).error().reason, "EXPIRY_NOT_AFTER_START");
}

TEST(SanitationExemption, Flags) {
  ExemptionFlags far = FlagExemption("P-1", D("2027-06-30"), kToday);
  EXPECT_FALSE(far.needs_attention());
  ExemptionFlags edge = FlagExemption("P-1", AddDays(kToday, 60), kToday);
  EXPECT_TRUE(edge.expiring);
  EXPECT_EQ(edge.days_left, 60);
  EXPECT_FALSE(FlagExemption("P-1", AddDays(kToday, 61), kToday).expiring);
  ExemptionFlags today = FlagExemption("P-1", kToday, kToday);
  EXPECT_TRUE(today.expiring);
  EXPECT_FALSE(today.expired);
  ExemptionFlags past = FlagExemption("P-1", D("2026-11-01"), kToday);
  EXPECT_TRUE(past.expired);
  EXPECT_FALSE(past.expiring);
  EXPECT_LT(past.days_left, 0);
  ExemptionFlags missing = FlagExemption("  ", D("2027-06-30"), kToday);
  EXPECT_TRUE(missing.missing_paperwork);
  EXPECT_TRUE(missing.needs_attention());
}

TEST(Dumpster, Transitions) {
  using S = DumpsterStatus;
  using A = DumpsterAction;
  EXPECT_EQ(DumpsterTransition(S::kRequested, A::kDeliver).value(), S::kDelivered);
  EXPECT_EQ(DumpsterTransition(S::kRequested, A::kCancel).value(), S::kCancelled);
  EXPECT_EQ(DumpsterTransition(S::kRequested, A::kEmpty).error().reason, "DUMPSTER_NOT_DELIVERED");
  EXPECT_EQ(DumpsterTransition(S::kRequested, A::kRemove).error().reason, "DUMPSTER_NOT_DELIVERED");
  EXPECT_EQ(DumpsterTransition(S::kDelivered, A::kEmpty).value(), S::kDelivered);
  EXPECT_EQ(DumpsterTransition(S::kDelivered, A::kRemove).value(), S::kRemoved);
  EXPECT_EQ(DumpsterTransition(S::kDelivered, A::kDeliver).error().reason, "DUMPSTER_DELIVERED");
  EXPECT_EQ(DumpsterTransition(S::kDelivered, A::kCancel).error().reason, "DUMPSTER_DELIVERED");
  for (A action : {A::kDeliver, A::kEmpty, A::kRemove, A::kCancel}) {
    EXPECT_EQ(DumpsterTransition(S::kRemoved, action).error().reason, "DUMPSTER_REMOVED");
    EXPECT_EQ(DumpsterTransition(S::kCancelled, action).error().reason, "DUMPSTER_CANCELLED");
  }
}

TEST(Dumpster, CodesAndFees) {
  for (auto status : {DumpsterStatus::kRequested, DumpsterStatus::kDelivered,
                      DumpsterStatus::kRemoved, DumpsterStatus::kCancelled}) {
    EXPECT_EQ(ParseDumpsterStatus(DumpsterStatusCode(status)), status);
  }
  EXPECT_EQ(ParseDumpsterAction("empty"), DumpsterAction::kEmpty);
  EXPECT_FALSE(ParseDumpsterAction("haul"));
  EXPECT_EQ(DumpsterFeeCode(DumpsterAction::kDeliver), "dumpster_delivery");
  EXPECT_EQ(DumpsterFeeCode(DumpsterAction::kEmpty), "dumpster_haul");
  EXPECT_EQ(DumpsterFeeCode(DumpsterAction::kRemove), "dumpster_removal");
  EXPECT_FALSE(DumpsterFeeCode(DumpsterAction::kCancel));
}

TEST(Dumpster, RequestAndActionDates) {
  DumpsterRequestDraft draft{30, kToday, ""};
  EXPECT_TRUE(ValidateDumpsterRequest(draft, kToday).ok());
  draft.size_yards = 25;
  EXPECT_EQ(ValidateDumpsterRequest(draft, kToday).error().field, "size_yards");
  draft.size_yards = 40;
  draft.requested_on = D("2026-11-26");
  EXPECT_EQ(ValidateDumpsterRequest(draft, kToday).error().field, "requested_on");
  draft.requested_on.reset();
  EXPECT_EQ(ValidateDumpsterRequest(draft, kToday).error().reason, "FIELD_REQUIRED");
  EXPECT_TRUE(ValidateDumpsterActionDate(kToday, kToday, kToday).ok());
  EXPECT_EQ(ValidateDumpsterActionDate(AddDays(kToday, 1), kToday, kToday).error().reason,
            "DATE_IN_FUTURE");
  EXPECT_EQ(ValidateDumpsterActionDate(D("2026-11-01"), kToday, D("2026-11-02")).error().field,
            "done_on");
}

}  // namespace
}  // namespace cistern
