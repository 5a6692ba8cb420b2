/* care-paged-model.c: a lazy list over a paged query from the core
 *
 * Pages are read on worker threads (the query has its own read-only
 * connection), so a deep OFFSET on a million-row history never stalls a
 * frame. A generation number, bumped by every reload, tells a page that
 * arrives late that the list it was read for is gone.
 */
#include "config.h"

#include "care-paged-model.h"

/* About 4,000 rows: many screens of any list, and a few megabytes at most
 * however far a million-row history is scrolled. */
#define MAX_CACHED_PAGES 64

struct _CarePagedRow
{
  GObject       parent_instance;

  guint         position;
  CareQueryRow *data;
};

enum
{
  ROW_PROP_0,
  ROW_PROP_POSITION,
  ROW_PROP_LOADED,
  N_ROW_PROPS
};

static GParamSpec *row_properties[N_ROW_PROPS];

G_DEFINE_FINAL_TYPE (CarePagedRow, care_paged_row, G_TYPE_OBJECT)

static void
care_paged_row_finalize (GObject *object)
{
  CarePagedRow *self = CARE_PAGED_ROW (object);

  g_clear_pointer (&self->data, care_query_row_unref);

  G_OBJECT_CLASS (care_paged_row_parent_class)->finalize (object);
}

static void
care_paged_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CarePagedRow *self = CARE_PAGED_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case ROW_PROP_LOADED:
      g_value_set_boolean (value, self->data != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_paged_row_class_init (CarePagedRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = care_paged_row_finalize;
  object_class->get_property = care_paged_row_get_property;

  row_properties[ROW_PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  row_properties[ROW_PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_ROW_PROPS, row_properties);
}

static void
care_paged_row_init (CarePagedRow *self)
{
}

static CarePagedRow *
care_paged_row_new (guint position)
{
  CarePagedRow *self = g_object_new (CARE_TYPE_PAGED_ROW, NULL);

  self->position = position;
  return self;
}

static void
care_paged_row_fill (CarePagedRow *self,
                     CareQueryRow *data)
{
  g_clear_pointer (&self->data, care_query_row_unref);
  self->data = care_query_row_ref (data);
  /* A bound list row redraws on this notification, so it is sent even for
   * a row that was loaded before and now holds newer values. */
  g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_LOADED]);
}

guint
care_paged_row_get_position (CarePagedRow *self)
{
  g_return_val_if_fail (CARE_IS_PAGED_ROW (self), 0);

  return self->position;
}

gboolean
care_paged_row_get_loaded (CarePagedRow *self)
{
  g_return_val_if_fail (CARE_IS_PAGED_ROW (self), FALSE);

  return self->data != NULL;
}

CareQueryRow *
care_paged_row_get_data (CarePagedRow *self)
{
  g_return_val_if_fail (CARE_IS_PAGED_ROW (self), NULL);

  return self->data;
}

const char *
care_paged_row_get_string (CarePagedRow *self,
                           const char   *column)
{
  g_return_val_if_fail (CARE_IS_PAGED_ROW (self), NULL);

  return self->data != NULL ? care_query_row_get_string (self->data, column) : NULL;
}

gint64
care_paged_row_get_int (CarePagedRow *self,
                        const char   *column)
{
  g_return_val_if_fail (CARE_IS_PAGED_ROW (self), 0);

  return self->data != NULL ? care_query_row_get_int (self->data, column) : 0;
}

typedef struct
{
  guint      index;
  GPtrArray *rows;       /* CarePagedRow, the placeholders handed out */
  gboolean   loaded;
  gboolean   loading;
  GList      lru_link;   /* data: this page */
} Page;

struct _CarePagedModel
{
  GObject          parent_instance;

  CarePagedQuery  *query;
  guint            n_items;
  guint            generation;
  GHashTable      *pages;         /* index -> Page */
  GQueue           lru;           /* most recently used first */
  GCancellable    *cancellable;
  guint            n_loading;
  guint            pages_fetched;
  char            *error_message;
};

