/* care-preferences-window.c: the manager's settings for the home
 *
 * Catalogue records (task types, reasons, questions) are edited through
 * one small editor: a row per field, read back into a copy of the record
 * and saved through the session. A change to an existing record asks for
 * its reason in a CareReasonDialog, which shows the core's refusal if the
 * change breaks a rule; nothing here decides what may be saved.
 */
#include "config.h"

#include "care-preferences-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "care-gui-util.h"
#include "care-reason-dialog.h"
#include "care-record.h"
#include "care-schema.h"
#include "care-sync-page.h"
#include "care-token-store.h"
#include "care-window.h"

/* Indexed by the service type combo row's position. */
static const char * const service_type_codes[] = { "care_home", "home_care", NULL };

typedef enum
{
  EDIT_TEXT,
  EDIT_INT,
  EDIT_BOOL,
  EDIT_CHOICE,
} EditKind;

typedef struct
{
  const char *field;
  EditKind    kind;
} EditField;

static const EditField task_type_fields[] = {
  { "name", EDIT_TEXT },
  { "category", EDIT_TEXT },
  { "grace_minutes", EDIT_INT },
  { "validity_months", EDIT_INT },
  { "time_critical", EDIT_BOOL },
  { "delegable", EDIT_BOOL },
  { "not_delegable_reason", EDIT_TEXT },
  { "person_specific", EDIT_BOOL },
  { "active", EDIT_BOOL },
  { NULL }
};

static const EditField new_task_type_fields[] = {
  { "code", EDIT_TEXT },
  { "name", EDIT_TEXT },
  { "category", EDIT_TEXT },
  { "grace_minutes", EDIT_INT },
  { "validity_months", EDIT_INT },
  { "time_critical", EDIT_BOOL },
  { "delegable", EDIT_BOOL },
  { "not_delegable_reason", EDIT_TEXT },
  { "person_specific", EDIT_BOOL },
  { NULL }
};

static const EditField reason_code_fields[] = {
  { "label", EDIT_TEXT },
  { "canonical", EDIT_CHOICE },
  { "active", EDIT_BOOL },
  { NULL }
};

static const EditField new_reason_code_fields[] = {
  { "code", EDIT_TEXT },
  { "label", EDIT_TEXT },
  { "canonical", EDIT_CHOICE },
  { NULL }
};

static const EditField question_fields[] = {
  { "question", EDIT_TEXT },
  { "ordinal", EDIT_INT },
  { "active", EDIT_BOOL },
  { NULL }
};

static const EditField new_question_fields[] = {
  { "code", EDIT_TEXT },
  { "question", EDIT_TEXT },
  { "ordinal", EDIT_INT },
  { NULL }
};

/* Labels for the codes of choice fields; a code without one shows as is. */
static const struct
{
  const char *code;
  const char *label;
} choice_labels[] = {
  { "refused", N_("Refused") },
  { "asleep", N_("Asleep") },
  { "away", N_("Away or in hospital") },
  { "not_required", N_("Not required") },
  { "unable", N_("Unable") },
  { "other", N_("Other") },
};

typedef struct
{
  CareKind         kind;
  const EditField *fields;
  GPtrArray       *widgets;   /* one per field: the widget holding its value */
  CareRecord      *record;    /* the version shown, or a new record's defaults */
  GtkLabel        *error_label;
} Editor;

struct _CarePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwPreferencesGroup  *setting_group;
  AdwEntryRow          *setting_name_row;
  AdwEntryRow          *cqc_row;
  AdwComboRow          *service_type_row;
  AdwEntryRow          *address_row;
  AdwPreferencesGroup  *endpoint_group;
  AdwEntryRow          *endpoint_row;
  AdwEntryRow          *token_row;
  AdwActionRow         *token_status_row;
  AdwActionRow         *ca_row;
  AdwActionRow         *connection_row;
  AdwPreferencesGroup  *task_types_group;
  AdwPreferencesGroup  *new_task_type_group;
  AdwPreferencesGroup  *reason_codes_group;
  AdwPreferencesGroup  *new_reason_code_group;
  AdwPreferencesGroup  *questions_group;
  AdwPreferencesGroup  *new_question_group;
  AdwPreferencesGroup  *lock_group;
  GtkSpinButton        *lock_timeout_spin;

  CareStore            *store;
  CareSession          *session;
  GSettings            *settings;
  CareRecord           *setting;

  /* Rows added in code, removed on refresh; keyed by their group. */
  GHashTable           *added_rows;      /* group -> GPtrArray of rows */
  Editor               *new_task_type;
  Editor               *new_reason_code;
  Editor               *new_question;

  GtkFileChooserNative *chooser;
  GtkFileChooserNative *ca_chooser;

  /* The commissioner connection */
  GCancellable         *token_work;     /* reading or saving the token */
  CareSyncPage         *sync_page;      /* watched after a restart */
  CareSync             *watched_sync;
  gboolean              seen_running;
};

