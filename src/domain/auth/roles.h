// Roles and permissions. Every use case checks the caller's permission; the console only hides
// what a role cannot use.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/result.h"

namespace cistern {

// kAnonymous is nobody: a caller that has not proved who it is. It has no permissions and is
// never assigned to a user (AllRoles and ParseRole leave it out).
enum class Role { kCsr, kSupervisor, kFinance, kField, kAdmin, kAuditor, kAnonymous };

enum class Permission {
  kReadAccounts,              // search, account page, notes, history
  kWriteAccounts,             // create customers, premises and accounts
  kWriteNotes,                // add notes
  kReadConfidentialContacts,  // contact details of confidential customers
  kReadAudit,                 // the whole audit log
  kManageUsers,               // users and roles
  kPostPayments,              // payments, fees, own drawer, adjustment and refund requests
  kReversePayments,           // returned checks and ACH, payments posted in error
  kDecideApprovals,           // approve or reject adjustments and refunds; close the day
  kReadReports,               // daily cash, journal, registers, aging, GL export
  kManageReference,           // billing cycles and meter routes
  kWriteMeters,               // services, meters, readings and the readings exceptions queue
  kRunBilling,                // billing run previews and posting; cancel and rebill a bill
  kManageRates,               // load rate schedule files
  kAuditRates,                // the rate audit: rate classes that do not fit the account
};

const std::vector<Role>& AllRoles();
const char* RoleCode(Role role);  // "csr"
const char* RoleName(Role role);  // "Customer service representative"
std::optional<Role> ParseRole(std::string_view code);

const std::vector<Permission>& AllPermissions();
const char* PermissionCode(Permission permission);  // "accounts.read"

bool RoleHas(Role role, Permission permission);

// Who is asking: every use case takes one. A default Caller is anonymous and may do nothing.
struct Caller {
  UserId user_id;
  Role role = Role::kAnonymous;
  std::string display_name;
};

// Whether the caller may see a customer's contact details (phones, emails, mailing addresses,
// birth date): always for an ordinary customer, and for a confidential one only with
// Permission::kReadConfidentialContacts. Every read path asks this one function.
bool CanSeeContacts(const Caller& caller, bool customer_confidential);

// Ok when the caller's role has the permission; otherwise PERMISSION_DENIED naming it.
Status Require(const Caller& caller, Permission permission);

}  // namespace cistern
