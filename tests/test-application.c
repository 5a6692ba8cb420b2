/* test-application.c: the application as launched, opening the home's database while GTK starts */
#include "config.h"

#include <glib/gstdio.h>

#include "care-gui-test-util.h"

typedef struct
{
  CareFixture  f;
  CareWindow  *window;
  gboolean     activated;
} AppFixture;

static void
app_setup (AppFixture    *t,
           gconstpointer  data)
{
  care_fixture_setup (&t->f, data);
}

static void
app_teardown (AppFixture    *t,
              gconstpointer  data)
{
  g_unsetenv ("CARE_DELEGATION_DB");
  care_fixture_teardown (&t->f, data);
}

static void
destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* After the application's own "activate": the window it made is there to
 * look at, then the run ends. */
static void
activated_cb (GApplication *app,
              AppFixture   *t)
{
  t->activated = TRUE;
  t->window = CARE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_application_quit (app);
}

/* Runs the application as main() does, with @path as its database. */
static void
run_application (AppFixture *t,
                 const char *path)
{
  g_autoptr(CareApplication) app = care_application_new ();
  char *argv[] = { (char *) "care-delegation", NULL };

  g_setenv ("CARE_DELEGATION_DB", path, TRUE);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), t);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_assert_true (t->activated);
  g_assert_nonnull (t->window);
}

/* Launched, the application opens the home's database on another thread
 * while GTK starts, and the window it shows has that store, ready for
 * sign-in. */
static void
test_opens_home (AppFixture    *t,
                 gconstpointer  data)
{
  CareStore *store;

  run_application (t, t->f.path);
  store = care_window_get_store (t->window);
  g_assert_nonnull (store);
  g_assert_true (store != t->f.store);
  g_assert_cmpstr (care_store_get_path (store), ==, t->f.path);
  g_assert_true (care_store_is_set_up (store));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->window), "Who is signing in?"));
  destroy_toplevels ();
}

/* A file that is not a care home's database: the window says so, with the
 * reason, and nothing is left waiting on the thread. */
static void
test_unreadable_home (AppFixture    *t,
                      gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (t->f.path);
  g_autofree char *path = g_build_filename (dir, "not-a-database.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "These are not the care records you are looking for.\n"
                                      "They are a letter, and a long one, long enough to be taken for a file header.\n",
                                      -1, &error));
  g_assert_no_error (error);
  run_application (t, path);
  g_assert_null (care_window_get_store (t->window));
  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (t->window), "The care records could not be opened"));
  destroy_toplevels ();
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  care_gui_test_init (&argc, &argv);

  g_test_add ("/application/opens-home", AppFixture, NULL, app_setup, test_opens_home, app_teardown);
  g_test_add ("/application/unreadable-home", AppFixture, NULL, app_setup, test_unreadable_home, app_teardown);

  return g_test_run ();
}
