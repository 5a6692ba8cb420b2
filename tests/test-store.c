/* test-store.c: the database file, its schema upgrades, damage, backup and
 * restore */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "care-migrations.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-test-util.h"

#define OLD_PERSON_UUID "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a01"
#define OLD_STAFF_UUID  "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a02"
#define OLD_TYPE_UUID   "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a03"
#define OLD_TASK_UUID   "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a04"
#define OLD_ADMIN_UUID  "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a05"
#define OLD_SCREEN_UUID "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a06"
#define OLD_EVENT_ID    "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a07"
#define OLD_WRONG_UUID  "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a08"
#define OLD_REVIEW_UUID "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a09"
#define OLD_CASE_UUID   "6f1c2b1e-0d7a-4a53-9b8e-2f6a1c0e9a0a"

/* A temporary folder of its own for each test that does not use the
 * fixture; removed with everything in it. */
typedef struct
{
  char *dir;
  char *path;
} TmpDb;

static void
tmp_db_setup (TmpDb         *t,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  t->dir = g_dir_make_tmp ("care-store-XXXXXX", &error);
  g_assert_no_error (error);
  t->path = g_build_filename (t->dir, "care.db", NULL);
}

static void
remove_dir_contents (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
}

static void
tmp_db_teardown (TmpDb         *t,
                 gconstpointer  data)
{
  remove_dir_contents (t->dir);
  g_rmdir (t->dir);
  g_free (t->dir);
  g_free (t->path);
}

/* Helpers on a raw SQLite connection, so the checks do not go through the
 * code under test. */

static sqlite3 *
raw_open (const char *path,
          int         flags)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, flags, NULL), ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The extended result code of running @sql. */
static int
raw_exec_code (sqlite3    *db,
               const char *sql)
{
  sqlite3_exec (db, sql, NULL, NULL, NULL);
  return sqlite3_extended_errcode (db);
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  g_autofree char *text = raw_text (db, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static char *
store_text (CareStore  *store,
            const char *sql)
{
  return raw_text (_care_store_get_db (store), sql);
}

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Writes @length bytes of a pattern over @path at @offset. The pattern's
 * first byte (0x43) is no valid b-tree page type, so every page it covers
 * is certainly damaged. */
static void
overwrite_bytes (const char *path,
                 gint64      offset,
                 gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpint (offset + (gint64) length, <=, (gint64) size);
  for (gsize i = 0; i < length; i++)
    contents[offset + i] = "CORRUPT!"[i % 8];
  g_file_set_contents (path, contents, size, &error);
  g_assert_no_error (error);
}

static guint
count_files_with_prefix (const char *dir,
                         const char *prefix,
                         char      **first)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, prefix))
      {
        if (n++ == 0 && first != NULL)
          *first = g_build_filename (dir, name, NULL);
      }
  return n;
}

