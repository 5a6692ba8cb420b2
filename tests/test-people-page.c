/* test-people-page.c: the people list, adding people, a person's record,
 * its MAR-style chart, and printing it to PDF */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "care-form-test-util.h"
#include "care-gui-util.h"
#include "care-mar-grid.h"
#include "care-people-page.h"
#include "care-person-dialog.h"
#include "care-person-page.h"
#include "care-print-person.h"
#include "care-review-dialog.h"

typedef struct
{
  CareFixture     f;
  GtkWindow      *window;
  CarePeoplePage *page;
  char           *drops_task_uuid;
} PeopleFixture;

static gint64
at (const char *date,
    const char *time)
{
  gint64 instant = care_local_instant (date, time);

  g_assert_cmpint (instant, >, 0);
  return instant;
}

/* Recorded a few minutes after it happened, as on a real round, so the
 * chart is not full of late entries. */
static void
record_on_time (PeopleFixture *t,
                const char    *task_uuid,
                const char    *date,
                const char    *time,
                const char    *outcome,
                const char    *reason_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) a = care_test_new_admin (&t->f, task_uuid, time, at (date, time) + 240, outcome);

  care_record_set_string (a, "slot_date", date);
  if (g_strcmp0 (task_uuid, t->f.cream_task_uuid) != 0)
    care_record_unset (a, "site");
  if (reason_code != NULL)
    care_record_set_string (a, "reason_code", reason_code);
  if (g_str_equal (date, "2026-03-09") && g_str_equal (time, "09:00"))
    {
      care_record_set_string (a, "observations", "Left eye a little red this morning.");
      care_record_set_bool (a, "escalate", TRUE);
    }
  care_store_set_now (t->f.store, at (date, time) + 600);
  care_administration_record (t->f.carer, a, &error);
  g_assert_no_error (error);
}

/* Eye drops since early February, so three weeks of the chart have
 * history: mostly done, with a refusal, a sleep and two missed doses. */
static void
add_history (PeopleFixture *t)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = care_test_type_uuid (&t->f, "eye-drops");
  g_autoptr(CareRecord) task = care_test_new_task (&t->f, t->f.person_uuid, type);
  g_autoptr(GHashTable) yes = care_test_all_yes (&t->f);
  g_autofree char *comp = NULL;

  care_store_set_now (t->f.store, at ("2026-02-08", "09:00"));
  care_record_set_string (task, "delegated_on", "2026-02-07");
  care_record_set_string (task, "start_date", "2026-02-08");
  care_record_set_string (task, "instructions", "One drop in each eye.");
  care_record_set_string (task, "schedule_times", "09:00,21:00");
  care_record_unset (task, "site");
  care_delegation_propose (t->f.manager, task, &error);
  g_assert_no_error (error);
  t->drops_task_uuid = g_strdup (care_record_get_uuid (task));
  care_delegation_accept (t->f.manager, t->drops_task_uuid, yes, &error);
  g_assert_no_error (error);
  care_delegation_set_status (t->f.manager, t->drops_task_uuid, "active", NULL, &error);
  g_assert_no_error (error);
  comp = care_test_sign_off (&t->f, t->f.carer_uuid, type, t->f.person_uuid, "2026-02-01", "2027-01-31");

  for (int d = 0; d < 30; d++)
    {
      g_autofree char *date = care_date_add_days ("2026-02-09", d);

      if (strcmp (date, CARE_TEST_TODAY) > 0)
        break;
      if (d == 9)
        record_on_time (t, t->drops_task_uuid, date, "09:00", "not_done", "R");
      else if (d == 14)
        record_on_time (t, t->drops_task_uuid, date, "09:00", "not_done", "S");
      else if (d != 20)
        record_on_time (t, t->drops_task_uuid, date, "09:00", "done", NULL);
      if (strcmp (date, CARE_TEST_TODAY) < 0 && d != 5)
        record_on_time (t, t->drops_task_uuid, date, "21:00", "done", NULL);
    }
  record_on_time (t, t->f.cream_task_uuid, CARE_TEST_TODAY, "08:00", "done", NULL);
  care_store_set_now (t->f.store, CARE_TEST_NOW);
}

