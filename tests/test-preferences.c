/* test-preferences.c: the manager's preferences, saved through the core */
#include "config.h"

#include <glib/gstdio.h>

#include "care-gui-test-util.h"
#include "care-preferences-window.h"
#include "care-sync-page.h"
#include "care-sync-token.h"

typedef struct
{
  CareFixture  f;
  CareWindow  *window;
  GtkWidget   *prefs;
  GSettings   *settings;
} PrefsFixture;

static GtkWindow *
find_toplevel (GType      type,
               GtkWindow *transient_for)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (w), type)
          && (transient_for == NULL || gtk_window_get_transient_for (w) == transient_for)
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
prefs_setup (PrefsFixture  *pf,
             gconstpointer  data)
{
  care_fixture_setup (&pf->f, data);
  pf->settings = g_settings_new (APP_ID);
  g_settings_reset (pf->settings, "lock-timeout-seconds");

  pf->window = care_gui_test_main_window (pf->f.store);
  g_assert_nonnull (care_gui_test_sign_in (pf->window, "Priya", CARE_GUI_TEST_PIN));

  /* Ctrl+comma, as the manager presses it. */
  gtk_widget_activate_action (GTK_WIDGET (pf->window), "win.preferences", NULL);
  pf->prefs = GTK_WIDGET (find_toplevel (CARE_TYPE_PREFERENCES_WINDOW, GTK_WINDOW (pf->window)));
  g_assert_nonnull (pf->prefs);
  gtk_test_widget_wait_for_draw (pf->prefs);
}

static void
prefs_teardown (PrefsFixture  *pf,
                gconstpointer  data)
{
  g_autofree char *token_file = care_sync_token_default_path ();

  /* No test leaves a token for the next one's window to start a sync with. */
  g_unlink (token_file);
  gtk_window_destroy (GTK_WINDOW (pf->window));
  g_clear_object (&pf->settings);
  care_fixture_teardown (&pf->f, data);
}

static GtkWidget *
find (GtkWidget  *root,
      GType       type,
      const char *name)
{
  GtkWidget *widget = care_gui_test_find (root, type, name);

  if (widget == NULL)
    g_error ("no %s “%s”", g_type_name (type), name);
  return widget;
}

static GtkWidget *
reason_dialog (PrefsFixture *pf)
{
  GtkWindow *dialog = find_toplevel (g_type_from_name ("CareReasonDialog"), GTK_WINDOW (pf->prefs));

  g_assert_nonnull (dialog);
  return GTK_WIDGET (dialog);
}

/* Types a reason and presses the dialog's button; returns the core's
 * refusal shown in the dialog, or NULL when it saved and closed. */
static const char *
give_reason (PrefsFixture *pf,
             const char   *reason)
{
  GtkWidget *dialog = reason_dialog (pf);
  GtkWidget *error_label = find (dialog, GTK_TYPE_LABEL, "error_label");

  care_gui_test_type (find (dialog, ADW_TYPE_ENTRY_ROW, "reason_row"), reason);
  care_gui_test_click (find (dialog, GTK_TYPE_BUTTON, "confirm_button"));

  if (find_toplevel (g_type_from_name ("CareReasonDialog"), GTK_WINDOW (pf->prefs)) == NULL)
    return NULL;
  g_assert_true (gtk_widget_get_visible (error_label));
  return gtk_label_get_text (GTK_LABEL (error_label));
}

static CareRecord *
load (PrefsFixture *pf,
      CareKind      kind,
      const char   *field,
      const char   *value)
{
  g_autoptr(GError) error = NULL;
  CareRecord *record = care_store_find_current (pf->f.store, kind, field, value, &error);

  g_assert_no_error (error);
  return record;
}

