/* care-staff-page.c: staff and their competencies */
#include "config.h"

#include "care-staff-page.h"

#include <glib/gi18n.h>

#include "care-competency.h"
#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-history-dialog.h"
#include "care-list-util.h"
#include "care-print-matrix.h"
#include "care-reason-dialog.h"
#include "care-sign-off-dialog.h"
#include "care-staff-editor.h"
#include "care-task-queries.h"

struct _CareStaffPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkWidget           *switcher;
  GtkWidget           *sign_off_button;
  GtkWidget           *print_button;
  AdwViewStack        *view_stack;
  AdwViewStackPage    *staff_view;
  AdwLeaflet          *leaflet;
  GtkWidget           *content;
  GtkSearchEntry      *search_entry;
  GtkWidget           *new_button;
  GtkListView         *staff_list;
  GtkStack            *detail_stack;
  GtkLabel            *name_label;
  GtkBox              *tags_box;
  GtkWidget           *edit_button;
  GtkWidget           *staff_sign_off_button;
  GtkWidget           *history_button;
  AdwPreferencesGroup *record_group;
  GtkListBox          *competency_list;
  GtkLabel            *matrix_title;
  GtkFlowBox          *legend_box;
  GtkLabel            *matrix_error_label;
  GtkGrid             *matrix_grid;
  GtkScrolledWindow   *matrix_scroller;

  GPtrArray           *record_rows;
  CarePagedModel      *model;
  GtkSingleSelection  *selection;
  CareStore           *store;
  CareSession         *session;
  char                *selected_uuid;
  gboolean             matrix_stale;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareStaffPage, care_staff_page, ADW_TYPE_BIN)

static CareRole
session_role (CareStaffPage *self)
{
  return self->session ? care_session_get_role (self->session) : CARE_ROLE_NONE;
}

static gboolean
may_manage (CareStaffPage *self)
{
  return (session_role (self) & CARE_ROLE_MANAGER) != 0;
}

/* Managers and practitioners sign off and revoke (the sign-off itself is
 * signed with the practitioner's PIN); the core has the last word. */
static gboolean
may_assess (CareStaffPage *self)
{
  return (session_role (self) & (CARE_ROLE_MANAGER | CARE_ROLE_PRACTITIONER)) != 0;
}

static void
toast (CareStaffPage *self,
       const char    *message)
{
  care_form_toast (self->toast_overlay, message);
}

static void
set_action (CareStaffPage *self,
            const char    *action,
            GtkWidget     *button,
            gboolean       enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, enabled);
  if (button != NULL)
    gtk_widget_set_visible (button, enabled);
}

static void
update_actions (CareStaffPage *self)
{
  gboolean chosen = self->selected_uuid != NULL && self->session != NULL;

  set_action (self, "staff.new", self->new_button, may_manage (self));
  set_action (self, "staff.edit", self->edit_button, chosen && may_manage (self));
  set_action (self, "staff.history", self->history_button, chosen);
  set_action (self, "staff.sign-off", self->sign_off_button, may_assess (self));
  set_action (self, "staff.sign-off-selected", self->staff_sign_off_button, chosen && may_assess (self));
  set_action (self, "staff.print", self->print_button, self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.revoke", may_assess (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.competency-history", self->session != NULL);
}

/* The staff list */

static void
fill_list_row (GtkListItem  *item,
               CarePagedRow *row,
               gpointer      user_data)
{
  const char *role = care_paged_row_get_string (row, "role");
  const char *number = care_paged_row_get_string (row, "register_number");
  g_autofree char *detail = NULL;

  if (number != NULL)
    detail = g_strdup_printf ("%s · %s %s", care_role_to_label (role),
                              care_paged_row_get_string (row, "register_body"), number);
  else
    detail = g_strdup (care_role_to_label (role));
  care_list_row_set (item, care_paged_row_get_string (row, "name"), detail,
                     care_paged_row_get_int (row, "active") == 0 ? _("Left") : NULL, FALSE);
}

