/* care-print-matrix.h: the competency matrix, on screen, printed or as PDF
 *
 * CareMatrixTable is the matrix as rows of staff and columns of task
 * types, read from the core in one query, with the people covered for
 * person-specific types; the staff page draws it as a grid and the print
 * operation as a table split into pages. Every cell has a letter and a
 * word, so the matrix reads in black and white and without colour.
 */
#pragma once

#include <gtk/gtk.h>

#include "care-dashboard.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef struct
{
  char       *date;
  GPtrArray  *staff_uuids;    /* rows */
  GPtrArray  *staff_names;
  GPtrArray  *type_uuids;     /* columns */
  GPtrArray  *type_names;
  GArray     *person_specific; /* gboolean per column */
  GArray     *states;         /* CareCompetencyState, row-major */
  GArray     *covered;        /* int, people covered, row-major */
} CareMatrixTable;

CareMatrixTable     *care_matrix_table_load      (CareStore       *store,
                                                  const char      *date,
                                                  GError         **error);
void                 care_matrix_table_free      (CareMatrixTable *table);
CareCompetencyState  care_matrix_table_state     (CareMatrixTable *table,
                                                  guint            row,
                                                  guint            column);
char                *care_matrix_table_cell_text (CareMatrixTable *table,
                                                  guint            row,
                                                  guint            column);
const char          *care_matrix_state_letter    (CareCompetencyState state);
const char          *care_matrix_state_css       (CareCompetencyState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareMatrixTable, care_matrix_table_free)

GtkPrintOperation   *care_print_matrix_operation_new (CareStore   *store,
                                                      const char  *date,
                                                      GError     **error);
gboolean             care_print_matrix_export_pdf    (CareStore   *store,
                                                      const char  *date,
                                                      const char  *path,
                                                      GtkWindow   *parent,
                                                      GError     **error);

G_END_DECLS
