#include "domain/customer/customer_change.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

using std::chrono::year;

const Date kToday = year(2026) / 11 / 27;
const Date kOpened = year(2020) / 3 / 1;

Customer Person() {
  Customer customer;
  customer.first_name = "Maria";
  customer.last_name = "Lopez";
  customer.phones = {{"4055550142", "mobile"}};
  customer.emails = {"mlopez@example.com"};
  customer.mailing_address = {"1204 N Broadway Ave", "", "Moore", "OK", "73160"};
  return customer;
}

Status Check(const CustomerChangeValues& values, Date effective_on = kToday,
             std::optional<Date> latest = std::nullopt) {
  const Customer current = Person();
  return ValidateChange(current, ApplyChange(current, values), values.kind, effective_on, kToday,
                        kOpened, latest, "");
}

CustomerChangeValues NameChange(std::string last_name) {
  CustomerChangeValues values;
  values.kind = CustomerChangeKind::kName;
  values.first_name = "Maria";
  values.last_name = std::move(last_name);
  return values;
}

TEST(CustomerChangeTest, KindCodesRoundTrip) {
  for (auto kind : {CustomerChangeKind::kName, CustomerChangeKind::kMailingAddress,
                    CustomerChangeKind::kPhones, CustomerChangeKind::kEmails}) {
    EXPECT_EQ(ParseCustomerChangeKind(CustomerChangeKindCode(kind)), kind);
  }
  EXPECT_EQ(ParseCustomerChangeKind("responsible_customer"), std::nullopt);
}

TEST(CustomerChangeTest, AcceptsANameChangeAndNormalizes) {
  const Customer changed = ApplyChange(Person(), NameChange("  Lopez Garcia "));
  EXPECT_EQ(changed.last_name, "Lopez Garcia");
  EXPECT_TRUE(Check(NameChange("Lopez Garcia")).ok());
  const FieldValues after = ChangeFields(CustomerChangeKind::kName, changed);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[1], (std::pair<std::string, std::string>{"last_name", "Lopez Garcia"}));
}

TEST(CustomerChangeTest, RefusesAnUnchangedValue) {
  const Status status = Check(NameChange(" Lopez"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason, "CHANGE_UNCHANGED");
  EXPECT_EQ(status.error().field, "last_name");
}

TEST(CustomerChangeTest, RefusesAnEmptyNameNamingTheField) {
  const Status status = Check(NameChange(""));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "last_name");
  EXPECT_EQ(status.error().reason, "FIELD_REQUIRED");
}

TEST(CustomerChangeTest, RefusesAnInvalidPhoneOrEmailWithTheCustomerRules) {
  CustomerChangeValues phones;
  phones.kind = CustomerChangeKind::kPhones;
  phones.phones = {{"(405) 555-0142", "mobile"}, {"555-01", "home"}};
  Status status = Check(phones);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "phones[1].number");
  EXPECT_EQ(status.error().reason, "PHONE_INVALID");

  CustomerChangeValues emails;
  emails.kind = CustomerChangeKind::kEmails;
  emails.emails = {"not-an-email"};
  status = Check(emails);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "emails[0]");
  EXPECT_EQ(status.error().reason, "EMAIL_INVALID");
}

TEST(CustomerChangeTest, RefusesRemovingTheLastContact) {
  CustomerChangeValues emails;
  emails.kind = CustomerChangeKind::kEmails;
  Customer current = Person();
  current.phones.clear();
  const Status status = ValidateChange(current, ApplyChange(current, emails), emails.kind, kToday,
                                       kToday, kOpened, std::nullopt, "");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason, "CONTACT_REQUIRED");
}

TEST(CustomerChangeTest, RefusesAnInvalidAddressNamingThePart) {
  CustomerChangeValues address;
  address.kind = CustomerChangeKind::kMailingAddress;
  address.mailing_address = {"PO Box 12", "", "Moore", "OK", "7316"};
  const Status status = Check(address);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "mailing_address.postal_code");
}

TEST(CustomerChangeTest, EffectiveDateRules) {
  const auto reason = [](const Status& status) {
    return status.ok() ? std::string("OK") : status.error().reason;
  };
  EXPECT_EQ(reason(Check(NameChange("Garcia"), AddDays(kToday, 1))), "EFFECTIVE_DATE_IN_FUTURE");
  EXPECT_EQ(reason(Check(NameChange("Garcia"), year(2020) / 2 / 29)), "EFFECTIVE_DATE_TOO_OLD");
  EXPECT_EQ(reason(Check(NameChange("Garcia"), AddDays(kToday, -30), AddDays(kToday, -10))),
            "EFFECTIVE_DATE_BEFORE_LAST_CHANGE");
  EXPECT_EQ(reason(Check(NameChange("Garcia"), AddDays(kToday, -10), AddDays(kToday, -10))), "OK");
  EXPECT_EQ(reason(Check(NameChange("Garcia"), AddDays(kToday, -30))), "OK");
  const Customer current = Person();
  const Status before_opening =
      ValidateChange(current, ApplyChange(current, NameChange("Garcia")), CustomerChangeKind::kName,
                     AddDays(kToday, -30), kToday, AddDays(kToday, -5), std::nullopt, "");
  EXPECT_EQ(reason(before_opening), "EFFECTIVE_DATE_BEFORE_OPENING");
  EXPECT_EQ(before_opening.error().field, "effective_on");
}

}  // namespace
}  // namespace cistern
