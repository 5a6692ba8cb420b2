/* care-schema.h: what each record kind holds
 *
 * One table of field descriptors per record kind drives the SQL tables, the
 * generic validation (required, lengths, formats, choices), the JSON payload
 * of the change log and the sync outbox.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CARE_KIND_SETTING,
  CARE_KIND_PERSON,
  CARE_KIND_STAFF,
  CARE_KIND_TASK_TYPE,
  CARE_KIND_REASON_CODE,
  CARE_KIND_MATRIX_QUESTION,
  CARE_KIND_DELEGATED_TASK,
  CARE_KIND_COMPETENCY,
  CARE_KIND_ADMINISTRATION,
  CARE_KIND_REVIEW,
  CARE_KIND_LIBERTY_SCREENING,
  CARE_KIND_LIBERTY_CASE,
  CARE_N_KINDS
} CareKind;

typedef enum
{
  CARE_FIELD_TEXT,
  CARE_FIELD_INT,
  CARE_FIELD_BOOL,
  CARE_FIELD_DATE,      /* "YYYY-MM-DD", a calendar date in the home's time zone */
  CARE_FIELD_TIME,      /* "HH:MM", a wall-clock time of day */
  CARE_FIELD_INSTANT,   /* seconds since the Unix epoch */
  CARE_FIELD_UUID,      /* a reference to another record */
  CARE_FIELD_CHOICE,    /* one of a fixed list of codes */
  CARE_FIELD_JSON,      /* a JSON array or object, e.g. checklist answers */
} CareFieldType;

typedef struct
{
  const char          *name;
  CareFieldType        type;
  gboolean             required;
  guint                max_len;    /* characters, for text-like fields */
  const char          *label;      /* N_() marked, for messages */
  const char * const  *choices;    /* NULL-terminated, CHOICE only */
  gint64               min;        /* INT only, when min < max */
  gint64               max;
  gboolean             secret;     /* kept out of the change log payload and sync */
} CareField;

typedef struct
{
  CareKind          kind;
  const char       *name;          /* the table and the event kind */
  const char       *label;         /* N_() marked */
  const CareField  *fields;
  guint             n_fields;
  gboolean          clinical;      /* past versions are legally protected */
} CareKindInfo;

const CareKindInfo *care_kind_info        (CareKind      kind);
const CareKindInfo *care_kind_info_lookup (const char   *name);
const CareField    *care_kind_find_field  (CareKind      kind,
                                           const char   *name);
gboolean            care_choice_is_valid  (const CareField *field,
                                           const char      *value);

G_END_DECLS
