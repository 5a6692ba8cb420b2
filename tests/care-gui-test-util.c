/* care-gui-test-util.c: driving real widgets in-process, and screenshots
 *
 * The GUI tests run the real widgets under Xvfb with the cairo renderer, so
 * what they click is what a user clicks and the pictures they save are
 * the same on every run.
 */
#include "config.h"

#include "care-gui-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

/* The style sheets AdwApplication (libadwaita 1.2) loads at start-up from
 * the application's resource base path, in the order it adds them: each
 * is used when present, the -dark and -hc ones only while the style
 * manager is dark or in high contrast. */
static struct
{
  const char     *name;
  gboolean        dark;
  gboolean        high_contrast;
  GtkCssProvider *provider;
} app_styles[] = {
  { "style.css", FALSE, FALSE, NULL },
  { "style-dark.css", TRUE, FALSE, NULL },
  { "style-hc.css", FALSE, TRUE, NULL },
  { "style-hc-dark.css", TRUE, TRUE, NULL },
};

static void
update_app_styles (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GdkDisplay *display = gdk_display_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (app_styles); i++)
    {
      GtkStyleProvider *provider = GTK_STYLE_PROVIDER (app_styles[i].provider);

      if (provider == NULL)
        continue;
      gtk_style_context_remove_provider_for_display (display, provider);
      if ((!app_styles[i].dark || adw_style_manager_get_dark (manager))
          && (!app_styles[i].high_contrast || adw_style_manager_get_high_contrast (manager)))
        gtk_style_context_add_provider_for_display (display, provider, GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}

/* Tests that use no CareApplication still see the application's styling,
 * loaded as AdwApplication loads it. */
void
care_gui_test_load_style (void)
{
  static gboolean loaded;
  /* GApplication's resource base path: the id with dots as slashes. */
  g_autofree char *base = g_strdelimit (g_strconcat ("/", APP_ID, NULL), ".", '/');

  if (loaded)
    return;
  loaded = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (app_styles); i++)
    {
      g_autofree char *path = g_build_path ("/", base, app_styles[i].name, NULL);

      if (!g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
        continue;
      app_styles[i].provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (app_styles[i].provider, path);
    }
  g_signal_connect (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (update_app_styles), NULL);
  g_signal_connect (adw_style_manager_get_default (), "notify::high-contrast", G_CALLBACK (update_app_styles), NULL);
  update_app_styles ();
}

void
care_gui_test_init (int    *argc,
                    char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* Animations end at once, so a test never waits on a clock for a switch
   * to slide or a style change to fade, and never pictures one halfway. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Screenshots and assertions assume light style unless a test asks. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  care_gui_test_load_style ();
}

CareApplication *
care_gui_test_application (void)
{
  static CareApplication *app;
  g_autoptr(GError) error = NULL;

  if (app != NULL)
    return app;

  app = g_object_new (CARE_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

CareWindow *
care_gui_test_main_window (CareStore *store)
{
  CareWindow *window = care_window_new (GTK_APPLICATION (care_gui_test_application ()));

  care_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static CarePagedModel *
staff_model (GtkWidget *view)
{
  GtkWidget *list = care_gui_test_find (view, GTK_TYPE_LIST_VIEW, NULL);
  GtkSelectionModel *selection;

  g_assert_nonnull (list);
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  g_assert_true (GTK_IS_SINGLE_SELECTION (selection));
  return CARE_PAGED_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
}

CareSession *
care_gui_test_sign_in (CareWindow *window,
                       const char *name,
                       const char *pin)
{
  GtkWidget *view = care_gui_test_find (GTK_WIDGET (window), g_type_from_name ("CareSignInView"), NULL);
  GtkWidget *search = care_gui_test_find (view, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkWidget *pin_group = care_gui_test_find (view, ADW_TYPE_PREFERENCES_GROUP, "pin_group");
  GtkWidget *pin_row = care_gui_test_find (view, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  GtkWidget *button = care_gui_test_find (view, GTK_TYPE_BUTTON, "sign_in_button");

  g_assert_nonnull (view);
  g_assert_true (gtk_widget_is_visible (view));
  g_assert_nonnull (search);
  g_assert_nonnull (pin_group);
  g_assert_nonnull (pin_row);
  g_assert_nonnull (button);

  /* A user's search runs after a short pause in typing; the test has no
   * pause to make, so it runs as soon as the text is in, and Enter waits
   * only for the matches to be read. */
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (search), 0);
  care_gui_test_type (search, name);
  care_gui_test_wait_for_model (staff_model (view));
  care_gui_test_activate (search);
  g_assert_true (care_gui_test_wait_until (widget_visible, pin_group, 5000));

  care_gui_test_type (pin_row, pin);
  care_gui_test_click (button);

  return care_window_get_session (window);
}

GtkWindow *
care_gui_test_window (GtkWidget *child,
                      int        width,
                      int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static gboolean
wait_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
care_gui_test_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wait_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
care_gui_test_wait_until (gboolean (*condition) (gpointer data),
                          gpointer   data,
                          guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return condition (data);
      /* Poll rather than block, so a condition met by a worker thread's
       * result is seen as soon as its idle runs. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
model_idle (gpointer data)
{
  return !care_paged_model_get_loading (CARE_PAGED_MODEL (data));
}

void
care_gui_test_wait_for_model (CarePagedModel *model)
{
  g_assert_true (care_gui_test_wait_until (model_idle, model, 10000));
}

static gboolean
text_matches (const char *text,
              const char *name)
{
  g_autoptr(GString) plain = NULL;

  if (text == NULL)
    return FALSE;
  if (g_str_equal (text, name))
    return TRUE;

  /* "_Sign In" is shown as "Sign In". */
  plain = g_string_new (text);
  g_string_replace (plain, "_", "", 0);
  return g_str_equal (plain->str, name);
}

static gboolean
widget_matches (GtkWidget  *widget,
                const char *name)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (g_strcmp0 (id, name) == 0 || g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return TRUE;
  if (text_matches (gtk_widget_get_tooltip_text (widget), name))
    return TRUE;
  if (GTK_IS_BUTTON (widget) && text_matches (gtk_button_get_label (GTK_BUTTON (widget)), name))
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (widget) && text_matches (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), name))
    return TRUE;
  if (ADW_IS_BUTTON_CONTENT (widget) && text_matches (adw_button_content_get_label (ADW_BUTTON_CONTENT (widget)), name))
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget) && text_matches (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), name))
    return TRUE;
  if (ADW_IS_PREFERENCES_GROUP (widget) && text_matches (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), name))
    return TRUE;
  if (ADW_IS_PREFERENCES_PAGE (widget) && text_matches (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget)), name))
    return TRUE;
  if (GTK_IS_LABEL (widget) && text_matches (gtk_label_get_text (GTK_LABEL (widget)), name))
    return TRUE;
  return FALSE;
}

