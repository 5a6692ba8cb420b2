/* care-print-person.c: a person's delegated-task record, printed or as PDF
 *
 * The record is a list of blocks (paragraphs, and the chart's heading line
 * and rows) read once from the store. "begin-print" measures them on the
 * print context and gives each a page and a place; "draw-page" draws the
 * blocks of one page and its footer. A chart row that starts a page brings
 * its day headings with it, and a heading never ends a page alone.
 */
#include "config.h"

#include "care-print-person.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "care-delegation.h"
#include "care-form-util.h"
#include "care-mar-grid.h"
#include "care-people.h"
#include "care-person-record.h"
#include "care-task-queries.h"

#define BODY_SIZE       9.0
#define SMALL_SIZE      7.0
#define HEADING_SIZE   13.0
#define TITLE_SIZE     18.0
#define FOOTER_HEIGHT  22.0
#define CHART_LABEL_W 150.0
#define CHART_HEAD_H   24.0
#define CHART_ROW_H    16.0
#define CHART_MIN_CELL 16.0
#define CHART_MAX_CELL 24.0
#define CHART_MAX_DAYS 28

typedef enum
{
  BLOCK_TEXT,
  BLOCK_CHART,          /* where the chart goes, until the page width is known */
  BLOCK_CHART_HEADER,
  BLOCK_CHART_ROW,
} BlockKind;

typedef struct
{
  BlockKind    kind;
  char        *markup;
  double       font_size;
  double       space_before;
  gboolean     keep_with_next;
  guint        chunk;          /* chart blocks: which run of days */
  guint        row;            /* chart rows: the chart's row */

  PangoLayout *layout;         /* text blocks, made in begin-print */
  double       height;
  int          page;
  double       y;
  gboolean     header_above;   /* a chart row at the top of a page */
} Block;

typedef struct
{
  char         *footer;
  CareMarChart *chart;
  GPtrArray    *blocks;
  guint         chunk_days;
  double        cell_width;
} PrintJob;

static void
block_free (Block *block)
{
  g_free (block->markup);
  g_clear_object (&block->layout);
  g_free (block);
}

static void
print_job_free (PrintJob *job)
{
  g_free (job->footer);
  g_clear_pointer (&job->chart, care_mar_chart_free);
  g_clear_pointer (&job->blocks, g_ptr_array_unref);
  g_free (job);
}

/* ------------------------------------------------------------------ */
/* Gathering: the blocks of the record                                 */
/* ------------------------------------------------------------------ */

static Block *
add_text (PrintJob   *job,
          double      font_size,
          double      space_before,
          const char *markup)
{
  Block *block = g_new0 (Block, 1);

  block->kind = BLOCK_TEXT;
  block->font_size = font_size;
  block->space_before = space_before;
  block->markup = g_strdup (markup);
  g_ptr_array_add (job->blocks, block);
  return block;
}

static void
add_heading (PrintJob   *job,
             const char *text)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
  Block *block = add_text (job, HEADING_SIZE, 14, markup);

  block->keep_with_next = TRUE;
}

/* "Label: value" with the value escaped; nothing when there is no value. */
static void
append_field (GString    *markup,
              const char *label,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = g_markup_printf_escaped ("<b>%s</b> %s", label, value);
  if (markup->len > 0)
    g_string_append (markup, "    ");
  g_string_append (markup, escaped);
}

static char *
format_nhs_number (const char *digits)
{
  if (digits == NULL || strlen (digits) != 10)
    return g_strdup (digits);
  return g_strdup_printf ("%.3s %.3s %.4s", digits, digits + 3, digits + 6);
}

