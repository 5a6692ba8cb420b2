/* care-history-dialog.c: a record's versions and change log, readable */
#include "config.h"

#include "care-history-dialog.h"

#include <glib/gi18n.h>

#include "care-correct-dialog.h"
#include "care-form-util.h"
#include "care-reason-dialog.h"
#include "care-task-queries.h"

struct _CareHistoryDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *correct_button;
  GtkWidget       *error_button;
  GtkLabel        *title_label;
  GtkLabel        *summary_label;
  GtkLabel        *error_label;
  GtkBox          *versions_box;

  CareStore       *store;
  CareSession     *session;
  CareKind         kind;
  char            *uuid;
  CareRecord      *current;
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareHistoryDialog, care_history_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  CareSession *session;
  CareKind     kind;
  char        *uuid;
} ErrorMark;

static void
error_mark_free (ErrorMark *mark)
{
  g_clear_object (&mark->session);
  g_free (mark->uuid);
  g_free (mark);
}

static gboolean
apply_entered_in_error (const char  *reason,
                        gpointer     user_data,
                        GError     **error)
{
  ErrorMark *mark = user_data;

  return care_session_mark_entered_in_error (mark->session, mark->kind, mark->uuid, reason, error);
}

static GtkWidget *
change_row (CareFieldChange *change,
            gboolean         first)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = NULL;

  if (first)
    text = g_strdup (change->new_value ? change->new_value : _("Not recorded"));
  else
    /* Translators: a changed field, "<old value> → <new value>" */
    text = g_strdup_printf (_("%s → %s"),
                            change->old_value ? change->old_value : _("Not recorded"),
                            change->new_value ? change->new_value : _("Not recorded"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static GtkWidget *
version_group (CareVersionEntry *entry)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = NULL;
  g_autofree char *when = care_form_format_instant (entry->at);
  g_autofree char *description = NULL;
  g_autofree char *name = g_strdup_printf ("version-%" G_GINT64_FORMAT, entry->version);

  /* Translators: a version in the history, "Version <n>: <what was done>" */
  title = g_strdup_printf (_("Version %lld: %s"), (long long) entry->version,
                           care_task_action_label (entry->action));
  /* Translators: "<date and time> by <name>" */
  description = g_strdup_printf (_("%s by %s"), when, entry->actor_name ? entry->actor_name : _("unknown"));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_widget_set_name (group, name);
  if (entry->entered_in_error)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             care_form_tag_new (_("Entered in error"), "error"));

  if (entry->reason != NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Reason"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  for (guint i = 0; i < entry->changes->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               change_row (g_ptr_array_index (entry->changes, i), entry->version == 1));
  if (entry->changes->len == 0 && entry->reason == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No fields changed"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static void
update_actions (CareHistoryDialog *self)
{
  gboolean editable = self->session != NULL && self->current != NULL
                      && !care_record_is_entered_in_error (self->current);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.correct", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.entered-in-error", editable);
  gtk_widget_set_visible (self->correct_button, editable);
  gtk_widget_set_visible (self->error_button, editable);
}

void
care_history_dialog_refresh (CareHistoryDialog *self)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;

  g_return_if_fail (CARE_IS_HISTORY_DIALOG (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->versions_box))) != NULL)
    gtk_box_remove (self->versions_box, child);
  g_clear_object (&self->current);

  history = care_task_queries_history (self->store, self->kind, self->uuid, &error);
  care_form_show_error (self->error_label, error);
  if (history == NULL)
    {
      update_actions (self);
      return;
    }
  self->current = g_object_ref (((CareVersionEntry *) g_ptr_array_index (history, history->len - 1))->record);
  title = care_task_queries_record_title (self->store, self->current);
  gtk_label_set_text (self->title_label, title);
  adw_window_title_set_subtitle (self->window_title, _(care_kind_info (self->kind)->label));
  if (care_record_is_entered_in_error (self->current))
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u version. This record is marked as entered in error; "
                                            "it is kept for the record but no longer counts.",
                                            "%u versions. This record is marked as entered in error; "
                                            "it is kept for the record but no longer counts.",
                                            history->len), history->len);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u version, newest first. Nothing is overwritten: a correction "
                                            "is a new version with its reason.",
                                            "%u versions, newest first. Nothing is overwritten: a correction "
                                            "is a new version with its reason.",
                                            history->len), history->len);
  gtk_label_set_text (self->summary_label, summary);

  for (guint i = history->len; i > 0; i--)
    gtk_box_append (self->versions_box, version_group (g_ptr_array_index (history, i - 1)));
  update_actions (self);
}

