/* care-liberty-page.c: liberty safeguards */
#include "config.h"

#include "care-liberty-page.h"

#include <glib/gi18n.h>

#include "care-case-dialog.h"
#include "care-dashboard.h"
#include "care-form-util.h"
#include "care-history-dialog.h"
#include "care-people.h"
#include "care-screening-dialog.h"
#include "care-task-queries.h"

struct _CareLibertyPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *content;
  GtkListBox      *alerts_list;
  GtkListBox      *people_list;
  GtkStack        *detail_stack;
  GtkLabel        *name_label;
  GtkBox          *tags_box;
  GtkLabel        *restrictions_label;
  GtkWidget       *new_screening_button;
  GtkWidget       *new_case_button;
  GtkListBox      *screenings_list;
  GtkListBox      *cases_list;

  CareStore       *store;
  CareSession     *session;
  char            *person_uuid;
  guint            n_alerts;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareLibertyPage, care_liberty_page, ADW_TYPE_BIN)

/* Managers and senior carers record screenings and cases here; the core
 * holds the rules on who may. */
static gboolean
may_edit (CareLibertyPage *self)
{
  return self->session != NULL
         && (care_session_get_role (self->session) & (CARE_ROLE_MANAGER | CARE_ROLE_SENIOR_CARER)) != 0;
}

static void
update_actions (CareLibertyPage *self)
{
  gboolean editable = may_edit (self) && self->person_uuid != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "liberty.new-screening", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "liberty.new-case", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "liberty.edit-screening", may_edit (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "liberty.edit-case", may_edit (self));
  gtk_widget_set_visible (self->new_screening_button, editable);
  gtk_widget_set_visible (self->new_case_button, editable);
}

static GtkWidget *
row_new (const char *title,
         const char *subtitle,
         const char *person_uuid)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (person_uuid != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "person-uuid", g_strdup (person_uuid), g_free);
    }
  return row;
}

static GtkWidget *
row_button (const char *label,
            const char *action,
            const char *uuid,
            gboolean    icon)
{
  GtkWidget *button = icon ? gtk_button_new_from_icon_name ("document-open-recent-symbolic")
                           : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (icon)
    {
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uuid);
  return button;
}

/* Alerts */

static const char *
alert_tag (CareLibertyAlertKind kind)
{
  switch (kind)
    {
    case CARE_LIBERTY_RESTRICTIONS_NOT_SCREENED: return _("Not screened");
    case CARE_LIBERTY_RESCREEN_DUE: return _("Re-screen due");
    case CARE_LIBERTY_URGENT_ENDING: return _("Urgent ending");
    case CARE_LIBERTY_STANDARD_EXPIRING: return _("Expiring");
    case CARE_LIBERTY_CQC_NOT_NOTIFIED:
    default: return _("Tell the CQC");
    }
}

static void
fill_alerts (CareLibertyPage *self,
             const char      *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = care_dashboard_liberty_alerts (self->store, today, &error);

  self->n_alerts = 0;
  if (alerts == NULL)
    {
      care_form_toast (self->toast_overlay, error->message);
      return;
    }
  for (guint i = 0; i < alerts->len; i++)
    {
      CareLibertyAlert *alert = g_ptr_array_index (alerts, i);
      GtkWidget *row = row_new (alert->message, NULL, alert->person_uuid);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), care_form_tag_new (alert_tag (alert->kind), "warning"));
      gtk_list_box_append (self->alerts_list, row);
    }
  self->n_alerts = alerts->len;
}

/* People */

static CareRecord *
latest_screening (CareStore  *store,
                  const char *person_uuid)
{
  g_autoptr(GPtrArray) screenings = care_store_list_current (store, CARE_KIND_LIBERTY_SCREENING, "person_uuid",
                                                             person_uuid, NULL);
  CareRecord *latest = NULL;

  for (guint i = 0; screenings && i < screenings->len; i++)
    {
      CareRecord *s = g_ptr_array_index (screenings, i);

      if (latest == NULL || g_strcmp0 (care_record_get_string (s, "screened_on"),
                                       care_record_get_string (latest, "screened_on")) >= 0)
        latest = s;
    }
  return latest ? g_object_ref (latest) : NULL;
}

static GtkWidget *
person_row_new (CareLibertyPage *self,
                CareRecord      *person,
                const char      *today)
{
  g_autoptr(CareRecord) latest = latest_screening (self->store, care_record_get_uuid (person));
  g_autofree char *name = care_form_person_name (person);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (latest != NULL)
    {
      g_autofree char *on = care_form_format_date (care_record_get_string (latest, "screened_on"));
      /* Translators: "Screened <date>: <outcome>" */
      subtitle = g_strdup_printf (_("Screened %s: %s"), on,
                                  care_task_choice_label (care_record_get_string (latest, "outcome")));
    }
  else
    subtitle = g_strdup (_("Not screened"));
  row = row_new (name, subtitle, care_record_get_uuid (person));
  gtk_widget_set_name (row, care_record_get_uuid (person));
  if (care_person_is_16_or_17 (person, today))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), care_form_tag_new (_("Aged 16–17"), "warning"));
  return row;
}