static void
test_setting_corrected_with_reason (PrefsFixture  *pf,
                                    gconstpointer  data)
{
  g_autoptr(CareRecord) before = care_store_get_setting_record (pf->f.store);
  g_autoptr(CareRecord) after = NULL;
  GtkWidget *name_row = find (pf->prefs, ADW_TYPE_ENTRY_ROW, "setting_name_row");
  GtkWidget *cqc_row = find (pf->prefs, ADW_TYPE_ENTRY_ROW, "cqc_row");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Oak Lodge Care Home");

  care_gui_test_type (name_row, "Oak Lodge Nursing Home");
  care_gui_test_type (cqc_row, "1-123456789");
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "save_setting_button"));

  /* A correction without a reason is refused by the core, in its words. */
  g_assert_cmpstr (give_reason (pf, ""), ==, "A reason is required to correct a record.");
  after = care_store_get_setting_record (pf->f.store);
  g_assert_cmpint (care_record_get_version (after), ==, care_record_get_version (before));
  g_clear_object (&after);

  g_assert_null (give_reason (pf, "Registered as a nursing home"));
  after = care_store_get_setting_record (pf->f.store);
  g_assert_cmpint (care_record_get_version (after), ==, care_record_get_version (before) + 1);
  g_assert_cmpstr (care_record_get_string (after, "name"), ==, "Oak Lodge Nursing Home");
  g_assert_cmpstr (care_record_get_string (after, "cqc_location_id"), ==, "1-123456789");
  g_assert_cmpint (care_test_count_rows (pf->f.store,
                                         "SELECT COUNT(*) FROM events WHERE entity_kind = 'care_setting' "
                                         "AND reason = 'Registered as a nursing home'"), ==, 1);

  /* The window's titles follow the new name. */
  g_assert_nonnull (care_gui_test_find (GTK_WIDGET (pf->window), ADW_TYPE_WINDOW_TITLE, "sidebar_title"));
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (care_gui_test_find (GTK_WIDGET (pf->window), ADW_TYPE_WINDOW_TITLE, "sidebar_title"))),
                   ==, "Oak Lodge Nursing Home");
}

static void
test_setting_bad_input (PrefsFixture  *pf,
                        gconstpointer  data)
{
  g_autoptr(CareRecord) before = care_store_get_setting_record (pf->f.store);
  g_autoptr(CareRecord) after = NULL;
  const char *message;

  /* An empty name: the core names the missing field. */
  care_gui_test_type (find (pf->prefs, ADW_TYPE_ENTRY_ROW, "setting_name_row"), "  ");
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "save_setting_button"));
  message = give_reason (pf, "Tidying up");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Care setting name"));

  after = care_store_get_setting_record (pf->f.store);
  g_assert_cmpint (care_record_get_version (after), ==, care_record_get_version (before));
  g_assert_cmpstr (care_record_get_string (after, "name"), ==, "Oak Lodge Care Home");
}

static void
test_endpoint (PrefsFixture  *pf,
               gconstpointer  data)
{
  g_autoptr(CareRecord) after = NULL;

  care_gui_test_type (find (pf->prefs, ADW_TYPE_ENTRY_ROW, "endpoint_row"), "https://commissioner.example.org/api");
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "save_endpoint_button"));
  g_assert_null (give_reason (pf, "New commissioner service"));

  after = care_store_get_setting_record (pf->f.store);
  g_assert_cmpstr (care_record_get_string (after, "endpoint_url"), ==, "https://commissioner.example.org/api");
}

static AdwExpanderRow *
catalogue_row (PrefsFixture *pf,
               const char   *title)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (find (pf->prefs, ADW_TYPE_EXPANDER_ROW, title));

  adw_expander_row_set_expanded (row, TRUE);
  return row;
}

