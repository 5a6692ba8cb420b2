/* care-decision-dialog.c: the decision matrix, to accept or decline a task */
#include "config.h"

#include "care-decision-dialog.h"

#include <glib/gi18n.h>

#include "care-delegation.h"
#include "care-error.h"
#include "care-form-util.h"
#include "care-sync.h"
#include "care-task-queries.h"

typedef struct
{
  char            *code;
  char            *question;
  GtkToggleButton *yes;
  GtkToggleButton *no;
} Question;

struct _CareDecisionDialog
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  GtkLabel             *task_label;
  GtkLabel             *practitioner_label;
  GtkWidget            *error_box;
  GtkLabel             *error_label;
  GtkWidget            *use_reason_button;
  AdwPreferencesGroup  *questions_group;
  AdwEntryRow          *reason_row;
  GtkWidget            *accept_button;
  GtkWidget            *decline_button;
  GtkWidget            *sending_box;
  GtkLabel             *sending_label;
  GtkWidget            *commissioner_label;

  CareSession          *session;
  CareSync             *sync;
  char                 *task_uuid;
  gboolean              commissioner;   /* the task came from the commissioner */
  GArray               *questions;      /* Question */
  char                 *refusal_reason; /* what a decline would say, after a refusal */
  GCancellable         *sending;        /* a decision on its way to the commissioner */
  char                 *sending_status; /* ... and what it asks for */
};

enum
{
  SIGNAL_DECIDED,
  SIGNAL_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareDecisionDialog, care_decision_dialog, ADW_TYPE_WINDOW)

static void
question_clear (Question *q)
{
  g_free (q->code);
  g_free (q->question);
}

static GHashTable *
collect_answers (CareDecisionDialog *self)
{
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *q = &g_array_index (self->questions, Question, i);

      if (gtk_toggle_button_get_active (q->yes))
        g_hash_table_insert (answers, q->code, (gpointer) "yes");
      else if (gtk_toggle_button_get_active (q->no))
        g_hash_table_insert (answers, q->code, (gpointer) "no");
    }
  return answers;
}

/* The core checks the questions in order and stops at the first answer
 * that is not "yes"; when that answer is a "no", it is what the manager
 * declines for. A gap is not a reason to decline, only to finish answering. */
static char *
reason_from_answers (CareDecisionDialog *self)
{
  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *q = &g_array_index (self->questions, Question, i);

      if (gtk_toggle_button_get_active (q->yes))
        continue;
      if (gtk_toggle_button_get_active (q->no))
        return g_strdup_printf (_("Decision matrix: the answer to “%s” is no."), q->question);
      return NULL;
    }
  return NULL;
}

static char *
reason_from_catalogue (CareDecisionDialog *self)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(CareRecord) task = care_store_load (store, CARE_KIND_DELEGATED_TASK, self->task_uuid, NULL);
  g_autoptr(CareRecord) type = NULL;

  if (task != NULL)
    type = care_store_load (store, CARE_KIND_TASK_TYPE, care_record_get_string (task, "task_type_uuid"), NULL);
  if (type == NULL)
    return NULL;
  return g_strdup_printf (_("“%s” may never be delegated to care staff: %s"),
                          care_record_get_string (type, "name"),
                          care_record_get_string (type, "not_delegable_reason"));
}

/* The message takes the focus so a screen reader reads it, but a focused
 * selectable label selects all its text, which looks like a mistake. */
static void
focus_message (CareDecisionDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->error_label));
  gtk_label_select_region (self->error_label, 0, 0);
}

static void
show_refusal (CareDecisionDialog *self,
              const GError       *error)
{
  g_clear_pointer (&self->refusal_reason, g_free);
  if (g_error_matches (error, CARE_ERROR, CARE_ERROR_NOT_DELEGABLE))
    self->refusal_reason = reason_from_catalogue (self);
  else if (g_error_matches (error, CARE_ERROR, CARE_ERROR_MATRIX))
    self->refusal_reason = reason_from_answers (self);

  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_widget_set_visible (self->use_reason_button, self->refusal_reason != NULL);
  if (self->refusal_reason != NULL)
    gtk_widget_grab_focus (self->use_reason_button);
  else
    focus_message (self);
}

static void
hide_refusal (CareDecisionDialog *self)
{
  gtk_widget_set_visible (self->error_box, FALSE);
}

