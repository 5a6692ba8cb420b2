/* test-administration.c: recording done / not done, and every rule on it */
#include "config.h"

#include <sqlite3.h>

#include "care-store-private.h"
#include "care-test-util.h"

#define AT_0805 (CARE_TEST_NOW - 4 * 3600 + 5 * 60)   /* 2026-03-10 08:05 */
#define HOUR ((gint64) 3600)
#define DAY ((gint64) 86400)

/* Every row of every record table and of the event log: a refused write
 * must leave this unchanged. */
static gint64
total_rows (CareFixture *f)
{
  gint64 n = care_store_count_events (f->store, NULL);

  for (guint k = 0; k < CARE_N_KINDS; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", care_kind_info (k)->name);
      n += care_test_count_rows (f->store, sql);
    }
  return n;
}

static void
assert_admin_refused (CareFixture *f,
                      CareSession *session,
                      CareRecord  *admin,
                      int          code)
{
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_assert_false (care_administration_record (session, admin, &error));
  g_assert_error (error, CARE_ERROR, code);
  g_assert_cmpint (total_rows (f), ==, before);
}

static void
assert_save_refused (CareFixture *f,
                     CareSession *session,
                     CareRecord  *record,
                     const char  *reason,
                     int          code)
{
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_assert_false (care_session_save (session, record, reason, &error));
  g_assert_error (error, CARE_ERROR, code);
  g_assert_cmpint (total_rows (f), ==, before);
}

static void
assert_recorded (CareSession *session,
                 CareRecord  *admin)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (care_administration_record (session, admin, &error));
  g_assert_no_error (error);
}

static CareRecord *
load_admin (CareFixture *f,
            const char  *uuid)
{
  g_autoptr(GError) error = NULL;
  CareRecord *a = care_store_load (f->store, CARE_KIND_ADMINISTRATION, uuid, &error);

  g_assert_no_error (error);
  return a;
}

/* One column of the change-log entry for a version of a record. */
static char *
event_text (CareFixture *f,
            const char  *uuid,
            gint64       version,
            const char  *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM events WHERE entity_uuid = ?1 AND entity_version = ?2",
                                          column);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, version);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  if (sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Proposes, accepts and starts @task; returns its uuid. */
static char *
activate_task (CareFixture *f,
               CareRecord  *task)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) yes = care_test_all_yes (f);

  care_delegation_propose (f->manager, task, &error);
  g_assert_no_error (error);
  care_delegation_accept (f->manager, care_record_get_uuid (task), yes, &error);
  g_assert_no_error (error);
  care_delegation_set_status (f->manager, care_record_get_uuid (task), "active", NULL, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (task));
}

/* A when-required cream: at most twice in 24 hours, at least 4 hours apart. */
static char *
add_prn_task (CareFixture *f)
{
  g_autoptr(CareRecord) task = care_test_new_task (f, f->person_uuid, f->cream_type_uuid);

  care_record_set_string (task, "schedule_kind", "prn");
  care_record_unset (task, "schedule_times");
  care_record_set_int (task, "prn_max_24h", 2);
  care_record_set_int (task, "prn_min_interval_min", 240);
  return activate_task (f, task);
}

static CareRecord *
new_prn_dose (CareFixture *f,
              const char  *task_uuid,
              gint64       at)
{
  return care_test_new_admin (f, task_uuid, NULL, at, "done");
}

