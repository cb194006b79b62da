#include "domain/ledger/card_number.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

// Card numbers here are the networks' published test numbers: each has its network's prefix and
// passes the Luhn check.

TEST(LooksLikeCardNumberTest, RefusesCardNumbersOfEveryNetworkAsTyped) {
  for (const char* text : {
           "4111111111111111",     // Visa
           "4111 1111 1111 1111",  // Visa, in groups
           "4242-4242-4242-4242",  // Visa, with dashes
           "378282246310005",      // American Express, 15 digits
           "3782 822463 10005",    // American Express, in its own grouping
           "6011111111111117",     // Discover
           "5555555555554444",     // Mastercard (51-55)
           "2223003122003222",     // Mastercard (2221-2720)
           "3530111333300000",     // JCB
           "30569309025904",       // Diners Club, 14 digits
       }) {
    EXPECT_TRUE(LooksLikeCardNumber(text)) << text;
  }
}

TEST(LooksLikeCardNumberTest, RefusesACardNumberInsideOtherText) {
  EXPECT_TRUE(LooksLikeCardNumber("card 4111111111111111 ok"));
  EXPECT_TRUE(LooksLikeCardNumber("paid by card:4111111111111111"));
  EXPECT_TRUE(LooksLikeCardNumber("Visa 4242-4242-4242-4242, exp 12/27"));
  EXPECT_TRUE(LooksLikeCardNumber("1000000026,125.00,2026-11-27,5555555555554444"));
}

TEST(LooksLikeCardNumberTest, RefusesACardNumberFollowedOrPrecededByOtherDigits) {
  // People type the security code or the expiry date right after the number, or a count before
  // it. The card number is still in the text and must not get through.
  EXPECT_TRUE(LooksLikeCardNumber("4111 1111 1111 1111 123")) << "with the security code";
  EXPECT_TRUE(LooksLikeCardNumber("4111111111111111 1227")) << "with the expiry date";
  EXPECT_TRUE(LooksLikeCardNumber("card 4111111111111111 12/27")) << "with the expiry date";
  EXPECT_TRUE(LooksLikeCardNumber("7 4111111111111111")) << "after a count";
}

TEST(LooksLikeCardNumberTest, AcceptsNumbersThatFailLuhnOrLackAnIssuerPrefix) {
  // A 15-digit ACH trace without a card prefix, whether or not it happens to pass Luhn.
  EXPECT_FALSE(LooksLikeCardNumber("091000019876543"));  // fails Luhn, no prefix
  EXPECT_FALSE(LooksLikeCardNumber("091000019876549"));  // passes Luhn, no prefix
  // A Visa-like prefix that fails Luhn.
  EXPECT_FALSE(LooksLikeCardNumber("409100001987650"));
  EXPECT_FALSE(LooksLikeCardNumber("4111111111111112"));
  // The same number with its Luhn digit right is refused: the rule is prefix and Luhn together.
  EXPECT_TRUE(LooksLikeCardNumber("409100001987655"));
}

TEST(LooksLikeCardNumberTest, AcceptsDatesTimesPhonesAndCheckNumbers) {
  for (const char* text : {
           "2026-11-27 03:19:20",
           "2026-11-27T03:19:20Z",
           "(405) 555-0142",
           "405-555-0142",
           "+1 405 555 0142",
           "Check #10452",
           "check 000123456 drawn on FNB",
           "LBX-20261127-0001",
           "1000000026",
           "",
           "no digits at all",
       }) {
    EXPECT_FALSE(LooksLikeCardNumber(text)) << text;
  }
}

TEST(LooksLikeCardNumberTest, AcceptsNumbersShorterThanACard) {
  // Passes Luhn and starts with 4, but 12 digits is no card's length.
  EXPECT_FALSE(LooksLikeCardNumber("411111111117"));
}

TEST(LooksLikeCardNumberTest, RefusesLongerNumbersThatHoldACardNumber) {
  // 20 digits are no card, but the first 16 are one: refusing a few odd long numbers is the
  // price of never storing a card number.
  EXPECT_TRUE(LooksLikeCardNumber("41111111111111111115"));
  EXPECT_TRUE(LooksLikeCardNumber("4111-1111-1111-1111-1115"));
  // A long number holding no card-shaped window is accepted.
  EXPECT_FALSE(LooksLikeCardNumber("10000000000000000000"));
}

TEST(LooksLikeCardNumberTest, OnlySingleSpacesOrDashesJoinGroups) {
  // Two separators in a row, or other punctuation, end the number: the groups are separate.
  EXPECT_FALSE(LooksLikeCardNumber("4111  1111  1111  1111"));
  EXPECT_FALSE(LooksLikeCardNumber("4111.1111.1111.1111"));
  EXPECT_FALSE(LooksLikeCardNumber("4111/1111/1111/1111"));
}

}  // namespace
}  // namespace cistern
