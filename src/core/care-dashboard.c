#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-administration.h"
#include "care-competency.h"
#include "care-dashboard.h"
#include "care-delegation.h"
#include "care-error.h"
#include "care-store-private.h"
#include "care-validate.h"

/* SQL fragments: the current version of a row, and the current version of
 * a referenced record. Table and alias names are literals, never input. */
#define IS_CURRENT(t, a) \
  " " a ".entered_in_error = 0 AND NOT EXISTS (SELECT 1 FROM " t " n_" a " WHERE n_" a ".uuid = " a ".uuid AND n_" a ".version > " a ".version) "
#define JOIN_CURRENT(t, a, ref) \
  " JOIN " t " " a " ON " a ".uuid = " ref " AND " a ".version = (SELECT max (version) FROM " t " WHERE uuid = " ref ") "

#define LIVE_TASKS \
  " FROM delegated_task d" \
  JOIN_CURRENT ("person", "p", "d.person_uuid") \
  JOIN_CURRENT ("task_type", "t", "d.task_type_uuid") \
  " WHERE" IS_CURRENT ("delegated_task", "d") \
  " AND d.status = 'active' AND d.start_date <= ?1 AND (d.end_date IS NULL OR d.end_date >= ?1) " \
  " AND p.status = 'active' "

#define PERSON_NAME "coalesce (p.preferred_name, p.given_name) || ' ' || p.family_name"

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

static GPtrArray *
finish_query (CareStore     *store,
              sqlite3_stmt  *stmt,
              int            rc,
              GPtrArray     *out,
              GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (store, error, "dashboard");
      g_ptr_array_unref (out);
      return NULL;
    }
  return out;
}

void
care_slot_free (CareSlot *slot)
{
  g_free (slot->task_uuid);
  g_free (slot->person_uuid);
  g_free (slot->person_name);
  g_free (slot->task_type_uuid);
  g_free (slot->task_name);
  g_free (slot->slot_date);
  g_free (slot->slot_time);
  g_free (slot->administration_uuid);
  g_free (slot->performer_uuid);
  g_free (slot);
}

typedef struct
{
  char     *uuid;
  char     *performer;
  gboolean  done;
} Recorded;

static void
recorded_free (Recorded *r)
{
  g_free (r->uuid);
  g_free (r->performer);
  g_free (r);
}

/* What was recorded on @date, keyed "task|HH:MM"; a "done" wins over a
 * "not done" for the same slot. */
static GHashTable *
load_recorded (CareStore   *store,
               const char  *date,
               GError     **error)
{
  g_autoptr(GHashTable) recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) recorded_free);
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT a.task_uuid, a.slot_time, a.uuid, a.performer_uuid, a.outcome = 'done' "
    "FROM administration a WHERE a.slot_date = ?1 AND a.slot_time IS NOT NULL AND a.extra = 0 AND"
    IS_CURRENT ("administration", "a"), error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *key = g_strdup_printf ("%s|%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
      Recorded *existing = g_hash_table_lookup (recorded, key);
      Recorded *r;

      if (existing != NULL && existing->done)
        {
          g_free (key);
          continue;
        }
      r = g_new0 (Recorded, 1);
      r->uuid = column_dup (stmt, 2);
      r->performer = column_dup (stmt, 3);
      r->done = sqlite3_column_int (stmt, 4) != 0;
      g_hash_table_replace (recorded, key, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (store, error, "dashboard");
      return NULL;
    }
  return g_steal_pointer (&recorded);
}

static CareSlotState
slot_state (gint64 now, gint64 slot_at, gint64 overdue_at, gint64 lead)
{
  if (now > overdue_at)
    return CARE_SLOT_OVERDUE;
  if (now >= slot_at - lead)
    return CARE_SLOT_DUE;
  return CARE_SLOT_UPCOMING;
}