static void
people_setup (PeopleFixture *t,
              gconstpointer  data)
{
  g_autofree char *bell = NULL;

  care_fixture_setup (&t->f, data);
  bell = care_test_add_person (&t->f, "Arthur", "Bell", "1941-02-03");
  t->page = CARE_PEOPLE_PAGE (care_people_page_new (t->f.store));
  t->window = care_gui_test_window (GTK_WIDGET (t->page), 1100, 860);
}

static void
people_teardown (PeopleFixture *t,
                 gconstpointer  data)
{
  gtk_window_destroy (t->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (t->drops_task_uuid);
  care_fixture_teardown (&t->f, data);
}

static gboolean
model_has_items (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

/* A list gets its query once it is on screen with a height, a frame or
 * two after the session arrives; every test home has people. */
static void
sign_in (PeopleFixture *t,
         CareSession   *session)
{
  CarePagedModel *model = care_people_page_get_model (t->page);

  g_object_set (t->page, "session", session, NULL);
  if (session != NULL)
    g_assert_true (care_gui_test_wait_until (model_has_items, model, 5000));
  care_gui_test_wait_for_model (model);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
}

static guint
n_people (PeopleFixture *t)
{
  return g_list_model_get_n_items (G_LIST_MODEL (care_people_page_get_model (t->page)));
}

static GtkWidget *
child_named (GtkWidget  *root,
             const char *name)
{
  GtkWidget *child = care_gui_test_find (root, GTK_TYPE_WIDGET, name);

  g_assert_nonnull (child);
  return child;
}

static void
test_list_and_search (PeopleFixture *t,
                      gconstpointer  data)
{
  sign_in (t, t->f.carer);
  g_assert_cmpuint (n_people (t), ==, 2);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Arthur Bell"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "2 people"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "people-list");

  care_gui_test_type (child_named (GTK_WIDGET (t->page), "search_entry"), "hill");
  care_people_page_set_search (t->page, "hill");
  care_gui_test_wait_for_model (care_people_page_get_model (t->page));
  g_assert_cmpuint (n_people (t), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (t->page), "Arthur Bell"));

  care_people_page_set_search (t->page, "nobody like this");
  g_assert_cmpuint (n_people (t), ==, 0);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "No one found"));

  /* Carers do not add people; the button's action is off for them. */
  g_assert_false (gtk_widget_is_sensitive (child_named (GTK_WIDGET (t->page), "add_button")));

  /* Locked: the names go. */
  sign_in (t, NULL);
  g_assert_cmpuint (n_people (t), ==, 0);
}

