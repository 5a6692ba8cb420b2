/* care-demo.h: a realistic, deterministic demonstration care home
 *
 * Builds a care home with people, staff, delegated tasks and years of
 * administrations through the same core rules a user goes through, so the
 * demonstration data is data the app could have recorded.
 */
#pragma once

#include <glib.h>

#include "care-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint32     seed;
  guint       n_people;      /* default 60 */
  guint       n_staff;       /* default 80 */
  guint       days;          /* history length; default 5 years (1826 days) */
  const char *end_date;      /* last day of history, YYYY-MM-DD; NULL: today */
  gboolean    quiet;
} CareDemoOptions;

typedef struct
{
  guint64 people;
  guint64 staff;
  guint64 tasks;
  guint64 competencies;
  guint64 administrations;
  guint64 reviews;
  guint64 screenings;
  guint64 cases;
  gdouble seconds;
  /* Added detail: what the history holds and where the time went. */
  guint64 not_done;
  guint64 late;
  guint64 corrections;        /* administrations corrected (a new version) */
  guint64 entered_in_error;   /* administrations marked entered in error */
  guint64 declined;
  guint64 revoked;
  guint64 events;             /* change-log entries (every version written) */
  guint64 people_active;      /* at the end */
  guint64 staff_active;
  guint64 awaiting_decision;
  gdouble signin_seconds;     /* Argon2id PIN checks, one per member of staff */
  gdouble cpu_seconds;        /* user + system CPU time: on a busy machine,
                               * what the generation itself cost */
} CareDemoStats;

void      care_demo_options_init (CareDemoOptions        *options);
gboolean  care_demo_generate     (CareStore              *store,
                                  const CareDemoOptions  *options,
                                  CareDemoStats          *stats,
                                  GError                **error);

/* Every demonstration staff member signs in with this PIN. */
#define CARE_DEMO_PIN "1234"

G_END_DECLS
