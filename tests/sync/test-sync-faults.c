/* test-sync-faults.c: the sync under injected faults, end to end
 *
 * Each scenario builds a small care home, starts the real reference server
 * (care-commissioner serve --allow-faults) on a free loopback port, records
 * a seeded random workload, runs the client while the server's switchboard
 * makes requests fail, turns the faults off, lets the client drain, and
 * then checks the sums of research/sync.md section 2 by reading both
 * SQLite databases directly:
 *
 *   A = events whose local commit returned OK (collected as they commit)
 *   S = the server's events after the drain
 *   lost       = A - S - (events the server rejected, kept locally)
 *   duplicated = event_ids held more than once in S, and
 *                (device_id, local_seq) pairs held more than once in S
 *   unexpected = S - A
 *
 * all empty, the queue empty within a fixed time after the faults stop, and
 * PRAGMA integrity_check "ok" on both sides. The kill scenarios run the
 * client as the separate care-sync-run process and SIGKILL it.
 *
 * Every scenario is seeded (CARE_SYNC_SEED overrides the base seed) and
 * prints its counts.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <stdio.h>

#include "care-store-private.h"
#include "care-sync.h"
#include "care-sync-token.h"
#include "care-test-server.h"
#include "care-test-util.h"

#define TEST_PIN      "2468"       /* the PIN care-test-util.c gives every staff member */
#define DRAIN_SECONDS 30.0         /* liveness: the queue is empty this soon after faults stop */
#define FAULT_SECONDS 12.0         /* the most a scenario runs with faults on */
#define BASE_SEED     20260310u

/* ------------------------------------------------------------------ */
/* The seeded workload and the acknowledged set A                       */
/* ------------------------------------------------------------------ */

typedef struct
{
  CareFixture *f;
  GRand       *rand;
  GHashTable  *acked;          /* A: event ids whose commit returned OK */
  gint64       last_seq;
  GPtrArray   *admins;         /* uuids of recorded administrations */
  guint        ops;
  guint        refused;        /* operations the rules refused: nothing committed */
} Workload;

static void
collect_committed (Workload *w)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (w->f->store),
                                       "SELECT local_seq, event_id FROM events WHERE local_seq > ?1 ORDER BY local_seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, w->last_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      w->last_seq = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (w->acked, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
}

static void
workload_init (Workload    *w,
               CareFixture *f,
               guint32      seed)
{
  memset (w, 0, sizeof *w);
  w->f = f;
  w->rand = g_rand_new_with_seed (seed);
  w->acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->admins = g_ptr_array_new_with_free_func (g_free);
  /* The fixture's own records were committed before the first check. */
  collect_committed (w);
}

static void
workload_clear (Workload *w)
{
  g_rand_free (w->rand);
  g_hash_table_unref (w->acked);
  g_ptr_array_unref (w->admins);
}

static gboolean
record_administration (Workload  *w,
                       GError   **error)
{
  int day = g_rand_int_range (w->rand, 1, 10);
  const char *slot = g_rand_boolean (w->rand) ? "08:00" : "20:00";
  g_autofree char *date = g_strdup_printf ("2026-03-%02d", day);
  gint64 at = care_local_instant (date, slot) + g_rand_int_range (w->rand, 0, 40) * 60;
  gboolean done = g_rand_int_range (w->rand, 0, 100) < 80;
  g_autoptr(CareRecord) a = care_test_new_admin (w->f, w->f->cream_task_uuid, slot, at, done ? "done" : "not_done");
  g_autofree char *note = g_strdup_printf ("Workload note %u: skin checked \"ok\"\n(seeded)", w->ops);

  if (done)
    {
      /* Every done entry is an extra one, so random slots never collide. */
      care_record_set_bool (a, "extra", TRUE);
      care_record_set_string (a, "extra_reason", "Seeded test workload");
    }
  else
    care_record_set_string (a, "reason_code", "R");
  care_record_set_string (a, "observations", note);
  if (!care_administration_record (w->f->carer, a, error))
    return FALSE;
  g_ptr_array_add (w->admins, g_strdup (care_record_get_uuid (a)));
  return TRUE;
}

static gboolean
correct_administration (Workload  *w,
                        GError   **error)
{
  const char *uuid;
  g_autoptr(CareRecord) a = NULL;
  g_autofree char *note = NULL;

  if (w->admins->len == 0)
    return record_administration (w, error);
  uuid = g_ptr_array_index (w->admins, g_rand_int_range (w->rand, 0, w->admins->len));
  a = care_store_load (w->f->store, CARE_KIND_ADMINISTRATION, uuid, error);
  if (a == NULL)
    return FALSE;
  note = g_strdup_printf ("Corrected by the workload, op %u", w->ops);
  care_record_set_string (a, "observations", note);
  return care_session_save (w->f->carer, a, "Observation added later", error);
}

static gboolean
add_person (Workload  *w,
            GError   **error)
{
  g_autoptr(CareRecord) p = care_record_new (CARE_KIND_PERSON);
  g_autofree char *given = g_strdup_printf ("Person%u", w->ops);

  care_record_set_string (p, "given_name", given);
  care_record_set_string (p, "family_name", "Ünsworth-O'Brien");
  care_record_set_string (p, "date_of_birth", "1941-02-03");
  care_record_set_string (p, "status", "active");
  return care_session_save (w->f->manager, p, NULL, error);
}

/* One user action; A grows only when its commit returned OK. */
static void
workload_step (Workload *w)
{
  g_autoptr(GError) error = NULL;
  int pick = g_rand_int_range (w->rand, 0, 100);
  gboolean ok;

  w->ops++;
  if (pick < 70)
    ok = record_administration (w, &error);
  else if (pick < 85)
    ok = correct_administration (w, &error);
  else
    ok = add_person (w, &error);
  if (ok)
    collect_committed (w);
  else
    {
      g_assert_true (error->domain == CARE_ERROR);
      w->refused++;
    }
}

static void
workload_run (Workload *w,
              guint     n)
{
  for (guint i = 0; i < n; i++)
    workload_step (w);
}

/* Events the sync itself committed (tasks taken in from the feed) were
 * also acknowledged locally. */
static void
collect_feed_events (Workload *w)
{
  collect_committed (w);
}