static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  g_autofree char *na = care_form_person_name (*(CareRecord **) a);
  g_autofree char *nb = care_form_person_name (*(CareRecord **) b);

  return g_utf8_collate (na, nb);
}

static void
fill_people (CareLibertyPage *self,
             const char      *today)
{
  g_autoptr(GPtrArray) people = care_store_list_current (self->store, CARE_KIND_PERSON, "status", "active", NULL);

  if (people == NULL)
    return;
  g_ptr_array_sort (people, compare_people);
  for (guint i = 0; i < people->len; i++)
    gtk_list_box_append (self->people_list, person_row_new (self, g_ptr_array_index (people, i), today));
}

/* A person's screenings and cases */

static char *
describe_restrictions (CareLibertyPage *self,
                       CareRecord      *screening)
{
  g_autofree char *listed = care_task_queries_describe_value (self->store, CARE_KIND_LIBERTY_SCREENING,
                                                              "restrictions", screening);
  const char *other = care_record_get_string (screening, "restrictions_other");

  if (other != NULL)
    return g_strdup_printf ("%s; %s", listed ? listed : _("None"), other);
  return g_steal_pointer (&listed);
}

static GtkWidget *
screening_row_new (CareLibertyPage *self,
                   CareRecord      *s)
{
  g_autofree char *on = care_form_format_date (care_record_get_string (s, "screened_on"));
  g_autofree char *by = care_task_queries_describe_value (self->store, CARE_KIND_LIBERTY_SCREENING, "screened_by", s);
  g_autofree char *restrictions = describe_restrictions (self, s);
  g_autofree char *rescreen = care_form_format_date (care_record_get_string (s, "rescreen_on"));
  /* Translators: "Screened <date> by <name>" */
  g_autofree char *title = g_strdup_printf (_("Screened %s by %s"), on, by);
  /* Translators: a screening's summary; the parts are the recorded factors */
  g_autofree char *subtitle = g_strdup_printf (_("%s · Supervision: %s · Free to leave: %s · Restrictions: %s · "
                                                 "Rationale: %s · Re-screen by %s"),
                                               care_task_choice_label (care_record_get_string (s, "capacity")),
                                               care_task_choice_label (care_record_get_string (s, "supervision_level")),
                                               care_task_choice_label (care_record_get_string (s, "free_to_leave")),
                                               restrictions ? restrictions : _("None"),
                                               care_record_get_string (s, "rationale"), rescreen);
  GtkWidget *row = row_new (title, subtitle, NULL);
  gboolean refer = g_strcmp0 (care_record_get_string (s, "outcome"), "refer") == 0;

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), care_form_tag_new (refer ? _("Refer") : _("No referral"),
                                                                      refer ? "warning" : NULL));
  if (may_edit (self))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("_Correct…"), "liberty.edit-screening",
                                                                 care_record_get_uuid (s), FALSE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("History of this screening"),
                                                               "liberty.screening-history",
                                                               care_record_get_uuid (s), TRUE));
  return row;
}

static char *
describe_dates (CareRecord *c)
{
  const char *from = care_record_get_string (c, "valid_from");
  const char *until = care_record_get_string (c, "extension_until") ? care_record_get_string (c, "extension_until")
                                                                     : care_record_get_string (c, "valid_until");
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;

  if (from == NULL || until == NULL)
    return g_strdup (_("not authorised yet"));
  from_text = care_form_format_date (from);
  until_text = care_form_format_date (until);
  /* Translators: "valid <date> to <date>" */
  return g_strdup_printf (_("valid %s to %s"), from_text, until_text);
}

