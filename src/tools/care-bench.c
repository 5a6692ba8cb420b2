/* care-bench.c: the quality-bar benchmarks, as one Markdown table
 *
 *   care-bench DB_PATH [--quick]
 *
 * DB_PATH is copied with the SQLite backup API first and only the copy is
 * used, so the input is never changed; a copy of an older schema is
 * upgraded as the app would upgrade it, and the report says so. Each
 * latency is measured many times with g_get_monotonic_time() and given as
 * p50 and p99; each rate is the median of a few runs. Nothing here is estimated: what is not measured is
 * not printed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "care-bench-util.h"
#include "care-core.h"

typedef struct
{
  gboolean  quick;
  char     *dir;           /* temporary files */
  CareStore *store;        /* the copy */
  char     *today;
  GString  *table;
  GHashTable *sessions;    /* staff uuid -> CareSession */
  gint64    source_schema; /* DB_PATH's, before the copy was upgraded */
  double    open_seconds;  /* care_store_open of the copy, upgrade included */
} Bench;

/* ------------------------------------------------------------------ */
/* Measuring                                                           */
/* ------------------------------------------------------------------ */

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of @samples (sorted in place). */
static double
percentile (GArray *samples,
            double  p)
{
  guint rank;

  if (samples->len == 0)
    return 0;
  g_array_sort (samples, compare_doubles);
  rank = (guint) (p / 100.0 * samples->len + 0.999999);
  rank = CLAMP (rank, 1u, samples->len);
  return g_array_index (samples, double, rank - 1);
}

static void
add_row (Bench      *bench,
         const char *operation,
         const char *n,
         const char *p50,
         const char *p99,
         const char *target,
         const char *verdict)
{
  g_string_append_printf (bench->table, "| %s | %s | %s | %s | %s | %s |\n",
                          operation, n, p50, p99, target, verdict);
}

static void
add_latency_row (Bench      *bench,
                 const char *operation,
                 GArray     *ms,
                 double      p50_target,
                 double      p99_target)
{
  g_autofree char *n = g_strdup_printf ("%u", ms->len);
  double p50 = percentile (ms, 50), p99 = percentile (ms, 99);
  g_autofree char *p50s = g_strdup_printf ("%.2f", p50);
  g_autofree char *p99s = g_strdup_printf ("%.2f", p99);
  g_autofree char *target = p99_target > 0 ? g_strdup_printf ("p50 < %.0f ms, p99 < %.0f ms", p50_target, p99_target)
                                           : g_strdup_printf ("< %.0f ms", p50_target);
  gboolean met = p50 < p50_target && (p99_target <= 0 || p99 < p99_target);
  const char *verdict = met ? (p99_target <= 0 && p99 >= p50_target ? "met (p50; p99 over)" : "met") : "missed";

  add_row (bench, operation, n, p50s, p99s, target, verdict);
}

/* Runs @fn @times times after one warm-up (which prepares the statements,
 * as the app has done by the time anyone looks), in milliseconds. */
static GArray *
time_repeated (Bench     *bench,
               gboolean (*fn) (Bench *, gpointer, GError **),
               gpointer   data,
               guint      times,
               GError   **error)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  if (!fn (bench, data, error))
    return NULL;
  for (guint i = 0; i < times; i++)
    {
      gint64 t0 = now_us ();
      double elapsed;

      if (!fn (bench, data, error))
        return NULL;
      elapsed = (now_us () - t0) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  return g_steal_pointer (&ms);
}

/* ------------------------------------------------------------------ */
/* Reading the copy directly (never for what is measured)              */
/* ------------------------------------------------------------------ */

