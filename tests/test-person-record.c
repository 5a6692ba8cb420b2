/* test-person-record.c: what a person's review reads */
#include "config.h"

#include <sqlite3.h>

#include "care-migrations.h"
#include "care-store-private.h"
#include "care-test-util.h"

static gint64
at (const char *date,
    const char *time)
{
  gint64 instant = care_local_instant (date, time);

  g_assert_cmpint (instant, >, 0);
  return instant;
}

static CareRecord *
record_admin (CareFixture *f,
              CareSession *session,
              const char  *date,
              const char  *time,
              const char  *outcome,
              const char  *reason_code)
{
  g_autoptr(GError) error = NULL;
  CareRecord *a = care_test_new_admin (f, f->cream_task_uuid, time, at (date, time) + 300, outcome);

  care_record_set_string (a, "slot_date", date);
  if (reason_code != NULL)
    care_record_set_string (a, "reason_code", reason_code);
  care_administration_record (session, a, &error);
  g_assert_no_error (error);
  return a;
}

static guint
row_of (CareMarChart *chart,
        const char   *time)
{
  for (guint r = 0; r < chart->rows->len; r++)
    {
      CareMarRow *row = g_ptr_array_index (chart->rows, r);

      if (g_strcmp0 (row->slot_time, time) == 0)
        return r;
    }
  g_assert_not_reached ();
  return 0;
}

static char
letter (CareMarChart *chart,
        const char   *time,
        guint         day)
{
  return care_mar_mark_letter (care_mar_chart_cell (chart, row_of (chart, time), day)->mark);
}

static void
test_tasks (CareFixture   *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = care_person_record_tasks (f->store, f->person_uuid, &error);
  CarePersonTask *pt;

  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 1);
  pt = g_ptr_array_index (tasks, 0);
  g_assert_cmpstr (care_record_get_uuid (pt->task), ==, f->cream_task_uuid);
  g_assert_cmpstr (care_record_get_string (pt->type, "name"), ==, "Topical creams and emollients");
  g_assert_cmpstr (care_record_get_string (pt->task, "status"), ==, "active");
}

/* The chart shows each outcome's letter where it was recorded, "!" where a
 * slot passed while the task was active and nothing was recorded, and
 * blank both before the task was active and in the future. */
static void
test_mar_chart (CareFixture   *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareMarChart) chart = NULL;
  g_autoptr(CareRecord) d1 = NULL;
  g_autoptr(CareRecord) d2 = NULL;
  g_autoptr(CareRecord) r1 = NULL;
  g_autoptr(CareRecord) wrong = NULL;
  g_autoptr(CareRecord) extra = NULL;

  d1 = record_admin (f, f->carer, "2026-03-05", "08:00", "done", NULL);
  d2 = record_admin (f, f->carer, "2026-03-05", "20:00", "done", NULL);
  r1 = record_admin (f, f->carer, "2026-03-06", "08:00", "not_done", "R");
  wrong = record_admin (f, f->carer, "2026-03-07", "08:00", "done", NULL);
  care_session_mark_entered_in_error (f->manager, CARE_KIND_ADMINISTRATION,
                                      care_record_get_uuid (wrong), "Wrong person's chart", &error);
  g_assert_no_error (error);

  /* Two days on, the evening of the 10th and all of the 11th were missed. */
  care_store_set_now (f->store, at ("2026-03-12", "12:00"));
  extra = record_admin (f, f->carer, "2026-03-12", "08:00", "done", NULL);

  chart = care_person_record_mar (f->store, f->person_uuid, "2026-03-05", "2026-03-12", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chart->n_days, ==, 8);
  g_assert_cmpuint (chart->rows->len, ==, 2);
  g_assert_cmpstr (((CareMarRow *) g_ptr_array_index (chart->rows, 0))->slot_time, ==, "08:00");
  g_assert_cmpstr (((CareMarRow *) g_ptr_array_index (chart->rows, 0))->task_name, ==,
                   "Topical creams and emollients");

  g_assert_cmpint (letter (chart, "08:00", 0), ==, 'D');
  g_assert_cmpint (letter (chart, "20:00", 0), ==, 'D');
  g_assert_true (care_mar_chart_cell (chart, row_of (chart, "08:00"), 0)->late);
  g_assert_cmpint (letter (chart, "08:00", 1), ==, 'R');
  g_assert_cmpint (letter (chart, "08:00", 2), ==, 'X');
  /* The task only became active at noon on the 10th. */
  g_assert_cmpint (letter (chart, "20:00", 3), ==, ' ');
  g_assert_cmpint (letter (chart, "08:00", 5), ==, ' ');
  g_assert_cmpint (letter (chart, "20:00", 5), ==, '!');
  g_assert_cmpint (letter (chart, "08:00", 6), ==, '!');
  g_assert_cmpint (letter (chart, "20:00", 6), ==, '!');
  g_assert_cmpint (letter (chart, "08:00", 7), ==, 'D');
  g_assert_cmpint (letter (chart, "20:00", 7), ==, ' ');

  /* A reversed range is refused with a message. */
  g_clear_pointer (&chart, care_mar_chart_free);
  chart = care_person_record_mar (f->store, f->person_uuid, "2026-03-12", "2026-03-05", &error);
  g_assert_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE);
  g_assert_null (chart);
}

