#include "domain/account/note.h"

#include "core/text.h"

namespace cistern {

Result<std::string> NormalizeNoteText(const std::string& text, const std::string& field) {
  std::string trimmed(Trim(text));
  if (trimmed.empty()) {
    return Error::InvalidArgument(field, "FIELD_REQUIRED", "The note is empty.");
  }
  if (!IsValidUtf8(trimmed)) {
    return Error::InvalidArgument(field, "TEXT_NOT_UTF8", "The note is not valid UTF-8 text.");
  }
  if (CountCharacters(trimmed) > kMaxNoteLength) {
    return Error::InvalidArgument(field, "FIELD_TOO_LONG",
                                  "A note has at most 4000 characters; split it into two.");
  }
  return trimmed;
}

}  // namespace cistern
