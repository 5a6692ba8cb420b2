/* care-person-record.c: what a person's review reads
 *
 * Each list is one SQL statement over the current versions, so a review
 * costs a handful of indexed queries however long the person's history is.
 * The chart, the observations and the latest reviews are answered from
 * indexes made for them (schema version 7): a person's rows are scattered
 * over a file of millions, and reading each one's page is what made a
 * review slow.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-administration.h"
#include "care-delegation.h"
#include "care-error.h"
#include "care-person-record.h"
#include "care-store-private.h"
#include "care-validate.h"

/* Table and alias names are literals, never input. "version > 1" changes
 * nothing (versions start at 1) but lets SQLite look in the small index of
 * later versions, where one exists, rather than the whole primary key. */
#define NEWEST(t, a) \
  " NOT EXISTS (SELECT 1 FROM " t " n_" a " WHERE n_" a ".uuid = " a ".uuid AND n_" a ".version > " a ".version" \
  " AND n_" a ".version > 1) "

#define PERSON_TASKS "(SELECT d.uuid FROM delegated_task d WHERE d.person_uuid = ?1)"

#define STAFF_NAME(col) \
  "(SELECT s.name FROM staff s WHERE s.uuid = " col " ORDER BY s.version DESC LIMIT 1)"

#define TASK_NAME(col) \
  "(SELECT t.name FROM task_type t WHERE t.uuid = (SELECT d.task_type_uuid FROM delegated_task d " \
  "WHERE d.uuid = " col " ORDER BY d.version DESC LIMIT 1) ORDER BY t.version DESC LIMIT 1)"

#define PERSON_NAME(a) \
  "coalesce (" a ".preferred_name, " a ".given_name) || ' ' || " a ".family_name"

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

static gboolean
finish (CareStore     *store,
        sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (store, error, "person record");
  return TRUE;
}

void
care_person_task_free (CarePersonTask *task)
{
  g_clear_object (&task->task);
  g_clear_object (&task->type);
  g_free (task);
}

void
care_person_entry_free (CarePersonEntry *entry)
{
  g_clear_object (&entry->administration);
  g_free (entry->task_name);
  g_free (entry->performer_name);
  g_free (entry->witness_name);
  g_free (entry);
}

void
care_person_review_free (CarePersonReview *review)
{
  g_clear_object (&review->review);
  g_free (review->task_name);
  g_free (review->reviewer_name);
  g_free (review);
}

void
care_mar_row_free (CareMarRow *row)
{
  g_free (row->task_uuid);
  g_free (row->task_name);
  g_free (row->slot_time);
  g_free (row);
}

void
care_mar_chart_free (CareMarChart *chart)
{
  g_free (chart->from_date);
  g_free (chart->to_date);
  g_clear_pointer (&chart->rows, g_ptr_array_unref);
  g_free (chart->cells);
  g_free (chart);
}

void
care_when_required_free (CareWhenRequired *item)
{
  g_free (item->task_uuid);
  g_free (item->person_uuid);
  g_free (item->person_name);
  g_free (item->task_type_uuid);
  g_free (item->task_name);
  g_free (item->last_performer_name);
  g_free (item);
}

char *
care_person_record_display_name (CareRecord *person)
{
  const char *preferred = care_record_get_string (person, "preferred_name");

  return g_strdup_printf ("%s %s",
                          preferred ? preferred : care_record_get_string (person, "given_name"),
                          care_record_get_string (person, "family_name"));
}

/* Whole years from the date of birth to @on_date; -1 if either is unreadable. */
int
care_person_record_age (CareRecord *person,
                        const char *on_date)
{
  GDate born, on;
  int age;

  if (!care_date_parse (care_record_get_string (person, "date_of_birth"), &born)
      || !care_date_parse (on_date, &on))
    return -1;
  age = g_date_get_year (&on) - g_date_get_year (&born);
  if (g_date_get_month (&on) < g_date_get_month (&born)
      || (g_date_get_month (&on) == g_date_get_month (&born)
          && g_date_get_day (&on) < g_date_get_day (&born)))
    age--;
  return age;
}

static int
status_rank (CareRecord *task)
{
  static const char * const order[] = { "active", "suspended", "accepted", "proposed", NULL };
  const char *status = care_record_get_string (task, "status");

  for (int i = 0; order[i]; i++)
    if (g_strcmp0 (status, order[i]) == 0)
      return i;
  return G_N_ELEMENTS (order);
}

static int
compare_person_tasks (gconstpointer a,
                      gconstpointer b)
{
  const CarePersonTask *ta = *(CarePersonTask **) a;
  const CarePersonTask *tb = *(CarePersonTask **) b;
  int by_status = status_rank (ta->task) - status_rank (tb->task);

  if (by_status != 0)
    return by_status;
  return g_utf8_collate (care_record_get_string (ta->type, "name"),
                         care_record_get_string (tb->type, "name"));
}

