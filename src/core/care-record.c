#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-error.h"
#include "care-record.h"

struct _CareRecord
{
  GObject     parent_instance;

  CareKind    kind;
  char       *uuid;
  gint64      version;
  gint64      recorded_at;
  char       *recorded_by;
  gboolean    entered_in_error;
  JsonObject *fields;
};

G_DEFINE_FINAL_TYPE (CareRecord, care_record, G_TYPE_OBJECT)

static void
care_record_finalize (GObject *object)
{
  CareRecord *self = CARE_RECORD (object);

  g_free (self->uuid);
  g_free (self->recorded_by);
  json_object_unref (self->fields);

  G_OBJECT_CLASS (care_record_parent_class)->finalize (object);
}

static void
care_record_class_init (CareRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_record_finalize;
}

static void
care_record_init (CareRecord *self)
{
  self->fields = json_object_new ();
}

CareRecord *
care_record_new_with_uuid (CareKind    kind,
                           const char *uuid)
{
  CareRecord *self = g_object_new (CARE_TYPE_RECORD, NULL);

  self->kind = kind;
  self->uuid = g_strdup (uuid);
  return self;
}

CareRecord *
care_record_new (CareKind kind)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return care_record_new_with_uuid (kind, uuid);
}

static gboolean
payload_member_is (JsonObject *payload,
                   const char *name,
                   GType       type)
{
  JsonNode *node = json_object_get_member (payload, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == type;
}

/* The payload keeps the JSON type of each field as the record held it, so a
 * value of another type was not written by care_record_to_json and would
 * be misread by the getters. Booleans are also taken as 0/1, the form the
 * record itself keeps them in. */
static gboolean
copy_payload_field (CareRecord       *self,
                    const CareField  *f,
                    JsonNode         *node,
                    GError          **error)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      json_object_set_null_member (self->fields, f->name);
      return TRUE;
    }
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  switch (f->type)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_INSTANT:
      if (type == G_TYPE_INT64)
        {
          json_object_set_int_member (self->fields, f->name, json_node_get_int (node));
          return TRUE;
        }
      break;
    case CARE_FIELD_BOOL:
      if (type == G_TYPE_BOOLEAN)
        {
          json_object_set_int_member (self->fields, f->name, json_node_get_boolean (node) ? 1 : 0);
          return TRUE;
        }
      if (type == G_TYPE_INT64 && (json_node_get_int (node) == 0 || json_node_get_int (node) == 1))
        {
          json_object_set_int_member (self->fields, f->name, json_node_get_int (node));
          return TRUE;
        }
      break;
    default:
      if (type == G_TYPE_STRING)
        {
          json_object_set_string_member (self->fields, f->name, json_node_get_string (node));
          return TRUE;
        }
      break;
    }
  g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
               _("%s has a value of the wrong type."), _(f->label));
  return FALSE;
}

/* The inverse of care_record_to_json, for payloads that come from another
 * device: anything the schema does not know is refused rather than dropped,
 * so that nothing a sender meant to record is silently lost. The fields are
 * not validated here; that is care_validate_fields. */
