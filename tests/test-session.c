/* test-session.c: signing in, PINs, lockout, first run, and that every
 * write carries who made it */
#include "config.h"

#include <sqlite3.h>

#include "care-store-private.h"
#include "care-test-util.h"

/* The PIN care-test-util.c gives every fixture staff member. */
#define FIXTURE_PIN "2468"
#define WRONG_PIN "1111"

static gint64
total_rows (CareStore *store)
{
  gint64 n = care_store_count_events (store, NULL);

  for (guint k = 0; k < CARE_N_KINDS; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", care_kind_info (k)->name);
      n += care_test_count_rows (store, sql);
    }
  return n;
}

/* Signs in with @pin and expects the refusal @code; returns its message. */
static char *
refused_sign_in (CareStore  *store,
                 const char *staff_uuid,
                 const char *pin,
                 int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSession) session = care_session_sign_in (store, staff_uuid, pin, &error);

  g_assert_null (session);
  g_assert_error (error, CARE_ERROR, code);
  return g_strdup (error->message);
}

static void
assert_says (const char *message,
             const char *words)
{
  if (strstr (message, words) == NULL)
    g_error ("“%s” does not say “%s”", message, words);
}

static void
assert_bad_pin (CareStore  *store,
                const char *staff_uuid,
                const char *tries_left)
{
  g_autofree char *message = refused_sign_in (store, staff_uuid, WRONG_PIN, CARE_ERROR_BAD_PIN);

  assert_says (message, tries_left);
}

static void
assert_signs_in (CareStore  *store,
                 const char *staff_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSession) session = care_session_sign_in (store, staff_uuid, FIXTURE_PIN, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpstr (care_session_get_actor_uuid (session), ==, staff_uuid);
}

/* Closes the store and every session on it, and opens the file again, as
 * when the app is restarted. */
static void
reopen_store (CareFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->manager);
  g_clear_object (&f->carer);
  g_clear_object (&f->other_carer);
  g_clear_object (&f->senior);
  g_clear_object (&f->nurse);
  g_clear_object (&f->store);
  f->store = care_store_open (f->path, &error);
  g_assert_no_error (error);
  care_store_set_now (f->store, CARE_TEST_NOW);
}

static void
test_sign_in (CareFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSession) session = care_session_sign_in (f->store, f->nurse_uuid, FIXTURE_PIN, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (care_session_get_actor_uuid (session), ==, f->nurse_uuid);
  g_assert_cmpstr (care_session_get_actor_name (session), ==, "Sam Okafor");
  g_assert_cmpint (care_session_get_role (session), ==, CARE_ROLE_PRACTITIONER);
  g_assert_true (care_session_get_store (session) == f->store);
  g_assert_cmpstr (care_record_get_string (care_session_get_actor (session), "register_number"), ==, "12A3456E");
}

static void
test_wrong_pin (CareFixture *f, gconstpointer data)
{
  assert_bad_pin (f->store, f->carer_uuid, "4 more tries");
  assert_bad_pin (f->store, f->carer_uuid, "3 more tries");
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT failures FROM signin_state"), ==, 2);
  /* A right PIN clears the count. */
  assert_signs_in (f->store, f->carer_uuid);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM signin_state"), ==, 0);
  assert_bad_pin (f->store, f->carer_uuid, "4 more tries");
}

/* Four wrong PINs say how many tries are left; the fifth locks. */
static void
assert_locks_after_five_wrong_pins (CareFixture *f)
{
  g_autofree char *locked = NULL;

  assert_bad_pin (f->store, f->carer_uuid, "4 more tries");
  assert_bad_pin (f->store, f->carer_uuid, "3 more tries");
  assert_bad_pin (f->store, f->carer_uuid, "2 more tries");
  assert_bad_pin (f->store, f->carer_uuid, "1 more try ");
  locked = refused_sign_in (f->store, f->carer_uuid, WRONG_PIN, CARE_ERROR_LOCKED_OUT);
  assert_says (locked, "15 more minutes");
}

