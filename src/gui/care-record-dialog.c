/* care-record-dialog.c: recording that a delegated task was done or not
 *
 * The dialog only gathers what the carer says happened and hands it to
 * care_administration_record(); whether it may be saved (competency,
 * duplicate slot, when-required limits, future time, task status) is the
 * core's decision, shown here in the core's own words.
 */
#include "config.h"

#include "care-record-dialog.h"

#include <glib/gi18n.h>

#include "care-administration.h"
#include "care-error.h"
#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-person-record.h"
#include "care-validate.h"

struct _CareRecordDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkScrolledWindow    *scroller;
  GtkWidget            *error_box;
  GtkLabel             *error_label;
  GtkLabel             *instructions_label;
  GtkToggleButton      *done_button;
  AdwComboRow          *reason_row;
  AdwEntryRow          *reason_text_row;
  AdwActionRow         *time_row;
  GtkSpinButton        *hour_spin;
  GtkSpinButton        *minute_spin;
  CareDateRow          *day_row;
  AdwEntryRow          *site_row;
  AdwEntryRow          *dose_row;
  AdwComboRow          *witness_row;
  GtkSwitch            *escalate_switch;
  GtkTextView          *observations_view;
  GtkWidget            *extra_group;
  GtkSwitch            *extra_switch;
  AdwEntryRow          *extra_reason_row;

  CareStore            *store;
  CareSession          *session;
  char                 *task_uuid;
  char                 *slot_date;
  char                 *slot_time;

  CareRecord           *task;
  CareRecord           *type;
  GPtrArray            *reason_codes;   /* CareRecord, in the combo's order after "choose" */
  GPtrArray            *witnesses;      /* CareRecord, in the combo's order after "choose" */
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_TASK_UUID,
  PROP_SLOT_DATE,
  PROP_SLOT_TIME,
  N_PROPS
};

enum
{
  RECORDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareRecordDialog, care_record_dialog, ADW_TYPE_WINDOW)

static void
show_error (CareRecordDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
  /* The message sits above the form: bring it into view however far down
   * the carer had scrolled. */
  if (message != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static gboolean
is_done (CareRecordDialog *self)
{
  return gtk_toggle_button_get_active (self->done_button);
}

static void
update_visibility (CareRecordDialog *self)
{
  gboolean done = is_done (self);
  gboolean topical = self->type && care_record_get_bool (self->type, "topical");
  gboolean variable = self->type && care_record_get_bool (self->type, "variable_dose");
  gboolean witness = self->type && care_record_get_bool (self->type, "requires_witness");

  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), !done);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_text_row), !done);
  gtk_widget_set_visible (GTK_WIDGET (self->site_row), done && topical);
  gtk_widget_set_visible (GTK_WIDGET (self->dose_row), done && variable);
  gtk_widget_set_visible (GTK_WIDGET (self->witness_row), done && witness);
}

/* What a hour or minute box says: the number being typed when it is one
 * the box takes, as the box will take it, else its value. */
static int
spin_number (GtkSpinButton *spin)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  GtkAdjustment *range = gtk_spin_button_get_adjustment (spin);
  guint64 number;

  if (g_ascii_string_to_unsigned (text, 10, (guint64) gtk_adjustment_get_lower (range),
                                  (guint64) gtk_adjustment_get_upper (range), &number, NULL))
    return (int) number;
  return gtk_spin_button_get_value_as_int (spin);
}

/* The day and time in the form, without judging them: NULL while the day
 * is not a date. */
static char *
chosen_time (CareRecordDialog *self,
             gint64           *occurred_at)
{
  const char *date = care_date_row_get_date (self->day_row);
  char *time;

  if (date == NULL)
    return NULL;
  time = g_strdup_printf ("%02d:%02d", spin_number (self->hour_spin), spin_number (self->minute_spin));
  *occurred_at = care_local_instant (date, time);
  return time;
}

/* Said while the carer fills the form, not refused on saving: a dose may
 * be given early for a reason (an appointment, a hospital trip), and the
 * chart and the round will show it as given early. */
static void
update_early_warning (CareRecordDialog *self)
{
  gint64 occurred_at = 0;
  g_autofree char *time = self->store ? chosen_time (self, &occurred_at) : NULL;
  g_autofree char *warning = NULL;

  if (time != NULL && is_done (self)
      && care_administration_is_early (self->slot_date, self->slot_time, occurred_at,
                                       care_administration_due_lead_seconds (self->store)))
    /* Translators: the slot's time, "08:00" */
    warning = g_strdup_printf (_("Before the %s dose was due: it will show as given early. "
                                 "If it has not been given yet, record it when it is."), self->slot_time);
  adw_action_row_set_subtitle (self->time_row, warning ? warning : "");
  if (warning != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->time_row), "care-early");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "care-early");
}

