/* test-liberty-page.c: liberty safeguards alerts, the factor-based
 * screening and DoLS/LPS cases */
#include "config.h"

#include "care-case-dialog.h"
#include "care-form-test-util.h"
#include "care-form-util.h"
#include "care-liberty-page.h"
#include "care-screening-dialog.h"

typedef struct
{
  CareFixture      f;
  GtkWindow       *window;
  CareLibertyPage *page;
  char            *restricted_uuid;   /* restrictions noted, never screened */
} LibertyFixture;

static void
liberty_setup (LibertyFixture *t,
               gconstpointer   data)
{
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);
  g_autoptr(GError) error = NULL;

  care_fixture_setup (&t->f, data);
  care_record_set_string (person, "given_name", "Ron");
  care_record_set_string (person, "family_name", "Ashby");
  care_record_set_string (person, "date_of_birth", "1941-07-02");
  care_record_set_string (person, "status", "active");
  care_record_set_string (person, "restrictions", "Keypad on the front door; sensor mat at night");
  care_session_save (t->f.manager, person, NULL, &error);
  g_assert_no_error (error);
  t->restricted_uuid = g_strdup (care_record_get_uuid (person));

  t->page = CARE_LIBERTY_PAGE (care_liberty_page_new (t->f.store));
  t->window = care_gui_test_window (GTK_WIDGET (t->page), 1100, 760);
}

static void
liberty_teardown (LibertyFixture *t,
                  gconstpointer   data)
{
  care_form_test_close_others (t->window);
  gtk_window_destroy (t->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (t->restricted_uuid);
  care_fixture_teardown (&t->f, data);
}

static void
sign_in (LibertyFixture *t,
         CareSession    *session)
{
  g_object_set (t->page, "session", session, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
}

static GtkWidget *
alert_row (LibertyFixture *t)
{
  GtkWidget *list = care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_LIBERTY_PAGE, "alerts_list");

  return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
}

static void
choose (GtkWidget  *dialog,
        GType       type,
        const char *row,
        guint       position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (care_form_test_child (dialog, type, row)), position);
}

static void
test_screening (LibertyFixture *t,
                gconstpointer   data)
{
  GType type = CARE_TYPE_SCREENING_DIALOG;
  g_autoptr(CareRecord) saved = NULL;
  GtkWidget *row, *dialog, *rescreen;

  sign_in (t, t->f.senior);
  g_assert_cmpuint (care_liberty_page_get_n_alerts (t->page), ==, 1);
  row = alert_row (t);
  g_assert_nonnull (care_gui_test_find_text (row, "Ron Ashby has restrictions recorded but no liberty screening."));
  g_assert_nonnull (care_gui_test_find_text (row, "Not screened"));

  /* The alert leads to the person. */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Keypad on the front door"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "liberty-page");

  gtk_widget_activate_action (GTK_WIDGET (t->page), "liberty.new-screening", NULL);
  dialog = care_form_test_find_window (CARE_TYPE_SCREENING_DIALOG);
  g_assert_nonnull (dialog);
  /* No factor is answered for the screener. */
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==, "Capacity to consent to the arrangements is required.");

  choose (dialog, type, "capacity_row", 2);     /* lacks capacity */
  choose (dialog, type, "supervision_row", 4);  /* continuous */
  choose (dialog, type, "free_row", 2);         /* no */
  choose (dialog, type, "outcome_row", 1);      /* refer */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (care_form_find_named (dialog, "restriction-keypad")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (care_form_find_named (dialog, "restriction-sensor_mat")), TRUE);
  care_gui_test_type (care_form_test_child (dialog, type, "if_tries_row"), "Staff would bring him back and distract him");
  care_form_test_set_view_text (care_form_test_child (dialog, type, "objections_view"), "Asks to go home most evenings.");
  care_form_test_set_view_text (care_form_test_child (dialog, type, "rationale_view"),
                                "Lacks capacity, under continuous supervision, not free to leave and objecting: refer.");
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==,
                   "Give the reference of the capacity assessment that found the person lacks capacity.");
  care_gui_test_screenshot (dialog, "screening-dialog-error");

  /* A re-screen date before the screening is the form's to refuse; left
   * empty, the usual interval applies. */
  rescreen = care_form_test_child (dialog, type, "rescreen_row");
  care_form_test_pick_date (rescreen, "2026-03-01");
  care_gui_test_type (care_form_test_child (dialog, type, "capacity_ref_row"), "MCA-2026-014");
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==, "Re-screen by cannot be before Tue 10 Mar 2026.");
  /* The dialog's own focus, not the X server's (see test-tasks-page.c). */
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (dialog)));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), rescreen));
  gtk_test_widget_wait_for_draw (dialog);
  care_gui_test_screenshot (dialog, "screening-dialog-rescreen");
  care_gui_test_type (rescreen, "");

  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);

  saved = care_store_find_current (t->f.store, CARE_KIND_LIBERTY_SCREENING, "person_uuid", t->restricted_uuid, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpstr (care_record_get_string (saved, "restrictions"), ==, "[\"keypad\",\"sensor_mat\"]");
  g_assert_cmpstr (care_record_get_string (saved, "capacity"), ==, "lacks_capacity");
  g_assert_cmpstr (care_record_get_string (saved, "outcome"), ==, "refer");
  g_assert_cmpstr (care_record_get_string (saved, "setting"), ==, "care_home");
  g_assert_cmpstr (care_record_get_string (saved, "screened_by"), ==, t->f.senior_uuid);
  g_assert_cmpstr (care_record_get_string (saved, "rescreen_on"), ==, "2027-03-10");
  /* Screened: the alert has gone, and the screening is listed in words. */
  g_assert_cmpuint (care_liberty_page_get_n_alerts (t->page), ==, 0);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Screened Tue 10 Mar 2026 by Chris Senior"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Keypad on doors, Sensor mat"));
}

