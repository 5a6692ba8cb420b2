/* care-review-dialog.c: a clinical oversight review of one delegated task */
#include "config.h"

#include "care-review-dialog.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-review.h"
#include "care-task-queries.h"
#include "care-validate.h"

/* Indexed by the decision row's position. */
static const char * const decision_codes[] = { "continue", "change_instructions", "suspend", "withdraw" };

struct _CareReviewDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkLabel       *error_label;
  GtkLabel       *task_label;
  GtkLabel       *instructions_label;
  CareDateRow    *reviewed_on_row;
  GtkTextView    *findings_view;
  AdwComboRow    *decision_row;
  CareDateRow    *next_review_row;
  GtkWidget      *new_instructions_group;
  GtkTextView    *new_instructions_view;

  CareSession    *session;
  CareRecord     *task;
};

enum
{
  SIGNAL_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareReviewDialog, care_review_dialog, ADW_TYPE_WINDOW)

static const char *
decision (CareReviewDialog *self)
{
  guint i = adw_combo_row_get_selected (self->decision_row);

  return decision_codes[MIN (i, G_N_ELEMENTS (decision_codes) - 1)];
}

/* A withdrawn task has no next review; new instructions are only asked
 * for when they change. */
static void
decision_changed_cb (CareReviewDialog *self)
{
  const char *chosen = decision (self);

  gtk_widget_set_visible (self->new_instructions_group, g_str_equal (chosen, "change_instructions"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_review_row), !g_str_equal (chosen, "withdraw"));
}

gboolean
care_review_dialog_save (CareReviewDialog *self)
{
  g_autoptr(CareRecord) review = NULL;
  g_autoptr(GError) error = NULL;
  const char *chosen;

  g_return_val_if_fail (CARE_IS_REVIEW_DIALOG (self), FALSE);

  if (self->task == NULL)
    return FALSE;
  if (!care_form_check_dates (GTK_WIDGET (self), &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  chosen = decision (self);
  review = care_record_new (CARE_KIND_REVIEW);
  care_record_set_string (review, "task_uuid", care_record_get_uuid (self->task));
  care_form_put_date (review, "reviewed_on", self->reviewed_on_row);
  care_form_put_view_text (review, "findings", self->findings_view);
  care_record_set_string (review, "decision", chosen);
  if (g_str_equal (chosen, "change_instructions"))
    care_form_put_view_text (review, "new_instructions", self->new_instructions_view);
  if (!g_str_equal (chosen, "withdraw"))
    care_form_put_date (review, "next_review_on", self->next_review_row);

  if (!care_review_record (self->session, review, &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  care_form_show_error (self->error_label, NULL);
  g_signal_emit (self, signals[SIGNAL_RECORDED], 0, chosen);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_button_clicked_cb (CareReviewDialog *self)
{
  care_review_dialog_save (self);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_review_dialog_save (CARE_REVIEW_DIALOG (widget));
}

static void
load_task (CareReviewDialog *self,
           const char       *task_uuid)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = care_store_today (store);
  g_autofree char *next = NULL;
  g_autofree char *title = NULL;
  g_autofree char *instructions = NULL;

  self->task = care_store_load (store, CARE_KIND_DELEGATED_TASK, task_uuid, &error);
  if (self->task == NULL)
    {
      care_form_show_error (self->error_label, error);
      gtk_widget_set_sensitive (self->save_button, FALSE);
      return;
    }
  title = care_task_queries_record_title (store, self->task);
  gtk_label_set_text (self->task_label, title);
  adw_window_title_set_subtitle (self->window_title, title);
  /* Translators: the task's current instructions, shown above the review */
  instructions = g_strdup_printf (_("Current instructions: %s"), care_record_get_string (self->task, "instructions"));
  gtk_label_set_text (self->instructions_label, instructions);
  care_form_set_view_text (self->new_instructions_view, care_record_get_string (self->task, "instructions"));

  next = care_date_add_days (today, (int) care_record_get_int (self->task, "review_interval_days"));
  care_date_row_set_date (self->reviewed_on_row, today);
  /* A review is of what has happened: it cannot be dated after today, nor
   * before the task was delegated; the next one comes after it. */
  care_date_row_set_max_date (self->reviewed_on_row, today);
  care_date_row_set_min_date (self->reviewed_on_row, care_record_get_string (self->task, "delegated_on"));
  care_date_row_set_date (self->next_review_row, next);
  care_date_row_set_min_date (self->next_review_row, today);
}

static void
care_review_dialog_dispose (GObject *object)
{
  CareReviewDialog *self = CARE_REVIEW_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_REVIEW_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->task);

  G_OBJECT_CLASS (care_review_dialog_parent_class)->dispose (object);
}

static void
care_review_dialog_class_init (CareReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_review_dialog_dispose;

  /**
   * CareReviewDialog::recorded:
   * @decision: the decision recorded
   */
  signals[SIGNAL_RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CARE_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-review-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareReviewDialog, name)
  CHILD (window_title);
  CHILD (save_button);
  CHILD (error_label);
  CHILD (task_label);
  CHILD (instructions_label);
  CHILD (reviewed_on_row);
  CHILD (findings_view);
  CHILD (decision_row);
  CHILD (next_review_row);
  CHILD (new_instructions_group);
  CHILD (new_instructions_view);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "review.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "review.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_review_dialog_init (CareReviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->decision_row, "notify::selected", G_CALLBACK (decision_changed_cb), self);
}

CareReviewDialog *
care_review_dialog_new (GtkWindow   *parent,
                        CareSession *session,
                        const char  *task_uuid)
{
  CareReviewDialog *self = g_object_new (CARE_TYPE_REVIEW_DIALOG,
                                         "transient-for", parent,
                                         NULL);

  self->session = g_object_ref (session);
  load_task (self, task_uuid);
  decision_changed_cb (self);
  return self;
}
