/* care-task-queries.c: read-only queries behind the delegated tasks, staff,
 * reviews, history, audit and sync pages
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-competency.h"
#include "care-error.h"
#include "care-liberty.h"
#include "care-review.h"
#include "care-store-private.h"
#include "care-task-queries.h"
#include "care-validate.h"

/* SQL fragments; table and alias names are literals, never input. */
#define IS_CURRENT(t, a) \
  " " a ".entered_in_error = 0 AND NOT EXISTS (SELECT 1 FROM " t " n_" a " WHERE n_" a ".uuid = " a ".uuid AND n_" a ".version > " a ".version) "
#define JOIN_CURRENT(t, a, ref) \
  " JOIN " t " " a " ON " a ".uuid = " ref " AND " a ".version = (SELECT max (version) FROM " t " WHERE uuid = " ref ") "
#define PERSON_NAME "coalesce (p.preferred_name, p.given_name) || ' ' || p.family_name"

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* Delegated tasks by section */

void
care_task_summary_free (CareTaskSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->task_uuid);
  g_free (summary->person_uuid);
  g_free (summary->person_name);
  g_free (summary->task_type_uuid);
  g_free (summary->task_type_name);
  g_free (summary->status);
  g_free (summary->source);
  g_free (summary->practitioner_name);
  g_free (summary->practitioner_org);
  g_free (summary->delegated_on);
  g_free (summary->start_date);
  g_free (summary->end_date);
  g_free (summary->status_reason);
  g_free (summary->schedule_kind);
  g_free (summary);
}

static const char * const group_statuses[CARE_N_TASK_GROUPS] = {
  [CARE_TASK_GROUP_AWAITING] = "[\"proposed\"]",
  [CARE_TASK_GROUP_ACTIVE] = "[\"accepted\",\"active\"]",
  [CARE_TASK_GROUP_SUSPENDED] = "[\"suspended\"]",
  [CARE_TASK_GROUP_FINISHED] = "[\"declined\",\"withdrawn\",\"ended\"]",
};

#define TASK_SUMMARY_SQL \
  "SELECT d.uuid, d.version, d.person_uuid, " PERSON_NAME ", d.task_type_uuid, t.name, t.delegable, " \
  "d.status, coalesce (d.source, 'local'), d.practitioner_name, d.practitioner_org, d.delegated_on, " \
  "d.start_date, d.end_date, d.status_reason, d.schedule_kind FROM delegated_task d" \
  JOIN_CURRENT ("person", "p", "d.person_uuid") \
  JOIN_CURRENT ("task_type", "t", "d.task_type_uuid") \
  " WHERE" IS_CURRENT ("delegated_task", "d") \
  " AND d.status IN (SELECT value FROM json_each (?1)) "

/* Sections a manager works through are in person order; the finished
 * ones, which only grow, newest first. */
