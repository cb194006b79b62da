// A test fixture for config loaders: writes variants of a shipped config file to a fresh
// temporary directory, so each test loads exactly the text it means. Header-only; tests only.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cistern::test {

class ConfigFileTest : public ::testing::Test {
 protected:
  // `shipped_path`: the file variants start from; `file_name`: the name they are written as.
  ConfigFileTest(std::string shipped_path, std::string file_name)
      : shipped_path_(std::move(shipped_path)), file_name_(std::move(file_name)) {}

  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "cistern_config_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
    std::ifstream in(shipped_path_, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    shipped_ = text.str();
    ASSERT_FALSE(shipped_.empty()) << shipped_path_;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  // Writes `text` as the config file and returns its path.
  std::string Write(const std::string& text) {
    const std::string path = (directory_ / file_name_).string();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
  }

  // The shipped file with `from` replaced by `to` (which must be found).
  std::string Edited(const std::string& from, const std::string& to) {
    std::string text = shipped_;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }

  std::filesystem::path directory_;
  std::string shipped_;

 private:
  std::string shipped_path_;
  std::string file_name_;
};

}  // namespace cistern::test
