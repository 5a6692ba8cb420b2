/* test-rules.c: the rules the core enforces, each with the input that breaks
 * it, the exact error code and a check that nothing was written
 *
 * Where it is cheap, a refusal is followed by the corrected input going
 * through, so each test passes only because of the rule it names.
 */
#include "config.h"

#include "care-test-util.h"

/* Every row of every record table and of the event log. */
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

/* Runs @call, which reports into error_, and asserts it was refused with
 * @code and wrote nothing. */
#define REFUSED(f, code, call) \
  G_STMT_START { \
    g_autoptr(GError) error_ = NULL; \
    gint64 before_ = total_rows (f); \
    g_assert_false (call); \
    g_assert_error (error_, CARE_ERROR, (int) (code)); \
    g_assert_cmpint (total_rows (f), ==, before_); \
  } G_STMT_END

#define ALLOWED(call) \
  G_STMT_START { \
    g_autoptr(GError) error_ = NULL; \
    gboolean ok_ = (call); \
    g_assert_no_error (error_); \
    g_assert_true (ok_); \
  } G_STMT_END

#define SAVE(session, record, reason) care_session_save (session, record, reason, &error_)

static CareRecord *
load (CareFixture *f,
      CareKind     kind,
      const char  *uuid)
{
  g_autoptr(GError) error = NULL;
  CareRecord *r = care_store_load (f->store, kind, uuid, &error);

  g_assert_no_error (error);
  return r;
}

/* ======================== people and staff ======================== */

static CareRecord *
new_person (const char *given,
            const char *dob,
            const char *nhs)
{
  CareRecord *r = care_record_new (CARE_KIND_PERSON);

  care_record_set_string (r, "given_name", given);
  care_record_set_string (r, "family_name", "Dent");
  care_record_set_string (r, "date_of_birth", dob);
  care_record_set_string (r, "nhs_number", nhs);
  care_record_set_string (r, "status", "active");
  return r;
}

static void
test_nhs_check_digit (void)
{
  static const char * const valid[] = { "9434765919", "9912003888", "9434765080", NULL };
  static const char * const invalid[] = {
    "9434765918", "4123456879", "9912003814", "943476591", "94347659190", "943476591a", "", NULL
  };

  for (guint i = 0; valid[i]; i++)
    g_assert_true (care_nhs_number_is_valid (valid[i]));
  for (guint i = 0; invalid[i]; i++)
    g_assert_false (care_nhs_number_is_valid (invalid[i]));
  g_assert_false (care_nhs_number_is_valid (NULL));
  /* The first nine digits of 943476503? give a check digit of 10: no last
   * digit can make them valid. */
  for (char last = '0'; last <= '9'; last++)
    {
      char number[] = "943476503?";
      number[9] = last;
      g_assert_false (care_nhs_number_is_valid (number));
    }
}

static void
test_nhs_number_refused (CareFixture *f, gconstpointer data)
{
  static const char * const invalid[] = { "9434765918", "4123456879", "9912003814", "9434765030", "943 476 591", NULL };
  static const char * const valid[] = { "9434765919", "9912003888", "9434765080", NULL };

  for (guint i = 0; invalid[i]; i++)
    {
      g_autoptr(CareRecord) p = new_person ("Arthur", "1941-07-02", invalid[i]);
      REFUSED (f, CARE_ERROR_NHS_NUMBER, SAVE (f->manager, p, NULL));
    }
  for (guint i = 0; valid[i]; i++)
    {
      g_autoptr(CareRecord) p = new_person ("Arthur", "1941-07-02", valid[i]);
      ALLOWED (SAVE (f->manager, p, NULL));
    }
}

static void
test_nhs_number_duplicate (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) first = new_person ("Arthur", "1941-07-02", "9434765919");
  g_autoptr(CareRecord) second = new_person ("Ford", "1950-01-01", "943 476 5919");
  g_autoptr(CareRecord) edit = NULL;

  ALLOWED (SAVE (f->manager, first, NULL));
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, second, NULL));
  /* A person's own number is no duplicate of itself. */
  edit = load (f, CARE_KIND_PERSON, care_record_get_uuid (first));
  care_record_set_string (edit, "room", "Room 3");
  ALLOWED (SAVE (f->manager, edit, "Moved rooms"));
  /* Once the first entry is in error, the number is free. */
  ALLOWED (care_session_mark_entered_in_error (f->manager, CARE_KIND_PERSON, care_record_get_uuid (first),
                                               "Admitted twice by mistake", &error_));
  ALLOWED (SAVE (f->manager, second, NULL));
}

static void
test_date_of_birth_range (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = new_person ("Arthur", "2026-03-11", NULL);

  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, p, NULL));
  care_record_set_string (p, "date_of_birth", "1900-01-01");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, p, NULL));
  care_record_set_string (p, "date_of_birth", "1941-07-02");
  care_record_set_string (p, "admitted_on", "2026-03-11");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, p, NULL));
  care_record_set_string (p, "admitted_on", CARE_TEST_TODAY);
  ALLOWED (SAVE (f->manager, p, NULL));
}

static void
test_age_16_17 (void)
{
  static const struct { const char *dob; gboolean flagged; } cases[] = {
    { "2010-03-11", FALSE },   /* 15, 16 tomorrow */
    { "2010-03-10", TRUE },    /* 16 today */
    { "2008-03-11", TRUE },    /* 17, 18 tomorrow */
    { "2008-03-10", FALSE },   /* 18 today */
    { "1938-05-14", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CareRecord) p = new_person ("Sam", cases[i].dob, NULL);
      g_assert_cmpint (care_person_is_16_or_17 (p, CARE_TEST_TODAY), ==, cases[i].flagged);
    }
}

/* The record names someone else as screener on purpose: the core records
 * whoever is signed in. */
static CareRecord *
new_screening (CareFixture *f,
               const char  *person_uuid)
{
  CareRecord *r = care_record_new (CARE_KIND_LIBERTY_SCREENING);

  care_record_set_string (r, "person_uuid", person_uuid);
  care_record_set_string (r, "screened_by", f->senior_uuid);
  care_record_set_string (r, "screened_on", "2026-03-09");
  care_record_set_string (r, "capacity", "has_capacity");
  care_record_set_string (r, "supervision_level", "intermittent");
  care_record_set_string (r, "free_to_leave", "yes");
  care_record_set_string (r, "setting", "care_home");
  care_record_set_string (r, "outcome", "no_referral");
  care_record_set_string (r, "rationale", "Has capacity and agreed to the arrangements.");
  return r;
}

static void
test_screening_sets_age_flag (CareFixture *f, gconstpointer data)
{
  g_autofree char *young = care_test_add_person (f, "Kai", "Young", "2009-06-01");
  g_autoptr(CareRecord) s = new_screening (f, young);
  g_autoptr(CareRecord) t = new_screening (f, f->person_uuid);

  /* The flag is the core's to set, whatever the record says. */
  care_record_set_bool (s, "age_16_17", FALSE);
  ALLOWED (SAVE (f->carer, s, NULL));
  g_assert_true (care_record_get_bool (s, "age_16_17"));
  care_record_set_bool (t, "age_16_17", TRUE);
  ALLOWED (SAVE (f->carer, t, NULL));
  g_assert_false (care_record_get_bool (t, "age_16_17"));
}

static CareRecord *
new_staff (CareFixture *f,
           const char  *role)
{
  CareRecord *r = care_record_new (CARE_KIND_STAFF);
  g_autoptr(CareRecord) carer = load (f, CARE_KIND_STAFF, f->carer_uuid);

  care_record_set_string (r, "name", "Dana Visiting");
  care_record_set_string (r, "role", role);
  care_record_set_string (r, "pin_hash", care_record_get_string (carer, "pin_hash"));
  care_record_set_bool (r, "active", TRUE);
  return r;
}

