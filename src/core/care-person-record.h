/* care-person-record.h: what a person's review reads
 *
 * The district nurse's view of one person: their delegated tasks, a
 * MAR-style chart of what was recorded, observations and escalations,
 * oversight reviews and liberty safeguards; and the when-required tasks of
 * the day's round. Everything here only reads the current versions the
 * rules wrote. The lists that grow without bound (people, a person's whole
 * history, every administration) are CarePagedQuery sources, searched and
 * sorted in SQL.
 */
#pragma once

#include <glib.h>

#include "care-paged-query.h"
#include "care-record.h"
#include "care-store.h"

G_BEGIN_DECLS

/* A delegated task with its task type, both current versions. */
typedef struct
{
  CareRecord *task;
  CareRecord *type;
} CarePersonTask;

/* An administration with the names a reader needs next to it. */
typedef struct
{
  CareRecord *administration;
  char       *task_name;
  char       *performer_name;
  char       *witness_name;
} CarePersonEntry;

typedef struct
{
  CareRecord *review;
  char       *task_name;
  char       *reviewer_name;
} CarePersonReview;

/* What a cell of the chart shows. Each has a letter, so nothing depends on
 * colour alone; the order is the legend's order. */
typedef enum
{
  CARE_MAR_BLANK,          /* not due yet, or not scheduled */
  CARE_MAR_DONE,
  CARE_MAR_REFUSED,
  CARE_MAR_ASLEEP,
  CARE_MAR_AWAY,           /* in hospital or away from home */
  CARE_MAR_NOT_REQUIRED,
  CARE_MAR_UNABLE,
  CARE_MAR_OTHER,
  CARE_MAR_IN_ERROR,       /* only an entry marked entered in error */
  CARE_MAR_MISSED,         /* past its grace window with nothing recorded */
  CARE_N_MAR_MARKS
} CareMarMark;

typedef struct
{
  CareMarMark mark;
  guint       n_done;      /* doses given: more than one means an extra, or when-required doses */
  gboolean    late;        /* the entry that decides the mark was recorded late */
  gboolean    early;       /* ... or given before its slot was due */
  gboolean    escalated;
} CareMarCell;

/* One line of the chart: a scheduled time of a task, or the task's
 * when-required doses (slot_time NULL). */
typedef struct
{
  char *task_uuid;
  char *task_name;
  char *slot_time;
} CareMarRow;

typedef struct
{
  char        *from_date;
  char        *to_date;
  guint        n_days;
  GPtrArray   *rows;       /* CareMarRow */
  CareMarCell *cells;      /* rows->len * n_days, row by row */
} CareMarChart;

/* A when-required task that is live on a day, for the round. */
typedef struct
{
  char   *task_uuid;
  char   *person_uuid;
  char   *person_name;
  char   *task_type_uuid;
  char   *task_name;
  gint64  max_24h;
  gint64  min_interval_minutes;
  guint   doses_on_day;
  gint64  last_dose_at;     /* 0: none within the last 24 hours of the day's end */
  char   *last_performer_name;
} CareWhenRequired;

GPtrArray      *care_person_record_tasks         (CareStore    *store,
                                                  const char   *person_uuid,
                                                  GError      **error);
GPtrArray      *care_person_record_administrations (CareStore  *store,
                                                  const char   *person_uuid,
                                                  const char   *from_date,
                                                  const char   *to_date,
                                                  GError      **error);
CareMarChart   *care_person_record_mar           (CareStore    *store,
                                                  const char   *person_uuid,
                                                  const char   *from_date,
                                                  const char   *to_date,
                                                  GError      **error);
GPtrArray      *care_person_record_observations  (CareStore    *store,
                                                  const char   *person_uuid,
                                                  const char   *from_date,
                                                  const char   *to_date,
                                                  GError      **error);
GPtrArray      *care_person_record_reviews       (CareStore    *store,
                                                  const char   *person_uuid,
                                                  guint         limit,
                                                  GError      **error);
CareRecord     *care_person_record_latest_screening (CareStore *store,
                                                  const char   *person_uuid,
                                                  GError      **error);
GPtrArray      *care_person_record_cases         (CareStore    *store,
                                                  const char   *person_uuid,
                                                  GError      **error);
GPtrArray      *care_person_record_day_entries   (CareStore    *store,
                                                  const char   *date,
                                                  GError      **error);
GPtrArray      *care_person_record_when_required (CareStore    *store,
                                                  const char   *date,
                                                  GError      **error);
char           *care_person_record_display_name  (CareRecord   *person);
int             care_person_record_age           (CareRecord   *person,
                                                  const char   *on_date);

CarePagedQuery *care_person_record_people_source (CareStore    *store,
                                                  const char   *search);
CarePagedQuery *care_person_record_history_source (CareStore   *store,
                                                  const char   *person_uuid);
CarePagedQuery *care_person_record_all_history_source (CareStore *store);

char            care_mar_mark_letter             (CareMarMark   mark);
const char     *care_mar_mark_label              (CareMarMark   mark);
CareMarMark     care_mar_mark_for_administration (CareRecord   *administration);
CareMarCell    *care_mar_chart_cell              (CareMarChart *chart,
                                                  guint         row,
                                                  guint         day);
char           *care_mar_chart_date              (CareMarChart *chart,
                                                  guint         day);
const char     *care_outcome_reason_label        (const char   *canonical);

void            care_person_task_free            (CarePersonTask   *task);
void            care_person_entry_free           (CarePersonEntry  *entry);
void            care_person_review_free          (CarePersonReview *review);
void            care_mar_row_free                (CareMarRow       *row);
void            care_mar_chart_free              (CareMarChart     *chart);
void            care_when_required_free          (CareWhenRequired *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareMarChart, care_mar_chart_free)

G_END_DECLS
