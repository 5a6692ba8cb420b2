/* test-window.c: set-up, sign-in, roles, locking */
#include "config.h"

#include <string.h>

#include "care-gui-test-util.h"
#include "care-store-private.h"

typedef struct
{
  CareFixture  f;
  CareWindow  *window;
  GSettings   *settings;
} WindowFixture;

static void
window_setup (WindowFixture *wf,
              gconstpointer  data)
{
  care_fixture_setup (&wf->f, data);
  wf->settings = g_settings_new (APP_ID);
  g_settings_reset (wf->settings, "lock-timeout-seconds");
  wf->window = care_gui_test_main_window (wf->f.store);
}

static void
window_setup_empty (WindowFixture *wf,
                    gconstpointer  data)
{
  care_fixture_setup_empty (&wf->f, data);
  wf->settings = g_settings_new (APP_ID);
  wf->window = care_gui_test_main_window (wf->f.store);
}

static void
window_teardown (WindowFixture *wf,
                 gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (wf->window));
  g_clear_object (&wf->settings);
  care_fixture_teardown (&wf->f, data);
}

static GtkWidget *
find (WindowFixture *wf,
      GType          type,
      const char    *name)
{
  GtkWidget *widget = care_gui_test_find (GTK_WIDGET (wf->window), type, name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
screen (WindowFixture *wf)
{
  GtkStack *mode = GTK_STACK (find (wf, GTK_TYPE_STACK, "mode_stack"));
  GtkStack *stack = GTK_STACK (find (wf, GTK_TYPE_STACK, "stack"));

  if (g_str_equal (gtk_stack_get_visible_child_name (mode), "main"))
    return "main";
  return gtk_stack_get_visible_child_name (stack);
}

static const char *
sign_in_error (WindowFixture *wf)
{
  GtkWidget *view = find (wf, g_type_from_name ("CareSignInView"), NULL);
  GtkWidget *label = care_gui_test_find (view, GTK_TYPE_LABEL, "error_label");

  g_assert_nonnull (label);
  if (!gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
has_transient_window (CareWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (w) == GTK_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return TRUE;
    }
  return FALSE;
}

static void
test_first_start_and_set_up (WindowFixture *wf,
                             gconstpointer  data)
{
  GtkWidget *error_label;

  g_assert_cmpstr (screen (wf), ==, "welcome");
  care_gui_test_click (find (wf, GTK_TYPE_BUTTON, "Set up this care home"));
  g_assert_cmpstr (screen (wf), ==, "setup");

  /* The core names what is missing. */
  care_gui_test_type (find (wf, ADW_TYPE_ENTRY_ROW, "manager_name_row"), "Dana Whitfield");
  care_gui_test_type (find (wf, ADW_TYPE_ENTRY_ROW, "pin_row"), "1357");
  care_gui_test_type (find (wf, ADW_TYPE_ENTRY_ROW, "pin_again_row"), "1357");
  care_gui_test_click (find (wf, GTK_TYPE_BUTTON, "setup_confirm_button"));
  error_label = find (wf, GTK_TYPE_LABEL, "setup_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Care setting name"));
  g_assert_false (care_store_is_set_up (wf->f.store));

  care_gui_test_type (find (wf, ADW_TYPE_ENTRY_ROW, "setting_name_row"), "Birch House");
  care_gui_test_type (find (wf, ADW_TYPE_ENTRY_ROW, "pin_row"), "1357");
  care_gui_test_type (find (wf, ADW_TYPE_ENTRY_ROW, "pin_again_row"), "1357");
  care_gui_test_click (find (wf, GTK_TYPE_BUTTON, "setup_confirm_button"));
  g_assert_true (care_store_is_set_up (wf->f.store));

  /* The new manager signs in with the PIN just chosen. */
  g_assert_cmpstr (screen (wf), ==, "sign-in");
  g_assert_nonnull (care_gui_test_sign_in (wf->window, "Dana", "1357"));
  g_assert_cmpstr (screen (wf), ==, "main");
  g_assert_cmpstr (care_window_get_visible_page_name (wf->window), ==, "dashboard");
}

static void
test_wrong_pin (WindowFixture *wf,
                gconstpointer  data)
{
  GtkWidget *pin_row;

  g_assert_cmpstr (screen (wf), ==, "sign-in");
  g_assert_null (care_gui_test_sign_in (wf->window, "Alex", "0000"));

  g_assert_cmpstr (screen (wf), ==, "sign-in");
  g_assert_cmpstr (sign_in_error (wf), ==, "That PIN is not right. 4 more tries before signing in is locked.");
  /* The wrong PIN is not left on screen. */
  pin_row = find (wf, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pin_row)), ==, "");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (wf->window), "PIN for Alex Carer"));

  care_gui_test_screenshot (GTK_WIDGET (wf->window), "sign-in-wrong-pin");
}

