/* care-dashboard-page.c: the manager's morning view
 *
 * Every figure comes from the core's dashboard queries, computed when read;
 * the page only arranges them. Each count is an expandable row holding the
 * list behind it, and ends with a way to the page where it is dealt with.
 */
#include "config.h"

#include "care-dashboard-page.h"

#include <glib/gi18n.h>

#include "care-dashboard.h"
#include "care-gui-util.h"
#include "care-record.h"
#include "care-window.h"

/* An expanded list shows this many entries; the page it leads to has all. */
#define MAX_LISTED 50

typedef enum
{
  ROW_DUE,
  ROW_OVERDUE,
  ROW_DONE,
  ROW_AWAITING_DECISION,
  ROW_COMPETENCIES_EXPIRING,
  ROW_COMPETENCIES_EXPIRED,
  ROW_LOW_COVERAGE,
  ROW_REVIEWS_OVERDUE,
  ROW_LIBERTY_ALERTS,
  ROW_PENDING_EVENTS,
  N_ROWS
} DashboardRow;

typedef enum
{
  GROUP_TODAY,
  GROUP_ATTENTION,
  GROUP_SYNC,
} DashboardGroup;

/* "attention" rows are the ones a manager must act on; a non-zero count
 * there gets a warning icon and colour, which only repeat what the number
 * and the words already say. */
static const struct
{
  const char     *title;
  const char     *subtitle;
  DashboardGroup  group;
  gboolean        attention;
  const char     *page;        /* where it is dealt with */
  const char     *page_title;
} rows_info[N_ROWS] = {
  [ROW_DUE] = { N_("Due now"), N_("Within their time window"), GROUP_TODAY, FALSE, "today", N_("Open Today") },
  [ROW_OVERDUE] = { N_("Overdue"), N_("Not recorded within their time window"), GROUP_TODAY, TRUE, "today", N_("Open Today") },
  [ROW_DONE] = { N_("Done today"), NULL, GROUP_TODAY, FALSE, "today", N_("Open Today") },
  [ROW_AWAITING_DECISION] = { N_("Awaiting a decision"), N_("Proposed delegated tasks to accept or decline"), GROUP_ATTENTION, TRUE, "tasks", N_("Open Delegated Tasks") },
  [ROW_COMPETENCIES_EXPIRING] = { N_("Competencies expiring"), N_("Within the next 30 days"), GROUP_ATTENTION, TRUE, "staff", N_("Open Staff and Competencies") },
  [ROW_COMPETENCIES_EXPIRED] = { N_("Competencies expired"), N_("Still needed by a live task"), GROUP_ATTENTION, TRUE, "staff", N_("Open Staff and Competencies") },
  [ROW_LOW_COVERAGE] = { N_("Too few competent staff"), N_("Delegated tasks with fewer than two competent staff"), GROUP_ATTENTION, TRUE, "staff", N_("Open Staff and Competencies") },
  [ROW_REVIEWS_OVERDUE] = { N_("Reviews overdue"), N_("Clinical oversight reviews past their review date"), GROUP_ATTENTION, TRUE, "reviews", N_("Open Reviews") },
  [ROW_LIBERTY_ALERTS] = { N_("Liberty safeguards alerts"), N_("Screenings, authorisations and notifications that need action"), GROUP_ATTENTION, TRUE, "liberty", N_("Open Liberty Safeguards") },
  [ROW_PENDING_EVENTS] = { N_("Waiting to be sent"), N_("Records not yet sent to the commissioner"), GROUP_SYNC, FALSE, "sync", N_("Open Sync") },
};

typedef struct
{
  AdwExpanderRow *expander;
  GtkLabel       *count;
  GtkImage       *icon;
  GPtrArray      *children;   /* rows added to the expander */
} RowWidgets;

struct _CareDashboardPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkLabel            *date_label;
  GtkLabel            *summary_label;
  GtkLabel            *error_label;
  AdwPreferencesGroup *today_group;
  AdwPreferencesGroup *attention_group;
  AdwPreferencesGroup *sync_group;

  RowWidgets           rows[N_ROWS];

  CareStore           *store;
  CareSession         *session;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareDashboardPage, care_dashboard_page, ADW_TYPE_BIN)