static void
test_case_dates (LibertyFixture *t,
                 gconstpointer   data)
{
  GType type = CARE_TYPE_CASE_DIALOG;
  g_autoptr(CareRecord) saved = NULL;
  g_autoptr(CareRecord) notified = NULL;
  GtkWidget *dialog;
  g_autofree char *edit = NULL;

  sign_in (t, t->f.manager);
  care_liberty_page_select_person (t->page, t->restricted_uuid);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "liberty.new-case", NULL);
  dialog = care_form_test_find_window (CARE_TYPE_CASE_DIALOG);
  g_assert_nonnull (dialog);

  choose (dialog, type, "urgency_row", 1);      /* urgent */
  care_gui_test_type (care_form_test_child (dialog, type, "body_row"), "Leicestershire County Council");
  care_gui_test_type (care_form_test_child (dialog, type, "applied_row"), "2026-03-01");
  choose (dialog, type, "outcome_row", 1);      /* granted */
  care_gui_test_type (care_form_test_child (dialog, type, "granted_row"), "2026-03-02");
  care_gui_test_type (care_form_test_child (dialog, type, "valid_from_row"), "2026-03-02");
  care_gui_test_type (care_form_test_child (dialog, type, "valid_until_row"), "2026-03-20");
  care_gui_test_type (care_form_test_child (dialog, type, "outcome_on_row"), "2026-03-02");
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  /* An urgent DoLS authorisation lasts seven days at most. */
  g_assert_cmpstr (care_form_test_error (dialog, type), ==,
                   "An authorisation of this kind lasts at most until 2026-03-09; 2026-03-20 is too late.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM liberty_case"), ==, 0);
  care_gui_test_screenshot (dialog, "case-dialog-error");

  care_gui_test_type (care_form_test_child (dialog, type, "valid_until_row"), "2026-03-09");
  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);
  saved = care_store_find_current (t->f.store, CARE_KIND_LIBERTY_CASE, "person_uuid", t->restricted_uuid, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpstr (care_record_get_string (saved, "scheme"), ==, "dols");
  g_assert_cmpstr (care_record_get_string (saved, "urgency"), ==, "urgent");
  g_assert_cmpstr (care_record_get_string (saved, "valid_until"), ==, "2026-03-09");
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "DoLS, Urgent, applied Sun 1 Mar 2026"));
  /* The outcome is not yet told to the CQC: an alert says so. */
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "The CQC has not been told the outcome"));

  /* Updating the case is a correction with a reason. */
  edit = g_strdup (care_record_get_uuid (saved));
  gtk_widget_activate_action (GTK_WIDGET (t->page), "liberty.edit-case", "s", edit);
  dialog = care_form_test_find_window (CARE_TYPE_CASE_DIALOG);
  g_assert_true (gtk_widget_get_visible (care_form_test_child (dialog, type, "reason_group")));
  care_gui_test_type (care_form_test_child (dialog, type, "cqc_on_row"), "2026-03-05");
  care_gui_test_type (care_form_test_child (dialog, type, "cqc_ref_row"), "CQC-77812");
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==, "A reason is required to correct a record.");
  care_gui_test_type (care_form_test_child (dialog, type, "reason_row"), "CQC notified of the outcome");
  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);
  notified = care_store_load (t->f.store, CARE_KIND_LIBERTY_CASE, edit, NULL);
  g_assert_cmpint (care_record_get_version (notified), ==, 2);
  g_assert_cmpstr (care_record_get_string (notified, "cqc_notified_on"), ==, "2026-03-05");
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (t->page), "The CQC has not been told the outcome"));
}

