/* test-dashboard.c: today's slots and everything that needs attention */
#include "config.h"

#include "care-test-util.h"

#define TODAY CARE_TEST_TODAY

/* Helpers */

static gint64
at (const char *date,
    const char *time)
{
  gint64 instant = care_local_instant (date, time);

  g_assert_cmpint (instant, >, 0);
  return instant;
}

static void
set_clock (CareFixture *f,
           const char  *date,
           const char  *time)
{
  care_store_set_now (f->store, at (date, time));
}

static GPtrArray *
slots_on (CareFixture *f,
          const char  *date)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *slots = care_dashboard_slots (f->store, date, &error);

  g_assert_no_error (error);
  g_assert_nonnull (slots);
  return slots;
}

static CareSlot *
find_slot (GPtrArray  *slots,
           const char *task_uuid,
           const char *time)
{
  for (guint i = 0; i < slots->len; i++)
    {
      CareSlot *s = g_ptr_array_index (slots, i);

      if (g_str_equal (s->task_uuid, task_uuid) && g_strcmp0 (s->slot_time, time) == 0)
        return s;
    }
  return NULL;
}

static guint
count_task_slots (GPtrArray  *slots,
                  const char *task_uuid)
{
  guint n = 0;

  for (guint i = 0; i < slots->len; i++)
    n += g_str_equal (((CareSlot *) g_ptr_array_index (slots, i))->task_uuid, task_uuid);
  return n;
}

/* The state of @task_uuid's slot at @time on today's list, seen at @now. */
static CareSlotState
state_at (CareFixture *f,
          const char  *task_uuid,
          const char  *slot_time,
          const char  *now)
{
  g_autoptr(GPtrArray) slots = NULL;
  CareSlot *slot;

  set_clock (f, TODAY, now);
  slots = slots_on (f, TODAY);
  slot = find_slot (slots, task_uuid, slot_time);
  g_assert_nonnull (slot);
  return slot->state;
}

static char *
add_person (CareFixture *f,
            const char  *given,
            const char  *family,
            const char  *preferred)
{
  g_autofree char *uuid = care_test_add_person (f, given, family, "1940-06-01");
  g_autoptr(CareRecord) person = NULL;
  g_autoptr(GError) error = NULL;

  if (preferred != NULL)
    {
      person = care_store_load (f->store, CARE_KIND_PERSON, uuid, &error);
      g_assert_no_error (error);
      care_record_set_string (person, "preferred_name", preferred);
      care_session_save (f->manager, person, "Prefers to be called by her middle name", &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&uuid);
}

static char *
propose_task (CareFixture *f,
              const char  *person_uuid,
              const char  *type_code,
              const char  *schedule_kind,
              const char  *times)
{
  g_autofree char *type_uuid = care_test_type_uuid (f, type_code);
  g_autoptr(CareRecord) task = care_test_new_task (f, person_uuid, type_uuid);
  g_autoptr(GError) error = NULL;

  care_record_set_string (task, "schedule_kind", schedule_kind);
  if (g_str_equal (schedule_kind, "times"))
    care_record_set_string (task, "schedule_times", times);
  else
    care_record_unset (task, "schedule_times");
  if (g_str_equal (schedule_kind, "interval"))
    {
      care_record_set_int (task, "interval_hours", 6);
      care_record_set_string (task, "first_time", times);
    }
  if (g_str_equal (schedule_kind, "prn"))
    {
      care_record_set_int (task, "prn_max_24h", 4);
      care_record_set_int (task, "prn_min_interval_min", 240);
    }
  care_delegation_propose (f->manager, task, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (task));
}

static char *
add_active_task (CareFixture *f,
                 const char  *person_uuid,
                 const char  *type_code,
                 const char  *schedule_kind,
                 const char  *times)
{
  g_autofree char *uuid = propose_task (f, person_uuid, type_code, schedule_kind, times);
  g_autoptr(GHashTable) yes = care_test_all_yes (f);
  g_autoptr(GError) error = NULL;

  care_delegation_accept (f->manager, uuid, yes, &error);
  g_assert_no_error (error);
  care_delegation_set_status (f->manager, uuid, "active", NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&uuid);
}

static char *
record_admin (CareFixture *f,
              CareSession *session,
              const char  *slot_time,
              gint64       occurred_at,
              const char  *outcome)
{
  g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, slot_time, occurred_at, outcome);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (outcome, "not_done"))
    care_record_set_string (a, "reason_code", "S");
  care_administration_record (session, a, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (a));
}

static void
correct_record (CareFixture *f,
                CareSession *session,
                CareKind     kind,
                const char  *uuid,
                const char  *field,
                const char  *value,
                const char  *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) record = care_store_load (f->store, kind, uuid, &error);

  g_assert_no_error (error);
  if (value != NULL)
    care_record_set_string (record, field, value);
  else
    care_record_unset (record, field);
  care_session_save (session, record, reason, &error);
  g_assert_no_error (error);
}

static void
mark_in_error (CareSession *session,
               CareKind     kind,
               const char  *uuid)
{
  g_autoptr(GError) error = NULL;

  care_session_mark_entered_in_error (session, kind, uuid, "Recorded against the wrong person", &error);
  g_assert_no_error (error);
}

/* Slots of a day */

static void
test_slots_of_the_day (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) slots = NULL;
  CareSlot *morning, *evening;

  set_clock (f, TODAY, "07:30");
  slots = slots_on (f, TODAY);
  g_assert_cmpuint (slots->len, ==, 2);
  morning = g_ptr_array_index (slots, 0);
  evening = g_ptr_array_index (slots, 1);
  g_assert_cmpstr (morning->slot_time, ==, "08:00");
  g_assert_cmpstr (evening->slot_time, ==, "20:00");
  g_assert_cmpstr (morning->task_uuid, ==, f->cream_task_uuid);
  g_assert_cmpstr (morning->person_uuid, ==, f->person_uuid);
  g_assert_cmpstr (morning->person_name, ==, "Margaret Hill");
  g_assert_cmpstr (morning->task_type_uuid, ==, f->cream_type_uuid);
  g_assert_cmpstr (morning->task_name, ==, "Topical creams and emollients");
  g_assert_cmpstr (morning->slot_date, ==, TODAY);
  g_assert_false (morning->time_critical);
  g_assert_cmpint (morning->slot_at, ==, at (TODAY, "08:00"));
  g_assert_cmpint (morning->overdue_at, ==, at (TODAY, "10:00"));
  g_assert_cmpint (evening->slot_at, ==, at (TODAY, "20:00"));
  g_assert_null (morning->administration_uuid);
  g_assert_null (morning->performer_uuid);
  g_assert_cmpint (morning->state, ==, CARE_SLOT_DUE);
  g_assert_cmpint (evening->state, ==, CARE_SLOT_UPCOMING);
}

