/* care-bench-proc.h: what the GUI benchmark and its minimal baseline read
 * about their own process
 *
 * GLib only, so that the minimal window links nothing it would not
 * otherwise load.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 care_bench_process_start_us (void);
gint64 care_bench_status_kb        (const char *field);

G_END_DECLS
