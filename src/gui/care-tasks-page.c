/* care-tasks-page.c: the delegated tasks page */
#include "config.h"

#include "care-tasks-page.h"

#include <glib/gi18n.h>

#include "care-decision-dialog.h"
#include "care-delegation.h"
#include "care-form-util.h"
#include "care-history-dialog.h"
#include "care-reason-dialog.h"
#include "care-review.h"
#include "care-sync.h"
#include "care-task-editor.h"
#include "care-task-queries.h"

static const char * const group_titles[CARE_N_TASK_GROUPS] = {
  [CARE_TASK_GROUP_AWAITING] = N_("Awaiting a decision"),
  [CARE_TASK_GROUP_ACTIVE] = N_("Active"),
  [CARE_TASK_GROUP_SUSPENDED] = N_("Suspended"),
  [CARE_TASK_GROUP_FINISHED] = N_("Ended, declined or withdrawn"),
};

struct _CareTasksPage
{
  AdwBin            parent_instance;

  AdwToastOverlay  *toast_overlay;
  AdwLeaflet       *leaflet;
  GtkWidget        *sidebar;
  GtkWidget        *content;
  GtkWidget        *new_button;
  GtkBox           *sections_box;
  GtkStack         *detail_stack;
  GtkLabel         *title_label;
  GtkBox           *tags_box;
  GtkWidget        *decide_button;
  GtkWidget        *decline_button;
  GtkWidget        *activate_button;
  GtkWidget        *suspend_button;
  GtkWidget        *withdraw_button;
  GtkWidget        *end_button;
  GtkWidget        *history_button;
  GtkBox           *details_box;

  GtkLabel         *section_title[CARE_N_TASK_GROUPS];
  GtkListBox       *section_list[CARE_N_TASK_GROUPS];

  CareStore        *store;
  CareSession      *session;
  CareSync         *sync;          /* the window's, or NULL when none runs */
  char             *selected_uuid;
  CareRecord       *selected;
  gboolean          all_finished;
};

/* Finished tasks only grow; the newest are shown until all are asked for. */
#define FINISHED_SHOWN 50

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareTasksPage, care_tasks_page, ADW_TYPE_BIN)

/* Status changes that need a reason, run by a CareReasonDialog */

typedef struct
{
  CareSession *session;
  gboolean     commissioner; /* the task came from the commissioner */
  CareSync    *sync;         /* the running sync, or NULL */
  char        *task_uuid;
  char        *to_status;
  char        *reason;       /* while it is checked or sent */
  char        *done;         /* the toast once it is made */
} StatusChange;

static void
status_change_free (StatusChange *change)
{
  g_clear_object (&change->session);
  g_clear_object (&change->sync);
  g_free (change->task_uuid);
  g_free (change->to_status);
  g_free (change->reason);
  g_free (change->done);
  g_free (change);
}

static gboolean
make_status_change (gpointer   user_data,
                    GError   **error)
{
  StatusChange *change = user_data;

  if (g_str_equal (change->to_status, "declined"))
    return care_delegation_decline (change->session, change->task_uuid, change->reason, NULL, error);
  return care_delegation_set_status (change->session, change->task_uuid, change->to_status,
                                     change->reason, error);
}

/* A task the commissioner owns changes here only after the commissioner
 * applied the change, so without a running sync nothing is tried. */
static gboolean
require_sync (StatusChange  *change,
              GError       **error)
{
  if (change->sync != NULL)
    return TRUE;
  g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK,
               _("This task came from the commissioner, so a change to it is made with the commissioner, "
                 "and sync with the commissioner is not running. Nothing was changed."));
  return FALSE;
}

/* For a commissioner's task the reason dialog only checks the change
 * against the core's rules (nothing is kept); it is sent once the dialog
 * closes, and made here when the commissioner applied it. */
static gboolean
apply_status_change (const char  *reason,
                     gpointer     user_data,
                     GError     **error)
{
  StatusChange *change = user_data;

  g_free (change->reason);
  change->reason = g_strdup (reason);
  if (!change->commissioner)
    return make_status_change (change, error);
  if (!require_sync (change, error))
    return FALSE;
  return care_sync_check_local_change (care_session_get_store (change->session), make_status_change,
                                       change, error);
}

/* Helpers */

static gboolean
is_commissioner_task (CareRecord *task)
{
  return task != NULL && g_strcmp0 (care_record_get_string (task, "source"), "commissioner") == 0;
}