GPtrArray *
care_task_queries_tasks (CareStore      *store,
                         CareTaskGroup   group,
                         GError        **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) out = NULL;
  int rc;

  g_return_val_if_fail (group < CARE_N_TASK_GROUPS, NULL);

  stmt = _care_store_prepare (store, group == CARE_TASK_GROUP_FINISHED
                                ? TASK_SUMMARY_SQL "ORDER BY d.recorded_at DESC, 4"
                                : TASK_SUMMARY_SQL "ORDER BY 4, 6, d.start_date", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, group_statuses[group], -1, SQLITE_STATIC);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_task_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareTaskSummary *s = g_new0 (CareTaskSummary, 1);

      s->task_uuid = column_dup (stmt, 0);
      s->version = sqlite3_column_int64 (stmt, 1);
      s->person_uuid = column_dup (stmt, 2);
      s->person_name = column_dup (stmt, 3);
      s->task_type_uuid = column_dup (stmt, 4);
      s->task_type_name = column_dup (stmt, 5);
      s->delegable = sqlite3_column_int (stmt, 6) != 0;
      s->status = column_dup (stmt, 7);
      s->source = column_dup (stmt, 8);
      s->practitioner_name = column_dup (stmt, 9);
      s->practitioner_org = column_dup (stmt, 10);
      s->delegated_on = column_dup (stmt, 11);
      s->start_date = column_dup (stmt, 12);
      s->end_date = column_dup (stmt, 13);
      s->status_reason = column_dup (stmt, 14);
      s->schedule_kind = column_dup (stmt, 15);
      g_ptr_array_add (out, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (store, error, "delegated tasks");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Choice codes as people say them */

static const struct
{
  const char *code;
  const char *label;
} choice_labels[] = {
  { "proposed", N_("Awaiting a decision") },
  { "accepted", N_("Accepted") },
  { "declined", N_("Declined") },
  { "active", N_("Active") },
  { "suspended", N_("Suspended") },
  { "withdrawn", N_("Withdrawn") },
  { "ended", N_("Ended") },
  { "times", N_("At set times of day") },
  { "interval", N_("Every few hours") },
  { "prn", N_("When required") },
  { "consent", N_("The person's consent") },
  { "best_interests", N_("Best-interests decision") },
  { "lpa", N_("Lasting power of attorney") },
  { "local", N_("Entered here") },
  { "commissioner", N_("From the commissioner") },
  { "competent", N_("Competent") },
  { "not_yet_competent", N_("Not yet competent") },
  { "done", N_("Done") },
  { "not_done", N_("Not done") },
  { "continue", N_("Continue") },
  { "change_instructions", N_("Change instructions") },
  { "suspend", N_("Suspend") },
  { "withdraw", N_("Withdraw") },
  { "has_capacity", N_("Has capacity") },
  { "lacks_capacity", N_("Lacks capacity") },
  { "not_assessed", N_("Not assessed") },
  { "none", N_("None") },
  { "intermittent", N_("Intermittent") },
  { "frequent", N_("Frequent") },
  { "continuous", N_("Continuous") },
  { "yes", N_("Yes") },
  { "no", N_("No") },
  { "unclear", N_("Unclear") },
  { "care_home", N_("Care home") },
  { "own_home", N_("Own home") },
  { "hospital", N_("Hospital") },
  { "supported_living", N_("Supported living") },
  { "home_care", N_("Home care") },
  { "refer", N_("Refer") },
  { "no_referral", N_("No referral") },
  { "dols", N_("DoLS") },
  { "lps", N_("LPS") },
  { "urgent", N_("Urgent") },
  { "standard", N_("Standard") },
  { "pending", N_("Pending") },
  { "granted", N_("Granted") },
  { "not_granted", N_("Not granted") },
  { "rpr", N_("Relevant person's representative (RPR)") },
  { "imca", N_("IMCA") },
  { "care_worker", N_("Care worker") },
  { "senior_carer", N_("Senior carer") },
  { "manager", N_("Manager") },
  { "registered_practitioner", N_("Registered practitioner") },
  { "refused", N_("Refused") },
  { "asleep", N_("Asleep") },
  { "away", N_("Away or in hospital") },
  { "not_required", N_("Not required") },
  { "unable", N_("Unable") },
  { "other", N_("Other") },
  { "left", N_("Left") },
  { "died", N_("Died") },
};

/* The label of any choice code in the schema (a status, a decision, a
 * scheme...), or the code itself when it has none. */
const char *
care_task_choice_label (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_strcmp0 (choice_labels[i].code, code) == 0)
      return _(choice_labels[i].label);
  return code;
}

const char *
care_task_status_label (const char *status)
{
  return care_task_choice_label (status);
}

const char *
care_task_schedule_label (const char *schedule_kind)
{
  return care_task_choice_label (schedule_kind);
}

const char *
care_task_consent_label (const char *consent_basis)
{
  return care_task_choice_label (consent_basis);
}

