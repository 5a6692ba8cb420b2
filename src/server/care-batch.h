/* care-batch.h: POST /v1/events:batch, one event at a time
 *
 * Each event is kept once by event_id: a new valid event is "created", one
 * the server already holds is a "duplicate" with the server_seq it was
 * first given, and one that fails validation is "rejected" with a problem,
 * without stopping the others.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-server-store.h"

G_BEGIN_DECLS

#define CARE_BATCH_MAX_EVENTS 200
#define CARE_BATCH_MAX_BYTES  (512 * 1024)

#define CARE_BATCH_ERROR (care_batch_error_quark ())

typedef enum
{
  CARE_BATCH_ERROR_MALFORMED,   /* 400: not a batch at all */
  CARE_BATCH_ERROR_TOO_LARGE,   /* 413: more than CARE_BATCH_MAX_EVENTS */
} CareBatchError;

GQuark     care_batch_error_quark (void);

JsonArray *care_batch_check       (JsonNode         *root,
                                   GError          **error);
JsonArray *care_batch_apply       (CareServerStore  *store,
                                   const char       *provider,
                                   JsonArray        *events,
                                   GError          **error);

G_END_DECLS