static void
outcome_toggled_cb (CareRecordDialog *self)
{
  update_visibility (self);
  update_early_warning (self);
}

static void
update_save_enabled (CareRecordDialog *self)
{
  /* A locked window has no one to record as. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save",
                                 self->session != NULL && self->task != NULL);
}

/* 8 is shown as 08, as a clock shows it. */
static gboolean
two_digits_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
set_time (CareRecordDialog *self,
          const char       *hh_mm)
{
  int hour, minute;

  if (hh_mm == NULL || !care_time_parse (hh_mm, &hour, &minute))
    return;
  gtk_spin_button_set_value (self->hour_spin, hour);
  gtk_spin_button_set_value (self->minute_spin, minute);
}

/* Now for today's slots; the slot's own time for another day's, which is
 * when a late entry most often says it was done. The day is the slot's,
 * or the day before for a dose given late in the evening for the next
 * morning's slot; nothing is recorded as happening after today. */
static void
set_default_when (CareRecordDialog *self)
{
  g_autofree char *today = care_store_today (self->store);
  g_autofree char *day_before = care_date_add_days (self->slot_date, -1);
  g_autofree char *now = NULL;

  care_date_row_set_date (self->day_row, self->slot_date);
  care_date_row_set_min_date (self->day_row, day_before);
  care_date_row_set_max_date (self->day_row, today);
  if (g_strcmp0 (today, self->slot_date) == 0)
    {
      now = care_instant_to_time (care_store_now (self->store));
      set_time (self, now);
    }
  else
    set_time (self, self->slot_time);
  update_early_warning (self);
}

static void
fill_reason_codes (CareRecordDialog *self)
{
  g_autoptr(GPtrArray) codes = care_store_list_current (self->store, CARE_KIND_REASON_CODE, NULL, NULL, NULL);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->reason_codes = g_ptr_array_new_with_free_func (g_object_unref);
  /* No reason is chosen until the carer chooses one, so the core can say
   * that one is needed. */
  gtk_string_list_append (labels, _("Choose a reason"));
  for (guint i = 0; codes != NULL && i < codes->len; i++)
    {
      CareRecord *code = g_ptr_array_index (codes, i);
      g_autofree char *label = NULL;

      if (!care_record_get_bool (code, "active"))
        continue;
      /* Translators: a not-done reason and its MAR code, e.g. "Refused (R)" */
      label = g_strdup_printf (_("%s (%s)"), care_record_get_string (code, "label"),
                               care_record_get_string (code, "code"));
      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->reason_codes, g_object_ref (code));
    }
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (labels));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (care_record_get_string (*(CareRecord **) a, "name"),
                         care_record_get_string (*(CareRecord **) b, "name"));
}

static void
fill_witnesses (CareRecordDialog *self)
{
  g_autoptr(GPtrArray) staff = care_store_list_current (self->store, CARE_KIND_STAFF, NULL, NULL, NULL);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *me = self->session ? care_session_get_actor_uuid (self->session) : NULL;

  self->witnesses = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      CareRecord *s = g_ptr_array_index (staff, i);

      if (care_record_get_bool (s, "active") && g_strcmp0 (care_record_get_uuid (s), me) != 0)
        g_ptr_array_add (self->witnesses, g_object_ref (s));
    }
  g_ptr_array_sort (self->witnesses, compare_names);
  gtk_string_list_append (labels, _("Choose who saw it"));
  for (guint i = 0; i < self->witnesses->len; i++)
    gtk_string_list_append (labels, care_record_get_string (g_ptr_array_index (self->witnesses, i), "name"));
  adw_combo_row_set_model (self->witness_row, G_LIST_MODEL (labels));
}

static char *
describe_instructions (CareRecordDialog *self)
{
  GString *text = g_string_new (care_record_get_string (self->task, "instructions"));
  const char *dose = care_record_get_string (self->task, "dose");
  const char *site = care_record_get_string (self->task, "site");
  const char *equipment = care_record_get_string (self->task, "equipment");
  const char *call_back = care_record_get_string (self->task, "call_back_when");

  if (dose != NULL)
    g_string_append_printf (text, "\n%s %s", _("Dose:"), dose);
  if (site != NULL)
    g_string_append_printf (text, "\n%s %s", _("Site:"), site);
  if (equipment != NULL)
    g_string_append_printf (text, "\n%s %s", _("Equipment:"), equipment);
  if (call_back != NULL)
    g_string_append_printf (text, "\n%s %s", _("Call the nurse if:"), call_back);
  return g_string_free (text, FALSE);
}

