/* care-person-page.c: one person's record, as a district nurse reviews it
 *
 * The record view reads a few weeks through the core's person-record
 * queries, each one indexed statement; the full history is a
 * CarePagedModel, so five years of entries are read a page at a time and
 * only while someone scrolls through them.
 */
#include "config.h"

#include "care-person-page.h"

#include <glib/gi18n.h>

#include "care-delegation.h"
#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-liberty.h"
#include "care-list-util.h"
#include "care-people.h"
#include "care-person-dialog.h"
#include "care-person-record.h"
#include "care-print-person.h"
#include "care-review-dialog.h"
#include "care-task-queries.h"
#include "care-validate.h"

#define CHART_DAYS 28
#define MAX_OBSERVATION_ROWS 200
#define MAX_REVIEW_ROWS 20

struct _CarePersonPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkLabel            *name_label;
  GtkLabel            *summary_label;
  GtkLabel            *error_label;
  GtkStack            *view_stack;
  GtkFlowBox          *details_flow;
  GtkScrolledWindow   *record_scroller;
  AdwActionRow        *dob_row;
  GtkWidget           *age_flag;
  AdwActionRow        *preferred_row;
  AdwActionRow        *nhs_row;
  AdwActionRow        *gp_row;
  AdwActionRow        *room_row;
  AdwActionRow        *allergies_row;
  AdwActionRow        *status_row;
  AdwActionRow        *restrictions_row;
  AdwPreferencesGroup *tasks_group;
  AdwPreferencesGroup *chart_group;
  CareMarGrid         *mar_grid;
  GtkBox              *legend_box;
  AdwPreferencesGroup *observations_group;
  AdwPreferencesGroup *reviews_group;
  AdwPreferencesGroup *liberty_group;
  GtkLabel            *history_count_label;
  GtkListView         *history_list;

  CareStore           *store;
  CareSession         *session;
  char                *person_uuid;
  CareRecord          *person;
  char                *from_date;
  char                *to_date;
  gboolean             show_history;
  CarePagedModel      *history;
  GPtrArray           *added_rows;   /* (row, group) pairs added by refreshes */
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_PERSON_UUID,
  PROP_SHOW_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CarePersonPage, care_person_page, ADW_TYPE_BIN)

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

static void
clear_added_rows (CarePersonPage *self)
{
  for (guint i = 0; i + 1 < self->added_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->added_rows, i + 1),
                                  g_ptr_array_index (self->added_rows, i));
  g_ptr_array_set_size (self->added_rows, 0);
}

/* Names, findings and notes are what people typed: never markup. */
static AdwActionRow *
add_row (CarePersonPage      *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  g_ptr_array_add (self->added_rows, row);
  g_ptr_array_add (self->added_rows, group);
  return row;
}

static void
add_tag (AdwActionRow *row,
         const char   *text,
         const char   *css_class)
{
  adw_action_row_add_suffix (row, care_form_tag_new (text, css_class));
}

static void
set_detail (AdwActionRow *row,
            const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL && *value != '\0' ? value : _("Not recorded"));
}

/* Toasts go to the nearest overlay: the people page's, inside the window. */
static void
toast (CarePersonPage *self,
       const char     *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    care_form_toast (ADW_TOAST_OVERLAY (overlay), message);
}

static char *
format_nhs_number (const char *digits)
{
  if (digits == NULL || strlen (digits) != 10)
    return g_strdup (digits);
  return g_strdup_printf ("%.3s %.3s %.4s", digits, digits + 3, digits + 6);
}

/* ------------------------------------------------------------------ */
/* Sections                                                            */
/* ------------------------------------------------------------------ */

