/* care-screening-dialog.h: a factor-based liberty safeguards screening
 *
 * Capacity (with the assessment's reference), the restrictions in place,
 * supervision, freedom to leave and what staff would do, the person's
 * wishes, feelings and objections, family views, the setting, and the
 * screener's outcome and rationale. The form decides nothing: since the
 * June 2026 judgment no single test does, so it records the factors and
 * the reasoning. A saved screening is corrected here with a reason.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_SCREENING_DIALOG (care_screening_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareScreeningDialog, care_screening_dialog, CARE, SCREENING_DIALOG, AdwWindow)

CareScreeningDialog *care_screening_dialog_new  (GtkWindow           *parent,
                                                 CareSession         *session,
                                                 const char          *person_uuid,
                                                 const char          *screening_uuid);
gboolean             care_screening_dialog_save (CareScreeningDialog *self);

G_END_DECLS
