#include "domain/search/search_query.h"

#include <cctype>

#include "core/text.h"

namespace cistern {
namespace {

// True when the text holds only digits and phone punctuation: "(405) 555-0142", "555.0142".
bool OnlyPhoneCharacters(const std::string& text) {
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '(' && c != ')' && c != '-' &&
        c != '.' && c != ' ' && c != '+') {
      return false;
    }
  }
  return true;
}

}  // namespace

SearchQuery ParseSearchQuery(const std::string& raw_text) {
  SearchQuery query;
  std::string text(Trim(std::string_view(raw_text).substr(0, kSearchTextMax)));
  if (text.empty()) return query;
  query.blank = false;

  if (AccountNumber::LooksLikeAccountNumber(text)) {
    auto number = AccountNumber::Parse(text);
    if (number.ok()) query.account_number = *number;
  }
  if (OnlyPhoneCharacters(text)) {
    std::string digits = DigitsOnly(text);
    if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
    if (digits.size() == 7 || digits.size() == 10) query.phone_digits = digits;
  }
  // Words: runs of letters and digits (and any non-ASCII byte, so names like "Peña" stay whole).
  std::string word;
  auto flush = [&] {
    if (!word.empty() && query.words.size() < kSearchWordsMax) query.words.push_back(word);
    word.clear();
  };
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || byte >= 0x80) {
      word += static_cast<char>(std::tolower(byte));
    } else {
      flush();
    }
  }
  flush();
  return query;
}

}  // namespace cistern
