/* care-reviews-page.c: the district nurse's reviews */
#include "config.h"

#include "care-reviews-page.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-review-dialog.h"
#include "care-task-queries.h"

/* How far ahead "due" looks: a nurse plans the week's visits. */
#define LOOK_AHEAD_DAYS 7

struct _CareReviewsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkLabel        *summary_label;
  GtkLabel        *error_label;
  GtkListBox      *due_list;

  CareStore       *store;
  CareSession     *session;
  guint            n_due;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareReviewsPage, care_reviews_page, ADW_TYPE_BIN)

static gboolean
may_review (CareReviewsPage *self)
{
  return self->session != NULL && (care_session_get_role (self->session) & CARE_ROLE_PRACTITIONER) != 0;
}

static GtkWidget *
due_row_new (CareReviewsPage   *self,
             CareReviewDueItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *due = care_form_format_date (item->due_on);
  /* Translators: a task in the reviews list, "<task type> for <person>" */
  g_autofree char *title = g_strdup_printf (_("%s for %s"), item->task_name, item->person_name);
  g_autofree char *subtitle = NULL;

  if (item->overdue)
    /* Translators: "Review was due <date> · delegated by <name> · every <n> days" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Review was due %s · delegated by %s · every %d day",
                                             "Review was due %s · delegated by %s · every %d days",
                                             item->review_interval_days),
                                due, item->practitioner_name, item->review_interval_days);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Review due %s · delegated by %s · every %d day",
                                             "Review due %s · delegated by %s · every %d days",
                                             item->review_interval_days),
                                due, item->practitioner_name, item->review_interval_days);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, item->task_uuid);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             item->overdue ? care_form_tag_new (_("Overdue"), "error")
                                           : care_form_tag_new (_("Due soon"), "warning"));
  if (g_strcmp0 (item->status, "suspended") == 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), care_form_tag_new (_("Suspended"), NULL));
  if (may_review (self))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Record Review…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reviews.record");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item->task_uuid);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
show_summary (CareReviewsPage *self,
              guint            overdue,
              guint            soon)
{
  g_autofree char *text = NULL;

  if (self->session == NULL)
    text = g_strdup ("");
  else if (overdue + soon == 0)
    text = g_strdup (_("Nothing is overdue or due in the next 7 days."));
  else
    /* Translators: "<n> overdue, <n> due within 7 days." */
    text = g_strdup_printf (_("%u overdue, %u due within 7 days. Overdue reviews come first."), overdue, soon);
  gtk_label_set_text (self->summary_label, text);
}

void
care_reviews_page_refresh (CareReviewsPage *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  guint overdue = 0;

  g_return_if_fail (CARE_IS_REVIEWS_PAGE (self));

  care_form_clear_list_box (self->due_list);
  self->n_due = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reviews.record", may_review (self));
  if (self->session == NULL)
    {
      show_summary (self, 0, 0);
      care_form_show_error (self->error_label, NULL);
      return;
    }
  today = care_store_today (self->store);
  due = care_task_queries_reviews_due (self->store, today, LOOK_AHEAD_DAYS, &error);
  care_form_show_error (self->error_label, error);
  if (due == NULL)
    return;
  for (guint i = 0; i < due->len; i++)
    {
      CareReviewDueItem *item = g_ptr_array_index (due, i);

      overdue += item->overdue ? 1 : 0;
      gtk_list_box_append (self->due_list, due_row_new (self, item));
    }
  self->n_due = due->len;
  show_summary (self, overdue, due->len - overdue);
}

guint
care_reviews_page_get_n_due (CareReviewsPage *self)
{
  g_return_val_if_fail (CARE_IS_REVIEWS_PAGE (self), 0);

  return self->n_due;
}

static void
recorded_cb (CareReviewsPage *self,
             const char      *decision)
{
  care_reviews_page_refresh (self);
  if (g_str_equal (decision, "suspend"))
    care_form_toast (self->toast_overlay, _("Review recorded; the task is suspended."));
  else if (g_str_equal (decision, "withdraw"))
    care_form_toast (self->toast_overlay, _("Review recorded; the task is withdrawn."));
  else if (g_str_equal (decision, "change_instructions"))
    care_form_toast (self->toast_overlay, _("Review recorded; carers now follow the new instructions."));
  else
    care_form_toast (self->toast_overlay, _("Review recorded."));
}

static void
record_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CareReviewsPage *self = CARE_REVIEWS_PAGE (widget);
  CareReviewDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = care_review_dialog_new (care_form_parent_window (widget), self->session,
                                   g_variant_get_string (parameter, NULL));
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (recorded_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_reviews_page_refresh (CARE_REVIEWS_PAGE (widget));
}

static void
care_reviews_page_set_session (CareReviewsPage *self,
                               CareSession     *session)
{
  if (!g_set_object (&self->session, session))
    return;
  care_reviews_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_reviews_page_dispose (GObject *object)
{
  CareReviewsPage *self = CARE_REVIEWS_PAGE (object);

  /* The toast overlay is both AdwBin's child and a template child: let
   * AdwBin drop it first, or it would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_REVIEWS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_reviews_page_parent_class)->dispose (object);
}

static void
care_reviews_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CareReviewsPage *self = CARE_REVIEWS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_reviews_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CareReviewsPage *self = CARE_REVIEWS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      care_reviews_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_reviews_page_class_init (CareReviewsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_reviews_page_dispose;
  object_class->get_property = care_reviews_page_get_property;
  object_class->set_property = care_reviews_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-reviews-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareReviewsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CareReviewsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareReviewsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareReviewsPage, due_list);

  gtk_widget_class_install_action (widget_class, "reviews.record", "s", record_action_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action_cb);
}

static void
care_reviews_page_init (CareReviewsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
care_reviews_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_REVIEWS_PAGE, "store", store, NULL);
}
