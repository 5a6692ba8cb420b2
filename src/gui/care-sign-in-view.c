/* care-sign-in-view.c: choose your name, type your PIN
 *
 * Staff lists are small, but the list is still a paged model over a core
 * query and the search is done in SQL, so the sign-in screen costs the same
 * for a home of ten staff and an agency of a thousand.
 */
#include "config.h"

#include "care-sign-in-view.h"

#include <glib/gi18n.h>

#include "care-demo.h"
#include "care-gui-util.h"
#include "care-paged-model.h"
#include "care-paged-query.h"

struct _CareSignInView
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkSearchEntry      *search_entry;
  GtkListView         *staff_list;
  GtkLabel            *no_match_label;
  AdwPreferencesGroup *pin_group;
  AdwPasswordEntryRow *pin_row;
  GtkLabel            *error_label;
  GtkWidget           *sign_in_button;
  GtkLabel            *demo_label;

  CareStore           *store;
  CarePagedModel      *staff;
  GtkSingleSelection  *selection;
  CarePagedRow        *pending;     /* selected before its page arrived */
  /* The chosen person, kept by uuid: a new search reloads the list. */
  char                *chosen_uuid;
  char                *chosen_name;
};

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum
{
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareSignInView, care_sign_in_view, ADW_TYPE_BIN)

static void
show_error (CareSignInView *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_pin_title (CareSignInView *self)
{
  g_autofree char *title = NULL;

  if (self->chosen_name != NULL)
    /* Translators: %s is the name of the person signing in */
    title = g_strdup_printf (_("PIN for %s"), self->chosen_name);

  adw_preferences_group_set_title (self->pin_group, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pin_group), self->chosen_uuid != NULL);
}

static void
choose (CareSignInView *self,
        CarePagedRow   *row)
{
  const char *uuid = row != NULL ? care_paged_row_get_string (row, "uuid") : NULL;
  const char *name = row != NULL ? care_paged_row_get_string (row, "name") : NULL;

  if (g_strcmp0 (uuid, self->chosen_uuid) != 0)
    {
      /* A PIN typed for one person is never tried for another. */
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
      show_error (self, NULL);
    }

  g_free (self->chosen_uuid);
  self->chosen_uuid = g_strdup (uuid);
  g_free (self->chosen_name);
  self->chosen_name = g_strdup (name);
  update_pin_title (self);
}

static void selection_changed_cb (CareSignInView *self);

static void
clear_pending (CareSignInView *self)
{
  if (self->pending != NULL)
    g_signal_handlers_disconnect_by_func (self->pending, selection_changed_cb, self);
  g_clear_object (&self->pending);
}

static void
selection_changed_cb (CareSignInView *self)
{
  CarePagedRow *row = gtk_single_selection_get_selected_item (self->selection);

  clear_pending (self);

  /* A placeholder still being read is chosen when its row arrives. */
  if (row != NULL && !care_paged_row_get_loaded (row))
    {
      self->pending = g_object_ref (row);
      g_signal_connect_swapped (row, "notify::loaded", G_CALLBACK (selection_changed_cb), self);
      return;
    }
  /* A new search empties the selection but not the choice. */
  if (row == NULL && self->chosen_uuid != NULL)
    return;

  choose (self, row);
}

static void
update_no_match (CareSignInView *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->staff));
  const char *error = care_paged_model_get_error_message (self->staff);
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup (error);
  else if (n_items == 0 && *search != '\0')
    /* Translators: %s is what was typed in the staff search box */
    text = g_strdup_printf (_("No active staff member’s name contains “%s”."), search);
  else if (n_items == 0)
    text = g_strdup (_("There are no active staff members."));

  gtk_label_set_text (self->no_match_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->no_match_label), text != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->staff_list)), n_items > 0);
}

