/* care-pages.c: the pages of the window and who may see them
 *
 * The one place that says which pages exist. The sidebar lists them in the
 * order they are added here, and someone who signs in lands on the first
 * one their role may see, so the manager's Dashboard comes first and a
 * carer lands on Today.
 *
 * Add one line per page, in this order: Dashboard, Today, People,
 * Delegated tasks, Reviews, Staff and competencies, Liberty safeguards,
 * History and audit, Sync.
 */
#include "config.h"

#include "care-window.h"

#include <glib/gi18n.h>

#include "care-audit-page.h"
#include "care-dashboard-page.h"
#include "care-liberty-page.h"
#include "care-people-page.h"
#include "care-reviews-page.h"
#include "care-staff-page.h"
#include "care-sync-page.h"
#include "care-tasks-page.h"
#include "care-today-page.h"

/* Each page is built the first time it is needed (care-window.h). */

static GtkWidget *
new_dashboard_page (CareWindow *window,
                    CareStore  *store)
{
  return g_object_new (CARE_TYPE_DASHBOARD_PAGE, "store", store, NULL);
}

static GtkWidget *
new_today_page (CareWindow *window,
                CareStore  *store)
{
  return care_today_page_new (store);
}

static GtkWidget *
new_people_page (CareWindow *window,
                 CareStore  *store)
{
  return care_people_page_new (store);
}

/* A decision on a task the commissioner proposed is the commissioner's to
 * apply first, so the Delegated Tasks page follows the Sync page's CareSync. */
static GtkWidget *
new_tasks_page (CareWindow *window,
                CareStore  *store)
{
  GtkWidget *page = care_tasks_page_new (store);

  g_object_bind_property (care_window_get_page (window, "sync"), "sync", page, "sync", G_BINDING_SYNC_CREATE);
  return page;
}

static GtkWidget *
new_reviews_page (CareWindow *window,
                  CareStore  *store)
{
  return care_reviews_page_new (store);
}

static GtkWidget *
new_staff_page (CareWindow *window,
                CareStore  *store)
{
  return care_staff_page_new (store);
}

static GtkWidget *
new_liberty_page (CareWindow *window,
                  CareStore  *store)
{
  return care_liberty_page_new (store);
}

static GtkWidget *
new_audit_page (CareWindow *window,
                CareStore  *store)
{
  return care_audit_page_new (store);
}

/* The Sync page owns the window's CareSync and starts it from the home's
 * settings (endpoint, CA file, token from the keyring or its file) without
 * making the window wait; Preferences restarts it after a change. */
static GtkWidget *
new_sync_page (CareWindow *window,
               CareStore  *store)
{
  GtkWidget *page = care_sync_page_new (store);

  care_sync_page_start (CARE_SYNC_PAGE (page));
  return page;
}

void
care_window_register_pages (CareWindow *self,
                            CareStore  *store)
{
  care_window_add_page (self, "dashboard", _("Dashboard"), "view-grid-symbolic",
                        new_dashboard_page, CARE_ROLE_MANAGER);
  care_window_add_page (self, "today", _("Today"), "x-office-calendar-symbolic",
                        new_today_page, CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "people", _("People"), "system-users-symbolic",
                        new_people_page, CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "tasks", _("Delegated Tasks"), "emblem-documents-symbolic",
                        new_tasks_page, CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "reviews", _("Reviews"), "task-due-symbolic",
                        new_reviews_page, CARE_ROLE_PRACTITIONER | CARE_ROLE_MANAGER);
  care_window_add_page (self, "staff", _("Staff and Competencies"), "user-info-symbolic",
                        new_staff_page, CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "liberty", _("Liberty Safeguards"), "security-medium-symbolic",
                        new_liberty_page, CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "audit", _("History and Audit"), "document-open-recent-symbolic",
                        new_audit_page, CARE_ROLE_MANAGER);
  care_window_add_page (self, "sync", _("Sync"), "emblem-synchronizing-symbolic",
                        new_sync_page, CARE_ROLE_MANAGER);
  /* Sync runs whether or not anyone looks at its page. */
  care_window_get_page (self, "sync");
}
