/* care-competency.h: competency sign-offs and the competency gate
 *
 * Only a registered practitioner signs off competency, as themselves. A
 * sign-off's validity (valid, expiring, expired, revoked) is computed when
 * read, never stored as a status.
 */
#pragma once

#include "care-dashboard.h"
#include "care-session.h"

G_BEGIN_DECLS

#define CARE_EXPIRY_WARNING_DAYS 30

/* One cell of the competency matrix: the best state a staff member holds
 * for a task type, over all their sign-offs for it (any person). */
typedef struct
{
  char                *staff_uuid;
  char                *staff_name;
  char                *task_type_uuid;
  char                *task_type_name;
  CareCompetencyState  state;
} CareCompetencyCell;

CareCompetencyState care_competency_state       (CareRecord   *competency,
                                                 const char   *date);
const char         *care_competency_state_label (CareCompetencyState state);
gboolean            care_competency_sign_off    (CareSession  *assessor,
                                                 CareRecord   *competency,
                                                 GError      **error);
gboolean            care_competency_revoke      (CareSession  *session,
                                                 const char   *competency_uuid,
                                                 const char   *reason,
                                                 GError      **error);
CareRecord         *care_competency_find_valid  (CareStore    *store,
                                                 const char   *staff_uuid,
                                                 const char   *task_type_uuid,
                                                 const char   *person_uuid,
                                                 const char   *date,
                                                 GError      **error);
GPtrArray          *care_competency_competent_staff (CareStore *store,
                                                 CareRecord   *task,
                                                 const char   *date,
                                                 GError      **error);
gboolean            care_competency_check_gate  (CareStore    *store,
                                                 const char   *staff_uuid,
                                                 CareRecord   *task,
                                                 const char   *date,
                                                 GError      **error);
GPtrArray          *care_competency_matrix      (CareStore    *store,
                                                 const char   *date,
                                                 GError      **error);
void                care_competency_cell_free   (CareCompetencyCell *cell);

G_END_DECLS