static void
test_add_person (PeopleFixture *t,
                 gconstpointer  data)
{
  CarePersonDialog *dialog;
  gint64 before = care_test_count_rows (t->f.store, "SELECT count (*) FROM person");

  sign_in (t, t->f.manager);
  g_assert_true (gtk_widget_is_sensitive (child_named (GTK_WIDGET (t->page), "add_button")));
  dialog = CARE_PERSON_DIALOG (care_people_page_add_person (t->page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  care_gui_test_type (child_named (GTK_WIDGET (dialog), "given_name_row"), "Edith");
  care_gui_test_type (child_named (GTK_WIDGET (dialog), "family_name_row"), "Crane");
  care_gui_test_type (child_named (GTK_WIDGET (dialog), "nhs_row"), "943 476 5910");

  /* A date the form cannot read, or one still to come, is refused by the
   * form in words that say what it takes. */
  care_gui_test_type (child_named (GTK_WIDGET (dialog), "dob_row"), "14/15/1938");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (dialog), "Not a date"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "person.save", NULL);
  g_assert_cmpstr (care_person_dialog_get_error_text (dialog), ==,
                   "Date of birth: “14/15/1938” is not a date. Type it as day/month/year, for example 26/11/2026, "
                   "or choose it from the calendar.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM person"), ==, before);
  care_gui_test_type (child_named (GTK_WIDGET (dialog), "dob_row"), "14 May 2038");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "person.save", NULL);
  g_assert_cmpstr (care_person_dialog_get_error_text (dialog), ==, "Date of birth cannot be after Tue 10 Mar 2026.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM person"), ==, before);

  /* A date written the British way is read as one, and shown back. */
  care_gui_test_type (child_named (GTK_WIDGET (dialog), "dob_row"), "14/05/1938");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (dialog), "Sat 14 May 1938"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "person.save", NULL);
  g_assert_nonnull (strstr (care_person_dialog_get_error_text (dialog), "is not a valid NHS number"));
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM person"), ==, before);
  care_gui_test_screenshot (GTK_WIDGET (dialog), "person-dialog-error");

  care_gui_test_type (child_named (GTK_WIDGET (dialog), "nhs_row"), "943 476 5919");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "person.save", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (dialog);
  g_assert_cmpint (care_test_count_rows (t->f.store,
                   "SELECT count (*) FROM person WHERE family_name = 'Crane' AND nhs_number = '9434765919' "
                   "AND date_of_birth = '1938-05-14' AND admitted_on IS NULL"), ==, 1);
  care_gui_test_wait_for_model (care_people_page_get_model (t->page));
  g_assert_cmpuint (n_people (t), ==, 3);
  /* The new person's page opens. */
  g_assert_cmpstr (care_person_page_get_person (care_people_page_get_person_page (t->page)), !=, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Edith Crane"));
}