/* Live tasks first, as a nurse reads them, then by task type name;
 * finished ones after. */
GPtrArray *
care_person_record_tasks (CareStore   *store,
                          const char  *person_uuid,
                          GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_DELEGATED_TASK, "d");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM delegated_task d WHERE d.person_uuid = ?1 AND d.entered_in_error = 0 AND"
    NEWEST ("delegated_task", "d")
    "ORDER BY d.start_date DESC, d.uuid", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) out = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_TRANSIENT);
  tasks = _care_store_query_records (store, CARE_KIND_DELEGATED_TASK, stmt, error);
  if (tasks == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_person_task_free);
  for (guint i = 0; i < tasks->len; i++)
    {
      CareRecord *task = g_ptr_array_index (tasks, i);
      CarePersonTask *pt;
      CareRecord *type = care_store_load (store, CARE_KIND_TASK_TYPE,
                                          care_record_get_string (task, "task_type_uuid"), error);

      if (type == NULL)
        return NULL;
      pt = g_new0 (CarePersonTask, 1);
      pt->task = g_object_ref (task);
      pt->type = type;
      g_ptr_array_add (out, pt);
    }
  g_ptr_array_sort (out, compare_person_tasks);
  return g_steal_pointer (&out);
}

/* The current version of every administration of the person's tasks with a
 * slot date in the range, entered-in-error ones included so the chart can
 * show them: one query, through the (task, slot date) index. */
GPtrArray *
care_person_record_administrations (CareStore   *store,
                                    const char  *person_uuid,
                                    const char  *from_date,
                                    const char  *to_date,
                                    GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_ADMINISTRATION, "a");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM administration a WHERE a.task_uuid IN " PERSON_TASKS
    " AND a.slot_date BETWEEN ?2 AND ?3 AND" NEWEST ("administration", "a")
    "ORDER BY a.slot_date, a.occurred_at, a.uuid", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_date, -1, SQLITE_TRANSIENT);
  return _care_store_query_records (store, CARE_KIND_ADMINISTRATION, stmt, error);
}

/* ------------------------------------------------------------------ */
/* The MAR-style chart                                                 */
/* ------------------------------------------------------------------ */

static const struct
{
  char        letter;
  const char *label;
} marks[CARE_N_MAR_MARKS] = {
  [CARE_MAR_BLANK] = { ' ', N_("Not due yet, or not scheduled") },
  [CARE_MAR_DONE] = { 'D', N_("Done") },
  [CARE_MAR_REFUSED] = { 'R', N_("Refused") },
  [CARE_MAR_ASLEEP] = { 'S', N_("Asleep") },
  [CARE_MAR_AWAY] = { 'H', N_("In hospital or away") },
  [CARE_MAR_NOT_REQUIRED] = { 'N', N_("Not required") },
  [CARE_MAR_UNABLE] = { 'U', N_("Unable") },
  [CARE_MAR_OTHER] = { 'O', N_("Other reason") },
  [CARE_MAR_IN_ERROR] = { 'X', N_("Entered in error") },
  [CARE_MAR_MISSED] = { '!', N_("Missed: nothing recorded") },
};

char
care_mar_mark_letter (CareMarMark mark)
{
  g_return_val_if_fail (mark < CARE_N_MAR_MARKS, '?');
  return marks[mark].letter;
}

const char *
care_mar_mark_label (CareMarMark mark)
{
  g_return_val_if_fail (mark < CARE_N_MAR_MARKS, NULL);
  return _(marks[mark].label);
}

const char *
care_outcome_reason_label (const char *canonical)
{
  if (g_strcmp0 (canonical, "refused") == 0)
    return _("Refused");
  if (g_strcmp0 (canonical, "asleep") == 0)
    return _("Asleep");
  if (g_strcmp0 (canonical, "away") == 0)
    return _("In hospital or away");
  if (g_strcmp0 (canonical, "not_required") == 0)
    return _("Not required");
  if (g_strcmp0 (canonical, "unable") == 0)
    return _("Unable");
  return _("Other reason");
}

static CareMarMark
mark_for (gboolean    in_error,
          const char *outcome,
          const char *canonical)
{
  if (in_error)
    return CARE_MAR_IN_ERROR;
  if (g_strcmp0 (outcome, "done") == 0)
    return CARE_MAR_DONE;
  if (g_strcmp0 (canonical, "refused") == 0)
    return CARE_MAR_REFUSED;
  if (g_strcmp0 (canonical, "asleep") == 0)
    return CARE_MAR_ASLEEP;
  if (g_strcmp0 (canonical, "away") == 0)
    return CARE_MAR_AWAY;
  if (g_strcmp0 (canonical, "not_required") == 0)
    return CARE_MAR_NOT_REQUIRED;
  if (g_strcmp0 (canonical, "unable") == 0)
    return CARE_MAR_UNABLE;
  return CARE_MAR_OTHER;
}

