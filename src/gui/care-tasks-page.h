/* care-tasks-page.h: the delegated tasks page
 *
 * Proposals awaiting a decision (including those from the commissioner),
 * active, suspended and finished tasks, and one task's whole delegation
 * with its status history. Managers decide, practitioners and managers
 * change a task's status, and carers read.
 *
 * A task the commissioner proposed is decided and changed with the
 * commissioner first, through the window's running CareSync (the "sync"
 * property, NULL when none runs), and recorded here only once the
 * commissioner applied it; see docs/SYNC.md.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_TASKS_PAGE (care_tasks_page_get_type ())

G_DECLARE_FINAL_TYPE (CareTasksPage, care_tasks_page, CARE, TASKS_PAGE, AdwBin)

GtkWidget   *care_tasks_page_new         (CareStore     *store);
void         care_tasks_page_refresh     (CareTasksPage *self);
gboolean     care_tasks_page_select_task (CareTasksPage *self,
                                          const char    *task_uuid);
const char  *care_tasks_page_get_selected_task (CareTasksPage *self);

G_END_DECLS
