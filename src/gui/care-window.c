/* care-window.c: the main window
 *
 * The window never opens a store itself: CareApplication decides which
 * database is open and hands it over, so the same window serves the care
 * home's own records and the demonstration home.
 */
#include "config.h"

#include "care-window.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "care-dashboard.h"
#include "care-demo.h"
#include "care-record.h"
#include "care-schema.h"
#include "care-setup.h"

typedef enum
{
  TODAY_DUE,
  TODAY_OVERDUE,
  TODAY_DONE,
  TODAY_AWAITING_DECISION,
  TODAY_COMPETENCIES_EXPIRING,
  TODAY_COMPETENCIES_EXPIRED,
  TODAY_LOW_COVERAGE,
  TODAY_REVIEWS_OVERDUE,
  TODAY_LIBERTY_ALERTS,
  TODAY_PENDING_EVENTS,
  N_TODAY_ROWS
} TodayRow;

/* "attention" rows are the ones a manager must act on; a non-zero count there
 * gets the warning colour, which only repeats what the number already says. */
static const struct
{
  const char *title;
  const char *subtitle;
  gboolean    attention;
} today_rows[N_TODAY_ROWS] = {
  [TODAY_DUE] = { N_("Due now"), N_("Delegated tasks to give within their time window"), FALSE },
  [TODAY_OVERDUE] = { N_("Overdue"), N_("Not recorded within their time window"), TRUE },
  [TODAY_DONE] = { N_("Done today"), NULL, FALSE },
  [TODAY_AWAITING_DECISION] = { N_("Awaiting a decision"), N_("Proposed delegated tasks to accept or decline"), TRUE },
  [TODAY_COMPETENCIES_EXPIRING] = { N_("Competencies expiring"), N_("Within the next 30 days"), TRUE },
  [TODAY_COMPETENCIES_EXPIRED] = { N_("Competencies expired"), NULL, TRUE },
  [TODAY_LOW_COVERAGE] = { N_("Too few competent staff"), N_("Delegated tasks with fewer than two competent staff"), TRUE },
  [TODAY_REVIEWS_OVERDUE] = { N_("Reviews overdue"), N_("Clinical oversight reviews past their review date"), TRUE },
  [TODAY_LIBERTY_ALERTS] = { N_("Liberty safeguards alerts"), N_("Screenings, authorisations and notifications that need action"), TRUE },
  [TODAY_PENDING_EVENTS] = { N_("Waiting to be sent"), N_("Records not yet sent to the commissioner"), FALSE },
};

/* Indexed by the service type combo row's position. */
static const char * const service_type_codes[] = { "care_home", "home_care" };

struct _CareWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkWidget            *refresh_button;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkWidget            *setup_button;
  AdwEntryRow          *setting_name_row;
  AdwComboRow          *service_type_row;
  AdwEntryRow          *manager_name_row;
  AdwEntryRow          *pin_row;
  AdwEntryRow          *pin_again_row;
  GtkLabel             *setup_error_label;
  GtkWidget            *setup_confirm_button;
  GtkSpinner           *busy_spinner;
  GtkLabel             *busy_label;
  GtkLabel             *demo_label;
  AdwPreferencesGroup  *today_group;
  GtkLabel             *today_error_label;

  AdwActionRow         *today_row[N_TODAY_ROWS];
  GtkLabel             *today_count[N_TODAY_ROWS];

  CareStore            *store;
  gboolean              demo;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareWindow, care_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_page (CareWindow *self,
           const char *name)
{
  gboolean busy = g_str_equal (name, "busy");
  gboolean today = g_str_equal (name, "today");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->busy_spinner, busy);
  /* There is nothing to refresh until a care home is open. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", today);
  gtk_widget_set_visible (self->refresh_button, today);

  /* Only the set-up form has a default action; elsewhere Enter must not
   * submit a form that is not on screen. */
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 g_str_equal (name, "setup") ? self->setup_confirm_button : NULL);
}

/* The "show text" eye of a libadwaita 1.2 password row is an icon-only
 * button with only a tooltip, which GTK 4.8 reads out as "GtkImage". */
static void
label_peek_buttons (GtkWidget  *widget,
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
        label_peek_buttons (child, label);
    }
}

static char *
format_today (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (iso_date == NULL || sscanf (iso_date, "%d-%d-%d", &year, &month, &day) != 3)
    return g_strdup (iso_date);

  date = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (date == NULL)
    return g_strdup (iso_date);

  /* Translators: the date on the Today page, see g_date_time_format() */
  return g_date_time_format (date, _("%A %-d %B %Y"));
}