static void
test_lockout (WindowFixture *wf,
              gconstpointer  data)
{
  for (guint i = 0; i < 5; i++)
    g_assert_null (care_gui_test_sign_in (wf->window, "Bea", "9999"));

  g_assert_nonnull (sign_in_error (wf));
  g_assert_true (g_str_has_prefix (sign_in_error (wf), "Too many wrong PINs. Signing in as this person is locked for"));

  /* Even the right PIN waits for the lock to end. */
  g_assert_null (care_gui_test_sign_in (wf->window, "Bea", CARE_GUI_TEST_PIN));
  g_assert_true (g_str_has_prefix (sign_in_error (wf), "Too many wrong PINs."));
}

static void
test_search_no_match (WindowFixture *wf,
                      gconstpointer  data)
{
  GtkWidget *search = find (wf, GTK_TYPE_SEARCH_ENTRY, NULL);

  care_gui_test_type (search, "Zebedee");
  care_gui_test_wait (300);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (wf->window),
                                             "No active staff member’s name contains “Zebedee”."));
  /* Without a name, signing in says what to do first. */
  care_gui_test_click (find (wf, GTK_TYPE_BUTTON, "sign_in_button"));
  g_assert_cmpstr (sign_in_error (wf), ==, "Choose your name in the list first.");
}

static void
test_manager_pages (WindowFixture *wf,
                    gconstpointer  data)
{
  CareSession *session = care_gui_test_sign_in (wf->window, "Priya", CARE_GUI_TEST_PIN);
  GtkWidget *dashboard;
  CareSession *page_session = NULL;

  g_assert_nonnull (session);
  g_assert_cmpstr (care_session_get_actor_name (session), ==, "Priya Shah");
  g_assert_cmpstr (screen (wf), ==, "main");
  g_assert_null (sign_in_error (wf));

  /* The manager lands on the dashboard, and the header says who is in. */
  g_assert_cmpstr (care_window_get_visible_page_name (wf->window), ==, "dashboard");
  g_assert_true (care_window_page_is_offered (wf->window, "dashboard"));
  dashboard = care_window_get_page (wf->window, "dashboard");
  g_object_get (dashboard, "session", &page_session, NULL);
  g_assert_true (page_session == session);
  g_clear_object (&page_session);
  g_assert_nonnull (care_gui_test_find (GTK_WIDGET (wf->window), ADW_TYPE_BUTTON_CONTENT, "Priya Shah, Manager"));

  /* Folded to one pane, the header gives the page's title the room: the
   * button shows the name, and still tells the role to a screen reader. */
  gtk_window_set_default_size (GTK_WINDOW (wf->window), 480, 700);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (wf->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (wf->window));
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (care_gui_test_find (GTK_WIDGET (wf->window), ADW_TYPE_LEAFLET, NULL))));
  g_assert_nonnull (care_gui_test_find (GTK_WIDGET (wf->window), ADW_TYPE_BUTTON_CONTENT, "Priya Shah"));
  g_assert_null (care_gui_test_find (GTK_WIDGET (wf->window), ADW_TYPE_BUTTON_CONTENT, "Priya Shah, Manager"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_widget_get_ancestor (care_gui_test_find (GTK_WIDGET (wf->window),
                                                                                              ADW_TYPE_BUTTON_CONTENT,
                                                                                              "Priya Shah"),
                                                                           GTK_TYPE_MENU_BUTTON)),
                   ==, "Signed in as Priya Shah, Manager");
  /* Back to the default size, through the settings the window keeps it in. */
  g_settings_reset (wf->settings, "window-width");
  g_settings_reset (wf->settings, "window-height");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (wf->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (wf->window));
  g_assert_nonnull (care_gui_test_find (GTK_WIDGET (wf->window), ADW_TYPE_BUTTON_CONTENT, "Priya Shah, Manager"));

  /* Preferences open for a manager. */
  gtk_widget_activate_action (GTK_WIDGET (wf->window), "win.preferences", NULL);
  g_assert_true (has_transient_window (wf->window));
}

