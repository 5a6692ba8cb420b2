#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "care-migrations.h"
#include "care-error.h"
#include "care-store-private.h"

struct _CareStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *device_id;
  GHashTable *statements;     /* SQL text -> sqlite3_stmt */
  char       *insert_sql[CARE_N_KINDS];
  gint64      fixed_now;      /* 0: the real clock */
  guint       schema_version;
  gboolean    in_batch;       /* care_store_begin_batch() holds a transaction */
  guint       savepoints;     /* writes nested inside the batch */
  gint64      cache_before;   /* PRAGMA cache_size outside the batch */
  gint64      temp_store_before;
  char       *damage;         /* what the integrity check found; NULL: nothing */
  guint       restores;       /* a check begun before a restore is not about this file */
};

G_DEFINE_FINAL_TYPE (CareStore, care_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (care-store-error-quark, care_store_error)

static void
care_store_finalize (GObject *object)
{
  CareStore *self = CARE_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  for (guint i = 0; i < CARE_N_KINDS; i++)
    g_free (self->insert_sql[i]);
  g_free (self->path);
  g_free (self->device_id);
  g_free (self->damage);

  G_OBJECT_CLASS (care_store_parent_class)->finalize (object);
}

static void
care_store_class_init (CareStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
care_store_init (CareStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

sqlite3 *
_care_store_get_db (CareStore *self)
{
  return self->db;
}

static void
set_damage_error (GError     **error,
                  const char  *path,
                  const char  *problem)
{
  g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT,
               _("The database %s failed its integrity check (%s). Nothing more will be "
                 "written to it; restore it from a backup."), path, problem);
}

/* Once the integrity check has found damage nothing more is written: a write
 * could spread the damage over records that are still whole. */
static gboolean
ensure_writable (CareStore  *self,
                 GError    **error)
{
  if (self->damage == NULL)
    return TRUE;
  set_damage_error (error, self->path, self->damage);
  return FALSE;
}

/* SQLite refuses writes on a damaged store too (query_only), also those
 * other modules make outside a transaction: they report the damage, not a
 * read-only file. */
static gboolean
refused_as_damaged (CareStore  *self,
                    GError    **error)
{
  if (self->damage == NULL || (sqlite3_extended_errcode (self->db) & 0xff) != SQLITE_READONLY)
    return FALSE;
  set_damage_error (error, self->path, self->damage);
  return TRUE;
}

gboolean
_care_store_set_error (CareStore  *self,
                       GError    **error,
                       const char *what)
{
  int code = sqlite3_extended_errcode (self->db);

  if (refused_as_damaged (self, error))
    return FALSE;

  g_set_error (error, CARE_STORE_ERROR,
               (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB
                 ? CARE_STORE_ERROR_CORRUPT : CARE_STORE_ERROR_SQL,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
_care_store_prepare (CareStore  *self,
                     const char *sql,
                     GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _care_store_set_error (self, error, "prepare");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_care_store_exec (CareStore  *self,
                  const char *sql,
                  GError    **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      if (!refused_as_damaged (self, error))
        g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gint64
pragma_int (CareStore  *self,
            const char *sql,
            gint64      fallback)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = fallback;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Runs one of the few fixed transaction statements, prepared once. */
static gboolean
step_cached (CareStore   *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (self, error, sql);
  return TRUE;
}

/* Inside a batch every write is a savepoint, so a refused record rolls back
 * only itself and the batch commits once, with one fsync. */
gboolean
_care_store_begin (CareStore  *self,
                   GError    **error)
{
  if (!ensure_writable (self, error))
    return FALSE;
  if (self->in_batch)
    {
      if (!step_cached (self, "SAVEPOINT care_write", error))
        return FALSE;
      self->savepoints++;
      return TRUE;
    }
  /* IMMEDIATE takes the write lock now, so the checks made inside the
   * transaction still hold when it commits. */
  return _care_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_care_store_commit (CareStore  *self,
                    GError    **error)
{
  if (self->in_batch)
    {
      if (self->savepoints == 0 || !step_cached (self, "RELEASE care_write", error))
        {
          _care_store_rollback (self);
          return FALSE;
        }
      self->savepoints--;
      return TRUE;
    }
  /* Damage found while the transaction was open: it is not committed. */
  if (!ensure_writable (self, error) || !_care_store_exec (self, "COMMIT", error))
    {
      _care_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
_care_store_rollback (CareStore *self)
{
  if (self->in_batch)
    {
      /* Callers may roll back twice after a failed commit: only an open
       * savepoint is undone, never the batch around it. */
      if (self->savepoints == 0)
        return;
      sqlite3_exec (self->db, "ROLLBACK TO care_write; RELEASE care_write", NULL, NULL, NULL);
      self->savepoints--;
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A batch groups many saves into one transaction for bulk loading (the
 * demonstration generator, imports). Every save still runs every check; only
 * the commit, and so the fsync, is shared. */
gboolean
care_store_begin_batch (CareStore  *self,
                        GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (self->in_batch)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL,
                   _("A batch is already open on this database."));
      return FALSE;
    }
  if (!ensure_writable (self, error))
    return FALSE;
  /* A batch keeps thousands of pages dirty until it commits. With the
   * default 2 MiB page cache SQLite spills them to the WAL again and again
   * mid-transaction; 128 MiB holds a day of a large home. Each save's
   * savepoint copies the pages it changes to a sub-journal, a temporary
   * file unless temp_store is MEMORY. Both go back when the batch ends. */
  self->cache_before = pragma_int (self, "PRAGMA cache_size", -2000);
  self->temp_store_before = pragma_int (self, "PRAGMA temp_store", 0);
  if (!_care_store_exec (self, "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_batch = TRUE;
  self->savepoints = 0;
  return TRUE;
}

/* PRAGMA temp_store cannot change inside a transaction: this runs after
 * the batch's commit or rollback. */
static void
restore_cache_size (CareStore *self)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT "; PRAGMA temp_store = %" G_GINT64_FORMAT,
                                          self->cache_before, self->temp_store_before);

  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
care_store_end_batch (CareStore  *self,
                      GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (!self->in_batch)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL,
                   _("No batch is open on this database."));
      return FALSE;
    }
  self->in_batch = FALSE;
  self->savepoints = 0;
  /* SQLite rolls a transaction back by itself after some errors (disk
   * full, I/O): then nothing of the batch is saved, and the caller must know. */
  if (sqlite3_get_autocommit (self->db))
    {
      restore_cache_size (self);
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL,
                   _("The batch was rolled back by the database after an error; nothing in it was saved."));
      return FALSE;
    }
  /* A batch can outlast the check that finds damage: then it is not
   * committed (query_only would let the COMMIT through). */
  if (!ensure_writable (self, error) || !_care_store_exec (self, "COMMIT", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      restore_cache_size (self);
      return FALSE;
    }
  restore_cache_size (self);
  return TRUE;
}

static gboolean
ensure_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_OPEN,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* Health records: only the owner may read the file, whatever the umask. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static char *
query_text (CareStore  *self,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

/* NULL when PRAGMA quick_check finds @db whole, else the first problem it
 * reports, or why it could not run; @rc is the step's result code. */
static char *
quick_check_problem (sqlite3 *db,
                     int     *rc)
{
  sqlite3_stmt *stmt = NULL;
  char *problem = NULL;

  *rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (*rc == SQLITE_OK)
    *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        problem = g_strdup (line ? line : "?");
    }
  else
    problem = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return problem;
}

static gboolean
refuse_at_open (CareStore   *self,
                const char  *problem,
                GError     **error)
{
  g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT,
               _("The database %s failed its integrity check (%s). "
                 "Restore it from a backup; the damaged file has not been changed."),
               self->path, problem);
  return FALSE;
}

static gboolean
check_quick (CareStore  *self,
             GError    **error)
{
  int rc;
  g_autofree char *problem = quick_check_problem (self->db, &rc);

  if (problem != NULL)
    return refuse_at_open (self, problem, error);
  return TRUE;
}

/* What a deferred check still asks of the file at open: a SQLite database
 * whose schema reads. That is its first page and the pages of sqlite_master,
 * not the whole file. */
static gboolean
check_readable (CareStore  *self,
                GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    return refuse_at_open (self, sqlite3_errmsg (self->db), error);
  g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_OPEN,
               _("Cannot open the database %s: %s"), self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
apply_pragmas (CareStore  *self,
               GError    **error)
{
  g_autofree char *mode = NULL;

  sqlite3_busy_timeout (self->db, 5000);
  if (!_care_store_exec (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", error))
    return FALSE;
  mode = query_text (self, "PRAGMA journal_mode = WAL");
  if (g_strcmp0 (mode, "wal") != 0)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_OPEN,
                   _("The database %s could not switch to write-ahead logging (%s)."),
                   self->path, mode ? mode : sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

static guint
read_user_version (CareStore *self)
{
  g_autofree char *v = query_text (self, "PRAGMA user_version");

  return v ? (guint) g_ascii_strtoull (v, NULL, 10) : 0;
}

static gboolean
check_known_version (CareStore  *self,
                     GError    **error)
{
  guint current = read_user_version (self);

  if (current > CARE_SCHEMA_VERSION)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_TOO_NEW,
                   _("The database %s was written by a newer version of CareDelegation "
                     "(schema %u; this version understands up to %u). Update the application."),
                   self->path, current, (guint) CARE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (CareStore  *self,
         guint       target,
         GError    **error)
{
  guint current = read_user_version (self);
  g_autofree char *set_version = NULL;

  if (!check_known_version (self, error))
    return FALSE;
  if (current >= target)
    {
      self->schema_version = current;
      return TRUE;
    }
  if (!_care_store_begin (self, error))
    return FALSE;
  for (guint v = current + 1; v <= target; v++)
    {
      g_autofree char *sql = care_migration_sql (v);

      if (!_care_store_exec (self, sql, error))
        {
          g_prefix_error (error, _("Upgrading the database to schema %u failed: "), v);
          _care_store_rollback (self);
          return FALSE;
        }
    }
  set_version = g_strdup_printf ("PRAGMA user_version = %u", target);
  if (!_care_store_exec (self, set_version, error) || !_care_store_commit (self, error))
    {
      _care_store_rollback (self);
      return FALSE;
    }
  self->schema_version = target;
  return TRUE;
}

/* A setting, or NULL in *@value if it is not set; FALSE only if it could
 * not be read. */
static gboolean
read_setting (CareStore   *self,
              const char  *key,
              char       **value,
              GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", error);
  int rc;

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _care_store_set_error (self, error, "settings");
  return TRUE;
}

static gboolean
load_device_id (CareStore  *self,
                GError    **error)
{
  g_autofree char *id = NULL;

  /* A settings table that cannot be read is no reason to write a new
   * device id into it (the file may be unchecked yet). */
  if (!read_setting (self, "device_id", &id, error))
    return FALSE;
  if (id == NULL)
    {
      id = g_uuid_string_random ();
      if (!care_store_set_setting (self, "device_id", id, error))
        return FALSE;
    }
  g_free (self->device_id);
  self->device_id = g_steal_pointer (&id);
  return TRUE;
}

/* Without the whole-file check at open, a schema upgrade still has it
 * first: an upgrade rewrites much of the file, and must not do so on a
 * damaged one. Upgrades are rare, so the cost is too. */
static gboolean
check_at_open (CareStore           *self,
               guint                version,
               CareStoreOpenFlags   flags,
               GError             **error)
{
  if (!(flags & CARE_STORE_OPEN_DEFER_CHECK))
    return check_quick (self, error);
  if (!check_readable (self, error))
    return FALSE;
  return read_user_version (self) >= version || check_quick (self, error);
}

static CareStore *
open_store (const char          *path,
            guint                version,
            CareStoreOpenFlags   flags,
            GError             **error)
{
  g_autoptr(CareStore) self = g_object_new (CARE_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  if (!ensure_private_file (path, error))
    return NULL;
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* A file this version cannot use is refused before anything is written
   * to it, not even the switch to write-ahead logging. */
  if (!check_at_open (self, version, flags, error) || !check_known_version (self, error)
      || !apply_pragmas (self, error) || !migrate (self, version, error))
    return NULL;
  if (version >= 1 && !load_device_id (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

CareStore *
care_store_open (const char  *path,
                 GError     **error)
{
  return care_store_open_full (path, CARE_STORE_OPEN_NONE, error);
}

CareStore *
care_store_open_full (const char          *path,
                      CareStoreOpenFlags   flags,
                      GError             **error)
{
  return open_store (path, CARE_SCHEMA_VERSION, flags, error);
}

CareStore *
_care_store_open_at_version (const char  *path,
                             guint        version,
                             GError     **error)
{
  return open_store (path, version, CARE_STORE_OPEN_NONE, error);
}

const char *
care_store_get_path (CareStore *self)
{
  return self->path;
}

guint
care_store_get_schema_version (CareStore *self)
{
  return self->schema_version;
}

const char *
care_store_get_device_id (CareStore *self)
{
  return self->device_id;
}

gint64
care_store_now (CareStore *self)
{
  if (self->fixed_now != 0)
    return self->fixed_now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
care_store_set_now (CareStore *self,
                    gint64     unix_seconds)
{
  self->fixed_now = unix_seconds;
}

char *
care_store_today (CareStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (care_store_now (self));

  return g_date_time_format (now, "%Y-%m-%d");
}

char *
_care_store_select_columns (CareKind    kind,
                            const char *alias)
{
  const CareKindInfo *info = care_kind_info (kind);
  GString *cols = g_string_new (NULL);

  g_string_append_printf (cols, "%1$s.uuid, %1$s.version, %1$s.recorded_at, "
                          "%1$s.recorded_by, %1$s.entered_in_error", alias);
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (cols, ", %s.%s", alias, info->fields[i].name);
  return g_string_free (cols, FALSE);
}

CareRecord *
_care_store_record_from_row (sqlite3_stmt *stmt,
                             CareKind      kind)
{
  const CareKindInfo *info = care_kind_info (kind);
  CareRecord *record = care_record_new_with_uuid (kind, (const char *) sqlite3_column_text (stmt, 0));

  _care_record_set_stored (record,
                           sqlite3_column_int64 (stmt, 1),
                           sqlite3_column_int64 (stmt, 2),
                           (const char *) sqlite3_column_text (stmt, 3),
                           sqlite3_column_int (stmt, 4) != 0);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const CareField *f = &info->fields[i];
      int col = 5 + i;

      if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        continue;
      switch (f->type)
        {
        case CARE_FIELD_INT:
        case CARE_FIELD_BOOL:
        case CARE_FIELD_INSTANT:
          care_record_set_int (record, f->name, sqlite3_column_int64 (stmt, col));
          break;
        default:
          care_record_set_string (record, f->name, (const char *) sqlite3_column_text (stmt, col));
          break;
        }
    }
  return record;
}

GPtrArray *
_care_store_query_records (CareStore     *self,
                           CareKind       kind,
                           sqlite3_stmt  *stmt,
                           GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, _care_store_record_from_row (stmt, kind));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _care_store_set_error (self, error, "query");
      return NULL;
    }
  return g_steal_pointer (&records);
}

CareRecord *
care_store_load (CareStore   *self,
                 CareKind     kind,
                 const char  *uuid,
                 GError     **error)
{
  const CareKindInfo *info = care_kind_info (kind);
  g_autofree char *cols = _care_store_select_columns (kind, "r");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s AS r WHERE r.uuid = ?1 "
                                          "ORDER BY r.version DESC LIMIT 1", cols, info->name);
  sqlite3_stmt *stmt = _care_store_prepare (self, sql, error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  found = _care_store_query_records (self, kind, stmt, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND,
                   _("No %s with identifier %s exists."), _(info->label), uuid ? uuid : "(none)");
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

GPtrArray *
care_store_load_versions (CareStore   *self,
                          CareKind     kind,
                          const char  *uuid,
                          GError     **error)
{
  const CareKindInfo *info = care_kind_info (kind);
  g_autofree char *cols = _care_store_select_columns (kind, "r");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s AS r WHERE r.uuid = ?1 "
                                          "ORDER BY r.version", cols, info->name);
  sqlite3_stmt *stmt = _care_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  return _care_store_query_records (self, kind, stmt, error);
}

/* The current version of every record of @kind that is not entered in error,
 * optionally only those whose @field equals @value. */
GPtrArray *
care_store_list_current (CareStore   *self,
                         CareKind     kind,
                         const char  *field,
                         const char  *value,
                         GError     **error)
{
  const CareKindInfo *info = care_kind_info (kind);
  g_autofree char *cols = _care_store_select_columns (kind, "r");
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  /* Field names come from the schema, never from input. */
  g_return_val_if_fail (field == NULL || care_kind_find_field (kind, field) != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s AS r WHERE r.entered_in_error = 0 "
                         "AND NOT EXISTS (SELECT 1 FROM %s AS n WHERE n.uuid = r.uuid AND n.version > r.version)"
                         "%s%s%s ORDER BY r.rowid",
                         cols, info->name, info->name,
                         field ? " AND r." : "", field ? field : "", field ? " = ?1" : "");
  stmt = _care_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (field != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  return _care_store_query_records (self, kind, stmt, error);
}

/* The current, not entered-in-error administrations of one task whose slot
 * date is from @from_date to @to_date inclusive, in the order they happened:
 * the rows of a MAR chart for a review. */
GPtrArray *
care_store_list_administrations (CareStore   *self,
                                 const char  *task_uuid,
                                 const char  *from_date,
                                 const char  *to_date,
                                 GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_ADMINISTRATION, "a");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM administration AS a WHERE a.task_uuid = ?1 AND a.slot_date BETWEEN ?2 AND ?3 "
    "AND a.entered_in_error = 0 "
    "AND NOT EXISTS (SELECT 1 FROM administration AS n WHERE n.uuid = a.uuid AND n.version > a.version) "
    "ORDER BY a.slot_date, a.occurred_at", cols);
  sqlite3_stmt *stmt = _care_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, task_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_date, -1, SQLITE_TRANSIENT);
  return _care_store_query_records (self, CARE_KIND_ADMINISTRATION, stmt, error);
}

CareRecord *
care_store_find_current (CareStore   *self,
                         CareKind     kind,
                         const char  *field,
                         const char  *value,
                         GError     **error)
{
  g_autoptr(GPtrArray) found = care_store_list_current (self, kind, field, value, error);

  if (found == NULL || found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

CareRecord *
care_store_get_setting_record (CareStore *self)
{
  return care_store_find_current (self, CARE_KIND_SETTING, NULL, NULL, NULL);
}

gboolean
care_store_is_set_up (CareStore *self)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (self);

  return setting != NULL;
}

static const char *
insert_sql (CareStore *self,
            CareKind   kind)
{
  if (self->insert_sql[kind] == NULL)
    {
      const CareKindInfo *info = care_kind_info (kind);
      GString *sql = g_string_new (NULL);

      g_string_append_printf (sql, "INSERT INTO %s (uuid, version, recorded_at, recorded_by, entered_in_error", info->name);
      for (guint i = 0; i < info->n_fields; i++)
        g_string_append_printf (sql, ", %s", info->fields[i].name);
      g_string_append (sql, ") VALUES (?, ?, ?, ?, ?");
      for (guint i = 0; i < info->n_fields; i++)
        g_string_append (sql, ", ?");
      g_string_append (sql, ")");
      self->insert_sql[kind] = g_string_free (sql, FALSE);
    }
  return self->insert_sql[kind];
}

static void
bind_field (sqlite3_stmt    *stmt,
            int              col,
            CareRecord      *record,
            const CareField *f)
{
  if (!care_record_has (record, f->name))
    {
      /* Booleans are never unknown: unset means no. */
      if (f->type == CARE_FIELD_BOOL)
        sqlite3_bind_int (stmt, col, 0);
      else
        sqlite3_bind_null (stmt, col);
      return;
    }
  switch (f->type)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_BOOL:
    case CARE_FIELD_INSTANT:
      sqlite3_bind_int64 (stmt, col, care_record_get_int (record, f->name));
      break;
    default:
      sqlite3_bind_text (stmt, col, care_record_get_string (record, f->name), -1, SQLITE_TRANSIENT);
      break;
    }
}

static char *
strv_to_json (GStrv names)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; names && names[i]; i++)
    g_string_append_printf (s, "%s\"%s\"", i ? "," : "", names[i]);
  g_string_append (s, "]");
  return g_string_free (s, FALSE);
}

/* Writes the next version of @record and its event (change log entry and
 * outbox item) in the caller's transaction. */
gboolean
_care_store_insert_version (CareStore   *self,
                            CareRecord  *record,
                            gboolean     entered_in_error,
                            const char  *actor_uuid,
                            const char  *actor_name,
                            const char  *action,
                            const char  *reason,
                            GStrv        changed,
                            GError     **error)
{
  CareKind kind = care_record_get_kind (record);
  const CareKindInfo *info = care_kind_info (kind);
  gint64 version = care_record_get_version (record) + 1;
  gint64 now = care_store_now (self);
  g_autofree char *event_id = g_uuid_string_random ();
  g_autofree char *changed_json = strv_to_json (changed);
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;

  stmt = _care_store_prepare (self, insert_sql (self, kind), error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, care_record_get_uuid (record), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, actor_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, entered_in_error ? 1 : 0);
  for (guint i = 0; i < info->n_fields; i++)
    bind_field (stmt, 6 + i, record, &info->fields[i]);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _care_store_set_error (self, error, info->name);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  _care_record_set_stored (record, version, now, actor_uuid, entered_in_error);

  payload = care_record_to_json (record);
  stmt = _care_store_prepare (self,
    "INSERT INTO events (event_id, device_id, entity_kind, entity_uuid, entity_version, action, "
    "actor_uuid, actor_name, at, reason, changed, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, info->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, care_record_get_uuid (record), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, version);
  sqlite3_bind_text (stmt, 6, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, actor_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, actor_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, now);
  sqlite3_bind_text (stmt, 10, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, changed_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, payload, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _care_store_set_error (self, error, "events");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

char *
care_store_get_setting (CareStore  *self,
                        const char *key)
{
  char *value = NULL;

  read_setting (self, key, &value, NULL);
  return value;
}

gint64
care_store_get_setting_int (CareStore  *self,
                            const char *key,
                            gint64      fallback)
{
  g_autofree char *value = care_store_get_setting (self, key);

  if (value == NULL)
    return fallback;
  return g_ascii_strtoll (value, NULL, 10);
}

gboolean
care_store_set_setting (CareStore   *self,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!ensure_writable (self, error))
    return FALSE;
  stmt = _care_store_prepare (self,
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (self, error, "settings");
  return TRUE;
}

gint64
care_store_count_events (CareStore  *self,
                         const char *sync_state)
{
  /* Literal states let SQLite use the partial index on pending events; a
   * bound parameter would make it scan the whole log. */
  const char *sql = sync_state == NULL ? "SELECT count(*) FROM events"
    : g_str_equal (sync_state, "pending") ? "SELECT count(*) FROM events WHERE sync_state = 'pending'"
    : g_str_equal (sync_state, "rejected") ? "SELECT count(*) FROM events WHERE sync_state = 'rejected'"
    : "SELECT count(*) FROM events WHERE sync_state = ?1";
  sqlite3_stmt *stmt = _care_store_prepare (self, sql, NULL);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if (strstr (sql, "?1") != NULL)
    sqlite3_bind_text (stmt, 1, sync_state, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gboolean
care_store_integrity_check (CareStore  *self,
                            GError    **error)
{
  g_autofree char *result = query_text (self, "PRAGMA integrity_check");

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT,
                   _("The integrity check of %s failed: %s"), self->path,
                   result ? result : sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/* Under the checks in every write path, SQLite itself refuses to write to a
 * damaged store (query_only), and closing it does not checkpoint the
 * write-ahead log into the damaged file: what was committed before the
 * damage was found stays in the log, where a backup still reads it. */
static void
set_damage (CareStore  *self,
            const char *problem)
{
  g_free (self->damage);
  self->damage = g_strdup (problem);
  sqlite3_exec (self->db, problem != NULL ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF",
                NULL, NULL, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, problem != NULL ? 1 : 0, NULL);
}

gboolean
care_store_is_damaged (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  return self->damage != NULL;
}

const char *
care_store_get_damage (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  return self->damage;
}

/* The check in the worker thread knows only the path: the store's own
 * connection is not thread-safe (SQLITE_OPEN_NOMUTEX). */
typedef struct
{
  char  *path;
  guint  restores;    /* the store's count of restores when the check began */
  char  *problem;     /* what the check found, set by the thread */
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  g_free (check->path);
  g_free (check->problem);
  g_free (check);
}

/* Most of PRAGMA quick_check is one long step over the b-trees, which calls
 * no progress handler (SQLite 3.40): sqlite3_interrupt(), safe from another
 * thread, stops it there. */
static void
interrupt_check (GCancellable *cancellable,
                 gpointer      db)
{
  sqlite3_interrupt (db);
}

/* An interrupt that comes just before the statement starts is lost; the
 * walk through every row that follows the b-trees (NOT NULL constraints)
 * calls this, so the check stops there at the latest. */
static int
check_cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* PRAGMA quick_check reports its findings under a "*** in database main ***"
 * heading, several to a line of its result; the first finding alone says
 * enough in a message. */
static char *
first_finding (const char *report)
{
  g_auto(GStrv) lines = g_strsplit (report, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "***"))
        return g_strdup (lines[i]);
    }
  return g_strdup (report);
}

/* Only what the check reports, or a page SQLite found malformed, is damage;
 * a check that could not run (a busy or unreadable file) marks nothing. */
static void
return_check_result (GTask       *task,
                     CheckData   *check,
                     const char  *problem,
                     int          rc)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (problem == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (rc == SQLITE_ROW || (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      check->problem = first_finding (problem);
      set_damage_error (&error, check->path, check->problem);
    }
  else
    g_set_error (&error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL,
                 _("The integrity check of %s could not run: %s"), check->path, problem);
  g_task_return_error (task, error);
}

static void
check_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CheckData *check = task_data;
  sqlite3 *db = NULL;
  g_autofree char *problem = NULL;
  gulong handler = 0;
  int rc;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (sqlite3_open_v2 (check->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_task_return_new_error (task, CARE_STORE_ERROR, CARE_STORE_ERROR_OPEN,
                               _("Cannot open the database %s: %s"), check->path,
                               db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close_v2 (db);
      return;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  if (cancellable != NULL)
    {
      sqlite3_progress_handler (db, 1000, check_cancelled, cancellable);
      handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_check), db, NULL);
    }
  problem = quick_check_problem (db, &rc);
  /* Waits for a handler running in another thread: then db can close. */
  g_cancellable_disconnect (cancellable, handler);

  sqlite3_close_v2 (db);
  return_check_result (task, check, problem, rc);
}

/* Runs on the thread that started the check, before the caller's callback:
 * the store is marked damaged before anyone hears of the damage. */
static void
on_check_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CareStore *self = CARE_STORE (source);
  g_autoptr(GTask) task = user_data;
  CheckData *check = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (check->restores != self->restores)
    {
      /* The restore checked the file it put in place. */
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The database %s was restored while it was being checked; "
                                 "the check no longer applies."), self->path);
      return;
    }
  if (ok)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (check->problem != NULL && g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT))
    set_damage (self, check->problem);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
care_store_check_async (CareStore           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  CheckData *check;

  g_return_if_fail (CARE_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_store_check_async);
  check = g_new0 (CheckData, 1);
  check->path = g_strdup (self->path);
  check->restores = self->restores;
  /* The worker's own task completes first, in on_check_done(). */
  worker = g_task_new (self, cancellable, on_check_done, g_object_ref (task));
  g_task_set_source_tag (worker, check_in_thread);
  g_task_set_task_data (worker, check, check_data_free);
  g_task_run_in_thread (worker, check_in_thread);
}

gboolean
care_store_check_finish (CareStore     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == care_store_check_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
copy_database (sqlite3     *from,
               sqlite3     *to,
               GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP,
                   _("The backup could not start: %s"), sqlite3_errmsg (to));
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (10);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP,
                   _("The backup failed: %s"), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/* TRUE if @a and @b name one file, whatever the spelling (./, links). */
static gboolean
is_same_file (const char *a,
              const char *b)
{
  GStatBuf sa, sb;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

gboolean
care_store_backup (CareStore   *self,
                   const char  *dest_path,
                   GError     **error)
{
  sqlite3 *dest = NULL;
  gboolean ok;

  if (is_same_file (dest_path, self->path))
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP,
                   _("A backup cannot overwrite the database it is made from."));
      return FALSE;
    }
  if (!ensure_private_file (dest_path, error))
    return FALSE;
  if (sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP,
                   _("Cannot write the backup %s: %s"), dest_path, sqlite3_errmsg (dest));
      sqlite3_close_v2 (dest);
      return FALSE;
    }
  ok = copy_database (self->db, dest, error);
  sqlite3_close_v2 (dest);
  return ok;
}

/* A restore replaces every record, so the file must be a CareDelegation
 * database this version can read, whole and undamaged, before anything of
 * the current database is touched. */
static gboolean
check_restore_source (sqlite3     *src,
                      const char  *src_path,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *check = NULL;
  int version = -1;
  gboolean has_events = FALSE;

  if (sqlite3_prepare_v2 (src, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    check = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP,
                   _("%s is not a readable, undamaged database: nothing was restored."), src_path);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (src, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (sqlite3_prepare_v2 (src, "SELECT 1 FROM sqlite_schema WHERE name = 'events'", -1, &stmt, NULL) == SQLITE_OK)
    has_events = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (!has_events || version < 1 || version > CARE_SCHEMA_VERSION)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP,
                   _("%s is not a CareDelegation backup this version can read: nothing was restored."),
                   src_path);
      return FALSE;
    }
  return TRUE;
}

/* The restore's source was checked; this checks what arrived. It is the one
 * way a damaged store is cleared. */
static gboolean
check_restored (CareStore  *self,
                GError    **error)
{
  int rc;
  g_autofree char *problem = quick_check_problem (self->db, &rc);

  if (problem != NULL)
    {
      g_autofree char *finding = first_finding (problem);

      set_damage (self, finding);
      set_damage_error (error, self->path, finding);
      return FALSE;
    }
  set_damage (self, NULL);
  return TRUE;
}

/* A name for the copy of what a restore replaces that no earlier copy has,
 * even for two restores within one second. */
static char *
before_restore_path (CareStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  char *keep = g_strdup_printf ("%s.before-restore-%s", self->path, stamp);

  for (guint n = 2; g_file_test (keep, G_FILE_TEST_EXISTS); n++)
    {
      g_free (keep);
      keep = g_strdup_printf ("%s.before-restore-%s-%u", self->path, stamp, n);
    }
  return keep;
}

gboolean
care_store_restore (CareStore   *self,
                    const char  *src_path,
                    GError     **error)
{
  sqlite3 *src = NULL;
  g_autofree char *keep = before_restore_path (self);
  gboolean ok;

  if (sqlite3_open_v2 (src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_BACKUP,
                   _("Cannot open the backup %s: %s"), src_path, sqlite3_errmsg (src));
      sqlite3_close_v2 (src);
      return FALSE;
    }
  if (!check_restore_source (src, src_path, error))
    {
      sqlite3_close_v2 (src);
      return FALSE;
    }
  /* Lose nothing: what is replaced is first kept beside the database. */
  if (!care_store_backup (self, keep, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      sqlite3_close_v2 (src);
      return FALSE;
    }
  g_hash_table_remove_all (self->statements);
  self->restores++;
  ok = copy_database (src, self->db, error);
  sqlite3_close_v2 (src);
  if (!ok)
    return FALSE;
  return check_restored (self, error) && migrate (self, CARE_SCHEMA_VERSION, error) && load_device_id (self, error);
}
