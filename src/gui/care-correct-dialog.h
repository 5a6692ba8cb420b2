/* care-correct-dialog.h: corrects any record, field by field, with a reason
 *
 * The form is built from the record kind's schema, so every kind can be
 * corrected the same way. References to other records, instants and lists
 * are shown but not edited here: they change through the record's own
 * actions. The correction is saved as the next version through the core,
 * which checks the fields, the role and that a reason is given.
 */
#pragma once

#include <adwaita.h>

#include "care-record.h"
#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_CORRECT_DIALOG (care_correct_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareCorrectDialog, care_correct_dialog, CARE, CORRECT_DIALOG, AdwWindow)

CareCorrectDialog *care_correct_dialog_new       (GtkWindow         *parent,
                                                  CareSession       *session,
                                                  CareRecord        *current);
GtkWidget         *care_correct_dialog_get_field (CareCorrectDialog *self,
                                                  const char        *field);
gboolean           care_correct_dialog_save      (CareCorrectDialog *self);

G_END_DECLS