static void
test_slot_states_by_time (CareFixture *f, gconstpointer data)
{
  static const struct { const char *now; CareSlotState morning; CareSlotState evening; } cases[] = {
    { "06:59", CARE_SLOT_UPCOMING, CARE_SLOT_UPCOMING },
    { "07:00", CARE_SLOT_DUE, CARE_SLOT_UPCOMING },        /* the 60-minute lead */
    { "07:30", CARE_SLOT_DUE, CARE_SLOT_UPCOMING },
    { "08:00", CARE_SLOT_DUE, CARE_SLOT_UPCOMING },
    { "10:00", CARE_SLOT_DUE, CARE_SLOT_UPCOMING },        /* the last minute of 120 grace */
    { "10:01", CARE_SLOT_OVERDUE, CARE_SLOT_UPCOMING },
    { "10:30", CARE_SLOT_OVERDUE, CARE_SLOT_UPCOMING },
    { "19:00", CARE_SLOT_OVERDUE, CARE_SLOT_DUE },
    { "22:01", CARE_SLOT_OVERDUE, CARE_SLOT_OVERDUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("at %s", cases[i].now);
      g_assert_cmpint (state_at (f, f->cream_task_uuid, "08:00", cases[i].now), ==, cases[i].morning);
      g_assert_cmpint (state_at (f, f->cream_task_uuid, "20:00", cases[i].now), ==, cases[i].evening);
    }
}

/* The grace window is the task type's: insulin is time-critical with 30
 * minutes, the cream has 120. The lead is a home setting. */
static void
test_grace_from_task_type (CareFixture *f, gconstpointer data)
{
  g_autofree char *insulin = add_active_task (f, f->person_uuid, "insulin-pen", "times", "08:00,18:00");
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (state_at (f, insulin, "08:00", "08:30"), ==, CARE_SLOT_DUE);
  g_assert_cmpint (state_at (f, insulin, "08:00", "08:31"), ==, CARE_SLOT_OVERDUE);
  g_assert_cmpint (state_at (f, f->cream_task_uuid, "08:00", "08:31"), ==, CARE_SLOT_DUE);
  slots = slots_on (f, TODAY);
  g_assert_true (find_slot (slots, insulin, "08:00")->time_critical);
  g_assert_cmpint (find_slot (slots, insulin, "08:00")->overdue_at, ==, at (TODAY, "08:30"));

  care_store_set_setting (f->store, "due_lead_minutes", "30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (state_at (f, f->cream_task_uuid, "08:00", "07:29"), ==, CARE_SLOT_UPCOMING);
  g_assert_cmpint (state_at (f, f->cream_task_uuid, "08:00", "07:30"), ==, CARE_SLOT_DUE);
}

static void
test_slot_done (CareFixture *f, gconstpointer data)
{
  g_autofree char *admin = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  CareSlot *slot;

  set_clock (f, TODAY, "08:10");
  admin = record_admin (f, f->carer, "08:00", at (TODAY, "08:05"), "done");
  set_clock (f, TODAY, "10:30");
  slots = slots_on (f, TODAY);
  slot = find_slot (slots, f->cream_task_uuid, "08:00");
  g_assert_cmpint (slot->state, ==, CARE_SLOT_DONE);
  g_assert_cmpstr (slot->administration_uuid, ==, admin);
  g_assert_cmpstr (slot->performer_uuid, ==, f->carer_uuid);
  g_assert_cmpint (find_slot (slots, f->cream_task_uuid, "20:00")->state, ==, CARE_SLOT_UPCOMING);
  /* Yesterday's list is not affected by today's record. */
  g_clear_pointer (&slots, g_ptr_array_unref);
  slots = slots_on (f, "2026-03-09");
  g_assert_cmpint (find_slot (slots, f->cream_task_uuid, "08:00")->state, ==, CARE_SLOT_OVERDUE);
}

static void
test_slot_not_done (CareFixture *f, gconstpointer data)
{
  g_autofree char *admin = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  CareSlot *slot;

  set_clock (f, TODAY, "08:15");
  admin = record_admin (f, f->other_carer, "08:00", at (TODAY, "08:10"), "not_done");
  set_clock (f, TODAY, "10:30");
  slots = slots_on (f, TODAY);
  slot = find_slot (slots, f->cream_task_uuid, "08:00");
  g_assert_cmpint (slot->state, ==, CARE_SLOT_NOT_DONE);
  g_assert_cmpstr (slot->administration_uuid, ==, admin);
  g_assert_cmpstr (slot->performer_uuid, ==, f->other_carer_uuid);
}

static void
test_done_wins_over_not_done (CareFixture *f, gconstpointer data)
{
  g_autofree char *asleep = NULL;
  g_autofree char *done = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  CareSlot *slot;

  set_clock (f, TODAY, "09:30");
  asleep = record_admin (f, f->carer, "08:00", at (TODAY, "08:05"), "not_done");
  done = record_admin (f, f->carer, "08:00", at (TODAY, "09:20"), "done");
  slots = slots_on (f, TODAY);
  slot = find_slot (slots, f->cream_task_uuid, "08:00");
  g_assert_cmpint (slot->state, ==, CARE_SLOT_DONE);
  g_assert_cmpstr (slot->administration_uuid, ==, done);
}

static void
test_entered_in_error_reopens_slot (CareFixture *f, gconstpointer data)
{
  g_autofree char *admin = NULL;

  set_clock (f, TODAY, "08:10");
  admin = record_admin (f, f->carer, "08:00", at (TODAY, "08:05"), "done");
  mark_in_error (f->carer, CARE_KIND_ADMINISTRATION, admin);
  g_assert_cmpint (state_at (f, f->cream_task_uuid, "08:00", "10:30"), ==, CARE_SLOT_OVERDUE);
}

static void
assert_grouped_by_person (GPtrArray *slots)
{
  g_autoptr(GHashTable) finished = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < slots->len; i++)
    {
      CareSlot *s = g_ptr_array_index (slots, i);
      CareSlot *prev = i > 0 ? g_ptr_array_index (slots, i - 1) : NULL;

      if (prev != NULL && !g_str_equal (prev->person_uuid, s->person_uuid))
        g_hash_table_add (finished, prev->person_uuid);
      g_assert_false (g_hash_table_contains (finished, s->person_uuid));
      if (prev != NULL && g_str_equal (prev->person_uuid, s->person_uuid))
        g_assert_cmpint (prev->slot_at, <=, s->slot_at);
    }
}

static void
test_slots_grouped_by_person (CareFixture *f, gconstpointer data)
{
  g_autofree char *arthur = add_person (f, "Arthur", "Brown", NULL);
  g_autofree char *betty = add_person (f, "Elizabeth", "Clark", "Betty");
  g_autofree char *arthur_task = add_active_task (f, arthur, "topical-cream", "times", "13:00,09:00");
  g_autofree char *betty_task = add_active_task (f, betty, "eye-drops", "times", "07:00,12:00,21:00");
  g_autoptr(GPtrArray) slots = NULL;
  static const char * const expected[][2] = {
    { "Arthur Brown", "09:00" }, { "Arthur Brown", "13:00" },
    { "Betty Clark", "07:00" }, { "Betty Clark", "12:00" }, { "Betty Clark", "21:00" },
    { "Margaret Hill", "08:00" }, { "Margaret Hill", "20:00" },
  };

  slots = slots_on (f, TODAY);
  g_assert_cmpuint (slots->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < slots->len; i++)
    {
      CareSlot *s = g_ptr_array_index (slots, i);

      g_assert_cmpstr (s->person_name, ==, expected[i][0]);
      g_assert_cmpstr (s->slot_time, ==, expected[i][1]);
    }
  assert_grouped_by_person (slots);
  g_assert_cmpuint (count_task_slots (slots, arthur_task), ==, 2);
  g_assert_cmpuint (count_task_slots (slots, betty_task), ==, 3);
}

static void
test_suspended_task_has_no_slots (CareFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suspended = NULL;
  g_autoptr(GPtrArray) resumed = NULL;

  care_delegation_set_status (f->manager, f->cream_task_uuid, "suspended",
                              "Skin broken: the nurse will reassess", &error);
  g_assert_no_error (error);
  suspended = slots_on (f, TODAY);
  g_assert_cmpuint (count_task_slots (suspended, f->cream_task_uuid), ==, 0);

  care_delegation_set_status (f->manager, f->cream_task_uuid, "active", NULL, &error);
  g_assert_no_error (error);
  resumed = slots_on (f, TODAY);
  g_assert_cmpuint (count_task_slots (resumed, f->cream_task_uuid), ==, 2);
}

static void
test_slots_only_within_task_dates (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) before_start = NULL;
  g_autoptr(GPtrArray) last_day = NULL;
  g_autoptr(GPtrArray) after_end = NULL;

  correct_record (f, f->manager, CARE_KIND_DELEGATED_TASK, f->cream_task_uuid,
                  "end_date", "2026-03-09", "Course of cream finished");
  before_start = slots_on (f, "2026-02-28");
  last_day = slots_on (f, "2026-03-09");
  after_end = slots_on (f, TODAY);
  g_assert_cmpuint (count_task_slots (before_start, f->cream_task_uuid), ==, 0);
  g_assert_cmpuint (count_task_slots (last_day, f->cream_task_uuid), ==, 2);
  g_assert_cmpuint (count_task_slots (after_end, f->cream_task_uuid), ==, 0);
}