static void
test_done_by_competent_carer (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(GError) error = NULL;

  care_store_set_now (f->store, AT_0805 + 300);
  care_record_set_string (a, "observations", "Skin less red than yesterday.");
  g_assert_true (care_administration_record (f->carer, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_version (a), ==, 1);
  g_assert_cmpstr (care_record_get_string (a, "performer_uuid"), ==, f->carer_uuid);
  g_assert_false (care_record_get_bool (a, "late"));
  g_assert_cmpint (care_record_get_int (a, "entered_at"), ==, AT_0805 + 300);
  g_assert_cmpint (care_test_count_rows (f->store,
    "SELECT count(*) FROM events WHERE entity_kind = 'administration' AND sync_state = 'pending'"), ==, 1);
}

static void
test_not_competent_refused (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(GError) error = NULL;

  g_assert_false (care_administration_record (f->other_carer, a, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_NOT_COMPETENT);
  g_assert_nonnull (strstr (error->message, "Bea Newstart has no valid competency"));
  g_assert_nonnull (strstr (error->message, "Alex Carer"));
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM administration"), ==, 0);
}

static void
test_duplicate_slot_refused (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(CareRecord) b = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805 + 600, "done");
  g_autoptr(GError) error = NULL;

  g_assert_true (care_administration_record (f->carer, a, &error));
  g_assert_false (care_administration_record (f->carer, b, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_DUPLICATE_SLOT);
  g_clear_error (&error);
  care_record_set_bool (b, "extra", TRUE);
  g_assert_false (care_administration_record (f->carer, b, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_REQUIRED);
  g_clear_error (&error);
  care_record_set_string (b, "extra_reason", "Cream washed off in the shower; nurse advised reapplying.");
  g_assert_true (care_administration_record (f->carer, b, &error));
  g_assert_no_error (error);
}

static void
test_future_refused (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "20:00", CARE_TEST_NOW + 3600, "done");
  g_autoptr(GError) error = NULL;

  g_assert_false (care_administration_record (f->carer, a, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_FUTURE_TIME);
}

static void
test_not_done_needs_reason (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "not_done");

  assert_admin_refused (f, f->carer, a, CARE_ERROR_REQUIRED);
  care_record_set_string (a, "reason_code", "R");
  assert_recorded (f->carer, a);
  g_assert_cmpstr (care_record_get_string (a, "reason_canonical"), ==, "refused");
}

static void
test_unknown_reason_code (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "not_done");
  g_autoptr(CareRecord) asleep = care_store_find_current (f->store, CARE_KIND_REASON_CODE, "code", "S", NULL);
  g_autoptr(GError) error = NULL;

  care_record_set_string (a, "reason_code", "ZZ");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_INVALID);

  /* A code the home has retired is refused too. */
  care_record_set_bool (asleep, "active", FALSE);
  g_assert_true (care_session_save (f->manager, asleep, "No longer used on our MAR charts", &error));
  g_assert_no_error (error);
  care_record_set_string (a, "reason_code", "S");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_INVALID);
}

static void
test_other_needs_text (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "not_done");
  g_autoptr(CareRecord) b = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805 - DAY, "not_done");
  g_autoptr(CareRecord) stored = NULL;

  care_record_set_string (a, "reason_code", "O");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_REQUIRED);
  care_record_set_string (a, "reason_text", "Family took her out for breakfast.");
  assert_recorded (f->carer, a);
  stored = load_admin (f, care_record_get_uuid (a));
  g_assert_cmpstr (care_record_get_string (stored, "reason_canonical"), ==, "other");
  g_assert_cmpstr (care_record_get_string (stored, "reason_text"), ==, "Family took her out for breakfast.");

  /* The canonical reason comes from the code, whatever the record says. */
  care_record_set_string (b, "reason_code", "H");
  care_record_set_string (b, "reason_canonical", "refused");
  assert_recorded (f->carer, b);
  g_clear_object (&stored);
  stored = load_admin (f, care_record_get_uuid (b));
  g_assert_cmpstr (care_record_get_string (stored, "reason_canonical"), ==, "away");
}

static void
test_not_done_needs_no_competency (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "not_done");

  care_record_set_string (a, "reason_code", "R");
  assert_recorded (f->other_carer, a);
  g_assert_cmpstr (care_record_get_string (a, "performer_uuid"), ==, f->other_carer_uuid);
}

static void
test_topical_needs_site (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");

  care_record_unset (a, "site");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_REQUIRED);
  care_record_set_string (a, "site", "   ");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_REQUIRED);
  care_record_set_string (a, "site", "Lower left leg");
  assert_recorded (f->carer, a);
}

static void
test_variable_dose_needs_dose (CareFixture *f, gconstpointer data)
{
  g_autofree char *insulin = care_test_type_uuid (f, "insulin-pen");
  g_autoptr(CareRecord) task = care_test_new_task (f, f->person_uuid, insulin);
  g_autofree char *task_uuid = NULL;
  g_autofree char *comp = NULL;
  g_autoptr(CareRecord) a = NULL;

  care_record_set_string (task, "instructions", "Give insulin by pen as on the chart before breakfast.");
  task_uuid = activate_task (f, task);
  comp = care_test_sign_off (f, f->carer_uuid, insulin, f->person_uuid, "2026-03-02", "2027-03-01");
  a = care_test_new_admin (f, task_uuid, "08:00", AT_0805, "done");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_REQUIRED);
  care_record_set_string (a, "dose", "6 units");
  assert_recorded (f->carer, a);
  g_assert_cmpstr (care_record_get_string (a, "dose"), ==, "6 units");
}

