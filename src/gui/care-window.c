/* care-window.c: the main window
 *
 * The window never opens a store itself: CareApplication decides which
 * database is open and hands it over, so the same window serves the care
 * home's own records and the demonstration home.
 *
 * It sits on a shared computer, so it is built around the sign-in screen:
 * nobody sees a page until they have signed in with their own PIN, the
 * pages they see follow their role, and the window locks itself when it
 * has not been used for a while, or on Ctrl+L.
 */
#include "config.h"

#include "care-window.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-preferences-window.h"
#include "care-record.h"
#include "care-schema.h"
#include "care-setup.h"
#include "care-sign-in-view.h"

#define DEFAULT_LOCK_TIMEOUT_SECONDS 300

/* Indexed by the service type combo row's position. */
static const char * const service_type_codes[] = { "care_home", "home_care" };

typedef struct
{
  char           *name;
  char           *title;
  CareWindowPageNew new_page;
  GtkWidget      *page;      /* owned by the page stack; NULL until first needed */
  GtkListBoxRow  *row;       /* owned by the sidebar */
  CareRole        roles;
  gboolean        has_session;  /* the page holds the current session */
} PageEntry;

struct _CareWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *mode_stack;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkWidget            *setup_button;
  AdwEntryRow          *setting_name_row;
  AdwComboRow          *service_type_row;
  AdwEntryRow          *manager_name_row;
  AdwEntryRow          *pin_row;
  AdwEntryRow          *pin_again_row;
  GtkLabel             *setup_error_label;
  GtkWidget            *setup_confirm_button;
  GtkSpinner           *busy_spinner;
  GtkLabel             *busy_label;
  CareSignInView       *sign_in_view;
  AdwLeaflet           *leaflet;
  AdwWindowTitle       *sidebar_title;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *page_title;
  GtkMenuButton        *user_button;
  AdwButtonContent     *user_content;
  GtkStack             *page_stack;

  CareStore            *store;
  gboolean              demo;
  CareSession          *session;
  GPtrArray            *pages;           /* PageEntry */
  GSettings            *settings;        /* NULL when the schema is not installed */
  GtkShortcutsWindow   *shortcuts_window; /* built on first use */

  gint64                last_activity;   /* monotonic microseconds */
  guint                 lock_source;

  guint                 check_source;    /* the store's check, waiting for an idle moment */
  GCancellable         *check_cancellable;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_DEMO,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareWindow, care_window, ADW_TYPE_APPLICATION_WINDOW)

static void schedule_lock (CareWindow *self);

static void
page_entry_free (PageEntry *entry)
{
  g_free (entry->name);
  g_free (entry->title);
  g_free (entry);
}

static PageEntry *
find_page (CareWindow *self,
           const char *name)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      if (g_str_equal (entry->name, name))
        return entry;
    }
  return NULL;
}

static gboolean
page_offered (CareWindow *self,
              PageEntry  *entry)
{
  return self->session != NULL && (entry->roles & care_session_get_role (self->session)) != 0;
}

static void
update_actions (CareWindow *self)
{
  gboolean signed_in = self->session != NULL;
  gboolean manager = signed_in && (care_session_get_role (self->session) & CARE_ROLE_MANAGER) != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page-number", signed_in);
  /* The care setting, catalogue and backups are the manager's. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preferences", manager);
}

static void
show_outer (CareWindow *self,
            const char *name)
{
  gtk_stack_set_visible_child_name (self->mode_stack, "outer");
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->busy_spinner, g_str_equal (name, "busy"));

  /* Only the set-up form has a default action; elsewhere Enter must not
   * submit a form that is not on screen. */
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 g_str_equal (name, "setup") ? self->setup_confirm_button : NULL);
  update_actions (self);
}

static void
update_titles (CareWindow *self)
{
  g_autoptr(CareRecord) setting = NULL;
  const char *name = NULL;
  const char *subtitle = self->demo ? _("Demonstration home") : NULL;

  if (self->store != NULL && care_store_is_set_up (self->store))
    {
      setting = care_store_get_setting_record (self->store);
      if (setting != NULL)
        name = care_record_get_string (setting, "name");
    }
  if (name == NULL || *name == '\0')
    {
      name = _("CareDelegation");
      subtitle = NULL;
    }
  /* Said on every screen for as long as the window shows this store. */
  if (self->store != NULL && care_store_is_damaged (self->store))
    subtitle = _("Damaged records: nothing can be saved");

  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  adw_window_title_set_title (self->sidebar_title, name);
  adw_window_title_set_subtitle (self->sidebar_title, subtitle);
}

