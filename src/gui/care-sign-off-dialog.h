/* care-sign-off-dialog.h: a competency sign-off, signed by the assessor
 *
 * Whoever is signed in at the PC, the assessing registered practitioner
 * chooses their name and types their own PIN in this dialog. The dialog
 * signs them in for this one sign-off, records it through the core as
 * theirs, and drops that session at once, so the record's assessor is the
 * practitioner who assessed, never the person who happened to be signed in.
 */
#pragma once

#include <adwaita.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_SIGN_OFF_DIALOG (care_sign_off_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareSignOffDialog, care_sign_off_dialog, CARE, SIGN_OFF_DIALOG, AdwWindow)

CareSignOffDialog *care_sign_off_dialog_new    (GtkWindow         *parent,
                                                CareStore         *store,
                                                const char        *staff_uuid);
gboolean           care_sign_off_dialog_select (CareSignOffDialog *self,
                                                const char        *staff_uuid,
                                                const char        *task_type_uuid,
                                                const char        *person_uuid,
                                                const char        *assessor_uuid);
gboolean           care_sign_off_dialog_save   (CareSignOffDialog *self);

G_END_DECLS