static void
show_details (CarePersonPage *self)
{
  CareRecord *p = self->person;
  g_autofree char *today = care_store_today (self->store);
  g_autofree char *dob = care_gui_format_date (care_record_get_string (p, "date_of_birth"));
  g_autofree char *dob_age = NULL;
  g_autofree char *full = g_strdup_printf ("%s %s", care_record_get_string (p, "given_name"),
                                           care_record_get_string (p, "family_name"));
  g_autofree char *nhs = format_nhs_number (care_record_get_string (p, "nhs_number"));
  g_autofree char *name = care_person_record_display_name (p);
  g_autofree char *summary = NULL;
  int age = care_person_record_age (p, today);
  const char *room = care_record_get_string (p, "room");

  /* Translators: date of birth, age in years */
  dob_age = g_strdup_printf (ngettext ("%s (aged %d)", "%s (aged %d)", age), dob, age);
  gtk_label_set_text (self->name_label, name);
  /* Translators: room, age in years */
  summary = g_strdup_printf (ngettext ("%s · %d year old", "%s · %d years old", age),
                             room ? room : _("No room recorded"), age);
  gtk_label_set_text (self->summary_label, summary);

  set_detail (self->dob_row, dob_age);
  gtk_widget_set_visible (self->age_flag, care_person_is_16_or_17 (p, today));
  set_detail (self->preferred_row, full);
  if (care_record_has (p, "preferred_name"))
    {
      g_autofree char *with_preferred = g_strdup_printf (_("%s, known as %s"), full,
                                                         care_record_get_string (p, "preferred_name"));
      set_detail (self->preferred_row, with_preferred);
    }
  set_detail (self->nhs_row, nhs);
  set_detail (self->gp_row, care_record_get_string (p, "gp_practice"));
  set_detail (self->room_row, room);
  set_detail (self->allergies_row, care_record_get_string (p, "allergies"));
  set_detail (self->status_row, care_task_choice_label (care_record_get_string (p, "status")));
  set_detail (self->restrictions_row, care_record_get_string (p, "restrictions"));
}