static gint64
query_int (const char *path,
           const char *sql)
{
  g_autofree char *text = care_bench_query_text (path, sql, NULL);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* ------------------------------------------------------------------ */
/* (a) Recording one administration                                    */
/* ------------------------------------------------------------------ */

typedef struct
{
  CareSession *session;
  CareRecord  *record;
} Job;

static void
job_clear (Job *job)
{
  g_clear_object (&job->record);
}

static CareSession *
session_for (Bench       *bench,
             const char  *staff_uuid,
             GError     **error)
{
  CareSession *session = g_hash_table_lookup (bench->sessions, staff_uuid);

  if (session == NULL)
    {
      session = care_session_sign_in (bench->store, staff_uuid, CARE_DEMO_PIN, error);
      if (session == NULL)
        return NULL;
      g_hash_table_insert (bench->sessions, g_strdup (staff_uuid), session);
    }
  return session;
}

/* A due slot given a few minutes after its time by someone competent, with
 * what the task type asks for (site, dose, witness). */
static gboolean
done_job (Bench     *bench,
          CareSlot  *slot,
          gint64     now,
          Job       *job,
          GError   **error)
{
  g_autoptr(CareRecord) task = care_store_load (bench->store, CARE_KIND_DELEGATED_TASK, slot->task_uuid, error);
  g_autoptr(CareRecord) type = NULL;
  g_autoptr(GPtrArray) competent = NULL;
  CareRecord *performer;

  if (task == NULL)
    return FALSE;
  type = care_store_load (bench->store, CARE_KIND_TASK_TYPE, care_record_get_string (task, "task_type_uuid"), error);
  competent = care_competency_competent_staff (bench->store, task, bench->today, error);
  if (type == NULL || competent == NULL)
    return FALSE;
  if (competent->len == 0)
    return TRUE;   /* nobody may: the slot is left for a "not done" */
  performer = g_ptr_array_index (competent, 0);
  job->session = session_for (bench, care_record_get_uuid (performer), error);
  if (job->session == NULL)
    return FALSE;
  job->record = care_record_new (CARE_KIND_ADMINISTRATION);
  care_record_set_string (job->record, "task_uuid", slot->task_uuid);
  care_record_set_string (job->record, "slot_date", slot->slot_date);
  care_record_set_string (job->record, "slot_time", slot->slot_time);
  care_record_set_int (job->record, "occurred_at", MIN (slot->slot_at + 300, now - 60));
  care_record_set_string (job->record, "outcome", "done");
  if (care_record_get_bool (type, "topical"))
    care_record_set_string (job->record, "site", care_record_has (task, "site")
                            ? care_record_get_string (task, "site") : "As instructed");
  if (care_record_get_bool (type, "variable_dose"))
    care_record_set_string (job->record, "dose", "10 units");
  if (care_record_get_bool (type, "requires_witness"))
    for (guint i = 1; i < competent->len && !care_record_has (job->record, "witness_uuid"); i++)
      care_record_set_string (job->record, "witness_uuid",
                              care_record_get_uuid (g_ptr_array_index (competent, i)));
  return TRUE;
}

/* Refused, recorded now: needs no competency, so any slot will do. */
static gboolean
not_done_job (Bench     *bench,
              CareSlot  *slot,
              gint64     now,
              const char *staff_uuid,
              Job       *job,
              GError   **error)
{
  job->session = session_for (bench, staff_uuid, error);
  if (job->session == NULL)
    return FALSE;
  job->record = care_record_new (CARE_KIND_ADMINISTRATION);
  care_record_set_string (job->record, "task_uuid", slot->task_uuid);
  care_record_set_string (job->record, "slot_date", slot->slot_date);
  care_record_set_string (job->record, "slot_time", slot->slot_time);
  care_record_set_int (job->record, "occurred_at", now - 30);
  care_record_set_string (job->record, "outcome", "not_done");
  care_record_set_string (job->record, "reason_code", "R");
  return TRUE;
}

static char *
a_care_worker (Bench   *bench,
               GError **error)
{
  g_autoptr(GPtrArray) staff = care_store_list_current (bench->store, CARE_KIND_STAFF, "role", "care_worker", error);

  for (guint i = 0; staff && i < staff->len; i++)
    if (care_record_get_bool (g_ptr_array_index (staff, i), "active"))
      return g_strdup (care_record_get_uuid (g_ptr_array_index (staff, i)));
  if (staff != NULL)
    g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND, "the database has no active care worker");
  return NULL;
}

/* Today's slots not yet recorded: those already due are given by a
 * competent carer; if there are too few, later ones are recorded as refused.
 * Everything is prepared first, so only the core's work is timed. */
