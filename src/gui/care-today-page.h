/* care-today-page.h: the day's round
 *
 * Every scheduled slot of the day grouped by person, with its state in
 * words (upcoming, due now, overdue, done, not done) and who recorded it;
 * the when-required tasks in their own section; "My round" narrows it to
 * what the signed-in carer is competent to do. Activating a slot opens the
 * record dialog.
 */
#pragma once

#include <adwaita.h>

#include "care-record-dialog.h"
#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_TODAY_PAGE (care_today_page_get_type ())

G_DECLARE_FINAL_TYPE (CareTodayPage, care_today_page, CARE, TODAY_PAGE, AdwBin)

GtkWidget        *care_today_page_new      (CareStore     *store);
void              care_today_page_refresh  (CareTodayPage *self);
void              care_today_page_read_ahead (CareStore   *store);
const char       *care_today_page_get_date (CareTodayPage *self);
void              care_today_page_set_date (CareTodayPage *self,
                                            const char    *date);
GListModel       *care_today_page_get_items (CareTodayPage *self);
CareRecordDialog *care_today_page_record   (CareTodayPage *self,
                                            const char    *task_uuid,
                                            const char    *slot_time);

G_END_DECLS
