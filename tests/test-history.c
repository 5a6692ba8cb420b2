/* test-history.c: a record's versions, corrections and "entered in error"
 * with their reasons, and the audit trail of every change */
#include "config.h"

#include "care-audit-page.h"
#include "care-correct-dialog.h"
#include "care-form-test-util.h"
#include "care-form-util.h"
#include "care-history-dialog.h"
#include "care-reason-dialog.h"

typedef struct
{
  CareFixture  f;
  GtkWindow   *window;
  GtkWidget   *holder;
} HistoryFixture;

static void
history_setup (HistoryFixture *t,
               gconstpointer   data)
{
  care_fixture_setup (&t->f, data);
  t->holder = gtk_label_new ("");
  t->window = care_gui_test_window (t->holder, 900, 700);
}

static void
history_teardown (HistoryFixture *t,
                  gconstpointer   data)
{
  care_form_test_teardown (t->window, &t->f, data);
}

static GtkWidget *
open_history (HistoryFixture *t,
              CareSession    *session,
              CareKind        kind,
              const char     *uuid)
{
  CareHistoryDialog *dialog = care_history_dialog_new (t->window, t->f.store, session, kind, uuid);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return GTK_WIDGET (dialog);
}

static void
test_correction (HistoryFixture *t,
                 gconstpointer   data)
{
  g_autoptr(CareRecord) person = NULL;
  GtkWidget *history, *correct, *room, *version;

  history = open_history (t, t->f.manager, CARE_KIND_PERSON, t->f.person_uuid);
  g_assert_nonnull (care_gui_test_find_text (history, "1 version, newest first."));
  g_assert_nonnull (care_form_find_named (history, "version-1"));
  g_assert_nonnull (care_gui_test_find_text (history, "Version 1: Created"));

  correct = care_history_dialog_open_correction (CARE_HISTORY_DIALOG (history));
  g_assert_nonnull (correct);
  gtk_test_widget_wait_for_draw (correct);
  room = care_correct_dialog_get_field (CARE_CORRECT_DIALOG (correct), "room");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (room)), ==, "Room 4");
  care_gui_test_type (room, "Room 9");

  /* A correction needs a reason: the core's words. */
  care_form_test_click (care_form_test_child (correct, CARE_TYPE_CORRECT_DIALOG, "save_button"));
  g_assert_cmpstr (care_form_test_error (correct, CARE_TYPE_CORRECT_DIALOG), ==, "A reason is required to correct a record.");
  care_gui_test_screenshot (correct, "correct-dialog-error");
  care_gui_test_type (care_form_test_child (correct, CARE_TYPE_CORRECT_DIALOG, "reason_row"),
                      "Moved to a ground-floor room");
  care_form_test_click_and_close (care_form_test_child (correct, CARE_TYPE_CORRECT_DIALOG, "save_button"), &correct);

  person = care_store_load (t->f.store, CARE_KIND_PERSON, t->f.person_uuid, NULL);
  g_assert_cmpint (care_record_get_version (person), ==, 2);
  g_assert_cmpstr (care_record_get_string (person, "room"), ==, "Room 9");

  /* Version 2 is shown with who, why and old → new. */
  version = care_form_find_named (history, "version-2");
  g_assert_nonnull (version);
  g_assert_nonnull (care_gui_test_find_text (version, "Version 2: Corrected"));
  g_assert_nonnull (care_gui_test_find_text (version, "Priya Shah"));
  g_assert_nonnull (care_gui_test_find_text (history, "2 versions, newest first."));
  {
    GtkWidget *row = care_gui_test_find (version, ADW_TYPE_ACTION_ROW, "Room or address");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Room 4 → Room 9");
    row = care_gui_test_find (version, ADW_TYPE_ACTION_ROW, "Reason");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Moved to a ground-floor room");
  }
  care_gui_test_screenshot (history, "history-dialog");
}