CareMarMark
care_mar_mark_for_administration (CareRecord *administration)
{
  return mark_for (care_record_is_entered_in_error (administration),
                   care_record_get_string (administration, "outcome"),
                   care_record_get_string (administration, "reason_canonical"));
}

CareMarCell *
care_mar_chart_cell (CareMarChart *chart,
                     guint         row,
                     guint         day)
{
  g_return_val_if_fail (row < chart->rows->len && day < chart->n_days, NULL);
  return &chart->cells[row * chart->n_days + day];
}

char *
care_mar_chart_date (CareMarChart *chart,
                     guint         day)
{
  return care_date_add_days (chart->from_date, day);
}

/* The version of a task that was current at @instant: the schedule and the
 * status in force then, so a suspended week or an old schedule is charted
 * as it was, not as the task is now. Versions are oldest first. */
static CareRecord *
version_at (GPtrArray *versions,
            gint64     instant)
{
  CareRecord *found = NULL;

  for (guint i = 0; i < versions->len; i++)
    {
      CareRecord *v = g_ptr_array_index (versions, i);

      if (care_record_get_recorded_at (v) > instant)
        break;
      found = v;
    }
  return found;
}

static gboolean
is_prn (CareRecord *task)
{
  return g_strcmp0 (care_record_get_string (task, "schedule_kind"), "prn") == 0;
}

/* Whether @task had a slot at @time on @date, by the version in force then. */
static gboolean
was_scheduled (GPtrArray  *versions,
               const char *date,
               const char *time)
{
  CareRecord *v = version_at (versions, care_local_instant (date, time));
  g_auto(GStrv) times = NULL;

  if (v == NULL || care_record_is_entered_in_error (v) || !care_delegation_is_live_on (v, date))
    return FALSE;
  times = care_delegation_slot_times (v, date);
  return g_strv_contains ((const char * const *) times, time);
}

typedef struct
{
  CarePersonTask *pt;
  GPtrArray      *versions;
  GPtrArray      *times;     /* sorted, unique; "" for when-required */
} ChartTask;

static void
chart_task_free (ChartTask *ct)
{
  g_clear_pointer (&ct->versions, g_ptr_array_unref);
  g_clear_pointer (&ct->times, g_ptr_array_unref);
  g_free (ct);
}

static void
add_time (ChartTask  *ct,
          const char *time)
{
  for (guint i = 0; i < ct->times->len; i++)
    if (g_str_equal (g_ptr_array_index (ct->times, i), time))
      return;
  g_ptr_array_add (ct->times, g_strdup (time));
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  const char *ta = *(const char **) a;
  const char *tb = *(const char **) b;

  /* The when-required line ("") goes after the timed ones. */
  if (*ta == '\0' || *tb == '\0')
    return (*ta == '\0') - (*tb == '\0');
  return strcmp (ta, tb);
}

/* The chart's days and the instants they begin (one more: the end of the
 * last), worked out once for every task. */
typedef struct
{
  guint   n;
  char  **dates;
  gint64 *starts;
} ChartDays;

static void
chart_days_init (ChartDays  *days,
                 const char *from_date,
                 guint       n)
{
  days->n = n;
  days->dates = g_new0 (char *, n + 2);
  days->starts = g_new0 (gint64, n + 1);
  for (guint day = 0; day <= n; day++)
    {
      days->dates[day] = care_date_add_days (from_date, day);
      days->starts[day] = care_local_instant (days->dates[day], "00:00");
    }
}

static void
chart_days_clear (ChartDays *days)
{
  g_strfreev (days->dates);
  g_free (days->starts);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChartDays, chart_days_clear)

/* Every time any version in force during the range scheduled. */
static void
collect_scheduled_times (ChartTask       *ct,
                         const ChartDays *days)
{
  for (guint day = 0; day < days->n; day++)
    {
      const char *date = days->dates[day];
      gint64 day_start = days->starts[day];
      gint64 day_end = days->starts[day + 1];

      for (guint i = 0; i < ct->versions->len; i++)
        {
          CareRecord *v = g_ptr_array_index (ct->versions, i);
          CareRecord *following = i + 1 < ct->versions->len ? g_ptr_array_index (ct->versions, i + 1) : NULL;
          g_auto(GStrv) times = NULL;

          /* In force at some moment of the day. */
          if (care_record_get_recorded_at (v) >= day_end
              || (following != NULL && care_record_get_recorded_at (following) <= day_start))
            continue;
          if (!care_delegation_is_live_on (v, date))
            continue;
          if (is_prn (v))
            {
              add_time (ct, "");
              continue;
            }
          times = care_delegation_slot_times (v, date);
          for (guint t = 0; times[t]; t++)
            add_time (ct, times[t]);
        }
    }
}

