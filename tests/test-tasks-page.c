/* test-tasks-page.c: the delegated tasks page, the decision matrix, the
 * reason dialogs and the new-delegation form, driven as a manager would */
#include "config.h"

#include "care-decision-dialog.h"
#include "care-form-util.h"
#include "care-form-test-util.h"
#include "care-reason-dialog.h"
#include "care-task-editor.h"
#include "care-tasks-page.h"

typedef struct
{
  CareFixture    f;
  GtkWindow     *window;
  CareTasksPage *page;
} TasksFixture;

static void
tasks_setup (TasksFixture  *t,
             gconstpointer  data)
{
  care_fixture_setup (&t->f, data);
  t->page = CARE_TASKS_PAGE (care_tasks_page_new (t->f.store));
  t->window = care_gui_test_window (GTK_WIDGET (t->page), 1100, 760);
}

static void
tasks_teardown (TasksFixture  *t,
                gconstpointer  data)
{
  /* Dialogs a test left open go first. */
  care_form_test_teardown (t->window, &t->f, data);
}

static void
sign_in (TasksFixture *t,
         CareSession  *session)
{
  g_object_set (t->page, "session", session, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
}

static char *
task_status (TasksFixture *t,
             const char   *uuid)
{
  g_autoptr(CareRecord) task = care_store_load (t->f.store, CARE_KIND_DELEGATED_TASK, uuid, NULL);

  g_assert_nonnull (task);
  return g_strdup (care_record_get_string (task, "status"));
}

static char *
propose (TasksFixture *t,
         const char   *code)
{
  g_autofree char *type = care_test_type_uuid (&t->f, code);
  g_autoptr(CareRecord) task = care_test_new_task (&t->f, t->f.person_uuid, type);
  g_autoptr(GError) error = NULL;

  care_delegation_propose (t->f.manager, task, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (task));
}

static const char *
label_text (GtkWidget  *widget,
            GType       type,
            const char *name)
{
  GtkWidget *label = care_form_test_child (widget, type, name);

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
test_sections (TasksFixture  *t,
               gconstpointer  data)
{
  g_autofree char *iv = propose (t, "iv-drugs");
  GtkWidget *row;

  sign_in (t, t->f.manager);
  /* The proposal is listed under "Awaiting a decision", flagged in words. */
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Awaiting a decision (1)"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Active (1)"));
  row = care_form_find_named (GTK_WIDGET (t->page), iv);
  g_assert_nonnull (row);
  g_assert_nonnull (care_gui_test_find_text (row, "Never delegated"));

  /* Activating the row shows the whole delegation. */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpstr (care_tasks_page_get_selected_task (t->page), ==, iv);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Written instructions"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Sam Okafor"));
  g_assert_true (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "decide_button")));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "suspend_button")));

  care_tasks_page_select_task (t->page, t->f.cream_task_uuid);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "At 08:00,20:00 each day"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Status history"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "tasks-page");

  /* Locked: nothing stays on screen. */
  sign_in (t, NULL);
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (t->page), "Margaret Hill"));
  g_assert_null (care_tasks_page_get_selected_task (t->page));
}

static void
test_accept_through_matrix (TasksFixture  *t,
                            gconstpointer  data)
{
  g_autofree char *uuid = propose (t, "eye-drops");
  g_autoptr(GPtrArray) questions = care_delegation_questions (t->f.store, NULL);
  g_autofree char *status = NULL;
  GtkWidget *dialog;
  const char *message;

  sign_in (t, t->f.manager);
  care_tasks_page_select_task (t->page, uuid);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "tasks.decide", NULL);
  dialog = care_form_test_find_window (CARE_TYPE_DECISION_DIALOG);
  g_assert_nonnull (dialog);

  /* Accepting before answering names the first question left; the message
   * takes the focus without its text showing as selected. */
  care_form_test_click (care_gui_test_find (dialog, GTK_TYPE_BUTTON, "Accept Task"));
  message = label_text (dialog, CARE_TYPE_DECISION_DIALOG, "error_label");
  g_assert_nonnull (strstr (message, "Answer every question before accepting."));
  /* The dialog's own focus, not the X server's: another test's window,
   * run alongside on the same display, may be the active one. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "error_label"));
  g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "error_label")), NULL, NULL));

  /* Nothing is chosen beforehand. */
  for (guint i = 0; i < questions->len; i++)
    {
      const char *code = care_record_get_string (g_ptr_array_index (questions, i), "code");
      g_autofree char *yes = g_strdup_printf ("yes-%s", code);
      g_autofree char *no = g_strdup_printf ("no-%s", code);

      g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (care_form_find_named (dialog, yes))));
      g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (care_form_find_named (dialog, no))));
      care_form_test_click (care_form_find_named (dialog, g_str_equal (code, "stable") ? no : yes));
    }

  /* A "no" blocks acceptance with the core's message. */
  care_form_test_click (care_gui_test_find (dialog, GTK_TYPE_BUTTON, "Accept Task"));
  message = label_text (dialog, CARE_TYPE_DECISION_DIALOG, "error_label");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "cannot be accepted while the answer to “Is the person's condition stable and predictable?” is no"));
  status = task_status (t, uuid);
  g_assert_cmpstr (status, ==, "proposed");
  g_assert_true (gtk_widget_get_visible (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "use_reason_button")));
  care_gui_test_screenshot (dialog, "decision-dialog-refused");

  /* The refusal can become the decline reason. */
  care_form_test_click (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "use_reason_button"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "reason_row"))), ==,
                   "Decision matrix: the answer to “Is the person's condition stable and predictable?” is no.");

  /* With every answer yes the task is accepted. */
  care_form_test_click (care_form_find_named (dialog, "yes-stable"));
  care_form_test_click_and_close (care_gui_test_find (dialog, GTK_TYPE_BUTTON, "Accept Task"), &dialog);
  g_free (status);
  status = task_status (t, uuid);
  g_assert_cmpstr (status, ==, "accepted");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Accepted"));
  /* An accepted task can now be made active, and no longer decided. */
  g_assert_true (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "activate_button")));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "decide_button")));
  care_form_test_click (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "activate_button"));
  g_free (status);
  status = task_status (t, uuid);
  g_assert_cmpstr (status, ==, "active");
}

