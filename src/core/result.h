// Result<T> and Error: how expected failures travel across module boundaries.
//
// An expected failure (bad input, missing record, conflicting update, missing permission) is a
// value, not an exception. Error carries a code (which HTTP maps to a status), a stable
// machine-readable reason such as "ACCOUNT_NUMBER_CHECK_DIGIT", a sentence for a person, and the
// input field it concerns (empty when it concerns none). Exceptions are kept for bugs and for the
// truly exceptional; adapters whose libraries throw convert at their edge.
#pragma once

#include <cassert>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace cistern {

enum class ErrorCode {
  kInvalidArgument,     // the input is wrong: fix it and try again (400)
  kUnauthenticated,     // no valid session (401)
  kPermissionDenied,    // signed in, but the role may not do this (403)
  kNotFound,            // the record does not exist (404)
  kConflict,            // the record changed or already exists (409)
  kFailedPrecondition,  // the record is in the wrong state for this action (422)
  kResourceExhausted,   // too many attempts: wait, then retry (429)
  kUnavailable,         // busy or shutting down: safe to retry (503)
  kInternal,            // a bug or a broken invariant (500)
};

// Stable text for each code ("INVALID_ARGUMENT"), used in the API and logs.
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string reason;   // UPPER_SNAKE machine-readable reason, stable across releases
  std::string message;  // one sentence for a person
  std::string field;    // the input field concerned, or empty

  static Error InvalidArgument(std::string field, std::string reason, std::string message) {
    return {ErrorCode::kInvalidArgument, std::move(reason), std::move(message), std::move(field)};
  }
  static Error NotFound(std::string reason, std::string message, std::string field = {}) {
    return {ErrorCode::kNotFound, std::move(reason), std::move(message), std::move(field)};
  }
  static Error Conflict(std::string reason, std::string message, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(reason), std::move(message), std::move(field)};
  }
  static Error FailedPrecondition(std::string reason, std::string message, std::string field = {}) {
    return {ErrorCode::kFailedPrecondition, std::move(reason), std::move(message),
            std::move(field)};
  }
  static Error PermissionDenied(std::string reason, std::string message) {
    return {ErrorCode::kPermissionDenied, std::move(reason), std::move(message), {}};
  }
  static Error Unauthenticated(std::string reason, std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(reason), std::move(message), {}};
  }
  static Error ResourceExhausted(std::string reason, std::string message) {
    return {ErrorCode::kResourceExhausted, std::move(reason), std::move(message), {}};
  }
  static Error Unavailable(std::string reason, std::string message) {
    return {ErrorCode::kUnavailable, std::move(reason), std::move(message), {}};
  }
  static Error Internal(std::string reason, std::string message) {
    return {ErrorCode::kInternal, std::move(reason), std::move(message), {}};
  }
};

// Thrown only when code asks a Result for the value it does not hold: always a bug.
class BadResultAccess : public std::logic_error {
 public:
  explicit BadResultAccess(const Error& error)
      : std::logic_error("value() on a failed Result: " + error.reason + ": " + error.message) {}
};

// Holds either a T or an Error. Modeled on std::expected; [[nodiscard]] so a failure cannot be
// dropped by accident.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    if (!ok()) throw BadResultAccess(std::get<1>(state_));
    return std::get<0>(state_);
  }
  const T& value() const& {
    if (!ok()) throw BadResultAccess(std::get<1>(state_));
    return std::get<0>(state_);
  }
  // By value, not T&&: `for (auto& x : Make().value())` must not dangle when the temporary
  // Result dies at the end of the full expression.
  T value() && {
    if (!ok()) throw BadResultAccess(std::get<1>(state_));
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    if (ok()) throw std::logic_error("error() on a successful Result");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    if (ok()) throw std::logic_error("error() on a successful Status");
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

inline Status OkStatus() { return {}; }

}  // namespace cistern

// Returns the error from the enclosing function when `expr` (a Result or Status) failed.
#define CISTERN_RETURN_IF_ERROR(expr)                          \
  do {                                                         \
    auto&& cistern_status_ = (expr);                           \
    if (!cistern_status_.ok()) return cistern_status_.error(); \
  } while (0)

#define CISTERN_CONCAT_INNER_(a, b) a##b
#define CISTERN_CONCAT_(a, b) CISTERN_CONCAT_INNER_(a, b)

// Declares `lhs` from the value of a Result, or returns its error from the enclosing function.
#define CISTERN_ASSIGN_OR_RETURN(lhs, expr)                    \
  auto CISTERN_CONCAT_(cistern_result_, __LINE__) = (expr);    \
  if (!CISTERN_CONCAT_(cistern_result_, __LINE__).ok())        \
    return CISTERN_CONCAT_(cistern_result_, __LINE__).error(); \
  lhs = std::move(CISTERN_CONCAT_(cistern_result_, __LINE__)).value()
