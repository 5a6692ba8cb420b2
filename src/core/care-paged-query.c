/* care-paged-query.c: a read-only query that is read one page at a time */
#include "config.h"

#include "care-paged-query.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "care-store-private.h"

#define CARE_PAGED_QUERY_MAX_PARAMS 16

/* Column names are shared by every row of every page of one query. */
typedef struct
{
  guint  n_columns;
  char **names;
} QueryColumns;

struct _CareQueryRow
{
  QueryColumns  *columns;   /* atomic rc box */
  char         **values;    /* n_columns, NULL for SQL NULL */
};

G_DEFINE_BOXED_TYPE (CareQueryRow, care_query_row, care_query_row_ref, care_query_row_unref)

typedef struct
{
  gboolean  set;
  gboolean  is_int;
  gint64    int_value;
  char     *text_value;
} QueryParam;

struct _CarePagedQuery
{
  GObject       parent_instance;

  char         *path;
  char         *sql;
  char         *count_sql;
  char         *page_sql;
  QueryParam    params[CARE_PAGED_QUERY_MAX_PARAMS];
  guint         n_params;

  /* Everything below belongs to whichever thread holds the lock. */
  GMutex        lock;
  sqlite3      *db;
  sqlite3_stmt *count_stmt;
  sqlite3_stmt *page_stmt;
  QueryColumns *columns;
  guint         n_fetches;
};

G_DEFINE_FINAL_TYPE (CarePagedQuery, care_paged_query, G_TYPE_OBJECT)

static void
query_columns_clear (gpointer data)
{
  QueryColumns *columns = data;

  for (guint i = 0; i < columns->n_columns; i++)
    g_free (columns->names[i]);
  g_free (columns->names);
}

CareQueryRow *
care_query_row_ref (CareQueryRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  return g_atomic_rc_box_acquire (row);
}

static void
query_row_clear (gpointer data)
{
  CareQueryRow *row = data;

  for (guint i = 0; i < row->columns->n_columns; i++)
    g_free (row->values[i]);
  g_free (row->values);
  g_atomic_rc_box_release_full (row->columns, query_columns_clear);
}

void
care_query_row_unref (CareQueryRow *row)
{
  g_return_if_fail (row != NULL);

  g_atomic_rc_box_release_full (row, query_row_clear);
}

guint
care_query_row_get_n_columns (CareQueryRow *row)
{
  g_return_val_if_fail (row != NULL, 0);

  return row->columns->n_columns;
}

const char *
care_query_row_get_column_name (CareQueryRow *row,
                                guint         column)
{
  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (column < row->columns->n_columns, NULL);

  return row->columns->names[column];
}

static int
find_column (CareQueryRow *row,
             const char   *column)
{
  for (guint i = 0; i < row->columns->n_columns; i++)
    if (g_str_equal (row->columns->names[i], column))
      return (int) i;
  return -1;
}

const char *
care_query_row_get_string (CareQueryRow *row,
                           const char   *column)
{
  int i;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  i = find_column (row, column);
  /* A misspelt column is a programming error, not a missing value. */
  g_return_val_if_fail (i >= 0, NULL);

  return row->values[i];
}

