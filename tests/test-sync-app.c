/* test-sync-app.c: the whole app against a real commissioner on loopback
 *
 * The in-process main window, signed in as the manager, with the endpoint
 * saved in the care setting and the token in its file (no keyring runs in
 * the tests), talking to the real care-commissioner process:
 *
 *   offline-then-online  the server is down: the app records, the Sync
 *                        page counts it as waiting; the server starts: it
 *                        arrives exactly once, the page shows the success
 *                        and nothing pending; a proposal made on the
 *                        server appears awaiting a decision, authored by
 *                        the commissioner.
 *   decisions            a proposal accepted through the decision dialog
 *                        is applied on the server first, then here; one
 *                        another device declined first is refused with the
 *                        server's status and nothing changes here; a task
 *                        the commissioner withdrew cannot be started; with
 *                        the server down a decision says it needs a
 *                        connection; a task typed in here needs none.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "care-decision-dialog.h"
#include "care-form-test-util.h"
#include "care-form-util.h"
#include "care-store-private.h"
#include "care-sync-page.h"
#include "care-sync-token.h"
#include "care-tasks-page.h"
#include "care-test-server.h"

#define WAIT_MS 30000

typedef struct
{
  CareFixture     f;
  CareTestServer  s;
  CareWindow     *window;
  CareSyncPage   *sync_page;
  CareTasksPage  *tasks_page;
} AppFixture;

/* ---- set-up ------------------------------------------------------------ */

static void
save_endpoint (AppFixture *t)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (t->f.store);
  g_autoptr(GError) error = NULL;

  care_record_set_string (setting, "endpoint_url", t->s.url);
  care_session_save (t->f.manager, setting, "The commissioner's test server", &error);
  g_assert_no_error (error);
}

static gboolean
sync_started (gpointer data)
{
  AppFixture *t = data;

  return !care_sync_page_is_starting (t->sync_page) && care_sync_page_get_sync (t->sync_page) != NULL;
}

/* @data: "online" starts the server before the window; otherwise only its
 * port is learnt and it stays down. */
static void
app_setup (AppFixture    *t,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CareSync *sync;

  care_fixture_setup (&t->f, NULL);
  care_test_server_init (&t->s, t->f.dir);
  care_test_server_start (&t->s);
  if (g_strcmp0 (data, "online") != 0)
    care_test_server_stop (&t->s);
  save_endpoint (t);
  care_sync_token_save (t->s.token, &error);
  g_assert_no_error (error);

  t->window = care_gui_test_main_window (t->f.store);
  g_assert_nonnull (care_gui_test_sign_in (t->window, "Priya", CARE_GUI_TEST_PIN));
  t->sync_page = CARE_SYNC_PAGE (care_window_get_page (t->window, "sync"));
  t->tasks_page = CARE_TASKS_PAGE (care_window_get_page (t->window, "tasks"));
  g_assert_true (care_gui_test_wait_until (sync_started, t, WAIT_MS));
  sync = care_sync_page_get_sync (t->sync_page);
  /* The policy is the app's; short waits keep the test quick. */
  care_sync_set_backoff_cap (sync, 0.3);
  care_sync_set_timeout (sync, 5);
}