/* ------------------------------------------------------------------ */
/* The checker                                                          */
/* ------------------------------------------------------------------ */

static CareStore *current_store;   /* for CARE_SYNC_TEST_DUMP_LOG */

/* The end of the client's sync_log, for a failure or with
 * CARE_SYNC_TEST_DUMP_LOG=1. */
static void
dump_log (CareStore *store,
          int        lines)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (_care_store_get_db (store),
                      "SELECT * FROM (SELECT id, direction, method, url, status, summary FROM sync_log "
                      "ORDER BY id DESC LIMIT ?1) ORDER BY id", -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, lines);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_printerr ("sync_log %s %s %s %s %s\n", sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                sqlite3_column_text (stmt, 3), sqlite3_column_text (stmt, 4), sqlite3_column_text (stmt, 5));
  sqlite3_finalize (stmt);
}


typedef struct
{
  gint64 a, s, lost, dup_ids, dup_pairs, unexpected, rejected, pending, acked_missing, mismatched;
  gboolean client_ok, server_ok;
} Counts;

static gint64
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("checker: %s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
integrity_ok (sqlite3    *db,
              const char *schema)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s.integrity_check", schema);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  ok = sqlite3_step (stmt) == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  return ok;
}

static void
attach (sqlite3    *db,
        const char *path,
        const char *name)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", path);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("ATTACH DATABASE ?1 AS %s", name);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uri, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* The sums, in SQL over both databases at once: A goes into a temporary
 * table, the client and server files are attached read-only. The server
 * is stopped first, so what is read is what it durably holds. */
