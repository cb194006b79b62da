// LoadRateFile on a real SQLite store: rate history is only ever added to, the file is kept word
// for word with its hash, and only rates.manage may load one.
#include "app/rate_book.h"

#include <gtest/gtest.h>

#include <string>

#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

// A small schedule. Its SHA-256 (`sha256sum`) is kSmallSha256: the hash is computed outside the
// code under test, so a wrong hash cannot agree with itself.
constexpr const char* kSmall = R"(name = "Test rates"
effective = "2025-01-01"
ordinance = "Ordinance 2024-15"

[services.water]
name = "Water"
fund = "water"

[services.water.classes.residential]
name = "Residential"
base = { "5/8" = "10.00" }
blocks = [{ price = "5.00" }]
)";
constexpr const char* kSmallSha256 =
    "621f4a2746c2510e1f11ca41b600464ddc6d3cf6f25dda7c97704274923a5aa0";

// `text` with `from` replaced by `to` (which must be found).
std::string Edited(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class LoadRateFileTest : public ::testing::Test {
 protected:
  std::vector<RateFileRecord> StoredFiles() {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return transaction->billing().RateFiles().value();
  }
  std::vector<RateVersionRecord> StoredVersions() {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return transaction->billing().RateVersions().value();
  }

  test::TestApp app_;
  const Caller admin_ = CallerWithRole(Role::kAdmin);
};

TEST_F(LoadRateFileTest, KeepsTheFileWordForWordWithItsSha256AndOrdinance) {
  const Result<RatesLoaded> loaded = LoadRateFile(app_.context(), admin_, "small.toml", kSmall);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(loaded->already_loaded);
  ASSERT_EQ(loaded->versions.size(), 1u);
  EXPECT_EQ(loaded->versions[0].effective_on, std::chrono::year(2025) / 1 / 1);
  EXPECT_EQ(loaded->versions[0].ordinance, "Ordinance 2024-15");

  const std::vector<RateFileRecord> files = StoredFiles();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name, "small.toml");
  EXPECT_EQ(files[0].text, kSmall);
  EXPECT_EQ(files[0].sha256, kSmallSha256);
  const std::vector<RateVersionRecord> versions = StoredVersions();
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].effective_on, std::chrono::year(2025) / 1 / 1);
  EXPECT_EQ(versions[0].name, "Test rates");
  EXPECT_EQ(versions[0].ordinance, "Ordinance 2024-15");
  EXPECT_EQ(versions[0].rate_file_id, files[0].id);
  EXPECT_EQ(loaded->versions[0].rate_file_id, files[0].id);

  // The audit names the file by its hash and the ordinance that enacts it.
  bool audited = false;
  for (const AuditEvent& event : app_.AllAuditEvents()) {
    if (event.action != "rates.load") continue;
    audited = true;
    EXPECT_EQ(event.entity_id, files[0].id);
    for (const FieldChange& change : event.changes) {
      if (change.field == "sha256") {
        EXPECT_EQ(change.after, kSmallSha256);
      }
      if (change.field == "ordinance") {
        EXPECT_EQ(change.after, "Ordinance 2024-15");
      }
    }
  }
  EXPECT_TRUE(audited);
}

// Loading the very same file again (by mistake, or a script run twice) is not an error and
// writes nothing: no second file, version or audit event. The file is known by its content, so
// the same text under another name is the same file.
TEST_F(LoadRateFileTest, TheSameFileAgainReportsAlreadyLoadedAndChangesNothing) {
  ASSERT_TRUE(LoadRateFile(app_.context(), admin_, "small.toml", kSmall).ok());
  const auto before = app_.RowCounts();
  for (const char* name : {"small.toml", "copy-of-small.toml"}) {
    const Result<RatesLoaded> again = LoadRateFile(app_.context(), admin_, name, kSmall);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(again->already_loaded) << name;
    EXPECT_TRUE(again->versions.empty()) << name;
    EXPECT_EQ(app_.RowCounts(), before) << name;
  }
  ASSERT_EQ(StoredFiles().size(), 1u);
  EXPECT_EQ(StoredFiles()[0].name, "small.toml");
}

// History is never overwritten: a changed file that keeps an already loaded effective date is
// refused (a rate change is a new file with a new date), and nothing is written.
TEST_F(LoadRateFileTest, RefusesAnotherFileWithAnAlreadyLoadedEffectiveDate) {
  ASSERT_TRUE(LoadRateFile(app_.context(), admin_, "small.toml", kSmall).ok());
  const auto before = app_.RowCounts();
  const std::string changed = Edited(kSmall, "price = \"5.00\"", "price = \"5.50\"");
  const Result<RatesLoaded> refused =
      LoadRateFile(app_.context(), admin_, "small-fixed.toml", changed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().reason, "RATE_VERSION_EXISTS") << refused.error().message;
  EXPECT_EQ(refused.error().field, "effective");
  EXPECT_EQ(app_.RowCounts(), before);
  ASSERT_EQ(StoredFiles().size(), 1u);
  EXPECT_EQ(StoredFiles()[0].text, kSmall);

  // The same change with its own effective date is a new version beside the old one.
  const Result<RatesLoaded> next =
      LoadRateFile(app_.context(), admin_, "small-2026.toml",
                   Edited(changed, "effective = \"2025-01-01\"", "effective = \"2026-01-01\""));
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(StoredVersions().size(), 2u);
}

// Loading rates changes every bill from then on: only rates.manage (administrators) may, and a
// refusal writes nothing.
TEST_F(LoadRateFileTest, RefusesACallerWithoutRatesManage) {
  const auto before = app_.RowCounts();
  for (Role role : {Role::kCsr, Role::kSupervisor, Role::kFinance, Role::kField, Role::kAuditor,
                    Role::kAnonymous}) {
    const Result<RatesLoaded> refused =
        LoadRateFile(app_.context(), CallerWithRole(role), "small.toml", kSmall);
    ASSERT_FALSE(refused.ok()) << RoleCode(role);
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied) << RoleCode(role);
    EXPECT_EQ(refused.error().reason, "PERMISSION_REQUIRED") << RoleCode(role);
  }
  EXPECT_EQ(app_.RowCounts(), before);
  EXPECT_TRUE(StoredFiles().empty());
}

}  // namespace
}  // namespace cistern