static void
test_task_type_edit (PrefsFixture  *pf,
                     gconstpointer  data)
{
  AdwExpanderRow *row = catalogue_row (pf, "Topical creams and emollients");
  GtkWidget *grace = find (find (GTK_WIDGET (row), ADW_TYPE_ACTION_ROW, "grace_minutes"), GTK_TYPE_SPIN_BUTTON, NULL);
  GtkWidget *time_critical = find (find (GTK_WIDGET (row), ADW_TYPE_ACTION_ROW, "time_critical"), GTK_TYPE_SWITCH, NULL);
  g_autoptr(CareRecord) before = load (pf, CARE_KIND_TASK_TYPE, "code", "topical-cream");
  g_autoptr(CareRecord) after = NULL;

  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (grace)), ==, 120);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (grace), 90);
  gtk_switch_set_active (GTK_SWITCH (time_critical), TRUE);
  care_gui_test_click (find (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Save Changes…"));
  g_assert_null (give_reason (pf, "Nurse asked for a tighter window"));

  after = load (pf, CARE_KIND_TASK_TYPE, "code", "topical-cream");
  g_assert_cmpint (care_record_get_version (after), ==, care_record_get_version (before) + 1);
  g_assert_cmpint (care_record_get_int (after, "grace_minutes"), ==, 90);
  g_assert_true (care_record_get_bool (after, "time_critical"));
  /* The list shows the new values. */
  g_assert_nonnull (care_gui_test_find_text (pf->prefs, "grace 90 minutes"));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (pf->prefs), "task-types");
  catalogue_row (pf, "Topical creams and emollients");
  care_gui_test_screenshot (pf->prefs, "preferences-task-types");
}

static void
test_task_type_not_delegable_needs_why (PrefsFixture  *pf,
                                        gconstpointer  data)
{
  AdwExpanderRow *row = catalogue_row (pf, "Eye drops");
  GtkWidget *delegable = find (find (GTK_WIDGET (row), ADW_TYPE_ACTION_ROW, "delegable"), GTK_TYPE_SWITCH, NULL);
  g_autoptr(CareRecord) after = NULL;
  const char *message;

  gtk_switch_set_active (GTK_SWITCH (delegable), FALSE);
  care_gui_test_click (find (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Save Changes…"));
  message = give_reason (pf, "Policy change");
  g_assert_cmpstr (message, ==, "Say why “Eye drops” may not be delegated; staff see this reason when it is refused.");

  after = load (pf, CARE_KIND_TASK_TYPE, "code", "eye-drops");
  g_assert_true (care_record_get_bool (after, "delegable"));
}

/* The "Add" form's error label sits under its rows in the group. */
static GtkWidget *
form_error (GtkWidget *group)
{
  return care_gui_test_find_with_class (group, GTK_TYPE_LABEL, "error");
}

static void
test_task_type_add (PrefsFixture  *pf,
                    gconstpointer  data)
{
  GtkWidget *group = find (pf->prefs, ADW_TYPE_PREFERENCES_GROUP, "new_task_type_group");
  GtkWidget *add = find (pf->prefs, GTK_TYPE_BUTTON, "add_task_type_button");
  g_autoptr(CareRecord) added = NULL;

  /* Without a name the core says which field is missing. */
  care_gui_test_type (find (group, ADW_TYPE_ENTRY_ROW, "code"), "nebuliser");
  care_gui_test_type (find (group, ADW_TYPE_ENTRY_ROW, "category"), "Respiratory");
  care_gui_test_click (add);
  g_assert_true (gtk_widget_get_visible (form_error (group)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (form_error (group))), "Name"));
  g_assert_null (load (pf, CARE_KIND_TASK_TYPE, "code", "nebuliser"));

  care_gui_test_type (find (group, ADW_TYPE_ENTRY_ROW, "name"), "Nebuliser");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (find (group, ADW_TYPE_ACTION_ROW, "grace_minutes"),
                                                    GTK_TYPE_SPIN_BUTTON, NULL)), 30);
  care_gui_test_click (add);

  added = load (pf, CARE_KIND_TASK_TYPE, "code", "nebuliser");
  g_assert_nonnull (added);
  g_assert_cmpstr (care_record_get_string (added, "name"), ==, "Nebuliser");
  g_assert_cmpint (care_record_get_int (added, "grace_minutes"), ==, 30);
  g_assert_true (care_record_get_bool (added, "delegable"));
  g_assert_true (care_record_get_bool (added, "active"));
  /* It is listed, and the form is empty for the next one. */
  g_assert_nonnull (care_gui_test_find (pf->prefs, ADW_TYPE_EXPANDER_ROW, "Nebuliser"));
  group = find (pf->prefs, ADW_TYPE_PREFERENCES_GROUP, "new_task_type_group");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (group, ADW_TYPE_ENTRY_ROW, "code"))), ==, "");
}