static void
check (Workload       *w,
       CareTestServer *s,
       Counts         *c)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer id;

  memset (c, 0, sizeof *c);
  current_store = w->f->store;
  g_assert_cmpint (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
  attach (db, w->f->path, "cli");
  attach (db, s->db, "srv");
  g_assert_cmpint (sqlite3_exec (db, "CREATE TEMP TABLE a (id TEXT PRIMARY KEY)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO a (id) VALUES (?1)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_hash_table_iter_init (&iter, w->acked);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  c->a = count (db, "SELECT count(*) FROM a");
  c->s = count (db, "SELECT count(*) FROM srv.events");
  c->rejected = count (db, "SELECT count(*) FROM cli.events WHERE sync_state = 'rejected'");
  c->pending = count (db, "SELECT count(*) FROM cli.events WHERE sync_state = 'pending'");
  c->lost = count (db, "SELECT count(*) FROM a WHERE id NOT IN (SELECT event_id FROM srv.events) "
                       "AND id NOT IN (SELECT event_id FROM cli.events WHERE sync_state = 'rejected')");
  c->dup_ids = count (db, "SELECT count(*) FROM (SELECT event_id FROM srv.events GROUP BY event_id HAVING count(*) > 1)");
  c->dup_pairs = count (db, "SELECT count(*) FROM (SELECT device_id, local_seq FROM srv.events "
                            "GROUP BY device_id, local_seq HAVING count(*) > 1)");
  c->unexpected = count (db, "SELECT count(*) FROM srv.events WHERE event_id NOT IN (SELECT id FROM a)");
  /* Acknowledged locally yet missing on the server: a lost ack the
   * client believed. */
  c->acked_missing = count (db, "SELECT count(*) FROM cli.events WHERE sync_state = 'acked' "
                                "AND event_id NOT IN (SELECT event_id FROM srv.events)");
  /* The server holds what was recorded, not something else under its id. */
  c->mismatched = count (db, "SELECT count(*) FROM cli.events AS l JOIN srv.events AS r USING (event_id) "
                             "WHERE l.device_id IS NOT r.device_id OR l.local_seq IS NOT r.local_seq "
                             "OR l.entity_uuid IS NOT r.entity_uuid OR l.entity_version IS NOT r.entity_version "
                             "OR json (l.payload) IS NOT json (r.payload)");
  c->client_ok = integrity_ok (db, "cli");
  c->server_ok = integrity_ok (db, "srv");
  sqlite3_close (db);
}

static void
report_and_assert (const char *name,
                   guint32     seed,
                   Counts     *c,
                   double      drain_seconds,
                   const char *extra)
{
  g_autofree char *line = g_strdup_printf (
    "%-22s seed %u: A=%" G_GINT64_FORMAT " S=%" G_GINT64_FORMAT " lost=%" G_GINT64_FORMAT
    " duplicated=%" G_GINT64_FORMAT "+%" G_GINT64_FORMAT " unexpected=%" G_GINT64_FORMAT
    " rejected=%" G_GINT64_FORMAT " pending=%" G_GINT64_FORMAT " acked-missing=%" G_GINT64_FORMAT
    " mismatched=%" G_GINT64_FORMAT " integrity=%s/%s drained-in=%.1fs%s%s",
    name, seed, c->a, c->s, c->lost, c->dup_ids, c->dup_pairs, c->unexpected, c->rejected, c->pending,
    c->acked_missing, c->mismatched, c->client_ok ? "ok" : "FAIL", c->server_ok ? "ok" : "FAIL",
    drain_seconds, extra ? " " : "", extra ? extra : "");

  g_test_message ("%s", line);
  if (g_strcmp0 (g_getenv ("CARE_SYNC_TEST_DUMP_LOG"), "1") == 0)
    dump_log (current_store, 400);
  g_assert_cmpint (c->lost, ==, 0);
  g_assert_cmpint (c->dup_ids, ==, 0);
  g_assert_cmpint (c->dup_pairs, ==, 0);
  g_assert_cmpint (c->unexpected, ==, 0);
  g_assert_cmpint (c->rejected, ==, 0);
  g_assert_cmpint (c->pending, ==, 0);
  g_assert_cmpint (c->acked_missing, ==, 0);
  g_assert_cmpint (c->mismatched, ==, 0);
  g_assert_true (c->client_ok);
  g_assert_true (c->server_ok);
}

/* ------------------------------------------------------------------ */
/* The client in this process                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  CareSync      *sync;
  CareSyncState  state;
  guint          attempts;
  guint          successes;
  guint          failures;
  guint          halts;
  gboolean       drained;      /* the last attempt succeeded with nothing pending */
} Watch;

static void
on_state_changed (CareSync *sync,
                  Watch    *watch)
{
  CareSyncState state = care_sync_get_state (sync);

  if (state != watch->state)
    {
      if (state == CARE_SYNC_RUNNING)
        watch->attempts++;
      else if (watch->state == CARE_SYNC_RUNNING && state == CARE_SYNC_IDLE)
        watch->successes++;
      else if (watch->state == CARE_SYNC_RUNNING && state == CARE_SYNC_RETRYING)
        watch->failures++;
      if (state == CARE_SYNC_HALTED)
        watch->halts++;
    }
  watch->drained = state == CARE_SYNC_IDLE && watch->state == CARE_SYNC_RUNNING
                   && care_sync_get_pending_count (sync) == 0;
  watch->state = state;
}

static CareSync *
client_new (CareFixture    *f,
            CareTestServer *s,
            guint32         seed,
            Watch          *watch)
{
  g_autoptr(GError) error = NULL;
  CareSync *sync = care_sync_new (f->store, s->url, s->token, &error);

  g_assert_no_error (error);
  care_sync_set_token_file (sync, s->token_file);
  care_sync_set_seed (sync, seed);
  /* Short waits keep the suite fast; the policy is the same. */
  care_sync_set_backoff_cap (sync, 0.2);
  care_sync_set_retry_after_cap (sync, 5);
  care_sync_set_timeout (sync, 2);
  care_sync_set_interval (sync, 0.3);
  g_object_set_data (G_OBJECT (sync), "store", f->store);
  memset (watch, 0, sizeof *watch);
  watch->sync = sync;
  watch->state = care_sync_get_state (sync);
  g_signal_connect (sync, "state-changed", G_CALLBACK (on_state_changed), watch);
  return sync;
}

static gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
watch_drained (gpointer data)
{
  return ((Watch *) data)->drained;
}

static gboolean
watch_halted (gpointer data)
{
  return ((Watch *) data)->halts > 0;
}

static void G_GNUC_NORETURN
not_drained (CareSync *sync)
{
  dump_log (g_object_get_data (G_OBJECT (sync), "store"), 25);
  g_error ("not drained %.0f s after the faults stopped: state %d, pending %" G_GINT64_FORMAT ", last error: %s",
           DRAIN_SECONDS, care_sync_get_state (sync), care_sync_get_pending_count (sync),
           care_sync_get_last_error (sync));
}

typedef struct
{
  Workload *w;
  Watch    *watch;
  guint     left;             /* workload steps still to record while syncing */
} During;

static gboolean
record_during (gpointer data)
{
  During *d = data;

  if (d->left == 0)
    return G_SOURCE_REMOVE;
  workload_step (d->w);
  d->left--;
  return G_SOURCE_CONTINUE;
}

static gboolean
during_done (gpointer data)
{
  During *d = data;

  return d->left == 0 && d->watch->drained;
}

/* Faults on: sync while the workload goes on; faults off: drain within
 * the liveness bound. Returns the drain time after the faults stopped. */
static double
sync_through_faults (Workload       *w,
                     CareTestServer *s,
                     CareSync       *sync,
                     Watch          *watch,
                     guint           during_steps)
{
  During d = { w, watch, during_steps };
  guint source = g_timeout_add (15, record_during, &d);
  gint64 start;

  care_sync_start (sync);
  iterate_until (during_done, &d, FAULT_SECONDS);
  if (d.left > 0)
    g_source_remove (source);
  care_test_faults_clear (s);
  watch->drained = FALSE;
  start = g_get_monotonic_time ();
  care_sync_now (sync);
  if (!iterate_until (watch_drained, watch, DRAIN_SECONDS))
    not_drained (sync);
  care_sync_stop (sync);
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static gint64
log_lines (CareStore  *store,
           const char *like)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (store),
                                       "SELECT count(*) FROM sync_log WHERE summary LIKE ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, like, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* ------------------------------------------------------------------ */
/* Scenarios                                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *rules;           /* the switchboard's rules, JSON */
  guint       before;          /* workload steps before the client starts */
  guint       during;          /* ... and while it runs */
  double      min_seconds;     /* the faults must have held it back this long */
} FaultScenario;

static const FaultScenario fault_scenarios[] = {
  { "status-500", "[{\"path\": \"/v1/events:batch\", \"fault\": \"status\", \"status\": 500, \"count\": 3}]", 60, 40, 0 },
  { "status-502", "[{\"path\": \"/v1/events:batch\", \"fault\": \"status\", \"status\": 502, \"count\": 3}]", 60, 40, 0 },
  { "status-503", "[{\"path\": \"/v1/*\", \"fault\": \"status\", \"status\": 503, \"count\": 3}]", 60, 40, 0 },
  { "status-504", "[{\"path\": \"/v1/events:batch\", \"fault\": \"status\", \"status\": 504, \"count\": 3}]", 60, 40, 0 },
  { "429-retry-after", "[{\"path\": \"/v1/events:batch\", \"fault\": \"status\", \"status\": 429, "
                       "\"retry_after\": 1, \"count\": 2}]", 60, 0, 1.8 },
  { "503-retry-after", "[{\"path\": \"/v1/*\", \"fault\": \"status\", \"status\": 503, "
                       "\"retry_after\": 1, \"count\": 2}]", 60, 0, 1.8 },
  { "reset-before-commit", "[{\"path\": \"/v1/events:batch\", \"fault\": \"reset_before_commit\", \"count\": 3}]", 60, 40, 0 },
  { "commit-then-drop", "[{\"path\": \"/v1/events:batch\", \"fault\": \"commit_then_drop\", \"count\": 3}]", 60, 40, 0 },
  { "stall-past-timeout", "[{\"path\": \"/v1/events:batch\", \"fault\": \"commit_then_stall\", \"seconds\": 5, "
                          "\"count\": 1}]", 60, 20, 1.8 },
  { "truncated-body", "[{\"path\": \"/v1/events:batch\", \"fault\": \"truncate\", \"count\": 2}, "
                      "{\"path\": \"/v1/status\", \"fault\": \"truncate\", \"count\": 1}]", 60, 40, 0 },
  { "malformed-body", "[{\"path\": \"/v1/events:batch\", \"fault\": \"malformed\", \"count\": 2}, "
                      "{\"path\": \"/v1/feed\", \"fault\": \"malformed\", \"count\": 1}]", 60, 40, 0 },
  { "in-flight-409", "[{\"path\": \"/v1/events:batch\", \"fault\": \"in_flight\", \"count\": 3}, "
                     "{\"path\": \"/v1/events:batch\", \"fault\": \"delay_before_commit\", \"seconds\": 3, \"count\": 1}]",
    60, 20, 0 },
  { "401-once", "[{\"path\": \"/v1/*\", \"fault\": \"status\", \"status\": 401, \"count\": 1}]", 60, 20, 0 },
  { "mixed-random", "[{\"path\": \"/v1/events:batch\", \"fault\": \"status\", \"status\": 503, \"probability\": 0.1, \"count\": 4},"
                    " {\"path\": \"/v1/events:batch\", \"fault\": \"reset_before_commit\", \"probability\": 0.1, \"count\": 4},"
                    " {\"path\": \"/v1/events:batch\", \"fault\": \"commit_then_drop\", \"probability\": 0.15, \"count\": 4},"
                    " {\"path\": \"/v1/events:batch\", \"fault\": \"truncate\", \"probability\": 0.1, \"count\": 4},"
                    " {\"path\": \"/v1/events:batch\", \"fault\": \"malformed\", \"probability\": 0.1, \"count\": 4},"
                    " {\"path\": \"/v1/events:batch\", \"fault\": \"status\", \"status\": 500, \"probability\": 0.1, \"count\": 4},"
                    " {\"path\": \"/v1/feed\", \"fault\": \"commit_then_drop\", \"probability\": 0.2, \"count\": 3},"
                    " {\"path\": \"/v1/status\", \"fault\": \"status\", \"status\": 502, \"probability\": 0.2, \"count\": 3}]",
    300, 80, 0 },
};

static guint32
scenario_seed (guint index)
{
  const char *env = g_getenv ("CARE_SYNC_SEED");

  return (env ? (guint32) g_ascii_strtoull (env, NULL, 10) : BASE_SEED) + index;
}

static void
test_fault_scenario (CareFixture   *f,
                     gconstpointer  data)
{
  const FaultScenario *sc = data;
  guint32 seed = scenario_seed (sc - fault_scenarios);
  g_autoptr(CareSync) sync = NULL;
  g_autofree char *extra = NULL;
  CareTestServer s;
  Workload w;
  Watch watch;
  Counts c;
  gint64 start;
  double drain, faulted;

  care_test_server_init (&s, f->dir);
  care_test_server_start (&s);
  workload_init (&w, f, seed);
  workload_run (&w, sc->before);
  care_test_faults_set (&s, seed, sc->rules);
  sync = client_new (f, &s, seed, &watch);
  start = g_get_monotonic_time ();
  drain = sync_through_faults (&w, &s, sync, &watch, sc->during);
  faulted = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC - drain;
  care_test_server_stop (&s);
  check (&w, &s, &c);
  extra = g_strdup_printf ("attempts=%u failed=%u halted=%u faulted-for=%.1fs",
                           watch.attempts, watch.failures, watch.halts, faulted);
  report_and_assert (sc->name, seed, &c, drain, extra);
  g_assert_cmpuint (watch.halts, ==, 0);
  /* The server offers gzip, so every scenario runs the gzip upload path
   * (the Prism test cannot: Prism refuses gzip request bodies). */
  g_assert_cmpint (log_lines (f->store, "%before gzip%"), >, 0);
  if (sc->min_seconds > 0)
    g_assert_cmpfloat (faulted, >=, sc->min_seconds);
  if (g_str_equal (sc->name, "401-once"))
    g_assert_cmpint (log_lines (f->store, "token reloaded%"), ==, 1);
  workload_clear (&w);
  care_test_server_clear (&s);
}

/* 401 twice: the token is read again once, then the sync stops and says
 * why; it goes on only when asked, and loses nothing meanwhile. */
static void
test_auth_halt (CareFixture   *f,
                gconstpointer  data)
{
  guint32 seed = scenario_seed (100);
  g_autoptr(CareSync) sync = NULL;
  CareTestServer s;
  Workload w;
  Watch watch;
  Counts c;

  care_test_server_init (&s, f->dir);
  care_test_server_start (&s);
  workload_init (&w, f, seed);
  workload_run (&w, 30);
  care_test_faults_set (&s, seed, "[{\"path\": \"/v1/*\", \"fault\": \"status\", \"status\": 401, \"count\": 2}]");
  sync = client_new (f, &s, seed, &watch);
  care_sync_start (sync);
  g_assert_true (iterate_until (watch_halted,
                                &watch, 10));
  g_assert_cmpint (care_sync_get_state (sync), ==, CARE_SYNC_HALTED);
  g_assert_nonnull (strstr (care_sync_get_last_error (sync), "token"));
  g_assert_cmpint (care_sync_get_pending_count (sync), >, 0);
  care_test_faults_clear (&s);
  watch.drained = FALSE;
  care_sync_now (sync);
  g_assert_true (iterate_until (watch_drained, &watch, DRAIN_SECONDS));
  care_sync_stop (sync);
  care_test_server_stop (&s);
  check (&w, &s, &c);
  report_and_assert ("401-twice-halts", seed, &c, 0, "halted=1 then resumed on request");
  workload_clear (&w);
  care_test_server_clear (&s);
}

/* A whole-request 400 is a bug or a set-up fault: the queue stops, the
 * events stay pending, and nothing is retried until asked. */
static void
test_request_halt (CareFixture   *f,
                   gconstpointer  data)
{
  guint32 seed = scenario_seed (101);
  g_autoptr(CareSync) sync = NULL;
  CareTestServer s;
  Workload w;
  Watch watch;
  Counts c;
  gint64 pending;

  care_test_server_init (&s, f->dir);
  care_test_server_start (&s);
  workload_init (&w, f, seed);
  workload_run (&w, 30);
  care_test_faults_set (&s, seed, "[{\"path\": \"/v1/events:batch\", \"fault\": \"status\", \"status\": 400, \"count\": 1}]");
  sync = client_new (f, &s, seed, &watch);
  pending = care_sync_get_pending_count (sync);
  care_sync_start (sync);
  g_assert_true (iterate_until (watch_halted,
                                &watch, 10));
  g_assert_cmpint (care_sync_get_pending_count (sync), ==, pending);
  /* Halted means no retry on the timer. */
  g_assert_false (iterate_until (watch_drained, &watch, 1.0));
  g_assert_cmpuint (watch.attempts, ==, 1);
  care_test_faults_clear (&s);
  care_sync_now (sync);
  g_assert_true (iterate_until (watch_drained, &watch, DRAIN_SECONDS));
  care_sync_stop (sync);
  care_test_server_stop (&s);
  check (&w, &s, &c);
  report_and_assert ("400-halts", seed, &c, 0, "halted=1 then resumed on request");
  workload_clear (&w);
  care_test_server_clear (&s);
}

/* ------------------------------------------------------------------ */
/* Feed, transitions, restore                                           */
/* ------------------------------------------------------------------ */

static char *
propose_for (CareTestServer *s,
             CareFixture    *f,
             const char     *person_uuid)
{
  g_autofree char *task_id = g_uuid_string_random ();
  g_autofree char *json = g_strdup_printf (
    "{\"task_id\": \"%s\", \"fields\": {\"person_uuid\": \"%s\", \"task_type_uuid\": \"%s\", "
    "\"practitioner_name\": \"Jo Evans\", \"practitioner_profession\": \"District nurse\", "
    "\"practitioner_register\": \"NMC\", \"practitioner_number\": \"98B7654C\", "
    "\"practitioner_org\": \"Leicestershire Partnership NHS Trust\", \"delegated_on\": \"2026-03-05\", "
    "\"instructions\": \"Apply emollient to both shins after washing.\", \"schedule_kind\": \"times\", "
    "\"schedule_times\": \"09:00\", \"start_date\": \"2026-03-06\", \"review_interval_days\": 14, "
    "\"consent_basis\": \"consent\"}}",
    task_id, person_uuid, f->cream_type_uuid);
  g_autofree char *file = g_build_filename (s->dir, "proposal.json", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  out = care_test_commissioner ("propose", "--db", s->db, "--provider", PROVIDER_ID, "--json", file, NULL);
  g_assert_nonnull (strstr (out, task_id));
  return g_steal_pointer (&task_id);
}

static char *
propose (CareTestServer *s,
         CareFixture    *f)
{
  return propose_for (s, f, f->person_uuid);
}

static void
assert_proposal_once (CareFixture *f,
                      const char  *task_id)
{
  g_autoptr(GPtrArray) versions = care_store_load_versions (f->store, CARE_KIND_DELEGATED_TASK, task_id, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM feed_items WHERE entity_id = '%s'", task_id);
  CareRecord *task;

  g_assert_nonnull (versions);
  g_assert_cmpuint (versions->len, ==, 1);
  task = g_ptr_array_index (versions, 0);
  g_assert_cmpstr (care_record_get_string (task, "status"), ==, "proposed");
  g_assert_cmpstr (care_record_get_string (task, "source"), ==, "commissioner");
  g_assert_cmpint (care_test_count_rows (f->store, sql), ==, 1);
}

static void
drain_now (CareSync *sync,
           Watch    *watch)
{
  watch->drained = FALSE;
  care_sync_now (sync);
  if (!iterate_until (watch_drained, watch, DRAIN_SECONDS))
    not_drained (sync);
}

/* The page that carries a proposal is lost on the way (the server sent it,
 * the client never got it), then a cursor expires: the proposal is still
 * taken in exactly once, and so are later ones. */
static void
test_feed (CareFixture   *f,
           gconstpointer  data)
{
  guint32 seed = scenario_seed (102);
  g_autoptr(CareSync) sync = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *extra = NULL;
  CareTestServer s;
  Workload w;
  Watch watch;
  Counts c;
  double drain;

  care_test_server_init (&s, f->dir);
  care_test_server_start (&s);
  workload_init (&w, f, seed);
  workload_run (&w, 20);
  first = propose (&s, f);
  /* libsoup itself sends a GET again once when a kept-alive connection
   * closes without an answer, so the page is dropped twice to reach us. */
  care_test_faults_set (&s, seed, "[{\"path\": \"/v1/feed\", \"fault\": \"commit_then_drop\", \"count\": 2}, "
                        "{\"path\": \"/v1/feed\", \"fault\": \"truncate\", \"count\": 1}]");
  sync = client_new (f, &s, seed, &watch);
  drain = sync_through_faults (&w, &s, sync, &watch, 10);
  assert_proposal_once (f, first);

  /* A cursor that expired: everything is fetched again, nothing doubled. */
  second = propose (&s, f);
  care_test_faults_set (&s, seed, "[{\"path\": \"/v1/feed\", \"fault\": \"expire_cursor\", \"count\": 1}]");
  drain_now (sync, &watch);
  third = propose (&s, f);
  /* A proposal the home's rules refuse (a person the home does not know)
   * is kept with the reason, and does not hold up the feed. */
  {
    g_autofree char *stranger = g_uuid_string_random ();
    g_autofree char *refused = propose_for (&s, f, stranger);
    g_autoptr(CareRecord) none = NULL;

    drain_now (sync, &watch);
    none = care_store_load (f->store, CARE_KIND_DELEGATED_TASK, refused, NULL);
    g_assert_null (none);
  }
  care_sync_stop (sync);
  assert_proposal_once (f, first);
  assert_proposal_once (f, second);
  assert_proposal_once (f, third);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM feed_items"), ==, 4);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM feed_items WHERE problem IS NOT NULL "
                                                   "AND local_uuid IS NULL"), ==, 1);
  g_assert_cmpint (log_lines (f->store, "cursor-expired%"), ==, 1);

  collect_feed_events (&w);
  care_test_server_stop (&s);
  check (&w, &s, &c);
  extra = g_strdup_printf ("feed-items=4 taken-once=3 refused-kept=1 attempts=%u failed=%u",
                           watch.attempts, watch.failures);
  report_and_assert ("feed-dropped-page", seed, &c, drain, extra);
  workload_clear (&w);
  care_test_server_clear (&s);
}

static gint64
server_count (CareTestServer *s,
              const char     *sql)
{
  sqlite3 *db = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (s->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  n = count (db, sql);
  sqlite3_close (db);
  return n;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  gint64    version;
  char     *status;
} TransitionResult;

static void
on_transition_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  TransitionResult *r = data;

  r->ok = care_sync_transition_finish (CARE_SYNC (source), result, &r->version, &r->status, &r->error);
  r->done = TRUE;
}

static gboolean
transition_done (gpointer data)
{
  return ((TransitionResult *) data)->done;
}

static void
transition (CareSync         *sync,
            const char       *task_id,
            const char       *to,
            gint64            base,
            TransitionResult *r)
{
  memset (r, 0, sizeof *r);
  care_sync_transition_async (sync, task_id, to, "Agreed at the MDT", base, NULL, on_transition_done, r);
  g_assert_true (iterate_until (transition_done, r, 20));
}

/* A status change against a version the commissioner has moved past gets
 * 412 with the current state; nothing local changes, the log says so. */
static void
test_stale_transition (CareFixture   *f,
                       gconstpointer  data)
{
  guint32 seed = scenario_seed (103);
  g_autoptr(CareSync) sync = NULL;
  g_autofree char *task_id = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  TransitionResult r;
  CareTestServer s;
  Workload w;
  Watch watch;
  Counts c;

  care_test_server_init (&s, f->dir);
  care_test_server_start (&s);
  workload_init (&w, f, seed);
  workload_run (&w, 20);
  task_id = propose (&s, f);
  sync = client_new (f, &s, seed, &watch);
  drain_now (sync, &watch);
  g_assert_cmpint (care_sync_get_server_version (sync, task_id), ==, 1);

  care_test_faults_set (&s, seed, "[{\"path\": \"/v1/tasks/*/transitions\", \"fault\": \"stale\", \"count\": 1}]");
  transition (sync, task_id, "accepted", 1, &r);
  g_assert_false (r.ok);
  g_assert_error (r.error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE);
  g_assert_cmpstr (r.status, ==, "proposed");
  g_assert_cmpint (r.version, ==, 1);
  versions = care_store_load_versions (f->store, CARE_KIND_DELEGATED_TASK, task_id, NULL);
  g_assert_cmpuint (versions->len, ==, 1);
  g_assert_cmpint (log_lines (f->store, "transition rejected by the commissioner%"), ==, 1);
  g_clear_error (&r.error);
  g_free (r.status);

  /* The answer to the real one is lost: sent again with the same
   * event_id, it is applied once and answered as before. */
  care_test_faults_set (&s, seed, "[{\"path\": \"/v1/tasks/*/transitions\", \"fault\": \"commit_then_drop\", \"count\": 1}]");
  transition (sync, task_id, "accepted", 1, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpstr (r.status, ==, "accepted");
  g_assert_cmpint (r.version, ==, 2);
  g_assert_cmpint (care_sync_get_server_version (sync, task_id), ==, 2);
  g_assert_cmpint (log_lines (f->store, "transition to accepted from version 1 (sent again)"), ==, 1);
  g_free (r.status);
  care_test_faults_clear (&s);

  /* A real stale version, and a transition the lifecycle forbids. */
  transition (sync, task_id, "active", 1, &r);
  g_assert_error (r.error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE);
  g_clear_error (&r.error);
  g_free (r.status);
  transition (sync, task_id, "declined", 2, &r);
  g_assert_error (r.error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN);
  g_assert_cmpstr (r.status, ==, "accepted");
  g_clear_error (&r.error);
  g_free (r.status);

  workload_run (&w, 10);
  drain_now (sync, &watch);
  care_sync_stop (sync);
  collect_feed_events (&w);
  care_test_server_stop (&s);
  check (&w, &s, &c);
  g_assert_cmpint (server_count (&s, "SELECT count(*) FROM transitions"), ==, 1);
  report_and_assert ("412-stale-transition", seed, &c, 0,
                     "412 kept local state; lost answer re-sent and applied once; 409 forbidden");
  workload_clear (&w);
  care_test_server_clear (&s);
}

/* The server loses what it acknowledged: it is restored from a backup
 * taken before the second half was sent. Its epoch changes, the client
 * reconciles, and sends again exactly what the server lost. */
static void
test_restore (CareFixture   *f,
              gconstpointer  data)
{
  guint32 seed = scenario_seed (104);
  g_autoptr(CareSync) sync = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *extra = NULL;
  gint64 acked_before, lost_by_server;
  CareTestServer s;
  Workload w;
  Watch watch;
  Counts c;

  care_test_server_init (&s, f->dir);
  care_test_server_start (&s);
  workload_init (&w, f, seed);
  workload_run (&w, 60);
  sync = client_new (f, &s, seed, &watch);
  drain_now (sync, &watch);
  backup = g_build_filename (s.dir, "backup.db", NULL);
  g_free (care_test_commissioner ("backup", "--db", s.db, "--to", backup, NULL));
  acked_before = care_test_count_rows (f->store, "SELECT count(*) FROM events WHERE sync_state = 'acked'");

  workload_run (&w, 150);
  drain_now (sync, &watch);
  lost_by_server = care_test_count_rows (f->store, "SELECT count(*) FROM events WHERE sync_state = 'acked'") - acked_before;
  care_sync_stop (sync);
  care_test_server_stop (&s);
  g_free (care_test_commissioner ("restore", "--db", s.db, "--from", backup, NULL));
  care_test_server_start (&s);

  workload_run (&w, 20);
  drain_now (sync, &watch);
  care_sync_stop (sync);
  care_test_server_stop (&s);
  check (&w, &s, &c);
  g_assert_cmpint (log_lines (f->store, "server epoch is now %"), >=, 2);
  extra = g_strdup_printf ("server-lost-on-restore=%" G_GINT64_FORMAT " re-sent-after-reconcile=yes", lost_by_server);
  report_and_assert ("server-restored", seed, &c, 0, extra);
  workload_clear (&w);
  care_test_server_clear (&s);
}

/* ------------------------------------------------------------------ */
/* TLS                                                                  */
/* ------------------------------------------------------------------ */

/* A throwaway CA and a certificate for 127.0.0.1 signed by it, made by
 * the project's scripts/gen-test-cert.sh. */
static char *
make_certificates (CareTestServer *s)
{
  const char *script = g_getenv ("CARE_GEN_TEST_CERT");
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "bash", script, s->dir, NULL };
  int status = 0;

  if (script == NULL)
    return NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("gen-test-cert.sh failed: %s", err ? err : error ? error->message : "");
      return NULL;
    }
  s->tls_cert = g_build_filename (s->dir, "server.pem", NULL);
  s->tls_key = g_build_filename (s->dir, "server-key.pem", NULL);
  return g_build_filename (s->dir, "ca.pem", NULL);
}

