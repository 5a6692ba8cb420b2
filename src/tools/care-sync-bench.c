/* care-sync-bench: how fast the sync drains the outbox, against curl
 *
 *   care-sync-bench [--events N] [--rounds N] [--quick] [--commissioner PATH]
 *                   [--curl PATH] [--min-ratio R] [--keep DIR]
 *
 * 1. A fresh care home records N administrations (default 100,000) through
 *    the core's rules, in a few big transactions; all are pending.
 * 2. The local reference server (care-commissioner serve) starts on a free
 *    loopback port with a fresh database, and CareSync drains the outbox:
 *    events per second, from the first request to nothing pending.
 * 3. The same batches (the same events, 200 to a batch, the body CareSync
 *    sends) are written as JSON files and posted with curl to a fresh
 *    server database, one after another, twice: with a curl process per
 *    batch, and with one curl process sending them all on a kept-alive
 *    connection (no --parallel). Process start-up is slow on some
 *    machines, so the second is the stricter baseline.
 *    CareSync and the kept-alive curl alternate for --rounds rounds (each
 *    CareSync round on a fresh copy of the home, each send to a fresh
 *    server database) and the best time of each counts, so load from
 *    elsewhere on a shared machine falls on both.
 * 4. The ratio against each, the lower one reported as the figure. The
 *    quality bar (BRIEF section 6) is at least
 *    0.5: the client's bookkeeping (freezing each batch, storing each
 *    answer durably, the audit log) may cost at most as much again as the
 *    bare HTTP.
 *
 * Absolute times on a shared machine are noise; the ratio, measured in
 * the same run on the same machine, is the figure.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "care-core.h"
#include "care-sync.h"

#define PIN          "1234"
#define PROVIDER     "bench-home"
#define NOW          1773144000      /* 2026-03-10 12:00 Europe/London */
#define BATCH        200
#define TX_RECORDS   5000

typedef struct
{
  char        *commissioner;
  char        *dir;
  char        *db;
  char        *log;
  char        *token;
  char        *url;
  GSubprocess *process;
} Server;

static gboolean
run_quiet (GError     **error,
           const char  *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (proc))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s failed: %s", first, argv->len > 1
                   ? (const char *) argv->pdata[1] : "", err ? err : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
server_start (Server      *s,
              const char  *name,
              GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *hex = g_uuid_string_random ();
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  s->db = g_build_filename (s->dir, name, NULL);
  s->log = g_strconcat (s->db, ".log", NULL);
  g_free (s->token);
  s->token = g_strconcat ("bench-token-", hex, NULL);
  if (!run_quiet (error, s->commissioner, "add-provider", "--db", s->db, "--id", PROVIDER, "--name", "Bench", NULL)
      || !run_quiet (error, s->commissioner, "add-token", "--db", s->db, "--provider", PROVIDER,
                     "--token", s->token, NULL))
    return FALSE;
  g_subprocess_launcher_set_stdout_file_path (launcher, s->log);
  g_subprocess_launcher_set_stderr_file_path (launcher, s->log);
  s->process = g_subprocess_launcher_spawn (launcher, error, s->commissioner, "serve", "--db", s->db,
                                            "--port", "0", NULL);
  if (s->process == NULL)
    return FALSE;
  for (;;)
    {
      g_autofree char *text = NULL;
      const char *at;

      if (g_file_get_contents (s->log, &text, NULL, NULL) && (at = strstr (text, "listening on ")) != NULL
          && strchr (at, '\n') != NULL)
        {
          at += strlen ("listening on ");
          g_free (s->url);
          s->url = g_strndup (at, strchr (at, '\n') - at);
          return TRUE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the server did not start: %s", text ? text : "");
          return FALSE;
        }
      g_usleep (20000);
    }
}

static void
server_stop (Server *s)
{
  if (s->process == NULL)
    return;
  g_subprocess_send_signal (s->process, SIGTERM);
  g_subprocess_wait (s->process, NULL, NULL);
  g_clear_object (&s->process);
  g_clear_pointer (&s->db, g_free);
  g_clear_pointer (&s->log, g_free);
}