static void
test_practitioner_needs_register (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) s = new_staff (f, "registered_practitioner");

  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, s, NULL));
  care_record_set_string (s, "register_body", "NMC");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, s, NULL));
  care_record_unset (s, "register_body");
  care_record_set_string (s, "register_number", "98B7654C");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, s, NULL));
  care_record_set_string (s, "register_body", "NMC");
  care_record_set_string (s, "register_number", "12-34");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, s, NULL));
  care_record_set_string (s, "register_number", "98B7654C");
  ALLOWED (SAVE (f->manager, s, NULL));
}

static void
test_staff_needs_pin_hash (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) s = new_staff (f, "care_worker");

  care_record_set_string (s, "pin_hash", "2468");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, s, NULL));
  care_record_unset (s, "pin_hash");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, s, NULL));
}

static void
test_manager_cannot_deactivate_self (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) me = load (f, CARE_KIND_STAFF, f->manager_uuid);
  g_autoptr(CareRecord) carer = load (f, CARE_KIND_STAFF, f->carer_uuid);

  care_record_set_bool (me, "active", FALSE);
  REFUSED (f, CARE_ERROR_STATE, SAVE (f->manager, me, "Leaving"));
  care_record_set_bool (carer, "active", FALSE);
  ALLOWED (SAVE (f->manager, carer, "Left the home"));
}

static void
test_only_managers_manage (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) staff = new_staff (f, "care_worker");
  g_autoptr(CareRecord) person = new_person ("Arthur", "1941-07-02", NULL);
  g_autoptr(CareRecord) type = care_store_find_current (f->store, CARE_KIND_TASK_TYPE, "code", "eye-drops", NULL);
  g_autoptr(CareRecord) reason = care_store_find_current (f->store, CARE_KIND_REASON_CODE, "code", "R", NULL);
  g_autoptr(CareRecord) question = care_store_find_current (f->store, CARE_KIND_MATRIX_QUESTION, "code", "stable", NULL);
  g_autoptr(CareRecord) setting = care_store_get_setting_record (f->store);
  g_autoptr(GError) error = NULL;

  g_assert_false (care_session_save (f->carer, staff, NULL, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Only a manager"));
  g_assert_nonnull (strstr (error->message, "Alex Carer"));
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->senior, staff, NULL));
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->nurse, staff, NULL));
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->carer, person, NULL));
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->nurse, person, NULL));
  care_record_set_int (type, "grace_minutes", 30);
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->senior, type, "Shorter window"));
  care_record_set_string (reason, "label", "Declined");
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->carer, reason, "Wording"));
  care_record_set_int (question, "ordinal", 5);
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->nurse, question, "Order"));
  care_record_set_string (setting, "address", "1 Oak Lane");
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->carer, setting, "Address"));

  ALLOWED (SAVE (f->manager, staff, NULL));
  ALLOWED (SAVE (f->manager, person, NULL));
  ALLOWED (SAVE (f->manager, type, "Shorter window"));
  ALLOWED (SAVE (f->manager, reason, "Wording"));
  ALLOWED (SAVE (f->manager, question, "Order"));
  ALLOWED (SAVE (f->manager, setting, "Address"));
}

static void
test_cqc_location_id (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (f->store);

  care_record_set_string (setting, "cqc_location_id", "1-12345");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, setting, "CQC ID"));
  care_record_set_string (setting, "cqc_location_id", "123456789");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, setting, "CQC ID"));
  care_record_set_string (setting, "cqc_location_id", "1-123456789");
  ALLOWED (SAVE (f->manager, setting, "CQC ID"));
}

static void
test_one_care_setting (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) second = care_record_new (CARE_KIND_SETTING);

  care_record_set_string (second, "name", "Elm House");
  care_record_set_string (second, "service_type", "home_care");
  REFUSED (f, CARE_ERROR_STATE, SAVE (f->manager, second, NULL));
}

static CareRecord *
new_task_type (const char *code)
{
  CareRecord *r = care_record_new (CARE_KIND_TASK_TYPE);

  care_record_set_string (r, "code", code);
  care_record_set_string (r, "name", "Suppositories");
  care_record_set_string (r, "category", "Medicines");
  care_record_set_bool (r, "delegable", TRUE);
  care_record_set_int (r, "validity_months", 12);
  care_record_set_int (r, "grace_minutes", 60);
  care_record_set_bool (r, "active", TRUE);
  return r;
}

static void
test_non_delegable_type_needs_reason (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) type = new_task_type ("suppositories");

  care_record_set_bool (type, "delegable", FALSE);
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, type, NULL));
  care_record_set_string (type, "not_delegable_reason", "Our insurer does not cover it.");
  ALLOWED (SAVE (f->manager, type, NULL));
}

static void
test_catalogue_codes_unique (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) type = new_task_type ("topical-cream");
  g_autoptr(CareRecord) reason = care_record_new (CARE_KIND_REASON_CODE);
  g_autoptr(CareRecord) question = care_record_new (CARE_KIND_MATRIX_QUESTION);
  g_autoptr(CareRecord) cream = load (f, CARE_KIND_TASK_TYPE, f->cream_type_uuid);

  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, type, NULL));
  care_record_set_string (reason, "code", "R");
  care_record_set_string (reason, "label", "Refused again");
  care_record_set_string (reason, "canonical", "refused");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, reason, NULL));
  care_record_set_string (question, "code", "stable");
  care_record_set_string (question, "question", "Stable?");
  care_record_set_int (question, "ordinal", 1);
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, question, NULL));
  /* Correcting an entry keeps its own code. */
  care_record_set_int (cream, "grace_minutes", 90);
  ALLOWED (SAVE (f->manager, cream, "Longer window"));
  care_record_set_string (type, "code", "suppositories");
  ALLOWED (SAVE (f->manager, type, NULL));
}

/* ======================== delegation ======================== */

static CareRecord *
new_task (CareFixture *f)
{
  CareRecord *task = care_test_new_task (f, f->person_uuid, f->cream_type_uuid);

  care_record_set_string (task, "status", "proposed");
  return task;
}

static char *
propose (CareFixture *f,
         const char  *type_uuid)
{
  g_autoptr(CareRecord) task = care_test_new_task (f, f->person_uuid, type_uuid);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_delegation_propose (f->manager, task, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (task));
}

static char *
propose_and_accept (CareFixture *f)
{
  char *uuid = propose (f, f->cream_type_uuid);
  g_autoptr(GHashTable) yes = care_test_all_yes (f);

  ALLOWED (care_delegation_accept (f->manager, uuid, yes, &error_));
  return uuid;
}

static const char *
task_status (CareFixture *f,
             const char  *uuid)
{
  g_autoptr(CareRecord) task = load (f, CARE_KIND_DELEGATED_TASK, uuid);

  return g_intern_string (care_record_get_string (task, "status"));
}

static void
test_new_task_starts_proposed (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_task (f);
  g_autoptr(CareRecord) via_propose = new_task (f);

  care_record_set_string (task, "status", "active");
  REFUSED (f, CARE_ERROR_STATE, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "status", "accepted");
  REFUSED (f, CARE_ERROR_STATE, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "status", "proposed");
  ALLOWED (SAVE (f->manager, task, NULL));
  care_record_set_string (via_propose, "status", "active");
  ALLOWED (care_delegation_propose (f->manager, via_propose, &error_));
  g_assert_cmpstr (task_status (f, care_record_get_uuid (via_propose)), ==, "proposed");
}

static void
test_who_may_propose (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_task (f);

  REFUSED (f, CARE_ERROR_PERMISSION, care_delegation_propose (f->carer, task, &error_));
  REFUSED (f, CARE_ERROR_PERMISSION, care_delegation_propose (f->senior, task, &error_));
  ALLOWED (care_delegation_propose (f->nurse, task, &error_));
}

static void
test_schedule_times (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_task (f);

  care_record_unset (task, "schedule_times");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "schedule_times", " , ");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "schedule_times", "8am, 20:00");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "schedule_times", "08:00,24:00");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "schedule_times", "08:00, 20:00, 08:00");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "schedule_times", "20:00, 08:00");
  ALLOWED (SAVE (f->manager, task, NULL));
}

