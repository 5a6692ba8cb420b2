/* care-mar-grid.h: the MAR-style chart of a person's delegated tasks
 *
 * Days across, one line per scheduled time of each task (and one for
 * when-required doses), a letter in every cell that has one: D done,
 * R refused, S asleep, H hospital or away, N not required, U unable,
 * O other, X entered in error, ! missed. Each mark also has its own colour,
 * but the letter is always there, and the legend says what each means.
 */
#pragma once

#include <gtk/gtk.h>

#include "care-person-record.h"

G_BEGIN_DECLS

#define CARE_TYPE_MAR_GRID (care_mar_grid_get_type ())

G_DECLARE_FINAL_TYPE (CareMarGrid, care_mar_grid, CARE, MAR_GRID, GtkWidget)

GtkWidget  *care_mar_grid_new            (void);
void        care_mar_grid_set_chart      (CareMarGrid       *self,
                                          CareMarChart      *chart);
const char *care_mar_grid_get_cell_text  (CareMarGrid       *self,
                                          guint              row,
                                          guint              day);
GtkWidget  *care_mar_grid_get_cell       (CareMarGrid       *self,
                                          guint              row,
                                          guint              day);
/* The days' sideways scrolling, which opens on the newest day. */
GtkAdjustment *care_mar_grid_get_days_adjustment (CareMarGrid *self);
GtkWidget  *care_mar_legend_new          (void);

char       *care_mar_cell_text           (const CareMarCell *cell);
const char *care_mar_mark_css_class      (CareMarMark        mark);
const char *care_mar_legend_extra_text   (void);

G_END_DECLS
