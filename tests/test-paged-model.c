/* test-paged-model.c: a lazy list over a million rows */
#include "config.h"

#include <sqlite3.h>

#include "care-gui-test-util.h"

#define N_ROWS 1000000

typedef struct
{
  CareFixture  f;
  char        *path;
} ModelFixture;

static void
exec_on_file (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
}

/* A million fake history rows, made by a recursive CTE in the temporary
 * database beside the records. */
static void
model_setup (ModelFixture  *mf,
             gconstpointer  data)
{
  g_autofree char *sql = NULL;

  care_fixture_setup_empty (&mf->f, data);
  sql = g_strdup_printf ("CREATE TABLE history (n INTEGER PRIMARY KEY, what TEXT NOT NULL);"
                         "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d) "
                         "INSERT INTO history SELECT x, 'entry ' || x FROM c;",
                         N_ROWS);
  exec_on_file (care_store_get_path (mf->f.store), sql);
}

static void
model_teardown (ModelFixture  *mf,
                gconstpointer  data)
{
  care_fixture_teardown (&mf->f, data);
}

static CarePagedQuery *
history_query (ModelFixture *mf)
{
  return care_paged_query_new (mf->f.store, "SELECT n, what FROM history ORDER BY n");
}

static gboolean
row_loaded (gpointer data)
{
  return care_paged_row_get_loaded (CARE_PAGED_ROW (data));
}

static void
test_last_row (ModelFixture  *mf,
               gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = history_query (mf);
  g_autoptr(CarePagedModel) model = care_paged_model_new (query);
  g_autoptr(CarePagedRow) last = NULL;
  g_autoptr(CarePagedRow) again = NULL;
  g_autoptr(CarePagedRow) first = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == CARE_TYPE_PAGED_ROW);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_ROWS));

  /* A placeholder at once, filled when its page arrives. */
  last = g_list_model_get_item (G_LIST_MODEL (model), N_ROWS - 1);
  g_assert_nonnull (last);
  g_assert_cmpuint (care_paged_row_get_position (last), ==, N_ROWS - 1);
  g_assert_true (care_paged_model_get_loading (model));
  g_assert_true (care_gui_test_wait_until (row_loaded, last, 10000));
  g_assert_cmpint (care_paged_row_get_int (last, "n"), ==, N_ROWS);
  g_assert_cmpstr (care_paged_row_get_string (last, "what"), ==, "entry 1000000");
  g_assert_false (care_paged_model_get_loading (model));

  /* The same position gives the same object; its page is not read again. */
  again = g_list_model_get_item (G_LIST_MODEL (model), N_ROWS - 1);
  g_assert_true (again == last);
  g_assert_cmpuint (care_paged_model_get_pages_fetched (model), ==, 1);

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  care_gui_test_wait_for_model (model);
  g_assert_cmpstr (care_paged_row_get_string (first, "what"), ==, "entry 1");
  g_assert_cmpuint (care_paged_model_get_pages_fetched (model), ==, 2);
  g_assert_cmpuint (care_paged_query_get_n_fetches (query), ==, 2);
}

/* How long one page costs on the worker thread, near the start and at the
 * very end of a million rows (OFFSET walks the rows it skips). */
static void
test_page_cost (ModelFixture  *mf,
                gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = history_query (mf);
  g_autoptr(GTimer) timer = g_timer_new ();
  double first_ms, last_ms;

  g_ptr_array_unref (care_paged_query_fetch (query, 0, 64, NULL));   /* opens and prepares */

  g_timer_start (timer);
  g_ptr_array_unref (care_paged_query_fetch (query, 64, 64, NULL));
  first_ms = g_timer_elapsed (timer, NULL) * 1000;

  g_timer_start (timer);
  g_ptr_array_unref (care_paged_query_fetch (query, N_ROWS - 64, 64, NULL));
  last_ms = g_timer_elapsed (timer, NULL) * 1000;

  g_test_message ("page of 64 at offset 64: %.2f ms; at offset %d: %.2f ms", first_ms, N_ROWS - 64, last_ms);
  /* Generous bounds for a loaded CI machine; pages are read off the main
   * thread, so even the deep page never holds up a frame. */
  g_assert_cmpfloat (first_ms, <, 50);
  g_assert_cmpfloat (last_ms, <, 2000);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
update_label (GtkListItem *item)
{
  CarePagedRow *row = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      care_paged_row_get_loaded (row) ? care_paged_row_get_string (row, "what") : "…");
}

static void
loaded_cb (CarePagedRow *row,
           GParamSpec   *pspec,
           GtkListItem  *item)
{
  update_label (item);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  g_signal_connect (gtk_list_item_get_item (item), "notify::loaded", G_CALLBACK (loaded_cb), item);
  update_label (item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), loaded_cb, item);
}

/* A list view reads only the pages it shows, even scrolled to the end. */
static void
test_list_view (ModelFixture  *mf,
                gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = history_query (mf);
  g_autoptr(CarePagedModel) model = care_paged_model_new (query);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (model))));
  GtkWidget *view = gtk_list_view_new (selection, factory);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWindow *window;
  guint fetched;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);

  window = care_gui_test_window (scroller, 300, 400);
  care_gui_test_wait_for_model (model);
  fetched = care_paged_model_get_pages_fetched (model);
  g_test_message ("pages read to show the top: %u", fetched);
  g_assert_cmpuint (fetched, >=, 1);
  g_assert_cmpuint (fetched, <=, 8);

  /* As a user pressing Ctrl+End does. */
  gtk_widget_activate_action (view, "list.scroll-to-item", "u", N_ROWS - 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  care_gui_test_wait_for_model (model);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_message ("pages read after scrolling to the end: %u", care_paged_model_get_pages_fetched (model));
  g_assert_cmpuint (care_paged_model_get_pages_fetched (model), <=, fetched + 12);
  g_assert_nonnull (care_gui_test_find (GTK_WIDGET (window), GTK_TYPE_LABEL, "entry 1000000"));

  gtk_window_destroy (window);
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_signals;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *seen)
{
  seen->position = position;
  seen->removed = removed;
  seen->added = added;
  seen->n_signals++;
}

