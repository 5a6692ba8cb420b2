/* test-paged-query.c: read-only queries read one page at a time */
#include "config.h"

#include <sqlite3.h>

#include "care-test-util.h"

/* A table of numbers beside the records, made through a separate
 * connection as a stand-in for any big table. */
static void
add_numbers (CareFixture *f,
             guint        n)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (care_store_get_path (f->store), &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT);"
                         "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %u) "
                         "INSERT INTO numbers SELECT x, CASE WHEN x %% 10 = 0 THEN NULL ELSE 'n' || x END FROM c;",
                         n);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);
}

static GPtrArray *
fetch (CarePagedQuery *query,
       guint           offset,
       guint           limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = care_paged_query_fetch (query, offset, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static gint64
count (CarePagedQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 n = care_paged_query_count (query, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_staff_in_name_order (CareFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = care_paged_query_active_staff (f->store, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  static const char * const expected[] = {
    "Alex Carer", "Bea Newstart", "Chris Senior", "Jo Evans", "Priya Shah", "Sam Okafor",
  };

  g_assert_cmpint (count (query), ==, G_N_ELEMENTS (expected));
  rows = fetch (query, 0, 64);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < rows->len; i++)
    {
      CareQueryRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (care_query_row_get_string (row, "name"), ==, expected[i]);
      g_assert_nonnull (care_query_row_get_string (row, "uuid"));
    }
  g_assert_cmpuint (care_query_row_get_n_columns (g_ptr_array_index (rows, 0)), ==, 3);
  g_assert_cmpstr (care_query_row_get_column_name (g_ptr_array_index (rows, 0), 2), ==, "role");
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 4), "role"), ==, "manager");
}

static void
test_staff_search (CareFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(CarePagedQuery) okafor = care_paged_query_active_staff (f->store, "OKAFOR");
  g_autoptr(CarePagedQuery) ar = care_paged_query_active_staff (f->store, "ar");
  g_autoptr(CarePagedQuery) percent = care_paged_query_active_staff (f->store, "%");
  g_autoptr(CarePagedQuery) quote = care_paged_query_active_staff (f->store, "x' OR 1=1 --");
  g_autoptr(GPtrArray) rows = NULL;

  /* Any case, anywhere in the name. */
  g_assert_cmpint (count (okafor), ==, 1);
  rows = fetch (okafor, 0, 64);
  g_assert_cmpstr (care_query_row_get_string (g_ptr_array_index (rows, 0), "name"), ==, "Sam Okafor");

  g_assert_cmpint (count (ar), ==, 2);   /* Alex Carer, Bea Newstart */

  /* What is typed is text, never a pattern or SQL. */
  g_assert_cmpint (count (percent), ==, 0);
  g_assert_cmpint (count (quote), ==, 0);
}

static void
test_staff_inactive_left_out (CareFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) staff = care_store_load (f->store, CARE_KIND_STAFF, f->other_carer_uuid, &error);
  g_autoptr(CarePagedQuery) query = NULL;

  g_assert_no_error (error);
  care_record_set_bool (staff, "active", FALSE);
  g_assert_true (care_session_save (f->manager, staff, "Left the home", &error));
  g_assert_no_error (error);

  query = care_paged_query_active_staff (f->store, "Bea");
  g_assert_cmpint (count (query), ==, 0);
}