static CareRole
session_role (CareTasksPage *self)
{
  return self->session ? care_session_get_role (self->session) : CARE_ROLE_NONE;
}

static void
toast (CareTasksPage *self,
       const char    *message)
{
  care_form_toast (self->toast_overlay, message);
}

static void
set_action (CareTasksPage *self,
            const char    *action,
            GtkWidget     *button,
            gboolean       enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, enabled);
  if (button != NULL)
    gtk_widget_set_visible (button, enabled);
}

/* What the signed-in role may try on the chosen task. The core decides;
 * this only keeps buttons that could never succeed out of the way, so a
 * carer sees the delegation without controls. */
static void
update_actions (CareTasksPage *self)
{
  CareRole role = session_role (self);
  gboolean manager = (role & CARE_ROLE_MANAGER) != 0;
  gboolean editor = (role & (CARE_ROLE_MANAGER | CARE_ROLE_PRACTITIONER)) != 0;
  const char *status = self->selected ? care_record_get_string (self->selected, "status") : NULL;

  set_action (self, "tasks.new", self->new_button, editor);
  set_action (self, "tasks.decide", self->decide_button,
              manager && care_delegation_can_transition (status, "accepted"));
  set_action (self, "tasks.decline", self->decline_button,
              manager && care_delegation_can_transition (status, "declined"));
  set_action (self, "tasks.activate", self->activate_button,
              editor && care_delegation_can_transition (status, "active"));
  set_action (self, "tasks.suspend", self->suspend_button,
              editor && care_delegation_can_transition (status, "suspended"));
  set_action (self, "tasks.withdraw", self->withdraw_button,
              editor && care_delegation_can_transition (status, "withdrawn"));
  set_action (self, "tasks.end", self->end_button,
              editor && care_delegation_can_transition (status, "ended"));
  set_action (self, "tasks.history", self->history_button, self->selected != NULL);
}