/* Certificates are always verified: the commissioner's own CA works when
 * configured; without it the sync refuses, says why, and does not retry
 * on its own. */
static void
test_tls (CareFixture   *f,
          gconstpointer  data)
{
  guint32 seed = scenario_seed (105);
  g_autoptr(CareSync) refused = NULL;
  g_autoptr(CareSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = NULL;
  CareTestServer s;
  Workload w;
  Watch watch;
  Counts c;

  if (g_find_program_in_path ("openssl") == NULL || g_getenv ("CARE_GEN_TEST_CERT") == NULL)
    {
      g_test_skip ("openssl and scripts/gen-test-cert.sh are needed to make a test CA");
      return;
    }
  care_test_server_init (&s, f->dir);
  ca = make_certificates (&s);
  g_assert_nonnull (ca);
  care_test_server_start (&s);
  g_assert_true (g_str_has_prefix (s.url, "https://"));
  workload_init (&w, f, seed);
  workload_run (&w, 30);

  refused = client_new (f, &s, seed, &watch);
  care_sync_start (refused);
  g_assert_true (iterate_until (watch_halted, &watch, 10));
  g_assert_nonnull (strstr (care_sync_get_last_error (refused), "certificate"));
  g_assert_false (iterate_until (watch_drained, &watch, 1.0));
  g_assert_cmpuint (watch.attempts, ==, 1);
  care_sync_stop (refused);

  sync = client_new (f, &s, seed, &watch);
  g_assert_true (care_sync_set_ca_file (sync, ca, &error));
  g_assert_no_error (error);
  drain_now (sync, &watch);
  care_sync_stop (sync);
  care_test_server_stop (&s);
  check (&w, &s, &c);
  report_and_assert ("tls-verified", seed, &c, 0, "unknown CA refused and halted; own CA accepted");
  workload_clear (&w);
  care_test_server_clear (&s);
}

/* ------------------------------------------------------------------ */
/* The client killed with SIGKILL                                       */
/* ------------------------------------------------------------------ */

static GSubprocess *
spawn_client (CareFixture    *f,
              CareTestServer *s,
              const char     *crash_at,
              const char     *timeout)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_child_setup (launcher, care_test_die_with_parent, NULL, NULL);
  if (crash_at != NULL)
    g_subprocess_launcher_setenv (launcher, "CARE_SYNC_TEST_CRASH_AT", crash_at, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "CARE_SYNC_TEST_CRASH_AT");
  proc = g_subprocess_launcher_spawn (launcher, &error, SYNC_RUN, "--db", f->path, "--url", s->url,
                                      "--token-file", s->token_file, "--until-drained", "60",
                                      "--timeout", timeout, "--backoff-cap", "0.2", "--interval", "0.3",
                                      "--seed", "7", NULL);
  g_assert_no_error (error);
  return proc;
}

