#include "config.h"

#include "care-core.h"

#include "care-admin.h"

G_DEFINE_QUARK (care-admin-error-quark, care_admin_error)

/* ---- proposals ---------------------------------------------------------- */

static const char *
request_provider (const char  *provider,
                  JsonObject  *request,
                  GError     **error)
{
  const char *named = json_object_get_string_member_with_default (request, "provider", NULL);

  if (provider != NULL && named != NULL && g_strcmp0 (provider, named) != 0)
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_MALFORMED,
                   "The proposal names provider %s, not %s.", named, provider);
      return NULL;
    }
  if (provider == NULL && named == NULL)
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_MALFORMED,
                   "\"provider\" is required.");
      return NULL;
    }
  return provider ? provider : named;
}

/* The commissioner owns the lifecycle of what it proposes, so whatever the
 * request says, a proposal starts as "proposed" from the commissioner. The
 * fields then go through the same schema check the app applies. */
static CareRecord *
proposal_record (const char  *task_id,
                 JsonObject  *fields,
                 GError     **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) local = NULL;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  json_object_set_string_member (copy, "status", "proposed");
  json_object_set_string_member (copy, "source", "commissioner");

  json_object_set_string_member (payload, "kind", "delegated_task");
  json_object_set_string_member (payload, "uuid", task_id);
  json_object_set_int_member (payload, "version", 1);
  json_object_set_boolean_member (payload, "entered_in_error", FALSE);
  json_object_set_object_member (payload, "fields", copy);

  record = care_record_new_from_json (payload, &local);
  if (record != NULL)
    care_record_normalise (record);
  if (record == NULL || !care_validate_fields (record, &local))
    {
      g_set_error_literal (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_INVALID, local->message);
      return NULL;
    }
  return g_steal_pointer (&record);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static gboolean
store_proposal (CareServerStore  *store,
                const char       *provider,
                const char       *task_id,
                const char       *item_id,
                const char       *payload,
                gint64           *seq,
                GError          **error)
{
  g_autoptr(GError) local = NULL;

  if (!care_server_store_begin (store, error))
    return FALSE;
  if (!care_server_store_add_task (store, task_id, provider, &local))
    {
      care_server_store_rollback (store);
      if (g_error_matches (local, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_EXISTS))
        g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_EXISTS,
                     "The task %s was already proposed.", task_id);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *seq = care_server_store_add_feed_item (store, provider, item_id, "task_proposal",
                                          task_id, 1, payload, error);
  if (*seq == 0)
    {
      care_server_store_rollback (store);
      return FALSE;
    }
  return care_server_store_commit (store, error);
}

/* { "provider": "id", "task_id": "uuid"?, "fields": { delegated task } }
 * becomes a task in status "proposed" and a task_proposal on the feed. */
JsonObject *
care_admin_propose (CareServerStore  *store,
                    const char       *provider,
                    JsonObject       *request,
                    GError          **error)
{
  const char *task_id;
  JsonNode *fields;
  g_autofree char *provider_name = NULL;
  g_autofree char *made_id = NULL;
  g_autofree char *item_id = g_uuid_string_random ();
  g_autofree char *payload = NULL;
  g_autoptr(CareRecord) record = NULL;
  JsonObject *answer;
  gint64 seq = 0;

  provider = request_provider (provider, request, error);
  if (provider == NULL)
    return NULL;
  provider_name = care_server_store_get_provider_name (store, provider);
  if (provider_name == NULL)
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_UNKNOWN_PROVIDER,
                   "There is no provider with the id %s.", provider);
      return NULL;
    }
  task_id = json_object_get_string_member_with_default (request, "task_id", NULL);
  if (task_id == NULL)
    task_id = made_id = g_uuid_string_random ();
  if (!g_uuid_string_is_valid (task_id))
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_MALFORMED, "\"task_id\" must be a UUID.");
      return NULL;
    }
  fields = json_object_get_member (request, "fields");
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_MALFORMED, "\"fields\" must be an object.");
      return NULL;
    }
  record = proposal_record (task_id, json_node_get_object (fields), error);
  if (record == NULL)
    return NULL;
  payload = object_to_text (care_record_get_fields (record));
  if (!store_proposal (store, provider, task_id, item_id, payload, &seq, error))
    return NULL;

  answer = json_object_new ();
  json_object_set_string_member (answer, "item_id", item_id);
  json_object_set_string_member (answer, "task_id", task_id);
  json_object_set_int_member (answer, "server_seq", seq);
  json_object_set_string_member (answer, "status", "proposed");
  json_object_set_int_member (answer, "version", 1);
  return answer;
}

