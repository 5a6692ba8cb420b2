/* care-history-dialog.h: a record's versions and change log, readable
 *
 * Every version of one record, oldest first, with who wrote it, when, the
 * action and the reason, and each changed field as old -> new. From here a
 * record is corrected (a new version with a reason) or marked as entered
 * in error (also with a reason); nothing is ever overwritten.
 */
#pragma once

#include <adwaita.h>

#include "care-schema.h"
#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_HISTORY_DIALOG (care_history_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareHistoryDialog, care_history_dialog, CARE, HISTORY_DIALOG, AdwWindow)

CareHistoryDialog *care_history_dialog_new     (GtkWindow         *parent,
                                                CareStore         *store,
                                                CareSession       *session,
                                                CareKind           kind,
                                                const char        *uuid);
void               care_history_dialog_refresh (CareHistoryDialog *self);
GtkWidget         *care_history_dialog_open_correction (CareHistoryDialog *self);
GtkWidget         *care_history_dialog_open_entered_in_error (CareHistoryDialog *self);

G_END_DECLS