enum
{
  SETTING_CHANGED,
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
editor_free (Editor *editor)
{
  g_ptr_array_unref (editor->widgets);
  g_clear_object (&editor->record);
  g_free (editor);
}

static void
toast (CarePreferencesWindow *self,
       const char            *message)
{
  /* A toast's title is markup, and messages from the core or a file name
   * may hold "&" or "<". */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static const char *
choice_label (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_strcmp0 (choice_labels[i].code, code) == 0)
      return _(choice_labels[i].label);
  return code;
}

/* Groups hold the rows made in code; a refresh takes them out again. */
static void
group_add (CarePreferencesWindow *self,
           AdwPreferencesGroup   *group,
           GtkWidget             *row)
{
  GPtrArray *rows = g_hash_table_lookup (self->added_rows, group);

  if (rows == NULL)
    {
      rows = g_ptr_array_new ();
      g_hash_table_insert (self->added_rows, group, rows);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static void
group_clear (CarePreferencesWindow *self,
             AdwPreferencesGroup   *group)
{
  GPtrArray *rows = g_hash_table_lookup (self->added_rows, group);

  if (rows == NULL)
    return;
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
label_widget (GtkWidget  *widget,
              const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static GtkWidget *
editor_row (Editor          *editor,
            const EditField *edit)
{
  const CareField *field = care_kind_find_field (editor->kind, edit->field);
  const char *title = _(field->label);
  GtkWidget *row = NULL;
  GtkWidget *value = NULL;

  switch (edit->kind)
    {
    case EDIT_TEXT:
      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), care_record_has (editor->record, edit->field)
                             ? care_record_get_string (editor->record, edit->field) : "");
      value = row;
      break;

    case EDIT_INT:
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      /* The spin button's range is the schema's, so the core's range
       * message is rarely needed; the core still checks. */
      value = gtk_spin_button_new_with_range (field->min < field->max ? field->min : 0,
                                              field->min < field->max ? field->max : 100000, 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (value), care_record_get_int (editor->record, edit->field));
      gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), value);
      label_widget (value, title);
      break;

    case EDIT_BOOL:
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      value = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (value), care_record_get_bool (editor->record, edit->field));
      gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), value);
      label_widget (value, title);
      break;

    case EDIT_CHOICE:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
        const char *current = care_record_get_string (editor->record, edit->field);
        guint selected = 0;

        for (guint i = 0; field->choices[i] != NULL; i++)
          {
            gtk_string_list_append (labels, choice_label (field->choices[i]));
            if (g_strcmp0 (field->choices[i], current) == 0)
              selected = i;
          }
        row = adw_combo_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
        value = row;
      }
      break;

    default:
      g_assert_not_reached ();
    }

  /* Named after its field, so tests and style can find it. */
  gtk_widget_set_name (row, edit->field);
  g_ptr_array_add (editor->widgets, value);
  return row;
}

static Editor *
editor_new (CareKind         kind,
            const EditField *fields,
            CareRecord      *record)
{
  Editor *editor = g_new0 (Editor, 1);

  editor->kind = kind;
  editor->fields = fields;
  editor->widgets = g_ptr_array_new ();
  editor->record = g_object_ref (record);
  return editor;
}

/* The edited values, in a copy of the record that keeps its version, so a
 * save is a correction of exactly the version that was shown. */