static void
add_person_header (PrintJob   *job,
                   CareStore  *store,
                   CareRecord *person,
                   const char *from_date,
                   const char *to_date)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (store);
  g_autofree char *name = care_person_record_display_name (person);
  g_autofree char *nhs = format_nhs_number (care_record_get_string (person, "nhs_number"));
  g_autofree char *today = care_store_today (store);
  g_autofree char *dob = care_form_format_date (care_record_get_string (person, "date_of_birth"));
  g_autofree char *dob_age = NULL;
  g_autofree char *from = care_form_format_date (from_date);
  g_autofree char *to = care_form_format_date (to_date);
  g_autofree char *printed = care_form_format_instant (care_store_now (store));
  g_autofree char *title = NULL;
  g_autofree char *range = NULL;
  g_autoptr(GString) identity = g_string_new (NULL);
  g_autoptr(GString) care = g_string_new (NULL);
  const char *allergies = care_record_get_string (person, "allergies");
  int age;

  title = g_markup_printf_escaped ("<span size='small'>%s</span>\n<b>%s</b>\n%s",
                                   setting ? care_record_get_string (setting, "name") : "",
                                   _("Delegated task record"), name);
  add_text (job, TITLE_SIZE, 0, title);

  age = care_person_record_age (person, today);
  /* Translators: date of birth and age in years */
  dob_age = g_strdup_printf (ngettext ("%s (aged %d)", "%s (aged %d)", age), dob, age);
  append_field (identity, _("NHS number:"), nhs ? nhs : _("not recorded"));
  append_field (identity, _("Date of birth:"), dob_age);
  if (care_person_is_16_or_17 (person, today))
    append_field (identity, _("Age:"), _("16 or 17: the liberty safeguards route differs"));
  append_field (identity, _("Room:"), care_record_get_string (person, "room"));
  append_field (identity, _("GP:"), care_record_get_string (person, "gp_practice"));
  add_text (job, BODY_SIZE + 1, 8, identity->str);

  append_field (care, _("Allergies:"), allergies ? allergies : _("none recorded"));
  add_text (job, BODY_SIZE + 1, 4, care->str);

  /* Translators: first date, last date, when printed */
  range = g_markup_printf_escaped (_("Record from %s to %s. Printed %s."), from, to, printed);
  add_text (job, BODY_SIZE, 4, range);

  job->footer = g_strdup_printf ("%s · %s %s", name, _("NHS number"), nhs ? nhs : _("not recorded"));
}

static char *
describe_schedule (CareRecord *task)
{
  const char *kind = care_record_get_string (task, "schedule_kind");

  if (g_strcmp0 (kind, "times") == 0)
    {
      g_auto(GStrv) times = care_delegation_slot_times (task, NULL);
      g_autofree char *list = g_strjoinv (", ", times);

      /* Translators: %s is a list of times of day */
      return g_strdup_printf (_("At %s"), list);
    }
  if (g_strcmp0 (kind, "interval") == 0)
    return g_strdup_printf (_("Every %d hours from %s"), (int) care_record_get_int (task, "interval_hours"),
                            care_record_get_string (task, "first_time"));
  return g_strdup_printf (_("When required, at most %d in 24 hours, at least %d minutes apart"),
                          (int) care_record_get_int (task, "prn_max_24h"),
                          (int) care_record_get_int (task, "prn_min_interval_min"));
}

static void
add_task (PrintJob       *job,
          CarePersonTask *pt)
{
  CareRecord *task = pt->task;
  g_autofree char *title = g_markup_printf_escaped ("<b>%s</b> — %s", care_record_get_string (pt->type, "name"),
                                                    care_task_status_label (care_record_get_string (task, "status")));
  g_autofree char *schedule = describe_schedule (task);
  g_autofree char *delegated_on = care_form_format_date (care_record_get_string (task, "delegated_on"));
  g_autofree char *by = NULL;
  g_autofree char *review = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) details = g_string_new (NULL);
  Block *heading = add_text (job, BODY_SIZE + 1, 10, title);

  heading->keep_with_next = TRUE;
  append_field (body, _("Instructions:"), care_record_get_string (task, "instructions"));
  add_text (job, BODY_SIZE, 2, body->str);

  append_field (details, _("Schedule:"), schedule);
  append_field (details, _("Dose:"), care_record_get_string (task, "dose"));
  append_field (details, _("Site:"), care_record_get_string (task, "site"));
  append_field (details, _("Equipment:"), care_record_get_string (task, "equipment"));
  append_field (details, _("Call the nurse if:"), care_record_get_string (task, "call_back_when"));
  /* Translators: practitioner, profession, register number, organisation, date */
  by = g_strdup_printf (_("%s, %s (%s), %s, on %s"), care_record_get_string (task, "practitioner_name"),
                        care_record_get_string (task, "practitioner_profession"),
                        care_record_get_string (task, "practitioner_number"),
                        care_record_get_string (task, "practitioner_org"), delegated_on);
  append_field (details, _("Delegated by:"), by);
  review = g_strdup_printf (ngettext ("every %d day", "every %d days", care_record_get_int (task, "review_interval_days")),
                            (int) care_record_get_int (task, "review_interval_days"));
  append_field (details, _("Review:"), review);
  add_text (job, BODY_SIZE, 2, details->str);
}

