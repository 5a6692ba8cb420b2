#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-competency.h"
#include "care-error.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-validate.h"

CareCompetencyState
care_competency_state (CareRecord *competency,
                       const char *date)
{
  const char *until = care_record_get_string (competency, "valid_until");
  const char *revoked = care_record_get_string (competency, "revoked_on");
  g_autofree char *warn = care_date_add_days (date, CARE_EXPIRY_WARNING_DAYS);

  if (care_record_is_entered_in_error (competency))
    return CARE_COMPETENCY_NONE;
  if (revoked != NULL && strcmp (revoked, date) <= 0)
    return CARE_COMPETENCY_REVOKED;
  if (g_strcmp0 (care_record_get_string (competency, "outcome"), "competent") != 0)
    return CARE_COMPETENCY_NOT_COMPETENT;
  if (strcmp (care_record_get_string (competency, "assessed_on"), date) > 0)
    return CARE_COMPETENCY_NONE;
  if (until == NULL || strcmp (until, date) < 0)
    return CARE_COMPETENCY_EXPIRED;
  if (strcmp (until, warn) <= 0)
    return CARE_COMPETENCY_EXPIRING;
  return CARE_COMPETENCY_VALID;
}

const char *
care_competency_state_label (CareCompetencyState state)
{
  switch (state)
    {
    case CARE_COMPETENCY_VALID: return _("Valid");
    case CARE_COMPETENCY_EXPIRING: return _("Expiring");
    case CARE_COMPETENCY_EXPIRED: return _("Expired");
    case CARE_COMPETENCY_REVOKED: return _("Revoked");
    case CARE_COMPETENCY_NOT_COMPETENT: return _("Not yet competent");
    case CARE_COMPETENCY_NONE: default: return _("None");
    }
}

