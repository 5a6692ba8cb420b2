#include "config.h"

#include "care-core.h"

#include "care-batch.h"
#include "care-problem.h"

G_DEFINE_QUARK (care-batch-error-quark, care_batch_error)

/* Whole-request checks only: what makes it impossible to answer event by
 * event. Anything wrong inside one event rejects that event alone. */
JsonArray *
care_batch_check (JsonNode  *root,
                  GError   **error)
{
  JsonObject *batch;
  JsonNode *events;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CARE_BATCH_ERROR, CARE_BATCH_ERROR_MALFORMED,
                   "The body must be a JSON object.");
      return NULL;
    }
  batch = json_node_get_object (root);
  events = json_object_get_member (batch, "events");
  if (events == NULL || !JSON_NODE_HOLDS_ARRAY (events))
    {
      g_set_error (error, CARE_BATCH_ERROR, CARE_BATCH_ERROR_MALFORMED,
                   "\"events\" must be an array.");
      return NULL;
    }
  array = json_node_get_array (events);
  if (json_array_get_length (array) > CARE_BATCH_MAX_EVENTS)
    {
      g_set_error (error, CARE_BATCH_ERROR, CARE_BATCH_ERROR_TOO_LARGE,
                   "A batch holds at most %d events; this one has %u.",
                   CARE_BATCH_MAX_EVENTS, json_array_get_length (array));
      return NULL;
    }
  /* Without an event_id string the answer could not say which event it is
   * about, so the client could never settle it. */
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonNode *id = JSON_NODE_HOLDS_OBJECT (node)
                     ? json_object_get_member (json_node_get_object (node), "event_id") : NULL;

      if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING)
        {
          g_set_error (error, CARE_BATCH_ERROR, CARE_BATCH_ERROR_MALFORMED,
                       "Event %u is not an object with an \"event_id\" string.", i);
          return NULL;
        }
    }
  return array;
}

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static gboolean
reject (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
reject (GError     **error,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CARE_ERROR, CARE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
get_string (JsonObject  *event,
            const char  *name,
            gboolean     uuid,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (event, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    return reject (error, "\"%s\" must be a non-empty string.", name);
  if (uuid && !g_uuid_string_is_valid (json_node_get_string (node)))
    return reject (error, "\"%s\" must be a UUID.", name);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *event,
         const char  *name,
         gint64       min,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (event, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < min)
    return reject (error, "\"%s\" must be an integer of at least %" G_GINT64_FORMAT ".", name, min);
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_envelope (JsonObject       *event,
                CareServerEvent  *out,
                JsonObject      **payload,
                GError          **error)
{
  JsonNode *node;

  if (!get_string (event, "device_id", TRUE, &out->device_id, error)
      || !get_int (event, "local_seq", 1, &out->local_seq, error)
      || !get_string (event, "entity_kind", FALSE, &out->entity_kind, error)
      || !get_string (event, "entity_uuid", TRUE, &out->entity_uuid, error)
      || !get_int (event, "entity_version", 1, &out->entity_version, error)
      || !get_string (event, "action", FALSE, &out->action, error)
      || !get_int (event, "at", 0, &out->at, error))
    return FALSE;
  node = json_object_get_member (event, "payload");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return reject (error, "\"payload\" must be an object.");
  *payload = json_node_get_object (node);
  return TRUE;
}

/* The payload is the record as care_record_to_json wrote it; it must be the
 * version the envelope says it is. */
static gboolean
check_identity (const CareServerEvent  *event,
                CareRecord             *record,
                GError                **error)
{
  const CareKindInfo *info = care_kind_info (care_record_get_kind (record));

  if (g_strcmp0 (info->name, event->entity_kind) != 0)
    return reject (error, "The payload is a %s but entity_kind says %s.", info->name, event->entity_kind);
  if (g_strcmp0 (care_record_get_uuid (record), event->entity_uuid) != 0)
    return reject (error, "The payload's uuid is not the entity_uuid.");
  if (care_record_get_version (record) != event->entity_version)
    return reject (error, "The payload's version is not the entity_version.");
  return TRUE;
}

/* Secret fields (the staff PIN hash) never leave the device, so they are
 * refused if sent, and stand-ins fill them for the schema check, which
 * would otherwise find a required field missing. */
static gboolean
validate_record (CareRecord  *record,
                 GError     **error)
{
  const CareKindInfo *info = care_kind_info (care_record_get_kind (record));
  g_autoptr(CareRecord) checked = care_record_copy (record);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const CareField *f = &info->fields[i];

      if (!f->secret)
        continue;
      if (care_record_has (record, f->name))
        return reject (error, "The field %s is secret and must not be sent.", f->name);
      care_record_set_string (checked, f->name, "withheld");
    }
  return care_validate_fields (checked, error);
}

static gboolean
check_event (JsonObject       *event,
             CareServerEvent  *out,
             GError          **error)
{
  JsonObject *payload = NULL;
  g_autoptr(CareRecord) record = NULL;

  if (!g_uuid_string_is_valid (out->event_id))
    return reject (error, "\"event_id\" must be a UUID.");
  if (!parse_envelope (event, out, &payload, error))
    return FALSE;
  record = care_record_new_from_json (payload, error);
  return record != NULL
         && check_identity (out, record, error)
         && validate_record (record, error);
}

static JsonObject *
new_result (const char *event_id,
            const char *status)
{
  JsonObject *result = json_object_new ();

  json_object_set_string_member (result, "event_id", event_id);
  json_object_set_string_member (result, "status", status);
  return result;
}

static JsonObject *
rejected (const char *event_id,
          const char *detail)
{
  JsonObject *result = new_result (event_id, "rejected");

  json_object_set_null_member (result, "server_seq");
  json_object_set_object_member (result, "problem", care_problem_new (422, "invalid-event", detail));
  return result;
}

/* One event: NULL only when the store fails, which fails the whole batch
 * so that nothing half-done is acknowledged. */
static JsonObject *
apply_event (CareServerStore  *store,
             const char       *provider,
             JsonNode         *node,
             GError          **error)
{
  JsonObject *event = json_node_get_object (node);
  CareServerEvent row = { 0 };
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *envelope_text = NULL;
  gint64 seq = 0;
  JsonObject *result;

  row.event_id = json_object_get_string_member (event, "event_id");
  if (care_server_store_find_event (store, row.event_id, &owner, &seq, &local))
    {
      if (g_strcmp0 (owner, provider) != 0)
        return rejected (row.event_id, "This event_id is already in use.");
      result = new_result (row.event_id, "duplicate");
      json_object_set_int_member (result, "server_seq", seq);
      return result;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!check_event (event, &row, &invalid))
    return rejected (row.event_id, invalid->message);

  payload_text = node_to_text (json_object_get_member (event, "payload"));
  envelope_text = node_to_text (node);
  row.payload = payload_text;
  row.envelope = envelope_text;
  seq = care_server_store_insert_event (store, provider, &row, error);
  if (seq == 0)
    return NULL;
  result = new_result (row.event_id, "created");
  json_object_set_int_member (result, "server_seq", seq);
  return result;
}

/* The results are in the order of the events. The caller holds the
 * transaction, so that the events and the stored answer commit together. */
JsonArray *
care_batch_apply (CareServerStore  *store,
                  const char       *provider,
                  JsonArray        *events,
                  GError          **error)
{
  g_autoptr(JsonArray) results = json_array_new ();

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *result = apply_event (store, provider, json_array_get_element (events, i), error);

      if (result == NULL)
        return NULL;
      json_array_add_object_element (results, result);
    }
  return g_steal_pointer (&results);
}
