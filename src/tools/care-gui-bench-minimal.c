/* care-gui-bench-minimal.c: the baseline window of the start-up benchmark
 *
 *   care-gui-bench-minimal [--adw] [--t0 MONOTONIC_US]
 *
 * A GtkApplication (or, with --adw, an AdwApplication) that opens one
 * window holding one label, at the main window's default size, and exits
 * once the first frame has been drawn. care-gui-bench starts it the same
 * way as the app, in the same run, so the two figures share the machine's
 * load, the X server and the renderer. It prints one line:
 *
 *   care-gui-bench-minimal: main_us=… startup_us=… activate_us=… ready_us=… renderer=… rss_kb=… hwm_kb=…
 *
 * every time counted from @t0 (the parent's clock reading just before it
 * started this process) or, without it, from the process start time the
 * kernel recorded (10 ms resolution).
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "care-bench-proc.h"

/* The main window's default size (ui/care-window.ui). */
#define WINDOW_WIDTH  960
#define WINDOW_HEIGHT 720

typedef struct
{
  GApplication *app;
  gint64        t0;
  gint64        t_main;
  gint64        t_startup;
  gint64        t_activate;
  gulong        paint_id;
} Run;

static void
after_paint_cb (GdkFrameClock *clock,
                Run           *run)
{
  gint64 now = g_get_monotonic_time ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_signal_handler_disconnect (clock, run->paint_id);
  printf ("care-gui-bench-minimal: main_us=%" G_GINT64_FORMAT " startup_us=%" G_GINT64_FORMAT
          " activate_us=%" G_GINT64_FORMAT " ready_us=%" G_GINT64_FORMAT " renderer=%s"
          " rss_kb=%" G_GINT64_FORMAT " hwm_kb=%" G_GINT64_FORMAT "\n",
          run->t_main - run->t0, run->t_startup - run->t0, run->t_activate - run->t0,
          now - run->t0, renderer ? G_OBJECT_TYPE_NAME (renderer) : "none",
          care_bench_status_kb ("VmRSS"), care_bench_status_kb ("VmHWM"));
  fflush (stdout);
  g_application_quit (run->app);
}

static void
startup_cb (GApplication *app,
            Run          *run)
{
  run->t_startup = g_get_monotonic_time ();
}

static void
activate_cb (GApplication *app,
             Run          *run)
{
  GtkWidget *window;
  GtkWidget *label = gtk_label_new ("CareDelegation");

  run->t_activate = g_get_monotonic_time ();
  if (ADW_IS_APPLICATION (app))
    {
      window = adw_application_window_new (GTK_APPLICATION (app));
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), label);
    }
  else
    {
      window = gtk_application_window_new (GTK_APPLICATION (app));
      gtk_window_set_child (GTK_WINDOW (window), label);
    }
  gtk_window_set_title (GTK_WINDOW (window), "CareDelegation");
  gtk_window_set_default_size (GTK_WINDOW (window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_present (GTK_WINDOW (window));

  run->paint_id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                    G_CALLBACK (after_paint_cb), run);
}

int
main (int    argc,
      char **argv)
{
  Run run = { 0 };
  gboolean adw = FALSE;
  gint64 t0 = 0;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "adw", 0, 0, G_OPTION_ARG_NONE, &adw, "An AdwApplication and AdwApplicationWindow", NULL },
    { "t0", 0, 0, G_OPTION_ARG_INT64, &t0, "The parent's monotonic clock when it started this process", "US" },
    { NULL }
  };
  char *app_argv[] = { argv[0], NULL };

  run.t_main = g_get_monotonic_time ();
  setlocale (LC_ALL, "");

  context = g_option_context_new ("- the start-up benchmark's baseline window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  run.t0 = t0 != 0 ? t0 : care_bench_process_start_us ();

  /* Not unique, as the app is run by the benchmark: no name is claimed on
   * the session bus, so runs never find each other. */
  if (adw)
    app = G_APPLICATION (adw_application_new ("org.example.CareDelegation.BenchMinimal", G_APPLICATION_NON_UNIQUE));
  else
    app = G_APPLICATION (gtk_application_new ("org.example.CareDelegation.BenchMinimal", G_APPLICATION_NON_UNIQUE));
  run.app = app;
  g_signal_connect_after (app, "startup", G_CALLBACK (startup_cb), &run);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &run);

  return g_application_run (app, 1, app_argv);
}