static void
set_list_query (CareStaffPage *self)
{
  g_autofree char *text = NULL;
  g_autoptr(CarePagedQuery) query = NULL;

  if (self->session == NULL || !may_assess (self))
    {
      gtk_list_view_set_model (self->staff_list, NULL);
      g_clear_object (&self->selection);
      g_clear_object (&self->model);
      return;
    }
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  query = care_task_queries_staff_source (self->store, text);
  if (self->model == NULL)
    {
      self->model = care_paged_model_new (NULL);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_list_view_set_model (self->staff_list, GTK_SELECTION_MODEL (self->selection));
    }
  /* Through the list, so a list without a height yet does not read every
   * page of a long history at once. */
  care_list_view_set_query (self->staff_list, self->model, query);
}

static void
search_changed_cb (CareStaffPage *self)
{
  set_list_query (self);
}

/* A staff member's record and sign-offs */

static void
clear_detail (CareStaffPage *self)
{
  GtkWidget *child;

  gtk_label_set_text (self->name_label, "");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_box_remove (self->tags_box, child);
  for (guint i = 0; i < self->record_rows->len; i++)
    adw_preferences_group_remove (self->record_group, g_ptr_array_index (self->record_rows, i));
  g_ptr_array_set_size (self->record_rows, 0);
  care_form_clear_list_box (self->competency_list);
}

static void
add_record_row (CareStaffPage *self,
                const char    *title,
                const char    *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : _("Not recorded"));
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->record_group, row);
  g_ptr_array_add (self->record_rows, row);
}

static const char *
state_tag_class (CareCompetencyState state)
{
  switch (state)
    {
    case CARE_COMPETENCY_VALID: return "success";
    case CARE_COMPETENCY_EXPIRING: return "warning";
    case CARE_COMPETENCY_EXPIRED:
    case CARE_COMPETENCY_REVOKED: return "error";
    case CARE_COMPETENCY_NOT_COMPETENT:
    case CARE_COMPETENCY_NONE:
    default: return NULL;
    }
}

static char *
competency_subtitle (CareStaffPage       *self,
                     CareRecord          *c,
                     CareCompetencyState  state)
{
  g_autofree char *assessor = care_task_queries_describe_value (self->store, CARE_KIND_COMPETENCY, "assessor_uuid", c);
  g_autofree char *assessed = care_form_format_date (care_record_get_string (c, "assessed_on"));
  g_autofree char *until = care_form_format_date (care_record_get_string (c, "valid_until"));

  if (state == CARE_COMPETENCY_REVOKED)
    {
      g_autofree char *on = care_form_format_date (care_record_get_string (c, "revoked_on"));
      /* Translators: "Revoked on <date>: <reason>" */
      return g_strdup_printf (_("Revoked on %s: %s"), on, care_record_get_string (c, "revoked_reason"));
    }
  if (g_strcmp0 (care_record_get_string (c, "outcome"), "competent") != 0)
    /* Translators: "Assessed <date> by <practitioner>; not yet competent" */
    return g_strdup_printf (_("Assessed %s by %s; not yet competent"), assessed, assessor);
  /* Translators: "Assessed <date> by <practitioner>; valid until <date>" */
  return g_strdup_printf (_("Assessed %s by %s; valid until %s"), assessed, assessor, until);
}

static GtkWidget *
competency_row_new (CareStaffPage *self,
                    CareRecord    *c,
                    const char    *today)
{
  CareCompetencyState state = care_competency_state (c, today);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *type = care_task_queries_describe_value (self->store, CARE_KIND_COMPETENCY, "task_type_uuid", c);
  g_autofree char *person = care_task_queries_describe_value (self->store, CARE_KIND_COMPETENCY, "person_uuid", c);
  g_autofree char *title = person ? g_strdup_printf (_("%s, with %s"), type, person) : g_strdup (type);
  g_autofree char *subtitle = competency_subtitle (self, c, state);
  g_autofree char *revoke_name = g_strdup_printf ("revoke-%s", care_record_get_uuid (c));
  GtkWidget *history = gtk_button_new_from_icon_name ("document-open-recent-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             care_form_tag_new (care_competency_state_label (state), state_tag_class (state)));

  if (may_assess (self) && !care_record_has (c, "revoked_on"))
    {
      GtkWidget *revoke = gtk_button_new_with_mnemonic (_("_Revoke…"));

      gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
      gtk_widget_set_name (revoke, revoke_name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (revoke), "staff.revoke");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (revoke), "s", care_record_get_uuid (c));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), revoke);
    }
  gtk_widget_set_valign (history, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (history, "flat");
  gtk_widget_set_tooltip_text (history, _("History of this sign-off"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (history), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("History of this sign-off"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (history), "staff.competency-history");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (history), "s", care_record_get_uuid (c));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), history);
  return row;
}