static void
wait_killed (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
}

static double
drain_with_process (CareFixture    *f,
                    CareTestServer *s)
{
  g_autoptr(GSubprocess) proc = spawn_client (f, s, NULL, "2");
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* The test program again, as a process that records administrations and
 * is killed by SIGKILL right after its last commit returned. It prints
 * each event id only after the commit that made it returned OK. */
static int
record_and_die (const char *db,
                const char *carer,
                const char *task,
                guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (db, &error);
  g_autoptr(CareSession) session = NULL;
  gint64 last = 0;

  g_assert_no_error (error);
  care_store_set_now (store, CARE_TEST_NOW);
  last = care_test_count_rows (store, "SELECT max(local_seq) FROM events");
  session = care_session_sign_in (store, carer, TEST_PIN, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CareRecord) a = care_record_new (CARE_KIND_ADMINISTRATION);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;

      care_record_set_string (a, "task_uuid", task);
      care_record_set_string (a, "slot_date", "2026-03-08");
      care_record_set_string (a, "slot_time", "20:00");
      care_record_set_int (a, "occurred_at", care_local_instant ("2026-03-08", "20:00") + i);
      care_record_set_string (a, "outcome", "done");
      care_record_set_string (a, "site", "Lower left leg");
      care_record_set_bool (a, "extra", TRUE);
      care_record_set_string (a, "extra_reason", "Recorded just before the crash");
      if (!care_administration_record (session, a, &error))
        g_error ("%s", error->message);
      sqlite3_prepare_v2 (_care_store_get_db (store),
                          "SELECT local_seq, event_id FROM events WHERE local_seq > ?1 ORDER BY local_seq", -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, last);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          last = sqlite3_column_int64 (stmt, 0);
          printf ("committed %s\n", sqlite3_column_text (stmt, 1));
        }
      sqlite3_finalize (stmt);
      fflush (stdout);
    }
  raise (SIGKILL);
  return 1;
}

