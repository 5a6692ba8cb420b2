/* care-demo-gen.c: make a demonstration care home database
 *
 *   care-demo-gen [--seed N] [--people N] [--staff N] [--days N]
 *                 [--end-date YYYY-MM-DD] [--force] [--quiet] DB_PATH
 *
 * Every record goes through the core's rules (see care-demo.c). The same
 * seed and end date give the same records, UUIDs apart.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "care-core.h"

/* An existing care home is never overwritten by accident: only with
 * --force, and then the file goes with its WAL and shared-memory files. */
static gboolean
prepare_path (const char  *path,
              gboolean     force,
              GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", NULL };
  gboolean set_up = FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !force)
    {
      g_autoptr(CareStore) store = care_store_open (path, error);

      if (store == NULL)
        return FALSE;
      set_up = care_store_is_set_up (store);
    }
  if (set_up)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s already holds a care home; use --force to replace it", path);
      return FALSE;
    }
  if (!force)
    return TRUE;
  for (guint i = 0; suffixes[i]; i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "cannot remove %s: %s", file, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

static void
print_stats (const char          *path,
             const CareDemoStats *s)
{
  g_print ("| %-34s | %12s |\n", "Demonstration home", path);
  g_print ("|------------------------------------|-------------:|\n");
#define ROW(label, value) g_print ("| %-34s | %12" G_GUINT64_FORMAT " |\n", label, (guint64) (value))
  ROW ("people (records)", s->people);
  ROW ("people living there at the end", s->people_active);
  ROW ("staff (records)", s->staff);
  ROW ("staff employed at the end", s->staff_active);
  ROW ("delegated tasks", s->tasks);
  ROW ("  declined", s->declined);
  ROW ("  awaiting a decision at the end", s->awaiting_decision);
  ROW ("competency sign-offs", s->competencies);
  ROW ("  revoked", s->revoked);
  ROW ("administrations", s->administrations);
  ROW ("  not done", s->not_done);
  ROW ("  late entries", s->late);
  ROW ("  corrected", s->corrections);
  ROW ("  entered in error", s->entered_in_error);
  ROW ("clinical oversight reviews", s->reviews);
  ROW ("liberty screenings", s->screenings);
  ROW ("liberty cases (DoLS)", s->cases);
  ROW ("change-log events", s->events);
#undef ROW
  g_print ("| %-34s | %12.1f |\n", "seconds", s->seconds);
  g_print ("| %-34s | %12.1f |\n", "  of which PIN checks (Argon2id)", s->signin_seconds);
  g_print ("| %-34s | %12.1f |\n", "CPU seconds (user + system)", s->cpu_seconds);
  g_print ("| %-34s | %12.0f |\n", "administrations per second",
           s->seconds > 0 ? s->administrations / s->seconds : 0.0);
}

int
main (int    argc,
      char **argv)
{
  CareDemoOptions options;
  CareDemoStats stats;
  gint seed = -1, people = -1, staff = -1, days = -1;
  g_autofree char *end_date = NULL;
  gboolean force = FALSE, quiet = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CareStore) store = NULL;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (default 42)", "N" },
    { "people", 0, 0, G_OPTION_ARG_INT, &people, "Beds in the home (default 60)", "N" },
    { "staff", 0, 0, G_OPTION_ARG_INT, &staff, "Staff, visiting nurses included (default 80)", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Days of history (default 1826, five years)", "N" },
    { "end-date", 0, 0, G_OPTION_ARG_STRING, &end_date, "Last day of the history (default today)", "YYYY-MM-DD" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace an existing database", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress messages", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("DB_PATH - make a demonstration care home");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "give one DB_PATH (see --help)");
      return 2;
    }
  care_demo_options_init (&options);
  if (seed >= 0)
    options.seed = (guint32) seed;
  if (people >= 0)
    options.n_people = (guint) people;
  if (staff >= 0)
    options.n_staff = (guint) staff;
  if (days >= 0)
    options.days = (guint) days;
  options.end_date = end_date;
  options.quiet = quiet;

  if (!prepare_path (argv[1], force, &error)
      || (store = care_store_open (argv[1], &error)) == NULL
      || !care_demo_generate (store, &options, &stats, &error))
    {
      g_printerr ("care-demo-gen: %s\n", error->message);
      return 1;
    }
  print_stats (argv[1], &stats);
  return 0;
}
