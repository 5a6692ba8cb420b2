/* care-task-editor.c: a new delegation, entered from the paperwork */
#include "config.h"

#include "care-task-editor.h"

#include <glib/gi18n.h>

#include "care-delegation.h"
#include "care-form-util.h"
#include "care-validate.h"

/* Indexed by the positions of the schedule and consent combo rows. */
static const char * const schedule_codes[] = { "times", "interval", "prn" };
static const char * const consent_codes[] = { "consent", "best_interests", "lpa" };

struct _CareTaskEditor
{
  AdwWindow       parent_instance;

  GtkWidget      *save_button;
  GtkLabel       *error_label;
  AdwComboRow    *person_row;
  AdwComboRow    *type_row;
  AdwEntryRow    *practitioner_name_row;
  AdwEntryRow    *practitioner_profession_row;
  AdwEntryRow    *practitioner_register_row;
  AdwEntryRow    *practitioner_number_row;
  AdwEntryRow    *practitioner_org_row;
  AdwEntryRow    *practitioner_contact_row;
  CareDateRow    *delegated_on_row;
  CareDateRow    *mdt_date_row;
  AdwEntryRow    *mdt_team_row;
  GtkTextView    *instructions_view;
  AdwEntryRow    *dose_row;
  AdwEntryRow    *site_row;
  AdwEntryRow    *equipment_row;
  AdwEntryRow    *call_back_row;
  AdwComboRow    *schedule_row;
  AdwEntryRow    *times_row;
  GtkWidget      *interval_row;
  GtkSpinButton  *interval_spin;
  AdwEntryRow    *first_time_row;
  GtkWidget      *prn_max_row;
  GtkSpinButton  *prn_max_spin;
  GtkWidget      *prn_interval_row;
  GtkSpinButton  *prn_interval_spin;
  CareDateRow    *start_date_row;
  CareDateRow    *end_date_row;
  GtkSpinButton  *review_spin;
  AdwEntryRow    *oversight_row;
  GtkTextView    *risk_view;
  AdwComboRow    *consent_row;

  CareSession    *session;
  GPtrArray      *person_uuids;
  GPtrArray      *type_uuids;
};

enum
{
  SIGNAL_PROPOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareTaskEditor, care_task_editor, ADW_TYPE_WINDOW)

static const char *
selected_uuid (AdwComboRow *row,
               GPtrArray   *uuids)
{
  guint i = adw_combo_row_get_selected (row);

  return i < uuids->len ? g_ptr_array_index (uuids, i) : NULL;
}

static gboolean
select_uuid (AdwComboRow *row,
             GPtrArray   *uuids,
             const char  *uuid)
{
  for (guint i = 0; i < uuids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (uuids, i), uuid) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }
  return FALSE;
}

static const char *
schedule_kind (CareTaskEditor *self)
{
  guint i = adw_combo_row_get_selected (self->schedule_row);

  return schedule_codes[MIN (i, G_N_ELEMENTS (schedule_codes) - 1)];
}

/* Only the rows the chosen kind of schedule uses are shown. */
static void
update_schedule_rows (CareTaskEditor *self)
{
  const char *kind = schedule_kind (self);

  gtk_widget_set_visible (GTK_WIDGET (self->times_row), g_str_equal (kind, "times"));
  gtk_widget_set_visible (self->interval_row, g_str_equal (kind, "interval"));
  gtk_widget_set_visible (GTK_WIDGET (self->first_time_row), g_str_equal (kind, "interval"));
  gtk_widget_set_visible (self->prn_max_row, g_str_equal (kind, "prn"));
  gtk_widget_set_visible (self->prn_interval_row, g_str_equal (kind, "prn"));
}

static void
schedule_changed_cb (CareTaskEditor *self)
{
  update_schedule_rows (self);
}

static int
compare_by_label (gconstpointer a,
                  gconstpointer b)
{
  return g_utf8_collate (g_object_get_data (*(GObject **) a, "label"),
                         g_object_get_data (*(GObject **) b, "label"));
}

/* Fills a combo row with records' labels in alphabetical order, keeping
 * their uuids at the same positions. */
static void
fill_choices (AdwComboRow *row,
              GPtrArray   *records,
              GPtrArray   *uuids)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_ptr_array_sort (records, compare_by_label);
  for (guint i = 0; i < records->len; i++)
    {
      CareRecord *r = g_ptr_array_index (records, i);

      gtk_string_list_append (labels, g_object_get_data (G_OBJECT (r), "label"));
      g_ptr_array_add (uuids, g_strdup (care_record_get_uuid (r)));
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
}

