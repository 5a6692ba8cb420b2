/* care-mar-grid.c: the MAR-style chart of a person's delegated tasks
 *
 * GtkGrids of labels rather than custom drawing, so every cell is text a
 * screen reader can read ("Tuesday 10 March, 08:00: Done"), and the style
 * sheet, not code, gives the marks their colours in light and dark style.
 *
 * Four weeks are wider than the page beside the sidebar, so the days
 * scroll sideways while the tasks and times stay put, as the first column
 * of a paper chart would: two grids side by side, each line of one kept as
 * tall as the same line of the other, and the days open on the newest.
 */
#include "config.h"

#include "care-mar-grid.h"

#include "care-gui-util.h"

#include <glib/gi18n.h>
#include <stdio.h>


struct _CareMarGrid
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkGrid           *heads;      /* the tasks and their times, which stay put */
  GtkScrolledWindow *scroller;
  GtkGrid           *cells;      /* the days, which scroll */
  guint              n_rows;
  guint              n_days;
  GArray            *grid_rows;  /* the grid line of each chart row */
  gboolean           at_newest;  /* keep the newest day in view */
  double             days_upper;
  double             days_page;
  guint              newest_tick;
};

G_DEFINE_FINAL_TYPE (CareMarGrid, care_mar_grid, GTK_TYPE_WIDGET)

static const char * const mark_classes[CARE_N_MAR_MARKS] = {
  [CARE_MAR_BLANK] = "care-mar-blank",
  [CARE_MAR_DONE] = "care-mar-done",
  [CARE_MAR_REFUSED] = "care-mar-refused",
  [CARE_MAR_ASLEEP] = "care-mar-asleep",
  [CARE_MAR_AWAY] = "care-mar-away",
  [CARE_MAR_NOT_REQUIRED] = "care-mar-not-required",
  [CARE_MAR_UNABLE] = "care-mar-unable",
  [CARE_MAR_OTHER] = "care-mar-other",
  [CARE_MAR_IN_ERROR] = "care-mar-in-error",
  [CARE_MAR_MISSED] = "care-mar-missed",
};

const char *
care_mar_mark_css_class (CareMarMark mark)
{
  g_return_val_if_fail (mark < CARE_N_MAR_MARKS, NULL);
  return mark_classes[mark];
}

/* The letter, the number of doses when more than one was given, a "<" for
 * a dose given before its slot was due and a star for an entry recorded
 * late: "D", "D2", "D<", "R*". */
char *
care_mar_cell_text (const CareMarCell *cell)
{
  GString *text = g_string_new (NULL);

  if (cell->mark == CARE_MAR_BLANK)
    return g_string_free (text, FALSE);
  g_string_append_c (text, care_mar_mark_letter (cell->mark));
  if (cell->mark == CARE_MAR_DONE && cell->n_done > 1)
    g_string_append_printf (text, "%u", cell->n_done);
  if (cell->early)
    g_string_append_c (text, '<');
  if (cell->late)
    g_string_append_c (text, '*');
  return g_string_free (text, FALSE);
}

const char *
care_mar_legend_extra_text (void)
{
  return _("A number after D: given that many times (when-required doses, or an extra administration). "
           "< given before it was due. * recorded late. Blank: not due yet or not scheduled.");
}

static void
clear_grid (CareMarGrid *self)
{
  care_gui_grid_remove_all (self->heads);
  care_gui_grid_remove_all (self->cells);
  g_array_set_size (self->grid_rows, 0);
  self->n_rows = self->n_days = 0;
}

/* One line of the chart in both grids: @head on the left, @first the
 * first thing on the days' side, kept the same height. */
static void
attach_line (CareMarGrid *self,
             guint        line,
             GtkWidget   *head,
             GtkWidget   *first,
             guint        first_width)
{
  g_autoptr(GtkSizeGroup) group = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);

  gtk_grid_attach (self->heads, head, 0, line, 1, 1);
  gtk_grid_attach (self->cells, first, 0, line, first_width, 1);
  gtk_size_group_add_widget (group, head);
  gtk_size_group_add_widget (group, first);
}

static GtkWidget *
day_heading (const char *date,
             gboolean    first)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;
  GtkWidget *label;
  int y, m, d;

  if (sscanf (date, "%d-%d-%d", &y, &m, &d) != 3)
    return gtk_label_new (date);
  dt = g_date_time_new_local (y, m, d, 12, 0, 0);
  /* Translators: a chart column heading, weekday and day of the month on two lines, see g_date_time_format() */
  text = g_date_time_format (dt, (first || d == 1) ? _("%a\n%-d %b") : _("%a\n%-d"));
  /* Translators: the full date a chart column is for, see g_date_time_format() */
  full = g_date_time_format (dt, _("%A %-d %B %Y"));
  label = gtk_label_new (text);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "care-mar-day");
  if (g_date_time_get_day_of_week (dt) == 1)
    gtk_widget_add_css_class (label, "care-mar-week-start");
  care_gui_tip_set (label, full);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
  return label;
}

/* The task's name heads its lines in the column that stays put. */
#define TASK_NAME_CHARS 44