static void
test_schedule_interval (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_task (f);
  g_auto(GStrv) times = NULL;

  care_record_set_string (task, "schedule_kind", "interval");
  care_record_unset (task, "schedule_times");
  care_record_set_int (task, "interval_hours", 6);
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, task, NULL));
  care_record_unset (task, "interval_hours");
  care_record_set_string (task, "first_time", "06:00");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, task, NULL));
  care_record_set_int (task, "interval_hours", 6);
  ALLOWED (SAVE (f->manager, task, NULL));
  times = care_delegation_slot_times (task, CARE_TEST_TODAY);
  g_assert_cmpstrv (times, ((const char * const []) { "00:00", "06:00", "12:00", "18:00", NULL }));
}

static void
test_schedule_prn (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_task (f);

  care_record_set_string (task, "schedule_kind", "prn");
  care_record_unset (task, "schedule_times");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, task, NULL));
  care_record_set_int (task, "prn_max_24h", 25);
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, task, NULL));
  care_record_set_int (task, "prn_max_24h", 4);
  ALLOWED (SAVE (f->manager, task, NULL));
}

static void
test_task_dates (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_task (f);

  care_record_set_string (task, "start_date", "2026-02-28");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "start_date", "2026-03-01");
  care_record_set_string (task, "end_date", "2026-02-28");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, task, NULL));
  care_record_unset (task, "end_date");
  care_record_set_string (task, "delegated_on", "2026-03-11");
  care_record_set_string (task, "start_date", "2026-03-12");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, task, NULL));
  care_record_set_string (task, "delegated_on", "2026-03-01");
  care_record_set_string (task, "mdt_date", "2026-03-11");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, task, NULL));
  /* Starting on the day it is delegated, or later, is fine. */
  care_record_set_string (task, "mdt_date", "2026-02-27");
  care_record_set_string (task, "start_date", "2026-03-01");
  ALLOWED (SAVE (f->manager, task, NULL));
}

static void
test_task_for_person_who_left (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) person = load (f, CARE_KIND_PERSON, f->person_uuid);
  g_autoptr(CareRecord) task = new_task (f);

  care_record_set_string (person, "status", "left");
  ALLOWED (SAVE (f->manager, person, "Moved to her daughter's"));
  REFUSED (f, CARE_ERROR_INACTIVE, care_delegation_propose (f->manager, task, &error_));
}

static void
test_only_manager_accepts (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = propose (f, f->cream_type_uuid);
  g_autoptr(GHashTable) yes = care_test_all_yes (f);

  REFUSED (f, CARE_ERROR_PERMISSION, care_delegation_accept (f->nurse, uuid, yes, &error_));
  REFUSED (f, CARE_ERROR_PERMISSION, care_delegation_accept (f->senior, uuid, yes, &error_));
  REFUSED (f, CARE_ERROR_PERMISSION, care_delegation_accept (f->carer, uuid, yes, &error_));
  REFUSED (f, CARE_ERROR_PERMISSION, care_delegation_decline (f->nurse, uuid, "Not stable", yes, &error_));
  g_assert_cmpstr (task_status (f, uuid), ==, "proposed");
  ALLOWED (care_delegation_accept (f->manager, uuid, yes, &error_));
  g_assert_cmpstr (task_status (f, uuid), ==, "accepted");
}

static void
test_non_delegable_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = propose (f, f->iv_type_uuid);
  g_autoptr(GHashTable) yes = care_test_all_yes (f);
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_assert_false (care_delegation_accept (f->manager, uuid, yes, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_NOT_DELEGABLE);
  g_assert_nonnull (strstr (error->message, "Intravenous drugs"));
  g_assert_nonnull (strstr (error->message,
                            "Intravenous drugs are given only by registered practitioners; "
                            "they are never delegated to care staff."));
  g_assert_cmpint (total_rows (f), ==, before);
  g_assert_cmpstr (task_status (f, uuid), ==, "proposed");
  ALLOWED (care_delegation_decline (f->manager, uuid, "IV drugs stay with the nursing team", NULL, &error_));
  g_assert_cmpstr (task_status (f, uuid), ==, "declined");
}

static void
test_matrix_missing_answer (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = propose (f, f->cream_type_uuid);
  g_autoptr(GHashTable) answers = care_test_all_yes (f);
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_hash_table_remove (answers, "consent");
  g_assert_false (care_delegation_accept (f->manager, uuid, answers, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_MATRIX);
  g_assert_nonnull (strstr (error->message, "Has the person consented, or is a best-interests decision recorded?"));
  g_assert_cmpint (total_rows (f), ==, before);
  REFUSED (f, CARE_ERROR_MATRIX, care_delegation_accept (f->manager, uuid, NULL, &error_));
  g_assert_cmpstr (task_status (f, uuid), ==, "proposed");
}

static void
test_matrix_no_answer (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = propose (f, f->cream_type_uuid);
  g_autoptr(GHashTable) answers = care_test_all_yes (f);
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_hash_table_insert (answers, (gpointer) "stable", (gpointer) "no");
  g_assert_false (care_delegation_accept (f->manager, uuid, answers, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_MATRIX);
  g_assert_nonnull (strstr (error->message, "Is the person's condition stable and predictable?"));
  g_assert_cmpint (total_rows (f), ==, before);
  g_hash_table_insert (answers, (gpointer) "stable", (gpointer) "unclear");
  REFUSED (f, CARE_ERROR_MATRIX, care_delegation_accept (f->manager, uuid, answers, &error_));
  g_hash_table_insert (answers, (gpointer) "stable", (gpointer) "yes");
  ALLOWED (care_delegation_accept (f->manager, uuid, answers, &error_));
}

static void
test_matrix_is_configurable (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = propose (f, f->cream_type_uuid);
  g_autoptr(GHashTable) answers = care_test_all_yes (f);
  g_autoptr(CareRecord) question = care_record_new (CARE_KIND_MATRIX_QUESTION);
  g_autoptr(CareRecord) indemnity = care_store_find_current (f->store, CARE_KIND_MATRIX_QUESTION, "code", "indemnity", NULL);

  care_record_set_string (question, "code", "equipment");
  care_record_set_string (question, "question", "Is the equipment in the home and in date?");
  care_record_set_int (question, "ordinal", 90);
  care_record_set_bool (question, "active", TRUE);
  ALLOWED (SAVE (f->manager, question, NULL));
  REFUSED (f, CARE_ERROR_MATRIX, care_delegation_accept (f->manager, uuid, answers, &error_));

  /* A retired question is no longer asked. */
  care_record_set_bool (indemnity, "active", FALSE);
  ALLOWED (SAVE (f->manager, indemnity, "Covered by the provider's policy"));
  g_hash_table_remove (answers, "indemnity");
  g_hash_table_insert (answers, (gpointer) "equipment", (gpointer) "yes");
  ALLOWED (care_delegation_accept (f->manager, uuid, answers, &error_));
}

static void
test_accept_records_decision (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = propose_and_accept (f);
  g_autoptr(CareRecord) task = load (f, CARE_KIND_DELEGATED_TASK, uuid);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *answers;

  g_assert_cmpstr (care_record_get_string (task, "status"), ==, "accepted");
  g_assert_cmpstr (care_record_get_string (task, "decided_by"), ==, f->manager_uuid);
  g_assert_cmpint (care_record_get_int (task, "decided_at"), ==, CARE_TEST_NOW);
  g_assert_true (json_parser_load_from_data (parser, care_record_get_string (task, "matrix_answers"), -1, NULL));
  answers = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (answers), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (answers, "indemnity"), ==, "yes");
  g_assert_cmpint (care_test_count_rows (f->store,
    "SELECT count(*) FROM events WHERE action = 'accept' AND entity_version = 2"), ==, 2);
}

static void
test_decline_needs_reason (CareFixture *f, gconstpointer data)
{
  g_autofree char *uuid = propose (f, f->cream_type_uuid);
  g_autoptr(GHashTable) answers = care_test_all_yes (f);
  g_autoptr(CareRecord) task = NULL;
  g_autofree char *sql = NULL;

  g_hash_table_insert (answers, (gpointer) "stable", (gpointer) "no");
  REFUSED (f, CARE_ERROR_REQUIRED, care_delegation_decline (f->manager, uuid, NULL, answers, &error_));
  REFUSED (f, CARE_ERROR_REQUIRED, care_delegation_decline (f->manager, uuid, "  ", answers, &error_));
  ALLOWED (care_delegation_decline (f->manager, uuid, "Skin condition not yet stable", answers, &error_));
  task = load (f, CARE_KIND_DELEGATED_TASK, uuid);
  g_assert_cmpstr (care_record_get_string (task, "status"), ==, "declined");
  g_assert_cmpstr (care_record_get_string (task, "status_reason"), ==, "Skin condition not yet stable");
  g_assert_cmpstr (care_record_get_string (task, "decided_by"), ==, f->manager_uuid);
  g_assert_nonnull (strstr (care_record_get_string (task, "matrix_answers"), "\"stable\":\"no\""));
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE entity_uuid = '%s' AND action = 'decline' "
                         "AND reason = 'Skin condition not yet stable'", uuid);
  g_assert_cmpint (care_test_count_rows (f->store, sql), ==, 1);
}