/* A dose given outranks a reason it was not given, which outranks an
 * entry withdrawn as a mistake. */
static int
mark_rank (CareMarMark mark)
{
  switch (mark)
    {
    case CARE_MAR_BLANK:
    case CARE_MAR_MISSED:
      return 0;
    case CARE_MAR_IN_ERROR:
      return 1;
    case CARE_MAR_DONE:
      return 3;
    default:
      return 2;
    }
}

/* What a cell needs of an administration, and no more. */
typedef struct
{
  char        *task_uuid;
  char        *slot_date;
  char        *slot_time;   /* "" for a when-required dose */
  CareMarMark  mark;
  gboolean     escalate;
  gboolean     late;
  gboolean     early;
} ChartEntry;

static void
chart_entry_free (ChartEntry *e)
{
  g_free (e->task_uuid);
  g_free (e->slot_date);
  g_free (e->slot_time);
  g_free (e);
}

/* The current version of every administration of the person's tasks in the
 * range, entered-in-error ones included so the chart can show them, in the
 * order they happened. Every column read is in administration_chart, so
 * SQLite answers from that index without reading a table row. */
static GPtrArray *
chart_entries (CareStore   *store,
               const char  *person_uuid,
               const char  *from_date,
               const char  *to_date,
               GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT a.task_uuid, a.slot_date, a.slot_time, a.entered_in_error, a.outcome, a.reason_canonical, "
    "a.escalate, a.late, a.occurred_at FROM administration a WHERE a.task_uuid IN " PERSON_TASKS
    " AND a.slot_date BETWEEN ?2 AND ?3 AND" NEWEST ("administration", "a")
    "ORDER BY a.slot_date, a.occurred_at, a.uuid", error);
  g_autoptr(GPtrArray) out = NULL;
  gint64 lead = care_administration_due_lead_seconds (store);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_date, -1, SQLITE_TRANSIENT);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) chart_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ChartEntry *e = g_new0 (ChartEntry, 1);
      char *time = column_dup (stmt, 2);

      e->task_uuid = column_dup (stmt, 0);
      e->slot_date = column_dup (stmt, 1);
      e->slot_time = time ? time : g_strdup ("");
      e->mark = mark_for (sqlite3_column_int (stmt, 3) != 0, (const char *) sqlite3_column_text (stmt, 4),
                          (const char *) sqlite3_column_text (stmt, 5));
      e->escalate = sqlite3_column_int (stmt, 6) != 0;
      e->late = sqlite3_column_int (stmt, 7) != 0;
      e->early = e->mark == CARE_MAR_DONE
                 && care_administration_is_early (e->slot_date, e->slot_time, sqlite3_column_int64 (stmt, 8), lead);
      g_ptr_array_add (out, e);
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* Entries arrive in the order they happened, so among equals the later
 * entry decides what the cell shows. */
static void
mark_cell (CareMarCell      *cell,
           const ChartEntry *e)
{
  if (e->mark == CARE_MAR_DONE)
    cell->n_done++;
  if (e->escalate && e->mark != CARE_MAR_IN_ERROR)
    cell->escalated = TRUE;
  if (mark_rank (e->mark) >= mark_rank (cell->mark))
    {
      cell->mark = e->mark;
      cell->late = e->late;
      cell->early = e->early;
    }
}

/* The versions of a task that can have been in force during the range,
 * oldest first. A task not changed since the range began was the same all
 * through it, so its current version tells the whole story and a long
 * finished task costs no query. */
static GPtrArray *
versions_in_range (CareStore   *store,
                   CareRecord  *task,
                   gint64       range_start,
                   GError     **error)
{
  GPtrArray *versions;

  if (care_record_get_recorded_at (task) > range_start)
    return care_store_load_versions (store, CARE_KIND_DELEGATED_TASK, care_record_get_uuid (task), error);
  versions = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (versions, g_object_ref (task));
  return versions;
}

static guint
find_row (CareMarChart *chart,
          const char   *task_uuid,
          const char   *time)
{
  for (guint r = 0; r < chart->rows->len; r++)
    {
      CareMarRow *row = g_ptr_array_index (chart->rows, r);

      if (g_str_equal (row->task_uuid, task_uuid)
          && g_strcmp0 (row->slot_time, *time ? time : NULL) == 0)
        return r;
    }
  return G_MAXUINT;
}

