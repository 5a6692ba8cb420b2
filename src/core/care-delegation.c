#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "care-delegation.h"
#include "care-error.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-validate.h"

static const struct { const char *from; const char *to; } transitions[] = {
  { "proposed", "accepted" },
  { "proposed", "declined" },
  { "accepted", "active" },
  { "accepted", "withdrawn" },
  { "accepted", "ended" },
  { "active", "suspended" },
  { "active", "withdrawn" },
  { "active", "ended" },
  { "suspended", "active" },
  { "suspended", "withdrawn" },
  { "suspended", "ended" },
};

gboolean
care_delegation_can_transition (const char *from,
                                const char *to)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (g_strcmp0 (transitions[i].from, from) == 0 && g_strcmp0 (transitions[i].to, to) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The wall-clock times a task is due on @date: its listed times, or every N
 * hours from its first time. A when-required task has none. */
GStrv
care_delegation_slot_times (CareRecord *task,
                            const char *date)
{
  const char *kind = care_record_get_string (task, "schedule_kind");
  g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func (g_free);

  if (g_strcmp0 (kind, "times") == 0 && care_record_has (task, "schedule_times"))
    {
      g_auto(GStrv) parts = g_strsplit (care_record_get_string (task, "schedule_times"), ",", -1);
      for (guint i = 0; parts[i]; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i] != '\0')
            g_ptr_array_add (times, g_strdup (parts[i]));
        }
    }
  else if (g_strcmp0 (kind, "interval") == 0)
    {
      gint64 every = care_record_get_int (task, "interval_hours");
      int h = 0, m = 0;

      if (every > 0 && care_time_parse (care_record_get_string (task, "first_time"), &h, &m))
        for (int k = 0; k * every < 24; k++)
          g_ptr_array_add (times, g_strdup_printf ("%02d:%02d", (int) ((h + k * every) % 24), m));
    }
  g_ptr_array_sort (times, compare_times);
  g_ptr_array_add (times, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&times), FALSE);
}

gboolean
care_delegation_is_live_on (CareRecord *task,
                            const char *date)
{
  const char *end = care_record_get_string (task, "end_date");

  return g_strcmp0 (care_record_get_string (task, "status"), "active") == 0
      && strcmp (care_record_get_string (task, "start_date"), date) <= 0
      && (end == NULL || strcmp (date, end) <= 0);
}

static gboolean
check_schedule (CareRecord  *task,
                GError     **error)
{
  const char *kind = care_record_get_string (task, "schedule_kind");

  if (g_str_equal (kind, "times"))
    {
      g_auto(GStrv) times = NULL;

      if (!care_record_has (task, "schedule_times"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("Give the times of day the task is due, e.g. 08:00, 20:00."));
          return FALSE;
        }
      times = care_delegation_slot_times (task, NULL);
      for (guint i = 0; times[i]; i++)
        {
          int h, m;
          if (!care_time_parse (times[i], &h, &m))
            {
              g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                           _("“%s” is not a time of day (use HH:MM, e.g. 08:00)."), times[i]);
              return FALSE;
            }
          if (i > 0 && g_str_equal (times[i], times[i - 1]))
            {
              g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                           _("The time %s is listed twice."), times[i]);
              return FALSE;
            }
        }
      if (times[0] == NULL)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("Give the times of day the task is due, e.g. 08:00, 20:00."));
          return FALSE;
        }
    }
  else if (g_str_equal (kind, "interval"))
    {
      if (!care_record_has (task, "interval_hours") || !care_record_has (task, "first_time"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("A task due every few hours needs the interval and the time of the first dose."));
          return FALSE;
        }
    }
  else if (!care_record_has (task, "prn_max_24h"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("A when-required task needs its maximum number of times in 24 hours."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_task_dates (CareStore   *store,
                  CareRecord  *task,
                  GError     **error)
{
  return _care_check_not_future (store, task, "delegated_on", error)
      && _care_check_not_future (store, task, "mdt_date", error)
      && _care_check_order (task, "delegated_on", "start_date", TRUE, error)
      && _care_check_order (task, "start_date", "end_date", TRUE, error);
}

gboolean
_care_delegation_check (CareSession  *session,
                        CareRecord   *task,
                        CareRecord   *previous,
                        GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) person = NULL;
  g_autoptr(CareRecord) type = NULL;

  if (!care_session_require_role (session, CARE_ROLE_MANAGER | CARE_ROLE_PRACTITIONER | CARE_ROLE_SYSTEM,
                                  _("enter or change a delegated task"), error))
    return FALSE;
  if (previous == NULL && g_strcmp0 (care_record_get_string (task, "status"), "proposed") != 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("A new delegated task starts as a proposal; accept it through the decision matrix."));
      return FALSE;
    }
  if (previous != NULL)
    {
      /* Status, decision and identity change only through the lifecycle, so
       * every acceptance passes the decision matrix. */
      static const char * const fixed[] = { "status", "decided_by", "decided_at", "matrix_answers",
                                            "person_uuid", "task_type_uuid", NULL };
      g_auto(GStrv) changed = care_record_diff (task, previous);
      for (guint i = 0; fixed[i]; i++)
        if (g_strv_contains ((const char * const *) changed, fixed[i]))
          {
            g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                         _("%s cannot be changed by a correction; use the task's actions "
                           "(accept, decline, suspend, withdraw, end) or enter a new task."),
                         _(care_kind_find_field (CARE_KIND_DELEGATED_TASK, fixed[i])->label));
            return FALSE;
          }
    }
  person = _care_require_record (store, CARE_KIND_PERSON, care_record_get_string (task, "person_uuid"), error);
  if (person == NULL)
    return FALSE;
  if (previous == NULL && g_strcmp0 (care_record_get_string (person, "status"), "active") != 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INACTIVE,
                   _("%s %s is no longer supported by this home; a task cannot be delegated for them."),
                   care_record_get_string (person, "given_name"), care_record_get_string (person, "family_name"));
      return FALSE;
    }
  type = _care_require_record (store, CARE_KIND_TASK_TYPE, care_record_get_string (task, "task_type_uuid"), error);
  if (type == NULL)
    return FALSE;
  if (!care_record_has (task, "source"))
    care_record_set_string (task, "source", "local");
  return check_schedule (task, error) && check_task_dates (store, task, error);
}