static void
test_reason_codes (PrefsFixture  *pf,
                   gconstpointer  data)
{
  AdwExpanderRow *row = catalogue_row (pf, "In hospital");
  GtkWidget *active = find (find (GTK_WIDGET (row), ADW_TYPE_ACTION_ROW, "active"), GTK_TYPE_SWITCH, NULL);
  GtkWidget *group = find (pf->prefs, ADW_TYPE_PREFERENCES_GROUP, "new_reason_code_group");
  g_autoptr(CareRecord) hospital = NULL;
  g_autoptr(CareRecord) added = NULL;

  /* Deactivated, never deleted, with a reason. */
  gtk_switch_set_active (GTK_SWITCH (active), FALSE);
  care_gui_test_click (find (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Save Changes…"));
  g_assert_null (give_reason (pf, "Merged into “On leave or away from home”"));
  hospital = load (pf, CARE_KIND_REASON_CODE, "code", "H");
  g_assert_false (care_record_get_bool (hospital, "active"));
  g_assert_nonnull (care_gui_test_find_text (pf->prefs, "Code H, counted as “Away or in hospital” · inactive"));

  care_gui_test_type (find (group, ADW_TYPE_ENTRY_ROW, "code"), "D");
  care_gui_test_type (find (group, ADW_TYPE_ENTRY_ROW, "label"), "Declined by family");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find (group, ADW_TYPE_COMBO_ROW, "canonical")), 0);
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "add_reason_code_button"));

  added = load (pf, CARE_KIND_REASON_CODE, "code", "D");
  g_assert_nonnull (added);
  g_assert_cmpstr (care_record_get_string (added, "canonical"), ==, "refused");
  g_assert_true (care_record_get_bool (added, "active"));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (pf->prefs), "lists");
  care_gui_test_screenshot (pf->prefs, "preferences-lists");
}

static void
test_questions (PrefsFixture  *pf,
                gconstpointer  data)
{
  AdwExpanderRow *row = catalogue_row (pf, "Has the person consented, or is a best-interests decision recorded?");
  GtkWidget *order = find (find (GTK_WIDGET (row), ADW_TYPE_ACTION_ROW, "ordinal"), GTK_TYPE_SPIN_BUTTON, NULL);
  GtkWidget *group = find (pf->prefs, ADW_TYPE_PREFERENCES_GROUP, "new_question_group");
  g_autoptr(CareRecord) consent = NULL;
  g_autoptr(CareRecord) added = NULL;

  /* Moved first by its order number. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (order), 5);
  care_gui_test_click (find (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Save Changes…"));
  g_assert_null (give_reason (pf, "Consent is asked first in our policy"));
  consent = load (pf, CARE_KIND_MATRIX_QUESTION, "code", "consent");
  g_assert_cmpint (care_record_get_int (consent, "ordinal"), ==, 5);

  care_gui_test_type (find (group, ADW_TYPE_ENTRY_ROW, "code"), "equipment");
  care_gui_test_type (find (group, ADW_TYPE_ENTRY_ROW, "question"), "Is the equipment available and maintained?");
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "add_question_button"));
  added = load (pf, CARE_KIND_MATRIX_QUESTION, "code", "equipment");
  g_assert_nonnull (added);
  g_assert_true (care_record_get_bool (added, "active"));
  /* A new question goes after the last one. */
  g_assert_cmpint (care_record_get_int (added, "ordinal"), >, 40);
}

static void
test_lock_timeout (PrefsFixture  *pf,
                   gconstpointer  data)
{
  GtkWidget *spin = find (pf->prefs, GTK_TYPE_SPIN_BUTTON, "lock_timeout_spin");

  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
  g_assert_cmpuint (g_settings_get_uint (pf->settings, "lock-timeout-seconds"), ==, 120);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (pf->prefs), "security");
  care_gui_test_screenshot (pf->prefs, "preferences-security");
}