static void
update_user_button (CareWindow *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  CareRecord *actor;
  const char *role;

  if (self->session == NULL)
    return;

  actor = care_session_get_actor (self->session);
  role = care_role_to_label (actor != NULL ? care_record_get_string (actor, "role") : NULL);
  /* Translators: the signed-in person in the header: name, role */
  label = g_strdup_printf (_("%s, %s"), care_session_get_actor_name (self->session), role);
  /* Translators: %s is the signed-in person's name and role */
  description = g_strdup_printf (_("Signed in as %s"), label);

  /* In a narrow window the page's title needs the room; the role is still
   * in the button's tooltip and accessible name. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_button_content_set_label (self->user_content, care_session_get_actor_name (self->session));
  else
    adw_button_content_set_label (self->user_content, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_button), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->user_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

/* Pages are built, and given the session, only when first needed: a
 * carer who only ever uses Today should not pay at start-up for the audit
 * trail, and a page that is never shown never reads its data. */
static GtkWidget *
ensure_page (CareWindow *self,
             PageEntry  *entry)
{
  if (entry->page == NULL)
    {
      entry->page = entry->new_page (self, self->store);
      gtk_stack_add_titled (self->page_stack, entry->page, entry->name, entry->title);
      gtk_widget_set_visible (entry->page, page_offered (self, entry));
    }
  return entry->page;
}

/* Returns TRUE when the page was given the session just now, and so has
 * just read its data. */
static gboolean
ensure_page_session (CareWindow *self,
                     PageEntry  *entry)
{
  ensure_page (self, entry);
  if (entry->has_session || !page_offered (self, entry))
    return FALSE;
  g_object_set (entry->page, "session", self->session, NULL);
  entry->has_session = TRUE;
  return TRUE;
}

/* Someone signed in or the window locked: no page keeps the last person's
 * session; each is given the new one when it is next shown. */
static void
clear_pages_session (CareWindow *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      if (entry->page != NULL && entry->has_session)
        g_object_set (entry->page, "session", NULL, NULL);
      entry->has_session = FALSE;
    }
}

static void
update_sidebar (CareWindow *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      gtk_widget_set_visible (GTK_WIDGET (entry->row), page_offered (self, entry));
      /* A hidden stack child can never be the one on show. */
      if (entry->page != NULL)
        gtk_widget_set_visible (entry->page, page_offered (self, entry));
    }
}

static PageEntry *
first_offered_page (CareWindow *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      if (page_offered (self, entry))
        return entry;
    }
  return NULL;
}

static void
refresh_page (GtkWidget *page)
{
  /* Pages without the action have nothing to read again. */
  if (page != NULL)
    gtk_widget_activate_action (page, "page.refresh", NULL);
}

static gboolean
show_page_entry (CareWindow *self,
                 PageEntry  *entry)
{
  gboolean just_read;

  if (entry == NULL || !page_offered (self, entry))
    return FALSE;

  just_read = ensure_page_session (self, entry);
  gtk_stack_set_visible_child (self->page_stack, entry->page);
  gtk_list_box_select_row (self->sidebar_list, entry->row);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  if (!just_read)
    refresh_page (entry->page);
  return TRUE;
}

static void
visible_page_changed_cb (CareWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->page_stack);

  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      if (entry->page == page)
        {
          adw_window_title_set_title (self->page_title, entry->title);
          gtk_window_set_title (GTK_WINDOW (self), entry->title);
          return;
        }
    }
  adw_window_title_set_title (self->page_title, "");
}

static void
sidebar_row_activated_cb (CareWindow    *self,
                          GtkListBoxRow *row)
{
  show_page_entry (self, find_page (self, g_object_get_data (G_OBJECT (row), "care-page-name")));
}

static void
back_clicked_cb (CareWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
clear_setup_form (CareWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->setting_name_row), "");
  adw_combo_row_set_selected (self->service_type_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->manager_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
}

static void
show_sign_in (CareWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("CareDelegation"));
  show_outer (self, "sign-in");
  care_sign_in_view_focus (self->sign_in_view);
}