gboolean
care_delegation_propose (CareSession  *session,
                         CareRecord   *task,
                         GError      **error)
{
  care_record_set_string (task, "status", "proposed");
  return care_session_save (session, task, NULL, error);
}

static int
compare_questions (gconstpointer a,
                   gconstpointer b)
{
  CareRecord *qa = *(CareRecord **) a;
  CareRecord *qb = *(CareRecord **) b;

  return (int) (care_record_get_int (qa, "ordinal") - care_record_get_int (qb, "ordinal"));
}

GPtrArray *
care_delegation_questions (CareStore  *store,
                           GError    **error)
{
  GPtrArray *questions = care_store_list_current (store, CARE_KIND_MATRIX_QUESTION, NULL, NULL, error);

  if (questions == NULL)
    return NULL;
  for (guint i = questions->len; i > 0; i--)
    if (!care_record_get_bool (g_ptr_array_index (questions, i - 1), "active"))
      g_ptr_array_remove_index (questions, i - 1);
  g_ptr_array_sort (questions, compare_questions);
  return questions;
}

static char *
answers_to_json (GPtrArray  *questions,
                 GHashTable *answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < questions->len; i++)
    {
      const char *code = care_record_get_string (g_ptr_array_index (questions, i), "code");
      const char *answer = answers ? g_hash_table_lookup (answers, code) : NULL;

      json_builder_set_member_name (builder, code);
      if (answer)
        json_builder_add_string_value (builder, answer);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static CareRecord *
load_task_for_decision (CareSession  *session,
                        const char   *task_uuid,
                        const char   *doing,
                        const char   *to_status,
                        GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) task = NULL;
  const char *status;

  task = _care_require_record (store, CARE_KIND_DELEGATED_TASK, task_uuid, error);
  if (task == NULL)
    return NULL;
  status = care_record_get_string (task, "status");
  if (!care_delegation_can_transition (status, to_status))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("This task is %s, so it cannot be %s."), status, doing);
      return NULL;
    }
  return g_steal_pointer (&task);
}

/* Every active question must be answered yes; the first "no" or gap is what
 * the manager is told, since it is what they have to sort out. */