static void
test_pages (CareFixture   *f,
            gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(GPtrArray) beyond = NULL;
  CareQueryRow *row;

  add_numbers (f, 10000);
  query = care_paged_query_new (f->store, "SELECT n, label FROM numbers WHERE n > ?1 ORDER BY n");
  care_paged_query_bind_int (query, 1, 100);

  g_assert_cmpint (count (query), ==, 9900);

  first = fetch (query, 0, 64);
  g_assert_cmpuint (first->len, ==, 64);
  row = g_ptr_array_index (first, 0);
  g_assert_cmpint (care_query_row_get_int (row, "n"), ==, 101);
  g_assert_cmpstr (care_query_row_get_string (row, "label"), ==, "n101");
  /* SQL NULL stays NULL, and reads as 0 as a number. */
  row = g_ptr_array_index (first, 9);
  g_assert_cmpint (care_query_row_get_int (row, "n"), ==, 110);
  g_assert_null (care_query_row_get_string (row, "label"));
  g_assert_cmpint (care_query_row_get_int (row, "label"), ==, 0);

  /* The last page is short, and past the end there is nothing. */
  last = fetch (query, 9856, 64);
  g_assert_cmpuint (last->len, ==, 44);
  g_assert_cmpint (care_query_row_get_int (g_ptr_array_index (last, 43), "n"), ==, 10000);
  beyond = fetch (query, 9900, 64);
  g_assert_cmpuint (beyond->len, ==, 0);

  g_assert_cmpuint (care_paged_query_get_n_fetches (query), ==, 3);
}

static void
test_rows_outlive_query (CareFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = care_paged_query_active_staff (f->store, "Sam");
  g_autoptr(GPtrArray) rows = fetch (query, 0, 1);
  g_autoptr(CareQueryRow) row = care_query_row_ref (g_ptr_array_index (rows, 0));

  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_object (&query);
  g_assert_cmpstr (care_query_row_get_string (row, "name"), ==, "Sam Okafor");
}

static void
test_bad_sql (CareFixture   *f,
              gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = care_paged_query_new (f->store, "SELECT nothing FROM no_such_table ORDER BY 1");
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  g_assert_cmpint (care_paged_query_count (query, &error), ==, -1);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL);
  g_clear_error (&error);

  rows = care_paged_query_fetch (query, 0, 64, &error);
  g_assert_null (rows);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_SQL);
}

typedef struct
{
  CarePagedQuery *query;
  guint           total;
} ThreadData;

static gpointer
read_all_pages (gpointer data)
{
  ThreadData *td = data;

  for (guint offset = 0; ; offset += 64)
    {
      g_autoptr(GPtrArray) rows = care_paged_query_fetch (td->query, offset, 64, NULL);

      g_assert_nonnull (rows);
      if (rows->len == 0)
        break;
      td->total += rows->len;
    }
  return NULL;
}

/* Pages are read on a worker thread while the store's own connection goes
 * on writing on this one. */
static void
test_read_while_writing (CareFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = NULL;
  ThreadData td = { 0 };
  GThread *thread;

  add_numbers (f, 50000);
  query = care_paged_query_new (f->store, "SELECT n FROM numbers ORDER BY n");
  td.query = query;

  thread = g_thread_new ("pages", read_all_pages, &td);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Writer %u", i);
      g_autofree char *uuid = care_test_add_staff (f, name, "care_worker");

      g_assert_nonnull (uuid);
    }
  g_thread_join (thread);

  g_assert_cmpuint (td.total, ==, 50000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/paged-query/staff/name-order", CareFixture, NULL,
              care_fixture_setup, test_staff_in_name_order, care_fixture_teardown);
  g_test_add ("/paged-query/staff/search", CareFixture, NULL,
              care_fixture_setup, test_staff_search, care_fixture_teardown);
  g_test_add ("/paged-query/staff/inactive", CareFixture, NULL,
              care_fixture_setup, test_staff_inactive_left_out, care_fixture_teardown);
  g_test_add ("/paged-query/pages", CareFixture, NULL,
              care_fixture_setup, test_pages, care_fixture_teardown);
  g_test_add ("/paged-query/rows-outlive-query", CareFixture, NULL,
              care_fixture_setup, test_rows_outlive_query, care_fixture_teardown);
  g_test_add ("/paged-query/bad-sql", CareFixture, NULL,
              care_fixture_setup, test_bad_sql, care_fixture_teardown);
  g_test_add ("/paged-query/read-while-writing", CareFixture, NULL,
              care_fixture_setup, test_read_while_writing, care_fixture_teardown);

  return g_test_run ();
}
