/* care-print-matrix.c: the competency matrix, on screen, printed or as PDF */
#include "config.h"

#include "care-print-matrix.h"

#include <glib/gi18n.h>

#include "care-competency.h"
#include "care-form-util.h"
#include "care-task-queries.h"

/* The table */

void
care_matrix_table_free (CareMatrixTable *table)
{
  if (table == NULL)
    return;
  g_free (table->date);
  g_clear_pointer (&table->staff_uuids, g_ptr_array_unref);
  g_clear_pointer (&table->staff_names, g_ptr_array_unref);
  g_clear_pointer (&table->type_uuids, g_ptr_array_unref);
  g_clear_pointer (&table->type_names, g_ptr_array_unref);
  g_clear_pointer (&table->person_specific, g_array_unref);
  g_clear_pointer (&table->states, g_array_unref);
  g_clear_pointer (&table->covered, g_array_unref);
  g_free (table);
}

static void
add_column (CareMatrixTable    *table,
            CareStore          *store,
            CareCompetencyCell *cell)
{
  g_autoptr(CareRecord) type = care_store_load (store, CARE_KIND_TASK_TYPE, cell->task_type_uuid, NULL);
  gboolean specific = type != NULL && care_record_get_bool (type, "person_specific");

  g_ptr_array_add (table->type_uuids, g_strdup (cell->task_type_uuid));
  g_ptr_array_add (table->type_names, g_strdup (cell->task_type_name));
  g_array_append_val (table->person_specific, specific);
}

/* The core gives one cell per active staff member and delegable task
 * type, ordered by staff then type, so the first staff member's cells
 * name the columns and every row has the same columns in the same order. */
CareMatrixTable *
care_matrix_table_load (CareStore   *store,
                        const char  *date,
                        GError     **error)
{
  g_autoptr(GPtrArray) cells = care_competency_matrix (store, date, error);
  g_autoptr(GHashTable) covered = NULL;
  g_autoptr(CareMatrixTable) table = NULL;
  const char *first_staff = NULL;

  if (cells == NULL)
    return NULL;
  covered = care_task_queries_people_covered (store, date, error);
  if (covered == NULL)
    return NULL;

  table = g_new0 (CareMatrixTable, 1);
  table->date = g_strdup (date);
  table->staff_uuids = g_ptr_array_new_with_free_func (g_free);
  table->staff_names = g_ptr_array_new_with_free_func (g_free);
  table->type_uuids = g_ptr_array_new_with_free_func (g_free);
  table->type_names = g_ptr_array_new_with_free_func (g_free);
  table->person_specific = g_array_new (FALSE, TRUE, sizeof (gboolean));
  table->states = g_array_new (FALSE, TRUE, sizeof (CareCompetencyState));
  table->covered = g_array_new (FALSE, TRUE, sizeof (int));

  for (guint i = 0; i < cells->len; i++)
    {
      CareCompetencyCell *cell = g_ptr_array_index (cells, i);
      g_autofree char *key = g_strdup_printf ("%s|%s", cell->staff_uuid, cell->task_type_uuid);
      int n = GPOINTER_TO_INT (g_hash_table_lookup (covered, key));

      if (first_staff == NULL)
        first_staff = cell->staff_uuid;
      if (g_str_equal (first_staff, cell->staff_uuid))
        add_column (table, store, cell);
      if (table->staff_uuids->len == 0
          || !g_str_equal (g_ptr_array_index (table->staff_uuids, table->staff_uuids->len - 1), cell->staff_uuid))
        {
          g_ptr_array_add (table->staff_uuids, g_strdup (cell->staff_uuid));
          g_ptr_array_add (table->staff_names, g_strdup (cell->staff_name));
        }
      g_array_append_val (table->states, cell->state);
      g_array_append_val (table->covered, n);
    }
  return g_steal_pointer (&table);
}

