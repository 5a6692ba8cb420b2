/* care-case-dialog.h: a DoLS or LPS referral and its authorisation
 *
 * The scheme, urgency, the supervisory or responsible body and its
 * reference, the dates applied, granted and valid, an urgent extension,
 * conditions and their checks, the representative, the outcome and when
 * the CQC was told. The core checks the dates against the scheme's limits
 * and says what is wrong. A saved case is corrected here with a reason.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_CASE_DIALOG (care_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareCaseDialog, care_case_dialog, CARE, CASE_DIALOG, AdwWindow)

CareCaseDialog *care_case_dialog_new  (GtkWindow      *parent,
                                       CareSession    *session,
                                       const char     *person_uuid,
                                       const char     *case_uuid);
gboolean        care_case_dialog_save (CareCaseDialog *self);

G_END_DECLS
