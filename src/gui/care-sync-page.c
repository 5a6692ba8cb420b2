/* care-sync-page.c: what is waiting for the commissioner, truthfully */
#include "config.h"

#include "care-sync-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "care-form-util.h"
#include "care-history-dialog.h"
#include "care-task-queries.h"
#include "care-token-store.h"

/* Rejected items are few; a list this long says enough to act on. */
#define REJECTED_SHOWN 200

typedef enum
{
  ROW_COMMISSIONER,
  ROW_STATE,
  ROW_PENDING,
  ROW_ACKED,
  ROW_REJECTED,
  ROW_LAST_SUCCESS,
  ROW_LAST_PROBLEM,
  N_ROWS
} StatusRow;

static const char * const row_titles[N_ROWS] = {
  [ROW_COMMISSIONER] = N_("Commissioner"),
  [ROW_STATE] = N_("Sync"),
  [ROW_PENDING] = N_("Waiting to be sent"),
  [ROW_ACKED] = N_("Received by the commissioner"),
  [ROW_REJECTED] = N_("Rejected"),
  [ROW_LAST_SUCCESS] = N_("Last successful sync"),
  [ROW_LAST_PROBLEM] = N_("Last problem"),
};

struct _CareSyncPage
{
  AdwBin               parent_instance;

  GtkWidget           *sync_button;
  GtkLabel            *summary_label;
  AdwPreferencesGroup *status_group;
  GtkListBox          *rejected_list;

  AdwActionRow        *rows[N_ROWS];
  GtkLabel            *counts[N_ROWS];

  CareStore           *store;
  CareSession         *session;
  CareSync            *sync;
  char                *problem;        /* why no sync runs, when configured */
  GCancellable        *starting;       /* the token being read */
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_SYNC,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareSyncPage, care_sync_page, ADW_TYPE_BIN)

static void
set_row (CareSyncPage *self,
         StatusRow     row,
         const char   *value)
{
  adw_action_row_set_subtitle (self->rows[row], value ? value : "");
}

/* A count is a number beside the row and, for screen readers, part of
 * the row's description. */
static void
set_count (CareSyncPage *self,
           StatusRow     row,
           gint64        count)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  gtk_label_set_text (self->counts[row], text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows[row]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  if (row == ROW_REJECTED && count > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->counts[row]), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counts[row]), "error");
}

static char *
state_text (CareSync *sync)
{
  switch (care_sync_get_state (sync))
    {
    case CARE_SYNC_IDLE:
      return g_strdup (_("Running; waiting for the next regular attempt"));
    case CARE_SYNC_RUNNING:
      return g_strdup (_("Sending and receiving now"));
    case CARE_SYNC_RETRYING:
      {
        g_autofree char *when = care_form_format_instant (care_sync_get_next_attempt (sync));
        /* Translators: "The last attempt failed; trying again at <date and time>" */
        return g_strdup_printf (_("The last attempt failed; trying again at %s"), when);
      }
    case CARE_SYNC_HALTED:
      return g_strdup (_("Stopped until someone fixes the last problem"));
    case CARE_SYNC_STOPPED:
    default:
      return g_strdup (_("Stopped"));
    }
}

