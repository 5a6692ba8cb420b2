/* test-staff-page.c: staff records, the competency matrix, sign-off with
 * the assessing practitioner's own PIN, revocation and the printed matrix */
#include "config.h"

#include <glib/gstdio.h>

#include "care-form-util.h"
#include "care-form-test-util.h"
#include "care-print-matrix.h"
#include "care-gui-util.h"
#include "care-reason-dialog.h"
#include "care-sign-off-dialog.h"
#include "care-staff-editor.h"
#include "care-staff-page.h"

#define TEST_PIN "2468"

typedef struct
{
  CareFixture    f;
  GtkWindow     *window;
  CareStaffPage *page;
} StaffFixture;

static void
staff_setup (StaffFixture  *t,
             gconstpointer  data)
{
  care_fixture_setup (&t->f, data);
  t->page = CARE_STAFF_PAGE (care_staff_page_new (t->f.store));
  t->window = care_gui_test_window (GTK_WIDGET (t->page), 1100, 760);
}

static void
staff_teardown (StaffFixture  *t,
                gconstpointer  data)
{
  care_form_test_teardown (t->window, &t->f, data);
}

static void
sign_in (StaffFixture *t,
         CareSession  *session)
{
  g_object_set (t->page, "session", session, NULL);
  if (care_staff_page_get_model (t->page) != NULL)
    care_gui_test_wait_for_model (care_staff_page_get_model (t->page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
}

static void
test_list_and_record (StaffFixture  *t,
                      gconstpointer  data)
{
  CarePagedModel *model;

  sign_in (t, t->f.manager);
  model = care_staff_page_get_model (t->page);
  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);

  g_assert_true (care_staff_page_select_staff (t->page, t->f.carer_uuid));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Topical creams and emollients, with Margaret Hill"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "valid until Fri 19 Feb 2027"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "staff-page");

  /* The search runs in SQL. */
  care_gui_test_type (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_STAFF_PAGE, "search_entry"), "okafor");
  care_gui_test_wait (400);
  care_gui_test_wait_for_model (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* Locked: nothing stays. */
  sign_in (t, NULL);
  g_assert_null (care_staff_page_get_model (t->page));
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (t->page), "Alex Carer"));
}

