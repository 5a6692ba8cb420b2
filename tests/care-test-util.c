#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include "care-store-private.h"
#include "care-test-util.h"

#define TEST_PIN "2468"

static void
open_store (CareFixture *f)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("care-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "care.db", NULL);
  f->store = care_store_open (f->path, &error);
  g_assert_no_error (error);
  care_store_set_now (f->store, CARE_TEST_NOW);
  /* Hashing many PINs at full cost would dominate the suite. */
  care_store_set_setting (f->store, "lockout_failures", "5", NULL);
}

void
care_fixture_setup_empty (CareFixture   *f,
                          gconstpointer  data)
{
  memset (f, 0, sizeof *f);
  open_store (f);
}

CareSession *
care_test_sign_in (CareFixture *f,
                   const char  *staff_uuid)
{
  g_autoptr(GError) error = NULL;
  CareSession *session = care_session_sign_in (f->store, staff_uuid, TEST_PIN, &error);

  g_assert_no_error (error);
  return session;
}

/* One Argon2id hash reused for every test staff member keeps the suite fast:
 * made at libsodium's minimum cost, so each sign-in's verification is cheap,
 * yet the PIN still has to verify through care_pin_verify(). The manager's
 * PIN goes through care_pin_hash() at full cost in care_setup_first_run(). */
static const char *
shared_hash (void)
{
  static char hash[crypto_pwhash_STRBYTES];

  if (hash[0] == '\0')
    {
      g_assert_cmpint (sodium_init (), >=, 0);
      g_assert_cmpint (crypto_pwhash_str_alg (hash, TEST_PIN, strlen (TEST_PIN),
                                              crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                              crypto_pwhash_ALG_ARGON2ID13), ==, 0);
    }
  return hash;
}

char *
care_test_add_staff (CareFixture *f,
                     const char  *name,
                     const char  *role)
{
  g_autoptr(CareRecord) staff = care_record_new (CARE_KIND_STAFF);
  g_autoptr(GError) error = NULL;

  care_record_set_string (staff, "name", name);
  care_record_set_string (staff, "role", role);
  care_record_set_bool (staff, "active", TRUE);
  care_record_set_string (staff, "pin_hash", shared_hash ());
  if (g_str_equal (role, "registered_practitioner"))
    {
      care_record_set_string (staff, "register_body", "NMC");
      care_record_set_string (staff, "register_number", "12A3456E");
      care_record_set_string (staff, "organisation", "Leicestershire Partnership NHS Trust");
    }
  care_session_save (f->manager, staff, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (staff));
}

char *
care_test_add_person (CareFixture *f,
                      const char  *given,
                      const char  *family,
                      const char  *dob)
{
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);
  g_autoptr(GError) error = NULL;

  care_record_set_string (person, "given_name", given);
  care_record_set_string (person, "family_name", family);
  care_record_set_string (person, "date_of_birth", dob);
  care_record_set_string (person, "status", "active");
  care_record_set_string (person, "room", "Room 4");
  care_session_save (f->manager, person, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (person));
}

char *
care_test_type_uuid (CareFixture *f,
                     const char  *code)
{
  g_autoptr(CareRecord) type = care_store_find_current (f->store, CARE_KIND_TASK_TYPE, "code", code, NULL);

  g_assert_nonnull (type);
  return g_strdup (care_record_get_uuid (type));
}

/* The seed's case: steroid cream to the lower leg twice a day, district
 * nurse review every 10 days. */
CareRecord *
care_test_new_task (CareFixture *f,
                    const char  *person_uuid,
                    const char  *type_uuid)
{
  CareRecord *task = care_record_new (CARE_KIND_DELEGATED_TASK);

  care_record_set_string (task, "person_uuid", person_uuid);
  care_record_set_string (task, "task_type_uuid", type_uuid);
  care_record_set_string (task, "practitioner_name", "Sam Okafor");
  care_record_set_string (task, "practitioner_profession", "District nurse");
  care_record_set_string (task, "practitioner_register", "NMC");
  care_record_set_string (task, "practitioner_number", "12A3456E");
  care_record_set_string (task, "practitioner_org", "Leicestershire Partnership NHS Trust");
  care_record_set_string (task, "delegated_on", "2026-03-01");
  care_record_set_string (task, "instructions", "Apply a thin layer of steroid cream to the lower left leg.");
  care_record_set_string (task, "site", "Lower left leg");
  care_record_set_string (task, "schedule_kind", "times");
  care_record_set_string (task, "schedule_times", "08:00,20:00");
  care_record_set_string (task, "start_date", "2026-03-01");
  care_record_set_int (task, "review_interval_days", 10);
  care_record_set_string (task, "consent_basis", "consent");
  return task;
}

GHashTable *
care_test_all_yes (CareFixture *f)
{
  g_autoptr(GPtrArray) questions = care_delegation_questions (f->store, NULL);
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < questions->len; i++)
    g_hash_table_insert (answers,
                         (gpointer) g_intern_string (care_record_get_string (g_ptr_array_index (questions, i), "code")),
                         (gpointer) "yes");
  return answers;
}

