/* care-sign-off-dialog.c: a competency sign-off, signed by the assessor */
#include "config.h"

#include "care-sign-off-dialog.h"

#include <glib/gi18n.h>

#include "care-competency.h"
#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-session.h"
#include "care-validate.h"

/* Indexed by the outcome row's position. */
static const char * const outcome_codes[] = { "competent", "not_yet_competent" };

typedef struct
{
  char     *uuid;
  char     *label;
  gboolean  person_specific;
  int       validity_months;
} Choice;

struct _CareSignOffDialog
{
  AdwWindow          parent_instance;

  GtkWidget         *save_button;
  GtkLabel          *error_label;
  AdwComboRow       *staff_row;
  AdwComboRow       *type_row;
  AdwComboRow       *person_row;
  CareDateRow       *trained_on_row;
  AdwEntryRow       *trainer_row;
  CareDateRow       *assessed_on_row;
  AdwComboRow       *outcome_row;
  CareDateRow       *valid_until_row;
  AdwEntryRow       *notes_row;
  AdwComboRow       *assessor_row;
  AdwPasswordEntryRow *pin_row;

  CareStore         *store;
  GArray            *staff;       /* Choice */
  GArray            *types;
  GArray            *people;
  GArray            *assessors;
  char              *auto_valid_until;
  char              *today;
};

enum
{
  SIGNAL_SIGNED_OFF,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareSignOffDialog, care_sign_off_dialog, ADW_TYPE_WINDOW)

static void
choice_clear (Choice *choice)
{
  g_free (choice->uuid);
  g_free (choice->label);
}

static GArray *
choices_new (void)
{
  GArray *choices = g_array_new (FALSE, TRUE, sizeof (Choice));

  g_array_set_clear_func (choices, (GDestroyNotify) choice_clear);
  return choices;
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (((const Choice *) a)->label, ((const Choice *) b)->label);
}

static void
fill_row (AdwComboRow *row,
          GArray      *choices)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_array_sort (choices, compare_choices);
  for (guint i = 0; i < choices->len; i++)
    gtk_string_list_append (labels, g_array_index (choices, Choice, i).label);
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
}

static Choice *
selected_choice (AdwComboRow *row,
                 GArray      *choices)
{
  guint i = adw_combo_row_get_selected (row);

  return i < choices->len ? &g_array_index (choices, Choice, i) : NULL;
}

static gboolean
select_choice (AdwComboRow *row,
               GArray      *choices,
               const char  *uuid)
{
  for (guint i = 0; i < choices->len; i++)
    if (g_strcmp0 (g_array_index (choices, Choice, i).uuid, uuid) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }
  return uuid == NULL;
}

static void
add_choice (GArray     *choices,
            CareRecord *record,
            char       *label)
{
  Choice c = { g_strdup (care_record_get_uuid (record)), label, FALSE, 0 };

  if (care_record_get_kind (record) == CARE_KIND_TASK_TYPE)
    {
      c.person_specific = care_record_get_bool (record, "person_specific");
      c.validity_months = (int) care_record_get_int (record, "validity_months");
    }
  g_array_append_val (choices, c);
}

/* Who may be assessed, for what, with whom, and who may assess: the
 * assessors are the registered practitioners, who do not appear as the
 * assessed (the matrix leaves them out too). */
static void
load_choices (CareSignOffDialog *self)
{
  g_autoptr(GPtrArray) staff = care_store_list_current (self->store, CARE_KIND_STAFF, NULL, NULL, NULL);
  g_autoptr(GPtrArray) types = care_store_list_current (self->store, CARE_KIND_TASK_TYPE, NULL, NULL, NULL);
  g_autoptr(GPtrArray) people = care_store_list_current (self->store, CARE_KIND_PERSON, "status", "active", NULL);

  for (guint i = 0; staff && i < staff->len; i++)
    {
      CareRecord *s = g_ptr_array_index (staff, i);
      gboolean practitioner = g_strcmp0 (care_record_get_string (s, "role"), "registered_practitioner") == 0;

      if (!care_record_get_bool (s, "active"))
        continue;
      if (practitioner)
        add_choice (self->assessors, s,
                    /* Translators: an assessor, "<name> (<register> <number>)" */
                    g_strdup_printf (_("%s (%s %s)"), care_record_get_string (s, "name"),
                                     care_record_get_string (s, "register_body"),
                                     care_record_get_string (s, "register_number")));
      else
        add_choice (self->staff, s, g_strdup (care_record_get_string (s, "name")));
    }
  for (guint i = 0; types && i < types->len; i++)
    {
      CareRecord *t = g_ptr_array_index (types, i);

      if (care_record_get_bool (t, "active") && care_record_get_bool (t, "delegable"))
        add_choice (self->types, t, g_strdup (care_record_get_string (t, "name")));
    }
  for (guint i = 0; people && i < people->len; i++)
    add_choice (self->people, g_ptr_array_index (people, i), care_form_person_name (g_ptr_array_index (people, i)));

  fill_row (self->staff_row, self->staff);
  fill_row (self->type_row, self->types);
  fill_row (self->person_row, self->people);
  fill_row (self->assessor_row, self->assessors);
}