static char *
add_witnessed_type (CareFixture *f)
{
  g_autoptr(CareRecord) type = care_record_new (CARE_KIND_TASK_TYPE);
  g_autoptr(GError) error = NULL;

  care_record_set_string (type, "code", "cd-patch");
  care_record_set_string (type, "name", "Controlled-drug patch");
  care_record_set_string (type, "category", "Medicines");
  care_record_set_bool (type, "delegable", TRUE);
  care_record_set_bool (type, "person_specific", FALSE);
  care_record_set_int (type, "validity_months", 12);
  care_record_set_int (type, "grace_minutes", 60);
  care_record_set_bool (type, "requires_witness", TRUE);
  care_record_set_bool (type, "active", TRUE);
  g_assert_true (care_session_save (f->manager, type, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (type));
}

static void
test_witness_required (CareFixture *f, gconstpointer data)
{
  g_autofree char *type = add_witnessed_type (f);
  g_autoptr(CareRecord) task = care_test_new_task (f, f->person_uuid, type);
  g_autofree char *task_uuid = activate_task (f, task);
  g_autofree char *comp = care_test_sign_off (f, f->carer_uuid, type, NULL, "2026-03-02", "2027-03-01");
  g_autofree char *nobody = g_uuid_string_random ();
  g_autoptr(CareRecord) a = care_test_new_admin (f, task_uuid, "08:00", AT_0805, "done");

  assert_admin_refused (f, f->carer, a, CARE_ERROR_REQUIRED);
  /* The performer cannot witness their own dose. */
  care_record_set_string (a, "witness_uuid", f->carer_uuid);
  assert_admin_refused (f, f->carer, a, CARE_ERROR_INVALID);
  care_record_set_string (a, "witness_uuid", nobody);
  assert_admin_refused (f, f->carer, a, CARE_ERROR_NOT_FOUND);
  care_record_set_string (a, "witness_uuid", f->senior_uuid);
  assert_recorded (f->carer, a);
  g_assert_cmpstr (care_record_get_string (a, "witness_uuid"), ==, f->senior_uuid);
}

static void
test_slot_time_must_be_scheduled (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "09:00", AT_0805, "done");
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_assert_false (care_administration_record (f->carer, a, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "08:00, 20:00"));
  g_assert_cmpint (total_rows (f), ==, before);
  care_record_unset (a, "slot_time");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_REQUIRED);
  care_record_set_string (a, "slot_time", "08:00");
  assert_recorded (f->carer, a);
}

static void
test_prn_maximum (CareFixture *f, gconstpointer data)
{
  g_autofree char *prn = add_prn_task (f);
  g_autoptr(CareRecord) first = new_prn_dose (f, prn, CARE_TEST_NOW - 11 * HOUR - HOUR / 2);   /* 00:30 */
  g_autoptr(CareRecord) second = new_prn_dose (f, prn, CARE_TEST_NOW - 7 * HOUR);            /* 05:00 */
  g_autoptr(CareRecord) third = new_prn_dose (f, prn, CARE_TEST_NOW - 2 * HOUR - HOUR / 2);  /* 09:30 */
  g_autoptr(CareRecord) next_day = NULL;

  assert_recorded (f->carer, first);
  g_assert_null (care_record_get_string (first, "slot_time"));
  g_assert_cmpstr (care_record_get_string (first, "slot_date"), ==, CARE_TEST_TODAY);
  assert_recorded (f->carer, second);
  assert_admin_refused (f, f->carer, third, CARE_ERROR_PRN_MAXIMUM);

  /* The 24 hours roll: at 00:35 the next day the 00:30 dose has dropped out. */
  care_store_set_now (f->store, CARE_TEST_NOW + 13 * HOUR);
  next_day = new_prn_dose (f, prn, CARE_TEST_NOW + 12 * HOUR + 35 * 60);
  assert_recorded (f->carer, next_day);
}

