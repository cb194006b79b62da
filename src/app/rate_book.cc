#include "app/rate_book.h"

#include <sodium.h>

#include <mutex>

#include "app/audit.h"

namespace cistern {
namespace {

std::string Sha256Hex(const std::string& text) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Status RequireParser(const AppContext& context) {
  if (context.rate_parser == nullptr) {
    return Error::FailedPrecondition("RATES_UNAVAILABLE",
                                     "This program was started without a rate file reader.");
  }
  return OkStatus();
}

// Every version of every file, checked together.
Result<RateBook> BuildBook(const AppContext& context, const std::vector<RateFileRecord>& files) {
  std::vector<RateVersion> versions;
  for (const RateFileRecord& file : files) {
    CISTERN_ASSIGN_OR_RETURN(auto parsed, context.rate_parser->Parse(file.text, file.name));
    for (RateVersion& version : parsed) versions.push_back(std::move(version));
  }
  return RateBook::Make(std::move(versions));
}

// The last book built, keyed by the hashes of the files it was built from (rate files are only
// ever added, so the same files make the same book).
struct BookCache {
  std::mutex mutex;
  std::string key;
  std::shared_ptr<const RateBook> book;
};
BookCache& Cache() {
  static BookCache cache;
  return cache;
}

}  // namespace

Result<std::shared_ptr<const RateBook>> LoadedRateBook(const AppContext& context,
                                                       Transaction& transaction) {
  CISTERN_RETURN_IF_ERROR(RequireParser(context));
  CISTERN_ASSIGN_OR_RETURN(auto files, transaction.billing().RateFiles());
  std::string key;
  for (const RateFileRecord& file : files) key += file.sha256;
  BookCache& cache = Cache();
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    if (cache.book && cache.key == key) return cache.book;
  }
  if (files.empty()) {
    return Error::FailedPrecondition("RATES_NOT_LOADED",
                                     "No rates are loaded; load the city's rate file with"
                                     " `cistern rates load FILE`.");
  }
  CISTERN_ASSIGN_OR_RETURN(RateBook book, BuildBook(context, files));
  auto shared = std::make_shared<const RateBook>(std::move(book));
  std::lock_guard<std::mutex> lock(cache.mutex);
  cache.key = std::move(key);
  cache.book = shared;
  return shared;
}

Result<RatesLoaded> LoadRateFile(const AppContext& context, const Caller& caller,
                                 const std::string& name, const std::string& text) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kManageRates));
  CISTERN_RETURN_IF_ERROR(RequireParser(context));
  CISTERN_ASSIGN_OR_RETURN(auto parsed, context.rate_parser->Parse(text, name));
  if (parsed.empty()) {
    return Error::InvalidArgument("file", "RATE_FILE_EMPTY", name + " defines no rate version.");
  }
  const std::string hash = Sha256Hex(text);
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto files, transaction->billing().RateFiles());
  RatesLoaded loaded;
  for (const RateFileRecord& file : files) {
    if (file.sha256 == hash) {
      loaded.already_loaded = true;
      return loaded;
    }
  }
  CISTERN_ASSIGN_OR_RETURN(auto existing, transaction->billing().RateVersions());
  for (const RateVersion& version : parsed) {
    for (const RateVersionRecord& record : existing) {
      if (record.effective_on == version.effective) {
        return Error::Conflict("RATE_VERSION_EXISTS",
                               "Rates effective " + FormatDate(version.effective) +
                                   " are already loaded; history is never overwritten. Give the"
                                   " new rates their own effective date.",
                               "effective");
      }
    }
  }
  files.push_back(RateFileRecord{0, name, hash, text, context.clock.Now(), caller.user_id});
  CISTERN_RETURN_IF_ERROR(BuildBook(context, files));  // the whole book must still hold together
  CISTERN_ASSIGN_OR_RETURN(std::int64_t file_id,
                           transaction->billing().InsertRateFile(files.back()));
  for (const RateVersion& version : parsed) {
    RateVersionRecord record{version.effective, version.name, version.ordinance, file_id};
    CISTERN_RETURN_IF_ERROR(transaction->billing().InsertRateVersion(record));
    CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                        {"rates.load",
                                         "rate_file",
                                         file_id,
                                         std::nullopt,
                                         {},
                                         {{"file", name},
                                          {"sha256", hash},
                                          {"effective", FormatDate(version.effective)},
                                          {"ordinance", version.ordinance}}}));
    loaded.versions.push_back(record);
  }
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return loaded;
}

Result<std::shared_ptr<const RateBook>> GetRateBook(const AppContext& context,
                                                    const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return LoadedRateBook(context, *transaction);
}

Result<Quote> QuoteWithLoadedRates(const AppContext& context, const Caller& caller,
                                   const QuoteInput& input) {
  CISTERN_ASSIGN_OR_RETURN(auto book, GetRateBook(context, caller));
  return QuoteBill(*book, input);
}

Result<std::vector<RateVersionRecord>> ListRateVersions(const AppContext& context,
                                                        const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->billing().RateVersions();
}

}  // namespace cistern