static void
set_titles (CareRecordDialog *self,
            CareRecord       *person)
{
  g_autofree char *name = person ? care_person_record_display_name (person) : g_strdup ("");
  g_autofree char *day = care_gui_format_date (self->slot_date);
  g_autofree char *subtitle = NULL;
  const char *task_name = care_record_get_string (self->type, "name");

  if (self->slot_time != NULL)
    /* Translators: person, scheduled time, day */
    subtitle = g_strdup_printf (_("%s · %s, %s"), name, self->slot_time, day);
  else
    /* Translators: person, "when required", day */
    subtitle = g_strdup_printf (_("%s · when required, %s"), name, day);

  adw_window_title_set_title (self->window_title, task_name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), task_name);
}

static void
load_task (CareRecordDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) person = NULL;
  g_autofree char *instructions = NULL;

  self->task = care_store_load (self->store, CARE_KIND_DELEGATED_TASK, self->task_uuid, &error);
  if (self->task != NULL)
    self->type = care_store_load (self->store, CARE_KIND_TASK_TYPE,
                                  care_record_get_string (self->task, "task_type_uuid"), &error);
  if (self->task == NULL || self->type == NULL)
    {
      show_error (self, error->message);
      g_clear_object (&self->task);
      return;
    }
  person = care_store_load (self->store, CARE_KIND_PERSON, care_record_get_string (self->task, "person_uuid"), NULL);
  set_titles (self, person);

  instructions = describe_instructions (self);
  gtk_label_set_text (self->instructions_label, instructions);

  fill_reason_codes (self);
  fill_witnesses (self);
  care_form_set_text (GTK_EDITABLE (self->site_row), care_record_get_string (self->task, "site"));
  set_default_when (self);
  update_visibility (self);
}

/* The day and time the carer gave; the core decides whether it is
 * allowed (not in the future, not before the task started). */
static gboolean
read_when (CareRecordDialog *self,
           gint64           *occurred_at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *time = NULL;

  if (!care_form_check_dates (GTK_WIDGET (self), &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  /* A number typed in a box but not yet confirmed with Enter still counts. */
  gtk_spin_button_update (self->hour_spin);
  gtk_spin_button_update (self->minute_spin);
  time = chosen_time (self, occurred_at);
  if (time == NULL)
    {
      show_error (self, _("Give the day it happened, or choose it from the calendar."));
      gtk_widget_grab_focus (GTK_WIDGET (self->day_row));
      return FALSE;
    }
  return *occurred_at != 0;
}

static CareRecord *
selected_record (AdwComboRow *row,
                 GPtrArray   *records)
{
  guint selected = adw_combo_row_get_selected (row);

  /* Position 0 is "choose", which means nothing is chosen yet. */
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > records->len)
    return NULL;
  return g_ptr_array_index (records, selected - 1);
}

static CareRecord *
build_record (CareRecordDialog *self,
              gint64            occurred_at)
{
  CareRecord *admin = care_record_new (CARE_KIND_ADMINISTRATION);
  gboolean done = is_done (self);

  care_record_set_string (admin, "task_uuid", self->task_uuid);
  care_record_set_string (admin, "slot_date", self->slot_date);
  if (self->slot_time != NULL)
    care_record_set_string (admin, "slot_time", self->slot_time);
  care_record_set_int (admin, "occurred_at", occurred_at);
  care_record_set_string (admin, "outcome", done ? "done" : "not_done");

  if (done)
    {
      CareRecord *witness = selected_record (self->witness_row, self->witnesses);

      if (gtk_widget_get_visible (GTK_WIDGET (self->site_row)))
        care_form_put_text (admin, "site", GTK_EDITABLE (self->site_row));
      if (gtk_widget_get_visible (GTK_WIDGET (self->dose_row)))
        care_form_put_text (admin, "dose", GTK_EDITABLE (self->dose_row));
      if (witness != NULL && gtk_widget_get_visible (GTK_WIDGET (self->witness_row)))
        care_record_set_string (admin, "witness_uuid", care_record_get_uuid (witness));
    }
  else
    {
      CareRecord *code = selected_record (self->reason_row, self->reason_codes);

      if (code != NULL)
        care_record_set_string (admin, "reason_code", care_record_get_string (code, "code"));
      care_form_put_text (admin, "reason_text", GTK_EDITABLE (self->reason_text_row));
    }

  care_form_put_view_text (admin, "observations", self->observations_view);
  care_record_set_bool (admin, "escalate", gtk_switch_get_active (self->escalate_switch));
  if (gtk_widget_get_visible (self->extra_group) && gtk_switch_get_active (self->extra_switch))
    {
      care_record_set_bool (admin, "extra", TRUE);
      care_form_put_text (admin, "extra_reason", GTK_EDITABLE (self->extra_reason_row));
    }
  return admin;
}

/* Everything the carer typed stays in the form whatever the core says, so
 * a refusal costs nothing but reading it. */
void
care_record_dialog_save (CareRecordDialog *self)
{
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(GError) error = NULL;
  gint64 occurred_at = 0;

  g_return_if_fail (CARE_IS_RECORD_DIALOG (self));

  if (self->session == NULL || self->task == NULL || !read_when (self, &occurred_at))
    return;

  admin = build_record (self, occurred_at);
  if (!care_administration_record (self->session, admin, &error))
    {
      show_error (self, error->message);
      /* Giving a dose again is only ever a deliberate, explained act: the
       * way to record it appears only once the core has said the slot is
       * already done. */
      if (g_error_matches (error, CARE_ERROR, CARE_ERROR_DUPLICATE_SLOT))
        gtk_widget_set_visible (self->extra_group, TRUE);
      return;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[RECORDED], 0, admin);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_record_dialog_save (CARE_RECORD_DIALOG (widget));
}

static void
care_record_dialog_constructed (GObject *object)
{
  CareRecordDialog *self = CARE_RECORD_DIALOG (object);

  G_OBJECT_CLASS (care_record_dialog_parent_class)->constructed (object);

  if (self->store != NULL && self->task_uuid != NULL && self->slot_date != NULL)
    load_task (self);
  update_save_enabled (self);
}

static void
care_record_dialog_dispose (GObject *object)
{
  CareRecordDialog *self = CARE_RECORD_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_RECORD_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->task);
  g_clear_object (&self->type);
  g_clear_pointer (&self->reason_codes, g_ptr_array_unref);
  g_clear_pointer (&self->witnesses, g_ptr_array_unref);

  G_OBJECT_CLASS (care_record_dialog_parent_class)->dispose (object);
}

