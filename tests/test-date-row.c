/* test-date-row.c: the date row, typed into and picked from, and the
 * bounds the delegation and sign-off forms give their dates */
#include "config.h"

#include "care-date-row.h"
#include "care-error.h"
#include "care-form-test-util.h"
#include "care-sign-off-dialog.h"
#include "care-task-editor.h"

typedef struct
{
  GtkWindow           *window;
  AdwPreferencesGroup *group;
  CareDateRow         *row;
  guint                notified;
} RowFixture;

static void
date_notified_cb (RowFixture *t)
{
  t->notified++;
}

static CareDateRow *
add_row (RowFixture *t,
         const char *title)
{
  CareDateRow *row = CARE_DATE_ROW (care_date_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (t->group, GTK_WIDGET (row));
  return row;
}

static void
row_setup (RowFixture    *t,
           gconstpointer  data)
{
  GtkWidget *clamp = adw_clamp_new ();

  t->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (t->group, "Dates");
  gtk_widget_set_margin_top (GTK_WIDGET (t->group), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (t->group), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (t->group), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (t->group), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (t->group));
  t->row = add_row (t, "Date of birth");
  g_signal_connect_swapped (t->row, "notify::date", G_CALLBACK (date_notified_cb), t);
  t->window = care_gui_test_window (clamp, 560, 420);
}

static void
row_teardown (RowFixture    *t,
              gconstpointer  data)
{
  care_form_test_close_others (NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const char *
reading (CareDateRow *row)
{
  GtkWidget *label = care_gui_test_find (GTK_WIDGET (row), GTK_TYPE_LABEL, "reading_label");

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* What people type, and the day the row reads it as (NULL: not a date). */
static void
test_typed_forms (RowFixture    *t,
                  gconstpointer  data)
{
  static const struct
  {
    const char *typed;
    const char *date;
  } cases[] = {
    { "2026-11-26", "2026-11-26" },
    { "26/11/2026", "2026-11-26" },
    { "5/1/2026", "2026-01-05" },
    { " 05.01.2026 ", "2026-01-05" },
    { "26 Nov 2026", "2026-11-26" },
    { "Thu 26 November 2026", "2026-11-26" },
    { "26 nov 2026", "2026-11-26" },
    { "1938-5-14", "1938-05-14" },
    /* A two-digit year is not guessed. */
    { "26/11/26", NULL },
    { "31/02/2026", NULL },
    { "2026-13-01", NULL },
    { "29/02/2027", NULL },
    { "29/02/2028", "2028-02-29" },
    { "1899-12-31", NULL },
    { "26 Smarch 2026", NULL },
    { "Thu Fri 26 Nov 2026", NULL },
    { "next Tuesday", NULL },
    { "20261126", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("typed: “%s”", cases[i].typed);
      care_gui_test_type (GTK_WIDGET (t->row), cases[i].typed);
      g_assert_cmpstr (care_date_row_get_date (t->row), ==, cases[i].date);
      g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (t->row), "error"), ==, cases[i].date == NULL);
      if (cases[i].date == NULL)
        g_assert_cmpstr (reading (t->row), ==, "Not a date");
    }

  /* The text stays as typed; the label says which day it was read as. */
  care_gui_test_type (GTK_WIDGET (t->row), "05/11/2026");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (t->row)), ==, "05/11/2026");
  g_assert_cmpstr (reading (t->row), ==, "Thu 5 Nov 2026");
}

static void
test_property_and_check (RowFixture    *t,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;

  /* Setting the date shows it as the core writes it. */
  care_date_row_set_date (t->row, "1938-05-14");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (t->row)), ==, "1938-05-14");
  g_assert_cmpstr (reading (t->row), ==, "Sat 14 May 1938");
  g_assert_cmpuint (t->notified, >, 0);
  g_object_get (t->row, "date", &date, NULL);
  g_assert_cmpstr (date, ==, "1938-05-14");
  care_gui_test_type (GTK_WIDGET (t->row), "14/05/1938");
  g_assert_cmpstr (care_date_row_get_date (t->row), ==, "1938-05-14");
  g_assert_true (care_date_row_check (t->row, &error));

  /* Not a date: the message names the row and says what it takes. */
  t->notified = 0;
  care_gui_test_type (GTK_WIDGET (t->row), "14th of May");
  g_assert_cmpuint (t->notified, >, 0);
  g_assert_null (care_date_row_get_date (t->row));
  g_assert_false (care_date_row_check (t->row, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Date of birth: “14th of May” is not a date. Type it as day/month/year, for example 26/11/2026, "
                   "or choose it from the calendar.");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (t->row)), ==, error->message);
  g_clear_error (&error);

  /* Bounds: the date is still read, and refused against them. */
  care_date_row_set_max_date (t->row, "2026-03-10");
  care_date_row_set_min_date (t->row, "1900-01-01");
  g_object_set (t->row, "date", "2026-03-11", NULL);
  g_assert_cmpstr (care_date_row_get_date (t->row), ==, "2026-03-11");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (t->row), "error"));
  g_assert_cmpstr (reading (t->row), ==, "Wed 11 Mar 2026 · too late");
  g_assert_false (care_date_row_check (t->row, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE);
  g_assert_cmpstr (error->message, ==, "Date of birth cannot be after Tue 10 Mar 2026.");
  g_clear_error (&error);
  care_date_row_set_max_date (t->row, NULL);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (t->row), "error"));
  care_date_row_set_min_date (t->row, "2026-03-12");
  g_assert_cmpstr (reading (t->row), ==, "Wed 11 Mar 2026 · too early");
  g_assert_false (care_date_row_check (t->row, &error));
  g_assert_cmpstr (error->message, ==, "Date of birth cannot be before Thu 12 Mar 2026.");
  g_clear_error (&error);

  /* Empty passes: whether the field is needed is the core's to say. */
  care_date_row_set_date (t->row, NULL);
  g_assert_null (care_date_row_get_date (t->row));
  g_assert_true (care_date_row_check (t->row, &error));
  g_assert_null (reading (t->row));
  care_date_row_set_optional (t->row, TRUE);
  g_assert_cmpstr (reading (t->row), ==, "No date");
}