/* One decision, as the core takes it. */
typedef struct
{
  CareSession *session;
  const char  *task_uuid;
  const char  *to_status;  /* "accepted" or "declined" */
  GHashTable  *answers;
  const char  *reason;
} Decision;

static gboolean
record_decision (gpointer   data,
                 GError   **error)
{
  Decision *d = data;

  if (g_str_equal (d->to_status, "accepted"))
    return care_delegation_accept (d->session, d->task_uuid, d->answers, error);
  return care_delegation_decline (d->session, d->task_uuid, d->reason, d->answers, error);
}

static void
show_decline_refusal (CareDecisionDialog *self,
                      const GError       *error)
{
  g_clear_pointer (&self->refusal_reason, g_free);
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_widget_set_visible (self->use_reason_button, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
}

static void
show_rule_refusal (CareDecisionDialog *self,
                   const char         *to_status,
                   const GError       *error)
{
  if (g_str_equal (to_status, "accepted"))
    show_refusal (self, error);
  else
    show_decline_refusal (self, error);
}

static void
show_message (CareDecisionDialog *self,
              const char         *message)
{
  g_clear_pointer (&self->refusal_reason, g_free);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_widget_set_visible (self->use_reason_button, FALSE);
  focus_message (self);
}

static void
set_busy (CareDecisionDialog *self,
          gboolean            busy)
{
  gtk_widget_set_visible (self->sending_box, busy);
  gtk_widget_set_sensitive (self->accept_button, !busy);
  gtk_widget_set_sensitive (self->decline_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->questions_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.accept", !busy);
}

static void
decided (CareDecisionDialog *self,
         const char         *to_status)
{
  hide_refusal (self);
  g_signal_emit (self, signals[SIGNAL_DECIDED], 0, to_status);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_RATE_LIMITED)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_IN_FLIGHT);
}

/* Why a decision on a commissioner's task was not made, in words that say
 * nothing changed here. */
static char *
commissioner_refusal (const GError *error)
{
  if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN))
    return g_strdup (error->message);
  if (error == NULL || is_unreachable (error))
    /* Translators: %s is the network error */
    return g_strdup_printf (_("A decision on a task from the commissioner needs a connection to the commissioner, "
                              "and it could not be reached (%s). Nothing was changed; decide again when the "
                              "computer is online."), error ? error->message : _("sync is not running"));
  /* Translators: %s is the commissioner's or the sync's message */
  return g_strdup_printf (_("The commissioner did not take the decision: %s Nothing was changed."), error->message);
}

static void
record_after_commissioner (CareDecisionDialog *self,
                           const char         *to_status)
{
  g_autoptr(GHashTable) answers = collect_answers (self);
  g_autofree char *reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  Decision d = { self->session, self->task_uuid, to_status, answers, reason };
  g_autoptr(GError) error = NULL;

  if (!record_decision (&d, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the core's refusal */
      message = g_strdup_printf (_("The commissioner has the decision, but this computer could not record it: %s"),
                                 error->message);
      show_message (self, message);
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0, message);
      return;
    }
  decided (self, to_status);
}

static void
transition_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CareDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_status = NULL;
  g_autofree char *message = NULL;
  g_autofree char *to_status = NULL;
  gboolean ok;

  ok = care_sync_transition_finish (CARE_SYNC (source), result, NULL, &server_status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_CANCELLED)
      || self->session == NULL)
    return;
  g_clear_object (&self->sending);
  to_status = g_steal_pointer (&self->sending_status);
  set_busy (self, FALSE);
  /* A version we had not seen, already holding exactly this decision, is
   * our own earlier try whose answer was lost: it is recorded now. */
  if (ok || (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE)
             && g_strcmp0 (server_status, to_status) == 0))
    {
      record_after_commissioner (self, to_status);
      return;
    }
  message = commissioner_refusal (error);
  show_message (self, message);
  g_signal_emit (self, signals[SIGNAL_REFUSED], 0, message);
}

/* The core's rules are asked first, so a refusal (a "no", no reason) is
 * shown before anything goes to the commissioner. */
