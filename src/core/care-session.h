/* care-session.h: a signed-in staff member, through whom every write goes
 *
 * A session is made by verifying a staff member's PIN. Every record written
 * through it carries that person as its author, and every rule about who
 * may do what is checked here, in the core, so no interface or import can
 * bypass it.
 */
#pragma once

#include <glib-object.h>

#include "care-record.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef enum
{
  CARE_ROLE_NONE          = 0,
  CARE_ROLE_CARE_WORKER   = 1 << 0,
  CARE_ROLE_SENIOR_CARER  = 1 << 1,
  CARE_ROLE_MANAGER       = 1 << 2,
  CARE_ROLE_PRACTITIONER  = 1 << 3,
  CARE_ROLE_SYSTEM        = 1 << 4,   /* first-run set-up and data loading */
} CareRole;

#define CARE_ROLE_ANY_STAFF (CARE_ROLE_CARE_WORKER | CARE_ROLE_SENIOR_CARER | \
                             CARE_ROLE_MANAGER | CARE_ROLE_PRACTITIONER)

#define CARE_TYPE_SESSION (care_session_get_type ())

G_DECLARE_FINAL_TYPE (CareSession, care_session, CARE, SESSION, GObject)

CareSession *care_session_sign_in             (CareStore    *store,
                                               const char   *staff_uuid,
                                               const char   *pin,
                                               GError      **error);
CareStore   *care_session_get_store           (CareSession  *self);
const char  *care_session_get_actor_uuid      (CareSession  *self);
const char  *care_session_get_actor_name      (CareSession  *self);
CareRecord  *care_session_get_actor           (CareSession  *self);
CareRole     care_session_get_role            (CareSession  *self);
gboolean     care_session_require_role        (CareSession  *self,
                                               CareRole      allowed,
                                               const char   *doing,
                                               GError      **error);

gboolean     care_session_save                (CareSession  *self,
                                               CareRecord   *record,
                                               const char   *reason,
                                               GError      **error);
gboolean     care_session_mark_entered_in_error (CareSession *self,
                                               CareKind      kind,
                                               const char   *uuid,
                                               const char   *reason,
                                               GError      **error);

CareRole     care_role_from_string            (const char   *role);
const char  *care_role_to_label               (const char   *role);

G_END_DECLS
