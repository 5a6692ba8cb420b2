/* care-list-util.h: giving a lazy list its rows once it can show them
 *
 * A GtkListView (GTK 4.8) that has no height yet asks its model for every
 * item when the model changes, which would read a five-year history whole.
 * Lists over a CarePagedModel therefore get their query only once they
 * have been given a height.
 */
#pragma once

#include <gtk/gtk.h>

#include "care-paged-model.h"

G_BEGIN_DECLS

void     care_list_view_set_query         (GtkListView    *view,
                                           CarePagedModel *model,
                                           CarePagedQuery *query);
gboolean care_list_view_has_pending_query (GtkListView    *view);

/* Rows of a lazy list shown as a title, a dim detail line and an optional
 * tag. @update fills a row once its data has been read (again when a
 * placeholder's data arrives); until then the row says it is loading. */
typedef void (*CareListRowUpdate) (GtkListItem  *item,
                                   CarePagedRow *row,
                                   gpointer      user_data);

GtkListItemFactory *care_list_row_factory_new (CareListRowUpdate  update,
                                               gpointer           user_data,
                                               gboolean           wrap);
/* NULL @tag hides the tag. The title and detail also name the row for
 * assistive technologies: GTK 4.8 list rows take no name of their own. */
void                care_list_row_set         (GtkListItem       *item,
                                               const char        *title,
                                               const char        *detail,
                                               const char        *tag,
                                               gboolean           tag_is_error);

G_END_DECLS
