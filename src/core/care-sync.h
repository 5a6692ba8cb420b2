/* care-sync.h: the sync with the commissioner (client side of docs/SYNC.md)
 *
 * A CareSync sends the events table (the outbox) to the commissioner in
 * frozen, idempotent batches, takes in the commissioner's feed, and notices
 * a server restored from a backup through its epoch and the reconcile call.
 * It runs on the thread-default main context of the thread that made it,
 * the thread that owns the store; all of its network I/O is asynchronous.
 *
 * Nothing here deletes or overwrites a record: the sync only moves an
 * event's sync_state (pending -> acked | rejected, and back to pending when
 * the server has lost it) and adds rows to sync_log, feed_items and the
 * records the feed brings.
 */
#pragma once

#include <gio/gio.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_SYNC_ERROR (care_sync_error_quark ())

typedef enum
{
  CARE_SYNC_ERROR_URL,          /* not https (plain http only to loopback) */
  CARE_SYNC_ERROR_TOKEN,        /* no token, or its file cannot be used */
  CARE_SYNC_ERROR_NETWORK,      /* connection, timeout, 408, 5xx: retried */
  CARE_SYNC_ERROR_RATE_LIMITED, /* 429 or 503: retried after Retry-After */
  CARE_SYNC_ERROR_IN_FLIGHT,    /* 409 request-in-flight: retried soon */
  CARE_SYNC_ERROR_AUTH,         /* 401 even after reloading the token */
  CARE_SYNC_ERROR_TLS,          /* certificate refused: not retried */
  CARE_SYNC_ERROR_REQUEST,      /* a whole request refused (400, 403, 404, ...) */
  CARE_SYNC_ERROR_PROTOCOL,     /* an answer that does not follow the contract */
  CARE_SYNC_ERROR_STALE,        /* 412: the shared entity changed on the server */
  CARE_SYNC_ERROR_FORBIDDEN,    /* 409: the lifecycle forbids the transition */
  CARE_SYNC_ERROR_STORE,        /* the local database failed */
  CARE_SYNC_ERROR_BUSY,         /* an attempt is already running */
  CARE_SYNC_ERROR_CANCELLED,    /* stopped */
} CareSyncError;

GQuark care_sync_error_quark (void);

typedef enum
{
  CARE_SYNC_IDLE,       /* waiting for the next regular attempt */
  CARE_SYNC_RUNNING,    /* an attempt is under way */
  CARE_SYNC_RETRYING,   /* the last attempt failed; waiting to retry */
  CARE_SYNC_HALTED,     /* stopped for a fault a person must fix; see last error */
  CARE_SYNC_STOPPED,    /* not started, or care_sync_stop() */
} CareSyncState;

#define CARE_TYPE_SYNC (care_sync_get_type ())

G_DECLARE_FINAL_TYPE (CareSync, care_sync, CARE, SYNC, GObject)

CareSync      *care_sync_new              (CareStore    *store,
                                           const char   *base_url,
                                           const char   *token,
                                           GError      **error);

/* Configuration; call before care_sync_start(). */
gboolean       care_sync_set_ca_file      (CareSync     *self,
                                           const char   *ca_file,
                                           GError      **error);
void           care_sync_set_token_file   (CareSync     *self,
                                           const char   *path);
void           care_sync_set_timeout      (CareSync     *self,
                                           guint         seconds);
void           care_sync_set_seed         (CareSync     *self,
                                           guint32       seed);
void           care_sync_set_backoff_base (CareSync     *self,
                                           double        seconds);
void           care_sync_set_backoff_cap  (CareSync     *self,
                                           double        seconds);
void           care_sync_set_retry_after_cap (CareSync  *self,
                                           double        seconds);
void           care_sync_set_interval     (CareSync     *self,
                                           double        seconds);
void           care_sync_set_allow_gzip   (CareSync     *self,
                                           gboolean      allow);

/* Where a new token comes from after a 401 (it is asked once). Without
 * one, the token file is read again (care_sync_set_token_file()). */
typedef char *(*CareSyncTokenReload) (gpointer   user_data,
                                      GError   **error);
void           care_sync_set_token_reload (CareSync            *self,
                                           CareSyncTokenReload  reload,
                                           gpointer             user_data,
                                           GDestroyNotify       destroy);

/* Running. start() arms the retry timer and makes a first attempt at
 * once; the timer keeps running whatever the network monitor says. */
void           care_sync_start            (CareSync     *self);
void           care_sync_now              (CareSync     *self);
void           care_sync_stop             (CareSync     *self);

/* One whole attempt (status, reconcile if needed, upload until nothing is
 * pending, feed), independent of the timer; FALSE with the first error. */
void           care_sync_attempt_async    (CareSync            *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean       care_sync_attempt_finish   (CareSync     *self,
                                           GAsyncResult *result,
                                           GError      **error);

/* A status change of a commissioner-owned delegated task, sent with
 * If-Match: "<base_version>". On success @new_version and @new_status are
 * the server's; on CARE_SYNC_ERROR_STALE they are the server's current
 * state, which the caller shows; nothing local changes in either case. */
void           care_sync_transition_async (CareSync            *self,
                                           const char          *task_uuid,
                                           const char          *to_status,
                                           const char          *reason,
                                           gint64               base_version,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean       care_sync_transition_finish (CareSync    *self,
                                           GAsyncResult *result,
                                           gint64       *new_version,
                                           char        **new_status,
                                           GError      **error);

/* The server's last known version of a shared entity, or 0. */
gint64         care_sync_get_server_version (CareSync   *self,
                                           const char   *entity_id);
/* The server's last known status of a shared entity (and its version in
 * @version), or NULL when the server has not said. */
char          *care_sync_get_server_status (CareSync    *self,
                                           const char   *entity_id,
                                           gint64       *version);

/* A status change of a commissioner-owned task is made locally only after
 * the commissioner applied it, so the core's rules are asked first: does
 * @change (a care_delegation_*() call) succeed? It runs in a transaction
 * that is always rolled back, so nothing is kept either way; FALSE with
 * the core's refusal. */
typedef gboolean (*CareSyncLocalChange) (gpointer   user_data,
                                         GError   **error);
gboolean       care_sync_check_local_change (CareStore          *store,
                                           CareSyncLocalChange  change,
                                           gpointer             user_data,
                                           GError             **error);

/* What the UI shows. */
CareSyncState  care_sync_get_state        (CareSync     *self);
gint64         care_sync_get_pending_count  (CareSync   *self);
gint64         care_sync_get_rejected_count (CareSync   *self);
gint64         care_sync_get_last_success (CareSync     *self);
const char    *care_sync_get_last_error   (CareSync     *self);
gint64         care_sync_get_next_attempt (CareSync     *self);
guint          care_sync_get_failures     (CareSync     *self);

/* The exact upload body of @event_ids, in that order: what a frozen batch
 * sends on every try. For tools that replay the same batches. */
GBytes        *care_sync_build_batch      (CareStore          *store,
                                           const char         *batch_id,
                                           const char * const *event_ids,
                                           GError            **error);

G_END_DECLS