static void
test_correct_details (PeopleFixture *t,
                      gconstpointer  data)
{
  CarePersonPage *person_page = care_people_page_get_person_page (t->page);
  CarePersonDialog *dialog = NULL;
  CareReasonDialog *reason;

  sign_in (t, t->f.manager);
  care_people_page_show_person (t->page, t->f.person_uuid);
  gtk_widget_activate_action (GTK_WIDGET (person_page), "person.edit", NULL);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (CARE_IS_PERSON_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  care_gui_test_type (child_named (GTK_WIDGET (dialog), "room_row"), "Room 12");
  reason = care_person_dialog_save (dialog);
  g_assert_nonnull (reason);

  /* No reason, no correction. */
  g_assert_false (care_reason_dialog_confirm (reason));
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM person WHERE room = 'Room 12'"), ==, 0);
  care_reason_dialog_set_reason (reason, "Moved to a ground-floor room");
  g_assert_true (care_reason_dialog_confirm (reason));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT max (version) FROM person WHERE room = 'Room 12'"), ==, 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "Room 12"));

  /* A carer may not correct details. */
  sign_in (t, t->f.carer);
  care_people_page_show_person (t->page, t->f.person_uuid);
  g_assert_false (gtk_widget_is_sensitive (child_named (GTK_WIDGET (person_page), "edit_button")));
}

/* The chart's legend, observations, reviews and liberty safeguards. */
static void
screenshot_lower (PeopleFixture  *t,
                  CarePersonPage *person_page)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (child_named (GTK_WIDGET (person_page), "record_scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "person-page-lower");
  gtk_adjustment_set_value (adjustment, 0);
}

static int
day_of (CarePersonPage *page,
        const char     *date)
{
  return care_date_days_between (care_person_page_get_from_date (page), date);
}

static graphene_point_t
centre_in (GtkWidget *widget,
           GtkWidget *target)
{
  graphene_point_t point;
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                 gtk_widget_get_height (widget) / 2.0);

  g_assert_true (gtk_widget_compute_point (widget, target, &centre, &point));
  return point;
}

/* Four weeks are wider than the page: the days open on the newest and
 * scroll sideways under the tasks and times, which stay put and in line
 * with their cells; the cells' tooltips come from the chart. */
static void
check_chart_layout (GtkWindow      *window,
                    CarePersonPage *person_page,
                    CareMarGrid    *grid)
{
  GtkAdjustment *days = care_mar_grid_get_days_adjustment (grid);
  guint today = day_of (person_page, CARE_TEST_TODAY);
  GtkWidget *cell = care_mar_grid_get_cell (grid, 0, today);
  GtkWidget *time = care_gui_test_find_text (GTK_WIDGET (grid), "09:00");
  GtkWidget *task = care_gui_test_find_text (GTK_WIDGET (grid), "Eye drops");
  graphene_point_t cell_at, time_at, first_cell_at;
  int width, height;

  g_assert_nonnull (time);
  g_assert_nonnull (task);
  /* As on an office PC's window beside the sidebar, narrower than four weeks. */
  gtk_window_get_default_size (window, &width, &height);
  gtk_window_set_default_size (window, 760, height);
  /* The days are put at the newest as they are laid out, and drawn so in
   * the frame after. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpfloat (gtk_adjustment_get_upper (days), >, gtk_adjustment_get_page_size (days));
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (days),
                                  gtk_adjustment_get_upper (days) - gtk_adjustment_get_page_size (days), 0.5);
  cell_at = centre_in (cell, GTK_WIDGET (grid));
  time_at = centre_in (time, GTK_WIDGET (grid));
  g_assert_cmpfloat_with_epsilon (cell_at.y, time_at.y, 1.0);
  /* The task's name stands above its first line, not beside it. */
  g_assert_cmpfloat (centre_in (task, GTK_WIDGET (grid)).y, <, time_at.y - gtk_widget_get_height (time) / 2.0);

  /* The tooltip is the cell's full description, given by the chart: GTK
   * 4.8 would ask the X server where the pointer is for every cell given
   * a tooltip of its own. */
  g_assert_false (gtk_widget_get_has_tooltip (cell));
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (grid)));
  g_assert_nonnull (strstr (care_gui_tip_at (GTK_WIDGET (grid), cell_at.x, cell_at.y), ", Eye drops 09:00: "));
  g_assert_null (care_gui_tip_at (GTK_WIDGET (grid), 1, 1));

  /* A wheel over the chart scrolls the page, not the days: GTK 4.8's
   * scrolled window would keep the wheel's up and down. */
  {
    GtkWidget *days_scroller = gtk_widget_get_ancestor (cell, GTK_TYPE_SCROLLED_WINDOW);
    GtkWidget *page_scroller = gtk_widget_get_ancestor (gtk_widget_get_parent (days_scroller), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *page = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page_scroller));
    double before;

    gtk_adjustment_set_value (page, 0);
    before = gtk_adjustment_get_value (days);
    g_assert_true (care_gui_scroll_outer (days_scroller, 1.0, GDK_SCROLL_UNIT_WHEEL));
    g_assert_cmpfloat (gtk_adjustment_get_value (page), >, 0);
    g_assert_cmpfloat (gtk_adjustment_get_value (days), ==, before);
    gtk_adjustment_set_value (page, 0);
  }

  /* Back to the oldest day: the times do not move, the cells do. */
  gtk_adjustment_set_value (days, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (grid));
  first_cell_at = centre_in (care_mar_grid_get_cell (grid, 0, 0), GTK_WIDGET (grid));
  g_assert_cmpfloat_with_epsilon (centre_in (time, GTK_WIDGET (grid)).x, time_at.x, 0.5);
  g_assert_cmpfloat (first_cell_at.x, <, cell_at.x);
  g_assert_cmpfloat (first_cell_at.x, >, time_at.x);
  gtk_window_set_default_size (window, width, height);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
