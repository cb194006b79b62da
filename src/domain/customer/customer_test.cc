#include "domain/customer/customer.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const Date kToday = year(2026) / 11 / 27;

Customer ValidPerson() {
  Customer customer;
  customer.kind = CustomerKind::kPerson;
  customer.first_name = "Maria";
  customer.last_name = "Lopez";
  customer.phones = {{"4055550142", "mobile"}};
  customer.emails = {"mlopez@example.com"};
  customer.mailing_address = {"1204 N Broadway Ave", "", "Moore", "OK", "73160"};
  customer.date_of_birth = year(1980) / 2 / 14;
  customer.id_last4 = "1234";
  return customer;
}

Customer ValidBusiness() {
  Customer customer;
  customer.kind = CustomerKind::kBusiness;
  customer.business_name = "Broadway Laundromat LLC";
  customer.phones = {{"4055550100", "work"}};
  customer.mailing_address = {"PO Box 12", "", "Moore", "OK", "73160"};
  return customer;
}

// Expects `customer` to be refused as INVALID_ARGUMENT naming `field` with `reason`.
void ExpectRefused(const Customer& customer, const std::string& field, const std::string& reason) {
  const Status status = ValidateCustomer(customer, kToday, "customer");
  ASSERT_FALSE(status.ok()) << "expected " << reason << " on " << field;
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, field);
  EXPECT_EQ(status.error().reason, reason);
  EXPECT_FALSE(status.error().message.empty());
}

std::string Repeat(const std::string& text, int times) {
  std::string result;
  for (int i = 0; i < times; ++i) result += text;
  return result;
}

// --- names ---------------------------------------------------------------------------------------

TEST(ValidateCustomerTest, AcceptsAValidPersonAndBusiness) {
  EXPECT_TRUE(ValidateCustomer(ValidPerson(), kToday, "customer").ok());
  EXPECT_TRUE(ValidateCustomer(ValidBusiness(), kToday, "customer").ok());
}

TEST(ValidateCustomerTest, APersonNeedsFirstAndLastName) {
  Customer customer = ValidPerson();
  customer.first_name = "";
  ExpectRefused(customer, "customer.first_name", "FIELD_REQUIRED");
  customer = ValidPerson();
  customer.last_name = "";
  ExpectRefused(customer, "customer.last_name", "FIELD_REQUIRED");
}

TEST(ValidateCustomerTest, APersonDoesNotNeedABusinessName) {
  Customer customer = ValidPerson();
  customer.business_name = "";
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.business_name = "Doing business as Lopez Lawn Care";
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
}

TEST(ValidateCustomerTest, ABusinessNeedsABusinessNameButNoPersonalName) {
  Customer customer = ValidBusiness();
  EXPECT_TRUE(customer.first_name.empty() && customer.last_name.empty());
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.business_name = "";
  customer.first_name = "Maria";
  customer.last_name = "Lopez";
  ExpectRefused(customer, "customer.business_name", "FIELD_REQUIRED");
}

TEST(ValidateCustomerTest, NamesHaveAtMost80AndBusinessNamesAtMost120Characters) {
  Customer customer = ValidPerson();
  customer.first_name = std::string(80, 'a');
  customer.last_name = std::string(80, 'b');
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.first_name = std::string(81, 'a');
  ExpectRefused(customer, "customer.first_name", "FIELD_TOO_LONG");
  customer = ValidPerson();
  customer.last_name = std::string(81, 'b');
  ExpectRefused(customer, "customer.last_name", "FIELD_TOO_LONG");
  customer = ValidPerson();
  customer.business_name = std::string(121, 'c');
  ExpectRefused(customer, "customer.business_name", "FIELD_TOO_LONG");

  customer = ValidBusiness();
  customer.business_name = std::string(120, 'c');
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.business_name = std::string(121, 'c');
  ExpectRefused(customer, "customer.business_name", "FIELD_TOO_LONG");
}

TEST(ValidateCustomerTest, ABusinessContactNameTooLongNamesTheFieldThatIsTooLong) {
  Customer customer = ValidBusiness();
  customer.last_name = std::string(81, 'b');
  ExpectRefused(customer, "customer.last_name", "FIELD_TOO_LONG");
  customer = ValidBusiness();
  customer.first_name = std::string(81, 'a');
  // The error must point the console at the field the user has to shorten.
  ExpectRefused(customer, "customer.first_name", "FIELD_TOO_LONG");
}