static void
test_prn_and_departed_have_no_slots (CareFixture *f, gconstpointer data)
{
  g_autofree char *prn = add_active_task (f, f->person_uuid, "topical-cream", "prn", NULL);
  g_autoptr(GPtrArray) slots = slots_on (f, TODAY);
  g_autoptr(GPtrArray) after_leaving = NULL;

  g_assert_cmpuint (count_task_slots (slots, prn), ==, 0);
  g_assert_cmpuint (count_task_slots (slots, f->cream_task_uuid), ==, 2);
  correct_record (f, f->manager, CARE_KIND_PERSON, f->person_uuid, "status", "left",
                  "Moved to a nursing home");
  after_leaving = slots_on (f, TODAY);
  g_assert_cmpuint (after_leaving->len, ==, 0);
}

static void
test_interval_slots (CareFixture *f, gconstpointer data)
{
  g_autofree char *every6 = add_active_task (f, f->person_uuid, "compression-hosiery", "interval", "06:00");
  g_autoptr(GPtrArray) slots = slots_on (f, TODAY);
  static const char * const times[] = { "00:00", "06:00", "12:00", "18:00" };

  g_assert_cmpuint (count_task_slots (slots, every6), ==, G_N_ELEMENTS (times));
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_assert_nonnull (find_slot (slots, every6, times[i]));
}

/* Slots stay at their wall-clock time on the day the clocks go forward. */
static void
test_slots_on_clock_change (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) slots = slots_on (f, "2026-03-29");
  CareSlot *morning = find_slot (slots, f->cream_task_uuid, "08:00");
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (morning->slot_at);

  g_assert_cmpint (g_date_time_get_hour (local), ==, 8);
  g_assert_cmpint (g_date_time_get_utc_offset (local) / G_TIME_SPAN_HOUR, ==, 1);
}

/* Decisions awaited */

static guint
awaiting_count (CareFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) awaiting = care_dashboard_awaiting_decision (f->store, &error);

  g_assert_no_error (error);
  return awaiting->len;
}

static void
test_awaiting_decision (CareFixture *f, gconstpointer data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GHashTable) yes = care_test_all_yes (f);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (awaiting_count (f), ==, 0);
  first = propose_task (f, f->person_uuid, "eye-drops", "times", "09:00");
  second = propose_task (f, f->person_uuid, "stoma-care", "times", "10:00");
  g_assert_cmpuint (awaiting_count (f), ==, 2);
  care_delegation_accept (f->manager, first, yes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (awaiting_count (f), ==, 1);
  care_delegation_decline (f->manager, second, "No staff trained in stoma care yet", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (awaiting_count (f), ==, 0);
}

/* Competency alerts */

static GPtrArray *
competency_alerts (CareFixture *f,
                   const char  *date)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *alerts = care_dashboard_competency_alerts (f->store, date, &error);

  g_assert_no_error (error);
  g_assert_nonnull (alerts);
  return alerts;
}

