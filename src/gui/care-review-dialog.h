/* care-review-dialog.h: a clinical oversight review of one delegated task
 *
 * Findings, the decision (continue, change the instructions, suspend or
 * withdraw) and the next review date, which starts at today plus the
 * task's review interval. The core records the review as the signed-in
 * practitioner's and applies the decision to the task in the same step.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_REVIEW_DIALOG (care_review_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CareReviewDialog, care_review_dialog, CARE, REVIEW_DIALOG, AdwWindow)

CareReviewDialog *care_review_dialog_new  (GtkWindow        *parent,
                                           CareSession      *session,
                                           const char       *task_uuid);
gboolean          care_review_dialog_save (CareReviewDialog *self);

G_END_DECLS
