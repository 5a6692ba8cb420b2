/* care-window.h: the main window
 *
 * Shows whichever screen the open store calls for: the first-start choices,
 * the set-up form, the sign-in screen, or, once someone has signed in, the
 * pages their role may see beside a sidebar.
 *
 * The page contract. Every page is a widget with two properties: "store"
 * (CareStore, set at construction) and "session" (CareSession, NULL while
 * the window is locked or nobody is signed in). A page is built the first
 * time it is shown or asked for with care_window_get_page(), and is given
 * the session then; the window clears "session" on every page when the
 * window locks or someone else signs in, so a page must show nothing
 * personal while its session is NULL, and reads its data when it gets one.
 * Pages are registered in care_window_register_pages() (care-pages.c), in
 * the order the sidebar lists them. A page that installs a "page.refresh" widget
 * action has it activated when it is shown and on Ctrl+R.
 *
 * Pages move between each other with the "win.show-page" action (a page
 * name as a string parameter) and report with care_window_add_toast().
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_WINDOW (care_window_get_type ())

G_DECLARE_FINAL_TYPE (CareWindow, care_window, CARE, WINDOW, AdwApplicationWindow)

CareWindow  *care_window_new            (GtkApplication *application);
CareStore   *care_window_get_store      (CareWindow     *self);
void         care_window_set_store      (CareWindow     *self,
                                         CareStore      *store);
gboolean     care_window_get_demo       (CareWindow     *self);
void         care_window_set_demo       (CareWindow     *self,
                                         gboolean        demo);
CareSession *care_window_get_session    (CareWindow     *self);
void         care_window_show_busy      (CareWindow     *self,
                                         const char     *message);
void         care_window_show_error     (CareWindow     *self,
                                         const char     *heading,
                                         const GError   *error);
void         care_window_refresh        (CareWindow     *self);
void         care_window_lock           (CareWindow     *self);
void         care_window_sign_out       (CareWindow     *self);

/* Builds a page for the store; called the first time the page is needed. */
typedef GtkWidget *(*CareWindowPageNew) (CareWindow *window,
                                         CareStore  *store);

void         care_window_add_page       (CareWindow     *self,
                                         const char     *name,
                                         const char     *title,
                                         const char     *icon_name,
                                         CareWindowPageNew new_page,
                                         CareRole        roles);
GtkWidget   *care_window_get_page       (CareWindow     *self,
                                         const char     *name);
const char  *care_window_get_visible_page_name (CareWindow *self);
gboolean     care_window_show_page      (CareWindow     *self,
                                         const char     *name);
gboolean     care_window_page_is_offered (CareWindow    *self,
                                         const char     *name);
void         care_window_add_toast      (CareWindow     *self,
                                         AdwToast       *toast);
GtkShortcutsWindow *care_window_get_shortcuts_window (CareWindow *self);

/* care-pages.c: the one list of pages, called for each store opened. */
void         care_window_register_pages (CareWindow     *self,
                                         CareStore      *store);

G_END_DECLS