/* ---- the commissioner's own status changes ------------------------------- */

/* The commissioner owns the lifecycle of the tasks it proposed, so it may
 * move one on itself (suspend, withdraw, end) under the same lifecycle
 * table the app and the transitions endpoint use. The version goes up, so
 * a provider still holding the old version gets 412 and is told. */
JsonObject *
care_admin_transition (CareServerStore  *store,
                       const char       *task_id,
                       const char       *to_status,
                       const char       *reason,
                       GError          **error)
{
  const CareField *status_field = care_kind_find_field (CARE_KIND_DELEGATED_TASK, "status");
  g_autoptr(CareServerTask) task = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *event_id = g_uuid_string_random ();
  JsonObject *answer;

  if (task_id == NULL || !g_uuid_string_is_valid (task_id))
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_MALFORMED, "The task id must be a UUID.");
      return NULL;
    }
  if (!care_choice_is_valid (status_field, to_status))
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_MALFORMED, "“%s” is not a task status.",
                   to_status ? to_status : "");
      return NULL;
    }
  task = care_server_store_get_task (store, task_id, &local);
  if (task == NULL)
    {
      if (g_error_matches (local, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_NOT_FOUND))
        g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_UNKNOWN_TASK, "There is no task %s.", task_id);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!care_delegation_can_transition (task->status, to_status))
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_FORBIDDEN,
                   "A task that is %s cannot become %s.", task->status, to_status);
      return NULL;
    }
  if (!care_server_store_apply_transition (store, task_id, task->status, to_status, task->version + 1,
                                           reason, event_id, error))
    return NULL;

  answer = json_object_new ();
  json_object_set_string_member (answer, "id", task_id);
  json_object_set_string_member (answer, "status", to_status);
  json_object_set_int_member (answer, "version", task->version + 1);
  return answer;
}

/* ---- the report --------------------------------------------------------- */

/* A record counts while its current version is not "entered in error". */
#define LIVE(alias) "json_extract(" alias ".payload, '$.entered_in_error') = 0"

static const char sql_counts[] =
  "SELECT e.entity_kind, count(*), "
  "  (SELECT count(*) FROM current_records c WHERE c.provider = ?1 AND c.entity_kind = e.entity_kind) "
  "FROM events e WHERE e.provider = ?1 GROUP BY e.entity_kind ORDER BY e.entity_kind";

/* The commissioner's own tasks: the transitions it was asked for. */
static const char sql_transition_decisions[] =
  "SELECT tr.task_id, tr.to_status, tr.reason, "
  "  json_extract(f.payload, '$.person_uuid'), json_extract(f.payload, '$.task_type_uuid') "
  "FROM transitions tr JOIN tasks t ON t.id = tr.task_id "
  "LEFT JOIN feed_items f ON f.entity_id = tr.task_id AND f.kind = 'task_proposal' "
  "WHERE t.provider = ?1 AND tr.to_status IN ('accepted', 'declined') ORDER BY tr.id";

/* The provider's own tasks: the first version in which each was decided. */
static const char sql_event_decisions[] =
  "SELECT entity_uuid, json_extract(payload, '$.fields.status'), "
  "  json_extract(payload, '$.fields.status_reason'), "
  "  json_extract(payload, '$.fields.person_uuid'), json_extract(payload, '$.fields.task_type_uuid'), "
  "  min(entity_version) "
  "FROM events WHERE provider = ?1 AND entity_kind = 'delegated_task' "
  "  AND json_extract(payload, '$.fields.status') IN ('accepted', 'declined') "
  "GROUP BY entity_uuid ORDER BY min(server_seq)";

