/* care-setup.h: the first start of a new care home */
#pragma once

#include <glib.h>

#include "care-record.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Loads the shipped catalogue (task types, not-done reasons, decision-matrix
 * questions) from the data files, if the store has none yet. */
gboolean care_setup_load_catalogue (CareStore    *store,
                                    GError      **error);

/* Records the care setting and its first manager in one transaction; only
 * possible while the store has no care setting. Returns the manager's uuid. */
char    *care_setup_first_run      (CareStore    *store,
                                    CareRecord   *setting,
                                    const char   *manager_name,
                                    const char   *manager_pin,
                                    GError      **error);

G_END_DECLS