static char *
describe_task (CarePersonTask *pt)
{
  CareRecord *task = pt->task;
  g_autofree char *on = care_form_format_date (care_record_get_string (task, "delegated_on"));
  g_autoptr(GString) text = g_string_new (NULL);
  const char *kind = care_record_get_string (task, "schedule_kind");

  if (g_strcmp0 (kind, "times") == 0)
    {
      g_auto(GStrv) times = care_delegation_slot_times (task, NULL);
      g_autofree char *list = g_strjoinv (", ", times);

      g_string_append_printf (text, _("At %s"), list);
    }
  else if (g_strcmp0 (kind, "interval") == 0)
    g_string_append_printf (text, _("Every %d hours from %s"), (int) care_record_get_int (task, "interval_hours"),
                            care_record_get_string (task, "first_time"));
  else
    g_string_append_printf (text, _("When required, at most %d in 24 hours"),
                            (int) care_record_get_int (task, "prn_max_24h"));
  g_string_append (text, " · ");
  /* Translators: practitioner, profession, date */
  g_string_append_printf (text, _("delegated by %s (%s) on %s"), care_record_get_string (task, "practitioner_name"),
                          care_record_get_string (task, "practitioner_profession"), on);
  g_string_append_printf (text, "\n%s", care_record_get_string (task, "instructions"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
task_is_finished (CarePersonTask *pt)
{
  const char *status = care_record_get_string (pt->task, "status");

  return g_strv_contains ((const char * const[]) { "declined", "withdrawn", "ended", NULL }, status);
}

/* A registered practitioner reviews the tasks that carers do or are about
 * to do; the core refuses anyone else, so nobody else is offered it. */
static gboolean
may_review (CarePersonPage *self)
{
  return self->session != NULL && (care_session_get_role (self->session) & CARE_ROLE_PRACTITIONER) != 0;
}

static gboolean
task_is_reviewable (CarePersonTask *pt)
{
  const char *status = care_record_get_string (pt->task, "status");

  return g_strv_contains ((const char * const[]) { "accepted", "active", "suspended", NULL }, status);
}

static void
add_review_button (AdwActionRow   *row,
                   CarePersonTask *pt)
{
  GtkWidget *button = gtk_button_new_with_label (_("Review…"));
  /* Translators: the accessible name of a task's Review button; %s is the task */
  g_autofree char *label = g_strdup_printf (_("Review %s"), care_record_get_string (pt->type, "name"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Record a clinical oversight review of this task"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "person.review");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", care_record_get_uuid (pt->task));
  adw_action_row_add_suffix (row, button);
}

static void
add_task_row (CarePersonPage *self,
              CarePersonTask *pt,
              AdwExpanderRow *finished)
{
  g_autofree char *detail = describe_task (pt);
  const char *status = care_record_get_string (pt->task, "status");
  AdwActionRow *row;

  if (finished == NULL)
    row = add_row (self, self->tasks_group, care_record_get_string (pt->type, "name"), detail);
  else
    {
      row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), care_record_get_string (pt->type, "name"));
      adw_action_row_set_subtitle (row, detail);
      adw_expander_row_add_row (finished, GTK_WIDGET (row));
    }
  add_tag (row, care_task_status_label (status), g_strcmp0 (status, "active") == 0 ? "success" : NULL);
  if (may_review (self) && task_is_reviewable (pt))
    add_review_button (row, pt);
}

/* Live tasks are listed; the finished ones, years of them in a long stay,
 * wait folded in one row. */
static void
show_tasks (CarePersonPage *self,
            GPtrArray      *tasks)
{
  AdwExpanderRow *finished = NULL;
  guint n_finished = 0;

  if (tasks->len == 0)
    add_row (self, self->tasks_group, _("No task has been delegated for this person"), NULL);
  for (guint i = 0; i < tasks->len; i++)
    if (task_is_finished (g_ptr_array_index (tasks, i)))
      n_finished++;
  if (n_finished > 0)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u finished task", "%u finished tasks", n_finished),
                                                n_finished);

      finished = ADW_EXPANDER_ROW (adw_expander_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (finished), title);
      adw_expander_row_set_subtitle (finished, _("Declined, withdrawn or ended"));
      /* libadwaita 1.2 names the expander's inner header, not the list
       * item a screen reader lands on first. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (finished), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  for (guint i = 0; i < tasks->len; i++)
    {
      CarePersonTask *pt = g_ptr_array_index (tasks, i);

      add_task_row (self, pt, task_is_finished (pt) ? finished : NULL);
    }
  if (finished != NULL)
    {
      adw_preferences_group_add (self->tasks_group, GTK_WIDGET (finished));
      g_ptr_array_add (self->added_rows, finished);
      g_ptr_array_add (self->added_rows, self->tasks_group);
    }
}

static void
show_chart (CarePersonPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareMarChart) chart = care_person_record_mar (self->store, self->person_uuid,
                                                          self->from_date, self->to_date, &error);
  g_autofree char *from = care_gui_format_short_date (self->from_date);
  g_autofree char *to = care_gui_format_short_date (self->to_date);
  g_autofree char *range = NULL;

  if (chart == NULL)
    {
      care_form_show_error (self->error_label, error);
      care_mar_grid_set_chart (self->mar_grid, NULL);
      return;
    }
  if (chart->rows->len == 0)
    /* Translators: first and last day of a chart that has no rows */
    range = g_strdup_printf (_("%s to %s: no delegated task was scheduled in these weeks"), from, to);
  else
    /* Translators: first and last day of the chart */
    range = g_strdup_printf (_("%s to %s"), from, to);
  adw_preferences_group_set_description (self->chart_group, range);
  care_mar_grid_set_chart (self->mar_grid, chart);
}

static void
show_observations (CarePersonPage *self,
                   GPtrArray      *observations)
{
  if (observations->len == 0)
    add_row (self, self->observations_group, _("Nothing was noticed or escalated in these weeks"), NULL);
  for (guint i = 0; i < observations->len && i < MAX_OBSERVATION_ROWS; i++)
    {
      CarePersonEntry *e = g_ptr_array_index (observations, i);
      CareRecord *a = e->administration;
      g_autofree char *when = care_form_format_instant (care_record_get_int (a, "occurred_at"));
      g_autofree char *title = g_strdup_printf ("%s · %s · %s", when, e->task_name ? e->task_name : "",
                                                e->performer_name ? e->performer_name : "");
      const char *noticed = care_record_get_string (a, "observations");
      AdwActionRow *row = add_row (self, self->observations_group, title,
                                   noticed ? noticed : _("No notes; escalated to the nurse"));

      if (care_record_get_bool (a, "escalate"))
        add_tag (row, _("Escalated"), "warning");
    }
  if (observations->len > MAX_OBSERVATION_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("%u more in these weeks: see the full history"),
                                               observations->len - MAX_OBSERVATION_ROWS);
      add_row (self, self->observations_group, more, NULL);
    }
}