static GArray *
prepare_jobs (Bench    *bench,
              guint     n,
              guint    *n_done,
              GError  **error)
{
  g_autoptr(GPtrArray) slots = care_dashboard_slots (bench->store, bench->today, error);
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (Job));
  g_autofree char *worker = NULL;
  gint64 now = care_store_now (bench->store);

  g_array_set_clear_func (jobs, (GDestroyNotify) job_clear);
  if (slots == NULL)
    return NULL;
  for (guint i = 0; i < slots->len && jobs->len < n; i++)
    {
      CareSlot *slot = g_ptr_array_index (slots, i);
      Job job = { 0 };

      if (slot->state == CARE_SLOT_DONE || slot->slot_at > now - 60)
        continue;
      if (!done_job (bench, slot, now, &job, error))
        return NULL;
      if (job.record != NULL)
        g_array_append_val (jobs, job);
    }
  *n_done = jobs->len;
  worker = a_care_worker (bench, error);
  if (worker == NULL)
    return NULL;
  for (guint i = 0; jobs->len < n && slots->len > 0; i++)
    {
      Job job = { 0 };

      if (!not_done_job (bench, g_ptr_array_index (slots, i % slots->len), now, worker, &job, error))
        return NULL;
      g_array_append_val (jobs, job);
    }
  if (jobs->len < n)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND,
                   "no live delegated task has a slot today (%s): nothing to record", bench->today);
      return NULL;
    }
  return g_steal_pointer (&jobs);
}

static gboolean
bench_record (Bench    *bench,
              GError  **error)
{
  guint n = bench->quick ? 20 : 200, n_done = 0;
  g_autoptr(GArray) jobs = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *label = NULL;
  g_autofree char *count = NULL;

  /* The real clock: this is what a carer's save costs now. */
  care_store_set_now (bench->store, 0);
  jobs = prepare_jobs (bench, n, &n_done, error);
  if (jobs == NULL)
    return FALSE;
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = &g_array_index (jobs, Job, i);
      gint64 t0 = now_us ();
      double elapsed;

      if (!care_administration_record (job->session, job->record, error))
        {
          g_prefix_error (error, "recording administration %u: ", i + 1);
          return FALSE;
        }
      elapsed = (now_us () - t0) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  label = g_strdup ("(a) Record one administration: validation, rules, durable commit");
  count = g_strdup_printf ("%u (%u done, %u not done)", ms->len, n_done, ms->len - n_done);
  {
    double p50 = percentile (ms, 50), p99 = percentile (ms, 99);
    g_autofree char *p50s = g_strdup_printf ("%.2f", p50);
    g_autofree char *p99s = g_strdup_printf ("%.2f", p99);

    add_row (bench, label, count, p50s, p99s, "p50 < 5 ms, p99 < 30 ms",
             p50 < 5 && p99 < 30 ? "met" : "missed");
  }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* (b)-(e) Reading                                                     */
/* ------------------------------------------------------------------ */

static guint last_rows;

static gboolean
run_slots (Bench    *bench,
           gpointer  data,
           GError  **error)
{
  g_autoptr(GPtrArray) slots = care_dashboard_slots (bench->store, bench->today, error);

  last_rows = slots ? slots->len : 0;
  return slots != NULL;
}

/* The reviews the person page lists (MAX_REVIEW_ROWS in care-person-page.c). */
#define REVIEW_ROWS 20

typedef struct
{
  char *person_uuid;
  char *from;
  char *to;
  guint tasks, chart_rows, observations, reviews;
} Review;

/* What a district nurse opens on a visit: everything the person page reads
 * (care_person_page_refresh): the person, their delegated tasks, the
 * carers' observations and escalations and the MAR chart of the last 28
 * days, the latest reviews, the liberty screening and cases. */
static gboolean
run_review (Bench    *bench,
            gpointer  data,
            GError  **error)
{
  Review *r = data;
  g_autoptr(CareRecord) person = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) observations = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(CareMarChart) chart = NULL;
  g_autoptr(CareRecord) screening = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  GError *local = NULL;

  if ((person = care_store_load (bench->store, CARE_KIND_PERSON, r->person_uuid, error)) == NULL
      || (tasks = care_person_record_tasks (bench->store, r->person_uuid, error)) == NULL
      || (observations = care_person_record_observations (bench->store, r->person_uuid, r->from, r->to, error)) == NULL
      || (reviews = care_person_record_reviews (bench->store, r->person_uuid, REVIEW_ROWS, error)) == NULL
      || (chart = care_person_record_mar (bench->store, r->person_uuid, r->from, r->to, error)) == NULL)
    return FALSE;
  /* No screening is no error. */
  screening = care_person_record_latest_screening (bench->store, r->person_uuid, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if ((cases = care_person_record_cases (bench->store, r->person_uuid, error)) == NULL)
    return FALSE;
  r->tasks = tasks->len;
  r->chart_rows = chart->rows->len;
  r->observations = observations->len;
  r->reviews = reviews->len;
  return TRUE;
}

static gboolean
run_matrix (Bench    *bench,
            gpointer  data,
            GError  **error)
{
  g_autoptr(GPtrArray) cells = care_competency_matrix (bench->store, bench->today, error);

  last_rows = cells ? cells->len : 0;
  return cells != NULL;
}

static gboolean
run_liberty (Bench    *bench,
             gpointer  data,
             GError  **error)
{
  g_autoptr(GPtrArray) alerts = care_dashboard_liberty_alerts (bench->store, bench->today, error);

  last_rows = alerts ? alerts->len : 0;
  return alerts != NULL;
}

/* A count about the person under review, read from the copy directly. */
static gint64
count_for_person (Bench      *bench,
                  const char *sql,
                  Review     *review)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (care_store_get_path (bench->store), &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, review->person_uuid, -1, SQLITE_TRANSIENT);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        {
          sqlite3_bind_text (stmt, 2, review->from, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, review->to, -1, SQLITE_TRANSIENT);
        }
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return n;
}

