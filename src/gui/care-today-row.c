/* care-today-row.c: how one line of the Today list looks
 *
 * A slot's state is always written out and has its own icon; the colour
 * class on it only repeats what the words say.
 */
#include "config.h"

#include "care-today-row.h"

#include <glib/gi18n.h>

struct _CareTodayRow
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkWidget  *box;
  GtkLabel   *time_label;
  GtkLabel   *title_label;
  GtkLabel   *subtitle_label;
  GtkWidget  *state_box;
  GtkImage   *state_icon;
  GtkLabel   *state_label;
  GtkWidget  *record_button;

  const char *state_class;
};

G_DEFINE_FINAL_TYPE (CareTodayRow, care_today_row, GTK_TYPE_WIDGET)

static const struct
{
  const char *label;
  const char *icon_name;
  const char *css_class;
} slot_states[] = {
  [CARE_SLOT_UPCOMING] = { N_("Upcoming"), "preferences-system-time-symbolic", "care-state-upcoming" },
  [CARE_SLOT_DUE] = { N_("Due now"), "alarm-symbolic", "care-state-due" },
  [CARE_SLOT_OVERDUE] = { N_("Overdue"), "appointment-missed-symbolic", "care-state-overdue" },
  [CARE_SLOT_DONE] = { N_("Done"), "object-select-symbolic", "care-state-done" },
  [CARE_SLOT_NOT_DONE] = { N_("Not done"), "action-unavailable-symbolic", "care-state-not-done" },
};

const char *
care_today_slot_state_label (CareSlotState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (slot_states), NULL);
  return _(slot_states[state].label);
}

static void
set_state (CareTodayRow  *self,
           CareSlotState  state)
{
  if (self->state_class != NULL)
    gtk_widget_remove_css_class (self->state_box, self->state_class);
  self->state_class = slot_states[state].css_class;
  gtk_widget_add_css_class (self->state_box, self->state_class);
  gtk_image_set_from_icon_name (self->state_icon, slot_states[state].icon_name);
  gtk_label_set_text (self->state_label, _(slot_states[state].label));
}

static void
show_heading (CareTodayRow  *self,
              CareTodayItem *item)
{
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), FALSE);
  gtk_widget_set_visible (self->state_box, FALSE);
  gtk_widget_set_visible (self->record_button, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "title-4");
  gtk_widget_add_css_class (GTK_WIDGET (self), "care-today-heading");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "care-today-slot");
}

static void
show_slot (CareTodayRow  *self,
           CareTodayItem *item)
{
  gtk_label_set_text (self->time_label, care_today_item_get_slot_time (item));
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), TRUE);
  gtk_widget_set_visible (self->state_box, TRUE);
  gtk_widget_set_visible (self->record_button, FALSE);
  set_state (self, care_today_item_get_state (item));
}

static void
show_when_required (CareTodayRow  *self,
                    CareTodayItem *item)
{
  /* Translators: %s is the person and the task */
  g_autofree char *label = g_strdup_printf (_("Record a dose: %s"), care_today_item_get_title (item));

  gtk_widget_set_visible (GTK_WIDGET (self->time_label), FALSE);
  gtk_widget_set_visible (self->state_box, FALSE);
  gtk_widget_set_visible (self->record_button, TRUE);
  /* The target first: the button must never hold the action without the
   * task it is for. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->record_button), "s",
                                    care_today_item_get_task_uuid (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->record_button), "today.record-dose");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->record_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* What a screen reader says for the line: the same words that are shown. */
static void
describe (CareTodayRow  *self,
          CareTodayItem *item)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (care_today_item_get_kind (item) == CARE_TODAY_ITEM_SLOT)
    g_string_append_printf (text, "%s, %s, %s", care_today_item_get_slot_time (item),
                            care_today_item_get_title (item),
                            care_today_slot_state_label (care_today_item_get_state (item)));
  else
    g_string_append (text, care_today_item_get_title (item));
  if (care_today_item_get_subtitle (item) != NULL)
    g_string_append_printf (text, ". %s", care_today_item_get_subtitle (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

void
care_today_row_set_item (CareTodayRow  *self,
                         CareTodayItem *item)
{
  const char *subtitle;

  g_return_if_fail (CARE_IS_TODAY_ROW (self));
  g_return_if_fail (CARE_IS_TODAY_ITEM (item));

  /* Rows are recycled between kinds as the list scrolls. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "title-4");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "care-today-heading");
  gtk_widget_add_css_class (GTK_WIDGET (self), "care-today-slot");
  gtk_label_set_text (self->title_label, care_today_item_get_title (item));
  subtitle = care_today_item_get_subtitle (item);
  gtk_label_set_text (self->subtitle_label, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL);

  switch (care_today_item_get_kind (item))
    {
    case CARE_TODAY_ITEM_HEADING:
      show_heading (self, item);
      break;

    case CARE_TODAY_ITEM_SLOT:
      show_slot (self, item);
      break;

    case CARE_TODAY_ITEM_WHEN_REQUIRED:
      show_when_required (self, item);
      break;

    default:
      g_assert_not_reached ();
    }
  describe (self, item);
}

static void
care_today_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CARE_TYPE_TODAY_ROW);

  G_OBJECT_CLASS (care_today_row_parent_class)->dispose (object);
}

static void
care_today_row_class_init (CareTodayRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_today_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-today-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, box);
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, state_box);
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, CareTodayRow, record_button);
}

static void
care_today_row_init (CareTodayRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
care_today_row_new (void)
{
  return g_object_new (CARE_TYPE_TODAY_ROW, NULL);
}
