/* care-paged-query.h: a read-only query that is read one page at a time
 *
 * Big lists (a person's five-year history, every administration) are never
 * loaded whole. A CarePagedQuery is a SELECT written in the core with its
 * values bound as parameters; the interface asks it how many rows there are
 * and fetches the pages it shows. No text a user typed ever becomes SQL: a
 * search box's text is a bound value.
 *
 * Reads run on the query's own read-only connection to the database file,
 * so a page can be fetched on a worker thread while the store's connection
 * keeps serving the main thread; write-ahead logging gives each statement a
 * consistent snapshot. One query is safe to use from any thread.
 */
#pragma once

#include <glib-object.h>

#include "care-store.h"

G_BEGIN_DECLS

/* One row of a page: column values as text (SQL NULL is NULL). */
typedef struct _CareQueryRow CareQueryRow;

#define CARE_TYPE_QUERY_ROW (care_query_row_get_type ())

GType         care_query_row_get_type        (void) G_GNUC_CONST;
CareQueryRow *care_query_row_ref             (CareQueryRow  *row);
void          care_query_row_unref           (CareQueryRow  *row);
guint         care_query_row_get_n_columns   (CareQueryRow  *row);
const char   *care_query_row_get_column_name (CareQueryRow  *row,
                                              guint          column);
const char   *care_query_row_get_string      (CareQueryRow  *row,
                                              const char    *column);
gint64        care_query_row_get_int         (CareQueryRow  *row,
                                              const char    *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareQueryRow, care_query_row_unref)

#define CARE_TYPE_PAGED_QUERY (care_paged_query_get_type ())

G_DECLARE_FINAL_TYPE (CarePagedQuery, care_paged_query, CARE, PAGED_QUERY, GObject)

/* For core modules only: @sql is fixed text from the core, a SELECT with an
 * ORDER BY that makes the order total (end it with a unique column) and
 * with ?1, ?2... parameters; it must not end in LIMIT or a semicolon. */
CarePagedQuery *care_paged_query_new          (CareStore       *store,
                                               const char      *sql);
void            care_paged_query_bind_text    (CarePagedQuery  *self,
                                               guint            index,
                                               const char      *value);
void            care_paged_query_bind_int     (CarePagedQuery  *self,
                                               guint            index,
                                               gint64           value);

gint64          care_paged_query_count        (CarePagedQuery  *self,
                                               GError         **error);
GPtrArray      *care_paged_query_fetch        (CarePagedQuery  *self,
                                               guint            offset,
                                               guint            limit,
                                               GError         **error);
guint           care_paged_query_get_n_fetches (CarePagedQuery *self);

/* The active staff, by name, whose name contains @search (any case; NULL
 * or "" for everyone). Columns: uuid, name, role. */
CarePagedQuery *care_paged_query_active_staff (CareStore       *store,
                                               const char      *search);

G_END_DECLS