static void
show_competencies (CareStaffPage *self)
{
  g_autoptr(GPtrArray) competencies = care_store_list_current (self->store, CARE_KIND_COMPETENCY, "staff_uuid",
                                                               self->selected_uuid, NULL);
  g_autofree char *today = care_store_today (self->store);

  /* Newest first: the sign-off that counts now is usually the latest. */
  for (guint i = competencies ? competencies->len : 0; i > 0; i--)
    gtk_list_box_append (self->competency_list,
                         competency_row_new (self, g_ptr_array_index (competencies, i - 1), today));
}

static void
show_detail (CareStaffPage *self)
{
  g_autoptr(CareRecord) staff = NULL;
  g_autofree char *reg = NULL;
  const char *role;

  clear_detail (self);
  if (self->selected_uuid != NULL && self->session != NULL)
    staff = care_store_load (self->store, CARE_KIND_STAFF, self->selected_uuid, NULL);
  if (staff == NULL)
    {
      g_clear_pointer (&self->selected_uuid, g_free);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      update_actions (self);
      return;
    }
  role = care_record_get_string (staff, "role");
  gtk_label_set_text (self->name_label, care_record_get_string (staff, "name"));
  gtk_box_append (self->tags_box, care_form_tag_new (care_role_to_label (role), NULL));
  if (!care_record_get_bool (staff, "active"))
    gtk_box_append (self->tags_box, care_form_tag_new (_("No longer works here"), "warning"));

  add_record_row (self, _("Role"), care_role_to_label (role));
  add_record_row (self, _("Profession"), care_record_get_string (staff, "profession"));
  if (care_record_has (staff, "register_number"))
    reg = g_strdup_printf ("%s %s", care_record_get_string (staff, "register_body"),
                           care_record_get_string (staff, "register_number"));
  add_record_row (self, _("Professional register"), reg);
  add_record_row (self, _("Employing organisation"), care_record_get_string (staff, "organisation"));
  add_record_row (self, _("Contact"), care_record_get_string (staff, "contact"));
  add_record_row (self, _("Signs in"), care_record_get_bool (staff, "active")
                                         ? _("Yes, with their own PIN") : _("No: not an active staff member"));
  show_competencies (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  update_actions (self);
}

gboolean
care_staff_page_select_staff (CareStaffPage *self,
                              const char    *staff_uuid)
{
  g_return_val_if_fail (CARE_IS_STAFF_PAGE (self), FALSE);

  g_free (self->selected_uuid);
  self->selected_uuid = g_strdup (staff_uuid);
  show_detail (self);
  if (self->selected_uuid != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "staff");
      adw_leaflet_set_visible_child (self->leaflet, self->content);
    }
  return self->selected_uuid != NULL;
}