char *
care_test_sign_off (CareFixture *f,
                    const char  *staff_uuid,
                    const char  *type_uuid,
                    const char  *person_uuid,
                    const char  *assessed_on,
                    const char  *valid_until)
{
  g_autoptr(CareRecord) c = care_record_new (CARE_KIND_COMPETENCY);
  g_autoptr(GError) error = NULL;

  care_record_set_string (c, "staff_uuid", staff_uuid);
  care_record_set_string (c, "task_type_uuid", type_uuid);
  care_record_set_string (c, "person_uuid", person_uuid);
  care_record_set_string (c, "trained_on", assessed_on);
  care_record_set_string (c, "trainer", "Sam Okafor");
  care_record_set_string (c, "assessed_on", assessed_on);
  care_record_set_string (c, "outcome", "competent");
  care_record_set_string (c, "valid_until", valid_until);
  care_competency_sign_off (f->nurse, c, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (c));
}

CareRecord *
care_test_new_admin (CareFixture *f,
                     const char  *task_uuid,
                     const char  *slot_time,
                     gint64       occurred_at,
                     const char  *outcome)
{
  CareRecord *a = care_record_new (CARE_KIND_ADMINISTRATION);
  g_autofree char *day = care_instant_to_date (occurred_at);

  care_record_set_string (a, "task_uuid", task_uuid);
  care_record_set_string (a, "slot_date", day);
  care_record_set_string (a, "slot_time", slot_time);
  care_record_set_int (a, "occurred_at", occurred_at);
  care_record_set_string (a, "outcome", outcome);
  if (g_str_equal (outcome, "done"))
    care_record_set_string (a, "site", "Lower left leg");
  return a;
}

void
care_fixture_setup (CareFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) setting = care_record_new (CARE_KIND_SETTING);
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(GHashTable) yes = NULL;
  g_autofree char *comp = NULL;

  care_fixture_setup_empty (f, data);
  care_setup_load_catalogue (f->store, &error);
  g_assert_no_error (error);
  care_record_set_string (setting, "name", "Oak Lodge Care Home");
  care_record_set_string (setting, "service_type", "care_home");
  f->manager_uuid = care_setup_first_run (f->store, setting, "Priya Shah", TEST_PIN, &error);
  g_assert_no_error (error);
  f->manager = care_test_sign_in (f, f->manager_uuid);

  f->carer_uuid = care_test_add_staff (f, "Alex Carer", "care_worker");
  f->other_carer_uuid = care_test_add_staff (f, "Bea Newstart", "care_worker");
  f->senior_uuid = care_test_add_staff (f, "Chris Senior", "senior_carer");
  f->nurse_uuid = care_test_add_staff (f, "Sam Okafor", "registered_practitioner");
  f->nurse2_uuid = care_test_add_staff (f, "Jo Evans", "registered_practitioner");
  f->carer = care_test_sign_in (f, f->carer_uuid);
  f->other_carer = care_test_sign_in (f, f->other_carer_uuid);
  f->senior = care_test_sign_in (f, f->senior_uuid);
  f->nurse = care_test_sign_in (f, f->nurse_uuid);

  f->person_uuid = care_test_add_person (f, "Margaret", "Hill", "1938-05-14");
  f->cream_type_uuid = care_test_type_uuid (f, "topical-cream");
  f->iv_type_uuid = care_test_type_uuid (f, "iv-drugs");

  task = care_test_new_task (f, f->person_uuid, f->cream_type_uuid);
  care_delegation_propose (f->manager, task, &error);
  g_assert_no_error (error);
  f->cream_task_uuid = g_strdup (care_record_get_uuid (task));
  yes = care_test_all_yes (f);
  care_delegation_accept (f->manager, f->cream_task_uuid, yes, &error);
  g_assert_no_error (error);
  care_delegation_set_status (f->manager, f->cream_task_uuid, "active", NULL, &error);
  g_assert_no_error (error);
  comp = care_test_sign_off (f, f->carer_uuid, f->cream_type_uuid, f->person_uuid, "2026-02-20", "2027-02-19");
}

void
care_fixture_teardown (CareFixture   *f,
                       gconstpointer  data)
{
  g_clear_object (&f->manager);
  g_clear_object (&f->carer);
  g_clear_object (&f->other_carer);
  g_clear_object (&f->senior);
  g_clear_object (&f->nurse);
  g_clear_object (&f->store);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (f->dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->manager_uuid);
  g_free (f->carer_uuid);
  g_free (f->other_carer_uuid);
  g_free (f->senior_uuid);
  g_free (f->nurse_uuid);
  g_free (f->nurse2_uuid);
  g_free (f->person_uuid);
  g_free (f->cream_type_uuid);
  g_free (f->iv_type_uuid);
  g_free (f->cream_task_uuid);
}

gint64
care_test_count_rows (CareStore  *store,
                      const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}
