/* care-liberty.h: liberty safeguards screening and DoLS/LPS cases
 *
 * The screening is factor based: since the June 2026 Supreme Court judgment
 * the old two-question "acid test" no longer decides whether someone is
 * deprived of their liberty, so the screen records the factors and the
 * screener's rationale rather than computing an answer.
 */
#pragma once

#include "care-session.h"

G_BEGIN_DECLS

/* The restriction codes a screening may list. */
extern const char * const care_liberty_restriction_codes[];

const char *care_liberty_restriction_label (const char  *code);
char       *care_liberty_longest_until     (CareRecord  *liberty_case);

G_END_DECLS
