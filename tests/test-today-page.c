/* test-today-page.c: the day's round and the record dialog, driven as a carer would */
#include "config.h"

#include <string.h>

#include "care-form-test-util.h"
#include "care-record-dialog.h"
#include "care-today-item.h"
#include "care-today-page.h"

typedef struct
{
  CareFixture    f;
  GtkWindow     *window;
  CareTodayPage *page;
} TodayFixture;

static void
today_setup (TodayFixture  *t,
             gconstpointer  data)
{
  care_fixture_setup (&t->f, data);
  t->page = CARE_TODAY_PAGE (care_today_page_new (t->f.store));
  t->window = care_gui_test_window (GTK_WIDGET (t->page), 760, 600);
}

static void
today_teardown (TodayFixture  *t,
                gconstpointer  data)
{
  gtk_window_destroy (t->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  care_fixture_teardown (&t->f, data);
}

static void
sign_in (TodayFixture *t,
         CareSession  *session)
{
  g_object_set (t->page, "session", session, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
}

static CareTodayItem *
find_slot (TodayFixture *t,
           const char   *time)
{
  GListModel *items = care_today_page_get_items (t->page);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CareTodayItem) item = g_list_model_get_item (items, i);

      if (care_today_item_get_kind (item) == CARE_TODAY_ITEM_SLOT
          && g_strcmp0 (care_today_item_get_slot_time (item), time) == 0)
        return item;
    }
  return NULL;
}

static gint64
count_admins (TodayFixture *t)
{
  return care_test_count_rows (t->f.store, "SELECT count (*) FROM administration");
}

static GtkWidget *
dialog_child (CareRecordDialog *dialog,
              const char       *name)
{
  GtkWidget *child = care_gui_test_find (GTK_WIDGET (dialog), GTK_TYPE_WIDGET, name);

  g_assert_nonnull (child);
  return child;
}

/* A pointer click: gtk_widget_activate() on a button only clicks it after
 * its pressed animation, a quarter of a second later. */
static void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_visible (button) && gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
switch_is_on (gpointer data)
{
  return gtk_switch_get_active (GTK_SWITCH (data));
}

/* Saving successfully closes (and so destroys) the dialog at once. */
static void
save_and_close (CareRecordDialog **dialog)
{
  g_object_add_weak_pointer (G_OBJECT (*dialog), (gpointer *) dialog);
  gtk_widget_activate_action (GTK_WIDGET (*dialog), "record.save", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (*dialog != NULL)
    g_error ("the dialog stayed open: %s", care_record_dialog_get_error_text (*dialog));
}

/* The fixture's cream is due at 08:00 and 20:00; at noon the morning one
 * is past its two-hour window and the evening one is still to come. */
static void
test_shows_slots (TodayFixture  *t,
                  gconstpointer  data)
{
  CareTodayItem *morning, *evening;

  sign_in (t, t->f.carer);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (t->page)));
  morning = find_slot (t, "08:00");
  evening = find_slot (t, "20:00");
  g_assert_nonnull (morning);
  g_assert_nonnull (evening);
  g_assert_cmpint (care_today_item_get_state (morning), ==, CARE_SLOT_OVERDUE);
  g_assert_cmpint (care_today_item_get_state (evening), ==, CARE_SLOT_UPCOMING);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Margaret Hill"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Overdue"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Upcoming"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "1 overdue · 1 upcoming"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "today");

  /* The day picker moves the round a day at a time. */
  gtk_widget_activate_action (GTK_WIDGET (t->page), "today.next-day", NULL);
  g_assert_cmpstr (care_today_page_get_date (t->page), ==, "2026-03-11");
  g_assert_cmpint (care_today_item_get_state (find_slot (t, "08:00")), ==, CARE_SLOT_UPCOMING);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "today.go-today", NULL);
  g_assert_cmpstr (care_today_page_get_date (t->page), ==, CARE_TEST_TODAY);

  /* Locked: nothing about anyone stays on screen. */
  sign_in (t, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (care_today_page_get_items (t->page)), ==, 0);
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (t->page), "Margaret Hill"));
}

/* After saving: the slot at @time is done and its line reads @subtitle,
 * on the round and, once drawn, on the page, with @toast shown. */
static void
assert_saved_done (TodayFixture *t,
                   const char   *time,
                   const char   *subtitle,
                   const char   *toast)
{
  CareTodayItem *slot = find_slot (t, time);

  g_assert_nonnull (slot);
  g_assert_cmpint (care_today_item_get_state (slot), ==, CARE_SLOT_DONE);
  g_assert_cmpstr (care_today_item_get_subtitle (slot), ==, subtitle);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), subtitle));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), toast));
}