static void
update_page (CareWindow *self)
{
  update_titles (self);

  if (self->store == NULL)
    {
      show_outer (self, "empty");
      return;
    }

  if (!care_store_is_set_up (self->store))
    {
      clear_setup_form (self);
      show_outer (self, "welcome");
      gtk_widget_grab_focus (self->setup_button);
      return;
    }

  if (self->session == NULL)
    {
      show_sign_in (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->mode_stack, "main");
  update_actions (self);
}

/* Windows opened from the window (preferences, a page's dialog, and
 * dialogs opened from those) hold what the signed-in person was doing; they
 * close with the lock. */
static gboolean
belongs_to (GtkWindow *window,
            GtkWindow *ancestor)
{
  for (GtkWindow *w = gtk_window_get_transient_for (window); w != NULL; w = gtk_window_get_transient_for (w))
    if (w == ancestor)
      return TRUE;
  return FALSE;
}

static void
close_transient_windows (CareWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (belongs_to (window, GTK_WINDOW (self)))
        g_ptr_array_add (doomed, g_object_ref (window));
    }

  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (g_ptr_array_index (doomed, i));
}

static void
stop_lock_timer (CareWindow *self)
{
  g_clear_handle_id (&self->lock_source, g_source_remove);
}

static void
end_session (CareWindow *self,
             gboolean    forget_person)
{
  if (self->session == NULL)
    return;

  stop_lock_timer (self);
  close_transient_windows (self);
  clear_pages_session (self);
  g_clear_object (&self->session);
  update_sidebar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  care_sign_in_view_reset (self->sign_in_view, forget_person);
  update_page (self);
}

void
care_window_lock (CareWindow *self)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  end_session (self, FALSE);
}

void
care_window_sign_out (CareWindow *self)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  end_session (self, TRUE);
}

static void
signed_in_cb (CareWindow     *self,
              CareSession    *session)
{
  clear_pages_session (self);
  g_set_object (&self->session, session);
  update_sidebar (self);
  update_user_button (self);

  /* The first page is chosen while the main view is still hidden, so the
   * change of view does not fade through the page of whoever was here
   * before, or through "nothing here for your role". */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  if (!show_page_entry (self, first_offered_page (self)))
    gtk_stack_set_visible_child_name (self->page_stack, "no-pages");

  update_page (self);
  /* Keyboard focus starts on this person's first page in the sidebar, not
   * wherever the last person left it. */
  if (gtk_list_box_get_selected_row (self->sidebar_list) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (self->sidebar_list)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  self->last_activity = g_get_monotonic_time ();
  schedule_lock (self);
}

/* Inactivity: any key, click, scroll or pointer movement over the window
 * counts as use. The timer only fires at the earliest moment the window
 * could be idle long enough, and checks again then. */
static guint
lock_timeout_seconds (CareWindow *self)
{
  if (self->settings == NULL)
    return DEFAULT_LOCK_TIMEOUT_SECONDS;
  return g_settings_get_uint (self->settings, "lock-timeout-seconds");
}

static gboolean
lock_timeout_cb (gpointer data)
{
  CareWindow *self = CARE_WINDOW (data);
  gint64 timeout = (gint64) lock_timeout_seconds (self) * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  self->lock_source = 0;

  if (idle >= timeout)
    care_window_lock (self);
  else
    schedule_lock (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_lock (CareWindow *self)
{
  gint64 timeout = (gint64) lock_timeout_seconds (self) * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;
  gint64 remaining_ms = MAX (0, (timeout - idle) / 1000) + 1;

  stop_lock_timer (self);
  if (self->session == NULL)
    return;

  self->lock_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN (remaining_ms, G_MAXUINT),
                                          lock_timeout_cb, self, NULL);
  g_source_set_name_by_id (self->lock_source, "[care] inactivity lock");
}

static void
note_activity (CareWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CareWindow            *self)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CareWindow               *self)
{
  note_activity (self);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  CareWindow      *self)
{
  note_activity (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           CareWindow               *self)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
add_activity_controllers (CareWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  /* Capture phase: seen before any widget handles the event, and never
   * stops it. */
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);

  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);

  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

static void
lock_timeout_changed_cb (CareWindow *self)
{
  schedule_lock (self);
}

static void
setup_button_clicked_cb (CareWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
  show_outer (self, "setup");
  gtk_widget_grab_focus (GTK_WIDGET (self->setting_name_row));
}

static void
setup_back_button_clicked_cb (CareWindow *self)
{
  update_page (self);
}

static void
show_setup_error (CareWindow *self,
                  const char *message)
{
  gtk_label_set_text (self->setup_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), TRUE);
}

