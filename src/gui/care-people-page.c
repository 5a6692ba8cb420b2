/* care-people-page.c: everyone the home supports, and each one's record
 *
 * Typing in the search box makes a new paged query, so the search is a
 * bound SQL value over the people table and the list only ever reads the
 * pages it shows.
 */
#include "config.h"

#include "care-people-page.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-list-util.h"
#include "care-people.h"
#include "care-person-dialog.h"
#include "care-person-record.h"
#include "care-task-queries.h"

struct _CarePeoplePage
{
  AdwBin          parent_instance;

  /* Template widgets; the toast overlay is the bin's own child. */
  AdwLeaflet     *leaflet;
  GtkSearchEntry *search_entry;
  GtkLabel       *count_label;
  GtkLabel       *error_label;
  GtkStack       *list_stack;
  GtkListView    *people_list;
  AdwStatusPage  *empty_page;

  CareStore      *store;
  CareSession    *session;
  CarePagedModel *model;
  CarePersonPage *person_page;
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CarePeoplePage, care_people_page, ADW_TYPE_BIN)

static void
update_count (CarePeoplePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = NULL;

  care_form_show_message (self->error_label, care_paged_model_get_error_message (self->model));
  if (self->session == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      adw_status_page_set_title (self->empty_page, _("Sign in to see people"));
      adw_status_page_set_description (self->empty_page, NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  text = g_strdup_printf (ngettext ("%u person", "%u people", n), n);
  gtk_label_set_text (self->count_label, text);
  adw_status_page_set_title (self->empty_page, *search ? _("No one found") : _("No people yet"));
  adw_status_page_set_description (self->empty_page, *search ? _("Try part of a name, a room or an NHS number.")
                                                             : _("A manager adds the people the home supports."));
  /* A list waiting for its query must be on screen to be given a height. */
  gtk_stack_set_visible_child_name (self->list_stack,
                                    n > 0 || care_list_view_has_pending_query (self->people_list) ? "list" : "empty");
}

static void
load_list (CarePeoplePage *self)
{
  g_autoptr(CarePagedQuery) query = NULL;

  /* Locked: no names on screen. */
  if (self->store != NULL && self->session != NULL)
    query = care_person_record_people_source (self->store, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  care_list_view_set_query (self->people_list, self->model, query);
  update_count (self);
}

void
care_people_page_refresh (CarePeoplePage *self)
{
  g_return_if_fail (CARE_IS_PEOPLE_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.add",
                                 self->session != NULL && (care_session_get_role (self->session) & CARE_ROLE_MANAGER));
  load_list (self);
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "person") == 0)
    care_person_page_refresh (self->person_page);
}

static void
search_changed_cb (CarePeoplePage *self)
{
  load_list (self);
}

/* Enter opens the first person found, so a name and Enter is all it takes. */
static void
search_activate_cb (CarePeoplePage *self)
{
  g_autoptr(CarePagedRow) first = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;
  first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
  if (care_paged_row_get_loaded (first))
    care_people_page_show_person (self, care_paged_row_get_string (first, "uuid"));
}

static void
person_activated_cb (CarePeoplePage *self,
                     guint           position)
{
  g_autoptr(CarePagedRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (row != NULL && care_paged_row_get_loaded (row))
    care_people_page_show_person (self, care_paged_row_get_string (row, "uuid"));
}

static char *
format_nhs_number (const char *digits)
{
  if (digits == NULL || strlen (digits) != 10)
    return g_strdup (digits);
  return g_strdup_printf ("%.3s %.3s %.4s", digits, digits + 3, digits + 6);
}

static char *
describe_person (CarePeoplePage *self,
                 CarePagedRow   *row,
                 gboolean       *sixteen_seventeen)
{
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);
  g_autofree char *today = care_store_today (self->store);
  g_autofree char *born = care_gui_format_short_date (care_paged_row_get_string (row, "date_of_birth"));
  g_autofree char *nhs = format_nhs_number (care_paged_row_get_string (row, "nhs_number"));
  g_autoptr(GString) text = g_string_new (NULL);
  const char *room = care_paged_row_get_string (row, "room");

  care_record_set_string (person, "date_of_birth", care_paged_row_get_string (row, "date_of_birth"));
  *sixteen_seventeen = care_person_is_16_or_17 (person, today);
  /* Translators: date of birth and age in years */
  g_string_append_printf (text, _("Born %s, aged %d"), born, care_person_record_age (person, today));
  if (room != NULL)
    g_string_append_printf (text, " · %s", room);
  if (nhs != NULL)
    g_string_append_printf (text, " · %s %s", _("NHS"), nhs);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_person_row (CarePeoplePage *self,
                 GtkListItem    *list_item)
{
  CarePagedRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkLabel *name = GTK_LABEL (gtk_widget_get_first_child (texts));
  GtkLabel *detail = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (name)));
  GtkLabel *age_tag = GTK_LABEL (gtk_widget_get_next_sibling (texts));
  GtkLabel *status_tag = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (age_tag)));
  g_autofree char *text = NULL;
  const char *status;
  gboolean young = FALSE;

  if (!care_paged_row_get_loaded (row))
    {
      gtk_label_set_text (name, _("Loading…"));
      gtk_label_set_text (detail, "");
      gtk_widget_set_visible (GTK_WIDGET (age_tag), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (status_tag), FALSE);
      return;
    }
  text = describe_person (self, row, &young);
  status = care_paged_row_get_string (row, "status");
  gtk_label_set_text (name, care_paged_row_get_string (row, "name"));
  gtk_label_set_text (detail, text);
  gtk_widget_set_visible (GTK_WIDGET (age_tag), young);
  gtk_widget_set_visible (GTK_WIDGET (status_tag), g_strcmp0 (status, "active") != 0);
  gtk_label_set_text (status_tag, care_task_choice_label (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, care_paged_row_get_string (row, "name"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
person_row_loaded_cb (CarePagedRow *row,
                      GParamSpec   *pspec,
                      GtkListItem  *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  CarePeoplePage *self = CARE_PEOPLE_PAGE (gtk_widget_get_ancestor (box, CARE_TYPE_PEOPLE_PAGE));

  if (self != NULL && gtk_list_item_get_item (list_item) == row)
    fill_person_row (self, list_item);
}

static void
person_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CarePeoplePage           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), care_form_tag_new (_("Aged 16–17"), "care-tag-flag"));
  gtk_box_append (GTK_BOX (box), care_form_tag_new (NULL, NULL));
  gtk_list_item_set_child (list_item, box);
}

