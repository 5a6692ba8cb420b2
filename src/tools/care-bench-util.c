/* care-bench-util.c: what the benchmark tools share */
#include "config.h"

#include "care-bench-util.h"

#include <sqlite3.h>

/* Page by page from a read-only connection, so @from is never written and
 * a write-ahead log it may have is copied too. */
gboolean
care_bench_copy_database (const char  *from,
                          const char  *to,
                          GError     **error)
{
  sqlite3 *src = NULL;
  sqlite3 *dst = NULL;
  sqlite3_backup *backup;
  int rc = SQLITE_ERROR;

  if (sqlite3_open_v2 (from, &src, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_open_v2 (to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK
      && (backup = sqlite3_backup_init (dst, "main", src, "main")) != NULL)
    {
      sqlite3_backup_step (backup, -1);
      rc = sqlite3_backup_finish (backup);
    }
  if (rc != SQLITE_OK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "copying %s: %s", from,
                 dst != NULL ? sqlite3_errmsg (dst) : src != NULL ? sqlite3_errmsg (src) : "out of memory");
  sqlite3_close_v2 (src);
  sqlite3_close_v2 (dst);
  return rc == SQLITE_OK;
}

char *
care_bench_query_text (const char *path,
                       const char *sql,
                       const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (arg != NULL)
        sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
        out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return out;
}
