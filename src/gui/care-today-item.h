/* care-today-item.h: one line of the Today list
 *
 * The Today list is flat so that a GtkListView can show a large round
 * lazily: a person's heading, then that person's slots; then the
 * when-required tasks under their own heading.
 */
#pragma once

#include <glib-object.h>

#include "care-dashboard.h"

G_BEGIN_DECLS

typedef enum
{
  CARE_TODAY_ITEM_HEADING,        /* a person, or the "When required" section */
  CARE_TODAY_ITEM_SLOT,
  CARE_TODAY_ITEM_WHEN_REQUIRED,
} CareTodayItemKind;

#define CARE_TYPE_TODAY_ITEM (care_today_item_get_type ())

G_DECLARE_FINAL_TYPE (CareTodayItem, care_today_item, CARE, TODAY_ITEM, GObject)

CareTodayItem     *care_today_item_new_heading     (const char    *title,
                                                    const char    *subtitle);
CareTodayItem     *care_today_item_new_slot        (const CareSlot *slot,
                                                    const char    *detail);
CareTodayItem     *care_today_item_new_when_required (const char  *task_uuid,
                                                    const char    *date,
                                                    const char    *title,
                                                    const char    *detail);
CareTodayItemKind  care_today_item_get_kind        (CareTodayItem *self);
const char        *care_today_item_get_title       (CareTodayItem *self);
const char        *care_today_item_get_subtitle    (CareTodayItem *self);
const char        *care_today_item_get_task_uuid   (CareTodayItem *self);
const char        *care_today_item_get_slot_date   (CareTodayItem *self);
const char        *care_today_item_get_slot_time   (CareTodayItem *self);
CareSlotState      care_today_item_get_state       (CareTodayItem *self);

G_END_DECLS
