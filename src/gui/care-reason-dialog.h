/* care-reason-dialog.h: asks for the reason an action needs, then does it
 *
 * Declining, suspending, withdrawing or ending a task, revoking a
 * competency and marking a record entered in error all need a reason. The
 * dialog runs the action itself, so a refusal from the core (no reason,
 * wrong state, wrong role) is shown beside the reason box and the dialog
 * stays open until the action succeeds or the user cancels.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*CareReasonApplyFunc) (const char  *reason,
                                         gpointer     user_data,
                                         GError     **error);

#define CARE_TYPE_REASON_DIALOG (care_reason_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareReasonDialog, care_reason_dialog, CARE, REASON_DIALOG, AdwWindow)

CareReasonDialog *care_reason_dialog_new        (GtkWindow           *parent,
                                                 const char          *heading,
                                                 const char          *body,
                                                 const char          *confirm_label,
                                                 gboolean             destructive,
                                                 CareReasonApplyFunc  apply,
                                                 gpointer             user_data,
                                                 GDestroyNotify       destroy);
void              care_reason_dialog_set_reason (CareReasonDialog    *self,
                                                 const char          *reason);
gboolean          care_reason_dialog_confirm    (CareReasonDialog    *self);

G_END_DECLS
