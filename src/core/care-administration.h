/* care-administration.h: recording that a delegated task was done or not
 *
 * The rules: the performer records as themselves; "done" needs a valid
 * competency; a slot takes one "done" unless an extra administration is
 * recorded with a reason; a when-required task keeps to its 24-hour maximum
 * and minimum interval; nothing happens in the future; entries made long
 * after the event are flagged late.
 */
#pragma once

#include "care-session.h"

G_BEGIN_DECLS

/* Allowance for a PC clock a little ahead of the carer's watch. */
#define CARE_CLOCK_SKEW_SECONDS 120

gboolean care_administration_record (CareSession  *session,
                                     CareRecord   *administration,
                                     GError      **error);

G_END_DECLS