/* An LPS case says which authorisation it is, and that decides how long
 * it may last; the question is not asked of a DoLS case. */
static void
test_case_lps_renewal (LibertyFixture *t,
                       gconstpointer   data)
{
  GType type = CARE_TYPE_CASE_DIALOG;
  g_autoptr(CareRecord) saved = NULL;
  g_autofree char *uuid = NULL;
  GtkWidget *dialog;

  sign_in (t, t->f.manager);
  care_liberty_page_select_person (t->page, t->restricted_uuid);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "liberty.new-case", NULL);
  dialog = care_form_test_find_window (CARE_TYPE_CASE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_visible (care_form_test_child (dialog, type, "renewal_row")));

  choose (dialog, type, "scheme_row", 1);       /* LPS */
  g_assert_true (gtk_widget_get_visible (care_form_test_child (dialog, type, "renewal_row")));
  choose (dialog, type, "urgency_row", 2);      /* standard */
  care_gui_test_type (care_form_test_child (dialog, type, "body_row"), "Leicestershire County Council");
  care_gui_test_type (care_form_test_child (dialog, type, "applied_row"), "2026-03-01");
  choose (dialog, type, "outcome_row", 1);      /* granted */
  care_gui_test_type (care_form_test_child (dialog, type, "granted_row"), "2026-03-02");
  care_gui_test_type (care_form_test_child (dialog, type, "valid_from_row"), "2026-03-02");
  care_gui_test_type (care_form_test_child (dialog, type, "valid_until_row"), "2028-03-01");
  care_gui_test_type (care_form_test_child (dialog, type, "outcome_on_row"), "2026-03-02");
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==,
                   "Say whether this LPS authorisation is the first, its first renewal or a later renewal: "
                   "that decides how long it may last.");

  choose (dialog, type, "renewal_row", 1);      /* first authorisation */
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==,
                   "A first LPS authorisation lasts at most 12 months: until 2027-03-02 at the latest, not 2028-03-01.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM liberty_case"), ==, 0);
  care_gui_test_screenshot (dialog, "case-dialog-lps-renewal");

  choose (dialog, type, "renewal_row", 3);      /* the second renewal: up to three years */
  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);
  saved = care_store_find_current (t->f.store, CARE_KIND_LIBERTY_CASE, "person_uuid", t->restricted_uuid, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpstr (care_record_get_string (saved, "scheme"), ==, "lps");
  g_assert_cmpint (care_record_get_int (saved, "renewal_number"), ==, 2);
  g_assert_cmpstr (care_record_get_string (saved, "valid_until"), ==, "2028-03-01");

  /* Opened again, the dialog shows which renewal it is. */
  uuid = g_strdup (care_record_get_uuid (saved));
  gtk_widget_activate_action (GTK_WIDGET (t->page), "liberty.edit-case", "s", uuid);
  dialog = care_form_test_find_window (CARE_TYPE_CASE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (care_form_test_child (dialog, type, "renewal_row")));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (care_form_test_child (dialog, type, "renewal_row"))),
                    ==, 3);
  choose (dialog, type, "scheme_row", 0);       /* DoLS: no renewals */
  g_assert_false (gtk_widget_get_visible (care_form_test_child (dialog, type, "renewal_row")));
}

static void
test_carer_reads (LibertyFixture *t,
                  gconstpointer   data)
{
  sign_in (t, t->f.carer);
  care_liberty_page_select_person (t->page, t->restricted_uuid);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Ron Ashby"));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_LIBERTY_PAGE,
                                                                "new_screening_button")));
  gtk_widget_activate_action (GTK_WIDGET (t->page), "liberty.new-screening", NULL);
  g_assert_null (care_form_test_find_window (CARE_TYPE_SCREENING_DIALOG));
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

#define ADD(path, fn) g_test_add ("/liberty-page/" path, LibertyFixture, NULL, liberty_setup, fn, liberty_teardown)
  ADD ("screening", test_screening);
  ADD ("case-dates", test_case_dates);
  ADD ("case-lps-renewal", test_case_lps_renewal);
  ADD ("carer-reads", test_carer_reads);
#undef ADD

  return g_test_run ();
}
