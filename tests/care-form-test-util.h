/* care-form-test-util.h: driving the record forms and dialogs in the GUI
 * tests of the tasks, staff, reviews, liberty, history and sync pages
 *
 * Small static helpers on top of care-gui-test-util.h, kept in a header so
 * each test stays one file.
 */
#pragma once

#include "care-date-row.h"
#include "care-gui-test-util.h"

/* The one visible window of @type, as a user sees it appear. */
static G_GNUC_UNUSED GtkWidget *
care_form_test_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (w))
        {
          gtk_test_widget_wait_for_draw (w);
          return w;
        }
    }
  return NULL;
}

/* Every window except @keep, as a test's teardown leaves the screen. */
static G_GNUC_UNUSED void
care_form_test_close_others (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

      if (w != keep)
        gtk_window_destroy (w);
    }
}

/* The end of a page test: every window closed, their idle work done, then
 * the home removed. */
static G_GNUC_UNUSED void
care_form_test_teardown (GtkWindow     *window,
                         CareFixture   *f,
                         gconstpointer  data)
{
  care_form_test_close_others (window);
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  care_fixture_teardown (f, data);
}

static G_GNUC_UNUSED GtkWidget *
care_form_test_child (GtkWidget  *widget,
                      GType       type,
                      const char *name)
{
  GObject *child = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* GtkButton's own "activate" presses for a quarter of a second before it
 * clicks; a test clicks at once, as a pointer release does. */
static G_GNUC_UNUSED void
care_form_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static G_GNUC_UNUSED gboolean
care_form_test_window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Clicks @button and checks that @window closes, as a dialog does once the
 * core has saved what it was for. */
static G_GNUC_UNUSED void
care_form_test_click_and_close (GtkWidget  *button,
                                GtkWidget **window)
{
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  care_form_test_click (button);
  g_assert_true (care_gui_test_wait_until (care_form_test_window_gone, window, 2000));
}

/* The text of a dialog's "error_label", or NULL while it is hidden. */
static G_GNUC_UNUSED const char *
care_form_test_error (GtkWidget *dialog,
                      GType      type)
{
  GtkWidget *label = care_form_test_child (dialog, type, "error_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static G_GNUC_UNUSED void
care_form_test_set_view_text (GtkWidget  *view,
                              const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* Chooses @iso_date (YYYY-MM-DD) in a date row's calendar as a user does:
 * opens the calendar, selects the day (a click on it emits the same
 * "day-selected") and checks that the calendar closed on that date. */
static G_GNUC_UNUSED void
care_form_test_pick_date (GtkWidget  *row,
                          const char *iso_date)
{
  GtkWidget *button = care_gui_test_find (row, GTK_TYPE_MENU_BUTTON, NULL);
  GtkWidget *calendar;
  GtkPopover *popover;
  g_autoptr(GDateTime) day = NULL;
  int year, month, mday;

  g_assert_true (CARE_IS_DATE_ROW (row));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button) && gtk_widget_is_sensitive (button));
  g_assert_cmpint (sscanf (iso_date, "%d-%d-%d", &year, &month, &mday), ==, 3);
  day = g_date_time_new_local (year, month, mday, 12, 0, 0);

  /* Reached as a user reaches it: scrolled into view, so the calendar
   * opens beside it and on the screen. */
  gtk_widget_grab_focus (button);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (button)));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  calendar = care_gui_test_find (GTK_WIDGET (popover), GTK_TYPE_CALENDAR, NULL);
  g_assert_nonnull (calendar);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (care_date_row_get_date (CARE_DATE_ROW (row)), ==, iso_date);
}

/* Types @hh_mm's hours and minutes into the hour and minute boxes
 * ("hour_spin", "minute_spin") under @row. */
static G_GNUC_UNUSED void
care_form_test_type_time (GtkWidget  *row,
                          const char *hh_mm)
{
  GtkWidget *hour = care_gui_test_find (row, GTK_TYPE_SPIN_BUTTON, "hour_spin");
  GtkWidget *minute = care_gui_test_find (row, GTK_TYPE_SPIN_BUTTON, "minute_spin");
  g_autofree char *hours = g_strndup (hh_mm, 2);

  g_assert_nonnull (hour);
  g_assert_nonnull (minute);
  g_assert_cmpuint (strlen (hh_mm), ==, 5);
  care_gui_test_type (hour, hours);
  care_gui_test_type (minute, hh_mm + 3);
}

/* What the hour and minute boxes under @row show, as HH:MM. */
static G_GNUC_UNUSED char *
care_form_test_time_text (GtkWidget *row)
{
  GtkWidget *hour = care_gui_test_find (row, GTK_TYPE_SPIN_BUTTON, "hour_spin");
  GtkWidget *minute = care_gui_test_find (row, GTK_TYPE_SPIN_BUTTON, "minute_spin");

  g_assert_nonnull (hour);
  g_assert_nonnull (minute);
  return g_strdup_printf ("%s:%s", gtk_editable_get_text (GTK_EDITABLE (hour)),
                          gtk_editable_get_text (GTK_EDITABLE (minute)));
}

/* Kept for the tests that call it: care_gui_test_init() now loads the
 * application's style sheets, and loading them again does nothing. */
static G_GNUC_UNUSED void
care_form_test_load_style (void)
{
  care_gui_test_load_style ();
}
