/* test-task-queries.c: the queries behind the tasks, staff, reviews,
 * history, audit and sync pages */
#include "config.h"

#include "care-test-util.h"

static GPtrArray *
tasks_in (CareFixture   *f,
          CareTaskGroup  group)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = care_task_queries_tasks (f->store, group, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tasks);
  return tasks;
}

static CareTaskSummary *
find_task (GPtrArray  *tasks,
           const char *uuid)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      CareTaskSummary *s = g_ptr_array_index (tasks, i);
      if (g_str_equal (s->task_uuid, uuid))
        return s;
    }
  return NULL;
}

static char *
propose (CareFixture *f,
         const char  *type_uuid)
{
  g_autoptr(CareRecord) task = care_test_new_task (f, f->person_uuid, type_uuid);
  g_autoptr(GError) error = NULL;

  care_delegation_propose (f->manager, task, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (task));
}

static void
test_tasks_by_group (CareFixture   *f,
                     gconstpointer  data)
{
  g_autofree char *iv = propose (f, f->iv_type_uuid);
  g_autoptr(GPtrArray) awaiting = tasks_in (f, CARE_TASK_GROUP_AWAITING);
  g_autoptr(GPtrArray) active = tasks_in (f, CARE_TASK_GROUP_ACTIVE);
  g_autoptr(GPtrArray) finished = NULL;
  g_autoptr(GError) error = NULL;
  CareTaskSummary *s;

  s = find_task (awaiting, iv);
  g_assert_nonnull (s);
  g_assert_false (s->delegable);
  g_assert_cmpstr (s->status, ==, "proposed");
  g_assert_cmpstr (s->source, ==, "local");
  g_assert_cmpstr (s->person_name, ==, "Margaret Hill");
  g_assert_null (find_task (awaiting, f->cream_task_uuid));

  s = find_task (active, f->cream_task_uuid);
  g_assert_nonnull (s);
  g_assert_true (s->delegable);
  g_assert_cmpstr (s->practitioner_name, ==, "Sam Okafor");
  g_assert_cmpstr (care_task_status_label (s->status), ==, "Active");

  care_delegation_decline (f->manager, iv, "Intravenous drugs are never delegated.", NULL, &error);
  g_assert_no_error (error);
  finished = tasks_in (f, CARE_TASK_GROUP_FINISHED);
  s = find_task (finished, iv);
  g_assert_nonnull (s);
  g_assert_cmpstr (s->status_reason, ==, "Intravenous drugs are never delegated.");
}