gint64
care_query_row_get_int (CareQueryRow *row,
                        const char   *column)
{
  const char *text = care_query_row_get_string (row, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static void
care_paged_query_finalize (GObject *object)
{
  CarePagedQuery *self = CARE_PAGED_QUERY (object);

  g_clear_pointer (&self->count_stmt, sqlite3_finalize);
  g_clear_pointer (&self->page_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  if (self->columns != NULL)
    g_atomic_rc_box_release_full (self->columns, query_columns_clear);
  for (guint i = 0; i < CARE_PAGED_QUERY_MAX_PARAMS; i++)
    g_free (self->params[i].text_value);
  g_free (self->path);
  g_free (self->sql);
  g_free (self->count_sql);
  g_free (self->page_sql);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (care_paged_query_parent_class)->finalize (object);
}

static void
care_paged_query_class_init (CarePagedQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_paged_query_finalize;
}

static void
care_paged_query_init (CarePagedQuery *self)
{
  g_mutex_init (&self->lock);
}

/* Counting does not need the order, and an ORDER BY inside the counted
 * subquery makes SQLite read and sort every row; so the count runs over the
 * query without its outermost ORDER BY clause. */
static char *
count_sql_for (const char *sql)
{
  int depth = 0;
  const char *cut = NULL;

  for (const char *p = sql; *p; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      else if (depth == 0 && g_ascii_strncasecmp (p, "ORDER BY", 8) == 0)
        cut = p;
    }
  if (cut == NULL)
    return g_strdup_printf ("SELECT COUNT(*) FROM (%s)", sql);
  return g_strdup_printf ("SELECT COUNT(*) FROM (%.*s)", (int) (cut - sql), sql);
}

CarePagedQuery *
care_paged_query_new (CareStore  *store,
                      const char *sql)
{
  CarePagedQuery *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  self = g_object_new (CARE_TYPE_PAGED_QUERY, NULL);
  self->path = g_strdup (care_store_get_path (store));
  self->sql = g_strdup (sql);
  self->count_sql = count_sql_for (sql);
  /* The page bounds are the last two parameters, numbered past any the
   * query itself could use. */
  self->page_sql = g_strdup_printf ("%s LIMIT ?%u OFFSET ?%u", sql,
                                    CARE_PAGED_QUERY_MAX_PARAMS + 1,
                                    CARE_PAGED_QUERY_MAX_PARAMS + 2);
  return self;
}

static QueryParam *
param_for_binding (CarePagedQuery *self,
                   guint           index)
{
  QueryParam *param;

  g_return_val_if_fail (index >= 1 && index <= CARE_PAGED_QUERY_MAX_PARAMS, NULL);
  /* Binding after the first read would change the rows under a model that
   * already counted them; make a new query instead. */
  g_return_val_if_fail (self->db == NULL, NULL);

  param = &self->params[index - 1];
  g_clear_pointer (&param->text_value, g_free);
  param->set = TRUE;
  self->n_params = MAX (self->n_params, index);
  return param;
}

void
care_paged_query_bind_text (CarePagedQuery *self,
                            guint           index,
                            const char     *value)
{
  QueryParam *param;

  g_return_if_fail (CARE_IS_PAGED_QUERY (self));

  param = param_for_binding (self, index);
  if (param == NULL)
    return;
  param->is_int = FALSE;
  param->text_value = g_strdup (value);
}

void
care_paged_query_bind_int (CarePagedQuery *self,
                           guint           index,
                           gint64          value)
{
  QueryParam *param;

  g_return_if_fail (CARE_IS_PAGED_QUERY (self));

  param = param_for_binding (self, index);
  if (param == NULL)
    return;
  param->is_int = TRUE;
  param->int_value = value;
}

static gboolean
set_sqlite_error (CarePagedQuery  *self,
                  GError         **error,
                  const char      *what)
{
  g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL,
               _("Reading the list failed (%s): %s"), what,
               self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
}

static void
bind_params (CarePagedQuery *self,
             sqlite3_stmt   *stmt)
{
  for (guint i = 0; i < self->n_params; i++)
    {
      const QueryParam *param = &self->params[i];

      if (!param->set)
        continue;
      if (param->is_int)
        sqlite3_bind_int64 (stmt, i + 1, param->int_value);
      else if (param->text_value != NULL)
        sqlite3_bind_text (stmt, i + 1, param->text_value, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, i + 1);
    }
}

/* Called with the lock held. */
static gboolean
ensure_open (CarePagedQuery  *self,
             GError         **error)
{
  int n_columns;

  if (self->page_stmt != NULL)
    return TRUE;

  /* Read-only and private to this query: a list can never write, and its
   * statements never meet the store's cached ones. */
  if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, "open");
      g_clear_pointer (&self->db, sqlite3_close_v2);
      return FALSE;
    }
  /* The writer holds its lock only for the length of one commit. */
  sqlite3_busy_timeout (self->db, 5000);

  if (sqlite3_prepare_v3 (self->db, self->count_sql, -1, SQLITE_PREPARE_PERSISTENT, &self->count_stmt, NULL) != SQLITE_OK
      || sqlite3_prepare_v3 (self->db, self->page_sql, -1, SQLITE_PREPARE_PERSISTENT, &self->page_stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, "prepare");
      g_clear_pointer (&self->count_stmt, sqlite3_finalize);
      g_clear_pointer (&self->page_stmt, sqlite3_finalize);
      g_clear_pointer (&self->db, sqlite3_close_v2);
      return FALSE;
    }

  bind_params (self, self->count_stmt);
  bind_params (self, self->page_stmt);

  n_columns = sqlite3_column_count (self->page_stmt);
  self->columns = g_atomic_rc_box_new0 (QueryColumns);
  self->columns->n_columns = n_columns;
  self->columns->names = g_new0 (char *, n_columns + 1);
  for (int i = 0; i < n_columns; i++)
    self->columns->names[i] = g_strdup (sqlite3_column_name (self->page_stmt, i));

  return TRUE;
}

gint64
care_paged_query_count (CarePagedQuery  *self,
                        GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (CARE_IS_PAGED_QUERY (self), -1);

  locker = g_mutex_locker_new (&self->lock);
  if (!ensure_open (self, error))
    return -1;

  rc = sqlite3_step (self->count_stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (self->count_stmt, 0);
  else
    set_sqlite_error (self, error, "count");
  sqlite3_reset (self->count_stmt);

  return count;
}

static CareQueryRow *
row_from_statement (CarePagedQuery *self)
{
  CareQueryRow *row = g_atomic_rc_box_new0 (CareQueryRow);
  guint n_columns = self->columns->n_columns;

  row->columns = g_atomic_rc_box_acquire (self->columns);
  row->values = g_new0 (char *, n_columns);
  for (guint i = 0; i < n_columns; i++)
    if (sqlite3_column_type (self->page_stmt, i) != SQLITE_NULL)
      row->values[i] = g_strdup ((const char *) sqlite3_column_text (self->page_stmt, i));

  return row;
}

GPtrArray *
care_paged_query_fetch (CarePagedQuery  *self,
                        guint            offset,
                        guint            limit,
                        GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  g_return_val_if_fail (CARE_IS_PAGED_QUERY (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (!ensure_open (self, error))
    return NULL;

  rows = g_ptr_array_new_full (limit, (GDestroyNotify) care_query_row_unref);
  sqlite3_bind_int64 (self->page_stmt, CARE_PAGED_QUERY_MAX_PARAMS + 1, limit);
  sqlite3_bind_int64 (self->page_stmt, CARE_PAGED_QUERY_MAX_PARAMS + 2, offset);
  self->n_fetches++;

  while ((rc = sqlite3_step (self->page_stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_statement (self));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, "fetch");
      sqlite3_reset (self->page_stmt);
      return NULL;
    }
  sqlite3_reset (self->page_stmt);

  return g_steal_pointer (&rows);
}

guint
care_paged_query_get_n_fetches (CarePagedQuery *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CARE_IS_PAGED_QUERY (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->n_fetches;
}

CarePagedQuery *
care_paged_query_active_staff (CareStore  *store,
                               const char *search)
{
  CarePagedQuery *query;

  /* instr() rather than LIKE, so "%" and "_" typed in the search box are
   * plain characters. The uuid ends the order so that two people with one
   * name keep their places between pages. */
  query = care_paged_query_new (store,
    "SELECT s.uuid AS uuid, s.name AS name, s.role AS role FROM staff s "
    "WHERE s.entered_in_error = 0 AND s.active = 1 "
    "AND NOT EXISTS (SELECT 1 FROM staff n WHERE n.uuid = s.uuid AND n.version > s.version) "
    "AND (?1 IS NULL OR instr(lower(s.name), lower(?1)) > 0) "
    "ORDER BY s.name COLLATE NOCASE, s.uuid");
  care_paged_query_bind_text (query, 1, search != NULL && *search != '\0' ? search : NULL);

  return query;
}