/* The query plan of the statement the store prepared whose SQL contains
 * @fragment: the plan of the very text the code runs, not of a copy. */
static char *
prepared_plan (CareStore  *store,
               const char *fragment)
{
  sqlite3 *db = _care_store_get_db (store);
  GString *plan = g_string_new (NULL);

  for (sqlite3_stmt *s = sqlite3_next_stmt (db, NULL); s != NULL; s = sqlite3_next_stmt (db, s))
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *explain = NULL;

      if (strstr (sqlite3_sql (s), fragment) == NULL)
        continue;
      sql = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sqlite3_sql (s));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &explain, NULL), ==, SQLITE_OK);
      while (sqlite3_step (explain) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", sqlite3_column_text (explain, 3));
      sqlite3_finalize (explain);
      g_test_message ("%s\n%s", sqlite3_sql (s), plan->str);
      return g_string_free (plan, FALSE);
    }
  g_assert_not_reached ();
  return NULL;
}

/* A review of a person with years of history must not read the rows of
 * every administration and review it ever had: the chart is answered from
 * one index, the current-version tests look in the small index of later
 * versions, observations come from their own index and the latest reviews
 * are chosen before any review row is read. */
static void
test_review_queries_use_indexes (CareFixture   *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareMarChart) chart = care_person_record_mar (f->store, f->person_uuid, "2026-03-01", "2026-03-10", &error);
  g_autoptr(GPtrArray) observations = care_person_record_observations (f->store, f->person_uuid,
                                                                       "2026-03-01", "2026-03-10", &error);
  g_autoptr(GPtrArray) reviews = care_person_record_reviews (f->store, f->person_uuid, 20, &error);
  g_autofree char *chart_plan = NULL;
  g_autofree char *observations_plan = NULL;
  g_autofree char *reviews_plan = NULL;

  g_assert_no_error (error);
  chart_plan = prepared_plan (f->store, "a.escalate, a.late, a.occurred_at FROM administration a");
  g_assert_nonnull (strstr (chart_plan, "COVERING INDEX administration_chart (task_uuid=? AND slot_date>? AND slot_date<?)"));
  g_assert_nonnull (strstr (chart_plan, "COVERING INDEX administration_later"));
  g_assert_nonnull (strstr (chart_plan, "delegated_task_person"));
  g_assert_null (strstr (chart_plan, "SCAN"));

  observations_plan = prepared_plan (f->store, "coalesce (a.observations, '') <> ''");
  g_assert_nonnull (strstr (observations_plan, "INDEX administration_noted (task_uuid=? AND slot_date>? AND slot_date<?)"));
  g_assert_nonnull (strstr (observations_plan, "COVERING INDEX administration_later"));
  g_assert_null (strstr (observations_plan, "SCAN"));

  reviews_plan = prepared_plan (f->store, "FROM review r WHERE r.rowid IN");
  g_assert_nonnull (strstr (reviews_plan, "COVERING INDEX review_recent (task_uuid=?)"));
  g_assert_nonnull (strstr (reviews_plan, "COVERING INDEX review_later"));
  g_assert_null (strstr (reviews_plan, "SCAN"));
}

/* The day's round (Today, the dashboard, when-required doses) finds the
 * live tasks in their own index, not by reading every version of every
 * task ever delegated. */
static void
test_round_queries_use_index (CareFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slots = care_dashboard_slots (f->store, "2026-03-05", &error);
  g_autoptr(GPtrArray) prn = care_person_record_when_required (f->store, "2026-03-05", &error);
  g_autofree char *slots_plan = NULL;
  g_autofree char *prn_plan = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, >, 0);
  slots_plan = prepared_plan (f->store, "d.schedule_kind <> 'prn'");
  g_assert_nonnull (strstr (slots_plan, "SEARCH d USING COVERING INDEX delegated_task_live (status=?)"));
  g_assert_null (strstr (slots_plan, "SCAN"));

  prn_plan = prepared_plan (f->store, "d.schedule_kind = 'prn'");
  g_assert_nonnull (strstr (prn_plan, "SEARCH d USING COVERING INDEX delegated_task_live (status=? AND schedule_kind=?"));
  g_assert_null (strstr (prn_plan, "SCAN d"));
}

/* A chart of days after a task's last change reads only its current
 * version; one across the change still charts each day by the version in
 * force then. */
/* A dose given before its slot was due shows so in its cell; one given
 * within the hour before does not. */
static void
test_mar_chart_early (CareFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareMarChart) chart = NULL;
  g_autoptr(CareRecord) early = care_test_new_admin (f, f->cream_task_uuid, "08:00", at ("2026-03-10", "06:30"), "done");
  g_autoptr(CareRecord) in_time = care_test_new_admin (f, f->cream_task_uuid, "20:00", at ("2026-03-09", "19:05"), "done");

  care_record_set_string (early, "slot_date", "2026-03-10");
  care_record_set_string (in_time, "slot_date", "2026-03-09");
  g_assert_true (care_administration_record (f->carer, in_time, &error));
  g_assert_no_error (error);
  g_assert_true (care_administration_record (f->carer, early, &error));
  g_assert_no_error (error);

  chart = care_person_record_mar (f->store, f->person_uuid, "2026-03-09", "2026-03-10", &error);
  g_assert_no_error (error);
  g_assert_cmpint (letter (chart, "08:00", 1), ==, 'D');
  g_assert_true (care_mar_chart_cell (chart, row_of (chart, "08:00"), 1)->early);
  g_assert_cmpint (letter (chart, "20:00", 0), ==, 'D');
  g_assert_false (care_mar_chart_cell (chart, row_of (chart, "20:00"), 0)->early);
}