static void
test_prn_interval (CareFixture *f, gconstpointer data)
{
  g_autofree char *prn = add_prn_task (f);
  g_autoptr(CareRecord) first = new_prn_dose (f, prn, CARE_TEST_NOW - 4 * HOUR);   /* 08:00 */
  g_autoptr(CareRecord) early = new_prn_dose (f, prn, CARE_TEST_NOW - 2 * HOUR);   /* 10:00 */
  g_autoptr(CareRecord) on_time = new_prn_dose (f, prn, CARE_TEST_NOW);            /* 12:00 */
  g_autoptr(GError) error = NULL;

  assert_recorded (f->carer, first);
  g_assert_false (care_administration_record (f->carer, early, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_PRN_INTERVAL);
  g_assert_nonnull (strstr (error->message, "12:00"));
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM administration"), ==, 1);
  /* Exactly the minimum interval is allowed. */
  assert_recorded (f->carer, on_time);
}

static void
test_prn_interval_both_sides (CareFixture *f, gconstpointer data)
{
  g_autofree char *prn = add_prn_task (f);
  g_autoptr(CareRecord) given = new_prn_dose (f, prn, CARE_TEST_NOW - 2 * HOUR);     /* 10:00 */
  g_autoptr(CareRecord) backdated = new_prn_dose (f, prn, CARE_TEST_NOW - 3 * HOUR - HOUR / 2);  /* 08:30 */

  assert_recorded (f->carer, given);
  /* A late entry for a dose 90 minutes before one already recorded. */
  assert_admin_refused (f, f->carer, backdated, CARE_ERROR_PRN_INTERVAL);
}

static void
test_prn_maximum_counts_later_doses (CareFixture *f, gconstpointer data)
{
  g_autofree char *prn = add_prn_task (f);
  gint64 yesterday = CARE_TEST_NOW - DAY;   /* 2026-03-09 12:00 */
  g_autoptr(CareRecord) at_10 = new_prn_dose (f, prn, yesterday - 2 * HOUR);
  g_autoptr(CareRecord) at_16 = new_prn_dose (f, prn, yesterday + 4 * HOUR);
  g_autoptr(CareRecord) late_05 = new_prn_dose (f, prn, yesterday - 7 * HOUR);

  assert_recorded (f->carer, at_10);
  assert_recorded (f->carer, at_16);
  /* Entered late, 05:00 is far enough from 10:00, but 05:00, 10:00 and 16:00
   * would be three doses within 24 hours. */
  assert_admin_refused (f, f->carer, late_05, CARE_ERROR_PRN_MAXIMUM);
}

static void
test_prn_window_is_24_hours (CareFixture *f, gconstpointer data)
{
  g_autofree char *prn = add_prn_task (f);
  gint64 day_before = CARE_TEST_NOW - 2 * DAY;   /* 2026-03-08 12:00 */
  g_autoptr(CareRecord) at_09 = new_prn_dose (f, prn, day_before - 3 * HOUR);
  g_autoptr(CareRecord) next_10 = new_prn_dose (f, prn, day_before + 22 * HOUR);
  g_autoptr(CareRecord) at_14 = new_prn_dose (f, prn, day_before + 2 * HOUR);

  /* 09:00 on the 8th and 10:00 on the 9th are 25 hours apart, so 14:00 on
   * the 8th makes two doses in any 24 hours, never three. */
  assert_recorded (f->carer, at_09);
  assert_recorded (f->carer, next_10);
  assert_recorded (f->carer, at_14);
}

static void
test_prn_correction_not_counted_twice (CareFixture *f, gconstpointer data)
{
  g_autofree char *prn = add_prn_task (f);
  g_autoptr(CareRecord) first = new_prn_dose (f, prn, CARE_TEST_NOW - 11 * HOUR - HOUR / 2);   /* 00:30 */
  g_autoptr(CareRecord) second = new_prn_dose (f, prn, CARE_TEST_NOW - 7 * HOUR);            /* 05:00 */
  g_autoptr(CareRecord) edit = NULL;
  g_autoptr(GError) error = NULL;

  assert_recorded (f->carer, first);
  assert_recorded (f->carer, second);
  /* Correcting the time of a dose does not count it against itself. */
  edit = load_admin (f, care_record_get_uuid (second));
  care_record_set_int (edit, "occurred_at", CARE_TEST_NOW - 7 * HOUR + 600);
  g_assert_true (care_session_save (f->carer, edit, "Checked the clock: it was 05:10", &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_version (edit), ==, 2);
}

static void
test_task_not_active_refused (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(CareRecord) proposed = care_test_new_task (f, f->person_uuid, f->cream_type_uuid);
  g_autoptr(CareRecord) b = NULL;
  g_autoptr(GError) error = NULL;

  care_delegation_set_status (f->manager, f->cream_task_uuid, "suspended", "Skin broken: nurse to review", &error);
  g_assert_no_error (error);
  assert_admin_refused (f, f->carer, a, CARE_ERROR_STATE);
  care_record_set_string (a, "outcome", "not_done");
  care_record_set_string (a, "reason_code", "NR");
  assert_admin_refused (f, f->carer, a, CARE_ERROR_STATE);

  care_delegation_propose (f->manager, proposed, &error);
  g_assert_no_error (error);
  b = care_test_new_admin (f, care_record_get_uuid (proposed), "08:00", AT_0805, "done");
  assert_admin_refused (f, f->carer, b, CARE_ERROR_STATE);

  /* Back to active, the same entry goes through. */
  care_delegation_set_status (f->manager, f->cream_task_uuid, "active", NULL, &error);
  g_assert_no_error (error);
  care_record_set_string (a, "outcome", "done");
  assert_recorded (f->carer, a);
}

static void
test_competency_expired (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autofree char *old = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                                             "2025-03-10", "2026-03-09");
  g_autofree char *renewed = NULL;

  assert_admin_refused (f, f->other_carer, a, CARE_ERROR_NOT_COMPETENT);
  /* A sign-off valid until today still counts today. */
  renewed = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                                "2025-03-11", CARE_TEST_TODAY);
  assert_recorded (f->other_carer, a);
}

