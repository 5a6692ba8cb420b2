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
#include "care-sync-token.h"
#include "care-tasks-page.h"
#include "care-today-page.h"

/* Sync runs whenever the home has a commissioner endpoint and a token; the
 * Sync page then shows it live. Without either, the page shows the outbox
 * and says that no commissioner is configured. The app never waits for it. */
static CareSync *
start_sync (CareStore *store)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (store);
  const char *url = setting ? care_record_get_string (setting, "endpoint_url") : NULL;
  g_autofree char *token = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSync) sync = NULL;

  if (url == NULL)
    return NULL;
  token = care_sync_token_load (&error);
  if (token == NULL)
    {
      g_message ("Sync is not started: %s", error ? error->message : "no commissioner token is saved");
      return NULL;
    }
  sync = care_sync_new (store, url, token, &error);
  ca_file = care_store_get_setting (store, "sync_ca_file");
  if (sync != NULL && ca_file != NULL && !care_sync_set_ca_file (sync, ca_file, &error))
    g_clear_object (&sync);
  if (sync == NULL)
    {
      g_message ("Sync is not started: %s", error->message);
      return NULL;
    }
  care_sync_start (sync);
  return g_steal_pointer (&sync);
}

static GtkWidget *
new_sync_page (CareStore *store)
{
  GtkWidget *page = care_sync_page_new (store);
  g_autoptr(CareSync) sync = start_sync (store);

  if (sync != NULL)
    care_sync_page_set_sync (CARE_SYNC_PAGE (page), sync);
  return page;
}

void
care_window_register_pages (CareWindow *self,
                            CareStore  *store)
{
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
                        care_tasks_page_new (store),
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
                        new_sync_page (store),
                        CARE_ROLE_MANAGER);
}