/* Pages only a manager may see stay hidden from a carer, and so does
 * everything else the carer's role may not use. */
static void
test_carer_pages (WindowFixture *wf,
                  gconstpointer  data)
{
  CareSession *session = care_gui_test_sign_in (wf->window, "Alex", CARE_GUI_TEST_PIN);
  GtkWidget *dashboard = care_window_get_page (wf->window, "dashboard");
  CareSession *page_session = NULL;
  /* Staff management lives inside the Staff page, which a carer sees for
   * their own competencies; these pages are not theirs at all. */
  static const char * const not_for_carers[] = { "dashboard", "audit", "sync", "reviews", NULL };

  g_assert_nonnull (session);
  g_assert_cmpint (care_session_get_role (session), ==, CARE_ROLE_CARE_WORKER);
  for (guint i = 0; not_for_carers[i] != NULL; i++)
    g_assert_false (care_window_page_is_offered (wf->window, not_for_carers[i]));
  if (care_window_get_page (wf->window, "today") != NULL)
    g_assert_cmpstr (care_window_get_visible_page_name (wf->window), ==, "today");
  g_assert_false (care_window_show_page (wf->window, "dashboard"));
  g_assert_cmpstr (care_window_get_visible_page_name (wf->window), !=, "dashboard");

  /* A hidden page is not given the session at all. */
  g_object_get (dashboard, "session", &page_session, NULL);
  g_assert_null (page_session);

  gtk_widget_activate_action (GTK_WIDGET (wf->window), "win.preferences", NULL);
  g_assert_false (has_transient_window (wf->window));
  g_assert_nonnull (care_gui_test_find (GTK_WIDGET (wf->window), ADW_TYPE_BUTTON_CONTENT, "Alex Carer, Care worker"));
}

static void
test_lock_shortcut (WindowFixture *wf,
                    gconstpointer  data)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (care_gui_test_application ()), "win.lock");
  GtkWidget *dashboard = care_window_get_page (wf->window, "dashboard");
  CareSession *page_session = NULL;

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>l"));

  g_assert_nonnull (care_gui_test_sign_in (wf->window, "Priya", CARE_GUI_TEST_PIN));
  gtk_widget_activate_action (GTK_WIDGET (wf->window), "win.preferences", NULL);
  g_assert_true (has_transient_window (wf->window));

  gtk_widget_activate_action (GTK_WIDGET (wf->window), "win.lock", NULL);

  g_assert_null (care_window_get_session (wf->window));
  g_assert_cmpstr (screen (wf), ==, "sign-in");
  g_object_get (dashboard, "session", &page_session, NULL);
  g_assert_null (page_session);
  /* What the manager had open closes with the lock. */
  g_assert_false (has_transient_window (wf->window));
  /* The same person only types their PIN again; anyone else may choose
   * their own name. */
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (wf->window), "PIN for Priya Shah"));
  g_assert_nonnull (care_gui_test_sign_in (wf->window, "Chris", CARE_GUI_TEST_PIN));
  g_assert_cmpstr (care_session_get_actor_name (care_window_get_session (wf->window)), ==, "Chris Senior");
}

static void
test_sign_out (WindowFixture *wf,
               gconstpointer  data)
{
  GtkWidget *search;

  g_assert_nonnull (care_gui_test_sign_in (wf->window, "Priya", CARE_GUI_TEST_PIN));
  gtk_widget_activate_action (GTK_WIDGET (wf->window), "win.sign-out", NULL);

  g_assert_null (care_window_get_session (wf->window));
  g_assert_cmpstr (screen (wf), ==, "sign-in");
  /* Signing out forgets who it was. */
  search = find (wf, GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (wf->window), "PIN for Priya Shah"));
}