static void
test_lifecycle_table (void)
{
  static const char * const statuses[] = { "proposed", "accepted", "declined", "active", "suspended", "withdrawn", "ended", NULL };
  static const char * const allowed[] = {
    "proposed>accepted", "proposed>declined", "accepted>active", "accepted>withdrawn", "accepted>ended",
    "active>suspended", "active>withdrawn", "active>ended", "suspended>active", "suspended>withdrawn",
    "suspended>ended", NULL
  };

  for (guint i = 0; statuses[i]; i++)
    for (guint j = 0; statuses[j]; j++)
      {
        g_autofree char *pair = g_strdup_printf ("%s>%s", statuses[i], statuses[j]);
        g_assert_cmpint (care_delegation_can_transition (statuses[i], statuses[j]), ==,
                         g_strv_contains (allowed, pair));
      }
}

static void
test_lifecycle_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *proposed = propose (f, f->cream_type_uuid);
  g_autofree char *declined = propose (f, f->cream_type_uuid);
  g_autofree char *withdrawn = propose_and_accept (f);
  g_autoptr(GHashTable) yes = care_test_all_yes (f);

  REFUSED (f, CARE_ERROR_STATE, care_delegation_set_status (f->manager, proposed, "active", NULL, &error_));
  REFUSED (f, CARE_ERROR_STATE, care_delegation_set_status (f->manager, proposed, "accepted", NULL, &error_));
  REFUSED (f, CARE_ERROR_STATE, care_delegation_set_status (f->manager, proposed, "declined", "No", &error_));

  ALLOWED (care_delegation_decline (f->manager, declined, "Not needed", NULL, &error_));
  REFUSED (f, CARE_ERROR_STATE, care_delegation_accept (f->manager, declined, yes, &error_));
  REFUSED (f, CARE_ERROR_STATE, care_delegation_set_status (f->manager, declined, "active", NULL, &error_));

  ALLOWED (care_delegation_set_status (f->manager, withdrawn, "withdrawn", "Discharged", &error_));
  REFUSED (f, CARE_ERROR_STATE, care_delegation_set_status (f->manager, withdrawn, "active", NULL, &error_));
  REFUSED (f, CARE_ERROR_STATE, care_delegation_accept (f->manager, withdrawn, yes, &error_));

  /* The allowed path, for the cream task the fixture started. */
  ALLOWED (care_delegation_set_status (f->manager, f->cream_task_uuid, "suspended", "Skin broken", &error_));
  ALLOWED (care_delegation_set_status (f->manager, f->cream_task_uuid, "active", NULL, &error_));
  ALLOWED (care_delegation_set_status (f->manager, f->cream_task_uuid, "ended", "Course finished", &error_));
  REFUSED (f, CARE_ERROR_STATE, care_delegation_set_status (f->manager, f->cream_task_uuid, "suspended", "Again", &error_));
  g_assert_cmpstr (task_status (f, f->cream_task_uuid), ==, "ended");
}

static void
test_correction_cannot_change_lifecycle (CareFixture *f, gconstpointer data)
{
  static const char * const fixed[] = { "status", "person_uuid", "task_type_uuid", "decided_by", "matrix_answers", NULL };
  g_autofree char *other_person = care_test_add_person (f, "Arthur", "Dent", "1941-07-02");
  g_autofree char *eye = care_test_type_uuid (f, "eye-drops");
  g_autoptr(CareRecord) edit = NULL;

  for (guint i = 0; fixed[i]; i++)
    {
      g_autoptr(CareRecord) task = load (f, CARE_KIND_DELEGATED_TASK, f->cream_task_uuid);
      const char *value = g_str_equal (fixed[i], "status") ? "withdrawn"
                        : g_str_equal (fixed[i], "person_uuid") ? other_person
                        : g_str_equal (fixed[i], "task_type_uuid") ? eye
                        : g_str_equal (fixed[i], "decided_by") ? f->nurse_uuid
                        : "{\"stable\":\"yes\"}";

      care_record_set_string (task, fixed[i], value);
      REFUSED (f, CARE_ERROR_STATE, SAVE (f->manager, task, "Correcting"));
    }
  edit = load (f, CARE_KIND_DELEGATED_TASK, f->cream_task_uuid);
  care_record_set_string (edit, "instructions", "Apply a thin layer to the lower left leg after washing.");
  ALLOWED (SAVE (f->manager, edit, "Clearer wording"));
}

static void
test_status_change_needs_reason (CareFixture *f, gconstpointer data)
{
  REFUSED (f, CARE_ERROR_REQUIRED, care_delegation_set_status (f->manager, f->cream_task_uuid, "suspended", NULL, &error_));
  REFUSED (f, CARE_ERROR_REQUIRED, care_delegation_set_status (f->manager, f->cream_task_uuid, "suspended", " ", &error_));
  REFUSED (f, CARE_ERROR_REQUIRED, care_delegation_set_status (f->manager, f->cream_task_uuid, "withdrawn", NULL, &error_));
  REFUSED (f, CARE_ERROR_REQUIRED, care_delegation_set_status (f->manager, f->cream_task_uuid, "ended", NULL, &error_));
  /* Only practitioners and managers change a task's status. */
  REFUSED (f, CARE_ERROR_PERMISSION,
           care_delegation_set_status (f->carer, f->cream_task_uuid, "suspended", "Skin broken", &error_));
  ALLOWED (care_delegation_set_status (f->nurse, f->cream_task_uuid, "suspended", "Skin broken", &error_));
  g_assert_cmpstr (task_status (f, f->cream_task_uuid), ==, "suspended");
}

/* ======================== competency ======================== */

static CareRecord *
new_competency (CareFixture *f,
                const char  *staff_uuid,
                const char  *type_uuid,
                const char  *person_uuid)
{
  CareRecord *r = care_record_new (CARE_KIND_COMPETENCY);

  care_record_set_string (r, "staff_uuid", staff_uuid);
  care_record_set_string (r, "task_type_uuid", type_uuid);
  care_record_set_string (r, "person_uuid", person_uuid);
  care_record_set_string (r, "trained_on", "2026-03-01");
  care_record_set_string (r, "trainer", "Sam Okafor");
  care_record_set_string (r, "assessed_on", "2026-03-02");
  care_record_set_string (r, "outcome", "competent");
  care_record_set_string (r, "valid_until", "2027-03-01");
  return r;
}

#define SIGN_OFF(session, record) care_competency_sign_off (session, record, &error_)

static void
test_only_practitioner_signs_off (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);

  REFUSED (f, CARE_ERROR_PERMISSION, SIGN_OFF (f->manager, c));
  REFUSED (f, CARE_ERROR_PERMISSION, SIGN_OFF (f->senior, c));
  REFUSED (f, CARE_ERROR_PERMISSION, SIGN_OFF (f->carer, c));
  /* Saved directly, with a practitioner named as assessor, still no. */
  care_record_set_string (c, "assessor_uuid", f->nurse_uuid);
  care_record_set_string (c, "assessor_register_number", "12A3456E");
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->manager, c, NULL));
  ALLOWED (SIGN_OFF (f->nurse, c));
}