test_person_page_chart (PeopleFixture *t,
                        gconstpointer  data)
{
  CarePersonPage *person_page = care_people_page_get_person_page (t->page);
  CareMarGrid *grid;
  CarePagedModel *history;

  add_history (t);
  sign_in (t, t->f.nurse);
  care_people_page_show_person (t->page, t->f.person_uuid);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  grid = care_person_page_get_grid (person_page);
  g_assert_cmpstr (care_person_page_get_from_date (person_page), ==, "2026-02-11");

  /* Rows: eye drops 09:00, 21:00, then the cream's 08:00, 20:00. */
  g_assert_cmpstr (care_mar_grid_get_cell_text (grid, 0, day_of (person_page, "2026-02-12")), ==, "D");
  g_assert_cmpstr (care_mar_grid_get_cell_text (grid, 0, day_of (person_page, "2026-02-18")), ==, "R");
  g_assert_cmpstr (care_mar_grid_get_cell_text (grid, 0, day_of (person_page, "2026-02-23")), ==, "S");
  g_assert_cmpstr (care_mar_grid_get_cell_text (grid, 0, day_of (person_page, "2026-03-01")), ==, "!");
  g_assert_cmpstr (care_mar_grid_get_cell_text (grid, 1, day_of (person_page, CARE_TEST_TODAY)), ==, "");
  g_assert_cmpstr (care_mar_grid_get_cell_text (grid, 2, day_of (person_page, CARE_TEST_TODAY)), ==, "D");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "Missed: nothing recorded"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "In hospital or away"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "Left eye a little red"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "person-page");
  screenshot_lower (t, person_page);
  check_chart_layout (GTK_WINDOW (t->window), person_page, grid);

  /* The chart pages back four weeks at a time, and forward again no
   * further than today. */
  g_assert_false (gtk_widget_is_sensitive (care_gui_test_find (GTK_WIDGET (person_page), GTK_TYPE_BUTTON, "later_button")));
  gtk_widget_activate_action (GTK_WIDGET (person_page), "person.earlier-weeks", NULL);
  g_assert_cmpstr (care_person_page_get_from_date (person_page), ==, "2026-01-14");
  g_assert_cmpstr (care_person_page_get_to_date (person_page), ==, "2026-02-10");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "14 Jan 2026 to 10 Feb 2026"));
  /* Before any task was delegated the chart says so. */
  gtk_widget_activate_action (GTK_WIDGET (person_page), "person.earlier-weeks", NULL);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page),
                                             "17 Dec 2025 to 13 Jan 2026: no delegated task was scheduled in these weeks"));
  gtk_widget_activate_action (GTK_WIDGET (person_page), "person.later-weeks", NULL);
  gtk_widget_activate_action (GTK_WIDGET (person_page), "person.later-weeks", NULL);
  g_assert_cmpstr (care_person_page_get_from_date (person_page), ==, "2026-02-11");
  g_assert_cmpstr (care_person_page_get_to_date (person_page), ==, CARE_TEST_TODAY);
  g_assert_cmpstr (care_mar_grid_get_cell_text (grid, 0, day_of (person_page, "2026-02-12")), ==, "D");
  g_assert_false (gtk_widget_is_sensitive (care_gui_test_find (GTK_WIDGET (person_page), GTK_TYPE_BUTTON, "later_button")));

  /* The full history, read a page at a time. */
  g_object_set (person_page, "show-history", TRUE, NULL);
  history = care_person_page_get_history (person_page);
  /* The list gets its rows once it is on screen with a height. */
  g_assert_true (care_gui_test_wait_until (model_has_items, history, 5000));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==,
                   care_test_count_rows (t->f.store, "SELECT count (*) FROM administration"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  care_gui_test_wait_for_model (history);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "Done by Alex Carer"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "person-history");
}

static GtkWidget *
review_button (CarePersonPage *person_page)
{
  return care_gui_test_find (GTK_WIDGET (person_page), GTK_TYPE_BUTTON, "Review…");
}

/* The district nurse reviews a task from the person's page; the review is
 * listed there at once. A carer is not offered the button. */
