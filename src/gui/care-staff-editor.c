/* care-staff-editor.c: a staff member's record, new or corrected */
#include "config.h"

#include "care-staff-editor.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-pin.h"

/* Indexed by the role row's position. */
static const char * const role_codes[] = { "care_worker", "senior_carer", "manager", "registered_practitioner" };

struct _CareStaffEditor
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkLabel            *error_label;
  AdwEntryRow         *name_row;
  AdwComboRow         *role_row;
  AdwEntryRow         *profession_row;
  AdwEntryRow         *organisation_row;
  AdwEntryRow         *contact_row;
  GtkSwitch           *active_switch;
  AdwEntryRow         *register_body_row;
  AdwEntryRow         *register_number_row;
  AdwPreferencesGroup *pin_group;
  AdwPasswordEntryRow *pin_row;
  AdwPasswordEntryRow *pin_again_row;
  GtkWidget           *reason_group;
  AdwEntryRow         *reason_row;

  CareSession         *session;
  CareRecord          *current;    /* NULL for a new staff member */
};

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareStaffEditor, care_staff_editor, ADW_TYPE_WINDOW)

static void
fill_form (CareStaffEditor *self)
{
  const char *role = care_record_get_string (self->current, "role");

  care_form_set_text (GTK_EDITABLE (self->name_row), care_record_get_string (self->current, "name"));
  for (guint i = 0; i < G_N_ELEMENTS (role_codes); i++)
    if (g_strcmp0 (role_codes[i], role) == 0)
      adw_combo_row_set_selected (self->role_row, i);
  care_form_set_text (GTK_EDITABLE (self->profession_row), care_record_get_string (self->current, "profession"));
  care_form_set_text (GTK_EDITABLE (self->organisation_row), care_record_get_string (self->current, "organisation"));
  care_form_set_text (GTK_EDITABLE (self->contact_row), care_record_get_string (self->current, "contact"));
  care_form_set_text (GTK_EDITABLE (self->register_body_row), care_record_get_string (self->current, "register_body"));
  care_form_set_text (GTK_EDITABLE (self->register_number_row), care_record_get_string (self->current, "register_number"));
  gtk_switch_set_active (self->active_switch, care_record_get_bool (self->current, "active"));
}

static void
clear_pins (CareStaffEditor *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
}

gboolean
care_staff_editor_save (CareStaffEditor *self)
{
  g_autoptr(CareRecord) staff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *pin_again = NULL;
  g_autofree char *reason = NULL;
  guint role;

  g_return_val_if_fail (CARE_IS_STAFF_EDITOR (self), FALSE);

  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  pin_again = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row)));
  clear_pins (self);
  /* Typing the PIN twice guards against a slip of the finger; what makes
   * a PIN acceptable is the core's to say. */
  if (!g_str_equal (pin, pin_again))
    {
      care_form_show_message (self->error_label, _("The two PINs are different. Type the same PIN in both boxes."));
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return FALSE;
    }

  staff = self->current ? care_record_copy (self->current) : care_record_new (CARE_KIND_STAFF);
  care_form_put_text (staff, "name", GTK_EDITABLE (self->name_row));
  role = adw_combo_row_get_selected (self->role_row);
  care_record_set_string (staff, "role", role_codes[MIN (role, G_N_ELEMENTS (role_codes) - 1)]);
  care_form_put_text (staff, "profession", GTK_EDITABLE (self->profession_row));
  care_form_put_text (staff, "organisation", GTK_EDITABLE (self->organisation_row));
  care_form_put_text (staff, "contact", GTK_EDITABLE (self->contact_row));
  care_form_put_text (staff, "register_body", GTK_EDITABLE (self->register_body_row));
  care_form_put_text (staff, "register_number", GTK_EDITABLE (self->register_number_row));
  care_record_set_bool (staff, "active", gtk_switch_get_active (self->active_switch));

  if (*pin != '\0' && !care_staff_set_pin (staff, pin, &error))
    {
      care_form_show_message (self->error_label, error->message);
      return FALSE;
    }
  reason = self->current ? g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))) : NULL;
  if (!care_session_save (self->session, staff, reason, &error))
    {
      care_form_show_message (self->error_label, error->message);
      return FALSE;
    }
  care_form_show_message (self->error_label, NULL);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, care_record_get_uuid (staff));
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_button_clicked_cb (CareStaffEditor *self)
{
  care_staff_editor_save (self);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_staff_editor_save (CARE_STAFF_EDITOR (widget));
}

static void
care_staff_editor_dispose (GObject *object)
{
  CareStaffEditor *self = CARE_STAFF_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_STAFF_EDITOR);
  g_clear_object (&self->session);
  g_clear_object (&self->current);

  G_OBJECT_CLASS (care_staff_editor_parent_class)->dispose (object);
}

static void
care_staff_editor_class_init (CareStaffEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_staff_editor_dispose;

  /**
   * CareStaffEditor::saved:
   * @staff_uuid: the staff member saved
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-staff-editor.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareStaffEditor, name)
  CHILD (window_title);
  CHILD (save_button);
  CHILD (error_label);
  CHILD (name_row);
  CHILD (role_row);
  CHILD (profession_row);
  CHILD (organisation_row);
  CHILD (contact_row);
  CHILD (active_switch);
  CHILD (register_body_row);
  CHILD (register_number_row);
  CHILD (pin_group);
  CHILD (pin_row);
  CHILD (pin_again_row);
  CHILD (reason_group);
  CHILD (reason_row);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "staff-editor.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "staff-editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_staff_editor_init (CareStaffEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  care_gui_label_peek_buttons (GTK_WIDGET (self->pin_row), _("Show the PIN"));
  care_gui_label_peek_buttons (GTK_WIDGET (self->pin_again_row), _("Show the PIN"));
}

CareStaffEditor *
care_staff_editor_new (GtkWindow   *parent,
                       CareSession *session,
                       const char  *staff_uuid)
{
  CareStaffEditor *self = g_object_new (CARE_TYPE_STAFF_EDITOR,
                                        "transient-for", parent,
                                        NULL);

  self->session = g_object_ref (session);
  if (staff_uuid != NULL)
    self->current = care_store_load (care_session_get_store (session), CARE_KIND_STAFF, staff_uuid, NULL);
  if (self->current != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Edit Staff Member"));
      adw_window_title_set_subtitle (self->window_title, care_record_get_string (self->current, "name"));
      fill_form (self);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("New Staff Member"));
      adw_preferences_group_set_description (self->pin_group,
                                             _("Stored only as a secure hash. The staff member signs in with it."));
      gtk_switch_set_active (self->active_switch, TRUE);
    }
  gtk_widget_set_visible (self->reason_group, self->current != NULL);
  return self;
}