static void
fill_missed (CareStore    *store,
             CareMarChart *chart,
             GPtrArray    *chart_tasks)
{
  gint64 now = care_store_now (store);

  for (guint r = 0; r < chart->rows->len; r++)
    {
      CareMarRow *row = g_ptr_array_index (chart->rows, r);
      ChartTask *ct = NULL;
      gint64 grace;

      if (row->slot_time == NULL)
        continue;
      for (guint i = 0; i < chart_tasks->len && ct == NULL; i++)
        {
          ChartTask *candidate = g_ptr_array_index (chart_tasks, i);
          if (g_str_equal (care_record_get_uuid (candidate->pt->task), row->task_uuid))
            ct = candidate;
        }
      grace = care_record_get_int (ct->pt->type, "grace_minutes") * 60;
      for (guint day = 0; day < chart->n_days; day++)
        {
          CareMarCell *cell = care_mar_chart_cell (chart, r, day);
          g_autofree char *date = NULL;

          if (cell->mark != CARE_MAR_BLANK)
            continue;
          date = care_mar_chart_date (chart, day);
          if (now > care_local_instant (date, row->slot_time) + grace
              && was_scheduled (ct->versions, date, row->slot_time))
            cell->mark = CARE_MAR_MISSED;
        }
    }
}

/* The chart of @from_date to @to_date (at most a year): a line per
 * scheduled time of each task and one for when-required doses, a column per
 * day. The administrations come from one query; the rest is arithmetic. */
CareMarChart *
care_person_record_mar (CareStore   *store,
                        const char  *person_uuid,
                        const char  *from_date,
                        const char  *to_date,
                        GError     **error)
{
  g_autoptr(CareMarChart) chart = g_new0 (CareMarChart, 1);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) chart_tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) chart_task_free);
  int n_days = care_date_days_between (from_date, to_date);
  g_auto(ChartDays) days = { 0 };

  if (n_days < 0 || n_days > 366)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   _("A chart runs forwards over at most a year (%s to %s)."), from_date, to_date);
      return NULL;
    }
  chart->from_date = g_strdup (from_date);
  chart->to_date = g_strdup (to_date);
  chart->n_days = n_days + 1;
  chart->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) care_mar_row_free);

  tasks = care_person_record_tasks (store, person_uuid, error);
  if (tasks == NULL)
    return NULL;
  entries = chart_entries (store, person_uuid, from_date, to_date, error);
  if (entries == NULL)
    return NULL;

  chart_days_init (&days, from_date, chart->n_days);
  for (guint i = 0; i < tasks->len; i++)
    {
      ChartTask *ct = g_new0 (ChartTask, 1);
      const char *task_uuid;

      ct->pt = g_ptr_array_index (tasks, i);
      task_uuid = care_record_get_uuid (ct->pt->task);
      ct->times = g_ptr_array_new_with_free_func (g_free);
      ct->versions = versions_in_range (store, ct->pt->task, days.starts[0], error);
      g_ptr_array_add (chart_tasks, ct);
      if (ct->versions == NULL)
        return NULL;
      collect_scheduled_times (ct, &days);
      for (guint a = 0; a < entries->len; a++)
        {
          ChartEntry *e = g_ptr_array_index (entries, a);

          if (g_str_equal (e->task_uuid, task_uuid))
            add_time (ct, e->slot_time);
        }
      g_ptr_array_sort (ct->times, compare_times);
      for (guint t = 0; t < ct->times->len; t++)
        {
          CareMarRow *row = g_new0 (CareMarRow, 1);
          const char *time = g_ptr_array_index (ct->times, t);

          row->task_uuid = g_strdup (care_record_get_uuid (ct->pt->task));
          row->task_name = g_strdup (care_record_get_string (ct->pt->type, "name"));
          row->slot_time = *time ? g_strdup (time) : NULL;
          g_ptr_array_add (chart->rows, row);
        }
    }

  chart->cells = g_new0 (CareMarCell, MAX (1, chart->rows->len * chart->n_days));
  for (guint a = 0; a < entries->len; a++)
    {
      ChartEntry *e = g_ptr_array_index (entries, a);
      guint r = find_row (chart, e->task_uuid, e->slot_time);
      int day = care_date_days_between (from_date, e->slot_date);

      if (r != G_MAXUINT && day >= 0 && (guint) day < chart->n_days)
        mark_cell (care_mar_chart_cell (chart, r, day), e);
    }
  fill_missed (store, chart, chart_tasks);
  return g_steal_pointer (&chart);
}

/* ------------------------------------------------------------------ */
/* Observations, reviews, liberty safeguards                           */
/* ------------------------------------------------------------------ */

/* What carers noticed, and every entry they escalated to the nurse, newest
 * first: "record any changes" is what the nurse reads before a review. */