static gboolean
check_answers (GPtrArray   *questions,
               GHashTable  *answers,
               GError     **error)
{
  for (guint i = 0; i < questions->len; i++)
    {
      CareRecord *q = g_ptr_array_index (questions, i);
      const char *answer = answers ? g_hash_table_lookup (answers, care_record_get_string (q, "code")) : NULL;

      if (answer == NULL)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_MATRIX,
                       _("Answer every question before accepting. Not answered: “%s”"),
                       care_record_get_string (q, "question"));
          return FALSE;
        }
      if (!g_str_equal (answer, "yes"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_MATRIX,
                       _("The task cannot be accepted while the answer to “%s” is no. "
                         "Decline it with this as the reason, or refer it back to the MDT."),
                       care_record_get_string (q, "question"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
accept_in_transaction (CareSession  *session,
                       const char   *task_uuid,
                       GHashTable   *answers,
                       GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(CareRecord) type = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *json = NULL;

  if (!care_session_require_role (session, CARE_ROLE_MANAGER, _("accept a delegated task"), error))
    return FALSE;
  task = load_task_for_decision (session, task_uuid, _("accepted"), "accepted", error);
  if (task == NULL)
    return FALSE;
  type = _care_require_record (store, CARE_KIND_TASK_TYPE, care_record_get_string (task, "task_type_uuid"), error);
  if (type == NULL)
    return FALSE;
  if (!care_record_get_bool (type, "delegable"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_DELEGABLE,
                   _("“%s” can never be delegated to care staff: %s Decline the task."),
                   care_record_get_string (type, "name"),
                   care_record_get_string (type, "not_delegable_reason"));
      return FALSE;
    }
  questions = care_delegation_questions (store, error);
  if (questions == NULL || !check_answers (questions, answers, error))
    return FALSE;
  json = answers_to_json (questions, answers);
  care_record_set_string (task, "status", "accepted");
  care_record_set_string (task, "decided_by", care_session_get_actor_uuid (session));
  care_record_set_int (task, "decided_at", care_store_now (store));
  care_record_set_string (task, "matrix_answers", json);
  care_record_unset (task, "status_reason");
  return _care_session_write (session, task, "accept", NULL, error);
}

static gboolean
run_in_transaction (CareSession  *session,
                    gboolean    (*body) (CareSession *, const char *, gpointer, gpointer, GError **),
                    const char   *task_uuid,
                    gpointer      a,
                    gpointer      b,
                    GError      **error)
{
  CareStore *store = care_session_get_store (session);

  if (!_care_store_begin (store, error))
    return FALSE;
  if (!body (session, task_uuid, a, b, error) || !_care_store_commit (store, error))
    {
      _care_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
accept_body (CareSession *session, const char *uuid, gpointer answers, gpointer unused, GError **error)
{
  return accept_in_transaction (session, uuid, answers, error);
}

gboolean
care_delegation_accept (CareSession  *session,
                        const char   *task_uuid,
                        GHashTable   *answers,
                        GError      **error)
{
  return run_in_transaction (session, accept_body, task_uuid, answers, NULL, error);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p && *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
decline_body (CareSession *session, const char *uuid, gpointer reason, gpointer answers, GError **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *json = NULL;

  if (!care_session_require_role (session, CARE_ROLE_MANAGER, _("decline a delegated task"), error))
    return FALSE;
  if (is_blank (reason))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Say why the task is declined; the delegating practitioner sees this reason."));
      return FALSE;
    }
  task = load_task_for_decision (session, uuid, _("declined"), "declined", error);
  if (task == NULL)
    return FALSE;
  questions = care_delegation_questions (store, error);
  if (questions == NULL)
    return FALSE;
  json = answers_to_json (questions, answers);
  care_record_set_string (task, "status", "declined");
  care_record_set_string (task, "decided_by", care_session_get_actor_uuid (session));
  care_record_set_int (task, "decided_at", care_store_now (store));
  care_record_set_string (task, "matrix_answers", json);
  care_record_set_string (task, "status_reason", reason);
  return _care_session_write (session, task, "decline", reason, error);
}

gboolean
care_delegation_decline (CareSession  *session,
                         const char   *task_uuid,
                         const char   *reason,
                         GHashTable   *answers,
                         GError      **error)
{
  return run_in_transaction (session, decline_body, task_uuid, (gpointer) reason, answers, error);
}

static gboolean
status_body (CareSession *session, const char *uuid, gpointer to_status, gpointer reason, GError **error)
{
  g_autoptr(CareRecord) task = NULL;
  CareRole allowed = CARE_ROLE_MANAGER | CARE_ROLE_PRACTITIONER;

  if (g_strcmp0 (to_status, "accepted") == 0 || g_strcmp0 (to_status, "declined") == 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("Accepting or declining goes through the decision matrix."));
      return FALSE;
    }
  if (!care_session_require_role (session, allowed, _("change the status of a delegated task"), error))
    return FALSE;
  if (g_strcmp0 (to_status, "active") != 0 && is_blank (reason))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Say why the task is being %s."), (const char *) to_status);
      return FALSE;
    }
  task = load_task_for_decision (session, uuid, to_status, to_status, error);
  if (task == NULL)
    return FALSE;
  care_record_set_string (task, "status", to_status);
  care_record_set_string (task, "status_reason", reason);
  return _care_session_write (session, task, to_status, reason, error);
}

gboolean
care_delegation_set_status (CareSession  *session,
                            const char   *task_uuid,
                            const char   *to_status,
                            const char   *reason,
                            GError      **error)
{
  return run_in_transaction (session, status_body, task_uuid, (gpointer) to_status, (gpointer) reason, error);
}
