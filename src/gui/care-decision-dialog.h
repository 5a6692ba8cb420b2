/* care-decision-dialog.h: the decision matrix, to accept or decline a task
 *
 * Every active question of the home's decision matrix with a Yes and a No,
 * nothing chosen beforehand. Accept hands the answers to the core, which
 * refuses a "no", a gap or a task type that may never be delegated, and
 * says why; the refusal can become the reason the task is declined.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_DECISION_DIALOG (care_decision_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareDecisionDialog, care_decision_dialog, CARE, DECISION_DIALOG, AdwWindow)

CareDecisionDialog *care_decision_dialog_new        (GtkWindow          *parent,
                                                     CareSession        *session,
                                                     const char         *task_uuid);
void                care_decision_dialog_set_answer (CareDecisionDialog *self,
                                                     const char         *code,
                                                     const char         *answer);
gboolean            care_decision_dialog_accept     (CareDecisionDialog *self);
gboolean            care_decision_dialog_decline    (CareDecisionDialog *self);
void                care_decision_dialog_use_refusal_as_reason (CareDecisionDialog *self);

G_END_DECLS