static void
show_reviews (CarePersonPage *self,
              GPtrArray      *reviews)
{
  if (reviews->len == 0)
    add_row (self, self->reviews_group, _("No review has been recorded"), NULL);
  for (guint i = 0; i < reviews->len; i++)
    {
      CarePersonReview *pr = g_ptr_array_index (reviews, i);
      CareRecord *r = pr->review;
      g_autofree char *on = care_form_format_date (care_record_get_string (r, "reviewed_on"));
      g_autofree char *title = g_strdup_printf ("%s · %s · %s", on, pr->task_name ? pr->task_name : "",
                                                pr->reviewer_name ? pr->reviewer_name : "");
      g_autoptr(GString) detail = g_string_new (NULL);

      g_string_append_printf (detail, "%s: %s", care_task_choice_label (care_record_get_string (r, "decision")),
                              care_record_get_string (r, "findings"));
      if (care_record_has (r, "next_review_on"))
        {
          g_autofree char *next = care_form_format_date (care_record_get_string (r, "next_review_on"));
          g_string_append_printf (detail, "\n%s %s", _("Next review:"), next);
        }
      add_row (self, self->reviews_group, title, detail->str);
    }
}

static char *
describe_screening (CareRecord *screening)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *rescreen = care_record_has (screening, "rescreen_on")
    ? care_form_format_date (care_record_get_string (screening, "rescreen_on")) : NULL;

  g_string_append_printf (text, "%s %s · %s %s · %s %s",
                          _("Outcome:"), care_task_choice_label (care_record_get_string (screening, "outcome")),
                          _("capacity:"), care_task_choice_label (care_record_get_string (screening, "capacity")),
                          _("free to leave:"), care_task_choice_label (care_record_get_string (screening, "free_to_leave")));
  if (rescreen != NULL)
    g_string_append_printf (text, " · %s %s", _("re-screen by"), rescreen);
  g_string_append_printf (text, "\n%s", care_record_get_string (screening, "rationale"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_case (CareRecord *c)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *applied = care_form_format_date (care_record_get_string (c, "applied_on"));
  g_autofree char *until = care_liberty_longest_until (c);

  g_string_append_printf (text, "%s %s · %s %s", _("Applied"), applied,
                          _("outcome:"), care_task_choice_label (care_record_get_string (c, "outcome")));
  if (until != NULL)
    {
      g_autofree char *until_text = care_form_format_date (until);
      g_string_append_printf (text, " · %s %s", _("valid until"), until_text);
    }
  if (care_record_has (c, "cqc_notified_on"))
    {
      g_autofree char *cqc = care_form_format_date (care_record_get_string (c, "cqc_notified_on"));
      g_string_append_printf (text, " · %s %s", _("CQC notified"), cqc);
    }
  if (care_record_has (c, "conditions"))
    g_string_append_printf (text, "\n%s %s", _("Conditions:"), care_record_get_string (c, "conditions"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
show_liberty (CarePersonPage  *self,
              GError         **error)
{
  g_autoptr(CareRecord) screening = care_person_record_latest_screening (self->store, self->person_uuid, error);
  g_autoptr(GPtrArray) cases = NULL;

  if (screening == NULL && error != NULL && *error != NULL)
    return FALSE;
  cases = care_person_record_cases (self->store, self->person_uuid, error);
  if (cases == NULL)
    return FALSE;

  if (screening != NULL)
    {
      g_autofree char *on = care_form_format_date (care_record_get_string (screening, "screened_on"));
      g_autofree char *title = g_strdup_printf (_("Latest screening: %s"), on);
      g_autofree char *detail = describe_screening (screening);
      AdwActionRow *row = add_row (self, self->liberty_group, title, detail);

      if (g_strcmp0 (care_record_get_string (screening, "outcome"), "refer") == 0)
        add_tag (row, _("Referred"), "warning");
    }
  else
    add_row (self, self->liberty_group, _("Not screened"),
             care_record_has (self->person, "restrictions")
               ? _("Restrictions are recorded: a liberty safeguards screening is needed.")
               : NULL);

  for (guint i = 0; i < cases->len; i++)
    {
      CareRecord *c = g_ptr_array_index (cases, i);
      g_autofree char *title = g_strdup_printf ("%s %s · %s", care_task_choice_label (care_record_get_string (c, "scheme")),
                                                care_task_choice_label (care_record_get_string (c, "urgency")),
                                                care_record_get_string (c, "body_name"));
      g_autofree char *detail = describe_case (c);

      add_row (self, self->liberty_group, title, detail);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The full history                                                    */
/* ------------------------------------------------------------------ */

static void
update_history_count (CarePersonPage *self)
{
  guint n = self->history ? g_list_model_get_n_items (G_LIST_MODEL (self->history)) : 0;
  g_autofree char *text = g_strdup_printf (ngettext ("%u entry, newest first", "%u entries, newest first", n), n);

  gtk_label_set_text (self->history_count_label, text);
}

static void
load_history (CarePersonPage *self)
{
  g_autoptr(CarePagedQuery) query = NULL;

  if (self->person_uuid == NULL || self->session == NULL)
    {
      if (self->history != NULL)
        care_list_view_set_query (self->history_list, self->history, NULL);
      update_history_count (self);
      return;
    }
  query = care_person_record_history_source (self->store, self->person_uuid);
  care_list_view_set_query (self->history_list, self->history, query);
  update_history_count (self);
}

static char *
history_title (CarePagedRow *row)
{
  g_autofree char *when = care_form_format_instant (care_paged_row_get_int (row, "occurred_at"));
  const char *slot = care_paged_row_get_string (row, "slot_time");

  /* Translators: when, task, the scheduled time */
  return g_strdup_printf (_("%s · %s · %s"), when, care_paged_row_get_string (row, "task_name"),
                          slot ? slot : _("when required"));
}

static char *
history_detail (CarePagedRow *row)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *performer = care_paged_row_get_string (row, "performer_name");

  if (g_strcmp0 (care_paged_row_get_string (row, "outcome"), "done") == 0)
    g_string_append_printf (text, _("Done by %s"), performer ? performer : _("someone"));
  else
    g_string_append_printf (text, _("Not done (%s), recorded by %s"),
                            care_outcome_reason_label (care_paged_row_get_string (row, "reason_canonical")),
                            performer ? performer : _("someone"));
  if (care_paged_row_get_int (row, "extra"))
    g_string_append_printf (text, " · %s", _("extra administration"));
  if (care_paged_row_get_int (row, "late"))
    g_string_append_printf (text, " · %s", _("late entry"));
  if (care_paged_row_get_string (row, "site") != NULL)
    g_string_append_printf (text, " · %s %s", _("site:"), care_paged_row_get_string (row, "site"));
  if (care_paged_row_get_string (row, "dose") != NULL)
    g_string_append_printf (text, " · %s %s", _("dose:"), care_paged_row_get_string (row, "dose"));
  if (care_paged_row_get_string (row, "observations") != NULL)
    g_string_append_printf (text, "\n%s", care_paged_row_get_string (row, "observations"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_history_row (GtkListItem *list_item)
{
  CarePagedRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkLabel *title = GTK_LABEL (gtk_widget_get_first_child (box));
  GtkLabel *detail = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (title)));
  GtkWidget *flag = gtk_widget_get_next_sibling (GTK_WIDGET (detail));
  g_autofree char *title_text = NULL;
  g_autofree char *detail_text = NULL;
  gboolean in_error;

  if (!care_paged_row_get_loaded (row))
    {
      gtk_label_set_text (title, _("Loading…"));
      gtk_label_set_text (detail, "");
      gtk_widget_set_visible (flag, FALSE);
      return;
    }
  title_text = history_title (row);
  detail_text = history_detail (row);
  in_error = care_paged_row_get_int (row, "entered_in_error") != 0;
  gtk_label_set_text (title, title_text);
  gtk_label_set_text (detail, detail_text);
  gtk_widget_set_visible (flag, in_error);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, title_text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail_text, -1);
}

static void
history_row_loaded_cb (CarePagedRow *row,
                       GParamSpec   *pspec,
                       GtkListItem  *list_item)
{
  if (gtk_list_item_get_item (list_item) == row)
    fill_history_row (list_item);
}

static void
history_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CarePersonPage           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *flag = care_form_tag_new (_("Entered in error"), "error");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (detail), 3);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_set_halign (flag, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_box_append (GTK_BOX (box), flag);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
history_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CarePersonPage           *self)
{
  CarePagedRow *row = gtk_list_item_get_item (list_item);

  fill_history_row (list_item);
  if (!care_paged_row_get_loaded (row))
    g_signal_connect_object (row, "notify::loaded", G_CALLBACK (history_row_loaded_cb), list_item, 0);
}

static void
history_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   CarePersonPage           *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), history_row_loaded_cb, list_item);
}

/* ------------------------------------------------------------------ */
/* Refreshing                                                          */
/* ------------------------------------------------------------------ */

static void
reset_range (CarePersonPage *self)
{
  g_clear_pointer (&self->to_date, g_free);
  g_clear_pointer (&self->from_date, g_free);
  self->to_date = care_store_today (self->store);
  self->from_date = care_date_add_days (self->to_date, -(CHART_DAYS - 1));
}

static void
clear_page (CarePersonPage *self)
{
  clear_added_rows (self);
  g_clear_object (&self->person);
  gtk_label_set_text (self->name_label, "");
  gtk_label_set_text (self->summary_label, "");
  care_mar_grid_set_chart (self->mar_grid, NULL);
}

static gboolean
shows_today (CarePersonPage *self)
{
  g_autofree char *today = care_store_today (self->store);

  return g_strcmp0 (self->to_date, today) >= 0;
}

static void
update_actions (CarePersonPage *self)
{
  gboolean shown = self->person != NULL && self->session != NULL;
  gboolean manager = self->session != NULL && (care_session_get_role (self->session) & CARE_ROLE_MANAGER);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.edit", shown && manager);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.print", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.export-pdf", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.earlier-weeks", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.later-weeks", shown && !shows_today (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.show-history", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person.review", shown && may_review (self));
}

void
care_person_page_refresh (CarePersonPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) observations = NULL;
  g_autoptr(GPtrArray) reviews = NULL;

  g_return_if_fail (CARE_IS_PERSON_PAGE (self));

  clear_page (self);
  care_form_show_error (self->error_label, NULL);
  if (self->store == NULL || self->person_uuid == NULL || self->session == NULL)
    {
      load_history (self);
      update_actions (self);
      return;
    }
  if (self->to_date == NULL)
    reset_range (self);

  self->person = care_store_load (self->store, CARE_KIND_PERSON, self->person_uuid, &error);
  if (self->person == NULL
      || (tasks = care_person_record_tasks (self->store, self->person_uuid, &error)) == NULL
      || (observations = care_person_record_observations (self->store, self->person_uuid,
                                                           self->from_date, self->to_date, &error)) == NULL
      || (reviews = care_person_record_reviews (self->store, self->person_uuid, MAX_REVIEW_ROWS, &error)) == NULL)
    {
      care_form_show_error (self->error_label, error);
      update_actions (self);
      return;
    }

  show_details (self);
  show_tasks (self, tasks);
  show_chart (self);
  show_observations (self, observations);
  show_reviews (self, reviews);
  if (!show_liberty (self, &error))
    care_form_show_error (self->error_label, error);
  if (self->show_history)
    load_history (self);
  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

static void
back_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CarePersonPage *self = CARE_PERSON_PAGE (widget);

  if (self->show_history)
    {
      g_object_set (self, "show-history", FALSE, NULL);
      return;
    }
  gtk_widget_activate_action (widget, "people.show-list", NULL);
}