static void
test_mar_chart_across_change (CareFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareMarChart) across = NULL;
  g_autoptr(CareMarChart) after = NULL;

  care_store_set_now (f->store, at ("2026-03-12", "12:00"));
  care_delegation_set_status (f->manager, f->cream_task_uuid, "suspended", "Skin broken: the nurse will review",
                              &error);
  g_assert_no_error (error);
  care_store_set_now (f->store, at ("2026-03-16", "12:00"));

  across = care_person_record_mar (f->store, f->person_uuid, "2026-03-11", "2026-03-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (across->rows->len, ==, 2);
  g_assert_cmpint (letter (across, "08:00", 0), ==, '!');
  g_assert_cmpint (letter (across, "20:00", 0), ==, '!');
  g_assert_cmpint (letter (across, "08:00", 1), ==, '!');
  /* Suspended at noon on the 12th: the evening was not due. */
  g_assert_cmpint (letter (across, "20:00", 1), ==, ' ');
  g_assert_cmpint (letter (across, "08:00", 2), ==, ' ');
  g_assert_cmpint (letter (across, "20:00", 4), ==, ' ');

  /* Suspended all through: nothing was due, so there is no line. */
  after = care_person_record_mar (f->store, f->person_uuid, "2026-03-13", "2026-03-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->rows->len, ==, 0);
}

static CareRecord *
record_review (CareFixture *f,
               const char  *reviewed_on,
               const char  *findings)
{
  g_autoptr(GError) error = NULL;
  CareRecord *review = care_record_new (CARE_KIND_REVIEW);

  care_record_set_string (review, "task_uuid", f->cream_task_uuid);
  care_record_set_string (review, "reviewed_on", reviewed_on);
  care_record_set_string (review, "findings", findings);
  care_record_set_string (review, "decision", "continue");
  care_record_set_string (review, "next_review_on", "2026-03-30");
  care_review_record (f->nurse, review, &error);
  g_assert_no_error (error);
  return review;
}

/* The person page shows the newest reviews, each as last corrected, and
 * none marked entered in error. */
static void
test_latest_reviews (CareFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) first = record_review (f, "2026-03-10", "First visit.");
  g_autoptr(CareRecord) second = NULL;
  g_autoptr(CareRecord) third = NULL;
  g_autoptr(CareRecord) wrong = NULL;
  g_autoptr(CareRecord) corrected = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) all = NULL;

  care_store_set_now (f->store, at ("2026-03-12", "12:00"));
  second = record_review (f, "2026-03-12", "Second visit.");
  care_store_set_now (f->store, at ("2026-03-14", "12:00"));
  third = record_review (f, "2026-03-14", "Third visit.");
  wrong = record_review (f, "2026-03-14", "Another person's visit.");
  care_session_mark_entered_in_error (f->nurse, CARE_KIND_REVIEW, care_record_get_uuid (wrong),
                                      "Written in the wrong person's record", &error);
  g_assert_no_error (error);
  corrected = care_store_load (f->store, CARE_KIND_REVIEW, care_record_get_uuid (second), &error);
  g_assert_no_error (error);
  care_record_set_string (corrected, "findings", "Second visit: skin intact.");
  care_session_save (f->nurse, corrected, "Findings completed", &error);
  g_assert_no_error (error);

  reviews = care_person_record_reviews (f->store, f->person_uuid, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 2);
  g_assert_cmpstr (care_record_get_uuid (((CarePersonReview *) g_ptr_array_index (reviews, 0))->review), ==,
                   care_record_get_uuid (third));
  g_assert_cmpstr (care_record_get_string (((CarePersonReview *) g_ptr_array_index (reviews, 1))->review, "findings"), ==,
                   "Second visit: skin intact.");
  g_assert_cmpint (care_record_get_version (((CarePersonReview *) g_ptr_array_index (reviews, 1))->review), ==, 2);
  g_assert_cmpstr (((CarePersonReview *) g_ptr_array_index (reviews, 1))->task_name, ==,
                   "Topical creams and emollients");

  all = care_person_record_reviews (f->store, f->person_uuid, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (care_record_get_uuid (((CarePersonReview *) g_ptr_array_index (all, 2))->review), ==,
                   care_record_get_uuid (first));
}

