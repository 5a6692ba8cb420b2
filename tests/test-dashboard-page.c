/* test-dashboard-page.c: the manager's dashboard and the lists behind it */
#include "config.h"

#include "care-gui-test-util.h"

typedef struct
{
  CareFixture  f;
  CareWindow  *window;
  GtkWidget   *page;
} DashboardFixture;

/* The fixture's home at 12:00 on its test day: the cream task's 08:00 slot
 * is overdue, and a second task waits for the manager's decision. */
static void
dashboard_setup (DashboardFixture *df,
                 gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) task = NULL;
  g_autofree char *eye_drops = NULL;

  care_fixture_setup (&df->f, data);

  eye_drops = care_test_type_uuid (&df->f, "eye-drops");
  task = care_test_new_task (&df->f, df->f.person_uuid, eye_drops);
  care_record_set_string (task, "practitioner_name", "Helen Ward");
  care_delegation_propose (df->f.manager, task, &error);
  g_assert_no_error (error);

  df->window = care_gui_test_main_window (df->f.store);
  g_assert_nonnull (care_gui_test_sign_in (df->window, "Priya", CARE_GUI_TEST_PIN));
  df->page = care_window_get_page (df->window, "dashboard");
  g_assert_nonnull (df->page);
}

static void
dashboard_teardown (DashboardFixture *df,
                    gconstpointer     data)
{
  gtk_window_destroy (GTK_WINDOW (df->window));
  care_fixture_teardown (&df->f, data);
}

static AdwExpanderRow *
row (DashboardFixture *df,
     const char       *title)
{
  GtkWidget *widget = care_gui_test_find (df->page, ADW_TYPE_EXPANDER_ROW, title);

  g_assert_nonnull (widget);
  return ADW_EXPANDER_ROW (widget);
}

/* The count shown at the end of a row. */
static const char *
count (DashboardFixture *df,
       const char       *title)
{
  GtkWidget *label = care_gui_test_find_with_class (GTK_WIDGET (row (df, title)), GTK_TYPE_LABEL, "care-count");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static guint
attention_from_core (DashboardFixture *df)
{
  g_autofree char *today = care_store_today (df->f.store);
  CareDashboardCounts c = { 0 };

  g_assert_true (care_dashboard_counts (df->f.store, today, &c, NULL));
  return c.overdue + c.awaiting_decision + c.competencies_expiring + c.competencies_expired
         + c.low_coverage + c.reviews_overdue + c.liberty_alerts;
}

static void
assert_summary (DashboardFixture *df)
{
  guint n = attention_from_core (df);
  g_autofree char *expected = n == 1
    ? g_strdup ("1 item needs attention. Checked at 12:00.")
    : g_strdup_printf ("%u items need attention. Checked at 12:00.", n);

  g_assert_nonnull (care_gui_test_find_text (df->page, expected));
}

static void
assert_counts_match_core (DashboardFixture *df)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = care_store_today (df->f.store);
  CareDashboardCounts counts = { 0 };
  g_autofree char *overdue = NULL;
  g_autofree char *done = NULL;
  g_autofree char *awaiting = NULL;

  g_assert_true (care_dashboard_counts (df->f.store, today, &counts, &error));
  g_assert_no_error (error);
  overdue = g_strdup_printf ("%u", counts.overdue);
  done = g_strdup_printf ("%u", counts.done);
  awaiting = g_strdup_printf ("%u", counts.awaiting_decision);
  g_assert_cmpstr (count (df, "Overdue"), ==, overdue);
  g_assert_cmpstr (count (df, "Done today"), ==, done);
  g_assert_cmpstr (count (df, "Awaiting a decision"), ==, awaiting);
}