/* The person with the most live tasks: the longest review. */
static char *
busiest_person (Bench   *bench,
                GError **error)
{
  g_autoptr(GPtrArray) tasks = care_store_list_current (bench->store, CARE_KIND_DELEGATED_TASK, "status", "active", error);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_n = 0;

  if (tasks == NULL)
    return NULL;
  for (guint i = 0; i < tasks->len; i++)
    {
      const char *person = care_record_get_string (g_ptr_array_index (tasks, i), "person_uuid");
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, person)) + 1;

      g_hash_table_insert (counts, (gpointer) person, GUINT_TO_POINTER (n));
      /* Ties go to the first in record order, so the choice is stable. */
      if (n > best_n)
        {
          best = person;
          best_n = n;
        }
    }
  if (best == NULL)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND, "the database has no active delegated task");
      return NULL;
    }
  return g_strdup (best);
}

static gboolean
bench_reads (Bench    *bench,
             GError  **error)
{
  guint times = bench->quick ? 10 : 50;
  g_autoptr(GArray) ms = NULL;
  g_autofree char *label = NULL;
  Review review = { 0 };
  g_autofree char *last_day = NULL;

  ms = time_repeated (bench, run_slots, NULL, times, error);
  if (ms == NULL)
    return FALSE;
  label = g_strdup_printf ("(b) Due list for today: care_dashboard_slots (%u slots)", last_rows);
  add_latency_row (bench, label, ms, 20, 0);

  /* The 28 days up to the last day of the recorded history (the dataset
   * may end before today). */
  last_day = care_bench_query_text (care_store_get_path (bench->store),
                         "SELECT max (slot_date) FROM administration WHERE slot_date < ?1", bench->today);
  review.person_uuid = busiest_person (bench, error);
  if (review.person_uuid == NULL || last_day == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND, "the database has no administrations");
      g_free (review.person_uuid);
      return FALSE;
    }
  review.to = g_strdup (last_day);
  review.from = care_date_add_days (last_day, -27);
  g_clear_pointer (&ms, g_array_unref);
  ms = time_repeated (bench, run_review, &review, times, error);
  g_free (label);
  /* For the label only, outside the timing: how much history lies behind. */
  label = g_strdup_printf ("(c) One person's review, as the person page reads it: %u tasks, a chart of %u lines "
                           "from %" G_GINT64_FORMAT " administrations (%s to %s), %u observations, "
                           "the latest %u of %" G_GINT64_FORMAT " reviews",
                           review.tasks, review.chart_rows,
                           count_for_person (bench, "SELECT count (DISTINCT a.uuid) FROM administration a WHERE a.task_uuid IN "
                                             "(SELECT uuid FROM delegated_task WHERE person_uuid = ?1) "
                                             "AND a.slot_date BETWEEN ?2 AND ?3", &review),
                           review.from, review.to, review.observations, review.reviews,
                           count_for_person (bench, "SELECT count (DISTINCT uuid) FROM review WHERE task_uuid IN "
                                             "(SELECT uuid FROM delegated_task WHERE person_uuid = ?1)", &review));
  g_free (review.person_uuid);
  g_free (review.from);
  g_free (review.to);
  if (ms == NULL)
    return FALSE;
  add_latency_row (bench, label, ms, 20, 0);

  g_clear_pointer (&ms, g_array_unref);
  ms = time_repeated (bench, run_matrix, NULL, times, error);
  if (ms == NULL)
    return FALSE;
  g_free (label);
  label = g_strdup_printf ("(d) Competency matrix: care_competency_matrix (%u cells)", last_rows);
  add_latency_row (bench, label, ms, 20, 0);

  g_clear_pointer (&ms, g_array_unref);
  ms = time_repeated (bench, run_liberty, NULL, times, error);
  if (ms == NULL)
    return FALSE;
  g_free (label);
  label = g_strdup_printf ("(e) Liberty alerts: care_dashboard_liberty_alerts (%u alerts)", last_rows);
  add_latency_row (bench, label, ms, 20, 0);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* (f) Bulk loading: through the core, and the sqlite3 shell           */