static GtkWidget *
rejected_row_new (CareSyncPage      *self,
                  CareRejectedEvent *event)
{
  const CareKindInfo *info = care_kind_info_lookup (event->entity_kind);
  g_autoptr(CareRecord) record = info ? care_store_load (self->store, info->kind, event->entity_uuid, NULL) : NULL;
  g_autofree char *what = record ? care_task_queries_record_title (self->store, record) : g_strdup (event->entity_uuid);
  g_autofree char *when = care_form_format_instant (event->at);
  /* Translators: "<what was done> · <kind of record>: <record>" */
  g_autofree char *title = g_strdup_printf (_("%s · %s: %s"), care_task_action_label (event->action),
                                            info ? _(info->label) : event->entity_kind, what);
  /* Translators: "<date> by <name> · Problem: <the commissioner's message>" */
  g_autofree char *subtitle = g_strdup_printf (_("%s by %s · Problem: %s"), when, event->actor_name,
                                               event->problem ? event->problem : _("no reason given"));
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), care_form_tag_new (_("Rejected"), "error"));
  if (info != NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_History…"));
      g_autofree char *target = g_strdup_printf ("%s|%s", event->entity_kind, event->entity_uuid);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync.history");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
show_summary (CareSyncPage            *self,
              const CareOutboxSummary *summary)
{
  g_autofree char *text = NULL;

  if (self->sync != NULL)
    text = state_text (self->sync);
  else if (summary->endpoint_url != NULL && self->problem != NULL)
    /* Translators: %s says why, e.g. that no token is saved */
    text = g_strdup_printf (_("A commissioner is configured, but sync cannot run: %s Records stay safe in the "
                              "outbox below."), self->problem);
  else if (summary->endpoint_url != NULL && self->starting != NULL)
    text = g_strdup (_("Starting the sync with the commissioner…"));
  else if (summary->endpoint_url == NULL)
    text = g_strdup (_("No commissioner is configured, so nothing is being sent. Every record stays safe in "
                       "the outbox below and will be sent once a commissioner endpoint is set in Preferences."));
  else
    text = g_strdup (_("A commissioner is configured, but sync is not running in this window. What is waiting "
                       "is shown below, read from the records themselves."));
  gtk_label_set_text (self->summary_label, text);
}

void
care_sync_page_refresh (CareSyncPage *self)
{
  CareOutboxSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = NULL;

  g_return_if_fail (CARE_IS_SYNC_PAGE (self));

  care_form_clear_list_box (self->rejected_list);
  gtk_widget_set_visible (self->sync_button, self->sync != NULL && self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", self->sync != NULL && self->session != NULL);
  if (self->session == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      return;
    }
  if (!care_task_queries_outbox_summary (self->store, &summary, &error))
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  show_summary (self, &summary);
  set_row (self, ROW_COMMISSIONER, summary.endpoint_url ? summary.endpoint_url : _("None configured"));
  if (self->sync != NULL)
    {
      g_autofree char *state = state_text (self->sync);
      set_row (self, ROW_STATE, state);
    }
  else
    set_row (self, ROW_STATE, summary.endpoint_url ? _("Not running") : _("Off"));
  set_count (self, ROW_PENDING, summary.pending);
  set_count (self, ROW_ACKED, summary.acked);
  set_count (self, ROW_REJECTED, summary.rejected);
  if (summary.last_success > 0)
    {
      g_autofree char *when = care_form_format_instant (summary.last_success);
      set_row (self, ROW_LAST_SUCCESS, when);
    }
  else
    set_row (self, ROW_LAST_SUCCESS, _("Never"));
  set_row (self, ROW_LAST_PROBLEM, summary.last_error ? summary.last_error : _("None"));

  /* Rejected items are rare; without any there is nothing to look for. */
  if (summary.rejected > 0)
    rejected = care_task_queries_rejected_events (self->store, REJECTED_SHOWN, &error);
  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    gtk_list_box_append (self->rejected_list, rejected_row_new (self, g_ptr_array_index (rejected, i)));
  care_outbox_summary_clear (&summary);
}

static void
build_rows (CareSyncPage *self)
{
  for (guint i = 0; i < N_ROWS; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(row_titles[i]));
      adw_action_row_set_subtitle_lines (row, 0);
      if (i == ROW_PENDING || i == ROW_ACKED || i == ROW_REJECTED)
        {
          GtkWidget *count = gtk_label_new ("–");

          gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (count, "numeric");
          gtk_widget_add_css_class (count, "care-count");
          gtk_label_set_xalign (GTK_LABEL (count), 1.0);
          adw_action_row_add_suffix (row, count);
          self->counts[i] = GTK_LABEL (count);
        }
      adw_preferences_group_add (self->status_group, GTK_WIDGET (row));
      self->rows[i] = row;
    }
}

static void
sync_state_changed_cb (CareSyncPage *self)
{
  care_sync_page_refresh (self);
}

CareSync *
care_sync_page_get_sync (CareSyncPage *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_PAGE (self), NULL);

  return self->sync;
}

