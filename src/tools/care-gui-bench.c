/* care-gui-bench.c: the GUI benchmarks on a copy of a care home database
 *
 *   care-gui-bench [--quick] [--startup-only] [--runs N] [--history-steps N] [--audit-steps N] [--mar-weeks N] DB_PATH
 *
 * Run it under a display (scripts/bench.sh uses Xvfb). It copies DB_PATH
 * with the SQLite backup API into a temporary folder (an older schema is
 * upgraded there, never in DB_PATH) and then measures, each in a fresh
 * process (this program again, with --child):
 *
 * Start-up. The time from the parent's clock reading just before it starts
 * a process to the first frame that shows the Today page's rows,
 * with a member of the care staff signed in; and the same for a minimal
 * GtkApplication window with one label and a minimal AdwApplication one
 * (care-gui-bench-minimal), the three kinds interleaved in every round so
 * that the machine's load falls on all of them. The app is the real
 * CareApplication opening the database as it always does
 * (CARE_DELEGATION_DB); when its window shows the sign-in screen, the
 * session is made with care_session_sign_in() and the sign-in view's
 * "signed-in" signal is emitted, which is exactly what a successful sign-in
 * does. That call verifies the PIN with Argon2id, deliberately slow, and
 * its time is reported apart and left out of the start-up figure.
 *
 * Peak RSS. The app again, one process per scenario: a manager signs in,
 * opens the busiest person's full history (or the History and Audit page,
 * or the person's chart paged back --mar-weeks), and the list's scrolled
 * window is moved from top to bottom a step at a time, each step waiting
 * for the frame, for the pages it asked for and for the frame that shows
 * them. The kernel's high water mark (VmHWM) is read before and set back
 * (/proc/self/clear_refs) once the list is on screen, so the peak reported
 * is the scrolling's, apart from the Argon2id check's 64 MiB at sign-in.
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "care-application.h"
#include "care-audit-page.h"
#include "care-bench-proc.h"
#include "care-bench-util.h"
#include "care-core.h"
#include "care-mar-grid.h"
#include "care-people-page.h"
#include "care-person-page.h"
#include "care-sign-in-view.h"
#include "care-today-page.h"
#include "care-window.h"

#define DEFAULT_RUNS          10
#define QUICK_RUNS            1
#define DEFAULT_HISTORY_STEPS 0    /* a screen a step, every row */
/* A million rows a screen at a time would take hours (each page deep in
 * the list is an OFFSET scan); a hundred jumps still go through far more
 * pages than the model keeps. */
#define DEFAULT_AUDIT_STEPS   100
#define QUICK_STEPS           8
/* The chart shows four weeks at a time; twelve presses of "Earlier weeks"
 * page it back a year (336 days before the four weeks it opens on). */
#define DEFAULT_MAR_WEEKS     48
#define QUICK_MAR_WEEKS       4
#define RSS_TARGET_MB         150.0
#define STARTUP_TARGET        1.2
/* A child that has not finished by then is stuck (no display, no frames). */
#define STARTUP_WATCHDOG_S    300
#define SCROLL_WATCHDOG_S     7200

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

/* Linux (4.0 and later) sets the high water mark back to the current
 * RSS when "5" is written here; FALSE if it could not be. */
static gboolean
reset_peak_rss (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY);
  gboolean done;

  if (fd < 0)
    return FALSE;
  done = write (fd, "5", 1) == 1;
  close (fd);
  return done;
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  parts = g_strsplit (text, " ", 4);
  if (g_strv_length (parts) < 3)
    return g_strdup ("?");
  return g_strdup_printf ("%s %s %s", parts[0], parts[1], parts[2]);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (root == NULL)
    return NULL;
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The list view showing @model (through its selection model). */
static GtkListView *
find_list (GtkWidget      *root,
           CarePagedModel *model)
{
  if (root == NULL || model == NULL)
    return NULL;
  if (GTK_IS_LIST_VIEW (root))
    {
      GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (root));

      if (GTK_IS_NO_SELECTION (selection)
          && gtk_no_selection_get_model (GTK_NO_SELECTION (selection)) == G_LIST_MODEL (model))
        return GTK_LIST_VIEW (root);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found = find_list (child, model);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_widgets (GtkWidget *root)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

static void
painted_cb (GdkFrameClock *clock,
            guint         *painted)
{
  (*painted)++;
}

static gboolean
give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Asks for a frame and runs the main loop until it has been painted;
 * FALSE if none came within a minute (the widget left the screen). */
static gboolean
wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint painted = 0;
  gboolean given_up = FALSE;
  guint timeout;
  gulong id;

  if (clock == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  timeout = g_timeout_add_seconds (60, give_up_cb, &given_up);
  gtk_widget_queue_draw (widget);
  while (painted == 0 && !given_up)
    g_main_context_iteration (NULL, TRUE);
  if (!given_up)
    g_source_remove (timeout);
  g_signal_handler_disconnect (clock, id);
  return painted > 0;
}

/* The window locks itself after a few minutes without a key, click,
 * pointer movement or scroll over it; a programmatic scroll is none of
 * those, so each step tells the window's scroll controllers what a user's
 * wheel would. */
static void
seem_busy (GtkWidget *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        g_signal_emit_by_name (controller, "scroll", 0.0, 1.0, &handled);
    }
}