GPtrArray *
care_person_record_observations (CareStore   *store,
                                 const char  *person_uuid,
                                 const char  *from_date,
                                 const char  *to_date,
                                 GError     **error)
{
  const CareKindInfo *info = care_kind_info (CARE_KIND_ADMINISTRATION);
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_ADMINISTRATION, "a");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s, " TASK_NAME ("a.task_uuid") ", " STAFF_NAME ("a.performer_uuid") ", "
    STAFF_NAME ("a.witness_uuid") " FROM administration a WHERE a.task_uuid IN " PERSON_TASKS
    " AND a.slot_date BETWEEN ?2 AND ?3 AND a.entered_in_error = 0 AND"
    NEWEST ("administration", "a")
    "AND (a.escalate = 1 OR coalesce (a.observations, '') <> '') "
    "ORDER BY a.occurred_at DESC, a.uuid", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) out = NULL;
  int base = 5 + info->n_fields;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_date, -1, SQLITE_TRANSIENT);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_person_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CarePersonEntry *e = g_new0 (CarePersonEntry, 1);

      e->administration = _care_store_record_from_row (stmt, CARE_KIND_ADMINISTRATION);
      e->task_name = column_dup (stmt, base);
      e->performer_name = column_dup (stmt, base + 1);
      e->witness_name = column_dup (stmt, base + 2);
      g_ptr_array_add (out, e);
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* The newest @limit clinical oversight reviews of the person's tasks. The
 * inner query picks them from review_recent alone; only the rows chosen are
 * read, however many reviews years of visits have left. */
GPtrArray *
care_person_record_reviews (CareStore   *store,
                            const char  *person_uuid,
                            guint        limit,
                            GError     **error)
{
  const CareKindInfo *info = care_kind_info (CARE_KIND_REVIEW);
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_REVIEW, "r");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s, " TASK_NAME ("r.task_uuid") ", " STAFF_NAME ("r.reviewer_uuid")
    " FROM review r WHERE r.rowid IN (SELECT l.rowid FROM review l WHERE l.task_uuid IN " PERSON_TASKS
    " AND l.entered_in_error = 0 AND" NEWEST ("review", "l") "ORDER BY l.reviewed_on DESC, l.rowid DESC LIMIT ?2)"
    " ORDER BY r.reviewed_on DESC, r.rowid DESC", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) out = NULL;
  int base = 5 + info->n_fields;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_person_review_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CarePersonReview *r = g_new0 (CarePersonReview, 1);

      r->review = _care_store_record_from_row (stmt, CARE_KIND_REVIEW);
      r->task_name = column_dup (stmt, base);
      r->reviewer_name = column_dup (stmt, base + 1);
      g_ptr_array_add (out, r);
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* NULL with no error when the person has never been screened. */
CareRecord *
care_person_record_latest_screening (CareStore   *store,
                                     const char  *person_uuid,
                                     GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_LIBERTY_SCREENING, "s");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM liberty_screening s WHERE s.person_uuid = ?1 AND s.entered_in_error = 0 AND"
    NEWEST ("liberty_screening", "s") "ORDER BY s.screened_on DESC, s.rowid DESC LIMIT 1", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_TRANSIENT);
  found = _care_store_query_records (store, CARE_KIND_LIBERTY_SCREENING, stmt, error);
  if (found == NULL || found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

/* The person's DoLS/LPS cases, the most recent application first. */
GPtrArray *
care_person_record_cases (CareStore   *store,
                          const char  *person_uuid,
                          GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_LIBERTY_CASE, "c");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM liberty_case c WHERE c.person_uuid = ?1 AND c.entered_in_error = 0 AND"
    NEWEST ("liberty_case", "c") "ORDER BY c.applied_on DESC, c.rowid DESC", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_uuid, -1, SQLITE_TRANSIENT);
  return _care_store_query_records (store, CARE_KIND_LIBERTY_CASE, stmt, error);
}

/* ------------------------------------------------------------------ */
/* The round's when-required tasks                                     */
/* ------------------------------------------------------------------ */

/* Every entry recorded against a slot of @date, entered-in-error ones left
 * out: what the round shows beside each slot (when, by whom, why not). */
GPtrArray *
care_person_record_day_entries (CareStore   *store,
                                const char  *date,
                                GError     **error)
{
  g_autofree char *cols = _care_store_select_columns (CARE_KIND_ADMINISTRATION, "a");
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM administration a WHERE a.slot_date = ?1 AND a.entered_in_error = 0 AND"
    NEWEST ("administration", "a") "ORDER BY a.occurred_at, a.uuid", cols);
  sqlite3_stmt *stmt = _care_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  return _care_store_query_records (store, CARE_KIND_ADMINISTRATION, stmt, error);
}

#define DONE_DOSE(a) \
  " " a ".task_uuid = d.uuid AND " a ".outcome = 'done' AND " a ".entered_in_error = 0 AND" \
  NEWEST ("administration", a)