static const struct
{
  const char *action;
  const char *label;
} action_labels[] = {
  { "create", N_("Created") },
  { "correct", N_("Corrected") },
  { "entered_in_error", N_("Marked as entered in error") },
  { "accept", N_("Accepted") },
  { "decline", N_("Declined") },
  { "active", N_("Made active") },
  { "suspended", N_("Suspended") },
  { "withdrawn", N_("Withdrawn") },
  { "ended", N_("Ended") },
  { "revoke", N_("Revoked") },
  { "change_instructions", N_("Instructions changed by a review") },
};

const char *
care_task_action_label (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_labels); i++)
    if (g_strcmp0 (action_labels[i].action, action) == 0)
      return _(action_labels[i].label);
  return action ? action : _("Unknown");
}

/* Reviews due */

void
care_review_due_item_free (CareReviewDueItem *item)
{
  if (item == NULL)
    return;
  g_free (item->task_uuid);
  g_free (item->person_uuid);
  g_free (item->person_name);
  g_free (item->task_name);
  g_free (item->status);
  g_free (item->due_on);
  g_free (item->practitioner_name);
  g_free (item);
}

static char *
person_display_name (CareRecord *person)
{
  const char *preferred = care_record_get_string (person, "preferred_name");

  return g_strdup_printf ("%s %s",
                          preferred ? preferred : care_record_get_string (person, "given_name"),
                          care_record_get_string (person, "family_name"));
}

static CareReviewDueItem *
review_item_new (CareStore   *store,
                 CareRecord  *task,
                 const char  *due_on,
                 gboolean     overdue)
{
  CareReviewDueItem *item = g_new0 (CareReviewDueItem, 1);
  g_autoptr(CareRecord) person = care_store_load (store, CARE_KIND_PERSON,
                                                  care_record_get_string (task, "person_uuid"), NULL);
  g_autoptr(CareRecord) type = care_store_load (store, CARE_KIND_TASK_TYPE,
                                                care_record_get_string (task, "task_type_uuid"), NULL);

  item->task_uuid = g_strdup (care_record_get_uuid (task));
  item->person_uuid = g_strdup (care_record_get_string (task, "person_uuid"));
  item->person_name = person ? person_display_name (person) : g_strdup (_("Unknown person"));
  item->task_name = g_strdup (type ? care_record_get_string (type, "name") : _("Unknown task type"));
  item->status = g_strdup (care_record_get_string (task, "status"));
  item->due_on = g_strdup (due_on);
  item->practitioner_name = g_strdup (care_record_get_string (task, "practitioner_name"));
  item->review_interval_days = (int) care_record_get_int (task, "review_interval_days");
  item->overdue = overdue;
  return item;
}

static int
compare_due_items (gconstpointer a,
                   gconstpointer b)
{
  const CareReviewDueItem *ia = *(CareReviewDueItem **) a;
  const CareReviewDueItem *ib = *(CareReviewDueItem **) b;
  int by_date = g_strcmp0 (ia->due_on, ib->due_on);

  return by_date != 0 ? by_date : g_strcmp0 (ia->person_name, ib->person_name);
}

static gboolean
add_due_soon (CareStore   *store,
              const char  *status,
              const char  *date,
              const char  *until,
              GHashTable  *seen,
              GPtrArray   *out,
              GError     **error)
{
  g_autoptr(GPtrArray) tasks = care_store_list_current (store, CARE_KIND_DELEGATED_TASK, "status", status, error);

  if (tasks == NULL)
    return FALSE;
  for (guint i = 0; i < tasks->len; i++)
    {
      CareRecord *task = g_ptr_array_index (tasks, i);
      g_autofree char *due = NULL;

      if (g_hash_table_contains (seen, care_record_get_uuid (task)))
        continue;
      due = care_review_due_on (store, task, NULL);
      if (due != NULL && strcmp (due, date) >= 0 && strcmp (due, until) <= 0)
        g_ptr_array_add (out, review_item_new (store, task, due, FALSE));
    }
  return TRUE;
}

