/* care-window.h: the main window
 *
 * Shows whichever page the open store calls for: the first-start choices,
 * the set-up form, or the Today counts of a care home that is set up.
 */
#pragma once

#include <adwaita.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_WINDOW (care_window_get_type ())

G_DECLARE_FINAL_TYPE (CareWindow, care_window, CARE, WINDOW, AdwApplicationWindow)

CareWindow *care_window_new        (GtkApplication *application);
CareStore  *care_window_get_store  (CareWindow     *self);
void        care_window_set_store  (CareWindow     *self,
                                    CareStore      *store);
gboolean    care_window_get_demo   (CareWindow     *self);
void        care_window_set_demo   (CareWindow     *self,
                                    gboolean        demo);
void        care_window_show_busy  (CareWindow     *self,
                                    const char     *message);
void        care_window_show_error (CareWindow     *self,
                                    const char     *heading,
                                    const GError   *error);
void        care_window_refresh    (CareWindow     *self);

G_END_DECLS
