/* care-today-page.c: the day's round
 *
 * The list is a flat GListStore behind a one-column GtkGridView, so only
 * the lines near the screen have widgets however many people the home has
 * (GTK 4.8's GtkListView would build 200); it is rebuilt in one splice from
 * the core's slot query on every refresh.
 */
#include "config.h"

#include "care-today-page.h"

#include <glib/gi18n.h>

#include "care-administration.h"
#include "care-competency.h"
#include "care-dashboard.h"
#include "care-form-util.h"
#include "care-gui-util.h"
#include "care-person-record.h"
#include "care-today-item.h"
#include "care-today-row.h"
#include "care-validate.h"

struct _CareTodayPage
{
  AdwBin            parent_instance;

  /* Template widgets; the toast overlay is the bin's own child, which the
   * bin disposes of, so it is not bound here. */
  GtkLabel         *date_label;
  GtkLabel         *summary_label;
  GtkLabel         *error_label;
  GtkStack         *content_stack;
  GtkGridView      *list_view;
  AdwStatusPage    *empty_page;

  CareStore        *store;
  CareSession      *session;
  char             *date;
  gboolean          my_round;
  GListStore       *items;
  GtkWidget        *dialog;      /* weak */
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_DATE,
  PROP_MY_ROUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareTodayPage, care_today_page, ADW_TYPE_BIN)

/* What the round needs to describe each slot, read once per refresh. */
typedef struct
{
  GHashTable *entries;      /* administration uuid -> CareRecord */
  GHashTable *staff_names;  /* staff uuid -> name */
  GHashTable *rooms;        /* person uuid -> room */
  GHashTable *competent;    /* task uuid -> GINT_TO_POINTER (1 + competent) */
  GHashTable *types;        /* task type uuid -> CareRecord */
  gint64      due_lead;     /* seconds: a dose given before then is early */
  guint       counts[CARE_SLOT_NOT_DONE + 1];
} RoundContext;

static void
round_context_clear (RoundContext *ctx)
{
  g_clear_pointer (&ctx->entries, g_hash_table_unref);
  g_clear_pointer (&ctx->staff_names, g_hash_table_unref);
  g_clear_pointer (&ctx->rooms, g_hash_table_unref);
  g_clear_pointer (&ctx->competent, g_hash_table_unref);
  g_clear_pointer (&ctx->types, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RoundContext, round_context_clear)

static GHashTable *
index_records (GPtrArray  *records,
               const char *value_field)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             value_field ? g_free : g_object_unref);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      CareRecord *r = g_ptr_array_index (records, i);

      if (value_field != NULL)
        g_hash_table_insert (index, g_strdup (care_record_get_uuid (r)),
                             g_strdup (care_record_get_string (r, value_field)));
      else
        g_hash_table_insert (index, g_strdup (care_record_get_uuid (r)), g_object_ref (r));
    }
  return index;
}

/* Everything Today reads for @date, before it is sorted into lines: the
 * one list of its questions, asked by the page and, ahead of it, by
 * care_today_page_read_ahead(). */
static gboolean
read_round (CareStore     *store,
            const char    *date,
            RoundContext  *ctx,
            GPtrArray    **slots,
            GPtrArray    **when_required,
            GError       **error)
{
  g_autoptr(GPtrArray) entries = care_person_record_day_entries (store, date, error);
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) people = NULL;

  if (entries == NULL)
    return FALSE;
  staff = care_store_list_current (store, CARE_KIND_STAFF, NULL, NULL, error);
  if (staff == NULL)
    return FALSE;
  people = care_store_list_current (store, CARE_KIND_PERSON, NULL, NULL, error);
  if (people == NULL)
    return FALSE;
  ctx->entries = index_records (entries, NULL);
  ctx->due_lead = care_administration_due_lead_seconds (store);
  ctx->staff_names = index_records (staff, "name");
  ctx->rooms = index_records (people, "room");
  ctx->competent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  *slots = care_dashboard_slots (store, date, error);
  if (*slots == NULL)
    return FALSE;
  *when_required = care_person_record_when_required (store, date, error);
  return *when_required != NULL;
}

