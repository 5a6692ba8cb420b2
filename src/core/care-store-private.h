/* care-store-private.h: what the core's own modules use of the store */
#pragma once

#include <sqlite3.h>

#include "care-store.h"

G_BEGIN_DECLS

sqlite3      *_care_store_get_db          (CareStore     *self);
sqlite3_stmt *_care_store_prepare         (CareStore     *self,
                                           const char    *sql,
                                           GError       **error);
gboolean      _care_store_exec            (CareStore     *self,
                                           const char    *sql,
                                           GError       **error);
gboolean      _care_store_begin           (CareStore     *self,
                                           GError       **error);
gboolean      _care_store_commit          (CareStore     *self,
                                           GError       **error);
void          _care_store_rollback        (CareStore     *self);
gboolean      _care_store_set_error       (CareStore     *self,
                                           GError       **error,
                                           const char    *what);
CareRecord   *_care_store_record_from_row (sqlite3_stmt  *stmt,
                                           CareKind       kind);
char         *_care_store_select_columns  (CareKind       kind,
                                           const char    *alias);
gboolean      _care_store_insert_version  (CareStore     *self,
                                           CareRecord    *record,
                                           gboolean       entered_in_error,
                                           const char    *actor_uuid,
                                           const char    *actor_name,
                                           const char    *action,
                                           const char    *reason,
                                           GStrv          changed,
                                           GError       **error);
GPtrArray    *_care_store_query_records   (CareStore     *self,
                                           CareKind       kind,
                                           sqlite3_stmt  *stmt,
                                           GError       **error);
/* Open at an older schema version: only for the migration tests. */
CareStore    *_care_store_open_at_version (const char    *path,
                                           guint          version,
                                           GError       **error);

G_END_DECLS