static gint64
server_events (Server *s)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (s->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT count(*) FROM events", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* ------------------------------------------------------------------ */
/* The home and its outbox                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  CareStore   *store;
  CareSession *manager;
  CareSession *nurse;
  CareSession *carer;
  char        *task_uuid;
} Home;

static char *
add_staff (Home        *h,
           const char  *name,
           const char  *role,
           const char  *hash,
           GError     **error)
{
  g_autoptr(CareRecord) staff = care_record_new (CARE_KIND_STAFF);

  care_record_set_string (staff, "name", name);
  care_record_set_string (staff, "role", role);
  care_record_set_bool (staff, "active", TRUE);
  care_record_set_string (staff, "pin_hash", hash);
  if (g_str_equal (role, "registered_practitioner"))
    {
      care_record_set_string (staff, "register_body", "NMC");
      care_record_set_string (staff, "register_number", "12A3456E");
      care_record_set_string (staff, "organisation", "Leicestershire Partnership NHS Trust");
    }
  if (!care_session_save (h->manager, staff, NULL, error))
    return NULL;
  return g_strdup (care_record_get_uuid (staff));
}

static GHashTable *
all_yes (CareStore *store)
{
  g_autoptr(GPtrArray) questions = care_delegation_questions (store, NULL);
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; questions && i < questions->len; i++)
    g_hash_table_insert (answers,
                         (gpointer) g_intern_string (care_record_get_string (g_ptr_array_index (questions, i), "code")),
                         (gpointer) "yes");
  return answers;
}

/* A home with one active, delegated cream task and a competent carer:
 * what every administration recorded after it needs. */
static gboolean
make_home (Home        *h,
           const char  *path,
           GError     **error)
{
  g_autoptr(CareRecord) setting = care_record_new (CARE_KIND_SETTING);
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);
  g_autoptr(CareRecord) task = care_record_new (CARE_KIND_DELEGATED_TASK);
  g_autoptr(CareRecord) competency = care_record_new (CARE_KIND_COMPETENCY);
  g_autoptr(CareRecord) type = NULL;
  g_autoptr(GHashTable) yes = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *nurse = NULL;
  g_autofree char *carer = NULL;
  g_autofree char *hash = NULL;

  h->store = care_store_open (path, error);
  if (h->store == NULL)
    return FALSE;
  care_store_set_now (h->store, NOW);
  if (!care_setup_load_catalogue (h->store, error))
    return FALSE;
  care_record_set_string (setting, "name", "Bench Lodge");
  care_record_set_string (setting, "service_type", "care_home");
  manager = care_setup_first_run (h->store, setting, "Priya Shah", PIN, error);
  if (manager == NULL || (h->manager = care_session_sign_in (h->store, manager, PIN, error)) == NULL)
    return FALSE;
  hash = care_pin_hash (PIN, error);
  if (hash == NULL
      || (nurse = add_staff (h, "Sam Okafor", "registered_practitioner", hash, error)) == NULL
      || (carer = add_staff (h, "Alex Carer", "care_worker", hash, error)) == NULL
      || (h->nurse = care_session_sign_in (h->store, nurse, PIN, error)) == NULL
      || (h->carer = care_session_sign_in (h->store, carer, PIN, error)) == NULL)
    return FALSE;

  care_record_set_string (person, "given_name", "Margaret");
  care_record_set_string (person, "family_name", "Hill");
  care_record_set_string (person, "date_of_birth", "1938-05-14");
  care_record_set_string (person, "status", "active");
  if (!care_session_save (h->manager, person, NULL, error))
    return FALSE;
  type = care_store_find_current (h->store, CARE_KIND_TASK_TYPE, "code", "topical-cream", error);
  if (type == NULL)
    return FALSE;

  care_record_set_string (task, "person_uuid", care_record_get_uuid (person));
  care_record_set_string (task, "task_type_uuid", care_record_get_uuid (type));
  care_record_set_string (task, "practitioner_name", "Sam Okafor");
  care_record_set_string (task, "practitioner_profession", "District nurse");
  care_record_set_string (task, "practitioner_number", "12A3456E");
  care_record_set_string (task, "practitioner_org", "Leicestershire Partnership NHS Trust");
  care_record_set_string (task, "delegated_on", "2025-12-01");
  care_record_set_string (task, "instructions", "Apply a thin layer of steroid cream to the lower left leg.");
  care_record_set_string (task, "site", "Lower left leg");
  care_record_set_string (task, "schedule_kind", "times");
  care_record_set_string (task, "schedule_times", "08:00,20:00");
  care_record_set_string (task, "start_date", "2025-12-01");
  care_record_set_int (task, "review_interval_days", 10);
  care_record_set_string (task, "consent_basis", "consent");
  yes = all_yes (h->store);
  if (!care_delegation_propose (h->manager, task, error)
      || !care_delegation_accept (h->manager, care_record_get_uuid (task), yes, error)
      || !care_delegation_set_status (h->manager, care_record_get_uuid (task), "active", NULL, error))
    return FALSE;
  h->task_uuid = g_strdup (care_record_get_uuid (task));

  care_record_set_string (competency, "staff_uuid", carer);
  care_record_set_string (competency, "task_type_uuid", care_record_get_uuid (type));
  care_record_set_string (competency, "person_uuid", care_record_get_uuid (person));
  care_record_set_string (competency, "trained_on", "2025-11-20");
  care_record_set_string (competency, "trainer", "Sam Okafor");
  care_record_set_string (competency, "assessed_on", "2025-11-20");
  care_record_set_string (competency, "outcome", "competent");
  care_record_set_string (competency, "valid_until", "2026-11-19");
  return care_competency_sign_off (h->nurse, competency, error);
}

