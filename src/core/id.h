// Id<Tag>: a strong identifier, so an AccountId cannot be passed where a CustomerId is wanted.
//
// The value is the store's 64-bit row id. The API shows ids as strings with a short prefix per
// kind ("acct_42", "cust_7"); core/id_text.h converts.
#pragma once

#include <cstdint>
#include <functional>

namespace cistern {

template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t value) : value_(value) {}
  constexpr std::int64_t value() const { return value_; }
  constexpr bool valid() const { return value_ > 0; }
  friend constexpr auto operator<=>(Id, Id) = default;

 private:
  std::int64_t value_ = 0;
};

using CustomerId = Id<struct CustomerTag>;
using PremiseId = Id<struct PremiseTag>;
using AccountId = Id<struct AccountTag>;
using NoteId = Id<struct NoteTag>;
using UserId = Id<struct UserTag>;
using AuditEventId = Id<struct AuditEventTag>;
using JournalEntryId = Id<struct JournalEntryTag>;
using PaymentId = Id<struct PaymentTag>;
using DrawerId = Id<struct DrawerTag>;
using AdjustmentId = Id<struct AdjustmentTag>;
using RefundId = Id<struct RefundTag>;
using ServiceId = Id<struct ServiceTag>;
using MeterId = Id<struct MeterTag>;
using ReadingId = Id<struct ReadingTag>;
using ReadingExceptionId = Id<struct ReadingExceptionTag>;
using BillingRunId = Id<struct BillingRunTag>;
using BillId = Id<struct BillTag>;

}  // namespace cistern

template <typename Tag>
struct std::hash<cistern::Id<Tag>> {
  std::size_t operator()(cistern::Id<Tag> id) const noexcept {
    return std::hash<std::int64_t>()(id.value());
  }
};