static void
person_saved_cb (CarePersonPage *self,
                 CareRecord     *person)
{
  toast (self, _("The details were corrected. The earlier version is kept in the history."));
  care_person_page_refresh (self);
}

static void
edit_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CarePersonPage *self = CARE_PERSON_PAGE (widget);
  CarePersonDialog *dialog;

  if (self->person == NULL || self->session == NULL)
    return;
  dialog = care_person_dialog_new (care_form_parent_window (widget), self->store, self->session, self->person);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (person_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The new review joins the reviews below, and a suspended or withdrawn
 * task shows its new status, as soon as the dialog closes. */
static void
review_recorded_cb (CarePersonPage *self,
                    const char     *decision)
{
  care_person_page_refresh (self);
  if (g_str_equal (decision, "suspend"))
    toast (self, _("Review recorded; the task is suspended."));
  else if (g_str_equal (decision, "withdraw"))
    toast (self, _("Review recorded; the task is withdrawn."));
  else if (g_str_equal (decision, "change_instructions"))
    toast (self, _("Review recorded; carers now follow the new instructions."));
  else
    toast (self, _("Review recorded."));
}

static void
review_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CarePersonPage *self = CARE_PERSON_PAGE (widget);
  CareReviewDialog *dialog;

  if (self->person == NULL || !may_review (self))
    return;
  dialog = care_review_dialog_new (care_form_parent_window (widget), self->session,
                                   g_variant_get_string (parameter, NULL));
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (review_recorded_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               CarePersonPage          *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      care_form_show_error (self->error_label, error);
    }
}

