/* care-record.h: one version of one record
 *
 * A CareRecord is a value: the fields of one version of a record, keyed by
 * the names in care-schema.c. Saving never changes a stored version; it
 * writes the next one (see care-session.h).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "care-schema.h"

G_BEGIN_DECLS

#define CARE_TYPE_RECORD (care_record_get_type ())

G_DECLARE_FINAL_TYPE (CareRecord, care_record, CARE, RECORD, GObject)

CareRecord  *care_record_new              (CareKind     kind);
CareRecord  *care_record_new_with_uuid    (CareKind     kind,
                                           const char  *uuid);
CareRecord  *care_record_new_from_json    (JsonObject  *payload,
                                           GError     **error);
CareRecord  *care_record_copy             (CareRecord  *self);
CareKind     care_record_get_kind         (CareRecord  *self);
const char  *care_record_get_uuid         (CareRecord  *self);
gint64       care_record_get_version      (CareRecord  *self);
gint64       care_record_get_recorded_at  (CareRecord  *self);
const char  *care_record_get_recorded_by  (CareRecord  *self);
gboolean     care_record_is_entered_in_error (CareRecord *self);

gboolean     care_record_has              (CareRecord  *self,
                                           const char  *field);
const char  *care_record_get_string       (CareRecord  *self,
                                           const char  *field);
gint64       care_record_get_int          (CareRecord  *self,
                                           const char  *field);
gboolean     care_record_get_bool         (CareRecord  *self,
                                           const char  *field);
void         care_record_set_string       (CareRecord  *self,
                                           const char  *field,
                                           const char  *value);
void         care_record_set_int          (CareRecord  *self,
                                           const char  *field,
                                           gint64       value);
void         care_record_set_bool         (CareRecord  *self,
                                           const char  *field,
                                           gboolean     value);
void         care_record_unset            (CareRecord  *self,
                                           const char  *field);
JsonObject  *care_record_get_fields       (CareRecord  *self);
char        *care_record_to_json          (CareRecord  *self);
GStrv        care_record_diff             (CareRecord  *self,
                                           CareRecord  *previous);

/* Used by the store when a version is read or written. */
void         _care_record_set_stored      (CareRecord  *self,
                                           gint64       version,
                                           gint64       recorded_at,
                                           const char  *recorded_by,
                                           gboolean     entered_in_error);

G_END_DECLS
