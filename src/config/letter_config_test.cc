#include "config/letter_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/testing/config_file_test.h"

namespace cistern {
namespace {

// Writes variants of the shipped config/letters.toml to a temporary directory and loads them.
class LetterConfigTest : public test::ConfigFileTest {
 protected:
  LetterConfigTest() : ConfigFileTest(DefaultLettersConfigPath(), "letters.toml") {}

  Result<LetterTemplates> LoadText(const std::string& text) {
    return LoadLettersConfig(Write(text));
  }

  void ExpectRefused(const std::string& text, const std::string& field) {
    auto loaded = LoadText(text);
    ASSERT_FALSE(loaded.ok()) << "expected a refusal naming " << field;
    EXPECT_EQ(loaded.error().reason, "CONFIG_INVALID");
    EXPECT_EQ(loaded.error().field, field) << loaded.error().message;
  }
};

TEST_F(LetterConfigTest, TheShippedFileLoadsItsFiveLetters) {
  auto loaded = LoadText(shipped_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->templates.size(), 5u);
  EXPECT_EQ(loaded->closing, "Sincerely,");
  EXPECT_EQ(loaded->signature, (std::vector<std::string>{"Utility Billing", "City of Moore"}));
  const LetterTemplate* welcome = loaded->Find("welcome_deposit");
  ASSERT_NE(welcome, nullptr);
  EXPECT_EQ(welcome->version, 1);
  EXPECT_EQ(welcome->account_statuses,
            (std::vector<AccountStatus>{AccountStatus::kPending, AccountStatus::kActive}));
  std::vector<std::string> sender;
  for (const LetterFieldSpec* spec : SenderFields(*welcome)) sender.emplace_back(spec->name);
  EXPECT_EQ(sender, (std::vector<std::string>{"deposit.amount", "deposit.installments"}));
  for (const char* code :
       {"final_bill_notice", "deposit_refund", "exemption_renewal", "returned_payment"}) {
    EXPECT_NE(loaded->Find(code), nullptr) << code;
  }
}

TEST_F(LetterConfigTest, AnUnknownMergeFieldIsRefusedWhenTheFileLoads) {
  ExpectRefused(Edited("Your account number is {{account.number}}",
                       "Your account number is {{account.numbr}}"),
                "template[0].paragraphs[1]");
}

TEST_F(LetterConfigTest, UnknownKeysAreRefusedNamingThem) {
  ExpectRefused(Edited("closing = ", "colsing = \"x\"\nclosing = "), "colsing");
  ExpectRefused(Edited("version = 1\ntitle = \"Final bill notice\"",
                       "version = 1\ntitel = \"x\"\ntitle = \"Final bill notice\""),
                "template[1].titel");
}

TEST_F(LetterConfigTest, BadValuesAreRefusedNamingThem) {
  ExpectRefused(Edited("code = \"deposit_refund\"", "code = \"welcome_deposit\""),
                "template[2].code");
  ExpectRefused(
      Edited("code = \"deposit_refund\"\nversion = 1", "code = \"deposit_refund\"\nversion = 0"),
      "template[2].version");
  ExpectRefused(Edited("account_statuses = [\"active\"]", "account_statuses = [\"open\"]"),
                "template[3].account_statuses");
  ExpectRefused(Edited("signature = [\"Utility Billing\", \"City of Moore\"]", "signature = []"),
                "signature");
  ExpectRefused(Edited("subject = \"Refund of your utility deposit\"",
                       "subject = \"Refund of {{refund.amount\""),
                "template[2].subject");
  ExpectRefused("closing = \"Sincerely,\"\n", "template");
  ExpectRefused("this is not toml", "config");
}

}  // namespace
}  // namespace cistern