/* Live when-required tasks on @date with the doses given that day and the
 * last dose before the day ends, so a carer sees at a glance whether a dose
 * may be due; the limits themselves are the core's to enforce on saving. */
GPtrArray *
care_person_record_when_required (CareStore   *store,
                                  const char  *date,
                                  GError     **error)
{
  g_autofree char *next = care_date_add_days (date, 1);
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT d.uuid, d.person_uuid, d.task_type_uuid, " PERSON_NAME ("p") ", t.name, "
    "  d.prn_max_24h, d.prn_min_interval_min, "
    "  (SELECT count (*) FROM administration a WHERE a.slot_date = ?1 AND" DONE_DOSE ("a") "), "
    "  (SELECT max (b.occurred_at) FROM administration b WHERE b.occurred_at < ?2 AND" DONE_DOSE ("b") "), "
    "  (SELECT " STAFF_NAME ("c.performer_uuid") " FROM administration c WHERE c.occurred_at < ?2 AND"
    DONE_DOSE ("c") " ORDER BY c.occurred_at DESC LIMIT 1) "
    "FROM delegated_task d "
    "JOIN person p ON p.uuid = d.person_uuid AND p.version = (SELECT max (version) FROM person WHERE uuid = d.person_uuid) "
    "JOIN task_type t ON t.uuid = d.task_type_uuid AND t.version = (SELECT max (version) FROM task_type WHERE uuid = d.task_type_uuid) "
    "WHERE d.entered_in_error = 0 AND" NEWEST ("delegated_task", "d")
    "AND d.status = 'active' AND d.schedule_kind = 'prn' AND d.start_date <= ?1 "
    "AND (d.end_date IS NULL OR d.end_date >= ?1) AND p.status = 'active' AND p.entered_in_error = 0 "
    "ORDER BY 4, 5, d.uuid", error);
  g_autoptr(GPtrArray) out = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, care_local_instant (next, "00:00"));
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) care_when_required_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareWhenRequired *w = g_new0 (CareWhenRequired, 1);

      w->task_uuid = column_dup (stmt, 0);
      w->person_uuid = column_dup (stmt, 1);
      w->task_type_uuid = column_dup (stmt, 2);
      w->person_name = column_dup (stmt, 3);
      w->task_name = column_dup (stmt, 4);
      w->max_24h = sqlite3_column_int64 (stmt, 5);
      w->min_interval_minutes = sqlite3_column_int64 (stmt, 6);
      w->doses_on_day = sqlite3_column_int (stmt, 7);
      w->last_dose_at = sqlite3_column_int64 (stmt, 8);
      w->last_performer_name = column_dup (stmt, 9);
      g_ptr_array_add (out, w);
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* Paged sources                                                       */
/* ------------------------------------------------------------------ */

/* @text as a LIKE pattern matching it anywhere, with LIKE's own wildcards
 * taken literally. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* Digits only, when the search looks like part of an NHS number. */
static char *
digits_pattern (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  if (digits->len < 3)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  g_string_prepend_c (digits, '%');
  g_string_append_c (digits, '%');
  return g_string_free (digits, FALSE);
}

/* Everyone the home has records for, current people first, by family name;
 * @search matches names, room and NHS number in SQL. Columns: uuid, name,
 * given_name, family_name, preferred_name, date_of_birth, nhs_number, room,
 * status, allergies. */
CarePagedQuery *
care_person_record_people_source (CareStore  *store,
                                  const char *search)
{
  CarePagedQuery *query = care_paged_query_new (store,
    "SELECT p.uuid AS uuid, " PERSON_NAME ("p") " AS name, p.given_name AS given_name, "
    "p.family_name AS family_name, p.preferred_name AS preferred_name, "
    "p.date_of_birth AS date_of_birth, p.nhs_number AS nhs_number, p.room AS room, "
    "p.status AS status, p.allergies AS allergies "
    "FROM person p WHERE p.entered_in_error = 0 AND" NEWEST ("person", "p")
    "AND (?1 IS NULL OR p.given_name LIKE ?1 ESCAPE '\\' OR p.family_name LIKE ?1 ESCAPE '\\' "
    "  OR p.preferred_name LIKE ?1 ESCAPE '\\' OR p.room LIKE ?1 ESCAPE '\\' "
    "  OR (p.given_name || ' ' || p.family_name) LIKE ?1 ESCAPE '\\' "
    "  OR (" PERSON_NAME ("p") ") LIKE ?1 ESCAPE '\\' OR p.nhs_number LIKE ?2) "
    "ORDER BY p.status <> 'active', p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE, p.uuid");
  g_autofree char *stripped = g_strstrip (g_strdup (search ? search : ""));

  if (*stripped != '\0')
    {
      g_autofree char *pattern = like_pattern (stripped);
      g_autofree char *digits = digits_pattern (stripped);

      care_paged_query_bind_text (query, 1, pattern);
      care_paged_query_bind_text (query, 2, digits);
    }
  else
    {
      care_paged_query_bind_text (query, 1, NULL);
      care_paged_query_bind_text (query, 2, NULL);
    }
  return query;
}