static GtkWidget *
task_heading (CareMarRow *row)
{
  GtkWidget *label = gtk_label_new (row->task_name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* One line, so that the days' side can be kept as tall (a wrapped
   * label's height depends on a width the size group does not know);
   * only a name longer than any in the shipped catalogue is cut, and its tooltip
   * and the task list above give it whole. */
  if (g_utf8_strlen (row->task_name, -1) > TASK_NAME_CHARS)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), TASK_NAME_CHARS);
      gtk_label_set_max_width_chars (GTK_LABEL (label), TASK_NAME_CHARS);
    }
  care_gui_tip_set (label, row->task_name);
  gtk_widget_add_css_class (label, "care-mar-task");
  return label;
}

static GtkWidget *
row_heading (CareMarRow *row)
{
  GtkWidget *label = gtk_label_new (row->slot_time ? row->slot_time : _("When required"));
  g_autofree char *description = g_strdup_printf ("%s %s", row->task_name,
                                                  row->slot_time ? row->slot_time : _("when required"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "care-mar-row-heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  return label;
}

static GtkWidget *
cell_label (CareMarChart *chart,
            CareMarRow   *row,
            CareMarCell  *cell,
            guint         day)
{
  g_autofree char *text = care_mar_cell_text (cell);
  g_autofree char *date = care_mar_chart_date (chart, day);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  GtkWidget *label = gtk_label_new (text);
  int y, m, d;

  if (sscanf (date, "%d-%d-%d", &y, &m, &d) == 3)
    {
      dt = g_date_time_new_local (y, m, d, 12, 0, 0);
      when = g_date_time_format (dt, _("%A %-d %B"));
    }
  /* Translators: date, task, time, what the cell shows */
  g_string_append_printf (description, _("%s, %s %s: %s"), when ? when : date, row->task_name,
                          row->slot_time ? row->slot_time : _("when required"),
                          care_mar_mark_label (cell->mark));
  if (cell->n_done > 1)
    g_string_append_printf (description, ngettext (", given %u time", ", given %u times", cell->n_done), cell->n_done);
  if (cell->early)
    g_string_append_printf (description, ", %s", _("given before it was due"));
  if (cell->late)
    g_string_append_printf (description, ", %s", _("recorded late"));
  if (cell->escalated)
    g_string_append_printf (description, ", %s", _("escalated to the nurse"));

  gtk_widget_add_css_class (label, "care-mar-cell");
  gtk_widget_add_css_class (label, care_mar_mark_css_class (cell->mark));
  if (dt != NULL && g_date_time_get_day_of_week (dt) == 1)
    gtk_widget_add_css_class (label, "care-mar-week-start");
  care_gui_tip_set (label, description->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, description->str, -1);
  return label;
}

/* A blank the height of the line it stands in, on the side with nothing to say. */
static GtkWidget *
spacer (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_accessible_update_state (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return box;
}

void
care_mar_grid_set_chart (CareMarGrid  *self,
                         CareMarChart *chart)
{
  const char *task = NULL;
  guint line = 1;

  g_return_if_fail (CARE_IS_MAR_GRID (self));

  clear_grid (self);
  self->at_newest = TRUE;
  if (chart == NULL)
    return;

  for (guint day = 0; day < chart->n_days; day++)
    {
      g_autofree char *date = care_mar_chart_date (chart, day);
      GtkWidget *heading = day_heading (date, day == 0);

      if (day == 0)
        attach_line (self, 0, spacer (), heading, 1);
      else
        gtk_grid_attach (self->cells, heading, day, 0, 1, 1);
    }
  for (guint r = 0; r < chart->rows->len; r++)
    {
      CareMarRow *row = g_ptr_array_index (chart->rows, r);

      if (g_strcmp0 (task, row->task_uuid) != 0)
        {
          attach_line (self, line, task_heading (row), spacer (), MAX (chart->n_days, 1));
          line++;
        }
      task = row->task_uuid;
      for (guint day = 0; day < chart->n_days; day++)
        {
          GtkWidget *cell = cell_label (chart, row, care_mar_chart_cell (chart, r, day), day);

          if (day == 0)
            attach_line (self, line, row_heading (row), cell, 1);
          else
            gtk_grid_attach (self->cells, cell, day, line, 1, 1);
        }
      g_array_append_val (self->grid_rows, line);
      line++;
    }
  self->n_rows = chart->rows->len;
  self->n_days = chart->n_days;
}

GtkWidget *
care_mar_grid_get_cell (CareMarGrid *self,
                        guint        row,
                        guint        day)
{
  g_return_val_if_fail (CARE_IS_MAR_GRID (self), NULL);
  g_return_val_if_fail (row < self->n_rows && day < self->n_days, NULL);

  return gtk_grid_get_child_at (self->cells, day, g_array_index (self->grid_rows, guint, row));
}

GtkAdjustment *
care_mar_grid_get_days_adjustment (CareMarGrid *self)
{
  g_return_val_if_fail (CARE_IS_MAR_GRID (self), NULL);

  return gtk_scrolled_window_get_hadjustment (self->scroller);
}

const char *
care_mar_grid_get_cell_text (CareMarGrid *self,
                             guint        row,
                             guint        day)
{
  GtkWidget *label;

  g_return_val_if_fail (CARE_IS_MAR_GRID (self), NULL);
  g_return_val_if_fail (row < self->n_rows && day < self->n_days, NULL);

  label = care_mar_grid_get_cell (self, row, day);
  return label ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static GtkWidget *
legend_item (const char *letter,
             const char *css_class,
             const char *meaning)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_label_new (letter);
  GtkWidget *text = gtk_label_new (meaning);

  gtk_widget_add_css_class (swatch, "care-mar-cell");
  gtk_widget_add_css_class (swatch, css_class);
  /* The meaning beside it says it all; the swatch is only a picture. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (swatch), GTK_ACCESSIBLE_PROPERTY_LABEL, letter, -1);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), text);
  return box;
}

/* What every letter means, below the chart. */
GtkWidget *
care_mar_legend_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *extra = gtk_label_new (care_mar_legend_extra_text ());

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 5);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chart legend"), -1);
  for (CareMarMark mark = CARE_MAR_DONE; mark < CARE_N_MAR_MARKS; mark++)
    {
      char letter[2] = { care_mar_mark_letter (mark), '\0' };
      GtkWidget *item = legend_item (letter, care_mar_mark_css_class (mark), care_mar_mark_label (mark));

      gtk_flow_box_append (GTK_FLOW_BOX (flow), item);
      gtk_widget_set_focusable (gtk_widget_get_parent (item), FALSE);
    }
  gtk_label_set_wrap (GTK_LABEL (extra), TRUE);
  gtk_label_set_xalign (GTK_LABEL (extra), 0);
  gtk_widget_add_css_class (extra, "dim-label");
  gtk_widget_add_css_class (extra, "caption");
  gtk_box_append (GTK_BOX (box), flow);
  gtk_box_append (GTK_BOX (box), extra);
  gtk_widget_add_css_class (box, "care-mar-legend");
  return box;
}

/* The chart opens on its newest day, and stays there as the window is
 * resized, until the user scrolls back. The scroller tells of its new
 * size while it is being laid out, when a change of value would be lost,
 * so the days are moved at the start of the next frame. */
static gboolean
show_newest_tick (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  CareMarGrid *self = CARE_MAR_GRID (widget);
  GtkAdjustment *days = gtk_scrolled_window_get_hadjustment (self->scroller);

  self->newest_tick = 0;
  if (self->at_newest)
    gtk_adjustment_set_value (days, gtk_adjustment_get_upper (days) - gtk_adjustment_get_page_size (days));
  return G_SOURCE_REMOVE;
}

static void
days_changed_cb (GtkAdjustment *days,
                 CareMarGrid   *self)
{
  self->days_upper = gtk_adjustment_get_upper (days);
  self->days_page = gtk_adjustment_get_page_size (days);
  if (self->at_newest && self->newest_tick == 0)
    self->newest_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), show_newest_tick, NULL, NULL);
}