static GtkWidget *
detail_row (const char *title,
            const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL ? value : _("Not recorded"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static AdwPreferencesGroup *
add_group (CareTasksPage *self,
           const char    *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->details_box, group);
  return ADW_PREFERENCES_GROUP (group);
}

static void
add_field (CareTasksPage       *self,
           AdwPreferencesGroup *group,
           const char          *title,
           const char          *field)
{
  g_autofree char *value = care_task_queries_describe_value (self->store, CARE_KIND_DELEGATED_TASK,
                                                             field, self->selected);

  adw_preferences_group_add (group, detail_row (title, value));
}

static void
add_date (CareTasksPage       *self,
          AdwPreferencesGroup *group,
          const char          *title,
          const char          *field)
{
  const char *date = care_record_get_string (self->selected, field);
  g_autofree char *value = date ? care_form_format_date (date) : NULL;

  adw_preferences_group_add (group, detail_row (title, value));
}

static char *
describe_schedule (CareRecord *task)
{
  const char *kind = care_record_get_string (task, "schedule_kind");

  if (g_strcmp0 (kind, "times") == 0)
    /* Translators: the schedule of a task, "At <times>" */
    return g_strdup_printf (_("At %s each day"), care_record_get_string (task, "schedule_times"));
  if (g_strcmp0 (kind, "interval") == 0)
    return g_strdup_printf (_("Every %d hours from %s"),
                            (int) care_record_get_int (task, "interval_hours"),
                            care_record_get_string (task, "first_time"));
  if (g_strcmp0 (kind, "prn") == 0)
    {
      if (care_record_has (task, "prn_min_interval_min"))
        return g_strdup_printf (_("When required: at most %d times in 24 hours, at least %d minutes apart"),
                                (int) care_record_get_int (task, "prn_max_24h"),
                                (int) care_record_get_int (task, "prn_min_interval_min"));
      return g_strdup_printf (_("When required: at most %d times in 24 hours"),
                              (int) care_record_get_int (task, "prn_max_24h"));
    }
  return NULL;
}

static void
add_task_type_rows (CareTasksPage       *self,
                    AdwPreferencesGroup *group)
{
  g_autoptr(CareRecord) type = care_store_load (self->store, CARE_KIND_TASK_TYPE,
                                                care_record_get_string (self->selected, "task_type_uuid"), NULL);

  add_field (self, group, _("Person"), "person_uuid");
  add_field (self, group, _("Task type"), "task_type_uuid");
  if (type != NULL && !care_record_get_bool (type, "delegable"))
    adw_preferences_group_add (group, detail_row (_("Never delegated"),
                                                  care_record_get_string (type, "not_delegable_reason")));
  add_field (self, group, _("Source"), "source");
  if (self->sync != NULL && is_commissioner_task (self->selected))
    {
      gint64 version = 0;
      g_autofree char *status = care_sync_get_server_status (self->sync, care_record_get_uuid (self->selected),
                                                             &version);
      /* Translators: the task's status at the commissioner, "<status> (version <n>)" */
      g_autofree char *value = status ? g_strdup_printf (_("%s (version %lld)"),
                                                         care_task_status_label (status), (long long) version) : NULL;

      adw_preferences_group_add (group, detail_row (_("Status with the commissioner"), value));
    }
}

static void
add_practitioner_rows (CareTasksPage       *self,
                       AdwPreferencesGroup *group)
{
  g_autofree char *reg = NULL;
  g_autofree char *mdt = NULL;
  const char *body = care_record_get_string (self->selected, "practitioner_register");
  const char *number = care_record_get_string (self->selected, "practitioner_number");
  const char *mdt_date = care_record_get_string (self->selected, "mdt_date");
  const char *mdt_team = care_record_get_string (self->selected, "mdt_team");

  add_field (self, group, _("Name"), "practitioner_name");
  add_field (self, group, _("Profession"), "practitioner_profession");
  if (number != NULL)
    reg = body ? g_strdup_printf ("%s %s", body, number) : g_strdup (number);
  adw_preferences_group_add (group, detail_row (_("Register and number"), reg));
  add_field (self, group, _("Organisation"), "practitioner_org");
  add_field (self, group, _("Contact"), "practitioner_contact");
  add_date (self, group, _("Date delegated"), "delegated_on");
  if (mdt_date != NULL || mdt_team != NULL)
    {
      g_autofree char *when = mdt_date ? care_form_format_date (mdt_date) : NULL;
      /* Translators: "<date>, <team>" for the MDT agreement */
      mdt = g_strdup_printf (_("%s, %s"), when ? when : _("date not recorded"),
                             mdt_team ? mdt_team : _("team not recorded"));
    }
  adw_preferences_group_add (group, detail_row (_("MDT agreement"), mdt));
}

static void
add_schedule_rows (CareTasksPage       *self,
                   AdwPreferencesGroup *group)
{
  g_autofree char *schedule = describe_schedule (self->selected);
  g_autofree char *interval = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %d day", "Every %d days",
                                                            care_record_get_int (self->selected, "review_interval_days")),
                                               (int) care_record_get_int (self->selected, "review_interval_days"));
  const char *status = care_record_get_string (self->selected, "status");

  adw_preferences_group_add (group, detail_row (_("Schedule"), schedule));
  add_date (self, group, _("Start date"), "start_date");
  add_date (self, group, _("End date"), "end_date");
  adw_preferences_group_add (group, detail_row (_("Clinical review"), interval));
  if (g_strcmp0 (status, "active") == 0 || g_strcmp0 (status, "suspended") == 0)
    {
      g_autofree char *due = care_review_due_on (self->store, self->selected, NULL);
      g_autofree char *when = due ? care_form_format_date (due) : NULL;

      adw_preferences_group_add (group, detail_row (_("Next review due"), when));
    }
}

static void
add_decision_rows (CareTasksPage       *self,
                   AdwPreferencesGroup *group)
{
  g_autofree char *when = NULL;

  add_field (self, group, _("Decided by"), "decided_by");
  if (care_record_has (self->selected, "decided_at"))
    when = care_form_format_instant (care_record_get_int (self->selected, "decided_at"));
  adw_preferences_group_add (group, detail_row (_("Decided on"), when));
  add_field (self, group, _("Decision-matrix answers"), "matrix_answers");
  add_field (self, group, _("Reason for the current status"), "status_reason");
}

/* The status history is the task's change log: each version, who made it,
 * when and why. */
