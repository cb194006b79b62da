// The account search index through AccountSearch, on a real SQLite file.
#include <gtest/gtest.h>

#include <set>

#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

constexpr std::int64_t kLopez = 100000000;
constexpr std::int64_t kPena = 100000001;
constexpr std::int64_t kSecret = 100000002;
constexpr std::int64_t kLaundromat = 100000003;
constexpr std::int64_t kLopezGarcia = 100000004;

Customer Person(const std::string& first, const std::string& last, std::vector<Phone> phones,
                std::vector<std::string> emails, bool confidential = false) {
  Customer customer;
  customer.kind = CustomerKind::kPerson;
  customer.first_name = first;
  customer.last_name = last;
  customer.phones = std::move(phones);
  customer.emails = std::move(emails);
  customer.mailing_address = {"PO Box 1", "", "Moore", "OK", "73160"};
  customer.confidential = confidential;
  customer.version = 1;
  return customer;
}

Premise At(const std::string& line1, const std::string& line2 = "") {
  Premise premise = test::SamplePremise();
  premise.address.line1 = line1;
  premise.address.line2 = line2;
  premise.version = 1;
  return premise;
}

class AccountSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    Add(*transaction,
        Person("Maria", "Lopez", {{"4055550142", "mobile"}, {"4055550143", "work"}},
               {"mlopez@example.com", "maria@work.example.org"}),
        At("1204 N Broadway Ave"), kLopez);
    Add(*transaction, Person("José", "Peña", {{"4055550177", ""}}, {"jpena@example.org"}),
        At("300 Elm St", "Apt 2"), kPena);
    Add(*transaction, Person("Sam", "Hidden", {{"4055550999", ""}}, {"shelter@example.net"}, true),
        At("77 Quiet Ln"), kSecret);
    Customer business;
    business.kind = CustomerKind::kBusiness;
    business.business_name = "Sooner Laundromat LLC";
    business.phones = {{"5805550100", "work"}};
    business.mailing_address = {"PO Box 2", "", "Moore", "OK", "73160"};
    business.version = 1;
    Add(*transaction, business, At("800 S Broadway Ave"), kLaundromat);
    Add(*transaction, Person("Ana", "Lopezgarcia", {}, {"ana@example.com"}), At("5 Oak Ct"),
        kLopezGarcia);
    ASSERT_TRUE(transaction->Commit().ok());
  }

  void Add(Transaction& transaction, const Customer& customer, const Premise& premise,
           std::int64_t sequence) {
    const AccountId id = test::InsertAccountRecords(transaction, customer, premise, sequence);
    ASSERT_TRUE(transaction.search().Reindex(id).ok());
    ids_[sequence] = id;
  }

  Page<AccountSummary> Search(const std::string& text,
                              ContactMatching contacts = ContactMatching::kExcludeConfidential,
                              PageRequest page = {}) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    auto found = transaction->search().Search(ParseSearchQuery(text), contacts, page);
    EXPECT_TRUE(found.ok()) << text << ": " << found.error().message;
    return found.ok() ? *found : Page<AccountSummary>{};
  }

  // The sequences of the accounts found, in result order.
  std::vector<std::int64_t> Found(
      const std::string& text, ContactMatching contacts = ContactMatching::kExcludeConfidential) {
    std::vector<std::int64_t> sequences;
    for (const AccountSummary& summary : Search(text, contacts).items) {
      sequences.push_back(summary.number.sequence());
    }
    return sequences;
  }

  std::set<std::int64_t> FoundSet(
      const std::string& text, ContactMatching contacts = ContactMatching::kExcludeConfidential) {
    const auto found = Found(text, contacts);
    return {found.begin(), found.end()};
  }

  static std::string Number(std::int64_t sequence) {
    return AccountNumber::FromSequence(sequence).text();
  }

  test::TestApp app_;
  std::map<std::int64_t, AccountId> ids_;
};

using Set = std::set<std::int64_t>;

TEST_F(AccountSearchTest, FindsAnAccountByItsNumberTypedAnyWay) {
  const std::string number = Number(kPena);
  EXPECT_EQ(Found(number), (std::vector<std::int64_t>{kPena}));
  EXPECT_EQ(Found(number.substr(0, 3) + "-" + number.substr(3, 3) + "-" + number.substr(6)).at(0),
            kPena);
  EXPECT_EQ(Found(number.substr(0, 3) + " " + number.substr(3, 3) + " " + number.substr(6)).at(0),
            kPena);
}

