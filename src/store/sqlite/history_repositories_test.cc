// Notes and the audit log through the store interfaces, on a real SQLite file; and proof that the
// database itself refuses to change either.
#include <gtest/gtest.h>

#include <set>

#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::ExecuteRawSql;

class HistoryRepositoriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    author_ = app_.InsertUser("casey", Role::kCsr, "fake-hash", "Casey Reyes");
    auto transaction = Write();
    Customer customer = NormalizeCustomer(test::SamplePerson());
    account_ = test::InsertAccountRecords(*transaction, customer, test::SamplePremise(), 100000000);
    other_account_ =
        test::InsertAccountRecords(*transaction, customer, test::SamplePremise(), 100000001);
    const Account account = transaction->accounts().Get(account_).value();
    customer_ = account.customer_id;
    premise_ = account.premise_id;
    ASSERT_TRUE(transaction->Commit().ok());
  }

  std::unique_ptr<Transaction> Write() {
    return app_.store().Begin(TransactionMode::kWrite).value();
  }
  std::unique_ptr<Transaction> Read() { return app_.store().Begin(TransactionMode::kRead).value(); }

  NoteId InsertNote(AccountId account, const std::string& text, UserId author, Instant at) {
    auto transaction = Write();
    const NoteId id = transaction->notes().Insert({NoteId(), account, text, author, at}).value();
    EXPECT_TRUE(transaction->Commit().ok());
    return id;
  }

  AuditEventId Append(AuditEvent event) {
    if (event.at == Instant()) event.at = test::TestStartInstant();
    auto transaction = Write();
    const AuditEventId id = transaction->audit().Append(event).value();
    EXPECT_TRUE(transaction->Commit().ok());
    return id;
  }

  AuditEvent Event(const std::string& action, const std::string& entity_type,
                   std::int64_t entity_id, std::optional<AccountId> account = std::nullopt,
                   UserId user = UserId()) {
    AuditEvent event;
    event.action = action;
    event.entity_type = entity_type;
    event.entity_id = entity_id;
    event.account_id = account;
    event.user_id = user;
    return event;
  }

  // Every event the filter selects, following next_after from page to page.
  std::vector<std::int64_t> ListAllIds(const AuditFilter& filter, int page_size) {
    std::vector<std::int64_t> ids;
    PageRequest page;
    page.page_size = page_size;
    for (int pages = 0; pages < 100; ++pages) {
      const auto listed = Read()->audit().List(filter, page).value();
      EXPECT_LE(static_cast<int>(listed.items.size()), page_size);
      for (const AuditEvent& event : listed.items) ids.push_back(event.id.value());
      if (!listed.next_after) break;
      page.after = *listed.next_after;
    }
    return ids;
  }

  test::TestApp app_;
  UserId author_;
  AccountId account_;
  AccountId other_account_;
  CustomerId customer_;
  PremiseId premise_;
};

// --- notes ---------------------------------------------------------------------------------------

TEST_F(HistoryRepositoriesTest, NotesListNewestFirstWithTheirAuthor) {
  const Instant start = test::TestStartInstant();
  const NoteId first = InsertNote(account_, "First call.", author_, start);
  const NoteId second = InsertNote(account_, "Se habló en español.", UserId(), start + 1h);
  InsertNote(other_account_, "Another account's note.", author_, start + 2h);

  const auto listed = Read()->notes().ListForAccount(account_, {}).value();
  ASSERT_EQ(listed.items.size(), 2u);
  EXPECT_FALSE(listed.next_after.has_value());
  EXPECT_EQ(listed.items[0].note.id, second);
  EXPECT_EQ(listed.items[0].note.text, "Se habló en español.");
  EXPECT_EQ(listed.items[0].note.account_id, account_);
  EXPECT_EQ(listed.items[0].note.created_at, start + 1h);
  EXPECT_FALSE(listed.items[0].note.author_id.valid());
  EXPECT_EQ(listed.items[0].author_name, "System");
  EXPECT_EQ(listed.items[1].note.id, first);
  EXPECT_EQ(listed.items[1].note.author_id, author_);
  EXPECT_EQ(listed.items[1].author_name, "Casey Reyes");
}