static GtkWidget *
case_row_new (CareLibertyPage *self,
              CareRecord      *c)
{
  g_autofree char *applied = care_form_format_date (care_record_get_string (c, "applied_on"));
  g_autofree char *dates = describe_dates (c);
  g_autofree char *cqc = care_record_has (c, "cqc_notified_on")
                           ? care_form_format_date (care_record_get_string (c, "cqc_notified_on")) : NULL;
  /* Translators: "<scheme>, <urgency>, applied <date>" e.g. "DoLS, urgent, applied 1 Mar 2026" */
  g_autofree char *title = g_strdup_printf (_("%s, %s, applied %s"),
                                            care_task_choice_label (care_record_get_string (c, "scheme")),
                                            care_task_choice_label (care_record_get_string (c, "urgency")),
                                            applied);
  /* Translators: a case's summary: "<body> · <dates> · CQC notified: <date or no>" */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · CQC notified: %s"),
                                               care_record_get_string (c, "body_name"), dates,
                                               cqc ? cqc : _("not yet"));
  GtkWidget *row = row_new (title, subtitle, NULL);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             care_form_tag_new (care_task_choice_label (care_record_get_string (c, "outcome")), NULL));
  if (may_edit (self))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("_Update…"), "liberty.edit-case",
                                                                 care_record_get_uuid (c), FALSE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("History of this case"), "liberty.case-history",
                                                               care_record_get_uuid (c), TRUE));
  return row;
}

static int
compare_newest (gconstpointer a,
                gconstpointer b,
                gpointer      field)
{
  return g_strcmp0 (care_record_get_string (*(CareRecord **) b, field),
                    care_record_get_string (*(CareRecord **) a, field));
}

static void
show_person (CareLibertyPage *self)
{
  g_autoptr(CareRecord) person = NULL;
  g_autoptr(GPtrArray) screenings = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *today = care_store_today (self->store);
  g_autofree char *name = NULL;
  g_autofree char *restrictions = NULL;
  GtkWidget *child;

  care_form_clear_list_box (self->screenings_list);
  care_form_clear_list_box (self->cases_list);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_box_remove (self->tags_box, child);
  gtk_label_set_text (self->name_label, "");
  gtk_label_set_text (self->restrictions_label, "");

  if (self->person_uuid != NULL && self->session != NULL)
    person = care_store_load (self->store, CARE_KIND_PERSON, self->person_uuid, NULL);
  if (person == NULL)
    {
      g_clear_pointer (&self->person_uuid, g_free);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      update_actions (self);
      return;
    }
  name = care_form_person_name (person);
  gtk_label_set_text (self->name_label, name);
  if (care_person_is_16_or_17 (person, today))
    gtk_box_append (self->tags_box, care_form_tag_new (_("Aged 16–17: Court of Protection route"), "warning"));
  /* Translators: the restrictions noted on the person's record */
  restrictions = g_strdup_printf (_("Restrictions noted on their record: %s"),
                                  care_record_has (person, "restrictions") ? care_record_get_string (person, "restrictions")
                                                                           : _("none"));
  gtk_label_set_text (self->restrictions_label, restrictions);
  /* An empty row of tags would leave a gap under the name. */
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), gtk_widget_get_first_child (GTK_WIDGET (self->tags_box)) != NULL);

  screenings = care_store_list_current (self->store, CARE_KIND_LIBERTY_SCREENING, "person_uuid", self->person_uuid, NULL);
  cases = care_store_list_current (self->store, CARE_KIND_LIBERTY_CASE, "person_uuid", self->person_uuid, NULL);
  if (screenings != NULL)
    {
      g_ptr_array_sort_with_data (screenings, compare_newest, "screened_on");
      for (guint i = 0; i < screenings->len; i++)
        gtk_list_box_append (self->screenings_list, screening_row_new (self, g_ptr_array_index (screenings, i)));
    }
  if (cases != NULL)
    {
      g_ptr_array_sort_with_data (cases, compare_newest, "applied_on");
      for (guint i = 0; i < cases->len; i++)
        gtk_list_box_append (self->cases_list, case_row_new (self, g_ptr_array_index (cases, i)));
    }
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  update_actions (self);
}

static void
select_person_row (CareLibertyPage *self)
{
  GtkListBoxRow *row;

  gtk_list_box_unselect_all (self->people_list);
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->people_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "person-uuid"), self->person_uuid) == 0)
      gtk_list_box_select_row (self->people_list, row);
}

gboolean
care_liberty_page_select_person (CareLibertyPage *self,
                                 const char      *person_uuid)
{
  g_return_val_if_fail (CARE_IS_LIBERTY_PAGE (self), FALSE);

  g_free (self->person_uuid);
  self->person_uuid = g_strdup (person_uuid);
  show_person (self);
  select_person_row (self);
  if (self->person_uuid != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->content);
  return self->person_uuid != NULL;
}

void
care_liberty_page_refresh (CareLibertyPage *self)
{
  g_autofree char *today = NULL;

  g_return_if_fail (CARE_IS_LIBERTY_PAGE (self));

  care_form_clear_list_box (self->alerts_list);
  care_form_clear_list_box (self->people_list);
  self->n_alerts = 0;
  if (self->session != NULL)
    {
      today = care_store_today (self->store);
      fill_alerts (self, today);
      fill_people (self, today);
    }
  else
    g_clear_pointer (&self->person_uuid, g_free);
  show_person (self);
  select_person_row (self);
}