static void
test_assessor_is_signed_in (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);
  g_autoptr(CareRecord) stored = NULL;

  /* Even saved directly, the record cannot name another assessor. */
  care_record_set_string (c, "assessor_uuid", f->nurse2_uuid);
  care_record_set_string (c, "assessor_register_number", "99Z9999Z");
  ALLOWED (SAVE (f->nurse, c, NULL));
  stored = load (f, CARE_KIND_COMPETENCY, care_record_get_uuid (c));
  g_assert_cmpstr (care_record_get_string (stored, "assessor_uuid"), ==, f->nurse_uuid);
  g_assert_cmpstr (care_record_get_string (stored, "assessor_register_number"), ==, "12A3456E");
}

static void
test_not_own_competency (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->nurse_uuid, f->cream_type_uuid, f->person_uuid);

  REFUSED (f, CARE_ERROR_PERMISSION, SIGN_OFF (f->nurse, c));
}

static void
test_valid_until_after_assessment (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);

  care_record_set_string (c, "valid_until", "2026-03-01");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SIGN_OFF (f->nurse, c));
  care_record_set_string (c, "valid_until", "2026-03-02");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SIGN_OFF (f->nurse, c));
  care_record_set_string (c, "valid_until", "2026-03-03");
  ALLOWED (SIGN_OFF (f->nurse, c));
}

static void
test_validity_months (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);
  g_autofree char *hosiery_uuid = care_test_type_uuid (f, "compression-hosiery");
  g_autoptr(CareRecord) hosiery = load (f, CARE_KIND_TASK_TYPE, hosiery_uuid);
  g_autoptr(CareRecord) h = new_competency (f, f->other_carer_uuid, hosiery_uuid, NULL);

  care_record_set_string (c, "valid_until", "2027-03-03");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SIGN_OFF (f->nurse, c));
  care_record_set_string (c, "valid_until", "2027-03-02");
  ALLOWED (SIGN_OFF (f->nurse, c));

  /* The limit is the catalogue's. */
  care_record_set_int (hosiery, "validity_months", 6);
  ALLOWED (SAVE (f->manager, hosiery, "Six-monthly reassessment"));
  care_record_set_string (h, "valid_until", "2026-09-03");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SIGN_OFF (f->nurse, h));
  care_record_set_string (h, "valid_until", "2026-09-02");
  ALLOWED (SIGN_OFF (f->nurse, h));
}

static void
test_competent_needs_valid_until (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);

  care_record_unset (c, "valid_until");
  REFUSED (f, CARE_ERROR_REQUIRED, SIGN_OFF (f->nurse, c));
  care_record_set_string (c, "outcome", "not_yet_competent");
  ALLOWED (SIGN_OFF (f->nurse, c));
}

static void
test_person_specific_needs_person (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, NULL);
  g_autofree char *hosiery = care_test_type_uuid (f, "compression-hosiery");
  g_autoptr(CareRecord) h = new_competency (f, f->other_carer_uuid, hosiery, NULL);
  g_autofree char *nobody = g_uuid_string_random ();

  REFUSED (f, CARE_ERROR_REQUIRED, SIGN_OFF (f->nurse, c));
  care_record_set_string (c, "person_uuid", nobody);
  REFUSED (f, CARE_ERROR_NOT_FOUND, SIGN_OFF (f->nurse, c));
  ALLOWED (SIGN_OFF (f->nurse, h));
}

static void
test_competency_non_delegable (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->iv_type_uuid, NULL);

  REFUSED (f, CARE_ERROR_NOT_DELEGABLE, SIGN_OFF (f->nurse, c));
}

static void
test_competency_dates (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);

  care_record_set_string (c, "trained_on", "2026-03-03");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SIGN_OFF (f->nurse, c));
  care_record_set_string (c, "trained_on", CARE_TEST_TODAY);
  care_record_set_string (c, "assessed_on", "2026-03-11");
  care_record_set_string (c, "valid_until", "2026-06-01");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SIGN_OFF (f->nurse, c));
  care_record_set_string (c, "trained_on", "2026-03-02");
  care_record_set_string (c, "assessed_on", "2026-03-02");
  ALLOWED (SIGN_OFF (f->nurse, c));
}

static void
test_competency_inactive_staff (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) staff = load (f, CARE_KIND_STAFF, f->other_carer_uuid);
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);

  care_record_set_bool (staff, "active", FALSE);
  ALLOWED (SAVE (f->manager, staff, "Left the home"));
  REFUSED (f, CARE_ERROR_INACTIVE, SIGN_OFF (f->nurse, c));
}

static void
test_revoke (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);
  g_autoptr(CareRecord) stored = NULL;
  const char *uuid;
  g_autofree char *sql = NULL;

  ALLOWED (SIGN_OFF (f->nurse, c));
  uuid = care_record_get_uuid (c);
  REFUSED (f, CARE_ERROR_REQUIRED, care_competency_revoke (f->nurse, uuid, NULL, &error_));
  REFUSED (f, CARE_ERROR_REQUIRED, care_competency_revoke (f->nurse, uuid, "   ", &error_));
  REFUSED (f, CARE_ERROR_PERMISSION, care_competency_revoke (f->carer, uuid, "Saw a mistake", &error_));
  REFUSED (f, CARE_ERROR_PERMISSION, care_competency_revoke (f->senior, uuid, "Saw a mistake", &error_));
  ALLOWED (care_competency_revoke (f->manager, uuid, " Applied to broken skin ", &error_));
  stored = load (f, CARE_KIND_COMPETENCY, uuid);
  g_assert_cmpstr (care_record_get_string (stored, "revoked_on"), ==, CARE_TEST_TODAY);
  g_assert_cmpstr (care_record_get_string (stored, "revoked_by"), ==, f->manager_uuid);
  g_assert_cmpstr (care_record_get_string (stored, "revoked_reason"), ==, "Applied to broken skin");
  g_assert_cmpint (care_competency_state (stored, CARE_TEST_TODAY), ==, CARE_COMPETENCY_REVOKED);
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE entity_uuid = '%s' AND action = 'revoke' "
                         "AND reason = 'Applied to broken skin'", uuid);
  g_assert_cmpint (care_test_count_rows (f->store, sql), ==, 1);
  REFUSED (f, CARE_ERROR_STATE, care_competency_revoke (f->nurse, uuid, "Again", &error_));
}

static void
test_correction_cannot_revoke (CareFixture *f, gconstpointer data)
{
  static const char * const fields[] = { "revoked_on", "revoked_by", "revoked_reason", NULL };
  g_autoptr(CareRecord) c = new_competency (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid);

  ALLOWED (SIGN_OFF (f->nurse, c));
  for (guint i = 0; fields[i]; i++)
    {
      g_autoptr(CareRecord) edit = load (f, CARE_KIND_COMPETENCY, care_record_get_uuid (c));

      care_record_set_string (edit, fields[i], g_str_equal (fields[i], "revoked_on") ? CARE_TEST_TODAY
                                             : g_str_equal (fields[i], "revoked_by") ? f->nurse_uuid
                                             : "Quietly");
      REFUSED (f, CARE_ERROR_STATE, SAVE (f->nurse, edit, "Revoking"));
    }
}

static CareRecord *
state_record (const char *assessed_on,
              const char *outcome,
              const char *valid_until,
              const char *revoked_on)
{
  CareRecord *r = care_record_new (CARE_KIND_COMPETENCY);

  care_record_set_string (r, "assessed_on", assessed_on);
  care_record_set_string (r, "outcome", outcome);
  care_record_set_string (r, "valid_until", valid_until);
  care_record_set_string (r, "revoked_on", revoked_on);
  return r;
}

