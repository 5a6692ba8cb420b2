/* care-staff-editor.h: a staff member's record, new or corrected
 *
 * Name, role, professional register for practitioners, organisation,
 * contact and whether they still work here, and their sign-in PIN, which
 * is only ever kept as a hash. A change to an existing record is a
 * correction and needs a reason; the core checks every field and that
 * only a manager manages staff.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_STAFF_EDITOR (care_staff_editor_get_type ())

G_DECLARE_FINAL_TYPE (CareStaffEditor, care_staff_editor, CARE, STAFF_EDITOR, AdwWindow)

CareStaffEditor *care_staff_editor_new  (GtkWindow       *parent,
                                         CareSession     *session,
                                         const char      *staff_uuid);
gboolean         care_staff_editor_save (CareStaffEditor *self);

G_END_DECLS