/* ------------------------------------------------------------------ */

static void
append_value (GString      *sql,
              sqlite3_stmt *stmt,
              int           col)
{
  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_NULL:
      g_string_append (sql, "NULL");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (sql, "%lld", (long long) sqlite3_column_int64 (stmt, col));
      break;
    case SQLITE_FLOAT:
      g_string_append_printf (sql, "%.17g", sqlite3_column_double (stmt, col));
      break;
    case SQLITE_BLOB:
      {
        const guchar *blob = sqlite3_column_blob (stmt, col);
        int n = sqlite3_column_bytes (stmt, col);

        g_string_append (sql, "X'");
        for (int i = 0; i < n; i++)
          g_string_append_printf (sql, "%02x", blob[i]);
        g_string_append_c (sql, '\'');
      }
      break;
    default:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, col);

        g_string_append_c (sql, '\'');
        for (const char *p = text; *p; p++)
          {
            if (*p == '\'')
              g_string_append_c (sql, '\'');
            g_string_append_c (sql, *p);
          }
        g_string_append_c (sql, '\'');
      }
      break;
    }
}

static void
append_insert (GString      *sql,
               const char   *table,
               sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);

  g_string_append_printf (sql, "INSERT INTO %s (", table);
  for (int i = 0; i < n; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", sqlite3_column_name (stmt, i));
  g_string_append (sql, ") VALUES (");
  for (int i = 0; i < n; i++)
    {
      if (i)
        g_string_append (sql, ", ");
      append_value (sql, stmt, i);
    }
  g_string_append (sql, ");\n");
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Every row the generation inserted, in the order it inserted them: each
 * record version (every kind of record) just before its change-log event,
 * in event order. One transaction, durable and in WAL as the core is. */
static gboolean
write_dump (const char  *db_path,
            const char  *dump_path,
            guint64     *rows,
            GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *events = NULL;
  g_autoptr(GHashTable) by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         finalize_statement);
  g_autoptr(GString) sql = g_string_new (".bail on\nPRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\nBEGIN;\n");
  FILE *out;
  gboolean ok = TRUE;
  int rc;

  *rows = 0;
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "SELECT * FROM events ORDER BY local_seq", -1, &events, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "reading %s: %s", db_path, sqlite3_errmsg (db));
      sqlite3_close_v2 (db);
      return FALSE;
    }
  out = g_fopen (dump_path, "w");
  if (out == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dump_path, g_strerror (saved));
      ok = FALSE;
    }
  while (ok && (rc = sqlite3_step (events)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (events, 3);
      sqlite3_stmt *row = g_hash_table_lookup (by_kind, kind);

      if (row == NULL)
        {
          /* Table names come from the database's own event log. */
          g_autofree char *q = g_strdup_printf ("SELECT * FROM \"%s\" WHERE uuid = ?1 AND version = ?2", kind);
          if (sqlite3_prepare_v2 (db, q, -1, &row, NULL) != SQLITE_OK)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
              ok = FALSE;
              break;
            }
          g_hash_table_insert (by_kind, g_strdup (kind), row);
        }
      sqlite3_bind_text (row, 1, (const char *) sqlite3_column_text (events, 4), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (row, 2, sqlite3_column_int64 (events, 5));
      if (sqlite3_step (row) == SQLITE_ROW)
        {
          append_insert (sql, kind, row);
          (*rows)++;
        }
      sqlite3_reset (row);
      append_insert (sql, "events", events);
      (*rows)++;
      if (sql->len > (1 << 20))
        {
          fwrite (sql->str, 1, sql->len, out);
          g_string_truncate (sql, 0);
        }
    }
  g_string_append (sql, "COMMIT;\n");
  if (out != NULL)
    {
      fwrite (sql->str, 1, sql->len, out);
      if (fclose (out) != 0 && ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "writing %s failed", dump_path);
          ok = FALSE;
        }
    }
  g_hash_table_remove_all (by_kind);
  sqlite3_finalize (events);
  sqlite3_close_v2 (db);
  return ok;
}