static void
test_competency_state (void)
{
  static const struct
  {
    const char          *assessed_on;
    const char          *outcome;
    const char          *valid_until;
    const char          *revoked_on;
    CareCompetencyState  state;
  } cases[] = {
    { "2026-01-01", "competent", "2026-12-31", NULL, CARE_COMPETENCY_VALID },
    { "2026-01-01", "competent", "2026-04-10", NULL, CARE_COMPETENCY_VALID },      /* 31 days left */
    { "2026-01-01", "competent", "2026-04-09", NULL, CARE_COMPETENCY_EXPIRING },   /* 30 days left */
    { "2026-01-01", "competent", CARE_TEST_TODAY, NULL, CARE_COMPETENCY_EXPIRING },
    { "2026-01-01", "competent", "2026-03-09", NULL, CARE_COMPETENCY_EXPIRED },
    { "2026-01-01", "competent", NULL, NULL, CARE_COMPETENCY_EXPIRED },
    { "2026-01-01", "competent", "2026-12-31", "2026-03-01", CARE_COMPETENCY_REVOKED },
    { "2026-01-01", "competent", "2026-12-31", CARE_TEST_TODAY, CARE_COMPETENCY_REVOKED },
    { "2026-01-01", "competent", "2026-12-31", "2026-03-11", CARE_COMPETENCY_VALID },
    { "2026-01-01", "not_yet_competent", NULL, NULL, CARE_COMPETENCY_NOT_COMPETENT },
    { "2026-03-11", "competent", "2026-12-31", NULL, CARE_COMPETENCY_NONE },      /* not assessed yet */
  };
  g_autoptr(CareRecord) in_error = state_record ("2026-01-01", "competent", "2026-12-31", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CareRecord) r = state_record (cases[i].assessed_on, cases[i].outcome,
                                              cases[i].valid_until, cases[i].revoked_on);
      g_test_message ("case %u", i);
      g_assert_cmpint (care_competency_state (r, CARE_TEST_TODAY), ==, cases[i].state);
    }
  _care_record_set_stored (in_error, 2, CARE_TEST_NOW, NULL, TRUE);
  g_assert_cmpint (care_competency_state (in_error, CARE_TEST_TODAY), ==, CARE_COMPETENCY_NONE);
}

/* ======================== reviews ======================== */

static CareRecord *
new_review (CareFixture *f,
            const char  *task_uuid,
            const char  *decision)
{
  CareRecord *r = care_record_new (CARE_KIND_REVIEW);

  care_record_set_string (r, "task_uuid", task_uuid);
  care_record_set_string (r, "reviewed_on", "2026-03-09");
  care_record_set_string (r, "findings", "Skin improving; carers applying as instructed.");
  care_record_set_string (r, "decision", decision);
  care_record_set_string (r, "next_review_on", "2026-03-19");
  return r;
}

#define REVIEW(session, record) care_review_record (session, record, &error_)

static void
test_review_only_practitioners (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "continue");

  REFUSED (f, CARE_ERROR_PERMISSION, REVIEW (f->manager, r));
  REFUSED (f, CARE_ERROR_PERMISSION, REVIEW (f->senior, r));
  REFUSED (f, CARE_ERROR_PERMISSION, REVIEW (f->carer, r));
  ALLOWED (REVIEW (f->nurse, r));
}

static void
test_review_reviewer_is_signed_in (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "continue");
  g_autoptr(CareRecord) stored = NULL;

  care_record_set_string (r, "reviewer_uuid", f->nurse2_uuid);
  ALLOWED (REVIEW (f->nurse, r));
  stored = load (f, CARE_KIND_REVIEW, care_record_get_uuid (r));
  g_assert_cmpstr (care_record_get_string (stored, "reviewer_uuid"), ==, f->nurse_uuid);
}

static void
test_review_next_date (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "continue");
  g_autoptr(CareRecord) w = new_review (f, f->cream_task_uuid, "withdraw");

  care_record_unset (r, "next_review_on");
  REFUSED (f, CARE_ERROR_REQUIRED, REVIEW (f->nurse, r));
  care_record_set_string (r, "decision", "suspend");
  REFUSED (f, CARE_ERROR_REQUIRED, REVIEW (f->nurse, r));
  care_record_set_string (r, "decision", "continue");
  care_record_set_string (r, "next_review_on", "2026-03-09");
  REFUSED (f, CARE_ERROR_DATE_RANGE, REVIEW (f->nurse, r));
  care_record_set_string (r, "next_review_on", "2026-03-10");
  ALLOWED (REVIEW (f->nurse, r));

  /* A withdrawn task has no next review. */
  care_record_unset (w, "next_review_on");
  ALLOWED (REVIEW (f->nurse, w));
  g_assert_cmpstr (task_status (f, f->cream_task_uuid), ==, "withdrawn");
}

static void
test_review_change_instructions (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "change_instructions");
  g_autoptr(CareRecord) task = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  static const char new_text[] = "Apply once a day, at 08:00 only, to the lower left leg.";

  g_assert_false (care_review_record (f->nurse, r, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "new instructions"));
  g_assert_cmpint (care_record_get_version (r), ==, 0);
  care_record_set_string (r, "new_instructions", new_text);
  ALLOWED (REVIEW (f->nurse, r));
  task = load (f, CARE_KIND_DELEGATED_TASK, f->cream_task_uuid);
  g_assert_cmpstr (care_record_get_string (task, "instructions"), ==, new_text);
  g_assert_cmpint (care_record_get_version (task), ==, 4);
  g_assert_cmpstr (care_record_get_recorded_by (task), ==, f->nurse_uuid);
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE entity_uuid = '%s' AND entity_version = 4 "
                         "AND action = 'change_instructions' AND actor_uuid = '%s' AND changed = '[\"instructions\"]'",
                         f->cream_task_uuid, f->nurse_uuid);
  g_assert_cmpint (care_test_count_rows (f->store, sql), ==, 1);
}

static void
test_review_suspend (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "suspend");
  g_autoptr(CareRecord) task = NULL;

  care_record_set_string (r, "findings", "Skin broken on the shin; stop until the nurse visits.");
  ALLOWED (REVIEW (f->nurse, r));
  task = load (f, CARE_KIND_DELEGATED_TASK, f->cream_task_uuid);
  g_assert_cmpstr (care_record_get_string (task, "status"), ==, "suspended");
  g_assert_cmpstr (care_record_get_string (task, "status_reason"), ==,
                   "Skin broken on the shin; stop until the nurse visits.");
  g_assert_cmpint (care_test_count_rows (f->store,
    "SELECT count(*) FROM events WHERE entity_kind = 'delegated_task' AND action = 'suspended'"), ==, 1);
}

static void
test_review_dates (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "continue");

  care_record_set_string (r, "reviewed_on", "2026-02-28");
  REFUSED (f, CARE_ERROR_DATE_RANGE, REVIEW (f->nurse, r));
  care_record_set_string (r, "reviewed_on", "2026-03-11");
  care_record_set_string (r, "next_review_on", "2026-03-21");
  REFUSED (f, CARE_ERROR_DATE_RANGE, REVIEW (f->nurse, r));
  care_record_set_string (r, "reviewed_on", "2026-03-01");
  ALLOWED (REVIEW (f->nurse, r));
}

static void
test_review_task_state (CareFixture *f, gconstpointer data)
{
  g_autofree char *proposed = propose (f, f->cream_type_uuid);
  g_autofree char *accepted = propose_and_accept (f);
  g_autoptr(CareRecord) of_proposed = new_review (f, proposed, "continue");
  g_autoptr(CareRecord) suspend_accepted = new_review (f, accepted, "suspend");

  REFUSED (f, CARE_ERROR_STATE, REVIEW (f->nurse, of_proposed));
  /* Accepted but not started: a review cannot suspend it, and the review
   * is not kept either. */
  REFUSED (f, CARE_ERROR_STATE, REVIEW (f->nurse, suspend_accepted));
  g_assert_cmpstr (task_status (f, accepted), ==, "accepted");
}