static void
care_record_dialog_finalize (GObject *object)
{
  CareRecordDialog *self = CARE_RECORD_DIALOG (object);

  g_free (self->task_uuid);
  g_free (self->slot_date);
  g_free (self->slot_time);

  G_OBJECT_CLASS (care_record_dialog_parent_class)->finalize (object);
}

static void
care_record_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CareRecordDialog *self = CARE_RECORD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_TASK_UUID:
      g_value_set_string (value, self->task_uuid);
      break;

    case PROP_SLOT_DATE:
      g_value_set_string (value, self->slot_date);
      break;

    case PROP_SLOT_TIME:
      g_value_set_string (value, self->slot_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_record_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CareRecordDialog *self = CARE_RECORD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      /* The window locking takes the session away mid-entry; what was
       * typed stays, but nothing can be saved until someone signs in. */
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          update_save_enabled (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TASK_UUID:
      self->task_uuid = g_value_dup_string (value);
      break;

    case PROP_SLOT_DATE:
      self->slot_date = g_value_dup_string (value);
      break;

    case PROP_SLOT_TIME:
      self->slot_time = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_record_dialog_class_init (CareRecordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_record_dialog_constructed;
  object_class->dispose = care_record_dialog_dispose;
  object_class->finalize = care_record_dialog_finalize;
  object_class->get_property = care_record_dialog_get_property;
  object_class->set_property = care_record_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASK_UUID] =
    g_param_spec_string ("task-uuid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLOT_DATE] =
    g_param_spec_string ("slot-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLOT_TIME] =
    g_param_spec_string ("slot-time", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CareRecordDialog::recorded:
   * @administration: the saved CareRecord
   *
   * Emitted once the core has saved the entry, just before the dialog closes.
   */
  signals[RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CARE_TYPE_RECORD);

  g_type_ensure (CARE_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-record-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, reason_text_row);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, day_row);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, site_row);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, dose_row);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, witness_row);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, escalate_switch);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, observations_view);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, extra_group);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, extra_switch);
  gtk_widget_class_bind_template_child (widget_class, CareRecordDialog, extra_reason_row);
  gtk_widget_class_bind_template_callback (widget_class, outcome_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_early_warning);
  gtk_widget_class_bind_template_callback (widget_class, two_digits_cb);

  gtk_widget_class_install_action (widget_class, "record.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "record.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "record.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_record_dialog_init (CareRecordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CareRecordDialog *
care_record_dialog_new (GtkWindow   *parent,
                        CareStore   *store,
                        CareSession *session,
                        const char  *task_uuid,
                        const char  *slot_date,
                        const char  *slot_time)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (task_uuid != NULL && slot_date != NULL, NULL);

  return g_object_new (CARE_TYPE_RECORD_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "session", session,
                       "task-uuid", task_uuid,
                       "slot-date", slot_date,
                       "slot-time", slot_time,
                       NULL);
}

const char *
care_record_dialog_get_error_text (CareRecordDialog *self)
{
  g_return_val_if_fail (CARE_IS_RECORD_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (self->error_box))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