static gboolean
decide (CareDecisionDialog *self,
        const char         *to_status)
{
  g_autoptr(GHashTable) answers = collect_answers (self);
  g_autofree char *reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  Decision d = { self->session, self->task_uuid, to_status, answers, reason };
  g_autoptr(GError) error = NULL;
  gint64 base;

  if (self->sending != NULL)
    return FALSE;
  if (!self->commissioner)
    {
      if (!record_decision (&d, &error))
        {
          show_rule_refusal (self, to_status, error);
          return FALSE;
        }
      decided (self, to_status);
      return TRUE;
    }
  if (!care_sync_check_local_change (care_session_get_store (self->session), record_decision, &d, &error))
    {
      show_rule_refusal (self, to_status, error);
      return FALSE;
    }
  if (self->sync == NULL)
    {
      g_autofree char *message = commissioner_refusal (NULL);

      show_message (self, message);
      return FALSE;
    }
  hide_refusal (self);
  set_busy (self, TRUE);
  self->sending = g_cancellable_new ();
  g_free (self->sending_status);
  self->sending_status = g_strdup (to_status);
  /* A proposal is version 1 on the server until it says otherwise. */
  base = care_sync_get_server_version (self->sync, self->task_uuid);
  care_sync_transition_async (self->sync, self->task_uuid, to_status,
                              g_str_equal (to_status, "declined") ? reason : NULL,
                              base > 0 ? base : 1, self->sending, transition_cb, g_object_ref (self));
  return TRUE;
}

gboolean
care_decision_dialog_accept (CareDecisionDialog *self)
{
  g_return_val_if_fail (CARE_IS_DECISION_DIALOG (self), FALSE);

  return decide (self, "accepted");
}

gboolean
care_decision_dialog_decline (CareDecisionDialog *self)
{
  g_return_val_if_fail (CARE_IS_DECISION_DIALOG (self), FALSE);

  return decide (self, "declined");
}

void
care_decision_dialog_set_sync (CareDecisionDialog *self,
                               CareSync           *sync)
{
  g_return_if_fail (CARE_IS_DECISION_DIALOG (self));

  g_set_object (&self->sync, sync);
}

gboolean
care_decision_dialog_is_busy (CareDecisionDialog *self)
{
  g_return_val_if_fail (CARE_IS_DECISION_DIALOG (self), FALSE);

  return self->sending != NULL;
}

void
care_decision_dialog_use_refusal_as_reason (CareDecisionDialog *self)
{
  g_return_if_fail (CARE_IS_DECISION_DIALOG (self));

  if (self->refusal_reason == NULL)
    return;
  care_form_set_text (GTK_EDITABLE (self->reason_row), self->refusal_reason);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
}

void
care_decision_dialog_set_answer (CareDecisionDialog *self,
                                 const char         *code,
                                 const char         *answer)
{
  g_return_if_fail (CARE_IS_DECISION_DIALOG (self));

  for (guint i = 0; i < self->questions->len; i++)
    {
      Question *q = &g_array_index (self->questions, Question, i);

      if (g_strcmp0 (q->code, code) != 0)
        continue;
      if (g_strcmp0 (answer, "yes") == 0)
        gtk_toggle_button_set_active (q->yes, TRUE);
      else if (g_strcmp0 (answer, "no") == 0)
        gtk_toggle_button_set_active (q->no, TRUE);
      else
        {
          gtk_toggle_button_set_active (q->yes, FALSE);
          gtk_toggle_button_set_active (q->no, FALSE);
        }
    }
}

static void
accept_button_clicked_cb (CareDecisionDialog *self)
{
  care_decision_dialog_accept (self);
}

static void
decline_button_clicked_cb (CareDecisionDialog *self)
{
  care_decision_dialog_decline (self);
}

static void
use_reason_button_clicked_cb (CareDecisionDialog *self)
{
  care_decision_dialog_use_refusal_as_reason (self);
}

static void
accept_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  care_decision_dialog_accept (CARE_DECISION_DIALOG (widget));
}

/* The chosen answer is marked with a tick as well as the pressed look, so
 * it reads without relying on shading. */
static void
answer_toggled_cb (GtkToggleButton *button)
{
  const char *plain = g_object_get_data (G_OBJECT (button), "plain-label");
  g_autofree char *ticked = NULL;

  if (gtk_toggle_button_get_active (button))
    {
      /* Translators: a chosen answer in the decision matrix, "✓ Yes" */
      ticked = g_strdup_printf (_("✓ %s"), plain);
      gtk_button_set_label (GTK_BUTTON (button), ticked);
    }
  else
    gtk_button_set_label (GTK_BUTTON (button), plain);
}