static void
record_changed (CareHistoryDialog *self,
                const char        *message)
{
  care_history_dialog_refresh (self);
  care_form_toast (self->toast_overlay, message);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
correction_saved_cb (CareHistoryDialog *self)
{
  record_changed (self, _("Correction saved as a new version."));
}

static void
error_marked_cb (CareHistoryDialog *self)
{
  record_changed (self, _("Marked as entered in error."));
}

GtkWidget *
care_history_dialog_open_correction (CareHistoryDialog *self)
{
  CareCorrectDialog *dialog;

  g_return_val_if_fail (CARE_IS_HISTORY_DIALOG (self), NULL);

  if (self->session == NULL || self->current == NULL)
    return NULL;
  dialog = care_correct_dialog_new (GTK_WINDOW (self), self->session, self->current);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (correction_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

GtkWidget *
care_history_dialog_open_entered_in_error (CareHistoryDialog *self)
{
  CareReasonDialog *dialog;
  ErrorMark *mark;

  g_return_val_if_fail (CARE_IS_HISTORY_DIALOG (self), NULL);

  if (self->session == NULL || self->current == NULL)
    return NULL;
  mark = g_new0 (ErrorMark, 1);
  mark->session = g_object_ref (self->session);
  mark->kind = self->kind;
  mark->uuid = g_strdup (self->uuid);
  dialog = care_reason_dialog_new (GTK_WINDOW (self), _("Mark as Entered in Error?"),
                                   _("Use this for a record that should never have been made, such as one "
                                     "entered for the wrong person. It stays in the history, marked, with "
                                     "your name and reason, and no longer counts."),
                                   _("_Mark as Entered in Error"), TRUE,
                                   apply_entered_in_error, mark, (GDestroyNotify) error_mark_free);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (error_marked_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
correct_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_history_dialog_open_correction (CARE_HISTORY_DIALOG (widget));
}

static void
entered_in_error_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  care_history_dialog_open_entered_in_error (CARE_HISTORY_DIALOG (widget));
}

static void
care_history_dialog_dispose (GObject *object)
{
  CareHistoryDialog *self = CARE_HISTORY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_HISTORY_DIALOG);
  g_clear_object (&self->current);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_history_dialog_parent_class)->dispose (object);
}

static void
care_history_dialog_finalize (GObject *object)
{
  CareHistoryDialog *self = CARE_HISTORY_DIALOG (object);

  g_free (self->uuid);

  G_OBJECT_CLASS (care_history_dialog_parent_class)->finalize (object);
}

static void
care_history_dialog_class_init (CareHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_history_dialog_dispose;
  object_class->finalize = care_history_dialog_finalize;

  /**
   * CareHistoryDialog::changed:
   *
   * A correction or an "entered in error" was saved from the dialog.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, correct_button);
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, error_button);
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareHistoryDialog, versions_box);

  gtk_widget_class_install_action (widget_class, "history.correct", NULL, correct_action_cb);
  gtk_widget_class_install_action (widget_class, "history.entered-in-error", NULL, entered_in_error_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "history.correct", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_history_dialog_init (CareHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CareHistoryDialog *
care_history_dialog_new (GtkWindow   *parent,
                         CareStore   *store,
                         CareSession *session,
                         CareKind     kind,
                         const char  *uuid)
{
  CareHistoryDialog *self = g_object_new (CARE_TYPE_HISTORY_DIALOG,
                                          "transient-for", parent,
                                          NULL);

  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  self->kind = kind;
  self->uuid = g_strdup (uuid);
  care_history_dialog_refresh (self);
  return self;
}