/* On years of records the first read of a day is mostly SQLite reading
 * pages and preparing statements. Asking Today's questions once, ahead of
 * the page, leaves the statements prepared in @store and the pages in its
 * cache; nothing read is kept, the page reads the records itself. It
 * touches no widget, so it may run on a thread that has @store to itself
 * (care-application.c does, while GTK starts). */
void
care_today_page_read_ahead (CareStore *store)
{
  g_auto(RoundContext) ctx = { 0 };
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) when_required = NULL;
  g_autofree char *today = NULL;

  g_return_if_fail (CARE_IS_STORE (store));

  if (!care_store_is_set_up (store))
    return;
  today = care_store_today (store);
  read_round (store, today, &ctx, &slots, &when_required, NULL);
}

/* The same question the core asks when a "done" is saved, so "My round"
 * never offers a task the carer would then be refused. */
static gboolean
is_competent (CareTodayPage *self,
              RoundContext  *ctx,
              const char    *task_uuid,
              const char    *type_uuid,
              const char    *person_uuid)
{
  gpointer cached = g_hash_table_lookup (ctx->competent, task_uuid);
  CareRecord *type;
  g_autoptr(CareRecord) valid = NULL;

  if (cached != NULL)
    return GPOINTER_TO_INT (cached) - 1;

  type = g_hash_table_lookup (ctx->types, type_uuid);
  if (type == NULL)
    {
      type = care_store_load (self->store, CARE_KIND_TASK_TYPE, type_uuid, NULL);
      if (type == NULL)
        return FALSE;
      g_hash_table_insert (ctx->types, g_strdup (type_uuid), type);
    }
  valid = care_competency_find_valid (self->store, care_session_get_actor_uuid (self->session), type_uuid,
                                      care_record_get_bool (type, "person_specific") ? person_uuid : NULL,
                                      self->date, NULL);
  g_hash_table_insert (ctx->competent, g_strdup (task_uuid), GINT_TO_POINTER (1 + (valid != NULL)));
  return valid != NULL;
}

static const char *
staff_name (RoundContext *ctx,
            const char   *uuid)
{
  const char *name = uuid ? g_hash_table_lookup (ctx->staff_names, uuid) : NULL;

  return name ? name : _("someone");
}

/* "Done at 08:05 by Alex Carer · late entry" (or "· given early"), or NULL if nothing was
 * recorded yet. */
