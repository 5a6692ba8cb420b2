/* care-preferences-window.h: the manager's settings for the home
 *
 * The care setting and the commissioner connection (endpoint, access
 * token kept outside the records, CA file, a connection test), the task-type catalogue,
 * the reasons for "not done", the decision-matrix questions, the lock
 * timeout, and backup and restore. Every change to a record is saved
 * through the signed-in manager's session as a new version with a reason,
 * so the core's rules and change log apply as everywhere else.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_PREFERENCES_WINDOW (care_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, CARE, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow        *care_preferences_window_new             (GtkWindow             *parent,
                                                           CareStore             *store,
                                                           CareSession           *session);
void              care_preferences_window_refresh         (CarePreferencesWindow *self);
/* What the file choosers lead to, callable directly for tests. */
gboolean          care_preferences_window_backup_to       (CarePreferencesWindow *self,
                                                           GFile                 *file);
AdwMessageDialog *care_preferences_window_confirm_restore (CarePreferencesWindow *self,
                                                           GFile                 *file);
/* The commissioner connection: what the Save Token button and the CA
 * file chooser lead to. Each restarts the window's sync. A NULL @file
 * goes back to this computer's trusted certificates. */
void              care_preferences_window_save_token      (CarePreferencesWindow *self);
gboolean          care_preferences_window_set_ca_file     (CarePreferencesWindow *self,
                                                           GFile                 *file);

G_END_DECLS