static CareRecord *
editor_read (Editor *editor)
{
  CareRecord *copy = care_record_copy (editor->record);

  for (guint i = 0; editor->fields[i].field != NULL; i++)
    {
      const EditField *edit = &editor->fields[i];
      GtkWidget *value = g_ptr_array_index (editor->widgets, i);

      switch (edit->kind)
        {
        case EDIT_TEXT:
          {
            g_autofree char *text = care_gui_editable_text (value);

            /* Empty is unset, so the core's "required" message names the
             * field. */
            if (*text == '\0')
              care_record_unset (copy, edit->field);
            else
              care_record_set_string (copy, edit->field, text);
          }
          break;

        case EDIT_INT:
          gtk_spin_button_update (GTK_SPIN_BUTTON (value));
          care_record_set_int (copy, edit->field, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (value)));
          break;

        case EDIT_BOOL:
          care_record_set_bool (copy, edit->field, gtk_switch_get_active (GTK_SWITCH (value)));
          break;

        case EDIT_CHOICE:
          {
            const CareField *field = care_kind_find_field (editor->kind, edit->field);
            guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (value));

            if (selected < g_strv_length ((char **) field->choices))
              care_record_set_string (copy, edit->field, field->choices[selected]);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return copy;
}

typedef struct
{
  CarePreferencesWindow *self;
  CareRecord            *record;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_object_unref (save->self);
  g_object_unref (save->record);
  g_free (save);
}

static gboolean
save_with_reason (const char  *reason,
                  gpointer     user_data,
                  GError     **error)
{
  SaveData *save = user_data;

  return care_session_save (save->self->session, save->record, reason, error);
}

static void
saved_cb (CareReasonDialog      *dialog,
          const char            *reason,
          CarePreferencesWindow *self)
{
  toast (self, _("Saved, with your reason, as a new version."));
  care_preferences_window_refresh (self);
  g_signal_emit (self, signals[SETTING_CHANGED], 0);
}

/* A correction needs a reason; the dialog asks for it and runs the save,
 * showing the core's message if the change is refused. Returns the
 * dialog, or NULL when nothing changed. */
static CareReasonDialog *
ask_reason_and_save (CarePreferencesWindow *self,
                     CareRecord            *edited,
                     CareRecord            *shown,
                     const char            *what)
{
  g_auto(GStrv) changed = care_record_diff (edited, shown);
  g_autofree char *heading = NULL;
  CareReasonDialog *dialog;
  SaveData *save;

  if (changed == NULL || changed[0] == NULL)
    {
      toast (self, _("Nothing has changed."));
      return NULL;
    }

  save = g_new0 (SaveData, 1);
  save->self = g_object_ref (self);
  save->record = g_object_ref (edited);

  /* Translators: %s names what is being changed, e.g. a task type's name */
  heading = g_strdup_printf (_("Save Changes to “%s”"), what);
  dialog = care_reason_dialog_new (GTK_WINDOW (self), heading,
                                   _("The change is kept as a new version, with the old one and your reason in the change log."),
                                   _("_Save"), FALSE,
                                   save_with_reason, save, save_data_free);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
save_editor_clicked_cb (GtkButton             *button,
                        CarePreferencesWindow *self)
{
  Editor *editor = g_object_get_data (G_OBJECT (button), "care-editor");
  g_autoptr(CareRecord) edited = editor_read (editor);
  const char *what = care_record_get_string (editor->record, "name");

  if (what == NULL)
    what = care_record_get_string (editor->record, "label");
  if (what == NULL)
    what = care_record_get_string (editor->record, "code");

  ask_reason_and_save (self, edited, editor->record, what);
}

static char *
task_type_summary (CareRecord *type)
{
  g_autoptr(GString) text = g_string_new (care_record_get_string (type, "category"));
  gint64 grace = care_record_get_int (type, "grace_minutes");
  gint64 validity = care_record_get_int (type, "validity_months");

  g_string_append (text, " · ");
  g_string_append (text, care_record_get_bool (type, "delegable")
                   ? _("may be delegated") : _("never delegated"));
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "grace %d minute", "grace %d minutes", grace), (int) grace);
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "valid %d month", "valid %d months", validity), (int) validity);
  if (care_record_get_bool (type, "time_critical"))
    {
      g_string_append (text, " · ");
      g_string_append (text, _("time-critical"));
    }
  if (!care_record_get_bool (type, "active"))
    {
      g_string_append (text, " · ");
      g_string_append (text, _("inactive"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
reason_code_summary (CareRecord *code)
{
  /* Translators: a reason code in preferences: its code, its canonical reason */
  g_autofree char *text = g_strdup_printf (_("Code %s, counted as “%s”"),
                                           care_record_get_string (code, "code"),
                                           choice_label (care_record_get_string (code, "canonical")));

  if (care_record_get_bool (code, "active"))
    return g_steal_pointer (&text);
  /* Translators: appended to a reason code or question no longer in use */
  return g_strdup_printf (_("%s · inactive"), text);
}

static char *
question_summary (CareRecord *question)
{
  /* Translators: a decision-matrix question's place in the order */
  g_autofree char *text = g_strdup_printf (_("Order %d"), (int) care_record_get_int (question, "ordinal"));

  if (care_record_get_bool (question, "active"))
    return g_steal_pointer (&text);
  return g_strdup_printf (_("%s · inactive"), text);
}

static void
add_record_row (CarePreferencesWindow *self,
                AdwPreferencesGroup   *group,
                CareRecord            *record,
                const EditField       *fields,
                const char            *title,
                const char            *subtitle)
{
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *save_row = adw_action_row_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save Changes…"));
  Editor *editor = editor_new (care_record_get_kind (record), fields, record);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  g_object_set_data_full (G_OBJECT (expander), "care-editor", editor, (GDestroyNotify) editor_free);

  for (guint i = 0; fields[i].field != NULL; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), editor_row (editor, &fields[i]));

  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (save, "suggested-action");
  g_object_set_data (G_OBJECT (save), "care-editor", editor);
  g_signal_connect (save, "clicked", G_CALLBACK (save_editor_clicked_cb), self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (save_row), _("A change needs a reason"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (save_row), save);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), save_row);

  group_add (self, group, expander);
}

static int
compare_by_field (gconstpointer a,
                  gconstpointer b,
                  gpointer      field)
{
  CareRecord *ra = *(CareRecord **) a;
  CareRecord *rb = *(CareRecord **) b;

  if (care_kind_find_field (care_record_get_kind (ra), field)->type == CARE_FIELD_INT)
    return (int) CLAMP (care_record_get_int (ra, field) - care_record_get_int (rb, field), -1, 1);
  return g_utf8_collate (care_record_get_string (ra, field), care_record_get_string (rb, field));
}

/* Catalogue lists are a few dozen records at most. */
static GPtrArray *
list_sorted (CarePreferencesWindow *self,
             CareKind               kind,
             const char            *sort_field,
             AdwPreferencesGroup   *group)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = care_store_list_current (self->store, kind, NULL, NULL, &error);

  if (records == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_widget_add_css_class (row, "error");
      group_add (self, group, row);
      return g_ptr_array_new ();
    }
  g_ptr_array_sort_with_data (records, compare_by_field, (gpointer) sort_field);
  return records;
}