CareCompetencyState
care_matrix_table_state (CareMatrixTable *table,
                         guint            row,
                         guint            column)
{
  return g_array_index (table->states, CareCompetencyState, row * table->type_uuids->len + column);
}

const char *
care_matrix_state_letter (CareCompetencyState state)
{
  switch (state)
    {
    /* Translators: the one-letter mark of a valid competency in the matrix */
    case CARE_COMPETENCY_VALID: return C_("matrix", "V");
    /* Translators: the mark of a competency expiring within 30 days */
    case CARE_COMPETENCY_EXPIRING: return C_("matrix", "E");
    /* Translators: the mark of an expired competency */
    case CARE_COMPETENCY_EXPIRED: return C_("matrix", "X");
    /* Translators: the mark of a revoked competency */
    case CARE_COMPETENCY_REVOKED: return C_("matrix", "R");
    /* Translators: the mark of "not yet competent" */
    case CARE_COMPETENCY_NOT_COMPETENT: return C_("matrix", "N");
    case CARE_COMPETENCY_NONE:
    default: return "–";
    }
}

const char *
care_matrix_state_css (CareCompetencyState state)
{
  switch (state)
    {
    case CARE_COMPETENCY_VALID: return "care-matrix-valid";
    case CARE_COMPETENCY_EXPIRING: return "care-matrix-expiring";
    case CARE_COMPETENCY_EXPIRED: return "care-matrix-expired";
    case CARE_COMPETENCY_REVOKED: return "care-matrix-revoked";
    case CARE_COMPETENCY_NOT_COMPETENT: return "care-matrix-not-competent";
    case CARE_COMPETENCY_NONE:
    default: return "care-matrix-none";
    }
}

/* "V Valid", and for a person-specific type "V Valid · 2 people". */
char *
care_matrix_table_cell_text (CareMatrixTable *table,
                             guint            row,
                             guint            column)
{
  CareCompetencyState state = care_matrix_table_state (table, row, column);
  int n = g_array_index (table->covered, int, row * table->type_uuids->len + column);
  gboolean specific = g_array_index (table->person_specific, gboolean, column);

  if (specific && n > 0 && (state == CARE_COMPETENCY_VALID || state == CARE_COMPETENCY_EXPIRING))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %s · %d person", "%s %s · %d people", n),
                            care_matrix_state_letter (state), care_competency_state_label (state), n);
  return g_strdup_printf ("%s %s", care_matrix_state_letter (state), care_competency_state_label (state));
}

/* Printing */

/* On paper the columns are narrow: "V Valid (2)", the key says what the
 * number is. */
static char *
print_cell_text (CareMatrixTable *table,
                 guint            row,
                 guint            column)
{
  CareCompetencyState state = care_matrix_table_state (table, row, column);
  int n = g_array_index (table->covered, int, row * table->type_uuids->len + column);
  gboolean specific = g_array_index (table->person_specific, gboolean, column);

  if (specific && n > 0 && (state == CARE_COMPETENCY_VALID || state == CARE_COMPETENCY_EXPIRING))
    return g_strdup_printf ("%s %s (%d)", care_matrix_state_letter (state), care_competency_state_label (state), n);
  return g_strdup_printf ("%s %s", care_matrix_state_letter (state), care_competency_state_label (state));
}

#define ROW_H 16.0
#define TITLE_H 44.0
#define FOOTER_H 40.0
#define CELL_FONT "Sans 7.5"
#define HEAD_FONT "Sans Bold 7.5"

typedef struct
{
  CareMatrixTable *table;
  char            *title;
  double           name_width;
  double           column_width;
  double           head_height;
  guint            rows_per_page;
} MatrixJob;

static void
matrix_job_free (MatrixJob *job)
{
  care_matrix_table_free (job->table);
  g_free (job->title);
  g_free (job);
}

