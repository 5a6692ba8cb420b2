#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "care-server-store.h"

#define SCHEMA_VERSION 1

struct _CareServerStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;     /* SQL text -> sqlite3_stmt */
};

G_DEFINE_FINAL_TYPE (CareServerStore, care_server_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (care-server-store-error-quark, care_server_store_error)

/* Frozen once released: a later change is a new numbered step. */
static const char schema_1[] =
  "CREATE TABLE meta (\n"
  "  key TEXT PRIMARY KEY,\n"
  "  value TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE providers (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  name TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE tokens (\n"
  "  token_hash TEXT PRIMARY KEY,\n"
  "  provider_id TEXT REFERENCES providers (id),\n"
  "  role TEXT NOT NULL CHECK (role IN ('provider', 'admin')),\n"
  "  created_at INTEGER NOT NULL,\n"
  "  CHECK (role = 'admin' OR provider_id IS NOT NULL)\n"
  ");\n"
  "CREATE TABLE events (\n"
  "  server_seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  event_id TEXT NOT NULL UNIQUE,\n"
  "  provider TEXT NOT NULL REFERENCES providers (id),\n"
  "  device_id TEXT NOT NULL,\n"
  "  local_seq INTEGER NOT NULL,\n"
  "  entity_kind TEXT NOT NULL,\n"
  "  entity_uuid TEXT NOT NULL,\n"
  "  entity_version INTEGER NOT NULL,\n"
  "  action TEXT NOT NULL,\n"
  "  at INTEGER NOT NULL,\n"
  "  payload TEXT NOT NULL,\n"
  "  envelope TEXT NOT NULL,\n"
  "  received_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX events_device ON events (provider, device_id, local_seq);\n"
  "CREATE INDEX events_entity ON events (provider, entity_uuid, entity_version);\n"
  "CREATE TABLE idempotency (\n"
  "  key TEXT NOT NULL,\n"
  "  provider TEXT NOT NULL,\n"
  "  fingerprint TEXT NOT NULL,\n"
  "  state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),\n"
  "  status INTEGER,\n"
  "  body TEXT,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  PRIMARY KEY (provider, key)\n"
  ");\n"
  "CREATE TABLE feed_items (\n"
  "  server_seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  provider TEXT NOT NULL REFERENCES providers (id),\n"
  "  item_id TEXT NOT NULL UNIQUE,\n"
  "  kind TEXT NOT NULL,\n"
  "  entity_id TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL,\n"
  "  payload TEXT NOT NULL,\n"
  "  created_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX feed_provider ON feed_items (provider, server_seq);\n"
  "CREATE TABLE tasks (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  provider TEXT NOT NULL REFERENCES providers (id),\n"
  "  status TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL\n"
  ");\n"
  "CREATE TABLE transitions (\n"
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),\n"
  "  from_status TEXT NOT NULL,\n"
  "  to_status TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL,\n"
  "  reason TEXT,\n"
  "  event_id TEXT,\n"
  "  at INTEGER NOT NULL\n"
  ");\n"
  "CREATE UNIQUE INDEX transitions_event ON transitions (task_id, event_id);\n"
  /* The current version of every record a provider sent: SQLite takes the
   * bare columns from the row that holds the max(). */
  "CREATE VIEW current_records AS\n"
  "  SELECT provider, entity_kind, entity_uuid, payload, max(entity_version) AS version\n"
  "  FROM events GROUP BY provider, entity_uuid;\n";

static void
care_server_store_finalize (GObject *object)
{
  CareServerStore *self = CARE_SERVER_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (care_server_store_parent_class)->finalize (object);
}

