/* care-date-row.c: a date in a preferences group, typed or picked
 *
 * The text is never rewritten while someone types: what they typed stays,
 * and the label beside it says which day it was read as, so 05/11/2026 is
 * seen to be the 5th of November before anything is saved.
 */
#include "config.h"

#include "care-date-row.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "care-error.h"
#include "care-form-util.h"
#include "care-validate.h"

/* The years the core accepts (care_date_parse). */
#define FIRST_YEAR 1900
#define LAST_YEAR  2200

struct _CareDateRow
{
  AdwEntryRow     parent_instance;

  /* Template widgets */
  GtkLabel       *reading_label;
  GtkMenuButton  *calendar_button;
  GtkPopover     *calendar_popover;
  GtkCalendar    *calendar;
  GtkWidget      *no_date_button;

  char           *date;       /* the text read as YYYY-MM-DD, or NULL */
  char           *min_date;
  char           *max_date;
  gboolean        optional;
};

enum
{
  PROP_0,
  PROP_DATE,
  PROP_MIN_DATE,
  PROP_MAX_DATE,
  PROP_OPTIONAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CareDateRow, care_date_row, ADW_TYPE_ENTRY_ROW)

/* ------------------------------------------------------------------ */
/* Reading what was typed                                              */
/* ------------------------------------------------------------------ */

#define MAX_TOKENS 5

typedef struct
{
  char     *text[MAX_TOKENS];
  gboolean  digits[MAX_TOKENS];
  guint     n;
} Tokens;

static void
tokens_clear (Tokens *tokens)
{
  for (guint i = 0; i < tokens->n; i++)
    g_free (tokens->text[i]);
  tokens->n = 0;
}

/* Splits "Thu 26 Nov 2026" or "26/11/2026" into runs of digits and runs
 * of letters; anything else separates them. FALSE when there are too many
 * parts to be a date. */
