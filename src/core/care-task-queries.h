/* care-task-queries.h: read-only queries behind the delegated tasks,
 * staff, reviews, history, audit and sync pages
 *
 * Everything here reads the current versions the rules wrote; nothing
 * writes. Lists that can grow without bound (staff, the event log) are
 * offered as CarePagedQuery sources, sorted and filtered in SQL.
 */
#pragma once

#include <glib.h>

#include "care-dashboard.h"
#include "care-paged-query.h"
#include "care-record.h"
#include "care-schema.h"
#include "care-store.h"

G_BEGIN_DECLS

/* The sections of the delegated tasks page. */
typedef enum
{
  CARE_TASK_GROUP_AWAITING,    /* proposed */
  CARE_TASK_GROUP_ACTIVE,      /* accepted or active */
  CARE_TASK_GROUP_SUSPENDED,
  CARE_TASK_GROUP_FINISHED,    /* declined, withdrawn or ended */
  CARE_N_TASK_GROUPS
} CareTaskGroup;

typedef struct
{
  char     *task_uuid;
  gint64    version;
  char     *person_uuid;
  char     *person_name;
  char     *task_type_uuid;
  char     *task_type_name;
  gboolean  delegable;
  char     *status;
  char     *source;            /* "local" or "commissioner" */
  char     *practitioner_name;
  char     *practitioner_org;
  char     *delegated_on;
  char     *start_date;
  char     *end_date;
  char     *status_reason;
  char     *schedule_kind;
} CareTaskSummary;

/* A review that is overdue or falls due within the look-ahead. */
typedef struct
{
  char     *task_uuid;
  char     *person_uuid;
  char     *person_name;
  char     *task_name;
  char     *status;
  char     *due_on;
  char     *practitioner_name;
  int       review_interval_days;
  gboolean  overdue;
} CareReviewDueItem;

/* One field that differs between a version and the one before it; values
 * are ready to show (names instead of identifiers, yes/no, dates). */
typedef struct
{
  char *field;
  char *label;
  char *old_value;   /* NULL: was empty */
  char *new_value;   /* NULL: now empty */
} CareFieldChange;

/* One version of a record with the event that wrote it. */
typedef struct
{
  CareRecord *record;
  gint64      version;
  char       *action;
  char       *actor_name;
  gint64      at;
  char       *reason;
  gboolean    entered_in_error;
  GPtrArray  *changes;       /* CareFieldChange, in schema order */
} CareVersionEntry;

/* A rejected outbox item, with the server's problem text. */
typedef struct
{
  char   *event_id;
  char   *entity_kind;
  char   *entity_uuid;
  gint64  entity_version;
  char   *action;
  char   *actor_name;
  gint64  at;
  char   *problem;
} CareRejectedEvent;

/* What the sync page shows when no CareSync is running. */
typedef struct
{
  gint64  pending;
  gint64  acked;
  gint64  rejected;
  gint64  last_success;      /* Unix seconds, 0: never */
  char   *last_error;        /* NULL: none recorded */
  char   *endpoint_url;      /* NULL: no commissioner configured */
} CareOutboxSummary;

GPtrArray  *care_task_queries_tasks            (CareStore      *store,
                                                CareTaskGroup   group,
                                                GError        **error);
const char *care_task_choice_label             (const char     *code);
const char *care_task_status_label             (const char     *status);
const char *care_task_schedule_label           (const char     *schedule_kind);
const char *care_task_consent_label            (const char     *consent_basis);

GPtrArray  *care_task_queries_reviews_due      (CareStore      *store,
                                                const char     *date,
                                                int             within_days,
                                                GError        **error);

GPtrArray  *care_task_queries_history          (CareStore      *store,
                                                CareKind        kind,
                                                const char     *uuid,
                                                GError        **error);
char       *care_task_queries_describe_value   (CareStore      *store,
                                                CareKind        kind,
                                                const char     *field,
                                                CareRecord     *record);
char       *care_task_queries_record_title     (CareStore      *store,
                                                CareRecord     *record);
const char *care_task_action_label             (const char     *action);

GHashTable *care_task_queries_people_covered   (CareStore      *store,
                                                const char     *date,
                                                GError        **error);

CarePagedQuery *care_task_queries_events_source (CareStore     *store,
                                                const char     *entity_uuid,
                                                const char     *text);
CarePagedQuery *care_task_queries_staff_source  (CareStore     *store,
                                                const char     *text);

GPtrArray  *care_task_queries_rejected_events  (CareStore      *store,
                                                guint           limit,
                                                GError        **error);
gboolean    care_task_queries_outbox_summary   (CareStore      *store,
                                                CareOutboxSummary *summary,
                                                GError        **error);
void        care_outbox_summary_clear          (CareOutboxSummary *summary);

void        care_task_summary_free             (CareTaskSummary   *summary);
void        care_review_due_item_free          (CareReviewDueItem *item);
void        care_field_change_free             (CareFieldChange   *change);
void        care_version_entry_free            (CareVersionEntry  *entry);
void        care_rejected_event_free           (CareRejectedEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareTaskSummary, care_task_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareVersionEntry, care_version_entry_free)

G_END_DECLS