static void
person_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CarePeoplePage           *self)
{
  CarePagedRow *row = gtk_list_item_get_item (list_item);

  fill_person_row (self, list_item);
  if (!care_paged_row_get_loaded (row))
    g_signal_connect_object (row, "notify::loaded", G_CALLBACK (person_row_loaded_cb), list_item, 0);
}

static void
person_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CarePeoplePage           *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), person_row_loaded_cb, list_item);
}

void
care_people_page_show_person (CarePeoplePage *self,
                              const char     *person_uuid)
{
  g_return_if_fail (CARE_IS_PEOPLE_PAGE (self));
  g_return_if_fail (person_uuid != NULL);

  care_person_page_set_person (self->person_page, person_uuid);
  adw_leaflet_set_visible_child_name (self->leaflet, "person");
}

void
care_people_page_show_list (CarePeoplePage *self)
{
  g_return_if_fail (CARE_IS_PEOPLE_PAGE (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
person_added_cb (CarePeoplePage *self,
                 CareRecord     *person)
{
  g_autofree char *name = care_person_record_display_name (person);
  /* Translators: %s is the person's name */
  g_autofree char *message = g_strdup_printf (_("%s was added."), name);

  care_form_toast (ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self))), message);
  load_list (self);
  care_people_page_show_person (self, care_record_get_uuid (person));
}