static void
test_record_done (TodayFixture  *t,
                  gconstpointer  data)
{
  g_autofree char *time = NULL;
  CareRecordDialog *dialog;

  sign_in (t, t->f.carer);
  dialog = care_today_page_record (t->page, t->f.cream_task_uuid, "08:00");
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* A topical task asks for the site and fills in the one prescribed. */
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "site_row")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "site_row"))), ==, "Lower left leg");
  /* Today's slot starts at today, now. */
  g_assert_cmpstr (care_date_row_get_date (CARE_DATE_ROW (dialog_child (dialog, "day_row"))), ==, CARE_TEST_TODAY);
  time = care_form_test_time_text (dialog_child (dialog, "time_row"));
  g_assert_cmpstr (time, ==, "12:00");
  care_form_test_type_time (dialog_child (dialog, "time_row"), "08:05");
  save_and_close (&dialog);

  g_assert_cmpint (count_admins (t), ==, 1);
  g_assert_cmpint (care_test_count_rows (t->f.store,
                   "SELECT count (*) FROM administration WHERE outcome = 'done' AND slot_time = '08:00' AND late = 1"), ==, 1);
  assert_saved_done (t, "08:00", "Done at 08:05 by Alex Carer · late entry", "marked as a late entry");
}

/* The chosen outcome is filled with the accent colour in light and dark
 * style alike (a toggle's own grey all but vanishes in dark): in both
 * pictures, the chosen button's face beside its word is clearly blue. */
static void
assert_chosen_is_accent (CareRecordDialog *dialog,
                         const char       *name)
{
  GtkWidget *done = dialog_child (dialog, "done_button");
  static const char * const schemes[] = { "light", "dark" };
  graphene_point_t at;

  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (done)));
  g_assert_true (gtk_widget_compute_point (done, GTK_WIDGET (dialog),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (done) * 0.85f,
                                                                 gtk_widget_get_height (done) * 0.5f),
                                           &at));
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s.png", name, schemes[i]);
      g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) picture = gdk_texture_new_from_filename (path, &error);
      g_autofree guchar *pixels = NULL;
      gsize stride;
      const guchar *px;
      int red, green, blue;

      g_assert_no_error (error);
      stride = (gsize) gdk_texture_get_width (picture) * 4;
      pixels = g_malloc (stride * gdk_texture_get_height (picture));
      gdk_texture_download (picture, pixels, stride);
      /* Cairo's ARGB32: one native-endian 32-bit word per pixel. */
      px = pixels + (gsize) at.y * stride + (gsize) at.x * 4;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      red = px[2], green = px[1], blue = px[0];
#else
      red = px[1], green = px[2], blue = px[3];
#endif
      g_test_message ("%s: chosen outcome at %.0f,%.0f is rgb(%d, %d, %d)", file, at.x, at.y, red, green, blue);
      g_assert_cmpint (blue, >, red + 100);
    }
}

