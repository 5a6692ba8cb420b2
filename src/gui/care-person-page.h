/* care-person-page.h: one person's record, as a district nurse reviews it
 *
 * Details (with age and the 16–17 flag), delegated tasks, the MAR-style
 * chart of the last four weeks (earlier weeks on demand) with its legend,
 * observations and escalations, oversight reviews, liberty safeguards, and
 * the person's whole administration history as a lazy, paged list. Print
 * and PDF export of the record; managers correct the details here.
 */
#pragma once

#include <adwaita.h>

#include "care-mar-grid.h"
#include "care-paged-model.h"
#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_PERSON_PAGE (care_person_page_get_type ())

G_DECLARE_FINAL_TYPE (CarePersonPage, care_person_page, CARE, PERSON_PAGE, AdwBin)

GtkWidget      *care_person_page_new              (CareStore      *store);
void            care_person_page_refresh          (CarePersonPage *self);
void            care_person_page_set_person       (CarePersonPage *self,
                                                   const char     *person_uuid);
const char     *care_person_page_get_person       (CarePersonPage *self);
void            care_person_page_earlier_weeks    (CarePersonPage *self);
void            care_person_page_later_weeks      (CarePersonPage *self);
const char     *care_person_page_get_from_date    (CarePersonPage *self);
const char     *care_person_page_get_to_date      (CarePersonPage *self);
CareMarGrid    *care_person_page_get_grid         (CarePersonPage *self);
CarePagedModel *care_person_page_get_history      (CarePersonPage *self);
gboolean        care_person_page_export_pdf       (CarePersonPage *self,
                                                   const char     *path,
                                                   GError        **error);

G_END_DECLS