/* What the district nurse should review: every task the dashboard counts
 * as review overdue, and those falling due within @within_days of @date,
 * soonest first. */
GPtrArray *
care_task_queries_reviews_due (CareStore   *store,
                               const char  *date,
                               int          within_days,
                               GError     **error)
{
  g_autoptr(GPtrArray) overdue = care_dashboard_reviews_overdue (store, date, error);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *until = care_date_add_days (date, within_days);

  if (overdue == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_review_due_item_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < overdue->len; i++)
    {
      CareReviewDue *d = g_ptr_array_index (overdue, i);
      g_autoptr(CareRecord) task = care_store_load (store, CARE_KIND_DELEGATED_TASK, d->task_uuid, error);

      if (task == NULL)
        return NULL;
      g_ptr_array_add (out, review_item_new (store, task, d->review_due_on, TRUE));
      g_hash_table_add (seen, d->task_uuid);
    }
  if (!add_due_soon (store, "active", date, until, seen, out, error)
      || !add_due_soon (store, "suspended", date, until, seen, out, error))
    return NULL;
  g_ptr_array_sort (out, compare_due_items);
  return g_steal_pointer (&out);
}

/* History: versions and the events that wrote them */

void
care_field_change_free (CareFieldChange *change)
{
  if (change == NULL)
    return;
  g_free (change->field);
  g_free (change->label);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

void
care_version_entry_free (CareVersionEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_object (&entry->record);
  g_free (entry->action);
  g_free (entry->actor_name);
  g_free (entry->reason);
  g_clear_pointer (&entry->changes, g_ptr_array_unref);
  g_free (entry);
}

static CareKind
referenced_kind (const char *field)
{
  static const char * const staff_refs[] = {
    "staff_uuid", "assessor_uuid", "reviewer_uuid", "decided_by", "revoked_by",
    "screened_by", "performer_uuid", "witness_uuid", NULL
  };

  if (g_str_equal (field, "person_uuid"))
    return CARE_KIND_PERSON;
  if (g_str_equal (field, "task_type_uuid"))
    return CARE_KIND_TASK_TYPE;
  if (g_str_equal (field, "task_uuid"))
    return CARE_KIND_DELEGATED_TASK;
  if (g_strv_contains (staff_refs, field))
    return CARE_KIND_STAFF;
  return CARE_N_KINDS;
}

static char *
describe_reference (CareStore  *store,
                    const char *field,
                    const char *uuid)
{
  CareKind kind = referenced_kind (field);
  g_autoptr(CareRecord) ref = NULL;

  if (kind == CARE_N_KINDS)
    return g_strdup (uuid);
  ref = care_store_load (store, kind, uuid, NULL);
  if (ref == NULL)
    return g_strdup (uuid);
  return care_task_queries_record_title (store, ref);
}

static char *
describe_json (const char *field,
               const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  g_autoptr(GString) out = g_string_new (NULL);

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return g_strdup (json);
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *code = json_array_get_string_element (array, i);
          const char *label = g_str_equal (field, "restrictions") ? care_liberty_restriction_label (code) : NULL;

          g_string_append_printf (out, "%s%s", i ? ", " : "", label ? label : code);
        }
      return out->len ? g_strdup (out->str) : g_strdup (_("None"));
    }
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(GList) members = json_object_get_members (object);
      guint yes = 0, other = 0;

      /* Decision-matrix answers: a count reads better than eight codes,
       * and any answer that was not "yes" is named. */
      for (GList *l = members; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (object, l->data);
          const char *answer = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;

          if (g_strcmp0 (answer, "yes") == 0)
            yes++;
          else
            {
              g_string_append_printf (out, "%s%s: %s", other ? ", " : "", (const char *) l->data,
                                      answer ? care_task_choice_label (answer) : _("not answered"));
              other++;
            }
        }
      if (other == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u answer: yes", "All %u answers yes", yes), yes);
      return g_strdup (out->str);
    }
  return g_strdup (json);
}