/* Until every page @model asked its worker threads for has arrived. */
static void
wait_model (CarePagedModel *model)
{
  while (care_paged_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

/* ------------------------------------------------------------------ */
/* The children: what is measured                                      */
/* ------------------------------------------------------------------ */

typedef struct
{
  char   *mode;
  gint64  t0;
  char   *staff_uuid;
  char   *person_uuid;
  int     max_steps;
  int     mar_weeks;
} ChildOptions;

typedef struct
{
  ChildOptions *options;
  GApplication *app;
  CareWindow   *window;
  int           status;

  /* start-up */
  gint64        t_main;
  gint64        t_startup;
  gint64        t_activate;
  gint64        t_window;
  gint64        signin_us;
  gint64        t_loaded;
  guint         n_items;
  guint         n_frames;      /* drawn until the Today rows were on screen */
  gulong        paint_id;

  /* scrolling */
  GArray       *bound;         /* guint8, a bit per row: bound at least once */
  guint         n_bound;
  guint         last_bound;
  gint64        rss_before_kb;
  gint64        hwm_before_kb;
  gboolean      hwm_reset;
  gint64        scroll_start;
  GString      *trail;         /* "point:anon+rest kB[/pages read],..." */
  CarePagedModel *model;       /* the list scrolled, once known */
  gboolean      used_end_key;  /* the scroll bar's end was short of the last row */
} Child;

static void
child_fail (Child      *child,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
child_fail (Child      *child,
            const char *format,
            ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("care-gui-bench (%s): %s\n", child->options->mode, message);
  child->status = 1;
  g_application_quit (child->app);
}

/* Where the RSS stood at @point, for the report (not in the start-up run,
 * which is timed). */
static void
note_rss (Child      *child,
          const char *point)
{
  if (g_str_equal (child->options->mode, "startup"))
    return;
  if (child->trail == NULL)
    child->trail = g_string_new (NULL);
  g_string_append_printf (child->trail, "%s%s:%" G_GINT64_FORMAT "+%" G_GINT64_FORMAT,
                          child->trail->len ? "," : "", point, care_bench_status_kb ("RssAnon"),
                          care_bench_status_kb ("VmRSS") - care_bench_status_kb ("RssAnon"));
  if (child->model != NULL)
    g_string_append_printf (child->trail, "/%u", care_paged_model_get_pages_fetched (child->model));
}

/* The session a successful sign-in makes, handed to the window the way
 * the sign-in view hands it: by its "signed-in" signal. */
static gboolean
sign_in (Child *child)
{
  CareStore *store = care_window_get_store (child->window);
  GtkWidget *view = find_widget (GTK_WIDGET (child->window), CARE_TYPE_SIGN_IN_VIEW);
  g_autoptr(CareSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (store == NULL || !care_store_is_set_up (store) || view == NULL || !gtk_widget_is_visible (view))
    {
      child_fail (child, "the window does not show the sign-in screen");
      return FALSE;
    }
  note_rss (child, "window");
  start = now_us ();
  session = care_session_sign_in (store, child->options->staff_uuid, CARE_DEMO_PIN, &error);
  child->signin_us = now_us () - start;
  note_rss (child, "pin-checked");
  if (session == NULL)
    {
      child_fail (child, "signing in failed: %s", error->message);
      return FALSE;
    }
  g_signal_emit_by_name (view, "signed-in", session);
  if (care_window_get_session (child->window) != session)
    {
      child_fail (child, "the window did not take the session");
      return FALSE;
    }
  note_rss (child, "signed-in");
  return TRUE;
}

/* Whether the Today list has rows on screen, not only the page around it. */
static gboolean
today_rows_shown (Child *child)
{
  GtkWidget *today = care_window_get_page (child->window, "today");
  GtkWidget *view = find_widget (today, GTK_TYPE_GRID_VIEW);

  if (child->n_items == 0)
    return TRUE;
  return view != NULL && gtk_grid_view_get_model (GTK_GRID_VIEW (view)) != NULL
         && gtk_widget_get_first_child (view) != NULL;
}

static void
startup_painted_cb (GdkFrameClock *clock,
                    Child         *child)
{
  gint64 now = now_us ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (child->window));
  gint64 t0 = child->options->t0;

  child->n_frames++;
  if (!today_rows_shown (child))
    {
      gtk_widget_queue_draw (GTK_WIDGET (child->window));
      return;
    }
  g_signal_handler_disconnect (clock, child->paint_id);
  printf ("care-gui-bench: main_us=%" G_GINT64_FORMAT " startup_us=%" G_GINT64_FORMAT
          " activate_us=%" G_GINT64_FORMAT " window_us=%" G_GINT64_FORMAT
          " signin_us=%" G_GINT64_FORMAT " loaded_us=%" G_GINT64_FORMAT " ready_us=%" G_GINT64_FORMAT
          " items=%u frames=%u renderer=%s rss_kb=%" G_GINT64_FORMAT " hwm_kb=%" G_GINT64_FORMAT "\n",
          child->t_main - t0, child->t_startup - t0, child->t_activate - t0, child->t_window - t0,
          child->signin_us, child->t_loaded - t0, now - t0, child->n_items, child->n_frames,
          renderer ? G_OBJECT_TYPE_NAME (renderer) : "none", care_bench_status_kb ("VmRSS"), care_bench_status_kb ("VmHWM"));
  fflush (stdout);
  g_application_quit (child->app);
}

static void
startup_run (Child *child)
{
  GtkWidget *today;

  if (!sign_in (child))
    return;
  /* A carer lands on Today, whose list is read as the session is set. */
  if (g_strcmp0 (care_window_get_visible_page_name (child->window), "today") != 0)
    {
      child_fail (child, "the first page shown is %s, not today",
                  care_window_get_visible_page_name (child->window));
      return;
    }
  today = care_window_get_page (child->window, "today");
  child->n_items = g_list_model_get_n_items (care_today_page_get_items (CARE_TODAY_PAGE (today)));
  child->t_loaded = now_us ();

  /* The frame that shows its rows: they are laid out and drawn in the
   * frame's layout and paint phases, before "after-paint". */
  child->paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (child->window)), "after-paint",
                                      G_CALLBACK (startup_painted_cb), child);
  gtk_widget_queue_draw (GTK_WIDGET (child->window));
}

static void
count_bound_cb (GtkListItemFactory *factory,
                GtkListItem        *item,
                Child              *child)
{
  guint position = gtk_list_item_get_position (item);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  if (position / 8 >= child->bound->len)
    g_array_set_size (child->bound, position / 8 + 1);
  if ((g_array_index (child->bound, guint8, position / 8) & (1u << (position % 8))) == 0)
    {
      g_array_index (child->bound, guint8, position / 8) |= 1u << (position % 8);
      child->n_bound++;
    }
  child->last_bound = MAX (child->last_bound, position);
}

/* GtkListView (4.8) keeps up to 200 rows around what it shows, bound as
 * soon as it has a model and a size, so the count starts before that. */
static void
count_binds (Child       *child,
             GtkListView *list)
{
  child->bound = g_array_new (FALSE, TRUE, sizeof (guint8));
  g_signal_connect_after (gtk_list_view_get_factory (list), "bind", G_CALLBACK (count_bound_cb), child);
}

/* One screen at a time from the top to the bottom, or --max-steps evenly
 * spaced jumps (never less than a screen); every step waits for
 * the frame, the pages it asked for and the frame that shows them. */
static gboolean
scroll_to_bottom (Child          *child,
                  GtkListView    *list,
                  CarePagedModel *model,
                  guint          *n_steps)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  guint steps = 0;

  for (;;)
    {
      double upper;
      double page;
      double value;
      double step;

      seem_busy (GTK_WIDGET (child->window));
      if (!wait_frame (GTK_WIDGET (list)))
        return FALSE;
      wait_model (model);
      if (!wait_frame (GTK_WIDGET (list)))
        return FALSE;
      *n_steps = steps;

      upper = gtk_adjustment_get_upper (adj);
      page = gtk_adjustment_get_page_size (adj);
      value = gtk_adjustment_get_value (adj);
      step = page;
      /* How the RSS grows with the distance scrolled. */
      if (steps > 0 && (steps & (steps - 1)) == 0)
        {
          g_autofree char *point = g_strdup_printf ("step-%u", steps);

          note_rss (child, point);
        }
      if (value >= upper - page - 0.5)
        {
          /* GTK 4.8 estimates the height of rows it has not measured;
           * when the estimate ends short of the last row, it is reached
           * as the End key reaches it. */
          if (child->last_bound + 1 < g_list_model_get_n_items (G_LIST_MODEL (model)) && !child->used_end_key)
            {
              child->used_end_key = TRUE;
              gtk_widget_activate_action (GTK_WIDGET (list), "list.scroll-to-item", "u",
                                          g_list_model_get_n_items (G_LIST_MODEL (model)) - 1);
              steps++;
              continue;
            }
          break;
        }
      if (child->options->max_steps > 0)
        step = MAX (page, upper / child->options->max_steps);
      gtk_adjustment_set_value (adj, MIN (value + step, upper - page));
      steps++;
    }
  return TRUE;
}