/* @table is a literal of the test; the uuid is bound. */
static gint64
count_where_uuid (sqlite3    *db,
                  const char *table,
                  const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE uuid = ?1", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
assert_integrity_ok (sqlite3 *db)
{
  g_autofree char *check = raw_text (db, "PRAGMA integrity_check");

  g_assert_cmpstr (check, ==, "ok");
}

/* A new database file */

static void
test_new_file_private (TmpDb *t, gconstpointer data)
{
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (t->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (t->path, "-shm", NULL);
  mode_t old_umask = umask (022);

  store = care_store_open (t->path, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (file_mode (t->path), ==, 0600);
  /* The write-ahead log holds records too until it is checkpointed. */
  care_store_set_setting (store, "probe", "1", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (shm), ==, 0600);
}

static void
test_existing_file_made_private (TmpDb *t, gconstpointer data)
{
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (t->path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (t->path, 0644), ==, 0);
  store = care_store_open (t->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (t->path), ==, 0600);
}

static void
test_durability_pragmas (TmpDb *t, gconstpointer data)
{
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *synchronous = NULL;
  g_autofree char *foreign_keys = NULL;

  store = care_store_open (t->path, &error);
  g_assert_no_error (error);
  journal = store_text (store, "PRAGMA journal_mode");
  synchronous = store_text (store, "PRAGMA synchronous");
  foreign_keys = store_text (store, "PRAGMA foreign_keys");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpstr (synchronous, ==, "2");
  g_assert_cmpstr (foreign_keys, ==, "1");
  g_assert_cmpuint (care_store_get_schema_version (store), ==, CARE_SCHEMA_VERSION);
  g_assert_nonnull (care_store_get_device_id (store));
  g_assert_true (g_uuid_string_is_valid (care_store_get_device_id (store)));
  g_assert_true (care_store_integrity_check (store, &error));
  g_assert_no_error (error);
}

static void
test_reopen_keeps_device_id (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) first = care_store_open (t->path, &error);
  g_autofree char *device = NULL;
  g_autoptr(CareStore) second = NULL;

  g_assert_no_error (error);
  device = g_strdup (care_store_get_device_id (first));
  g_clear_object (&first);
  second = care_store_open (t->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_store_get_device_id (second), ==, device);
  g_assert_cmpuint (care_store_get_schema_version (second), ==, CARE_SCHEMA_VERSION);
}

/* Schema upgrades */

/* Rows a care home could have written at schema @version, in plain SQL as
 * that version's code would have stored them. */
static void
insert_rows_valid_at (sqlite3 *db,
                      guint    version)
{
  if (version < 1)
    return;
  raw_exec (db,
    "INSERT INTO person (uuid, version, recorded_at, recorded_by, given_name, family_name, "
    "  date_of_birth, status, room, restrictions) VALUES "
    "  ('" OLD_PERSON_UUID "', 1, 1767225600, NULL, 'Edith', 'Marsh', '1936-02-02', 'active', "
    "   'Room 7', 'Keypad on the front door');"
    "INSERT INTO staff (uuid, version, recorded_at, name, role, pin_hash, active) VALUES "
    "  ('" OLD_STAFF_UUID "', 1, 1767225600, 'Dee Carer', 'care_worker', '$argon2id$old', 1);"
    "INSERT INTO task_type (uuid, version, recorded_at, code, name, category, delegable, "
    "  person_specific, validity_months, time_critical, grace_minutes, requires_witness, topical, "
    "  variable_dose, active) VALUES "
    "  ('" OLD_TYPE_UUID "', 1, 1767225600, 'old-cream', 'Old cream', 'Skin care', 1, 1, 12, 0, 120, 0, 1, 0, 1);"
    "INSERT INTO delegated_task (uuid, version, recorded_at, person_uuid, task_type_uuid, "
    "  practitioner_name, practitioner_profession, practitioner_number, practitioner_org, "
    "  delegated_on, instructions, schedule_kind, schedule_times, start_date, review_interval_days, "
    "  consent_basis, status, source) VALUES "
    "  ('" OLD_TASK_UUID "', 1, 1767225600, '" OLD_PERSON_UUID "', '" OLD_TYPE_UUID "', 'Sam Okafor', "
    "   'District nurse', '12A3456E', 'Community trust', '2026-01-01', 'Apply thinly.', 'times', "
    "   '08:00,20:00', '2026-01-01', 10, 'consent', 'active', 'local');"
    "INSERT INTO administration (uuid, version, recorded_at, recorded_by, task_uuid, slot_date, "
    "  slot_time, occurred_at, entered_at, performer_uuid, outcome, site, escalate, extra, late) VALUES "
    "  ('" OLD_ADMIN_UUID "', 1, 1767254700, '" OLD_STAFF_UUID "', '" OLD_TASK_UUID "', '2026-01-01', "
    "   '08:00', 1767254700, 1767254760, '" OLD_STAFF_UUID "', 'done', 'Lower left leg', 0, 0, 0);"
    /* An evening entry later marked entered in error: a second version. */
    "INSERT INTO administration (uuid, version, recorded_at, recorded_by, entered_in_error, task_uuid, "
    "  slot_date, slot_time, occurred_at, entered_at, performer_uuid, outcome, site, escalate, extra, late) VALUES "
    "  ('" OLD_WRONG_UUID "', 1, 1767297900, '" OLD_STAFF_UUID "', 0, '" OLD_TASK_UUID "', '2026-01-01', "
    "   '20:00', 1767297900, 1767297960, '" OLD_STAFF_UUID "', 'done', 'Lower left leg', 0, 0, 0), "
    "  ('" OLD_WRONG_UUID "', 2, 1767301200, '" OLD_STAFF_UUID "', 1, '" OLD_TASK_UUID "', '2026-01-01', "
    "   '20:00', 1767297900, 1767297960, '" OLD_STAFF_UUID "', 'done', 'Lower left leg', 0, 0, 0);"
    "INSERT INTO review (uuid, version, recorded_at, recorded_by, task_uuid, reviewer_uuid, reviewed_on, "
    "  findings, decision, next_review_on) VALUES "
    "  ('" OLD_REVIEW_UUID "', 1, 1767430800, '" OLD_STAFF_UUID "', '" OLD_TASK_UUID "', '" OLD_STAFF_UUID "', "
    "   '2026-01-03', 'Skin intact.', 'continue', '2026-01-13');"
    "INSERT INTO events (event_id, device_id, entity_kind, entity_uuid, entity_version, action, "
    "  actor_uuid, actor_name, at, changed, payload) VALUES "
    "  ('" OLD_EVENT_ID "', 'old-device', 'administration', '" OLD_ADMIN_UUID "', 1, 'create', "
    "   '" OLD_STAFF_UUID "', 'Dee Carer', 1767254760, '[\"outcome\"]', '{\"outcome\":\"done\"}');");
  if (version < 2)
    return;
  raw_exec (db,
    "INSERT INTO liberty_screening (uuid, version, recorded_at, recorded_by, person_uuid, screened_on, "
    "  screened_by, capacity, capacity_ref, restrictions, supervision_level, free_to_leave, setting, "
    "  age_16_17, outcome, rationale, rescreen_on) VALUES "
    "  ('" OLD_SCREEN_UUID "', 1, 1767225600, '" OLD_STAFF_UUID "', '" OLD_PERSON_UUID "', '2026-01-01', "
    "   '" OLD_STAFF_UUID "', 'lacks_capacity', 'MCA-2025-014', '[\"keypad\"]', 'frequent', 'no', "
    "   'care_home', 0, 'refer', 'Under continuous supervision and not free to leave.', '2027-01-01');"
    /* An LPS case from before cases said which renewal they were. */
    "INSERT INTO liberty_case (uuid, version, recorded_at, recorded_by, person_uuid, scheme, urgency, "
    "  body_name, applied_on, outcome) VALUES "
    "  ('" OLD_CASE_UUID "', 1, 1767225600, '" OLD_STAFF_UUID "', '" OLD_PERSON_UUID "', 'lps', 'standard', "
    "   'Leicestershire County Council', '2026-01-01', 'pending');");
}

static void
make_database_at_version (const char *path,
                          guint       version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) old = _care_store_open_at_version (path, version, &error);
  g_autofree char *user_version = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (old);
  g_assert_cmpuint (care_store_get_schema_version (old), ==, version);
  user_version = store_text (old, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (user_version, NULL, 10), ==, version);
  insert_rows_valid_at (_care_store_get_db (old), version);
}

static gboolean
has_index (CareStore  *store,
           const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM sqlite_master WHERE type = 'index' AND name = '%s'", name);

  return care_test_count_rows (store, sql) == 1;
}

/* Version 7's indexes are built over the rows already there: a person's
 * review of old records reads them through the new indexes. */
static void
assert_old_rows_reviewable (CareStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareMarChart) chart = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  static const char * const added[] = {
    "administration_chart", "administration_later", "administration_noted", "review_recent", "review_later", NULL
  };

  for (guint i = 0; added[i] != NULL; i++)
    g_assert_true (has_index (store, added[i]));
  /* Replaced by indexes that begin with the same columns. */
  g_assert_false (has_index (store, "administration_task_slot"));
  g_assert_false (has_index (store, "review_task"));

  chart = care_person_record_mar (store, OLD_PERSON_UUID, "2026-01-01", "2026-01-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chart->rows->len, ==, 2);
  g_assert_cmpint (care_mar_chart_cell (chart, 0, 0)->mark, ==, CARE_MAR_DONE);
  /* The entry's second version, marked in error, is the one charted. */
  g_assert_cmpint (care_mar_chart_cell (chart, 1, 0)->mark, ==, CARE_MAR_IN_ERROR);
  reviews = care_person_record_reviews (store, OLD_PERSON_UUID, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 1);
  g_assert_cmpstr (care_record_get_string (((CarePersonReview *) g_ptr_array_index (reviews, 0))->review, "findings"),
                   ==, "Skin intact.");
}

static void
assert_old_rows_loadable (CareStore *store,
                          guint      version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) person = NULL;
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(CareRecord) screening = NULL;
  g_autoptr(CareRecord) old_case = NULL;

  if (version < 1)
    {
      g_assert_cmpint (care_test_count_rows (store, "SELECT count(*) FROM person"), ==, 0);
      return;
    }
  person = care_store_load (store, CARE_KIND_PERSON, OLD_PERSON_UUID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (person, "given_name"), ==, "Edith");
  g_assert_cmpstr (care_record_get_string (person, "restrictions"), ==, "Keypad on the front door");
  g_assert_cmpint (care_record_get_version (person), ==, 1);
  admin = care_store_load (store, CARE_KIND_ADMINISTRATION, OLD_ADMIN_UUID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (admin, "outcome"), ==, "done");
  g_assert_cmpint (care_record_get_int (admin, "occurred_at"), ==, 1767254700);
  g_assert_cmpstr (care_record_get_string (admin, "performer_uuid"), ==, OLD_STAFF_UUID);
  g_assert_cmpint (care_test_count_rows (store,
    "SELECT count(*) FROM events WHERE event_id = '" OLD_EVENT_ID "' AND sync_state = 'pending'"), ==, 1);
  g_assert_cmpint (care_store_count_events (store, "pending"), ==, 1);
  assert_old_rows_reviewable (store);
  if (version < 2)
    return;
  screening = care_store_load (store, CARE_KIND_LIBERTY_SCREENING, OLD_SCREEN_UUID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (screening, "capacity_ref"), ==, "MCA-2025-014");
  g_assert_cmpstr (care_record_get_string (screening, "rescreen_on"), ==, "2027-01-01");
  old_case = care_store_load (store, CARE_KIND_LIBERTY_CASE, OLD_CASE_UUID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (old_case, "scheme"), ==, "lps");
  g_assert_false (care_record_has (old_case, "renewal_number"));
}

