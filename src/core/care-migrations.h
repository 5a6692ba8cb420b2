#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The schema version a new or upgraded database ends at. */
#define CARE_SCHEMA_VERSION 9

/* The SQL that takes a database from @version - 1 to @version, or NULL. */
char *care_migration_sql (guint version);

G_END_DECLS