static CareCompetencyAlert *
find_competency_alert (GPtrArray  *alerts,
                       const char *staff_uuid)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      CareCompetencyAlert *a = g_ptr_array_index (alerts, i);

      if (g_str_equal (a->staff_uuid, staff_uuid))
        return a;
    }
  return NULL;
}

static void
test_competency_expiring (CareFixture *f, gconstpointer data)
{
  g_autofree char *bea = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                                             "2025-04-15", "2026-03-31");
  g_autofree char *chris = care_test_sign_off (f, f->senior_uuid, f->cream_type_uuid, f->person_uuid,
                                               "2025-04-15", "2026-04-09");   /* today + 30 */
  g_autofree char *jo = care_test_sign_off (f, f->nurse2_uuid, f->cream_type_uuid, f->person_uuid,
                                            "2025-04-15", "2026-04-10");     /* today + 31 */
  g_autoptr(GPtrArray) alerts = competency_alerts (f, TODAY);
  g_autoptr(GPtrArray) renewed = NULL;
  CareCompetencyAlert *a;

  g_assert_cmpuint (alerts->len, ==, 2);
  a = g_ptr_array_index (alerts, 0);
  g_assert_cmpstr (a->competency_uuid, ==, bea);
  g_assert_cmpstr (a->staff_name, ==, "Bea Newstart");
  g_assert_cmpstr (a->task_type_uuid, ==, f->cream_type_uuid);
  g_assert_cmpstr (a->task_type_name, ==, "Topical creams and emollients");
  g_assert_cmpstr (a->person_uuid, ==, f->person_uuid);
  g_assert_cmpstr (a->valid_until, ==, "2026-03-31");
  g_assert_cmpint (a->state, ==, CARE_COMPETENCY_EXPIRING);
  a = g_ptr_array_index (alerts, 1);
  g_assert_cmpstr (a->competency_uuid, ==, chris);
  g_assert_cmpint (a->state, ==, CARE_COMPETENCY_EXPIRING);
  g_assert_null (find_competency_alert (alerts, f->nurse2_uuid));
  g_assert_null (find_competency_alert (alerts, f->carer_uuid));

  /* Renewed: the newer sign-off is what counts. */
  g_free (care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                              TODAY, "2027-03-09"));
  renewed = competency_alerts (f, TODAY);
  g_assert_cmpuint (renewed->len, ==, 1);
  g_assert_null (find_competency_alert (renewed, f->other_carer_uuid));
  g_assert_nonnull (find_competency_alert (renewed, f->senior_uuid));
}

static void
test_competency_expired_while_needed (CareFixture *f, gconstpointer data)
{
  g_autofree char *eye_type = care_test_type_uuid (f, "eye-drops");
  g_autofree char *bea = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                                             "2025-03-01", "2026-03-01");
  g_autofree char *chris_eyes = care_test_sign_off (f, f->senior_uuid, eye_type, f->person_uuid,
                                                    "2025-03-01", "2026-03-01");
  g_autoptr(GPtrArray) alerts = competency_alerts (f, TODAY);
  g_autoptr(GPtrArray) renewed = NULL;
  CareCompetencyAlert *a;

  /* The cream task is live, so Bea's lapsed sign-off matters; nobody has
   * eye drops, so Chris's does not. */
  g_assert_cmpuint (alerts->len, ==, 1);
  a = find_competency_alert (alerts, f->other_carer_uuid);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->competency_uuid, ==, bea);
  g_assert_cmpint (a->state, ==, CARE_COMPETENCY_EXPIRED);
  g_assert_cmpstr (a->valid_until, ==, "2026-03-01");
  g_assert_null (find_competency_alert (alerts, f->senior_uuid));

  g_free (care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                              TODAY, "2027-03-09"));
  renewed = competency_alerts (f, TODAY);
  g_assert_cmpuint (renewed->len, ==, 0);
}

/* Someone who has left is no one's concern any more. */
static void
test_competency_of_leaver_ignored (CareFixture *f, gconstpointer data)
{
  g_autofree char *bea = care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid,
                                             "2025-03-01", "2026-03-01");
  g_autoptr(GPtrArray) before = competency_alerts (f, TODAY);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(CareRecord) staff = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (find_competency_alert (before, f->other_carer_uuid));
  staff = care_store_load (f->store, CARE_KIND_STAFF, f->other_carer_uuid, &error);
  g_assert_no_error (error);
  care_record_set_bool (staff, "active", FALSE);
  care_session_save (f->manager, staff, "Left the home", &error);
  g_assert_no_error (error);
  after = competency_alerts (f, TODAY);
  g_assert_null (find_competency_alert (after, f->other_carer_uuid));
}

/* Low coverage */

static GPtrArray *
coverage_alerts (CareFixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *alerts = care_dashboard_low_coverage (f->store, TODAY, &error);

  g_assert_no_error (error);
  g_assert_nonnull (alerts);
  return alerts;
}

static void
test_low_coverage (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) one = coverage_alerts (f);
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) three_needed = NULL;
  g_autofree char *arthur = add_person (f, "Arthur", "Brown", NULL);
  g_autoptr(GError) error = NULL;
  CareCoverageAlert *a;

  g_assert_cmpuint (one->len, ==, 1);
  a = g_ptr_array_index (one, 0);
  g_assert_cmpstr (a->task_uuid, ==, f->cream_task_uuid);
  g_assert_cmpstr (a->person_uuid, ==, f->person_uuid);
  g_assert_cmpstr (a->person_name, ==, "Margaret Hill");
  g_assert_cmpstr (a->task_name, ==, "Topical creams and emollients");
  g_assert_cmpuint (a->n_competent, ==, 1);

  /* Person-specific: a sign-off with someone else, or a lapsed one, does
   * not count. */
  g_free (care_test_sign_off (f, f->senior_uuid, f->cream_type_uuid, arthur, "2026-03-01", "2027-02-28"));
  g_free (care_test_sign_off (f, f->senior_uuid, f->cream_type_uuid, f->person_uuid, "2025-03-01", "2026-03-01"));
  g_clear_pointer (&one, g_ptr_array_unref);
  one = coverage_alerts (f);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpuint (((CareCoverageAlert *) g_ptr_array_index (one, 0))->n_competent, ==, 1);

  g_free (care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid, "2026-03-05", "2027-03-04"));
  two = coverage_alerts (f);
  g_assert_cmpuint (two->len, ==, 0);

  care_store_set_setting (f->store, "min_competent_staff", "3", &error);
  g_assert_no_error (error);
  three_needed = coverage_alerts (f);
  g_assert_cmpuint (three_needed->len, ==, 1);
  g_assert_cmpuint (((CareCoverageAlert *) g_ptr_array_index (three_needed, 0))->n_competent, ==, 2);
}