static gboolean
popover_visible (gpointer popover)
{
  return gtk_widget_get_visible (GTK_WIDGET (popover));
}

static void
test_calendar (RowFixture    *t,
               gconstpointer  data)
{
  CareDateRow *optional = add_row (t, "End date, if any");
  GtkWidget *button = care_gui_test_find (GTK_WIDGET (optional), GTK_TYPE_MENU_BUTTON, NULL);
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  GtkWidget *calendar = care_gui_test_find (GTK_WIDGET (popover), GTK_TYPE_CALENDAR, NULL);
  GtkWidget *no_date = care_gui_test_find (GTK_WIDGET (popover), GTK_TYPE_BUTTON, "No date");
  g_autoptr(GDateTime) shown = NULL;

  care_date_row_set_optional (optional, TRUE);
  care_date_row_set_date (optional, "2026-03-10");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));

  /* The calendar opens on the row's date; moving through the months is
   * not a choice, and a day picked closes it. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  /* On a busy machine the popover can take more than one idle pass. */
  g_assert_true (care_gui_test_wait_until (popover_visible, popover, 5000));
  shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
  g_assert_cmpint (g_date_time_get_year (shown), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (shown), ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 10);
  /* The calendar's first header button goes back a month. */
  care_gui_test_click (care_gui_test_find (calendar, GTK_TYPE_BUTTON, NULL));
  g_clear_pointer (&shown, g_date_time_unref);
  shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
  g_assert_cmpint (g_date_time_get_month (shown), ==, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (care_date_row_get_date (optional), ==, "2026-03-10");
  g_assert_true (gtk_widget_get_visible (no_date));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (popover));
  care_gui_test_screenshot (GTK_WIDGET (popover), "date-row-calendar");
  gtk_popover_popdown (popover);

  care_form_test_pick_date (GTK_WIDGET (optional), "2026-04-02");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (optional)), ==, "2026-04-02");
  g_assert_cmpstr (reading (optional), ==, "Thu 2 Apr 2026");

  /* An optional date can be emptied from the calendar. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  care_gui_test_click (no_date);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_null (care_date_row_get_date (optional));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (optional)), ==, "");
  /* Opening the calendar on an empty row shows a day but chooses none. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  g_assert_null (care_date_row_get_date (optional));

  /* A required date's calendar has no such button. */
  care_form_test_pick_date (GTK_WIDGET (t->row), "1938-05-14");
  gtk_menu_button_popup (GTK_MENU_BUTTON (care_gui_test_find (GTK_WIDGET (t->row), GTK_TYPE_MENU_BUTTON, NULL)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (gtk_widget_get_visible (care_gui_test_find (GTK_WIDGET (t->row), GTK_TYPE_BUTTON, "No date")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (care_gui_test_find (GTK_WIDGET (t->row), GTK_TYPE_MENU_BUTTON, NULL)));
}

/* The states side by side, for the pictures. */
static void
test_states_screenshot (RowFixture    *t,
                        gconstpointer  data)
{
  CareDateRow *invalid = add_row (t, "Assessment date");
  CareDateRow *late = add_row (t, "Review date");
  CareDateRow *optional = add_row (t, "End date, if any");
  CareDateRow *empty = add_row (t, "Start date");

  care_date_row_set_date (t->row, "1938-05-14");
  care_gui_test_type (GTK_WIDGET (invalid), "31/02/2026");
  care_date_row_set_max_date (late, "2026-03-10");
  care_date_row_set_date (late, "2026-03-12");
  care_date_row_set_optional (optional, TRUE);
  g_assert_null (care_date_row_get_date (empty));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "date-rows");
}

/* ------------------------------------------------------------------ */
/* The forms' date rows                                                */
/* ------------------------------------------------------------------ */

typedef struct
{
  CareFixture f;
} FormFixture;

static void
form_setup (FormFixture   *t,
            gconstpointer  data)
{
  care_fixture_setup (&t->f, data);
}

static void
form_teardown (FormFixture   *t,
               gconstpointer  data)
{
  care_form_test_close_others (NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  care_fixture_teardown (&t->f, data);
}

static CareDateRow *
date_child (GtkWidget  *dialog,
            GType       type,
            const char *name)
{
  return CARE_DATE_ROW (care_form_test_child (dialog, type, name));
}

/* Focus scrolls a form only as far as the focused text; the pictures
 * show the rows around it too. */
static void
scroll_down (GtkWidget *dialog,
             double     by)
{
  GtkWidget *scroller = care_gui_test_find (dialog, GTK_TYPE_SCROLLED_WINDOW, NULL);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + by);
  gtk_test_widget_wait_for_draw (dialog);
}

/* A delegation from the paperwork: made and agreed by today, starting no
 * earlier than it was made, ending (if ever) after it starts. */
static void
test_task_editor_dates (FormFixture   *t,
                        gconstpointer  data)
{
  GType type = CARE_TYPE_TASK_EDITOR;
  GtkWidget *editor = GTK_WIDGET (care_task_editor_new (NULL, t->f.manager));
  CareDateRow *end;

  gtk_window_present (GTK_WINDOW (editor));
  gtk_test_widget_wait_for_draw (editor);
  g_assert_cmpstr (care_date_row_get_max_date (date_child (editor, type, "delegated_on_row")), ==, CARE_TEST_TODAY);
  g_assert_cmpstr (care_date_row_get_max_date (date_child (editor, type, "mdt_date_row")), ==, CARE_TEST_TODAY);
  g_assert_cmpstr (care_date_row_get_min_date (date_child (editor, type, "start_date_row")), ==, CARE_TEST_TODAY);
  g_assert_true (care_date_row_get_optional (date_child (editor, type, "end_date_row")));

  /* The start follows the day it was delegated. */
  care_form_test_pick_date (care_form_test_child (editor, type, "delegated_on_row"), "2026-03-02");
  g_assert_cmpstr (care_date_row_get_min_date (date_child (editor, type, "start_date_row")), ==, "2026-03-02");
  care_form_test_pick_date (care_form_test_child (editor, type, "start_date_row"), "2026-03-04");
  end = date_child (editor, type, "end_date_row");
  g_assert_cmpstr (care_date_row_get_min_date (end), ==, "2026-03-04");

  care_gui_test_type (GTK_WIDGET (end), "03/03/2026");
  g_assert_false (care_task_editor_save (CARE_TASK_EDITOR (editor)));
  g_assert_cmpstr (care_form_test_error (editor, type), ==, "End date cannot be before Wed 4 Mar 2026.");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), GTK_WIDGET (end)));
  scroll_down (editor, 240);
  care_gui_test_screenshot (editor, "task-editor-dates");
}

