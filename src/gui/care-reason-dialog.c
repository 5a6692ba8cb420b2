/* care-reason-dialog.c: asks for the reason an action needs, then does it */
#include "config.h"

#include "care-reason-dialog.h"

#include "care-form-util.h"

struct _CareReasonDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkLabel            *body_label;
  AdwEntryRow         *reason_row;
  GtkLabel            *error_label;
  GtkButton           *confirm_button;

  CareReasonApplyFunc  apply;
  gpointer             user_data;
  GDestroyNotify       destroy;
};

enum
{
  SIGNAL_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareReasonDialog, care_reason_dialog, ADW_TYPE_WINDOW)

/* Runs the action with the typed reason. The reason is passed as typed,
 * even when empty: whether a reason is needed, and how long it may be, is
 * the core's to say. */
gboolean
care_reason_dialog_confirm (CareReasonDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (CARE_IS_REASON_DIALOG (self), FALSE);

  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  if (self->apply != NULL && !self->apply (reason, self->user_data, &error))
    {
      care_form_show_error (self->error_label, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return FALSE;
    }
  care_form_show_error (self->error_label, NULL);
  g_signal_emit (self, signals[SIGNAL_APPLIED], 0, reason);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
confirm_button_clicked_cb (CareReasonDialog *self)
{
  care_reason_dialog_confirm (self);
}

void
care_reason_dialog_set_reason (CareReasonDialog *self,
                               const char       *reason)
{
  g_return_if_fail (CARE_IS_REASON_DIALOG (self));

  care_form_set_text (GTK_EDITABLE (self->reason_row), reason);
}

static void
care_reason_dialog_dispose (GObject *object)
{
  CareReasonDialog *self = CARE_REASON_DIALOG (object);

  if (self->destroy != NULL)
    g_clear_pointer (&self->user_data, self->destroy);
  self->apply = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_REASON_DIALOG);

  G_OBJECT_CLASS (care_reason_dialog_parent_class)->dispose (object);
}

static void
care_reason_dialog_class_init (CareReasonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_reason_dialog_dispose;

  /**
   * CareReasonDialog::applied:
   * @reason: the reason the action was done with
   *
   * The action succeeded; the dialog closes after this.
   */
  signals[SIGNAL_APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-reason-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareReasonDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareReasonDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, CareReasonDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CareReasonDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareReasonDialog, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, confirm_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_reason_dialog_init (CareReasonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CareReasonDialog *
care_reason_dialog_new (GtkWindow           *parent,
                        const char          *heading,
                        const char          *body,
                        const char          *confirm_label,
                        gboolean             destructive,
                        CareReasonApplyFunc  apply,
                        gpointer             user_data,
                        GDestroyNotify       destroy)
{
  CareReasonDialog *self = g_object_new (CARE_TYPE_REASON_DIALOG,
                                         "transient-for", parent,
                                         "title", heading,
                                         NULL);

  adw_window_title_set_title (self->window_title, heading);
  gtk_label_set_text (self->body_label, body);
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), body != NULL && *body != '\0');
  gtk_button_set_label (self->confirm_button, confirm_label);
  gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button),
                            destructive ? "destructive-action" : "suggested-action");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->confirm_button));
  self->apply = apply;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}
