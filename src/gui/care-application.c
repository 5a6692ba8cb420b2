/* care-application.c: the application, which owns the open store
 *
 * The application, not the window, chooses and opens the database, so that
 * switching to the demonstration home swaps one store for another in one
 * place and the window only ever shows what it is given.
 */
#include "config.h"

#include "care-application.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "care-demo.h"
#include "care-form-util.h"
#include "care-today-page.h"
#include "care-window.h"

/* The home's own database, being opened while GTK starts. */
typedef struct
{
  char      *path;
  CareStore *store;
  GError    *error;
} Opening;

struct _CareApplication
{
  AdwApplication  parent_instance;

  CareStore      *store;
  CareWindow     *window;          /* weak */
  gboolean        demo;            /* the open store is the demonstration home */
  gboolean        demo_requested;  /* --demo was given */
  gboolean        building_demo;
  gboolean        launched;        /* run from a command line, so a window follows */
  GThread        *opening_thread;  /* returns its Opening, to be joined */
};

G_DEFINE_FINAL_TYPE (CareApplication, care_application, ADW_TYPE_APPLICATION)

char *
care_application_db_path (void)
{
  const char *path = g_getenv ("CARE_DELEGATION_DB");

  if (path != NULL && *path != '\0')
    return g_strdup (path);

  return g_build_filename (g_get_user_data_dir (), "care-delegation", "care.db", NULL);
}

char *
care_application_demo_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "care-delegation", "demo.db", NULL);
}

static CareStore *
open_store (const char  *path,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  /* The folder holds health records: nobody but the owner may list it. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The folder “%s” could not be created: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  /* The whole-file check would hold up the window for seconds on years of
   * records; the window runs it once it is up (care-window.c). */
  return care_store_open_full (path, CARE_STORE_OPEN_DEFER_CHECK, error);
}

static void
report_error (CareApplication *self,
              const char      *heading,
              const GError    *error)
{
  g_message ("%s: %s", heading, error->message);
  gtk_window_present (GTK_WINDOW (care_form_message_new (GTK_WINDOW (self->window), heading, error->message)));
}

static void
switch_store (CareApplication *self,
              CareStore       *store,
              gboolean         demo)
{
  g_set_object (&self->store, store);
  self->demo = demo;

  if (self->window != NULL)
    {
      care_window_set_demo (self->window, demo);
      care_window_set_store (self->window, store);
    }
}

/* The store belongs to this thread until it is joined: nothing else has
 * it before then. */
static gpointer
open_default_thread (gpointer data)
{
  Opening *opening = data;

  opening->store = open_store (opening->path, &opening->error);
  if (opening->store != NULL)
    care_today_page_read_ahead (opening->store);
  return opening;
}

/* GTK takes a good part of a second to start on a slow machine, all on
 * one core; the database is opened on another meanwhile. */
static void
start_opening_default (CareApplication *self)
{
  Opening *opening = g_new0 (Opening, 1);

  opening->path = care_application_db_path ();
  self->opening_thread = g_thread_new ("care-open", open_default_thread, opening);
}

static CareStore *
finish_opening_default (CareApplication  *self,
                        GError          **error)
{
  Opening *opening = g_thread_join (g_steal_pointer (&self->opening_thread));
  CareStore *store = g_steal_pointer (&opening->store);

  if (opening->error != NULL)
    g_propagate_error (error, g_steal_pointer (&opening->error));
  g_free (opening->path);
  g_free (opening);
  return store;
}

static void
open_default (CareApplication *self)
{
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (self->opening_thread != NULL)
    store = finish_opening_default (self, &error);
  else
    {
      g_autofree char *path = care_application_db_path ();

      store = open_store (path, &error);
    }
  if (store == NULL)
    {
      care_window_show_error (self->window, _("The care records could not be opened"), error);
      report_error (self, _("The care records could not be opened"), error);
      return;
    }

  switch_store (self, store, FALSE);
}

static void
build_demo_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CareStore *store = task_data;
  CareDemoOptions options;
  CareDemoStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  care_demo_options_init (&options);
  /* Four months of history builds in seconds and already fills every part
   * of the Today page; the five-year set is for benchmarks. */
  options.days = 120;
  options.quiet = TRUE;

  if (!care_demo_generate (store, &options, &stats, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
build_demo_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CareApplication *self = CARE_APPLICATION (source_object);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;
  GAction *action;

  g_return_if_fail (g_task_is_valid (result, source_object));

  self->building_demo = FALSE;
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "open-demo");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), TRUE);
  g_application_unmark_busy (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));

  if (!g_task_propagate_boolean (task, &error))
    {
      /* Back to whatever the open store called for before. */
      if (self->window != NULL)
        {
          if (self->store != NULL)
            care_window_set_store (self->window, self->store);
          else
            care_window_show_error (self->window, _("The demonstration home could not be built"), error);
        }
      report_error (self, _("The demonstration home could not be built"), error);
      return;
    }

  switch_store (self, g_task_get_task_data (task), TRUE);
}

