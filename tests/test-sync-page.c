/* test-sync-page.c: the outbox shown truthfully, with and without a sync */
#include "config.h"

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
  care_form_test_close_others (t->window);
  gtk_window_destroy (t->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  care_fixture_teardown (&t->f, data);
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

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

#define ADD(path, fn) g_test_add ("/sync-page/" path, SyncFixture, NULL, sync_setup, fn, sync_teardown)
  ADD ("counts", test_counts);
  ADD ("with-sync", test_with_sync);
#undef ADD

  return g_test_run ();
}
