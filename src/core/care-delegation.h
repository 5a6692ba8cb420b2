/* care-delegation.h: delegated tasks, from proposal to end
 *
 * Lifecycle: proposed -> accepted | declined; accepted -> active;
 * active <-> suspended; accepted, active or suspended -> withdrawn | ended.
 * Declined, withdrawn and ended are final.
 */
#pragma once

#include "care-session.h"

G_BEGIN_DECLS

gboolean   care_delegation_propose        (CareSession  *session,
                                           CareRecord   *task,
                                           GError      **error);
GPtrArray *care_delegation_questions      (CareStore    *store,
                                           GError      **error);
gboolean   care_delegation_accept         (CareSession  *session,
                                           const char   *task_uuid,
                                           GHashTable   *answers,
                                           GError      **error);
gboolean   care_delegation_decline        (CareSession  *session,
                                           const char   *task_uuid,
                                           const char   *reason,
                                           GHashTable   *answers,
                                           GError      **error);
gboolean   care_delegation_set_status     (CareSession  *session,
                                           const char   *task_uuid,
                                           const char   *to_status,
                                           const char   *reason,
                                           GError      **error);
gboolean   care_delegation_can_transition (const char   *from,
                                           const char   *to);
GStrv      care_delegation_slot_times     (CareRecord   *task,
                                           const char   *date);
gboolean   care_delegation_is_live_on     (CareRecord   *task,
                                           const char   *date);

G_END_DECLS
