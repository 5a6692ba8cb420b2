/* care-staff-page.h: staff and their competencies
 *
 * The staff list (paged, searched in SQL), a staff member's record and
 * sign-offs, and the competency matrix of all active staff against every
 * task type that may be delegated. Managers manage staff; managers and
 * practitioners sign off and revoke; everyone sees the matrix.
 */
#pragma once

#include <adwaita.h>

#include "care-paged-model.h"
#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_STAFF_PAGE (care_staff_page_get_type ())

G_DECLARE_FINAL_TYPE (CareStaffPage, care_staff_page, CARE, STAFF_PAGE, AdwBin)

GtkWidget      *care_staff_page_new          (CareStore     *store);
void            care_staff_page_refresh      (CareStaffPage *self);
gboolean        care_staff_page_select_staff (CareStaffPage *self,
                                              const char    *staff_uuid);
CarePagedModel *care_staff_page_get_model    (CareStaffPage *self);
void            care_staff_page_show_matrix  (CareStaffPage *self);

G_END_DECLS