static void
care_server_store_class_init (CareServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_server_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
care_server_store_init (CareServerStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

void
care_server_task_free (CareServerTask *task)
{
  g_free (task->provider);
  g_free (task->status);
  g_free (task);
}

gboolean
care_server_store_set_error (CareServerStore  *self,
                             GError          **error,
                             const char       *what)
{
  g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_SQL,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
care_server_store_prepare (CareServerStore  *self,
                           const char       *sql,
                           GError          **error)
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
      care_server_store_set_error (self, error, "prepare");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_SQL,
                   "%s", message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
care_server_store_begin (CareServerStore  *self,
                         GError          **error)
{
  /* IMMEDIATE: the duplicate checks made inside still hold at COMMIT, even
   * if a command-line tool writes to the same file meanwhile. */
  return exec_sql (self->db, "BEGIN IMMEDIATE", error);
}

gboolean
care_server_store_commit (CareServerStore  *self,
                          GError          **error)
{
  if (!exec_sql (self->db, "COMMIT", error))
    {
      care_server_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
care_server_store_rollback (CareServerStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gint64
care_server_store_now (CareServerStore *self)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Events carry health data: only the owner may read the file, whatever
 * the umask. */
static gboolean
ensure_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_OPEN,
                   "cannot create the folder %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_OPEN,
                   "cannot open the database %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

static sqlite3 *
open_connection (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *mode = NULL;

  if (!ensure_private_file (path, error))
    return NULL;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_OPEN,
                   "cannot open the database %s: %s", path, sqlite3_errmsg (db));
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  /* Once an answer says "created", the event must survive a power cut:
   * WAL with FULL syncs the log at every commit. */
  if (!exec_sql (db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  mode = query_text (db, "PRAGMA journal_mode = WAL");
  if (g_strcmp0 (mode, "wal") != 0)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_OPEN,
                   "the database %s could not switch to write-ahead logging", path);
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

static gboolean
set_new_epoch (sqlite3  *db,
               char    **epoch_out,
               GError  **error)
{
  g_autofree char *epoch = g_uuid_string_random ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "INSERT INTO meta (key, value) VALUES ('server_epoch', ?1) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_SQL,
                   "epoch: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, epoch, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_SQL,
                   "epoch: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  if (epoch_out != NULL)
    *epoch_out = g_steal_pointer (&epoch);
  return TRUE;
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  g_autofree char *version = query_text (db, "PRAGMA user_version");
  gint64 current = version ? g_ascii_strtoll (version, NULL, 10) : 0;
  g_autofree char *set_version = NULL;

  if (current == SCHEMA_VERSION)
    return TRUE;
  if (current > SCHEMA_VERSION)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_OPEN,
                   "the database was made by a newer care-commissioner (schema %" G_GINT64_FORMAT ")",
                   current);
      return FALSE;
    }
  set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!exec_sql (db, schema_1, error)
      || !set_new_epoch (db, NULL, error)
      || !exec_sql (db, set_version, error)
      || !exec_sql (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* A request that was still in flight when the server stopped never
 * committed anything (its events and its "done" state go in together), so
 * its key is free again for the client's retry. */
static gboolean
release_stale_keys (sqlite3  *db,
                    GError  **error)
{
  return exec_sql (db, "DELETE FROM idempotency WHERE state = 'in_flight'", error);
}

CareServerStore *
care_server_store_open (const char  *path,
                        GError     **error)
{
  g_autoptr(CareServerStore) self = g_object_new (CARE_TYPE_SERVER_STORE, NULL);
  g_autofree char *check = NULL;

  self->path = g_strdup (path);
  self->db = open_connection (path, error);
  if (self->db == NULL)
    return NULL;
  check = query_text (self->db, "PRAGMA quick_check");
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_OPEN,
                   "the database %s is damaged (%s); restore it from a backup",
                   path, check ? check : sqlite3_errmsg (self->db));
      return NULL;
    }
  if (!migrate (self->db, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Only for the server at its start: a command-line tool that opens the
 * file while a server runs must not free the keys of its requests. */
gboolean
care_server_store_release_stale_keys (CareServerStore  *self,
                                      GError          **error)
{
  return release_stale_keys (self->db, error);
}

/* Read at every request rather than cached, so a restore made by the
 * command-line tool while the server runs is seen at once. */
char *
care_server_store_get_epoch (CareServerStore  *self,
                             GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self, "SELECT value FROM meta WHERE key = 'server_epoch'", error);
  char *epoch = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    epoch = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    care_server_store_set_error (self, error, "epoch");
  sqlite3_reset (stmt);
  return epoch;
}

static gboolean
step_done (CareServerStore  *self,
           sqlite3_stmt     *stmt,
           const char       *what,
           GError          **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((sqlite3_extended_errcode (self->db) & 0xff) == SQLITE_CONSTRAINT)
        {
          g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_EXISTS,
                       "%s: %s", what, sqlite3_errmsg (self->db));
          return FALSE;
        }
      return care_server_store_set_error (self, error, what);
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text ? g_strdup ((const char *) text) : NULL;
}

gboolean
care_server_store_add_provider (CareServerStore  *self,
                                const char       *id,
                                const char       *name,
                                GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "INSERT INTO providers (id, name) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  return step_done (self, stmt, "add provider", error);
}

char *
care_server_store_get_provider_name (CareServerStore *self,
                                     const char      *id)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self, "SELECT name FROM providers WHERE id = ?1", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

/* Only a hash is kept, so a copy of the database does not give away the
 * tokens. The tokens are long random strings, so a plain SHA-256 is
 * enough; a slow password hash would only slow every request. */
static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

gboolean
care_server_store_add_token (CareServerStore  *self,
                             const char       *token,
                             const char       *provider,
                             CareTokenRole     role,
                             GError          **error)
{
  g_autofree char *hash = hash_token (token);
  sqlite3_stmt *stmt;

  if (provider != NULL)
    {
      g_autofree char *name = care_server_store_get_provider_name (self, provider);

      if (name == NULL)
        {
          g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_NOT_FOUND,
                       "there is no provider with the id %s", provider);
          return FALSE;
        }
    }
  stmt = care_server_store_prepare (self,
    "INSERT INTO tokens (token_hash, provider_id, role, created_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, hash);
  bind_text (stmt, 2, provider);
  bind_text (stmt, 3, role == CARE_TOKEN_ADMIN ? "admin" : "provider");
  sqlite3_bind_int64 (stmt, 4, care_server_store_now (self));
  return step_done (self, stmt, "add token", error);
}

CareTokenRole
care_server_store_check_token (CareServerStore  *self,
                               const char       *token,
                               char            **provider)
{
  g_autofree char *hash = hash_token (token);
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "SELECT role, provider_id FROM tokens WHERE token_hash = ?1", NULL);
  CareTokenRole role = CARE_TOKEN_NONE;

  if (stmt == NULL)
    return CARE_TOKEN_NONE;
  bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      role = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "admin") == 0
             ? CARE_TOKEN_ADMIN : CARE_TOKEN_PROVIDER;
      if (provider != NULL)
        *provider = column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  return role;
}

CareIdempotency
care_server_store_lookup_key (CareServerStore  *self,
                              const char       *provider,
                              const char       *key,
                              const char       *fingerprint,
                              guint            *status,
                              char            **body,
                              GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "SELECT fingerprint, state, status, body FROM idempotency WHERE provider = ?1 AND key = ?2", error);
  CareIdempotency result = CARE_IDEMPOTENCY_NEW;
  int rc;

  if (stmt == NULL)
    return CARE_IDEMPOTENCY_NEW;
  bind_text (stmt, 1, provider);
  bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), fingerprint) != 0)
        result = CARE_IDEMPOTENCY_MISMATCH;
      else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "done") != 0)
        result = CARE_IDEMPOTENCY_IN_FLIGHT;
      else
        {
          result = CARE_IDEMPOTENCY_DONE;
          *status = sqlite3_column_int (stmt, 2);
          *body = column_text (stmt, 3);
        }
    }
  else if (rc != SQLITE_DONE)
    care_server_store_set_error (self, error, "idempotency");
  sqlite3_reset (stmt);
  return result;
}

