#include "app/audit.h"
#include "app/notes.h"
#include "domain/audit/record_fields.h"

namespace cistern {

Result<NoteView> AddNote(const AppContext& context, const Caller& caller, AccountId account_id,
                         const std::string& text) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteNotes));
  CISTERN_ASSIGN_OR_RETURN(std::string clean_text, NormalizeNoteText(text, "text"));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_RETURN_IF_ERROR(transaction->accounts().Get(account_id));
  NoteView view;
  view.note.account_id = account_id;
  view.note.text = std::move(clean_text);
  view.note.author_id = caller.user_id;
  view.note.created_at = context.clock.Now();
  view.author_name = caller.display_name;
  CISTERN_ASSIGN_OR_RETURN(view.note.id, transaction->notes().Insert(view.note));
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"note.create", "note", view.note.id.value(), account_id, {}, NoteFields(view.note)}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<Page<NoteView>> ListNotes(const AppContext& context, const Caller& caller,
                                 AccountId account_id, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_RETURN_IF_ERROR(transaction->accounts().Get(account_id));
  return transaction->notes().ListForAccount(account_id, page);
}

}  // namespace cistern