static void
days_scrolled_cb (GtkAdjustment *days,
                  CareMarGrid   *self)
{
  double end = gtk_adjustment_get_upper (days) - gtk_adjustment_get_page_size (days);

  /* A value clamped to a new size is not the user scrolling. */
  if (gtk_adjustment_get_upper (days) != self->days_upper
      || gtk_adjustment_get_page_size (days) != self->days_page)
    return;
  self->at_newest = gtk_adjustment_get_value (days) >= end - 0.5;
}

static void
care_mar_grid_dispose (GObject *object)
{
  CareMarGrid *self = CARE_MAR_GRID (object);

  if (self->newest_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->newest_tick);
      self->newest_tick = 0;
    }
  if (self->box != NULL)
    {
      gtk_widget_unparent (self->box);
      self->box = NULL;
    }
  g_clear_pointer (&self->grid_rows, g_array_unref);

  G_OBJECT_CLASS (care_mar_grid_parent_class)->dispose (object);
}

static void
care_mar_grid_class_init (CareMarGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_mar_grid_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "marchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static GtkGrid *
new_grid (void)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_column_spacing (grid, 2);
  gtk_grid_set_row_spacing (grid, 2);
  return grid;
}

static void
care_mar_grid_init (CareMarGrid *self)
{
  GtkAdjustment *days;

  self->grid_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  self->heads = new_grid ();
  self->cells = new_grid ();
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (self->scroller, TRUE);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->cells));
  gtk_widget_set_hexpand (GTK_WIDGET (self->scroller), TRUE);
  care_gui_pass_vertical_scroll (self->scroller);
  /* Room for the scroll bar below the last line, over no cell. */
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->cells), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->heads), 8);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->heads));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->scroller));
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  days = gtk_scrolled_window_get_hadjustment (self->scroller);
  g_signal_connect_object (days, "changed", G_CALLBACK (days_changed_cb), self, 0);
  g_signal_connect_object (days, "value-changed", G_CALLBACK (days_scrolled_cb), self, 0);
  care_gui_tips_attach (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Administration chart"), -1);
}

GtkWidget *
care_mar_grid_new (void)
{
  return g_object_new (CARE_TYPE_MAR_GRID, NULL);
}