/* A competent carer who leaves no longer covers the task. */
static void
test_low_coverage_after_leaver (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) covered = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(CareRecord) staff = NULL;
  g_autoptr(GError) error = NULL;

  g_free (care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid, "2026-03-05", "2027-03-04"));
  covered = coverage_alerts (f);
  g_assert_cmpuint (covered->len, ==, 0);
  staff = care_store_load (f->store, CARE_KIND_STAFF, f->other_carer_uuid, &error);
  g_assert_no_error (error);
  care_record_set_bool (staff, "active", FALSE);
  care_session_save (f->manager, staff, "Left the home", &error);
  g_assert_no_error (error);
  uncovered = coverage_alerts (f);
  g_assert_cmpuint (uncovered->len, ==, 1);
  g_assert_cmpuint (((CareCoverageAlert *) g_ptr_array_index (uncovered, 0))->n_competent, ==, 1);
}

/* Reviews overdue */

static GPtrArray *
reviews_overdue (CareFixture *f,
                 const char  *date)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *due = care_dashboard_reviews_overdue (f->store, date, &error);

  g_assert_no_error (error);
  g_assert_nonnull (due);
  return due;
}

static void
test_reviews_overdue (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) on_due_day = reviews_overdue (f, "2026-03-11");
  g_autoptr(GPtrArray) day_after = reviews_overdue (f, "2026-03-12");
  g_autoptr(GPtrArray) after_review = NULL;
  g_autoptr(GPtrArray) next_due_day = NULL;
  g_autoptr(GPtrArray) next_overdue = NULL;
  g_autoptr(GPtrArray) review_withdrawn = NULL;
  g_autoptr(CareRecord) review = care_record_new (CARE_KIND_REVIEW);
  g_autoptr(GError) error = NULL;
  CareReviewDue *d;

  /* Start 2026-03-01 plus 10 days: due on the 11th, overdue after it. */
  g_assert_cmpuint (on_due_day->len, ==, 0);
  g_assert_cmpuint (day_after->len, ==, 1);
  d = g_ptr_array_index (day_after, 0);
  g_assert_cmpstr (d->task_uuid, ==, f->cream_task_uuid);
  g_assert_cmpstr (d->person_uuid, ==, f->person_uuid);
  g_assert_cmpstr (d->person_name, ==, "Margaret Hill");
  g_assert_cmpstr (d->task_name, ==, "Topical creams and emollients");
  g_assert_cmpstr (d->review_due_on, ==, "2026-03-11");

  set_clock (f, "2026-03-12", "11:00");
  care_record_set_string (review, "task_uuid", f->cream_task_uuid);
  care_record_set_string (review, "reviewed_on", "2026-03-12");
  care_record_set_string (review, "findings", "Skin improving; no signs of thinning.");
  care_record_set_string (review, "decision", "continue");
  care_record_set_string (review, "next_review_on", "2026-03-22");
  care_review_record (f->nurse, review, &error);
  g_assert_no_error (error);

  after_review = reviews_overdue (f, "2026-03-12");
  next_due_day = reviews_overdue (f, "2026-03-22");
  next_overdue = reviews_overdue (f, "2026-03-23");
  g_assert_cmpuint (after_review->len, ==, 0);
  g_assert_cmpuint (next_due_day->len, ==, 0);
  g_assert_cmpuint (next_overdue->len, ==, 1);
  g_assert_cmpstr (((CareReviewDue *) g_ptr_array_index (next_overdue, 0))->review_due_on, ==, "2026-03-22");

  /* A review entered in error no longer counts. */
  mark_in_error (f->nurse, CARE_KIND_REVIEW, care_record_get_uuid (review));
  review_withdrawn = reviews_overdue (f, "2026-03-12");
  g_assert_cmpuint (review_withdrawn->len, ==, 1);
}

/* Liberty safeguards alerts */

static GPtrArray *
liberty_alerts (CareFixture *f,
                const char  *date)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *alerts = care_dashboard_liberty_alerts (f->store, date, &error);

  g_assert_no_error (error);
  g_assert_nonnull (alerts);
  return alerts;
}

/* The one alert of @kind for @person_uuid on @date, or NULL. */
static CareLibertyAlert *
find_liberty_alert (GPtrArray            *alerts,
                    CareLibertyAlertKind  kind,
                    const char           *person_uuid)
{
  CareLibertyAlert *found = NULL;

  for (guint i = 0; i < alerts->len; i++)
    {
      CareLibertyAlert *a = g_ptr_array_index (alerts, i);

      if (a->kind == kind && g_str_equal (a->person_uuid, person_uuid))
        {
          g_assert_null (found);
          found = a;
        }
    }
  return found;
}

static gboolean
has_liberty_alert (CareFixture          *f,
                   const char           *date,
                   CareLibertyAlertKind  kind)
{
  g_autoptr(GPtrArray) alerts = liberty_alerts (f, date);

  return find_liberty_alert (alerts, kind, f->person_uuid) != NULL;
}

/* Readable: names the person, says what to look at, no placeholders. */
static void
assert_readable (CareLibertyAlert *a,
                 const char       *expect)
{
  g_test_message ("%s", a->message);
  g_assert_nonnull (a->message);
  g_assert_nonnull (strstr (a->message, "Margaret Hill"));
  g_assert_nonnull (strstr (a->message, expect));
  g_assert_null (strstr (a->message, "(null)"));
  g_assert_null (strstr (a->message, "%"));
}

static char *
record_screening (CareFixture *f,
                  const char  *screened_on,
                  const char  *rescreen_on)
{
  g_autoptr(CareRecord) s = care_record_new (CARE_KIND_LIBERTY_SCREENING);
  g_autoptr(GError) error = NULL;

  care_record_set_string (s, "person_uuid", f->person_uuid);
  care_record_set_string (s, "screened_on", screened_on);
  care_record_set_string (s, "screened_by", f->senior_uuid);
  care_record_set_string (s, "capacity", "lacks_capacity");
  care_record_set_string (s, "capacity_ref", "MCA-2026-003");
  care_record_set_string (s, "restrictions", "[\"keypad\",\"sensor_mat\"]");
  care_record_set_string (s, "supervision_level", "frequent");
  care_record_set_string (s, "free_to_leave", "no");
  care_record_set_string (s, "setting", "care_home");
  care_record_set_string (s, "outcome", "refer");
  care_record_set_string (s, "rationale", "Not free to leave and under frequent supervision; she objects.");
  if (rescreen_on != NULL)
    care_record_set_string (s, "rescreen_on", rescreen_on);
  care_session_save (f->senior, s, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (s));
}