static void
set_count (CareWindow *self,
           TodayRow    row,
           gint64      count)
{
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  GtkWidget *label = GTK_WIDGET (self->today_count[row]);

  if (count < 0)
    /* Translators: shown instead of a count that could not be read */
    text = g_strdup (C_("count", "Unknown"));
  else
    text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  gtk_label_set_text (self->today_count[row], text);

  if (today_rows[row].attention && count > 0)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");

  if (count == 0)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");

  /* The count is a separate label; put it in the row's description too so a
   * screen reader reads "Overdue, 3" when the row gets focus. */
  description = today_rows[row].subtitle != NULL
    ? g_strdup_printf ("%s. %s", text, _(today_rows[row].subtitle))
    : g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->today_row[row]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
show_today_error (CareWindow   *self,
                  const GError *error)
{
  if (error == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->today_error_label), FALSE);
      return;
    }

  gtk_label_set_text (self->today_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->today_error_label), TRUE);
}

void
care_window_refresh (CareWindow *self)
{
  g_autoptr(CareRecord) setting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *today_text = NULL;
  CareDashboardCounts counts = { 0 };
  const char *name = NULL;

  g_return_if_fail (CARE_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  setting = care_store_get_setting_record (self->store);
  if (setting != NULL)
    name = care_record_get_string (setting, "name");
  adw_window_title_set_title (self->window_title,
                              name != NULL && *name != '\0' ? name : _("CareDelegation"));
  adw_window_title_set_subtitle (self->window_title,
                                 self->demo ? _("Demonstration home") : NULL);

  today = care_store_today (self->store);
  today_text = format_today (today);
  adw_preferences_group_set_description (self->today_group, today_text);

  if (care_dashboard_counts (self->store, today, &counts, &error))
    {
      set_count (self, TODAY_DUE, counts.due);
      set_count (self, TODAY_OVERDUE, counts.overdue);
      set_count (self, TODAY_DONE, counts.done);
      set_count (self, TODAY_AWAITING_DECISION, counts.awaiting_decision);
      set_count (self, TODAY_COMPETENCIES_EXPIRING, counts.competencies_expiring);
      set_count (self, TODAY_COMPETENCIES_EXPIRED, counts.competencies_expired);
      set_count (self, TODAY_LOW_COVERAGE, counts.low_coverage);
      set_count (self, TODAY_REVIEWS_OVERDUE, counts.reviews_overdue);
      set_count (self, TODAY_LIBERTY_ALERTS, counts.liberty_alerts);
    }
  else
    {
      for (guint i = 0; i < TODAY_PENDING_EVENTS; i++)
        set_count (self, i, -1);
    }
  set_count (self, TODAY_PENDING_EVENTS, care_store_count_events (self->store, "pending"));

  show_today_error (self, error);
}

static void
clear_setup_form (CareWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->setting_name_row), "");
  adw_combo_row_set_selected (self->service_type_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->manager_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
}

