#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-delegation.h"
#include "care-error.h"
#include "care-review.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-validate.h"

static gboolean
check_decision_fields (CareRecord  *review,
                       GError     **error)
{
  const char *decision = care_record_get_string (review, "decision");

  if (g_str_equal (decision, "change_instructions") && !care_record_has (review, "new_instructions"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Write the new instructions the carers should follow."));
      return FALSE;
    }
  if (!g_str_equal (decision, "withdraw") && !care_record_has (review, "next_review_on"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Set the date of the next review."));
      return FALSE;
    }
  return _care_check_order (review, "reviewed_on", "next_review_on", FALSE, error);
}

/* The decision changes the task through its own lifecycle, as a version
 * written by the reviewer with the review's findings as the reason. */
static gboolean
apply_decision (CareSession  *session,
                CareRecord   *review,
                CareRecord   *task,
                GError      **error)
{
  const char *decision = care_record_get_string (review, "decision");
  const char *status = care_record_get_string (task, "status");
  const char *to = NULL;
  g_autofree char *reason = g_strdup_printf (_("Clinical oversight review on %s"),
                                             care_record_get_string (review, "reviewed_on"));

  if (g_str_equal (decision, "continue"))
    return TRUE;
  if (g_str_equal (decision, "change_instructions"))
    {
      care_record_set_string (task, "instructions", care_record_get_string (review, "new_instructions"));
      return _care_session_write (session, task, "change_instructions", reason, error);
    }
  to = g_str_equal (decision, "suspend") ? "suspended" : "withdrawn";
  if (g_str_equal (status, to))
    return TRUE;
  if (!care_delegation_can_transition (status, to))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("This task is %s, so a review cannot %s it."), status, decision);
      return FALSE;
    }
  care_record_set_string (task, "status", to);
  care_record_set_string (task, "status_reason", care_record_get_string (review, "findings"));
  return _care_session_write (session, task, to, reason, error);
}

gboolean
_care_review_check (CareSession  *session,
                    CareRecord   *review,
                    CareRecord   *previous,
                    GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) task = NULL;
  const char *status;

  if (!care_session_require_role (session, CARE_ROLE_PRACTITIONER,
                                  _("record a clinical oversight review"), error))
    return FALSE;
  if (previous == NULL)
    care_record_set_string (review, "reviewer_uuid", care_session_get_actor_uuid (session));
  task = _care_require_record (store, CARE_KIND_DELEGATED_TASK, care_record_get_string (review, "task_uuid"), error);
  if (task == NULL)
    return FALSE;
  status = care_record_get_string (task, "status");
  /* A correction only rewords a review, which may itself have withdrawn
   * the task. */
  if (previous == NULL
      && !g_str_equal (status, "active") && !g_str_equal (status, "suspended") && !g_str_equal (status, "accepted"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("This task is %s; only accepted, active or suspended tasks are reviewed."), status);
      return FALSE;
    }
  if (!_care_check_not_future (store, review, "reviewed_on", error)
      || !check_decision_fields (review, error))
    return FALSE;
  if (strcmp (care_record_get_string (review, "reviewed_on"), care_record_get_string (task, "delegated_on")) < 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   _("The review date is before the task was delegated (%s)."),
                   care_record_get_string (task, "delegated_on"));
      return FALSE;
    }
  /* A correction fixes the review's wording; the decision already acted. */
  if (previous != NULL)
    {
      if (g_strcmp0 (care_record_get_string (review, "decision"), care_record_get_string (previous, "decision")) != 0)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                       _("A review's decision cannot be corrected; record a new review."));
          return FALSE;
        }
      return TRUE;
    }
  return apply_decision (session, review, task, error);
}

gboolean
care_review_record (CareSession  *session,
                    CareRecord   *review,
                    GError      **error)
{
  if (care_session_get_actor_uuid (session) != NULL && !care_record_has (review, "reviewer_uuid"))
    care_record_set_string (review, "reviewer_uuid", care_session_get_actor_uuid (session));
  return care_session_save (session, review, NULL, error);
}

/* The next review date: the latest review's, or the start plus the review
 * interval when there has been none. */
char *
care_review_due_on (CareStore   *store,
                    CareRecord  *task,
                    GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT r.next_review_on FROM review r WHERE r.task_uuid = ?1 AND r.entered_in_error = 0 "
    "AND NOT EXISTS (SELECT 1 FROM review n WHERE n.uuid = r.uuid AND n.version > r.version) "
    "ORDER BY r.reviewed_on DESC, r.recorded_at DESC LIMIT 1", error);
  char *due = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_record_get_uuid (task), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    due = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (due == NULL)
    due = care_date_add_days (care_record_get_string (task, "start_date"),
                              (int) care_record_get_int (task, "review_interval_days"));
  return due;
}