static void
clear_children (CareDashboardPage *self,
                DashboardRow       row)
{
  RowWidgets *w = &self->rows[row];

  for (guint i = 0; i < w->children->len; i++)
    adw_expander_row_remove (w->expander, g_ptr_array_index (w->children, i));
  g_ptr_array_set_size (w->children, 0);
}

static void
add_child (CareDashboardPage *self,
           DashboardRow       row,
           GtkWidget         *child)
{
  adw_expander_row_add_row (self->rows[row].expander, child);
  g_ptr_array_add (self->rows[row].children, child);
}

static void
add_entry (CareDashboardPage *self,
           DashboardRow       row,
           const char        *title,
           const char        *subtitle)
{
  GtkWidget *entry = adw_action_row_new ();

  /* Names and free text from the records are shown as they are. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (entry), subtitle);
  gtk_widget_set_focusable (entry, FALSE);
  add_child (self, row, entry);
}

static gboolean
page_reachable (CareDashboardPage *self,
                const char        *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return CARE_IS_WINDOW (root) && care_window_page_is_offered (CARE_WINDOW (root), page);
}

static void
finish_list (CareDashboardPage *self,
             DashboardRow       row,
             guint              total)
{
  if (total > MAX_LISTED)
    {
      g_autofree char *more = NULL;

      /* Translators: after a shortened list on the dashboard */
      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more", "And %u more", total - MAX_LISTED),
                              total - MAX_LISTED);
      add_entry (self, row, more, NULL);
    }

  if (page_reachable (self, rows_info[row].page))
    {
      GtkWidget *link = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (link), _(rows_info[row].page_title));
      adw_action_row_add_suffix (ADW_ACTION_ROW (link), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (link), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (link), "win.show-page");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (link), "s", rows_info[row].page);
      add_child (self, row, link);
    }
}