static void
test_observations_and_reviews (CareFixture   *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", at ("2026-03-10", "08:10"), "done");
  g_autoptr(CareRecord) quiet = care_test_new_admin (f, f->cream_task_uuid, "08:00", at ("2026-03-09", "08:10"), "not_done");
  g_autoptr(CareRecord) review = care_record_new (CARE_KIND_REVIEW);
  g_autoptr(GPtrArray) observations = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  CarePersonEntry *entry;
  CarePersonReview *pr;

  care_record_set_string (a, "observations", "Skin red behind the knee.");
  care_record_set_bool (a, "escalate", TRUE);
  care_administration_record (f->carer, a, &error);
  g_assert_no_error (error);
  care_record_set_string (quiet, "reason_code", "S");
  care_administration_record (f->carer, quiet, &error);
  g_assert_no_error (error);

  observations = care_person_record_observations (f->store, f->person_uuid, "2026-03-01", "2026-03-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (observations->len, ==, 1);
  entry = g_ptr_array_index (observations, 0);
  g_assert_cmpstr (care_record_get_string (entry->administration, "observations"), ==, "Skin red behind the knee.");
  g_assert_cmpstr (entry->performer_name, ==, "Alex Carer");
  g_assert_cmpstr (entry->task_name, ==, "Topical creams and emollients");

  care_record_set_string (review, "task_uuid", f->cream_task_uuid);
  care_record_set_string (review, "reviewed_on", "2026-03-10");
  care_record_set_string (review, "findings", "Redness settling; continue.");
  care_record_set_string (review, "decision", "continue");
  care_record_set_string (review, "next_review_on", "2026-03-20");
  care_review_record (f->nurse, review, &error);
  g_assert_no_error (error);

  reviews = care_person_record_reviews (f->store, f->person_uuid, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 1);
  pr = g_ptr_array_index (reviews, 0);
  g_assert_cmpstr (pr->reviewer_name, ==, "Sam Okafor");
  g_assert_cmpstr (care_record_get_string (pr->review, "findings"), ==, "Redness settling; continue.");
}

static void
test_liberty (CareFixture   *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) none = care_person_record_latest_screening (f->store, f->person_uuid, &error);
  g_autoptr(CareRecord) screening = care_record_new (CARE_KIND_LIBERTY_SCREENING);
  g_autoptr(CareRecord) latest = NULL;
  g_autoptr(CareRecord) dols = care_record_new (CARE_KIND_LIBERTY_CASE);
  g_autoptr(GPtrArray) cases = NULL;

  g_assert_no_error (error);
  g_assert_null (none);

  care_record_set_string (screening, "person_uuid", f->person_uuid);
  care_record_set_string (screening, "screened_on", "2026-03-09");
  care_record_set_string (screening, "screened_by", f->carer_uuid);
  care_record_set_string (screening, "capacity", "lacks_capacity");
  care_record_set_string (screening, "capacity_ref", "MCA-2026-031");
  care_record_set_string (screening, "restrictions", "[\"sensor_mat\"]");
  care_record_set_string (screening, "supervision_level", "continuous");
  care_record_set_string (screening, "free_to_leave", "no");
  care_record_set_string (screening, "setting", "care_home");
  care_record_set_string (screening, "outcome", "refer");
  care_record_set_string (screening, "rationale", "Continuous supervision and not free to leave.");
  care_session_save (f->carer, screening, NULL, &error);
  g_assert_no_error (error);

  care_record_set_string (dols, "person_uuid", f->person_uuid);
  care_record_set_string (dols, "scheme", "dols");
  care_record_set_string (dols, "urgency", "standard");
  care_record_set_string (dols, "body_name", "Leicestershire County Council");
  care_record_set_string (dols, "applied_on", "2026-03-09");
  care_record_set_string (dols, "outcome", "pending");
  care_session_save (f->manager, dols, NULL, &error);
  g_assert_no_error (error);

  latest = care_person_record_latest_screening (f->store, f->person_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (latest, "outcome"), ==, "refer");
  cases = care_person_record_cases (f->store, f->person_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
}

static char *
add_prn_task (CareFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = care_test_type_uuid (f, "eye-drops");
  g_autoptr(CareRecord) task = care_test_new_task (f, f->person_uuid, type);
  g_autoptr(GHashTable) yes = care_test_all_yes (f);
  g_autofree char *comp = NULL;

  care_record_set_string (task, "schedule_kind", "prn");
  care_record_unset (task, "schedule_times");
  care_record_set_int (task, "prn_max_24h", 4);
  care_record_set_int (task, "prn_min_interval_min", 120);
  care_delegation_propose (f->manager, task, &error);
  g_assert_no_error (error);
  care_delegation_accept (f->manager, care_record_get_uuid (task), yes, &error);
  g_assert_no_error (error);
  care_delegation_set_status (f->manager, care_record_get_uuid (task), "active", NULL, &error);
  g_assert_no_error (error);
  comp = care_test_sign_off (f, f->carer_uuid, type, f->person_uuid, "2026-02-20", "2027-02-19");
  return g_strdup (care_record_get_uuid (task));
}

static void
test_when_required (CareFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *task_uuid = add_prn_task (f);
  g_autoptr(CareRecord) dose = care_test_new_admin (f, task_uuid, NULL, at ("2026-03-10", "09:30"), "done");
  g_autoptr(GPtrArray) prn = NULL;
  g_autoptr(CareMarChart) chart = NULL;
  CareWhenRequired *w;

  care_administration_record (f->carer, dose, &error);
  g_assert_no_error (error);

  prn = care_person_record_when_required (f->store, CARE_TEST_TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prn->len, ==, 1);
  w = g_ptr_array_index (prn, 0);
  g_assert_cmpstr (w->task_uuid, ==, task_uuid);
  g_assert_cmpstr (w->person_name, ==, "Margaret Hill");
  g_assert_cmpstr (w->task_name, ==, "Eye drops");
  g_assert_cmpint (w->max_24h, ==, 4);
  g_assert_cmpuint (w->doses_on_day, ==, 1);
  g_assert_cmpint (w->last_dose_at, ==, at ("2026-03-10", "09:30"));
  g_assert_cmpstr (w->last_performer_name, ==, "Alex Carer");

  /* The chart gives when-required doses one line, with the count. */
  chart = care_person_record_mar (f->store, f->person_uuid, "2026-03-09", "2026-03-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chart->rows->len, ==, 3);
  /* Eye drops sort before topical creams. */
  g_assert_cmpstr (((CareMarRow *) g_ptr_array_index (chart->rows, 0))->task_uuid, ==, task_uuid);
  g_assert_null (((CareMarRow *) g_ptr_array_index (chart->rows, 0))->slot_time);
  g_assert_cmpint (care_mar_chart_cell (chart, 0, 1)->mark, ==, CARE_MAR_DONE);
  g_assert_cmpuint (care_mar_chart_cell (chart, 0, 1)->n_done, ==, 1);
  g_assert_cmpint (care_mar_chart_cell (chart, 0, 0)->mark, ==, CARE_MAR_BLANK);
}

static gint64
count_of (CarePagedQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 n = care_paged_query_count (query, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_people_source (CareFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);
  g_autofree char *other = care_test_add_person (f, "Arthur", "Bell", "1941-02-03");
  g_autoptr(CarePagedQuery) all = care_person_record_people_source (f->store, NULL);
  g_autoptr(CarePagedQuery) hill = care_person_record_people_source (f->store, "  hill ");
  g_autoptr(CarePagedQuery) nhs = care_person_record_people_source (f->store, "943 476");
  g_autoptr(CarePagedQuery) wildcard = care_person_record_people_source (f->store, "%");
  g_autoptr(CarePagedQuery) full = care_person_record_people_source (f->store, "Peggy Hill");
  g_autoptr(GPtrArray) rows = NULL;

  care_record_set_string (person, "given_name", "Margaret");
  care_record_set_string (person, "family_name", "Ashby");
  care_record_set_string (person, "preferred_name", "Peggy");
  care_record_set_string (person, "date_of_birth", "1940-01-01");
  care_record_set_string (person, "nhs_number", "9434765919");
  care_record_set_string (person, "status", "active");
  care_session_save (f->manager, person, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (count_of (all), ==, 3);
  rows = care_paged_query_fetch (all, 0, 10, &error);
  g_assert_no_error (error);
  /* By family name: Ashby, Bell, Hill. */
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 0), "name"), ==, "Peggy Ashby");
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 1), "family_name"), ==, "Bell");
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 2), "uuid"), ==, f->person_uuid);

  g_assert_cmpint (count_of (hill), ==, 1);
  g_assert_cmpint (count_of (nhs), ==, 1);
  g_assert_cmpint (count_of (wildcard), ==, 0);
  g_assert_cmpint (count_of (full), ==, 0);
}