TEST(ValidateCustomerTest, NameLengthsCountCharactersNotBytes) {
  // "at most 80 characters": 80 "é" are 80 characters (160 bytes of UTF-8), like notes, which
  // count code points.
  Customer customer = ValidPerson();
  customer.last_name = Repeat("\xC3\xA9", 80);
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok())
      << "an 80-character non-ASCII last name is refused because its length is counted in bytes";
}

// --- contacts ------------------------------------------------------------------------------------

TEST(ValidateCustomerTest, NeedsAtLeastOnePhoneOrEmail) {
  Customer customer = ValidPerson();
  customer.phones.clear();
  customer.emails.clear();
  ExpectRefused(customer, "customer.phones", "CONTACT_REQUIRED");

  customer.emails = {"mlopez@example.com"};
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok()) << "email only";
  customer.emails.clear();
  customer.phones = {{"4055550142", ""}};
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok()) << "phone only";
}

TEST(ValidateCustomerTest, PhonesHaveTenDigitsWithAValidAreaCode) {
  for (const char* digits : {"4055550142", "9185550100", "2125551234"}) {
    Customer customer = ValidPerson();
    customer.phones = {{digits, ""}};
    EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok()) << digits;
  }
  for (const char* digits : {"", "555014", "5550142", "405555014", "40555501420", "14055550142",
                             "0405550142", "1405550142"}) {
    Customer customer = ValidPerson();
    customer.phones = {{digits, ""}};
    ExpectRefused(customer, "customer.phones[0].number", "PHONE_INVALID");
  }
}

TEST(ValidateCustomerTest, APhoneErrorNamesItsPositionAndNumberField) {
  Customer customer = ValidPerson();
  customer.phones = {{"4055550142", "mobile"}, {"555", "home"}};
  ExpectRefused(customer, "customer.phones[1].number", "PHONE_INVALID");
}

TEST(ValidateCustomerTest, PhoneLabelsHaveAtMost20Characters) {
  Customer customer = ValidPerson();
  customer.phones = {{"4055550142", std::string(20, 'x')}, {"4055550143", std::string(21, 'x')}};
  ExpectRefused(customer, "customer.phones[1].label", "FIELD_TOO_LONG");
}

TEST(ValidateCustomerTest, AtMostFivePhonesAndFiveEmails) {
  Customer customer = ValidPerson();
  customer.phones.clear();
  for (int i = 0; i < 5; ++i) customer.phones.push_back({"405555010" + std::to_string(i), ""});
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.phones.push_back({"4055550109", ""});
  ExpectRefused(customer, "customer.phones", "TOO_MANY");

  customer = ValidPerson();
  customer.emails.clear();
  for (int i = 0; i < 5; ++i) customer.emails.push_back("m" + std::to_string(i) + "@example.com");
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.emails.push_back("m5@example.com");
  ExpectRefused(customer, "customer.emails", "TOO_MANY");
}

TEST(ValidateCustomerTest, AcceptsPlainEmailAddresses) {
  for (const char* email : {"mlopez@example.com", "first.last+bills@mail.example.co.uk", "a@b.io",
                            "o'brien@example.org"}) {
    Customer customer = ValidPerson();
    customer.emails = {email};
    EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok()) << email;
  }
}

TEST(ValidateCustomerTest, RefusesThingsThatAreNotEmailAddresses) {
  for (const char* email :
       {"", "mlopez", "mlopez@", "@example.com", "mlopez@example", "m lopez@example.com",
        "mlopez@@example.com", "m@lopez@example.com", "mlopez@example.", "mlopez@.com",
        "mlopez@example..com", "mlopez@exa mple.com", "mlopez\t@example.com"}) {
    Customer customer = ValidPerson();
    customer.emails = {"ok@example.com", email};
    ExpectRefused(customer, "customer.emails[1]", "EMAIL_INVALID");
  }
}

