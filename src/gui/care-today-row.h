/* care-today-row.h: how one line of the Today list looks */
#pragma once

#include <gtk/gtk.h>

#include "care-today-item.h"

G_BEGIN_DECLS

#define CARE_TYPE_TODAY_ROW (care_today_row_get_type ())

G_DECLARE_FINAL_TYPE (CareTodayRow, care_today_row, CARE, TODAY_ROW, GtkWidget)

GtkWidget  *care_today_row_new             (void);
void        care_today_row_set_item        (CareTodayRow  *self,
                                            CareTodayItem *item);
const char *care_today_slot_state_label    (CareSlotState  state);

G_END_DECLS