#define HISTORY_COLUMNS \
  "a.uuid AS uuid, a.version AS version, a.task_uuid AS task_uuid, a.occurred_at AS occurred_at, " \
  "a.entered_at AS entered_at, a.slot_date AS slot_date, a.slot_time AS slot_time, " \
  "a.outcome AS outcome, a.reason_code AS reason_code, a.reason_canonical AS reason_canonical, " \
  "a.reason_text AS reason_text, a.site AS site, a.dose AS dose, a.observations AS observations, " \
  "a.escalate AS escalate, a.extra AS extra, a.extra_reason AS extra_reason, a.late AS late, " \
  "a.entered_in_error AS entered_in_error, " \
  TASK_NAME ("a.task_uuid") " AS task_name, " \
  STAFF_NAME ("a.performer_uuid") " AS performer_name, " \
  STAFF_NAME ("a.witness_uuid") " AS witness_name"

/* A column of the administration filed as person_history row h. */
#define FILED(col) "(SELECT r." col " FROM administration r WHERE r.uuid = h.uuid AND r.version = h.version)"
#define FILED_COLUMN(col) FILED (col) " AS " col ", "

/* HISTORY_COLUMNS of the administration filed as h. */
#define FILED_HISTORY_COLUMNS \
  "h.uuid AS uuid, h.version AS version, " \
  FILED_COLUMN ("task_uuid") FILED_COLUMN ("occurred_at") FILED_COLUMN ("entered_at") \
  FILED_COLUMN ("slot_date") FILED_COLUMN ("slot_time") FILED_COLUMN ("outcome") \
  FILED_COLUMN ("reason_code") FILED_COLUMN ("reason_canonical") FILED_COLUMN ("reason_text") \
  FILED_COLUMN ("site") FILED_COLUMN ("dose") FILED_COLUMN ("observations") FILED_COLUMN ("escalate") \
  FILED_COLUMN ("extra") FILED_COLUMN ("extra_reason") FILED_COLUMN ("late") \
  FILED_COLUMN ("entered_in_error") \
  TASK_NAME (FILED ("task_uuid")) " AS task_name, " \
  STAFF_NAME (FILED ("performer_uuid")) " AS performer_name, " \
  STAFF_NAME (FILED ("witness_uuid")) " AS witness_name"

/* Every administration of the person's tasks, newest first, entries
 * marked entered in error included (flagged) because the history is the
 * whole record. Columns: HISTORY_COLUMNS above.
 *
 * person_history (schema 8) holds the current version of each of them in
 * this order, so a page is reached by walking its key and the
 * administrations skipped on the way are never read. That is why each
 * column is its own lookup rather than a join: SQLite would read the
 * administration row of every skipped entry before applying the OFFSET,
 * but it computes the result columns only for the rows it returns. */
CarePagedQuery *
care_person_record_history_source (CareStore  *store,
                                   const char *person_uuid)
{
  CarePagedQuery *query = care_paged_query_new (store,
    "SELECT " FILED_HISTORY_COLUMNS " FROM person_history h WHERE h.person_uuid = ?1 "
    "ORDER BY h.occurred_at DESC, h.uuid DESC");

  care_paged_query_bind_text (query, 1, person_uuid);
  return query;
}

/* Every version of every administration in the home, the latest day
 * first: a correction is a line of its own, and latest_version says which
 * lines were superseded. Only the administration_day index is walked to
 * reach a page, so a page a million rows down is read as fast as the
 * first; the names are looked up for the rows shown and nothing else.
 * Columns: HISTORY_COLUMNS, latest_version, person_uuid, person_name. */
CarePagedQuery *
care_person_record_all_history_source (CareStore *store)
{
  return care_paged_query_new (store,
    "SELECT " HISTORY_COLUMNS ", "
    "(SELECT max (l.version) FROM administration l WHERE l.uuid = a.uuid) AS latest_version, "
    "(SELECT d.person_uuid FROM delegated_task d WHERE d.uuid = a.task_uuid LIMIT 1) AS person_uuid, "
    "(SELECT " PERSON_NAME ("p") " FROM person p WHERE p.uuid = "
    " (SELECT d.person_uuid FROM delegated_task d WHERE d.uuid = a.task_uuid LIMIT 1) "
    " ORDER BY p.version DESC LIMIT 1) AS person_name "
    "FROM administration a ORDER BY a.slot_date DESC, a.rowid DESC");
}
