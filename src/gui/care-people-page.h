/* care-people-page.h: everyone the home supports, and each one's record
 *
 * A searchable list (the search runs in SQL, over a lazy paged model) that
 * opens a person's page; managers add people here.
 */
#pragma once

#include <adwaita.h>

#include "care-paged-model.h"
#include "care-person-page.h"
#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_PEOPLE_PAGE (care_people_page_get_type ())

G_DECLARE_FINAL_TYPE (CarePeoplePage, care_people_page, CARE, PEOPLE_PAGE, AdwBin)

GtkWidget      *care_people_page_new            (CareStore      *store);
void            care_people_page_refresh        (CarePeoplePage *self);
void            care_people_page_set_search     (CarePeoplePage *self,
                                                 const char     *text);
CarePagedModel *care_people_page_get_model      (CarePeoplePage *self);
CarePersonPage *care_people_page_get_person_page (CarePeoplePage *self);
void            care_people_page_show_person    (CarePeoplePage *self,
                                                 const char     *person_uuid);
void            care_people_page_show_list      (CarePeoplePage *self);
GtkWindow      *care_people_page_add_person     (CarePeoplePage *self);

G_END_DECLS
