#include "domain/account/account.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

TEST(AccountStatusTest, CodesRoundTrip) {
  for (AccountStatus status : {AccountStatus::kPending, AccountStatus::kActive,
                               AccountStatus::kFinal, AccountStatus::kClosed}) {
    EXPECT_EQ(ParseAccountStatus(AccountStatusCode(status)), status);
  }
  EXPECT_STREQ(AccountStatusCode(AccountStatus::kPending), "pending");
  EXPECT_STREQ(AccountStatusCode(AccountStatus::kClosed), "closed");
}

TEST(AccountStatusTest, RefusesUnknownCodes) {
  EXPECT_EQ(ParseAccountStatus("Active"), std::nullopt);
  EXPECT_EQ(ParseAccountStatus("open"), std::nullopt);
  EXPECT_EQ(ParseAccountStatus(""), std::nullopt);
}

TEST(AccountNumberSequenceTest, FirstSequenceGivesTenDigitNumbers) {
  EXPECT_EQ(AccountNumber::FromSequence(kFirstAccountNumberSequence).text().size(), 10u);
  EXPECT_EQ(AccountNumber::FromSequence(kFirstAccountNumberSequence).text().substr(0, 9),
            "100000000");
}

}  // namespace
}  // namespace cistern