gboolean
care_server_store_begin_key (CareServerStore  *self,
                             const char       *provider,
                             const char       *key,
                             const char       *fingerprint,
                             GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "INSERT INTO idempotency (key, provider, fingerprint, state, created_at) "
    "VALUES (?1, ?2, ?3, 'in_flight', ?4)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, provider);
  bind_text (stmt, 3, fingerprint);
  sqlite3_bind_int64 (stmt, 4, care_server_store_now (self));
  return step_done (self, stmt, "idempotency", error);
}

gboolean
care_server_store_finish_key (CareServerStore  *self,
                              const char       *provider,
                              const char       *key,
                              const char       *fingerprint,
                              guint             status,
                              const char       *body,
                              GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "INSERT INTO idempotency (key, provider, fingerprint, state, status, body, created_at) "
    "VALUES (?1, ?2, ?3, 'done', ?4, ?5, ?6) "
    "ON CONFLICT (provider, key) DO UPDATE SET state = 'done', status = excluded.status, "
    "body = excluded.body", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, provider);
  bind_text (stmt, 3, fingerprint);
  sqlite3_bind_int (stmt, 4, status);
  bind_text (stmt, 5, body);
  sqlite3_bind_int64 (stmt, 6, care_server_store_now (self));
  return step_done (self, stmt, "idempotency", error);
}