static void
fill_task_types (CarePreferencesWindow *self)
{
  g_autoptr(GPtrArray) types = NULL;

  group_clear (self, self->task_types_group);
  types = list_sorted (self, CARE_KIND_TASK_TYPE, "name", self->task_types_group);
  for (guint i = 0; i < types->len; i++)
    {
      CareRecord *type = g_ptr_array_index (types, i);
      g_autofree char *summary = task_type_summary (type);

      add_record_row (self, self->task_types_group, type, task_type_fields,
                      care_record_get_string (type, "name"), summary);
    }
}

static void
fill_reason_codes (CarePreferencesWindow *self)
{
  g_autoptr(GPtrArray) codes = NULL;

  group_clear (self, self->reason_codes_group);
  codes = list_sorted (self, CARE_KIND_REASON_CODE, "label", self->reason_codes_group);
  for (guint i = 0; i < codes->len; i++)
    {
      CareRecord *code = g_ptr_array_index (codes, i);
      g_autofree char *summary = reason_code_summary (code);

      add_record_row (self, self->reason_codes_group, code, reason_code_fields,
                      care_record_get_string (code, "label"), summary);
    }
}

static void
fill_questions (CarePreferencesWindow *self)
{
  g_autoptr(GPtrArray) questions = NULL;

  group_clear (self, self->questions_group);
  questions = list_sorted (self, CARE_KIND_MATRIX_QUESTION, "ordinal", self->questions_group);
  for (guint i = 0; i < questions->len; i++)
    {
      CareRecord *question = g_ptr_array_index (questions, i);
      g_autofree char *summary = question_summary (question);

      add_record_row (self, self->questions_group, question, question_fields,
                      care_record_get_string (question, "question"), summary);
    }
}

/* The form for a new record: its rows, then an error label for the core's
 * refusal, under the group's "Add" button. */
static Editor *
fill_new_form (CarePreferencesWindow *self,
               AdwPreferencesGroup   *group,
               CareRecord            *defaults,
               const EditField       *fields)
{
  Editor *editor = editor_new (care_record_get_kind (defaults), fields, defaults);
  GtkWidget *error_label = gtk_label_new (NULL);

  group_clear (self, group);
  for (guint i = 0; fields[i].field != NULL; i++)
    group_add (self, group, editor_row (editor, &fields[i]));

  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_selectable (GTK_LABEL (error_label), TRUE);
  gtk_widget_set_margin_top (error_label, 12);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  group_add (self, group, error_label);
  editor->error_label = GTK_LABEL (error_label);

  return editor;
}