static void
test_not_delegable_refused (TasksFixture  *t,
                            gconstpointer  data)
{
  g_autofree char *uuid = propose (t, "iv-drugs");
  g_autoptr(CareRecord) type = care_store_load (t->f.store, CARE_KIND_TASK_TYPE, t->f.iv_type_uuid, NULL);
  const char *catalogue_reason = care_record_get_string (type, "not_delegable_reason");
  g_autoptr(GPtrArray) questions = care_delegation_questions (t->f.store, NULL);
  g_autoptr(CareRecord) declined = NULL;
  g_autofree char *status = NULL;
  GtkWidget *dialog;
  const char *message;

  sign_in (t, t->f.manager);
  care_tasks_page_select_task (t->page, uuid);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "tasks.decide", NULL);
  dialog = care_form_test_find_window (CARE_TYPE_DECISION_DIALOG);
  for (guint i = 0; i < questions->len; i++)
    care_decision_dialog_set_answer (CARE_DECISION_DIALOG (dialog),
                                     care_record_get_string (g_ptr_array_index (questions, i), "code"), "yes");
  care_form_test_click (care_gui_test_find (dialog, GTK_TYPE_BUTTON, "Accept Task"));

  message = label_text (dialog, CARE_TYPE_DECISION_DIALOG, "error_label");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "can never be delegated to care staff"));
  g_assert_nonnull (strstr (message, catalogue_reason));
  status = task_status (t, uuid);
  g_assert_cmpstr (status, ==, "proposed");

  care_form_test_click (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "use_reason_button"));
  care_form_test_click_and_close (care_form_test_child (dialog, CARE_TYPE_DECISION_DIALOG, "decline_button"), &dialog);
  declined = care_store_load (t->f.store, CARE_KIND_DELEGATED_TASK, uuid, NULL);
  g_assert_cmpstr (care_record_get_string (declined, "status"), ==, "declined");
  g_assert_nonnull (strstr (care_record_get_string (declined, "status_reason"), catalogue_reason));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Ended, declined or withdrawn (1)"));
}

static void
test_decline_needs_reason (TasksFixture  *t,
                           gconstpointer  data)
{
  g_autofree char *uuid = propose (t, "eye-drops");
  g_autofree char *status = NULL;
  GtkWidget *dialog;
  const char *message;

  sign_in (t, t->f.manager);
  care_tasks_page_select_task (t->page, uuid);
  care_form_test_click (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "decline_button"));
  dialog = care_form_test_find_window (CARE_TYPE_REASON_DIALOG);
  g_assert_nonnull (dialog);

  care_form_test_click (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "confirm_button"));
  message = label_text (dialog, CARE_TYPE_REASON_DIALOG, "error_label");
  g_assert_cmpstr (message, ==, "Say why the task is declined; the delegating practitioner sees this reason.");
  status = task_status (t, uuid);
  g_assert_cmpstr (status, ==, "proposed");
  care_gui_test_screenshot (dialog, "reason-dialog-error");

  care_gui_test_type (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "reason_row"), "No staff trained for eye drops yet");
  care_form_test_click_and_close (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "confirm_button"), &dialog);
  g_free (status);
  status = task_status (t, uuid);
  g_assert_cmpstr (status, ==, "declined");
}

