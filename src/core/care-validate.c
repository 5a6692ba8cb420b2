#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "care-error.h"
#include "care-validate.h"

/* NHS Data Dictionary, "NHS NUMBER": weights 10..2 over the first nine
 * digits; 11 - (sum mod 11) is the check digit, 11 means 0 and 10 means the
 * number can never be valid. */
gboolean
care_nhs_number_is_valid (const char *digits)
{
  int sum = 0;
  int check;

  if (digits == NULL || strlen (digits) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  for (int i = 0; i < 9; i++)
    sum += (digits[i] - '0') * (10 - i);
  check = 11 - (sum % 11);
  if (check == 11)
    check = 0;
  if (check == 10)
    return FALSE;
  return check == digits[9] - '0';
}

/* People type NHS numbers as "943 476 5919" or "943-476-5919". */
char *
care_nhs_number_normalise (const char *input)
{
  GString *out = g_string_new (NULL);

  for (const char *p = input; p && *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

gboolean
care_date_parse (const char *text,
                 GDate      *out)
{
  unsigned y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (y < 1900 || y > 2200 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

gboolean
care_time_parse (const char *text,
                 int        *hour,
                 int        *minute)
{
  if (text == NULL || strlen (text) != 5 || text[2] != ':'
      || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1])
      || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  *hour = (text[0] - '0') * 10 + (text[1] - '0');
  *minute = (text[3] - '0') * 10 + (text[4] - '0');
  return *hour < 24 && *minute < 60;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

char *
care_date_add_days (const char *date,
                    int         days)
{
  GDate d;

  if (!care_date_parse (date, &d))
    return NULL;
  if (days >= 0)
    g_date_add_days (&d, days);
  else
    g_date_subtract_days (&d, -days);
  return format_date (&d);
}

char *
care_date_add_months (const char *date,
                      int         months)
{
  GDate d;

  if (!care_date_parse (date, &d))
    return NULL;
  if (months >= 0)
    g_date_add_months (&d, months);
  else
    g_date_subtract_months (&d, -months);
  return format_date (&d);
}

int
care_date_days_between (const char *from,
                        const char *to)
{
  GDate a, b;

  if (!care_date_parse (from, &a) || !care_date_parse (to, &b))
    return 0;
  return g_date_days_between (&a, &b);
}

/* Slots are wall-clock times in the home's zone, so 08:00 stays 08:00 across
 * the change to and from British Summer Time. */
gint64
care_local_instant (const char *date,
                    const char *time)
{
  GDate d;
  int h = 0, m = 0;
  g_autoptr(GDateTime) dt = NULL;

  if (!care_date_parse (date, &d))
    return 0;
  if (time != NULL && !care_time_parse (time, &h, &m))
    return 0;
  dt = g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d),
                              g_date_get_day (&d), h, m, 0);
  return dt ? g_date_time_to_unix (dt) : 0;
}

char *
care_instant_to_date (gint64 instant)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (instant);

  return g_date_time_format (dt, "%Y-%m-%d");
}

char *
care_instant_to_time (gint64 instant)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (instant);

  return g_date_time_format (dt, "%H:%M");
}

static gboolean
validate_field (CareRecord       *record,
                const CareField  *f,
                GError          **error)
{
  const char *label = _(f->label);
  const char *text;
  GDate date;
  int h, m;

  if (!care_record_has (record, f->name))
    {
      if (f->required)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("%s is required."), label);
          return FALSE;
        }
      return TRUE;
    }

  switch (f->type)
    {
    case CARE_FIELD_INT:
      if (f->min < f->max)
        {
          gint64 v = care_record_get_int (record, f->name);
          if (v < f->min || v > f->max)
            {
              /* %lld, not G_GINT64_FORMAT: xgettext cannot expand the macro and would cut the msgid short. */
              g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                           _("%s must be between %lld and %lld."),
                           label, (long long) f->min, (long long) f->max);
              return FALSE;
            }
        }
      return TRUE;
    case CARE_FIELD_BOOL:
    case CARE_FIELD_INSTANT:
      return TRUE;
    default:
      break;
    }

  text = care_record_get_string (record, f->name);
  if (text == NULL)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID, _("%s must be text."), label);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID, _("%s is not valid text."), label);
      return FALSE;
    }
  /* Dates, times, references and choices have a fixed form, checked below:
   * "10 March 2026" is a date in the wrong form, not a date too long. */
  if ((f->type == CARE_FIELD_TEXT || f->type == CARE_FIELD_JSON)
      && f->max_len > 0 && g_utf8_strlen (text, -1) > f->max_len)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_TOO_LONG,
                   _("%s is too long: at most %u characters."), label, f->max_len);
      return FALSE;
    }
  switch (f->type)
    {
    case CARE_FIELD_DATE:
      if (!care_date_parse (text, &date))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("%s is not a valid date (use YYYY-MM-DD): %s"), label, text);
          return FALSE;
        }
      break;
    case CARE_FIELD_TIME:
      if (!care_time_parse (text, &h, &m))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("%s is not a valid time (use HH:MM): %s"), label, text);
          return FALSE;
        }
      break;
    case CARE_FIELD_UUID:
      if (!g_uuid_string_is_valid (text))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("%s does not refer to a record."), label);
          return FALSE;
        }
      break;
    case CARE_FIELD_CHOICE:
      if (!care_choice_is_valid (f, text))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("%s has an unknown value: %s"), label, text);
          return FALSE;
        }
      break;
    case CARE_FIELD_JSON:
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        if (!json_parser_load_from_data (parser, text, -1, NULL))
          {
            g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                         _("%s is not well-formed."), label);
            return FALSE;
          }
      }
      break;
    default:
      break;
    }
  return TRUE;
}

/* Required fields, lengths, formats and choices, from the schema. Rules that
 * look at more than one field live with each record kind. */
gboolean
care_validate_fields (CareRecord  *record,
                      GError     **error)
{
  const CareKindInfo *info = care_kind_info (care_record_get_kind (record));

  for (guint i = 0; i < info->n_fields; i++)
    if (!validate_field (record, &info->fields[i], error))
      return FALSE;
  return TRUE;
}

gboolean
care_validate_pin_format (const char  *pin,
                          GError     **error)
{
  gsize len = pin ? strlen (pin) : 0;

  if (len < 4 || len > 12)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("A PIN has 4 to 12 digits."));
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      {
        g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                     _("A PIN has digits only."));
        return FALSE;
      }
  return TRUE;
}

/* Leading and trailing spaces are noise from typing; an emptied field is an
 * absent one. NHS numbers lose the spaces people type them with. */
void
care_record_normalise (CareRecord *record)
{
  const CareKindInfo *info = care_kind_info (care_record_get_kind (record));

  for (guint i = 0; i < info->n_fields; i++)
    {
      const CareField *f = &info->fields[i];
      const char *value;
      g_autofree char *clean = NULL;

      if (f->type == CARE_FIELD_INT || f->type == CARE_FIELD_BOOL || f->type == CARE_FIELD_INSTANT)
        continue;
      value = care_record_get_string (record, f->name);
      if (value == NULL)
        continue;
      clean = g_strstrip (g_strdup (value));
      if (care_record_get_kind (record) == CARE_KIND_PERSON && g_str_equal (f->name, "nhs_number"))
        {
          char *digits = care_nhs_number_normalise (clean);
          g_free (clean);
          clean = digits;
        }
      if (*clean == '\0')
        care_record_unset (record, f->name);
      else if (strcmp (clean, value) != 0)
        care_record_set_string (record, f->name, clean);
    }
}