/* A field of @record as a person reads it, or NULL when it is empty. */
char *
care_task_queries_describe_value (CareStore  *store,
                                  CareKind    kind,
                                  const char *field,
                                  CareRecord *record)
{
  const CareField *f = care_kind_find_field (kind, field);
  const char *text;

  if (f == NULL || !care_record_has (record, field))
    return NULL;
  if (f->secret)
    return g_strdup (_("(set; not shown)"));
  text = care_record_get_string (record, field);
  switch (f->type)
    {
    case CARE_FIELD_BOOL:
      return g_strdup (care_record_get_bool (record, field) ? _("Yes") : _("No"));
    case CARE_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, care_record_get_int (record, field));
    case CARE_FIELD_INSTANT:
      {
        g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (care_record_get_int (record, field));
        return when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : NULL;
      }
    case CARE_FIELD_UUID:
      return describe_reference (store, field, text);
    case CARE_FIELD_CHOICE:
      return g_strdup (care_task_choice_label (text));
    case CARE_FIELD_JSON:
      return describe_json (field, text);
    default:
      return g_strdup (text);
    }
}

static char *
name_of (CareStore  *store,
         CareKind    kind,
         const char *uuid)
{
  g_autoptr(CareRecord) r = uuid ? care_store_load (store, kind, uuid, NULL) : NULL;

  if (r == NULL)
    return g_strdup (_("unknown"));
  if (kind == CARE_KIND_PERSON)
    return person_display_name (r);
  return g_strdup (care_record_get_string (r, "name"));
}

/* A short title for a record, for headings and references. */
char *
care_task_queries_record_title (CareStore  *store,
                                CareRecord *record)
{
  CareKind kind = care_record_get_kind (record);
  g_autofree char *person = NULL;
  g_autofree char *type = NULL;

  switch (kind)
    {
    case CARE_KIND_PERSON:
      return person_display_name (record);
    case CARE_KIND_STAFF:
    case CARE_KIND_TASK_TYPE:
    case CARE_KIND_SETTING:
      return g_strdup (care_record_get_string (record, "name"));
    case CARE_KIND_REASON_CODE:
      return g_strdup (care_record_get_string (record, "label"));
    case CARE_KIND_MATRIX_QUESTION:
      return g_strdup (care_record_get_string (record, "question"));
    case CARE_KIND_DELEGATED_TASK:
      person = name_of (store, CARE_KIND_PERSON, care_record_get_string (record, "person_uuid"));
      type = name_of (store, CARE_KIND_TASK_TYPE, care_record_get_string (record, "task_type_uuid"));
      /* Translators: a delegated task, "<task type> for <person>" */
      return g_strdup_printf (_("%s for %s"), type, person);
    case CARE_KIND_COMPETENCY:
      person = name_of (store, CARE_KIND_STAFF, care_record_get_string (record, "staff_uuid"));
      type = name_of (store, CARE_KIND_TASK_TYPE, care_record_get_string (record, "task_type_uuid"));
      /* Translators: a competency sign-off, "<staff member>: <task type>" */
      return g_strdup_printf (_("%s: %s"), person, type);
    case CARE_KIND_REVIEW:
      {
        g_autoptr(CareRecord) task = care_store_load (store, CARE_KIND_DELEGATED_TASK,
                                                      care_record_get_string (record, "task_uuid"), NULL);
        g_autofree char *task_title = task ? care_task_queries_record_title (store, task) : g_strdup (_("unknown task"));
        return g_strdup_printf (_("Review of %s on %s"), task_title, care_record_get_string (record, "reviewed_on"));
      }
    case CARE_KIND_LIBERTY_SCREENING:
      person = name_of (store, CARE_KIND_PERSON, care_record_get_string (record, "person_uuid"));
      return g_strdup_printf (_("Liberty screening of %s on %s"), person, care_record_get_string (record, "screened_on"));
    case CARE_KIND_LIBERTY_CASE:
      person = name_of (store, CARE_KIND_PERSON, care_record_get_string (record, "person_uuid"));
      return g_strdup_printf (_("%s application for %s, applied %s"),
                              care_task_choice_label (care_record_get_string (record, "scheme")), person,
                              care_record_get_string (record, "applied_on"));
    case CARE_KIND_ADMINISTRATION:
      {
        g_autoptr(CareRecord) task = care_store_load (store, CARE_KIND_DELEGATED_TASK,
                                                      care_record_get_string (record, "task_uuid"), NULL);
        g_autofree char *task_title = task ? care_task_queries_record_title (store, task) : g_strdup (_("unknown task"));
        return g_strdup_printf (_("%s on %s %s"), task_title, care_record_get_string (record, "slot_date"),
                                care_record_get_string (record, "slot_time") ? care_record_get_string (record, "slot_time") : "");
      }
    case CARE_N_KINDS:
    default:
      return g_strdup (_(care_kind_info (kind)->label));
    }
}

