#include "domain/auth/roles.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>

namespace cistern {
namespace {

// The table in docs/api.md ("Roles and permissions"), copied by hand so that a change to
// RoleHas that the documentation does not share fails here.
const std::map<Permission, std::set<Role>>& DocumentedTable() {
  static const std::map<Permission, std::set<Role>> table = {
      {Permission::kReadAccounts,
       {Role::kCsr, Role::kSupervisor, Role::kFinance, Role::kField, Role::kAdmin, Role::kAuditor}},
      {Permission::kWriteAccounts, {Role::kCsr, Role::kSupervisor, Role::kAdmin}},
      {Permission::kWriteNotes,
       {Role::kCsr, Role::kSupervisor, Role::kFinance, Role::kField, Role::kAdmin}},
      {Permission::kReadConfidentialContacts, {Role::kSupervisor, Role::kAdmin, Role::kAuditor}},
      {Permission::kReadAudit, {Role::kSupervisor, Role::kAdmin, Role::kAuditor}},
      {Permission::kManageUsers, {Role::kAdmin}},
      {Permission::kPostPayments, {Role::kCsr, Role::kSupervisor, Role::kFinance}},
      {Permission::kReversePayments, {Role::kSupervisor, Role::kFinance}},
      {Permission::kDecideApprovals, {Role::kSupervisor}},
      {Permission::kReadReports, {Role::kSupervisor, Role::kFinance, Role::kAdmin, Role::kAuditor}},
      {Permission::kManageReference, {Role::kAdmin}},
      {Permission::kWriteMeters, {Role::kCsr, Role::kSupervisor, Role::kField}},
      {Permission::kRunBilling, {Role::kSupervisor, Role::kFinance}},
      {Permission::kManageRates, {Role::kAdmin}},
      {Permission::kAuditRates,
       {Role::kCsr, Role::kSupervisor, Role::kFinance, Role::kAdmin, Role::kAuditor}},
  };
  return table;
}

TEST(RoleHasTest, MatchesTheDocumentedTableForEveryRoleAndPermission) {
  ASSERT_EQ(AllRoles().size(), 6u);
  ASSERT_EQ(AllPermissions().size(), DocumentedTable().size());
  int checked = 0;
  for (Permission permission : AllPermissions()) {
    const auto& allowed = DocumentedTable().at(permission);
    for (Role role : AllRoles()) {
      EXPECT_EQ(RoleHas(role, permission), allowed.count(role) == 1)
          << RoleCode(role) << " x " << PermissionCode(permission);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 90);
}

TEST(RoleHasTest, AnAuditorReadsEverythingAndChangesNothing) {
  EXPECT_TRUE(RoleHas(Role::kAuditor, Permission::kReadAccounts));
  EXPECT_TRUE(RoleHas(Role::kAuditor, Permission::kReadAudit));
  EXPECT_TRUE(RoleHas(Role::kAuditor, Permission::kReadConfidentialContacts));
  EXPECT_FALSE(RoleHas(Role::kAuditor, Permission::kWriteAccounts));
  EXPECT_FALSE(RoleHas(Role::kAuditor, Permission::kWriteNotes));
  EXPECT_FALSE(RoleHas(Role::kAuditor, Permission::kManageUsers));
}

TEST(RequireTest, AllowsARoleWithThePermission) {
  const Caller caller{UserId(7), Role::kCsr, "Casey Reyes"};
  EXPECT_TRUE(Require(caller, Permission::kWriteAccounts).ok());
}

TEST(RequireTest, RefusesARoleWithoutThePermissionNamingRoleAndPermission) {
  const Caller caller{UserId(7), Role::kField, "Felix Ortega"};
  const Status status = Require(caller, Permission::kWriteAccounts);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(status.error().reason, "PERMISSION_REQUIRED");
  EXPECT_EQ(status.error().message,
            "Your role (field) does not have the permission accounts.write.");
  EXPECT_EQ(status.error().field, "");
}

TEST(RequireTest, ADefaultCallerIsAnonymousAndMayDoNothing) {
  const Caller caller;
  for (Permission permission : AllPermissions()) {
    EXPECT_FALSE(Require(caller, permission).ok()) << PermissionCode(permission);
  }
  EXPECT_FALSE(ParseRole("anonymous").has_value());
}

TEST(CanSeeContactsTest, EveryoneSeesOrdinaryCustomersOnlySomeSeeConfidentialOnes) {
  for (Role role : AllRoles()) {
    const Caller caller{UserId(1), role, "x"};
    EXPECT_TRUE(CanSeeContacts(caller, false)) << RoleCode(role);
    EXPECT_EQ(CanSeeContacts(caller, true),
              role == Role::kSupervisor || role == Role::kAdmin || role == Role::kAuditor)
        << RoleCode(role);
  }
}

TEST(RoleCodeTest, CodesAreStableAndRoundTrip) {
  const std::map<Role, std::string> codes = {
      {Role::kCsr, "csr"},     {Role::kSupervisor, "supervisor"}, {Role::kFinance, "finance"},
      {Role::kField, "field"}, {Role::kAdmin, "admin"},           {Role::kAuditor, "auditor"}};
  for (const auto& [role, code] : codes) {
    EXPECT_EQ(RoleCode(role), code);
    EXPECT_EQ(ParseRole(code), role);
    EXPECT_STRNE(RoleName(role), "");
  }
  EXPECT_EQ(ParseRole("CSR"), std::nullopt);
  EXPECT_EQ(ParseRole("root"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
}

TEST(PermissionCodeTest, CodesAreTheDocumentedOnesAndDistinct) {
  const std::map<Permission, std::string> codes = {
      {Permission::kReadAccounts, "accounts.read"},
      {Permission::kWriteAccounts, "accounts.write"},
      {Permission::kWriteNotes, "notes.write"},
      {Permission::kReadConfidentialContacts, "contacts.confidential.read"},
      {Permission::kReadAudit, "audit.read"},
      {Permission::kManageUsers, "users.manage"},
      {Permission::kPostPayments, "payments.post"},
      {Permission::kReversePayments, "payments.reverse"},
      {Permission::kDecideApprovals, "approvals.decide"},
      {Permission::kReadReports, "reports.read"},
      {Permission::kManageReference, "reference.manage"},
      {Permission::kWriteMeters, "meters.write"},
      {Permission::kRunBilling, "billing.run"},
      {Permission::kManageRates, "rates.manage"},
      {Permission::kAuditRates, "rates.audit"}};
  std::set<std::string> seen;
  for (Permission permission : AllPermissions()) {
    EXPECT_EQ(PermissionCode(permission), codes.at(permission));
    seen.insert(PermissionCode(permission));
  }
  EXPECT_EQ(seen.size(), codes.size());
}

}  // namespace
}  // namespace cistern