static gboolean
signed_out (gpointer data)
{
  return care_window_get_session (CARE_WINDOW (data)) == NULL;
}

static void
note_sign_in_time (CareWindow *window,
                   GParamSpec *pspec,
                   gint64     *signed_in_at)
{
  if (care_window_get_session (window) != NULL)
    *signed_in_at = g_get_monotonic_time ();
}

static void
test_lock_on_inactivity (WindowFixture *wf,
                         gconstpointer  data)
{
  gint64 signed_in_at = 0;
  double waited;

  g_settings_set_uint (wf->settings, "lock-timeout-seconds", 2);
  g_signal_connect (wf->window, "notify::session", G_CALLBACK (note_sign_in_time), &signed_in_at);

  g_assert_nonnull (care_gui_test_sign_in (wf->window, "Priya", CARE_GUI_TEST_PIN));

  g_assert_true (care_gui_test_wait_until (signed_out, wf->window, 6000));
  waited = (g_get_monotonic_time () - signed_in_at) / (double) G_USEC_PER_SEC;
  g_test_message ("locked after %.2f s without use", waited);
  /* Not before the timeout, and not long after it. */
  g_assert_cmpfloat (waited, >=, 1.9);
  g_assert_cmpfloat (waited, <, 5.0);

  g_assert_cmpstr (screen (wf), ==, "sign-in");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (wf->window), "PIN for Priya Shah"));
}

static void
test_sign_in_screenshot (WindowFixture *wf,
                         gconstpointer  data)
{
  GtkWidget *search = find (wf, GTK_TYPE_SEARCH_ENTRY, NULL);

  care_window_set_demo (wf->window, TRUE);
  care_gui_test_screenshot (GTK_WIDGET (wf->window), "sign-in");

  care_gui_test_type (search, "Sam");
  care_gui_test_wait (300);
  care_gui_test_activate (search);
  care_gui_test_wait (100);
  care_gui_test_screenshot (GTK_WIDGET (wf->window), "sign-in-chosen");
}

static gboolean
shortcut_listed (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *name = NULL;

      g_object_get (root, "action-name", &name, NULL);
      if (g_strcmp0 (name, action) == 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shortcut_listed (child, action))
      return TRUE;
  return FALSE;
}

static void
test_shortcuts_window (WindowFixture *wf,
                       gconstpointer  data)
{
  GtkShortcutsWindow *help;
  GLogLevelFlags fatal;
  static const char * const actions[] = { "win.lock", "win.sign-out", "win.refresh", "win.preferences", "app.quit", NULL };
  g_auto(GStrv) help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (care_gui_test_application ()),
                                                                      "win.show-help-overlay");

  /* Built on first use, not with the window. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (wf->window)));
  g_assert_cmpstr (help_accels[0], ==, "<Control>question");
  /* GTK 4.8's own page buttons in the shortcuts window warn that a label
   * measures -3 pixels wide as it is shown; not this program's fault. */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wf->window), "win.show-help-overlay", NULL));
  g_log_set_always_fatal (fatal);
  help = care_window_get_shortcuts_window (wf->window);
  g_assert_nonnull (help);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (help)) == GTK_WINDOW (wf->window));
  g_assert_true (care_window_get_shortcuts_window (wf->window) == help);
  /* Every application shortcut is listed in it. */
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (care_gui_test_application ()), actions[i]);

      g_assert_nonnull (accels[0]);
      g_assert_true (shortcut_listed (GTK_WIDGET (help), actions[i]));
    }
}

/* A care home's database with damaged pages in the middle of the file. */
static void
damage_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;
  gsize middle;

  {
    g_autoptr(CareStore) store = care_store_open (path, &error);

    g_assert_no_error (error);
    /* Enough rows for many pages; closing the store folds the log in. */
    g_assert_true (_care_store_exec (store,
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
      "INSERT INTO events (event_id, device_id, entity_kind, entity_uuid, entity_version, action, "
      "  actor_name, at, changed, payload) "
      "SELECT 'ev-' || i, 'device', 'administration', 'adm-' || i, 1, 'create', 'Alex Carer', "
      "  1773144000 + i, '[]', hex (randomblob (100)) FROM n", &error));
    g_assert_no_error (error);
  }
  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  middle = (size / 2) & ~(gsize) 4095;
  g_assert_cmpuint (middle + 8192, <=, size);
  for (gsize i = 0; i < 8192; i++)
    contents[middle + i] = "DAMAGED!"[i % 8];
  g_file_set_contents (path, contents, size, &error);
  g_assert_no_error (error);
}