static void
test_backup_and_restore (PrefsFixture  *pf,
                         gconstpointer  data)
{
  g_autofree char *backup_path = g_build_filename (pf->f.dir, "backup.db", NULL);
  g_autoptr(GFile) backup = g_file_new_for_path (backup_path);
  g_autofree char *late_uuid = NULL;
  g_autoptr(CareRecord) late = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(CareRecord) manager = NULL;
  AdwMessageDialog *confirm;
  const char *name;
  gboolean kept = FALSE;

  g_assert_true (care_preferences_window_backup_to (CARE_PREFERENCES_WINDOW (pf->prefs), backup));
  g_assert_true (g_file_test (backup_path, G_FILE_TEST_IS_REGULAR));

  /* A staff member added after the backup is gone once it is restored. */
  late_uuid = care_test_add_staff (&pf->f, "Late Starter", "care_worker");

  /* Cancelling changes nothing. */
  confirm = care_preferences_window_confirm_restore (CARE_PREFERENCES_WINDOW (pf->prefs), backup);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "kept beside the database"));
  adw_message_dialog_response (confirm, "cancel");
  late = care_store_load (pf->f.store, CARE_KIND_STAFF, late_uuid, NULL);
  g_assert_nonnull (late);
  g_clear_object (&late);

  confirm = care_preferences_window_confirm_restore (CARE_PREFERENCES_WINDOW (pf->prefs), backup);
  adw_message_dialog_response (confirm, "restore");
  while (g_main_context_iteration (NULL, FALSE))
    ;

  late = care_store_load (pf->f.store, CARE_KIND_STAFF, late_uuid, NULL);
  g_assert_null (late);
  manager = care_store_load (pf->f.store, CARE_KIND_STAFF, pf->f.manager_uuid, NULL);
  g_assert_nonnull (manager);

  /* What was replaced is kept beside the database. */
  dir = g_dir_open (pf->f.dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    kept |= strstr (name, "before-restore") != NULL;
  g_assert_true (kept);

  /* Everyone signs in again; the preferences went with the session. */
  g_assert_null (care_window_get_session (pf->window));
  g_assert_null (find_toplevel (CARE_TYPE_PREFERENCES_WINDOW, NULL));
}

static void
test_restore_bad_file (PrefsFixture  *pf,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (pf->f.dir, "not-a-backup.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwMessageDialog *confirm;

  g_assert_true (g_file_set_contents (path, "shopping list", -1, NULL));
  confirm = care_preferences_window_confirm_restore (CARE_PREFERENCES_WINDOW (pf->prefs), file);
  adw_message_dialog_response (confirm, "restore");

  /* Refused, and the manager stays signed in with the records untouched. */
  g_assert_nonnull (care_window_get_session (pf->window));
  g_assert_true (care_store_is_set_up (pf->f.store));
}

static void
test_screenshot (PrefsFixture  *pf,
                 gconstpointer  data)
{
  care_gui_test_screenshot (pf->prefs, "preferences");
}

/* ---- the commissioner connection ------------------------------------- */

typedef struct
{
  GtkWidget  *root;
  const char *title;
  const char *prefix;
} RowWait;

static gboolean
row_says (gpointer data)
{
  RowWait *w = data;
  GtkWidget *row = care_gui_test_find (w->root, ADW_TYPE_ACTION_ROW, w->title);
  const char *subtitle = row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && g_str_has_prefix (subtitle, w->prefix);
}

static void
wait_for_row (PrefsFixture *pf,
              const char   *title,
              const char   *prefix)
{
  RowWait w = { pf->prefs, title, prefix };

  if (!care_gui_test_wait_until (row_says, &w, 20000))
    g_error ("the row “%s” says “%s”, not “%s…”", title,
             adw_action_row_get_subtitle (ADW_ACTION_ROW (find (pf->prefs, ADW_TYPE_ACTION_ROW, title))), prefix);
}

/* Pasted, saved where the app keeps tokens (no keyring runs here, so the
 * private file), and never shown again. */
static void
test_token_saved (PrefsFixture  *pf,
                  gconstpointer  data)
{
  const char *token = "pasted-test-token-0123456789abcdef";
  g_autofree char *path = care_sync_token_default_path ();
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *token_row = find (pf->prefs, ADW_TYPE_PASSWORD_ENTRY_ROW, "token_row");
  GStatBuf st;

  wait_for_row (pf, "Access token", "No token is saved");
  care_gui_test_type (token_row, token);
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "save_token_button"));
  wait_for_row (pf, "Access token", "Saved in a file only this account can read");

  saved = care_sync_token_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, token);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* The entry is emptied and nothing shows the token. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_row)), ==, "");
  g_assert_null (care_gui_test_find_text (pf->prefs, token));
  /* Never in the care records either. */
  g_assert_cmpint (care_test_count_rows (pf->f.store, "SELECT count(*) FROM events WHERE payload LIKE '%pasted-test-token%'"),
                   ==, 0);
  g_assert_cmpint (care_test_count_rows (pf->f.store, "SELECT count(*) FROM settings WHERE value LIKE '%pasted-test-token%'"),
                   ==, 0);
  /* With no endpoint saved there is nothing to connect to, and it says so. */
  wait_for_row (pf, "Connection", "No commissioner endpoint is saved");

  /* Not a token: refused, the saved one kept. */
  care_gui_test_type (token_row, "two words");
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "save_token_button"));
  g_clear_pointer (&saved, g_free);
  saved = care_sync_token_load_file (path, NULL);
  g_assert_cmpstr (saved, ==, token);
}

