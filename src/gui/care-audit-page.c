/* care-audit-page.c: the audit trail of every change */
#include "config.h"

#include "care-audit-page.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-history-dialog.h"
#include "care-list-util.h"
#include "care-schema.h"
#include "care-task-queries.h"

struct _CareAuditPage
{
  AdwBin              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkLabel           *error_label;
  GtkListView        *events_list;

  CarePagedModel     *model;
  GtkNoSelection     *selection;
  CareStore          *store;
  CareSession        *session;
  char               *entity_uuid;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareAuditPage, care_audit_page, ADW_TYPE_BIN)

static const char *
sync_label (const char *state)
{
  if (g_strcmp0 (state, "acked") == 0)
    return _("Sent");
  if (g_strcmp0 (state, "rejected") == 0)
    return _("Rejected");
  return _("Waiting to send");
}

/* The record an event is about, as a title; read when the row is shown,
 * so only the rows on screen are ever looked up. */
static char *
entity_title (CareAuditPage *self,
              CarePagedRow  *row)
{
  const CareKindInfo *info = care_kind_info_lookup (care_paged_row_get_string (row, "entity_kind"));
  g_autoptr(CareRecord) record = NULL;

  if (info == NULL)
    return g_strdup (care_paged_row_get_string (row, "entity_kind"));
  record = care_store_load (self->store, info->kind, care_paged_row_get_string (row, "entity_uuid"), NULL);
  if (record == NULL)
    return g_strdup (_(info->label));
  return care_task_queries_record_title (self->store, record);
}

static void
fill_row (GtkListItem  *item,
          CarePagedRow *row,
          gpointer      user_data)
{
  CareAuditPage *self = user_data;
  const CareKindInfo *info = care_kind_info_lookup (care_paged_row_get_string (row, "entity_kind"));
  const char *sync_state = care_paged_row_get_string (row, "sync_state");
  const char *reason = care_paged_row_get_string (row, "reason");
  g_autofree char *what = entity_title (self, row);
  g_autofree char *when = care_form_format_instant (care_paged_row_get_int (row, "at"));
  g_autofree char *heading = NULL;
  g_autofree char *line = NULL;

  /* Translators: an audit row's heading, "<what was done> · <kind of record>: <record>" */
  heading = g_strdup_printf (_("%s · %s: %s"), care_task_action_label (care_paged_row_get_string (row, "action")),
                             info ? _(info->label) : care_paged_row_get_string (row, "entity_kind"), what);
  if (reason != NULL)
    /* Translators: "<date and time> by <name> · version <n> · Reason: <reason>" */
    line = g_strdup_printf (_("%s by %s · version %lld · Reason: %s"), when,
                            care_paged_row_get_string (row, "actor_name"),
                            (long long) care_paged_row_get_int (row, "entity_version"), reason);
  else
    line = g_strdup_printf (_("%s by %s · version %lld"), when,
                            care_paged_row_get_string (row, "actor_name"),
                            (long long) care_paged_row_get_int (row, "entity_version"));
  care_list_row_set (item, heading, line, sync_label (sync_state), g_strcmp0 (sync_state, "rejected") == 0);
}

static void
update_count (CareAuditPage *self)
{
  g_autofree char *text = NULL;
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  const char *message = self->model ? care_paged_model_get_error_message (self->model) : NULL;

  /* Translators: how many events the audit trail shows */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", n), n);
  gtk_label_set_text (self->count_label, self->model ? text : "");
  care_form_show_message (self->error_label, message);
}

static void
items_changed_cb (CareAuditPage *self)
{
  update_count (self);
}

static gboolean
may_audit (CareAuditPage *self)
{
  return self->session != NULL && (care_session_get_role (self->session) & CARE_ROLE_MANAGER) != 0;
}