/* `sqlite3 DB < dump.sql`, timed from spawn to exit. */
static gboolean
time_sqlite_shell (const char  *db_path,
                   const char  *dump_path,
                   double      *seconds,
                   GError     **error)
{
  const char *argv[] = { "sqlite3", db_path, NULL };
  int stdin_fd = g_open (dump_path, O_RDONLY | O_CLOEXEC, 0);
  GPid pid;
  int status = 0;
  gint64 t0;
  gboolean ok;

  if (stdin_fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dump_path, g_strerror (saved));
      return FALSE;
    }
  t0 = now_us ();
  ok = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                         G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                         NULL, NULL, stdin_fd, -1, -1, NULL, NULL, 0,
                                         &pid, NULL, NULL, NULL, error);
  close (stdin_fd);
  if (!ok)
    return FALSE;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  *seconds = (now_us () - t0) / (double) G_USEC_PER_SEC;
  g_spawn_close_pid (pid);
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "sqlite3 < %s: ", dump_path);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  double   ours;          /* rows per second, whole generation */
  double   ours_no_pin;   /* rows per second, without the Argon2id PIN checks */
  double   admin_rate;    /* administrations per second, without PIN checks */
  double   shell;         /* rows per second, sqlite3 shell */
  guint64  rows;
  guint64  administrations;
} BulkRun;

static gboolean
bulk_once (Bench    *bench,
           guint     run,
           BulkRun  *out,
           GError  **error)
{
  g_autofree char *gen_path = g_strdup_printf ("%s/gen-%u.db", bench->dir, run);
  g_autofree char *shell_path = g_strdup_printf ("%s/shell-%u.db", bench->dir, run);
  g_autofree char *dump_path = g_strdup_printf ("%s/dump-%u.sql", bench->dir, run);
  CareDemoOptions options;
  CareDemoStats stats;
  double shell_seconds = 0;
  gint64 copied;

  care_demo_options_init (&options);
  options.days = bench->quick ? 5 : 20;
  if (bench->quick)
    {
      /* Fewer staff, so fewer slow PIN checks in the smoke test. */
      options.n_people = 10;
      options.n_staff = 14;
    }
  options.end_date = "2026-11-01";
  options.quiet = TRUE;
  {
    g_autoptr(CareStore) gen = care_store_open (gen_path, error);

    if (gen == NULL || !care_demo_generate (gen, &options, &stats, error))
      return FALSE;
  }
  if (!write_dump (gen_path, dump_path, &out->rows, error))
    return FALSE;
  {
    /* The same schema, triggers and indexes, through the core. */
    g_autoptr(CareStore) empty = care_store_open (shell_path, error);

    if (empty == NULL)
      return FALSE;
  }
  if (!time_sqlite_shell (shell_path, dump_path, &shell_seconds, error))
    return FALSE;
  copied = query_int (shell_path, "SELECT count (*) FROM events");
  if (copied != query_int (gen_path, "SELECT count (*) FROM events"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sqlite3 shell loaded %" G_GINT64_FORMAT
                   " events, not all of them", copied);
      return FALSE;
    }
  out->administrations = stats.administrations;
  out->ours = out->rows / stats.seconds;
  out->ours_no_pin = out->rows / (stats.seconds - stats.signin_seconds);
  out->admin_rate = stats.administrations / (stats.seconds - stats.signin_seconds);
  out->shell = out->rows / shell_seconds;
  g_unlink (dump_path);
  return TRUE;
}

static double
median_of (BulkRun *runs,
           guint    n,
           gsize    offset)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      double v = *(double *) ((char *) &runs[i] + offset);
      g_array_append_val (values, v);
    }
  return percentile (values, 50);
}