static AdwMessageDialog *
damage_alarm (CareWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window)
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), "The Care Records Are Damaged") == 0)
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
damage_alarm_shown (gpointer data)
{
  return damage_alarm (CARE_WINDOW (data)) != NULL;
}

/* The app opens its database without reading the whole file, so the window
 * comes up at once; the window then runs the whole-file check, raises the
 * alarm when it finds damage and says so on every screen, and the store
 * refuses every save from then on. */
static void
test_damaged_store_alarm (WindowFixture *wf,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *alarm;
  GtkWidget *details;

  gtk_window_destroy (GTK_WINDOW (wf->window));
  g_clear_object (&wf->f.store);
  damage_database (wf->f.path);
  wf->f.store = care_store_open_full (wf->f.path, CARE_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_false (care_store_is_damaged (wf->f.store));

  wf->window = care_gui_test_main_window (wf->f.store);
  g_assert_true (care_gui_test_wait_until (damage_alarm_shown, wf->window, 30000));
  alarm = damage_alarm (wf->window);
  /* Plain words for the manager; SQLite's finding and the file's place,
   * for IT support, under an expander. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (alarm), "cannot be read"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (alarm), "restore the latest backup"));
  g_assert_null (strstr (adw_message_dialog_get_body (alarm), wf->f.path));
  details = adw_message_dialog_get_extra_child (alarm);
  g_assert_true (GTK_IS_EXPANDER (details));
  g_assert_cmpstr (gtk_expander_get_label (GTK_EXPANDER (details)), ==, "Details for IT support");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (details)))), wf->f.path));
  gtk_expander_set_expanded (GTK_EXPANDER (details), TRUE);
  care_gui_test_screenshot (GTK_WIDGET (alarm), "damage-alarm");
  g_assert_true (care_store_is_damaged (wf->f.store));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (wf->window), "Damaged records: nothing can be saved"));

  g_assert_false (care_store_set_setting (wf->f.store, "probe", "1", &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT);
  gtk_window_destroy (GTK_WINDOW (alarm));
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);

  g_test_add ("/window/first-start", WindowFixture, NULL, window_setup_empty, test_first_start_and_set_up, window_teardown);
  g_test_add ("/window/sign-in/wrong-pin", WindowFixture, NULL, window_setup, test_wrong_pin, window_teardown);
  g_test_add ("/window/sign-in/lockout", WindowFixture, NULL, window_setup, test_lockout, window_teardown);
  g_test_add ("/window/sign-in/no-match", WindowFixture, NULL, window_setup, test_search_no_match, window_teardown);
  g_test_add ("/window/sign-in/screenshot", WindowFixture, NULL, window_setup, test_sign_in_screenshot, window_teardown);
  g_test_add ("/window/roles/manager", WindowFixture, NULL, window_setup, test_manager_pages, window_teardown);
  g_test_add ("/window/roles/carer", WindowFixture, NULL, window_setup, test_carer_pages, window_teardown);
  g_test_add ("/window/lock/shortcut", WindowFixture, NULL, window_setup, test_lock_shortcut, window_teardown);
  g_test_add ("/window/lock/inactivity", WindowFixture, NULL, window_setup, test_lock_on_inactivity, window_teardown);
  g_test_add ("/window/sign-out", WindowFixture, NULL, window_setup, test_sign_out, window_teardown);
  g_test_add ("/window/damaged-store", WindowFixture, NULL, window_setup_empty, test_damaged_store_alarm, window_teardown);
  g_test_add ("/window/shortcuts-window", WindowFixture, NULL, window_setup, test_shortcuts_window, window_teardown);

  return g_test_run ();
}
