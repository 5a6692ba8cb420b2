/* care-decision-dialog.h: the decision matrix, to accept or decline a task
 *
 * Every active question of the home's decision matrix with a Yes and a No,
 * nothing chosen beforehand. Accept hands the answers to the core, which
 * refuses a "no", a gap or a task type that may never be delegated, and
 * says why; the refusal can become the reason the task is declined.
 *
 * "decided" (status) is emitted when the decision is recorded; "refused"
 * (message) when the commissioner would not apply it, so the caller can
 * show the task's state again.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-sync.h"

G_BEGIN_DECLS

#define CARE_TYPE_DECISION_DIALOG (care_decision_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareDecisionDialog, care_decision_dialog, CARE, DECISION_DIALOG, AdwWindow)

CareDecisionDialog *care_decision_dialog_new        (GtkWindow          *parent,
                                                     CareSession        *session,
                                                     const char         *task_uuid);
/* The window's running sync, or NULL when none runs. A task from the
 * commissioner is decided with the commissioner first (If-Match on the
 * server's version); only once it applied the decision is it recorded
 * here, through the same core rules. */
void                care_decision_dialog_set_sync   (CareDecisionDialog *self,
                                                     CareSync           *sync);
gboolean            care_decision_dialog_is_busy    (CareDecisionDialog *self);
void                care_decision_dialog_set_answer (CareDecisionDialog *self,
                                                     const char         *code,
                                                     const char         *answer);
/* TRUE when the decision was recorded, or, for a task from the
 * commissioner, sent to it: the dialog then closes once the commissioner
 * applied it ("decided"), or shows why not and stays open ("refused"). */
gboolean            care_decision_dialog_accept     (CareDecisionDialog *self);
gboolean            care_decision_dialog_decline    (CareDecisionDialog *self);
void                care_decision_dialog_use_refusal_as_reason (CareDecisionDialog *self);

G_END_DECLS