/* The assessment is today at the latest, training comes before it, and
 * validity starts from it, following a new assessment date. */
static void
test_sign_off_dates (FormFixture   *t,
                     gconstpointer  data)
{
  GType type = CARE_TYPE_SIGN_OFF_DIALOG;
  GtkWidget *dialog = GTK_WIDGET (care_sign_off_dialog_new (NULL, t->f.store, t->f.other_carer_uuid));
  CareDateRow *until = date_child (dialog, type, "valid_until_row");

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (dialog);
  g_assert_true (care_sign_off_dialog_select (CARE_SIGN_OFF_DIALOG (dialog), t->f.other_carer_uuid,
                                              t->f.cream_type_uuid, t->f.person_uuid, t->f.nurse_uuid));
  g_assert_cmpstr (care_date_row_get_max_date (date_child (dialog, type, "assessed_on_row")), ==, CARE_TEST_TODAY);
  g_assert_cmpstr (care_date_row_get_date (until), ==, "2027-03-10");

  care_form_test_pick_date (care_form_test_child (dialog, type, "assessed_on_row"), "2026-03-06");
  g_assert_cmpstr (care_date_row_get_date (until), ==, "2027-03-06");
  g_assert_cmpstr (care_date_row_get_min_date (until), ==, "2026-03-06");
  g_assert_cmpstr (care_date_row_get_max_date (date_child (dialog, type, "trained_on_row")), ==, "2026-03-06");
  /* Training on the 10th, after an assessment on the 6th, is refused
   * before the PIN is asked for. */
  g_assert_false (care_sign_off_dialog_save (CARE_SIGN_OFF_DIALOG (dialog)));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==, "Training date cannot be after Fri 6 Mar 2026.");
  gtk_test_widget_wait_for_draw (dialog);
  care_gui_test_screenshot (dialog, "sign-off-dialog-dates");

  /* A date of the user's own is kept when the assessment moves again. */
  care_gui_test_type (GTK_WIDGET (until), "01/09/2026");
  care_form_test_pick_date (care_form_test_child (dialog, type, "assessed_on_row"), "2026-03-05");
  g_assert_cmpstr (care_date_row_get_date (until), ==, "2026-09-01");
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add ("/date-row/" path, RowFixture, NULL, row_setup, fn, row_teardown)
  ADD ("typed-forms", test_typed_forms);
  ADD ("property-and-check", test_property_and_check);
  ADD ("calendar", test_calendar);
  ADD ("states-screenshot", test_states_screenshot);
#undef ADD
#define ADD(path, fn) g_test_add ("/date-row/" path, FormFixture, NULL, form_setup, fn, form_teardown)
  ADD ("task-editor-dates", test_task_editor_dates);
  ADD ("sign-off-dates", test_sign_off_dates);
#undef ADD

  return g_test_run ();
}