static const char sql_coverage[] =
  "WITH types AS ("
  "  SELECT entity_uuid AS id FROM current_records c "
  "  WHERE c.provider = ?1 AND c.entity_kind = 'task_type' AND " LIVE ("c")
  "  UNION "
  "  SELECT json_extract(c.payload, '$.fields.task_type_uuid') FROM current_records c "
  "  WHERE c.provider = ?1 AND c.entity_kind = 'competency'), "
  "valid AS ("
  "  SELECT json_extract(c.payload, '$.fields.task_type_uuid') AS type_id, "
  "    json_extract(c.payload, '$.fields.staff_uuid') AS staff "
  "  FROM current_records c WHERE c.provider = ?1 AND c.entity_kind = 'competency' AND " LIVE ("c")
  "    AND json_extract(c.payload, '$.fields.outcome') = 'competent' "
  "    AND json_extract(c.payload, '$.fields.revoked_on') IS NULL "
  "    AND (json_extract(c.payload, '$.fields.valid_until') IS NULL "
  "         OR json_extract(c.payload, '$.fields.valid_until') >= ?2)) "
  "SELECT types.id, (SELECT count(DISTINCT staff) FROM valid WHERE valid.type_id = types.id) "
  "FROM types ORDER BY types.id";

#define MISSED \
  "FROM current_records a WHERE a.provider = ?1 AND a.entity_kind = 'administration' " \
  "AND " LIVE ("a") " AND json_extract(a.payload, '$.fields.outcome') = 'not_done' "

static const char sql_missed_by_reason[] =
  "SELECT coalesce(json_extract(a.payload, '$.fields.reason_canonical'), 'unspecified') AS reason, count(*) "
  MISSED "GROUP BY reason ORDER BY count(*) DESC, reason";

/* The person is on the task; a commissioner task the provider never sent
 * back is found on the feed. */
static const char sql_missed_by_person[] =
  "SELECT coalesce("
  "  (SELECT json_extract(t.payload, '$.fields.person_uuid') FROM current_records t "
  "   WHERE t.provider = ?1 AND t.entity_uuid = json_extract(a.payload, '$.fields.task_uuid')), "
  "  (SELECT json_extract(f.payload, '$.person_uuid') FROM feed_items f "
  "   WHERE f.provider = ?1 AND f.entity_id = json_extract(a.payload, '$.fields.task_uuid'))) AS person, "
  "  count(*) "
  MISSED "GROUP BY person ORDER BY count(*) DESC, person";

static const char sql_referrals[] =
  "SELECT c.entity_uuid, json_extract(c.payload, '$.fields.person_uuid'), "
  "  json_extract(c.payload, '$.fields.screened_on') "
  "FROM current_records c WHERE c.provider = ?1 AND c.entity_kind = 'liberty_screening' AND " LIVE ("c")
  "  AND json_extract(c.payload, '$.fields.outcome') = 'refer' ORDER BY 3, 1";

static const char sql_cases[] =
  "SELECT c.entity_uuid, json_extract(c.payload, '$.fields.person_uuid'), "
  "  json_extract(c.payload, '$.fields.scheme'), json_extract(c.payload, '$.fields.outcome'), "
  "  json_extract(c.payload, '$.fields.applied_on') "
  "FROM current_records c WHERE c.provider = ?1 AND c.entity_kind = 'liberty_case' AND " LIVE ("c")
  " ORDER BY 5, 1";

static const char sql_name[] =
  "SELECT CASE entity_kind "
  "  WHEN 'person' THEN trim(coalesce(json_extract(payload, '$.fields.given_name'), '') || ' ' "
  "                     || coalesce(json_extract(payload, '$.fields.family_name'), '')) "
  "  ELSE json_extract(payload, '$.fields.name') END "
  "FROM current_records WHERE provider = ?1 AND entity_uuid = ?2";

static void
set_text_or_null (JsonObject   *object,
                  const char   *member,
                  sqlite3_stmt *stmt,
                  int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text == NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, text);
}

