#include "domain/audit/audit_event.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

// FieldChange as text, for readable comparisons: "field: before -> after", "-" for nullopt.
std::string Describe(const FieldChange& change) {
  return change.field + ": " + change.before.value_or("-") + " -> " + change.after.value_or("-");
}

std::vector<std::string> DescribeAll(const std::vector<FieldChange>& changes) {
  std::vector<std::string> lines;
  for (const FieldChange& change : changes) lines.push_back(Describe(change));
  return lines;
}

TEST(DiffFieldsTest, ACreateListsEveryFieldWithNoBeforeValueInOrder) {
  const auto changes = DiffFields({}, {{"status", "pending"}, {"city", "Moore"}, {"empty", ""}});
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].field, "status");
  EXPECT_EQ(changes[0].before, std::nullopt);
  EXPECT_EQ(changes[0].after, "pending");
  EXPECT_EQ(changes[1].field, "city");
  // A field whose value is empty text is still a field: "" is not the same as absent.
  EXPECT_EQ(changes[2].field, "empty");
  EXPECT_EQ(changes[2].before, std::nullopt);
  EXPECT_EQ(changes[2].after, "");
}

TEST(DiffFieldsTest, ARemovalListsEveryFieldWithNoAfterValue) {
  const auto changes = DiffFields({{"user", "csr"}, {"role", "csr"}}, {});
  EXPECT_EQ(DescribeAll(changes), (std::vector<std::string>{"user: csr -> -", "role: csr -> -"}));
}

TEST(DiffFieldsTest, ListsOnlyFieldsWhoseValueChanged) {
  const FieldValues before = {{"first_name", "Maria"}, {"last_name", "Lopez"}, {"city", "Moore"}};
  const FieldValues after = {
      {"first_name", "Maria"}, {"last_name", "Lopez-Garcia"}, {"city", "Moore"}};
  EXPECT_EQ(DescribeAll(DiffFields(before, after)),
            (std::vector<std::string>{"last_name: Lopez -> Lopez-Garcia"}));
}

TEST(DiffFieldsTest, NothingChangedGivesNoChanges) {
  const FieldValues values = {{"a", "1"}, {"b", "2"}};
  EXPECT_TRUE(DiffFields(values, values).empty());
  EXPECT_TRUE(DiffFields({}, {}).empty());
}

TEST(DiffFieldsTest, AFieldChangingFromEmptyToAValueIsAChange) {
  EXPECT_EQ(DescribeAll(DiffFields({{"closed_on", ""}}, {{"closed_on", "2026-12-01"}})),
            (std::vector<std::string>{"closed_on:  -> 2026-12-01"}));
}

TEST(DiffFieldsTest, AddedFieldsFollowAfterOrderAndRemovedFieldsComeLast) {
  const FieldValues before = {
      {"phones[0]", "4055550142 mobile"}, {"phones[1]", "4055550199"}, {"kind", "person"}};
  const FieldValues after = {
      {"kind", "person"}, {"phones[0]", "4055550100 home"}, {"emails[0]", "m@example.com"}};
  EXPECT_EQ(
      DescribeAll(DiffFields(before, after)),
      (std::vector<std::string>{"phones[0]: 4055550142 mobile -> 4055550100 home",
                                "emails[0]: - -> m@example.com", "phones[1]: 4055550199 -> -"}));
}

}  // namespace
}  // namespace cistern
