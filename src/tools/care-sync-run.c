/* care-sync-run: the sync with the commissioner, without the app
 *
 *   care-sync-run --db PATH --url URL --token-file FILE
 *                 [--until-drained SECONDS] [--ca-file CA]
 *                 [--timeout S] [--backoff-cap S] [--interval S] [--seed N]
 *                 [--no-gzip] [--verbose]
 *
 * Without --until-drained it runs like the app does: an attempt at once,
 * then on the retry timer, until SIGINT or SIGTERM. With it, it stops as
 * soon as an attempt has succeeded with nothing left pending (exit 0), or
 * when the time is up (exit 1) or the sync halted for a fault a person must
 * fix (exit 2). It is also the separate process the fault tests kill.
 */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdlib.h>

#include "care-core.h"
#include "care-sync.h"
#include "care-sync-token.h"

typedef struct
{
  GMainLoop *loop;
  CareSync  *sync;
  gboolean   drain;
  gboolean   verbose;
  gboolean   seen_running;
  int        status;
} Run;

static const char *
state_name (CareSyncState state)
{
  switch (state)
    {
    case CARE_SYNC_IDLE: return "idle";
    case CARE_SYNC_RUNNING: return "running";
    case CARE_SYNC_RETRYING: return "retrying";
    case CARE_SYNC_HALTED: return "halted";
    case CARE_SYNC_STOPPED: return "stopped";
    default: return "?";
    }
}

static void
on_state_changed (CareSync *sync,
                  Run      *run)
{
  CareSyncState state = care_sync_get_state (sync);

  if (run->verbose)
    g_printerr ("care-sync-run: %s, pending %" G_GINT64_FORMAT ", rejected %" G_GINT64_FORMAT "%s%s\n",
                state_name (state), care_sync_get_pending_count (sync), care_sync_get_rejected_count (sync),
                care_sync_get_last_error (sync) ? "; last error: " : "",
                care_sync_get_last_error (sync) ? care_sync_get_last_error (sync) : "");
  if (state == CARE_SYNC_RUNNING)
    run->seen_running = TRUE;
  if (state == CARE_SYNC_HALTED)
    {
      run->status = 2;
      g_main_loop_quit (run->loop);
      return;
    }
  if (!run->drain || state != CARE_SYNC_IDLE || !run->seen_running)
    return;
  /* IDLE follows a successful attempt; anything recorded meanwhile is
   * sent by one more. */
  if (care_sync_get_pending_count (sync) == 0)
    {
      run->status = 0;
      g_main_loop_quit (run->loop);
    }
  else
    care_sync_now (sync);
}

static gboolean
on_deadline (gpointer data)
{
  Run *run = data;

  run->status = 1;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  Run *run = data;

  run->status = 0;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *token = NULL;
  double until_drained = -1;
  double backoff_cap = -1;
  double interval = -1;
  int timeout = 0;
  int seed = -1;
  gboolean verbose = FALSE;
  gboolean no_gzip = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The care home's database", "PATH" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "The commissioner's base URL", "URL" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, "The file holding the bearer token", "FILE" },
    { "until-drained", 0, 0, G_OPTION_ARG_DOUBLE, &until_drained,
      "Stop once nothing is pending, or fail after SECONDS", "SECONDS" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust only this CA for the commissioner", "CA" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "I/O timeout (default 30 s)", "SECONDS" },
    { "backoff-cap", 0, 0, G_OPTION_ARG_DOUBLE, &backoff_cap, "Longest backoff (default 300 s)", "SECONDS" },
    { "interval", 0, 0, G_OPTION_ARG_DOUBLE, &interval, "Time between regular attempts", "SECONDS" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the backoff jitter", "N" },
    { "no-gzip", 0, 0, G_OPTION_ARG_NONE, &no_gzip, "Never compress request bodies", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Report every change of state", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- sync a care home with its commissioner");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(CareSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Run run = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("care-sync-run: %s\n", error->message);
      return 64;
    }
  if (db == NULL || url == NULL)
    {
      g_printerr ("care-sync-run: --db and --url are required\n");
      return 64;
    }
  token = care_sync_token_load_file (token_file, &error);
  if (token == NULL)
    goto fail;
  store = care_store_open (db, &error);
  if (store == NULL)
    goto fail;
  sync = care_sync_new (store, url, token, &error);
  if (sync == NULL || (ca_file != NULL && !care_sync_set_ca_file (sync, ca_file, &error)))
    goto fail;
  care_sync_set_token_file (sync, token_file);
  if (timeout > 0)
    care_sync_set_timeout (sync, timeout);
  if (backoff_cap >= 0)
    care_sync_set_backoff_cap (sync, backoff_cap);
  if (interval >= 0)
    care_sync_set_interval (sync, interval);
  if (seed >= 0)
    care_sync_set_seed (sync, seed);
  if (no_gzip)
    care_sync_set_allow_gzip (sync, FALSE);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.sync = sync;
  run.drain = until_drained >= 0;
  run.verbose = verbose;
  g_signal_connect (sync, "state-changed", G_CALLBACK (on_state_changed), &run);
  g_unix_signal_add (SIGINT, on_signal, &run);
  g_unix_signal_add (SIGTERM, on_signal, &run);
  if (run.drain)
    g_timeout_add ((guint) (until_drained * 1000), on_deadline, &run);
  care_sync_start (sync);
  g_main_loop_run (loop);
  care_sync_stop (sync);

  g_print ("care-sync-run: %s; pending %" G_GINT64_FORMAT ", rejected %" G_GINT64_FORMAT "%s%s\n",
           run.status == 0 ? "done" : run.status == 1 ? "not drained in time" : "halted",
           care_sync_get_pending_count (sync), care_sync_get_rejected_count (sync),
           care_sync_get_last_error (sync) ? "; last error: " : "",
           care_sync_get_last_error (sync) ? care_sync_get_last_error (sync) : "");
  return run.status;

fail:
  g_printerr ("care-sync-run: %s\n", error->message);
  return 1;
}