static void
test_not_competent (TodayFixture  *t,
                    gconstpointer  data)
{
  g_autofree char *time = NULL;
  CareRecordDialog *dialog;
  const char *message;

  sign_in (t, t->f.other_carer);
  /* Bea's own round is empty: she is signed off for nothing. */
  g_assert_true (gtk_widget_get_visible (care_gui_test_find_text (GTK_WIDGET (t->page), "Nothing on your round")));
  g_object_set (t->page, "my-round", FALSE, NULL);
  g_assert_nonnull (find_slot (t, "08:00"));

  dialog = care_today_page_record (t->page, t->f.cream_task_uuid, "08:00");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  care_form_test_type_time (dialog_child (dialog, "time_row"), "08:10");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (dialog_child (dialog, "observations_view"))),
                            "Skin looked dry.", -1);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);

  message = care_record_dialog_get_error_text (dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Bea Newstart has no valid competency sign-off"));
  g_assert_nonnull (strstr (message, "Alex Carer"));
  g_assert_cmpint (count_admins (t), ==, 0);
  /* Nothing typed is lost. */
  time = care_form_test_time_text (dialog_child (dialog, "time_row"));
  g_assert_cmpstr (time, ==, "08:10");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  care_gui_test_screenshot (GTK_WIDGET (dialog), "record-dialog-error");
  assert_chosen_is_accent (dialog, "record-dialog-error");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_duplicate_then_extra (TodayFixture  *t,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) first = care_test_new_admin (&t->f, t->f.cream_task_uuid, "08:00",
                                                     care_local_instant (CARE_TEST_TODAY, "08:02"), "done");
  CareRecordDialog *dialog;
  GtkWidget *extra_group;

  care_administration_record (t->f.carer, first, &error);
  g_assert_no_error (error);
  sign_in (t, t->f.carer);

  dialog = care_today_page_record (t->page, t->f.cream_task_uuid, "08:00");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  extra_group = dialog_child (dialog, "extra_group");
  g_assert_false (gtk_widget_get_visible (extra_group));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  g_assert_nonnull (strstr (care_record_dialog_get_error_text (dialog), "already recorded as done by Alex Carer"));
  g_assert_true (gtk_widget_get_visible (extra_group));
  g_assert_cmpint (count_admins (t), ==, 1);

  /* Extra without a reason is refused too; with one it is saved. */
  care_gui_test_click (dialog_child (dialog, "extra_switch"));
  /* The switch turns on at the end of its slide. */
  g_assert_true (care_gui_test_wait_until (switch_is_on, dialog_child (dialog, "extra_switch"), 2000));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  g_assert_nonnull (strstr (care_record_dialog_get_error_text (dialog), "needs a reason"));
  g_assert_cmpint (count_admins (t), ==, 1);
  care_gui_test_type (dialog_child (dialog, "extra_reason_row"), "Cream washed off in the bath; nurse said reapply.");
  save_and_close (&dialog);
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM administration WHERE extra = 1"), ==, 1);
}

static void
test_not_done_needs_reason (TodayFixture  *t,
                            gconstpointer  data)
{
  CareRecordDialog *dialog;
  AdwComboRow *reason_row;
  GListModel *reasons;
  guint refused = GTK_INVALID_LIST_POSITION;

  sign_in (t, t->f.carer);
  dialog = care_today_page_record (t->page, t->f.cream_task_uuid, "08:00");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  press (dialog_child (dialog, "not_done_button"));
  reason_row = ADW_COMBO_ROW (dialog_child (dialog, "reason_row"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reason_row)));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "site_row")));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  g_assert_nonnull (strstr (care_record_dialog_get_error_text (dialog), "Choose why it was not done"));
  g_assert_cmpint (count_admins (t), ==, 0);

  reasons = adw_combo_row_get_model (reason_row);
  for (guint i = 0; i < g_list_model_get_n_items (reasons); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (reasons), i), "Refused (R)"))
      refused = i;
  g_assert_cmpuint (refused, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (reason_row, refused);
  save_and_close (&dialog);
  g_assert_cmpint (care_test_count_rows (t->f.store,
                   "SELECT count (*) FROM administration WHERE outcome = 'not_done' AND reason_canonical = 'refused'"), ==, 1);
  g_assert_cmpint (care_today_item_get_state (find_slot (t, "08:00")), ==, CARE_SLOT_NOT_DONE);
  g_assert_nonnull (strstr (care_today_item_get_subtitle (find_slot (t, "08:00")), "Refused"));
}

/* At noon the 20:00 dose is not due: the dialog says it would be given
 * early while the time says so, and not once the time is changed; saved
 * as it stands, the dose is recorded, and the round and the toast say it
 * was given early. */