static void
test_reviews_due (CareFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) soon = NULL;
  g_autoptr(GPtrArray) late = NULL;
  g_autoptr(GPtrArray) far = NULL;
  CareReviewDueItem *item;

  /* Started 2026-03-01 with a 10-day interval: due 2026-03-11. */
  soon = care_task_queries_reviews_due (f->store, CARE_TEST_TODAY, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soon->len, ==, 1);
  item = g_ptr_array_index (soon, 0);
  g_assert_cmpstr (item->task_uuid, ==, f->cream_task_uuid);
  g_assert_cmpstr (item->due_on, ==, "2026-03-11");
  g_assert_false (item->overdue);
  g_assert_cmpint (item->review_interval_days, ==, 10);

  late = care_task_queries_reviews_due (f->store, "2026-03-12", 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (late->len, ==, 1);
  item = g_ptr_array_index (late, 0);
  g_assert_true (item->overdue);

  far = care_task_queries_reviews_due (f->store, "2026-02-01", 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (far->len, ==, 0);
}

static CareFieldChange *
find_change (CareVersionEntry *entry,
             const char       *field)
{
  for (guint i = 0; i < entry->changes->len; i++)
    {
      CareFieldChange *c = g_ptr_array_index (entry->changes, i);
      if (g_str_equal (c->field, field))
        return c;
    }
  return NULL;
}

static void
test_history (CareFixture   *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) person = care_store_load (f->store, CARE_KIND_PERSON, f->person_uuid, &error);
  g_autoptr(GPtrArray) history = NULL;
  CareVersionEntry *entry;
  CareFieldChange *change;

  g_assert_no_error (error);
  care_record_set_string (person, "room", "Room 9");
  care_session_save (f->manager, person, "Moved to a ground-floor room", &error);
  g_assert_no_error (error);
  care_session_mark_entered_in_error (f->manager, CARE_KIND_PERSON, f->person_uuid,
                                      "Entered for the wrong home", &error);
  g_assert_no_error (error);

  history = care_task_queries_history (f->store, CARE_KIND_PERSON, f->person_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);

  entry = g_ptr_array_index (history, 0);
  g_assert_cmpint (entry->version, ==, 1);
  g_assert_cmpstr (entry->action, ==, "create");
  g_assert_cmpstr (entry->actor_name, ==, "Priya Shah");
  change = find_change (entry, "given_name");
  g_assert_nonnull (change);
  g_assert_null (change->old_value);
  g_assert_cmpstr (change->new_value, ==, "Margaret");

  entry = g_ptr_array_index (history, 1);
  g_assert_cmpstr (entry->action, ==, "correct");
  g_assert_cmpstr (entry->reason, ==, "Moved to a ground-floor room");
  g_assert_cmpuint (entry->changes->len, ==, 1);
  change = find_change (entry, "room");
  g_assert_cmpstr (change->label, ==, "Room or address");
  g_assert_cmpstr (change->old_value, ==, "Room 4");
  g_assert_cmpstr (change->new_value, ==, "Room 9");

  entry = g_ptr_array_index (history, 2);
  g_assert_cmpstr (entry->action, ==, "entered_in_error");
  g_assert_true (entry->entered_in_error);
  g_assert_cmpstr (entry->reason, ==, "Entered for the wrong home");
  g_assert_cmpuint (entry->changes->len, ==, 0);

  g_assert_null (care_task_queries_history (f->store, CARE_KIND_PERSON, "no-such-uuid", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND);
}

static void
test_task_history_names (CareFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = care_task_queries_history (f->store, CARE_KIND_DELEGATED_TASK,
                                                            f->cream_task_uuid, &error);
  CareVersionEntry *first, *accepted;
  CareFieldChange *change;
  g_autofree char *title = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  first = g_ptr_array_index (history, 0);
  change = find_change (first, "person_uuid");
  g_assert_cmpstr (change->new_value, ==, "Margaret Hill");
  change = find_change (first, "schedule_kind");
  g_assert_cmpstr (change->new_value, ==, "At set times of day");

  accepted = g_ptr_array_index (history, 1);
  g_assert_cmpstr (accepted->action, ==, "accept");
  g_assert_cmpstr (care_task_action_label (accepted->action), ==, "Accepted");
  change = find_change (accepted, "status");
  g_assert_cmpstr (change->old_value, ==, "Awaiting a decision");
  g_assert_cmpstr (change->new_value, ==, "Accepted");
  change = find_change (accepted, "decided_by");
  g_assert_cmpstr (change->new_value, ==, "Priya Shah");
  change = find_change (accepted, "matrix_answers");
  g_assert_cmpstr (change->new_value, ==, "All 8 answers yes");

  title = care_task_queries_record_title (f->store, first->record);
  g_assert_cmpstr (title, ==, "Topical creams and emollients for Margaret Hill");
}

static void
test_people_covered (CareFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *second = care_test_add_person (f, "Ron", "Ashby", "1940-01-02");
  g_autofree char *key = g_strdup_printf ("%s|%s", f->carer_uuid, f->cream_type_uuid);
  g_autofree char *comp = NULL;
  g_autoptr(GHashTable) covered = NULL;
  g_autoptr(GHashTable) after = NULL;

  covered = care_task_queries_people_covered (f->store, CARE_TEST_TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (covered, key)), ==, 1);

  comp = care_test_sign_off (f, f->carer_uuid, f->cream_type_uuid, second, "2026-03-01", "2027-02-28");
  after = care_task_queries_people_covered (f->store, CARE_TEST_TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (after, key)), ==, 2);
  /* Not yet valid on an earlier day. */
  g_clear_pointer (&after, g_hash_table_unref);
  after = care_task_queries_people_covered (f->store, "2026-02-25", &error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (after, key)), ==, 1);
}