static void
staff_list_activate_cb (CareStaffPage *self,
                        guint          position)
{
  g_autoptr(CarePagedRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (row != NULL && care_paged_row_get_loaded (row))
    care_staff_page_select_staff (self, care_paged_row_get_string (row, "uuid"));
}

static void
back_button_clicked_cb (CareStaffPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The matrix */

static GtkWidget *
matrix_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
matrix_cell (CareMatrixTable *table,
             guint            row,
             guint            column)
{
  g_autofree char *text = care_matrix_table_cell_text (table, row, column);
  /* Translators: a matrix cell read aloud, "<staff>, <task type>: <state>" */
  g_autofree char *spoken = g_strdup_printf (_("%s, %s: %s"),
                                             (const char *) g_ptr_array_index (table->staff_names, row),
                                             (const char *) g_ptr_array_index (table->type_names, column),
                                             text);
  GtkWidget *cell = matrix_label (text, "care-matrix-cell");

  gtk_widget_add_css_class (cell, care_matrix_state_css (care_matrix_table_state (table, row, column)));
  care_gui_tip_set (cell, spoken);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return cell;
}

static void
refresh_matrix (CareStaffPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareMatrixTable) table = NULL;
  g_autofree char *today = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;

  care_gui_grid_remove_all (self->matrix_grid);
  gtk_label_set_text (self->matrix_title, "");
  if (self->session == NULL)
    return;
  today = care_store_today (self->store);
  date = care_form_format_date (today);
  /* Translators: the matrix heading, "Competencies on <date>" */
  title = g_strdup_printf (_("Competencies on %s"), date);
  gtk_label_set_text (self->matrix_title, title);
  table = care_matrix_table_load (self->store, today, &error);
  care_form_show_error (self->matrix_error_label, error);
  if (table == NULL)
    return;
  if (table->staff_uuids->len == 0)
    {
      care_form_show_message (self->matrix_error_label, _("No active staff to show."));
      return;
    }
  gtk_grid_attach (self->matrix_grid, matrix_label (_("Staff member"), "care-matrix-heading"), 0, 0, 1, 1);
  for (guint c = 0; c < table->type_names->len; c++)
    {
      GtkWidget *heading = matrix_label (g_ptr_array_index (table->type_names, c), "care-matrix-heading");

      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (heading), 14);
      gtk_widget_set_valign (heading, GTK_ALIGN_END);
      gtk_grid_attach (self->matrix_grid, heading, c + 1, 0, 1, 1);
    }
  for (guint r = 0; r < table->staff_uuids->len; r++)
    {
      gtk_grid_attach (self->matrix_grid, matrix_label (g_ptr_array_index (table->staff_names, r), "care-matrix-heading"),
                       0, r + 1, 1, 1);
      for (guint c = 0; c < table->type_uuids->len; c++)
        gtk_grid_attach (self->matrix_grid, matrix_cell (table, r, c), c + 1, r + 1, 1, 1);
    }
}

/* The key wraps onto more lines in a narrow window; its items are words,
 * not choices, so they take no focus. */
static void
append_key (GtkFlowBox *key,
            GtkWidget  *item)
{
  gtk_flow_box_append (key, item);
  gtk_widget_set_focusable (gtk_widget_get_parent (item), FALSE);
}

static void
build_legend (CareStaffPage *self)
{
  static const CareCompetencyState states[] = {
    CARE_COMPETENCY_VALID, CARE_COMPETENCY_EXPIRING, CARE_COMPETENCY_EXPIRED,
    CARE_COMPETENCY_REVOKED, CARE_COMPETENCY_NOT_COMPETENT, CARE_COMPETENCY_NONE,
  };

  append_key (self->legend_box, matrix_label (_("Key:"), "care-matrix-heading"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", care_matrix_state_letter (states[i]),
                                               care_competency_state_label (states[i]));
      GtkWidget *cell = matrix_label (text, "care-matrix-cell");

      gtk_widget_add_css_class (cell, care_matrix_state_css (states[i]));
      append_key (self->legend_box, cell);
    }
}

void
care_staff_page_show_matrix (CareStaffPage *self)
{
  g_return_if_fail (CARE_IS_STAFF_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "matrix");
}

/* Refresh */

void
care_staff_page_refresh (CareStaffPage *self)
{
  g_return_if_fail (CARE_IS_STAFF_PAGE (self));

  /* Carers and seniors see the matrix; the staff records are for those
   * who manage staff and assess them. */
  adw_view_stack_page_set_visible (self->staff_view, may_assess (self));
  gtk_widget_set_visible (self->switcher, may_assess (self));
  if (!may_assess (self))
    adw_view_stack_set_visible_child_name (self->view_stack, "matrix");
  if (self->session == NULL)
    g_clear_pointer (&self->selected_uuid, g_free);
  set_list_query (self);
  show_detail (self);
  /* The matrix is built when it is looked at: a manager who came for a
   * staff record does not wait for every cell. */
  self->matrix_stale = TRUE;
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "matrix") == 0)
    {
      refresh_matrix (self);
      self->matrix_stale = FALSE;
    }
}