static void
setup_confirm_button_clicked_cb (CareWindow *self)
{
  g_autoptr(CareRecord) setting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *setting_name = NULL;
  g_autofree char *manager_name = NULL;
  g_autofree char *manager_uuid = NULL;
  const char *pin;
  const char *pin_again;
  guint service_type;

  g_return_if_fail (self->store != NULL);

  pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  pin_again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row));

  /* Typing the PIN twice is a user interface safeguard against a typing
   * slip, so it is checked here; every rule about the PIN itself is the
   * core's. */
  if (!g_str_equal (pin, pin_again))
    {
      show_setup_error (self, _("The two PINs are different. Type the same PIN in both boxes."));
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }

  setting_name = care_gui_editable_text (GTK_WIDGET (self->setting_name_row));
  manager_name = care_gui_editable_text (GTK_WIDGET (self->manager_name_row));
  service_type = adw_combo_row_get_selected (self->service_type_row);
  if (service_type >= G_N_ELEMENTS (service_type_codes))
    service_type = 0;

  setting = care_record_new (CARE_KIND_SETTING);
  /* An empty name is left unset so that the core's "required" message names
   * the missing field. */
  if (*setting_name != '\0')
    care_record_set_string (setting, "name", setting_name);
  care_record_set_string (setting, "service_type", service_type_codes[service_type]);

  if (!care_setup_load_catalogue (self->store, &error))
    {
      show_setup_error (self, error->message);
      return;
    }

  manager_uuid = care_setup_first_run (self->store, setting,
                                       *manager_name != '\0' ? manager_name : NULL,
                                       pin, &error);
  if (manager_uuid == NULL)
    {
      show_setup_error (self, error != NULL ? error->message : _("The care home could not be set up."));
      return;
    }

  /* The PIN has been hashed and stored; do not leave it in a widget. */
  clear_setup_form (self);
  /* The new manager signs in with the PIN they have just chosen. */
  care_sign_in_view_reset (self->sign_in_view, TRUE);
  update_page (self);
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  care_window_refresh (CARE_WINDOW (widget));
}

static void
lock_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_window_lock (CARE_WINDOW (widget));
}

/* GtkApplication would build the shortcuts window with every window it is
 * given (from gtk/help-overlay.ui under the resource base path): hundreds
 * of widgets and, under X11, a round trip to the server for each of its 69
 * tooltips, half the time the window took to build. It is built when first
 * asked for instead. */
GtkShortcutsWindow *
care_window_get_shortcuts_window (CareWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  if (self->shortcuts_window != NULL)
    return self->shortcuts_window;

  builder = gtk_builder_new_from_resource ("/org/example/CareDelegation/ui/help-overlay.ui");
  self->shortcuts_window = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  g_object_ref_sink (self->shortcuts_window);
  gtk_window_set_transient_for (GTK_WINDOW (self->shortcuts_window), GTK_WINDOW (self));
  gtk_window_set_hide_on_close (GTK_WINDOW (self->shortcuts_window), TRUE);
  return self->shortcuts_window;
}

static void
show_shortcuts_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (care_window_get_shortcuts_window (CARE_WINDOW (widget))));
}

static void
sign_out_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  care_window_sign_out (CARE_WINDOW (widget));
}

static void
show_page_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  care_window_show_page (CARE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_page_number_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);
  guint wanted = g_variant_get_uint32 (parameter);
  guint n = 0;

  /* Alt+1 is the first page this person sees, whatever their role. */
  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      if (page_offered (self, entry) && ++n == wanted)
        {
          show_page_entry (self, entry);
          return;
        }
    }
}

static void
restored_cb (CareWindow *self,
             const char *path)
{
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  /* The person signed in may not exist in the restored records. */
  care_window_sign_out (self);
  update_titles (self);

  /* Translators: %s is the backup file's name */
  message = g_strdup_printf (_("The care records were restored from “%s”. Sign in again."), path);
  /* A toast's title is markup; a file name may hold "&". */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  care_window_add_toast (self, toast);
}