/* Administrations through the core's rules, TX_RECORDS to a transaction:
 * every check runs, only the commit is shared. */
static gboolean
record_administrations (Home     *h,
                        guint     n,
                        GError  **error)
{
  GRand *rand = g_rand_new_with_seed (42);
  gint64 first = NOW - 90 * 86400;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CareRecord) a = care_record_new (CARE_KIND_ADMINISTRATION);
      gint64 at = first + g_rand_int_range (rand, 0, 89 * 86400);
      g_autofree char *day = care_instant_to_date (at);
      gboolean done = g_rand_int_range (rand, 0, 10) < 9;

      if (i % TX_RECORDS == 0 && (i > 0 && !care_store_end_batch (h->store, error)))
        goto fail;
      if (i % TX_RECORDS == 0 && !care_store_begin_batch (h->store, error))
        goto fail;
      care_record_set_string (a, "task_uuid", h->task_uuid);
      care_record_set_string (a, "slot_date", day);
      care_record_set_string (a, "slot_time", g_rand_boolean (rand) ? "08:00" : "20:00");
      care_record_set_int (a, "occurred_at", at);
      care_record_set_string (a, "outcome", done ? "done" : "not_done");
      if (done)
        {
          care_record_set_string (a, "site", "Lower left leg");
          care_record_set_bool (a, "extra", TRUE);
          care_record_set_string (a, "extra_reason", "Benchmark load: every entry is its own slot");
          care_record_set_string (a, "observations", "Skin intact; no redness. Cream applied thinly.");
        }
      else
        care_record_set_string (a, "reason_code", "R");
      if (!care_administration_record (h->carer, a, error))
        goto fail;
    }
  g_rand_free (rand);
  return care_store_end_batch (h->store, error);

fail:
  g_rand_free (rand);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The two ways of sending                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
on_attempt (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Outcome *o = data;

  o->ok = care_sync_attempt_finish (CARE_SYNC (source), result, &o->error);
  o->done = TRUE;
}

/* One attempt uploads until nothing is pending, then reads the feed. It
 * runs on a copy of the home (made with the backup API), so every round
 * starts from the same 100,000 pending events. */