static gboolean
sync_running_at (gpointer data)
{
  PrefsFixture *pf = data;
  GtkWidget *page = care_window_get_page (pf->window, "sync");
  CareSync *sync = care_sync_page_get_sync (CARE_SYNC_PAGE (page));

  return sync != NULL && care_sync_get_state (sync) != CARE_SYNC_STOPPED;
}

/* Saving the endpoint starts the sync at once, without restarting the
 * app; Test Connection starts it again and shows the outcome. */
static void
note_subtitle_cb (AdwActionRow *row,
                  GParamSpec   *pspec,
                  GPtrArray    *shown)
{
  g_ptr_array_add (shown, g_strdup (adw_action_row_get_subtitle (row)));
}

static void
test_endpoint_starts_sync (PrefsFixture  *pf,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  GtkWidget *row;
  GtkWidget *page = care_window_get_page (pf->window, "sync");

  g_assert_null (care_sync_page_get_sync (CARE_SYNC_PAGE (page)));
  g_assert_true (care_sync_token_save ("endpoint-test-token-0123456789abcdef", &error));
  g_assert_no_error (error);
  /* Port 1 on loopback: nobody answers, at once. */
  care_gui_test_type (find (pf->prefs, ADW_TYPE_ENTRY_ROW, "endpoint_row"), "http://127.0.0.1:1/");
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "save_endpoint_button"));
  g_assert_null (give_reason (pf, "Commissioner's test service"));

  g_assert_true (care_gui_test_wait_until (sync_running_at, pf, 20000));
  wait_for_row (pf, "Connection", "Not connected: ");

  /* Every text the row shows from the press on: a refused connection on
   * loopback can come back before the press's own main loop turns are
   * done, so the row may already read "Not connected" again by then. */
  row = find (pf->prefs, ADW_TYPE_ACTION_ROW, "Connection");
  shown = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (row, "notify::subtitle", G_CALLBACK (note_subtitle_cb), shown);
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "test_connection_button"));
  wait_for_row (pf, "Connection", "Not connected: ");
  g_signal_handlers_disconnect_by_func (row, note_subtitle_cb, shown);
  g_assert_cmpuint (shown->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, "Starting the sync…");
  g_assert_true (sync_running_at (pf));
}