gboolean
care_server_store_forget_key (CareServerStore  *self,
                              const char       *provider,
                              const char       *key,
                              GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "DELETE FROM idempotency WHERE provider = ?1 AND key = ?2 AND state = 'in_flight'", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, provider);
  bind_text (stmt, 2, key);
  return step_done (self, stmt, "idempotency", error);
}

gboolean
care_server_store_expire_keys (CareServerStore  *self,
                               gint64            older_than,
                               GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "DELETE FROM idempotency WHERE state = 'done' AND created_at < ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, older_than);
  return step_done (self, stmt, "expire keys", error);
}

gboolean
care_server_store_find_event (CareServerStore  *self,
                              const char       *event_id,
                              char            **provider,
                              gint64           *server_seq,
                              GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "SELECT provider, server_seq FROM events WHERE event_id = ?1", error);
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, event_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      *provider = column_text (stmt, 0);
      *server_seq = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    care_server_store_set_error (self, error, "find event");
  sqlite3_reset (stmt);
  return found;
}

gint64
care_server_store_insert_event (CareServerStore        *self,
                                const char             *provider,
                                const CareServerEvent  *event,
                                GError                **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "INSERT INTO events (event_id, provider, device_id, local_seq, entity_kind, entity_uuid, "
    "entity_version, action, at, payload, envelope, received_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, event->event_id);
  bind_text (stmt, 2, provider);
  bind_text (stmt, 3, event->device_id);
  sqlite3_bind_int64 (stmt, 4, event->local_seq);
  bind_text (stmt, 5, event->entity_kind);
  bind_text (stmt, 6, event->entity_uuid);
  sqlite3_bind_int64 (stmt, 7, event->entity_version);
  bind_text (stmt, 8, event->action);
  sqlite3_bind_int64 (stmt, 9, event->at);
  bind_text (stmt, 10, event->payload);
  bind_text (stmt, 11, event->envelope);
  sqlite3_bind_int64 (stmt, 12, care_server_store_now (self));
  if (!step_done (self, stmt, "insert event", error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

GPtrArray *
care_server_store_list_event_ids (CareServerStore  *self,
                                  const char       *provider,
                                  const char       *device_id,
                                  gint64            from_seq,
                                  GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "SELECT event_id FROM events WHERE provider = ?1 AND device_id = ?2 AND local_seq >= ?3 "
    "ORDER BY local_seq", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, provider);
  bind_text (stmt, 2, device_id);
  sqlite3_bind_int64 (stmt, 3, from_seq);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_server_store_set_error (self, error, "reconcile");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gint64
care_server_store_add_feed_item (CareServerStore  *self,
                                 const char       *provider,
                                 const char       *item_id,
                                 const char       *kind,
                                 const char       *entity_id,
                                 gint64            version,
                                 const char       *payload,
                                 GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "INSERT INTO feed_items (provider, item_id, kind, entity_id, version, payload, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, provider);
  bind_text (stmt, 2, item_id);
  bind_text (stmt, 3, kind);
  bind_text (stmt, 4, entity_id);
  sqlite3_bind_int64 (stmt, 5, version);
  bind_text (stmt, 6, payload);
  sqlite3_bind_int64 (stmt, 7, care_server_store_now (self));
  if (!step_done (self, stmt, "feed item", error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static JsonNode *
parse_json_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_parser_get_root (parser));
}

/* Each item as the feed sends it: a JsonObject per row, oldest first. */
GPtrArray *
care_server_store_list_feed (CareServerStore  *self,
                             const char       *provider,
                             gint64            after_seq,
                             guint             limit,
                             GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "SELECT server_seq, item_id, kind, entity_id, version, payload FROM feed_items "
    "WHERE provider = ?1 AND server_seq > ?2 ORDER BY server_seq LIMIT ?3", error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, provider);
  sqlite3_bind_int64 (stmt, 2, after_seq);
  sqlite3_bind_int (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "server_seq", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (item, "item_id", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (item, "kind", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (item, "entity_id", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_int_member (item, "version", sqlite3_column_int64 (stmt, 4));
      json_object_set_member (item, "payload",
                              parse_json_text ((const char *) sqlite3_column_text (stmt, 5)));
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_server_store_set_error (self, error, "feed");
      return NULL;
    }
  return g_steal_pointer (&items);
}

gboolean
care_server_store_add_task (CareServerStore  *self,
                            const char       *id,
                            const char       *provider,
                            GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "INSERT INTO tasks (id, provider, status, version) VALUES (?1, ?2, 'proposed', 1)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, provider);
  return step_done (self, stmt, "add task", error);
}

CareServerTask *
care_server_store_get_task (CareServerStore  *self,
                            const char       *id,
                            GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "SELECT provider, status, version FROM tasks WHERE id = ?1", error);
  CareServerTask *task = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      task = g_new0 (CareServerTask, 1);
      task->provider = column_text (stmt, 0);
      task->status = column_text (stmt, 1);
      task->version = sqlite3_column_int64 (stmt, 2);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_NOT_FOUND,
                 "there is no task %s", id);
  else
    care_server_store_set_error (self, error, "task");
  sqlite3_reset (stmt);
  return task;
}

gboolean
care_server_store_find_transition (CareServerStore  *self,
                                   const char       *task_id,
                                   const char       *event_id,
                                   char            **to_status,
                                   gint64           *version,
                                   GError          **error)
{
  sqlite3_stmt *stmt = care_server_store_prepare (self,
    "SELECT to_status, version FROM transitions WHERE task_id = ?1 AND event_id = ?2", error);
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, task_id);
  bind_text (stmt, 2, event_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      *to_status = column_text (stmt, 0);
      *version = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    care_server_store_set_error (self, error, "find transition");
  sqlite3_reset (stmt);
  return found;
}

/* The version check is in the UPDATE itself, so the transition applies only
 * to the version the caller looked at. */
gboolean
care_server_store_apply_transition (CareServerStore  *self,
                                    const char       *task_id,
                                    const char       *from_status,
                                    const char       *to_status,
                                    gint64            new_version,
                                    const char       *reason,
                                    const char       *event_id,
                                    GError          **error)
{
  sqlite3_stmt *stmt;

  if (!care_server_store_begin (self, error))
    return FALSE;
  stmt = care_server_store_prepare (self,
    "UPDATE tasks SET status = ?2, version = ?3 WHERE id = ?1 AND version = ?3 - 1", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, task_id);
  bind_text (stmt, 2, to_status);
  sqlite3_bind_int64 (stmt, 3, new_version);
  if (!step_done (self, stmt, "transition", error))
    goto fail;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_EXISTS,
                   "the task changed meanwhile");
      goto fail;
    }
  stmt = care_server_store_prepare (self,
    "INSERT INTO transitions (task_id, from_status, to_status, version, reason, event_id, at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, task_id);
  bind_text (stmt, 2, from_status);
  bind_text (stmt, 3, to_status);
  sqlite3_bind_int64 (stmt, 4, new_version);
  bind_text (stmt, 5, reason);
  bind_text (stmt, 6, event_id);
  sqlite3_bind_int64 (stmt, 7, care_server_store_now (self));
  if (!step_done (self, stmt, "transition", error))
    goto fail;
  return care_server_store_commit (self, error);

fail:
  care_server_store_rollback (self);
  return FALSE;
}

static gboolean
copy_database (sqlite3  *from,
               sqlite3  *to,
               GError  **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_BACKUP,
                   "the copy could not start: %s", sqlite3_errmsg (to));
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
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_BACKUP,
                   "the copy failed: %s", sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

gboolean
care_server_store_backup (CareServerStore  *self,
                          const char       *dest_path,
                          GError          **error)
{
  sqlite3 *dest = NULL;
  gboolean ok;

  if (g_strcmp0 (dest_path, self->path) == 0)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_BACKUP,
                   "a backup cannot overwrite the database it is made from");
      return FALSE;
    }
  if (!ensure_private_file (dest_path, error))
    return FALSE;
  if (sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_BACKUP,
                   "cannot write the backup %s: %s", dest_path, sqlite3_errmsg (dest));
      sqlite3_close_v2 (dest);
      return FALSE;
    }
  ok = copy_database (self->db, dest, error);
  sqlite3_close_v2 (dest);
  return ok;
}