static double
drain_with_caresync (Home        *h,
                     Server      *s,
                     const char  *db_name,
                     const char  *copy_path,
                     gint64       total,
                     GError     **error)
{
  g_autoptr(CareStore) copy = NULL;
  g_autoptr(CareSync) sync = NULL;
  Outcome o = { 0 };
  gint64 start, stored, pending;
  double seconds;

  if (!care_store_backup (h->store, copy_path, error) || (copy = care_store_open (copy_path, error)) == NULL)
    return -1;
  if (!server_start (s, db_name, error))
    return -1;
  sync = care_sync_new (copy, s->url, s->token, error);
  if (sync == NULL)
    {
      server_stop (s);
      return -1;
    }
  start = g_get_monotonic_time ();
  care_sync_attempt_async (sync, NULL, on_attempt, &o);
  while (!o.done)
    g_main_context_iteration (NULL, TRUE);
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  server_stop (s);
  if (!o.ok)
    {
      g_propagate_error (error, o.error);
      return -1;
    }
  s->db = g_build_filename (s->dir, db_name, NULL);
  stored = server_events (s);
  g_clear_pointer (&s->db, g_free);
  pending = care_store_count_events (copy, "pending");
  if (pending != 0 || stored != total)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "CareSync left %" G_GINT64_FORMAT " pending; the server holds %"
                   G_GINT64_FORMAT " of %" G_GINT64_FORMAT, pending, stored, total);
      return -1;
    }
  return seconds;
}

/* The same events in the same batches of 200, as CareSync sends them. */
static GPtrArray *
write_batches (Home        *h,
               const char  *dir,
               GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *path = g_strdup (care_store_get_path (h->store));
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "SELECT event_id FROM events ORDER BY local_seq", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read the events: %s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  for (;;)
    {
      gboolean more = sqlite3_step (stmt) == SQLITE_ROW;

      if (more)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      if ((!more && ids->len > 0) || ids->len == BATCH)
        {
          g_autofree char *batch_id = g_uuid_string_random ();
          g_autofree char *name = g_strdup_printf ("batch-%05u.json", files->len);
          g_autofree char *file = g_build_filename (dir, name, NULL);
          g_autoptr(GBytes) body = NULL;

          g_ptr_array_add (ids, NULL);
          body = care_sync_build_batch (h->store, batch_id, (const char * const *) ids->pdata, error);
          if (body == NULL
              || !g_file_set_contents (file, g_bytes_get_data (body, NULL), g_bytes_get_size (body), error))
            break;
          g_ptr_array_add (files, g_steal_pointer (&file));
          g_ptr_array_set_size (ids, 0);
        }
      if (!more)
        break;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&files);
}

static double
post_with_curl (const char  *curl,
                Server      *s,
                GPtrArray   *files,
                GError     **error)
{
  g_autofree char *url = g_strconcat (s->url, "/v1/events:batch", NULL);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", s->token, NULL);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *key = g_uuid_string_random ();
      g_autofree char *key_header = g_strconcat ("Idempotency-Key: ", key, NULL);
      g_autofree char *data = g_strconcat ("@", (const char *) g_ptr_array_index (files, i), NULL);
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *out = NULL;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, curl, "-s", "-o", "/dev/null",
                               "-w", "%{http_code}", "-X", "POST", "--data-binary", data,
                               "-H", "Content-Type: application/json", "-H", key_header, "-H", auth,
                               url, NULL);
      if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, error))
        return -1;
      if (g_strcmp0 (out, "200") != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "curl: batch %u answered %s", i, out);
          return -1;
        }
    }
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* The strictest baseline: one curl process sends every batch in turn on
 * one kept-alive connection (a config file with "next" between requests;
 * no --parallel), without the round trip of "Expect: 100-continue", so
 * nothing but HTTP and the server's work is timed. */