static void
test_competency_revoked (CareFixture *f, gconstpointer data)
{
  g_autofree char *comp = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                                              "2026-03-01", "2027-02-28");
  g_autoptr(CareRecord) yesterday = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805 - DAY, "done");
  g_autoptr(CareRecord) today = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(GError) error = NULL;

  assert_recorded (f->other_carer, yesterday);
  g_assert_true (care_competency_revoke (f->nurse, comp, "Applied cream to broken skin", &error));
  g_assert_no_error (error);
  assert_admin_refused (f, f->other_carer, today, CARE_ERROR_NOT_COMPETENT);
}

static void
test_competency_for_another_person (CareFixture *f, gconstpointer data)
{
  g_autofree char *arthur = care_test_add_person (f, "Arthur", "Dent", "1941-07-02");
  g_autofree char *comp = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, arthur,
                                              "2026-03-01", "2027-02-28");
  g_autoptr(CareRecord) arthur_task = care_test_new_task (f, arthur, f->cream_type_uuid);
  g_autofree char *arthur_task_uuid = activate_task (f, arthur_task);
  g_autoptr(CareRecord) for_margaret = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(CareRecord) for_arthur = care_test_new_admin (f, arthur_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(GError) error = NULL;

  g_assert_false (care_administration_record (f->other_carer, for_margaret, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_NOT_COMPETENT);
  g_assert_nonnull (strstr (error->message, "with this person"));
  assert_recorded (f->other_carer, for_arthur);
}

static void
test_competency_not_yet_competent (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = care_record_new (CARE_KIND_COMPETENCY);
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(GError) error = NULL;

  care_record_set_string (c, "staff_uuid", f->other_carer_uuid);
  care_record_set_string (c, "task_type_uuid", f->cream_type_uuid);
  care_record_set_string (c, "person_uuid", f->person_uuid);
  care_record_set_string (c, "trained_on", "2026-03-01");
  care_record_set_string (c, "trainer", "Sam Okafor");
  care_record_set_string (c, "assessed_on", "2026-03-02");
  care_record_set_string (c, "outcome", "not_yet_competent");
  care_record_set_string (c, "valid_until", "2027-03-01");
  g_assert_true (care_competency_sign_off (f->nurse, c, &error));
  g_assert_no_error (error);
  assert_admin_refused (f, f->other_carer, a, CARE_ERROR_NOT_COMPETENT);
}

static void
test_late_entry_flagged (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) on_time = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805 - DAY, "done");
  g_autoptr(CareRecord) late = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");

  /* Exactly an hour after is not late. */
  care_store_set_now (f->store, AT_0805 - DAY + HOUR);
  assert_recorded (f->carer, on_time);
  g_assert_false (care_record_get_bool (on_time, "late"));

  /* The entry time is the PC's, whatever the record claims. */
  care_store_set_now (f->store, AT_0805 + HOUR + 1);
  care_record_set_int (late, "entered_at", AT_0805);
  assert_recorded (f->carer, late);
  g_assert_true (care_record_get_bool (late, "late"));
  g_assert_cmpint (care_record_get_int (late, "entered_at"), ==, AT_0805 + HOUR + 1);
  g_assert_cmpint (care_record_get_int (late, "occurred_at"), ==, AT_0805);
}