static void
set_count (CareDashboardPage *self,
           DashboardRow       row,
           gint64             count)
{
  RowWidgets *w = &self->rows[row];
  GtkWidget *label = GTK_WIDGET (w->count);
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  gboolean warn = rows_info[row].attention && count > 0;
  gboolean was_expanded;

  if (count < 0)
    /* Translators: shown instead of a count that could not be read */
    text = g_strdup (C_("count", "Unknown"));
  else
    text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  gtk_label_set_text (w->count, text);
  gtk_widget_set_visible (GTK_WIDGET (w->icon), warn);
  if (warn)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
  if (count == 0)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");

  /* Nothing to open behind a zero. Enabling expansion also expands the
   * row in libadwaita 1.2; a refresh must not open every list at once, so
   * the row keeps whatever state the user left it in. */
  was_expanded = adw_expander_row_get_expanded (w->expander);
  adw_expander_row_set_enable_expansion (w->expander, count > 0);
  adw_expander_row_set_expanded (w->expander, count > 0 && was_expanded);

  /* The count is a separate label; put it in the row's description too so
   * a screen reader reads "Overdue, 3" when the row gets focus. */
  description = rows_info[row].subtitle != NULL
    ? g_strdup_printf ("%s. %s", text, _(rows_info[row].subtitle))
    : g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (w->expander),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static char *
slot_subtitle (CareSlot *slot)
{
  if (slot->slot_time == NULL)
    /* Translators: a when-required task on the dashboard: task name */
    return g_strdup_printf (_("%s, when required"), slot->task_name);

  /* Translators: a slot on the dashboard: time, task name */
  return g_strdup_printf (_("%s, %s"), slot->slot_time, slot->task_name);
}

static void
list_slots (CareDashboardPage *self,
            GPtrArray         *slots)
{
  static const struct { DashboardRow row; CareSlotState state; } wanted[] = {
    { ROW_DUE, CARE_SLOT_DUE },
    { ROW_OVERDUE, CARE_SLOT_OVERDUE },
    { ROW_DONE, CARE_SLOT_DONE },
  };

  for (guint k = 0; k < G_N_ELEMENTS (wanted); k++)
    {
      guint total = 0;

      for (guint i = 0; i < slots->len; i++)
        {
          CareSlot *slot = g_ptr_array_index (slots, i);
          g_autofree char *subtitle = NULL;

          if (slot->state != wanted[k].state)
            continue;
          if (++total > MAX_LISTED)
            continue;
          subtitle = slot_subtitle (slot);
          add_entry (self, wanted[k].row, slot->person_name, subtitle);
        }
      finish_list (self, wanted[k].row, total);
    }
}

static char *
record_name (CareStore  *store,
             CareKind    kind,
             const char *uuid)
{
  g_autoptr(CareRecord) record = NULL;

  if (uuid == NULL)
    return NULL;

  record = care_store_load (store, kind, uuid, NULL);
  if (record == NULL)
    return NULL;

  if (kind == CARE_KIND_PERSON)
    {
      const char *given = care_record_get_string (record, "preferred_name");

      if (given == NULL || *given == '\0')
        given = care_record_get_string (record, "given_name");
      return g_strdup_printf ("%s %s", given, care_record_get_string (record, "family_name"));
    }
  return g_strdup (care_record_get_string (record, "name"));
}

static void
list_awaiting (CareDashboardPage *self,
               GPtrArray         *tasks)
{
  for (guint i = 0; i < tasks->len && i < MAX_LISTED; i++)
    {
      CareRecord *task = g_ptr_array_index (tasks, i);
      g_autofree char *person = record_name (self->store, CARE_KIND_PERSON, care_record_get_string (task, "person_uuid"));
      g_autofree char *type = record_name (self->store, CARE_KIND_TASK_TYPE, care_record_get_string (task, "task_type_uuid"));
      g_autofree char *date = care_gui_format_short_date (care_record_get_string (task, "delegated_on"));
      g_autofree char *subtitle = NULL;

      /* Translators: task type, the practitioner who proposed it, the date */
      subtitle = g_strdup_printf (_("%s, from %s on %s"), type, care_record_get_string (task, "practitioner_name"), date);
      add_entry (self, ROW_AWAITING_DECISION, person, subtitle);
    }
  finish_list (self, ROW_AWAITING_DECISION, tasks->len);
}

static void
list_competencies (CareDashboardPage *self,
                   GPtrArray         *alerts)
{
  guint expiring = 0;
  guint expired = 0;

  for (guint i = 0; i < alerts->len; i++)
    {
      CareCompetencyAlert *alert = g_ptr_array_index (alerts, i);
      gboolean is_expired = alert->state == CARE_COMPETENCY_EXPIRED;
      guint n = is_expired ? ++expired : ++expiring;
      g_autofree char *date = NULL;
      g_autofree char *subtitle = NULL;

      if (n > MAX_LISTED)
        continue;
      date = care_gui_format_short_date (alert->valid_until);
      subtitle = is_expired
        /* Translators: a competency on the dashboard: task type, date */
        ? g_strdup_printf (_("%s, expired on %s"), alert->task_type_name, date)
        /* Translators: a competency on the dashboard: task type, date */
        : g_strdup_printf (_("%s, valid until %s"), alert->task_type_name, date);
      add_entry (self, is_expired ? ROW_COMPETENCIES_EXPIRED : ROW_COMPETENCIES_EXPIRING,
                 alert->staff_name, subtitle);
    }
  finish_list (self, ROW_COMPETENCIES_EXPIRING, expiring);
  finish_list (self, ROW_COMPETENCIES_EXPIRED, expired);
}

static void
list_coverage (CareDashboardPage *self,
               GPtrArray         *alerts)
{
  for (guint i = 0; i < alerts->len && i < MAX_LISTED; i++)
    {
      CareCoverageAlert *alert = g_ptr_array_index (alerts, i);
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: task name, number of competent staff */
                                               "%s, %u competent staff member",
                                               "%s, %u competent staff members",
                                               alert->n_competent),
                                  alert->task_name, alert->n_competent);
      add_entry (self, ROW_LOW_COVERAGE, alert->person_name, subtitle);
    }
  finish_list (self, ROW_LOW_COVERAGE, alerts->len);
}