static void
test_history_sources (CareFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) a = record_admin (f, f->carer, "2026-03-08", "08:00", "done", NULL);
  g_autoptr(CareRecord) b = record_admin (f, f->carer, "2026-03-09", "08:00", "done", NULL);
  g_autoptr(CareRecord) c = record_admin (f, f->carer, "2026-03-09", "20:00", "not_done", "R");
  g_autoptr(CarePagedQuery) person = NULL;
  g_autoptr(CarePagedQuery) everything = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CareQueryRow *first;

  care_session_mark_entered_in_error (f->carer, CARE_KIND_ADMINISTRATION, care_record_get_uuid (a),
                                      "Recorded on the wrong day", &error);
  g_assert_no_error (error);

  person = care_person_record_history_source (f->store, f->person_uuid);
  g_assert_cmpint (count_of (person), ==, 3);
  rows = care_paged_query_fetch (person, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  first = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (care_query_row_get_string (first, "uuid"), ==, care_record_get_uuid (c));
  g_assert_cmpstr (care_query_row_get_string (first, "reason_canonical"), ==, "refused");
  g_assert_cmpstr (care_query_row_get_string (first, "performer_name"), ==, "Alex Carer");
  g_assert_cmpstr (care_query_row_get_string (first, "task_name"), ==, "Topical creams and emollients");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = care_paged_query_fetch (person, 2, 2, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rows, 0), "entered_in_error"), ==, 1);
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rows, 0), "version"), ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  everything = care_person_record_all_history_source (f->store);
  /* Every version: a's first version and its entered-in-error one. */
  g_assert_cmpint (count_of (everything), ==, 4);
  rows = care_paged_query_fetch (everything, 0, 10, &error);
  g_assert_no_error (error);
  /* The latest day first, and within it the latest written. */
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 0), "uuid"), ==, care_record_get_uuid (c));
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 0), "person_name"), ==, "Margaret Hill");
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 1), "uuid"), ==, care_record_get_uuid (b));
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 2), "uuid"), ==, care_record_get_uuid (a));
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rows, 2), "entered_in_error"), ==, 1);
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rows, 3), "version"), ==, 1);
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rows, 3), "latest_version"), ==, 2);
}

/* The history list as the query before schema 8 read it, every column of
 * every row in its order: what the list shows must not have changed. */