static void
test_lockout (CareFixture *f, gconstpointer data)
{
  g_autofree char *still = NULL;
  g_autofree char *one_minute = NULL;

  assert_locks_after_five_wrong_pins (f);

  /* Locked even with the right PIN, but only this person. */
  still = refused_sign_in (f->store, f->carer_uuid, FIXTURE_PIN, CARE_ERROR_LOCKED_OUT);
  assert_signs_in (f->store, f->other_carer_uuid);
  care_store_set_now (f->store, CARE_TEST_NOW + 850);
  one_minute = refused_sign_in (f->store, f->carer_uuid, FIXTURE_PIN, CARE_ERROR_LOCKED_OUT);
  assert_says (one_minute, "1 more minute;");
  care_store_set_now (f->store, CARE_TEST_NOW + 899);
  g_free (refused_sign_in (f->store, f->carer_uuid, FIXTURE_PIN, CARE_ERROR_LOCKED_OUT));

  care_store_set_now (f->store, CARE_TEST_NOW + 901);
  assert_signs_in (f->store, f->carer_uuid);
}

/* A store that refuses writes (as one found damaged does) still counts
 * wrong PINs, in memory, and still locks; nothing is written. */
static void
test_lockout_when_store_refuses_writes (CareFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *still = NULL;

  g_assert_true (_care_store_exec (f->store, "PRAGMA query_only = 1", &error));
  g_assert_no_error (error);
  assert_locks_after_five_wrong_pins (f);
  still = refused_sign_in (f->store, f->carer_uuid, FIXTURE_PIN, CARE_ERROR_LOCKED_OUT);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM signin_state"), ==, 0);

  /* Only this person, and only for the lock's time. */
  assert_signs_in (f->store, f->other_carer_uuid);
  care_store_set_now (f->store, CARE_TEST_NOW + 901);
  assert_signs_in (f->store, f->carer_uuid);
  assert_bad_pin (f->store, f->carer_uuid, "4 more tries");
  g_assert_true (_care_store_exec (f->store, "PRAGMA query_only = 0", &error));
}

static void
test_failures_persist (CareFixture *f, gconstpointer data)
{
  assert_bad_pin (f->store, f->carer_uuid, "4 more tries");
  assert_bad_pin (f->store, f->carer_uuid, "3 more tries");
  reopen_store (f);
  assert_bad_pin (f->store, f->carer_uuid, "2 more tries");
  assert_bad_pin (f->store, f->carer_uuid, "1 more try ");
  g_free (refused_sign_in (f->store, f->carer_uuid, WRONG_PIN, CARE_ERROR_LOCKED_OUT));
  reopen_store (f);
  g_free (refused_sign_in (f->store, f->carer_uuid, FIXTURE_PIN, CARE_ERROR_LOCKED_OUT));
  care_store_set_now (f->store, CARE_TEST_NOW + 901);
  assert_signs_in (f->store, f->carer_uuid);
}

static void
test_inactive_staff (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) carer = care_store_load (f->store, CARE_KIND_STAFF, f->carer_uuid, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  care_record_set_bool (carer, "active", FALSE);
  g_assert_true (care_session_save (f->manager, carer, "Left the home", &error));
  g_assert_no_error (error);
  message = refused_sign_in (f->store, f->carer_uuid, FIXTURE_PIN, CARE_ERROR_INACTIVE);
  assert_says (message, "Alex Carer");
  /* A wrong PIN gets the same answer, and counts for nothing. */
  g_free (refused_sign_in (f->store, f->carer_uuid, WRONG_PIN, CARE_ERROR_INACTIVE));
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM signin_state"), ==, 0);

  /* A staff record entered in error cannot sign in either. */
  g_assert_true (care_session_mark_entered_in_error (f->manager, CARE_KIND_STAFF, f->other_carer_uuid,
                                                     "Added twice", &error));
  g_assert_no_error (error);
  g_free (refused_sign_in (f->store, f->other_carer_uuid, FIXTURE_PIN, CARE_ERROR_INACTIVE));
}

