/* care-case-dialog.c: a DoLS or LPS referral and its authorisation */
#include "config.h"

#include "care-case-dialog.h"

#include <glib/gi18n.h>

#include "care-form-util.h"

static const char * const scheme_codes[] = { "dols", "lps", NULL };
static const char * const urgency_codes[] = { "urgent", "standard", NULL };
static const char * const representative_codes[] = { "none", "rpr", "imca", NULL };
static const char * const outcome_codes[] = { "pending", "granted", "not_granted", "withdrawn", NULL };

/* The renewals the list offers before a case needs more: with up to three
 * years each, twenty renewals outlast anyone's stay. */
#define LISTED_RENEWALS 20

/* Date fields and the rows that hold them, in the order of the form. */
static const char * const date_fields[] = {
  "applied_on", "granted_on", "valid_from", "valid_until", "extension_until", "outcome_on", "cqc_notified_on", NULL
};

struct _CareCaseDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkLabel       *error_label;
  GtkLabel       *person_label;
  AdwComboRow    *scheme_row;
  AdwComboRow    *urgency_row;
  AdwComboRow    *renewal_row;  /* LPS only: "Choose…", then renewal 0, 1, 2… */
  AdwEntryRow    *body_row;
  AdwEntryRow    *body_ref_row;
  AdwEntryRow    *applied_row;
  AdwEntryRow    *granted_row;
  AdwEntryRow    *valid_from_row;
  AdwEntryRow    *valid_until_row;
  AdwEntryRow    *extension_row;
  GtkTextView    *conditions_view;
  GtkTextView    *checks_view;
  AdwComboRow    *rep_kind_row;
  AdwEntryRow    *rep_row;
  AdwComboRow    *outcome_row;
  AdwEntryRow    *outcome_on_row;
  AdwEntryRow    *cqc_on_row;
  AdwEntryRow    *cqc_ref_row;
  GtkWidget      *reason_group;
  AdwEntryRow    *reason_row;

  CareSession    *session;
  char           *person_uuid;
  CareRecord     *current;      /* the case being corrected, or NULL */
};

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareCaseDialog, care_case_dialog, ADW_TYPE_WINDOW)

static AdwEntryRow *
date_row (CareCaseDialog *self,
          guint           i)
{
  AdwEntryRow *rows[] = {
    self->applied_row, self->granted_row, self->valid_from_row, self->valid_until_row,
    self->extension_row, self->outcome_on_row, self->cqc_on_row,
  };

  return rows[i];
}

static char *
renewal_label (guint renewal)
{
  if (renewal == 0)
    return g_strdup (_("First authorisation"));
  if (renewal == 1)
    return g_strdup (_("First renewal"));
  /* Translators: an LPS authorisation renewed for the second, third… time; %u is that number */
  return g_strdup_printf (_("Renewal %u"), renewal);
}

/* "Choose…" first, so which authorisation it is is always a decision. */
static void
setup_renewals (CareCaseDialog *self,
                guint           last)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _("Choose…"));
  for (guint n = 0; n <= last; n++)
    {
      g_autofree char *label = renewal_label (n);
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->renewal_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->renewal_row, 0);
}

static gboolean
is_lps (CareCaseDialog *self)
{
  return g_strcmp0 (care_form_choice_get (self->scheme_row, scheme_codes, FALSE), "lps") == 0;
}

/* Renewals are an LPS matter: under DoLS the row is hidden and nothing of
 * it is saved. */
static void
scheme_changed_cb (CareCaseDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->renewal_row), is_lps (self));
}

static void
fill_renewal (CareCaseDialog *self,
              CareRecord     *c)
{
  gint64 renewal;

  if (!care_record_has (c, "renewal_number"))
    return;
  renewal = care_record_get_int (c, "renewal_number");
  if (renewal < 0)
    return;
  if (renewal > LISTED_RENEWALS)
    setup_renewals (self, (guint) renewal);
  adw_combo_row_set_selected (self->renewal_row, (guint) renewal + 1);
}

static void
put_renewal (CareCaseDialog *self,
             CareRecord     *c)
{
  guint selected = adw_combo_row_get_selected (self->renewal_row);

  if (is_lps (self) && selected != GTK_INVALID_LIST_POSITION && selected > 0)
    care_record_set_int (c, "renewal_number", selected - 1);
  else
    care_record_unset (c, "renewal_number");
}

static void
fill_from (CareCaseDialog *self,
           CareRecord     *c)
{
  care_form_choice_set (self->scheme_row, scheme_codes, FALSE, care_record_get_string (c, "scheme"));
  care_form_choice_set (self->urgency_row, urgency_codes, TRUE, care_record_get_string (c, "urgency"));
  fill_renewal (self, c);
  care_form_set_text (GTK_EDITABLE (self->body_row), care_record_get_string (c, "body_name"));
  care_form_set_text (GTK_EDITABLE (self->body_ref_row), care_record_get_string (c, "body_reference"));
  for (guint i = 0; date_fields[i] != NULL; i++)
    care_form_set_text (GTK_EDITABLE (date_row (self, i)), care_record_get_string (c, date_fields[i]));
  care_form_set_view_text (self->conditions_view, care_record_get_string (c, "conditions"));
  care_form_set_view_text (self->checks_view, care_record_get_string (c, "condition_checks"));
  care_form_choice_set (self->rep_kind_row, representative_codes, FALSE, care_record_get_string (c, "representative_kind"));
  care_form_set_text (GTK_EDITABLE (self->rep_row), care_record_get_string (c, "representative"));
  care_form_choice_set (self->outcome_row, outcome_codes, FALSE, care_record_get_string (c, "outcome"));
  care_form_set_text (GTK_EDITABLE (self->cqc_ref_row), care_record_get_string (c, "cqc_reference"));
}

