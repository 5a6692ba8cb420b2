/* care-correct-dialog.c: corrects any record, field by field, with a reason */
#include "config.h"

#include "care-correct-dialog.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-schema.h"
#include "care-task-queries.h"

struct _CareCorrectDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkLabel            *error_label;
  AdwEntryRow         *reason_row;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *fixed_group;

  CareSession         *session;
  CareRecord          *current;
  GHashTable          *editors;   /* field name -> widget */
};

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareCorrectDialog, care_correct_dialog, ADW_TYPE_WINDOW)

/* Fields that change only through a lifecycle action (accept, revoke, a
 * review's decision) or are set by the core itself. The core refuses a
 * correction to them anyway; showing them read-only says so up front. */
static const struct
{
  CareKind    kind;
  const char *field;
} lifecycle_fields[] = {
  { CARE_KIND_DELEGATED_TASK, "status" },
  { CARE_KIND_DELEGATED_TASK, "source" },
  { CARE_KIND_COMPETENCY, "revoked_on" },
  { CARE_KIND_COMPETENCY, "revoked_reason" },
  { CARE_KIND_COMPETENCY, "assessor_register_number" },
  { CARE_KIND_REVIEW, "decision" },
  { CARE_KIND_LIBERTY_SCREENING, "age_16_17" },
};

static gboolean
is_fixed (CareKind         kind,
          const CareField *field)
{
  if (field->type == CARE_FIELD_UUID || field->type == CARE_FIELD_INSTANT || field->type == CARE_FIELD_JSON)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (lifecycle_fields); i++)
    if (lifecycle_fields[i].kind == kind && g_str_equal (lifecycle_fields[i].field, field->name))
      return TRUE;
  return FALSE;
}

static GtkWidget *
choice_editor (CareRecord      *record,
               const CareField *field)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *value = care_record_get_string (record, field->name);
  guint offset = field->required ? 0 : 1;
  guint selected = 0;

  /* An optional choice can be left unrecorded; that is the first item. */
  if (!field->required)
    gtk_string_list_append (labels, _("Not recorded"));
  for (guint i = 0; field->choices[i] != NULL; i++)
    {
      gtk_string_list_append (labels, care_task_choice_label (field->choices[i]));
      if (g_strcmp0 (field->choices[i], value) == 0)
        selected = i + offset;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

static GtkWidget *
bool_editor (CareRecord      *record,
             const CareField *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), care_record_get_bool (record, field->name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_set_data (G_OBJECT (row), "switch", toggle);
  return row;
}

static GtkWidget *
text_editor (CareRecord      *record,
             const CareField *field)
{
  GtkWidget *row = adw_entry_row_new ();

  if (field->type == CARE_FIELD_INT && care_record_has (record, field->name))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, care_record_get_int (record, field->name));
      gtk_editable_set_text (GTK_EDITABLE (row), number);
    }
  else
    care_form_set_text (GTK_EDITABLE (row), care_record_get_string (record, field->name));
  return row;
}

static void
add_editor (CareCorrectDialog *self,
            const CareField   *field)
{
  GtkWidget *row;
  g_autofree char *name = g_strdup_printf ("field-%s", field->name);

  if (field->type == CARE_FIELD_CHOICE)
    row = choice_editor (self->current, field);
  else if (field->type == CARE_FIELD_BOOL)
    row = bool_editor (self->current, field);
  else
    row = text_editor (self->current, field);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (self->fields_group, row);
  g_hash_table_insert (self->editors, (gpointer) field->name, row);
}

static void
add_fixed (CareCorrectDialog *self,
           const CareField   *field)
{
  CareStore *store = care_session_get_store (self->session);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *value = care_task_queries_describe_value (store, care_record_get_kind (self->current),
                                                             field->name, self->current);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : _("Not recorded"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->fixed_group, row);
}

