/* care-people.h: people supported and staff */
#pragma once

#include "care-record.h"

G_BEGIN_DECLS

/* People aged 16 or 17 follow a different liberty route (the Court of
 * Protection under DoLS), so screens flag them. */
gboolean care_person_is_16_or_17 (CareRecord *person,
                                  const char *on_date);

G_END_DECLS