/* The process so far, then the high water mark set back to now, so that
 * the one read at the end is the peak of the scrolling alone. */
static void
begin_scroll (Child *child)
{
  note_rss (child, "list-shown");
  child->rss_before_kb = care_bench_status_kb ("VmRSS");
  child->hwm_before_kb = care_bench_status_kb ("VmHWM");
  child->hwm_reset = reset_peak_rss ();
  child->scroll_start = now_us ();
}

static void
report_scroll (Child      *child,
               const char *what,
               guint       n_rows,
               guint       steps,
               guint       pages,
               const char *extra)
{
  printf ("care-gui-bench: scenario=%s rows=%u bound=%u last=%u steps=%u pages=%u seconds=%.1f"
          " rss_before_kb=%" G_GINT64_FORMAT " hwm_before_kb=%" G_GINT64_FORMAT " reset=%d"
          " end_key=%d rss_kb=%" G_GINT64_FORMAT " anon_kb=%" G_GINT64_FORMAT " file_kb=%" G_GINT64_FORMAT
          " hwm_kb=%" G_GINT64_FORMAT " trail=%s%s%s\n",
          what, n_rows, child->n_bound, child->last_bound, steps, pages, (now_us () - child->scroll_start) / 1e6,
          child->rss_before_kb, child->hwm_before_kb, child->hwm_reset, child->used_end_key,
          care_bench_status_kb ("VmRSS"), care_bench_status_kb ("RssAnon"), care_bench_status_kb ("RssFile"), care_bench_status_kb ("VmHWM"),
          child->trail ? child->trail->str : "",
          extra ? " " : "", extra ? extra : "");
  fflush (stdout);
}

static gboolean
has_rows (CarePagedModel *model)
{
  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

/* Scrolls @list over @model, once it has its rows. */
static void
scroll_list (Child          *child,
             const char     *what,
             GtkListView    *list,
             CarePagedModel *model)
{
  guint n_rows;
  guint steps = 0;

  /* The query is set at the first frame that gives the list a height. */
  for (guint i = 0; i < 100 && !has_rows (model); i++)
    wait_frame (GTK_WIDGET (list));
  if (!has_rows (model))
    {
      child_fail (child, "the %s list has no rows", what);
      return;
    }
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (model));

  child->model = model;
  begin_scroll (child);
  if (!scroll_to_bottom (child, list, model, &steps))
    {
      child_fail (child, "the %s list left the screen after %u steps", what, steps);
      return;
    }
  if (child->last_bound + 1 != n_rows)
    {
      child_fail (child, "the %s list stopped at row %u of %u", what, child->last_bound + 1, n_rows);
      return;
    }
  report_scroll (child, what, n_rows, steps, care_paged_model_get_pages_fetched (model), NULL);
  g_application_quit (child->app);
}

/* A manager signs in and opens the busiest person's record from People. */
static CarePersonPage *
open_person (Child *child)
{
  GtkWidget *people;
  CarePersonPage *person;

  if (!sign_in (child))
    return NULL;
  wait_frame (GTK_WIDGET (child->window));
  note_rss (child, "first-page-drawn");
  if (!care_window_show_page (child->window, "people"))
    {
      child_fail (child, "the people page is not offered");
      return NULL;
    }
  people = care_window_get_page (child->window, "people");
  care_people_page_show_person (CARE_PEOPLE_PAGE (people), child->options->person_uuid);
  person = care_people_page_get_person_page (CARE_PEOPLE_PAGE (people));
  wait_frame (GTK_WIDGET (child->window));
  return person;
}

static void
history_run (Child *child)
{
  CarePersonPage *person;
  GtkListView *list;

  person = open_person (child);
  if (person == NULL)
    return;
  note_rss (child, "record-shown");
  list = find_list (GTK_WIDGET (person), care_person_page_get_history (person));
  if (list == NULL)
    {
      child_fail (child, "the person page has no history list");
      return;
    }
  count_binds (child, list);
  g_object_set (person, "show-history", TRUE, NULL);
  wait_frame (GTK_WIDGET (child->window));
  if (!gtk_widget_is_visible (GTK_WIDGET (list)))
    {
      child_fail (child, "the person's history list is not on screen");
      return;
    }
  scroll_list (child, "history", list, care_person_page_get_history (person));
}