static void
print_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  CarePersonPage *self = CARE_PERSON_PAGE (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  if (self->person == NULL)
    return;
  operation = care_print_person_operation_new (self->store, self->person_uuid, self->from_date, self->to_date, &error);
  if (operation == NULL)
    {
      care_form_show_error (self->error_label, error);
      return;
    }
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               care_form_parent_window (widget), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    care_form_show_error (self->error_label, error);
}

gboolean
care_person_page_export_pdf (CarePersonPage  *self,
                             const char      *path,
                             GError         **error)
{
  g_return_val_if_fail (CARE_IS_PERSON_PAGE (self), FALSE);
  g_return_val_if_fail (self->person != NULL, FALSE);

  return care_print_person_export_pdf (self->store, self->person_uuid, self->from_date, self->to_date, path,
                                       care_form_parent_window (GTK_WIDGET (self)), error);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    CarePersonPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->person == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL || !care_person_page_export_pdf (self, path, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("The PDF can only be saved to a folder on this computer."));
      care_form_show_error (self->error_label, error);
      return;
    }
  toast (self, _("The record was saved as a PDF."));
}

static void
export_pdf_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CarePersonPage *self = CARE_PERSON_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;

  if (self->person == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Record as PDF"), care_form_parent_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = care_person_record_display_name (self->person);
  /* Translators: the suggested file name; %s is the person's name, %s the date */
  file_name = g_strdup_printf (_("%s delegated tasks %s.pdf"), name, self->to_date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
earlier_weeks_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  care_person_page_earlier_weeks (CARE_PERSON_PAGE (widget));
}

static void
later_weeks_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_person_page_later_weeks (CARE_PERSON_PAGE (widget));
}