static void
put_fields (CareCaseDialog *self,
            CareRecord     *c)
{
  care_record_set_string (c, "person_uuid", self->person_uuid);
  care_form_put_choice (c, "scheme", self->scheme_row, scheme_codes, FALSE);
  care_form_put_choice (c, "urgency", self->urgency_row, urgency_codes, TRUE);
  put_renewal (self, c);
  care_form_put_text (c, "body_name", GTK_EDITABLE (self->body_row));
  care_form_put_text (c, "body_reference", GTK_EDITABLE (self->body_ref_row));
  for (guint i = 0; date_fields[i] != NULL; i++)
    care_form_put_text (c, date_fields[i], GTK_EDITABLE (date_row (self, i)));
  care_form_put_view_text (c, "conditions", self->conditions_view);
  care_form_put_view_text (c, "condition_checks", self->checks_view);
  care_form_put_choice (c, "representative_kind", self->rep_kind_row, representative_codes, FALSE);
  care_form_put_text (c, "representative", GTK_EDITABLE (self->rep_row));
  care_form_put_choice (c, "outcome", self->outcome_row, outcome_codes, FALSE);
  care_form_put_text (c, "cqc_reference", GTK_EDITABLE (self->cqc_ref_row));
}

gboolean
care_case_dialog_save (CareCaseDialog *self)
{
  g_autoptr(CareRecord) liberty_case = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (CARE_IS_CASE_DIALOG (self), FALSE);

  liberty_case = self->current ? care_record_copy (self->current) : care_record_new (CARE_KIND_LIBERTY_CASE);
  put_fields (self, liberty_case);
  if (self->current != NULL)
    reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  if (!care_session_save (self->session, liberty_case, reason, &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  care_form_show_error (self->error_label, NULL);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, care_record_get_uuid (liberty_case));
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_button_clicked_cb (CareCaseDialog *self)
{
  care_case_dialog_save (self);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_case_dialog_save (CARE_CASE_DIALOG (widget));
}

static void
load (CareCaseDialog *self,
      const char     *case_uuid)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(CareRecord) person = care_store_load (store, CARE_KIND_PERSON, self->person_uuid, NULL);
  g_autofree char *today = care_store_today (store);
  g_autofree char *name = person ? care_form_person_name (person) : NULL;

  gtk_label_set_text (self->person_label, name ? name : "");
  adw_window_title_set_subtitle (self->window_title, name);
  care_form_choice_setup (self->scheme_row, scheme_codes, FALSE);
  care_form_choice_setup (self->urgency_row, urgency_codes, TRUE);
  setup_renewals (self, LISTED_RENEWALS);
  care_form_choice_setup (self->rep_kind_row, representative_codes, FALSE);
  care_form_choice_setup (self->outcome_row, outcome_codes, FALSE);

  if (case_uuid != NULL)
    self->current = care_store_load (store, CARE_KIND_LIBERTY_CASE, case_uuid, NULL);
  if (self->current != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Update a Case"));
      fill_from (self, self->current);
    }
  else
    care_form_set_text (GTK_EDITABLE (self->applied_row), today);
  gtk_widget_set_visible (self->reason_group, self->current != NULL);
  scheme_changed_cb (self);
}

static void
care_case_dialog_dispose (GObject *object)
{
  CareCaseDialog *self = CARE_CASE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_CASE_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->current);

  G_OBJECT_CLASS (care_case_dialog_parent_class)->dispose (object);
}

static void
care_case_dialog_finalize (GObject *object)
{
  CareCaseDialog *self = CARE_CASE_DIALOG (object);

  g_free (self->person_uuid);

  G_OBJECT_CLASS (care_case_dialog_parent_class)->finalize (object);
}

static void
care_case_dialog_class_init (CareCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_case_dialog_dispose;
  object_class->finalize = care_case_dialog_finalize;

  /**
   * CareCaseDialog::saved:
   * @uuid: the case saved
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-case-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareCaseDialog, name)
  CHILD (window_title);
  CHILD (save_button);
  CHILD (error_label);
  CHILD (person_label);
  CHILD (scheme_row);
  CHILD (urgency_row);
  CHILD (renewal_row);
  CHILD (body_row);
  CHILD (body_ref_row);
  CHILD (applied_row);
  CHILD (granted_row);
  CHILD (valid_from_row);
  CHILD (valid_until_row);
  CHILD (extension_row);
  CHILD (conditions_view);
  CHILD (checks_view);
  CHILD (rep_kind_row);
  CHILD (rep_row);
  CHILD (outcome_row);
  CHILD (outcome_on_row);
  CHILD (cqc_on_row);
  CHILD (cqc_ref_row);
  CHILD (reason_group);
  CHILD (reason_row);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, scheme_changed_cb);

  gtk_widget_class_install_action (widget_class, "case.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "case.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_case_dialog_init (CareCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CareCaseDialog *
care_case_dialog_new (GtkWindow   *parent,
                      CareSession *session,
                      const char  *person_uuid,
                      const char  *case_uuid)
{
  CareCaseDialog *self = g_object_new (CARE_TYPE_CASE_DIALOG,
                                       "transient-for", parent,
                                       NULL);

  self->session = g_object_ref (session);
  self->person_uuid = g_strdup (person_uuid);
  load (self, case_uuid);
  return self;
}
