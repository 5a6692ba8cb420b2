#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-error.h"
#include "care-liberty.h"
#include "care-people.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-validate.h"

const char * const care_liberty_restriction_codes[] = {
  "locked_doors", "keypad", "bed_rails", "sensor_mat", "covert_medication",
  "restraint", "sedation", "one_to_one", "restricted_contact", "tracking_device",
  "lap_belt", NULL
};

static const char * const restriction_labels[] = {
  N_("Doors locked"), N_("Keypad on doors"), N_("Bed rails"), N_("Sensor mat"),
  N_("Covert medication"), N_("Restraint"), N_("Sedation"), N_("One-to-one supervision"),
  N_("Restricted contact with others"), N_("Tracking device"), N_("Lap belt"), NULL
};

const char *
care_liberty_restriction_label (const char *code)
{
  for (guint i = 0; care_liberty_restriction_codes[i]; i++)
    if (g_strcmp0 (care_liberty_restriction_codes[i], code) == 0)
      return _(restriction_labels[i]);
  return NULL;
}

static gboolean
check_restrictions (CareRecord  *screening,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;

  if (!care_record_has (screening, "restrictions"))
    return TRUE;
  if (!json_parser_load_from_data (parser, care_record_get_string (screening, "restrictions"), -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID, _("Restrictions must be a list."));
      return FALSE;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *code = json_array_get_string_element (array, i);
      if (code == NULL || care_liberty_restriction_label (code) == NULL)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("“%s” is not a known restriction; describe it under other restrictions."),
                       code ? code : "?");
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_care_screening_check (CareSession  *session,
                       CareRecord   *screening,
                       CareRecord   *previous,
                       GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) person = NULL;
  const char *screened_on = care_record_get_string (screening, "screened_on");

  if (!care_session_require_role (session, CARE_ROLE_ANY_STAFF, _("record a liberty screening"), error))
    return FALSE;
  if (previous == NULL)
    care_record_set_string (screening, "screened_by", care_session_get_actor_uuid (session));
  person = _care_require_record (store, CARE_KIND_PERSON, care_record_get_string (screening, "person_uuid"), error);
  if (person == NULL)
    return FALSE;
  if (!_care_check_not_future (store, screening, "screened_on", error) || !check_restrictions (screening, error))
    return FALSE;
  /* The age flag is the core's to set: it changes the legal route. */
  care_record_set_bool (screening, "age_16_17", care_person_is_16_or_17 (person, screened_on));
  if (!care_record_has (screening, "rescreen_on"))
    {
      g_autofree char *rescreen = care_date_add_days (screened_on,
                                                      (int) care_store_get_setting_int (store, "rescreen_days", 365));
      care_record_set_string (screening, "rescreen_on", rescreen);
    }
  if (g_strcmp0 (care_record_get_string (screening, "capacity"), "lacks_capacity") == 0
      && !care_record_has (screening, "capacity_ref"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Give the reference of the capacity assessment that found the person lacks capacity."));
      return FALSE;
    }
  return _care_check_order (screening, "screened_on", "rescreen_on", FALSE, error);
}

static gboolean
is_lps (CareRecord *liberty_case)
{
  return g_strcmp0 (care_record_get_string (liberty_case, "scheme"), "lps") == 0;
}

/* The months an LPS authorisation may last: 12 for the first and for its
 * first renewal, 36 for later renewals. A case that does not say which it
 * is (one recorded before the field existed) gets the shorter. */
static int
lps_months (CareRecord *liberty_case)
{
  if (care_record_has (liberty_case, "renewal_number")
      && care_record_get_int (liberty_case, "renewal_number") >= 2)
    return 36;
  return 12;
}

/* DoLS: urgent up to 7 days (plus a 7-day extension), standard up to 12
 * months. LPS: up to 12 months for the first authorisation and the first
 * renewal, then up to 36 months. */
char *
care_liberty_longest_until (CareRecord *liberty_case)
{
  const char *from = care_record_get_string (liberty_case, "valid_from");

  if (from == NULL)
    return NULL;
  if (is_lps (liberty_case))
    return care_date_add_months (from, lps_months (liberty_case));
  if (g_strcmp0 (care_record_get_string (liberty_case, "urgency"), "urgent") == 0)
    return care_date_add_days (from, 7);
  return care_date_add_months (from, 12);
}

/* Which LPS authorisation a case is decides how long it may last, so an LPS
 * case must say; a DoLS authorisation is a new application each time. */
static gboolean
check_renewal (CareRecord  *c,
               GError     **error)
{
  gboolean has_number = care_record_has (c, "renewal_number");

  if (!is_lps (c) && has_number)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("Only an LPS authorisation is numbered as a renewal; under DoLS each authorisation is a new application."));
      return FALSE;
    }
  if (is_lps (c) && !has_number)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Say whether this LPS authorisation is the first, its first renewal or a later renewal: "
                     "that decides how long it may last."));
      return FALSE;
    }
  return TRUE;
}

