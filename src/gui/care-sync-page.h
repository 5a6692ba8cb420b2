/* care-sync-page.h: what is waiting for the commissioner, truthfully
 *
 * Read from the store itself: how many records wait in the outbox, how
 * many the commissioner has acknowledged, every rejected item with the
 * server's problem text, the last successful sync and the last problem.
 * With a CareSync running it follows its state and offers Sync Now; with
 * none it says plainly that no commissioner is configured. For managers.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"
#include "care-sync.h"

G_BEGIN_DECLS

#define CARE_TYPE_SYNC_PAGE (care_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (CareSyncPage, care_sync_page, CARE, SYNC_PAGE, AdwBin)

GtkWidget *care_sync_page_new      (CareStore    *store);
void       care_sync_page_refresh  (CareSyncPage *self);
CareSync  *care_sync_page_get_sync (CareSyncPage *self);
void       care_sync_page_set_sync (CareSyncPage *self,
                                    CareSync     *sync);

G_END_DECLS