static void
staff_row_update (GtkListItem *item)
{
  CarePagedRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *role = gtk_widget_get_next_sibling (name);
  gboolean loaded = row != NULL && care_paged_row_get_loaded (row);

  g_autofree char *label = NULL;

  gtk_label_set_text (GTK_LABEL (name), loaded ? care_paged_row_get_string (row, "name") : "");
  gtk_label_set_text (GTK_LABEL (role), loaded ? care_role_to_label (care_paged_row_get_string (row, "role")) : "");

  /* GTK 4.8 list rows take no name of their own; the row's box carries it
   * for screen readers, as "name, role". */
  if (loaded)
    label = g_strdup_printf ("%s, %s", gtk_label_get_text (GTK_LABEL (name)), gtk_label_get_text (GTK_LABEL (role)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : _("Loading…"),
                                  -1);
}

static void
staff_row_loaded_cb (CarePagedRow   *row,
                     GParamSpec     *pspec,
                     GtkListItem    *item)
{
  staff_row_update (item);
}

static void
staff_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                CareSignInView           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *role = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (role), 0);
  gtk_widget_add_css_class (role, "dim-label");
  gtk_widget_add_css_class (role, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), role);

  gtk_list_item_set_child (item, box);
}

static void
staff_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CareSignInView           *self)
{
  CarePagedRow *row = gtk_list_item_get_item (item);

  g_signal_connect (row, "notify::loaded", G_CALLBACK (staff_row_loaded_cb), item);
  staff_row_update (item);
}

static void
staff_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 CareSignInView           *self)
{
  CarePagedRow *row = gtk_list_item_get_item (item);

  g_signal_handlers_disconnect_by_func (row, staff_row_loaded_cb, item);
}

static void
load_staff (CareSignInView *self)
{
  g_autoptr(CarePagedQuery) query = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->store != NULL)
    query = care_paged_query_active_staff (self->store, search);

  care_paged_model_set_query (self->staff, query);
  update_no_match (self);
}

static void
search_changed_cb (CareSignInView *self)
{
  load_staff (self);
}

static void
focus_pin (CareSignInView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
}

static void
search_activate_cb (CareSignInView *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->staff));

  /* Enter in the search box takes the only, or the first, match. */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION && n_items > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  if (self->chosen_uuid != NULL)
    focus_pin (self);
}

/* Puts a character typed elsewhere at the end of @editable, which takes the
 * focus, as if it had been typed there. */
static void
append_typed (GtkWidget *editable,
              gunichar   c)
{
  char utf8[7] = { 0 };
  int position = -1;

  gtk_widget_grab_focus (editable);
  g_unichar_to_utf8 (c, utf8);
  gtk_editable_insert_text (GTK_EDITABLE (editable), utf8, -1, &position);
  gtk_editable_set_position (GTK_EDITABLE (editable), -1);
}

/* A name chosen with the pointer leaves the focus on the list, where the
 * search's key capture would take the PIN's digits as a search. Names
 * have no digits, so once someone is chosen a digit typed on the list is
 * the start of their PIN. */
static gboolean
staff_list_key_pressed_cb (GtkEventControllerKey *controller,
                           guint                  keyval,
                           guint                  keycode,
                           GdkModifierType        state,
                           CareSignInView        *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (self->chosen_uuid == NULL || !g_unichar_isdigit (c))
    return GDK_EVENT_PROPAGATE;

  append_typed (GTK_WIDGET (self->pin_row), c);
  return GDK_EVENT_STOP;
}

/* After a lock the PIN box waits for the last person; someone else who
 * walks up and types their name must not spend that person's PIN tries.
 * PINs are digits, so a letter typed there starts a search instead. */
static gboolean
pin_key_pressed_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    CareSignInView        *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || !g_unichar_isalpha (c))
    return GDK_EVENT_PROPAGATE;

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  append_typed (GTK_WIDGET (self->search_entry), c);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_clear_pointer (&self->chosen_uuid, g_free);
  g_clear_pointer (&self->chosen_name, g_free);
  update_pin_title (self);
  return GDK_EVENT_STOP;
}

static void
staff_list_activate_cb (CareSignInView *self,
                        guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  focus_pin (self);
}