static void
test_reload (ModelFixture  *mf,
             gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = history_query (mf);
  g_autoptr(CarePagedModel) model = care_paged_model_new (query);
  g_autoptr(CarePagedRow) stale = NULL;
  g_autoptr(CarePagedRow) fresh = NULL;
  ItemsChanged seen = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &seen);

  /* A page asked for just before a reload arrives for a list that is gone. */
  stale = g_list_model_get_item (G_LIST_MODEL (model), 5);
  exec_on_file (care_store_get_path (mf->f.store), "DELETE FROM history WHERE n <= 10");
  care_paged_model_reload (model);

  g_assert_cmpuint (seen.n_signals, ==, 1);
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.removed, ==, N_ROWS);
  g_assert_cmpuint (seen.added, ==, N_ROWS - 10);

  fresh = g_list_model_get_item (G_LIST_MODEL (model), 5);
  care_gui_test_wait_for_model (model);
  care_gui_test_wait (50);
  g_assert_true (fresh != stale);
  g_assert_false (care_paged_row_get_loaded (stale));
  g_assert_cmpint (care_paged_row_get_int (fresh, "n"), ==, 16);
}

static void
test_new_query (ModelFixture  *mf,
                gconstpointer  data)
{
  g_autoptr(CarePagedModel) model = care_paged_model_new (NULL);
  g_autoptr(CarePagedQuery) query = care_paged_query_new (mf->f.store, "SELECT n FROM history WHERE n % ?1 = 0 ORDER BY n");
  g_autoptr(CarePagedQuery) broken = care_paged_query_new (mf->f.store, "SELECT n FROM no_such_table ORDER BY n");
  g_autoptr(CarePagedRow) row = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  care_paged_query_bind_int (query, 1, 1000);
  care_paged_model_set_query (model, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  row = g_list_model_get_item (G_LIST_MODEL (model), 999);
  care_gui_test_wait_for_model (model);
  g_assert_cmpint (care_paged_row_get_int (row, "n"), ==, N_ROWS);
  g_assert_null (care_paged_model_get_error_message (model));

  /* A query that fails leaves an empty list and says why. */
  care_paged_model_set_query (model, broken);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_nonnull (care_paged_model_get_error_message (model));
}

/* Walking through ten thousand rows keeps a bounded number of pages; rows
 * handed out stay valid after their page is forgotten. */
static void
test_bounded_cache (ModelFixture  *mf,
                    gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = history_query (mf);
  g_autoptr(CarePagedModel) model = care_paged_model_new (query);
  g_autoptr(CarePagedRow) kept = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autoptr(CarePagedRow) again = NULL;

  care_gui_test_wait_for_model (model);
  for (guint i = 0; i < 10000; i += 64)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      care_gui_test_wait_for_model (model);
    }

  g_assert_cmpstr (care_paged_row_get_string (kept, "what"), ==, "entry 1");
  /* Page 0 was forgotten long ago, so it is read again. */
  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (again != kept);
  care_gui_test_wait_for_model (model);
  g_assert_cmpstr (care_paged_row_get_string (again, "what"), ==, "entry 1");
}

/* A list view can ask for rows of more pages than the cache keeps before
 * any of them is read (a refresh of a long list it has scrolled through);
 * each row it is given must stay valid. */
static void
test_many_pages_loading (ModelFixture  *mf,
                         gconstpointer  data)
{
  g_autoptr(CarePagedQuery) query = history_query (mf);
  g_autoptr(CarePagedModel) model = care_paged_model_new (query);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  const guint n_pages = 200;

  for (guint i = 0; i < n_pages; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (model), i * CARE_PAGED_MODEL_PAGE_SIZE));
  care_gui_test_wait_for_model (model);

  for (guint i = 0; i < n_pages; i++)
    {
      CarePagedRow *row = g_ptr_array_index (rows, i);
      g_autofree char *expected = g_strdup_printf ("entry %u", i * CARE_PAGED_MODEL_PAGE_SIZE + 1);

      g_assert_true (CARE_IS_PAGED_ROW (row));
      g_assert_cmpuint (care_paged_row_get_position (row), ==, i * CARE_PAGED_MODEL_PAGE_SIZE);
      if (care_paged_row_get_loaded (row))
        g_assert_cmpstr (care_paged_row_get_string (row, "what"), ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);

  g_test_add ("/paged-model/last-row", ModelFixture, NULL, model_setup, test_last_row, model_teardown);
  g_test_add ("/paged-model/page-cost", ModelFixture, NULL, model_setup, test_page_cost, model_teardown);
  g_test_add ("/paged-model/list-view", ModelFixture, NULL, model_setup, test_list_view, model_teardown);
  g_test_add ("/paged-model/reload", ModelFixture, NULL, model_setup, test_reload, model_teardown);
  g_test_add ("/paged-model/new-query", ModelFixture, NULL, model_setup, test_new_query, model_teardown);
  g_test_add ("/paged-model/bounded-cache", ModelFixture, NULL, model_setup, test_bounded_cache, model_teardown);
  g_test_add ("/paged-model/many-pages-loading", ModelFixture, NULL, model_setup, test_many_pages_loading, model_teardown);

  return g_test_run ();
}
