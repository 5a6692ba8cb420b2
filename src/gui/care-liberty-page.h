/* care-liberty-page.h: liberty safeguards
 *
 * The alerts the core raises (restrictions with no screening, screenings
 * due again, authorisations running out, outcomes not told to the CQC),
 * and per person their factor-based screenings and DoLS/LPS cases.
 * Managers and senior carers record and update them; everyone sees them.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_LIBERTY_PAGE (care_liberty_page_get_type ())

G_DECLARE_FINAL_TYPE (CareLibertyPage, care_liberty_page, CARE, LIBERTY_PAGE, AdwBin)

GtkWidget  *care_liberty_page_new           (CareStore       *store);
void        care_liberty_page_refresh       (CareLibertyPage *self);
gboolean    care_liberty_page_select_person (CareLibertyPage *self,
                                             const char      *person_uuid);
guint       care_liberty_page_get_n_alerts  (CareLibertyPage *self);

G_END_DECLS