static void
add_task_slots (GPtrArray    *slots,
                sqlite3_stmt *stmt,
                const char   *date,
                GHashTable   *recorded,
                gint64        now,
                gint64        lead)
{
  g_autoptr(CareRecord) schedule = care_record_new_with_uuid (CARE_KIND_DELEGATED_TASK, NULL);
  g_auto(GStrv) times = NULL;
  gint64 grace = sqlite3_column_int64 (stmt, 9) * 60;

  care_record_set_string (schedule, "schedule_kind", (const char *) sqlite3_column_text (stmt, 3));
  care_record_set_string (schedule, "schedule_times", (const char *) sqlite3_column_text (stmt, 4));
  care_record_set_int (schedule, "interval_hours", sqlite3_column_int64 (stmt, 5));
  care_record_set_string (schedule, "first_time", (const char *) sqlite3_column_text (stmt, 6));
  times = care_delegation_slot_times (schedule, date);

  for (guint i = 0; times[i]; i++)
    {
      CareSlot *slot = g_new0 (CareSlot, 1);
      g_autofree char *key = g_strdup_printf ("%s|%s", sqlite3_column_text (stmt, 0), times[i]);
      Recorded *r = g_hash_table_lookup (recorded, key);

      slot->task_uuid = column_dup (stmt, 0);
      slot->person_uuid = column_dup (stmt, 1);
      slot->task_type_uuid = column_dup (stmt, 2);
      slot->person_name = column_dup (stmt, 7);
      slot->task_name = column_dup (stmt, 8);
      slot->time_critical = sqlite3_column_int (stmt, 10) != 0;
      slot->slot_date = g_strdup (date);
      slot->slot_time = g_strdup (times[i]);
      slot->slot_at = care_local_instant (date, times[i]);
      slot->overdue_at = slot->slot_at + grace;
      if (r != NULL)
        {
          slot->state = r->done ? CARE_SLOT_DONE : CARE_SLOT_NOT_DONE;
          slot->administration_uuid = g_strdup (r->uuid);
          slot->performer_uuid = g_strdup (r->performer);
        }
      else
        slot->state = slot_state (now, slot->slot_at, slot->overdue_at, lead);
      g_ptr_array_add (slots, slot);
    }
}

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const CareSlot *sa = *(CareSlot **) a;
  const CareSlot *sb = *(CareSlot **) b;
  int by_person = g_strcmp0 (sa->person_name, sb->person_name);

  if (by_person != 0)
    return by_person;
  if (sa->slot_at != sb->slot_at)
    return sa->slot_at < sb->slot_at ? -1 : 1;
  return g_strcmp0 (sa->task_name, sb->task_name);
}

/* Every scheduled slot of @date for the live delegated tasks, grouped by
 * person and in time order, with what was recorded against it. */
GPtrArray *
care_dashboard_slots (CareStore   *store,
                      const char  *date,
                      GError     **error)
{
  g_autoptr(GHashTable) recorded = load_recorded (store, date, error);
  GPtrArray *slots;
  sqlite3_stmt *stmt;
  gint64 now = care_store_now (store);
  gint64 lead = care_administration_due_lead_seconds (store);
  int rc;

  if (recorded == NULL)
    return NULL;
  stmt = _care_store_prepare (store,
    "SELECT d.uuid, d.person_uuid, d.task_type_uuid, d.schedule_kind, d.schedule_times, "
    "d.interval_hours, d.first_time, " PERSON_NAME ", t.name, t.grace_minutes, t.time_critical"
    LIVE_TASKS " AND d.schedule_kind <> 'prn'", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  slots = g_ptr_array_new_with_free_func ((GDestroyNotify) care_slot_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_task_slots (slots, stmt, date, recorded, now, lead);
  if (finish_query (store, stmt, rc, slots, error) == NULL)
    return NULL;
  g_ptr_array_sort (slots, compare_slots);
  return slots;
}

GPtrArray *
care_dashboard_awaiting_decision (CareStore  *store,
                                  GError    **error)
{
  return care_store_list_current (store, CARE_KIND_DELEGATED_TASK, "status", "proposed", error);
}

void
care_competency_alert_free (CareCompetencyAlert *alert)
{
  g_free (alert->competency_uuid);
  g_free (alert->staff_uuid);
  g_free (alert->staff_name);
  g_free (alert->task_type_uuid);
  g_free (alert->task_type_name);
  g_free (alert->person_uuid);
  g_free (alert->valid_until);
  g_free (alert);
}

/* The newest sign-off of each active staff member for each task type (and
 * person) that ends within the warning window, or has ended while a live
 * task still needs it. */
GPtrArray *
care_dashboard_competency_alerts (CareStore   *store,
                                  const char  *date,
                                  GError     **error)
{
  g_autofree char *warn = care_date_add_days (date, CARE_EXPIRY_WARNING_DAYS);
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "WITH cur AS (SELECT c.* FROM competency c WHERE" IS_CURRENT ("competency", "c")
    "  AND c.outcome = 'competent' AND c.revoked_on IS NULL), "
    "latest AS (SELECT cur.*, row_number () OVER (PARTITION BY staff_uuid, task_type_uuid, "
    "  coalesce (person_uuid, '') ORDER BY valid_until DESC) AS rn FROM cur) "
    "SELECT l.uuid, l.staff_uuid, s.name, l.task_type_uuid, t.name, l.person_uuid, l.valid_until "
    "FROM latest l" JOIN_CURRENT ("staff", "s", "l.staff_uuid") JOIN_CURRENT ("task_type", "t", "l.task_type_uuid")
    "WHERE l.rn = 1 AND s.active = 1 AND s.entered_in_error = 0 AND l.valid_until <= ?2 "
    "AND (l.valid_until >= ?1 OR EXISTS (SELECT 1 FROM delegated_task d WHERE d.task_type_uuid = l.task_type_uuid "
    "  AND (l.person_uuid IS NULL OR d.person_uuid = l.person_uuid) AND d.status = 'active' AND"
    IS_CURRENT ("delegated_task", "d") ")) "
    "ORDER BY l.valid_until, s.name", error);
  GPtrArray *alerts;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, warn, -1, SQLITE_TRANSIENT);
  alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) care_competency_alert_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareCompetencyAlert *a = g_new0 (CareCompetencyAlert, 1);

      a->competency_uuid = column_dup (stmt, 0);
      a->staff_uuid = column_dup (stmt, 1);
      a->staff_name = column_dup (stmt, 2);
      a->task_type_uuid = column_dup (stmt, 3);
      a->task_type_name = column_dup (stmt, 4);
      a->person_uuid = column_dup (stmt, 5);
      a->valid_until = column_dup (stmt, 6);
      a->state = strcmp (a->valid_until, date) < 0 ? CARE_COMPETENCY_EXPIRED : CARE_COMPETENCY_EXPIRING;
      g_ptr_array_add (alerts, a);
    }
  return finish_query (store, stmt, rc, alerts, error);
}