static double
post_with_one_curl (const char  *curl,
                    Server      *s,
                    GPtrArray   *files,
                    const char  *dir,
                    GError     **error)
{
  g_autofree char *url = g_strconcat (s->url, "/v1/events:batch", NULL);
  g_autofree char *config = g_build_filename (dir, "curl.config", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) codes = NULL;
  gint64 start;

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *key = g_uuid_string_random ();

      if (i > 0)
        g_string_append (text, "next\n");
      g_string_append_printf (text,
                              "url = \"%s\"\nrequest = \"POST\"\ndata-binary = \"@%s\"\n"
                              "header = \"Content-Type: application/json\"\nheader = \"Idempotency-Key: %s\"\n"
                              "header = \"Authorization: Bearer %s\"\nheader = \"Expect:\"\n"
                              "output = \"/dev/null\"\n"
                              "silent\nwrite-out = \"%%{http_code}\\n\"\n",
                              url, (const char *) g_ptr_array_index (files, i), key, s->token);
    }
  if (!g_file_set_contents (config, text->str, text->len, error))
    return -1;
  start = g_get_monotonic_time ();
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, curl, "--config", config, NULL);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, error))
    return -1;
  codes = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 0; i < files->len; i++)
    if (codes[i] == NULL || !g_str_equal (codes[i], "200"))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "curl: batch %u answered %s", i,
                     codes[i] ? codes[i] : "nothing");
        return -1;
      }
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* Posts the batch files with @post to a fresh server; the server must
 * then hold @total events. */
static double
curl_run (const char  *curl,
          Server      *s,
          const char  *db_name,
          GPtrArray   *files,
          gboolean     one_process,
          gint64       total,
          GError     **error)
{
  double seconds;
  gint64 stored;

  if (!server_start (s, db_name, error))
    return -1;
  seconds = one_process ? post_with_one_curl (curl, s, files, s->dir, error) : post_with_curl (curl, s, files, error);
  server_stop (s);
  if (seconds < 0)
    return -1;
  s->db = g_build_filename (s->dir, db_name, NULL);
  stored = server_events (s);
  g_clear_pointer (&s->db, g_free);
  if (stored != total)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "curl: the server holds %" G_GINT64_FORMAT " of %"
                   G_GINT64_FORMAT, stored, total);
      return -1;
    }
  return seconds;
}

static void
remove_round_files (Server     *s,
                    const char *copy,
                    const char *sync_db,
                    const char *curl_db)
{
  const char *suffixes[] = { "", "-wal", "-shm", ".log", NULL };
  const char *names[] = { sync_db, curl_db, NULL };

  /* 100,000 events are a few hundred MB per database: keep the disk tidy
   * between rounds. */
  for (guint i = 0; suffixes[i]; i++)
    {
      g_autofree char *c = g_strconcat (copy, suffixes[i], NULL);

      g_unlink (c);
      for (guint j = 0; names[j]; j++)
        {
          g_autofree char *path = g_strdup_printf ("%s/%s%s", s->dir, names[j], suffixes[i]);
          g_unlink (path);
        }
    }
}

/* ------------------------------------------------------------------ */

