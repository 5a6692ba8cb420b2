/* test-crash.c: a record the app called saved survives kill -9
 *
 * Round after round, care-crash-writer records administrations as fast as
 * it can and prints each one's uuid once care_administration_record() has
 * returned; it is killed with SIGKILL after a random 20-300 ms. The
 * database must then open, pass PRAGMA integrity_check, and hold every
 * acknowledged administration and its event, and at most one record more
 * (committed, killed before it was printed).
 *
 * CARE_CRASH_ROUNDS sets the number of rounds (default 40), CARE_CRASH_SEED
 * the random seed (printed, so a failing run can be repeated).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "care-store-private.h"
#include "care-test-util.h"

#define DEFAULT_ROUNDS 40
#define FIXTURE_PIN "2468"        /* the PIN care-test-util.c gives every staff member */
#define READY_TIMEOUT_MS 30000

typedef struct
{
  guint  rounds;
  gint64 acknowledged;
  gint64 unacknowledged;     /* committed, killed before it was printed */
  guint  partial_lines;
} Totals;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value && *value ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* Appends what @fd has to @out, waiting up to @timeout_ms; FALSE at the
 * end of the stream. */
static gboolean
read_some (int      fd,
           GString *out,
           int      timeout_ms)
{
  struct pollfd p = { .fd = fd, .events = POLLIN };
  char buf[65536];
  ssize_t n;
  int ready = poll (&p, 1, timeout_ms);

  if (ready < 0 && errno == EINTR)
    return TRUE;
  g_assert_cmpint (ready, >=, 0);
  if (ready == 0)
    return TRUE;
  do
    n = read (fd, buf, sizeof buf);
  while (n < 0 && errno == EINTR);
  g_assert_cmpint (n, >=, 0);
  if (n == 0)
    return FALSE;
  g_string_append_len (out, buf, n);
  return TRUE;
}

/* FALSE if the writer ended, or did not sign in in time. */
static gboolean
wait_ready (int      fd,
            GString *out)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (!g_str_has_prefix (out->str, "READY\n"))
    if (g_get_monotonic_time () > deadline || !read_some (fd, out, 100))
      return FALSE;
  g_string_erase (out, 0, strlen ("READY\n"));
  return TRUE;
}

/* Keeps the pipe drained while the writer runs, so it never waits on a
 * full pipe instead of writing records. FALSE if the writer ended. */
static gboolean
drain_for (int      fd,
           GString *out,
           guint    ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  gint64 left;

  while ((left = deadline - g_get_monotonic_time ()) > 0)
    if (!read_some (fd, out, (int) MAX (1, left / G_TIME_SPAN_MILLISECOND)))
      return FALSE;
  return TRUE;
}

/* Kills the writer (a no-op on one that already ended) and returns how it
 * ended. */
