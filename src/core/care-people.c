/* care-people.c: rules for the care setting, people supported and staff */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-error.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-people.h"
#include "care-validate.h"

gboolean
_care_setting_check (CareSession  *session,
                     CareRecord   *record,
                     CareRecord   *previous,
                     GError      **error)
{
  CareStore *store = care_session_get_store (session);
  const char *cqc = care_record_get_string (record, "cqc_location_id");

  if (!care_session_require_role (session, CARE_ROLE_MANAGER | CARE_ROLE_SYSTEM,
                                  _("change the care setting"), error))
    return FALSE;
  if (previous == NULL && care_store_is_set_up (store))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("This care home is already set up; edit its details instead."));
      return FALSE;
    }
  /* CQC location IDs look like 1-123456789. */
  if (cqc != NULL && !g_regex_match_simple ("^1-[0-9]{6,12}$", cqc, 0, 0))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The CQC location ID “%s” is not in the form 1-123456789."), cqc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_date_of_birth (CareStore   *store,
                     CareRecord  *record,
                     GError     **error)
{
  g_autofree char *today = care_store_today (store);
  g_autofree char *oldest = care_date_add_months (today, -125 * 12);
  const char *dob = care_record_get_string (record, "date_of_birth");

  if (!_care_check_not_future (store, record, "date_of_birth", error))
    return FALSE;
  if (strcmp (dob, oldest) < 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   _("Date of birth %s would make this person older than 125: check the year."), dob);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_nhs_number (CareStore   *store,
                  CareRecord  *record,
                  GError     **error)
{
  const char *nhs = care_record_get_string (record, "nhs_number");

  if (nhs == NULL)
    return TRUE;
  if (!care_nhs_number_is_valid (nhs))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NHS_NUMBER,
                   _("%s is not a valid NHS number: it must be 10 digits and its last digit must "
                     "match the check digit. Check it against the person's NHS letter or GP record."),
                   nhs);
      return FALSE;
    }
  return _care_check_unique (store, record, "nhs_number", error);
}

gboolean
_care_person_check (CareSession  *session,
                    CareRecord   *record,
                    CareRecord   *previous,
                    GError      **error)
{
  CareStore *store = care_session_get_store (session);

  if (!care_session_require_role (session, CARE_ROLE_MANAGER | CARE_ROLE_SYSTEM,
                                  _("add or change a person's details"), error))
    return FALSE;
  return check_date_of_birth (store, record, error)
      && check_nhs_number (store, record, error)
      && _care_check_not_future (store, record, "admitted_on", error);
}

gboolean
care_person_is_16_or_17 (CareRecord *person,
                         const char *on_date)
{
  g_autofree char *sixteen = care_date_add_months (care_record_get_string (person, "date_of_birth"), 16 * 12);
  g_autofree char *eighteen = care_date_add_months (care_record_get_string (person, "date_of_birth"), 18 * 12);

  return sixteen && eighteen && strcmp (on_date, sixteen) >= 0 && strcmp (on_date, eighteen) < 0;
}

gboolean
_care_staff_check (CareSession  *session,
                   CareRecord   *record,
                   CareRecord   *previous,
                   GError      **error)
{
  const char *role = care_record_get_string (record, "role");
  const char *hash = care_record_get_string (record, "pin_hash");

  if (!care_session_require_role (session, CARE_ROLE_MANAGER | CARE_ROLE_SYSTEM,
                                  _("add or change staff records"), error))
    return FALSE;
  if (!g_str_has_prefix (hash, "$argon2id$"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("Set a sign-in PIN for this staff member."));
      return FALSE;
    }
  /* The register entry is what lets others check a practitioner's fitness
   * to assess competency and review delegated care. */
  if (g_strcmp0 (role, "registered_practitioner") == 0)
    {
      if (!care_record_has (record, "register_body") || !care_record_has (record, "register_number"))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED,
                       _("A registered practitioner needs their professional register (e.g. NMC) and register number."));
          return FALSE;
        }
      if (!g_regex_match_simple ("^[A-Za-z0-9]{4,20}$", care_record_get_string (record, "register_number"), 0, 0))
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("The register number “%s” should be letters and digits only, as on the register."),
                       care_record_get_string (record, "register_number"));
          return FALSE;
        }
    }
  if (previous != NULL
      && g_strcmp0 (care_record_get_uuid (record), care_session_get_actor_uuid (session)) == 0
      && !care_record_get_bool (record, "active"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("You cannot deactivate your own staff record; ask another manager."));
      return FALSE;
    }
  return TRUE;
}