static void
refresh_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  care_person_page_refresh (CARE_PERSON_PAGE (widget));
}

static void
set_show_history (CarePersonPage *self,
                  gboolean        show)
{
  if (self->show_history == show)
    return;
  self->show_history = show;
  gtk_stack_set_visible_child_name (self->view_stack, show ? "history" : "record");
  /* The history is read only when someone looks at it. */
  if (show)
    load_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_HISTORY]);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
care_person_page_dispose (GObject *object)
{
  CarePersonPage *self = CARE_PERSON_PAGE (object);

  if (self->added_rows != NULL)
    g_ptr_array_set_size (self->added_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PERSON_PAGE);
  g_clear_pointer (&self->added_rows, g_ptr_array_unref);
  g_clear_object (&self->history);
  g_clear_object (&self->person);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (care_person_page_parent_class)->dispose (object);
}

static void
care_person_page_finalize (GObject *object)
{
  CarePersonPage *self = CARE_PERSON_PAGE (object);

  g_free (self->person_uuid);
  g_free (self->from_date);
  g_free (self->to_date);

  G_OBJECT_CLASS (care_person_page_parent_class)->finalize (object);
}

static void
care_person_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CarePersonPage *self = CARE_PERSON_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_PERSON_UUID:
      g_value_set_string (value, self->person_uuid);
      break;

    case PROP_SHOW_HISTORY:
      g_value_set_boolean (value, self->show_history);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_person_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CarePersonPage *self = CARE_PERSON_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        {
          care_person_page_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_PERSON_UUID:
      care_person_page_set_person (self, g_value_get_string (value));
      break;

    case PROP_SHOW_HISTORY:
      set_show_history (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_person_page_class_init (CarePersonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_person_page_dispose;
  object_class->finalize = care_person_page_finalize;
  object_class->get_property = care_person_page_get_property;
  object_class->set_property = care_person_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSON_UUID] =
    g_param_spec_string ("person-uuid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_HISTORY] =
    g_param_spec_boolean ("show-history", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CARE_TYPE_MAR_GRID);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, details_flow);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, record_scroller);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, dob_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, age_flag);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, preferred_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, nhs_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, gp_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, room_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, allergies_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, restrictions_row);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, tasks_group);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, chart_group);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, mar_grid);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, legend_box);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, observations_group);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, reviews_group);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, liberty_group);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, history_count_label);
  gtk_widget_class_bind_template_child (widget_class, CarePersonPage, history_list);
  gtk_widget_class_bind_template_callback (widget_class, history_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_unbind_cb);

  gtk_widget_class_install_action (widget_class, "person.back", NULL, back_cb);
  gtk_widget_class_install_action (widget_class, "person.edit", NULL, edit_cb);
  gtk_widget_class_install_action (widget_class, "person.review", "s", review_cb);
  gtk_widget_class_install_action (widget_class, "person.print", NULL, print_cb);
  gtk_widget_class_install_action (widget_class, "person.export-pdf", NULL, export_pdf_cb);
  gtk_widget_class_install_action (widget_class, "person.earlier-weeks", NULL, earlier_weeks_cb);
  gtk_widget_class_install_action (widget_class, "person.later-weeks", NULL, later_weeks_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_cb);
  gtk_widget_class_install_property_action (widget_class, "person.show-history", "show-history");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "person.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "person.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "person.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "person.export-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "person.earlier-weeks", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "person.later-weeks", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "person.show-history", NULL);
}