typedef struct
{
  const char *urgency;
  const char *applied_on;
  const char *outcome;
  const char *valid_from;
  const char *valid_until;
  const char *outcome_on;
  const char *cqc_notified_on;
} CaseDates;

static char *
record_case (CareFixture     *f,
             const CaseDates *c)
{
  g_autoptr(CareRecord) r = care_record_new (CARE_KIND_LIBERTY_CASE);
  g_autoptr(GError) error = NULL;

  care_record_set_string (r, "person_uuid", f->person_uuid);
  care_record_set_string (r, "scheme", "dols");
  care_record_set_string (r, "urgency", c->urgency);
  care_record_set_string (r, "body_name", "Leicestershire County Council");
  care_record_set_string (r, "body_reference", "DOLS-2026-0417");
  care_record_set_string (r, "applied_on", c->applied_on);
  care_record_set_string (r, "outcome", c->outcome);
  if (g_str_equal (c->outcome, "granted"))
    {
      care_record_set_string (r, "granted_on", c->valid_from);
      care_record_set_string (r, "valid_from", c->valid_from);
      care_record_set_string (r, "valid_until", c->valid_until);
    }
  if (c->outcome_on != NULL)
    care_record_set_string (r, "outcome_on", c->outcome_on);
  if (c->cqc_notified_on != NULL)
    care_record_set_string (r, "cqc_notified_on", c->cqc_notified_on);
  care_session_save (f->manager, r, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_uuid (r));
}

static void
test_liberty_none_by_default (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) alerts = liberty_alerts (f, TODAY);

  g_assert_cmpuint (alerts->len, ==, 0);
}

static void
test_liberty_restrictions_not_screened (CareFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *screening = NULL;
  CareLibertyAlert *a;

  correct_record (f, f->manager, CARE_KIND_PERSON, f->person_uuid, "restrictions",
                  "Keypad on the front door; sensor mat at night", "Restrictions noted at the care review");
  alerts = liberty_alerts (f, TODAY);
  a = find_liberty_alert (alerts, CARE_LIBERTY_RESTRICTIONS_NOT_SCREENED, f->person_uuid);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->person_name, ==, "Margaret Hill");
  g_assert_null (a->record_uuid);
  assert_readable (a, "no liberty screening");

  screening = record_screening (f, TODAY, NULL);
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_RESTRICTIONS_NOT_SCREENED));

  /* A screening entered in error is no screening. */
  mark_in_error (f->manager, CARE_KIND_LIBERTY_SCREENING, screening);
  g_assert_true (has_liberty_alert (f, TODAY, CARE_LIBERTY_RESTRICTIONS_NOT_SCREENED));
}

static void
test_liberty_rescreen_due (CareFixture *f, gconstpointer data)
{
  g_autofree char *old = record_screening (f, "2025-03-10", "2026-03-10");
  g_autofree char *fresh = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  CareLibertyAlert *a;

  g_assert_false (has_liberty_alert (f, "2026-03-09", CARE_LIBERTY_RESCREEN_DUE));
  alerts = liberty_alerts (f, TODAY);
  a = find_liberty_alert (alerts, CARE_LIBERTY_RESCREEN_DUE, f->person_uuid);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->record_uuid, ==, old);
  g_assert_cmpstr (a->due_on, ==, "2026-03-10");
  assert_readable (a, "2026-03-10");

  fresh = record_screening (f, TODAY, NULL);
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_RESCREEN_DUE));

  /* If the new screening was entered in error, the old one is still due. */
  mark_in_error (f->manager, CARE_KIND_LIBERTY_SCREENING, fresh);
  g_assert_true (has_liberty_alert (f, TODAY, CARE_LIBERTY_RESCREEN_DUE));
}

static const CaseDates urgent_case = {
  "urgent", "2026-03-04", "granted", "2026-03-04", "2026-03-11", "2026-03-04", "2026-03-05"
};

static void
test_liberty_urgent_ending (CareFixture *f, gconstpointer data)
{
  g_autofree char *c = record_case (f, &urgent_case);
  g_autoptr(GPtrArray) alerts = NULL;
  CareLibertyAlert *a;

  g_assert_false (has_liberty_alert (f, "2026-03-08", CARE_LIBERTY_URGENT_ENDING));
  g_assert_true (has_liberty_alert (f, "2026-03-09", CARE_LIBERTY_URGENT_ENDING));
  alerts = liberty_alerts (f, TODAY);
  a = find_liberty_alert (alerts, CARE_LIBERTY_URGENT_ENDING, f->person_uuid);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->record_uuid, ==, c);
  g_assert_cmpstr (a->due_on, ==, "2026-03-11");
  assert_readable (a, "urgent authorisation ends on 2026-03-11");
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_CQC_NOT_NOTIFIED));

  /* Extended by the supervisory body: no longer ending soon... */
  correct_record (f, f->manager, CARE_KIND_LIBERTY_CASE, c, "extension_until", "2026-03-18",
                  "Supervisory body extended the urgent authorisation");
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_URGENT_ENDING));
  /* ...until the extension itself nears its end. */
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = liberty_alerts (f, "2026-03-16");
  a = find_liberty_alert (alerts, CARE_LIBERTY_URGENT_ENDING, f->person_uuid);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->due_on, ==, "2026-03-18");
}

/* Once a standard authorisation covering the person is granted, the urgent
 * one has done its job: its end is no longer an alert. A pending
 * application or one that expired long ago covers nothing. */