/* A dose given before its slot was due (the home's due_lead_minutes, an
 * hour by default) is recorded as given, and reads as given early; one
 * given once the slot is due does not, and a when-required dose has no
 * slot to be early for. */
static void
test_early_dose (CareFixture *f, gconstpointer data)
{
  gint64 lead = care_administration_due_lead_seconds (f->store);
  gint64 slot_0800 = AT_0805 - 5 * 60;
  g_autoptr(CareRecord) early = care_test_new_admin (f, f->cream_task_uuid, "08:00", slot_0800 - lead - 60, "done");

  g_assert_cmpint (lead, ==, HOUR);
  g_assert_false (care_administration_is_early ("2026-03-10", "08:00", slot_0800 - lead, lead));
  g_assert_true (care_administration_is_early ("2026-03-10", "08:00", slot_0800 - lead - 1, lead));
  g_assert_false (care_administration_is_early ("2026-03-10", NULL, slot_0800 - 10 * HOUR, lead));
  g_assert_false (care_administration_is_early ("2026-03-10", "", slot_0800 - 10 * HOUR, lead));
  /* A home that lets doses count as due three hours ahead. */
  g_assert_true (care_store_set_setting (f->store, "due_lead_minutes", "180", NULL));
  g_assert_cmpint (care_administration_due_lead_seconds (f->store), ==, 3 * HOUR);
  g_assert_true (care_store_set_setting (f->store, "due_lead_minutes", "60", NULL));

  assert_recorded (f->carer, early);
  g_assert_true (care_administration_is_early (care_record_get_string (early, "slot_date"),
                                               care_record_get_string (early, "slot_time"),
                                               care_record_get_int (early, "occurred_at"), lead));
}

static void
test_performer_is_signed_in_actor (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");
  g_autoptr(CareRecord) stored = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *actor_name = NULL;

  /* The record claims someone else did it; the core records who signed in. */
  care_record_set_string (a, "performer_uuid", f->other_carer_uuid);
  assert_recorded (f->carer, a);
  stored = load_admin (f, care_record_get_uuid (a));
  g_assert_cmpstr (care_record_get_string (stored, "performer_uuid"), ==, f->carer_uuid);
  g_assert_cmpstr (care_record_get_recorded_by (stored), ==, f->carer_uuid);
  actor = event_text (f, care_record_get_uuid (a), 1, "actor_uuid");
  actor_name = event_text (f, care_record_get_uuid (a), 1, "actor_name");
  g_assert_cmpstr (actor, ==, f->carer_uuid);
  g_assert_cmpstr (actor_name, ==, "Alex Carer");
}

static char *
record_done_0805 (CareFixture *f)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");

  assert_recorded (f->carer, a);
  return g_strdup (care_record_get_uuid (a));
}

static void
test_correction_by_performer (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) edit = load_admin (f, uuid);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *changed = NULL;

  care_record_set_string (edit, "observations", "Redness spreading above the ankle.");
  care_record_set_bool (edit, "escalate", TRUE);
  g_assert_true (care_session_save (f->carer, edit, "Forgot to note the redness", &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_version (edit), ==, 2);

  versions = care_store_load_versions (f->store, CARE_KIND_ADMINISTRATION, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_false (care_record_has (g_ptr_array_index (versions, 0), "observations"));
  g_assert_cmpstr (care_record_get_string (g_ptr_array_index (versions, 1), "observations"), ==,
                   "Redness spreading above the ankle.");
  g_assert_cmpstr (care_record_get_string (g_ptr_array_index (versions, 1), "performer_uuid"), ==, f->carer_uuid);

  action = event_text (f, uuid, 2, "action");
  reason = event_text (f, uuid, 2, "reason");
  changed = event_text (f, uuid, 2, "changed");
  g_assert_cmpstr (action, ==, "correct");
  g_assert_cmpstr (reason, ==, "Forgot to note the redness");
  g_assert_cmpstr (changed, ==, "[\"observations\",\"escalate\"]");
}

static void
test_correction_needs_reason (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) edit = load_admin (f, uuid);

  care_record_set_string (edit, "observations", "Skin dry.");
  assert_save_refused (f, f->carer, edit, NULL, CARE_ERROR_REQUIRED);
  assert_save_refused (f, f->carer, edit, "   ", CARE_ERROR_REQUIRED);
  g_assert_cmpint (care_record_get_version (edit), ==, 1);
}