static void
build_form (CareCorrectDialog *self)
{
  CareKind kind = care_record_get_kind (self->current);
  const CareKindInfo *info = care_kind_info (kind);
  CareStore *store = care_session_get_store (self->session);
  g_autofree char *title = care_task_queries_record_title (store, self->current);

  adw_window_title_set_subtitle (self->window_title, title);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const CareField *field = &info->fields[i];

      /* A PIN is set from the staff record, never typed into a
       * correction. */
      if (field->secret)
        continue;
      if (is_fixed (kind, field))
        add_fixed (self, field);
      else
        add_editor (self, field);
    }
}

/* Moves one editor's value into the record; FALSE with a message when a
 * number box holds something that is not a number. */
static gboolean
take_value (CareRecord       *record,
            const CareField  *field,
            GtkWidget        *row,
            GError          **error)
{
  if (field->type == CARE_FIELD_CHOICE)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
      guint offset = field->required ? 0 : 1;

      if (selected < offset)
        care_record_unset (record, field->name);
      else
        care_record_set_string (record, field->name, field->choices[selected - offset]);
    }
  else if (field->type == CARE_FIELD_BOOL)
    care_record_set_bool (record, field->name,
                          gtk_switch_get_active (g_object_get_data (G_OBJECT (row), "switch")));
  else if (field->type == CARE_FIELD_INT)
    {
      g_autofree char *text = care_form_get_text (GTK_EDITABLE (row));
      gint64 number;

      if (text == NULL)
        care_record_unset (record, field->name);
      else if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
        care_record_set_int (record, field->name, number);
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: “%s” is not a whole number."), _(field->label), text);
          return FALSE;
        }
    }
  else
    care_form_put_text (record, field->name, GTK_EDITABLE (row));
  return TRUE;
}

gboolean
care_correct_dialog_save (CareCorrectDialog *self)
{
  const CareKindInfo *info;
  g_autoptr(CareRecord) corrected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (CARE_IS_CORRECT_DIALOG (self), FALSE);

  info = care_kind_info (care_record_get_kind (self->current));
  corrected = care_record_copy (self->current);
  for (guint i = 0; i < info->n_fields; i++)
    {
      GtkWidget *row = g_hash_table_lookup (self->editors, info->fields[i].name);

      if (row != NULL && !take_value (corrected, &info->fields[i], row, &error))
        break;
    }
  reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  if (error == NULL)
    care_session_save (self->session, corrected, reason, &error);
  if (error != NULL)
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

GtkWidget *
care_correct_dialog_get_field (CareCorrectDialog *self,
                               const char        *field)
{
  g_return_val_if_fail (CARE_IS_CORRECT_DIALOG (self), NULL);

  return g_hash_table_lookup (self->editors, field);
}

static void
save_button_clicked_cb (CareCorrectDialog *self)
{
  care_correct_dialog_save (self);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_correct_dialog_save (CARE_CORRECT_DIALOG (widget));
}

static void
care_correct_dialog_dispose (GObject *object)
{
  CareCorrectDialog *self = CARE_CORRECT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_CORRECT_DIALOG);
  g_clear_pointer (&self->editors, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->current);

  G_OBJECT_CLASS (care_correct_dialog_parent_class)->dispose (object);
}

static void
care_correct_dialog_class_init (CareCorrectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_correct_dialog_dispose;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-correct-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareCorrectDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareCorrectDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CareCorrectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareCorrectDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CareCorrectDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, CareCorrectDialog, fixed_group);
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "correct.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "correct.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_correct_dialog_init (CareCorrectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->editors = g_hash_table_new (g_str_hash, g_str_equal);
}

CareCorrectDialog *
care_correct_dialog_new (GtkWindow   *parent,
                         CareSession *session,
                         CareRecord  *current)
{
  CareCorrectDialog *self = g_object_new (CARE_TYPE_CORRECT_DIALOG,
                                          "transient-for", parent,
                                          NULL);

  self->session = g_object_ref (session);
  self->current = care_record_copy (current);
  build_form (self);
  return self;
}