static void
record_in_child (CareFixture *f,
                 Workload    *w,
                 guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                  self_path,
                                                  "--record-and-die", f->path, f->carer_uuid,
                                                  f->cream_task_uuid, count, NULL);
  g_auto(GStrv) lines = NULL;
  guint committed = 0;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "committed "))
      {
        g_hash_table_add (w->acked, g_strdup (lines[i] + strlen ("committed ")));
        committed++;
      }
  g_assert_cmpuint (committed, ==, n);
  /* What the child committed is now in our connection's view as well. */
  w->last_seq = care_test_count_rows (f->store, "SELECT max(local_seq) FROM events");
}

typedef enum
{
  KILL_AFTER_COMMIT,   /* a recorder killed after its commit; the client after freezing a batch */
  KILL_AFTER_SEND,     /* the server committed and stalls; the client is killed waiting */
  KILL_AFTER_REPLY,    /* the answer arrived; killed before the ack was stored */
} KillPoint;

static const char * const kill_names[] = { "kill-after-commit", "kill-after-send", "kill-after-reply" };

static gboolean
server_has_events (gpointer data)
{
  CareTestServer *s = data;
  sqlite3 *db = NULL;
  gint64 n = 0;

  if (sqlite3_open_v2 (s->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 1000);
      n = count (db, "SELECT count(*) FROM events");
    }
  sqlite3_close (db);
  return n > 0;
}