static void
test_unknown_staff (CareFixture *f, gconstpointer data)
{
  g_autofree char *nobody = g_uuid_string_random ();

  g_free (refused_sign_in (f->store, nobody, FIXTURE_PIN, CARE_ERROR_NOT_FOUND));
}

static void
test_pin_format (void)
{
  static const char * const bad[] = { "12", "123", "abcd", "12a4", "12 34", "1234567890123", "", NULL };

  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = care_pin_hash (bad[i], &error);

      g_assert_null (hash);
      g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CareRecord) staff = care_record_new (CARE_KIND_STAFF);

    g_assert_null (care_pin_hash (NULL, &error));
    g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (care_staff_set_pin (staff, "12", &error));
    g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
    g_assert_false (care_record_has (staff, "pin_hash"));
  }
  g_assert_true (care_validate_pin_format ("1234", NULL));
  g_assert_true (care_validate_pin_format ("123456789012", NULL));
}

static void
test_pin_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = care_pin_hash ("13579", &error);
  g_autofree char *again = care_pin_hash ("13579", NULL);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "13579"));
  g_assert_true (care_pin_verify (hash, "13579"));
  g_assert_false (care_pin_verify (hash, "13578"));
  g_assert_false (care_pin_verify (hash, NULL));
  g_assert_false (care_pin_verify (NULL, "13579"));
  /* Salted: the same PIN never hashes the same twice. */
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (care_pin_verify (again, "13579"));
}

/* The stored version's author and its event's actor are the session's. */
static void
assert_written_by (CareFixture *f,
                   CareKind     kind,
                   const char  *uuid,
                   CareSession *session,
                   const char  *name)
{
  g_autoptr(CareRecord) stored = care_store_load (f->store, kind, uuid, NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpstr (care_session_get_actor_name (session), ==, name);
  g_assert_cmpstr (care_record_get_recorded_by (stored), ==, care_session_get_actor_uuid (session));
  g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (f->store),
    "SELECT actor_uuid, actor_name FROM events WHERE entity_uuid = ?1 AND entity_version = ?2",
    -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, care_record_get_version (stored));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, care_session_get_actor_uuid (session));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, name);
  sqlite3_finalize (stmt);
}

static void
test_writes_attributed (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) admin = care_test_new_admin (f, f->cream_task_uuid, "08:00",
                                                     CARE_TEST_NOW - 4 * 3600, "done");
  g_autofree char *person = care_test_add_person (f, "Arthur", "Dent", "1941-07-02");
  g_autofree char *comp = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                                              "2026-03-02", "2027-03-01");
  g_autoptr(CareRecord) lc = care_record_new (CARE_KIND_LIBERTY_CASE);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_administration_record (f->carer, admin, &error));
  g_assert_no_error (error);
  assert_written_by (f, CARE_KIND_ADMINISTRATION, care_record_get_uuid (admin), f->carer, "Alex Carer");
  assert_written_by (f, CARE_KIND_PERSON, person, f->manager, "Priya Shah");
  assert_written_by (f, CARE_KIND_COMPETENCY, comp, f->nurse, "Sam Okafor");

  care_record_set_string (lc, "person_uuid", f->person_uuid);
  care_record_set_string (lc, "scheme", "dols");
  care_record_set_string (lc, "urgency", "standard");
  care_record_set_string (lc, "body_name", "Leicestershire County Council");
  care_record_set_string (lc, "applied_on", "2026-03-02");
  care_record_set_string (lc, "outcome", "pending");
  g_assert_true (care_session_save (f->senior, lc, NULL, &error));
  g_assert_no_error (error);
  assert_written_by (f, CARE_KIND_LIBERTY_CASE, care_record_get_uuid (lc), f->senior, "Chris Senior");

  /* Marking in error is a write like any other. */
  g_assert_true (care_session_mark_entered_in_error (f->manager, CARE_KIND_ADMINISTRATION,
                                                     care_record_get_uuid (admin), "Wrong chart", &error));
  g_assert_no_error (error);
  assert_written_by (f, CARE_KIND_ADMINISTRATION, care_record_get_uuid (admin), f->manager, "Priya Shah");
}