static void
preferences_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);
  GtkWindow *preferences;

  g_return_if_fail (self->session != NULL);

  preferences = care_preferences_window_new (GTK_WINDOW (self), self->store, self->session);
  g_signal_connect_object (preferences, "setting-changed",
                           G_CALLBACK (care_window_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (preferences, "restored",
                           G_CALLBACK (restored_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (preferences);
}

/* SQLite's own finding ("Page 3710: btreeInitPage() returns error code
 * 11") means nothing to a care home manager but is what IT support needs,
 * so it sits under an expander below the plain words. */
static GtkWidget *
damage_details_new (const GError *error)
{
  GtkWidget *expander = gtk_expander_new (_("Details for IT support"));
  GtkWidget *label = gtk_label_new (error->message);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "caption");
  gtk_expander_set_child (GTK_EXPANDER (expander), label);
  return expander;
}

/* The full integrity check of a store reads the whole file, seconds for
 * years of records, so it runs on its own connection once the window has
 * drawn, and raises the alarm if it finds damage. From then on the store
 * itself refuses every save. */
static void
show_damage_alarm (CareWindow   *self,
                   const GError *error)
{
  AdwMessageDialog *dialog;

  g_message ("%s", error->message);
  dialog = care_form_message_new (GTK_WINDOW (self), _("The Care Records Are Damaged"),
    _("Part of the file that holds the care records cannot be read.\n\n"
      "You can still read the records, print them and make a backup, but nothing new can be saved. "
      "Record care on paper for now, and ask a manager to restore the latest backup in Preferences."));
  adw_message_dialog_set_extra_child (dialog, damage_details_new (error));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
store_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CareWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (care_store_check_finish (CARE_STORE (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || CARE_STORE (source) != self->store)
    return;
  update_titles (self);
  if (g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_CORRUPT))
    show_damage_alarm (self, error);
  else
    g_message ("The integrity check of the care records could not run: %s", error->message);
}

static gboolean
start_store_check (gpointer user_data)
{
  CareWindow *self = user_data;

  self->check_source = 0;
  self->check_cancellable = g_cancellable_new ();
  care_store_check_async (self->store, self->check_cancellable, store_checked_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
stop_store_check (CareWindow *self)
{
  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
}

static void
schedule_store_check (CareWindow *self)
{
  stop_store_check (self);
  if (self->store == NULL)
    return;
  /* Below the frame clock's priority: the window is drawn first. */
  self->check_source = g_idle_add_full (G_PRIORITY_LOW, start_store_check, self, NULL);
}

static void
care_window_dispose (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);

  stop_lock_timer (self);
  stop_store_check (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_WINDOW);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  if (self->shortcuts_window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->shortcuts_window));
      g_clear_object (&self->shortcuts_window);
    }

  G_OBJECT_CLASS (care_window_parent_class)->dispose (object);
}

static void
care_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CareWindow *self = CARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CareWindow *self = CARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      care_window_set_store (self, g_value_get_object (value));
      break;

    case PROP_DEMO:
      care_window_set_demo (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_window_class_init (CareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_window_dispose;
  object_class->get_property = care_window_get_property;
  object_class->set_property = care_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CARE_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CARE_TYPE_SIGN_IN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setup_button);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setting_name_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, service_type_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, manager_name_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setup_error_label);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setup_confirm_button);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, sign_in_view);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, user_content);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, page_stack);
  gtk_widget_class_bind_template_callback (widget_class, setup_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_confirm_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action_cb);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action_cb);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action_cb);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page-number", "u", show_page_number_action_cb);

  for (guint i = 1; i <= 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_ALT_MASK,
                                         "win.show-page-number", "u", i);
}

static void
care_window_init (CareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_entry_free);

  /* Without the schema (a run from a build folder) the defaults apply. */
  self->settings = care_gui_settings_new ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::lock-timeout-seconds",
                               G_CALLBACK (lock_timeout_changed_cb), self, G_CONNECT_SWAPPED);
    }

  add_activity_controllers (self);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (update_user_button), self, G_CONNECT_SWAPPED);

  care_gui_label_peek_buttons (GTK_WIDGET (self->pin_row), _("Show or hide the PIN"));
  care_gui_label_peek_buttons (GTK_WIDGET (self->pin_again_row), _("Show or hide the PIN"));

  show_outer (self, "empty");
}