static void
add_chart_legend (PrintJob *job)
{
  g_autoptr(GString) legend = g_string_new (NULL);
  g_autofree char *extra = g_markup_escape_text (care_mar_legend_extra_text (), -1);

  for (CareMarMark mark = CARE_MAR_DONE; mark < CARE_N_MAR_MARKS; mark++)
    {
      g_autofree char *item = g_markup_printf_escaped ("<b>%c</b> %s", care_mar_mark_letter (mark),
                                                       care_mar_mark_label (mark));
      if (legend->len > 0)
        g_string_append (legend, "   ");
      g_string_append (legend, item);
    }
  add_text (job, SMALL_SIZE + 1, 8, legend->str);
  add_text (job, SMALL_SIZE + 1, 2, extra);
}

static void
add_chart (PrintJob *job)
{
  Block *chart;

  add_heading (job, _("Administration chart"));
  if (job->chart->rows->len == 0)
    {
      add_text (job, BODY_SIZE, 4, _("No delegated task was scheduled in these weeks."));
      return;
    }
  /* How many days fit across is only known once the page is. */
  chart = g_new0 (Block, 1);
  chart->kind = BLOCK_CHART;
  g_ptr_array_add (job->blocks, chart);
  add_chart_legend (job);
}

static void
add_observations (PrintJob  *job,
                  GPtrArray *observations)
{
  add_heading (job, _("Observations and escalations"));
  if (observations->len == 0)
    add_text (job, BODY_SIZE, 4, _("Nothing was noticed or escalated in these weeks."));
  for (guint i = 0; i < observations->len; i++)
    {
      CarePersonEntry *e = g_ptr_array_index (observations, i);
      CareRecord *a = e->administration;
      g_autofree char *when = care_form_format_instant (care_record_get_int (a, "occurred_at"));
      const char *noticed = care_record_get_string (a, "observations");
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b> · %s · %s%s%s%s",
                                                         when, e->task_name ? e->task_name : "",
                                                         e->performer_name ? e->performer_name : "",
                                                         noticed ? ": " : "", noticed ? noticed : "",
                                                         care_record_get_bool (a, "escalate")
                                                           ? _(" [Escalated to the nurse]") : "");

      add_text (job, BODY_SIZE, 4, markup);
    }
}

/* The reviews of the weeks printed, and always the latest one, which
 * says what was decided last whenever it was. Reviews are newest first. */
static void
add_reviews (PrintJob   *job,
             GPtrArray  *reviews,
             const char *from_date)
{
  add_heading (job, _("Clinical oversight reviews"));
  if (reviews->len == 0)
    add_text (job, BODY_SIZE, 4, _("No review has been recorded."));
  for (guint i = 0; i < reviews->len; i++)
    {
      CarePersonReview *pr = g_ptr_array_index (reviews, i);
      CareRecord *r = pr->review;
      g_autofree char *on = NULL;
      g_autofree char *next = NULL;
      g_autofree char *markup = NULL;

      if (i > 0 && g_strcmp0 (care_record_get_string (r, "reviewed_on"), from_date) < 0)
        break;
      on = care_form_format_date (care_record_get_string (r, "reviewed_on"));
      next = care_record_has (r, "next_review_on")
        ? care_form_format_date (care_record_get_string (r, "next_review_on")) : NULL;
      markup = g_markup_printf_escaped ("<b>%s</b> · %s · %s · %s: %s%s%s",
                                        on, pr->task_name ? pr->task_name : "",
                                        pr->reviewer_name ? pr->reviewer_name : "",
                                        care_task_choice_label (care_record_get_string (r, "decision")),
                                        care_record_get_string (r, "findings"),
                                        next ? _(" Next review: ") : "", next ? next : "");
      add_text (job, BODY_SIZE, 4, markup);
    }
}

/* A task ended years ago is in the history, not in this record: print the
 * tasks that are still live and those on the chart of these weeks. */
static gboolean
task_belongs_in_print (PrintJob       *job,
                       CarePersonTask *pt)
{
  const char *status = care_record_get_string (pt->task, "status");

  if (g_strv_contains ((const char * const[]) { "active", "suspended", "accepted", "proposed", NULL }, status))
    return TRUE;
  for (guint r = 0; r < job->chart->rows->len; r++)
    if (g_str_equal (((CareMarRow *) g_ptr_array_index (job->chart->rows, r))->task_uuid,
                     care_record_get_uuid (pt->task)))
      return TRUE;
  return FALSE;
}