static GPtrArray *
compare_versions (CareStore  *store,
                  CareRecord *previous,
                  CareRecord *current)
{
  CareKind kind = care_record_get_kind (current);
  const CareKindInfo *info = care_kind_info (kind);
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) care_field_change_free);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;
      g_autofree char *before = previous ? care_task_queries_describe_value (store, kind, name, previous) : NULL;
      g_autofree char *after = care_task_queries_describe_value (store, kind, name, current);
      CareFieldChange *change;

      /* A secret (the PIN hash) reads the same either way; compare the
       * stored values so a new PIN still shows as a change. */
      if (info->fields[i].secret)
        {
          if (previous != NULL && g_strcmp0 (care_record_get_string (previous, name),
                                             care_record_get_string (current, name)) == 0)
            continue;
        }
      else if (g_strcmp0 (before, after) == 0)
        continue;
      change = g_new0 (CareFieldChange, 1);
      change->field = g_strdup (name);
      change->label = g_strdup (_(info->fields[i].label));
      change->old_value = g_steal_pointer (&before);
      change->new_value = g_steal_pointer (&after);
      g_ptr_array_add (changes, change);
    }
  return changes;
}

/* Every version of a record, oldest first, each with its event (who, when,
 * what, why) and the fields that changed from the version before. */
GPtrArray *
care_task_queries_history (CareStore   *store,
                           CareKind     kind,
                           const char  *uuid,
                           GError     **error)
{
  g_autoptr(GPtrArray) versions = care_store_load_versions (store, kind, uuid, error);
  g_autoptr(GPtrArray) out = NULL;
  sqlite3_stmt *stmt;

  if (versions == NULL)
    return NULL;
  if (versions->len == 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND,
                   _("No %s with identifier %s exists."), _(care_kind_info (kind)->label), uuid);
      return NULL;
    }
  stmt = _care_store_prepare (store,
    "SELECT action, actor_name, at, reason FROM events WHERE entity_uuid = ?1 AND entity_version = ?2 "
    "ORDER BY local_seq LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_version_entry_free);
  for (guint i = 0; i < versions->len; i++)
    {
      CareRecord *record = g_ptr_array_index (versions, i);
      CareRecord *previous = i > 0 ? g_ptr_array_index (versions, i - 1) : NULL;
      CareVersionEntry *entry = g_new0 (CareVersionEntry, 1);

      entry->record = g_object_ref (record);
      entry->version = care_record_get_version (record);
      entry->entered_in_error = care_record_is_entered_in_error (record);
      entry->at = care_record_get_recorded_at (record);
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, entry->version);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          entry->action = column_dup (stmt, 0);
          entry->actor_name = column_dup (stmt, 1);
          entry->at = sqlite3_column_int64 (stmt, 2);
          entry->reason = column_dup (stmt, 3);
        }
      else
        {
          entry->action = g_strdup (i == 0 ? "create" : "correct");
          entry->actor_name = name_of (store, CARE_KIND_STAFF, care_record_get_recorded_by (record));
        }
      entry->changes = compare_versions (store, previous, record);
      g_ptr_array_add (out, entry);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&out);
}