TEST_F(HistoryRepositoriesTest, NotesPageWithoutOverlap) {
  std::vector<NoteId> inserted;
  for (int i = 0; i < 5; ++i) {
    inserted.push_back(InsertNote(account_, "Note " + std::to_string(i), author_,
                                  test::TestStartInstant() + i * 1min));
  }
  PageRequest page;
  page.page_size = 2;
  std::vector<NoteId> seen;
  for (int pages = 0; pages < 10; ++pages) {
    const auto listed = Read()->notes().ListForAccount(account_, page).value();
    for (const NoteView& view : listed.items) seen.push_back(view.note.id);
    if (!listed.next_after) break;
    page.after = *listed.next_after;
  }
  EXPECT_EQ(seen, (std::vector<NoteId>(inserted.rbegin(), inserted.rend())));
}

TEST_F(HistoryRepositoriesTest, ANoteForAnUnknownAccountIsRefused) {
  auto transaction = Write();
  EXPECT_FALSE(transaction->notes()
                   .Insert({NoteId(), AccountId(999), "x", author_, test::TestStartInstant()})
                   .ok());
}

TEST_F(HistoryRepositoriesTest, NotesCannotBeEditedOrDeletedEvenWithRawSql) {
  InsertNote(account_, "Original text.", author_, test::TestStartInstant());
  const std::string path = app_.database_path();
  EXPECT_NE(ExecuteRawSql(path, "UPDATE notes SET text = 'changed'").find("notes are never edited"),
            std::string::npos);
  EXPECT_NE(ExecuteRawSql(path, "DELETE FROM notes").find("notes are never deleted"),
            std::string::npos);
  const auto listed = Read()->notes().ListForAccount(account_, {}).value();
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].note.text, "Original text.");
}

// --- audit log -----------------------------------------------------------------------------------

TEST_F(HistoryRepositoriesTest, AnEventRoundTripsWithItsChangesInOrder) {
  AuditEvent event = Event("customer.update", "customer", customer_.value(), std::nullopt, author_);
  event.at = test::TestStartInstant() + 90s;
  event.changes = {{"last_name", "Lopez", "Lopez-Garcia"},
                   {"emails[1]", std::nullopt, "new@example.com"},
                   {"phones[1]", "4055550199 work", std::nullopt},
                   {"business_name", "", ""}};
  const AuditEventId id = Append(event);
  const auto listed = Read()->audit().List({}, {}).value();
  ASSERT_EQ(listed.items.size(), 1u);
  const AuditEvent& read = listed.items[0];
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.at, test::TestStartInstant() + 90s);
  EXPECT_EQ(read.user_id, author_);
  EXPECT_EQ(read.user_name, "Casey Reyes");
  EXPECT_EQ(read.action, "customer.update");
  EXPECT_EQ(read.entity_type, "customer");
  EXPECT_EQ(read.entity_id, customer_.value());
  EXPECT_FALSE(read.account_id.has_value());
  ASSERT_EQ(read.changes.size(), 4u);
  for (std::size_t i = 0; i < read.changes.size(); ++i) {
    EXPECT_EQ(read.changes[i].field, event.changes[i].field);
    EXPECT_EQ(read.changes[i].before, event.changes[i].before) << read.changes[i].field;
    EXPECT_EQ(read.changes[i].after, event.changes[i].after) << read.changes[i].field;
  }
}

TEST_F(HistoryRepositoriesTest, AnEventWithoutAUserIsTheSystems) {
  Append(Event("account.create", "account", account_.value(), account_));
  const AuditEvent read = Read()->audit().List({}, {}).value().items.at(0);
  EXPECT_FALSE(read.user_id.valid());
  EXPECT_EQ(read.user_name, "System");
  EXPECT_EQ(read.account_id, account_);
}

TEST_F(HistoryRepositoriesTest, ListFiltersByEntityTypeAndUser) {
  const auto a = Append(Event("account.create", "account", account_.value(), account_, author_));
  const auto b = Append(Event("customer.create", "customer", customer_.value()));
  const auto c = Append(Event("session.create", "session", 1, std::nullopt, author_));
  const auto d = Append(Event("account.create", "account", other_account_.value(), other_account_));
  AuditFilter accounts;
  accounts.entity_type = "account";
  EXPECT_EQ(ListAllIds(accounts, 10), (std::vector<std::int64_t>{d.value(), a.value()}));
  AuditFilter by_user;
  by_user.user_id = author_;
  EXPECT_EQ(ListAllIds(by_user, 10), (std::vector<std::int64_t>{c.value(), a.value()}));
  AuditFilter both;
  both.entity_type = "session";
  both.user_id = author_;
  EXPECT_EQ(ListAllIds(both, 10), (std::vector<std::int64_t>{c.value()}));
  EXPECT_EQ(ListAllIds({}, 10),
            (std::vector<std::int64_t>{d.value(), c.value(), b.value(), a.value()}));
  AuditFilter none;
  none.entity_type = "bill";
  EXPECT_TRUE(ListAllIds(none, 10).empty());
}