void
care_coverage_alert_free (CareCoverageAlert *alert)
{
  g_free (alert->task_uuid);
  g_free (alert->person_uuid);
  g_free (alert->person_name);
  g_free (alert->task_name);
  g_free (alert);
}

/* Live tasks with fewer than the minimum of competent staff (default two),
 * so that one absence does not leave a dose without anyone to give it. */
GPtrArray *
care_dashboard_low_coverage (CareStore   *store,
                             const char  *date,
                             GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT d.uuid, d.person_uuid, " PERSON_NAME ", t.name, "
    "  (SELECT count (DISTINCT c.staff_uuid) FROM competency c" JOIN_CURRENT ("staff", "s", "c.staff_uuid")
    "   WHERE s.active = 1 AND s.entered_in_error = 0 AND c.task_type_uuid = d.task_type_uuid "
    "   AND (t.person_specific = 0 OR c.person_uuid = d.person_uuid) AND c.outcome = 'competent' "
    "   AND c.assessed_on <= ?1 AND c.valid_until >= ?1 AND (c.revoked_on IS NULL OR c.revoked_on > ?1) AND"
    IS_CURRENT ("competency", "c") ") AS n"
    LIVE_TASKS " ORDER BY 3, 4", error);
  gint64 minimum = care_store_get_setting_int (store, "min_competent_staff", 2);
  GPtrArray *alerts;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) care_coverage_alert_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareCoverageAlert *a;

      if (sqlite3_column_int64 (stmt, 4) >= minimum)
        continue;
      a = g_new0 (CareCoverageAlert, 1);
      a->task_uuid = column_dup (stmt, 0);
      a->person_uuid = column_dup (stmt, 1);
      a->person_name = column_dup (stmt, 2);
      a->task_name = column_dup (stmt, 3);
      a->n_competent = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (alerts, a);
    }
  return finish_query (store, stmt, rc, alerts, error);
}

void
care_review_due_free (CareReviewDue *due)
{
  g_free (due->task_uuid);
  g_free (due->person_uuid);
  g_free (due->person_name);
  g_free (due->task_name);
  g_free (due->review_due_on);
  g_free (due);
}