/* Competency matrix: people covered */

/* For person-specific task types a cell of the matrix stands for several
 * sign-offs, one per person: this counts the people a staff member is
 * validly signed off for on @date, keyed "staff_uuid|task_type_uuid". */
GHashTable *
care_task_queries_people_covered (CareStore   *store,
                                  const char  *date,
                                  GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT c.staff_uuid, c.task_type_uuid, count (DISTINCT c.person_uuid) FROM competency c "
    "WHERE" IS_CURRENT ("competency", "c") " AND c.person_uuid IS NOT NULL AND c.outcome = 'competent' "
    "AND c.assessed_on <= ?1 AND c.valid_until >= ?1 AND (c.revoked_on IS NULL OR c.revoked_on > ?1) "
    "GROUP BY c.staff_uuid, c.task_type_uuid", error);
  g_autoptr(GHashTable) covered = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  covered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (covered,
                         g_strdup_printf ("%s|%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 2)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (store, error, "competency matrix");
      return NULL;
    }
  return g_steal_pointer (&covered);
}

/* The outbox */

void
care_rejected_event_free (CareRejectedEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->event_id);
  g_free (event->entity_kind);
  g_free (event->entity_uuid);
  g_free (event->action);
  g_free (event->actor_name);
  g_free (event->problem);
  g_free (event);
}

GPtrArray *
care_task_queries_rejected_events (CareStore   *store,
                                   guint        limit,
                                   GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT event_id, entity_kind, entity_uuid, entity_version, action, actor_name, at, problem "
    "FROM events WHERE sync_state = 'rejected' ORDER BY local_seq DESC LIMIT ?1", error);
  g_autoptr(GPtrArray) out = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_rejected_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareRejectedEvent *e = g_new0 (CareRejectedEvent, 1);

      e->event_id = column_dup (stmt, 0);
      e->entity_kind = column_dup (stmt, 1);
      e->entity_uuid = column_dup (stmt, 2);
      e->entity_version = sqlite3_column_int64 (stmt, 3);
      e->action = column_dup (stmt, 4);
      e->actor_name = column_dup (stmt, 5);
      e->at = sqlite3_column_int64 (stmt, 6);
      e->problem = column_dup (stmt, 7);
      g_ptr_array_add (out, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (store, error, "rejected events");
      return NULL;
    }
  return g_steal_pointer (&out);
}

static char *
sync_state_get (CareStore  *store,
                const char *key)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT value FROM sync_state WHERE key = ?1", NULL);
  char *value = NULL;

  /* An older database has no sync_state table: nothing was ever sent. */
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gint64
count_rows (CareStore  *store,
            const char *sql)
{
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, NULL);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

void
care_outbox_summary_clear (CareOutboxSummary *summary)
{
  g_clear_pointer (&summary->last_error, g_free);
  g_clear_pointer (&summary->endpoint_url, g_free);
}

/* The outbox as the events table holds it, and what the sync client last
 * recorded in sync_state, whether or not a sync is running now. */