void
care_audit_page_refresh (CareAuditPage *self)
{
  g_autoptr(CarePagedQuery) query = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CARE_IS_AUDIT_PAGE (self));

  if (!may_audit (self))
    {
      gtk_list_view_set_model (self->events_list, NULL);
      g_clear_object (&self->selection);
      g_clear_object (&self->model);
      update_count (self);
      return;
    }
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  query = care_task_queries_events_source (self->store, self->entity_uuid, text);
  if (self->model == NULL)
    {
      self->model = care_paged_model_new (NULL);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
      self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_list_view_set_model (self->events_list, GTK_SELECTION_MODEL (self->selection));
    }
  /* Through the list, so a list without a height yet does not read every
   * page of a long history at once. */
  care_list_view_set_query (self->events_list, self->model, query);
  update_count (self);
}

void
care_audit_page_set_filter (CareAuditPage *self,
                            const char    *entity_uuid,
                            const char    *text)
{
  g_return_if_fail (CARE_IS_AUDIT_PAGE (self));

  g_free (self->entity_uuid);
  self->entity_uuid = g_strdup (entity_uuid);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  care_audit_page_refresh (self);
}

CarePagedModel *
care_audit_page_get_model (CareAuditPage *self)
{
  g_return_val_if_fail (CARE_IS_AUDIT_PAGE (self), NULL);

  return self->model;
}

static void
search_changed_cb (CareAuditPage *self)
{
  care_audit_page_refresh (self);
}

GtkWidget *
care_audit_page_open (CareAuditPage *self,
                      guint          position)
{
  g_autoptr(CarePagedRow) row = NULL;
  const CareKindInfo *info;
  CareHistoryDialog *dialog;

  g_return_val_if_fail (CARE_IS_AUDIT_PAGE (self), NULL);

  if (self->model == NULL)
    return NULL;
  row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (row == NULL || !care_paged_row_get_loaded (row))
    return NULL;
  info = care_kind_info_lookup (care_paged_row_get_string (row, "entity_kind"));
  if (info == NULL)
    return NULL;
  dialog = care_history_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->store, self->session,
                                    info->kind, care_paged_row_get_string (row, "entity_uuid"));
  g_signal_connect_object (dialog, "changed", G_CALLBACK (care_audit_page_refresh), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
events_list_activate_cb (CareAuditPage *self,
                         guint          position)
{
  care_audit_page_open (self, position);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CARE_AUDIT_PAGE (widget)->search_entry));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_audit_page_refresh (CARE_AUDIT_PAGE (widget));
}

static void
care_audit_page_set_session (CareAuditPage *self,
                             CareSession   *session)
{
  if (!g_set_object (&self->session, session))
    return;
  if (session == NULL)
    {
      g_clear_pointer (&self->entity_uuid, g_free);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
  care_audit_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_audit_page_dispose (GObject *object)
{
  CareAuditPage *self = CARE_AUDIT_PAGE (object);

  if (self->events_list != NULL)
    gtk_list_view_set_model (self->events_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_AUDIT_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_audit_page_parent_class)->dispose (object);
}

static void
care_audit_page_finalize (GObject *object)
{
  CareAuditPage *self = CARE_AUDIT_PAGE (object);

  g_free (self->entity_uuid);

  G_OBJECT_CLASS (care_audit_page_parent_class)->finalize (object);
}

static void
care_audit_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CareAuditPage *self = CARE_AUDIT_PAGE (object);

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
care_audit_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CareAuditPage *self = CARE_AUDIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      care_audit_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_audit_page_class_init (CareAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_audit_page_dispose;
  object_class->finalize = care_audit_page_finalize;
  object_class->get_property = care_audit_page_get_property;
  object_class->set_property = care_audit_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareAuditPage, events_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, events_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "audit.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "audit.search", NULL);
}

static void
care_audit_page_init (CareAuditPage *self)
{
  GtkListItemFactory *factory = care_list_row_factory_new (fill_row, self, TRUE);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->events_list, factory);
  g_object_unref (factory);
}

GtkWidget *
care_audit_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_AUDIT_PAGE, "store", store, NULL);
}
