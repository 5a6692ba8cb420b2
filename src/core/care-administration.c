#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-administration.h"
#include "care-competency.h"
#include "care-delegation.h"
#include "care-error.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-validate.h"

static gboolean
check_time (CareStore   *store,
            CareRecord  *admin,
            CareRecord  *task,
            GError     **error)
{
  gint64 occurred = care_record_get_int (admin, "occurred_at");
  gint64 now = care_store_now (store);
  gint64 late_after = care_store_get_setting_int (store, "late_entry_minutes", 60) * 60;
  g_autofree char *occurred_date = care_instant_to_date (occurred);

  if (occurred > now + CARE_CLOCK_SKEW_SECONDS)
    {
      g_autofree char *when = care_instant_to_time (occurred);
      g_set_error (error, CARE_ERROR, CARE_ERROR_FUTURE_TIME,
                   _("The time given (%s %s) is in the future. Record what happened after it happens."),
                   occurred_date, when);
      return FALSE;
    }
  if (strcmp (occurred_date, care_record_get_string (task, "start_date")) < 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   _("The time given (%s) is before the task started (%s)."),
                   occurred_date, care_record_get_string (task, "start_date"));
      return FALSE;
    }
  if (care_record_has (task, "end_date") && strcmp (occurred_date, care_record_get_string (task, "end_date")) > 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   _("The time given (%s) is after the task ended (%s)."),
                   occurred_date, care_record_get_string (task, "end_date"));
      return FALSE;
    }
  /* The entry time is the PC's, never the user's, so late entries show. */
  if (care_record_get_version (admin) == 0)
    care_record_set_int (admin, "entered_at", now);
  care_record_set_bool (admin, "late",
                        care_record_get_int (admin, "entered_at") - occurred > late_after);
  return TRUE;
}