static void
reset_new_forms (CarePreferencesWindow *self)
{
  g_autoptr(CareRecord) type = care_record_new (CARE_KIND_TASK_TYPE);
  g_autoptr(CareRecord) code = care_record_new (CARE_KIND_REASON_CODE);
  g_autoptr(CareRecord) question = care_record_new (CARE_KIND_MATRIX_QUESTION);
  g_autoptr(GPtrArray) questions = care_store_list_current (self->store, CARE_KIND_MATRIX_QUESTION, NULL, NULL, NULL);
  gint64 last = 0;

  /* The usual starting values; the manager changes what differs. */
  care_record_set_bool (type, "delegable", TRUE);
  care_record_set_bool (type, "active", TRUE);
  care_record_set_int (type, "validity_months", 12);
  care_record_set_int (type, "grace_minutes", 60);
  care_record_set_bool (code, "active", TRUE);
  care_record_set_string (code, "canonical", "other");
  for (guint i = 0; questions != NULL && i < questions->len; i++)
    last = MAX (last, care_record_get_int (g_ptr_array_index (questions, i), "ordinal"));
  /* A new question goes last unless its number says otherwise. */
  care_record_set_int (question, "ordinal", MIN (last + 10, 1000));
  care_record_set_bool (question, "active", TRUE);

  g_clear_pointer (&self->new_task_type, editor_free);
  g_clear_pointer (&self->new_reason_code, editor_free);
  g_clear_pointer (&self->new_question, editor_free);
  self->new_task_type = fill_new_form (self, self->new_task_type_group, type, new_task_type_fields);
  self->new_reason_code = fill_new_form (self, self->new_reason_code_group, code, new_reason_code_fields);
  self->new_question = fill_new_form (self, self->new_question_group, question, new_question_fields);
}

static void
add_new_record (CarePreferencesWindow *self,
                Editor                *editor,
                const char            *name_field)
{
  g_autoptr(CareRecord) record = editor_read (editor);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!care_session_save (self->session, record, NULL, &error))
    {
      gtk_label_set_text (editor->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (editor->error_label), TRUE);
      return;
    }

  /* Translators: %s is the name of what was added to the catalogue */
  message = g_strdup_printf (_("Added “%s”."), care_record_get_string (record, name_field));
  toast (self, message);
  care_preferences_window_refresh (self);
}

static void
add_task_type_clicked_cb (CarePreferencesWindow *self)
{
  add_new_record (self, self->new_task_type, "name");
}

static void
add_reason_code_clicked_cb (CarePreferencesWindow *self)
{
  add_new_record (self, self->new_reason_code, "label");
}

static void
add_question_clicked_cb (CarePreferencesWindow *self)
{
  add_new_record (self, self->new_question, "question");
}

static void
fill_setting (CarePreferencesWindow *self)
{
  const char *service_type;

  g_clear_object (&self->setting);
  self->setting = care_store_get_setting_record (self->store);
  if (self->setting == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->setting_name_row), care_record_get_string (self->setting, "name"));
  gtk_editable_set_text (GTK_EDITABLE (self->cqc_row), care_record_has (self->setting, "cqc_location_id")
                         ? care_record_get_string (self->setting, "cqc_location_id") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), care_record_has (self->setting, "address")
                         ? care_record_get_string (self->setting, "address") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), care_record_has (self->setting, "endpoint_url")
                         ? care_record_get_string (self->setting, "endpoint_url") : "");
  service_type = care_record_get_string (self->setting, "service_type");
  adw_combo_row_set_selected (self->service_type_row, g_strcmp0 (service_type, "home_care") == 0 ? 1 : 0);
}

static void
put_text (CareRecord  *record,
          const char  *field,
          AdwEntryRow *row)
{
  g_autofree char *text = care_gui_editable_text (GTK_WIDGET (row));

  if (*text == '\0')
    care_record_unset (record, field);
  else
    care_record_set_string (record, field, text);
}

static void
save_setting_clicked_cb (CarePreferencesWindow *self)
{
  g_autoptr(CareRecord) edited = NULL;
  guint service_type = adw_combo_row_get_selected (self->service_type_row);

  g_return_if_fail (self->setting != NULL);

  edited = care_record_copy (self->setting);
  put_text (edited, "name", self->setting_name_row);
  put_text (edited, "cqc_location_id", self->cqc_row);
  put_text (edited, "address", self->address_row);
  if (service_type < G_N_ELEMENTS (service_type_codes) - 1)
    care_record_set_string (edited, "service_type", service_type_codes[service_type]);

  ask_reason_and_save (self, edited, self->setting, _("the care setting"));
}

/* ---- the commissioner connection: token, CA file, test --------------- */

static void
set_connection (CarePreferencesWindow *self,
                const char            *text)
{
  adw_action_row_set_subtitle (self->connection_row, text);
}

static void stop_watching (CarePreferencesWindow *self);