TEST(ValidateCustomerTest, EmailsHaveAtMost254Characters) {
  Customer customer = ValidPerson();
  const std::string domain = "@example.com";
  customer.emails = {std::string(254 - domain.size(), 'a') + domain};
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.emails = {std::string(255 - domain.size(), 'a') + domain};
  ExpectRefused(customer, "customer.emails[0]", "EMAIL_INVALID");
}

TEST(ValidateCustomerTest, ChecksTheMailingAddressUnderTheCustomersPath) {
  Customer customer = ValidPerson();
  customer.mailing_address.postal_code = "7316";
  ExpectRefused(customer, "customer.mailing_address.postal_code", "POSTAL_CODE_INVALID");
  customer = ValidPerson();
  customer.mailing_address = {};
  ExpectRefused(customer, "customer.mailing_address.line1", "FIELD_REQUIRED");
}

// --- date of birth and identity ------------------------------------------------------------------

TEST(ValidateCustomerTest, DateOfBirthIsOptional) {
  Customer customer = ValidPerson();
  customer.date_of_birth.reset();
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
}

TEST(ValidateCustomerTest, DateOfBirthMustBeBeforeToday) {
  Customer customer = ValidPerson();
  customer.date_of_birth = year(2026) / 11 / 26;  // yesterday
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.date_of_birth = kToday;
  ExpectRefused(customer, "customer.date_of_birth", "DATE_OF_BIRTH_INVALID");
  customer.date_of_birth = year(2026) / 11 / 28;
  ExpectRefused(customer, "customer.date_of_birth", "DATE_OF_BIRTH_INVALID");
  customer.date_of_birth = year(2090) / 1 / 1;
  ExpectRefused(customer, "customer.date_of_birth", "DATE_OF_BIRTH_INVALID");
}

TEST(ValidateCustomerTest, DateOfBirthAtMost130YearsAgo) {
  Customer customer = ValidPerson();
  customer.date_of_birth = year(1897) / 1 / 1;  // 129 years old
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.date_of_birth = year(1895) / 11 / 27;  // 131 years old
  ExpectRefused(customer, "customer.date_of_birth", "DATE_OF_BIRTH_INVALID");
  customer.date_of_birth = year(1800) / 1 / 1;
  ExpectRefused(customer, "customer.date_of_birth", "DATE_OF_BIRTH_INVALID");
}

TEST(ValidateCustomerTest, RefusesADateOfBirthThatIsNotARealDay) {
  Customer customer = ValidPerson();
  customer.date_of_birth = year(2001) / 2 / 29;
  ExpectRefused(customer, "customer.date_of_birth", "DATE_OF_BIRTH_INVALID");
  customer.date_of_birth = year(1980) / month(13) / day(1);
  ExpectRefused(customer, "customer.date_of_birth", "DATE_OF_BIRTH_INVALID");
}

TEST(ValidateCustomerTest, IdLast4IsEmptyOrExactlyFourDigits) {
  Customer customer = ValidPerson();
  customer.id_last4 = "";
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  customer.id_last4 = "0042";
  EXPECT_TRUE(ValidateCustomer(customer, kToday, "customer").ok());
  for (const char* id_last4 : {"123", "12345", "12a4", "12-4", "    ", "123456789"}) {
    customer.id_last4 = id_last4;
    ExpectRefused(customer, "customer.id_last4", "ID_LAST4_INVALID");
  }
}

TEST(ValidateCustomerTest, UsesTheGivenPathForEveryField) {
  Customer customer = ValidPerson();
  customer.first_name = "";
  const Status status = ValidateCustomer(customer, kToday, "accounts[3].customer");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "accounts[3].customer.first_name");
}

// --- normalization -------------------------------------------------------------------------------

TEST(NormalizeCustomerTest, TrimsNamesAndLabels) {
  Customer customer = ValidPerson();
  customer.first_name = "  Maria ";
  customer.last_name = "\tLopez\n";
  customer.business_name = " ";
  customer.phones = {{"4055550142", "  mobile "}};
  customer.id_last4 = " 1234 ";
  const Customer normalized = NormalizeCustomer(customer);
  EXPECT_EQ(normalized.first_name, "Maria");
  EXPECT_EQ(normalized.last_name, "Lopez");
  EXPECT_EQ(normalized.business_name, "");
  EXPECT_EQ(normalized.phones[0].label, "mobile");
  EXPECT_EQ(normalized.id_last4, "1234");
}

