/* care-problem.h: RFC 9457 problem details for the reference server
 *
 * Every error the server answers is application/problem+json with "type",
 * "title", "status" and "detail". The type URIs are
 * https://example.org/care-delegation/problems/<name>, and the names are
 * the ones listed in docs/api/openapi.yaml.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CARE_PROBLEM_BASE "https://example.org/care-delegation/problems/"

JsonObject  *care_problem_new          (guint        status,
                                        const char  *name,
                                        const char  *detail);
const char  *care_problem_name_for     (guint        status);

G_END_DECLS