gboolean
care_task_queries_outbox_summary (CareStore          *store,
                                  CareOutboxSummary  *summary,
                                  GError            **error)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (store);
  g_autofree char *last_success = NULL;

  gint64 total;

  memset (summary, 0, sizeof *summary);
  /* The states are written into the SQL, not bound, so that SQLite uses
   * the partial indexes on pending and acknowledged events; rejected ones
   * are what is left, so a million-event log is never scanned. */
  summary->pending = count_rows (store, "SELECT count (*) FROM events WHERE sync_state = 'pending'");
  summary->acked = count_rows (store, "SELECT count (*) FROM events WHERE sync_state = 'acked'");
  total = count_rows (store, "SELECT count (*) FROM events");
  if (summary->pending < 0 || summary->acked < 0 || total < 0)
    return _care_store_set_error (store, error, "outbox");
  summary->rejected = total - summary->pending - summary->acked;
  last_success = sync_state_get (store, "last_success");
  summary->last_success = last_success ? g_ascii_strtoll (last_success, NULL, 10) : 0;
  summary->last_error = sync_state_get (store, "last_error");
  if (summary->last_error != NULL && *summary->last_error == '\0')
    g_clear_pointer (&summary->last_error, g_free);
  if (setting != NULL && care_record_has (setting, "endpoint_url"))
    summary->endpoint_url = g_strdup (care_record_get_string (setting, "endpoint_url"));
  return TRUE;
}

/* Paged sources */

/* The change log and audit trail, newest first. @entity_uuid narrows it to
 * one record; @text matches who, what, why, the kind of record or its
 * identifier. instr() rather than LIKE, so "%" and "_" are plain text.
 * Columns: seq, event_id, entity_kind, entity_uuid, entity_version, action,
 * actor_name, at, reason, changed, sync_state. */
CarePagedQuery *
care_task_queries_events_source (CareStore  *store,
                                 const char *entity_uuid,
                                 const char *text)
{
  CarePagedQuery *query = care_paged_query_new (store,
    "SELECT e.local_seq AS seq, e.event_id AS event_id, e.entity_kind AS entity_kind, "
    "e.entity_uuid AS entity_uuid, e.entity_version AS entity_version, e.action AS action, "
    "e.actor_name AS actor_name, e.at AS at, e.reason AS reason, e.changed AS changed, "
    "e.sync_state AS sync_state FROM events e "
    "WHERE (?1 IS NULL OR e.entity_uuid = ?1) "
    "AND (?2 IS NULL OR instr (lower (e.actor_name), lower (?2)) > 0 "
    "  OR instr (lower (e.action), lower (?2)) > 0 "
    "  OR instr (lower (coalesce (e.reason, '')), lower (?2)) > 0 "
    "  OR instr (lower (e.entity_kind), lower (?2)) > 0 "
    "  OR instr (e.entity_uuid, lower (?2)) > 0) "
    "ORDER BY e.local_seq DESC");

  care_paged_query_bind_text (query, 1, entity_uuid != NULL && *entity_uuid != '\0' ? entity_uuid : NULL);
  care_paged_query_bind_text (query, 2, text != NULL && *text != '\0' ? text : NULL);
  return query;
}

/* Every staff record, active first, then by name; @text matches the name,
 * register number or organisation. Columns: uuid, name, role,
 * register_body, register_number, organisation, active. */
CarePagedQuery *
care_task_queries_staff_source (CareStore  *store,
                                const char *text)
{
  CarePagedQuery *query = care_paged_query_new (store,
    "SELECT s.uuid AS uuid, s.name AS name, s.role AS role, s.register_body AS register_body, "
    "s.register_number AS register_number, s.organisation AS organisation, s.active AS active "
    "FROM staff s WHERE s.entered_in_error = 0 "
    "AND NOT EXISTS (SELECT 1 FROM staff n WHERE n.uuid = s.uuid AND n.version > s.version) "
    "AND (?1 IS NULL OR instr (lower (s.name), lower (?1)) > 0 "
    "  OR instr (lower (coalesce (s.register_number, '')), lower (?1)) > 0 "
    "  OR instr (lower (coalesce (s.organisation, '')), lower (?1)) > 0) "
    "ORDER BY s.active DESC, s.name COLLATE NOCASE, s.uuid");

  care_paged_query_bind_text (query, 1, text != NULL && *text != '\0' ? text : NULL);
  return query;
}