static int
kill_and_reap (GPid pid)
{
  int status = 0;

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

/* Runs the writer for @ms after it is ready, kills it, and returns the
 * uuids it acknowledged: only complete lines count. */
static GPtrArray *
run_writer_round (CareFixture *f,
                  const char  *writer,
                  guint        ms,
                  guint       *partial_lines)
{
  const char *argv[] = { writer, f->path, f->carer_uuid, f->cream_task_uuid, NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "CARE_CRASH_PIN", FIXTURE_PIN, TRUE);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  GPid pid = 0;
  int out_fd = -1;
  int status;
  gboolean running;
  guint n_lines;

  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  running = wait_ready (out_fd, out) && drain_for (out_fd, out, ms);
  status = kill_and_reap (pid);
  if (!running || !WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    g_error ("the writer ended by itself (wait status %d) instead of being killed; "
             "its message is above", status);
  while (read_some (out_fd, out, -1))
    ;
  close (out_fd);

  /* Nothing at all (killed before its first record) splits into no
   * pieces; otherwise the last piece follows the last newline: empty, or a
   * line cut short. */
  lines = g_strsplit (out->str, "\n", -1);
  n_lines = g_strv_length (lines);
  if (n_lines > 0 && *lines[n_lines - 1] != '\0')
    (*partial_lines)++;
  for (guint i = 0; i + 1 < n_lines; i++)
    {
      g_assert_true (g_uuid_string_is_valid (lines[i]));
      g_ptr_array_add (uuids, g_strdup (lines[i]));
    }
  return uuids;
}

static gint64
count_bound (sqlite3    *db,
             const char *sql,
             const char *uuid)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Opens the store as the app would after the crash and checks that every
 * acknowledged record is there. Returns the number of administrations. */
static gint64
check_after_crash (CareFixture *f,
                   GPtrArray   *uuids,
                   guint        round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (f->path, &error);
  g_autoptr(CareRecord) last = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (care_store_integrity_check (store, &error));
  g_assert_no_error (error);
  db = _care_store_get_db (store);
  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);

      if (count_bound (db, "SELECT count(*) FROM administration WHERE uuid = ?1", uuid) != 1
          || count_bound (db, "SELECT count(*) FROM events WHERE entity_kind = 'administration' "
                              "AND entity_uuid = ?1 AND sync_state = 'pending'", uuid) != 1)
        g_error ("round %u: acknowledged administration %s (%u of %u) is missing after kill -9",
                 round, uuid, i + 1, uuids->len);
    }
  if (uuids->len > 0)
    {
      last = care_store_load (store, CARE_KIND_ADMINISTRATION, g_ptr_array_index (uuids, uuids->len - 1), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (care_record_get_string (last, "performer_uuid"), ==, f->carer_uuid);
    }
  g_assert_cmpint (care_test_count_rows (store, "SELECT count(*) FROM administration"), ==,
                   care_test_count_rows (store,
                     "SELECT count(*) FROM events WHERE entity_kind = 'administration'"));
  return care_test_count_rows (store, "SELECT count(*) FROM administration");
}

/* The crash test opens and closes the database itself, as separate runs of
 * the app would. */
static void
close_fixture_store (CareFixture *f)
{
  g_clear_object (&f->manager);
  g_clear_object (&f->carer);
  g_clear_object (&f->other_carer);
  g_clear_object (&f->senior);
  g_clear_object (&f->nurse);
  g_assert_finalize_object (g_steal_pointer (&f->store));
}

static void
test_kill_while_recording (CareFixture *f, gconstpointer data)
{
  const char *writer = g_getenv ("CARE_CRASH_WRITER");
  guint rounds = env_uint ("CARE_CRASH_ROUNDS", DEFAULT_ROUNDS);
  guint32 seed = env_uint ("CARE_CRASH_SEED", g_random_int ());
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Totals totals = { 0 };
  gint64 stored = 0;
  gint64 started = g_get_monotonic_time ();

  if (writer == NULL)
    {
      g_test_skip ("CARE_CRASH_WRITER is not set: run through meson test");
      return;
    }
  g_test_message ("CARE_CRASH_SEED=%u CARE_CRASH_ROUNDS=%u", seed, rounds);
  close_fixture_store (f);

  for (guint round = 1; round <= rounds; round++)
    {
      guint ms = g_rand_int_range (rand, 20, 301);
      g_autoptr(GPtrArray) uuids = run_writer_round (f, writer, ms, &totals.partial_lines);
      gint64 now_stored = check_after_crash (f, uuids, round);
      gint64 extra = now_stored - stored - uuids->len;

      /* Nothing lost, and nothing beyond the one record that may have
       * committed just before the kill. */
      g_assert_cmpint (extra, >=, 0);
      g_assert_cmpint (extra, <=, 1);
      totals.rounds++;
      totals.acknowledged += uuids->len;
      totals.unacknowledged += extra;
      stored = now_stored;
      g_test_message ("round %u: ran %u ms, %u acknowledged, all present%s",
                      round, ms, uuids->len, extra ? ", 1 committed unacknowledged" : "");
    }
  g_test_message ("kill -9: %u rounds, %" G_GINT64_FORMAT " administrations acknowledged, all present; "
                  "%" G_GINT64_FORMAT " committed but unacknowledged; %u cut lines; %.1f s",
                  totals.rounds, totals.acknowledged, totals.unacknowledged, totals.partial_lines,
                  (g_get_monotonic_time () - started) / (double) G_TIME_SPAN_SECOND);
  g_assert_cmpuint (totals.rounds, ==, rounds);
  if (rounds > 0)
    g_assert_cmpint (totals.acknowledged, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/crash/kill-while-recording", CareFixture, NULL,
              care_fixture_setup, test_kill_while_recording, care_fixture_teardown);
  return g_test_run ();
}