static void
test_events_source (CareFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePagedQuery) all = care_task_queries_events_source (f->store, NULL, NULL);
  g_autoptr(CarePagedQuery) task = care_task_queries_events_source (f->store, f->cream_task_uuid, NULL);
  g_autoptr(CarePagedQuery) accepts = care_task_queries_events_source (f->store, NULL, "ACCEPT");
  g_autoptr(CarePagedQuery) percent = care_task_queries_events_source (f->store, NULL, "%");
  g_autoptr(GPtrArray) page = NULL;
  CareQueryRow *row;

  g_assert_cmpint (care_paged_query_count (all, &error), ==, care_store_count_events (f->store, NULL));
  g_assert_cmpint (care_paged_query_count (task, &error), ==, 3);
  g_assert_cmpint (care_paged_query_count (accepts, &error), ==, 1);
  g_assert_cmpint (care_paged_query_count (percent, &error), ==, 0);
  g_assert_no_error (error);

  page = care_paged_query_fetch (task, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  /* Newest first. */
  row = g_ptr_array_index (page, 0);
  g_assert_cmpstr (care_query_row_get_string (row, "action"), ==, "active");
  g_assert_cmpint (care_query_row_get_int (row, "entity_version"), ==, 3);
  g_assert_cmpstr (care_query_row_get_string (row, "actor_name"), ==, "Priya Shah");
}

static void
test_staff_source (CareFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePagedQuery) all = care_task_queries_staff_source (f->store, NULL);
  g_autoptr(CarePagedQuery) nurse = care_task_queries_staff_source (f->store, "okafor");
  g_autoptr(CarePagedQuery) trust = care_task_queries_staff_source (f->store, "partnership");
  g_autoptr(CareRecord) bea = care_store_load (f->store, CARE_KIND_STAFF, f->other_carer_uuid, &error);
  g_autoptr(GPtrArray) page = NULL;
  CareQueryRow *last;

  g_assert_cmpint (care_paged_query_count (all, &error), ==, 6);
  g_assert_cmpint (care_paged_query_count (nurse, &error), ==, 1);
  g_assert_cmpint (care_paged_query_count (trust, &error), ==, 2);
  g_assert_no_error (error);

  /* A leaver is still listed, after everyone active. */
  care_record_set_bool (bea, "active", FALSE);
  care_session_save (f->manager, bea, "Left the home", &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_paged_query_count (all, &error), ==, 6);
  page = care_paged_query_fetch (all, 0, 10, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (page, page->len - 1);
  g_assert_cmpstr (care_query_row_get_string (last, "name"), ==, "Bea Newstart");
  g_assert_cmpint (care_query_row_get_int (last, "active"), ==, 0);
}

static void
test_outbox (CareFixture   *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  CareOutboxSummary summary;

  g_assert_true (care_task_queries_outbox_summary (f->store, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.pending, ==, care_store_count_events (f->store, "pending"));
  g_assert_cmpint (summary.pending, >, 0);
  g_assert_cmpint (summary.acked, ==, 0);
  g_assert_cmpint (summary.rejected, ==, 0);
  g_assert_cmpint (summary.last_success, ==, 0);
  g_assert_null (summary.endpoint_url);
  care_outbox_summary_clear (&summary);

  rejected = care_task_queries_rejected_events (f->store, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/task-queries/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  ADD ("tasks-by-group", test_tasks_by_group);
  ADD ("reviews-due", test_reviews_due);
  ADD ("history", test_history);
  ADD ("history/task-names", test_task_history_names);
  ADD ("people-covered", test_people_covered);
  ADD ("events-source", test_events_source);
  ADD ("staff-source", test_staff_source);
  ADD ("outbox", test_outbox);
  return g_test_run ();
}
