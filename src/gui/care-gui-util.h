/* care-gui-util.h: small helpers shared by the windows and pages */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* libadwaita 1.2 password rows show a "show text" eye with only a tooltip,
 * which GTK 4.8 reads out as "GtkImage"; this names every such button. */
void   care_gui_label_peek_buttons (GtkWidget  *widget,
                                    const char *label);
/* "2026-03-10" as "Tuesday 10 March 2026"; other text is returned as is. */
char  *care_gui_format_date        (const char *iso_date);
/* "2026-03-10" as "10 Mar 2026". */
char  *care_gui_format_short_date  (const char *iso_date);
/* An editable's text without stray spaces at either end. */
char  *care_gui_editable_text      (GtkWidget  *editable);
/* The application's settings, or NULL when the schema is not installed
 * (a run from a build folder): callers then use the schema's defaults. */
GSettings *care_gui_settings_new   (void);

/* Takes every child out of @grid, as a chart or matrix is built anew. */
void        care_gui_grid_remove_all (GtkGrid   *grid);

/* Tooltips for the cells of a big grid (the chart, the competency matrix).
 * GTK 4.8 asks the X server where the pointer is, three round trips, for
 * every shown widget given a tooltip: half a second for a four-week chart.
 * The cells keep their text and the grid, given a tooltip once, answers for
 * the cell under the pointer. */
void        care_gui_tips_attach   (GtkWidget  *grid);
void        care_gui_tip_set       (GtkWidget  *cell,
                                    const char *text);
/* GTK 4.8's scrolled window keeps a wheel's up and down for itself even
 * when it scrolls only sideways, so a page stopped scrolling whenever the
 * pointer was over its wide chart. This passes up and down from
 * @sideways (a scrolled window that scrolls only across) to the scrolled
 * window around it; Shift and the wheel, or a touchpad's sideways swipe,
 * still scroll across. */
void        care_gui_pass_vertical_scroll (GtkScrolledWindow *sideways);
/* Scrolls the scrolled window around @sideways by @dy in @unit, as a wheel
 * over it would; FALSE when there is none. */
gboolean    care_gui_scroll_outer  (GtkWidget     *sideways,
                                    double         dy,
                                    GdkScrollUnit  unit);

/* The tip of the cell at (@x, @y) in @grid's coordinates, or NULL. */
const char *care_gui_tip_at        (GtkWidget  *grid,
                                    double      x,
                                    double      y);

G_END_DECLS
