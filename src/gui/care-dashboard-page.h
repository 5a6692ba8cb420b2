/* care-dashboard-page.h: the manager's morning view
 *
 * The core's alert counts, each row opening onto the list behind it and a
 * way to the page where it is dealt with.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_DASHBOARD_PAGE (care_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (CareDashboardPage, care_dashboard_page, CARE, DASHBOARD_PAGE, AdwBin)

void care_dashboard_page_refresh (CareDashboardPage *self);

G_END_DECLS