static void
set_too_long_error (CareRecord  *c,
                    const char  *longest,
                    const char  *until,
                    GError     **error)
{
  gint64 renewal = care_record_get_int (c, "renewal_number");

  if (!is_lps (c))
    g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                 _("An authorisation of this kind lasts at most until %s; %s is too late."),
                 longest, until);
  else if (renewal == 0)
    g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                 _("A first LPS authorisation lasts at most 12 months: until %s at the latest, not %s."),
                 longest, until);
  else if (renewal == 1)
    g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                 _("The first renewal of an LPS authorisation lasts at most 12 months: until %s at the latest, not %s."),
                 longest, until);
  else
    g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                 _("A second or later renewal of an LPS authorisation lasts at most 36 months: "
                   "until %s at the latest, not %s."),
                 longest, until);
}

static gboolean
check_case_dates (CareStore   *store,
                  CareRecord  *c,
                  GError     **error)
{
  g_autofree char *longest = care_liberty_longest_until (c);
  const char *until = care_record_get_string (c, "valid_until");
  const char *extension = care_record_get_string (c, "extension_until");

  if (!_care_check_not_future (store, c, "applied_on", error)
      || !_care_check_order (c, "applied_on", "granted_on", TRUE, error)
      || !_care_check_order (c, "valid_from", "valid_until", FALSE, error)
      || !_care_check_order (c, "applied_on", "outcome_on", TRUE, error)
      || !_care_check_order (c, "outcome_on", "cqc_notified_on", TRUE, error)
      || !_care_check_not_future (store, c, "cqc_notified_on", error))
    return FALSE;
  if (until != NULL && longest != NULL && strcmp (until, longest) > 0)
    {
      set_too_long_error (c, longest, until, error);
      return FALSE;
    }
  if (extension != NULL)
    {
      g_autofree char *max_extension = until ? care_date_add_days (until, 7) : NULL;
      if (g_strcmp0 (care_record_get_string (c, "urgency"), "urgent") != 0
          || g_strcmp0 (care_record_get_string (c, "scheme"), "dols") != 0 || until == NULL)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("Only an urgent DoLS authorisation with an end date can be extended."));
          return FALSE;
        }
      if (strcmp (extension, until) <= 0 || strcmp (extension, max_extension) > 0)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                       _("An urgent authorisation can be extended by up to 7 days: until %s at the latest."),
                       max_extension);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_care_case_check (CareSession  *session,
                  CareRecord   *c,
                  CareRecord   *previous,
                  GError      **error)
{
  CareStore *store = care_session_get_store (session);
  g_autoptr(CareRecord) person = NULL;
  const char *outcome = care_record_get_string (c, "outcome");

  if (!care_session_require_role (session, CARE_ROLE_MANAGER | CARE_ROLE_SENIOR_CARER | CARE_ROLE_SYSTEM,
                                  _("record a liberty safeguards application"), error))
    return FALSE;
  person = _care_require_record (store, CARE_KIND_PERSON, care_record_get_string (c, "person_uuid"), error);
  if (person == NULL)
    return FALSE;
  if (g_str_equal (outcome, "granted")
      && (!care_record_has (c, "granted_on") || !care_record_has (c, "valid_from") || !care_record_has (c, "valid_until")))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("A granted authorisation needs the date granted and the dates it is valid from and until."));
      return FALSE;
    }
  if (!g_str_equal (outcome, "pending") && !care_record_has (c, "outcome_on"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                   _("Give the date of the outcome; the CQC must be told of it."));
      return FALSE;
    }
  if (care_record_has (c, "cqc_notified_on") && g_str_equal (outcome, "pending"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The CQC is notified of the outcome, not of the application: record the outcome first."));
      return FALSE;
    }
  return check_renewal (c, error) && check_case_dates (store, c, error);
}