TEST_F(AccountSearchTest, AnExactAccountNumberComesFirstAndOnlyOnce) {
  // Another account whose address holds the number as a word also matches the text.
  const std::string number = Number(kLopez);
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    Add(*transaction, Person("Number", "Street", {}, {"n@example.com"}),
        At(number + " County Road"), 100000050);
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_EQ(Found(number), (std::vector<std::int64_t>{kLopez, 100000050}));

  PageRequest page;
  page.page_size = 1;
  const auto first = Search(number, ContactMatching::kExcludeConfidential, page);
  ASSERT_EQ(first.items.size(), 1u);
  EXPECT_EQ(first.items[0].number.sequence(), kLopez);
  ASSERT_TRUE(first.next_after.has_value());
  page.after = *first.next_after;
  const auto second = Search(number, ContactMatching::kExcludeConfidential, page);
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].number.sequence(), 100000050);
  EXPECT_FALSE(second.next_after.has_value());
}

TEST_F(AccountSearchTest, NameWordsMatchAsPrefixes) {
  EXPECT_EQ(FoundSet("lop"), (Set{kLopez, kLopezGarcia}));
  EXPECT_EQ(FoundSet("Lopez"), (Set{kLopez, kLopezGarcia}));
  EXPECT_EQ(FoundSet("maria lop"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("LOPEZG"), (Set{kLopezGarcia}));
  EXPECT_EQ(FoundSet("laundro"), (Set{kLaundromat}));
  EXPECT_TRUE(Found("lopezz").empty());
}

TEST_F(AccountSearchTest, MatchesNonAsciiNamesWithOrWithoutAccents) {
  EXPECT_EQ(FoundSet("Peña"), (Set{kPena}));
  EXPECT_EQ(FoundSet("pena"), (Set{kPena}));
  EXPECT_EQ(FoundSet("jose"), (Set{kPena}));
  EXPECT_EQ(FoundSet("JOSÉ PEÑ"), (Set{kPena}));
}

TEST_F(AccountSearchTest, FindsByAWordOfTheServiceAddress) {
  EXPECT_EQ(FoundSet("broadway"), (Set{kLopez, kLaundromat}));
  EXPECT_EQ(FoundSet("1204 broad"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("elm"), (Set{kPena}));
  EXPECT_EQ(FoundSet("apt 2"), (Set{kPena}));
}

TEST_F(AccountSearchTest, FindsByTenOrSevenPhoneDigits) {
  EXPECT_EQ(FoundSet("(405) 555-0142"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("4055550142"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("1-405-555-0142"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("555-0142"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("5550143"), (Set{kLopez})) << "the second phone is indexed too";
  EXPECT_EQ(FoundSet("555-0177"), (Set{kPena}));
  EXPECT_EQ(FoundSet("580-555-0100"), (Set{kLaundromat}));
  EXPECT_TRUE(Found("555-0100").size() == 1u);
  EXPECT_TRUE(Found("(405) 555-0000").empty());
}

TEST_F(AccountSearchTest, FindsByEmail) {
  EXPECT_EQ(FoundSet("mlopez@example.com"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("MLopez@Example.com"), (Set{kLopez}));
  EXPECT_EQ(FoundSet("maria@work.example.org"), (Set{kLopez})) << "the second email";
  EXPECT_EQ(FoundSet("jpena@example.org"), (Set{kPena}));
}

TEST_F(AccountSearchTest, ConfidentialContactsAreNotSearchedWhenExcluded) {
  constexpr auto kExclude = ContactMatching::kExcludeConfidential;
  EXPECT_TRUE(Found("4055550999", kExclude).empty());
  EXPECT_TRUE(Found("555-0999", kExclude).empty());
  EXPECT_TRUE(Found("shelter@example.net", kExclude).empty());
  EXPECT_TRUE(Found("shelter", kExclude).empty());
  // The name and the service address are not contact details.
  EXPECT_EQ(FoundSet("hidden", kExclude), (Set{kSecret}));
  EXPECT_EQ(FoundSet("quiet", kExclude), (Set{kSecret}));
  EXPECT_EQ(FoundSet(Number(kSecret), kExclude), (Set{kSecret}));
}

TEST_F(AccountSearchTest, ConfidentialContactsAreFoundWhenIncluded) {
  constexpr auto kInclude = ContactMatching::kIncludeConfidential;
  EXPECT_EQ(FoundSet("4055550999", kInclude), (Set{kSecret}));
  EXPECT_EQ(FoundSet("555-0999", kInclude), (Set{kSecret}));
  EXPECT_EQ(FoundSet("shelter@example.net", kInclude), (Set{kSecret}));
  // Everyone else's contacts are found either way.
  EXPECT_EQ(FoundSet("555-0142", kInclude), (Set{kLopez}));
}

TEST_F(AccountSearchTest, SummariesCarryWhatTheResultListShows) {
  const auto lopez = Search("maria lopez").items;
  ASSERT_EQ(lopez.size(), 1u);
  EXPECT_EQ(lopez[0].id, ids_.at(kLopez));
  EXPECT_EQ(lopez[0].number, AccountNumber::FromSequence(kLopez));
  EXPECT_EQ(lopez[0].status, AccountStatus::kPending);
  EXPECT_EQ(lopez[0].customer_name, "Maria Lopez");
  EXPECT_EQ(lopez[0].service_address, "1204 N Broadway Ave");
  EXPECT_EQ(lopez[0].phone_digits, "4055550142") << "the first phone";
  EXPECT_EQ(lopez[0].email, "mlopez@example.com") << "the first email";
  EXPECT_FALSE(lopez[0].confidential);
  EXPECT_TRUE(lopez[0].customer_id.valid());
  EXPECT_TRUE(lopez[0].premise_id.valid());

  const auto pena = Search("elm").items;
  ASSERT_EQ(pena.size(), 1u);
  EXPECT_EQ(pena[0].service_address, "300 Elm St, Apt 2");

  const auto business = Search("laundromat").items;
  ASSERT_EQ(business.size(), 1u);
  EXPECT_EQ(business[0].customer_name, "Sooner Laundromat LLC");
  EXPECT_EQ(business[0].email, "");

  const auto secret = Search("hidden").items;
  ASSERT_EQ(secret.size(), 1u);
  EXPECT_TRUE(secret[0].confidential);
}

TEST_F(AccountSearchTest, AnEmptyQueryListsAccountsByNumber) {
  const auto page = Search("");
  std::vector<std::int64_t> sequences;
  for (const AccountSummary& summary : page.items) sequences.push_back(summary.number.sequence());
  EXPECT_EQ(sequences,
            (std::vector<std::int64_t>{kLopez, kPena, kSecret, kLaundromat, kLopezGarcia}));
  EXPECT_FALSE(page.next_after.has_value());
}

TEST_F(AccountSearchTest, OffsetPagesAreDisjointAndCoverEveryMatch) {
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    for (int i = 0; i < 11; ++i) {
      Add(*transaction, Person("Page", "Walker" + std::to_string(i), {}, {"w@example.com"}),
          At(std::to_string(100 + i) + " Broadway Ave"), 100000100 + i);
    }
    ASSERT_TRUE(transaction->Commit().ok());
  }
  for (const std::string& text : {std::string("broadway"), std::string("")}) {
    const std::size_t expected = text.empty() ? 16u : 13u;
    PageRequest page;
    page.page_size = 4;
    std::vector<std::int64_t> seen;
    int pages = 0;
    for (; pages < 20; ++pages) {
      const auto listed = Search(text, ContactMatching::kExcludeConfidential, page);
      EXPECT_LE(listed.items.size(), 4u);
      for (const AccountSummary& summary : listed.items) {
        seen.push_back(summary.number.sequence());
      }
      if (!listed.next_after) break;
      page.after = *listed.next_after;
    }
    EXPECT_EQ(seen.size(), expected) << "query \"" << text << "\"";
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), seen.size())
        << "a page repeated an account for \"" << text << "\"";
    EXPECT_EQ(pages + 1, static_cast<int>((expected + 3) / 4));
  }
}

TEST_F(AccountSearchTest, ReindexReplacesTheEntryRatherThanAddingOne) {
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->search().Reindex(ids_.at(kLopez)).ok());
    ASSERT_TRUE(transaction->search().Reindex(ids_.at(kLopez)).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_EQ(Found("maria lopez"), (std::vector<std::int64_t>{kLopez}));
  EXPECT_EQ(Search("").items.size(), 5u);
}

TEST_F(AccountSearchTest, ReindexOfAnUnknownAccountIsNotFound) {
  auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
  const Status status = transaction->search().Reindex(AccountId(999));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
}

TEST_F(AccountSearchTest, AnAccountWithoutASearchEntryIsNotFoundByText) {
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    test::InsertAccountRecords(*transaction, Person("Unindexed", "Person", {}, {"u@example.com"}),
                               At("1 Nowhere Rd"), 100000200);
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_TRUE(Found("unindexed").empty());
}

TEST_F(AccountSearchTest, SearchTextCannotInjectFtsSyntax) {
  for (const char* text : {"\"", "lopez OR maria", "NEAR(lopez maria)", "lop* ", "name:lopez",
                           "-lopez", "^maria", "{name}: x", "lopez\"*) OR (\"maria"}) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    const auto found = transaction->search().Search(
        ParseSearchQuery(text), ContactMatching::kExcludeConfidential, PageRequest{});
    EXPECT_TRUE(found.ok()) << text << ": " << found.error().message;
  }
  // "OR" is just a word that must match too, not an operator.
  EXPECT_TRUE(Found("lopez OR zzz").empty());
  EXPECT_EQ(FoundSet("lopez OR"), (Set{kLopez})) << "\"or\" is a prefix of \"org\"";
}

TEST_F(AccountSearchTest, TextCutInTheMiddleOfACharacterIsStillSearchable) {
  // ParseSearchQuery reads the first 200 bytes; here they end inside a two-byte "é".
  const std::string text = std::string(199, 'a') + "\xC3\xA9";
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const auto found = transaction->search().Search(
      ParseSearchQuery(text), ContactMatching::kExcludeConfidential, PageRequest{});
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_TRUE(found->items.empty());
}

TEST_F(AccountSearchTest, AQueryThatMatchesNothingGivesAnEmptyLastPage) {
  const auto page = Search("zzzz");
  EXPECT_TRUE(page.items.empty());
  EXPECT_FALSE(page.next_after.has_value());
}

// A query that matches more accounts than are worth ranking ("broadway" in a big city) still pages
// through every match exactly once, and an exact account number still comes first.
TEST(AccountSearchManyMatchesTest, PagesThroughMoreThan2000MatchesWithoutOverlap) {
  constexpr int kMatching = 2010;
  test::TestApp app;
  app.AddReferenceData();
  {
    auto transaction = app.store().Begin(TransactionMode::kWrite).value();
    for (int index = 0; index < kMatching; ++index) {
      const AccountId id = test::InsertAccountRecords(
          *transaction, Person("Many", "Match", {}, {"m@example.com"}),
          At(std::to_string(index + 1) + " Broadway Ave"), 100000000 + index);
      ASSERT_TRUE(transaction->search().Reindex(id).ok());
    }
    ASSERT_TRUE(transaction->Commit().ok());
  }
  PageRequest page;
  page.page_size = kPageSizeMax;
  std::set<std::int64_t> seen;
  int rows = 0;
  for (int pages = 0; pages < 100; ++pages) {
    auto transaction = app.store().Begin(TransactionMode::kRead).value();
    const auto found =
        transaction->search()
            .Search(ParseSearchQuery("broadway"), ContactMatching::kExcludeConfidential, page)
            .value();
    for (const AccountSummary& summary : found.items) seen.insert(summary.number.sequence());
    rows += static_cast<int>(found.items.size());
    if (!found.next_after) break;
    page.after = *found.next_after;
  }
  EXPECT_EQ(rows, kMatching);
  EXPECT_EQ(static_cast<int>(seen.size()), kMatching);

  const AccountNumber last = AccountNumber::FromSequence(100000000 + kMatching - 1);
  auto transaction = app.store().Begin(TransactionMode::kRead).value();
  const auto exact = transaction->search()
                         .Search(ParseSearchQuery(last.text()),
                                 ContactMatching::kExcludeConfidential, PageRequest{})
                         .value();
  ASSERT_FALSE(exact.items.empty());
  EXPECT_EQ(exact.items[0].number, last);
}

}  // namespace
}  // namespace cistern