static void
assert_history_protected (CareStore *store)
{
  sqlite3 *db = _care_store_get_db (store);

  /* A row of each, so the statements below have something to act on. */
  raw_exec (db,
    "INSERT INTO person (uuid, version, recorded_at, given_name, family_name, date_of_birth, status) "
    "  VALUES ('probe-person', 1, 1, 'Pat', 'Probe', '1940-01-01', 'active');"
    "INSERT INTO administration (uuid, version, recorded_at, task_uuid, slot_date, occurred_at, "
    "  entered_at, performer_uuid, outcome) VALUES ('probe-admin', 1, 1, 'task', '2026-01-01', 1, 1, 'staff', 'done');"
    "INSERT INTO events (event_id, device_id, entity_kind, entity_uuid, entity_version, action, "
    "  actor_name, at, changed, payload) VALUES ('probe-event', 'd', 'person', 'probe-person', 1, 'create', "
    "  'Probe', 1, '[]', '{}');");
  g_assert_cmpint (raw_exec_code (db, "UPDATE person SET given_name = 'Changed'"), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (raw_exec_code (db, "DELETE FROM administration"), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (raw_exec_code (db, "DELETE FROM events"), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (raw_exec_code (db, "UPDATE events SET payload = '{\"changed\":1}'"), ==, SQLITE_CONSTRAINT_TRIGGER);
  /* A version may not be skipped either. */
  g_assert_cmpint (raw_exec_code (db,
    "INSERT INTO person (uuid, version, recorded_at, given_name, family_name, date_of_birth, status) "
    "VALUES ('probe-person', 3, 1, 'Skip', 'Ped', '1940-01-01', 'active')"), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (care_test_count_rows (store,
    "SELECT count(*) FROM person WHERE given_name IN ('Changed', 'Skip')"), ==, 0);
}

/* The upgraded database takes new records, and corrections of the old
 * ones, through the normal path. */
static void
assert_takes_new_versions (CareStore *store,
                           guint      version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) setting = care_record_new (CARE_KIND_SETTING);
  g_autoptr(CareSession) manager = NULL;
  g_autoptr(CareRecord) person = NULL;
  g_autoptr(CareRecord) old_case = NULL;
  g_autofree char *manager_uuid = NULL;

  care_store_set_now (store, CARE_TEST_NOW);
  care_setup_load_catalogue (store, &error);
  g_assert_no_error (error);
  care_record_set_string (setting, "name", "Oak Lodge Care Home");
  care_record_set_string (setting, "service_type", "care_home");
  manager_uuid = care_setup_first_run (store, setting, "Priya Shah", "2468", &error);
  g_assert_no_error (error);
  manager = care_session_sign_in (store, manager_uuid, "2468", &error);
  g_assert_no_error (error);
  if (version < 1)
    return;
  person = care_store_load (store, CARE_KIND_PERSON, OLD_PERSON_UUID, &error);
  g_assert_no_error (error);
  care_record_set_string (person, "room", "Room 9");
  care_session_save (manager, person, "Moved to a ground-floor room", &error);
  g_assert_no_error (error);
  g_clear_object (&person);
  person = care_store_load (store, CARE_KIND_PERSON, OLD_PERSON_UUID, &error);
  g_assert_cmpint (care_record_get_version (person), ==, 2);
  g_assert_cmpstr (care_record_get_string (person, "room"), ==, "Room 9");
  g_assert_cmpstr (care_record_get_string (person, "given_name"), ==, "Edith");
  if (version < 2)
    return;
  /* An old LPS case is corrected like any other, once it says which
   * authorisation it is. */
  old_case = care_store_load (store, CARE_KIND_LIBERTY_CASE, OLD_CASE_UUID, &error);
  g_assert_no_error (error);
  care_record_set_string (old_case, "body_reference", "LPS-2026-0031");
  g_assert_false (care_session_save (manager, old_case, "Reference received", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_REQUIRED);
  g_clear_error (&error);
  care_record_set_int (old_case, "renewal_number", 0);
  care_session_save (manager, old_case, "Reference received; first authorisation", &error);
  g_assert_no_error (error);
  g_clear_object (&old_case);
  old_case = care_store_load (store, CARE_KIND_LIBERTY_CASE, OLD_CASE_UUID, &error);
  g_assert_cmpint (care_record_get_version (old_case), ==, 2);
  g_assert_cmpint (care_record_get_int (old_case, "renewal_number"), ==, 0);
}

static void
test_migrate_from (TmpDb *t, gconstpointer data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *user_version = NULL;
  g_autofree char *person_name = NULL;

  make_database_at_version (t->path, version);
  store = care_store_open (t->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (care_store_get_schema_version (store), ==, CARE_SCHEMA_VERSION);
  user_version = store_text (store, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (user_version, NULL, 10), ==, CARE_SCHEMA_VERSION);
  g_assert_true (care_store_integrity_check (store, &error));
  g_assert_no_error (error);
  assert_old_rows_loadable (store, version);
  assert_history_protected (store);
  if (version >= 1)
    {
      person_name = store_text (store, "SELECT given_name FROM person WHERE uuid = '" OLD_PERSON_UUID "'");
      g_assert_cmpstr (person_name, ==, "Edith");
    }
  assert_takes_new_versions (store, version);
  g_assert_true (care_store_integrity_check (store, &error));
  g_assert_no_error (error);
}

/* A database written by a newer version of the app */

static void
set_user_version (const char *path,
                  int         version,
                  const char *journal_mode)
{
  sqlite3 *db = raw_open (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = %s; "
                                          "CREATE TABLE IF NOT EXISTS from_the_future (x); "
                                          "PRAGMA user_version = %d;", journal_mode, version);

  raw_exec (db, sql);
  sqlite3_close (db);
}

static void
assert_too_new_untouched (const char *path)
{
  g_autofree char *before = file_digest (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (path, &error);
  g_autofree char *after = NULL;
  g_autofree char *expected = g_strdup_printf ("schema %u", CARE_SCHEMA_VERSION + 1);

  g_assert_null (store);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, expected));
  after = file_digest (path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_too_new_refused (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) current = care_store_open (t->path, &error);

  g_assert_no_error (error);
  g_clear_object (&current);
  set_user_version (t->path, CARE_SCHEMA_VERSION + 1, "WAL");
  assert_too_new_untouched (t->path);
}

/* A newer version might have left the file in rollback-journal mode:
 * refusing it must not switch it to write-ahead logging first. */
static void
test_too_new_rollback_journal_untouched (TmpDb *t, gconstpointer data)
{
  set_user_version (t->path, CARE_SCHEMA_VERSION + 1, "DELETE");
  assert_too_new_untouched (t->path);
}

/* Damage */

/* @n events in a store that has none yet. */
static void
add_events (CareStore *store,
            guint      n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
    "INSERT INTO events (event_id, device_id, entity_kind, entity_uuid, entity_version, action, "
    "  actor_name, at, changed, payload) "
    "SELECT 'ev-' || i, 'device', 'administration', 'adm-' || i, 1, 'create', 'Alex Carer', "
    "  1773144000 + i, '[]', hex (randomblob (100)) FROM n", n);

  g_assert_true (_care_store_exec (store, sql, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_count_events (store, NULL), ==, n);
}

static void
make_database_with_events (const char *path,
                           guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (path, &error);

  g_assert_no_error (error);
  add_events (store, n);
}

/* A database of a few thousand events, big enough to have many pages. */
static void
make_big_database (const char *path)
{
  make_database_with_events (path, 3000);
}

static void
assert_open_full_fails_corrupt (const char         *path,
                                CareStoreOpenFlags  flags)
{
  g_autofree char *before = file_digest (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open_full (path, flags, &error);
  g_autofree char *after = NULL;

  g_assert_null (store);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("refused: %s", error->message);
  /* The message promises the damaged file was not changed. */
  after = file_digest (path);
  g_assert_cmpstr (after, ==, before);
}

static void
assert_open_fails_corrupt (const char *path)
{
  assert_open_full_fails_corrupt (path, CARE_STORE_OPEN_NONE);
}

static void
test_corrupt_pages_refused (TmpDb *t, gconstpointer data)
{
  make_big_database (t->path);
  g_assert_cmpint (file_size (t->path), >, 64 * 4096);
  overwrite_bytes (t->path, 8192, 8192);
  assert_open_fails_corrupt (t->path);
}

static void
test_corrupt_middle_refused (TmpDb *t, gconstpointer data)
{
  gint64 middle;

  make_big_database (t->path);
  middle = (file_size (t->path) / 2) & ~(gint64) 4095;
  overwrite_bytes (t->path, middle, 8192);
  assert_open_fails_corrupt (t->path);
}

static void
test_text_file_refused (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *text = "These are the handover notes, not a database.\nRoom 4: cream at 08:00.\n";

  g_file_set_contents (t->path, text, -1, &error);
  g_assert_no_error (error);
  assert_open_fails_corrupt (t->path);
}

/* The whole-file check after a deferred open */

static void
damage_middle (const char *path)
{
  gint64 middle = (file_size (path) / 2) & ~(gint64) 4095;

  overwrite_bytes (path, middle, 8192);
}

static CareStore *
open_deferred (const char *path)
{
  g_autoptr(GError) error = NULL;
  CareStore *store = care_store_open_full (path, CARE_STORE_OPEN_DEFER_CHECK, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* A check's result as its callback received it. */
typedef struct
{
  GAsyncResult *result;
  gboolean      damaged_in_callback;
} CheckRun;

static void
on_check_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CheckRun *run = user_data;

  run->damaged_in_callback = care_store_is_damaged (CARE_STORE (source));
  run->result = g_object_ref (result);
}

static gboolean
finish_check (CareStore  *store,
              CheckRun   *run,
              GError    **error)
{
  gboolean ok;

  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = care_store_check_finish (store, run->result, error);
  g_clear_object (&run->result);
  return ok;
}

static gboolean
run_check (CareStore  *store,
           GError    **error)
{
  CheckRun run = { 0 };

  care_store_check_async (store, NULL, on_check_done, &run);
  return finish_check (store, &run, error);
}

/* Through the whole write path of a record: the session's transaction. */
static gboolean
save_new_person (CareStore  *store,
                 GError    **error)
{
  g_autoptr(CareSession) system = _care_session_new_system (store);
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);

  care_record_set_string (person, "given_name", "Nora");
  care_record_set_string (person, "family_name", "Quayle");
  care_record_set_string (person, "date_of_birth", "1938-05-14");
  care_record_set_string (person, "status", "active");
  return care_session_save (system, person, NULL, error);
}

static void
assert_refused_as_damaged (CareStore  *store,
                           gboolean    ok,
                           GError    **error)
{
  g_assert_false (ok);
  g_assert_error (*error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr ((*error)->message, care_store_get_path (store)));
  g_assert_nonnull (strstr ((*error)->message, care_store_get_damage (store)));
  g_clear_error (error);
}

static void
test_deferred_check_healthy (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *value = NULL;

  make_big_database (t->path);
  store = open_deferred (t->path);
  g_assert_true (run_check (store, &error));
  g_assert_no_error (error);
  g_assert_false (care_store_is_damaged (store));
  g_assert_null (care_store_get_damage (store));
  g_assert_true (care_store_set_setting (store, "after_check", "1", &error));
  g_assert_no_error (error);
  value = care_store_get_setting (store, "after_check");
  g_assert_cmpstr (value, ==, "1");
  g_assert_true (save_new_person (store, &error));
  g_assert_no_error (error);
}

static void
test_deferred_check_finds_damage (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *wal = g_strconcat (t->path, "-wal", NULL);
  g_autofree char *copy = g_build_filename (t->dir, "copy.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *wal_checked = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *wal_refused = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *value = NULL;
  CheckRun run = { 0 };

  make_big_database (t->path);
  damage_middle (t->path);
  before = file_digest (t->path);
  store = open_deferred (t->path);
  /* The file is in write-ahead logging and has its device id already:
   * opening it writes nothing to it. */
  opened = file_digest (t->path);
  g_assert_cmpstr (opened, ==, before);
  /* Before the check ends the store takes writes, into the log. */
  g_assert_true (care_store_set_setting (store, "before_check", "1", &error));
  g_assert_no_error (error);

  care_store_check_async (store, NULL, on_check_done, &run);
  g_assert_false (finish_check (store, &run, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, t->path));
  g_test_message ("found: %s", error->message);
  g_clear_error (&error);
  g_assert_true (run.damaged_in_callback);
  g_assert_true (care_store_is_damaged (store));
  g_assert_nonnull (care_store_get_damage (store));
  wal_checked = file_digest (wal);

  assert_refused_as_damaged (store, care_store_set_setting (store, "after_check", "1", &error), &error);
  assert_refused_as_damaged (store, save_new_person (store, &error), &error);
  assert_refused_as_damaged (store, care_store_begin_batch (store, &error), &error);
  /* A statement of another module, outside any transaction. */
  assert_refused_as_damaged (store, _care_store_exec (store,
    "INSERT INTO settings (key, value) VALUES ('raw', '1')", &error), &error);

  /* A manager can still read what is there and copy it. */
  value = care_store_get_setting (store, "before_check");
  g_assert_cmpstr (value, ==, "1");
  g_assert_true (care_store_backup (store, copy, &error));
  g_assert_no_error (error);

  refused = file_digest (t->path);
  g_assert_cmpstr (refused, ==, opened);
  wal_refused = file_digest (wal);
  g_assert_cmpstr (wal_refused, ==, wal_checked);
  /* Closing leaves the log beside the damaged file instead of copying it in. */
  g_clear_object (&store);
  closed = file_digest (t->path);
  g_assert_cmpstr (closed, ==, opened);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_deferred_text_file_refused (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *text = "These are the handover notes, not a database.\nRoom 4: cream at 08:00.\n";

  g_file_set_contents (t->path, text, -1, &error);
  g_assert_no_error (error);
  assert_open_full_fails_corrupt (t->path, CARE_STORE_OPEN_DEFER_CHECK);
}

/* A file whose schema cannot be read is refused before anything is written
 * to it, not even the switch from a rollback journal to write-ahead logging
 * (the header and its schema version are intact, so no upgrade is due). */
static void
test_deferred_schema_damage_refused (TmpDb *t, gconstpointer data)
{
  sqlite3 *db;

  make_big_database (t->path);
  db = raw_open (t->path, SQLITE_OPEN_READWRITE);
  raw_exec (db, "PRAGMA journal_mode = DELETE");
  sqlite3_close (db);
  /* sqlite_master's b-tree page follows the 100-byte file header. */
  overwrite_bytes (t->path, 100, 16);
  assert_open_full_fails_corrupt (t->path, CARE_STORE_OPEN_DEFER_CHECK);
}

/* A schema upgrade rewrites much of the file: it is not done to a damaged
 * one, deferred check or not. */
static void
test_deferred_upgrade_checks_first (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) old = _care_store_open_at_version (t->path, CARE_SCHEMA_VERSION - 1, &error);

  g_assert_no_error (error);
  add_events (old, 3000);
  g_clear_object (&old);
  damage_middle (t->path);
  assert_open_full_fails_corrupt (t->path, CARE_STORE_OPEN_DEFER_CHECK);
}

static void
test_write_during_check (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *last = NULL;
  g_autofree char *value = NULL;
  CheckRun run = { 0 };
  guint writes = 0;

  /* Big enough that the check lasts while the writes below are made. */
  make_database_with_events (t->path, 40000);
  store = open_deferred (t->path);
  /* A write that had to wait for the check would fail at once. */
  sqlite3_busy_timeout (_care_store_get_db (store), 0);
  care_store_check_async (store, NULL, on_check_done, &run);
  /* Let the worker start reading. */
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  while (run.result == NULL)
    {
      g_free (last);
      last = g_strdup_printf ("%u", writes++);
      g_assert_true (care_store_set_setting (store, "during_check", last, &error));
      g_assert_no_error (error);
      g_main_context_iteration (NULL, FALSE);
    }
  g_test_message ("%u writes while the check ran", writes);
  g_assert_true (finish_check (store, &run, &error));
  g_assert_no_error (error);
  g_assert_false (care_store_is_damaged (store));
  value = care_store_get_setting (store, "during_check");
  g_assert_cmpstr (value, ==, last);
}

static void
test_check_cancelled (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CheckRun run = { 0 };

  make_big_database (t->path);
  damage_middle (t->path);
  store = open_deferred (t->path);
  care_store_check_async (store, cancellable, on_check_done, &run);
  g_cancellable_cancel (cancellable);
  g_assert_false (finish_check (store, &run, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (run.damaged_in_callback);
  g_assert_false (care_store_is_damaged (store));
  g_assert_true (care_store_set_setting (store, "after_cancel", "1", &error));
  g_assert_no_error (error);
  /* There was damage to find: a check left to finish finds it. */
  g_assert_false (run_check (store, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT);
  g_assert_true (care_store_is_damaged (store));
}

/* A good backup of a big database at @bak, then damage to the database. */
static void
make_damaged_with_backup (const char *path,
                          const char *bak)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;

  make_big_database (path);
  store = care_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (care_store_backup (store, bak, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  damage_middle (path);
}

static void
test_restore_clears_damage (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *bak = g_build_filename (t->dir, "backup.db", NULL);

  make_damaged_with_backup (t->path, bak);
  store = open_deferred (t->path);
  g_assert_false (run_check (store, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_true (care_store_is_damaged (store));

  g_assert_true (care_store_restore (store, bak, &error));
  g_assert_no_error (error);
  g_assert_false (care_store_is_damaged (store));
  g_assert_null (care_store_get_damage (store));
  /* What the restore replaced is kept, damage and all. */
  g_assert_cmpuint (count_files_with_prefix (t->dir, "care.db.before-restore-", NULL), ==, 1);
  g_assert_true (care_store_set_setting (store, "after_restore", "1", &error));
  g_assert_no_error (error);
  g_assert_true (save_new_person (store, &error));
  g_assert_no_error (error);
  g_assert_true (run_check (store, &error));
  g_assert_no_error (error);
}

/* A check that began before a restore is about the file the restore
 * replaced: it marks nothing. */
static void
test_restore_overtakes_check (TmpDb *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *bak = g_build_filename (t->dir, "backup.db", NULL);
  CheckRun run = { 0 };

  make_damaged_with_backup (t->path, bak);
  store = open_deferred (t->path);
  care_store_check_async (store, NULL, on_check_done, &run);
  /* The callback cannot run before the main context does again. */
  g_assert_true (care_store_restore (store, bak, &error));
  g_assert_no_error (error);
  g_assert_false (finish_check (store, &run, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (run.damaged_in_callback);
  g_assert_false (care_store_is_damaged (store));
  g_assert_true (care_store_set_setting (store, "after_restore", "1", &error));
  g_assert_no_error (error);
}

/* Backup */

static void
record_done_at (CareFixture *f,
                CareSession *session,
                const char  *slot_time,
                gint64       occurred_at)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, slot_time, occurred_at, "done");
  g_autoptr(GError) error = NULL;

  care_administration_record (session, a, &error);
  g_assert_no_error (error);
}

#define AT_0805 (CARE_TEST_NOW - 4 * 3600 + 5 * 60)   /* 2026-03-10 08:05 */
#define AT_2005 (CARE_TEST_NOW + 8 * 3600 + 5 * 60)   /* 2026-03-10 20:05 */

static void
test_backup (CareFixture *f, gconstpointer data)
{
  g_autofree char *dest = g_build_filename (f->dir, "backup.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) copy = NULL;
  g_autoptr(CareRecord) person = NULL;
  sqlite3 *db;
  mode_t old_umask;

  record_done_at (f, f->carer, "08:00", AT_0805);
  old_umask = umask (022);
  g_assert_true (care_store_backup (f->store, dest, &error));
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (dest), ==, 0600);

  db = raw_open (dest, SQLITE_OPEN_READONLY);
  assert_integrity_ok (db);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CARE_SCHEMA_VERSION);
  g_assert_cmpint (count_where_uuid (db, "person", f->person_uuid), ==, 1);
  g_assert_cmpint (count_where_uuid (db, "delegated_task", f->cream_task_uuid), ==,
                   care_test_count_rows (f->store, "SELECT count(*) FROM delegated_task"));
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM administration"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events"), ==, care_store_count_events (f->store, NULL));
  sqlite3_close (db);

  /* The copy is a database the app opens like any other. */
  copy = care_store_open (dest, &error);
  g_assert_no_error (error);
  person = care_store_load (copy, CARE_KIND_PERSON, f->person_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (person, "family_name"), ==, "Hill");
}

static void
assert_backup_onto_self_refused (CareFixture *f,
                                 const char  *dest)
{
  g_autoptr(GError) error = NULL;
  gint64 admins = care_test_count_rows (f->store, "SELECT count(*) FROM administration");

  g_assert_false (care_store_backup (f->store, dest, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP);
  g_clear_error (&error);
  g_assert_true (care_store_integrity_check (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM administration"), ==, admins);
}

static void
test_backup_onto_self_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *dotted = g_build_filename (f->dir, ".", "care.db", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.db", NULL);

  record_done_at (f, f->carer, "08:00", AT_0805);
  assert_backup_onto_self_refused (f, f->path);
  /* The same file under another name is still the same file. */
  assert_backup_onto_self_refused (f, dotted);
  g_assert_cmpint (symlink (f->path, link), ==, 0);
  assert_backup_onto_self_refused (f, link);
}

/* Restore */

typedef struct
{
  gint64 people;
  gint64 administrations;
  gint64 events;
  char  *digest;
} Snapshot;

static void
snapshot_take (CareFixture *f,
               Snapshot    *s)
{
  s->people = care_test_count_rows (f->store, "SELECT count(*) FROM person");
  s->administrations = care_test_count_rows (f->store, "SELECT count(*) FROM administration");
  s->events = care_store_count_events (f->store, NULL);
  s->digest = store_text (f->store,
    "SELECT group_concat (event_id, ',') FROM (SELECT event_id FROM events ORDER BY local_seq)");
}

static void
snapshot_assert_same (CareFixture *f,
                      Snapshot    *s)
{
  Snapshot now = { 0 };

  snapshot_take (f, &now);
  g_assert_cmpint (now.people, ==, s->people);
  g_assert_cmpint (now.administrations, ==, s->administrations);
  g_assert_cmpint (now.events, ==, s->events);
  g_assert_cmpstr (now.digest, ==, s->digest);
  g_free (now.digest);
  g_free (s->digest);
}

static char *
make_backup (CareFixture *f,
             const char  *name)
{
  char *dest = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  care_store_backup (f->store, dest, &error);
  g_assert_no_error (error);
  return dest;
}

static void
test_restore (CareFixture *f, gconstpointer data)
{
  g_autofree char *bak = NULL;
  g_autofree char *later_uuid = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) gone = NULL;
  g_autoptr(CareRecord) task = NULL;
  gint64 events_at_backup;
  sqlite3 *db;

  record_done_at (f, f->carer, "08:00", AT_0805);
  bak = make_backup (f, "backup.db");
  events_at_backup = care_store_count_events (f->store, NULL);

  /* Written after the backup: what a restore replaces. */
  care_store_set_now (f->store, AT_2005 + 60);
  later_uuid = care_test_add_person (f, "Walter", "Later", "1941-07-30");
  record_done_at (f, f->carer, "20:00", AT_2005);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM administration"), ==, 2);

  g_assert_true (care_store_restore (f->store, bak, &error));
  g_assert_no_error (error);

  gone = care_store_load (f->store, CARE_KIND_PERSON, later_uuid, &error);
  g_assert_null (gone);
  g_assert_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM administration"), ==, 1);
  g_assert_cmpint (care_store_count_events (f->store, NULL), ==, events_at_backup);
  task = care_store_load (f->store, CARE_KIND_DELEGATED_TASK, f->cream_task_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (task, "status"), ==, "active");
  g_assert_cmpuint (care_store_get_schema_version (f->store), ==, CARE_SCHEMA_VERSION);
  g_assert_true (care_store_integrity_check (f->store, &error));
  g_assert_no_error (error);

  /* Lose nothing: what was replaced is kept beside the database. */
  g_assert_cmpuint (count_files_with_prefix (f->dir, "care.db.before-restore-", &kept), ==, 1);
  g_assert_cmpuint (file_mode (kept), ==, 0600);
  db = raw_open (kept, SQLITE_OPEN_READONLY);
  assert_integrity_ok (db);
  g_assert_cmpint (count_where_uuid (db, "person", later_uuid), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM administration"), ==, 2);
  sqlite3_close (db);

  /* The restored database takes new records at once. */
  record_done_at (f, f->carer, "20:00", AT_2005);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM administration"), ==, 2);
}

/* Two restores in quick succession each keep what they replaced. */
static void
test_restore_twice_keeps_both (CareFixture *f, gconstpointer data)
{
  g_autofree char *bak = make_backup (f, "backup.db");
  g_autofree char *first_uuid = NULL;
  g_autofree char *second_uuid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint with_first = 0, with_second = 0;

  first_uuid = care_test_add_person (f, "Fay", "First", "1940-01-01");
  g_assert_true (care_store_restore (f->store, bak, &error));
  g_assert_no_error (error);
  second_uuid = care_test_add_person (f, "Sid", "Second", "1940-01-02");
  g_assert_true (care_store_restore (f->store, bak, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_files_with_prefix (f->dir, "care.db.before-restore-", NULL), ==, 2);
  d = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *p = NULL;
      sqlite3 *db;

      if (!g_str_has_prefix (name, "care.db.before-restore-"))
        continue;
      p = g_build_filename (f->dir, name, NULL);
      db = raw_open (p, SQLITE_OPEN_READONLY);
      with_first += count_where_uuid (db, "person", first_uuid) > 0;
      with_second += count_where_uuid (db, "person", second_uuid) > 0;
      sqlite3_close (db);
    }
  g_assert_cmpuint (with_first, ==, 1);
  g_assert_cmpuint (with_second, ==, 1);
}

/* A backup made by an earlier version is upgraded as it is restored. */
static void
test_restore_older_version (CareFixture *f, gconstpointer data)
{
  g_autofree char *old = g_build_filename (f->dir, "old-backup.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) edith = NULL;
  g_autoptr(CareRecord) margaret = NULL;
  g_autofree char *user_version = NULL;

  make_database_at_version (old, 1);
  g_assert_true (care_store_restore (f->store, old, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (care_store_get_schema_version (f->store), ==, CARE_SCHEMA_VERSION);
  user_version = store_text (f->store, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (user_version, NULL, 10), ==, CARE_SCHEMA_VERSION);
  edith = care_store_load (f->store, CARE_KIND_PERSON, OLD_PERSON_UUID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (edith, "family_name"), ==, "Marsh");
  margaret = care_store_load (f->store, CARE_KIND_PERSON, f->person_uuid, &error);
  g_assert_null (margaret);
  g_assert_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (care_store_integrity_check (f->store, &error));
  g_assert_no_error (error);
  assert_history_protected (f->store);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "care.db.before-restore-", NULL), ==, 1);
}

static void
assert_restore_refused (CareFixture *f,
                        const char  *src)
{
  Snapshot before = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *src_digest = file_digest (src);
  g_autofree char *src_after = NULL;

  snapshot_take (f, &before);
  g_assert_false (care_store_restore (f->store, src, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP);
  g_assert_nonnull (strstr (error->message, "nothing was restored"));
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  snapshot_assert_same (f, &before);
  g_assert_true (care_store_integrity_check (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "care.db.before-restore-", NULL), ==, 0);
  src_after = file_digest (src);
  g_assert_cmpstr (src_after, ==, src_digest);
  /* Still usable. */
  record_done_at (f, f->carer, "20:00", AT_2005);
}

static void
test_restore_text_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *src = g_build_filename (f->dir, "notes.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (src, "Handover: Margaret slept well. Cream applied at 08:00.\n", -1, &error);
  g_assert_no_error (error);
  care_store_set_now (f->store, AT_2005 + 60);
  record_done_at (f, f->carer, "08:00", AT_0805);
  assert_restore_refused (f, src);
}

static void
test_restore_corrupt_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *bak = NULL;

  record_done_at (f, f->carer, "08:00", AT_0805);
  bak = make_backup (f, "backup.db");
  g_assert_cmpint (file_size (bak), >=, 16384 + 4096);
  overwrite_bytes (bak, 8192, 8192);
  care_store_set_now (f->store, AT_2005 + 60);
  assert_restore_refused (f, bak);
}

static void
test_restore_too_new_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *bak = make_backup (f, "backup.db");

  set_user_version (bak, CARE_SCHEMA_VERSION + 1, "DELETE");
  care_store_set_now (f->store, AT_2005 + 60);
  assert_restore_refused (f, bak);
}

/* Settings and the outbox count */

static void
test_settings_round_trip (CareFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *welsh = NULL;
  g_autofree char *missing = NULL;

  g_assert_true (care_store_set_setting (f->store, "due_lead_minutes", "45", &error));
  g_assert_no_error (error);
  first = care_store_get_setting (f->store, "due_lead_minutes");
  g_assert_cmpstr (first, ==, "45");
  g_assert_true (care_store_set_setting (f->store, "due_lead_minutes", "30", &error));
  second = care_store_get_setting (f->store, "due_lead_minutes");
  g_assert_cmpstr (second, ==, "30");
  g_assert_cmpint (care_store_get_setting_int (f->store, "due_lead_minutes", 60), ==, 30);
  g_assert_cmpint (care_test_count_rows (f->store,
    "SELECT count(*) FROM settings WHERE key = 'due_lead_minutes'"), ==, 1);

  care_store_set_setting (f->store, "home_note", "Cartref Gofal 'Tŷ Derw' — 100%", &error);
  g_assert_no_error (error);
  welsh = care_store_get_setting (f->store, "home_note");
  g_assert_cmpstr (welsh, ==, "Cartref Gofal 'Tŷ Derw' — 100%");

  missing = care_store_get_setting (f->store, "no_such_key");
  g_assert_null (missing);
  g_assert_cmpint (care_store_get_setting_int (f->store, "no_such_key", 17), ==, 17);
}

static void
test_count_events (CareFixture *f, gconstpointer data)
{
  gint64 pending = care_store_count_events (f->store, "pending");
  gint64 total = care_store_count_events (f->store, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pending, >, 0);
  g_assert_cmpint (pending, ==, care_test_count_rows (f->store,
    "SELECT count(*) FROM events WHERE sync_state = 'pending'"));
  g_assert_cmpint (total, ==, care_test_count_rows (f->store, "SELECT count(*) FROM events"));

  record_done_at (f, f->carer, "08:00", AT_0805);
  g_assert_cmpint (care_store_count_events (f->store, "pending"), ==, pending + 1);

  g_assert_true (_care_store_exec (f->store,
    "UPDATE events SET sync_state = 'acked', synced_at = 1773144000 "
    "WHERE local_seq = (SELECT min (local_seq) FROM events)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_count_events (f->store, "pending"), ==, pending);
  g_assert_cmpint (care_store_count_events (f->store, "acked"), ==, 1);
  g_assert_cmpint (care_store_count_events (f->store, "rejected"), ==, 0);
  g_assert_cmpint (care_store_count_events (f->store, NULL), ==, total + 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD_TMP(path, fn) g_test_add ("/store/" path, TmpDb, NULL, tmp_db_setup, fn, tmp_db_teardown)
#define ADD(path, fn) g_test_add ("/store/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  ADD_TMP ("new-file-private", test_new_file_private);
  ADD_TMP ("existing-file-made-private", test_existing_file_made_private);
  ADD_TMP ("durability-pragmas", test_durability_pragmas);
  ADD_TMP ("reopen-keeps-device-id", test_reopen_keeps_device_id);
  for (guint v = 0; v < CARE_SCHEMA_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/store/migrate/from-%u", v);
      g_test_add (path, TmpDb, GUINT_TO_POINTER (v), tmp_db_setup, test_migrate_from, tmp_db_teardown);
    }
  ADD_TMP ("too-new-refused", test_too_new_refused);
  ADD_TMP ("too-new-rollback-journal-untouched", test_too_new_rollback_journal_untouched);
  ADD_TMP ("corrupt-pages-refused", test_corrupt_pages_refused);
  ADD_TMP ("corrupt-middle-refused", test_corrupt_middle_refused);
  ADD_TMP ("text-file-refused", test_text_file_refused);
  ADD_TMP ("deferred-check/healthy", test_deferred_check_healthy);
  ADD_TMP ("deferred-check/finds-damage", test_deferred_check_finds_damage);
  ADD_TMP ("deferred-check/text-file-refused", test_deferred_text_file_refused);
  ADD_TMP ("deferred-check/schema-damage-refused", test_deferred_schema_damage_refused);
  ADD_TMP ("deferred-check/upgrade-checks-first", test_deferred_upgrade_checks_first);
  ADD_TMP ("deferred-check/write-during-check", test_write_during_check);
  ADD_TMP ("deferred-check/cancelled", test_check_cancelled);
  ADD_TMP ("deferred-check/restore-clears-damage", test_restore_clears_damage);
  ADD_TMP ("deferred-check/restore-overtakes-check", test_restore_overtakes_check);
  ADD ("backup", test_backup);
  ADD ("backup-onto-self-refused", test_backup_onto_self_refused);
  ADD ("restore", test_restore);
  ADD ("restore-twice-keeps-both", test_restore_twice_keeps_both);
  ADD ("restore-older-version", test_restore_older_version);
  ADD ("restore-text-refused", test_restore_text_refused);
  ADD ("restore-corrupt-refused", test_restore_corrupt_refused);
  ADD ("restore-too-new-refused", test_restore_too_new_refused);
  ADD ("settings-round-trip", test_settings_round_trip);
  ADD ("count-events", test_count_events);
  return g_test_run ();
}
