// How each record appears in the audit log: its fields flattened to text, in a stable order.
#pragma once

#include "domain/account/account.h"
#include "domain/account/note.h"
#include "domain/audit/audit_event.h"
#include "domain/customer/customer.h"
#include "domain/premise/premise.h"

namespace cistern {

FieldValues CustomerFields(const Customer& customer);
FieldValues PremiseFields(const Premise& premise);
FieldValues AccountFields(const Account& account);
FieldValues NoteFields(const Note& note);

}  // namespace cistern
