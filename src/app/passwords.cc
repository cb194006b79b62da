#include "app/passwords.h"

#include <sodium.h>

#include <array>
#include <semaphore>
#include <stdexcept>

namespace cistern {
namespace {

void EnsureSodium() {
  // sodium_init is safe to call from several threads and more than once.
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

// Each argon2id computation takes 64 MiB and tens of milliseconds of one core. A burst of
// sign-ins (or an attacker's) waits here instead of exhausting memory.
constexpr std::ptrdiff_t kConcurrentHashesMax = 4;
std::counting_semaphore<kConcurrentHashesMax>& HashSlots() {
  static std::counting_semaphore<kConcurrentHashesMax> slots(kConcurrentHashesMax);
  return slots;
}

class HashSlot {
 public:
  HashSlot() { HashSlots().acquire(); }
  ~HashSlot() { HashSlots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

std::string ToHex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.resize(size * 2);
  return hex;
}

}  // namespace

Result<std::string> HashPassword(const std::string& password) {
  EnsureSodium();
  std::array<char, crypto_pwhash_STRBYTES> encoded{};
  HashSlot slot;
  if (crypto_pwhash_str_alg(encoded.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::Unavailable("OUT_OF_MEMORY", "Password hashing ran out of memory; try again.");
  }
  return std::string(encoded.data());
}

bool VerifyPassword(const std::string& encoded_hash, const std::string& password) {
  EnsureSodium();
  HashSlot slot;
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  EnsureSodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return ToHex(bytes.data(), bytes.size());
}

std::string HashToken(const std::string& token) {
  EnsureSodium();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return ToHex(digest.data(), digest.size());
}

}  // namespace cistern
