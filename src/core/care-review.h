/* care-review.h: the delegating practitioner's clinical oversight reviews
 *
 * A review's decision acts on its task in the same transaction: "change
 * instructions" writes the new instructions, "suspend" and "withdraw" change
 * the task's status. The next review date drives "review overdue".
 */
#pragma once

#include "care-session.h"

G_BEGIN_DECLS

gboolean  care_review_record    (CareSession  *session,
                                 CareRecord   *review,
                                 GError      **error);
char     *care_review_due_on    (CareStore    *store,
                                 CareRecord   *task,
                                 GError      **error);

G_END_DECLS