static void
list_reviews (CareDashboardPage *self,
              GPtrArray         *reviews)
{
  for (guint i = 0; i < reviews->len && i < MAX_LISTED; i++)
    {
      CareReviewDue *due = g_ptr_array_index (reviews, i);
      g_autofree char *date = care_gui_format_short_date (due->review_due_on);
      g_autofree char *subtitle = NULL;

      /* Translators: task name, the date its review was due */
      subtitle = g_strdup_printf (_("%s, review was due on %s"), due->task_name, date);
      add_entry (self, ROW_REVIEWS_OVERDUE, due->person_name, subtitle);
    }
  finish_list (self, ROW_REVIEWS_OVERDUE, reviews->len);
}

static void
list_liberty (CareDashboardPage *self,
              GPtrArray         *alerts)
{
  for (guint i = 0; i < alerts->len && i < MAX_LISTED; i++)
    {
      CareLibertyAlert *alert = g_ptr_array_index (alerts, i);

      add_entry (self, ROW_LIBERTY_ALERTS, alert->person_name, alert->message);
    }
  finish_list (self, ROW_LIBERTY_ALERTS, alerts->len);
}

static void
show_error (CareDashboardPage *self,
            const GError      *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
clear_all (CareDashboardPage *self)
{
  for (guint i = 0; i < N_ROWS; i++)
    {
      clear_children (self, i);
      gtk_label_set_text (self->rows[i].count, "–");
      gtk_widget_set_visible (GTK_WIDGET (self->rows[i].icon), FALSE);
      adw_expander_row_set_expanded (self->rows[i].expander, FALSE);
      adw_expander_row_set_enable_expansion (self->rows[i].expander, FALSE);
    }
  gtk_label_set_text (self->date_label, "");
  gtk_label_set_text (self->summary_label, "");
  show_error (self, NULL);
}

static void
update_summary (CareDashboardPage         *self,
                const CareDashboardCounts *counts)
{
  guint attention = counts->overdue + counts->awaiting_decision + counts->competencies_expiring
                    + counts->competencies_expired + counts->low_coverage
                    + counts->reviews_overdue + counts->liberty_alerts;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (care_store_now (self->store));
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  g_autofree char *text = NULL;

  if (attention == 0)
    /* Translators: %s is the time the dashboard was read, e.g. 09:14 */
    text = g_strdup_printf (_("Nothing needs attention. Checked at %s."), time);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: a count, then the time the dashboard was read */
                                         "%u item needs attention. Checked at %s.",
                                         "%u items need attention. Checked at %s.",
                                         attention),
                            attention, time);
  gtk_label_set_text (self->summary_label, text);
}