static void
sign_in (CareSignInView *self)
{
  g_autoptr(CareSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;

  g_return_if_fail (self->store != NULL);

  if (self->chosen_uuid == NULL)
    {
      show_error (self, _("Choose your name in the list first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }

  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  /* Whatever happens, the PIN does not stay on screen. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");

  session = care_session_sign_in (self->store, self->chosen_uuid, pin, &error);
  if (session == NULL)
    {
      show_error (self, error->message);
      focus_pin (self);
      return;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, session);
}

static void
pin_activated_cb (CareSignInView *self)
{
  sign_in (self);
}

static void
sign_in_clicked_cb (CareSignInView *self)
{
  sign_in (self);
}

static void
care_sign_in_view_dispose (GObject *object)
{
  CareSignInView *self = CARE_SIGN_IN_VIEW (object);

  clear_pending (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SIGN_IN_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->staff);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_sign_in_view_parent_class)->dispose (object);
}

static void
care_sign_in_view_finalize (GObject *object)
{
  CareSignInView *self = CARE_SIGN_IN_VIEW (object);

  g_free (self->chosen_uuid);
  g_free (self->chosen_name);

  G_OBJECT_CLASS (care_sign_in_view_parent_class)->finalize (object);
}

static void
care_sign_in_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CareSignInView *self = CARE_SIGN_IN_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sign_in_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CareSignInView *self = CARE_SIGN_IN_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      care_sign_in_view_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sign_in_view_class_init (CareSignInViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_sign_in_view_dispose;
  object_class->finalize = care_sign_in_view_finalize;
  object_class->get_property = care_sign_in_view_get_property;
  object_class->set_property = care_sign_in_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CARE_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-sign-in-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, staff_list);
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, pin_group);
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, pin_row);
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, CareSignInView, demo_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
}

static void
care_sign_in_view_init (CareSignInView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autofree char *demo_text = NULL;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->staff = care_paged_model_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->staff)));
  /* Nobody is chosen until they choose themselves. */
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->staff, "notify::error-message",
                            G_CALLBACK (update_no_match), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (staff_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (staff_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (staff_unbind_cb), self);
  gtk_list_view_set_factory (self->staff_list, factory);
  gtk_list_view_set_model (self->staff_list, GTK_SELECTION_MODEL (self->selection));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (staff_list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->staff_list), keys);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (pin_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->pin_row), keys);
  care_gui_label_peek_buttons (GTK_WIDGET (self->pin_row), _("Show or hide the PIN"));

  /* Translators: %s is the PIN every demonstration staff member signs in with */
  demo_text = g_strdup_printf (_("This is the demonstration home: its people, staff and records are made up. Every demonstration staff member’s PIN is %s."),
                               CARE_DEMO_PIN);
  gtk_label_set_text (self->demo_label, demo_text);

  update_pin_title (self);
}

CareStore *
care_sign_in_view_get_store (CareSignInView *self)
{
  g_return_val_if_fail (CARE_IS_SIGN_IN_VIEW (self), NULL);

  return self->store;
}

void
care_sign_in_view_set_store (CareSignInView *self,
                             CareStore      *store)
{
  g_return_if_fail (CARE_IS_SIGN_IN_VIEW (self));

  if (!g_set_object (&self->store, store))
    return;

  care_sign_in_view_reset (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
care_sign_in_view_set_demo (CareSignInView *self,
                            gboolean        demo)
{
  g_return_if_fail (CARE_IS_SIGN_IN_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), demo);
}

void
care_sign_in_view_reset (CareSignInView *self,
                         gboolean        forget_person)
{
  g_return_if_fail (CARE_IS_SIGN_IN_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);

  if (forget_person)
    {
      g_clear_pointer (&self->chosen_uuid, g_free);
      g_clear_pointer (&self->chosen_name, g_free);
      /* Setting the text reloads the list through search-changed only
       * after a delay; load now so the list is current at once. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }

  /* Staff may have been added or left since the list was read. */
  load_staff (self);
  update_pin_title (self);
}

void
care_sign_in_view_focus (CareSignInView *self)
{
  g_return_if_fail (CARE_IS_SIGN_IN_VIEW (self));

  if (self->chosen_uuid != NULL)
    focus_pin (self);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
