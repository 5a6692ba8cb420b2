/* care-gui-test-util.h: driving real widgets in-process, and screenshots */
#pragma once

#include <adwaita.h>

#include "care-application.h"
#include "care-paged-model.h"
#include "care-test-util.h"
#include "care-window.h"

G_BEGIN_DECLS

/* The PIN of every staff member made by care-test-util.c. */
#define CARE_GUI_TEST_PIN "2468"

/* gtk_test_init() and adw_init(), with animations off, light style and
 * the application's style sheets loaded as AdwApplication loads them. */
void        care_gui_test_init            (int            *argc,
                                           char         ***argv);
/* Loads the application's style sheets once; care_gui_test_init() does. */
void        care_gui_test_load_style      (void);

/* The application every test window belongs to: registered once, not
 * unique, so no session bus is needed. */
CareApplication *care_gui_test_application (void);
/* A main window on @store, presented and drawn. */
CareWindow *care_gui_test_main_window     (CareStore      *store);
/* Signs in as a user does: types @name in the staff search, takes the
 * first match, types @pin and presses Sign In. Returns the window's
 * session afterwards (NULL if refused). */
CareSession *care_gui_test_sign_in        (CareWindow     *window,
                                           const char     *name,
                                           const char     *pin);

/* A plain window holding @child at the given size, presented and drawn. */
GtkWindow  *care_gui_test_window          (GtkWidget      *child,
                                           int             width,
                                           int             height);

/* Runs the main loop for @ms milliseconds. */
void        care_gui_test_wait            (guint           ms);
/* Runs the main loop until @condition is TRUE or @timeout_ms passed;
 * returns the last value of @condition. */
gboolean    care_gui_test_wait_until      (gboolean      (*condition) (gpointer data),
                                           gpointer        data,
                                           guint           timeout_ms);
/* Waits until every page @model has started reading has arrived. */
void        care_gui_test_wait_for_model  (CarePagedModel *model);

/* The first widget under @root (in tree order) that is a @type whose
 * accessible name, label, title or text is @name; NULL if none. */
GtkWidget  *care_gui_test_find            (GtkWidget      *root,
                                           GType           type,
                                           const char     *name);
/* The first widget under @root that is a @type with @css_class. */
GtkWidget  *care_gui_test_find_with_class (GtkWidget      *root,
                                           GType           type,
                                           const char     *css_class);
/* The first visible GtkLabel (or AdwActionRow title/subtitle) under @root
 * whose text contains @text. */
GtkWidget  *care_gui_test_find_text       (GtkWidget      *root,
                                           const char     *text);
/* Clicks a button (emits "clicked" as a pointer click would). */
void        care_gui_test_click           (GtkWidget      *button);
/* Replaces an editable's text as if typed. */
void        care_gui_test_type            (GtkWidget      *editable,
                                           const char     *text);
/* Sends Enter to an entry or entry row, as a user finishing typing does. */
void        care_gui_test_activate        (GtkWidget      *editable);

/* Renders @widget (in a window that is shown) to
 * <build>/tests/screenshots/<name>-light.png and <name>-dark.png. */
void        care_gui_test_screenshot      (GtkWidget      *widget,
                                           const char     *name);

G_END_DECLS