static void
watched_state_cb (CareSync              *sync,
                  CarePreferencesWindow *self)
{
  CareSyncState state = care_sync_get_state (sync);
  g_autofree char *text = NULL;

  if (state == CARE_SYNC_RUNNING)
    {
      self->seen_running = TRUE;
      set_connection (self, _("Connecting to the commissioner…"));
      return;
    }
  /* The first attempt's outcome is what the test shows. */
  if (!self->seen_running)
    return;
  if (state == CARE_SYNC_IDLE)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (care_sync_get_last_success (sync));
      g_autofree char *time = g_date_time_format (when, "%H:%M");

      /* Translators: %s is the time of day */
      text = g_strdup_printf (_("Connected: the commissioner answered at %s."), time);
    }
  else
    /* Translators: %s is the sync's last error */
    text = g_strdup_printf (_("Not connected: %s"),
                            care_sync_get_last_error (sync) ? care_sync_get_last_error (sync) : _("no answer"));
  set_connection (self, text);
  stop_watching (self);
}

static void
watch_sync (CarePreferencesWindow *self,
            CareSync              *sync)
{
  self->seen_running = FALSE;
  g_set_object (&self->watched_sync, sync);
  g_signal_connect_object (sync, "state-changed", G_CALLBACK (watched_state_cb), self, 0);
}

static void
page_started_cb (CarePreferencesWindow *self)
{
  CareSync *sync;

  if (self->sync_page == NULL || care_sync_page_is_starting (self->sync_page))
    return;
  g_signal_handlers_disconnect_by_func (self->sync_page, page_started_cb, self);
  sync = care_sync_page_get_sync (self->sync_page);
  if (sync != NULL)
    {
      watch_sync (self, sync);
      return;
    }
  set_connection (self, care_sync_page_get_problem (self->sync_page)
                        ? care_sync_page_get_problem (self->sync_page)
                        : _("No commissioner endpoint is saved, so there is nothing to connect to."));
  stop_watching (self);
}

static void
stop_watching (CarePreferencesWindow *self)
{
  if (self->sync_page != NULL)
    g_signal_handlers_disconnect_by_func (self->sync_page, page_started_cb, self);
  if (self->watched_sync != NULL)
    g_signal_handlers_disconnect_by_func (self->watched_sync, watched_state_cb, self);
  g_clear_object (&self->sync_page);
  g_clear_object (&self->watched_sync);
}

/* The window's sync lives on its Sync page; a saved endpoint, token or CA
 * file takes effect at once by starting it again from the settings. */
static void
restart_sync (CarePreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWidget *page = CARE_IS_WINDOW (parent) ? care_window_get_page (CARE_WINDOW (parent), "sync") : NULL;

  stop_watching (self);
  if (!CARE_IS_SYNC_PAGE (page))
    {
      set_connection (self, _("The new settings are used the next time CareDelegation starts."));
      return;
    }
  self->sync_page = CARE_SYNC_PAGE (g_object_ref (page));
  set_connection (self, _("Starting the sync…"));
  care_sync_page_start (self->sync_page);
  if (care_sync_page_is_starting (self->sync_page))
    g_signal_connect_object (self->sync_page, "notify::sync", G_CALLBACK (page_started_cb), self, G_CONNECT_SWAPPED);
  else
    page_started_cb (self);
}

static void
token_place_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CarePreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  CareTokenPlace place = CARE_TOKEN_PLACE_NONE;
  g_autofree char *token = care_token_store_load_finish (result, &place, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Only where it is kept is shown; the token itself never is. */
  if (token != NULL)
    memset (token, 0, strlen (token));
  if (token != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    adw_action_row_set_subtitle (self->token_status_row, care_token_place_describe (place));
  else
    adw_action_row_set_subtitle (self->token_status_row, error->message);
  g_clear_object (&self->token_work);
}

static void
show_token_place (CarePreferencesWindow *self)
{
  g_cancellable_cancel (self->token_work);
  g_clear_object (&self->token_work);
  self->token_work = g_cancellable_new ();
  care_token_store_load_async (self->token_work, token_place_cb, self);
}

static void
token_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CarePreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  CareTokenPlace place = CARE_TOKEN_PLACE_NONE;

  if (!care_token_store_save_finish (result, &place, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->token_work);
      toast (self, error->message);
      return;
    }
  g_clear_object (&self->token_work);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  adw_action_row_set_subtitle (self->token_status_row, care_token_place_describe (place));
  toast (self, place == CARE_TOKEN_PLACE_KEYRING ? _("Token saved in the keyring. Sync restarted.")
                                                  : _("Token saved in a private file. Sync restarted."));
  restart_sync (self);
}