static void
update_page (CareWindow *self)
{
  if (self->store == NULL)
    {
      adw_window_title_set_title (self->window_title, _("CareDelegation"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      show_page (self, "empty");
      return;
    }

  if (!care_store_is_set_up (self->store))
    {
      adw_window_title_set_title (self->window_title, _("CareDelegation"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      clear_setup_form (self);
      show_page (self, "welcome");
      gtk_widget_grab_focus (self->setup_button);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), self->demo);
  care_window_refresh (self);
  show_page (self, "today");
}

static void
setup_button_clicked_cb (CareWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
  show_page (self, "setup");
  gtk_widget_grab_focus (GTK_WIDGET (self->setting_name_row));
}

static void
setup_back_button_clicked_cb (CareWindow *self)
{
  update_page (self);
}

static void
show_setup_error (CareWindow *self,
                  const char *message)
{
  gtk_label_set_text (self->setup_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), TRUE);
}

static char *
entry_row_text (AdwEntryRow *row)
{
  /* A name typed with a stray space at either end is still the same name. */
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
setup_confirm_button_clicked_cb (CareWindow *self)
{
  g_autoptr(CareRecord) setting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *setting_name = NULL;
  g_autofree char *manager_name = NULL;
  g_autofree char *manager_uuid = NULL;
  const char *pin;
  const char *pin_again;
  guint service_type;

  g_return_if_fail (self->store != NULL);

  pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  pin_again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row));

  /* Typing the PIN twice is a user interface safeguard against a typing
   * slip, so it is checked here; every rule about the PIN itself is the
   * core's. */
  if (!g_str_equal (pin, pin_again))
    {
      show_setup_error (self, _("The two PINs are different. Type the same PIN in both boxes."));
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }

  setting_name = entry_row_text (self->setting_name_row);
  manager_name = entry_row_text (self->manager_name_row);
  service_type = adw_combo_row_get_selected (self->service_type_row);
  if (service_type >= G_N_ELEMENTS (service_type_codes))
    service_type = 0;

  setting = care_record_new (CARE_KIND_SETTING);
  /* An empty name is left unset so that the core's "required" message names
   * the missing field. */
  if (*setting_name != '\0')
    care_record_set_string (setting, "name", setting_name);
  care_record_set_string (setting, "service_type", service_type_codes[service_type]);

  if (!care_setup_load_catalogue (self->store, &error))
    {
      show_setup_error (self, error->message);
      return;
    }

  manager_uuid = care_setup_first_run (self->store, setting,
                                       *manager_name != '\0' ? manager_name : NULL,
                                       pin, &error);
  if (manager_uuid == NULL)
    {
      show_setup_error (self, error != NULL ? error->message : _("The care home could not be set up."));
      return;
    }

  /* The PIN has been hashed and stored; do not leave it in a widget. */
  clear_setup_form (self);
  update_page (self);
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_window_refresh (CARE_WINDOW (widget));
}

static void
build_today_rows (CareWindow *self)
{
  for (guint i = 0; i < N_TODAY_ROWS; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *count = gtk_label_new ("–");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(today_rows[i].title));
      if (today_rows[i].subtitle != NULL)
        adw_action_row_set_subtitle (row, _(today_rows[i].subtitle));

      gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (GTK_LABEL (count), 1.0);
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_add_css_class (count, "care-count");
      adw_action_row_add_suffix (row, count);

      adw_preferences_group_add (self->today_group, GTK_WIDGET (row));
      self->today_row[i] = row;
      self->today_count[i] = GTK_LABEL (count);
    }
}

static void
care_window_dispose (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_window_parent_class)->dispose (object);
}

static void
care_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CareWindow *self = CARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CareWindow *self = CARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      care_window_set_store (self, g_value_get_object (value));
      break;

    case PROP_DEMO:
      care_window_set_demo (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_window_class_init (CareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_window_dispose;
  object_class->get_property = care_window_get_property;
  object_class->set_property = care_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setup_button);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setting_name_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, service_type_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, manager_name_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setup_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setup_confirm_button);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, today_group);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, today_error_label);
  gtk_widget_class_bind_template_callback (widget_class, setup_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_confirm_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action_cb);
}

static void
care_window_init (CareWindow *self)
{
  g_autofree char *demo_text = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  build_today_rows (self);

  label_peek_buttons (GTK_WIDGET (self->pin_row), _("Show or hide the PIN"));
  label_peek_buttons (GTK_WIDGET (self->pin_again_row), _("Show or hide the PIN"));

  /* Translators: %s is the PIN every demonstration staff member signs in with */
  demo_text = g_strdup_printf (_("This is the demonstration home: its people, staff and records are made up. Every demonstration staff member’s PIN is %s."),
                               CARE_DEMO_PIN);
  gtk_label_set_text (self->demo_label, demo_text);

  show_page (self, "empty");
}

CareWindow *
care_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (CARE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

CareStore *
care_window_get_store (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return self->store;
}

void
care_window_set_store (CareWindow *self,
                       CareStore  *store)
{
  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (store == NULL || CARE_IS_STORE (store));

  /* Setting the same store again is how the application asks the window to
   * leave the busy or error page, so the page is always recomputed. */
  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  update_page (self);
}

gboolean
care_window_get_demo (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);

  return self->demo;
}

void
care_window_set_demo (CareWindow *self,
                      gboolean    demo)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  demo = !!demo;
  if (self->demo == demo)
    return;

  self->demo = demo;
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), demo);
  if (self->store != NULL && care_store_is_set_up (self->store))
    adw_window_title_set_subtitle (self->window_title, demo ? _("Demonstration home") : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

void
care_window_show_busy (CareWindow *self,
                       const char *message)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  gtk_label_set_text (self->busy_label, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->busy_spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                  -1);
  show_page (self, "busy");
}

void
care_window_show_error (CareWindow   *self,
                        const char   *heading,
                        const GError *error)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (error != NULL);

  /* The status page description is markup; a file path or SQLite message
   * may hold "&" or "<". */
  markup = g_markup_escape_text (error->message, -1);
  adw_window_title_set_title (self->window_title, _("CareDelegation"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  adw_status_page_set_title (self->error_page, heading);
  adw_status_page_set_description (self->error_page, markup);
  show_page (self, "error");
}
