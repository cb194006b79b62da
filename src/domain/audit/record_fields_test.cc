#include "domain/audit/record_fields.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace cistern {
namespace {

std::map<std::string, std::string> AsMap(const FieldValues& fields) {
  return {fields.begin(), fields.end()};
}

TEST(CustomerFieldsTest, KeepsOnlyTheMaskOfTheIdentityNumber) {
  Customer customer;
  customer.first_name = "Maria";
  customer.last_name = "Lopez";
  customer.phones = {{"4055550142", "mobile"}, {"4055550199", ""}};
  customer.emails = {"mlopez@example.com"};
  customer.id_last4 = "1234";
  customer.date_of_birth = std::chrono::year(1980) / 2 / 14;
  const auto fields = AsMap(CustomerFields(customer));
  EXPECT_EQ(fields.at("id_last4"), "***-**-1234");
  for (const auto& [field, value] : fields) {
    if (field != "id_last4") {
      EXPECT_EQ(value.find("1234"), std::string::npos) << field;
    }
  }
  EXPECT_EQ(fields.at("phones[0]"), "4055550142 mobile");
  EXPECT_EQ(fields.at("phones[1]"), "4055550199");
  EXPECT_EQ(fields.at("emails[0]"), "mlopez@example.com");
  EXPECT_EQ(fields.at("date_of_birth"), "1980-02-14");
  EXPECT_EQ(fields.at("kind"), "person");
  EXPECT_EQ(fields.at("confidential"), "false");
  EXPECT_EQ(fields.at("mailing_address.line1"), "");
}

TEST(AccountFieldsTest, NamesRecordsWithTheirApiIds) {
  Account account;
  account.number = AccountNumber::FromSequence(100000017);
  account.customer_id = CustomerId(40);
  account.premise_id = PremiseId(41);
  account.opened_on = std::chrono::year(2026) / 11 / 27;
  const auto fields = AsMap(AccountFields(account));
  EXPECT_EQ(fields.at("account_number"), "1000000178");
  EXPECT_EQ(fields.at("customer_id"), "cust_40");
  EXPECT_EQ(fields.at("premise_id"), "prem_41");
  EXPECT_EQ(fields.at("status"), "pending");
  EXPECT_EQ(fields.at("opened_on"), "2026-11-27");
  EXPECT_EQ(fields.at("closed_on"), "");
}

TEST(PremiseFieldsTest, FlattensEveryField) {
  const Premise premise{.address = {"1 Main St", "", "Moore", "OK", "73160"},
                        .city_limits = CityLimits::kOutside,
                        .type = PremiseType::kMultiFamily,
                        .unit_count = 12,
                        .route = "R07",
                        .cycle = "2"};
  const auto fields = AsMap(PremiseFields(premise));
  EXPECT_EQ(fields.at("address.line1"), "1 Main St");
  EXPECT_EQ(fields.at("inside_city_limits"), "false");
  EXPECT_EQ(fields.at("premise_type"), "multi_family");
  EXPECT_EQ(fields.at("unit_count"), "12");
  EXPECT_EQ(fields.at("route"), "R07");
  EXPECT_EQ(fields.at("cycle"), "2");
}

}  // namespace
}  // namespace cistern
