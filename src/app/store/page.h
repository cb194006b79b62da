// Pagination for every list: a page size and an opaque position, and a page that says where the
// next one starts.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace cistern {

constexpr int kPageSizeDefault = 20;
constexpr int kPageSizeMax = 100;

struct PageRequest {
  int page_size = kPageSizeDefault;  // 1..kPageSizeMax, checked by the caller
  std::int64_t after = 0;            // position after which the page starts; 0 = the start
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::int64_t> next_after;  // set when another page follows
};

}  // namespace cistern