static void
test_review_corrected_after_withdrawal (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "withdraw");
  g_autoptr(CareRecord) edit = NULL;

  /* The review that withdrew the task can still have its wording fixed. */
  ALLOWED (REVIEW (f->nurse, r));
  g_assert_cmpstr (task_status (f, f->cream_task_uuid), ==, "withdrawn");
  edit = load (f, CARE_KIND_REVIEW, care_record_get_uuid (r));
  care_record_set_string (edit, "findings", "Healed; cream no longer needed.");
  ALLOWED (SAVE (f->nurse, edit, "Clearer findings"));
  g_assert_cmpint (care_record_get_version (edit), ==, 2);
}

static void
test_review_decision_not_corrected (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) r = new_review (f, f->cream_task_uuid, "continue");
  g_autoptr(CareRecord) edit = NULL;

  ALLOWED (REVIEW (f->nurse, r));
  edit = load (f, CARE_KIND_REVIEW, care_record_get_uuid (r));
  care_record_set_string (edit, "decision", "withdraw");
  REFUSED (f, CARE_ERROR_STATE, SAVE (f->nurse, edit, "Meant to suspend"));
  care_record_set_string (edit, "decision", "continue");
  care_record_set_string (edit, "findings", "Skin improving; no redness.");
  ALLOWED (SAVE (f->nurse, edit, "Clearer findings"));
}

/* ======================== liberty safeguards ======================== */

static void
test_screening_capacity_ref (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) s = new_screening (f, f->person_uuid);

  care_record_set_string (s, "capacity", "lacks_capacity");
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->carer, s, NULL));
  care_record_set_string (s, "capacity_ref", "MCA-2026-031");
  ALLOWED (SAVE (f->carer, s, NULL));
}

static void
test_screening_restrictions (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) s = new_screening (f, f->person_uuid);
  g_autoptr(GError) error = NULL;

  care_record_set_string (s, "restrictions", "[\"locked_doors\", \"tied_to_chair\"]");
  g_assert_false (care_session_save (f->carer, s, NULL, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "tied_to_chair"));
  care_record_set_string (s, "restrictions", "{\"locked_doors\": true}");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->carer, s, NULL));
  care_record_set_string (s, "restrictions", "[1]");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->carer, s, NULL));
  care_record_set_string (s, "restrictions", "[\"locked_doors\", \"sensor_mat\"]");
  ALLOWED (SAVE (f->carer, s, NULL));
}

static void
test_screening_dates (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) s = new_screening (f, f->person_uuid);
  g_autoptr(CareRecord) t = new_screening (f, f->person_uuid);
  g_autoptr(CareRecord) u = new_screening (f, f->person_uuid);

  ALLOWED (SAVE (f->carer, s, NULL));
  g_assert_cmpstr (care_record_get_string (s, "rescreen_on"), ==, "2027-03-09");
  g_assert_cmpstr (care_record_get_string (s, "screened_by"), ==, f->carer_uuid);

  /* The interval is the home's setting. */
  g_assert_true (care_store_set_setting (f->store, "rescreen_days", "180", NULL));
  ALLOWED (SAVE (f->carer, t, NULL));
  g_assert_cmpstr (care_record_get_string (t, "rescreen_on"), ==, "2026-09-05");

  care_record_set_string (u, "rescreen_on", "2026-03-09");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->carer, u, NULL));
  care_record_unset (u, "rescreen_on");
  care_record_set_string (u, "screened_on", "2026-03-11");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->carer, u, NULL));
}

static CareRecord *
new_case (CareFixture *f,
          const char  *urgency,
          const char  *outcome)
{
  CareRecord *r = care_record_new (CARE_KIND_LIBERTY_CASE);

  care_record_set_string (r, "person_uuid", f->person_uuid);
  care_record_set_string (r, "scheme", "dols");
  care_record_set_string (r, "urgency", urgency);
  care_record_set_string (r, "body_name", "Leicestershire County Council");
  care_record_set_string (r, "applied_on", "2026-03-01");
  care_record_set_string (r, "outcome", outcome);
  return r;
}

static void
set_granted (CareRecord *r,
             const char *from,
             const char *until)
{
  care_record_set_string (r, "granted_on", from);
  care_record_set_string (r, "valid_from", from);
  care_record_set_string (r, "valid_until", until);
  care_record_set_string (r, "outcome_on", from);
}

static void
test_case_granted_needs_dates (CareFixture *f, gconstpointer data)
{
  static const char * const needed[] = { "granted_on", "valid_from", "valid_until", "outcome_on", NULL };

  for (guint i = 0; needed[i]; i++)
    {
      g_autoptr(CareRecord) c = new_case (f, "standard", "granted");

      set_granted (c, "2026-03-05", "2027-03-04");
      care_record_unset (c, needed[i]);
      g_test_message ("without %s", needed[i]);
      REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, c, NULL));
    }
}

static void
test_case_outcome_needs_date (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "standard", "not_granted");
  g_autoptr(CareRecord) w = new_case (f, "standard", "withdrawn");
  g_autoptr(CareRecord) p = new_case (f, "standard", "pending");

  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, c, NULL));
  REFUSED (f, CARE_ERROR_REQUIRED, SAVE (f->manager, w, NULL));
  care_record_set_string (c, "outcome_on", "2026-03-06");
  ALLOWED (SAVE (f->manager, c, NULL));
  ALLOWED (SAVE (f->manager, p, NULL));
}

static void
test_dols_urgent_seven_days (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "urgent", "granted");

  set_granted (c, "2026-03-01", "2026-03-09");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, c, NULL));
  care_record_set_string (c, "valid_until", "2026-03-08");
  ALLOWED (SAVE (f->manager, c, NULL));
}

static void
test_dols_extension_seven_days (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "urgent", "granted");
  g_autoptr(CareRecord) s = new_case (f, "standard", "granted");

  set_granted (c, "2026-03-01", "2026-03-08");
  care_record_set_string (c, "extension_until", "2026-03-16");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, c, NULL));
  care_record_set_string (c, "extension_until", "2026-03-08");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, c, NULL));
  care_record_set_string (c, "extension_until", "2026-03-15");
  ALLOWED (SAVE (f->manager, c, NULL));

  /* Only urgent authorisations are extended. */
  set_granted (s, "2026-03-01", "2026-09-01");
  care_record_set_string (s, "extension_until", "2026-09-05");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, s, NULL));
}

static void
test_dols_standard_twelve_months (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "standard", "granted");

  care_record_set_string (c, "applied_on", "2025-12-20");
  set_granted (c, "2026-01-01", "2027-01-02");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, c, NULL));
  care_record_set_string (c, "valid_until", "2026-01-01");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, c, NULL));
  care_record_set_string (c, "valid_until", "2027-01-01");
  ALLOWED (SAVE (f->manager, c, NULL));
}

/* Saves @c and expects a refusal with exactly @message. */
static void
assert_refused_with (CareFixture *f,
                     CareRecord  *c,
                     int          code,
                     const char  *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (care_session_save (f->manager, c, NULL, &error));
  g_assert_error (error, CARE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

/* LPS: the first authorisation and its first renewal last up to 12 months,
 * later renewals up to 36; the case must say which it is. */
static void
test_lps_renewals (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "standard", "granted");

  care_record_set_string (c, "scheme", "lps");
  care_record_set_string (c, "applied_on", "2025-12-20");
  set_granted (c, "2026-01-01", "2027-01-01");
  assert_refused_with (f, c, CARE_ERROR_REQUIRED,
                       "Say whether this LPS authorisation is the first, its first renewal or a later renewal: "
                       "that decides how long it may last.");

  care_record_set_int (c, "renewal_number", 0);
  care_record_set_string (c, "valid_until", "2027-01-02");
  assert_refused_with (f, c, CARE_ERROR_DATE_RANGE,
                       "A first LPS authorisation lasts at most 12 months: until 2027-01-01 at the latest, not 2027-01-02.");
  care_record_set_int (c, "renewal_number", 1);
  assert_refused_with (f, c, CARE_ERROR_DATE_RANGE,
                       "The first renewal of an LPS authorisation lasts at most 12 months: "
                       "until 2027-01-01 at the latest, not 2027-01-02.");
  /* The second renewal may last three years, and no more. */
  care_record_set_int (c, "renewal_number", 2);
  care_record_set_string (c, "valid_until", "2029-01-02");
  assert_refused_with (f, c, CARE_ERROR_DATE_RANGE,
                       "A second or later renewal of an LPS authorisation lasts at most 36 months: "
                       "until 2029-01-01 at the latest, not 2029-01-02.");
  care_record_set_int (c, "renewal_number", 100);
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, c, NULL));
  care_record_set_int (c, "renewal_number", 2);
  care_record_set_string (c, "valid_until", "2029-01-01");
  ALLOWED (SAVE (f->manager, c, NULL));
}