static void
add_tasks (PrintJob  *job,
           GPtrArray *tasks)
{
  guint printed = 0;

  add_heading (job, _("Delegated tasks"));
  for (guint i = 0; i < tasks->len; i++)
    if (task_belongs_in_print (job, g_ptr_array_index (tasks, i)))
      {
        add_task (job, g_ptr_array_index (tasks, i));
        printed++;
      }
  if (printed == 0)
    add_text (job, BODY_SIZE, 4, _("No delegated task is live or on the chart of these weeks."));
}

static PrintJob *
gather (CareStore   *store,
        const char  *person_uuid,
        const char  *from_date,
        const char  *to_date,
        GError     **error)
{
  g_autoptr(CareRecord) person = care_store_load (store, CARE_KIND_PERSON, person_uuid, error);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) observations = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  PrintJob *job;

  if (person == NULL
      || (tasks = care_person_record_tasks (store, person_uuid, error)) == NULL
      || (observations = care_person_record_observations (store, person_uuid, from_date, to_date, error)) == NULL
      || (reviews = care_person_record_reviews (store, person_uuid, 50, error)) == NULL)
    return NULL;

  job = g_new0 (PrintJob, 1);
  job->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  job->chart = care_person_record_mar (store, person_uuid, from_date, to_date, error);
  if (job->chart == NULL)
    {
      print_job_free (job);
      return NULL;
    }

  add_person_header (job, store, person, from_date, to_date);
  add_tasks (job, tasks);
  add_chart (job);
  add_observations (job, observations);
  add_reviews (job, reviews, from_date);
  return job;
}

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