static void
app_teardown (AppFixture    *t,
              gconstpointer  data)
{
  g_autofree char *token_file = care_sync_token_default_path ();

  care_form_test_close_others (GTK_WINDOW (t->window));
  gtk_window_destroy (GTK_WINDOW (t->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (token_file);
  care_test_server_clear (&t->s);
  care_fixture_teardown (&t->f, NULL);
}

/* ---- helpers ----------------------------------------------------------- */

static CareSync *
app_sync (AppFixture *t)
{
  CareSync *sync = care_sync_page_get_sync (t->sync_page);

  g_assert_nonnull (sync);
  return sync;
}

static gint64
server_count (AppFixture *t,
              const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (t->s.db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
server_task_status (AppFixture *t,
                    const char *task_id,
                    gint64     *version)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *status = NULL;

  g_assert_cmpint (sqlite3_open_v2 (t->s.db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT status, version FROM tasks WHERE id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, task_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return status;
}

static char *
local_status (AppFixture *t,
              const char *uuid,
              guint      *versions)
{
  g_autoptr(GPtrArray) all = care_store_load_versions (t->f.store, CARE_KIND_DELEGATED_TASK, uuid, NULL);
  CareRecord *last;

  if (all == NULL || all->len == 0)
    return NULL;
  last = g_ptr_array_index (all, all->len - 1);
  if (versions != NULL)
    *versions = all->len;
  return g_strdup (care_record_get_string (last, "status"));
}

static gboolean
drained (gpointer data)
{
  AppFixture *t = data;
  CareSync *sync = care_sync_page_get_sync (t->sync_page);

  return sync != NULL && care_sync_get_state (sync) == CARE_SYNC_IDLE
         && care_sync_get_pending_count (sync) == 0 && care_sync_get_last_success (sync) > 0;
}

static void
sync_now (AppFixture *t)
{
  /* Sync Now, as the manager presses it on the Sync page. */
  gtk_widget_activate_action (GTK_WIDGET (t->sync_page), "sync.now", NULL);
  if (!care_gui_test_wait_until (drained, t, WAIT_MS))
    g_error ("not drained: state %d, pending %" G_GINT64_FORMAT ", last error %s",
             care_sync_get_state (app_sync (t)), care_sync_get_pending_count (app_sync (t)),
             care_sync_get_last_error (app_sync (t)));
}

static gboolean
task_taken_in (AppFixture *t,
               const char *task_id)
{
  g_autoptr(CareRecord) task = care_store_load (t->f.store, CARE_KIND_DELEGATED_TASK, task_id, NULL);

  return task != NULL;
}

/* An attempt already under way may have read the feed before the proposal
 * was made; Sync Now again until it is here. */
static void
sync_until_taken_in (AppFixture *t,
                     const char *task_id)
{
  for (guint i = 0; i < 5 && !task_taken_in (t, task_id); i++)
    sync_now (t);
  g_assert_true (task_taken_in (t, task_id));
}

static char *
propose (AppFixture *t)
{
  g_autofree char *task_id = g_uuid_string_random ();
  g_autofree char *json = g_strdup_printf (
    "{\"task_id\": \"%s\", \"fields\": {\"person_uuid\": \"%s\", \"task_type_uuid\": \"%s\", "
    "\"practitioner_name\": \"Jo Evans\", \"practitioner_profession\": \"District nurse\", "
    "\"practitioner_register\": \"NMC\", \"practitioner_number\": \"98B7654C\", "
    "\"practitioner_org\": \"Leicestershire Partnership NHS Trust\", \"delegated_on\": \"2026-03-05\", "
    "\"instructions\": \"Apply emollient to both shins after washing.\", \"schedule_kind\": \"times\", "
    "\"schedule_times\": \"09:00\", \"start_date\": \"2026-03-06\", \"review_interval_days\": 14, "
    "\"consent_basis\": \"consent\"}}",
    task_id, t->f.person_uuid, t->f.cream_type_uuid);
  g_autofree char *file = g_build_filename (t->s.dir, "proposal.json", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  out = care_test_commissioner ("propose", "--db", t->s.db, "--provider", PROVIDER_ID, "--json", file, NULL);
  g_assert_nonnull (strstr (out, task_id));
  return g_steal_pointer (&task_id);
}

static const char *
row_value (GtkWidget  *root,
           const char *title)
{
  GtkWidget *row = care_gui_test_find (root, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
row_shows_count (GtkWidget  *root,
                 const char *title,
                 gint64      count)
{
  GtkWidget *row = care_gui_test_find (root, ADW_TYPE_ACTION_ROW, title);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  g_assert_nonnull (row);
  return care_gui_test_find_text (row, text) != NULL;
}

/* ---- offline, then online ---------------------------------------------- */

static gboolean
retrying (gpointer data)
{
  AppFixture *t = data;

  return care_sync_get_state (app_sync (t)) == CARE_SYNC_RETRYING;
}

static void
test_offline_then_online (AppFixture    *t,
                          gconstpointer  data)
{
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *admin_sql = NULL;
  g_autofree char *event_sql = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *author_sql = NULL;
  g_autofree char *event_id = NULL;
  gint64 pending;

  /* The server is down: the first attempt fails and is retried later. */
  g_assert_true (care_gui_test_wait_until (retrying, t, WAIT_MS));

  /* The app works: an administration is recorded and waits. */
  admin = care_test_new_admin (&t->f, t->f.cream_task_uuid, "08:00", CARE_TEST_NOW - 3600, "done");
  g_assert_true (care_administration_record (t->f.carer, admin, &error));
  g_assert_no_error (error);
  admin_sql = g_strdup_printf ("SELECT count(*) FROM events WHERE entity_uuid = '%s' AND sync_state = 'pending'",
                               care_record_get_uuid (admin));
  g_assert_cmpint (care_test_count_rows (t->f.store, admin_sql), ==, 1);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (t->f.store),
                                         "SELECT event_id FROM events WHERE entity_uuid = ?1", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, care_record_get_uuid (admin), -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    event_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }

  /* The Sync page counts it as waiting and says what went wrong. */
  g_assert_true (care_window_show_page (t->window, "sync"));
  care_sync_page_refresh (t->sync_page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  pending = care_store_count_events (t->f.store, "pending");
  g_assert_cmpint (pending, >, 0);
  g_assert_true (row_shows_count (GTK_WIDGET (t->sync_page), "Waiting to be sent", pending));
  g_assert_cmpstr (row_value (GTK_WIDGET (t->sync_page), "Last successful sync"), ==, "Never");
  /* Kept until an attempt succeeds, whichever try is under way now. */
  g_assert_cmpstr (row_value (GTK_WIDGET (t->sync_page), "Last problem"), !=, "None");
  g_assert_cmpint (server_count (t, "SELECT count(*) FROM events"), ==, 0);

  /* The server starts: Sync Now sends it, exactly once. */
  care_test_server_start (&t->s);
  sync_now (t);
  event_sql = g_strdup_printf ("SELECT count(*) FROM events WHERE event_id = '%s'", event_id);
  g_assert_cmpint (server_count (t, event_sql), ==, 1);
  g_free (admin_sql);
  admin_sql = g_strdup_printf ("SELECT count(*) FROM events WHERE entity_uuid = '%s'", care_record_get_uuid (admin));
  g_assert_cmpint (server_count (t, admin_sql), ==, 1);
  g_assert_cmpint (care_store_count_events (t->f.store, "rejected"), ==, 0);
  g_assert_cmpint (server_count (t, "SELECT count(*) FROM events"), ==,
                   care_test_count_rows (t->f.store, "SELECT count(*) FROM events WHERE sync_state = 'acked'"));
  g_assert_cmpint (server_count (t, "SELECT count(*) - count(DISTINCT event_id) FROM events"), ==, 0);
  /* The server offers gzip and the app used it. */
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count(*) FROM sync_log WHERE summary LIKE '%before gzip%'"),
                   >, 0);

  care_sync_page_refresh (t->sync_page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_true (row_shows_count (GTK_WIDGET (t->sync_page), "Waiting to be sent", 0));
  g_assert_cmpstr (row_value (GTK_WIDGET (t->sync_page), "Last successful sync"), !=, "Never");
  g_assert_cmpstr (row_value (GTK_WIDGET (t->sync_page), "Last problem"), ==, "None");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->sync_page), "Running; waiting for the next regular attempt"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "sync-app-synced");

  /* A proposal made on the server comes in, awaiting a decision, and the
   * change log says the commissioner made it. */
  task_id = propose (t);
  sync_until_taken_in (t, task_id);
  g_assert_true (care_window_show_page (t->window, "tasks"));
  care_tasks_page_refresh (t->tasks_page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->tasks_page), "Awaiting a decision (1)"));
  g_assert_nonnull (care_form_find_named (GTK_WIDGET (t->tasks_page), task_id));
  author_sql = g_strdup_printf ("SELECT count(*) FROM events WHERE entity_uuid = '%s' AND actor_uuid IS NULL "
                                "AND actor_name = 'Commissioner (sync): Jo Evans'", task_id);
  g_assert_cmpint (care_test_count_rows (t->f.store, author_sql), ==, 1);
  care_tasks_page_select_task (t->tasks_page, task_id);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->tasks_page), "by Commissioner (sync): Jo Evans"));
}

/* ---- decisions --------------------------------------------------------- */

static GtkWidget *
open_decision (AppFixture *t,
               const char *task_id)
{
  g_autoptr(GPtrArray) questions = care_delegation_questions (t->f.store, NULL);
  GtkWidget *dialog;

  g_assert_true (care_tasks_page_select_task (t->tasks_page, task_id));
  gtk_widget_activate_action (GTK_WIDGET (t->tasks_page), "tasks.decide", NULL);
  dialog = care_form_test_find_window (CARE_TYPE_DECISION_DIALOG);
  g_assert_nonnull (dialog);
  for (guint i = 0; i < questions->len; i++)
    care_decision_dialog_set_answer (CARE_DECISION_DIALOG (dialog),
                                     care_record_get_string (g_ptr_array_index (questions, i), "code"), "yes");
  return dialog;
}

static gboolean
not_busy (gpointer data)
{
  return !care_decision_dialog_is_busy (CARE_DECISION_DIALOG (data));
}

/* Accept pressed: the dialog stays open until the commissioner answers. */
static const char *
accept_and_wait (GtkWidget *dialog)
{
  care_form_test_click (care_gui_test_find (dialog, GTK_TYPE_BUTTON, "Accept Task"));
  g_assert_true (care_gui_test_wait_until (not_busy, dialog, WAIT_MS));
  return care_form_test_error (dialog, CARE_TYPE_DECISION_DIALOG);
}

/* Another computer of the same home declines the task first, through the
 * provider's own API. */
static void
decline_elsewhere (AppFixture *t,
                   const char *task_id)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/tasks/%s/transitions", t->s.url, task_id);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", t->s.token);
  g_autofree char *event_id = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"to_status\": \"declined\", \"reason\": \"Declined on the office PC\", "
                                           "\"event_id\": \"%s\"}", event_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", "\"1\"");
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  reply = soup_session_send_and_read (t->s.http, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static GtkWidget *
find_message_dialog (void)
{
  return care_form_test_find_window (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
message_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
test_decisions (AppFixture    *t,
                gconstpointer  data)
{
  g_autofree char *accepted = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *offline = NULL;
  g_autofree char *status = NULL;
  g_autofree char *report = NULL;
  g_autoptr(CareRecord) local_task = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *message;
  const char *text;
  gint64 version = 0;
  gint64 events_before;
  guint versions = 0;

  accepted = propose (t);
  stale = propose (t);
  offline = propose (t);
  sync_until_taken_in (t, accepted);
  sync_until_taken_in (t, stale);
  sync_until_taken_in (t, offline);
  g_assert_true (care_window_show_page (t->window, "tasks"));
  care_tasks_page_refresh (t->tasks_page);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->tasks_page), "Awaiting a decision (3)"));

  /* Accepted through the decision dialog: on the server first (version 2),
   * then here through the core's rules. */
  dialog = open_decision (t, accepted);
  g_assert_true (gtk_widget_get_visible (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "commissioner_label")));
  /* The core's rules come first: a "no" is refused here and nothing is
   * sent, nor kept by the check. */
  events_before = care_store_count_events (t->f.store, NULL);
  care_decision_dialog_set_answer (CARE_DECISION_DIALOG (dialog), "stable", "no");
  text = accept_and_wait (dialog);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "cannot be accepted while the answer"));
  status = server_task_status (t, accepted, &version);
  g_assert_cmpstr (status, ==, "proposed");
  g_assert_cmpint (version, ==, 1);
  g_clear_pointer (&status, g_free);
  g_assert_cmpint (care_store_count_events (t->f.store, NULL), ==, events_before);
  care_decision_dialog_set_answer (CARE_DECISION_DIALOG (dialog), "stable", "yes");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  care_form_test_click (care_gui_test_find (dialog, GTK_TYPE_BUTTON, "Accept Task"));
  g_assert_true (care_gui_test_wait_until (care_form_test_window_gone, &dialog, WAIT_MS));
  status = server_task_status (t, accepted, &version);
  g_assert_cmpstr (status, ==, "accepted");
  g_assert_cmpint (version, ==, 2);
  g_clear_pointer (&status, g_free);
  status = local_status (t, accepted, &versions);
  g_assert_cmpstr (status, ==, "accepted");
  g_assert_cmpuint (versions, ==, 2);
  g_assert_cmpint (care_sync_get_server_version (app_sync (t), accepted), ==, 2);
  report = care_test_commissioner ("report", "--db", t->s.db, "--provider", PROVIDER_ID, NULL);
  g_assert_nonnull (strstr (report, accepted));
  g_assert_nonnull (strstr (report, "accepted"));
  g_clear_pointer (&status, g_free);

  /* Declined on another computer first: the server says so (412 with its
   * state), the dialog shows it, and nothing changes here. */
  decline_elsewhere (t, stale);
  dialog = open_decision (t, stale);
  text = accept_and_wait (dialog);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "The commissioner changed this task in the meantime: it is now declined"));
  care_gui_test_screenshot (dialog, "decision-dialog-stale");
  status = local_status (t, stale, &versions);
  g_assert_cmpstr (status, ==, "proposed");
  g_assert_cmpuint (versions, ==, 1);
  g_clear_pointer (&status, g_free);
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The page shows the commissioner's status beside the local one. */
  care_tasks_page_select_task (t->tasks_page, stale);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->tasks_page), "Commissioner: Declined"));

  /* The commissioner withdraws the accepted task; starting it here is
   * refused with the commissioner's status, and it stays accepted. */
  g_free (care_test_commissioner ("transition", "--db", t->s.db, "--task", accepted, "--to", "withdrawn",
                                  "--reason", "Care moved to the district nursing team", NULL));
  care_tasks_page_select_task (t->tasks_page, accepted);
  gtk_widget_activate_action (GTK_WIDGET (t->tasks_page), "tasks.activate", NULL);
  g_assert_true (care_gui_test_wait_until (message_shown, NULL, WAIT_MS));
  message = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message)), ==,
                   "The Commissioner Changed This Task");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "it is now withdrawn"));
  gtk_window_destroy (GTK_WINDOW (message));
  status = local_status (t, accepted, &versions);
  g_assert_cmpstr (status, ==, "accepted");
  g_assert_cmpuint (versions, ==, 2);
  g_clear_pointer (&status, g_free);

  /* The server is down: a decision on a commissioner's task needs it. */
  care_test_server_stop (&t->s);
  dialog = open_decision (t, offline);
  text = accept_and_wait (dialog);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "needs a connection to the commissioner"));
  g_assert_nonnull (strstr (text, "Nothing was changed"));
  status = local_status (t, offline, &versions);
  g_assert_cmpstr (status, ==, "proposed");
  g_assert_cmpuint (versions, ==, 1);
  g_clear_pointer (&status, g_free);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A task typed in here is decided here alone, online or not. */
  {
    g_autofree char *eye_drops = care_test_type_uuid (&t->f, "eye-drops");

    local_task = care_test_new_task (&t->f, t->f.person_uuid, eye_drops);
  }
  g_assert_true (care_delegation_propose (t->f.manager, local_task, &error));
  g_assert_no_error (error);
  care_tasks_page_refresh (t->tasks_page);
  dialog = open_decision (t, care_record_get_uuid (local_task));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "commissioner_label")));
  care_form_test_click_and_close (care_gui_test_find (dialog, GTK_TYPE_BUTTON, "Accept Task"), &dialog);
  status = local_status (t, care_record_get_uuid (local_task), NULL);
  g_assert_cmpstr (status, ==, "accepted");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("care-sync-app-XXXXXX", NULL);
  int status;

  /* The token goes to a file of this run's own, never a real keyring. */
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("CARE_TOKEN_STORE", "file", TRUE);
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

  g_test_add ("/sync-app/offline-then-online", AppFixture, "offline", app_setup, test_offline_then_online,
              app_teardown);
  g_test_add ("/sync-app/decisions", AppFixture, "online", app_setup, test_decisions, app_teardown);
  status = g_test_run ();
  care_test_remove_tree (config);
  return status;
}