static char *
sibling_program (const char *argv0,
                 const char *relative)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (self ? self : argv0);

  return g_build_filename (dir, relative, NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int events = 100000;
  int rounds = 3;
  gboolean quick = FALSE;
  double min_ratio = 0;
  g_autofree char *commissioner = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "events", 'n', 0, G_OPTION_ARG_INT, &events, "Administrations to record and send (default 100000)", "N" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "A smoke test: 5,000 administrations, 2 rounds", NULL },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds of each sender; the best is kept (default 3)", "N" },
    { "commissioner", 0, 0, G_OPTION_ARG_FILENAME, &commissioner, "The care-commissioner program", "PATH" },
    { "curl", 0, 0, G_OPTION_ARG_FILENAME, &curl, "The curl program (default: curl on PATH)", "PATH" },
    { "min-ratio", 0, 0, G_OPTION_ARG_DOUBLE, &min_ratio, "Fail below this ratio (default: report only)", "R" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Work in DIR and keep it", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the sync's drain rate against curl");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *home_db = NULL;
  g_autofree char *batch_dir = NULL;
  Home h = { 0 };
  Server s = { 0 };
  gint64 start, total;
  double make_s, sync_s = 0, curl_s, curl1_s = 0, sync_rate, curl_rate, curl1_rate, ratio;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("care-sync-bench: %s\n", error->message);
      return 64;
    }
  if (quick)
    {
      events = 5000;
      rounds = 2;
    }
  rounds = MAX (rounds, 1);
  if (commissioner == NULL)
    commissioner = sibling_program (argv[0], "../server/care-commissioner");
  if (curl == NULL)
    curl = g_find_program_in_path ("curl");
  if (curl == NULL)
    {
      g_printerr ("care-sync-bench: curl is not installed\n");
      return 77;
    }
  s.commissioner = g_strdup (commissioner);
  s.dir = keep ? g_strdup (keep) : g_dir_make_tmp ("care-sync-bench-XXXXXX", &error);
  if (s.dir == NULL || g_mkdir_with_parents (s.dir, 0700) != 0)
    goto fail;
  home_db = g_build_filename (s.dir, "home.db", NULL);
  batch_dir = g_build_filename (s.dir, "batches", NULL);
  g_mkdir_with_parents (batch_dir, 0700);

  g_print ("care-sync-bench: %d administrations, batches of %d, %d round%s\n", events, BATCH, rounds,
           rounds == 1 ? "" : "s");
  start = g_get_monotonic_time ();
  if (!make_home (&h, home_db, &error) || !record_administrations (&h, events, &error))
    goto fail;
  make_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  total = care_store_count_events (h.store, "pending");
  g_print ("  recorded %" G_GINT64_FORMAT " pending events through the core in %.1f s\n", total, make_s);
  files = write_batches (&h, batch_dir, &error);
  if (files == NULL)
    goto fail;

  /* Rounds alternate the two senders, so load from elsewhere on a shared
   * machine falls on both; the best time of each is compared. */
  for (int r = 0; r < rounds; r++)
    {
      g_autofree char *copy = g_strdup_printf ("%s/home-round-%d.db", s.dir, r);
      g_autofree char *sync_db = g_strdup_printf ("server-sync-%d.db", r);
      g_autofree char *curl_db = g_strdup_printf ("server-curl-one-%d.db", r);
      double t_sync, t_curl;

      t_sync = drain_with_caresync (&h, &s, sync_db, copy, total, &error);
      if (t_sync < 0)
        goto fail;
      t_curl = curl_run (curl, &s, curl_db, files, TRUE, total, &error);
      if (t_curl < 0)
        goto fail;
      sync_s = r == 0 ? t_sync : MIN (sync_s, t_sync);
      curl1_s = r == 0 ? t_curl : MIN (curl1_s, t_curl);
      g_print ("  round %d: CareSync %.2f s = %.0f events/s; curl (one process, keep-alive) %.2f s = %.0f events/s;"
               " ratio %.2f\n", r + 1, t_sync, total / t_sync, t_curl, total / t_curl, t_curl / t_sync);
      remove_round_files (&s, copy, sync_db, curl_db);
    }
  curl_s = curl_run (curl, &s, "server-curl-each.db", files, FALSE, total, &error);
  if (curl_s < 0)
    goto fail;

  sync_rate = total / sync_s;
  curl1_rate = total / curl1_s;
  curl_rate = total / curl_s;
  ratio = MIN (sync_rate / curl1_rate, sync_rate / curl_rate);
  g_print ("  best of %d: CareSync %" G_GINT64_FORMAT " events in %.2f s = %.0f events/s\n",
           rounds, total, sync_s, sync_rate);
  g_print ("  best of %d: curl, one process, keep-alive: %u batches in %.2f s = %.0f events/s (ratio %.2f)\n",
           rounds, files->len, curl1_s, curl1_rate, sync_rate / curl1_rate);
  g_print ("  once:      curl, a process per batch:     %u batches in %.2f s = %.0f events/s (ratio %.2f)\n",
           files->len, curl_s, curl_rate, sync_rate / curl_rate);
  g_print ("  ratio CareSync / curl = %.2f against the stricter baseline (the bar: at least 0.50)\n", ratio);

  g_clear_object (&h.manager);
  g_clear_object (&h.nurse);
  g_clear_object (&h.carer);
  g_clear_object (&h.store);
  g_free (h.task_uuid);
  if (keep == NULL)
    remove_tree (s.dir);
  if (min_ratio > 0 && ratio < min_ratio)
    {
      g_printerr ("care-sync-bench: the ratio %.2f is below %.2f\n", ratio, min_ratio);
      return 1;
    }
  return 0;

fail:
  g_printerr ("care-sync-bench: %s\n", error ? error->message : "failed");
  server_stop (&s);
  return 1;
}