static void
add_history_rows (CareTasksPage       *self,
                  AdwPreferencesGroup *group)
{
  g_autoptr(GPtrArray) history = care_task_queries_history (self->store, CARE_KIND_DELEGATED_TASK,
                                                            care_record_get_uuid (self->selected), NULL);

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      CareVersionEntry *entry = g_ptr_array_index (history, i);
      g_autofree char *when = care_form_format_instant (entry->at);
      g_autofree char *line = NULL;

      if (entry->reason != NULL)
        /* Translators: "<date and time> by <name>. Reason: <reason>" */
        line = g_strdup_printf (_("%s by %s. Reason: %s"), when, entry->actor_name, entry->reason);
      else
        line = g_strdup_printf (_("%s by %s"), when, entry->actor_name);
      adw_preferences_group_add (group, detail_row (care_task_action_label (entry->action), line));
    }
}

static void
show_tags (CareTasksPage *self)
{
  GtkWidget *child;
  const char *status = care_record_get_string (self->selected, "status");
  g_autoptr(CareRecord) type = care_store_load (self->store, CARE_KIND_TASK_TYPE,
                                                care_record_get_string (self->selected, "task_type_uuid"), NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_box_remove (self->tags_box, child);
  gtk_box_append (self->tags_box, care_form_tag_new (care_task_status_label (status),
                                                     g_strcmp0 (status, "proposed") == 0 ? "accent" : NULL));
  if (is_commissioner_task (self->selected))
    {
      g_autofree char *server_status = self->sync ? care_sync_get_server_status (self->sync, self->selected_uuid, NULL)
                                                  : NULL;

      gtk_box_append (self->tags_box, care_form_tag_new (_("From the commissioner"), NULL));
      /* The commissioner's status wins for its tasks; a difference is
       * shown until someone acts on it. */
      if (server_status != NULL && g_strcmp0 (server_status, status) != 0)
        {
          /* Translators: a tag, "Commissioner: <status>" */
          g_autofree char *text = g_strdup_printf (_("Commissioner: %s"), care_task_status_label (server_status));
          gtk_box_append (self->tags_box, care_form_tag_new (text, "warning"));
        }
    }
  if (type != NULL && !care_record_get_bool (type, "delegable"))
    gtk_box_append (self->tags_box, care_form_tag_new (_("Never delegated"), "warning"));
}

static void
show_detail (CareTasksPage *self)
{
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);

  if (self->selected == NULL)
    {
      /* Nothing about the last task stays behind, even off screen. */
      gtk_label_set_text (self->title_label, "");
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
        gtk_box_remove (self->tags_box, child);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      update_actions (self);
      return;
    }

  title = care_task_queries_record_title (self->store, self->selected);
  gtk_label_set_text (self->title_label, title);
  show_tags (self);
  add_task_type_rows (self, add_group (self, _("Person and task")));
  add_practitioner_rows (self, add_group (self, _("Delegating practitioner")));
  {
    AdwPreferencesGroup *group = add_group (self, _("Instructions"));
    add_field (self, group, _("Written instructions"), "instructions");
    add_field (self, group, _("Dose"), "dose");
    add_field (self, group, _("Site"), "site");
    add_field (self, group, _("Equipment"), "equipment");
    add_field (self, group, _("When to call back"), "call_back_when");
  }
  add_schedule_rows (self, add_group (self, _("Schedule and review")));
  {
    AdwPreferencesGroup *group = add_group (self, _("Oversight, risk and consent"));
    add_field (self, group, _("Clinical oversight contact"), "oversight_contact");
    add_field (self, group, _("Risk assessment"), "risk_notes");
    add_field (self, group, _("Consent basis"), "consent_basis");
  }
  add_decision_rows (self, add_group (self, _("Decision")));
  add_history_rows (self, add_group (self, _("Status history")));

  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  update_actions (self);
}

static gboolean
load_selected (CareTasksPage *self)
{
  g_clear_object (&self->selected);
  if (self->selected_uuid != NULL && self->session != NULL)
    self->selected = care_store_load (self->store, CARE_KIND_DELEGATED_TASK, self->selected_uuid, NULL);
  if (self->selected != NULL && care_record_is_entered_in_error (self->selected))
    g_clear_object (&self->selected);
  return self->selected != NULL;
}

/* The list */

/* A plain row rather than an AdwActionRow: a home has hundreds of tasks,
 * and the lighter row keeps the page quick to open. */
