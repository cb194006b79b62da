// What every config loader shares: finding a config file and refusing one that cannot be read.
#include "config/toml_support.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "config/finance_config.h"
#include "config/testing/config_file_test.h"

namespace cistern {
namespace {

class TomlSupportTest : public test::ConfigFileTest {
 protected:
  TomlSupportTest() : ConfigFileTest(DefaultFinanceConfigPath(), "finance.toml") {}
};

TEST_F(TomlSupportTest, FindsTheShippedFiles) {
  EXPECT_TRUE(std::filesystem::exists(ConfigFilePath("finance.toml")));
  EXPECT_TRUE(std::filesystem::exists(ConfigFilePath("rates/moore.toml")));
  EXPECT_EQ(ConfigFilePath("finance.toml"), DefaultFinanceConfigPath());
}

TEST_F(TomlSupportTest, AMissingFileIsAClearErrorNamingIt) {
  const std::string path = (directory_ / "nowhere.toml").string();
  const auto read = ReadTomlFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "config");
  EXPECT_EQ(read.error().reason, "CONFIG_INVALID");
  EXPECT_NE(read.error().message.find(path), std::string::npos) << read.error().message;
  // Every loader refuses it the same way.
  EXPECT_EQ(LoadFinanceConfig(path).error().field, "config");
}

TEST_F(TomlSupportTest, MalformedTomlIsRefusedAndGoodTomlIsRead) {
  const auto bad = ReadTomlFile(Write("deposit_bank = \"1010\"\nfund_priority = [\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason, "CONFIG_INVALID");
  EXPECT_NE(bad.error().message.find("Cannot read"), std::string::npos) << bad.error().message;
  const auto good = ReadTomlFile(Write(shipped_));
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_TRUE((*good)->contains("deposit_bank"));
}

}  // namespace
}  // namespace cistern
