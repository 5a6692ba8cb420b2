/* test-sync-page.c: the outbox shown truthfully, with and without a sync */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "care-form-test-util.h"
#include "care-form-util.h"
#include "care-store-private.h"
#include "care-sync-page.h"

typedef struct
{
  CareFixture   f;
  GtkWindow    *window;
  CareSyncPage *page;
} SyncFixture;

static void
sync_setup (SyncFixture   *t,
            gconstpointer  data)
{
  care_fixture_setup (&t->f, data);
  t->page = CARE_SYNC_PAGE (care_sync_page_new (t->f.store));
  t->window = care_gui_test_window (GTK_WIDGET (t->page), 900, 760);
}

static void
sync_teardown (SyncFixture   *t,
               gconstpointer  data)
{
  care_form_test_teardown (t->window, &t->f, data);
}

static void
exec (SyncFixture *t,
      const char  *sql)
{
  g_assert_cmpint (sqlite3_exec (_care_store_get_db (t->f.store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static const char *
row_value (SyncFixture *t,
           const char  *title)
{
  GtkWidget *row = care_gui_test_find (GTK_WIDGET (t->page), ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
test_counts (SyncFixture   *t,
             gconstpointer  data)
{
  g_autofree char *pending = g_strdup_printf ("%" G_GINT64_FORMAT, care_store_count_events (t->f.store, "pending"));

  g_object_set (t->page, "session", t->f.manager, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  /* Read from the events table itself. */
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "No commissioner is configured"));
  g_assert_cmpstr (row_value (t, "Commissioner"), ==, "None configured");
  g_assert_cmpstr (row_value (t, "Last successful sync"), ==, "Never");
  {
    GtkWidget *row = care_gui_test_find (GTK_WIDGET (t->page), ADW_TYPE_ACTION_ROW, "Waiting to be sent");
    g_assert_nonnull (care_gui_test_find_text (row, pending));
  }
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_SYNC_PAGE, "sync_button")));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Nothing has been rejected."));

  /* One item sent, one refused with the server's words; and a success. */
  exec (t, "UPDATE events SET sync_state = 'acked' WHERE local_seq = 1");
  exec (t, "UPDATE events SET sync_state = 'rejected', problem = 'Unknown provider ID' WHERE local_seq = 2");
  exec (t, "INSERT INTO sync_state (key, value) VALUES ('last_success', '1773140400')");
  care_sync_page_refresh (t->page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  {
    GtkWidget *row = care_gui_test_find (GTK_WIDGET (t->page), ADW_TYPE_ACTION_ROW, "Rejected");
    g_assert_nonnull (care_gui_test_find_text (row, "1"));
    row = care_gui_test_find (GTK_WIDGET (t->page), ADW_TYPE_ACTION_ROW, "Received by the commissioner");
    g_assert_nonnull (care_gui_test_find_text (row, "1"));
  }
  g_assert_cmpstr (row_value (t, "Last successful sync"), ==, "10 Mar 2026, 11:00");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Problem: Unknown provider ID"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "sync-page");

  /* Locked: nothing stays on screen. */
  g_object_set (t->page, "session", NULL, NULL);
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (t->page), "Unknown provider ID"));
}

static void
test_with_sync (SyncFixture   *t,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSync) sync = care_sync_new (t->f.store, "https://commissioner.example.org/api", "secret-token", &error);

  g_assert_no_error (error);
  g_object_set (t->page, "session", t->f.manager, "sync", sync, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_true (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_SYNC_PAGE, "sync_button")));
  g_assert_cmpstr (row_value (t, "Sync"), ==, "Stopped");
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (t->page), "No commissioner is configured"));
  g_object_set (t->page, "sync", NULL, NULL);
}

static gboolean
started (gpointer data)
{
  return !care_sync_page_is_starting (CARE_SYNC_PAGE (data));
}

/* An endpoint but no token: the page says why nothing is sent. */
static void
test_problem (SyncFixture   *t,
              gconstpointer  data)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (t->f.store);
  g_autoptr(GError) error = NULL;

  care_record_set_string (setting, "endpoint_url", "https://commissioner.example.org/api");
  g_assert_true (care_session_save (t->f.manager, setting, "New commissioner service", &error));
  g_assert_no_error (error);
  g_object_set (t->page, "session", t->f.manager, NULL);
  care_sync_page_start (t->page);
  g_assert_true (care_gui_test_wait_until (started, t->page, 10000));
  g_assert_null (care_sync_page_get_sync (t->page));
  g_assert_nonnull (strstr (care_sync_page_get_problem (t->page), "No commissioner token is saved"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "sync cannot run: No commissioner token is saved"));
  g_assert_cmpstr (row_value (t, "Sync"), ==, "Not running");
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_SYNC_PAGE, "sync_button")));
}

static gboolean
attempt_failed (gpointer data)
{
  return care_sync_get_state (CARE_SYNC (data)) == CARE_SYNC_RETRYING;
}

/* Sync Now runs an attempt at once; its failure is shown as the last
 * problem, in the sync's words. */
static void
test_sync_now (SyncFixture   *t,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Port 1 on loopback: refused at once. */
  g_autoptr(CareSync) sync = care_sync_new (t->f.store, "http://127.0.0.1:1", "secret-token-0123456789", &error);

  g_assert_no_error (error);
  g_object_set (t->page, "session", t->f.manager, "sync", sync, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_cmpint (care_sync_get_state (sync), ==, CARE_SYNC_STOPPED);
  g_assert_cmpstr (row_value (t, "Last problem"), ==, "None");

  care_form_test_click (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_SYNC_PAGE, "sync_button"));
  g_assert_true (care_gui_test_wait_until (attempt_failed, sync, 10000));
  g_assert_cmpstr (row_value (t, "Last problem"), !=, "None");
  g_assert_cmpstr (row_value (t, "Last problem"), ==, care_sync_get_last_error (sync));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "The last attempt failed; trying again at"));
  care_sync_stop (sync);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("care-sync-page-XXXXXX", NULL);
  int status;

  /* No token is saved for these tests, and no keyring is asked. */
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("CARE_TOKEN_STORE", "file", TRUE);
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

#define ADD(path, fn) g_test_add ("/sync-page/" path, SyncFixture, NULL, sync_setup, fn, sync_teardown)
  ADD ("counts", test_counts);
  ADD ("with-sync", test_with_sync);
  ADD ("problem", test_problem);
  ADD ("sync-now", test_sync_now);
#undef ADD

  status = g_test_run ();
  g_rmdir (config);
  return status;
}