#define HISTORY_BEFORE_8 \
  "SELECT a.uuid AS uuid, a.version AS version, a.task_uuid AS task_uuid, a.occurred_at AS occurred_at, " \
  "a.entered_at AS entered_at, a.slot_date AS slot_date, a.slot_time AS slot_time, " \
  "a.outcome AS outcome, a.reason_code AS reason_code, a.reason_canonical AS reason_canonical, " \
  "a.reason_text AS reason_text, a.site AS site, a.dose AS dose, a.observations AS observations, " \
  "a.escalate AS escalate, a.extra AS extra, a.extra_reason AS extra_reason, a.late AS late, " \
  "a.entered_in_error AS entered_in_error, " \
  "(SELECT t.name FROM task_type t WHERE t.uuid = (SELECT d.task_type_uuid FROM delegated_task d " \
  "  WHERE d.uuid = a.task_uuid ORDER BY d.version DESC LIMIT 1) ORDER BY t.version DESC LIMIT 1) AS task_name, " \
  "(SELECT s.name FROM staff s WHERE s.uuid = a.performer_uuid ORDER BY s.version DESC LIMIT 1) AS performer_name, " \
  "(SELECT s.name FROM staff s WHERE s.uuid = a.witness_uuid ORDER BY s.version DESC LIMIT 1) AS witness_name " \
  "FROM administration a WHERE a.task_uuid IN (SELECT d.uuid FROM delegated_task d WHERE d.person_uuid = ?1) " \
  "AND NOT EXISTS (SELECT 1 FROM administration n WHERE n.uuid = a.uuid AND n.version > a.version) " \
  "ORDER BY a.occurred_at DESC, a.uuid DESC"

/* Fetched @page_size rows at a time, the person's history matches
 * HISTORY_BEFORE_8 column by column; returns how many rows it has. */
static guint
assert_history_as_before_8 (CareStore  *store,
                            const char *person_uuid,
                            guint       page_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePagedQuery) query = care_person_record_history_source (store, person_uuid);
  sqlite3 *db = _care_store_get_db (store);
  sqlite3_stmt *before = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, HISTORY_BEFORE_8, -1, &before, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (before, 1, person_uuid, -1, SQLITE_TRANSIENT);
  for (guint offset = 0;; offset += page_size)
    {
      g_autoptr(GPtrArray) rows = care_paged_query_fetch (query, offset, page_size, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          CareQueryRow *row = g_ptr_array_index (rows, i);

          g_assert_cmpint (sqlite3_step (before), ==, SQLITE_ROW);
          g_assert_cmpuint (care_query_row_get_n_columns (row), ==, sqlite3_column_count (before));
          for (int c = 0; c < sqlite3_column_count (before); c++)
            {
              g_assert_cmpstr (care_query_row_get_column_name (row, c), ==, sqlite3_column_name (before, c));
              g_assert_cmpstr (care_query_row_get_string (row, sqlite3_column_name (before, c)), ==,
                               (const char *) sqlite3_column_text (before, c));
            }
          n++;
        }
      if (rows->len < page_size)
        break;
    }
  g_assert_cmpint (sqlite3_step (before), ==, SQLITE_DONE);
  sqlite3_finalize (before);
  g_assert_cmpint (count_of (query), ==, n);
  return n;
}

static char *
add_cream_task (CareFixture *f,
                const char  *person_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) task = care_test_new_task (f, person_uuid, f->cream_type_uuid);
  g_autoptr(GHashTable) yes = care_test_all_yes (f);
  g_autofree char *comp = NULL;

  care_delegation_propose (f->manager, task, &error);
  g_assert_no_error (error);
  care_delegation_accept (f->manager, care_record_get_uuid (task), yes, &error);
  g_assert_no_error (error);
  care_delegation_set_status (f->manager, care_record_get_uuid (task), "active", NULL, &error);
  g_assert_no_error (error);
  comp = care_test_sign_off (f, f->carer_uuid, f->cream_type_uuid, person_uuid, "2026-02-20", "2027-02-19");
  return g_strdup (care_record_get_uuid (task));
}

static CareRecord *
record_dose (CareFixture *f,
             const char  *task_uuid,
             gint64       occurred_at)
{
  g_autoptr(GError) error = NULL;
  CareRecord *dose = care_test_new_admin (f, task_uuid, NULL, occurred_at, "done");

  care_administration_record (f->carer, dose, &error);
  g_assert_no_error (error);
  return dose;
}

/* Two tasks, a dose given at the very minute of a cream entry (the uuid
 * decides), a dose whose time was corrected to the day before, an entry
 * marked entered in error, and another person's entries that must stay
 * out: the list reads as it did before schema 8, across page boundaries. */
