#include "domain/auth/roles.h"

namespace cistern {

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = {Role::kCsr,   Role::kSupervisor, Role::kFinance,
                                          Role::kField, Role::kAdmin,      Role::kAuditor};
  return roles;
}

const char* RoleCode(Role role) {
  switch (role) {
    case Role::kCsr:
      return "csr";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kFinance:
      return "finance";
    case Role::kField:
      return "field";
    case Role::kAdmin:
      return "admin";
    case Role::kAuditor:
      return "auditor";
    case Role::kAnonymous:
      return "anonymous";
  }
  return "anonymous";
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kCsr:
      return "Customer service representative";
    case Role::kSupervisor:
      return "Supervisor";
    case Role::kFinance:
      return "Finance";
    case Role::kField:
      return "Field staff";
    case Role::kAdmin:
      return "Administrator";
    case Role::kAuditor:
      return "Auditor";
    case Role::kAnonymous:
      return "Not signed in";
  }
  return "Not signed in";
}

std::optional<Role> ParseRole(std::string_view code) {
  for (Role role : AllRoles()) {
    if (code == RoleCode(role)) return role;
  }
  return std::nullopt;
}

const std::vector<Permission>& AllPermissions() {
  static const std::vector<Permission> permissions = {
      Permission::kReadAccounts,    Permission::kWriteAccounts,
      Permission::kWriteNotes,      Permission::kReadConfidentialContacts,
      Permission::kReadAudit,       Permission::kManageUsers,
      Permission::kPostPayments,    Permission::kReversePayments,
      Permission::kDecideApprovals, Permission::kReadReports,
      Permission::kManageReference, Permission::kWriteMeters,
      Permission::kRunBilling,      Permission::kManageRates,
      Permission::kAuditRates};
  return permissions;
}

const char* PermissionCode(Permission permission) {
  switch (permission) {
    case Permission::kReadAccounts:
      return "accounts.read";
    case Permission::kWriteAccounts:
      return "accounts.write";
    case Permission::kWriteNotes:
      return "notes.write";
    case Permission::kReadConfidentialContacts:
      return "contacts.confidential.read";
    case Permission::kReadAudit:
      return "audit.read";
    case Permission::kManageUsers:
      return "users.manage";
    case Permission::kPostPayments:
      return "payments.post";
    case Permission::kReversePayments:
      return "payments.reverse";
    case Permission::kDecideApprovals:
      return "approvals.decide";
    case Permission::kReadReports:
      return "reports.read";
    case Permission::kManageReference:
      return "reference.manage";
    case Permission::kWriteMeters:
      return "meters.write";
    case Permission::kRunBilling:
      return "billing.run";
    case Permission::kManageRates:
      return "rates.manage";
    case Permission::kAuditRates:
      return "rates.audit";
  }
  return "unknown";
}

// The table in docs/api.md, as code. An auditor reads everything and changes nothing.
bool RoleHas(Role role, Permission permission) {
  if (role == Role::kAnonymous) return false;
  switch (permission) {
    case Permission::kReadAccounts:
      return true;
    case Permission::kWriteAccounts:
      return role == Role::kCsr || role == Role::kSupervisor || role == Role::kAdmin;
    case Permission::kWriteNotes:
      return role != Role::kAuditor;
    case Permission::kReadConfidentialContacts:
    case Permission::kReadAudit:
      return role == Role::kSupervisor || role == Role::kAdmin || role == Role::kAuditor;
    case Permission::kManageUsers:
      return role == Role::kAdmin;
    case Permission::kPostPayments:
      return role == Role::kCsr || role == Role::kSupervisor || role == Role::kFinance;
    case Permission::kReversePayments:
      return role == Role::kSupervisor || role == Role::kFinance;
    case Permission::kDecideApprovals:
      return role == Role::kSupervisor;
    case Permission::kReadReports:
      return role == Role::kSupervisor || role == Role::kFinance || role == Role::kAdmin ||
             role == Role::kAuditor;
    case Permission::kManageReference:
      return role == Role::kAdmin;
    case Permission::kWriteMeters:
      return role == Role::kCsr || role == Role::kSupervisor || role == Role::kField;
    case Permission::kRunBilling:
      return role == Role::kSupervisor || role == Role::kFinance;
    case Permission::kManageRates:
      return role == Role::kAdmin;
    case Permission::kAuditRates:
      // Keeping each account's rate class true to the city code is a CSR's daily duty.
      return role != Role::kField;
  }
  return false;
}

bool CanSeeContacts(const Caller& caller, bool customer_confidential) {
  return !customer_confidential || RoleHas(caller.role, Permission::kReadConfidentialContacts);
}

Status Require(const Caller& caller, Permission permission) {
  if (RoleHas(caller.role, permission)) return OkStatus();
  return Error::PermissionDenied("PERMISSION_REQUIRED", std::string("Your role (") +
                                                            RoleCode(caller.role) +
                                                            ") does not have the permission " +
                                                            PermissionCode(permission) + ".");
}

}  // namespace cistern