static GtkWidget *
task_row_new (CareTaskSummary *task)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (task->task_type_name);
  GtkWidget *subtitle;
  g_autofree char *delegated = care_form_format_date (task->delegated_on);
  /* Translators: a task in the list, "<person> · <practitioner>, <date delegated>" */
  g_autofree char *detail = g_strdup_printf (_("%s · %s, %s"), task->person_name,
                                             task->practitioner_name, delegated);
  g_autofree char *spoken = NULL;
  const char *tag = NULL;
  const char *tag_class = NULL;

  subtitle = gtk_label_new (detail);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  /* A wrapping label asks for its whole text on one line; a cap keeps the
   * list a sidebar rather than half the window. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 30);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 30);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  if (g_strcmp0 (task->source, "commissioner") == 0)
    gtk_box_append (GTK_BOX (box), care_form_tag_new (_("Commissioner"), NULL));
  if (g_str_equal (task->status, "proposed") && !task->delegable)
    tag = _("Never delegated"), tag_class = "warning";
  else if (g_str_equal (task->status, "accepted"))
    tag = _("Not started");
  else if (g_str_equal (task->status, "declined") || g_str_equal (task->status, "withdrawn")
           || g_str_equal (task->status, "ended"))
    tag = care_task_status_label (task->status);
  if (tag != NULL)
    gtk_box_append (GTK_BOX (box), care_form_tag_new (tag, tag_class));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, task->task_uuid);
  g_object_set_data_full (G_OBJECT (row), "task-uuid", g_strdup (task->task_uuid), g_free);
  spoken = tag ? g_strdup_printf ("%s, %s, %s", task->task_type_name, tag, detail)
               : g_strdup_printf ("%s, %s", task->task_type_name, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return row;
}

static GtkWidget *
show_all_row_new (guint n)
{
  GtkWidget *row = adw_action_row_new ();
  /* Translators: the last row of the finished tasks, "Show all <n>" */
  g_autofree char *title = g_strdup_printf (_("Show all %u"), n);
  g_autofree char *subtitle = g_strdup_printf (_("The newest %d are shown"), FINISHED_SHOWN);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, "show-all-finished");
  g_object_set_data (G_OBJECT (row), "show-all", GINT_TO_POINTER (TRUE));
  return row;
}

static void
select_row_of (CareTasksPage *self,
               const char    *uuid)
{
  for (guint g = 0; g < CARE_N_TASK_GROUPS; g++)
    {
      GtkListBoxRow *found = NULL;

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->section_list[g]));
           child != NULL && uuid != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LIST_BOX_ROW (child)
            && g_strcmp0 (g_object_get_data (G_OBJECT (child), "task-uuid"), uuid) == 0)
          found = GTK_LIST_BOX_ROW (child);
      if (found != NULL)
        gtk_list_box_select_row (self->section_list[g], found);
      else
        gtk_list_box_unselect_all (self->section_list[g]);
    }
}

static void
fill_section (CareTasksPage *self,
              CareTaskGroup  group)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = care_task_queries_tasks (self->store, group, &error);
  g_autofree char *title = NULL;

  care_form_clear_list_box (self->section_list[group]);
  if (tasks == NULL)
    {
      toast (self, error->message);
      return;
    }
  /* Translators: a section heading with its count, "Active (3)" */
  title = g_strdup_printf (_("%s (%u)"), _(group_titles[group]), tasks->len);
  gtk_label_set_text (self->section_title[group], title);
  for (guint i = 0; i < tasks->len; i++)
    {
      if (group == CARE_TASK_GROUP_FINISHED && !self->all_finished && i == FINISHED_SHOWN)
        {
          gtk_list_box_append (self->section_list[group], show_all_row_new (tasks->len));
          break;
        }
      gtk_list_box_append (self->section_list[group], task_row_new (g_ptr_array_index (tasks, i)));
    }
}

void
care_tasks_page_refresh (CareTasksPage *self)
{
  g_return_if_fail (CARE_IS_TASKS_PAGE (self));

  for (guint g = 0; g < CARE_N_TASK_GROUPS; g++)
    {
      if (self->session != NULL)
        fill_section (self, g);
      else
        {
          care_form_clear_list_box (self->section_list[g]);
          gtk_label_set_text (self->section_title[g], _(group_titles[g]));
        }
    }
  if (self->session == NULL)
    {
      g_clear_pointer (&self->selected_uuid, g_free);
      self->all_finished = FALSE;
    }
  load_selected (self);
  show_detail (self);
  select_row_of (self, self->selected ? self->selected_uuid : NULL);
}

