/* care-task-editor.h: a new delegation, entered from the practitioner's
 * paperwork
 *
 * The form proposes the task through the core, which checks every field
 * and the schedule; its messages are shown above the form. A proposal then
 * waits for the manager's decision on the delegated tasks page.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_TASK_EDITOR (care_task_editor_get_type ())

G_DECLARE_FINAL_TYPE (CareTaskEditor, care_task_editor, CARE, TASK_EDITOR, AdwWindow)

CareTaskEditor *care_task_editor_new        (GtkWindow      *parent,
                                             CareSession    *session);
gboolean        care_task_editor_select     (CareTaskEditor *self,
                                             const char     *person_uuid,
                                             const char     *task_type_uuid);
gboolean        care_task_editor_save       (CareTaskEditor *self);

G_END_DECLS
