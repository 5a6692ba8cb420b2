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

/* The Sync page owns the window's CareSync and starts it from the home's
 * settings (endpoint, CA file, token from the keyring or its file) without
 * making the window wait; Preferences restarts it after a change. The
 * Delegated Tasks page follows it, because a decision on a task the
 * commissioner proposed is the commissioner's to apply first. */
static GtkWidget *
new_sync_page (CareStore *store,
               GtkWidget *tasks_page)
{
  GtkWidget *page = care_sync_page_new (store);

  g_object_bind_property (page, "sync", tasks_page, "sync", G_BINDING_SYNC_CREATE);
  care_sync_page_start (CARE_SYNC_PAGE (page));
  return page;
}

void
care_window_register_pages (CareWindow *self,
                            CareStore  *store)
{
  GtkWidget *tasks_page = care_tasks_page_new (store);

  care_window_add_page (self, "dashboard", _("Dashboard"), "view-grid-symbolic",
                        g_object_new (CARE_TYPE_DASHBOARD_PAGE, "store", store, NULL),
                        CARE_ROLE_MANAGER);
  care_window_add_page (self, "today", _("Today"), "x-office-calendar-symbolic",
                        care_today_page_new (store),
                        CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "people", _("People"), "system-users-symbolic",
                        care_people_page_new (store),
                        CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "tasks", _("Delegated Tasks"), "emblem-documents-symbolic",
                        tasks_page,
                        CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "reviews", _("Reviews"), "task-due-symbolic",
                        care_reviews_page_new (store),
                        CARE_ROLE_PRACTITIONER | CARE_ROLE_MANAGER);
  care_window_add_page (self, "staff", _("Staff and Competencies"), "user-info-symbolic",
                        care_staff_page_new (store),
                        CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "liberty", _("Liberty Safeguards"), "security-medium-symbolic",
                        care_liberty_page_new (store),
                        CARE_ROLE_ANY_STAFF);
  care_window_add_page (self, "audit", _("History and Audit"), "document-open-recent-symbolic",
                        care_audit_page_new (store),
                        CARE_ROLE_MANAGER);
  care_window_add_page (self, "sync", _("Sync"), "emblem-synchronizing-symbolic",
                        new_sync_page (store, tasks_page),
                        CARE_ROLE_MANAGER);
}