static gboolean
check_validity_dates (CareRecord   *competency,
                      CareRecord   *type,
                      GError      **error)
{
  const char *until = care_record_get_string (competency, "valid_until");
  g_autofree char *longest = NULL;

  if (!_care_check_order (competency, "trained_on", "assessed_on", TRUE, error))
    return FALSE;
  if (g_strcmp0 (care_record_get_string (competency, "outcome"), "competent") != 0)
    return TRUE;
  if (until == NULL)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("A competent outcome needs a valid-until date."));
      return FALSE;
    }
  if (!_care_check_order (competency, "assessed_on", "valid_until", FALSE, error))
    return FALSE;
  longest = care_date_add_months (care_record_get_string (competency, "assessed_on"),
                                  (int) care_record_get_int (type, "validity_months"));
  if (strcmp (until, longest) > 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   _("A sign-off for “%s” lasts at most %d months: valid until %s at the latest."),
                   care_record_get_string (type, "name"),
                   (int) care_record_get_int (type, "validity_months"), longest);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_subject (CareStore   *store,
               CareSession *session,
               CareRecord  *competency,
               CareRecord  *type,
               GError     **error)
{
  g_autoptr(CareRecord) staff = NULL;

  staff = _care_require_record (store, CARE_KIND_STAFF, care_record_get_string (competency, "staff_uuid"), error);
  if (staff == NULL)
    return FALSE;
  if (!care_record_get_bool (staff, "active"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INACTIVE,
                   _("%s is not an active staff member."), care_record_get_string (staff, "name"));
      return FALSE;
    }
  if (g_strcmp0 (care_record_get_uuid (staff), care_session_get_actor_uuid (session)) == 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_PERMISSION,
                   _("You cannot sign off your own competency; another registered practitioner must assess you."));
      return FALSE;
    }
  if (!care_record_get_bool (type, "delegable"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_DELEGABLE,
                   _("“%s” is never delegated to care staff, so there is no competency to sign off: %s"),
                   care_record_get_string (type, "name"), care_record_get_string (type, "not_delegable_reason"));
      return FALSE;
    }
  if (care_record_get_bool (type, "person_specific"))
    {
      g_autoptr(CareRecord) person = NULL;

      if (!care_record_has (competency, "person_uuid"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("Competency for “%s” is person-specific: choose the person it was assessed with."),
                       care_record_get_string (type, "name"));
          return FALSE;
        }
      person = _care_require_record (store, CARE_KIND_PERSON, care_record_get_string (competency, "person_uuid"), error);
      if (person == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
_care_competency_check (CareSession  *session,
                        CareRecord   *competency,
                        CareRecord   *previous,
                        GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) type = NULL;
  g_autoptr(CareRecord) assessor = NULL;

  if (!care_session_require_role (session, CARE_ROLE_PRACTITIONER,
                                  _("sign off or correct a competency"), error))
    return FALSE;
  if (previous != NULL)
    {
      g_auto(GStrv) changed = care_record_diff (competency, previous);
      if (g_strv_contains ((const char * const *) changed, "revoked_on")
          || g_strv_contains ((const char * const *) changed, "revoked_by")
          || g_strv_contains ((const char * const *) changed, "revoked_reason"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                       _("Revoke a competency with the Revoke action, which asks for a reason."));
          return FALSE;
        }
    }
  /* The assessor signs as themselves, with their own register number; a
   * correction by another practitioner keeps the original assessor. */
  if (previous == NULL)
    {
      assessor = _care_require_record (store, CARE_KIND_STAFF, care_session_get_actor_uuid (session), error);
      if (assessor == NULL)
        return FALSE;
      care_record_set_string (competency, "assessor_uuid", care_record_get_uuid (assessor));
      care_record_set_string (competency, "assessor_register_number",
                              care_record_get_string (assessor, "register_number"));
    }
  else
    {
      care_record_set_string (competency, "assessor_uuid", care_record_get_string (previous, "assessor_uuid"));
      care_record_set_string (competency, "assessor_register_number",
                              care_record_get_string (previous, "assessor_register_number"));
    }
  type = _care_require_record (store, CARE_KIND_TASK_TYPE, care_record_get_string (competency, "task_type_uuid"), error);
  if (type == NULL)
    return FALSE;
  return _care_check_not_future (store, competency, "trained_on", error)
      && _care_check_not_future (store, competency, "assessed_on", error)
      && check_subject (store, session, competency, type, error)
      && check_validity_dates (competency, type, error);
}

gboolean
care_competency_sign_off (CareSession  *assessor,
                          CareRecord   *competency,
                          GError      **error)
{
  CareRecord *actor = care_session_get_actor (assessor);

  /* Asked first: anyone else has no register number, and would be told
   * that is missing rather than who may sign off. */
  if (!care_session_require_role (assessor, CARE_ROLE_PRACTITIONER,
                                  _("sign off or correct a competency"), error))
    return FALSE;
  /* The assessor is whoever signed in to sign it off, never a name typed in. */
  if (actor != NULL)
    {
      care_record_set_string (competency, "assessor_uuid", care_record_get_uuid (actor));
      care_record_set_string (competency, "assessor_register_number",
                              care_record_get_string (actor, "register_number"));
    }
  return care_session_save (assessor, competency, NULL, error);
}

gboolean
care_competency_revoke (CareSession  *session,
                        const char   *competency_uuid,
                        const char   *reason,
                        GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) competency = NULL;
  g_autofree char *today = care_store_today (store);
  g_autofree char *clean = g_strstrip (g_strdup (reason ? reason : ""));

  if (!care_session_require_role (session, CARE_ROLE_MANAGER | CARE_ROLE_PRACTITIONER,
                                  _("revoke a competency"), error))
    return FALSE;
  if (*clean == '\0')
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED, _("Say why the competency is revoked."));
      return FALSE;
    }
  if (!_care_store_begin (store, error))
    return FALSE;
  competency = _care_require_record (store, CARE_KIND_COMPETENCY, competency_uuid, error);
  if (competency == NULL)
    goto fail;
  if (care_record_has (competency, "revoked_on"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE, _("This competency was already revoked."));
      goto fail;
    }
  care_record_set_string (competency, "revoked_on", today);
  care_record_set_string (competency, "revoked_by", care_session_get_actor_uuid (session));
  care_record_set_string (competency, "revoked_reason", clean);
  if (!_care_session_write (session, competency, "revoke", clean, error)
      || !_care_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  _care_store_rollback (store);
  return FALSE;
}