GtkWindow *
care_people_page_add_person (CarePeoplePage *self)
{
  CarePersonDialog *dialog;

  g_return_val_if_fail (CARE_IS_PEOPLE_PAGE (self), NULL);

  if (self->session == NULL)
    return NULL;
  dialog = care_person_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->store, self->session, NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (person_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
add_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  care_people_page_add_person (CARE_PEOPLE_PAGE (widget));
}

static void
show_list_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  care_people_page_show_list (CARE_PEOPLE_PAGE (widget));
}

static void
search_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CarePeoplePage *self = CARE_PEOPLE_PAGE (widget);

  care_people_page_show_list (self);
}

static void
refresh_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  care_people_page_refresh (CARE_PEOPLE_PAGE (widget));
}

static void
set_session (CarePeoplePage *self,
             CareSession    *session)
{
  if (!g_set_object (&self->session, session))
    return;
  g_object_set (self->person_page, "session", session, NULL);
  /* Whoever signs in next starts from the list, not from the last
   * person someone else was reading. */
  if (session == NULL)
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "list");
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
  care_people_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_people_page_constructed (GObject *object)
{
  CarePeoplePage *self = CARE_PEOPLE_PAGE (object);
  AdwLeafletPage *page;

  G_OBJECT_CLASS (care_people_page_parent_class)->constructed (object);

  self->person_page = CARE_PERSON_PAGE (care_person_page_new (self->store));
  page = adw_leaflet_append (self->leaflet, GTK_WIDGET (self->person_page));
  adw_leaflet_page_set_name (page, "person");
  care_people_page_refresh (self);
}

static void
care_people_page_dispose (GObject *object)
{
  CarePeoplePage *self = CARE_PEOPLE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PEOPLE_PAGE);
  self->person_page = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (care_people_page_parent_class)->dispose (object);
}

static void
care_people_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CarePeoplePage *self = CARE_PEOPLE_PAGE (object);

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
care_people_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CarePeoplePage *self = CARE_PEOPLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_people_page_class_init (CarePeoplePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_people_page_constructed;
  object_class->dispose = care_people_page_dispose;
  object_class->get_property = care_people_page_get_property;
  object_class->set_property = care_people_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-people-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePeoplePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CarePeoplePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CarePeoplePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CarePeoplePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CarePeoplePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CarePeoplePage, people_list);
  gtk_widget_class_bind_template_child (widget_class, CarePeoplePage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_unbind_cb);

  gtk_widget_class_install_action (widget_class, "people.add", NULL, add_cb);
  gtk_widget_class_install_action (widget_class, "people.show-list", NULL, show_list_cb);
  gtk_widget_class_install_action (widget_class, "people.search", NULL, search_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "people.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "people.search", NULL);
}

static void
care_people_page_init (CarePeoplePage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = care_paged_model_new (NULL);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_list_view_set_model (self->people_list, GTK_SELECTION_MODEL (selection));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->people_list));
}

GtkWidget *
care_people_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_PEOPLE_PAGE, "store", store, NULL);
}

void
care_people_page_set_search (CarePeoplePage *self,
                             const char     *text)
{
  g_return_if_fail (CARE_IS_PEOPLE_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* The entry waits a moment before it reports a change; a caller who
   * sets the text wants the list now. */
  load_list (self);
}

CarePagedModel *
care_people_page_get_model (CarePeoplePage *self)
{
  g_return_val_if_fail (CARE_IS_PEOPLE_PAGE (self), NULL);
  return self->model;
}

CarePersonPage *
care_people_page_get_person_page (CarePeoplePage *self)
{
  g_return_val_if_fail (CARE_IS_PEOPLE_PAGE (self), NULL);
  return self->person_page;
}