void
care_dashboard_page_refresh (CareDashboardPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *today_text = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) awaiting = NULL;
  g_autoptr(GPtrArray) competencies = NULL;
  g_autoptr(GPtrArray) coverage = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) liberty = NULL;
  CareDashboardCounts counts = { 0 };

  g_return_if_fail (CARE_IS_DASHBOARD_PAGE (self));

  clear_all (self);
  /* Locked: nothing personal stays on screen. */
  if (self->store == NULL || self->session == NULL)
    return;

  today = care_store_today (self->store);
  today_text = care_gui_format_date (today);
  gtk_label_set_text (self->date_label, today_text);

  if (!care_dashboard_counts (self->store, today, &counts, &error)
      || (slots = care_dashboard_slots (self->store, today, &error)) == NULL
      || (awaiting = care_dashboard_awaiting_decision (self->store, &error)) == NULL
      || (competencies = care_dashboard_competency_alerts (self->store, today, &error)) == NULL
      || (coverage = care_dashboard_low_coverage (self->store, today, &error)) == NULL
      || (reviews = care_dashboard_reviews_overdue (self->store, today, &error)) == NULL
      || (liberty = care_dashboard_liberty_alerts (self->store, today, &error)) == NULL)
    {
      for (guint i = 0; i < N_ROWS; i++)
        set_count (self, i, -1);
      show_error (self, error);
      return;
    }

  set_count (self, ROW_DUE, counts.due);
  set_count (self, ROW_OVERDUE, counts.overdue);
  set_count (self, ROW_DONE, counts.done);
  set_count (self, ROW_AWAITING_DECISION, counts.awaiting_decision);
  set_count (self, ROW_COMPETENCIES_EXPIRING, counts.competencies_expiring);
  set_count (self, ROW_COMPETENCIES_EXPIRED, counts.competencies_expired);
  set_count (self, ROW_LOW_COVERAGE, counts.low_coverage);
  set_count (self, ROW_REVIEWS_OVERDUE, counts.reviews_overdue);
  set_count (self, ROW_LIBERTY_ALERTS, counts.liberty_alerts);
  set_count (self, ROW_PENDING_EVENTS, care_store_count_events (self->store, "pending"));

  list_slots (self, slots);
  list_awaiting (self, awaiting);
  list_competencies (self, competencies);
  list_coverage (self, coverage);
  list_reviews (self, reviews);
  list_liberty (self, liberty);
  finish_list (self, ROW_PENDING_EVENTS, 0);
  /* The sync row's list is only the way to the Sync page. */
  adw_expander_row_set_enable_expansion (self->rows[ROW_PENDING_EVENTS].expander,
                                         self->rows[ROW_PENDING_EVENTS].children->len > 0);

  update_summary (self, &counts);
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_dashboard_page_refresh (CARE_DASHBOARD_PAGE (widget));
}

static void
build_rows (CareDashboardPage *self)
{
  AdwPreferencesGroup *groups[] = {
    [GROUP_TODAY] = self->today_group,
    [GROUP_ATTENTION] = self->attention_group,
    [GROUP_SYNC] = self->sync_group,
  };

  for (guint i = 0; i < N_ROWS; i++)
    {
      RowWidgets *w = &self->rows[i];
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *count = gtk_label_new ("–");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _(rows_info[i].title));
      /* libadwaita 1.2 names only the header inside an expander row; the
       * row that takes focus (and has the description) needs it too. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (expander),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(rows_info[i].title),
                                      -1);
      if (rows_info[i].subtitle != NULL)
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), _(rows_info[i].subtitle));

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_visible (icon, FALSE);
      /* The icon repeats the count's meaning for those who see it; the
       * row's description carries it for everyone else. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (GTK_LABEL (count), 1.0);
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_add_css_class (count, "care-count");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), count);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), box);

      adw_preferences_group_add (groups[rows_info[i].group], expander);

      w->expander = ADW_EXPANDER_ROW (expander);
      w->count = GTK_LABEL (count);
      w->icon = GTK_IMAGE (icon);
      w->children = g_ptr_array_new ();
    }
}

static void
care_dashboard_page_dispose (GObject *object)
{
  CareDashboardPage *self = CARE_DASHBOARD_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_DASHBOARD_PAGE);
  for (guint i = 0; i < N_ROWS; i++)
    g_clear_pointer (&self->rows[i].children, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_dashboard_page_parent_class)->dispose (object);
}

static void
care_dashboard_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CareDashboardPage *self = CARE_DASHBOARD_PAGE (object);

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
care_dashboard_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CareDashboardPage *self = CARE_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          care_dashboard_page_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_dashboard_page_class_init (CareDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_dashboard_page_dispose;
  object_class->get_property = care_dashboard_page_get_property;
  object_class->set_property = care_dashboard_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareDashboardPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, CareDashboardPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareDashboardPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareDashboardPage, today_group);
  gtk_widget_class_bind_template_child (widget_class, CareDashboardPage, attention_group);
  gtk_widget_class_bind_template_child (widget_class, CareDashboardPage, sync_group);

  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action_cb);
}

static void
care_dashboard_page_init (CareDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_rows (self);
  clear_all (self);
}
