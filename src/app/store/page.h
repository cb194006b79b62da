// Pagination for every list: a page size and an opaque position, and a page that says where the
// next one starts.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"

namespace cistern {

constexpr int kPageSizeDefault = 20;
constexpr int kPageSizeMax = 100;

struct PageRequest {
  int page_size = kPageSizeDefault;  // 1..kPageSizeMax, checked by the caller
  std::int64_t after = 0;            // position after which the page starts; 0 = the start
};

// Use cases refuse a page size outside 1..kPageSizeMax before it reaches the store.
inline Status CheckPage(const PageRequest& page) {
  if (page.page_size < 1 || page.page_size > kPageSizeMax) {
    return Error::InvalidArgument("page_size", "PAGE_SIZE_INVALID",
                                  "page_size must be a whole number from 1 to 100.");
  }
  if (page.after < 0) {
    return Error::InvalidArgument("page_token", "PAGE_TOKEN_INVALID",
                                  "page_token is not one this server gave out.");
  }
  return OkStatus();
}

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::int64_t> next_after;  // set when another page follows
};

}  // namespace cistern