static void
audit_run (Child *child)
{
  GtkWidget *audit;
  GtkListView *list;

  if (!sign_in (child))
    return;
  wait_frame (GTK_WIDGET (child->window));
  note_rss (child, "first-page-drawn");
  audit = care_window_get_page (child->window, "audit");
  list = find_list (audit, care_audit_page_get_model (CARE_AUDIT_PAGE (audit)));
  if (list == NULL)
    {
      child_fail (child, "the audit page has no list");
      return;
    }
  count_binds (child, list);
  if (!care_window_show_page (child->window, "audit"))
    {
      child_fail (child, "the audit page is not offered");
      return;
    }
  wait_frame (GTK_WIDGET (child->window));
  if (!gtk_widget_is_visible (GTK_WIDGET (list)))
    {
      child_fail (child, "the audit list is not on screen");
      return;
    }
  scroll_list (child, "audit", list, care_audit_page_get_model (CARE_AUDIT_PAGE (audit)));
}

/* The chart pages back four weeks at a time, as "Earlier weeks" does, then
 * the four weeks it ends on are scrolled from the newest day to the oldest. */
static void
mar_run (Child *child)
{
  CarePersonPage *person;
  GtkWidget *grid;
  GtkAdjustment *adj;
  g_autofree char *extra = NULL;
  guint presses;
  guint steps = 0;

  person = open_person (child);
  if (person == NULL)
    return;
  grid = GTK_WIDGET (care_person_page_get_grid (person));
  adj = care_mar_grid_get_days_adjustment (CARE_MAR_GRID (grid));

  begin_scroll (child);
  presses = (guint) (child->options->mar_weeks + 3) / 4;
  for (guint i = 0; i < presses; i++)
    {
      seem_busy (GTK_WIDGET (child->window));
      care_person_page_earlier_weeks (person);
      if (!wait_frame (grid))
        {
          child_fail (child, "the chart left the screen");
          return;
        }
    }
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  wait_frame (grid);
  while (gtk_adjustment_get_value (adj) > 0)
    {
      seem_busy (GTK_WIDGET (child->window));
      gtk_adjustment_set_value (adj, MAX (0, gtk_adjustment_get_value (adj) - gtk_adjustment_get_page_size (adj)));
      if (!wait_frame (grid))
        {
          child_fail (child, "the chart left the screen");
          return;
        }
      steps++;
    }
  extra = g_strdup_printf ("from=%s to=%s presses=%u widgets=%u", care_person_page_get_from_date (person),
                           care_person_page_get_to_date (person), presses, count_widgets (grid));
  report_scroll (child, "mar", 0, steps, 0, extra);
  g_application_quit (child->app);
}

static void
child_startup_cb (GApplication *app,
                  Child        *child)
{
  child->t_startup = now_us ();
}

static void
child_activate_cb (GApplication *app,
                   Child        *child)
{
  child->t_activate = now_us ();
}

/* After CareApplication's own activate: its window is up, showing the
 * sign-in screen over the store it opened. */
static void
child_activated_cb (GApplication *app,
                    Child        *child)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  child->t_window = now_us ();
  if (!CARE_IS_WINDOW (window))
    {
      child_fail (child, "no main window");
      return;
    }
  child->window = CARE_WINDOW (window);

  if (g_str_equal (child->options->mode, "startup"))
    startup_run (child);
  else if (g_str_equal (child->options->mode, "history"))
    history_run (child);
  else if (g_str_equal (child->options->mode, "audit"))
    audit_run (child);
  else if (g_str_equal (child->options->mode, "mar"))
    mar_run (child);
  else
    child_fail (child, "unknown mode");
}

