// Note: free text a user writes on an account. Notes are never edited or deleted; a correction
// is a new note.
#pragma once

#include <string>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"

namespace cistern {

struct Note {
  NoteId id;
  AccountId account_id;
  std::string text;
  UserId author_id;
  Instant created_at;
};

constexpr std::size_t kMaxNoteLength = 4000;

// Trims the text and checks it is 1 to 4000 characters of valid UTF-8. Returns the trimmed text.
Result<std::string> NormalizeNoteText(const std::string& text, const std::string& field);

}  // namespace cistern