static void
test_history_order (CareFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *drops = add_prn_task (f);
  g_autofree char *other = care_test_add_person (f, "Arthur", "Bell", "1941-02-03");
  g_autofree char *other_task = add_cream_task (f, other);
  g_autoptr(CareRecord) wrong = record_admin (f, f->carer, "2026-03-08", "08:00", "done", NULL);
  g_autoptr(CareRecord) morning = record_admin (f, f->carer, "2026-03-09", "08:00", "done", NULL);
  g_autoptr(CareRecord) refused = record_admin (f, f->carer, "2026-03-09", "20:00", "not_done", "R");
  g_autoptr(CareRecord) same_minute = record_dose (f, drops, at ("2026-03-09", "08:05"));
  g_autoptr(CareRecord) moved = record_dose (f, drops, at ("2026-03-09", "14:00"));
  g_autoptr(CareRecord) others = care_test_new_admin (f, other_task, "08:00", at ("2026-03-09", "08:05"), "done");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(CarePagedQuery) query = NULL;
  gboolean morning_first = g_strcmp0 (care_record_get_uuid (morning), care_record_get_uuid (same_minute)) > 0;
  const char *tie_first = care_record_get_uuid (morning_first ? morning : same_minute);
  const char *tie_second = care_record_get_uuid (morning_first ? same_minute : morning);

  care_record_set_string (others, "slot_date", "2026-03-09");
  care_administration_record (f->carer, others, &error);
  g_assert_no_error (error);
  care_record_set_int (moved, "occurred_at", at ("2026-03-08", "07:00"));
  care_session_save (f->carer, moved, "Given the day before: the chart was misread", &error);
  g_assert_no_error (error);
  care_session_mark_entered_in_error (f->carer, CARE_KIND_ADMINISTRATION, care_record_get_uuid (wrong),
                                      "Recorded on the wrong day", &error);
  g_assert_no_error (error);

  /* Every page size, so that every boundary falls somewhere. */
  for (guint page_size = 1; page_size <= 6; page_size++)
    g_assert_cmpuint (assert_history_as_before_8 (f->store, f->person_uuid, page_size), ==, 5);
  g_assert_cmpuint (assert_history_as_before_8 (f->store, other, 2), ==, 1);

  /* And by hand: newest first, the tie by uuid, the correction in its new place. */
  query = care_person_record_history_source (f->store, f->person_uuid);
  first = care_paged_query_fetch (query, 0, 3, &error);
  g_assert_no_error (error);
  rest = care_paged_query_fetch (query, 3, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  g_assert_cmpuint (rest->len, ==, 2);
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (first, 0), "uuid"), ==, care_record_get_uuid (refused));
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (first, 1), "uuid"), ==, tie_first);
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (first, 2), "uuid"), ==, tie_second);
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (first, 1), "occurred_at"), ==,
                   care_query_row_get_int (g_ptr_array_index (first, 2), "occurred_at"));
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rest, 0), "uuid"), ==, care_record_get_uuid (wrong));
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rest, 0), "entered_in_error"), ==, 1);
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rest, 1), "uuid"), ==, care_record_get_uuid (moved));
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rest, 1), "version"), ==, 2);
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (rest, 1), "occurred_at"), ==, at ("2026-03-08", "07:00"));
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rest, 1), "task_name"), ==, "Eye drops");
}

/* An administration written before its task (not by the core, which
 * refuses that, but the database must not depend on it) is listed once the
 * task is there, as the query before schema 8 listed it. */