static void
test_ca_file (PrefsFixture  *pf,
              gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (pf->f.dir, "not-a-ca.pem", NULL);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  const char *system_bundle = "/etc/ssl/certs/ca-certificates.crt";
  g_autofree char *setting = NULL;

  g_assert_true (g_file_set_contents (bad, "not a certificate\n", -1, NULL));
  g_assert_false (care_preferences_window_set_ca_file (CARE_PREFERENCES_WINDOW (pf->prefs), bad_file));
  setting = care_store_get_setting (pf->f.store, "sync_ca_file");
  g_assert_null (setting);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find (pf->prefs, ADW_TYPE_ACTION_ROW, "Certificate authority"))),
                   ==, "This computer's trusted certificates");

  if (g_file_test (system_bundle, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) good = g_file_new_for_path (system_bundle);

      g_assert_true (care_preferences_window_set_ca_file (CARE_PREFERENCES_WINDOW (pf->prefs), good));
      setting = care_store_get_setting (pf->f.store, "sync_ca_file");
      g_assert_cmpstr (setting, ==, system_bundle);
      g_clear_pointer (&setting, g_free);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find (pf->prefs, ADW_TYPE_ACTION_ROW, "Certificate authority"))),
                       ==, system_bundle);
    }
  care_gui_test_click (find (pf->prefs, GTK_TYPE_BUTTON, "clear_ca_button"));
  setting = care_store_get_setting (pf->f.store, "sync_ca_file");
  g_assert_null (setting);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("care-prefs-XXXXXX", NULL);
  g_autofree char *token_file = NULL;
  g_autofree char *token_dir = NULL;
  int status;

  /* Tokens go to this run's own folder, never a real keyring. */
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("CARE_TOKEN_STORE", "file", TRUE);
  token_file = care_sync_token_default_path ();
  token_dir = g_path_get_dirname (token_file);
  care_gui_test_init (&argc, &argv);

  g_test_add ("/preferences/setting/corrected-with-reason", PrefsFixture, NULL,
              prefs_setup, test_setting_corrected_with_reason, prefs_teardown);
  g_test_add ("/preferences/setting/bad-input", PrefsFixture, NULL,
              prefs_setup, test_setting_bad_input, prefs_teardown);
  g_test_add ("/preferences/setting/endpoint", PrefsFixture, NULL,
              prefs_setup, test_endpoint, prefs_teardown);
  g_test_add ("/preferences/task-types/edit", PrefsFixture, NULL,
              prefs_setup, test_task_type_edit, prefs_teardown);
  g_test_add ("/preferences/task-types/not-delegable", PrefsFixture, NULL,
              prefs_setup, test_task_type_not_delegable_needs_why, prefs_teardown);
  g_test_add ("/preferences/task-types/add", PrefsFixture, NULL,
              prefs_setup, test_task_type_add, prefs_teardown);
  g_test_add ("/preferences/reason-codes", PrefsFixture, NULL,
              prefs_setup, test_reason_codes, prefs_teardown);
  g_test_add ("/preferences/questions", PrefsFixture, NULL,
              prefs_setup, test_questions, prefs_teardown);
  g_test_add ("/preferences/lock-timeout", PrefsFixture, NULL,
              prefs_setup, test_lock_timeout, prefs_teardown);
  g_test_add ("/preferences/backup-and-restore", PrefsFixture, NULL,
              prefs_setup, test_backup_and_restore, prefs_teardown);
  g_test_add ("/preferences/restore-bad-file", PrefsFixture, NULL,
              prefs_setup, test_restore_bad_file, prefs_teardown);
  g_test_add ("/preferences/screenshot", PrefsFixture, NULL,
              prefs_setup, test_screenshot, prefs_teardown);
  g_test_add ("/preferences/commissioner/token-saved", PrefsFixture, NULL,
              prefs_setup, test_token_saved, prefs_teardown);
  g_test_add ("/preferences/commissioner/endpoint-starts-sync", PrefsFixture, NULL,
              prefs_setup, test_endpoint_starts_sync, prefs_teardown);
  g_test_add ("/preferences/commissioner/ca-file", PrefsFixture, NULL,
              prefs_setup, test_ca_file, prefs_teardown);

  status = g_test_run ();
  g_unlink (token_file);
  g_rmdir (token_dir);
  g_rmdir (config);
  return status;
}
