/* care-form-test-util.h: driving the record forms and dialogs in the GUI
 * tests of the tasks, staff, reviews, liberty, history and sync pages
 *
 * Small static helpers on top of care-gui-test-util.h, kept in a header so
 * each test stays one file.
 */
#pragma once

#include "care-gui-test-util.h"

/* The one visible window of @type, as a user sees it appear. */
static G_GNUC_UNUSED GtkWidget *
care_form_test_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (w))
        {
          gtk_test_widget_wait_for_draw (w);
          return w;
        }
    }
  return NULL;
}

/* Every window except @keep, as a test's teardown leaves the screen. */
static G_GNUC_UNUSED void
care_form_test_close_others (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

      if (w != keep)
        gtk_window_destroy (w);
    }
}

static G_GNUC_UNUSED GtkWidget *
care_form_test_child (GtkWidget  *widget,
                      GType       type,
                      const char *name)
{
  GObject *child = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* GtkButton's own "activate" presses for a quarter of a second before it
 * clicks; a test clicks at once, as a pointer release does. */
static G_GNUC_UNUSED void
care_form_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static G_GNUC_UNUSED gboolean
care_form_test_window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Clicks @button and checks that @window closes, as a dialog does once the
 * core has saved what it was for. */
static G_GNUC_UNUSED void
care_form_test_click_and_close (GtkWidget  *button,
                                GtkWidget **window)
{
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  care_form_test_click (button);
  g_assert_true (care_gui_test_wait_until (care_form_test_window_gone, window, 2000));
}

/* The text of a dialog's "error_label", or NULL while it is hidden. */
static G_GNUC_UNUSED const char *
care_form_test_error (GtkWidget *dialog,
                      GType      type)
{
  GtkWidget *label = care_form_test_child (dialog, type, "error_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static G_GNUC_UNUSED void
care_form_test_set_view_text (GtkWidget  *view,
                              const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* AdwApplication loads the app's style sheet by itself; the tests have no
 * application, so the pictures load it here. */
static G_GNUC_UNUSED void
care_form_test_load_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/org/example/CareDelegation/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