TEST(NormalizeCustomerTest, ReducesPhonesToTenDigitsDroppingALeadingOne) {
  Customer customer = ValidPerson();
  customer.phones = {{"(405) 555-0142", ""},
                     {"405.555.0143", ""},
                     {"1-405-555-0144", ""},
                     {"+1 405 555 0145", ""},
                     {"14055550146", ""}};
  const Customer normalized = NormalizeCustomer(customer);
  ASSERT_EQ(normalized.phones.size(), 5u);
  EXPECT_EQ(normalized.phones[0].digits, "4055550142");
  EXPECT_EQ(normalized.phones[1].digits, "4055550143");
  EXPECT_EQ(normalized.phones[2].digits, "4055550144");
  EXPECT_EQ(normalized.phones[3].digits, "4055550145");
  EXPECT_EQ(normalized.phones[4].digits, "4055550146");
  EXPECT_TRUE(ValidateCustomer(normalized, kToday, "customer").ok());
}

TEST(NormalizeCustomerTest, KeepsPhonesThatAreNotUsNumbersSoValidationRefusesThem) {
  Customer customer = ValidPerson();
  customer.phones = {{"+44 20 7946 0958", ""}, {"555-0142", ""}, {"24055550142", ""}};
  const Customer normalized = NormalizeCustomer(customer);
  EXPECT_EQ(normalized.phones[0].digits, "442079460958");
  EXPECT_EQ(normalized.phones[1].digits, "5550142");
  EXPECT_EQ(normalized.phones[2].digits, "24055550142");  // 11 digits not starting with 1: kept
  ExpectRefused(normalized, "customer.phones[0].number", "PHONE_INVALID");
}

TEST(NormalizeCustomerTest, TrimsAndLowerCasesEmails) {
  Customer customer = ValidPerson();
  customer.emails = {"  MLopez@Example.COM ", "Second@Example.org"};
  const Customer normalized = NormalizeCustomer(customer);
  EXPECT_EQ(normalized.emails,
            (std::vector<std::string>{"mlopez@example.com", "second@example.org"}));
}

TEST(NormalizeCustomerTest, NormalizesTheMailingAddress) {
  Customer customer = ValidPerson();
  customer.mailing_address = {" 1 Main St ", "", " Moore ", "ok", " 73160 "};
  const Customer normalized = NormalizeCustomer(customer);
  EXPECT_EQ(normalized.mailing_address, (Address{"1 Main St", "", "Moore", "OK", "73160"}));
}

TEST(NormalizeCustomerTest, AWhitespaceOnlyNameIsThenRefusedAsMissing) {
  Customer customer = ValidPerson();
  customer.first_name = "   ";
  ExpectRefused(NormalizeCustomer(customer), "customer.first_name", "FIELD_REQUIRED");
}

// --- small helpers -------------------------------------------------------------------------------

TEST(CustomerDisplayNameTest, IsFirstAndLastNameOrTheBusinessName) {
  EXPECT_EQ(CustomerDisplayName(ValidPerson()), "Maria Lopez");
  Customer business = ValidBusiness();
  business.first_name = "Maria";
  business.last_name = "Lopez";
  EXPECT_EQ(CustomerDisplayName(business), "Broadway Laundromat LLC");
}

TEST(MaskIdLast4Test, ShowsOnlyTheLastFourDigits) {
  EXPECT_EQ(MaskIdLast4("1234"), "***-**-1234");
  EXPECT_EQ(MaskIdLast4(""), "");
}

TEST(CustomerKindTest, CodesRoundTrip) {
  EXPECT_STREQ(CustomerKindCode(CustomerKind::kPerson), "person");
  EXPECT_STREQ(CustomerKindCode(CustomerKind::kBusiness), "business");
  EXPECT_EQ(ParseCustomerKind("person"), CustomerKind::kPerson);
  EXPECT_EQ(ParseCustomerKind("business"), CustomerKind::kBusiness);
  EXPECT_EQ(ParseCustomerKind("Person"), std::nullopt);
  EXPECT_EQ(ParseCustomerKind(""), std::nullopt);
}

}  // namespace
}  // namespace cistern