#define COMPETENCY_CURRENT \
  " AND c.entered_in_error = 0 AND NOT EXISTS (SELECT 1 FROM competency n WHERE n.uuid = c.uuid AND n.version > c.version)"

/* A valid competency of @staff_uuid for the task type (and person, when the
 * type is person-specific) on @date, or NULL. */
CareRecord *
care_competency_find_valid (CareStore   *store,
                            const char  *staff_uuid,
                            const char  *task_type_uuid,
                            const char  *person_uuid,
                            const char  *date,
                            GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_COMPETENCY, "c");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM competency c WHERE c.staff_uuid = ?1 AND c.task_type_uuid = ?2 "
    "AND (?3 IS NULL OR c.person_uuid = ?3) AND c.outcome = 'competent' "
    "AND c.assessed_on <= ?4 AND c.valid_until >= ?4 "
    "AND (c.revoked_on IS NULL OR c.revoked_on > ?4)" COMPETENCY_CURRENT
    " ORDER BY c.valid_until DESC LIMIT 1", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, staff_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, task_type_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, person_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, date, -1, SQLITE_TRANSIENT);
  found = _care_store_query_records (store, CARE_KIND_COMPETENCY, stmt, error);
  if (found == NULL || found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

static const char *
person_for_gate (CareStore  *store,
                 CareRecord *task)
{
  g_autoptr(CareRecord) type = care_store_load (store, CARE_KIND_TASK_TYPE,
                                                care_record_get_string (task, "task_type_uuid"), NULL);

  if (type != NULL && care_record_get_bool (type, "person_specific"))
    return care_record_get_string (task, "person_uuid");
  return NULL;
}

/* The active staff with a valid competency for @task on @date, as staff
 * records, in name order. */
GPtrArray *
care_competency_competent_staff (CareStore   *store,
                                 CareRecord  *task,
                                 const char  *date,
                                 GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_STAFF, "s");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM staff s WHERE s.entered_in_error = 0 AND s.active = 1 "
    "AND NOT EXISTS (SELECT 1 FROM staff n WHERE n.uuid = s.uuid AND n.version > s.version) "
    "AND EXISTS (SELECT 1 FROM competency c WHERE c.staff_uuid = s.uuid AND c.task_type_uuid = ?1 "
    "  AND (?2 IS NULL OR c.person_uuid = ?2) AND c.outcome = 'competent' "
    "  AND c.assessed_on <= ?3 AND c.valid_until >= ?3 "
    "  AND (c.revoked_on IS NULL OR c.revoked_on > ?3)" COMPETENCY_CURRENT ") "
    "ORDER BY s.name", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_record_get_string (task, "task_type_uuid"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_for_gate (store, task), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
  return _care_store_query_records (store, CARE_KIND_STAFF, stmt, error);
}

/* The refusal names who is competent, so the carer knows whom to ask. */
gboolean
care_competency_check_gate (CareStore   *store,
                            const char  *staff_uuid,
                            CareRecord  *task,
                            const char  *date,
                            GError     **error)
{
  g_autoptr(CareRecord) valid = NULL;
  g_autoptr(CareRecord) staff = NULL;
  g_autoptr(CareRecord) type = NULL;
  g_autoptr(GPtrArray) competent = NULL;
  g_autoptr(GString) names = NULL;

  valid = care_competency_find_valid (store, staff_uuid, care_record_get_string (task, "task_type_uuid"),
                                      person_for_gate (store, task), date, error);
  if (valid != NULL)
    return TRUE;
  if (error && *error)
    return FALSE;

  staff = care_store_load (store, CARE_KIND_STAFF, staff_uuid, NULL);
  type = care_store_load (store, CARE_KIND_TASK_TYPE, care_record_get_string (task, "task_type_uuid"), NULL);
  competent = care_competency_competent_staff (store, task, date, NULL);
  names = g_string_new (NULL);
  for (guint i = 0; competent && i < competent->len && i < 5; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            care_record_get_string (g_ptr_array_index (competent, i), "name"));
  if (names->len == 0)
    g_string_append (names, _("nobody at present: tell the manager"));
  g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_COMPETENT,
               _("%s has no valid competency sign-off for “%s”%s on %s, so cannot record it as done. "
                 "Competent now: %s."),
               staff ? care_record_get_string (staff, "name") : _("This staff member"),
               type ? care_record_get_string (type, "name") : _("this task"),
               person_for_gate (store, task) ? _(" with this person") : "",
               date, names->str);
  return FALSE;
}