static gboolean
bench_bulk (Bench    *bench,
            GError  **error)
{
  guint n = bench->quick ? 1 : 3;
  g_autofree BulkRun *runs = g_new0 (BulkRun, n);
  g_autofree char *label = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *rate = NULL;
  g_autofree char *ratio = NULL;
  g_autofree char *ratio_all = NULL;
  double ours, ours_all, shell, admins;

  for (guint i = 0; i < n; i++)
    if (!bulk_once (bench, i, &runs[i], error))
      return FALSE;
  ours_all = median_of (runs, n, G_STRUCT_OFFSET (BulkRun, ours));
  ours = median_of (runs, n, G_STRUCT_OFFSET (BulkRun, ours_no_pin));
  shell = median_of (runs, n, G_STRUCT_OFFSET (BulkRun, shell));
  admins = median_of (runs, n, G_STRUCT_OFFSET (BulkRun, admin_rate));

  label = g_strdup_printf ("(f) Bulk load through the core: care_demo_generate, %u days, %" G_GUINT64_FORMAT
                           " rows (%" G_GUINT64_FORMAT " administrations + their events + the rest)",
                           bench->quick ? 5 : 20, runs[0].rows, runs[0].administrations);
  rate = g_strdup_printf ("%.0f rows/s (%.0f administrations/s) without PIN checks; %.0f rows/s with them",
                          ours, admins, ours_all);
  add_row (bench, label, count, "-", rate, "-", "-");
  g_free (rate);
  rate = g_strdup_printf ("%.0f rows/s", shell);
  add_row (bench, "(f) The same rows: `sqlite3 DB < dump.sql`, one transaction, WAL, synchronous=FULL",
           count, "-", rate, "-", "-");
  ratio = g_strdup_printf ("%.2f (%.2f counting the Argon2id PIN checks)", ours / shell, ours_all / shell);
  add_row (bench, "(f) Bulk load ratio, ours / sqlite3", count, "-", ratio, "≥ 0.5",
           ours / shell >= 0.5 ? "met" : "missed");
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* (g) A person's full history, page by page                           */
/* ------------------------------------------------------------------ */

/* The rows the GUI's list fetches at a time (CARE_PAGED_MODEL_PAGE_SIZE). */
#define HISTORY_PAGE 64

typedef struct
{
  const char     *person_uuid;
  CarePagedQuery *query;
  guint           offset;
  guint           rows;
} HistoryPage;

static gboolean
run_history_page (Bench    *bench,
                  gpointer  data,
                  GError  **error)
{
  HistoryPage *page = data;
  g_autoptr(GPtrArray) rows = care_paged_query_fetch (page->query, page->offset, HISTORY_PAGE, error);

  page->rows = rows ? rows->len : 0;
  return rows != NULL;
}

/* What opening the list costs before its first page: a new query (its own
 * connection) and the count of its rows. */
static gboolean
run_history_count (Bench    *bench,
                   gpointer  data,
                   GError  **error)
{
  HistoryPage *page = data;
  g_autoptr(CarePagedQuery) query = care_person_record_history_source (bench->store, page->person_uuid);
  gint64 n = care_paged_query_count (query, error);

  page->rows = n >= 0 ? (guint) n : 0;
  return n >= 0;
}

/* The person with the most administrations: the longest history list. */
static char *
longest_history (Bench *bench)
{
  return care_bench_query_text (care_store_get_path (bench->store),
    "SELECT d.person_uuid FROM administration a JOIN delegated_task d ON d.uuid = a.task_uuid AND d.version = 1 "
    "GROUP BY d.person_uuid ORDER BY count (*) DESC, d.person_uuid LIMIT 1", NULL);
}

/* Scrolling the person page's full history: the first page (where the
 * list opens), the page in the middle and the last page, each fetched as
 * the GUI's list fetches it; a page deep in the list should cost little
 * more than the first. */
static gboolean
bench_history (Bench    *bench,
               GError  **error)
{
  guint times = bench->quick ? 10 : 50;
  g_autofree char *person = longest_history (bench);
  g_autoptr(CarePagedQuery) query = NULL;
  g_autoptr(GArray) count_ms = NULL;
  g_autofree char *count_label = NULL;
  HistoryPage page = { 0 };
  gint64 n;
  struct { const char *where; guint offset; } pages[3];

  if (person == NULL)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND, "the database has no administrations");
      return FALSE;
    }
  page.person_uuid = person;
  count_ms = time_repeated (bench, run_history_count, &page, times, error);
  if (count_ms == NULL)
    return FALSE;
  n = page.rows;
  count_label = g_strdup_printf ("(g) A person's full history, opening it: care_paged_query_count of a new "
                                 "care_person_record_history_source (%" G_GINT64_FORMAT " rows, the longest)", n);
  add_latency_row (bench, count_label, count_ms, 20, 0);
  query = care_person_record_history_source (bench->store, person);
  pages[0].where = "the first page";
  pages[0].offset = 0;
  pages[1].where = "the page in the middle";
  pages[1].offset = (guint) (n / 2) / HISTORY_PAGE * HISTORY_PAGE;
  pages[2].where = "the last page";
  pages[2].offset = n > 0 ? (guint) (n - 1) / HISTORY_PAGE * HISTORY_PAGE : 0;
  page.query = query;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GArray) ms = NULL;
      g_autofree char *label = NULL;

      page.offset = pages[i].offset;
      ms = time_repeated (bench, run_history_page, &page, times, error);
      if (ms == NULL)
        return FALSE;
      label = g_strdup_printf ("(g) A person's full history, %s: care_paged_query_fetch of care_person_record_history_source, "
                               "rows %u to %u of %" G_GINT64_FORMAT,
                               pages[i].where, page.offset + 1, page.offset + page.rows, n);
      add_latency_row (bench, label, ms, 20, 0);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

