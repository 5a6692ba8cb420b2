/* care-admin.h: the commissioner's side: proposals, its own status
 * changes and the report
 *
 * Shared by the admin endpoints (POST /v1/admin/proposals,
 * GET /v1/admin/report) and the command line (care-commissioner propose,
 * care-commissioner transition, care-commissioner report), so both give
 * the same answers.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-server-store.h"

G_BEGIN_DECLS

#define CARE_ADMIN_ERROR (care_admin_error_quark ())

typedef enum
{
  CARE_ADMIN_ERROR_MALFORMED,        /* 400 */
  CARE_ADMIN_ERROR_UNKNOWN_PROVIDER, /* 404 */
  CARE_ADMIN_ERROR_INVALID,          /* 422 invalid-proposal */
  CARE_ADMIN_ERROR_EXISTS,           /* 409 already-exists */
  CARE_ADMIN_ERROR_UNKNOWN_TASK,     /* 404 */
  CARE_ADMIN_ERROR_FORBIDDEN,        /* 409 forbidden-transition */
} CareAdminError;

GQuark      care_admin_error_quark   (void);

JsonObject *care_admin_propose       (CareServerStore  *store,
                                      const char       *provider,
                                      JsonObject       *request,
                                      GError          **error);
JsonObject *care_admin_transition    (CareServerStore  *store,
                                      const char       *task_id,
                                      const char       *to_status,
                                      const char       *reason,
                                      GError          **error);
JsonObject *care_admin_report        (CareServerStore  *store,
                                      const char       *provider,
                                      GError          **error);
char       *care_admin_report_text   (JsonObject       *report);

G_END_DECLS
