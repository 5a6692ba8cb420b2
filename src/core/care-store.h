/* care-store.h: the one SQLite connection that holds a care home's records
 *
 * Opening applies the durability settings (WAL, synchronous=FULL, foreign
 * keys, busy timeout), creates the file readable by its owner only and
 * upgrades its schema. care_store_open() first checks the whole file with
 * PRAGMA quick_check. care_store_open_full() with
 * CARE_STORE_OPEN_DEFER_CHECK reads only the file's header and schema, so a
 * file that is no database is still refused, and leaves the whole-file check
 * to care_store_check_async(), which runs it on a read-only connection of its
 * own in a worker thread while the store is in use (a schema upgrade still
 * checks the whole file first, before it writes anything). Once a check has
 * found damage the store refuses every write; reads, backup and restore keep
 * working, and a successful restore clears the mark. Every write goes
 * through a CareSession; the store offers reads, transactions, backup and
 * restore.
 */
#pragma once

#include <gio/gio.h>

#include "care-record.h"
#include "care-schema.h"

G_BEGIN_DECLS

#define CARE_STORE_ERROR (care_store_error_quark ())

typedef enum
{
  CARE_STORE_ERROR_OPEN,
  CARE_STORE_ERROR_CORRUPT,
  CARE_STORE_ERROR_TOO_NEW,
  CARE_STORE_ERROR_SQL,
  CARE_STORE_ERROR_BACKUP,
} CareStoreError;

GQuark care_store_error_quark (void);

#define CARE_TYPE_STORE (care_store_get_type ())

G_DECLARE_FINAL_TYPE (CareStore, care_store, CARE, STORE, GObject)

typedef enum
{
  CARE_STORE_OPEN_NONE        = 0,
  CARE_STORE_OPEN_DEFER_CHECK = 1 << 0,
} CareStoreOpenFlags;

CareStore   *care_store_open               (const char  *path,
                                            GError     **error);
CareStore   *care_store_open_full          (const char          *path,
                                            CareStoreOpenFlags   flags,
                                            GError             **error);
const char  *care_store_get_path           (CareStore   *self);
guint        care_store_get_schema_version (CareStore   *self);
const char  *care_store_get_device_id      (CareStore   *self);

gint64       care_store_now                (CareStore   *self);
void         care_store_set_now            (CareStore   *self,
                                            gint64       unix_seconds);
char        *care_store_today              (CareStore   *self);

CareRecord  *care_store_load               (CareStore   *self,
                                            CareKind     kind,
                                            const char  *uuid,
                                            GError     **error);
GPtrArray   *care_store_load_versions      (CareStore   *self,
                                            CareKind     kind,
                                            const char  *uuid,
                                            GError     **error);
GPtrArray   *care_store_list_current       (CareStore   *self,
                                            CareKind     kind,
                                            const char  *field,
                                            const char  *value,
                                            GError     **error);
CareRecord  *care_store_find_current       (CareStore   *self,
                                            CareKind     kind,
                                            const char  *field,
                                            const char  *value,
                                            GError     **error);
GPtrArray   *care_store_list_administrations (CareStore *self,
                                            const char  *task_uuid,
                                            const char  *from_date,
                                            const char  *to_date,
                                            GError     **error);
CareRecord  *care_store_get_setting_record (CareStore   *self);
gboolean     care_store_is_set_up          (CareStore   *self);

char        *care_store_get_setting        (CareStore   *self,
                                            const char  *key);
gint64       care_store_get_setting_int    (CareStore   *self,
                                            const char  *key,
                                            gint64       fallback);
gboolean     care_store_set_setting        (CareStore   *self,
                                            const char  *key,
                                            const char  *value,
                                            GError     **error);

gint64       care_store_count_events       (CareStore   *self,
                                            const char  *sync_state);

/* One transaction around many saves, for bulk loading; each save inside it
 * is a savepoint that a refusal rolls back alone. */
gboolean     care_store_begin_batch        (CareStore   *self,
                                            GError     **error);
gboolean     care_store_end_batch          (CareStore   *self,
                                            GError     **error);

gboolean     care_store_integrity_check    (CareStore   *self,
                                            GError     **error);

/* PRAGMA quick_check of the whole file, on a read-only connection of its own
 * in a worker thread; writes on the store go on meanwhile. Damage found
 * fails with CARE_STORE_ERROR_CORRUPT and marks the store damaged, in the
 * main context that started the check, before @callback runs (also when
 * @callback is NULL). A cancelled check, or one overtaken by a restore,
 * fails with G_IO_ERROR_CANCELLED and marks nothing; a check that could not
 * run fails with another code and marks nothing. */
void         care_store_check_async        (CareStore           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     care_store_check_finish       (CareStore     *self,
                                            GAsyncResult  *result,
                                            GError       **error);
/* A damaged store refuses every write with CARE_STORE_ERROR_CORRUPT. */
gboolean     care_store_is_damaged         (CareStore   *self);
const char  *care_store_get_damage         (CareStore   *self);

gboolean     care_store_backup             (CareStore   *self,
                                            const char  *dest_path,
                                            GError     **error);
gboolean     care_store_restore            (CareStore   *self,
                                            const char  *src_path,
                                            GError     **error);

G_END_DECLS