gboolean
care_tasks_page_select_task (CareTasksPage *self,
                             const char    *task_uuid)
{
  g_return_val_if_fail (CARE_IS_TASKS_PAGE (self), FALSE);

  g_free (self->selected_uuid);
  self->selected_uuid = g_strdup (task_uuid);
  load_selected (self);
  show_detail (self);
  select_row_of (self, self->selected ? task_uuid : NULL);
  if (self->selected != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->content);
  return self->selected != NULL;
}

const char *
care_tasks_page_get_selected_task (CareTasksPage *self)
{
  g_return_val_if_fail (CARE_IS_TASKS_PAGE (self), NULL);

  return self->selected ? self->selected_uuid : NULL;
}

static void
section_row_activated_cb (GtkListBox    *box,
                          GtkListBoxRow *row,
                          CareTasksPage *self)
{
  if (g_object_get_data (G_OBJECT (row), "show-all") != NULL)
    {
      self->all_finished = TRUE;
      fill_section (self, CARE_TASK_GROUP_FINISHED);
      select_row_of (self, self->selected ? self->selected_uuid : NULL);
      return;
    }
  care_tasks_page_select_task (self, g_object_get_data (G_OBJECT (row), "task-uuid"));
}

static void
back_button_clicked_cb (CareTasksPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
build_sections (CareTasksPage *self)
{
  for (guint g = 0; g < CARE_N_TASK_GROUPS; g++)
    {
      GtkWidget *title = gtk_label_new (_(group_titles[g]));
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *placeholder = gtk_label_new (_("None"));

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_set_margin_top (title, g == 0 ? 0 : 18);
      gtk_widget_set_margin_bottom (title, 6);

      gtk_widget_add_css_class (placeholder, "dim-label");
      gtk_widget_set_margin_top (placeholder, 12);
      gtk_widget_set_margin_bottom (placeholder, 12);
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list), placeholder);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                      -1);
      g_signal_connect (list, "row-activated", G_CALLBACK (section_row_activated_cb), self);

      gtk_box_append (self->sections_box, title);
      gtk_box_append (self->sections_box, list);
      self->section_title[g] = GTK_LABEL (title);
      self->section_list[g] = GTK_LIST_BOX (list);
    }
}

/* Actions */

static void
changed_cb (CareTasksPage *self)
{
  care_tasks_page_refresh (self);
}

static void
decided_cb (CareTasksPage *self,
            const char    *status)
{
  care_tasks_page_refresh (self);
  toast (self, g_str_equal (status, "accepted")
         ? _("Task accepted. Make it active when care can start.")
         : _("Task declined; the practitioner will see the reason."));
}

static void
proposed_cb (CareTasksPage *self,
             const char    *task_uuid)
{
  care_tasks_page_refresh (self);
  care_tasks_page_select_task (self, task_uuid);
  toast (self, _("Delegation entered; it now awaits a decision."));
}

static void
new_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CareTasksPage *self = CARE_TASKS_PAGE (widget);
  CareTaskEditor *editor;

  if (self->session == NULL)
    return;
  editor = care_task_editor_new (care_form_parent_window (widget), self->session);
  g_signal_connect_object (editor, "proposed", G_CALLBACK (proposed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
decide_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CareTasksPage *self = CARE_TASKS_PAGE (widget);
  CareDecisionDialog *dialog;

  if (self->session == NULL || self->selected == NULL)
    return;
  dialog = care_decision_dialog_new (care_form_parent_window (widget), self->session, self->selected_uuid);
  care_decision_dialog_set_sync (dialog, self->sync);
  g_signal_connect_object (dialog, "decided", G_CALLBACK (decided_cb), self, G_CONNECT_SWAPPED);
  /* The dialog says why; the page shows the commissioner's state again. */
  g_signal_connect_object (dialog, "refused", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Status changes of a task the commissioner owns */

static void
tell (CareTasksPage *self,
      const char    *heading,
      const char    *body)
{
  gtk_window_present (GTK_WINDOW (care_form_message_new (care_form_parent_window (GTK_WIDGET (self)),
                                                        heading, body)));
}

typedef struct
{
  CareTasksPage *self;
  StatusChange  *change;
} Sending;

static void
sending_free (Sending *sending)
{
  g_object_unref (sending->self);
  status_change_free (sending->change);
  g_free (sending);
}

static void
status_sent_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Sending *sending = user_data;
  CareTasksPage *self = sending->self;
  StatusChange *change = sending->change;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *server_status = NULL;
  gboolean ok = care_sync_transition_finish (CARE_SYNC (source), result, NULL, &server_status, &error);

  /* The page went (the window closed): the answer is in the sync log. */
  if (self->store == NULL)
    {
      sending_free (sending);
      return;
    }
  /* A version we had not seen that already has this status is our own
   * earlier try whose answer was lost. */
  if (ok || (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE)
             && g_strcmp0 (server_status, change->to_status) == 0))
    {
      if (!make_status_change (change, &local))
        tell (self, _("The Change Was Not Recorded Here"), local->message);
      else
        toast (self, change->done);
    }
  else if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE))
    tell (self, _("The Commissioner Changed This Task"), error->message);
  else if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN))
    tell (self, _("The Commissioner Did Not Make This Change"), error->message);
  else
    {
      /* Translators: %s is the network or sync error */
      g_autofree char *body = g_strdup_printf (_("A change to a task from the commissioner is made with the "
                                                 "commissioner, and it could not be reached: %s Nothing was "
                                                 "changed; try again when the computer is online."),
                                               error->message);
      tell (self, _("No Connection to the Commissioner"), body);
    }
  care_tasks_page_refresh (self);
  sending_free (sending);
}