static int
run_child (ChildOptions *options,
           const char   *argv0,
           gint64        t_main)
{
  Child child = { 0 };
  g_autoptr(CareApplication) app = NULL;
  char *app_argv[] = { (char *) argv0, NULL };
  int status;

  child.options = options;
  child.t_main = t_main;
  if (options->t0 == 0)
    options->t0 = care_bench_process_start_us ();
  alarm (g_str_equal (options->mode, "startup") ? STARTUP_WATCHDOG_S : SCROLL_WATCHDOG_S);

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* As main.c makes it, but not unique: no name is claimed on the session
   * bus, so one run never hands its work to another. */
  app = g_object_new (CARE_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  child.app = G_APPLICATION (app);
  g_signal_connect_after (app, "startup", G_CALLBACK (child_startup_cb), &child);
  g_signal_connect (app, "activate", G_CALLBACK (child_activate_cb), &child);
  g_signal_connect_after (app, "activate", G_CALLBACK (child_activated_cb), &child);

  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  g_clear_pointer (&child.bound, g_array_unref);
  if (child.trail != NULL)
    g_string_free (child.trail, TRUE);
  return status != 0 ? status : child.status;
}

/* ------------------------------------------------------------------ */
/* The parent: preparing the copy, running the children, the tables   */
/* ------------------------------------------------------------------ */

typedef struct
{
  gboolean    quick;
  int         runs;
  int         history_steps;
  int         audit_steps;
  int         mar_weeks;
  char       *self_path;
  char       *minimal_path;
  char       *dir;
  char       *db;
  char       *today;
  char       *carer_uuid;
  char       *manager_uuid;
  char       *person_uuid;
  gint64      person_administrations;
  GString    *out;
} Bench;

/* Who signs in and whose record is opened, read from the copy. */
static gboolean
choose_people (Bench   *bench,
               GError **error)
{
  g_autofree char *count = NULL;

  /* The carer with the most sign-offs valid today: the fullest "My round". */
  bench->carer_uuid = care_bench_query_text (bench->db,
    "SELECT s.uuid FROM staff s WHERE s.role IN ('care_worker', 'senior_carer') AND s.active = 1 "
    "AND s.entered_in_error = 0 AND NOT EXISTS (SELECT 1 FROM staff n WHERE n.uuid = s.uuid AND n.version > s.version) "
    "ORDER BY (SELECT count (*) FROM competency c WHERE c.staff_uuid = s.uuid AND c.outcome = 'competent' "
    "  AND c.valid_until >= ?1 AND c.revoked_on IS NULL AND c.entered_in_error = 0 "
    "  AND NOT EXISTS (SELECT 1 FROM competency m WHERE m.uuid = c.uuid AND m.version > c.version)) DESC, s.uuid "
    "LIMIT 1", bench->today);
  bench->manager_uuid = care_bench_query_text (bench->db,
    "SELECT s.uuid FROM staff s WHERE s.role = 'manager' AND s.active = 1 AND s.entered_in_error = 0 "
    "AND NOT EXISTS (SELECT 1 FROM staff n WHERE n.uuid = s.uuid AND n.version > s.version) "
    "ORDER BY s.uuid LIMIT 1", NULL);
  bench->person_uuid = care_bench_query_text (bench->db,
    "SELECT d.person_uuid FROM administration a JOIN delegated_task d ON d.uuid = a.task_uuid AND d.version = 1 "
    "GROUP BY d.person_uuid ORDER BY count (*) DESC, d.person_uuid LIMIT 1", NULL);
  if (bench->carer_uuid == NULL || bench->manager_uuid == NULL || bench->person_uuid == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the home needs an active carer, an active manager and administrations");
      return FALSE;
    }
  count = care_bench_query_text (bench->db,
    "SELECT count (DISTINCT a.uuid) FROM administration a JOIN delegated_task d ON d.uuid = a.task_uuid AND d.version = 1 "
    "WHERE d.person_uuid = ?1", bench->person_uuid);
  bench->person_administrations = count ? g_ascii_strtoll (count, NULL, 10) : 0;
  return TRUE;
}

static gboolean
prepare (Bench       *bench,
         const char  *input,
         GError     **error)
{
  g_autoptr(CareStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *administrations = NULL;
  g_autofree char *events = NULL;
  g_autofree char *load = load_average ();

  if (!g_file_test (input, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s does not exist", input);
      return FALSE;
    }
  bench->dir = g_dir_make_tmp ("care-gui-bench-XXXXXX", error);
  if (bench->dir == NULL)
    return FALSE;
  bench->db = g_build_filename (bench->dir, "bench.db", NULL);
  if (!care_bench_copy_database (input, bench->db, error))
    return FALSE;

  /* The store upgrades an older schema as it opens: here, on the copy,
   * once, so that no measured run pays for it. */
  before = care_bench_query_text (bench->db, "PRAGMA user_version", NULL);
  store = care_store_open (bench->db, error);
  if (store == NULL)
    return FALSE;
  bench->today = care_store_today (store);
  g_clear_object (&store);
  after = care_bench_query_text (bench->db, "PRAGMA user_version", NULL);
  if (!choose_people (bench, error))
    return FALSE;

  administrations = care_bench_query_text (bench->db, "SELECT count (*) FROM administration", NULL);
  events = care_bench_query_text (bench->db, "SELECT count (*) FROM events", NULL);
  g_string_append_printf (bench->out,
                          "care-gui-bench: %s (%s administrations, %s events; schema %s%s%s on the copy), "
                          "today %s%s, %d processors, load average %s at the start\n\n",
                          input, administrations, events, before,
                          g_strcmp0 (before, after) != 0 ? ", upgraded to " : "",
                          g_strcmp0 (before, after) != 0 ? after : "",
                          bench->today, bench->quick ? ", quick" : "", g_get_num_processors (), load);
  return TRUE;
}

/* What is measured is printed at once: a long run that fails later keeps
 * the figures it already has. */
static void
flush_out (Bench *bench)
{
  g_print ("%s", bench->out->str);
  fflush (stdout);
  g_string_truncate (bench->out, 0);
}

/* key=value words of a child's report line. */
static GHashTable *
parse_report (const char *output,
              const char *prefix)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *line = strstr (output, prefix);
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;

  if (line == NULL)
    return values;
  text = g_strndup (line + strlen (prefix), strcspn (line + strlen (prefix), "\n"));
  words = g_strsplit (text, " ", 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *eq = strchr (words[i], '=');

      if (eq != NULL)
        g_hash_table_insert (values, g_strndup (words[i], eq - words[i]), g_strdup (eq + 1));
    }
  return values;
}

static gint64
report_int (GHashTable *report,
            const char *key)
{
  const char *value = g_hash_table_lookup (report, key);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : -1;
}

/* Runs @argv with the parent's clock reading as --t0; returns its report. */
static GHashTable *
run_process (GPtrArray   *argv,
             const char  *prefix,
             GError     **error)
{
  g_autofree char *t0_arg = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  int wait_status = 0;
  GHashTable *report;

  for (guint i = 0; i < argv->len; i++)
    g_ptr_array_add (full, g_ptr_array_index (argv, i));
  t0_arg = g_strdup_printf ("--t0=%" G_GINT64_FORMAT, now_us ());
  g_ptr_array_add (full, t0_arg);
  g_ptr_array_add (full, NULL);

  if (!g_spawn_sync (NULL, (char **) full->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &output, NULL, &wait_status, error))
    return NULL;
  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "%s: ", (char *) g_ptr_array_index (argv, 0));
      return NULL;
    }
  report = parse_report (output, prefix);
  if (g_hash_table_size (report) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s printed no report",
                   (char *) g_ptr_array_index (argv, 0));
      g_hash_table_unref (report);
      return NULL;
    }
  return report;
}

typedef enum
{
  KIND_GTK,
  KIND_ADW,
  KIND_APP,
  N_KINDS
} StartKind;

typedef struct
{
  GArray *ready;      /* ms, double */
  GArray *signin;     /* ms, the app only */
  GArray *with_signin;
  GArray *phases[5];  /* main, startup, activate, window, Today read: ms */
  GArray *rss_mb;     /* at the first frame */
  GArray *hwm_mb;     /* the process's peak until then */
  char   *renderer;
  guint   items;
} StartSeries;