void
care_competency_cell_free (CareCompetencyCell *cell)
{
  g_free (cell->staff_uuid);
  g_free (cell->staff_name);
  g_free (cell->task_type_uuid);
  g_free (cell->task_type_name);
  g_free (cell);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* Every active member of the home's staff (visiting practitioners assess,
 * they are not assessed) against every active delegable task type, with
 * the best state of their sign-offs on @date. One query: the states are
 * ranked in the order of CareCompetencyState, so min() is the best, and
 * the CASE follows care_competency_state(). */
GPtrArray *
care_competency_matrix (CareStore   *store,
                        const char  *date,
                        GError     **error)
{
  g_autofree char *warn = care_date_add_days (date, CARE_EXPIRY_WARNING_DAYS);
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT s.uuid, s.name, t.uuid, t.name, min (CASE "
    "    WHEN c.uuid IS NULL THEN 5 "
    "    WHEN c.revoked_on IS NOT NULL AND c.revoked_on <= ?1 THEN 3 "
    "    WHEN c.outcome IS NOT 'competent' THEN 4 "
    "    WHEN c.assessed_on > ?1 THEN 5 "
    "    WHEN c.valid_until IS NULL OR c.valid_until < ?1 THEN 2 "
    "    WHEN c.valid_until <= ?2 THEN 1 "
    "    ELSE 0 END) "
    "FROM staff s CROSS JOIN task_type t "
    "LEFT JOIN competency c ON c.staff_uuid = s.uuid AND c.task_type_uuid = t.uuid" COMPETENCY_CURRENT " "
    "WHERE s.entered_in_error = 0 AND s.active = 1 AND s.role <> 'registered_practitioner' "
    "AND NOT EXISTS (SELECT 1 FROM staff n WHERE n.uuid = s.uuid AND n.version > s.version) "
    "AND t.entered_in_error = 0 AND t.active = 1 AND t.delegable = 1 "
    "AND NOT EXISTS (SELECT 1 FROM task_type n WHERE n.uuid = t.uuid AND n.version > t.version) "
    "GROUP BY s.uuid, t.uuid ORDER BY s.name, s.uuid, t.name", error);
  g_autoptr(GPtrArray) cells = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, warn, -1, SQLITE_TRANSIENT);
  cells = g_ptr_array_new_with_free_func ((GDestroyNotify) care_competency_cell_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareCompetencyCell *cell = g_new0 (CareCompetencyCell, 1);

      cell->staff_uuid = column_dup (stmt, 0);
      cell->staff_name = column_dup (stmt, 1);
      cell->task_type_uuid = column_dup (stmt, 2);
      cell->task_type_name = column_dup (stmt, 3);
      cell->state = (CareCompetencyState) sqlite3_column_int (stmt, 4);
      g_ptr_array_add (cells, cell);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (store, error, "competency matrix");
      return NULL;
    }
  return g_steal_pointer (&cells);
}
