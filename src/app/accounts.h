// Use cases for accounts: create (customer, premise and account together), read, search.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "app/app_context.h"
#include "app/store/page.h"
#include "app/store/records.h"
#include "domain/auth/roles.h"

namespace cistern {

struct CreateAccountRequest {
  // Exactly one of each pair is set; the HTTP layer enforces that shape.
  std::optional<Customer> new_customer;
  std::optional<CustomerId> existing_customer;
  std::optional<Premise> new_premise;
  std::optional<PremiseId> existing_premise;
  std::optional<Address> mailing_address;  // defaults to the customer's mailing address
  std::optional<Date> opened_on;           // defaults to today in the city
};

// The oldest and newest opening dates accepted, relative to today.
constexpr int kOpenedOnDaysBackMax = 366 * 50;
constexpr int kOpenedOnDaysAheadMax = 90;

// An account as the caller may see it: for a confidential customer and a caller without
// Permission::kReadConfidentialContacts, contact details are blanked and contact_hidden is set.
struct AccountView {
  AccountDetail detail;
  bool contact_hidden = false;
};

// Blanks what the caller may not see (see CanSeeContacts).
AccountView ViewFor(const Caller& caller, AccountDetail detail);

// Validates everything first, then writes customer, premise, account, search entry and audit
// events in one transaction. Needs Permission::kWriteAccounts. Exactly one of each pair in the
// request must be set (INVALID_ARGUMENT otherwise). Returns the account as the caller may see it.
Result<AccountView> CreateAccount(const AppContext& context, const Caller& caller,
                                  CreateAccountRequest request);

// The same on the caller's transaction (start service): checks, writes and audits, no commit.
// Returns the full detail; the caller applies ViewFor.
Result<AccountDetail> CreateAccountIn(const AppContext& context, Transaction& transaction,
                                      const Caller& caller, CreateAccountRequest request);

Result<AccountView> GetAccount(const AppContext& context, const Caller& caller, AccountId id);
Result<AccountView> GetAccountByNumber(const AppContext& context, const Caller& caller,
                                       const AccountNumber& number);

// Search as in the one search box. Needs Permission::kReadAccounts. Contact details of
// confidential customers are blanked for callers who may not see them.
Result<Page<AccountSummary>> SearchAccounts(const AppContext& context, const Caller& caller,
                                            const std::string& text, const PageRequest& page);

}  // namespace cistern