static void
test_liberty_urgent_covered_by_standard (CareFixture *f, gconstpointer data)
{
  static const CaseDates old = { "standard", "2024-02-01", "granted", "2024-03-01", "2025-02-28", "2024-03-01", "2024-03-02" };
  static const CaseDates application = { "standard", "2026-03-04", "pending", NULL, NULL, NULL, NULL };
  g_autofree char *urgent = record_case (f, &urgent_case);
  g_autofree char *expired = record_case (f, &old);
  g_autofree char *standard = record_case (f, &application);
  g_autoptr(CareRecord) granted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (has_liberty_alert (f, TODAY, CARE_LIBERTY_URGENT_ENDING));

  granted = care_store_load (f->store, CARE_KIND_LIBERTY_CASE, standard, &error);
  g_assert_no_error (error);
  care_record_set_string (granted, "outcome", "granted");
  care_record_set_string (granted, "granted_on", TODAY);
  care_record_set_string (granted, "valid_from", TODAY);
  care_record_set_string (granted, "valid_until", "2027-03-09");
  care_record_set_string (granted, "outcome_on", TODAY);
  care_session_save (f->manager, granted, "Supervisory body granted the standard authorisation", &error);
  g_assert_no_error (error);
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_URGENT_ENDING));
  /* The day before the grant the urgent authorisation was all there was. */
  g_assert_true (has_liberty_alert (f, "2026-03-09", CARE_LIBERTY_URGENT_ENDING));

  /* A grant entered in error covers nothing. */
  mark_in_error (f->manager, CARE_KIND_LIBERTY_CASE, standard);
  g_assert_true (has_liberty_alert (f, TODAY, CARE_LIBERTY_URGENT_ENDING));
}

/* An urgent case that is closed (withdrawn) is no longer ending. */
static void
test_liberty_urgent_closed (CareFixture *f, gconstpointer data)
{
  g_autofree char *urgent = record_case (f, &urgent_case);

  g_assert_true (has_liberty_alert (f, TODAY, CARE_LIBERTY_URGENT_ENDING));
  correct_record (f, f->manager, CARE_KIND_LIBERTY_CASE, urgent, "outcome", "withdrawn",
                  "No longer deprived of liberty: the keypad was removed");
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_URGENT_ENDING));
  /* And an urgent authorisation past its end is no alert either. */
  g_assert_false (has_liberty_alert (f, "2026-03-12", CARE_LIBERTY_URGENT_ENDING));
}

static const CaseDates standard_case = {
  "standard", "2025-03-20", "granted", "2025-04-01", "2026-03-31", "2025-04-01", "2025-04-02"
};

static void
test_liberty_standard_expiring (CareFixture *f, gconstpointer data)
{
  g_autofree char *c = record_case (f, &standard_case);
  static const CaseDates renewal = { "standard", "2026-03-09", "pending", NULL, NULL, NULL, NULL };
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  CareLibertyAlert *a;

  g_assert_false (has_liberty_alert (f, "2026-03-02", CARE_LIBERTY_STANDARD_EXPIRING));
  g_assert_true (has_liberty_alert (f, "2026-03-03", CARE_LIBERTY_STANDARD_EXPIRING));   /* 28 days */
  alerts = liberty_alerts (f, TODAY);
  a = find_liberty_alert (alerts, CARE_LIBERTY_STANDARD_EXPIRING, f->person_uuid);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->record_uuid, ==, c);
  g_assert_cmpstr (a->due_on, ==, "2026-03-31");
  assert_readable (a, "expires on 2026-03-31");
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_CQC_NOT_NOTIFIED));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = liberty_alerts (f, "2026-04-01");
  a = find_liberty_alert (alerts, CARE_LIBERTY_STANDARD_EXPIRING, f->person_uuid);
  g_assert_nonnull (a);
  assert_readable (a, "expired on 2026-03-31");

  /* A newer application is the answer. */
  next = record_case (f, &renewal);
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_STANDARD_EXPIRING));
  g_assert_false (has_liberty_alert (f, "2026-04-01", CARE_LIBERTY_STANDARD_EXPIRING));

  /* Unless it was entered in error. */
  mark_in_error (f->manager, CARE_KIND_LIBERTY_CASE, next);
  g_assert_true (has_liberty_alert (f, TODAY, CARE_LIBERTY_STANDARD_EXPIRING));
}

/* A newer application that was refused does not cover the expiring one. */
static void
test_liberty_standard_renewal_refused (CareFixture *f, gconstpointer data)
{
  g_autofree char *c = record_case (f, &standard_case);
  static const CaseDates renewal = { "standard", "2026-03-02", "pending", NULL, NULL, NULL, NULL };
  g_autofree char *next = record_case (f, &renewal);
  g_autoptr(CareRecord) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_STANDARD_EXPIRING));
  refused = care_store_load (f->store, CARE_KIND_LIBERTY_CASE, next, &error);
  g_assert_no_error (error);
  care_record_set_string (refused, "outcome", "not_granted");
  care_record_set_string (refused, "outcome_on", "2026-03-09");
  care_record_set_string (refused, "cqc_notified_on", "2026-03-10");
  care_session_save (f->manager, refused, "Supervisory body did not grant the application", &error);
  g_assert_no_error (error);
  g_assert_true (has_liberty_alert (f, TODAY, CARE_LIBERTY_STANDARD_EXPIRING));
}

static void
test_liberty_cqc_not_notified (CareFixture *f, gconstpointer data)
{
  static const CaseDates refused = { "standard", "2026-02-02", "not_granted", NULL, NULL, "2026-03-05", NULL };
  static const CaseDates pending = { "standard", "2026-03-01", "pending", NULL, NULL, NULL, NULL };
  g_autofree char *c = record_case (f, &refused);
  g_autofree char *p = record_case (f, &pending);
  g_autoptr(GPtrArray) alerts = liberty_alerts (f, TODAY);
  CareLibertyAlert *a;

  a = find_liberty_alert (alerts, CARE_LIBERTY_CQC_NOT_NOTIFIED, f->person_uuid);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->record_uuid, ==, c);
  g_assert_cmpstr (a->due_on, ==, "2026-03-05");
  assert_readable (a, "CQC");
  assert_readable (a, "2026-03-05");

  correct_record (f, f->manager, CARE_KIND_LIBERTY_CASE, c, "cqc_notified_on", TODAY,
                  "Notified the CQC through the provider portal");
  g_assert_false (has_liberty_alert (f, TODAY, CARE_LIBERTY_CQC_NOT_NOTIFIED));
}

/* Counts */