static CareRecord *
new_setting (void)
{
  CareRecord *setting = care_record_new (CARE_KIND_SETTING);

  care_record_set_string (setting, "name", "Elm House");
  care_record_set_string (setting, "service_type", "care_home");
  care_record_set_string (setting, "cqc_location_id", "1-123456789");
  return setting;
}

static void
test_first_run (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) setting = new_setting ();
  g_autoptr(CareRecord) manager = NULL;
  g_autoptr(CareSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  g_assert_false (care_store_is_set_up (f->store));
  g_assert_null (care_setup_first_run (f->store, setting, "Priya Shah", "12", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
  g_clear_error (&error);
  care_record_unset (setting, "name");
  g_assert_null (care_setup_first_run (f->store, setting, "Priya Shah", FIXTURE_PIN, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (total_rows (f->store), ==, 0);

  care_record_set_string (setting, "name", "Elm House");
  uuid = care_setup_first_run (f->store, setting, "Priya Shah", FIXTURE_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (care_store_is_set_up (f->store));
  manager = care_store_load (f->store, CARE_KIND_STAFF, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_string (manager, "role"), ==, "manager");
  g_assert_true (care_record_get_bool (manager, "active"));
  g_assert_true (g_str_has_prefix (care_record_get_string (manager, "pin_hash"), "$argon2id$"));
  g_assert_cmpint (care_test_count_rows (f->store,
    "SELECT count(*) FROM events WHERE action = 'create' AND actor_uuid IS NULL AND actor_name = 'System (set-up)'"),
    ==, 2);

  session = care_session_sign_in (f->store, uuid, FIXTURE_PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_session_get_role (session), ==, CARE_ROLE_MANAGER);
}

static void
test_first_run_only_once (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) setting = new_setting ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  gint64 before = total_rows (f->store);

  uuid = care_setup_first_run (f->store, setting, "Someone Else", "97531", &error);
  g_assert_null (uuid);
  g_assert_error (error, CARE_ERROR, CARE_ERROR_STATE);
  g_assert_cmpint (total_rows (f->store), ==, before);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM staff WHERE name = 'Someone Else'"), ==, 0);
}

static void
test_roles (void)
{
  g_assert_cmpint (care_role_from_string ("care_worker"), ==, CARE_ROLE_CARE_WORKER);
  g_assert_cmpint (care_role_from_string ("senior_carer"), ==, CARE_ROLE_SENIOR_CARER);
  g_assert_cmpint (care_role_from_string ("manager"), ==, CARE_ROLE_MANAGER);
  g_assert_cmpint (care_role_from_string ("registered_practitioner"), ==, CARE_ROLE_PRACTITIONER);
  g_assert_cmpint (care_role_from_string ("admin"), ==, CARE_ROLE_NONE);
  g_assert_cmpint (care_role_from_string (NULL), ==, CARE_ROLE_NONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/session/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  ADD ("sign-in", test_sign_in);
  ADD ("wrong-pin", test_wrong_pin);
  ADD ("lockout", test_lockout);
  ADD ("lockout-store-refuses-writes", test_lockout_when_store_refuses_writes);
  ADD ("failures-persist", test_failures_persist);
  ADD ("inactive-staff", test_inactive_staff);
  ADD ("unknown-staff", test_unknown_staff);
  g_test_add_func ("/session/pin-format", test_pin_format);
  g_test_add_func ("/session/pin-hash", test_pin_hash);
  ADD ("writes-attributed", test_writes_attributed);
  g_test_add ("/session/first-run", CareFixture, NULL, care_fixture_setup_empty, test_first_run, care_fixture_teardown);
  ADD ("first-run-only-once", test_first_run_only_once);
  g_test_add_func ("/session/roles", test_roles);
  return g_test_run ();
}