GtkWidget *
care_gui_test_find (GtkWidget  *root,
                    GType       type,
                    const char *name)
{
  if (root == NULL)
    return NULL;
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && (name == NULL || widget_matches (root, name)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = care_gui_test_find (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
care_gui_test_find_with_class (GtkWidget  *root,
                               GType       type,
                               const char *css_class)
{
  if (root == NULL)
    return NULL;
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = care_gui_test_find_with_class (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
care_gui_test_find_text (GtkWidget  *root,
                         const char *text)
{
  if (root == NULL || !gtk_widget_get_visible (root))
    return NULL;

  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;
  if (ADW_IS_PREFERENCES_ROW (root))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));

      if (title != NULL && strstr (title, text) != NULL)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = care_gui_test_find_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
care_gui_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  /* A user cannot press what is hidden or greyed out. */
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  /* A GtkButton's "activate" shows the press and clicks a moment later;
   * a pointer click emits "clicked" at once. */
  if (GTK_IS_BUTTON (button))
    g_signal_emit_by_name (button, "clicked");
  else
    gtk_widget_activate (button);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
care_gui_test_type (GtkWidget  *editable,
                    const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  g_assert_true (gtk_widget_is_sensitive (editable));

  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
care_gui_test_activate (GtkWidget *editable)
{
  GtkWidget *text = care_gui_test_find (editable, GTK_TYPE_TEXT, NULL);

  g_assert_nonnull (text);
  /* GtkText has no activate_signal in GTK 4.8, so gtk_widget_activate()
   * would do nothing; Enter emits "activate". */
  g_signal_emit_by_name (text, "activate");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  /* The cairo renderer draws the same pixels on every machine with the
   * same fonts, whatever GL the X server offers. */
  renderer = gsk_cairo_renderer_new ();
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);

  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
render_in_scheme (GtkWidget      *widget,
                  AdwColorScheme  scheme,
                  const char     *path)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, scheme);
  /* With animations off the new colours apply at once: one full frame
   * after the change is the picture. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  save_png (widget, path);
  g_test_message ("screenshot: %s", path);
}

void
care_gui_test_screenshot (GtkWidget  *widget,
                          const char *name)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  AdwColorScheme was = adw_style_manager_get_color_scheme (manager);
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_autofree char *light_name = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark_name = g_strdup_printf ("%s-dark.png", name);
  g_autofree char *light = g_build_filename (dir, light_name, NULL);
  g_autofree char *dark = g_build_filename (dir, dark_name, NULL);

  g_assert_nonnull (gtk_widget_get_root (widget));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  render_in_scheme (widget, ADW_COLOR_SCHEME_FORCE_LIGHT, light);
  render_in_scheme (widget, ADW_COLOR_SCHEME_FORCE_DARK, dark);

  adw_style_manager_set_color_scheme (manager, was);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
}
