/* care-gui-util.c: small helpers shared by the windows and pages */
#include "config.h"

#include "care-gui-util.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

void
care_gui_label_peek_buttons (GtkWidget  *widget,
                             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                        -1);
      else
        care_gui_label_peek_buttons (child, label);
    }
}

static GDateTime *
parse_date (const char *iso_date)
{
  int year, month, day;

  if (iso_date == NULL || sscanf (iso_date, "%d-%d-%d", &year, &month, &day) != 3)
    return NULL;

  /* Noon, so that no time zone change moves it to another day. */
  return g_date_time_new_local (year, month, day, 12, 0, 0);
}

char *
care_gui_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = parse_date (iso_date);

  if (date == NULL)
    return g_strdup (iso_date);

  /* Translators: a full date, see g_date_time_format() */
  return g_date_time_format (date, _("%A %-d %B %Y"));
}

char *
care_gui_format_short_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = parse_date (iso_date);

  if (date == NULL)
    return g_strdup (iso_date);

  /* Translators: a short date, see g_date_time_format() */
  return g_date_time_format (date, _("%-d %b %Y"));
}

char *
care_gui_editable_text (GtkWidget *editable)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

GSettings *
care_gui_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

void
care_gui_grid_remove_all (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

#define CARE_TIP_KEY "care-gui-tip"

void
care_gui_tip_set (GtkWidget  *cell,
                  const char *text)
{
  g_object_set_data_full (G_OBJECT (cell), CARE_TIP_KEY, g_strdup (text), g_free);
}

const char *
care_gui_tip_at (GtkWidget *grid,
                 double     x,
                 double     y)
{
  for (GtkWidget *widget = gtk_widget_pick (grid, x, y, GTK_PICK_DEFAULT);
       widget != NULL && widget != grid;
       widget = gtk_widget_get_parent (widget))
    {
      const char *tip = g_object_get_data (G_OBJECT (widget), CARE_TIP_KEY);

      if (tip != NULL)
        return tip;
    }
  return NULL;
}

static gboolean
query_tip_cb (GtkWidget  *grid,
              int         x,
              int         y,
              gboolean    keyboard_mode,
              GtkTooltip *tooltip,
              gpointer    user_data)
{
  const char *tip;

  /* The cells take no focus, so there is nothing to say for the keyboard. */
  if (keyboard_mode)
    return FALSE;
  tip = care_gui_tip_at (grid, x, y);
  if (tip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

void
care_gui_tips_attach (GtkWidget *grid)
{
  gtk_widget_set_has_tooltip (grid, TRUE);
  g_signal_connect (grid, "query-tooltip", G_CALLBACK (query_tip_cb), NULL);
}

gboolean
care_gui_scroll_outer (GtkWidget     *sideways,
                       double         dy,
                       GdkScrollUnit  unit)
{
  GtkWidget *parent = gtk_widget_get_parent (sideways);
  GtkWidget *outer = parent ? gtk_widget_get_ancestor (parent, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  GtkAdjustment *adjustment;
  double step = 1.0;

  if (outer == NULL)
    return FALSE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  /* A wheel's click moves as far as GTK's own scrolled windows move it. */
  if (unit == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);
  return TRUE;
}

static gboolean
pass_vertical_cb (GtkEventControllerScroll *controller,
                  double                    dx,
                  double                    dy,
                  gpointer                  user_data)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (dy == 0.0 || dx != 0.0 || (state & GDK_SHIFT_MASK) != 0)
    return FALSE;
  return care_gui_scroll_outer (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)), dy,
                                gtk_event_controller_scroll_get_unit (controller));
}

void
care_gui_pass_vertical_scroll (GtkScrolledWindow *sideways)
{
  GtkEventController *controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  /* Before the scrolled window's own handler, which would keep it. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (pass_vertical_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (sideways), controller);
}