static void
fill_editor (GtkWidget  *editor,
             const char *times)
{
  GType type = CARE_TYPE_TASK_EDITOR;

  care_gui_test_type (care_form_test_child (editor, type, "practitioner_name_row"), "Jo Evans");
  care_gui_test_type (care_form_test_child (editor, type, "practitioner_profession_row"), "District nurse");
  care_gui_test_type (care_form_test_child (editor, type, "practitioner_register_row"), "NMC");
  care_gui_test_type (care_form_test_child (editor, type, "practitioner_number_row"), "98B7654C");
  care_gui_test_type (care_form_test_child (editor, type, "practitioner_org_row"), "Leicestershire Partnership NHS Trust");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (care_form_test_child (editor, type, "instructions_view"))),
                            "One drop in each eye.", -1);
  care_gui_test_type (care_form_test_child (editor, type, "times_row"), times);
}

static void
test_new_delegation (TasksFixture  *t,
                     gconstpointer  data)
{
  g_autofree char *eye = care_test_type_uuid (&t->f, "eye-drops");
  gint64 before = care_test_count_rows (t->f.store, "SELECT count (DISTINCT uuid) FROM delegated_task");
  GtkWidget *editor;
  const char *message;

  sign_in (t, t->f.manager);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "tasks.new", NULL);
  editor = care_form_test_find_window (CARE_TYPE_TASK_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (care_task_editor_select (CARE_TASK_EDITOR (editor), t->f.person_uuid, eye));
  /* Dates start at today. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "start_date_row"))),
                   ==, CARE_TEST_TODAY);

  /* A bad schedule is the core's to refuse, and its message is shown. */
  fill_editor (editor, "08:00, 8 pm");
  care_form_test_click (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "save_button"));
  message = label_text (editor, CARE_TYPE_TASK_EDITOR, "error_label");
  g_assert_cmpstr (message, ==, "“8 pm” is not a time of day (use HH:MM, e.g. 08:00).");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (DISTINCT uuid) FROM delegated_task"), ==, before);
  care_gui_test_screenshot (editor, "task-editor-error");

  /* The other kinds of schedule show their own rows. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "schedule_row")), 2);
  g_assert_false (gtk_widget_get_visible (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "times_row")));
  g_assert_true (gtk_widget_get_visible (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "prn_max_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "schedule_row")), 0);

  care_gui_test_type (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "times_row"), "08:00, 20:00");
  care_form_test_click_and_close (care_form_test_child (editor, CARE_TYPE_TASK_EDITOR, "save_button"), &editor);
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (DISTINCT uuid) FROM delegated_task"), ==, before + 1);
  g_assert_cmpint (care_test_count_rows (t->f.store,
                   "SELECT count (*) FROM delegated_task WHERE status = 'proposed' AND practitioner_name = 'Jo Evans' "
                   "AND schedule_times = '08:00, 20:00' AND review_interval_days = 10"), ==, 1);
  /* The new proposal is chosen and shown. */
  g_assert_nonnull (care_tasks_page_get_selected_task (t->page));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Awaiting a decision (1)"));
}

static void
test_suspend_and_reactivate (TasksFixture  *t,
                             gconstpointer  data)
{
  g_autofree char *status = NULL;
  GtkWidget *dialog;

  sign_in (t, t->f.nurse);
  care_tasks_page_select_task (t->page, t->f.cream_task_uuid);
  /* A practitioner changes the status but does not decide on proposals. */
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "decide_button")));
  care_form_test_click (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "suspend_button"));
  dialog = care_form_test_find_window (CARE_TYPE_REASON_DIALOG);
  care_gui_test_type (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "reason_row"), "Skin broken; stop until reviewed");
  care_form_test_click_and_close (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "confirm_button"), &dialog);
  status = task_status (t, t->f.cream_task_uuid);
  g_assert_cmpstr (status, ==, "suspended");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Suspended (1)"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Skin broken; stop until reviewed"));

  care_form_test_click (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "activate_button"));
  g_free (status);
  status = task_status (t, t->f.cream_task_uuid);
  g_assert_cmpstr (status, ==, "active");
}

static void
test_carer_reads_only (TasksFixture  *t,
                       gconstpointer  data)
{
  sign_in (t, t->f.carer);
  care_tasks_page_select_task (t->page, t->f.cream_task_uuid);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Apply a thin layer of steroid cream"));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "new_button")));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "suspend_button")));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "end_button")));
  g_assert_true (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_TASKS_PAGE, "history_button")));
  /* The shortcut does nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (t->page), "tasks.new", NULL);
  g_assert_null (care_form_test_find_window (CARE_TYPE_TASK_EDITOR));
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

#define ADD(path, fn) g_test_add ("/tasks-page/" path, TasksFixture, NULL, tasks_setup, fn, tasks_teardown)
  ADD ("sections", test_sections);
  ADD ("accept-through-matrix", test_accept_through_matrix);
  ADD ("not-delegable-refused", test_not_delegable_refused);
  ADD ("decline-needs-reason", test_decline_needs_reason);
  ADD ("new-delegation", test_new_delegation);
  ADD ("suspend-and-reactivate", test_suspend_and_reactivate);
  ADD ("carer-reads-only", test_carer_reads_only);
#undef ADD

  return g_test_run ();
}