static void
test_entered_in_error (HistoryFixture *t,
                       gconstpointer   data)
{
  g_autoptr(CareRecord) marked = NULL;
  g_autoptr(CareRecord) admin = care_test_new_admin (&t->f, t->f.cream_task_uuid, "08:00",
                                                     care_local_instant (CARE_TEST_TODAY, "08:05"), "done");
  g_autoptr(GError) error = NULL;
  GtkWidget *history, *reason;

  care_administration_record (t->f.carer, admin, &error);
  g_assert_no_error (error);

  /* The carer marks her own mistake. */
  history = open_history (t, t->f.carer, CARE_KIND_ADMINISTRATION, care_record_get_uuid (admin));
  reason = care_history_dialog_open_entered_in_error (CARE_HISTORY_DIALOG (history));
  g_assert_nonnull (reason);
  gtk_test_widget_wait_for_draw (reason);
  care_form_test_click (care_form_test_child (reason, CARE_TYPE_REASON_DIALOG, "confirm_button"));
  g_assert_cmpstr (care_form_test_error (reason, CARE_TYPE_REASON_DIALOG), ==,
                   "A reason is required to mark a record as entered in error.");
  care_gui_test_type (care_form_test_child (reason, CARE_TYPE_REASON_DIALOG, "reason_row"),
                      "Recorded against the wrong person");
  care_form_test_click_and_close (care_form_test_child (reason, CARE_TYPE_REASON_DIALOG, "confirm_button"), &reason);

  marked = care_store_load (t->f.store, CARE_KIND_ADMINISTRATION, care_record_get_uuid (admin), NULL);
  g_assert_true (care_record_is_entered_in_error (marked));
  g_assert_cmpint (care_record_get_version (marked), ==, 2);
  g_assert_nonnull (care_gui_test_find_text (history, "Version 2: Marked as entered in error"));
  g_assert_nonnull (care_gui_test_find_text (history, "Recorded against the wrong person"));
  g_assert_nonnull (care_gui_test_find_text (history, "This record is marked as entered in error"));
  /* Nothing more can be done to it. */
  g_assert_false (gtk_widget_get_visible (care_form_test_child (history, CARE_TYPE_HISTORY_DIALOG, "correct_button")));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (history, CARE_TYPE_HISTORY_DIALOG, "error_button")));
  care_gui_test_screenshot (history, "history-entered-in-error");
}

static void
test_correction_refused_by_core (HistoryFixture *t,
                                 gconstpointer   data)
{
  GtkWidget *history, *correct;

  /* A carer may not change a person's details: the core refuses, and the
   * dialog shows why. */
  history = open_history (t, t->f.carer, CARE_KIND_PERSON, t->f.person_uuid);
  correct = care_history_dialog_open_correction (CARE_HISTORY_DIALOG (history));
  care_gui_test_type (care_correct_dialog_get_field (CARE_CORRECT_DIALOG (correct), "allergies"), "Penicillin");
  care_gui_test_type (care_form_test_child (correct, CARE_TYPE_CORRECT_DIALOG, "reason_row"), "Allergy found");
  care_form_test_click (care_form_test_child (correct, CARE_TYPE_CORRECT_DIALOG, "save_button"));
  g_assert_cmpstr (care_form_test_error (correct, CARE_TYPE_CORRECT_DIALOG), ==,
                   "Only a manager can add or change a person's details; Alex Carer is signed in as Care worker.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT max (version) FROM person"), ==, 1);
}

static gboolean
model_length_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (G_LIST_MODEL (args[0])) == GPOINTER_TO_UINT (args[1]);
}

static void
test_audit_page (HistoryFixture *t,
                 gconstpointer   data)
{
  CareAuditPage *page = CARE_AUDIT_PAGE (care_audit_page_new (t->f.store));
  gint64 events = care_store_count_events (t->f.store, NULL);
  GtkWidget *history;
  gpointer args[2];

  gtk_window_set_child (t->window, GTK_WIDGET (page));
  g_object_set (page, "session", t->f.manager, NULL);
  /* The query reaches the list once the list has a height. */
  args[0] = care_audit_page_get_model (page);
  args[1] = GUINT_TO_POINTER ((guint) events);
  g_assert_true (care_gui_test_wait_until (model_length_is, args, 5000));
  care_gui_test_wait_for_model (care_audit_page_get_model (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (page), "Accepted · Delegated task: Topical creams and emollients for Margaret Hill"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "audit-page");

  /* Searched in SQL: one acceptance. */
  care_gui_test_type (care_form_test_child (GTK_WIDGET (page), CARE_TYPE_AUDIT_PAGE, "search_entry"), "accept");
  args[0] = care_audit_page_get_model (page);
  args[1] = GUINT_TO_POINTER (1);
  g_assert_true (care_gui_test_wait_until (model_length_is, args, 3000));
  care_gui_test_wait_for_model (care_audit_page_get_model (page));

  /* Choosing it opens the task's history. */
  history = care_audit_page_open (page, 0);
  g_assert_nonnull (history);
  g_assert_nonnull (care_gui_test_find_text (history, "Topical creams and emollients for Margaret Hill"));
  g_assert_nonnull (care_gui_test_find_text (history, "Version 2: Accepted"));

  /* Not for carers. */
  g_object_set (page, "session", t->f.carer, NULL);
  g_assert_null (care_audit_page_get_model (page));
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

#define ADD(path, fn) g_test_add ("/history/" path, HistoryFixture, NULL, history_setup, fn, history_teardown)
  ADD ("correction", test_correction);
  ADD ("entered-in-error", test_entered_in_error);
  ADD ("correction-refused", test_correction_refused_by_core);
  ADD ("audit-page", test_audit_page);
#undef ADD

  return g_test_run ();
}