/* The store upgrades an older schema as it opens: here that happens to the
 * copy, once, before the benchmarks run (the report says how long the open
 * took). */
static gboolean
copy_input (Bench       *bench,
            const char  *path,
            GError     **error)
{
  g_autofree char *copy = g_build_filename (bench->dir, "bench.db", NULL);
  gint64 t0;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s does not exist", path);
      return FALSE;
    }
  if (!care_bench_copy_database (path, copy, error))
    return FALSE;
  bench->source_schema = query_int (copy, "PRAGMA user_version");
  t0 = now_us ();
  bench->store = care_store_open (copy, error);
  bench->open_seconds = (now_us () - t0) / (double) G_USEC_PER_SEC;
  if (bench->store == NULL)
    g_prefix_error (error, "the copy of %s: ", path);
  return bench->store != NULL;
}

/* What was measured: the input, its size, its schema (and the copy's, if
 * it was upgraded) and the day taken as today. */
static void
print_header (Bench      *bench,
              const char *path)
{
  guint schema = care_store_get_schema_version (bench->store);
  g_autofree char *upgraded = NULL;

  if (bench->source_schema != schema)
    upgraded = g_strdup_printf ("the copy upgraded from schema %" G_GINT64_FORMAT " to %u, opening it took %.1f s",
                                bench->source_schema, schema, bench->open_seconds);
  else
    upgraded = g_strdup_printf ("schema %u", schema);
  g_print ("care-bench: %s (%" G_GINT64_FORMAT " administrations, %" G_GINT64_FORMAT " events; %s), today %s%s\n\n",
           path, query_int (care_store_get_path (bench->store), "SELECT count (*) FROM administration"),
           care_store_count_events (bench->store, NULL), upgraded, bench->today, bench->quick ? ", quick" : "");
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { 0 };
  gboolean quick = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Fewer repetitions (for the smoke test)", NULL },
    { NULL }
  };
  gboolean ok;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("DB_PATH - benchmark a care home database (a copy of it)");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "give one DB_PATH (see --help)");
      return 2;
    }
  bench.quick = quick;
  bench.table = g_string_new ("| Operation | N | p50 ms | p99 ms / rate | Target | Verdict |\n"
                              "|---|---:|---:|---:|---|---|\n");
  bench.sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  bench.dir = g_dir_make_tmp ("care-bench-XXXXXX", &error);
  ok = bench.dir != NULL && copy_input (&bench, argv[1], &error);
  if (ok)
    {
      bench.today = care_store_today (bench.store);
      print_header (&bench, argv[1]);
      ok = bench_record (&bench, &error) && bench_reads (&bench, &error) && bench_bulk (&bench, &error)
        && bench_history (&bench, &error);
    }
  g_hash_table_unref (bench.sessions);
  g_clear_object (&bench.store);
  if (bench.dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (bench.dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (bench.dir, name, NULL);
          g_unlink (file);
        }
      g_rmdir (bench.dir);
    }
  if (!ok)
    {
      g_printerr ("care-bench: %s\n", error->message);
      g_string_free (bench.table, TRUE);
      return 1;
    }
  g_print ("%s", bench.table->str);
  g_string_free (bench.table, TRUE);
  g_free (bench.today);
  g_free (bench.dir);
  return 0;
}
