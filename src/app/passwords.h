// Password hashing (argon2id) and random tokens, through libsodium.
#pragma once

#include <string>

#include "core/result.h"

namespace cistern {

// libsodium's encoded argon2id string, with the interactive cost limits.
Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& encoded_hash, const std::string& password);

// 32 random bytes as 64 hex characters.
std::string RandomToken();

// Hex BLAKE2b-256 of a token, for storing session tokens without storing the token.
std::string HashToken(const std::string& token);

}  // namespace cistern
