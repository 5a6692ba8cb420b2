/* care-dashboard.h: what needs attention today
 *
 * Every figure is computed when read from the stored records: due and
 * overdue slots, decisions awaited, competencies running out, tasks with too
 * few competent staff, reviews overdue and liberty safeguards alerts.
 */
#pragma once

#include <glib.h>

#include "care-store.h"

G_BEGIN_DECLS

typedef enum
{
  CARE_SLOT_UPCOMING,   /* not yet due */
  CARE_SLOT_DUE,        /* due now, inside its grace window */
  CARE_SLOT_OVERDUE,    /* grace window passed with nothing recorded */
  CARE_SLOT_DONE,
  CARE_SLOT_NOT_DONE,
} CareSlotState;

typedef struct
{
  char          *task_uuid;
  char          *person_uuid;
  char          *person_name;
  char          *task_type_uuid;
  char          *task_name;
  char          *slot_date;
  char          *slot_time;       /* NULL for a when-required (PRN) task */
  gint64         slot_at;
  gint64         overdue_at;
  gboolean       time_critical;
  CareSlotState  state;
  char          *administration_uuid;
  char          *performer_uuid;
} CareSlot;

typedef enum
{
  CARE_COMPETENCY_VALID,
  CARE_COMPETENCY_EXPIRING,     /* valid, ending within the warning window */
  CARE_COMPETENCY_EXPIRED,
  CARE_COMPETENCY_REVOKED,
  CARE_COMPETENCY_NOT_COMPETENT,
  CARE_COMPETENCY_NONE,
} CareCompetencyState;

typedef enum
{
  CARE_LIBERTY_RESTRICTIONS_NOT_SCREENED,
  CARE_LIBERTY_RESCREEN_DUE,
  CARE_LIBERTY_URGENT_ENDING,              /* within 2 days of its end, no standard authorisation granted yet */
  CARE_LIBERTY_STANDARD_EXPIRING,
  CARE_LIBERTY_CQC_NOT_NOTIFIED,
} CareLibertyAlertKind;

typedef struct
{
  CareLibertyAlertKind  kind;
  char                 *person_uuid;
  char                 *person_name;
  char                 *record_uuid;   /* the screening or case, if any */
  char                 *due_on;        /* the date that matters, if any */
  char                 *message;
} CareLibertyAlert;

typedef struct
{
  char                *competency_uuid;
  char                *staff_uuid;
  char                *staff_name;
  char                *task_type_uuid;
  char                *task_type_name;
  char                *person_uuid;    /* NULL unless person-specific */
  char                *valid_until;
  CareCompetencyState  state;
} CareCompetencyAlert;

typedef struct
{
  char  *task_uuid;
  char  *person_uuid;
  char  *person_name;
  char  *task_name;
  guint  n_competent;
} CareCoverageAlert;

typedef struct
{
  char  *task_uuid;
  char  *person_uuid;
  char  *person_name;
  char  *task_name;
  char  *review_due_on;
} CareReviewDue;

typedef struct
{
  guint due;
  guint overdue;
  guint done;
  guint awaiting_decision;
  guint competencies_expiring;
  guint competencies_expired;
  guint low_coverage;
  guint reviews_overdue;
  guint liberty_alerts;
} CareDashboardCounts;

GPtrArray *care_dashboard_slots              (CareStore            *store,
                                              const char           *date,
                                              GError              **error);
GPtrArray *care_dashboard_awaiting_decision  (CareStore            *store,
                                              GError              **error);
GPtrArray *care_dashboard_competency_alerts  (CareStore            *store,
                                              const char           *date,
                                              GError              **error);
GPtrArray *care_dashboard_low_coverage       (CareStore            *store,
                                              const char           *date,
                                              GError              **error);
GPtrArray *care_dashboard_reviews_overdue    (CareStore            *store,
                                              const char           *date,
                                              GError              **error);
GPtrArray *care_dashboard_liberty_alerts     (CareStore            *store,
                                              const char           *date,
                                              GError              **error);
gboolean   care_dashboard_counts             (CareStore            *store,
                                              const char           *date,
                                              CareDashboardCounts  *counts,
                                              GError              **error);

void       care_slot_free                    (CareSlot             *slot);
void       care_liberty_alert_free           (CareLibertyAlert     *alert);
void       care_competency_alert_free        (CareCompetencyAlert  *alert);
void       care_coverage_alert_free          (CareCoverageAlert    *alert);
void       care_review_due_free              (CareReviewDue        *due);

G_END_DECLS