static gboolean
check_slot (CareRecord  *admin,
            CareRecord  *task,
            GError     **error)
{
  const char *slot_time = care_record_get_string (admin, "slot_time");
  const char *slot_date = care_record_get_string (admin, "slot_date");
  g_auto(GStrv) times = NULL;

  if (g_strcmp0 (care_record_get_string (task, "schedule_kind"), "prn") == 0)
    {
      g_autofree char *day = care_instant_to_date (care_record_get_int (admin, "occurred_at"));
      /* A when-required dose is its own slot. */
      care_record_unset (admin, "slot_time");
      care_record_set_string (admin, "slot_date", day);
      return TRUE;
    }
  if (slot_time == NULL)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Choose which scheduled time this entry is for."));
      return FALSE;
    }
  times = care_delegation_slot_times (task, slot_date);
  if (!g_strv_contains ((const char * const *) times, slot_time))
    {
      g_autofree char *list = g_strjoinv (", ", times);
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("%s is not one of this task's times (%s)."), slot_time, list);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_not_done (CareStore   *store,
                CareRecord  *admin,
                GError     **error)
{
  g_autoptr(CareRecord) code = NULL;
  const char *canonical;

  if (!care_record_has (admin, "reason_code"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Choose why it was not done (for example refused, asleep, in hospital)."));
      return FALSE;
    }
  code = care_store_find_current (store, CARE_KIND_REASON_CODE, "code",
                                  care_record_get_string (admin, "reason_code"), error);
  if (code == NULL || !care_record_get_bool (code, "active"))
    {
      g_clear_error (error);
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("“%s” is not one of the home's not-done reasons."),
                   care_record_get_string (admin, "reason_code"));
      return FALSE;
    }
  canonical = care_record_get_string (code, "canonical");
  care_record_set_string (admin, "reason_canonical", canonical);
  if (g_str_equal (canonical, "other") && !care_record_has (admin, "reason_text"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Say what the other reason was."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_done_details (CareStore   *store,
                    CareRecord  *admin,
                    CareRecord  *type,
                    GError     **error)
{
  if (care_record_get_bool (type, "topical") && !care_record_has (admin, "site"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Say where on the body it was applied."));
      return FALSE;
    }
  if (care_record_get_bool (type, "variable_dose") && !care_record_has (admin, "dose"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Record the dose given: this task's dose varies."));
      return FALSE;
    }
  if (care_record_get_bool (type, "requires_witness"))
    {
      g_autoptr(CareRecord) witness = NULL;

      if (!care_record_has (admin, "witness_uuid"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("“%s” needs a witness: choose the member of staff who saw it."),
                       care_record_get_string (type, "name"));
          return FALSE;
        }
      if (g_strcmp0 (care_record_get_string (admin, "witness_uuid"),
                     care_record_get_string (admin, "performer_uuid")) == 0)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("The witness must be someone other than the person who did it."));
          return FALSE;
        }
      witness = _care_require_record (store, CARE_KIND_STAFF, care_record_get_string (admin, "witness_uuid"), error);
      if (witness == NULL)
        return FALSE;
    }
  return TRUE;
}

#define ADMIN_CURRENT \
  " AND a.entered_in_error = 0 AND NOT EXISTS (SELECT 1 FROM administration n WHERE n.uuid = a.uuid AND n.version > a.version)"

static gboolean
check_duplicate_slot (CareStore   *store,
                      CareRecord  *admin,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 other_at = 0;
  g_autofree char *other_by = NULL;

  if (care_record_get_bool (admin, "extra"))
    {
      if (!care_record_has (admin, "extra_reason"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("An extra administration needs a reason (e.g. the dose was vomited and the nurse advised a repeat)."));
          return FALSE;
        }
      return TRUE;
    }
  stmt = _care_store_prepare (store,
    "SELECT a.occurred_at, (SELECT s.name FROM staff s WHERE s.uuid = a.performer_uuid ORDER BY s.version DESC LIMIT 1) "
    "FROM administration a WHERE a.task_uuid = ?1 AND a.slot_date = ?2 AND a.slot_time = ?3 "
    "AND a.outcome = 'done' AND a.extra = 0 AND a.uuid <> ?4" ADMIN_CURRENT " LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, care_record_get_string (admin, "task_uuid"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, care_record_get_string (admin, "slot_date"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, care_record_get_string (admin, "slot_time"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, care_record_get_uuid (admin), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      other_at = sqlite3_column_int64 (stmt, 0);
      other_by = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (other_at != 0)
    {
      g_autofree char *when = care_instant_to_time (other_at);
      g_set_error (error, CARE_ERROR, CARE_ERROR_DUPLICATE_SLOT,
                   _("The %s dose on %s was already recorded as done by %s at %s. Giving it again "
                     "risks a double dose: do not repeat it unless the nurse says so, then record it "
                     "as an extra administration with the reason."),
                   care_record_get_string (admin, "slot_time"), care_record_get_string (admin, "slot_date"),
                   other_by ? other_by : _("someone"), when);
      return FALSE;
    }
  return TRUE;
}

/* The times of the doses given within 24 hours either side of @at, oldest
 * first, excluding the record being corrected. */
static GArray *
prn_doses_around (CareStore   *store,
                  CareRecord  *admin,
                  gint64       at,
                  GError     **error)
{
  g_autoptr(GArray) doses = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = _care_store_prepare (store,
    "SELECT a.occurred_at FROM administration a WHERE a.task_uuid = ?1 AND a.outcome = 'done' "
    "AND a.uuid <> ?3 AND a.occurred_at > ?2 - 86400 AND a.occurred_at < ?2 + 86400" ADMIN_CURRENT
    " ORDER BY a.occurred_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_record_get_string (admin, "task_uuid"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_text (stmt, 3, care_record_get_uuid (admin), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 t = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (doses, t);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (store, error, "administration");
      return NULL;
    }
  return g_steal_pointer (&doses);
}

/* The most doses, counting the new one at @at, in any 24 hours that include
 * @at: a late entry must not push a later 24 hours over the maximum either.
 * The busiest such window starts at a dose, so only those starts are tried. */
static gint64
prn_busiest_day (GArray *doses,
                 gint64  at)
{
  gint64 busiest = 1;

  for (guint i = 0; i <= doses->len; i++)
    {
      gint64 start = i < doses->len ? g_array_index (doses, gint64, i) : at;
      gint64 n = 1;

      if (start > at || start <= at - 86400)
        continue;
      for (guint j = 0; j < doses->len; j++)
        {
          gint64 t = g_array_index (doses, gint64, j);
          if (t >= start && t < start + 86400)
            n++;
        }
      busiest = MAX (busiest, n);
    }
  return busiest;
}

static gboolean
check_prn_limits (CareStore   *store,
                  CareRecord  *admin,
                  CareRecord  *task,
                  GError     **error)
{
  gint64 at = care_record_get_int (admin, "occurred_at");
  gint64 max = care_record_get_int (task, "prn_max_24h");
  gint64 min_gap = care_record_get_int (task, "prn_min_interval_min") * 60;
  g_autoptr(GArray) doses = prn_doses_around (store, admin, at, error);
  gint64 busiest, nearest = 0;

  if (doses == NULL)
    return FALSE;
  busiest = prn_busiest_day (doses, at);
  for (guint i = 0; i < doses->len; i++)
    {
      gint64 t = g_array_index (doses, gint64, i);
      if (nearest == 0 || ABS (t - at) < ABS (nearest - at))
        nearest = t;
    }

  if (max > 0 && busiest > max)
    {
      /* %lld, not G_GINT64_FORMAT: xgettext cannot expand the macro and would cut the msgid short. */
      g_set_error (error, CARE_ERROR, CARE_ERROR_PRN_MAXIMUM,
                   _("This would be dose %lld in 24 hours; the most allowed is %lld. "
                     "Do not give it: contact the nurse or GP."),
                   (long long) busiest, (long long) max);
      return FALSE;
    }
  if (min_gap > 0 && nearest != 0 && ABS (nearest - at) < min_gap)
    {
      g_autofree char *last = care_instant_to_time (nearest);
      g_autofree char *next = care_instant_to_time (nearest + min_gap);
      g_set_error (error, CARE_ERROR, CARE_ERROR_PRN_INTERVAL,
                   _("A dose was given at %s and doses must be at least %lld minutes apart. "
                     "The next dose can be given from %s."),
                   last, (long long) (min_gap / 60), next);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_performer (CareSession  *session,
                 CareRecord   *admin,
                 CareRecord   *previous,
                 GError      **error)
{
  if (!care_session_require_role (session, CARE_ROLE_ANY_STAFF, _("record an administration"), error))
    return FALSE;
  if (previous == NULL)
    {
      /* Everything a person records is theirs: nobody records for someone else. */
      care_record_set_string (admin, "performer_uuid", care_session_get_actor_uuid (session));
      return TRUE;
    }
  if (g_strcmp0 (care_record_get_string (admin, "performer_uuid"),
                 care_record_get_string (previous, "performer_uuid")) != 0
      || care_record_get_int (admin, "entered_at") != care_record_get_int (previous, "entered_at"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("Who did it and when it was first recorded cannot be corrected; mark the entry "
                     "as entered in error and record it again."));
      return FALSE;
    }
  if (g_strcmp0 (care_record_get_string (previous, "performer_uuid"), care_session_get_actor_uuid (session)) != 0)
    return care_session_require_role (session, CARE_ROLE_MANAGER,
                                      _("correct an administration someone else recorded"), error);
  return TRUE;
}

gboolean
_care_administration_check (CareSession  *session,
                            CareRecord   *admin,
                            CareRecord   *previous,
                            GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(CareRecord) type = NULL;
  g_autofree char *occurred_date = NULL;
  gboolean done;

  if (!check_performer (session, admin, previous, error))
    return FALSE;
  task = _care_require_record (store, CARE_KIND_DELEGATED_TASK, care_record_get_string (admin, "task_uuid"), error);
  if (task == NULL)
    return FALSE;
  /* A correction fixes what was recorded while the task was active, so the
   * task having stopped since does not block it. */
  if (previous == NULL && g_strcmp0 (care_record_get_string (task, "status"), "active") != 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("This task is %s, not active: do not do it, and speak to the manager or nurse."),
                   care_record_get_string (task, "status"));
      return FALSE;
    }
  type = _care_require_record (store, CARE_KIND_TASK_TYPE, care_record_get_string (task, "task_type_uuid"), error);
  if (type == NULL)
    return FALSE;
  if (!check_time (store, admin, task, error) || !check_slot (admin, task, error))
    return FALSE;

  done = g_strcmp0 (care_record_get_string (admin, "outcome"), "done") == 0;
  if (!done)
    return check_not_done (store, admin, error);

  care_record_unset (admin, "reason_code");
  care_record_unset (admin, "reason_canonical");
  occurred_date = care_instant_to_date (care_record_get_int (admin, "occurred_at"));
  if (!care_competency_check_gate (store, care_record_get_string (admin, "performer_uuid"),
                                   task, occurred_date, error)
      || !check_done_details (store, admin, type, error))
    return FALSE;
  if (g_strcmp0 (care_record_get_string (task, "schedule_kind"), "prn") == 0)
    return check_prn_limits (store, admin, task, error);
  return check_duplicate_slot (store, admin, error);
}

gboolean
care_administration_record (CareSession  *session,
                            CareRecord   *administration,
                            GError      **error)
{
  /* entered_at is filled in by the check; the schema still requires it. */
  if (!care_record_has (administration, "entered_at"))
    care_record_set_int (administration, "entered_at", care_store_now (care_session_get_store (session)));
  if (!care_record_has (administration, "performer_uuid") && care_session_get_actor_uuid (session))
    care_record_set_string (administration, "performer_uuid", care_session_get_actor_uuid (session));
  if (!care_record_has (administration, "slot_date") && care_record_has (administration, "occurred_at"))
    {
      g_autofree char *day = care_instant_to_date (care_record_get_int (administration, "occurred_at"));
      care_record_set_string (administration, "slot_date", day);
    }
  return care_session_save (session, administration, NULL, error);
}

gint64
care_administration_due_lead_seconds (CareStore *store)
{
  return care_store_get_setting_int (store, "due_lead_minutes", 60) * 60;
}

gboolean
care_administration_is_early (const char *slot_date,
                              const char *slot_time,
                              gint64      occurred_at,
                              gint64      due_lead_seconds)
{
  if (slot_date == NULL || slot_time == NULL || *slot_time == '\0')
    return FALSE;
  return occurred_at < care_local_instant (slot_date, slot_time) - due_lead_seconds;
}
