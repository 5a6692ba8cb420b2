/* care-bench-util.h: what the benchmark tools share
 *
 * Each benchmark works on a copy of a care home's database, never on the
 * file it is given: opening an older schema with the store would upgrade
 * that file in place.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean care_bench_copy_database (const char  *from,
                                   const char  *to,
                                   GError     **error);
/* The first column of the first row of @sql (one optional text parameter,
 * @arg), read on a read-only connection of its own; NULL if none. */
char    *care_bench_query_text    (const char  *path,
                                   const char  *sql,
                                   const char  *arg);

G_END_DECLS