void
care_preferences_window_save_token (CarePreferencesWindow *self)
{
  g_autofree char *token = NULL;

  g_return_if_fail (CARE_IS_PREFERENCES_WINDOW (self));

  token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
  g_cancellable_cancel (self->token_work);
  g_clear_object (&self->token_work);
  self->token_work = g_cancellable_new ();
  care_token_store_save_async (token, self->token_work, token_saved_cb, self);
  memset (token, 0, strlen (token));
}

static void
save_token_clicked_cb (CarePreferencesWindow *self)
{
  care_preferences_window_save_token (self);
}

static void
show_ca_file (CarePreferencesWindow *self)
{
  g_autofree char *ca_file = care_store_get_setting (self->store, "sync_ca_file");

  adw_action_row_set_subtitle (self->ca_row, ca_file && *ca_file ? ca_file
                                                               : _("This computer's trusted certificates"));
}

gboolean
care_preferences_window_set_ca_file (CarePreferencesWindow *self,
                                     GFile                 *file)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CARE_IS_PREFERENCES_WINDOW (self), FALSE);

  if (file != NULL)
    {
      g_autoptr(GTlsDatabase) database = NULL;

      path = g_file_get_path (file);
      /* Refused here rather than when the sync next starts. */
      database = path ? g_tls_file_database_new (path, &error) : NULL;
      if (database == NULL)
        {
          /* Translators: %s is why the file cannot be used */
          g_autofree char *message = g_strdup_printf (_("That file holds no usable certificate: %s"),
                                                      error ? error->message : _("it is not a local file"));
          toast (self, message);
          return FALSE;
        }
    }
  if (!care_store_set_setting (self->store, "sync_ca_file", path, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  show_ca_file (self);
  restart_sync (self);
  return TRUE;
}

static void
ca_chooser_response_cb (GtkNativeDialog       *chooser,
                        int                    response,
                        CarePreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->ca_chooser);
  if (file != NULL)
    care_preferences_window_set_ca_file (self, file);
}

static void
choose_ca_clicked_cb (CarePreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  self->ca_chooser = gtk_file_chooser_native_new (_("Choose the Commissioner's Certificate Authority"),
                                                  GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                                  _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_chooser), TRUE);
  g_signal_connect (self->ca_chooser, "response", G_CALLBACK (ca_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

static void
clear_ca_clicked_cb (CarePreferencesWindow *self)
{
  care_preferences_window_set_ca_file (self, NULL);
}

static void
test_connection_clicked_cb (CarePreferencesWindow *self)
{
  restart_sync (self);
}

static void
endpoint_saved_cb (CarePreferencesWindow *self)
{
  restart_sync (self);
}

static void
save_endpoint_clicked_cb (CarePreferencesWindow *self)
{
  g_autoptr(CareRecord) edited = NULL;
  CareReasonDialog *dialog;

  g_return_if_fail (self->setting != NULL);

  edited = care_record_copy (self->setting);
  put_text (edited, "endpoint_url", self->endpoint_row);
  dialog = ask_reason_and_save (self, edited, self->setting, _("the commissioner endpoint"));
  if (dialog != NULL)
    g_signal_connect_object (dialog, "applied", G_CALLBACK (endpoint_saved_cb), self, G_CONNECT_SWAPPED);
}

void
care_preferences_window_refresh (CarePreferencesWindow *self)
{
  g_return_if_fail (CARE_IS_PREFERENCES_WINDOW (self));

  fill_setting (self);
  show_ca_file (self);
  fill_task_types (self);
  fill_reason_codes (self);
  fill_questions (self);
  reset_new_forms (self);
}

gboolean
care_preferences_window_backup_to (CarePreferencesWindow *self,
                                   GFile                 *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *message = NULL;

  g_return_val_if_fail (CARE_IS_PREFERENCES_WINDOW (self), FALSE);

  if (path == NULL || !care_store_backup (self->store, path, &error))
    {
      toast (self, error != NULL ? error->message : _("Backups can only be saved to a folder on this computer or a drive attached to it."));
      return FALSE;
    }

  /* Translators: %s is the backup file's name */
  message = g_strdup_printf (_("Backed up to “%s”."), path);
  toast (self, message);
  return TRUE;
}

static gboolean
announce_restored (gpointer data)
{
  CarePreferencesWindow *self = data;

  g_signal_emit (self, signals[RESTORED], 0, g_object_get_data (G_OBJECT (self), "care-restored-path"));
  return G_SOURCE_REMOVE;
}

static void
restore_response_cb (AdwMessageDialog      *dialog,
                     const char            *response,
                     CarePreferencesWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "care-file");
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "restore"))
    return;

  if (path == NULL || !care_store_restore (self->store, path, &error))
    {
      toast (self, error != NULL ? error->message : _("Backups can only be restored from a folder on this computer or a drive attached to it."));
      return;
    }

  /* Whoever is signed in may not exist in the restored records: the
   * window signs everyone out, which closes this window too, so that waits
   * until this dialog has finished closing. */
  g_object_set_data_full (G_OBJECT (self), "care-restored-path", g_steal_pointer (&path), g_free);
  g_idle_add_full (G_PRIORITY_DEFAULT, announce_restored, g_object_ref (self), g_object_unref);
}