/* The display name of a person or task type, if the provider sent one. */
static void
set_name (CareServerStore *store,
          const char      *provider,
          JsonObject      *object,
          const char      *member,
          const char      *uuid)
{
  sqlite3_stmt *stmt = care_server_store_prepare (store, sql_name, NULL);
  const char *name = NULL;

  if (stmt != NULL && uuid != NULL)
    {
      sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        name = (const char *) sqlite3_column_text (stmt, 0);
    }
  if (name != NULL && *name != '\0')
    json_object_set_string_member (object, member, name);
  else
    json_object_set_null_member (object, member);
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

typedef void (*RowFunc) (CareServerStore *store,
                         const char      *provider,
                         sqlite3_stmt    *stmt,
                         JsonArray       *rows);

static JsonArray *
query_rows (CareServerStore  *store,
            const char       *provider,
            const char       *today,
            const char       *sql,
            RowFunc           row_func,
            GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (store, sql, error);
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row_func (store, provider, stmt, rows);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_server_store_set_error (store, error, "report");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
count_row (CareServerStore *store,
           const char      *provider,
           sqlite3_stmt    *stmt,
           JsonArray       *rows)
{
  JsonObject *row = json_object_new ();

  set_text_or_null (row, "entity_kind", stmt, 0);
  json_object_set_int_member (row, "events", sqlite3_column_int64 (stmt, 1));
  json_object_set_int_member (row, "records", sqlite3_column_int64 (stmt, 2));
  json_array_add_object_element (rows, row);
}

static void
decision_row (CareServerStore *store,
              const char      *provider,
              sqlite3_stmt    *stmt,
              JsonArray       *rows,
              const char      *source)
{
  JsonObject *row = json_object_new ();

  set_text_or_null (row, "task_id", stmt, 0);
  set_text_or_null (row, "status", stmt, 1);
  set_text_or_null (row, "reason", stmt, 2);
  set_name (store, provider, row, "person", (const char *) sqlite3_column_text (stmt, 3));
  set_name (store, provider, row, "task_type", (const char *) sqlite3_column_text (stmt, 4));
  json_object_set_string_member (row, "source", source);
  json_array_add_object_element (rows, row);
}

static void
transition_decision_row (CareServerStore *store,
                         const char      *provider,
                         sqlite3_stmt    *stmt,
                         JsonArray       *rows)
{
  decision_row (store, provider, stmt, rows, "commissioner");
}

static void
event_decision_row (CareServerStore *store,
                    const char      *provider,
                    sqlite3_stmt    *stmt,
                    JsonArray       *rows)
{
  decision_row (store, provider, stmt, rows, "provider");
}

static void
coverage_row (CareServerStore *store,
              const char      *provider,
              sqlite3_stmt    *stmt,
              JsonArray       *rows)
{
  JsonObject *row = json_object_new ();

  set_text_or_null (row, "task_type_id", stmt, 0);
  set_name (store, provider, row, "task_type", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_int_member (row, "staff", sqlite3_column_int64 (stmt, 1));
  json_array_add_object_element (rows, row);
}

static void
reason_row (CareServerStore *store,
            const char      *provider,
            sqlite3_stmt    *stmt,
            JsonArray       *rows)
{
  JsonObject *row = json_object_new ();

  set_text_or_null (row, "reason", stmt, 0);
  json_object_set_int_member (row, "count", sqlite3_column_int64 (stmt, 1));
  json_array_add_object_element (rows, row);
}

static void
person_row (CareServerStore *store,
            const char      *provider,
            sqlite3_stmt    *stmt,
            JsonArray       *rows)
{
  JsonObject *row = json_object_new ();

  set_text_or_null (row, "person_id", stmt, 0);
  set_name (store, provider, row, "person", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_int_member (row, "count", sqlite3_column_int64 (stmt, 1));
  json_array_add_object_element (rows, row);
}

static void
referral_row (CareServerStore *store,
              const char      *provider,
              sqlite3_stmt    *stmt,
              JsonArray       *rows)
{
  JsonObject *row = json_object_new ();

  set_text_or_null (row, "screening_id", stmt, 0);
  set_name (store, provider, row, "person", (const char *) sqlite3_column_text (stmt, 1));
  set_text_or_null (row, "screened_on", stmt, 2);
  json_array_add_object_element (rows, row);
}

static void
case_row (CareServerStore *store,
          const char      *provider,
          sqlite3_stmt    *stmt,
          JsonArray       *rows)
{
  JsonObject *row = json_object_new ();

  set_text_or_null (row, "case_id", stmt, 0);
  set_name (store, provider, row, "person", (const char *) sqlite3_column_text (stmt, 1));
  set_text_or_null (row, "scheme", stmt, 2);
  set_text_or_null (row, "outcome", stmt, 3);
  set_text_or_null (row, "applied_on", stmt, 4);
  json_array_add_object_element (rows, row);
}

/* The commissioner's transitions are authoritative for its own tasks; the
 * provider's events add the tasks it set up itself. */
static JsonArray *
merge_decisions (JsonArray *from_transitions,
                 JsonArray *from_events)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *all = json_array_new ();
  JsonArray *sources[] = { from_transitions, from_events };

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < json_array_get_length (sources[s]); i++)
      {
        JsonObject *row = json_array_get_object_element (sources[s], i);
        const char *id = json_object_get_string_member (row, "task_id");

        if (!g_hash_table_add (seen, (gpointer) id))
          continue;
        json_array_add_object_element (all, json_object_ref (row));
      }
  return all;
}

static char *
today_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

#define TAKE_ROWS(var, sql, func) \
  g_autoptr(JsonArray) var = query_rows (store, provider, today, sql, func, error); \
  if (var == NULL) \
    return NULL

/* What the provider sent, summarised: everything is computed from the
 * current versions of its records when the report is asked for. */
JsonObject *
care_admin_report (CareServerStore  *store,
                   const char       *provider,
                   GError          **error)
{
  g_autofree char *name = care_server_store_get_provider_name (store, provider);
  g_autofree char *today = today_local ();
  JsonObject *report, *who, *missed, *liberty;
  gint64 total = 0;

  if (name == NULL)
    {
      g_set_error (error, CARE_ADMIN_ERROR, CARE_ADMIN_ERROR_UNKNOWN_PROVIDER,
                   "There is no provider with the id %s.", provider);
      return NULL;
    }

  TAKE_ROWS (counts, sql_counts, count_row);
  TAKE_ROWS (by_transition, sql_transition_decisions, transition_decision_row);
  TAKE_ROWS (by_event, sql_event_decisions, event_decision_row);
  TAKE_ROWS (coverage, sql_coverage, coverage_row);
  TAKE_ROWS (by_reason, sql_missed_by_reason, reason_row);
  TAKE_ROWS (by_person, sql_missed_by_person, person_row);
  TAKE_ROWS (referrals, sql_referrals, referral_row);
  TAKE_ROWS (cases, sql_cases, case_row);

  for (guint i = 0; i < json_array_get_length (by_reason); i++)
    total += json_object_get_int_member (json_array_get_object_element (by_reason, i), "count");

  report = json_object_new ();
  who = json_object_new ();
  json_object_set_string_member (who, "id", provider);
  json_object_set_string_member (who, "name", name);
  json_object_set_object_member (report, "provider", who);
  json_object_set_string_member (report, "as_of", today);
  json_object_set_array_member (report, "records", json_array_ref (counts));
  json_object_set_array_member (report, "task_decisions", merge_decisions (by_transition, by_event));
  json_object_set_array_member (report, "competency_coverage", json_array_ref (coverage));
  missed = json_object_new ();
  json_object_set_int_member (missed, "total", total);
  json_object_set_array_member (missed, "by_reason", json_array_ref (by_reason));
  json_object_set_array_member (missed, "by_person", json_array_ref (by_person));
  json_object_set_object_member (report, "missed_administrations", missed);
  liberty = json_object_new ();
  json_object_set_array_member (liberty, "referrals", json_array_ref (referrals));
  json_object_set_array_member (liberty, "cases", json_array_ref (cases));
  json_object_set_object_member (report, "liberty", liberty);
  return report;
}

static const char *
text_or (JsonObject *object,
         const char *member,
         const char *fallback)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);

  return text ? text : fallback;
}