/* The backup must be a whole commissioner database before anything of the
 * current one is touched. */
static gboolean
check_backup (sqlite3     *src,
              const char  *src_path,
              GError     **error)
{
  g_autofree char *check = query_text (src, "PRAGMA integrity_check");
  g_autofree char *version = query_text (src, "PRAGMA user_version");
  g_autofree char *epoch = query_text (src, "SELECT value FROM meta WHERE key = 'server_epoch'");

  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_BACKUP,
                   "%s is not a readable, undamaged database: nothing was restored", src_path);
      return FALSE;
    }
  if (epoch == NULL || version == NULL || g_ascii_strtoll (version, NULL, 10) < 1
      || g_ascii_strtoll (version, NULL, 10) > SCHEMA_VERSION)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_BACKUP,
                   "%s is not a care-commissioner backup this version can read: nothing was restored",
                   src_path);
      return FALSE;
    }
  return TRUE;
}

/* A restored database has lost whatever was written after the backup. It
 * gets a new epoch, so that every client notices and re-sends what the
 * server no longer holds (docs/SYNC.md, reconcile). The copy goes through
 * the SQLite backup API into the live file, so a running server sees it at
 * its next request. */
gboolean
care_server_store_restore (const char  *db_path,
                           const char  *src_path,
                           char       **new_epoch,
                           GError     **error)
{
  sqlite3 *src = NULL;
  sqlite3 *dest = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_BACKUP,
                   "cannot open the backup %s: %s", src_path, sqlite3_errmsg (src));
      goto out;
    }
  if (!check_backup (src, src_path, error))
    goto out;
  dest = open_connection (db_path, error);
  if (dest == NULL || !copy_database (src, dest, error))
    goto out;
  if (!exec_sql (dest, "BEGIN IMMEDIATE", error))
    goto out;
  if (!set_new_epoch (dest, new_epoch, error)
      || !release_stale_keys (dest, error)
      || !exec_sql (dest, "COMMIT", error))
    {
      sqlite3_exec (dest, "ROLLBACK", NULL, NULL, NULL);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close_v2 (src);
  sqlite3_close_v2 (dest);
  return ok;
}
