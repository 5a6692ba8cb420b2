/* care-sync-page.h: what is waiting for the commissioner, truthfully
 *
 * Read from the store itself: how many records wait in the outbox, how
 * many the commissioner has acknowledged, every rejected item with the
 * server's problem text, the last successful sync and the last problem.
 * With a CareSync running it follows its state and offers Sync Now; with
 * none it says plainly that no commissioner is configured, or why the sync
 * cannot run. The page owns the window's CareSync: the Delegated Tasks page
 * follows its "sync" property. For managers.
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

/* (Re)starts the sync from the home's settings: the endpoint in the care
 * setting, the CA file and the token from care-token-store.h, read
 * asynchronously. Whatever ran before is stopped first. When it has
 * finished, "sync" is set (NULL when sync cannot run) and "problem" says
 * why not; nothing waits for it. */
void        care_sync_page_start       (CareSyncPage *self);
/* Why no sync runs although a commissioner is configured, or NULL. */
const char *care_sync_page_get_problem (CareSyncPage *self);
/* TRUE while care_sync_page_start() is still reading the token. */
gboolean    care_sync_page_is_starting (CareSyncPage *self);

G_END_DECLS