static void
test_correction_by_other_carer_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) edit = load_admin (f, uuid);

  care_record_set_string (edit, "observations", "Skin dry.");
  assert_save_refused (f, f->other_carer, edit, "Saw it myself", CARE_ERROR_PERMISSION);
  assert_save_refused (f, f->senior, edit, "Saw it myself", CARE_ERROR_PERMISSION);
}

static void
test_correction_by_manager (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) edit = load_admin (f, uuid);
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set_string (edit, "observations", "Skin dry.");
  g_assert_true (care_session_save (f->manager, edit, "Added from the handover notes", &error));
  g_assert_no_error (error);
  stored = load_admin (f, uuid);
  g_assert_cmpint (care_record_get_version (stored), ==, 2);
  g_assert_cmpstr (care_record_get_recorded_by (stored), ==, f->manager_uuid);
  g_assert_cmpstr (care_record_get_string (stored, "performer_uuid"), ==, f->carer_uuid);
}

static void
test_correction_cannot_change_performer (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) edit = load_admin (f, uuid);

  care_record_set_string (edit, "performer_uuid", f->other_carer_uuid);
  assert_save_refused (f, f->manager, edit, "It was Bea, not Alex", CARE_ERROR_STATE);
  g_clear_object (&edit);
  edit = load_admin (f, uuid);
  care_record_set_int (edit, "entered_at", AT_0805);
  assert_save_refused (f, f->carer, edit, "I wrote it down at the time", CARE_ERROR_STATE);
}

static void
test_correction_after_task_suspended (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) edit = load_admin (f, uuid);
  g_autoptr(GError) error = NULL;

  /* The task stopping later does not freeze what was recorded before. */
  care_delegation_set_status (f->nurse, f->cream_task_uuid, "suspended", "Skin broken: stop for now", &error);
  g_assert_no_error (error);
  care_record_set_string (edit, "observations", "Small break in the skin on the shin.");
  care_session_save (f->carer, edit, "Forgot to note it at the time", &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_version (edit), ==, 2);
}

static void
test_stale_version_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) mine = load_admin (f, uuid);
  g_autoptr(CareRecord) theirs = load_admin (f, uuid);
  g_autoptr(GError) error = NULL;

  care_record_set_string (mine, "observations", "Skin dry.");
  g_assert_true (care_session_save (f->carer, mine, "Added what I noticed", &error));
  g_assert_no_error (error);
  care_record_set_string (theirs, "observations", "Skin red.");
  assert_save_refused (f, f->manager, theirs, "Added from the handover notes", CARE_ERROR_STALE);
  g_assert_cmpint (care_record_get_version (theirs), ==, 1);
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM administration"), ==, 2);
}