static GHashTable *
run_start (Bench      *bench,
           StartKind   kind,
           GError    **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  if (kind == KIND_APP)
    {
      g_ptr_array_add (argv, g_strdup (bench->self_path));
      g_ptr_array_add (argv, g_strdup ("--child=startup"));
      g_ptr_array_add (argv, g_strdup_printf ("--staff=%s", bench->carer_uuid));
      return run_process (argv, "care-gui-bench: ", error);
    }
  g_ptr_array_add (argv, g_strdup (bench->minimal_path));
  if (kind == KIND_ADW)
    g_ptr_array_add (argv, g_strdup ("--adw"));
  return run_process (argv, "care-gui-bench-minimal: ", error);
}

static void
add_ms (GArray *array,
        gint64  us)
{
  double ms = us / 1000.0;

  g_array_append_val (array, ms);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median (mean of the middle two for an even count). */
static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;

  g_array_sort (sorted, compare_doubles);
  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* Nearest rank. */
static double
percentile (GArray *values,
            double  p)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint rank;

  if (sorted->len == 0)
    return 0;
  g_array_sort (sorted, compare_doubles);
  rank = (guint) MAX (1, (int) (p / 100.0 * sorted->len + 0.999999));
  return g_array_index (sorted, double, MIN (rank, sorted->len) - 1);
}

static void
start_series_init (StartSeries *s)
{
  memset (s, 0, sizeof *s);
  s->ready = g_array_new (FALSE, FALSE, sizeof (double));
  s->signin = g_array_new (FALSE, FALSE, sizeof (double));
  s->with_signin = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < G_N_ELEMENTS (s->phases); i++)
    s->phases[i] = g_array_new (FALSE, FALSE, sizeof (double));
  s->rss_mb = g_array_new (FALSE, FALSE, sizeof (double));
  s->hwm_mb = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
start_series_clear (StartSeries *s)
{
  g_clear_pointer (&s->ready, g_array_unref);
  g_clear_pointer (&s->signin, g_array_unref);
  g_clear_pointer (&s->with_signin, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (s->phases); i++)
    g_clear_pointer (&s->phases[i], g_array_unref);
  g_clear_pointer (&s->rss_mb, g_array_unref);
  g_clear_pointer (&s->hwm_mb, g_array_unref);
  g_clear_pointer (&s->renderer, g_free);
}

static void
record_start (StartSeries *s,
              StartKind    kind,
              GHashTable  *report)
{
  static const char * const phase_keys[] = { "main_us", "startup_us", "activate_us", "window_us" };
  gint64 ready = report_int (report, "ready_us");

  if (kind == KIND_APP)
    {
      gint64 signin = report_int (report, "signin_us");

      /* The PIN check runs on the main thread before the page is read, so
       * leaving it out is taking its time away. */
      add_ms (s->ready, ready - signin);
      add_ms (s->signin, signin);
      add_ms (s->with_signin, ready);
      s->items = (guint) report_int (report, "items");
    }
  else
    add_ms (s->ready, ready);
  for (guint i = 0; i < G_N_ELEMENTS (phase_keys); i++)
    if (report_int (report, phase_keys[i]) >= 0)
      add_ms (s->phases[i], report_int (report, phase_keys[i]));
  /* Like the first frame, counted without the sign-in call before it. */
  if (kind == KIND_APP)
    add_ms (s->phases[4], report_int (report, "loaded_us") - report_int (report, "signin_us"));
  add_ms (s->rss_mb, report_int (report, "rss_kb") * 1000 / 1024);
  add_ms (s->hwm_mb, report_int (report, "hwm_kb") * 1000 / 1024);
  g_free (s->renderer);
  s->renderer = g_strdup (g_hash_table_lookup (report, "renderer"));
}

static void
start_row (Bench       *bench,
           const char  *label,
           GArray      *values,
           double       baseline,
           StartSeries *memory)
{
  g_autofree char *ratio = baseline > 0 ? g_strdup_printf ("%.2f", median (values) / baseline) : g_strdup ("-");
  g_autofree char *rss = memory ? g_strdup_printf ("%.0f | %.0f", median (memory->rss_mb), median (memory->hwm_mb))
                                : g_strdup ("- | -");

  g_string_append_printf (bench->out, "| %s | %u | %.0f | %.0f | %s | %s |\n", label, values->len,
                          median (values), percentile (values, 90), ratio, rss);
}

