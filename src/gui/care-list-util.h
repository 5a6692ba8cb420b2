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

G_END_DECLS