static void
test_history_task_written_later (CareFixture   *f,
                                 gconstpointer  data)
{
  sqlite3 *db = _care_store_get_db (f->store);
  /* Given, then corrected: only the correction is listed. */
  g_autofree char *admin = g_strdup_printf (
    "INSERT INTO administration (uuid, version, recorded_at, task_uuid, slot_date, slot_time, occurred_at, "
    "  entered_at, performer_uuid, outcome) VALUES "
    "  ('early-admin', 1, 1, 'later-task', '2026-03-09', '08:00', %" G_GINT64_FORMAT ", 1, '%s', 'done'), "
    "  ('early-admin', 2, 2, 'later-task', '2026-03-09', '08:00', %" G_GINT64_FORMAT ", 2, '%s', 'done')",
    at ("2026-03-09", "08:05"), f->carer_uuid, at ("2026-03-09", "08:20"), f->carer_uuid);
  g_autofree char *task = g_strdup_printf (
    "INSERT INTO delegated_task (uuid, version, recorded_at, person_uuid, task_type_uuid, status) "
    "VALUES ('later-task', 1, 1, '%s', '%s', 'active')", f->person_uuid, f->cream_type_uuid);

  g_assert_cmpint (sqlite3_exec (db, admin, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpuint (assert_history_as_before_8 (f->store, f->person_uuid, 2), ==, 0);
  g_assert_cmpint (sqlite3_exec (db, task, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpuint (assert_history_as_before_8 (f->store, f->person_uuid, 2), ==, 1);
}

/* What a database at schema 7 already holds is in the history once it is
 * upgraded, an old row without a time included (last, as before). */
static void
test_history_upgraded_from_7 (CareFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "schema-7.db", NULL);
  g_autoptr(CareStore) old = _care_store_open_at_version (path, 7, &error);
  g_autoptr(CareStore) upgraded = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_care_store_get_db (old),
    "INSERT INTO person (uuid, version, recorded_at, given_name, family_name, date_of_birth, status) "
    "  VALUES ('old-person', 1, 1, 'Edith', 'Marsh', '1936-02-02', 'active');"
    "INSERT INTO delegated_task (uuid, version, recorded_at, person_uuid, task_type_uuid, status) VALUES "
    "  ('old-task', 1, 1, 'old-person', 'old-type', 'active'), ('old-task', 2, 2, 'old-person', 'old-type', 'suspended'), "
    "  ('other-task', 1, 1, 'other-person', 'old-type', 'active');"
    "INSERT INTO administration (uuid, version, recorded_at, task_uuid, slot_date, occurred_at, outcome) VALUES "
    "  ('old-a', 1, 1, 'old-task', '2026-01-01', 1767254700, 'done'), "
    "  ('old-b', 1, 1, 'old-task', '2026-01-01', 1767297900, 'done'), "
    "  ('old-b', 2, 2, 'old-task', '2026-01-01', 1767290000, 'done'), "
    "  ('old-c', 1, 1, 'old-task', '2026-01-02', NULL, 'not_done'), "
    "  ('old-d', 1, 1, 'old-task', '2026-01-02', 1767340000, 'done'), "
    "  ('other-a', 1, 1, 'other-task', '2026-01-01', 1767254700, 'done');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&old);

  upgraded = care_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (care_store_get_schema_version (upgraded), ==, CARE_SCHEMA_VERSION);
  for (guint page_size = 1; page_size <= 4; page_size++)
    g_assert_cmpuint (assert_history_as_before_8 (upgraded, "old-person", page_size), ==, 4);
  g_assert_cmpuint (assert_history_as_before_8 (upgraded, "other-person", 4), ==, 1);
}

/* The connection a CarePagedQuery opens for itself, caught as it opens. */
static sqlite3 *opened_db;

static int
catch_connection (sqlite3                           *db,
                  char                             **message,
                  const struct sqlite3_api_routines *api)
{
  opened_db = db;
  return SQLITE_OK;
}

/* The plan of the page statement @query prepared on its own connection. */
static char *
page_plan (CarePagedQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *page = NULL;
  sqlite3_stmt *explain = NULL;
  g_autofree char *sql = NULL;

  opened_db = NULL;
  sqlite3_auto_extension ((void (*) (void)) catch_connection);
  rows = care_paged_query_fetch (query, 0, 64, &error);
  sqlite3_cancel_auto_extension ((void (*) (void)) catch_connection);
  g_assert_no_error (error);
  g_assert_nonnull (opened_db);
  for (page = sqlite3_next_stmt (opened_db, NULL); page != NULL; page = sqlite3_next_stmt (opened_db, page))
    if (strstr (sqlite3_sql (page), " OFFSET ") != NULL)
      break;
  g_assert_nonnull (page);
  sql = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sqlite3_sql (page));
  g_assert_cmpint (sqlite3_prepare_v2 (opened_db, sql, -1, &explain, NULL), ==, SQLITE_OK);
  while (sqlite3_step (explain) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (explain, 3));
  sqlite3_finalize (explain);
  g_test_message ("%s\n%s", sqlite3_sql (page), plan->str);
  return g_string_free (plan, FALSE);
}

/* A page deep in a long history costs little more than the first: the
 * person's entries are walked in the list's order, never all sorted, and
 * nothing but that key is read to get there (the administration rows are
 * looked up for the page's rows only, by their primary key). The list of
 * everything walks the day index the same way. */
static void
test_history_pages_use_indexes (CareFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(CarePagedQuery) person = care_person_record_history_source (f->store, f->person_uuid);
  g_autoptr(CarePagedQuery) everything = care_person_record_all_history_source (f->store);
  g_autofree char *person_plan = page_plan (person);
  g_autofree char *everything_plan = page_plan (everything);

  g_assert_true (g_str_has_prefix (person_plan, "SEARCH h USING PRIMARY KEY (person_uuid=?)\n"));
  g_assert_nonnull (strstr (person_plan, "SEARCH r USING INDEX sqlite_autoindex_administration_1 (uuid=? AND version=?)"));
  g_assert_null (strstr (person_plan, "TEMP B-TREE"));
  g_assert_null (strstr (person_plan, "SCAN"));

  g_assert_nonnull (strstr (everything_plan, "SCAN a USING INDEX administration_day"));
  g_assert_null (strstr (everything_plan, "TEMP B-TREE"));
}

static void
test_age (void)
{
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);
  g_autofree char *name = NULL;

  care_record_set_string (person, "given_name", "Tom");
  care_record_set_string (person, "family_name", "Reed");
  care_record_set_string (person, "date_of_birth", "2009-03-11");
  g_assert_cmpint (care_person_record_age (person, "2026-03-10"), ==, 16);
  g_assert_cmpint (care_person_record_age (person, "2026-03-11"), ==, 17);
  name = care_person_record_display_name (person);
  g_assert_cmpstr (name, ==, "Tom Reed");
  g_assert_cmpint (care_mar_mark_letter (CARE_MAR_MISSED), ==, '!');
  g_assert_cmpstr (care_mar_mark_label (CARE_MAR_AWAY), ==, "In hospital or away");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/person-record/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  ADD ("tasks", test_tasks);
  ADD ("mar-chart", test_mar_chart);
  ADD ("mar-chart-early", test_mar_chart_early);
  ADD ("mar-chart-across-change", test_mar_chart_across_change);
  ADD ("review-queries-use-indexes", test_review_queries_use_indexes);
  ADD ("round-queries-use-index", test_round_queries_use_index);
  ADD ("latest-reviews", test_latest_reviews);
  ADD ("observations-and-reviews", test_observations_and_reviews);
  ADD ("liberty", test_liberty);
  ADD ("when-required", test_when_required);
  ADD ("people-source", test_people_source);
  ADD ("history-sources", test_history_sources);
  ADD ("history-order", test_history_order);
  ADD ("history-task-written-later", test_history_task_written_later);
  ADD ("history-upgraded-from-7", test_history_upgraded_from_7);
  ADD ("history-pages-use-indexes", test_history_pages_use_indexes);
#undef ADD
  g_test_add_func ("/person-record/age-and-letters", test_age);

  return g_test_run ();
}