static void
open_demo (CareApplication *self)
{
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = care_application_demo_db_path ();
  GAction *action;

  if (self->building_demo)
    return;

  store = open_store (path, &error);
  if (store == NULL)
    {
      if (self->window != NULL && self->store == NULL)
        care_window_show_error (self->window, _("The demonstration home could not be opened"), error);
      report_error (self, _("The demonstration home could not be opened"), error);
      return;
    }

  if (care_store_is_set_up (store))
    {
      switch_store (self, store, TRUE);
      return;
    }

  /* Until the thread is done the store belongs to it: the window is given
   * it only in build_demo_cb(), and a second request is refused. */
  self->building_demo = TRUE;
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "open-demo");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
  g_application_hold (G_APPLICATION (self));
  g_application_mark_busy (G_APPLICATION (self));

  if (self->window != NULL)
    care_window_show_busy (self->window, _("Building the demonstration home…"));

  task = g_task_new (self, NULL, build_demo_cb, NULL);
  g_task_set_source_tag (task, open_demo);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, build_demo_thread);
}

static void
open_demo_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  open_demo (CARE_APPLICATION (user_data));
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("CareDelegation"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The CareDelegation developers"),
                         "comments", _("Delegated health tasks, staff competencies and liberty safeguards for care homes and home care providers, shared with the commissioner."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action_cb },
  { .name = "about", .activate = about_action_cb },
  { .name = "open-demo", .activate = open_demo_action_cb },
};

static int
care_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  CareApplication *self = CARE_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    self->demo_requested = TRUE;
  self->launched = TRUE;

  /* Go on to register and activate as usual. */
  return -1;
}

static void
read_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (task_data, "open-menu-symbolic", NULL, 16, 1,
                                                                 GTK_TEXT_DIR_NONE, 0);

  g_task_return_boolean (task, icon != NULL);
}

/* The first icon looked up reads the icon theme's index and caches, tens of
 * milliseconds on the Adwaita theme. GtkIconTheme takes lookups from any
 * thread once it has been made on this one, so it is read in a worker
 * while the window is being built, instead of inside the window's first
 * gtk_window_present(). */
static void
read_icon_theme_soon (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (display == NULL)
    return;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (gtk_icon_theme_get_for_display (display)), g_object_unref);
  g_task_run_in_thread (task, read_icon_theme_thread);
}

static void
care_application_startup (GApplication *app)
{
  CareApplication *self = CARE_APPLICATION (app);

  /* Every shortcut here is listed in ui/help-overlay.ui. */
  static const struct
  {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<primary>q", NULL } },
    { "win.refresh", { "<primary>r", NULL } },
    { "win.lock", { "<primary>l", NULL } },
    { "win.sign-out", { "<primary><shift>l", NULL } },
    { "win.preferences", { "<primary>comma", NULL } },
    { "win.show-help-overlay", { "<primary>question", NULL } },
  };

  /* Before GTK starts, which is most of the time to the first window; only
   * when launched to show one (this is the first instance, and "activate"
   * follows), not for an application registered without a window. */
  if (self->launched && self->store == NULL && !self->demo_requested)
    start_opening_default (self);

  G_APPLICATION_CLASS (care_application_parent_class)->startup (app);
  read_icon_theme_soon ();

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
care_application_activate (GApplication *app)
{
  CareApplication *self = CARE_APPLICATION (app);

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  g_set_weak_pointer (&self->window, care_window_new (GTK_APPLICATION (self)));

  /* Present first so that an error dialog has a window to sit on. */
  gtk_window_present (GTK_WINDOW (self->window));

  if (self->building_demo)
    care_window_show_busy (self->window, _("Building the demonstration home…"));
  else if (self->store != NULL)
    switch_store (self, self->store, self->demo);
  else if (self->demo_requested)
    open_demo (self);
  else
    open_default (self);
}

static void
care_application_dispose (GObject *object)
{
  CareApplication *self = CARE_APPLICATION (object);

  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->store);
  /* Started but never asked for (the application quit first). */
  if (self->opening_thread != NULL)
    {
      g_autoptr(CareStore) unused = finish_opening_default (self, NULL);
    }

  G_OBJECT_CLASS (care_application_parent_class)->dispose (object);
}

static void
care_application_class_init (CareApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = care_application_dispose;

  app_class->handle_local_options = care_application_handle_local_options;
  app_class->startup = care_application_startup;
  app_class->activate = care_application_activate;
}

static void
care_application_init (CareApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self),
                                 "demo", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Open the demonstration home, building it first if needed"),
                                 NULL);
}

CareApplication *
care_application_new (void)
{
  return g_object_new (CARE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

CareStore *
care_application_get_store (CareApplication *self)
{
  g_return_val_if_fail (CARE_IS_APPLICATION (self), NULL);

  return self->store;
}