TEST_F(HistoryRepositoriesTest, AnAccountsHistoryHasItsOwnItsCustomersAndItsPremisesEvents) {
  const auto customer = Append(Event("customer.create", "customer", customer_.value()));
  const auto premise = Append(Event("premise.create", "premise", premise_.value()));
  const auto account = Append(Event("account.create", "account", account_.value(), account_));
  const auto note = Append(Event("note.create", "note", 1, account_));
  // Not this account's: another account, and another customer and premise with the same ids as
  // this account's records but of another entity type.
  Append(Event("account.create", "account", other_account_.value(), other_account_));
  Append(Event("premise.create", "premise", premise_.value() + 100));
  Append(Event("user.create", "user", customer_.value()));
  Append(Event("session.create", "session", premise_.value()));

  AuditFilter filter;
  filter.account_id = account_;
  filter.customer_id = customer_;
  filter.premise_id = premise_;
  EXPECT_EQ(ListAllIds(filter, 10), (std::vector<std::int64_t>{note.value(), account.value(),
                                                               premise.value(), customer.value()}));
  AuditFilter account_only;
  account_only.account_id = account_;
  EXPECT_EQ(ListAllIds(account_only, 10),
            (std::vector<std::int64_t>{note.value(), account.value()}));
}

TEST_F(HistoryRepositoriesTest, ListPagesNewestFirstWithoutOverlapOrGaps) {
  std::vector<std::int64_t> appended;
  for (int i = 0; i < 7; ++i) {
    appended.push_back(Append(Event("note.create", "note", i + 1, account_, author_)).value());
  }
  const std::vector<std::int64_t> newest_first(appended.rbegin(), appended.rend());
  for (int page_size : {1, 2, 3, 7, 100}) {
    EXPECT_EQ(ListAllIds({}, page_size), newest_first) << "page_size " << page_size;
    AuditFilter filter;
    filter.account_id = account_;
    EXPECT_EQ(ListAllIds(filter, page_size), newest_first) << "history, page_size " << page_size;
  }
}

TEST_F(HistoryRepositoriesTest, TheLastPageHasNoNextPosition) {
  for (int i = 0; i < 4; ++i) Append(Event("note.create", "note", i + 1, account_));
  PageRequest page;
  page.page_size = 2;
  const auto first = Read()->audit().List({}, page).value();
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_TRUE(first.next_after.has_value());
  EXPECT_EQ(*first.next_after, first.items.back().id.value());
  page.after = *first.next_after;
  const auto second = Read()->audit().List({}, page).value();
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_FALSE(second.next_after.has_value());
}

TEST_F(HistoryRepositoriesTest, TheAuditLogCannotBeChangedEvenWithRawSql) {
  AuditEvent event = Event("account.create", "account", account_.value(), account_);
  event.changes = {{"status", std::nullopt, "pending"}};
  Append(event);
  const std::string path = app_.database_path();
  const auto refused = [&](const std::string& sql, const std::string& table) {
    const std::string message = ExecuteRawSql(path, sql);
    EXPECT_NE(message.find(table + " is append-only"), std::string::npos)
        << sql << " gave: " << message;
  };
  refused("UPDATE audit_events SET action = 'account.delete'", "audit_events");
  refused("DELETE FROM audit_events", "audit_events");
  refused("UPDATE audit_changes SET after_value = 'active'", "audit_changes");
  refused("DELETE FROM audit_changes", "audit_changes");

  const auto listed = Read()->audit().List({}, {}).value();
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].action, "account.create");
  ASSERT_EQ(listed.items[0].changes.size(), 1u);
  EXPECT_EQ(listed.items[0].changes[0].after, "pending");
}

TEST_F(HistoryRepositoriesTest, AnEventForAnUnknownAccountIsRefused) {
  auto transaction = Write();
  AuditEvent event = Event("note.create", "note", 1, AccountId(999));
  event.at = test::TestStartInstant();
  EXPECT_FALSE(transaction->audit().Append(event).ok());
}

}  // namespace
}  // namespace cistern