static void
test_review_from_person_page (PeopleFixture *t,
                              gconstpointer  data)
{
  GType type = CARE_TYPE_REVIEW_DIALOG;
  CarePersonPage *person_page = care_people_page_get_person_page (t->page);
  g_autoptr(CareRecord) review = NULL;
  GtkWidget *dialog;

  sign_in (t, t->f.nurse);
  care_people_page_show_person (t->page, t->f.person_uuid);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "No review has been recorded"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "person-page-review-button");
  care_gui_test_click (review_button (person_page));
  dialog = care_form_test_find_window (type);
  g_assert_nonnull (dialog);
  g_assert_nonnull (care_gui_test_find_text (dialog, "Topical creams and emollients for Margaret Hill"));

  care_form_test_set_view_text (care_form_test_child (dialog, type, "findings_view"),
                                "Skin intact; the cream is going on as written.");
  care_form_test_pick_date (care_form_test_child (dialog, type, "next_review_row"), "2026-03-24");
  care_gui_test_screenshot (dialog, "review-dialog-from-person");
  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);

  review = care_store_find_current (t->f.store, CARE_KIND_REVIEW, "task_uuid", t->f.cream_task_uuid, NULL);
  g_assert_nonnull (review);
  g_assert_cmpstr (care_record_get_string (review, "decision"), ==, "continue");
  g_assert_cmpstr (care_record_get_string (review, "reviewer_uuid"), ==, t->f.nurse_uuid);
  g_assert_cmpstr (care_record_get_string (review, "reviewed_on"), ==, CARE_TEST_TODAY);
  g_assert_cmpstr (care_record_get_string (review, "next_review_on"), ==, "2026-03-24");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (person_page), "No review has been recorded"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page),
                                             "Tue 10 Mar 2026 · Topical creams and emollients · Sam Okafor"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "Next review: Tue 24 Mar 2026"));

  /* A carer sees the task, not the button. */
  sign_in (t, t->f.carer);
  care_people_page_show_person (t->page, t->f.person_uuid);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (person_page), "Topical creams and emollients"));
  g_assert_null (review_button (person_page));
  gtk_widget_activate_action (GTK_WIDGET (person_page), "person.review", "s", t->f.cream_task_uuid);
  g_assert_null (care_form_test_find_window (type));
}

static int
count_pages (const char *pdf,
             gsize       length)
{
  static const char needle[] = "/Type /Page";
  gsize n = sizeof needle - 1;
  int pages = 0;

  /* The file holds compressed streams with NUL bytes: no str* here. */
  for (gsize i = 0; i + n < length; i++)
    if (memcmp (pdf + i, needle, n) == 0 && pdf[i + n] != 's')
      pages++;
  return pages;
}

static void
test_export_pdf (PeopleFixture *t,
                 gconstpointer  data)
{
  CarePersonPage *person_page = care_people_page_get_person_page (t->page);
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, "person-record.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  gsize length = 0;

  add_history (t);
  sign_in (t, t->f.nurse);
  care_people_page_show_person (t->page, t->f.person_uuid);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_unlink (path);

  g_assert_true (care_person_page_export_pdf (person_page, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_cmpint (count_pages (contents, length), >=, 1);
  g_test_message ("PDF: %s, %d pages", path, count_pages (contents, length));

  /* A picture of the first page, to look at. */
  if (pdftoppm != NULL)
    {
      g_autofree char *prefix = g_build_filename (dir, "person-record", NULL);
      const char *argv[] = { pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "2", path, prefix, NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add ("/people-page/" path, PeopleFixture, NULL, people_setup, fn, people_teardown)
  ADD ("list-and-search", test_list_and_search);
  ADD ("add-person", test_add_person);
  ADD ("correct-details", test_correct_details);
  ADD ("person-page-chart", test_person_page_chart);
  ADD ("review-from-person-page", test_review_from_person_page);
  ADD ("export-pdf", test_export_pdf);
#undef ADD

  return g_test_run ();
}