void
care_sync_page_set_sync (CareSyncPage *self,
                         CareSync     *sync)
{
  g_return_if_fail (CARE_IS_SYNC_PAGE (self));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_func (self->sync, sync_state_changed_cb, self);
  g_set_object (&self->sync, sync);
  if (self->sync != NULL)
    g_signal_connect_object (self->sync, "state-changed", G_CALLBACK (sync_state_changed_cb), self, G_CONNECT_SWAPPED);
  care_sync_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

static void
set_problem (CareSyncPage *self,
             const char   *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
stop_current (CareSyncPage *self)
{
  g_cancellable_cancel (self->starting);
  g_clear_object (&self->starting);
  if (self->sync != NULL)
    care_sync_stop (self->sync);
  care_sync_page_set_sync (self, NULL);
}

static CareSync *
sync_from_settings (CareSyncPage    *self,
                    const char      *token,
                    CareTokenPlace   place,
                    GError         **error)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (self->store);
  const char *url = setting ? care_record_get_string (setting, "endpoint_url") : NULL;
  g_autofree char *ca_file = care_store_get_setting (self->store, "sync_ca_file");
  g_autoptr(CareSync) sync = NULL;

  if (url == NULL)
    return NULL;
  sync = care_sync_new (self->store, url, token, error);
  if (sync == NULL)
    return NULL;
  if (ca_file != NULL && *ca_file != '\0' && !care_sync_set_ca_file (sync, ca_file, error))
    return NULL;
  /* After a 401 a token from the keyring is not asked for again; one from
   * the file is read again, as the headless client does. */
  if (place == CARE_TOKEN_PLACE_KEYRING)
    care_sync_set_token_reload (sync, care_token_store_reload, NULL, NULL);
  return g_steal_pointer (&sync);
}

static void
token_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CareSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSync) sync = NULL;
  g_autofree char *token = NULL;
  CareTokenPlace place = CARE_TOKEN_PLACE_NONE;

  token = care_token_store_load_finish (result, &place, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->starting == NULL)
    return;
  g_clear_object (&self->starting);
  if (token != NULL)
    sync = sync_from_settings (self, token, place, &error);
  if (token != NULL)
    memset (token, 0, strlen (token));
  if (sync == NULL)
    {
      if (error != NULL)
        g_message ("Sync is not started: %s", error->message);
      set_problem (self, error ? error->message : NULL);
      care_sync_page_refresh (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
      return;
    }
  set_problem (self, NULL);
  care_sync_start (sync);
  care_sync_page_set_sync (self, sync);
}

void
care_sync_page_start (CareSyncPage *self)
{
  g_autoptr(CareRecord) setting = NULL;

  g_return_if_fail (CARE_IS_SYNC_PAGE (self));

  stop_current (self);
  set_problem (self, NULL);
  setting = care_store_get_setting_record (self->store);
  /* Sync runs whenever the home has a commissioner endpoint and a token;
   * without an endpoint there is nothing to start and nothing wrong. */
  if (setting == NULL || care_record_get_string (setting, "endpoint_url") == NULL)
    {
      care_sync_page_refresh (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
      return;
    }
  self->starting = g_cancellable_new ();
  care_token_store_load_async (self->starting, token_loaded_cb, g_object_ref (self));
  care_sync_page_refresh (self);
}

const char *
care_sync_page_get_problem (CareSyncPage *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_PAGE (self), NULL);

  return self->problem;
}

gboolean
care_sync_page_is_starting (CareSyncPage *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_PAGE (self), FALSE);

  return self->starting != NULL;
}

static void
now_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CareSyncPage *self = CARE_SYNC_PAGE (widget);

  if (self->sync != NULL)
    care_sync_now (self->sync);
  care_sync_page_refresh (self);
}

static void
history_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CareSyncPage *self = CARE_SYNC_PAGE (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), "|", 2);
  const CareKindInfo *info = parts[0] ? care_kind_info_lookup (parts[0]) : NULL;
  CareHistoryDialog *dialog;

  if (info == NULL || parts[1] == NULL || self->session == NULL)
    return;
  dialog = care_history_dialog_new (care_form_parent_window (widget), self->store, self->session,
                                    info->kind, parts[1]);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (care_sync_page_refresh), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_sync_page_refresh (CARE_SYNC_PAGE (widget));
}

static void
care_sync_page_set_session (CareSyncPage *self,
                            CareSession  *session)
{
  if (!g_set_object (&self->session, session))
    return;
  care_sync_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_sync_page_dispose (GObject *object)
{
  CareSyncPage *self = CARE_SYNC_PAGE (object);

  g_cancellable_cancel (self->starting);
  g_clear_object (&self->starting);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->sync, sync_state_changed_cb, self);
      /* The page owns the window's sync: it ends with the window. */
      care_sync_stop (self->sync);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SYNC_PAGE);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_sync_page_parent_class)->dispose (object);
}

static void
care_sync_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CareSyncPage *self = CARE_SYNC_PAGE (object);

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

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sync_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CareSyncPage *self = CARE_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      care_sync_page_set_session (self, g_value_get_object (value));
      break;

    case PROP_SYNC:
      care_sync_page_set_sync (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sync_page_class_init (CareSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_sync_page_dispose;
  object_class->get_property = care_sync_page_get_property;
  object_class->set_property = care_sync_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, CARE_TYPE_SYNC,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, CareSyncPage, rejected_list);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, now_action_cb);
  gtk_widget_class_install_action (widget_class, "sync.history", "s", history_action_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sync.now", NULL);
}

static void
care_sync_page_init (CareSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_rows (self);
}

GtkWidget *
care_sync_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_SYNC_PAGE, "store", store, NULL);
}