static gboolean
bench_startup (Bench   *bench,
               GError **error)
{
  static const char * const phase_names[] = {
    "main() entered (loading and linking)", "GTK initialised (\"startup\" done)",
    "\"activate\" emitted", "window shown, store open, sign-in screen up",
    "signed in: Today built, given the session and read (sign-in call left out)",
  };
  StartSeries series[N_KINDS];
  double gtk_median;
  double app_ratio;
  g_autofree char *load = NULL;
  gboolean ok = TRUE;

  for (guint k = 0; k < N_KINDS; k++)
    start_series_init (&series[k]);

  /* Round 0 warms the page cache and is not counted (none in --quick). In
   * each round the order turns, so that no kind always runs first after a
   * pause. */
  for (int round = bench->quick ? 1 : 0; ok && round <= bench->runs; round++)
    for (guint i = 0; ok && i < N_KINDS; i++)
      {
        StartKind kind = (round + i) % N_KINDS;
        g_autoptr(GHashTable) report = NULL;

        if (i == 0)
          g_printerr ("care-gui-bench: start-up round %d of %d%s\n", round, bench->runs,
                      round == 0 ? " (warm-up)" : "");
        report = run_start (bench, kind, error);

        ok = report != NULL;
        if (ok && round > 0)
          record_start (&series[kind], kind, report);
      }

  if (ok)
    {
      load = load_average ();
      gtk_median = median (series[KIND_GTK].ready);
      app_ratio = median (series[KIND_APP].ready) / gtk_median;
      g_string_append_printf (bench->out,
                              "Start-up to the first frame with the Today rows, %d interleaved runs of each%s; "
                              "renderer %s; Today lists %u lines for the carer signed in; load average %s at the end\n\n",
                              bench->runs, bench->quick ? "" : " after one warm-up round",
                              series[KIND_APP].renderer, series[KIND_APP].items, load);
      g_string_append (bench->out, "| Process | runs | median ms | p90 ms | median / minimal GTK | RSS at the frame MB | peak RSS MB |\n"
                                   "|---|---:|---:|---:|---:|---:|---:|\n");
      start_row (bench, "Minimal GTK 4 window (GtkApplication, one label)", series[KIND_GTK].ready, gtk_median,
                 &series[KIND_GTK]);
      start_row (bench, "Minimal libadwaita window (AdwApplication, one label)", series[KIND_ADW].ready, gtk_median,
                 &series[KIND_ADW]);
      start_row (bench, "CareDelegation, Today page ready (sign-in call left out)", series[KIND_APP].ready, gtk_median,
                 &series[KIND_APP]);
      start_row (bench, "CareDelegation, the sign-in call alone (Argon2id PIN check)", series[KIND_APP].signin, 0, NULL);
      start_row (bench, "CareDelegation, Today page ready, sign-in call included", series[KIND_APP].with_signin, gtk_median,
                 NULL);
      g_string_append_printf (bench->out, "\nTarget: Today page ready at most %.1f × the minimal GTK window: %.2f, %s\n\n",
                              STARTUP_TARGET, app_ratio, app_ratio <= STARTUP_TARGET ? "met" : "missed");

      g_string_append (bench->out, "Where the time goes (medians, ms from the parent's clock reading before the process was started)\n\n"
                                   "| Point reached | minimal GTK | minimal libadwaita | CareDelegation |\n"
                                   "|---|---:|---:|---:|\n");
      for (guint p = 0; p < G_N_ELEMENTS (phase_names); p++)
        {
          g_string_append_printf (bench->out, "| %s |", phase_names[p]);
          for (guint k = 0; k < N_KINDS; k++)
            {
              if (series[k].phases[p]->len > 0)
                g_string_append_printf (bench->out, " %.0f |", median (series[k].phases[p]));
              else
                g_string_append (bench->out, " - |");
            }
          g_string_append (bench->out, "\n");
        }
      g_string_append_printf (bench->out, "| first frame with the Today rows drawn (sign-in call left out) | %.0f | %.0f | %.0f |\n\n",
                              gtk_median, median (series[KIND_ADW].ready), median (series[KIND_APP].ready));
    }

  for (guint k = 0; k < N_KINDS; k++)
    start_series_clear (&series[k]);
  return ok;
}

