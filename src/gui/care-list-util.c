/* care-list-util.c: giving a lazy list its rows once it can show them */
#include "config.h"

#include "care-list-util.h"

typedef struct
{
  CarePagedModel *model;
  CarePagedQuery *query;
} PendingQuery;

static void
pending_query_free (gpointer data)
{
  PendingQuery *pending = data;

  g_clear_object (&pending->model);
  g_clear_object (&pending->query);
  g_free (pending);
}

static void
cancel_pending (GtkListView *view)
{
  guint id = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (view), "care-pending-query"));

  if (id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (view), id);
}

static gboolean
set_when_sized_cb (GtkWidget     *view,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  PendingQuery *pending = data;

  if (gtk_widget_get_height (view) == 0)
    return G_SOURCE_CONTINUE;
  g_object_steal_data (G_OBJECT (view), "care-pending-query");
  care_paged_model_set_query (pending->model, pending->query);
  return G_SOURCE_REMOVE;
}

/* Sets @query on @model now if @view has a height, else at the first frame
 * that gives it one; a later call replaces a query still waiting. Taking
 * the query away (NULL) is always done at once. */
void
care_list_view_set_query (GtkListView    *view,
                          CarePagedModel *model,
                          CarePagedQuery *query)
{
  PendingQuery *pending;
  guint id;

  g_return_if_fail (GTK_IS_LIST_VIEW (view));
  g_return_if_fail (CARE_IS_PAGED_MODEL (model));

  cancel_pending (view);
  if (query == NULL || gtk_widget_get_height (GTK_WIDGET (view)) > 0)
    {
      care_paged_model_set_query (model, query);
      return;
    }
  /* Until then the list shows nothing rather than stale rows. */
  care_paged_model_set_query (model, NULL);
  pending = g_new0 (PendingQuery, 1);
  pending->model = g_object_ref (model);
  pending->query = g_object_ref (query);
  id = gtk_widget_add_tick_callback (GTK_WIDGET (view), set_when_sized_cb, pending, pending_query_free);
  g_object_set_data (G_OBJECT (view), "care-pending-query", GUINT_TO_POINTER (id));
}

/* Whether a query is waiting for @view to be given a height. */
gboolean
care_list_view_has_pending_query (GtkListView *view)
{
  g_return_val_if_fail (GTK_IS_LIST_VIEW (view), FALSE);

  return g_object_get_data (G_OBJECT (view), "care-pending-query") != NULL;
}