static void
test_new_staff (StaffFixture  *t,
                gconstpointer  data)
{
  GType type = CARE_TYPE_STAFF_EDITOR;
  g_autoptr(CareRecord) added = NULL;
  g_autoptr(CareSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;

  sign_in (t, t->f.manager);
  gtk_widget_activate_action (GTK_WIDGET (t->page), "staff.new", NULL);
  editor = care_form_test_find_window (CARE_TYPE_STAFF_EDITOR);
  g_assert_nonnull (editor);
  g_assert_false (gtk_widget_get_visible (care_form_test_child (editor, type, "reason_group")));

  care_gui_test_type (care_form_test_child (editor, type, "name_row"), "Dana Whitfield");
  adw_combo_row_set_selected (ADW_COMBO_ROW (care_form_test_child (editor, type, "role_row")), 3);
  care_gui_test_type (care_form_test_child (editor, type, "pin_row"), "4321");
  care_gui_test_type (care_form_test_child (editor, type, "pin_again_row"), "4312");
  care_form_test_click (care_form_test_child (editor, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (editor, type), ==, "The two PINs are different. Type the same PIN in both boxes.");

  /* A practitioner needs their register: the core says so. */
  care_gui_test_type (care_form_test_child (editor, type, "pin_row"), "4321");
  care_gui_test_type (care_form_test_child (editor, type, "pin_again_row"), "4321");
  care_form_test_click (care_form_test_child (editor, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (editor, type), ==,
                   "A registered practitioner needs their professional register (e.g. NMC) and register number.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM staff WHERE name = 'Dana Whitfield'"), ==, 0);
  /* The PIN never stays in the form. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (editor, type, "pin_row"))), ==, "");
  care_gui_test_screenshot (editor, "staff-editor-error");

  care_gui_test_type (care_form_test_child (editor, type, "register_body_row"), "NMC");
  care_gui_test_type (care_form_test_child (editor, type, "register_number_row"), "77C1234A");
  care_gui_test_type (care_form_test_child (editor, type, "pin_row"), "4321");
  care_gui_test_type (care_form_test_child (editor, type, "pin_again_row"), "4321");
  care_form_test_click_and_close (care_form_test_child (editor, type, "save_button"), &editor);

  added = care_store_find_current (t->f.store, CARE_KIND_STAFF, "name", "Dana Whitfield", NULL);
  g_assert_nonnull (added);
  g_assert_cmpstr (care_record_get_string (added, "role"), ==, "registered_practitioner");
  g_assert_true (care_record_get_bool (added, "active"));
  session = care_session_sign_in (t->f.store, care_record_get_uuid (added), "4321", &error);
  g_assert_no_error (error);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "NMC 77C1234A"));
}

static void
test_edit_needs_reason (StaffFixture  *t,
                        gconstpointer  data)
{
  GType type = CARE_TYPE_STAFF_EDITOR;
  GtkWidget *editor;

  sign_in (t, t->f.manager);
  care_staff_page_select_staff (t->page, t->f.carer_uuid);
  care_form_test_click (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_STAFF_PAGE, "edit_button"));
  editor = care_form_test_find_window (CARE_TYPE_STAFF_EDITOR);
  g_assert_true (gtk_widget_get_visible (care_form_test_child (editor, type, "reason_group")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (editor, type, "name_row"))), ==, "Alex Carer");

  care_gui_test_type (care_form_test_child (editor, type, "contact_row"), "07700 900123");
  care_form_test_click (care_form_test_child (editor, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (editor, type), ==, "A reason is required to correct a record.");

  care_gui_test_type (care_form_test_child (editor, type, "reason_row"), "New mobile number");
  care_form_test_click_and_close (care_form_test_child (editor, type, "save_button"), &editor);
  g_assert_cmpint (care_test_count_rows (t->f.store,
                   "SELECT count (*) FROM staff WHERE contact = '07700 900123' AND version = 2"), ==, 1);
  /* The PIN was kept. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CareSession) again = care_session_sign_in (t->f.store, t->f.carer_uuid, TEST_PIN, &error);
    g_assert_no_error (error);
  }
}

static GtkWidget *
open_sign_off (StaffFixture *t,
               const char   *staff_uuid)
{
  GtkWidget *dialog;

  care_staff_page_select_staff (t->page, staff_uuid);
  care_form_test_click (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_STAFF_PAGE, "staff_sign_off_button"));
  dialog = care_form_test_find_window (CARE_TYPE_SIGN_OFF_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

static void
test_sign_off_with_nurse_pin (StaffFixture  *t,
                              gconstpointer  data)
{
  GType type = CARE_TYPE_SIGN_OFF_DIALOG;
  g_autoptr(CareRecord) signed_off = NULL;
  GtkWidget *dialog;
  const char *message;

  /* The manager is signed in at the PC; the nurse signs with her own PIN. */
  sign_in (t, t->f.manager);
  dialog = open_sign_off (t, t->f.other_carer_uuid);
  g_assert_true (care_sign_off_dialog_select (CARE_SIGN_OFF_DIALOG (dialog), t->f.other_carer_uuid,
                                              t->f.cream_type_uuid, t->f.person_uuid, t->f.nurse_uuid));
  g_assert_true (gtk_widget_get_visible (care_form_test_child (dialog, type, "person_row")));
  /* Valid until defaults to the assessment date plus the type's 12 months. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (dialog, type, "valid_until_row"))), ==, "2027-03-10");
  care_gui_test_type (care_form_test_child (dialog, type, "trainer_row"), "Sam Okafor");
  care_gui_test_type (care_form_test_child (dialog, type, "pin_row"), "0000");
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  message = care_form_test_error (dialog, type);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "That PIN is not right."));
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM competency"), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (dialog, type, "pin_row"))), ==, "");
  care_gui_test_screenshot (dialog, "sign-off-dialog-error");

  care_gui_test_type (care_form_test_child (dialog, type, "pin_row"), TEST_PIN);
  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);
  signed_off = care_store_find_current (t->f.store, CARE_KIND_COMPETENCY, "staff_uuid", t->f.other_carer_uuid, NULL);
  g_assert_nonnull (signed_off);
  g_assert_cmpstr (care_record_get_string (signed_off, "assessor_uuid"), ==, t->f.nurse_uuid);
  g_assert_cmpstr (care_record_get_recorded_by (signed_off), ==, t->f.nurse_uuid);
  g_assert_cmpstr (care_record_get_string (signed_off, "assessor_register_number"), ==, "12A3456E");
  g_assert_cmpstr (care_record_get_string (signed_off, "person_uuid"), ==, t->f.person_uuid);
  g_assert_cmpint (care_test_count_rows (t->f.store,
                   "SELECT count (*) FROM events WHERE entity_kind = 'competency' AND actor_name = 'Sam Okafor' "
                   "AND action = 'create'"), ==, 2);
  /* The manager is still the one signed in at the PC. */
  g_assert_true (care_session_get_role (t->f.manager) == CARE_ROLE_MANAGER);
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Topical creams and emollients, with Margaret Hill"));
}

static void
test_sign_off_validity (StaffFixture  *t,
                                gconstpointer  data)
{
  GType type = CARE_TYPE_SIGN_OFF_DIALOG;
  g_autoptr(GError) error = NULL;
  g_autofree char *eye = care_test_type_uuid (&t->f, "eye-drops");
  GtkWidget *dialog;

  sign_in (t, t->f.nurse);
  dialog = open_sign_off (t, t->f.other_carer_uuid);
  g_assert_true (care_sign_off_dialog_select (CARE_SIGN_OFF_DIALOG (dialog), t->f.other_carer_uuid,
                                              eye, t->f.person_uuid, t->f.nurse_uuid));
  /* A date after the assessment plus twelve months is the core's to refuse. */
  care_gui_test_type (care_form_test_child (dialog, type, "trainer_row"), "Sam Okafor");
  care_gui_test_type (care_form_test_child (dialog, type, "valid_until_row"), "2028-01-01");
  care_gui_test_type (care_form_test_child (dialog, type, "pin_row"), TEST_PIN);
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==,
                   "A sign-off for “Eye drops” lasts at most 12 months: valid until 2027-03-10 at the latest.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM competency"), ==, 1);
}