static PangoLayout *
layout_new (GtkPrintContext *context,
            const char      *font,
            const char      *text,
            double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return pango_units_to_double (h);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                MatrixJob         *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  guint n_columns = MAX (job->table->type_uuids->len, 1);
  guint n_rows = job->table->staff_uuids->len;
  guint pages;

  job->name_width = MIN (170.0, width / 4);
  job->column_width = (width - job->name_width) / n_columns;
  job->head_height = ROW_H;
  for (guint c = 0; c < job->table->type_names->len; c++)
    {
      g_autoptr(PangoLayout) layout = layout_new (context, HEAD_FONT, g_ptr_array_index (job->table->type_names, c),
                                                  job->column_width - 4);
      job->head_height = MAX (job->head_height, layout_height (layout) + 4);
    }
  job->rows_per_page = MAX (1, (guint) ((height - TITLE_H - FOOTER_H - job->head_height) / ROW_H));
  pages = MAX (1, (n_rows + job->rows_per_page - 1) / job->rows_per_page);
  gtk_print_operation_set_n_pages (operation, pages);
}

/* Light tints that still print as distinct greys; the letter carries the
 * meaning either way. */
static void
state_fill (CareCompetencyState state,
            double             *r,
            double             *g,
            double             *b)
{
  switch (state)
    {
    case CARE_COMPETENCY_VALID: *r = 0.84; *g = 0.94; *b = 0.84; break;
    case CARE_COMPETENCY_EXPIRING: *r = 0.99; *g = 0.92; *b = 0.70; break;
    case CARE_COMPETENCY_EXPIRED: *r = 0.98; *g = 0.82; *b = 0.82; break;
    case CARE_COMPETENCY_REVOKED: *r = 0.90; *g = 0.65; *b = 0.65; break;
    case CARE_COMPETENCY_NOT_COMPETENT: *r = 0.88; *g = 0.88; *b = 0.88; break;
    case CARE_COMPETENCY_NONE:
    default: *r = 1.0; *g = 1.0; *b = 1.0; break;
    }
}