static gboolean
tokenize (const char *text,
          Tokens     *tokens)
{
  const char *p = text;

  tokens->n = 0;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *start = p;
      gboolean digits = g_unichar_isdigit (c);

      if (!digits && !g_unichar_isalpha (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      while (*p != '\0')
        {
          gunichar d = g_utf8_get_char (p);

          if (digits ? !g_unichar_isdigit (d) : !g_unichar_isalpha (d))
            break;
          p = g_utf8_next_char (p);
        }
      if (tokens->n == MAX_TOKENS)
        return FALSE;
      tokens->text[tokens->n] = g_strndup (start, p - start);
      tokens->digits[tokens->n] = digits;
      tokens->n++;
    }
  return TRUE;
}

/* 1 to 12 when @word is a month's name or its short form in the user's
 * language ("Nov", "November"), else 0. */
static int
month_from_name (const char *word)
{
  g_autofree char *folded = g_utf8_casefold (word, -1);

  for (int month = 1; month <= 12; month++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_utc (2000, month, 1, 12, 0, 0);
      g_autofree char *abbreviated = g_date_time_format (day, "%b");
      g_autofree char *full = g_date_time_format (day, "%B");
      g_autofree char *abbreviated_folded = g_utf8_casefold (abbreviated, -1);
      g_autofree char *full_folded = g_utf8_casefold (full, -1);

      /* Some languages' short forms end in a full stop, which the
       * tokenizer drops. */
      g_strchomp (abbreviated_folded);
      if (g_str_has_suffix (abbreviated_folded, "."))
        abbreviated_folded[strlen (abbreviated_folded) - 1] = '\0';
      if (g_str_equal (folded, abbreviated_folded) || g_str_equal (folded, full_folded))
        return month;
    }
  return 0;
}

static int
number (const char *digits)
{
  return strlen (digits) > 4 ? -1 : atoi (digits);
}

static char *
format_iso (int year,
            int month,
            int day)
{
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* Three numbers: 2026-11-26 (year first) or 26/11/2026 (day first, as
 * dates are written in the UK). A two-digit year is refused rather than
 * guessed: for a date of birth, 38 could be either century. */
static char *
read_numbers (Tokens *tokens)
{
  const char *a = tokens->text[0], *b = tokens->text[1], *c = tokens->text[2];

  if (strlen (a) == 4 && strlen (b) <= 2 && strlen (c) <= 2)
    return format_iso (number (a), number (b), number (c));
  if (strlen (a) <= 2 && strlen (b) <= 2 && strlen (c) == 4)
    return format_iso (number (c), number (b), number (a));
  return NULL;
}

/* A day, a month's name and a four-digit year, perhaps after the name of
 * the day: "26 Nov 2026", "Thu 26 November 2026". */
static char *
read_words (Tokens *tokens)
{
  int day = -1, month = 0, year = -1;
  guint first = 0;

  /* A leading word that is not a month is taken as the name of the day. */
  if (tokens->n == 4 && !tokens->digits[0] && month_from_name (tokens->text[0]) == 0)
    first = 1;
  if (tokens->n - first != 3)
    return NULL;
  for (guint i = first; i < tokens->n; i++)
    {
      const char *t = tokens->text[i];

      if (!tokens->digits[i])
        {
          if (month != 0 || (month = month_from_name (t)) == 0)
            return NULL;
        }
      else if (strlen (t) == 4 && year < 0)
        year = number (t);
      else if (strlen (t) <= 2 && day < 0)
        day = number (t);
      else
        return NULL;
    }
  return month != 0 ? format_iso (year, month, day) : NULL;
}

static char *
parse_text (const char *text)
{
  Tokens tokens = { 0 };
  char *iso = NULL;

  if (text == NULL || !tokenize (text, &tokens))
    {
      tokens_clear (&tokens);
      return NULL;
    }
  if (tokens.n == 3 && tokens.digits[0] && tokens.digits[1] && tokens.digits[2])
    iso = read_numbers (&tokens);
  else
    iso = read_words (&tokens);
  tokens_clear (&tokens);
  return iso;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* What the row shows                                                  */
/* ------------------------------------------------------------------ */

static const char *
row_title (CareDateRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  return title != NULL ? title : "";
}

/* -1 when the date is before the earliest allowed, 1 when after the
 * latest, 0 when within the bounds (or there is no date). */
static int
out_of_bounds (CareDateRow *self)
{
  if (self->date != NULL && self->min_date != NULL && strcmp (self->date, self->min_date) < 0)
    return -1;
  if (self->date != NULL && self->max_date != NULL && strcmp (self->date, self->max_date) > 0)
    return 1;
  return 0;
}

/* Why the row's text cannot be saved, in words that say what to do; NULL
 * when it can (an empty row included). */
static char *
describe_problem (CareDateRow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  g_autofree char *bound = NULL;

  if (*text == '\0')
    return NULL;
  if (self->date == NULL)
    /* Translators: the row's title, then what was typed */
    return g_strdup_printf (_("%s: “%s” is not a date. Type it as day/month/year, for example 26/11/2026, "
                              "or choose it from the calendar."), row_title (self), text);
  switch (out_of_bounds (self))
    {
    case -1:
      bound = care_form_format_date (self->min_date);
      /* Translators: the row's title, then the earliest date allowed */
      return g_strdup_printf (_("%s cannot be before %s."), row_title (self), bound);
    case 1:
      bound = care_form_format_date (self->max_date);
      /* Translators: the row's title, then the latest date allowed */
      return g_strdup_printf (_("%s cannot be after %s."), row_title (self), bound);
    default:
      return NULL;
    }
}

static void
update_reading (CareDateRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  GtkWidget *label = GTK_WIDGET (self->reading_label);
  GtkWidget *entry = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self)));
  g_autofree char *problem = describe_problem (self);
  g_autofree char *reading = NULL;

  if (is_blank (text))
    reading = g_strdup (self->optional ? _("No date") : "");
  else if (self->date == NULL)
    reading = g_strdup (_("Not a date"));
  else
    {
      g_autofree char *day = care_form_format_date (self->date);
      int bounds = out_of_bounds (self);

      if (bounds < 0)
        /* Translators: a date the row will not take, e.g. "Mon 9 Mar 2026 · too early" */
        reading = g_strdup_printf (_("%s · too early"), day);
      else if (bounds > 0)
        /* Translators: a date the row will not take, e.g. "Thu 12 Mar 2026 · too late" */
        reading = g_strdup_printf (_("%s · too late"), day);
      else
        reading = g_steal_pointer (&day);
    }

  gtk_label_set_text (self->reading_label, reading);
  gtk_widget_set_visible (label, *reading != '\0');
  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), problem);

  /* A screen reader hears the day it was read as, and the problem. */
  if (entry != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem ? problem : reading,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   problem ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

static void
text_changed_cb (CareDateRow *self)
{
  g_autofree char *date = parse_text (gtk_editable_get_text (GTK_EDITABLE (self)));

  if (g_strcmp0 (date, self->date) != 0)
    {
      g_free (self->date);
      self->date = g_steal_pointer (&date);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
    }
  update_reading (self);
}

/* The controls after the text are named by the row's title, so a screen
 * reader says "Date of birth: choose from a calendar", not "toggle button". */
static void
title_changed_cb (CareDateRow *self)
{
  const char *title = row_title (self);
  g_autofree char *calendar = g_strdup_printf (_("%s: choose from a calendar"), title);
  GtkWidget *entry = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self)));

  if (entry != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar_button), GTK_ACCESSIBLE_PROPERTY_LABEL, calendar, -1);
  /* GtkMenuButton in GTK 4.8 focuses its inner toggle button. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->calendar_button));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, calendar, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  update_reading (self);
}

/* ------------------------------------------------------------------ */
/* The calendar                                                        */
/* ------------------------------------------------------------------ */