CareRecord *
care_record_new_from_json (JsonObject  *payload,
                           GError     **error)
{
  const CareKindInfo *info;
  const char *uuid;
  JsonObject *fields;
  JsonNode *fields_node;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gint64 version;
  gboolean in_error = FALSE;
  g_autoptr(CareRecord) self = NULL;

  info = payload_member_is (payload, "kind", G_TYPE_STRING)
         ? care_kind_info_lookup (json_object_get_string_member (payload, "kind")) : NULL;
  if (info == NULL)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The record kind is missing or unknown."));
      return NULL;
    }
  uuid = payload_member_is (payload, "uuid", G_TYPE_STRING)
         ? json_object_get_string_member (payload, "uuid") : NULL;
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The record has no valid UUID."));
      return NULL;
    }
  if (!payload_member_is (payload, "version", G_TYPE_INT64)
      || (version = json_object_get_int_member (payload, "version")) < 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The record has no valid version number."));
      return NULL;
    }
  if (json_object_has_member (payload, "entered_in_error"))
    {
      if (!payload_member_is (payload, "entered_in_error", G_TYPE_BOOLEAN))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("The “entered in error” flag must be true or false."));
          return NULL;
        }
      in_error = json_object_get_boolean_member (payload, "entered_in_error");
    }
  fields_node = json_object_get_member (payload, "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The record has no fields."));
      return NULL;
    }
  fields = json_node_get_object (fields_node);

  self = care_record_new_with_uuid (info->kind, uuid);
  _care_record_set_stored (self, version, 0, NULL, in_error);
  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const CareField *f = care_kind_find_field (info->kind, name);

      if (f == NULL)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("“%s” is not a field of a %s record."), name, info->name);
          return NULL;
        }
      if (!copy_payload_field (self, f, node, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

/* A copy keeps the identity and version it was read at, so that saving it
 * writes the next version and the store can tell if someone else got there
 * first. */
CareRecord *
care_record_copy (CareRecord *self)
{
  CareRecord *copy = care_record_new_with_uuid (self->kind, self->uuid);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  copy->version = self->version;
  copy->recorded_at = self->recorded_at;
  copy->recorded_by = g_strdup (self->recorded_by);
  copy->entered_in_error = self->entered_in_error;
  json_object_iter_init (&iter, self->fields);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy->fields, name, json_node_copy (node));
  return copy;
}

CareKind
care_record_get_kind (CareRecord *self)
{
  return self->kind;
}

const char *
care_record_get_uuid (CareRecord *self)
{
  return self->uuid;
}

gint64
care_record_get_version (CareRecord *self)
{
  return self->version;
}

gint64
care_record_get_recorded_at (CareRecord *self)
{
  return self->recorded_at;
}

const char *
care_record_get_recorded_by (CareRecord *self)
{
  return self->recorded_by;
}

gboolean
care_record_is_entered_in_error (CareRecord *self)
{
  return self->entered_in_error;
}

void
_care_record_set_stored (CareRecord *self,
                         gint64      version,
                         gint64      recorded_at,
                         const char *recorded_by,
                         gboolean    entered_in_error)
{
  self->version = version;
  self->recorded_at = recorded_at;
  g_free (self->recorded_by);
  self->recorded_by = g_strdup (recorded_by);
  self->entered_in_error = entered_in_error;
}

gboolean
care_record_has (CareRecord *self,
                 const char *field)
{
  JsonNode *node = json_object_get_member (self->fields, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return *json_node_get_string (node) != '\0';
  return TRUE;
}

const char *
care_record_get_string (CareRecord *self,
                        const char *field)
{
  JsonNode *node = json_object_get_member (self->fields, field);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
care_record_get_int (CareRecord *self,
                     const char *field)
{
  JsonNode *node = json_object_get_member (self->fields, field);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return json_node_get_int (node);
}

gboolean
care_record_get_bool (CareRecord *self,
                      const char *field)
{
  return care_record_get_int (self, field) != 0;
}

void
care_record_set_string (CareRecord *self,
                        const char *field,
                        const char *value)
{
  if (value == NULL)
    json_object_set_null_member (self->fields, field);
  else
    json_object_set_string_member (self->fields, field, value);
}

void
care_record_set_int (CareRecord *self,
                     const char *field,
                     gint64      value)
{
  json_object_set_int_member (self->fields, field, value);
}

void
care_record_set_bool (CareRecord *self,
                      const char *field,
                      gboolean    value)
{
  json_object_set_int_member (self->fields, field, value ? 1 : 0);
}

void
care_record_unset (CareRecord *self,
                   const char *field)
{
  json_object_set_null_member (self->fields, field);
}

JsonObject *
care_record_get_fields (CareRecord *self)
{
  return self->fields;
}

/* The payload of the change log and the outbox: identity, version and every
 * field of the schema, so that any version can be rebuilt from it alone. */
char *
care_record_to_json (CareRecord *self)
{
  const CareKindInfo *info = care_kind_info (self->kind);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, info->name);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, self->uuid);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, self->version);
  json_builder_set_member_name (builder, "entered_in_error");
  json_builder_add_boolean_value (builder, self->entered_in_error);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const CareField *f = &info->fields[i];
      JsonNode *node = json_object_get_member (self->fields, f->name);

      if (f->secret)
        continue;
      json_builder_set_member_name (builder, f->name);
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        json_builder_add_value (builder, json_node_copy (node));
      else if (f->type == CARE_FIELD_BOOL)
        /* As the store keeps it: a boolean is never unknown, unset means no. */
        json_builder_add_int_value (builder, 0);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null == b_null;
  return json_node_equal (a, b);
}

/* The names of the fields that differ from @previous (NULL: all set fields). */
GStrv
care_record_diff (CareRecord *self,
                  CareRecord *previous)
{
  const CareKindInfo *info = care_kind_info (self->kind);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;
      JsonNode *now = json_object_get_member (self->fields, name);
      JsonNode *before = previous ? json_object_get_member (previous->fields, name) : NULL;

      if (!nodes_equal (now, before))
        g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}
