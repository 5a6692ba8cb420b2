/* care-paged-model.h: a lazy list over a paged query from the core
 *
 * CarePagedModel is the GListModel behind every big list. Its length is the
 * query's COUNT(*); asking for an item returns a CarePagedRow at once, a
 * placeholder until the page of 64 rows it belongs to has been read on a
 * worker thread, after which the row's "loaded" property turns TRUE. Only
 * the pages a list shows are ever read, and only a bounded number of them
 * are kept. Sort and filter in the query, never with a GtkSortListModel or
 * GtkFilterListModel over this model: those touch every row.
 */
#pragma once

#include <gio/gio.h>

#include "care-paged-query.h"

G_BEGIN_DECLS

#define CARE_PAGED_MODEL_PAGE_SIZE 64

#define CARE_TYPE_PAGED_ROW (care_paged_row_get_type ())

G_DECLARE_FINAL_TYPE (CarePagedRow, care_paged_row, CARE, PAGED_ROW, GObject)

guint         care_paged_row_get_position  (CarePagedRow *self);
gboolean      care_paged_row_get_loaded    (CarePagedRow *self);
CareQueryRow *care_paged_row_get_data      (CarePagedRow *self);
const char   *care_paged_row_get_string    (CarePagedRow *self,
                                            const char   *column);
gint64        care_paged_row_get_int       (CarePagedRow *self,
                                            const char   *column);

#define CARE_TYPE_PAGED_MODEL (care_paged_model_get_type ())

G_DECLARE_FINAL_TYPE (CarePagedModel, care_paged_model, CARE, PAGED_MODEL, GObject)

CarePagedModel *care_paged_model_new               (CarePagedQuery *query);
CarePagedQuery *care_paged_model_get_query         (CarePagedModel *self);
void            care_paged_model_set_query         (CarePagedModel *self,
                                                    CarePagedQuery *query);
void            care_paged_model_reload            (CarePagedModel *self);
gboolean        care_paged_model_get_loading       (CarePagedModel *self);
const char     *care_paged_model_get_error_message (CarePagedModel *self);
guint           care_paged_model_get_pages_fetched (CarePagedModel *self);

G_END_DECLS