static void
test_early_dose (TodayFixture  *t,
                 gconstpointer  data)
{
  CareRecordDialog *dialog;
  AdwActionRow *time_row;

  sign_in (t, t->f.carer);
  dialog = care_today_page_record (t->page, t->f.cream_task_uuid, "20:00");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  time_row = ADW_ACTION_ROW (dialog_child (dialog, "time_row"));
  g_assert_cmpstr (adw_action_row_get_subtitle (time_row), ==,
                   "Before the 20:00 dose was due: it will show as given early. "
                   "If it has not been given yet, record it when it is.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (time_row), "care-early"));
  care_gui_test_screenshot (GTK_WIDGET (dialog), "record-dialog-early");

  /* Not done is never early. */
  press (dialog_child (dialog, "not_done_button"));
  g_assert_cmpstr (adw_action_row_get_subtitle (time_row), ==, "");
  press (dialog_child (dialog, "done_button"));
  g_assert_cmpstr (adw_action_row_get_subtitle (time_row), !=, "");
  /* Within the hour before the slot it is due, so not early (the core
   * then refuses a time still to come, on saving). */
  care_form_test_type_time (GTK_WIDGET (time_row), "19:00");
  g_assert_cmpstr (adw_action_row_get_subtitle (time_row), ==, "");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (time_row), "care-early"));
  care_form_test_type_time (GTK_WIDGET (time_row), "18:59");
  g_assert_cmpstr (adw_action_row_get_subtitle (time_row), !=, "");
  /* The evening before is a day early. */
  care_form_test_type_time (GTK_WIDGET (time_row), "19:30");
  g_assert_cmpstr (adw_action_row_get_subtitle (time_row), ==, "");
  care_form_test_pick_date (dialog_child (dialog, "day_row"), "2026-03-09");
  g_assert_cmpstr (adw_action_row_get_subtitle (time_row), !=, "");

  care_form_test_pick_date (dialog_child (dialog, "day_row"), CARE_TEST_TODAY);
  care_form_test_type_time (GTK_WIDGET (time_row), "12:00");
  save_and_close (&dialog);

  g_assert_cmpint (care_test_count_rows (t->f.store,
                   "SELECT count (*) FROM administration WHERE outcome = 'done' AND slot_time = '20:00'"), ==, 1);
  assert_saved_done (t, "20:00", "Done at 12:00 by Alex Carer · given early", "the chart shows it as given early");
}