guint
care_liberty_page_get_n_alerts (CareLibertyPage *self)
{
  g_return_val_if_fail (CARE_IS_LIBERTY_PAGE (self), 0);

  return self->n_alerts;
}

static void
row_activated_cb (CareLibertyPage *self,
                  GtkListBoxRow   *row)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "person-uuid");

  if (uuid != NULL)
    care_liberty_page_select_person (self, uuid);
}

static void
back_button_clicked_cb (CareLibertyPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Actions */

static void
saved_cb (CareLibertyPage *self,
          const char      *uuid)
{
  care_liberty_page_refresh (self);
  care_form_toast (self->toast_overlay, _("Saved."));
}

static void
changed_cb (CareLibertyPage *self)
{
  care_liberty_page_refresh (self);
}

static void
open_screening (CareLibertyPage *self,
                const char      *screening_uuid)
{
  CareScreeningDialog *dialog;

  if (self->session == NULL || self->person_uuid == NULL)
    return;
  dialog = care_screening_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->session,
                                      self->person_uuid, screening_uuid);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_case (CareLibertyPage *self,
           const char      *case_uuid)
{
  CareCaseDialog *dialog;

  if (self->session == NULL || self->person_uuid == NULL)
    return;
  dialog = care_case_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->session,
                                 self->person_uuid, case_uuid);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_history (CareLibertyPage *self,
              CareKind         kind,
              const char      *uuid)
{
  CareHistoryDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = care_history_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->store, self->session,
                                    kind, uuid);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_screening_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  open_screening (CARE_LIBERTY_PAGE (widget), NULL);
}

static void
new_case_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_case (CARE_LIBERTY_PAGE (widget), NULL);
}

static void
edit_screening_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  open_screening (CARE_LIBERTY_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
edit_case_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_case (CARE_LIBERTY_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
screening_history_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  open_history (CARE_LIBERTY_PAGE (widget), CARE_KIND_LIBERTY_SCREENING, g_variant_get_string (parameter, NULL));
}

static void
case_history_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  open_history (CARE_LIBERTY_PAGE (widget), CARE_KIND_LIBERTY_CASE, g_variant_get_string (parameter, NULL));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_liberty_page_refresh (CARE_LIBERTY_PAGE (widget));
}

/* GObject */

static void
care_liberty_page_set_session (CareLibertyPage *self,
                               CareSession     *session)
{
  if (!g_set_object (&self->session, session))
    return;
  care_liberty_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_liberty_page_dispose (GObject *object)
{
  CareLibertyPage *self = CARE_LIBERTY_PAGE (object);

  /* The toast overlay is both AdwBin's child and a template child: let
   * AdwBin drop it first, or it would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_LIBERTY_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_liberty_page_parent_class)->dispose (object);
}

static void
care_liberty_page_finalize (GObject *object)
{
  CareLibertyPage *self = CARE_LIBERTY_PAGE (object);

  g_free (self->person_uuid);

  G_OBJECT_CLASS (care_liberty_page_parent_class)->finalize (object);
}

static void
care_liberty_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CareLibertyPage *self = CARE_LIBERTY_PAGE (object);

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
care_liberty_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CareLibertyPage *self = CARE_LIBERTY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      care_liberty_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_liberty_page_class_init (CareLibertyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_liberty_page_dispose;
  object_class->finalize = care_liberty_page_finalize;
  object_class->get_property = care_liberty_page_get_property;
  object_class->set_property = care_liberty_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-liberty-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareLibertyPage, name)
  CHILD (toast_overlay);
  CHILD (leaflet);
  CHILD (content);
  CHILD (alerts_list);
  CHILD (people_list);
  CHILD (detail_stack);
  CHILD (name_label);
  CHILD (tags_box);
  CHILD (restrictions_label);
  CHILD (new_screening_button);
  CHILD (new_case_button);
  CHILD (screenings_list);
  CHILD (cases_list);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "liberty.new-screening", NULL, new_screening_action_cb);
  gtk_widget_class_install_action (widget_class, "liberty.new-case", NULL, new_case_action_cb);
  gtk_widget_class_install_action (widget_class, "liberty.edit-screening", "s", edit_screening_action_cb);
  gtk_widget_class_install_action (widget_class, "liberty.edit-case", "s", edit_case_action_cb);
  gtk_widget_class_install_action (widget_class, "liberty.screening-history", "s", screening_history_action_cb);
  gtk_widget_class_install_action (widget_class, "liberty.case-history", "s", case_history_action_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "liberty.new-screening", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "liberty.new-case", NULL);
}

static void
care_liberty_page_init (CareLibertyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
care_liberty_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_LIBERTY_PAGE, "store", store, NULL);
}