static PangoLayout *
text_layout (GtkPrintContext *context,
             const char      *markup,
             double           font_size,
             double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, (int) (font_size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static guint
chunk_first_day (PrintJob *job,
                 guint     chunk)
{
  return chunk * job->chunk_days;
}

/* The chart becomes, for each run of days that fits across the page, a
 * line of day headings and one block per chart row. */
static void
expand_chart (PrintJob *job)
{
  guint at;
  guint n_chunks = (job->chart->n_days + job->chunk_days - 1) / job->chunk_days;

  for (at = 0; at < job->blocks->len; at++)
    if (((Block *) g_ptr_array_index (job->blocks, at))->kind == BLOCK_CHART)
      break;
  if (at == job->blocks->len)
    return;
  g_ptr_array_remove_index (job->blocks, at);

  for (guint c = 0; c < n_chunks; c++)
    {
      Block *header = g_new0 (Block, 1);

      header->kind = BLOCK_CHART_HEADER;
      header->chunk = c;
      header->space_before = c == 0 ? 6 : 12;
      header->keep_with_next = TRUE;
      g_ptr_array_insert (job->blocks, at++, header);
      for (guint r = 0; r < job->chart->rows->len; r++)
        {
          Block *row = g_new0 (Block, 1);

          row->kind = BLOCK_CHART_ROW;
          row->chunk = c;
          row->row = r;
          g_ptr_array_insert (job->blocks, at++, row);
        }
    }
}

static void
measure (PrintJob        *job,
         GtkPrintContext *context,
         double           width)
{
  for (guint i = 0; i < job->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (job->blocks, i);
      int w, h;

      switch (block->kind)
        {
        case BLOCK_TEXT:
          g_clear_object (&block->layout);
          block->layout = text_layout (context, block->markup, block->font_size, width);
          pango_layout_get_size (block->layout, &w, &h);
          block->height = (double) h / PANGO_SCALE;
          break;

        case BLOCK_CHART_HEADER:
          block->height = CHART_HEAD_H;
          break;

        case BLOCK_CHART_ROW:
          block->height = CHART_ROW_H;
          break;

        case BLOCK_CHART:
        default:
          g_assert_not_reached ();
        }
    }
}

static double
needed_height (Block   *block,
               gboolean at_top)
{
  double h = block->height + (at_top ? 0 : block->space_before);

  if (block->kind == BLOCK_CHART_ROW && at_top)
    h += CHART_HEAD_H;
  return h;
}

static int
paginate (PrintJob *job,
          double    page_height)
{
  double y = 0;
  int page = 0;

  for (guint i = 0; i < job->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (job->blocks, i);
      double h;

      h = needed_height (block, y == 0);
      /* A heading goes with the start of what it heads. */
      if (block->keep_with_next && i + 1 < job->blocks->len && y > 0)
        {
          Block *next = g_ptr_array_index (job->blocks, i + 1);

          if (y + h + next->height + next->space_before > page_height)
            {
              page++;
              y = 0;
              h = needed_height (block, TRUE);
            }
        }
      if (y > 0 && y + h > page_height)
        {
          page++;
          y = 0;
          h = needed_height (block, TRUE);
        }
      block->page = page;
      block->header_above = block->kind == BLOCK_CHART_ROW && y == 0;
      block->y = y + (y == 0 ? 0 : block->space_before);
      y += h;
    }
  return page + 1;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context) - FOOTER_HEIGHT;
  guint fit = (guint) MAX (1, (width - CHART_LABEL_W) / CHART_MIN_CELL);

  job->chunk_days = MIN (CHART_MAX_DAYS, fit);
  job->cell_width = MIN (CHART_MAX_CELL, (width - CHART_LABEL_W) / job->chunk_days);
  expand_chart (job);
  measure (job, context, width);
  gtk_print_operation_set_n_pages (operation, paginate (job, height));
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */
/* ------------------------------------------------------------------ */

/* Pale fills that print well in colour and stay apart in grey; the
 * letter in every cell says the same thing. */
static const double mark_fill[CARE_N_MAR_MARKS][3] = {
  [CARE_MAR_BLANK] = { 1.00, 1.00, 1.00 },
  [CARE_MAR_DONE] = { 0.80, 0.93, 0.80 },
  [CARE_MAR_REFUSED] = { 0.98, 0.80, 0.80 },
  [CARE_MAR_ASLEEP] = { 0.82, 0.88, 0.98 },
  [CARE_MAR_AWAY] = { 0.90, 0.82, 0.95 },
  [CARE_MAR_NOT_REQUIRED] = { 0.92, 0.92, 0.92 },
  [CARE_MAR_UNABLE] = { 0.99, 0.92, 0.72 },
  [CARE_MAR_OTHER] = { 0.93, 0.86, 0.78 },
  [CARE_MAR_IN_ERROR] = { 0.85, 0.85, 0.85 },
  [CARE_MAR_MISSED] = { 0.78, 0.16, 0.16 },
};

static void
draw_centred (cairo_t         *cr,
              GtkPrintContext *context,
              const char      *markup,
              double           size,
              double           x,
              double           y,
              double           w,
              double           h)
{
  g_autoptr(PangoLayout) layout = text_layout (context, markup, size, 0);
  int lw, lh;

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_size (layout, &lw, &lh);
  cairo_move_to (cr, x + (w - (double) lw / PANGO_SCALE) / 2, y + (h - (double) lh / PANGO_SCALE) / 2);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_chart_header (PrintJob        *job,
                   GtkPrintContext *context,
                   cairo_t         *cr,
                   guint            chunk,
                   double           y)
{
  guint first = chunk_first_day (job, chunk);
  guint n = MIN (job->chunk_days, job->chart->n_days - first);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *date = care_mar_chart_date (job->chart, first + i);
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *text = NULL;
      int yy, mm, dd;

      if (sscanf (date, "%d-%d-%d", &yy, &mm, &dd) != 3)
        continue;
      dt = g_date_time_new_local (yy, mm, dd, 12, 0, 0);
      /* Translators: a printed chart column heading, see g_date_time_format() */
      text = g_date_time_format (dt, (i == 0 || dd == 1) ? _("%a\n%-d %b") : _("%a\n%-d"));
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_centred (cr, context, text, SMALL_SIZE - 1, CHART_LABEL_W + i * job->cell_width, y,
                    job->cell_width, CHART_HEAD_H);
    }
}

static void
draw_chart_row (PrintJob        *job,
                GtkPrintContext *context,
                cairo_t         *cr,
                Block           *block,
                double           y)
{
  CareMarRow *row = g_ptr_array_index (job->chart->rows, block->row);
  guint first = chunk_first_day (job, block->chunk);
  guint n = MIN (job->chunk_days, job->chart->n_days - first);
  g_autofree char *label = g_markup_printf_escaped ("%s · <b>%s</b>", row->task_name,
                                                    row->slot_time ? row->slot_time : _("when required"));
  g_autoptr(PangoLayout) layout = text_layout (context, label, SMALL_SIZE, CHART_LABEL_W - 6);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  pango_layout_set_height (layout, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, y + 3);
  pango_cairo_show_layout (cr, layout);

  for (guint i = 0; i < n; i++)
    {
      CareMarCell *cell = care_mar_chart_cell (job->chart, block->row, first + i);
      g_autofree char *text = care_mar_cell_text (cell);
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
      double x = CHART_LABEL_W + i * job->cell_width;
      const double *fill = mark_fill[cell->mark];

      cairo_rectangle (cr, x + 0.5, y + 0.5, job->cell_width - 1, CHART_ROW_H - 1);
      cairo_set_source_rgb (cr, fill[0], fill[1], fill[2]);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
      cairo_set_line_width (cr, 0.5);
      cairo_stroke (cr);
      if (cell->mark == CARE_MAR_MISSED)
        cairo_set_source_rgb (cr, 1, 1, 1);
      else
        cairo_set_source_rgb (cr, 0, 0, 0);
      draw_centred (cr, context, markup, SMALL_SIZE + 0.5, x, y, job->cell_width, CHART_ROW_H);
    }
}

static void
draw_footer (PrintJob          *job,
             GtkPrintOperation *operation,
             GtkPrintContext   *context,
             cairo_t           *cr,
             int                page_nr)
{
  double width = gtk_print_context_get_width (context);
  double y = gtk_print_context_get_height (context) - FOOTER_HEIGHT + 8;
  int n_pages = 0;
  g_autofree char *page_text = NULL;
  g_autofree char *left = g_markup_escape_text (job->footer, -1);
  g_autoptr(PangoLayout) left_layout = text_layout (context, left, SMALL_SIZE, width * 0.7);
  g_autoptr(PangoLayout) right_layout = NULL;
  int rw, rh;

  g_object_get (operation, "n-pages", &n_pages, NULL);
  /* Translators: page number and number of pages */
  page_text = g_strdup_printf (_("Page %d of %d"), page_nr + 1, n_pages);
  right_layout = text_layout (context, page_text, SMALL_SIZE, 0);

  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, y - 4);
  cairo_line_to (cr, width, y - 4);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_move_to (cr, 0, y);
  pango_cairo_show_layout (cr, left_layout);
  pango_layout_get_size (right_layout, &rw, &rh);
  cairo_move_to (cr, width - (double) rw / PANGO_SCALE, y);
  pango_cairo_show_layout (cr, right_layout);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  for (guint i = 0; i < job->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (job->blocks, i);
      double y = block->y;

      if (block->page != page_nr)
        continue;
      switch (block->kind)
        {
        case BLOCK_TEXT:
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_move_to (cr, 0, y);
          pango_cairo_show_layout (cr, block->layout);
          break;

        case BLOCK_CHART_HEADER:
          draw_chart_header (job, context, cr, block->chunk, y);
          break;

        case BLOCK_CHART_ROW:
          if (block->header_above)
            {
              draw_chart_header (job, context, cr, block->chunk, y);
              y += CHART_HEAD_H;
            }
          draw_chart_row (job, context, cr, block, y);
          break;

        case BLOCK_CHART:
        default:
          g_assert_not_reached ();
        }
    }
  draw_footer (job, operation, context, cr, page_nr);
}

GtkPrintOperation *
care_print_person_operation_new (CareStore   *store,
                                 const char  *person_uuid,
                                 const char  *from_date,
                                 const char  *to_date,
                                 GError     **error)
{
  g_autoptr(GtkPageSetup) setup = NULL;
  GtkPrintOperation *operation;
  PrintJob *job;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (person_uuid != NULL, NULL);

  job = gather (store, person_uuid, from_date, to_date, error);
  if (job == NULL)
    return NULL;

  operation = gtk_print_operation_new ();
  /* A MAR chart reads across the days: landscape A4, as on paper charts. */
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, job->footer);
  g_object_set_data_full (G_OBJECT (operation), "care-print-job", job, (GDestroyNotify) print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  return operation;
}

gboolean
care_print_person_export_pdf (CareStore   *store,
                              const char  *person_uuid,
                              const char  *from_date,
                              const char  *to_date,
                              const char  *path,
                              GtkWindow   *parent,
                              GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  operation = care_print_person_operation_new (store, person_uuid, from_date, to_date, error);
  if (operation == NULL)
    return FALSE;
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