static void
draw_text (cairo_t         *cr,
           GtkPrintContext *context,
           const char      *font,
           const char      *text,
           double           x,
           double           y,
           double           width)
{
  g_autoptr(PangoLayout) layout = layout_new (context, font, text, width);

  if (width > 0)
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_header (MatrixJob       *job,
             GtkPrintContext *context,
             cairo_t         *cr,
             double           y)
{
  g_autoptr(PangoLayout) layout = NULL;

  draw_text (cr, context, HEAD_FONT, _("Staff member"), 2, y + 2, job->name_width - 4);
  for (guint c = 0; c < job->table->type_names->len; c++)
    {
      double x = job->name_width + c * job->column_width;

      g_clear_object (&layout);
      layout = layout_new (context, HEAD_FONT, g_ptr_array_index (job->table->type_names, c), job->column_width - 4);
      cairo_move_to (cr, x + 2, y + 2);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, 0, y + job->head_height);
  cairo_line_to (cr, gtk_print_context_get_width (context), y + job->head_height);
  cairo_stroke (cr);
}

static void
draw_row (MatrixJob       *job,
          GtkPrintContext *context,
          cairo_t         *cr,
          guint            row,
          double           y)
{
  draw_text (cr, context, CELL_FONT, g_ptr_array_index (job->table->staff_names, row), 2, y + 2, job->name_width - 4);
  for (guint c = 0; c < job->table->type_uuids->len; c++)
    {
      double x = job->name_width + c * job->column_width;
      g_autofree char *text = print_cell_text (job->table, row, c);
      double r, g, b;

      state_fill (care_matrix_table_state (job->table, row, c), &r, &g, &b);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_rectangle (cr, x + 1, y + 1, job->column_width - 2, ROW_H - 2);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
      cairo_set_line_width (cr, 0.4);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_text (cr, context, CELL_FONT, text, x + 3, y + 2.5, job->column_width - 6);
    }
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              MatrixJob         *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  guint first = page_nr * job->rows_per_page;
  guint last = MIN (first + job->rows_per_page, job->table->staff_uuids->len);
  int n_pages = 1;
  g_autofree char *date = care_form_format_date (job->table->date);
  g_autofree char *subtitle = NULL;
  g_autofree char *page = NULL;
  g_autofree char *legend = NULL;
  double y;

  g_object_get (operation, "n-pages", &n_pages, NULL);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, context, "Sans Bold 13", _("Competency matrix"), 0, 0, width);
  /* Translators: under the printed matrix's title, "<care home> · on <date>" */
  subtitle = g_strdup_printf (_("%s · on %s"), job->title, date);
  draw_text (cr, context, "Sans 9", subtitle, 0, 20, width);

  y = TITLE_H;
  draw_header (job, context, cr, y);
  y += job->head_height;
  if (job->table->staff_uuids->len == 0)
    draw_text (cr, context, CELL_FONT, _("No active staff to show."), 2, y + 4, width);
  for (guint row = first; row < last; row++, y += ROW_H)
    draw_row (job, context, cr, row, y);

  /* Translators: the printed matrix's key; keep the letters as in the matrix */
  legend = g_strdup_printf (_("Key: %s Valid · %s Expiring within 30 days · %s Expired · %s Revoked · "
                              "%s Not yet competent · %s None. For person-specific task types the number in "
                              "brackets is how many people the staff member is signed off for."),
                            care_matrix_state_letter (CARE_COMPETENCY_VALID),
                            care_matrix_state_letter (CARE_COMPETENCY_EXPIRING),
                            care_matrix_state_letter (CARE_COMPETENCY_EXPIRED),
                            care_matrix_state_letter (CARE_COMPETENCY_REVOKED),
                            care_matrix_state_letter (CARE_COMPETENCY_NOT_COMPETENT),
                            care_matrix_state_letter (CARE_COMPETENCY_NONE));
  cairo_set_source_rgb (cr, 0, 0, 0);
  {
    g_autoptr(PangoLayout) layout = layout_new (context, "Sans 7.5", legend, width * 0.8);
    cairo_move_to (cr, 0, height - FOOTER_H + 6);
    pango_cairo_show_layout (cr, layout);
  }
  /* Translators: the printed page number, "Page <n> of <total>" */
  page = g_strdup_printf (_("Page %d of %d"), page_nr + 1, n_pages);
  {
    g_autoptr(PangoLayout) layout = layout_new (context, "Sans 7.5", page, -1);
    int w, h;

    pango_layout_get_size (layout, &w, &h);
    cairo_move_to (cr, width - pango_units_to_double (w), height - FOOTER_H + 6);
    pango_cairo_show_layout (cr, layout);
  }
}

GtkPrintOperation *
care_print_matrix_operation_new (CareStore   *store,
                                 const char  *date,
                                 GError     **error)
{
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(CareRecord) setting = NULL;
  g_autofree char *today = NULL;
  GtkPrintOperation *operation;
  MatrixJob *job;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (date == NULL)
    date = today = care_store_today (store);
  job = g_new0 (MatrixJob, 1);
  job->table = care_matrix_table_load (store, date, error);
  if (job->table == NULL)
    {
      matrix_job_free (job);
      return NULL;
    }
  setting = care_store_get_setting_record (store);
  job->title = g_strdup (setting ? care_record_get_string (setting, "name") : _("Care home"));

  operation = gtk_print_operation_new ();
  /* Task types read across: landscape, as the matrix is on screen. */
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Competency matrix"));
  g_object_set_data_full (G_OBJECT (operation), "care-print-job", job, (GDestroyNotify) matrix_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  return operation;
}

gboolean
care_print_matrix_export_pdf (CareStore   *store,
                              const char  *date,
                              const char  *path,
                              GtkWindow   *parent,
                              GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = care_print_matrix_operation_new (store, date, error);

  if (operation == NULL)
    return FALSE;
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}