/* Takes @change. The base version is the server's last known one; a
 * proposal is version 1 until the server says otherwise. */
static void
send_status_change (CareTasksPage *self,
                    StatusChange  *change)
{
  Sending *sending = g_new0 (Sending, 1);
  gint64 base = care_sync_get_server_version (change->sync, change->task_uuid);

  sending->self = g_object_ref (self);
  sending->change = change;
  toast (self, _("Sending the change to the commissioner…"));
  care_sync_transition_async (change->sync, change->task_uuid, change->to_status, change->reason,
                              base > 0 ? base : 1, NULL, status_sent_cb, sending);
}

static StatusChange *
status_change_new (CareTasksPage *self,
                   const char    *to_status,
                   const char    *done)
{
  StatusChange *change = g_new0 (StatusChange, 1);

  change->session = g_object_ref (self->session);
  change->commissioner = is_commissioner_task (self->selected);
  change->sync = self->sync ? g_object_ref (self->sync) : NULL;
  change->task_uuid = g_strdup (self->selected_uuid);
  change->to_status = g_strdup (to_status);
  change->done = g_strdup (done);
  return change;
}

static StatusChange *
status_change_copy (StatusChange *change)
{
  StatusChange *copy = g_new0 (StatusChange, 1);

  copy->session = g_object_ref (change->session);
  copy->commissioner = change->commissioner;
  copy->sync = change->sync ? g_object_ref (change->sync) : NULL;
  copy->task_uuid = g_strdup (change->task_uuid);
  copy->to_status = g_strdup (change->to_status);
  copy->reason = g_strdup (change->reason);
  copy->done = g_strdup (change->done);
  return copy;
}

static void
status_applied_cb (CareTasksPage *self,
                   const char    *reason,
                   gpointer       dialog)
{
  StatusChange *change = g_object_get_data (G_OBJECT (dialog), "status-change");

  if (change->commissioner)
    {
      send_status_change (self, status_change_copy (change));
      return;
    }
  care_tasks_page_refresh (self);
  toast (self, change->done);
}

static void
ask_reason (CareTasksPage *self,
            const char    *to_status,
            const char    *heading,
            const char    *body,
            const char    *confirm,
            gboolean       destructive,
            const char    *done)
{
  StatusChange *change;
  CareReasonDialog *dialog;

  if (self->session == NULL || self->selected == NULL)
    return;
  change = status_change_new (self, to_status, done);
  dialog = care_reason_dialog_new (care_form_parent_window (GTK_WIDGET (self)), heading, body, confirm,
                                   destructive, apply_status_change, change,
                                   (GDestroyNotify) status_change_free);
  g_object_set_data (G_OBJECT (dialog), "status-change", change);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (status_applied_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
decline_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_reason (CARE_TASKS_PAGE (widget), "declined", _("Decline This Task?"),
              _("The delegating practitioner sees the reason. To decline because of a decision-matrix "
                "answer, use Decide… instead, which records the answers too."),
              _("_Decline"), TRUE, _("Task declined."));
}

static void
suspend_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_reason (CARE_TASKS_PAGE (widget), "suspended", _("Suspend This Task?"),
              _("Nothing is due while the task is suspended. It can be made active again."),
              _("_Suspend"), FALSE, _("Task suspended."));
}