static void
append_records (GString   *out,
                JsonArray *rows)
{
  g_string_append (out, "\nRecords received\n");
  if (json_array_get_length (rows) == 0)
    g_string_append (out, "  none\n");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_string_append_printf (out, "  %-20s %6" G_GINT64_FORMAT " records, %6" G_GINT64_FORMAT " events\n",
                              text_or (row, "entity_kind", "?"),
                              json_object_get_int_member (row, "records"),
                              json_object_get_int_member (row, "events"));
    }
}

static void
append_decisions (GString   *out,
                  JsonArray *rows)
{
  g_string_append (out, "\nAccepted and declined tasks\n");
  if (json_array_get_length (rows) == 0)
    g_string_append (out, "  none\n");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_string_append_printf (out, "  %-8s %s for %s (task %s, %s)\n    reason: %s\n",
                              text_or (row, "status", "?"),
                              text_or (row, "task_type", "unknown task type"),
                              text_or (row, "person", "unknown person"),
                              text_or (row, "task_id", "?"),
                              text_or (row, "source", "?"),
                              text_or (row, "reason", "none given"));
    }
}

static void
append_coverage (GString   *out,
                 JsonArray *rows)
{
  g_string_append (out, "\nCompetency coverage (staff with a valid competency)\n");
  if (json_array_get_length (rows) == 0)
    g_string_append (out, "  none\n");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_string_append_printf (out, "  %-40s %4" G_GINT64_FORMAT "\n",
                              text_or (row, "task_type", text_or (row, "task_type_id", "?")),
                              json_object_get_int_member (row, "staff"));
    }
}