static void
test_revoke_with_reason (StaffFixture  *t,
                         gconstpointer  data)
{
  g_autoptr(CareRecord) competency = care_store_find_current (t->f.store, CARE_KIND_COMPETENCY, "staff_uuid",
                                                              t->f.carer_uuid, NULL);
  g_autofree char *name = g_strdup_printf ("revoke-%s", care_record_get_uuid (competency));
  g_autoptr(CareRecord) revoked = NULL;
  GtkWidget *dialog;

  sign_in (t, t->f.manager);
  care_staff_page_select_staff (t->page, t->f.carer_uuid);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  care_form_test_click (care_form_find_named (GTK_WIDGET (t->page), name));
  dialog = care_form_test_find_window (CARE_TYPE_REASON_DIALOG);
  care_form_test_click (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "confirm_button"));
  g_assert_cmpstr (care_form_test_error (dialog, CARE_TYPE_REASON_DIALOG), ==, "Say why the competency is revoked.");

  care_gui_test_type (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "reason_row"), "Applied cream to the wrong leg twice");
  care_form_test_click_and_close (care_form_test_child (dialog, CARE_TYPE_REASON_DIALOG, "confirm_button"), &dialog);
  revoked = care_store_load (t->f.store, CARE_KIND_COMPETENCY, care_record_get_uuid (competency), NULL);
  g_assert_cmpstr (care_record_get_string (revoked, "revoked_on"), ==, CARE_TEST_TODAY);
  g_assert_cmpstr (care_record_get_string (revoked, "revoked_reason"), ==, "Applied cream to the wrong leg twice");
  g_assert_cmpstr (care_record_get_string (revoked, "revoked_by"), ==, t->f.manager_uuid);
  /* The row now says so in words, and cannot be revoked twice. */
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Revoked on Tue 10 Mar 2026"));
  g_assert_null (care_form_find_named (GTK_WIDGET (t->page), name));
}

/* In a window narrower than the matrix, the matrix scrolls on its own,
 * both ways, under the heading, the explanation and the key, which wrap
 * to the page and stay in view; the cells' tooltips come from the matrix,
 * not one per cell. */