enum
{
  PROP_0,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void care_paged_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CarePagedModel, care_paged_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      care_paged_model_list_model_init))

typedef struct
{
  CarePagedQuery *query;
  guint           generation;
  guint           page_index;
  guint           offset;
  guint           limit;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->query);
  g_free (data);
}

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->rows);
  g_free (page);
}

static void
set_error_message (CarePagedModel *self,
                   const char     *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
loading_changed (CarePagedModel *self,
                 int             delta)
{
  gboolean was_loading = self->n_loading > 0;

  self->n_loading += delta;
  if (was_loading != (self->n_loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  GError *error = NULL;
  GPtrArray *rows;

  if (g_task_return_error_if_cancelled (task))
    return;

  rows = care_paged_query_fetch (data->query, data->offset, data->limit, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CarePagedModel *self = CARE_PAGED_MODEL (source_object);
  FetchData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  rows = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Read for a list that has since been reloaded: its rows are gone, and
   * the reload stopped counting it as loading. */
  if (data->generation != self->generation)
    return;

  loading_changed (self, -1);

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (data->page_index));
  if (page == NULL)
    return;
  page->loading = FALSE;

  if (rows == NULL)
    {
      set_error_message (self, error->message);
      return;
    }

  page->loaded = TRUE;
  /* Fewer rows than placeholders means rows went since the count; the
   * placeholders past the end stay unloaded until the next reload. */
  for (guint i = 0; i < rows->len && i < page->rows->len; i++)
    care_paged_row_fill (g_ptr_array_index (page->rows, i), g_ptr_array_index (rows, i));
}

static void
start_fetch (CarePagedModel *self,
             Page           *page)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data = g_new0 (FetchData, 1);

  data->query = g_object_ref (self->query);
  data->generation = self->generation;
  data->page_index = page->index;
  data->offset = page->index * CARE_PAGED_MODEL_PAGE_SIZE;
  data->limit = page->rows->len;

  page->loading = TRUE;
  self->pages_fetched++;
  loading_changed (self, +1);

  task = g_task_new (self, self->cancellable, fetch_done_cb, NULL);
  g_task_set_source_tag (task, start_fetch);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

/* Rows handed out stay valid in whoever holds them; forgetting a page only
 * means its rows are read again if asked for again. Pages being read are
 * kept so that their placeholders still get filled. */
static void
evict_pages (CarePagedModel *self)
{
  GList *link = self->lru.tail;

  /* The head is the page just asked for: it is handed out at once, so it
   * stays even when every other page is still being read. */
  while (self->lru.length > MAX_CACHED_PAGES && link != NULL && link != self->lru.head)
    {
      GList *prev = link->prev;
      Page *page = link->data;

      if (!page->loading)
        {
          g_queue_unlink (&self->lru, link);
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
        }
      link = prev;
    }
}

static Page *
lookup_page (CarePagedModel *self,
             guint           index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  guint first = index * CARE_PAGED_MODEL_PAGE_SIZE;
  guint n_rows;

  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->lru_link);
      g_queue_push_head_link (&self->lru, &page->lru_link);
      return page;
    }

  n_rows = MIN (CARE_PAGED_MODEL_PAGE_SIZE, self->n_items - first);
  page = g_new0 (Page, 1);
  page->index = index;
  page->rows = g_ptr_array_new_full (n_rows, g_object_unref);
  page->lru_link.data = page;
  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (page->rows, care_paged_row_new (first + i));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->lru_link);
  evict_pages (self);

  return page;
}

static GType
care_paged_model_get_item_type (GListModel *model)
{
  return CARE_TYPE_PAGED_ROW;
}

static guint
care_paged_model_get_n_items (GListModel *model)
{
  return CARE_PAGED_MODEL (model)->n_items;
}