CareWindow *
care_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (CARE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

CareStore *
care_window_get_store (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return self->store;
}

static void
remove_pages (CareWindow *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      if (entry->page != NULL)
        gtk_stack_remove (self->page_stack, entry->page);
      gtk_list_box_remove (self->sidebar_list, GTK_WIDGET (entry->row));
    }
  g_ptr_array_set_size (self->pages, 0);
}

void
care_window_set_store (CareWindow *self,
                       CareStore  *store)
{
  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (store == NULL || CARE_IS_STORE (store));

  /* Setting the same store again is how the application asks the window to
   * leave the busy or error page, so the page is always recomputed. */
  if (store != self->store)
    {
      /* Whoever was signed in was signed in to the other home. */
      care_window_sign_out (self);
      remove_pages (self);
      g_set_object (&self->store, store);
      care_sign_in_view_set_store (self->sign_in_view, store);
      if (store != NULL)
        care_window_register_pages (self, store);
      schedule_store_check (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }

  update_page (self);
}

gboolean
care_window_get_demo (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);

  return self->demo;
}

void
care_window_set_demo (CareWindow *self,
                      gboolean    demo)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  demo = !!demo;
  if (self->demo == demo)
    return;

  self->demo = demo;
  care_sign_in_view_set_demo (self->sign_in_view, demo);
  update_titles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

CareSession *
care_window_get_session (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return self->session;
}

void
care_window_show_busy (CareWindow *self,
                       const char *message)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  gtk_label_set_text (self->busy_label, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->busy_spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                  -1);
  show_outer (self, "busy");
}

void
care_window_show_error (CareWindow   *self,
                        const char   *heading,
                        const GError *error)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (error != NULL);

  /* The status page description is markup; a file path or SQLite message
   * may hold "&" or "<". */
  markup = g_markup_escape_text (error->message, -1);
  adw_window_title_set_title (self->window_title, _("CareDelegation"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  adw_status_page_set_title (self->error_page, heading);
  adw_status_page_set_description (self->error_page, markup);
  show_outer (self, "error");
}

void
care_window_refresh (CareWindow *self)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  update_titles (self);
  if (self->session != NULL)
    refresh_page (gtk_stack_get_visible_child (self->page_stack));
}

void
care_window_add_page (CareWindow *self,
                      const char *name,
                      const char *title,
                      const char *icon_name,
                      CareWindowPageNew new_page,
                      CareRole    roles)
{
  PageEntry *entry;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;

  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (new_page != NULL);
  g_return_if_fail (find_page (self, name) == NULL);

  entry = g_new0 (PageEntry, 1);
  entry->name = g_strdup (name);
  entry->title = g_strdup (title);
  entry->new_page = new_page;
  entry->roles = roles;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  icon = gtk_image_new_from_icon_name (icon_name);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "care-page-name", g_strdup (name), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_list_box_append (self->sidebar_list, row);
  entry->row = GTK_LIST_BOX_ROW (row);

  g_ptr_array_add (self->pages, entry);

  gtk_widget_set_visible (row, page_offered (self, entry));
}

GtkWidget *
care_window_get_page (CareWindow *self,
                      const char *name)
{
  PageEntry *entry;

  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  entry = find_page (self, name);
  if (entry == NULL)
    return NULL;
  /* Whoever asks for a page is about to use it as its viewer would. */
  ensure_page_session (self, entry);
  return entry->page;
}

const char *
care_window_get_visible_page_name (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  if (self->session == NULL)
    return NULL;
  for (guint i = 0; i < self->pages->len; i++)
    {
      PageEntry *entry = g_ptr_array_index (self->pages, i);

      if (entry->page != NULL && entry->page == gtk_stack_get_visible_child (self->page_stack))
        return entry->name;
    }
  return NULL;
}

gboolean
care_window_show_page (CareWindow *self,
                       const char *name)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return show_page_entry (self, find_page (self, name));
}

gboolean
care_window_page_is_offered (CareWindow *self,
                             const char *name)
{
  PageEntry *entry;

  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);

  entry = find_page (self, name);
  return entry != NULL && page_offered (self, entry);
}

void
care_window_add_toast (CareWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (CARE_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