static AdwActionRow *
detail_row (CarePersonPage *self,
            guint           i)
{
  AdwActionRow *rows[] = {
    self->dob_row, self->preferred_row, self->nhs_row, self->gp_row, self->room_row,
    self->allergies_row, self->status_row, self->restrictions_row,
  };

  return i < G_N_ELEMENTS (rows) ? rows[i] : NULL;
}

static void
care_person_page_init (CarePersonPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  AdwActionRow *row;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->added_rows = g_ptr_array_new ();
  /* The flow box only lays the two detail groups side by side; its
   * children are not things to focus or choose. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->details_flow));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
  for (guint i = 0; (row = detail_row (self, i)) != NULL; i++)
    adw_action_row_set_subtitle (row, "");
  gtk_box_append (self->legend_box, care_mar_legend_new ());

  self->history = care_paged_model_new (NULL);
  g_signal_connect_object (self->history, "items-changed", G_CALLBACK (update_history_count), self, G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->history)));
  gtk_list_view_set_model (self->history_list, GTK_SELECTION_MODEL (selection));
  update_actions (self);
}

GtkWidget *
care_person_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_PERSON_PAGE, "store", store, NULL);
}

void
care_person_page_set_person (CarePersonPage *self,
                             const char     *person_uuid)
{
  g_return_if_fail (CARE_IS_PERSON_PAGE (self));

  if (g_strcmp0 (self->person_uuid, person_uuid) == 0)
    return;
  g_free (self->person_uuid);
  self->person_uuid = g_strdup (person_uuid);
  /* Each person opens on their last four weeks and their record. */
  if (self->store != NULL)
    reset_range (self);
  set_show_history (self, FALSE);
  care_person_page_refresh (self);
  if (self->history != NULL)
    load_history (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->record_scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON_UUID]);
}

const char *
care_person_page_get_person (CarePersonPage *self)
{
  g_return_val_if_fail (CARE_IS_PERSON_PAGE (self), NULL);
  return self->person_uuid;
}

/* The chart shows four weeks at a time, like a paper chart's 28-day cycle,
 * and pages back and forth: a year back is still four weeks of cells, not
 * fifty-two. */
static void
move_range (CarePersonPage *self,
            int             days)
{
  g_autofree char *today = NULL;
  char *to;

  if (self->to_date == NULL)
    return;
  today = care_store_today (self->store);
  to = care_date_add_days (self->to_date, days);
  if (g_strcmp0 (to, today) > 0)
    {
      g_free (to);
      to = g_steal_pointer (&today);
    }
  g_free (self->to_date);
  self->to_date = to;
  g_free (self->from_date);
  self->from_date = care_date_add_days (self->to_date, -(CHART_DAYS - 1));
  care_person_page_refresh (self);
}

/* The four weeks before the ones shown. */
void
care_person_page_earlier_weeks (CarePersonPage *self)
{
  g_return_if_fail (CARE_IS_PERSON_PAGE (self));

  move_range (self, -CHART_DAYS);
}

/* The four weeks after the ones shown, up to today. */
void
care_person_page_later_weeks (CarePersonPage *self)
{
  g_return_if_fail (CARE_IS_PERSON_PAGE (self));

  move_range (self, CHART_DAYS);
}

const char *
care_person_page_get_from_date (CarePersonPage *self)
{
  g_return_val_if_fail (CARE_IS_PERSON_PAGE (self), NULL);
  return self->from_date;
}

const char *
care_person_page_get_to_date (CarePersonPage *self)
{
  g_return_val_if_fail (CARE_IS_PERSON_PAGE (self), NULL);
  return self->to_date;
}

CareMarGrid *
care_person_page_get_grid (CarePersonPage *self)
{
  g_return_val_if_fail (CARE_IS_PERSON_PAGE (self), NULL);
  return self->mar_grid;
}

CarePagedModel *
care_person_page_get_history (CarePersonPage *self)
{
  g_return_val_if_fail (CARE_IS_PERSON_PAGE (self), NULL);
  return self->history;
}