AdwMessageDialog *
care_preferences_window_confirm_restore (CarePreferencesWindow *self,
                                         GFile                 *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (CARE_IS_PREFERENCES_WINDOW (self), NULL);

  /* Translators: %s is the backup file's name */
  body = g_strdup_printf (_("The care records on this computer will be replaced by those in “%s”.\n\n"
                            "Nothing is lost: the records there now are kept beside the database, in a file "
                            "whose name ends in “before-restore” and the date and time.\n\n"
                            "Everyone will need to sign in again."),
                          name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Restore From This Backup?"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "care-file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
chooser_response_cb (GtkNativeDialog       *chooser,
                     int                    response,
                     CarePreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  gboolean saving = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;
  if (saving)
    care_preferences_window_backup_to (self, file);
  else
    care_preferences_window_confirm_restore (self, file);
}

static void
show_chooser (CarePreferencesWindow *self,
              GtkFileChooserNative  *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CareDelegation backups"));
  gtk_file_filter_add_suffix (filter, "db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_clear_object (&self->chooser);
  self->chooser = chooser;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
backup_clicked_cb (CarePreferencesWindow *self)
{
  g_autofree char *today = care_store_today (self->store);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Back Up the Care Records"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Back Up"), _("_Cancel"));
  /* Translators: the suggested backup file name; %s is today's date */
  name = g_strdup_printf (_("care-records-%s.db"), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  show_chooser (self, chooser);
}

static void
restore_clicked_cb (CarePreferencesWindow *self)
{
  show_chooser (self, gtk_file_chooser_native_new (_("Restore the Care Records"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel")));
}

static gboolean
minutes_from_seconds (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  guint seconds = g_variant_get_uint32 (variant);

  g_value_set_double (value, MAX (1, (seconds + 59) / 60));
  return TRUE;
}

static GVariant *
seconds_from_minutes (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value) * 60);
}

static void
care_preferences_window_dispose (GObject *object)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  g_cancellable_cancel (self->token_work);
  g_clear_object (&self->token_work);
  stop_watching (self);
  g_clear_pointer (&self->new_task_type, editor_free);
  g_clear_pointer (&self->new_reason_code, editor_free);
  g_clear_pointer (&self->new_question, editor_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PREFERENCES_WINDOW);
  g_clear_pointer (&self->added_rows, g_hash_table_unref);
  g_clear_object (&self->setting);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_preferences_window_parent_class)->dispose (object);
}

static void
care_preferences_window_class_init (CarePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_preferences_window_dispose;

  /* The care setting was corrected: titles that show its name change. */
  signals[SETTING_CHANGED] =
    g_signal_new ("setting-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* The records were replaced from the backup at the given path. */
  signals[RESTORED] =
    g_signal_new ("restored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, setting_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, setting_name_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, cqc_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, service_type_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, endpoint_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, token_status_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, connection_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, task_types_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, new_task_type_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, reason_codes_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, new_reason_code_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, questions_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, new_question_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, lock_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, lock_timeout_spin);
  gtk_widget_class_bind_template_callback (widget_class, save_setting_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_endpoint_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_token_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_ca_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_ca_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_connection_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_task_type_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_reason_code_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_question_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, backup_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_preferences_window_init (CarePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->added_rows = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  label_widget (GTK_WIDGET (self->lock_timeout_spin), _("Lock after this many minutes without use"));

  self->settings = care_gui_settings_new ();
  if (self->settings != NULL)
    g_settings_bind_with_mapping (self->settings, "lock-timeout-seconds",
                                  self->lock_timeout_spin, "value",
                                  G_SETTINGS_BIND_DEFAULT,
                                  minutes_from_seconds, seconds_from_minutes,
                                  NULL, NULL);
  /* Without the schema there is nowhere to keep the choice. */
  gtk_widget_set_visible (GTK_WIDGET (self->lock_group), self->settings != NULL);
}

GtkWindow *
care_preferences_window_new (GtkWindow   *parent,
                             CareStore   *store,
                             CareSession *session)
{
  CarePreferencesWindow *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  self = g_object_new (CARE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->session = g_object_ref (session);
  care_preferences_window_refresh (self);
  show_token_place (self);

  return GTK_WINDOW (self);
}
