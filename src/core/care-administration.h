/* care-administration.h: recording that a delegated task was done or not
 *
 * The rules: the performer records as themselves; "done" needs a valid
 * competency; a slot takes one "done" unless an extra administration is
 * recorded with a reason; a when-required task keeps to its 24-hour maximum
 * and minimum interval; nothing happens in the future; entries made long
 * after the event are flagged late. A dose given before its slot was even
 * due (more than the home's "due_lead_minutes" before the slot time) is
 * recorded as given, and shown as given early wherever it is shown.
 */
#pragma once

#include "care-session.h"

G_BEGIN_DECLS

/* Allowance for a PC clock a little ahead of the carer's watch. */
#define CARE_CLOCK_SKEW_SECONDS 120

gboolean care_administration_record (CareSession  *session,
                                     CareRecord   *administration,
                                     GError      **error);

/* How long before its slot a dose may be given without being early: the
 * time a slot shows as due before its time. */
gint64   care_administration_due_lead_seconds (CareStore   *store);
/* Whether a dose given at @occurred_at for the slot @slot_date @slot_time
 * was given before that slot was due; never for a when-required dose
 * (@slot_time NULL or ""). */
gboolean care_administration_is_early        (const char  *slot_date,
                                              const char  *slot_time,
                                              gint64       occurred_at,
                                              gint64       due_lead_seconds);

G_END_DECLS