GPtrArray *
care_dashboard_reviews_overdue (CareStore   *store,
                                const char  *date,
                                GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT uuid, person_uuid, name, task, due FROM ("
    " SELECT d.uuid, d.person_uuid, " PERSON_NAME " AS name, t.name AS task, "
    "  coalesce ((SELECT r.next_review_on FROM review r WHERE r.task_uuid = d.uuid AND"
    IS_CURRENT ("review", "r") " ORDER BY r.reviewed_on DESC, r.recorded_at DESC LIMIT 1), "
    "   date (d.start_date, '+' || d.review_interval_days || ' days')) AS due "
    " FROM delegated_task d" JOIN_CURRENT ("person", "p", "d.person_uuid") JOIN_CURRENT ("task_type", "t", "d.task_type_uuid")
    " WHERE" IS_CURRENT ("delegated_task", "d") " AND d.status IN ('active', 'suspended') AND p.status = 'active'"
    ") WHERE due < ?1 ORDER BY due, name", error);
  GPtrArray *out;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_review_due_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareReviewDue *d = g_new0 (CareReviewDue, 1);

      d->task_uuid = column_dup (stmt, 0);
      d->person_uuid = column_dup (stmt, 1);
      d->person_name = column_dup (stmt, 2);
      d->task_name = column_dup (stmt, 3);
      d->review_due_on = column_dup (stmt, 4);
      g_ptr_array_add (out, d);
    }
  return finish_query (store, stmt, rc, out, error);
}

void
care_liberty_alert_free (CareLibertyAlert *alert)
{
  g_free (alert->person_uuid);
  g_free (alert->person_name);
  g_free (alert->record_uuid);
  g_free (alert->due_on);
  g_free (alert->message);
  g_free (alert);
}

static char *
liberty_message (CareLibertyAlertKind  kind,
                 const char           *name,
                 const char           *due,
                 const char           *today)
{
  switch (kind)
    {
    case CARE_LIBERTY_RESTRICTIONS_NOT_SCREENED:
      return g_strdup_printf (_("%s has restrictions recorded but no liberty screening."), name);
    case CARE_LIBERTY_RESCREEN_DUE:
      return g_strdup_printf (_("%s's liberty screening was due to be repeated by %s."), name, due);
    case CARE_LIBERTY_URGENT_ENDING:
      return g_strdup_printf (_("%s's urgent authorisation ends on %s: ask the supervisory body about the "
                                "standard application or an extension."), name, due);
    case CARE_LIBERTY_STANDARD_EXPIRING:
      if (strcmp (due, today) < 0)
        return g_strdup_printf (_("%s's authorisation expired on %s with no new application."), name, due);
      return g_strdup_printf (_("%s's authorisation expires on %s: apply for a new one now."), name, due);
    case CARE_LIBERTY_CQC_NOT_NOTIFIED:
    default:
      return g_strdup_printf (_("The CQC has not been told the outcome of %s's application (outcome on %s)."),
                              name, due);
    }
}

/* One query per alert kind, each returning person, name, record and date. */
static const struct
{
  CareLibertyAlertKind kind;
  const char *sql;
} liberty_queries[] = {
  { CARE_LIBERTY_RESTRICTIONS_NOT_SCREENED,
    "SELECT p.uuid, " PERSON_NAME ", NULL, NULL FROM person p WHERE" IS_CURRENT ("person", "p")
    " AND p.status = 'active' AND p.restrictions IS NOT NULL "
    " AND NOT EXISTS (SELECT 1 FROM liberty_screening s WHERE s.person_uuid = p.uuid AND"
    IS_CURRENT ("liberty_screening", "s") ")" },
  { CARE_LIBERTY_RESCREEN_DUE,
    "SELECT p.uuid, " PERSON_NAME ", s.uuid, s.rescreen_on FROM liberty_screening s"
    JOIN_CURRENT ("person", "p", "s.person_uuid")
    " WHERE" IS_CURRENT ("liberty_screening", "s") " AND p.status = 'active' AND s.rescreen_on <= ?1 "
    " AND s.screened_on = (SELECT max (x.screened_on) FROM liberty_screening x WHERE x.person_uuid = s.person_uuid "
    "   AND" IS_CURRENT ("liberty_screening", "x") ")" },
  { CARE_LIBERTY_URGENT_ENDING,
    "SELECT p.uuid, " PERSON_NAME ", c.uuid, coalesce (c.extension_until, c.valid_until) AS ends FROM liberty_case c"
    JOIN_CURRENT ("person", "p", "c.person_uuid")
    " WHERE" IS_CURRENT ("liberty_case", "c") " AND p.status = 'active' AND c.urgency = 'urgent' "
    " AND c.outcome IN ('pending', 'granted') AND ends >= ?1 AND ends <= date (?1, '+2 days')"
    /* The urgent authorisation has done its job once a standard one
     * covering the person is granted and in force. */
    " AND NOT EXISTS (SELECT 1 FROM liberty_case s WHERE s.person_uuid = c.person_uuid AND"
    IS_CURRENT ("liberty_case", "s") "AND s.urgency = 'standard' AND s.outcome = 'granted' "
    "   AND s.granted_on <= ?1 AND s.valid_until >= ?1)" },
  { CARE_LIBERTY_STANDARD_EXPIRING,
    "SELECT p.uuid, " PERSON_NAME ", c.uuid, c.valid_until FROM liberty_case c"
    JOIN_CURRENT ("person", "p", "c.person_uuid")
    " WHERE" IS_CURRENT ("liberty_case", "c") " AND p.status = 'active' AND c.urgency = 'standard' "
    " AND c.outcome = 'granted' AND c.valid_until <= date (?1, '+28 days') "
    " AND NOT EXISTS (SELECT 1 FROM liberty_case l WHERE l.person_uuid = c.person_uuid AND l.applied_on > c.applied_on "
    "   AND" IS_CURRENT ("liberty_case", "l") "AND l.outcome IN ('pending', 'granted'))" },
  { CARE_LIBERTY_CQC_NOT_NOTIFIED,
    "SELECT p.uuid, " PERSON_NAME ", c.uuid, c.outcome_on FROM liberty_case c"
    JOIN_CURRENT ("person", "p", "c.person_uuid")
    " WHERE" IS_CURRENT ("liberty_case", "c") " AND c.outcome IN ('granted', 'not_granted', 'withdrawn') "
    " AND c.cqc_notified_on IS NULL AND ?1 IS NOT NULL" },
};

