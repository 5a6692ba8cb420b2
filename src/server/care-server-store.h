/* care-server-store.h: the commissioner server's own SQLite database
 *
 * One connection, WAL, synchronous=FULL, file mode 0600, like the app's
 * store. It holds the providers and their tokens, every event the providers
 * sent (each event_id once), the idempotency keys of the batches, the feed
 * of commissioner items, the tasks whose status the commissioner owns, and
 * the server epoch, which changes when the database is restored from a
 * backup.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define CARE_SERVER_STORE_ERROR (care_server_store_error_quark ())

typedef enum
{
  CARE_SERVER_STORE_ERROR_OPEN,
  CARE_SERVER_STORE_ERROR_SQL,
  CARE_SERVER_STORE_ERROR_NOT_FOUND,
  CARE_SERVER_STORE_ERROR_EXISTS,
  CARE_SERVER_STORE_ERROR_BACKUP,
} CareServerStoreError;

GQuark care_server_store_error_quark (void);

typedef enum
{
  CARE_TOKEN_NONE,
  CARE_TOKEN_PROVIDER,
  CARE_TOKEN_ADMIN,
} CareTokenRole;

typedef enum
{
  CARE_IDEMPOTENCY_NEW,        /* never seen: process the request */
  CARE_IDEMPOTENCY_IN_FLIGHT,  /* same body, first request still running */
  CARE_IDEMPOTENCY_DONE,       /* same body, answer with the stored response */
  CARE_IDEMPOTENCY_MISMATCH,   /* the key was used with another body */
} CareIdempotency;

/* One event of a batch, as the server keeps it. */
typedef struct
{
  const char *event_id;
  const char *device_id;
  gint64      local_seq;
  const char *entity_kind;
  const char *entity_uuid;
  gint64      entity_version;
  const char *action;
  gint64      at;
  const char *payload;         /* the record payload as JSON text */
  const char *envelope;        /* the whole event as sent, as JSON text */
} CareServerEvent;

typedef struct
{
  char   *provider;
  char   *status;
  gint64  version;
} CareServerTask;

void care_server_task_free (CareServerTask *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareServerTask, care_server_task_free)

#define CARE_TYPE_SERVER_STORE (care_server_store_get_type ())

G_DECLARE_FINAL_TYPE (CareServerStore, care_server_store, CARE, SERVER_STORE, GObject)

CareServerStore *care_server_store_open        (const char       *path,
                                                GError          **error);
sqlite3_stmt    *care_server_store_prepare     (CareServerStore  *self,
                                                const char       *sql,
                                                GError          **error);
gboolean         care_server_store_set_error   (CareServerStore  *self,
                                                GError          **error,
                                                const char       *what);
gboolean         care_server_store_begin       (CareServerStore  *self,
                                                GError          **error);
gboolean         care_server_store_commit      (CareServerStore  *self,
                                                GError          **error);
void             care_server_store_rollback    (CareServerStore  *self);

gboolean         care_server_store_release_stale_keys (CareServerStore *self,
                                                       GError         **error);
char            *care_server_store_get_epoch   (CareServerStore  *self,
                                                GError          **error);
gint64           care_server_store_now         (CareServerStore  *self);

gboolean         care_server_store_add_provider (CareServerStore *self,
                                                 const char      *id,
                                                 const char      *name,
                                                 GError         **error);
char            *care_server_store_get_provider_name (CareServerStore *self,
                                                      const char      *id);
gboolean         care_server_store_add_token   (CareServerStore  *self,
                                                const char       *token,
                                                const char       *provider,
                                                CareTokenRole     role,
                                                GError          **error);
CareTokenRole    care_server_store_check_token (CareServerStore  *self,
                                                const char       *token,
                                                char            **provider);

CareIdempotency  care_server_store_lookup_key  (CareServerStore  *self,
                                                const char       *provider,
                                                const char       *key,
                                                const char       *fingerprint,
                                                guint            *status,
                                                char            **body,
                                                GError          **error);
gboolean         care_server_store_begin_key   (CareServerStore  *self,
                                                const char       *provider,
                                                const char       *key,
                                                const char       *fingerprint,
                                                GError          **error);
gboolean         care_server_store_finish_key  (CareServerStore  *self,
                                                const char       *provider,
                                                const char       *key,
                                                const char       *fingerprint,
                                                guint             status,
                                                const char       *body,
                                                GError          **error);
gboolean         care_server_store_forget_key  (CareServerStore  *self,
                                                const char       *provider,
                                                const char       *key,
                                                GError          **error);
gboolean         care_server_store_expire_keys (CareServerStore  *self,
                                                gint64            older_than,
                                                GError          **error);

gboolean         care_server_store_find_event  (CareServerStore  *self,
                                                const char       *event_id,
                                                char            **provider,
                                                gint64           *server_seq,
                                                GError          **error);
gint64           care_server_store_insert_event (CareServerStore       *self,
                                                 const char            *provider,
                                                 const CareServerEvent *event,
                                                 GError               **error);
GPtrArray       *care_server_store_list_event_ids (CareServerStore *self,
                                                   const char      *provider,
                                                   const char      *device_id,
                                                   gint64           from_seq,
                                                   GError         **error);

gint64           care_server_store_add_feed_item (CareServerStore *self,
                                                  const char      *provider,
                                                  const char      *item_id,
                                                  const char      *kind,
                                                  const char      *entity_id,
                                                  gint64           version,
                                                  const char      *payload,
                                                  GError         **error);
GPtrArray       *care_server_store_list_feed   (CareServerStore  *self,
                                                const char       *provider,
                                                gint64            after_seq,
                                                guint             limit,
                                                GError          **error);

gboolean         care_server_store_add_task    (CareServerStore  *self,
                                                const char       *id,
                                                const char       *provider,
                                                GError          **error);
CareServerTask  *care_server_store_get_task    (CareServerStore  *self,
                                                const char       *id,
                                                GError          **error);
gboolean         care_server_store_find_transition (CareServerStore *self,
                                                    const char      *task_id,
                                                    const char      *event_id,
                                                    char           **to_status,
                                                    gint64          *version,
                                                    GError         **error);
gboolean         care_server_store_apply_transition (CareServerStore *self,
                                                     const char      *task_id,
                                                     const char      *from_status,
                                                     const char      *to_status,
                                                     gint64           new_version,
                                                     const char      *reason,
                                                     const char      *event_id,
                                                     GError         **error);

gboolean         care_server_store_backup      (CareServerStore  *self,
                                                const char       *dest_path,
                                                GError          **error);
gboolean         care_server_store_restore     (const char       *db_path,
                                                const char       *src_path,
                                                char            **new_epoch,
                                                GError          **error);

G_END_DECLS