static void
load_choices (CareTaskEditor *self)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(GPtrArray) people = care_store_list_current (store, CARE_KIND_PERSON, "status", "active", NULL);
  g_autoptr(GPtrArray) types = care_store_list_current (store, CARE_KIND_TASK_TYPE, NULL, NULL, NULL);

  for (guint i = 0; people && i < people->len; i++)
    {
      CareRecord *p = g_ptr_array_index (people, i);
      g_object_set_data_full (G_OBJECT (p), "label", care_form_person_name (p), g_free);
    }
  /* A type that may never be delegated is still offered: the practitioner
   * may propose it, and the manager's decision then records the refusal. */
  for (guint i = types ? types->len : 0; i > 0; i--)
    {
      CareRecord *t = g_ptr_array_index (types, i - 1);

      if (!care_record_get_bool (t, "active"))
        {
          g_ptr_array_remove_index (types, i - 1);
          continue;
        }
      g_object_set_data_full (G_OBJECT (t), "label",
                              care_record_get_bool (t, "delegable")
                                ? g_strdup (care_record_get_string (t, "name"))
                                /* Translators: a task type in a list, "<name> (never delegated)" */
                                : g_strdup_printf (_("%s (never delegated)"), care_record_get_string (t, "name")),
                              g_free);
    }
  if (people != NULL)
    fill_choices (self->person_row, people, self->person_uuids);
  if (types != NULL)
    fill_choices (self->type_row, types, self->type_uuids);
}

static void
set_defaults (CareTaskEditor *self)
{
  g_autofree char *today = care_store_today (care_session_get_store (self->session));

  care_date_row_set_date (self->delegated_on_row, today);
  care_date_row_set_date (self->start_date_row, today);
  /* The paperwork describes a delegation already made and agreed; the
   * task starts no earlier than it was delegated, and ends after that. */
  care_date_row_set_max_date (self->delegated_on_row, today);
  care_date_row_set_max_date (self->mdt_date_row, today);
  g_object_bind_property (self->delegated_on_row, "date", self->start_date_row, "min-date", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->start_date_row, "date", self->end_date_row, "min-date", G_BINDING_SYNC_CREATE);
}

static void
put_int (CareRecord    *task,
         const char    *field,
         GtkSpinButton *spin)
{
  gtk_spin_button_update (spin);
  care_record_set_int (task, field, gtk_spin_button_get_value_as_int (spin));
}

static CareRecord *
build_task (CareTaskEditor *self)
{
  CareRecord *task = care_record_new (CARE_KIND_DELEGATED_TASK);
  const char *person = selected_uuid (self->person_row, self->person_uuids);
  const char *type = selected_uuid (self->type_row, self->type_uuids);
  const char *kind = schedule_kind (self);
  guint consent = adw_combo_row_get_selected (self->consent_row);

  if (person != NULL)
    care_record_set_string (task, "person_uuid", person);
  if (type != NULL)
    care_record_set_string (task, "task_type_uuid", type);
  care_form_put_text (task, "practitioner_name", GTK_EDITABLE (self->practitioner_name_row));
  care_form_put_text (task, "practitioner_profession", GTK_EDITABLE (self->practitioner_profession_row));
  care_form_put_text (task, "practitioner_register", GTK_EDITABLE (self->practitioner_register_row));
  care_form_put_text (task, "practitioner_number", GTK_EDITABLE (self->practitioner_number_row));
  care_form_put_text (task, "practitioner_org", GTK_EDITABLE (self->practitioner_org_row));
  care_form_put_text (task, "practitioner_contact", GTK_EDITABLE (self->practitioner_contact_row));
  care_form_put_date (task, "delegated_on", self->delegated_on_row);
  care_form_put_date (task, "mdt_date", self->mdt_date_row);
  care_form_put_text (task, "mdt_team", GTK_EDITABLE (self->mdt_team_row));
  care_form_put_view_text (task, "instructions", self->instructions_view);
  care_form_put_text (task, "dose", GTK_EDITABLE (self->dose_row));
  care_form_put_text (task, "site", GTK_EDITABLE (self->site_row));
  care_form_put_text (task, "equipment", GTK_EDITABLE (self->equipment_row));
  care_form_put_text (task, "call_back_when", GTK_EDITABLE (self->call_back_row));

  /* Only the fields of the chosen kind are sent, so a value left in a
   * hidden row never becomes part of the schedule. */
  care_record_set_string (task, "schedule_kind", kind);
  if (g_str_equal (kind, "times"))
    care_form_put_text (task, "schedule_times", GTK_EDITABLE (self->times_row));
  else if (g_str_equal (kind, "interval"))
    {
      put_int (task, "interval_hours", self->interval_spin);
      care_form_put_text (task, "first_time", GTK_EDITABLE (self->first_time_row));
    }
  else
    {
      put_int (task, "prn_max_24h", self->prn_max_spin);
      put_int (task, "prn_min_interval_min", self->prn_interval_spin);
    }
  care_form_put_date (task, "start_date", self->start_date_row);
  care_form_put_date (task, "end_date", self->end_date_row);
  put_int (task, "review_interval_days", self->review_spin);
  care_form_put_text (task, "oversight_contact", GTK_EDITABLE (self->oversight_row));
  care_form_put_view_text (task, "risk_notes", self->risk_view);
  care_record_set_string (task, "consent_basis", consent_codes[MIN (consent, G_N_ELEMENTS (consent_codes) - 1)]);
  return task;
}

