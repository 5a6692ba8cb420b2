/* care-application.h: the application, which owns the open store
 *
 * One instance runs at a time. It decides which database is open: the care
 * home's own, or the demonstration home's.
 */
#pragma once

#include <adwaita.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_APPLICATION (care_application_get_type ())

G_DECLARE_FINAL_TYPE (CareApplication, care_application, CARE, APPLICATION, AdwApplication)

CareApplication *care_application_new           (void);
CareStore       *care_application_get_store     (CareApplication *self);
char            *care_application_db_path       (void);
char            *care_application_demo_db_path  (void);

G_END_DECLS
