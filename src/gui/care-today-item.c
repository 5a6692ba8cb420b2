/* care-today-item.c: one line of the Today list */
#include "config.h"

#include "care-today-item.h"

struct _CareTodayItem
{
  GObject            parent_instance;

  CareTodayItemKind  kind;
  char              *title;
  char              *subtitle;
  char              *task_uuid;
  char              *slot_date;
  char              *slot_time;
  CareSlotState      state;
};

G_DEFINE_FINAL_TYPE (CareTodayItem, care_today_item, G_TYPE_OBJECT)

static void
care_today_item_finalize (GObject *object)
{
  CareTodayItem *self = CARE_TODAY_ITEM (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->task_uuid);
  g_free (self->slot_date);
  g_free (self->slot_time);

  G_OBJECT_CLASS (care_today_item_parent_class)->finalize (object);
}

static void
care_today_item_class_init (CareTodayItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_today_item_finalize;
}

static void
care_today_item_init (CareTodayItem *self)
{
}

CareTodayItem *
care_today_item_new_heading (const char *title,
                             const char *subtitle)
{
  CareTodayItem *self = g_object_new (CARE_TYPE_TODAY_ITEM, NULL);

  self->kind = CARE_TODAY_ITEM_HEADING;
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  return self;
}

/* @detail says what was recorded, or NULL when nothing was. */
CareTodayItem *
care_today_item_new_slot (const CareSlot *slot,
                          const char     *detail)
{
  CareTodayItem *self = g_object_new (CARE_TYPE_TODAY_ITEM, NULL);

  self->kind = CARE_TODAY_ITEM_SLOT;
  self->title = g_strdup (slot->task_name);
  self->subtitle = g_strdup (detail);
  self->task_uuid = g_strdup (slot->task_uuid);
  self->slot_date = g_strdup (slot->slot_date);
  self->slot_time = g_strdup (slot->slot_time);
  self->state = slot->state;
  return self;
}

CareTodayItem *
care_today_item_new_when_required (const char *task_uuid,
                                   const char *date,
                                   const char *title,
                                   const char *detail)
{
  CareTodayItem *self = g_object_new (CARE_TYPE_TODAY_ITEM, NULL);

  self->kind = CARE_TODAY_ITEM_WHEN_REQUIRED;
  self->title = g_strdup (title);
  self->subtitle = g_strdup (detail);
  self->task_uuid = g_strdup (task_uuid);
  self->slot_date = g_strdup (date);
  return self;
}

CareTodayItemKind
care_today_item_get_kind (CareTodayItem *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_ITEM (self), CARE_TODAY_ITEM_HEADING);
  return self->kind;
}

const char *
care_today_item_get_title (CareTodayItem *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_ITEM (self), NULL);
  return self->title;
}

const char *
care_today_item_get_subtitle (CareTodayItem *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_ITEM (self), NULL);
  return self->subtitle;
}

const char *
care_today_item_get_task_uuid (CareTodayItem *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_ITEM (self), NULL);
  return self->task_uuid;
}

const char *
care_today_item_get_slot_date (CareTodayItem *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_ITEM (self), NULL);
  return self->slot_date;
}

const char *
care_today_item_get_slot_time (CareTodayItem *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_ITEM (self), NULL);
  return self->slot_time;
}

CareSlotState
care_today_item_get_state (CareTodayItem *self)
{
  g_return_val_if_fail (CARE_IS_TODAY_ITEM (self), CARE_SLOT_UPCOMING);
  return self->state;
}