static void
check_matrix_narrow (StaffFixture *t)
{
  GtkWidget *page = GTK_WIDGET (t->page);
  GtkWidget *matrix = care_form_test_child (page, CARE_TYPE_STAFF_PAGE, "matrix_grid");
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (care_form_test_child (page, CARE_TYPE_STAFF_PAGE, "matrix_scroller"));
  GtkAdjustment *across = gtk_scrolled_window_get_hadjustment (scroller);
  GtkWidget *none = care_gui_test_find_text (page, "– None");
  GtkWidget *cell = care_gui_test_find_text (matrix, "V Valid · 1 person");
  graphene_point_t corner, at;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (t->window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (t->window), 640, height);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "staff-matrix-narrow");

  g_assert_cmpfloat (gtk_adjustment_get_upper (across), >, gtk_adjustment_get_page_size (across));
  g_assert_null (gtk_widget_get_ancestor (none, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_nonnull (none);
  g_assert_true (gtk_widget_compute_point (none, page,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (none), 0), &corner));
  g_assert_cmpfloat (corner.x, <=, gtk_widget_get_width (page));

  g_assert_nonnull (cell);
  g_assert_false (gtk_widget_get_has_tooltip (cell));
  g_assert_true (gtk_widget_compute_point (cell, matrix, &GRAPHENE_POINT_INIT (4, 4), &at));
  g_assert_true (g_str_has_suffix (care_gui_tip_at (matrix, at.x, at.y), ": V Valid · 1 person"));
  gtk_window_set_default_size (GTK_WINDOW (t->window), width, height);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
}

static void
test_matrix_states (StaffFixture  *t,
                    gconstpointer  data)
{
  g_autofree char *eye = care_test_type_uuid (&t->f, "eye-drops");
  g_autofree char *glucose = care_test_type_uuid (&t->f, "blood-glucose");
  g_autofree char *expiring = care_test_sign_off (&t->f, t->f.senior_uuid, t->f.cream_type_uuid, t->f.person_uuid,
                                                  "2025-03-20", "2026-03-20");
  g_autofree char *to_revoke = care_test_sign_off (&t->f, t->f.senior_uuid, eye, t->f.person_uuid,
                                                   "2026-01-10", "2027-01-09");
  g_autofree char *old = care_test_sign_off (&t->f, t->f.other_carer_uuid, glucose, t->f.person_uuid,
                                             "2025-01-10", "2026-01-09");
  g_autoptr(GError) error = NULL;

  care_competency_revoke (t->f.manager, to_revoke, "Retraining needed", &error);
  g_assert_no_error (error);

  /* A carer sees the matrix, not the staff records. */
  sign_in (t, t->f.carer);
  g_assert_false (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (
    gtk_widget_get_template_child (GTK_WIDGET (t->page), CARE_TYPE_STAFF_PAGE, "staff_view"))));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (care_form_test_child (GTK_WIDGET (t->page),
                                                                                    CARE_TYPE_STAFF_PAGE, "view_stack"))),
                   ==, "matrix");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "V Valid · 1 person"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "E Expiring · 1 person"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "X Expired"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "R Revoked"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "– None"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Key:"));
  g_assert_false (gtk_widget_get_visible (care_form_test_child (GTK_WIDGET (t->page), CARE_TYPE_STAFF_PAGE, "sign_off_button")));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "staff-matrix");
  check_matrix_narrow (t);
}

static void
test_print_pdf (StaffFixture  *t,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (t->f.dir, "matrix.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (care_print_matrix_export_pdf (t->f.store, NULL, path, t->window, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  /* Kept beside the screenshots for a look. */
  {
    g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
    g_autofree char *copy = g_build_filename (dir, "competency-matrix.pdf", NULL);

    g_mkdir_with_parents (dir, 0755);
    g_file_set_contents (copy, contents, length, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

#define ADD(path, fn) g_test_add ("/staff-page/" path, StaffFixture, NULL, staff_setup, fn, staff_teardown)
  ADD ("list-and-record", test_list_and_record);
  ADD ("new-staff", test_new_staff);
  ADD ("edit-needs-reason", test_edit_needs_reason);
  ADD ("sign-off-with-nurse-pin", test_sign_off_with_nurse_pin);
  ADD ("sign-off-validity", test_sign_off_validity);
  ADD ("revoke-with-reason", test_revoke_with_reason);
  ADD ("matrix-states", test_matrix_states);
  ADD ("print-pdf", test_print_pdf);
#undef ADD

  return g_test_run ();
}
