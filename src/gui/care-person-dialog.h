/* care-person-dialog.h: adding a person, or correcting their details
 *
 * A new person is saved as typed; a change to someone's details is a
 * correction, a new version that needs a reason, asked for in a reason
 * dialog. Every check (dates, the NHS number's check digit, required
 * fields, the manager's role) is the core's.
 */
#pragma once

#include <adwaita.h>

#include "care-reason-dialog.h"
#include "care-record.h"
#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_PERSON_DIALOG (care_person_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CarePersonDialog, care_person_dialog, CARE, PERSON_DIALOG, AdwWindow)

CarePersonDialog *care_person_dialog_new            (GtkWindow        *parent,
                                                     CareStore        *store,
                                                     CareSession      *session,
                                                     CareRecord       *person);
CareReasonDialog *care_person_dialog_save           (CarePersonDialog *self);
const char       *care_person_dialog_get_error_text (CarePersonDialog *self);

G_END_DECLS