static GDateTime *
date_time_from_iso (const char *iso_date)
{
  GDate date;

  if (!care_date_parse (iso_date, &date))
    return NULL;
  /* Noon, so that no change of clocks moves it to another day. */
  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                                12, 0, 0);
}

/* The calendar opens on the row's date; an empty row opens on today, or
 * on the nearest day the bounds allow. */
static GDateTime *
calendar_start (CareDateRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const char *start = self->date ? self->date : today;

  if (self->date == NULL && self->min_date != NULL && strcmp (start, self->min_date) < 0)
    start = self->min_date;
  if (self->date == NULL && self->max_date != NULL && strcmp (start, self->max_date) > 0)
    start = self->max_date;
  return date_time_from_iso (start);
}

static void
day_selected_cb (CareDateRow *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  g_autofree char *iso = g_date_time_format (picked, "%Y-%m-%d");

  care_date_row_set_date (self, iso);
  gtk_popover_popdown (self->calendar_popover);
}

static void
popover_show_cb (CareDateRow *self)
{
  g_autoptr(GDateTime) start = calendar_start (self);

  /* Showing the row's date is not a choice the user made. */
  g_signal_handlers_block_by_func (self->calendar, day_selected_cb, self);
  if (start != NULL)
    gtk_calendar_select_day (self->calendar, start);
  g_signal_handlers_unblock_by_func (self->calendar, day_selected_cb, self);
  gtk_widget_set_visible (self->no_date_button, self->optional);
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static void
no_date_clicked_cb (CareDateRow *self)
{
  care_date_row_set_date (self, NULL);
  gtk_popover_popdown (self->calendar_popover);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
care_date_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CARE_TYPE_DATE_ROW);

  G_OBJECT_CLASS (care_date_row_parent_class)->dispose (object);
}

static void
care_date_row_finalize (GObject *object)
{
  CareDateRow *self = CARE_DATE_ROW (object);

  g_free (self->date);
  g_free (self->min_date);
  g_free (self->max_date);

  G_OBJECT_CLASS (care_date_row_parent_class)->finalize (object);
}