static GtkToggleButton *
answer_button_new (const char *label,
                   const char *answer,
                   const char *code,
                   const char *question)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);
  g_autofree char *name = g_strdup_printf ("%s-%s", answer, code);
  /* Translators: the accessible name of an answer button, "<Yes or No>: <question>" */
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), label, question);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "plain-label", g_strdup (label), g_free);
  g_signal_connect (button, "toggled", G_CALLBACK (answer_toggled_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return GTK_TOGGLE_BUTTON (button);
}

static void
add_question (CareDecisionDialog *self,
              CareRecord         *record)
{
  Question q = { 0 };
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  q.code = g_strdup (care_record_get_string (record, "code"));
  q.question = g_strdup (care_record_get_string (record, "question"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), q.question);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  /* Two buttons in one group: one answer at most, and none to begin with,
   * so that every "yes" is a choice the manager made. */
  q.yes = answer_button_new (_("Yes"), "yes", q.code, q.question);
  q.no = answer_button_new (_("No"), "no", q.code, q.question);
  gtk_toggle_button_set_group (q.no, q.yes);
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (q.yes));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (q.no));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_preferences_group_add (self->questions_group, row);
  g_array_append_val (self->questions, q);
}

static void
load_task (CareDecisionDialog *self)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) task = care_store_load (store, CARE_KIND_DELEGATED_TASK, self->task_uuid, &error);
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *title = NULL;
  g_autofree char *practitioner = NULL;

  if (task == NULL)
    {
      show_refusal (self, error);
      return;
    }
  title = care_task_queries_record_title (store, task);
  gtk_label_set_text (self->task_label, title);
  self->commissioner = g_strcmp0 (care_record_get_string (task, "source"), "commissioner") == 0;
  gtk_widget_set_visible (self->commissioner_label, self->commissioner);
  /* Translators: "Delegated by <name>, <profession>, <organisation>" */
  practitioner = g_strdup_printf (_("Delegated by %s, %s, %s"),
                                  care_record_get_string (task, "practitioner_name"),
                                  care_record_get_string (task, "practitioner_profession"),
                                  care_record_get_string (task, "practitioner_org"));
  gtk_label_set_text (self->practitioner_label, practitioner);

  questions = care_delegation_questions (store, &error);
  if (questions == NULL)
    {
      show_refusal (self, error);
      return;
    }
  for (guint i = 0; i < questions->len; i++)
    add_question (self, g_ptr_array_index (questions, i));
}

static void
care_decision_dialog_dispose (GObject *object)
{
  CareDecisionDialog *self = CARE_DECISION_DIALOG (object);

  /* Closing stops the wait; a decision the commissioner applied anyway
   * is recognised on the next try (see transition_cb()). */
  g_cancellable_cancel (self->sending);
  g_clear_object (&self->sending);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_DECISION_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (care_decision_dialog_parent_class)->dispose (object);
}

static void
care_decision_dialog_finalize (GObject *object)
{
  CareDecisionDialog *self = CARE_DECISION_DIALOG (object);

  g_clear_pointer (&self->questions, g_array_unref);
  g_free (self->task_uuid);
  g_free (self->refusal_reason);
  g_free (self->sending_status);

  G_OBJECT_CLASS (care_decision_dialog_parent_class)->finalize (object);
}

static void
care_decision_dialog_class_init (CareDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_decision_dialog_dispose;
  object_class->finalize = care_decision_dialog_finalize;

  /**
   * CareDecisionDialog::decided:
   * @status: "accepted" or "declined"
   */
  signals[SIGNAL_DECIDED] =
    g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * CareDecisionDialog::refused:
   * @message: why the commissioner did not apply the decision
   */
  signals[SIGNAL_REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-decision-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, task_label);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, practitioner_label);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, use_reason_button);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, questions_group);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, decline_button);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, sending_box);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, sending_label);
  gtk_widget_class_bind_template_child (widget_class, CareDecisionDialog, commissioner_label);
  gtk_widget_class_bind_template_callback (widget_class, accept_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_reason_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "decision.accept", NULL, accept_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "decision.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_decision_dialog_init (CareDecisionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->questions = g_array_new (FALSE, TRUE, sizeof (Question));
  g_array_set_clear_func (self->questions, (GDestroyNotify) question_clear);
}

CareDecisionDialog *
care_decision_dialog_new (GtkWindow   *parent,
                          CareSession *session,
                          const char  *task_uuid)
{
  CareDecisionDialog *self = g_object_new (CARE_TYPE_DECISION_DIALOG,
                                           "transient-for", parent,
                                           NULL);

  self->session = g_object_ref (session);
  self->task_uuid = g_strdup (task_uuid);
  load_task (self);
  return self;
}
