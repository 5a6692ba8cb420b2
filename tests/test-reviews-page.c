/* test-reviews-page.c: the district nurse's reviews and the review form */
#include "config.h"

#include "care-form-test-util.h"
#include "care-form-util.h"
#include "care-review-dialog.h"
#include "care-reviews-page.h"

typedef struct
{
  CareFixture      f;
  GtkWindow       *window;
  CareReviewsPage *page;
} ReviewsFixture;

static void
reviews_setup (ReviewsFixture *t,
               gconstpointer   data)
{
  care_fixture_setup (&t->f, data);
  t->page = CARE_REVIEWS_PAGE (care_reviews_page_new (t->f.store));
  t->window = care_gui_test_window (GTK_WIDGET (t->page), 900, 600);
}

static void
reviews_teardown (ReviewsFixture *t,
                  gconstpointer   data)
{
  care_form_test_teardown (t->window, &t->f, data);
}

static void
sign_in (ReviewsFixture *t,
         CareSession    *session)
{
  g_object_set (t->page, "session", session, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (t->window));
}

static GtkWidget *
open_review (ReviewsFixture *t)
{
  gtk_widget_activate_action (GTK_WIDGET (t->page), "reviews.record", "s", t->f.cream_task_uuid);
  return care_form_test_find_window (CARE_TYPE_REVIEW_DIALOG);
}

/* The cream task started on 1 March with a 10-day review: due on the 11th,
 * the day after the fixture's today, and overdue from the 12th. */
static void
test_lists_due (ReviewsFixture *t,
                gconstpointer   data)
{
  GtkWidget *row;

  sign_in (t, t->f.nurse);
  g_assert_cmpuint (care_reviews_page_get_n_due (t->page), ==, 1);
  row = care_form_find_named (GTK_WIDGET (t->page), t->f.cream_task_uuid);
  g_assert_nonnull (row);
  g_assert_nonnull (care_gui_test_find_text (row, "Due soon"));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->page), "Review due Wed 11 Mar 2026"));
  g_assert_nonnull (care_gui_test_find (row, GTK_TYPE_BUTTON, "Record Review…"));
  care_gui_test_screenshot (GTK_WIDGET (t->window), "reviews-page");

  /* Two days on, it is overdue, and says so in words. */
  care_store_set_now (t->f.store, care_local_instant ("2026-03-12", "09:00"));
  care_reviews_page_refresh (t->page);
  row = care_form_find_named (GTK_WIDGET (t->page), t->f.cream_task_uuid);
  g_assert_nonnull (care_gui_test_find_text (row, "Overdue"));

  /* A manager reads the list but does not record reviews. */
  sign_in (t, t->f.manager);
  row = care_form_find_named (GTK_WIDGET (t->page), t->f.cream_task_uuid);
  g_assert_null (care_gui_test_find (row, GTK_TYPE_BUTTON, "Record Review…"));
  g_assert_null (open_review (t));

  sign_in (t, NULL);
  g_assert_null (care_form_find_named (GTK_WIDGET (t->page), t->f.cream_task_uuid));
}

static void
test_review_suspends (ReviewsFixture *t,
                      gconstpointer   data)
{
  GType type = CARE_TYPE_REVIEW_DIALOG;
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(CareRecord) review = NULL;
  GtkWidget *dialog;

  sign_in (t, t->f.nurse);
  dialog = open_review (t);
  g_assert_nonnull (dialog);
  /* The next review starts at today plus the task's 10 days. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (dialog, type, "next_review_row"))), ==,
                   "2026-03-20");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_form_test_child (dialog, type, "reviewed_on_row"))), ==,
                   CARE_TEST_TODAY);

  /* The findings are required, and the core says so. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (care_form_test_child (dialog, type, "decision_row")), 2);
  care_form_test_click (care_form_test_child (dialog, type, "save_button"));
  g_assert_cmpstr (care_form_test_error (dialog, type), ==, "Findings is required.");
  g_assert_cmpint (care_test_count_rows (t->f.store, "SELECT count (*) FROM review"), ==, 0);

  care_form_test_set_view_text (care_form_test_child (dialog, type, "findings_view"),
                                "Skin broken on the lower left leg; stop the cream until it heals.");
  care_gui_test_screenshot (dialog, "review-dialog");
  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);

  review = care_store_find_current (t->f.store, CARE_KIND_REVIEW, "task_uuid", t->f.cream_task_uuid, NULL);
  g_assert_nonnull (review);
  g_assert_cmpstr (care_record_get_string (review, "decision"), ==, "suspend");
  g_assert_cmpstr (care_record_get_string (review, "reviewer_uuid"), ==, t->f.nurse_uuid);
  g_assert_cmpstr (care_record_get_string (review, "next_review_on"), ==, "2026-03-20");
  task = care_store_load (t->f.store, CARE_KIND_DELEGATED_TASK, t->f.cream_task_uuid, NULL);
  g_assert_cmpstr (care_record_get_string (task, "status"), ==, "suspended");
  /* Reviewed: no longer due this week. */
  g_assert_cmpuint (care_reviews_page_get_n_due (t->page), ==, 0);
}

static void
test_change_instructions (ReviewsFixture *t,
                          gconstpointer   data)
{
  GType type = CARE_TYPE_REVIEW_DIALOG;
  g_autoptr(CareRecord) task = NULL;
  GtkWidget *dialog;

  sign_in (t, t->f.nurse);
  dialog = open_review (t);
  g_assert_false (gtk_widget_get_visible (care_form_test_child (dialog, type, "new_instructions_group")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (care_form_test_child (dialog, type, "decision_row")), 1);
  g_assert_true (gtk_widget_get_visible (care_form_test_child (dialog, type, "new_instructions_group")));
  care_form_test_set_view_text (care_form_test_child (dialog, type, "findings_view"), "Healing well.");
  care_form_test_set_view_text (care_form_test_child (dialog, type, "new_instructions_view"),
                                "Apply once a day, in the evening only.");
  care_form_test_click_and_close (care_form_test_child (dialog, type, "save_button"), &dialog);
  task = care_store_load (t->f.store, CARE_KIND_DELEGATED_TASK, t->f.cream_task_uuid, NULL);
  g_assert_cmpstr (care_record_get_string (task, "instructions"), ==, "Apply once a day, in the evening only.");
  g_assert_cmpstr (care_record_get_string (task, "status"), ==, "active");

  /* Withdrawing needs no next review: the row goes. */
  dialog = open_review (t);
  adw_combo_row_set_selected (ADW_COMBO_ROW (care_form_test_child (dialog, type, "decision_row")), 3);
  g_assert_false (gtk_widget_get_visible (care_form_test_child (dialog, type, "next_review_row")));
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);
  care_form_test_load_style ();

#define ADD(path, fn) g_test_add ("/reviews-page/" path, ReviewsFixture, NULL, reviews_setup, fn, reviews_teardown)
  ADD ("lists-due", test_lists_due);
  ADD ("review-suspends", test_review_suspends);
  ADD ("change-instructions", test_change_instructions);
#undef ADD

  return g_test_run ();
}
