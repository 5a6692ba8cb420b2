/* care-person-dialog.c: adding a person, or correcting their details */
#include "config.h"

#include "care-person-dialog.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-person-record.h"

/* Indexed by the status combo row's position. */
static const char * const status_codes[] = { "active", "left", "died", NULL };

/* The entry rows and the person fields they edit, in the form's order. */
static const struct
{
  const char *row;
  const char *field;
} text_fields[] = {
  { "given_name_row", "given_name" },
  { "family_name_row", "family_name" },
  { "preferred_name_row", "preferred_name" },
  { "nhs_row", "nhs_number" },
  { "gp_row", "gp_practice" },
  { "room_row", "room" },
  { "allergies_row", "allergies" },
  { "restrictions_row", "restrictions" },
};

/* The date rows and their fields. */
static const struct
{
  const char *row;
  const char *field;
} date_fields[] = {
  { "dob_row", "date_of_birth" },
  { "admitted_row", "admitted_on" },
};

struct _CarePersonDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkScrolledWindow *scroller;
  GtkWidget        *error_box;
  GtkLabel         *error_label;
  AdwComboRow      *status_row;
  GtkEditable      *rows[G_N_ELEMENTS (text_fields)];
  CareDateRow      *date_rows[G_N_ELEMENTS (date_fields)];

  CareStore        *store;
  CareSession      *session;
  CareRecord       *person;     /* NULL when adding */
};

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CarePersonDialog, care_person_dialog, ADW_TYPE_WINDOW)