static void
test_future_time (TodayFixture  *t,
                  gconstpointer  data)
{
  CareRecordDialog *dialog;
  GtkWidget *day;

  sign_in (t, t->f.carer);
  dialog = care_today_page_record (t->page, t->f.cream_task_uuid, "20:00");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  day = dialog_child (dialog, "day_row");
  care_form_test_type_time (dialog_child (dialog, "time_row"), "20:00");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  g_assert_nonnull (strstr (care_record_dialog_get_error_text (dialog), "is in the future"));

  /* A day that is not a date, or after today, is refused by the form,
   * which says what it takes; the row shows the problem too. */
  care_gui_test_type (day, "31/02/2026");
  g_assert_true (gtk_widget_has_css_class (day, "error"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  g_assert_cmpstr (care_record_dialog_get_error_text (dialog), ==,
                   "Day it happened: “31/02/2026” is not a date. Type it as day/month/year, "
                   "for example 26/11/2026, or choose it from the calendar.");
  care_form_test_pick_date (day, "2026-03-11");
  g_assert_true (gtk_widget_has_css_class (day, "error"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  g_assert_cmpstr (care_record_dialog_get_error_text (dialog), ==, "Day it happened cannot be after Tue 10 Mar 2026.");
  g_assert_cmpint (count_admins (t), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Yesterday evening's dose, given after midnight and recorded at noon:
 * the slot stays yesterday's 20:00, the day it happened is today. */
static void
test_after_midnight (TodayFixture  *t,
                     gconstpointer  data)
{
  g_autofree char *after_midnight = g_strdup_printf ("SELECT count (*) FROM administration WHERE slot_date = '2026-03-09' "
                                                     "AND slot_time = '20:00' AND late = 1 AND occurred_at = %" G_GINT64_FORMAT,
                                                     care_local_instant (CARE_TEST_TODAY, "00:30"));
  g_autofree char *time = NULL;
  CareRecordDialog *dialog;
  GtkWidget *day;

  sign_in (t, t->f.carer);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "today.previous-day", NULL);
  g_assert_cmpstr (care_today_page_get_date (t->page), ==, "2026-03-09");
  dialog = care_today_page_record (t->page, t->f.cream_task_uuid, "20:00");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* Another day's slot starts at its own day and time. */
  day = dialog_child (dialog, "day_row");
  g_assert_cmpstr (care_date_row_get_date (CARE_DATE_ROW (day)), ==, "2026-03-09");
  time = care_form_test_time_text (dialog_child (dialog, "time_row"));
  g_assert_cmpstr (time, ==, "20:00");

  care_form_test_pick_date (day, CARE_TEST_TODAY);
  care_form_test_type_time (dialog_child (dialog, "time_row"), "00:30");
  care_gui_test_screenshot (GTK_WIDGET (dialog), "record-dialog-after-midnight");
  save_and_close (&dialog);
  g_assert_cmpint (care_test_count_rows (t->f.store, after_midnight), ==, 1);
}

static char *
add_prn_task (TodayFixture *t)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = care_test_type_uuid (&t->f, "eye-drops");
  g_autoptr(CareRecord) task = care_test_new_task (&t->f, t->f.person_uuid, type);
  g_autoptr(GHashTable) yes = care_test_all_yes (&t->f);
  g_autofree char *comp = NULL;

  care_record_set_string (task, "schedule_kind", "prn");
  care_record_unset (task, "schedule_times");
  care_record_unset (task, "site");
  care_record_set_string (task, "instructions", "One drop in the left eye when it is sore.");
  care_record_set_int (task, "prn_max_24h", 4);
  care_record_set_int (task, "prn_min_interval_min", 120);
  care_delegation_propose (t->f.manager, task, &error);
  g_assert_no_error (error);
  care_delegation_accept (t->f.manager, care_record_get_uuid (task), yes, &error);
  g_assert_no_error (error);
  care_delegation_set_status (t->f.manager, care_record_get_uuid (task), "active", NULL, &error);
  g_assert_no_error (error);
  comp = care_test_sign_off (&t->f, t->f.carer_uuid, type, t->f.person_uuid, "2026-02-20", "2027-02-19");
  return g_strdup (care_record_get_uuid (task));
}

static CareTodayItem *
find_when_required (TodayFixture *t)
{
  GListModel *items = care_today_page_get_items (t->page);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CareTodayItem) item = g_list_model_get_item (items, i);

      if (care_today_item_get_kind (item) == CARE_TODAY_ITEM_WHEN_REQUIRED)
        return item;
    }
  return NULL;
}

/* When-required tasks have their own section and a button per task; the
 * core keeps doses apart by the minimum interval. */
static void
test_when_required (TodayFixture  *t,
                    gconstpointer  data)
{
  g_autofree char *task_uuid = add_prn_task (t);
  CareRecordDialog *dialog;
  CareTodayItem *item;

  sign_in (t, t->f.carer);
  item = find_when_required (t);
  g_assert_nonnull (item);
  g_assert_cmpstr (care_today_item_get_title (item), ==, "Margaret Hill · Eye drops");
  g_assert_nonnull (strstr (care_today_item_get_subtitle (item), "0 doses given on this day"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "When required"));
  g_assert_nonnull (care_gui_test_find (GTK_WIDGET (t->page), GTK_TYPE_BUTTON, "Record a dose"));

  dialog = care_today_page_record (t->page, task_uuid, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  care_form_test_type_time (dialog_child (dialog, "time_row"), "10:30");
  save_and_close (&dialog);
  item = find_when_required (t);
  g_assert_nonnull (strstr (care_today_item_get_subtitle (item), "1 dose given on this day"));
  g_assert_nonnull (strstr (care_today_item_get_subtitle (item), "by Alex Carer"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "today-when-required");

  /* Too soon after the last dose: the core says when the next may be. */
  dialog = care_today_page_record (t->page, task_uuid, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  g_assert_nonnull (strstr (care_record_dialog_get_error_text (dialog), "The next dose can be given from 12:30"));
  g_assert_cmpint (count_admins (t), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* In a window as narrow as the page allows, the day's date takes more lines
 * rather than losing its end. */
static void
test_narrow_date (TodayFixture  *t,
                  gconstpointer  data)
{
  GtkWidget *date = care_gui_test_find (GTK_WIDGET (t->page), GTK_TYPE_LABEL, "date_label");
  PangoLayout *layout;

  g_assert_nonnull (date);
  sign_in (t, t->f.carer);
  gtk_window_set_default_size (t->window, 1, 600);
  gtk_widget_queue_resize (GTK_WIDGET (t->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));

  layout = gtk_label_get_layout (GTK_LABEL (date));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (date)), "2026"));
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (pango_layout_get_line_count (layout), >, 1);
  care_gui_test_screenshot (GTK_WIDGET (t->window), "today-narrow");
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add ("/today-page/" path, TodayFixture, NULL, today_setup, fn, today_teardown)
  ADD ("shows-slots", test_shows_slots);
  ADD ("record-done", test_record_done);
  ADD ("not-competent", test_not_competent);
  ADD ("duplicate-then-extra", test_duplicate_then_extra);
  ADD ("not-done-needs-reason", test_not_done_needs_reason);
  ADD ("early-dose", test_early_dose);
  ADD ("future-time", test_future_time);
  ADD ("after-midnight", test_after_midnight);
  ADD ("when-required", test_when_required);
  ADD ("narrow-date", test_narrow_date);
#undef ADD

  return g_test_run ();
}