/* The default end of validity follows the assessment date and the task
 * type's validity, until the user types a date of their own. */
static void
update_valid_until (CareSignOffDialog *self)
{
  Choice *type = selected_choice (self->type_row, self->types);
  const char *assessed = care_date_row_get_date (self->assessed_on_row);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->valid_until_row));
  g_autofree char *until = NULL;

  /* Training comes before the assessment, and validity starts at it. */
  care_date_row_set_max_date (self->trained_on_row, assessed ? assessed : self->today);
  care_date_row_set_min_date (self->valid_until_row, assessed);
  if (type == NULL || assessed == NULL)
    return;
  if (*typed != '\0' && g_strcmp0 (typed, self->auto_valid_until) != 0)
    return;
  until = care_date_add_months (assessed, type->validity_months);
  care_date_row_set_date (self->valid_until_row, until);
  g_free (self->auto_valid_until);
  self->auto_valid_until = g_steal_pointer (&until);
}

static void
type_changed_cb (CareSignOffDialog *self)
{
  Choice *type = selected_choice (self->type_row, self->types);

  gtk_widget_set_visible (GTK_WIDGET (self->person_row), type != NULL && type->person_specific);
  update_valid_until (self);
}

static void
assessed_changed_cb (CareSignOffDialog *self)
{
  update_valid_until (self);
}

static CareRecord *
build_competency (CareSignOffDialog *self)
{
  CareRecord *competency = care_record_new (CARE_KIND_COMPETENCY);
  Choice *staff = selected_choice (self->staff_row, self->staff);
  Choice *type = selected_choice (self->type_row, self->types);
  Choice *person = selected_choice (self->person_row, self->people);
  guint outcome = adw_combo_row_get_selected (self->outcome_row);

  if (staff != NULL)
    care_record_set_string (competency, "staff_uuid", staff->uuid);
  if (type != NULL)
    care_record_set_string (competency, "task_type_uuid", type->uuid);
  if (type != NULL && type->person_specific && person != NULL)
    care_record_set_string (competency, "person_uuid", person->uuid);
  care_form_put_date (competency, "trained_on", self->trained_on_row);
  care_form_put_text (competency, "trainer", GTK_EDITABLE (self->trainer_row));
  care_form_put_date (competency, "assessed_on", self->assessed_on_row);
  care_record_set_string (competency, "outcome", outcome_codes[MIN (outcome, G_N_ELEMENTS (outcome_codes) - 1)]);
  care_form_put_date (competency, "valid_until", self->valid_until_row);
  care_form_put_text (competency, "notes", GTK_EDITABLE (self->notes_row));
  return competency;
}