gboolean
care_task_editor_save (CareTaskEditor *self)
{
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CARE_IS_TASK_EDITOR (self), FALSE);

  if (!care_form_check_dates (GTK_WIDGET (self), &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  task = build_task (self);
  if (!care_delegation_propose (self->session, task, &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  care_form_show_error (self->error_label, NULL);
  g_signal_emit (self, signals[SIGNAL_PROPOSED], 0, care_record_get_uuid (task));
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

gboolean
care_task_editor_select (CareTaskEditor *self,
                         const char     *person_uuid,
                         const char     *task_type_uuid)
{
  g_return_val_if_fail (CARE_IS_TASK_EDITOR (self), FALSE);

  return (person_uuid == NULL || select_uuid (self->person_row, self->person_uuids, person_uuid))
      && (task_type_uuid == NULL || select_uuid (self->type_row, self->type_uuids, task_type_uuid));
}

static void
save_button_clicked_cb (CareTaskEditor *self)
{
  care_task_editor_save (self);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_task_editor_save (CARE_TASK_EDITOR (widget));
}

static void
care_task_editor_dispose (GObject *object)
{
  CareTaskEditor *self = CARE_TASK_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_TASK_EDITOR);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (care_task_editor_parent_class)->dispose (object);
}

static void
care_task_editor_finalize (GObject *object)
{
  CareTaskEditor *self = CARE_TASK_EDITOR (object);

  g_clear_pointer (&self->person_uuids, g_ptr_array_unref);
  g_clear_pointer (&self->type_uuids, g_ptr_array_unref);

  G_OBJECT_CLASS (care_task_editor_parent_class)->finalize (object);
}

static void
care_task_editor_class_init (CareTaskEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_task_editor_dispose;
  object_class->finalize = care_task_editor_finalize;

  /**
   * CareTaskEditor::proposed:
   * @task_uuid: the new task
   */
  signals[SIGNAL_PROPOSED] =
    g_signal_new ("proposed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CARE_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-task-editor.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareTaskEditor, name)
  CHILD (save_button);
  CHILD (error_label);
  CHILD (person_row);
  CHILD (type_row);
  CHILD (practitioner_name_row);
  CHILD (practitioner_profession_row);
  CHILD (practitioner_register_row);
  CHILD (practitioner_number_row);
  CHILD (practitioner_org_row);
  CHILD (practitioner_contact_row);
  CHILD (delegated_on_row);
  CHILD (mdt_date_row);
  CHILD (mdt_team_row);
  CHILD (instructions_view);
  CHILD (dose_row);
  CHILD (site_row);
  CHILD (equipment_row);
  CHILD (call_back_row);
  CHILD (schedule_row);
  CHILD (times_row);
  CHILD (interval_row);
  CHILD (interval_spin);
  CHILD (first_time_row);
  CHILD (prn_max_row);
  CHILD (prn_max_spin);
  CHILD (prn_interval_row);
  CHILD (prn_interval_spin);
  CHILD (start_date_row);
  CHILD (end_date_row);
  CHILD (review_spin);
  CHILD (oversight_row);
  CHILD (risk_view);
  CHILD (consent_row);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_task_editor_init (CareTaskEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->person_uuids = g_ptr_array_new_with_free_func (g_free);
  self->type_uuids = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (self->schedule_row, "notify::selected", G_CALLBACK (schedule_changed_cb), self);
}

CareTaskEditor *
care_task_editor_new (GtkWindow   *parent,
                      CareSession *session)
{
  CareTaskEditor *self = g_object_new (CARE_TYPE_TASK_EDITOR,
                                       "transient-for", parent,
                                       NULL);

  self->session = g_object_ref (session);
  load_choices (self);
  set_defaults (self);
  update_schedule_rows (self);
  return self;
}