static void
show_error (CarePersonDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
  if (message != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
fill_form (CarePersonDialog *self)
{
  const char *status = self->person ? care_record_get_string (self->person, "status") : "active";

  g_autofree char *today = care_store_today (self->store);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    care_form_set_text (self->rows[i], self->person ? care_record_get_string (self->person, text_fields[i].field) : NULL);
  /* Nobody is born or admitted in the future. */
  for (guint i = 0; i < G_N_ELEMENTS (date_fields); i++)
    {
      care_date_row_set_date (self->date_rows[i],
                              self->person ? care_record_get_string (self->person, date_fields[i].field) : NULL);
      care_date_row_set_max_date (self->date_rows[i], today);
    }
  for (guint i = 0; status_codes[i]; i++)
    if (g_strcmp0 (status, status_codes[i]) == 0)
      adw_combo_row_set_selected (self->status_row, i);
}

/* The form's values on top of the stored version (or a new record), so
 * fields the form does not show are carried over untouched. */
static CareRecord *
read_form (CarePersonDialog *self)
{
  CareRecord *record = self->person ? care_record_copy (self->person) : care_record_new (CARE_KIND_PERSON);
  guint status = adw_combo_row_get_selected (self->status_row);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    care_form_put_text (record, text_fields[i].field, self->rows[i]);
  for (guint i = 0; i < G_N_ELEMENTS (date_fields); i++)
    care_form_put_date (record, date_fields[i].field, self->date_rows[i]);
  if (status >= G_N_ELEMENTS (status_codes) - 1)
    status = 0;
  care_record_set_string (record, "status", status_codes[status]);
  return record;
}

static void
saved (CarePersonDialog *self,
       CareRecord       *record)
{
  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, record);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
finish_correction (gpointer data)
{
  CarePersonDialog *self = data;
  CareRecord *record = g_object_get_data (G_OBJECT (self), "care-saved-record");

  if (record != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    saved (self, record);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  CarePersonDialog *dialog;   /* weak */
  CareRecord       *record;
} Correction;

static void
correction_free (Correction *c)
{
  g_clear_weak_pointer (&c->dialog);
  g_clear_object (&c->record);
  g_free (c);
}

/* The reason dialog runs this; a refusal stays beside the reason box and is
 * also put on the form, where a wrong field is mended. */
static gboolean
apply_correction (const char  *reason,
                  gpointer     user_data,
                  GError     **error)
{
  Correction *c = user_data;

  if (c->dialog == NULL || c->dialog->session == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The details form was closed; nothing was saved."));
      return FALSE;
    }
  if (!care_session_save (c->dialog->session, c->record, reason, error))
    {
      show_error (c->dialog, (*error)->message);
      return FALSE;
    }
  /* The reason dialog still has to finish and close itself; this form,
   * its parent, closes after it. */
  g_object_set_data_full (G_OBJECT (c->dialog), "care-saved-record", g_object_ref (c->record), g_object_unref);
  g_idle_add_full (G_PRIORITY_DEFAULT, finish_correction, g_object_ref (c->dialog), g_object_unref);
  return TRUE;
}

CareReasonDialog *
care_person_dialog_save (CarePersonDialog *self)
{
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  CareReasonDialog *reason;
  Correction *c;

  g_return_val_if_fail (CARE_IS_PERSON_DIALOG (self), NULL);

  if (self->session == NULL)
    return NULL;
  if (!care_form_check_dates (GTK_WIDGET (self), &error))
    {
      show_error (self, error->message);
      return NULL;
    }
  record = read_form (self);
  if (self->person == NULL)
    {
      if (care_session_save (self->session, record, NULL, &error))
        saved (self, record);
      else
        show_error (self, error->message);
      return NULL;
    }

  c = g_new0 (Correction, 1);
  g_set_weak_pointer (&c->dialog, self);
  c->record = g_steal_pointer (&record);
  name = care_person_record_display_name (self->person);
  /* Translators: %s is the person's name */
  body = g_strdup_printf (_("The details of %s are a clinical record: the old version is kept, and the change is logged with your name and this reason."),
                          name);
  reason = care_reason_dialog_new (GTK_WINDOW (self), _("Why are these details changing?"), body,
                                   _("_Save correction"), FALSE,
                                   apply_correction, c, (GDestroyNotify) correction_free);
  gtk_window_present (GTK_WINDOW (reason));
  return reason;
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_person_dialog_save (CARE_PERSON_DIALOG (widget));
}

static void
care_person_dialog_dispose (GObject *object)
{
  CarePersonDialog *self = CARE_PERSON_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PERSON_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->person);

  G_OBJECT_CLASS (care_person_dialog_parent_class)->dispose (object);
}

static void
care_person_dialog_class_init (CarePersonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_person_dialog_dispose;

  /**
   * CarePersonDialog::saved:
   * @person: the saved CareRecord
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CARE_TYPE_RECORD);

  g_type_ensure (CARE_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-person-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePersonDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CarePersonDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, CarePersonDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, CarePersonDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CarePersonDialog, status_row);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    gtk_widget_class_bind_template_child_full (widget_class, text_fields[i].row, FALSE,
                                               G_STRUCT_OFFSET (CarePersonDialog, rows) + i * sizeof (GtkEditable *));
  for (guint i = 0; i < G_N_ELEMENTS (date_fields); i++)
    gtk_widget_class_bind_template_child_full (widget_class, date_fields[i].row, FALSE,
                                               G_STRUCT_OFFSET (CarePersonDialog, date_rows) + i * sizeof (CareDateRow *));

  gtk_widget_class_install_action (widget_class, "person.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "person.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "person.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_person_dialog_init (CarePersonDialog *self)
{
  static const char * const status_labels[] = { N_("Living here or supported"), N_("Left"), N_("Died"), NULL };
  const char *labels[G_N_ELEMENTS (status_labels)] = { NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; status_labels[i]; i++)
    labels[i] = _(status_labels[i]);
  care_form_combo_set_items (self->status_row, labels);
}

CarePersonDialog *
care_person_dialog_new (GtkWindow   *parent,
                        CareStore   *store,
                        CareSession *session,
                        CareRecord  *person)
{
  CarePersonDialog *self;
  const char *title;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_PERSON_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  self->person = person ? care_record_copy (person) : NULL;

  title = person ? _("Correct details") : _("Add a person");
  adw_window_title_set_title (self->window_title, title);
  if (person != NULL)
    {
      g_autofree char *name = care_person_record_display_name (person);
      adw_window_title_set_subtitle (self->window_title, name);
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  fill_form (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.save", session != NULL);
  return self;
}

const char *
care_person_dialog_get_error_text (CarePersonDialog *self)
{
  g_return_val_if_fail (CARE_IS_PERSON_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (self->error_box))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