static void
view_changed_cb (CareStaffPage *self)
{
  if (self->matrix_stale
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "matrix") == 0)
    {
      refresh_matrix (self);
      self->matrix_stale = FALSE;
    }
}

CarePagedModel *
care_staff_page_get_model (CareStaffPage *self)
{
  g_return_val_if_fail (CARE_IS_STAFF_PAGE (self), NULL);

  return self->model;
}

/* Actions */

static void
staff_saved_cb (CareStaffPage *self,
                const char    *staff_uuid)
{
  care_staff_page_refresh (self);
  care_staff_page_select_staff (self, staff_uuid);
  toast (self, _("Staff record saved."));
}

static void
open_editor (CareStaffPage *self,
             const char    *staff_uuid)
{
  CareStaffEditor *editor;

  if (self->session == NULL)
    return;
  editor = care_staff_editor_new (care_form_parent_window (GTK_WIDGET (self)), self->session, staff_uuid);
  g_signal_connect_object (editor, "saved", G_CALLBACK (staff_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_editor (CARE_STAFF_PAGE (widget), NULL);
}

static void
edit_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CareStaffPage *self = CARE_STAFF_PAGE (widget);

  if (self->selected_uuid != NULL)
    open_editor (self, self->selected_uuid);
}

static void
changed_cb (CareStaffPage *self)
{
  care_staff_page_refresh (self);
}

static void
open_history (CareStaffPage *self,
              CareKind       kind,
              const char    *uuid)
{
  CareHistoryDialog *dialog;

  if (self->session == NULL || uuid == NULL)
    return;
  dialog = care_history_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->store, self->session,
                                    kind, uuid);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
history_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CareStaffPage *self = CARE_STAFF_PAGE (widget);

  open_history (self, CARE_KIND_STAFF, self->selected_uuid);
}

static void
competency_history_action_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  open_history (CARE_STAFF_PAGE (widget), CARE_KIND_COMPETENCY, g_variant_get_string (parameter, NULL));
}

static void
signed_off_cb (CareStaffPage *self,
               const char    *competency_uuid)
{
  care_staff_page_refresh (self);
  toast (self, _("Competency signed off by the assessing practitioner."));
}

static void
open_sign_off (CareStaffPage *self,
               const char    *staff_uuid)
{
  CareSignOffDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = care_sign_off_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->store, staff_uuid);
  g_signal_connect_object (dialog, "signed-off", G_CALLBACK (signed_off_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_off_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_sign_off (CARE_STAFF_PAGE (widget), NULL);
}

static void
sign_off_selected_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CareStaffPage *self = CARE_STAFF_PAGE (widget);

  open_sign_off (self, self->selected_uuid);
}

typedef struct
{
  CareSession *session;
  char        *competency_uuid;
} Revocation;

static void
revocation_free (Revocation *revocation)
{
  g_clear_object (&revocation->session);
  g_free (revocation->competency_uuid);
  g_free (revocation);
}

static gboolean
apply_revocation (const char  *reason,
                  gpointer     user_data,
                  GError     **error)
{
  Revocation *revocation = user_data;

  return care_competency_revoke (revocation->session, revocation->competency_uuid, reason, error);
}

static void
revoked_cb (CareStaffPage *self)
{
  care_staff_page_refresh (self);
  toast (self, _("Competency revoked. Nobody can record the task on it from now."));
}