/* "window:114516,pin-checked:114768/4,..." as "sign-in screen 111.8, ..." */
static char *
describe_trail (const char *trail)
{
  static const struct
  {
    const char *point;
    const char *words;
  } names[] = {
    { "window", "sign-in screen" },
    { "pin-checked", "PIN checked" },
    { "signed-in", "pages given the session" },
    { "first-page-drawn", "first page drawn" },
    { "record-shown", "the person's record drawn" },
    { "list-shown", "list shown" },
  };
  g_auto(GStrv) points = g_strsplit (trail ? trail : "", ",", 0);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; points[i] != NULL; i++)
    {
      const char *colon = strchr (points[i], ':');
      g_autofree char *point = NULL;
      const char *words = NULL;
      char *end = NULL;
      gint64 anon_kb;
      gint64 file_kb;
      const char *slash;

      if (colon == NULL)
        continue;
      point = g_strndup (points[i], colon - points[i]);
      anon_kb = g_ascii_strtoll (colon + 1, &end, 10);
      file_kb = *end == '+' ? g_ascii_strtoll (end + 1, NULL, 10) : 0;
      slash = strchr (colon, '/');
      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        if (g_str_equal (names[n].point, point))
          words = names[n].words;
      if (out->len > 0)
        g_string_append (out, ", ");
      if (words != NULL)
        g_string_append_printf (out, "%s %.1f/%.1f", words, (anon_kb + file_kb) / 1024.0, anon_kb / 1024.0);
      else if (g_str_has_prefix (point, "step-"))
        g_string_append_printf (out, "step %s %.1f/%.1f", point + 5, (anon_kb + file_kb) / 1024.0, anon_kb / 1024.0);
      if (slash != NULL)
        g_string_append_printf (out, " (%s pages read)", slash + 1);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
bench_scroll (Bench   *bench,
              GError **error)
{
  const struct
  {
    const char *mode;
    const char *label;
    int         steps;
  } scenarios[] = {
    { "history", "A person's full history (People, the person, History)", bench->history_steps },
    { "audit", "Every change in the home (History and Audit)", bench->audit_steps },
    { "mar", "The person's chart, paged back with Earlier weeks", 0 },
  };
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *load = NULL;

  g_string_append_printf (bench->out,
                          "Peak RSS while scrolling, one process per scenario, a manager signed in, "
                          "the person with the most administrations (%" G_GINT64_FORMAT "); "
                          "the peak is reset (/proc/self/clear_refs) once the list is on screen\n\n"
                          "| Scenario | rows | rows bound | steps | pages read | seconds | RSS before MB | peak before (sign-in included) MB | peak while scrolling MB | Target | Verdict |\n"
                          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n",
                          bench->person_administrations);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) report = NULL;
      gboolean mar = g_str_equal (scenarios[i].mode, "mar");
      g_autofree char *label = NULL;
      g_autofree char *steps = NULL;
      g_autofree char *trail = NULL;
      double hwm_mb;

      g_printerr ("care-gui-bench: scrolling, %s\n", scenarios[i].mode);
      flush_out (bench);
      g_ptr_array_add (argv, g_strdup (bench->self_path));
      g_ptr_array_add (argv, g_strdup_printf ("--child=%s", scenarios[i].mode));
      g_ptr_array_add (argv, g_strdup_printf ("--staff=%s", bench->manager_uuid));
      g_ptr_array_add (argv, g_strdup_printf ("--person=%s", bench->person_uuid));
      g_ptr_array_add (argv, g_strdup_printf ("--max-steps=%d", scenarios[i].steps));
      g_ptr_array_add (argv, g_strdup_printf ("--mar-weeks=%d", bench->mar_weeks));
      report = run_process (argv, "care-gui-bench: ", error);
      if (report == NULL)
        return FALSE;

      hwm_mb = report_int (report, "hwm_kb") / 1024.0;
      if (mar)
        label = g_strdup_printf ("%s: %s to %s, %s widgets in the chart", scenarios[i].label,
                                 (char *) g_hash_table_lookup (report, "from"),
                                 (char *) g_hash_table_lookup (report, "to"),
                                 (char *) g_hash_table_lookup (report, "widgets"));
      else
        label = g_strdup_printf ("%s, %s", scenarios[i].label,
                                 scenarios[i].steps > 0 ? "evenly spaced jumps" : "a screen a step");
      steps = g_strdup_printf ("%s%s", (char *) g_hash_table_lookup (report, "steps"),
                               report_int (report, "end_key") == 1 ? " (the last by the End key)" : "");
      flush_out (bench);
      g_string_append_printf (bench->out, "| %s | %s | %s | %s | %s | %s | %.1f | %.1f | %.1f%s | < %.0f MB | %s |\n",
                              label,
                              mar ? "-" : (char *) g_hash_table_lookup (report, "rows"),
                              mar ? "-" : (char *) g_hash_table_lookup (report, "bound"),
                              steps,
                              mar ? "-" : (char *) g_hash_table_lookup (report, "pages"),
                              (char *) g_hash_table_lookup (report, "seconds"),
                              report_int (report, "rss_before_kb") / 1024.0,
                              report_int (report, "hwm_before_kb") / 1024.0, hwm_mb,
                              report_int (report, "reset") == 1 ? "" : " (not reset: whole process)",
                              RSS_TARGET_MB, hwm_mb < RSS_TARGET_MB ? "met" : "missed");
      trail = describe_trail (g_hash_table_lookup (report, "trail"));
      g_string_append_printf (notes, "- %s: RSS/anonymous (heap) in MB on the way: %s; at the end %.1f, of which %.1f anonymous "
                              "and %.1f mapped files (libraries, fonts) and shared memory.\n",
                              scenarios[i].mode, trail, report_int (report, "rss_kb") / 1024.0,
                              report_int (report, "anon_kb") / 1024.0, report_int (report, "file_kb") / 1024.0);
    }
  load = load_average ();
  g_string_append_printf (bench->out, "\n%s\nLoad average %s at the end\n", notes->str, load);
  return TRUE;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  gint64 t_main = now_us ();
  Bench bench = { 0 };
  ChildOptions child = { 0 };
  gboolean quick = FALSE;
  gboolean startup_only = FALSE;
  int runs = 0;
  int max_steps = -1;
  int history_steps = -1;
  int audit_steps = -1;
  int mar_weeks = -1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "One run of each, a few steps (for the smoke test)", NULL },
    { "startup-only", 0, 0, G_OPTION_ARG_NONE, &startup_only, "Measure the start-up only, not the scrolling", NULL },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Start-up runs of each kind (default 10)", "N" },
    { "history-steps", 0, 0, G_OPTION_ARG_INT, &history_steps, "Scroll the history in N evenly spaced steps; 0: a screen a step (default)", "N" },
    { "audit-steps", 0, 0, G_OPTION_ARG_INT, &audit_steps, "Scroll the audit trail in N evenly spaced steps (default 100); 0: a screen a step", "N" },
    { "max-steps", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &max_steps, NULL, NULL },
    { "mar-weeks", 0, 0, G_OPTION_ARG_INT, &mar_weeks, "Weeks the chart is paged back, in fours (default 48)", "N" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child.mode, NULL, NULL },
    { "t0", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &child.t0, NULL, NULL },
    { "staff", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child.staff_uuid, NULL, NULL },
    { "person", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child.person_uuid, NULL, NULL },
    { NULL }
  };
  gboolean ok;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("DB_PATH - start-up and memory of the GUI on a copy of a care home database");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (child.mode != NULL)
    {
      int status;

      child.max_steps = max_steps;
      child.mar_weeks = mar_weeks;
      status = run_child (&child, argv[0], t_main);
      g_free (child.mode);
      g_free (child.staff_uuid);
      g_free (child.person_uuid);
      return status;
    }

  if (argc != 2)
    {
      g_printerr ("give one DB_PATH (see --help)\n");
      return 2;
    }
  bench.quick = quick;
  bench.runs = runs > 0 ? runs : quick ? QUICK_RUNS : DEFAULT_RUNS;
  bench.history_steps = history_steps >= 0 ? history_steps : quick ? QUICK_STEPS : DEFAULT_HISTORY_STEPS;
  bench.audit_steps = audit_steps >= 0 ? audit_steps : quick ? QUICK_STEPS : DEFAULT_AUDIT_STEPS;
  bench.mar_weeks = mar_weeks >= 0 ? mar_weeks : quick ? QUICK_MAR_WEEKS : DEFAULT_MAR_WEEKS;
  bench.self_path = g_file_read_link ("/proc/self/exe", &error);
  if (bench.self_path == NULL)
    {
      g_printerr ("care-gui-bench: %s\n", error->message);
      return 1;
    }
  dir = g_path_get_dirname (bench.self_path);
  bench.minimal_path = g_build_filename (dir, "care-gui-bench-minimal", NULL);
  bench.out = g_string_new (NULL);

  /* The children open the copy as the app opens its database. */
  ok = prepare (&bench, argv[1], &error);
  if (ok)
    {
      flush_out (&bench);
      g_setenv ("CARE_DELEGATION_DB", bench.db, TRUE);
      ok = bench_startup (&bench, &error);
      flush_out (&bench);
      ok = ok && (startup_only || bench_scroll (&bench, &error));
    }
  if (bench.dir != NULL)
    remove_dir (bench.dir);

  flush_out (&bench);
  if (!ok)
    {
      g_printerr ("care-gui-bench: %s\n", error->message);
      return 1;
    }

  g_string_free (bench.out, TRUE);
  g_free (bench.self_path);
  g_free (bench.minimal_path);
  g_free (bench.dir);
  g_free (bench.db);
  g_free (bench.today);
  g_free (bench.carer_uuid);
  g_free (bench.manager_uuid);
  g_free (bench.person_uuid);
  return 0;
}
