/* care-record-dialog.h: recording that a delegated task was done or not
 *
 * One slot of one task (or a when-required dose): done, or not done with a
 * reason code; the time, body site, dose, what was noticed, escalation and
 * witness as the task type asks. The core decides whether the entry may be
 * saved; its refusals are shown in the dialog and nothing typed is lost.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_RECORD_DIALOG (care_record_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareRecordDialog, care_record_dialog, CARE, RECORD_DIALOG, AdwWindow)

CareRecordDialog *care_record_dialog_new            (GtkWindow        *parent,
                                                     CareStore        *store,
                                                     CareSession      *session,
                                                     const char       *task_uuid,
                                                     const char       *slot_date,
                                                     const char       *slot_time);
const char       *care_record_dialog_get_error_text (CareRecordDialog *self);
void              care_record_dialog_save           (CareRecordDialog *self);

G_END_DECLS