/* The longest end the app shows follows the renewal number. */
static void
test_lps_longest_until (void)
{
  g_autoptr(CareRecord) c = care_record_new (CARE_KIND_LIBERTY_CASE);
  g_autofree char *old = NULL;
  g_autofree char *first = NULL;
  g_autofree char *later = NULL;

  care_record_set_string (c, "scheme", "lps");
  care_record_set_string (c, "urgency", "standard");
  care_record_set_string (c, "valid_from", "2026-02-01");
  /* Recorded before the field existed: the shorter length. */
  old = care_liberty_longest_until (c);
  g_assert_cmpstr (old, ==, "2027-02-01");
  care_record_set_int (c, "renewal_number", 1);
  first = care_liberty_longest_until (c);
  g_assert_cmpstr (first, ==, "2027-02-01");
  care_record_set_int (c, "renewal_number", 2);
  later = care_liberty_longest_until (c);
  g_assert_cmpstr (later, ==, "2029-02-01");
}

/* DoLS has no renewals: each authorisation is a new application. */
static void
test_dols_no_renewal_number (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "standard", "granted");

  set_granted (c, "2026-03-01", "2027-02-28");
  care_record_set_int (c, "renewal_number", 1);
  assert_refused_with (f, c, CARE_ERROR_INVALID,
                       "Only an LPS authorisation is numbered as a renewal; "
                       "under DoLS each authorisation is a new application.");
  care_record_unset (c, "renewal_number");
  ALLOWED (SAVE (f->manager, c, NULL));
}

static void
test_cqc_notified_after_outcome (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "standard", "pending");

  care_record_set_string (c, "cqc_notified_on", "2026-03-05");
  REFUSED (f, CARE_ERROR_INVALID, SAVE (f->manager, c, NULL));
  care_record_set_string (c, "outcome", "granted");
  set_granted (c, "2026-03-06", "2027-03-05");
  REFUSED (f, CARE_ERROR_DATE_RANGE, SAVE (f->manager, c, NULL));
  care_record_set_string (c, "cqc_notified_on", "2026-03-07");
  ALLOWED (SAVE (f->manager, c, NULL));
}

static void
test_case_permission (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) c = new_case (f, "standard", "pending");

  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->carer, c, NULL));
  REFUSED (f, CARE_ERROR_PERMISSION, SAVE (f->nurse, c, NULL));
  ALLOWED (SAVE (f->senior, c, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/rules/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  g_test_add_func ("/rules/people/nhs-number-check-digit", test_nhs_check_digit);
  ADD ("people/nhs-number-refused", test_nhs_number_refused);
  ADD ("people/nhs-number-duplicate", test_nhs_number_duplicate);
  ADD ("people/date-of-birth-range", test_date_of_birth_range);
  g_test_add_func ("/rules/people/age-16-17", test_age_16_17);
  ADD ("people/screening-sets-age-flag", test_screening_sets_age_flag);
  ADD ("staff/practitioner-needs-register", test_practitioner_needs_register);
  ADD ("staff/needs-pin-hash", test_staff_needs_pin_hash);
  ADD ("staff/manager-cannot-deactivate-self", test_manager_cannot_deactivate_self);
  ADD ("permissions/only-managers-manage", test_only_managers_manage);
  ADD ("setting/cqc-location-id", test_cqc_location_id);
  ADD ("setting/only-one", test_one_care_setting);
  ADD ("catalogue/non-delegable-needs-reason", test_non_delegable_type_needs_reason);
  ADD ("catalogue/codes-unique", test_catalogue_codes_unique);

  ADD ("delegation/new-task-starts-proposed", test_new_task_starts_proposed);
  ADD ("delegation/who-may-propose", test_who_may_propose);
  ADD ("delegation/schedule-times", test_schedule_times);
  ADD ("delegation/schedule-interval", test_schedule_interval);
  ADD ("delegation/schedule-prn", test_schedule_prn);
  ADD ("delegation/dates", test_task_dates);
  ADD ("delegation/person-who-left", test_task_for_person_who_left);
  ADD ("delegation/only-manager-accepts", test_only_manager_accepts);
  ADD ("delegation/non-delegable-refused", test_non_delegable_refused);
  ADD ("delegation/matrix-missing-answer", test_matrix_missing_answer);
  ADD ("delegation/matrix-no-answer", test_matrix_no_answer);
  ADD ("delegation/matrix-is-configurable", test_matrix_is_configurable);
  ADD ("delegation/accept-records-decision", test_accept_records_decision);
  ADD ("delegation/decline-needs-reason", test_decline_needs_reason);
  g_test_add_func ("/rules/delegation/lifecycle-table", test_lifecycle_table);
  ADD ("delegation/lifecycle-refused", test_lifecycle_refused);
  ADD ("delegation/correction-cannot-change-lifecycle", test_correction_cannot_change_lifecycle);
  ADD ("delegation/status-change-needs-reason", test_status_change_needs_reason);

  ADD ("competency/only-practitioner-signs-off", test_only_practitioner_signs_off);
  ADD ("competency/assessor-is-signed-in", test_assessor_is_signed_in);
  ADD ("competency/not-own", test_not_own_competency);
  ADD ("competency/valid-until-after-assessment", test_valid_until_after_assessment);
  ADD ("competency/validity-months", test_validity_months);
  ADD ("competency/competent-needs-valid-until", test_competent_needs_valid_until);
  ADD ("competency/person-specific-needs-person", test_person_specific_needs_person);
  ADD ("competency/non-delegable", test_competency_non_delegable);
  ADD ("competency/dates", test_competency_dates);
  ADD ("competency/inactive-staff", test_competency_inactive_staff);
  ADD ("competency/revoke", test_revoke);
  ADD ("competency/correction-cannot-revoke", test_correction_cannot_revoke);
  g_test_add_func ("/rules/competency/state", test_competency_state);

  ADD ("review/only-practitioners", test_review_only_practitioners);
  ADD ("review/reviewer-is-signed-in", test_review_reviewer_is_signed_in);
  ADD ("review/next-date", test_review_next_date);
  ADD ("review/change-instructions", test_review_change_instructions);
  ADD ("review/suspend", test_review_suspend);
  ADD ("review/dates", test_review_dates);
  ADD ("review/task-state", test_review_task_state);
  ADD ("review/corrected-after-withdrawal", test_review_corrected_after_withdrawal);
  ADD ("review/decision-not-corrected", test_review_decision_not_corrected);

  ADD ("liberty/screening-capacity-ref", test_screening_capacity_ref);
  ADD ("liberty/screening-restrictions", test_screening_restrictions);
  ADD ("liberty/screening-dates", test_screening_dates);
  ADD ("liberty/case-granted-needs-dates", test_case_granted_needs_dates);
  ADD ("liberty/case-outcome-needs-date", test_case_outcome_needs_date);
  ADD ("liberty/dols-urgent-seven-days", test_dols_urgent_seven_days);
  ADD ("liberty/dols-extension-seven-days", test_dols_extension_seven_days);
  ADD ("liberty/dols-standard-twelve-months", test_dols_standard_twelve_months);
  ADD ("liberty/lps-renewals", test_lps_renewals);
  g_test_add_func ("/rules/liberty/lps-longest-until", test_lps_longest_until);
  ADD ("liberty/dols-no-renewal-number", test_dols_no_renewal_number);
  ADD ("liberty/cqc-notified-after-outcome", test_cqc_notified_after_outcome);
  ADD ("liberty/case-permission", test_case_permission);
  return g_test_run ();
}