static void
test_counts_match_lists (CareFixture *f, gconstpointer data)
{
  g_autofree char *arthur = add_person (f, "Arthur", "Brown", NULL);
  g_autofree char *arthur_task = add_active_task (f, arthur, "eye-drops", "times", "10:00,22:00");
  g_autofree char *proposed = propose_task (f, f->person_uuid, "stoma-care", "times", "09:00");
  g_autofree char *done = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) awaiting = NULL;
  g_autoptr(GPtrArray) competencies = NULL;
  g_autoptr(GPtrArray) coverage = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) liberty = NULL;
  g_autoptr(GError) error = NULL;
  CareDashboardCounts counts;
  guint due = 0, overdue = 0, n_done = 0, expiring = 0, expired = 0;
  const char *date = "2026-03-12";

  g_free (care_test_sign_off (f, f->other_carer_uuid, f->cream_type_uuid, f->person_uuid, "2025-03-01", "2026-03-01"));
  g_free (care_test_sign_off (f, f->senior_uuid, f->cream_type_uuid, f->person_uuid, "2025-04-15", "2026-03-31"));
  correct_record (f, f->manager, CARE_KIND_PERSON, f->person_uuid, "restrictions", "Bed rails", "Noted");
  g_free (record_case (f, &standard_case));
  set_clock (f, date, "08:10");
  {
    g_autoptr(CareRecord) a = care_test_new_admin (f, f->cream_task_uuid, "08:00", at (date, "08:05"), "done");
    care_administration_record (f->carer, a, &error);
    g_assert_no_error (error);
    done = g_strdup (care_record_get_uuid (a));
  }
  set_clock (f, date, "12:30");   /* Arthur's 10:00 is overdue; 22:00 and 20:00 upcoming */

  g_assert_true (care_dashboard_counts (f->store, date, &counts, &error));
  g_assert_no_error (error);
  slots = care_dashboard_slots (f->store, date, &error);
  awaiting = care_dashboard_awaiting_decision (f->store, &error);
  competencies = care_dashboard_competency_alerts (f->store, date, &error);
  coverage = care_dashboard_low_coverage (f->store, date, &error);
  reviews = care_dashboard_reviews_overdue (f->store, date, &error);
  liberty = care_dashboard_liberty_alerts (f->store, date, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < slots->len; i++)
    {
      CareSlotState s = ((CareSlot *) g_ptr_array_index (slots, i))->state;
      due += s == CARE_SLOT_DUE;
      overdue += s == CARE_SLOT_OVERDUE;
      n_done += s == CARE_SLOT_DONE;
    }
  for (guint i = 0; i < competencies->len; i++)
    {
      CareCompetencyState s = ((CareCompetencyAlert *) g_ptr_array_index (competencies, i))->state;
      expiring += s == CARE_COMPETENCY_EXPIRING;
      expired += s == CARE_COMPETENCY_EXPIRED;
    }
  g_assert_cmpuint (counts.due, ==, due);
  g_assert_cmpuint (counts.overdue, ==, overdue);
  g_assert_cmpuint (counts.done, ==, n_done);
  g_assert_cmpuint (counts.awaiting_decision, ==, awaiting->len);
  g_assert_cmpuint (counts.competencies_expiring, ==, expiring);
  g_assert_cmpuint (counts.competencies_expired, ==, expired);
  g_assert_cmpuint (counts.low_coverage, ==, coverage->len);
  g_assert_cmpuint (counts.reviews_overdue, ==, reviews->len);
  g_assert_cmpuint (counts.liberty_alerts, ==, liberty->len);

  /* And the lists hold what this home has. */
  g_assert_cmpuint (counts.due, ==, 0);
  g_assert_cmpuint (counts.overdue, ==, 1);
  g_assert_cmpuint (counts.done, ==, 1);
  g_assert_cmpuint (counts.awaiting_decision, ==, 1);
  g_assert_cmpuint (counts.competencies_expiring, ==, 1);
  g_assert_cmpuint (counts.competencies_expired, ==, 1);
  g_assert_cmpuint (counts.low_coverage, ==, 1);        /* eye drops: nobody competent */
  g_assert_cmpuint (counts.reviews_overdue, ==, 2);     /* both live tasks, due on the 11th */
  g_assert_cmpuint (counts.liberty_alerts, ==, 2);      /* not screened; authorisation expiring */
  g_assert_cmpuint (count_task_slots (slots, arthur_task), ==, 2);
  g_assert_cmpstr (find_slot (slots, f->cream_task_uuid, "08:00")->administration_uuid, ==, done);
  g_assert_cmpstr (care_record_get_uuid (g_ptr_array_index (awaiting, 0)), ==, proposed);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/dashboard/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  ADD ("slots/of-the-day", test_slots_of_the_day);
  ADD ("slots/states-by-time", test_slot_states_by_time);
  ADD ("slots/grace-from-task-type", test_grace_from_task_type);
  ADD ("slots/done", test_slot_done);
  ADD ("slots/not-done", test_slot_not_done);
  ADD ("slots/done-wins-over-not-done", test_done_wins_over_not_done);
  ADD ("slots/entered-in-error-reopens", test_entered_in_error_reopens_slot);
  ADD ("slots/grouped-by-person", test_slots_grouped_by_person);
  ADD ("slots/suspended-task-none", test_suspended_task_has_no_slots);
  ADD ("slots/only-within-task-dates", test_slots_only_within_task_dates);
  ADD ("slots/prn-and-departed-none", test_prn_and_departed_have_no_slots);
  ADD ("slots/interval", test_interval_slots);
  ADD ("slots/clock-change", test_slots_on_clock_change);
  ADD ("awaiting-decision", test_awaiting_decision);
  ADD ("competency/expiring", test_competency_expiring);
  ADD ("competency/expired-while-needed", test_competency_expired_while_needed);
  ADD ("competency/leaver-ignored", test_competency_of_leaver_ignored);
  ADD ("low-coverage", test_low_coverage);
  ADD ("low-coverage-after-leaver", test_low_coverage_after_leaver);
  ADD ("reviews-overdue", test_reviews_overdue);
  ADD ("liberty/none-by-default", test_liberty_none_by_default);
  ADD ("liberty/restrictions-not-screened", test_liberty_restrictions_not_screened);
  ADD ("liberty/rescreen-due", test_liberty_rescreen_due);
  ADD ("liberty/urgent-ending", test_liberty_urgent_ending);
  ADD ("liberty/urgent-covered-by-standard", test_liberty_urgent_covered_by_standard);
  ADD ("liberty/urgent-closed", test_liberty_urgent_closed);
  ADD ("liberty/standard-expiring", test_liberty_standard_expiring);
  ADD ("liberty/standard-renewal-refused", test_liberty_standard_renewal_refused);
  ADD ("liberty/cqc-not-notified", test_liberty_cqc_not_notified);
  ADD ("counts-match-lists", test_counts_match_lists);
  return g_test_run ();
}