static void
append_missed (GString    *out,
               JsonObject *missed)
{
  JsonArray *by_reason = json_object_get_array_member (missed, "by_reason");
  JsonArray *by_person = json_object_get_array_member (missed, "by_person");

  g_string_append_printf (out, "\nMissed administrations: %" G_GINT64_FORMAT "\n",
                          json_object_get_int_member (missed, "total"));
  if (json_array_get_length (by_reason) > 0)
    g_string_append (out, "  by reason\n");
  for (guint i = 0; i < json_array_get_length (by_reason); i++)
    {
      JsonObject *row = json_array_get_object_element (by_reason, i);

      g_string_append_printf (out, "    %-36s %4" G_GINT64_FORMAT "\n", text_or (row, "reason", "?"),
                              json_object_get_int_member (row, "count"));
    }
  if (json_array_get_length (by_person) > 0)
    g_string_append (out, "  by person\n");
  for (guint i = 0; i < json_array_get_length (by_person); i++)
    {
      JsonObject *row = json_array_get_object_element (by_person, i);

      g_string_append_printf (out, "    %-36s %4" G_GINT64_FORMAT "\n",
                              text_or (row, "person", text_or (row, "person_id", "unknown person")),
                              json_object_get_int_member (row, "count"));
    }
}

static void
append_liberty (GString    *out,
                JsonObject *liberty)
{
  JsonArray *referrals = json_object_get_array_member (liberty, "referrals");
  JsonArray *cases = json_object_get_array_member (liberty, "cases");

  g_string_append (out, "\nLiberty safeguards\n");
  g_string_append_printf (out, "  screenings with outcome \"refer\": %u\n", json_array_get_length (referrals));
  for (guint i = 0; i < json_array_get_length (referrals); i++)
    {
      JsonObject *row = json_array_get_object_element (referrals, i);

      g_string_append_printf (out, "    %s  %s\n", text_or (row, "screened_on", "?"),
                              text_or (row, "person", "unknown person"));
    }
  g_string_append_printf (out, "  cases: %u\n", json_array_get_length (cases));
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *row = json_array_get_object_element (cases, i);

      g_string_append_printf (out, "    %s  %-4s %-12s %s\n", text_or (row, "applied_on", "?"),
                              text_or (row, "scheme", "?"), text_or (row, "outcome", "?"),
                              text_or (row, "person", "unknown person"));
    }
}

char *
care_admin_report_text (JsonObject *report)
{
  JsonObject *who = json_object_get_object_member (report, "provider");
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "Report for %s (%s), as of %s\n",
                          text_or (who, "name", "?"), text_or (who, "id", "?"),
                          text_or (report, "as_of", "?"));
  append_records (out, json_object_get_array_member (report, "records"));
  append_decisions (out, json_object_get_array_member (report, "task_decisions"));
  append_coverage (out, json_object_get_array_member (report, "competency_coverage"));
  append_missed (out, json_object_get_object_member (report, "missed_administrations"));
  append_liberty (out, json_object_get_object_member (report, "liberty"));
  return g_string_free (out, FALSE);
}