static void
care_date_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CareDateRow *self = CARE_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_MIN_DATE:
      g_value_set_string (value, self->min_date);
      break;

    case PROP_MAX_DATE:
      g_value_set_string (value, self->max_date);
      break;

    case PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_date_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CareDateRow *self = CARE_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      care_date_row_set_date (self, g_value_get_string (value));
      break;

    case PROP_MIN_DATE:
      care_date_row_set_min_date (self, g_value_get_string (value));
      break;

    case PROP_MAX_DATE:
      care_date_row_set_max_date (self, g_value_get_string (value));
      break;

    case PROP_OPTIONAL:
      care_date_row_set_optional (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_date_row_class_init (CareDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_date_row_dispose;
  object_class->finalize = care_date_row_finalize;
  object_class->get_property = care_date_row_get_property;
  object_class->set_property = care_date_row_set_property;

  /**
   * CareDateRow:date:
   *
   * The date the text reads as, YYYY-MM-DD; NULL when empty or not a date.
   */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_DATE] =
    g_param_spec_string ("min-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_DATE] =
    g_param_spec_string ("max-date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/CareDelegation/ui/care-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CareDateRow, reading_label);
  gtk_widget_class_bind_template_child (widget_class, CareDateRow, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, CareDateRow, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, CareDateRow, calendar);
  gtk_widget_class_bind_template_child (widget_class, CareDateRow, no_date_button);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_date_clicked_cb);
}

static void
care_date_row_init (CareDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "changed", G_CALLBACK (text_changed_cb), NULL);
  g_signal_connect (self, "notify::title", G_CALLBACK (title_changed_cb), NULL);
  title_changed_cb (self);
}

GtkWidget *
care_date_row_new (void)
{
  return g_object_new (CARE_TYPE_DATE_ROW, NULL);
}

const char *
care_date_row_get_date (CareDateRow *self)
{
  g_return_val_if_fail (CARE_IS_DATE_ROW (self), NULL);

  return self->date;
}

void
care_date_row_set_date (CareDateRow *self,
                        const char  *iso_date)
{
  g_return_if_fail (CARE_IS_DATE_ROW (self));

  /* The "changed" handler reads it back, notifies and updates the label. */
  gtk_editable_set_text (GTK_EDITABLE (self), iso_date != NULL ? iso_date : "");
}

const char *
care_date_row_get_min_date (CareDateRow *self)
{
  g_return_val_if_fail (CARE_IS_DATE_ROW (self), NULL);

  return self->min_date;
}

void
care_date_row_set_min_date (CareDateRow *self,
                            const char  *iso_date)
{
  g_return_if_fail (CARE_IS_DATE_ROW (self));

  if (g_strcmp0 (self->min_date, iso_date) == 0)
    return;
  g_free (self->min_date);
  self->min_date = g_strdup (iso_date);
  update_reading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_DATE]);
}

const char *
care_date_row_get_max_date (CareDateRow *self)
{
  g_return_val_if_fail (CARE_IS_DATE_ROW (self), NULL);

  return self->max_date;
}

void
care_date_row_set_max_date (CareDateRow *self,
                            const char  *iso_date)
{
  g_return_if_fail (CARE_IS_DATE_ROW (self));

  if (g_strcmp0 (self->max_date, iso_date) == 0)
    return;
  g_free (self->max_date);
  self->max_date = g_strdup (iso_date);
  update_reading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DATE]);
}

gboolean
care_date_row_get_optional (CareDateRow *self)
{
  g_return_val_if_fail (CARE_IS_DATE_ROW (self), FALSE);

  return self->optional;
}

void
care_date_row_set_optional (CareDateRow *self,
                            gboolean     optional)
{
  g_return_if_fail (CARE_IS_DATE_ROW (self));

  optional = !!optional;
  if (self->optional == optional)
    return;
  self->optional = optional;
  update_reading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONAL]);
}

gboolean
care_date_row_check (CareDateRow  *self,
                     GError      **error)
{
  g_autofree char *problem = NULL;

  g_return_val_if_fail (CARE_IS_DATE_ROW (self), FALSE);

  problem = describe_problem (self);
  if (problem == NULL)
    return TRUE;
  g_set_error_literal (error, CARE_ERROR, self->date == NULL ? CARE_ERROR_INVALID : CARE_ERROR_DATE_RANGE,
                       problem);
  return FALSE;
}