static void
withdraw_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ask_reason (CARE_TASKS_PAGE (widget), "withdrawn", _("Withdraw This Task?"),
              _("Withdrawing is final: the task stops and cannot be made active again."),
              _("_Withdraw"), TRUE, _("Task withdrawn."));
}

static void
end_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (CARE_TASKS_PAGE (widget), "ended", _("End This Task?"),
              _("Ending is final: use it when the delegated care has finished."),
              _("_End Task"), TRUE, _("Task ended."));
}

static void
activate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CareTasksPage *self = CARE_TASKS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  StatusChange *change;

  if (self->session == NULL || self->selected == NULL)
    return;
  change = status_change_new (self, "active", _("Task active: it is due on the Today page from its start date."));
  if (!apply_status_change (NULL, change, &error))
    {
      toast (self, error->message);
      status_change_free (change);
      return;
    }
  if (change->commissioner)
    {
      send_status_change (self, change);
      return;
    }
  care_tasks_page_refresh (self);
  toast (self, change->done);
  status_change_free (change);
}

static void
history_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CareTasksPage *self = CARE_TASKS_PAGE (widget);
  CareHistoryDialog *dialog;

  if (self->selected == NULL)
    return;
  dialog = care_history_dialog_new (care_form_parent_window (widget), self->store, self->session,
                                    CARE_KIND_DELEGATED_TASK, self->selected_uuid);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_tasks_page_refresh (CARE_TASKS_PAGE (widget));
}

/* GObject */

static void
care_tasks_page_set_session (CareTasksPage *self,
                             CareSession   *session)
{
  if (!g_set_object (&self->session, session))
    return;
  care_tasks_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_tasks_page_dispose (GObject *object)
{
  CareTasksPage *self = CARE_TASKS_PAGE (object);

  /* The toast overlay is both AdwBin's child and a template child: let
   * AdwBin drop it first, or it would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_TASKS_PAGE);
  g_clear_object (&self->selected);
  g_clear_object (&self->session);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_tasks_page_parent_class)->dispose (object);
}

static void
care_tasks_page_finalize (GObject *object)
{
  CareTasksPage *self = CARE_TASKS_PAGE (object);

  g_free (self->selected_uuid);

  G_OBJECT_CLASS (care_tasks_page_parent_class)->finalize (object);
}

static void
care_tasks_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CareTasksPage *self = CARE_TASKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_tasks_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CareTasksPage *self = CARE_TASKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      care_tasks_page_set_session (self, g_value_get_object (value));
      break;

    case PROP_SYNC:
      if (g_set_object (&self->sync, g_value_get_object (value)))
        {
          if (self->session != NULL)
            show_detail (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_tasks_page_class_init (CareTasksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_tasks_page_dispose;
  object_class->finalize = care_tasks_page_finalize;
  object_class->get_property = care_tasks_page_get_property;
  object_class->set_property = care_tasks_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A decision on a task from the commissioner goes through it. */
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, CARE_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-tasks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, content);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, tags_box);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, decide_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, decline_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, activate_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, suspend_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, end_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, history_button);
  gtk_widget_class_bind_template_child (widget_class, CareTasksPage, details_box);
  gtk_widget_class_bind_template_callback (widget_class, back_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "tasks.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "tasks.decide", NULL, decide_action_cb);
  gtk_widget_class_install_action (widget_class, "tasks.decline", NULL, decline_action_cb);
  gtk_widget_class_install_action (widget_class, "tasks.activate", NULL, activate_action_cb);
  gtk_widget_class_install_action (widget_class, "tasks.suspend", NULL, suspend_action_cb);
  gtk_widget_class_install_action (widget_class, "tasks.withdraw", NULL, withdraw_action_cb);
  gtk_widget_class_install_action (widget_class, "tasks.end", NULL, end_action_cb);
  gtk_widget_class_install_action (widget_class, "tasks.history", NULL, history_action_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "tasks.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "tasks.decide", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "tasks.history", NULL);
}

static void
care_tasks_page_init (CareTasksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_sections (self);
  update_actions (self);
}

GtkWidget *
care_tasks_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_TASKS_PAGE, "store", store, NULL);
}