static gpointer
care_paged_model_get_item (GListModel *model,
                           guint       position)
{
  CarePagedModel *self = CARE_PAGED_MODEL (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = lookup_page (self, position / CARE_PAGED_MODEL_PAGE_SIZE);
  if (!page->loaded && !page->loading)
    start_fetch (self, page);

  return g_object_ref (g_ptr_array_index (page->rows, position % CARE_PAGED_MODEL_PAGE_SIZE));
}

static void
care_paged_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = care_paged_model_get_item_type;
  iface->get_n_items = care_paged_model_get_n_items;
  iface->get_item = care_paged_model_get_item;
}

static void
clear_pages (CarePagedModel *self)
{
  /* The queue links live inside the pages the table frees. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

void
care_paged_model_reload (CarePagedModel *self)
{
  g_autoptr(GError) error = NULL;
  guint old_n_items;
  gint64 count = 0;

  g_return_if_fail (CARE_IS_PAGED_MODEL (self));

  old_n_items = self->n_items;
  self->generation++;
  clear_pages (self);

  if (self->query != NULL)
    count = care_paged_query_count (self->query, &error);

  set_error_message (self, error != NULL ? error->message : NULL);
  self->n_items = (guint) CLAMP (count, 0, G_MAXUINT);

  /* Pages still being read for the old generation no longer count as
   * loading this list. */
  if (self->n_loading > 0)
    {
      self->n_loading = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
care_paged_model_dispose (GObject *object)
{
  CarePagedModel *self = CARE_PAGED_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  clear_pages (self);
  g_clear_object (&self->query);

  G_OBJECT_CLASS (care_paged_model_parent_class)->dispose (object);
}

static void
care_paged_model_finalize (GObject *object)
{
  CarePagedModel *self = CARE_PAGED_MODEL (object);

  g_hash_table_unref (self->pages);
  g_clear_object (&self->cancellable);
  g_free (self->error_message);

  G_OBJECT_CLASS (care_paged_model_parent_class)->finalize (object);
}

static void
care_paged_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CarePagedModel *self = CARE_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      g_value_set_object (value, self->query);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loading > 0);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_paged_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CarePagedModel *self = CARE_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      care_paged_model_set_query (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_paged_model_class_init (CarePagedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = care_paged_model_dispose;
  object_class->finalize = care_paged_model_finalize;
  object_class->get_property = care_paged_model_get_property;
  object_class->set_property = care_paged_model_set_property;

  properties[PROP_QUERY] =
    g_param_spec_object ("query", NULL, NULL,
                         CARE_TYPE_PAGED_QUERY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
care_paged_model_init (CarePagedModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->lru);
}

CarePagedModel *
care_paged_model_new (CarePagedQuery *query)
{
  g_return_val_if_fail (query == NULL || CARE_IS_PAGED_QUERY (query), NULL);

  return g_object_new (CARE_TYPE_PAGED_MODEL, "query", query, NULL);
}

CarePagedQuery *
care_paged_model_get_query (CarePagedModel *self)
{
  g_return_val_if_fail (CARE_IS_PAGED_MODEL (self), NULL);

  return self->query;
}

/* A new search or filter is a new query; the list is read again. */
void
care_paged_model_set_query (CarePagedModel *self,
                            CarePagedQuery *query)
{
  g_return_if_fail (CARE_IS_PAGED_MODEL (self));
  g_return_if_fail (query == NULL || CARE_IS_PAGED_QUERY (query));

  if (g_set_object (&self->query, query))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  care_paged_model_reload (self);
}

gboolean
care_paged_model_get_loading (CarePagedModel *self)
{
  g_return_val_if_fail (CARE_IS_PAGED_MODEL (self), FALSE);

  return self->n_loading > 0;
}

const char *
care_paged_model_get_error_message (CarePagedModel *self)
{
  g_return_val_if_fail (CARE_IS_PAGED_MODEL (self), NULL);

  return self->error_message;
}

guint
care_paged_model_get_pages_fetched (CarePagedModel *self)
{
  g_return_val_if_fail (CARE_IS_PAGED_MODEL (self), 0);

  return self->pages_fetched;
}