gboolean
care_sign_off_dialog_save (CareSignOffDialog *self)
{
  g_autoptr(CareRecord) competency = NULL;
  g_autoptr(CareSession) assessor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  Choice *practitioner;

  g_return_val_if_fail (CARE_IS_SIGN_OFF_DIALOG (self), FALSE);

  if (!care_form_check_dates (GTK_WIDGET (self), &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  practitioner = selected_choice (self->assessor_row, self->assessors);
  if (practitioner == NULL)
    {
      care_form_show_message (self->error_label,
                              _("No registered practitioner is recorded as staff. A manager adds the "
                                "practitioner, with their register number, before they can sign off."));
      return FALSE;
    }
  /* The PIN leaves the widget at once, whatever happens next. */
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");

  assessor = care_session_sign_in (self->store, practitioner->uuid, pin, &error);
  if (assessor == NULL)
    {
      care_form_show_error (self->error_label, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return FALSE;
    }
  competency = build_competency (self);
  if (!care_competency_sign_off (assessor, competency, &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  care_form_show_error (self->error_label, NULL);
  g_signal_emit (self, signals[SIGNAL_SIGNED_OFF], 0, care_record_get_uuid (competency));
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

gboolean
care_sign_off_dialog_select (CareSignOffDialog *self,
                             const char        *staff_uuid,
                             const char        *task_type_uuid,
                             const char        *person_uuid,
                             const char        *assessor_uuid)
{
  g_return_val_if_fail (CARE_IS_SIGN_OFF_DIALOG (self), FALSE);

  return select_choice (self->staff_row, self->staff, staff_uuid)
      && select_choice (self->type_row, self->types, task_type_uuid)
      && select_choice (self->person_row, self->people, person_uuid)
      && select_choice (self->assessor_row, self->assessors, assessor_uuid);
}

static void
save_button_clicked_cb (CareSignOffDialog *self)
{
  care_sign_off_dialog_save (self);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_sign_off_dialog_save (CARE_SIGN_OFF_DIALOG (widget));
}

static void
care_sign_off_dialog_dispose (GObject *object)
{
  CareSignOffDialog *self = CARE_SIGN_OFF_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SIGN_OFF_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_sign_off_dialog_parent_class)->dispose (object);
}

static void
care_sign_off_dialog_finalize (GObject *object)
{
  CareSignOffDialog *self = CARE_SIGN_OFF_DIALOG (object);

  g_clear_pointer (&self->staff, g_array_unref);
  g_clear_pointer (&self->types, g_array_unref);
  g_clear_pointer (&self->people, g_array_unref);
  g_clear_pointer (&self->assessors, g_array_unref);
  g_free (self->auto_valid_until);
  g_free (self->today);

  G_OBJECT_CLASS (care_sign_off_dialog_parent_class)->finalize (object);
}

static void
care_sign_off_dialog_class_init (CareSignOffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_sign_off_dialog_dispose;
  object_class->finalize = care_sign_off_dialog_finalize;

  /**
   * CareSignOffDialog::signed-off:
   * @competency_uuid: the new sign-off
   */
  signals[SIGNAL_SIGNED_OFF] =
    g_signal_new ("signed-off", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CARE_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-sign-off-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareSignOffDialog, name)
  CHILD (save_button);
  CHILD (error_label);
  CHILD (staff_row);
  CHILD (type_row);
  CHILD (person_row);
  CHILD (trained_on_row);
  CHILD (trainer_row);
  CHILD (assessed_on_row);
  CHILD (outcome_row);
  CHILD (valid_until_row);
  CHILD (notes_row);
  CHILD (assessor_row);
  CHILD (pin_row);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "sign-off.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "sign-off.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_sign_off_dialog_init (CareSignOffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->staff = choices_new ();
  self->types = choices_new ();
  self->people = choices_new ();
  self->assessors = choices_new ();
  care_gui_label_peek_buttons (GTK_WIDGET (self->pin_row), _("Show the PIN"));
}

CareSignOffDialog *
care_sign_off_dialog_new (GtkWindow  *parent,
                          CareStore  *store,
                          const char *staff_uuid)
{
  CareSignOffDialog *self = g_object_new (CARE_TYPE_SIGN_OFF_DIALOG,
                                          "transient-for", parent,
                                          NULL);

  self->store = g_object_ref (store);
  self->today = care_store_today (store);
  load_choices (self);
  select_choice (self->staff_row, self->staff, staff_uuid);
  /* A sign-off records an assessment that has happened. */
  care_date_row_set_max_date (self->assessed_on_row, self->today);
  care_date_row_set_date (self->trained_on_row, self->today);
  care_date_row_set_date (self->assessed_on_row, self->today);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (type_changed_cb), self);
  g_signal_connect_swapped (self->assessed_on_row, "notify::date", G_CALLBACK (assessed_changed_cb), self);
  type_changed_cb (self);
  return self;
}