static void
revoke_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CareStaffPage *self = CARE_STAFF_PAGE (widget);
  Revocation *revocation;
  CareReasonDialog *dialog;

  if (self->session == NULL)
    return;
  revocation = g_new0 (Revocation, 1);
  revocation->session = g_object_ref (self->session);
  revocation->competency_uuid = g_variant_dup_string (parameter, NULL);
  dialog = care_reason_dialog_new (care_form_parent_window (widget), _("Revoke This Competency?"),
                                   _("From today the staff member cannot record this task on this sign-off. "
                                     "The sign-off stays on record, marked revoked, with your reason."),
                                   _("_Revoke"), TRUE, apply_revocation, revocation,
                                   (GDestroyNotify) revocation_free);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (revoked_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               CareStaffPage           *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      toast (self, error->message);
    }
  g_object_unref (operation);
}

static void
print_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CareStaffPage *self = CARE_STAFF_PAGE (widget);
  g_autoptr(GError) error = NULL;
  GtkPrintOperation *operation;

  operation = care_print_matrix_operation_new (self->store, NULL, &error);
  if (operation == NULL)
    {
      toast (self, error->message);
      return;
    }
  /* The print dialog offers "Print to File" for a PDF. */
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               care_form_parent_window (widget), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast (self, error->message);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CareStaffPage *self = CARE_STAFF_PAGE (widget);

  if (!may_assess (self))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "staff");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_staff_page_refresh (CARE_STAFF_PAGE (widget));
}

/* GObject */

static void
care_staff_page_set_session (CareStaffPage *self,
                             CareSession   *session)
{
  if (!g_set_object (&self->session, session))
    return;
  care_staff_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_staff_page_dispose (GObject *object)
{
  CareStaffPage *self = CARE_STAFF_PAGE (object);

  if (self->staff_list != NULL)
    gtk_list_view_set_model (self->staff_list, NULL);
  /* The toast overlay is both AdwBin's child and a template child: let
   * AdwBin drop it first, or it would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_STAFF_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->record_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (care_staff_page_parent_class)->dispose (object);
}

static void
care_staff_page_finalize (GObject *object)
{
  CareStaffPage *self = CARE_STAFF_PAGE (object);

  g_free (self->selected_uuid);

  G_OBJECT_CLASS (care_staff_page_parent_class)->finalize (object);
}

static void
care_staff_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CareStaffPage *self = CARE_STAFF_PAGE (object);

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
care_staff_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CareStaffPage *self = CARE_STAFF_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      care_staff_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_staff_page_class_init (CareStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_staff_page_dispose;
  object_class->finalize = care_staff_page_finalize;
  object_class->get_property = care_staff_page_get_property;
  object_class->set_property = care_staff_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-staff-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareStaffPage, name)
  CHILD (toast_overlay);
  CHILD (switcher);
  CHILD (sign_off_button);
  CHILD (print_button);
  CHILD (view_stack);
  CHILD (staff_view);
  CHILD (leaflet);
  CHILD (content);
  CHILD (search_entry);
  CHILD (new_button);
  CHILD (staff_list);
  CHILD (detail_stack);
  CHILD (name_label);
  CHILD (tags_box);
  CHILD (edit_button);
  CHILD (staff_sign_off_button);
  CHILD (history_button);
  CHILD (record_group);
  CHILD (competency_list);
  CHILD (matrix_title);
  CHILD (legend_box);
  CHILD (matrix_error_label);
  CHILD (matrix_grid);
  CHILD (matrix_scroller);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "staff.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.edit", NULL, edit_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.history", NULL, history_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.competency-history", "s", competency_history_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.sign-off", NULL, sign_off_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.sign-off-selected", NULL, sign_off_selected_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.revoke", "s", revoke_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.print", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "staff.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "staff.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "staff.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "staff.history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "staff.sign-off", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "staff.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "staff.search", NULL);
}

static void
care_staff_page_init (CareStaffPage *self)
{
  GtkListItemFactory *factory = care_list_row_factory_new (fill_list_row, self, FALSE);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->record_rows = g_ptr_array_new ();
  gtk_list_view_set_factory (self->staff_list, factory);
  g_object_unref (factory);
  care_gui_tips_attach (GTK_WIDGET (self->matrix_grid));
  build_legend (self);
  update_actions (self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name", G_CALLBACK (view_changed_cb), self);
}

GtkWidget *
care_staff_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_STAFF_PAGE, "store", store, NULL);
}