static void
test_entered_in_error (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);
  g_autofree char *action = NULL;
  g_autofree char *reason = NULL;

  g_assert_false (care_session_mark_entered_in_error (f->carer, CARE_KIND_ADMINISTRATION, uuid, NULL, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (care_session_mark_entered_in_error (f->other_carer, CARE_KIND_ADMINISTRATION, uuid,
                                                      "Not mine but wrong", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (total_rows (f), ==, before);

  g_assert_true (care_session_mark_entered_in_error (f->carer, CARE_KIND_ADMINISTRATION, uuid,
                                                     "Recorded on the wrong person's chart", &error));
  g_assert_no_error (error);
  stored = load_admin (f, uuid);
  g_assert_cmpint (care_record_get_version (stored), ==, 2);
  g_assert_true (care_record_is_entered_in_error (stored));
  action = event_text (f, uuid, 2, "action");
  reason = event_text (f, uuid, 2, "reason");
  g_assert_cmpstr (action, ==, "entered_in_error");
  g_assert_cmpstr (reason, ==, "Recorded on the wrong person's chart");

  before = total_rows (f);
  g_assert_false (care_session_mark_entered_in_error (f->carer, CARE_KIND_ADMINISTRATION, uuid,
                                                      "Again", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_STATE);
  g_clear_error (&error);
  /* An entry in error is not corrected either. */
  care_record_set_string (stored, "observations", "Skin dry.");
  g_assert_false (care_session_save (f->carer, stored, "Adding a note", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_STATE);
  g_assert_cmpint (total_rows (f), ==, before);
}

static void
test_manager_marks_in_error (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_session_mark_entered_in_error (f->manager, CARE_KIND_ADMINISTRATION, uuid,
                                                     "Duplicate of the paper MAR entry", &error));
  g_assert_no_error (error);
  stored = load_admin (f, uuid);
  g_assert_true (care_record_is_entered_in_error (stored));
  g_assert_cmpstr (care_record_get_recorded_by (stored), ==, f->manager_uuid);
}

static void
test_entered_in_error_frees_slot (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = record_done_0805 (f);
  g_autoptr(CareRecord) again = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805 + 600, "done");
  g_autoptr(GError) error = NULL;

  assert_admin_refused (f, f->carer, again, CARE_ERROR_DUPLICATE_SLOT);
  g_assert_true (care_session_mark_entered_in_error (f->carer, CARE_KIND_ADMINISTRATION, uuid,
                                                     "Recorded against the wrong time", &error));
  g_assert_no_error (error);
  assert_recorded (f->carer, again);
  g_assert_false (care_record_get_bool (again, "extra"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/administration/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  ADD ("done-by-competent-carer", test_done_by_competent_carer);
  ADD ("not-competent-refused", test_not_competent_refused);
  ADD ("duplicate-slot-refused", test_duplicate_slot_refused);
  ADD ("future-refused", test_future_refused);
  ADD ("not-done/needs-reason", test_not_done_needs_reason);
  ADD ("not-done/unknown-reason-code", test_unknown_reason_code);
  ADD ("not-done/other-needs-text", test_other_needs_text);
  ADD ("not-done/needs-no-competency", test_not_done_needs_no_competency);
  ADD ("done/topical-needs-site", test_topical_needs_site);
  ADD ("done/variable-dose-needs-dose", test_variable_dose_needs_dose);
  ADD ("done/witness-required", test_witness_required);
  ADD ("slot-time-must-be-scheduled", test_slot_time_must_be_scheduled);
  ADD ("prn/maximum", test_prn_maximum);
  ADD ("prn/interval", test_prn_interval);
  ADD ("prn/interval-both-sides", test_prn_interval_both_sides);
  ADD ("prn/maximum-counts-later-doses", test_prn_maximum_counts_later_doses);
  ADD ("prn/window-is-24-hours", test_prn_window_is_24_hours);
  ADD ("prn/correction-not-counted-twice", test_prn_correction_not_counted_twice);
  ADD ("task-not-active-refused", test_task_not_active_refused);
  ADD ("competency/expired", test_competency_expired);
  ADD ("competency/revoked", test_competency_revoked);
  ADD ("competency/another-person", test_competency_for_another_person);
  ADD ("competency/not-yet-competent", test_competency_not_yet_competent);
  ADD ("late-entry-flagged", test_late_entry_flagged);
  ADD ("early-dose", test_early_dose);
  ADD ("performer-is-signed-in-actor", test_performer_is_signed_in_actor);
  ADD ("correction/by-performer", test_correction_by_performer);
  ADD ("correction/needs-reason", test_correction_needs_reason);
  ADD ("correction/other-carer-refused", test_correction_by_other_carer_refused);
  ADD ("correction/by-manager", test_correction_by_manager);
  ADD ("correction/cannot-change-performer", test_correction_cannot_change_performer);
  ADD ("correction/after-task-suspended", test_correction_after_task_suspended);
  ADD ("correction/stale-version-refused", test_stale_version_refused);
  ADD ("entered-in-error/by-performer", test_entered_in_error);
  ADD ("entered-in-error/by-manager", test_manager_marks_in_error);
  ADD ("entered-in-error/frees-slot", test_entered_in_error_frees_slot);
  return g_test_run ();
}