static char *
describe_entry (RoundContext   *ctx,
                const CareSlot *slot)
{
  CareRecord *entry = slot->administration_uuid ? g_hash_table_lookup (ctx->entries, slot->administration_uuid) : NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *when = NULL;

  if (entry == NULL)
    return slot->time_critical ? g_strdup (_("Time-critical: give it on time")) : NULL;

  when = care_instant_to_time (care_record_get_int (entry, "occurred_at"));
  text = g_string_new (NULL);
  if (slot->state == CARE_SLOT_DONE)
    /* Translators: time, staff name */
    g_string_append_printf (text, _("Done at %s by %s"), when, staff_name (ctx, slot->performer_uuid));
  else
    /* Translators: time, staff name, reason */
    g_string_append_printf (text, _("Not done at %s by %s: %s"), when, staff_name (ctx, slot->performer_uuid),
                            care_outcome_reason_label (care_record_get_string (entry, "reason_canonical")));
  if (slot->state == CARE_SLOT_DONE
      && care_administration_is_early (slot->slot_date, slot->slot_time,
                                       care_record_get_int (entry, "occurred_at"), ctx->due_lead))
    g_string_append_printf (text, " · %s", _("given early"));
  if (care_record_get_bool (entry, "late"))
    g_string_append_printf (text, " · %s", _("late entry"));
  if (care_record_get_bool (entry, "escalate"))
    g_string_append_printf (text, " · %s", _("escalated to the nurse"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_when_required (RoundContext           *ctx,
                        const CareWhenRequired *w)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, ngettext ("%u dose given on this day", "%u doses given on this day", w->doses_on_day),
                          w->doses_on_day);
  if (w->last_dose_at != 0)
    {
      g_autofree char *last = care_form_format_instant (w->last_dose_at);

      /* Translators: date and time, staff name */
      g_string_append (text, " · ");
      g_string_append_printf (text, _("last at %s by %s"), last,
                              w->last_performer_name ? w->last_performer_name : _("someone"));
    }
  g_string_append (text, " · ");
  g_string_append_printf (text, ngettext ("at most %d in 24 hours", "at most %d in 24 hours", (gulong) w->max_24h),
                          (int) w->max_24h);
  if (w->min_interval_minutes > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, ngettext ("%d minute apart", "%d minutes apart", (gulong) w->min_interval_minutes),
                              (int) w->min_interval_minutes);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_slots (CareTodayPage *self,
           RoundContext  *ctx,
           GPtrArray     *slots,
           GPtrArray     *items)
{
  const char *person = NULL;

  for (guint i = 0; i < slots->len; i++)
    {
      CareSlot *slot = g_ptr_array_index (slots, i);
      g_autofree char *detail = NULL;

      if (self->my_round && !is_competent (self, ctx, slot->task_uuid, slot->task_type_uuid, slot->person_uuid))
        continue;
      if (g_strcmp0 (person, slot->person_uuid) != 0)
        {
          person = slot->person_uuid;
          g_ptr_array_add (items, care_today_item_new_heading (slot->person_name,
                                                               g_hash_table_lookup (ctx->rooms, person)));
        }
      ctx->counts[slot->state]++;
      detail = describe_entry (ctx, slot);
      g_ptr_array_add (items, care_today_item_new_slot (slot, detail));
    }
}

static void
add_when_required (CareTodayPage *self,
                   RoundContext  *ctx,
                   GPtrArray     *prn,
                   GPtrArray     *items)
{
  gboolean heading = FALSE;

  for (guint i = 0; i < prn->len; i++)
    {
      CareWhenRequired *w = g_ptr_array_index (prn, i);
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;

      if (self->my_round && !is_competent (self, ctx, w->task_uuid, w->task_type_uuid, w->person_uuid))
        continue;
      if (!heading)
        {
          g_ptr_array_add (items, care_today_item_new_heading (_("When required"),
                                                               _("Give only when needed, within the limits in the instructions")));
          heading = TRUE;
        }
      /* Translators: person, task */
      title = g_strdup_printf (_("%s · %s"), w->person_name, w->task_name);
      detail = describe_when_required (ctx, w);
      g_ptr_array_add (items, care_today_item_new_when_required (w->task_uuid, self->date, title, detail));
    }
}

static char *
count_text (CareSlotState state,
            guint         n)
{
  switch (state)
    {
    case CARE_SLOT_OVERDUE:
      return g_strdup_printf (ngettext ("%u overdue", "%u overdue", n), n);
    case CARE_SLOT_DUE:
      return g_strdup_printf (ngettext ("%u due now", "%u due now", n), n);
    case CARE_SLOT_UPCOMING:
      return g_strdup_printf (ngettext ("%u upcoming", "%u upcoming", n), n);
    case CARE_SLOT_DONE:
      return g_strdup_printf (ngettext ("%u done", "%u done", n), n);
    case CARE_SLOT_NOT_DONE:
      return g_strdup_printf (ngettext ("%u not done", "%u not done", n), n);
    default:
      g_assert_not_reached ();
    }
}

static void
show_summary (CareTodayPage *self,
              RoundContext  *ctx)
{
  static const CareSlotState order[] = {
    CARE_SLOT_OVERDUE, CARE_SLOT_DUE, CARE_SLOT_UPCOMING, CARE_SLOT_DONE, CARE_SLOT_NOT_DONE,
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *part = NULL;

      if (ctx->counts[order[i]] == 0)
        continue;
      part = count_text (order[i], ctx->counts[order[i]]);
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, part);
    }
  gtk_label_set_text (self->summary_label, text->str);
}

static void
show_empty (CareTodayPage *self,
            const char    *title,
            const char    *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
show_error (CareTodayPage *self,
            const GError  *error)
{
  care_form_show_error (self->error_label, error);
}

static void
update_date_label (CareTodayPage *self)
{
  g_autofree char *today = care_store_today (self->store);
  g_autofree char *text = care_gui_format_date (self->date);

  gtk_label_set_text (self->date_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.go-today", g_strcmp0 (today, self->date) != 0);
}

static void
clear_items (CareTodayPage *self)
{
  g_list_store_remove_all (self->items);
  gtk_label_set_text (self->summary_label, "");
}

void
care_today_page_refresh (CareTodayPage *self)
{
  g_auto(RoundContext) ctx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) prn = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (CARE_IS_TODAY_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.my-round", self->session != NULL);
  if (self->store == NULL)
    return;
  if (self->date == NULL)
    self->date = care_store_today (self->store);
  update_date_label (self);

  /* Locked or signed out: nothing about anyone is shown. */
  if (self->session == NULL)
    {
      clear_items (self);
      show_error (self, NULL);
      show_empty (self, _("Sign in to see the round"), NULL);
      return;
    }

  if (!read_round (self->store, self->date, &ctx, &slots, &prn, &error))
    {
      clear_items (self);
      show_error (self, error);
      show_empty (self, _("The round could not be read"), NULL);
      return;
    }
  show_error (self, NULL);

  add_slots (self, &ctx, slots, items);
  add_when_required (self, &ctx, prn, items);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  show_summary (self, &ctx);

  if (items->len > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else if (self->my_round)
    show_empty (self, _("Nothing on your round"),
                _("You are not signed off as competent for any task on this day. Turn off “My round” to see everyone’s."));
  else
    show_empty (self, _("Nothing scheduled"), _("No delegated task is due on this day."));
}

static void
recorded_cb (CareTodayPage    *self,
             CareRecord       *administration,
             CareRecordDialog *dialog)
{
  gboolean done = g_strcmp0 (care_record_get_string (administration, "outcome"), "done") == 0;
  gboolean late = care_record_get_bool (administration, "late");
  gboolean early = done && care_administration_is_early (care_record_get_string (administration, "slot_date"),
                                                          care_record_get_string (administration, "slot_time"),
                                                          care_record_get_int (administration, "occurred_at"),
                                                          care_administration_due_lead_seconds (self->store));
  const char *message;

  if (early)
    message = _("Recorded as done, before it was due: the chart shows it as given early.");
  else if (done)
    message = late ? _("Recorded as done, marked as a late entry.") : _("Recorded as done.");
  else
    message = late ? _("Recorded as not done, marked as a late entry.") : _("Recorded as not done.");
  care_form_toast (ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self))), message);
  care_today_page_refresh (self);
}

CareRecordDialog *
care_today_page_record (CareTodayPage *self,
                        const char    *task_uuid,
                        const char    *slot_time)
{
  CareRecordDialog *dialog;

  g_return_val_if_fail (CARE_IS_TODAY_PAGE (self), NULL);
  g_return_val_if_fail (task_uuid != NULL, NULL);

  if (self->session == NULL || self->store == NULL)
    return NULL;

  dialog = care_record_dialog_new (care_form_parent_window (GTK_WIDGET (self)), self->store, self->session,
                                   task_uuid, self->date, slot_time);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (recorded_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
row_activated_cb (CareTodayPage *self,
                  guint          position)
{
  g_autoptr(CareTodayItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item == NULL || care_today_item_get_kind (item) == CARE_TODAY_ITEM_HEADING)
    return;
  care_today_page_record (self, care_today_item_get_task_uuid (item), care_today_item_get_slot_time (item));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CareTodayPage            *self)
{
  gtk_list_item_set_child (list_item, care_today_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             CareTodayPage            *self)
{
  CareTodayItem *item = gtk_list_item_get_item (list_item);
  gboolean heading = care_today_item_get_kind (item) == CARE_TODAY_ITEM_HEADING;

  care_today_row_set_item (CARE_TODAY_ROW (gtk_list_item_get_child (list_item)), item);
  gtk_list_item_set_activatable (list_item, !heading);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
move_date (CareTodayPage *self,
           int            days)
{
  g_autofree char *date = NULL;

  if (self->date == NULL)
    return;
  date = care_date_add_days (self->date, days);
  care_today_page_set_date (self, date);
}

static void
previous_day_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_date (CARE_TODAY_PAGE (widget), -1);
}

static void
next_day_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_date (CARE_TODAY_PAGE (widget), 1);
}

static void
go_today_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CareTodayPage *self = CARE_TODAY_PAGE (widget);
  g_autofree char *today = NULL;

  if (self->store == NULL)
    return;
  today = care_store_today (self->store);
  care_today_page_set_date (self, today);
}

static void
record_dose_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_today_page_record (CARE_TODAY_PAGE (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
refresh_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  care_today_page_refresh (CARE_TODAY_PAGE (widget));
}

static void
set_session (CareTodayPage *self,
             CareSession   *session)
{
  if (!g_set_object (&self->session, session))
    return;
  /* The day's round belongs to whoever signs in next; an open entry keeps
   * what was typed but cannot be saved by nobody. */
  if (self->dialog != NULL)
    g_object_set (self->dialog, "session", session, NULL);
  if (session == NULL)
    self->my_round = FALSE;
  else
    self->my_round = (care_session_get_role (session) & (CARE_ROLE_CARE_WORKER | CARE_ROLE_SENIOR_CARER)) != 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MY_ROUND]);
  care_today_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
care_today_page_dispose (GObject *object)
{
  CareTodayPage *self = CARE_TODAY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_TODAY_PAGE);
  g_clear_weak_pointer (&self->dialog);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (care_today_page_parent_class)->dispose (object);
}

static void
care_today_page_finalize (GObject *object)
{
  CareTodayPage *self = CARE_TODAY_PAGE (object);

  g_free (self->date);

  G_OBJECT_CLASS (care_today_page_parent_class)->finalize (object);
}

static void
care_today_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CareTodayPage *self = CARE_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_MY_ROUND:
      g_value_set_boolean (value, self->my_round);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_today_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CareTodayPage *self = CARE_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;

    case PROP_DATE:
      care_today_page_set_date (self, g_value_get_string (value));
      break;

    case PROP_MY_ROUND:
      if (self->my_round != g_value_get_boolean (value))
        {
          self->my_round = g_value_get_boolean (value);
          care_today_page_refresh (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_today_page_class_init (CareTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_today_page_dispose;
  object_class->finalize = care_today_page_finalize;
  object_class->get_property = care_today_page_get_property;
  object_class->set_property = care_today_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CARE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MY_ROUND] =
    g_param_spec_boolean ("my-round", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareTodayPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, CareTodayPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareTodayPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareTodayPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CareTodayPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, CareTodayPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "today.previous-day", NULL, previous_day_cb);
  gtk_widget_class_install_action (widget_class, "today.next-day", NULL, next_day_cb);
  gtk_widget_class_install_action (widget_class, "today.go-today", NULL, go_today_cb);
  gtk_widget_class_install_action (widget_class, "today.record-dose", "s", record_dose_cb);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_cb);
  gtk_widget_class_install_property_action (widget_class, "today.my-round", "my-round");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "today.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "today.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "today.go-today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "today.my-round", NULL);
}

static void
care_today_page_init (CareTodayPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (CARE_TYPE_TODAY_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.my-round", FALSE);
}

GtkWidget *
care_today_page_new (CareStore *store)
{
  return g_object_new (CARE_TYPE_TODAY_PAGE, "store", store, NULL);
}

const char *
care_today_page_get_date (CareTodayPage *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_PAGE (self), NULL);
  return self->date;
}

void
care_today_page_set_date (CareTodayPage *self,
                          const char    *date)
{
  g_return_if_fail (CARE_IS_TODAY_PAGE (self));

  if (g_strcmp0 (self->date, date) == 0)
    return;
  g_free (self->date);
  self->date = g_strdup (date);
  care_today_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

GListModel *
care_today_page_get_items (CareTodayPage *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_PAGE (self), NULL);
  return G_LIST_MODEL (self->items);
}
