/* care-list-util.c: giving a lazy list its rows once it can show them */
#include "config.h"

#include "care-list-util.h"

#include <glib/gi18n.h>

#include "care-form-util.h"

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

/* Rows of a title, a detail line and a tag */

typedef struct
{
  CareListRowUpdate update;
  gpointer          user_data;
  gboolean          wrap;
} RowFactory;

static void
style_row_label (GtkWidget *label,
                 gboolean   wrap)
{
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              RowFactory               *rows)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *tag = care_form_tag_new ("", NULL);

  style_row_label (title, rows->wrap);
  style_row_label (detail, rows->wrap);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), tag);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "detail", detail);
  g_object_set_data (G_OBJECT (box), "tag", tag);
  gtk_list_item_set_child (item, box);
}

void
care_list_row_set (GtkListItem *item,
                   const char  *title,
                   const char  *detail,
                   const char  *tag,
                   gboolean     tag_is_error)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *tag_label = g_object_get_data (G_OBJECT (box), "tag");

  g_return_if_fail (GTK_IS_WIDGET (tag_label));

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "title"), title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "detail"), detail ? detail : "");
  gtk_label_set_text (GTK_LABEL (tag_label), tag ? tag : "");
  gtk_widget_set_visible (tag_label, tag != NULL);
  if (tag_is_error)
    gtk_widget_add_css_class (tag_label, "error");
  else
    gtk_widget_remove_css_class (tag_label, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail ? detail : "",
                                  -1);
}

static void
update_list_row (GtkListItem *item,
                 RowFactory  *rows)
{
  CarePagedRow *row = gtk_list_item_get_item (item);

  if (row == NULL || !care_paged_row_get_loaded (row))
    {
      care_list_row_set (item, "…", NULL, NULL, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading…"), -1);
      return;
    }
  rows->update (item, row, rows->user_data);
}

static void
row_loaded_cb (CarePagedRow *row,
               GParamSpec   *pspec,
               GtkListItem  *item)
{
  update_list_row (item, g_object_get_data (G_OBJECT (item), "care-row-factory"));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             RowFactory               *rows)
{
  g_object_set_data (G_OBJECT (item), "care-row-factory", rows);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::loaded", G_CALLBACK (row_loaded_cb), item, 0);
  update_list_row (item, rows);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               RowFactory               *rows)
{
  gpointer row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, row_loaded_cb, item);
}

GtkListItemFactory *
care_list_row_factory_new (CareListRowUpdate update,
                           gpointer          user_data,
                           gboolean          wrap)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowFactory *rows = g_new0 (RowFactory, 1);

  g_return_val_if_fail (update != NULL, NULL);

  rows->update = update;
  rows->user_data = user_data;
  rows->wrap = wrap;
  /* The factory owns the description of its rows. */
  g_object_set_data_full (G_OBJECT (factory), "care-row-factory", rows, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), rows);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), rows);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), rows);
  return factory;
}