static void
test_kill (CareFixture   *f,
           gconstpointer  data)
{
  KillPoint point = GPOINTER_TO_INT (data);
  guint32 seed = scenario_seed (110 + point);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *extra = NULL;
  CareTestServer s;
  Workload w;
  Counts c;
  double drain;
  gint64 acked_at_kill;

  care_test_server_init (&s, f->dir);
  care_test_server_start (&s);
  workload_init (&w, f, seed);
  /* More than two batches, so the kill falls in the middle. */
  workload_run (&w, 320);

  switch (point)
    {
    case KILL_AFTER_COMMIT:
      record_in_child (f, &w, 5);
      g_assert_true (care_store_integrity_check (f->store, &error));
      proc = spawn_client (f, &s, "after-freeze:2", "2");
      wait_killed (proc);
      break;
    case KILL_AFTER_SEND:
      care_test_faults_set (&s, seed, "[{\"path\": \"/v1/events:batch\", \"fault\": \"commit_then_stall\", "
                            "\"seconds\": 20, \"count\": 1}]");
      proc = spawn_client (f, &s, NULL, "15");
      g_assert_true (iterate_until (server_has_events, &s, 20));
      g_subprocess_force_exit (proc);
      wait_killed (proc);
      care_test_faults_clear (&s);
      break;
    case KILL_AFTER_REPLY:
      proc = spawn_client (f, &s, "after-reply:2", "2");
      wait_killed (proc);
      break;
    default:
      g_assert_not_reached ();
    }
  acked_at_kill = care_test_count_rows (f->store, "SELECT count(*) FROM events WHERE sync_state = 'acked'");
  g_assert_true (care_store_integrity_check (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM sync_state WHERE key = 'batch_id'"), ==, 1);

  workload_run (&w, 10);
  drain = drain_with_process (f, &s);
  care_test_server_stop (&s);
  check (&w, &s, &c);
  extra = g_strdup_printf ("acked-when-killed=%" G_GINT64_FORMAT " frozen-batch-resent=yes", acked_at_kill);
  report_and_assert (kill_names[point], seed, &c, drain, extra);
  workload_clear (&w);
  care_test_server_clear (&s);
}

/* ------------------------------------------------------------------ */
/* Helpers for prism-proxy-test.sh                                      */
/* ------------------------------------------------------------------ */

/* The fixture's small home, copied to @path. */
static int
make_home (const char *path)
{
  CareFixture f;
  g_autoptr(GError) error = NULL;
  Workload w;

  care_fixture_setup (&f, NULL);
  workload_init (&w, &f, BASE_SEED);
  workload_run (&w, 30);
  workload_clear (&w);
  if (!care_store_backup (f.store, path, &error))
    g_error ("%s", error->message);
  g_print ("person %s\ntype %s\n", f.person_uuid, f.cream_type_uuid);
  care_fixture_teardown (&f, NULL);
  return 0;
}

/* Accepts the commissioner's first proposal: once against a version the
 * server has moved past (412 expected), then against the right one. */
static int
accept_proposal (const char *db,
                 const char *url,
                 const char *token_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (db, &error);
  g_autofree char *token = care_sync_token_load_file (token_file, &error);
  g_autoptr(CareSync) sync = NULL;
  g_autofree char *task_id = NULL;
  sqlite3_stmt *stmt = NULL;
  TransitionResult r;
  gint64 version;

  if (store == NULL || token == NULL)
    g_error ("%s", error->message);
  sync = care_sync_new (store, url, token, &error);
  g_assert_no_error (error);
  care_sync_set_timeout (sync, 20);
  sqlite3_prepare_v2 (_care_store_get_db (store),
                      "SELECT local_uuid FROM feed_items WHERE local_uuid IS NOT NULL ORDER BY server_seq LIMIT 1",
                      -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    task_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (task_id == NULL)
    g_error ("no proposal was taken in from the feed");
  version = care_sync_get_server_version (sync, task_id);
  transition (sync, task_id, "accepted", version + 5, &r);
  if (!g_error_matches (r.error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE))
    g_error ("a stale transition was not answered 412: %s", r.error ? r.error->message : "accepted");
  g_print ("stale transition: %s\n", r.error->message);
  g_clear_error (&r.error);
  g_free (r.status);
  transition (sync, task_id, "accepted", version, &r);
  if (!r.ok)
    g_error ("the transition failed: %s", r.error->message);
  g_print ("transition applied: %s, version %" G_GINT64_FORMAT "\n", r.status, r.version);
  g_free (r.status);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 6 && g_str_equal (argv[1], "--record-and-die"))
    return record_and_die (argv[2], argv[3], argv[4], (guint) g_ascii_strtoull (argv[5], NULL, 10));
  if (argc == 3 && g_str_equal (argv[1], "--make-home"))
    return make_home (argv[2]);
  if (argc == 5 && g_str_equal (argv[1], "--transition"))
    return accept_proposal (argv[2], argv[3], argv[4]);

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fault_scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/%s", fault_scenarios[i].name);
      g_test_add (path, CareFixture, &fault_scenarios[i], care_fixture_setup, test_fault_scenario, care_fixture_teardown);
    }
  g_test_add ("/sync/401-twice-halts", CareFixture, NULL, care_fixture_setup, test_auth_halt, care_fixture_teardown);
  g_test_add ("/sync/400-halts", CareFixture, NULL, care_fixture_setup, test_request_halt, care_fixture_teardown);
  g_test_add ("/sync/feed-dropped-page", CareFixture, NULL, care_fixture_setup, test_feed, care_fixture_teardown);
  g_test_add ("/sync/412-stale-transition", CareFixture, NULL, care_fixture_setup, test_stale_transition, care_fixture_teardown);
  g_test_add ("/sync/server-restored", CareFixture, NULL, care_fixture_setup, test_restore, care_fixture_teardown);
  g_test_add ("/sync/tls-verified", CareFixture, NULL, care_fixture_setup, test_tls, care_fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (kill_names); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/%s", kill_names[i]);
      g_test_add (path, CareFixture, GINT_TO_POINTER (i), care_fixture_setup, test_kill, care_fixture_teardown);
    }
  return g_test_run ();
}