GPtrArray *
care_dashboard_liberty_alerts (CareStore   *store,
                               const char  *date,
                               GError     **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) care_liberty_alert_free);

  for (guint q = 0; q < G_N_ELEMENTS (liberty_queries); q++)
    {
      sqlite3_stmt *stmt = _care_store_prepare (store, liberty_queries[q].sql, error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CareLibertyAlert *a = g_new0 (CareLibertyAlert, 1);

          a->kind = liberty_queries[q].kind;
          a->person_uuid = column_dup (stmt, 0);
          a->person_name = column_dup (stmt, 1);
          a->record_uuid = column_dup (stmt, 2);
          a->due_on = column_dup (stmt, 3);
          a->message = liberty_message (a->kind, a->person_name, a->due_on, date);
          g_ptr_array_add (alerts, a);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _care_store_set_error (store, error, "liberty alerts"), NULL;
    }
  return g_steal_pointer (&alerts);
}

gboolean
care_dashboard_counts (CareStore            *store,
                       const char           *date,
                       CareDashboardCounts  *counts,
                       GError              **error)
{
  g_autoptr(GPtrArray) slots = care_dashboard_slots (store, date, error);
  g_autoptr(GPtrArray) awaiting = NULL;
  g_autoptr(GPtrArray) competencies = NULL;
  g_autoptr(GPtrArray) coverage = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) liberty = NULL;

  memset (counts, 0, sizeof *counts);
  if (slots == NULL
      || (awaiting = care_dashboard_awaiting_decision (store, error)) == NULL
      || (competencies = care_dashboard_competency_alerts (store, date, error)) == NULL
      || (coverage = care_dashboard_low_coverage (store, date, error)) == NULL
      || (reviews = care_dashboard_reviews_overdue (store, date, error)) == NULL
      || (liberty = care_dashboard_liberty_alerts (store, date, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < slots->len; i++)
    {
      CareSlot *s = g_ptr_array_index (slots, i);
      if (s->state == CARE_SLOT_DUE)
        counts->due++;
      else if (s->state == CARE_SLOT_OVERDUE)
        counts->overdue++;
      else if (s->state == CARE_SLOT_DONE)
        counts->done++;
    }
  for (guint i = 0; i < competencies->len; i++)
    {
      CareCompetencyAlert *a = g_ptr_array_index (competencies, i);
      if (a->state == CARE_COMPETENCY_EXPIRED)
        counts->competencies_expired++;
      else
        counts->competencies_expiring++;
    }
  counts->awaiting_decision = awaiting->len;
  counts->low_coverage = coverage->len;
  counts->reviews_overdue = reviews->len;
  counts->liberty_alerts = liberty->len;
  return TRUE;
}
