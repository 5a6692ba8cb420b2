/* care-crash-writer.c: records administrations as fast as it can until it
 * is killed; the helper of test-crash.c
 *
 * Usage: care-crash-writer DATABASE STAFF-UUID TASK-UUID, with the staff
 * member's PIN in CARE_CRASH_PIN. Prints "READY" once signed in, then the
 * uuid of every administration after care_administration_record() has
 * returned TRUE, that is after its transaction committed: every uuid
 * printed must survive the kill.
 *
 * Each record takes the next free slot of the task (08:00 and 20:00 of
 * successive days from its start), so the duplicate-slot rule never
 * refuses one: "done" while the staff member's competency is valid on that
 * day, "not done (asleep)" after it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "care-core.h"
#include "care-store-private.h"

typedef struct
{
  CareStore   *store;
  CareSession *session;
  CareRecord  *task;
  char        *done_until;   /* the last day the competency is valid */
} Writer;

static G_NORETURN void
die (const char   *doing,
     const GError *error)
{
  fprintf (stderr, "care-crash-writer: %s: %s\n", doing, error ? error->message : "failed");
  exit (2);
}

static gint64
count_recorded (Writer *w)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  if (sqlite3_prepare_v2 (_care_store_get_db (w->store),
                          "SELECT count (DISTINCT uuid) FROM administration WHERE task_uuid = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    die ("counting the records", NULL);
  sqlite3_bind_text (stmt, 1, care_record_get_uuid (w->task), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
writer_open (Writer     *w,
             const char *path,
             const char *staff_uuid,
             const char *task_uuid,
             const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) competency = NULL;

  w->store = care_store_open (path, &error);
  if (w->store == NULL)
    die ("opening the database", error);
  w->session = care_session_sign_in (w->store, staff_uuid, pin, &error);
  if (w->session == NULL)
    die ("signing in", error);
  w->task = care_store_load (w->store, CARE_KIND_DELEGATED_TASK, task_uuid, &error);
  if (w->task == NULL)
    die ("loading the task", error);
  competency = care_competency_find_valid (w->store, staff_uuid,
                                           care_record_get_string (w->task, "task_type_uuid"),
                                           care_record_get_string (w->task, "person_uuid"),
                                           care_record_get_string (w->task, "start_date"), &error);
  w->done_until = g_strdup (competency ? care_record_get_string (competency, "valid_until")
                                       : care_record_get_string (w->task, "start_date"));
}

/* The @n-th slot of the task, counted from its start. */
static CareRecord *
next_administration (Writer *w,
                     gint64  n)
{
  CareRecord *a = care_record_new (CARE_KIND_ADMINISTRATION);
  g_autofree char *day = care_date_add_days (care_record_get_string (w->task, "start_date"), (int) (n / 2));
  const char *time = n % 2 == 0 ? "08:00" : "20:00";
  gint64 occurred = care_local_instant (day, time) + 5 * 60;

  care_record_set_string (a, "task_uuid", care_record_get_uuid (w->task));
  care_record_set_string (a, "slot_date", day);
  care_record_set_string (a, "slot_time", time);
  care_record_set_int (a, "occurred_at", occurred);
  if (strcmp (day, w->done_until) <= 0)
    {
      care_record_set_string (a, "outcome", "done");
      care_record_set_string (a, "site", "Lower left leg");
    }
  else
    {
      care_record_set_string (a, "outcome", "not_done");
      care_record_set_string (a, "reason_code", "S");
    }
  /* Recorded a minute after it happened, on the store's clock. */
  care_store_set_now (w->store, occurred + 60);
  return a;
}

int
main (int argc, char **argv)
{
  Writer w = { 0 };
  const char *pin = g_getenv ("CARE_CRASH_PIN");

  if (argc != 4 || pin == NULL)
    {
      fprintf (stderr, "Usage: CARE_CRASH_PIN=PIN %s DATABASE STAFF-UUID TASK-UUID\n", argv[0]);
      return 1;
    }
  writer_open (&w, argv[1], argv[2], argv[3], pin);
  fputs ("READY\n", stdout);
  fflush (stdout);

  for (gint64 n = count_recorded (&w);; n++)
    {
      g_autoptr(CareRecord) a = next_administration (&w, n);
      g_autoptr(GError) error = NULL;

      if (!care_administration_record (w.session, a, &error))
        die ("recording", error);
      /* Committed: only now is it acknowledged. */
      fprintf (stdout, "%s\n", care_record_get_uuid (a));
      fflush (stdout);
    }
}
