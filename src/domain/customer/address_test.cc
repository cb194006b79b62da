#include "domain/customer/address.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

Address ValidAddress() { return {"1204 N Broadway Ave", "Apt 3", "Moore", "OK", "73160"}; }

// Expects `address` to be refused as INVALID_ARGUMENT naming `field` with `reason`.
void ExpectRefused(const Address& address, const std::string& field, const std::string& reason) {
  const Status status = ValidateAddress(address, "customer.mailing_address");
  ASSERT_FALSE(status.ok()) << "expected " << reason << " on " << field;
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, field);
  EXPECT_EQ(status.error().reason, reason);
  EXPECT_FALSE(status.error().message.empty());
}

TEST(ValidateAddressTest, AcceptsACompleteAddress) {
  EXPECT_TRUE(ValidateAddress(ValidAddress(), "premise.address").ok());
}

TEST(ValidateAddressTest, AcceptsAnEmptySecondLine) {
  Address address = ValidAddress();
  address.line2 = "";
  EXPECT_TRUE(ValidateAddress(address, "premise.address").ok());
}

TEST(ValidateAddressTest, RefusesAMissingFirstLineNamingIt) {
  Address address = ValidAddress();
  address.line1 = "";
  ExpectRefused(address, "customer.mailing_address.line1", "FIELD_REQUIRED");
}

TEST(ValidateAddressTest, LinesHaveAtMost100Characters) {
  Address address = ValidAddress();
  address.line1 = std::string(100, 'a');
  address.line2 = std::string(100, 'b');
  EXPECT_TRUE(ValidateAddress(address, "a").ok());

  address.line1 = std::string(101, 'a');
  ExpectRefused(address, "customer.mailing_address.line1", "FIELD_TOO_LONG");

  address.line1 = "1 Main St";
  address.line2 = std::string(101, 'b');
  ExpectRefused(address, "customer.mailing_address.line2", "FIELD_TOO_LONG");
}

TEST(ValidateAddressTest, RefusesAMissingOrTooLongCity) {
  Address address = ValidAddress();
  address.city = "";
  ExpectRefused(address, "customer.mailing_address.city", "FIELD_REQUIRED");
  address.city = std::string(101, 'c');
  ExpectRefused(address, "customer.mailing_address.city", "FIELD_TOO_LONG");
  address.city = std::string(100, 'c');
  EXPECT_TRUE(ValidateAddress(address, "a").ok());
}

TEST(ValidateAddressTest, AcceptsStatesDcAndTerritories) {
  for (const char* state : {"OK", "TX", "WY", "AL", "DC", "PR", "GU", "VI", "AS", "MP"}) {
    Address address = ValidAddress();
    address.state = state;
    EXPECT_TRUE(ValidateAddress(address, "a").ok()) << state;
  }
}

TEST(ValidateAddressTest, RefusesAnythingButAnUpperCaseTwoLetterStateCode) {
  for (const char* state : {"", "XX", "O", "OKL", "Oklahoma", "ok", " OK", "UK", "ZZ"}) {
    Address address = ValidAddress();
    address.state = state;
    ExpectRefused(address, "customer.mailing_address.state", "STATE_INVALID");
  }
}

TEST(ValidateAddressTest, UsStateCodesHasFiftyStatesDcAndFiveTerritories) {
  EXPECT_EQ(UsStateCodes().size(), 56u);
  EXPECT_TRUE(IsUsStateCode("DC"));
  EXPECT_FALSE(IsUsStateCode("ok"));
}

TEST(ValidateAddressTest, AcceptsFiveDigitZipAndZipPlusFour) {
  for (const char* postal_code : {"73160", "00501", "73160-1234", "99950-0000"}) {
    Address address = ValidAddress();
    address.postal_code = postal_code;
    EXPECT_TRUE(ValidateAddress(address, "a").ok()) << postal_code;
  }
}

TEST(ValidateAddressTest, RefusesMalformedZipCodes) {
  for (const char* postal_code :
       {"", "7316", "731600", "7316A", "ABCDE", "731601234", "73160-123", "73160-12345",
        "73160 1234", "73160--1234", "-73160123", "73160-12a4", "７３１６０"}) {
    Address address = ValidAddress();
    address.postal_code = postal_code;
    ExpectRefused(address, "customer.mailing_address.postal_code", "POSTAL_CODE_INVALID");
  }
}

TEST(ValidateAddressTest, ChecksPartsInOrderAndReportsTheFirstProblem) {
  Address address = {"", "", "", "XX", "bad"};
  ExpectRefused(address, "customer.mailing_address.line1", "FIELD_REQUIRED");
  address.line1 = "1 Main St";
  ExpectRefused(address, "customer.mailing_address.city", "FIELD_REQUIRED");
  address.city = "Moore";
  ExpectRefused(address, "customer.mailing_address.state", "STATE_INVALID");
  address.state = "OK";
  ExpectRefused(address, "customer.mailing_address.postal_code", "POSTAL_CODE_INVALID");
}

TEST(NormalizeAddressTest, TrimsEveryPartAndUpperCasesTheState) {
  const Address normalized =
      NormalizeAddress({"  1204 N Broadway Ave\t", " Apt 3 ", " Moore ", " ok ", " 73160-1234 "});
  EXPECT_EQ(normalized, (Address{"1204 N Broadway Ave", "Apt 3", "Moore", "OK", "73160-1234"}));
  EXPECT_TRUE(ValidateAddress(normalized, "a").ok());
}

TEST(NormalizeAddressTest, KeepsNonAsciiLettersIntact) {
  const Address normalized = NormalizeAddress({" 12 Calle Peña ", "", " Española ", "nm", "87532"});
  EXPECT_EQ(normalized.line1, "12 Calle Peña");
  EXPECT_EQ(normalized.city, "Española");
  EXPECT_EQ(normalized.state, "NM");
}

TEST(FormatAddressOneLineTest, SkipsAnEmptySecondLine) {
  EXPECT_EQ(FormatAddressOneLine(ValidAddress()), "1204 N Broadway Ave, Apt 3, Moore, OK 73160");
  Address address = ValidAddress();
  address.line2 = "";
  EXPECT_EQ(FormatAddressOneLine(address), "1204 N Broadway Ave, Moore, OK 73160");
}

}  // namespace
}  // namespace cistern