static void
test_counts_and_lists (DashboardFixture *df,
                       gconstpointer     data)
{
  AdwExpanderRow *overdue;
  AdwExpanderRow *awaiting;
  GtkWidget *entry;

  g_assert_cmpstr (care_window_get_visible_page_name (df->window), ==, "dashboard");
  g_assert_nonnull (care_gui_test_find_text (df->page, "Tuesday 10 March 2026"));

  g_assert_cmpstr (count (df, "Overdue"), ==, "1");
  g_assert_cmpstr (count (df, "Awaiting a decision"), ==, "1");
  g_assert_cmpstr (count (df, "Done today"), ==, "0");
  assert_counts_match_core (df);

  /* Nothing to open behind a zero. */
  g_assert_false (adw_expander_row_get_enable_expansion (row (df, "Done today")));

  /* Each count opens onto the list behind it, when asked: loading the
   * counts opens none of them. */
  overdue = row (df, "Overdue");
  g_assert_true (adw_expander_row_get_enable_expansion (overdue));
  g_assert_false (adw_expander_row_get_expanded (overdue));
  g_assert_false (adw_expander_row_get_expanded (row (df, "Awaiting a decision")));
  adw_expander_row_set_expanded (overdue, TRUE);
  entry = care_gui_test_find (GTK_WIDGET (overdue), ADW_TYPE_ACTION_ROW, "Margaret Hill");
  g_assert_nonnull (entry);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (entry)), "08:00, "));

  awaiting = row (df, "Awaiting a decision");
  adw_expander_row_set_expanded (awaiting, TRUE);
  entry = care_gui_test_find (GTK_WIDGET (awaiting), ADW_TYPE_ACTION_ROW, "Margaret Hill");
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (entry)), "from Helen Ward on 1 Mar 2026"));

  assert_summary (df);

  care_gui_test_screenshot (GTK_WIDGET (df->window), "dashboard");
}

/* The way from a count to the page where it is dealt with, when the
 * signed-in person may see that page. */
static void
test_drill_down (DashboardFixture *df,
                 gconstpointer     data)
{
  AdwExpanderRow *overdue = row (df, "Overdue");
  GtkWidget *link = care_gui_test_find (GTK_WIDGET (overdue), ADW_TYPE_ACTION_ROW, "Open Today");

  if (!care_window_page_is_offered (df->window, "today"))
    {
      g_assert_null (link);
      g_test_skip ("the Today page is not registered in this build");
      return;
    }

  g_assert_nonnull (link);
  adw_expander_row_set_expanded (overdue, TRUE);
  care_gui_test_click (link);
  g_assert_cmpstr (care_window_get_visible_page_name (df->window), ==, "today");
}

static void
test_refresh_after_recording (DashboardFixture *df,
                              gconstpointer     data)
{
  g_autoptr(CareRecord) admin = care_test_new_admin (&df->f, df->f.cream_task_uuid, "08:00",
                                                      CARE_TEST_NOW - 60, "done");
  g_autoptr(GError) error = NULL;

  /* Someone records the overdue slot elsewhere; Ctrl+R shows it. */
  g_assert_true (care_administration_record (df->f.carer, admin, &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (df->window), "win.refresh", NULL);

  g_assert_cmpstr (count (df, "Overdue"), ==, "0");
  g_assert_cmpstr (count (df, "Done today"), ==, "1");
  assert_counts_match_core (df);
  assert_summary (df);

  /* A refresh does not open the lists that now have entries. */
  g_assert_false (adw_expander_row_get_expanded (row (df, "Done today")));
  g_assert_false (adw_expander_row_get_expanded (row (df, "Awaiting a decision")));
}

static void
test_cleared_when_locked (DashboardFixture *df,
                          gconstpointer     data)
{
  AdwExpanderRow *overdue = row (df, "Overdue");

  adw_expander_row_set_expanded (overdue, TRUE);
  care_window_lock (df->window);

  /* Nothing personal stays behind the sign-in screen. */
  g_assert_cmpstr (count (df, "Overdue"), ==, "–");
  g_assert_null (care_gui_test_find (GTK_WIDGET (overdue), ADW_TYPE_ACTION_ROW, "Margaret Hill"));
  g_assert_false (adw_expander_row_get_expanded (overdue));
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);

  g_test_add ("/dashboard-page/counts-and-lists", DashboardFixture, NULL,
              dashboard_setup, test_counts_and_lists, dashboard_teardown);
  g_test_add ("/dashboard-page/drill-down", DashboardFixture, NULL,
              dashboard_setup, test_drill_down, dashboard_teardown);
  g_test_add ("/dashboard-page/refresh", DashboardFixture, NULL,
              dashboard_setup, test_refresh_after_recording, dashboard_teardown);
  g_test_add ("/dashboard-page/locked", DashboardFixture, NULL,
              dashboard_setup, test_cleared_when_locked, dashboard_teardown);

  return g_test_run ();
}
