#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-error.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-validate.h"

CareRecord *
_care_require_record (CareStore   *store,
                      CareKind     kind,
                      const char  *uuid,
                      GError     **error)
{
  g_autoptr(CareRecord) record = care_store_load (store, kind, uuid, error);

  if (record == NULL)
    return NULL;
  if (care_record_is_entered_in_error (record))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND,
                   _("The %s referred to was marked as entered in error."),
                   _(care_kind_info (kind)->label));
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* Codes in the catalogue identify entries in data files and reports, so two
 * current entries may not share one. */
gboolean
_care_check_unique (CareStore   *store,
                    CareRecord  *record,
                    const char  *field,
                    GError     **error)
{
  CareKind kind = care_record_get_kind (record);
  g_autoptr(GPtrArray) same = care_store_list_current (store, kind, field,
                                                       care_record_get_string (record, field), error);

  if (same == NULL)
    return FALSE;
  for (guint i = 0; i < same->len; i++)
    {
      CareRecord *other = g_ptr_array_index (same, i);

      if (g_strcmp0 (care_record_get_uuid (other), care_record_get_uuid (record)) != 0)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                       _("Another %s already has the %s “%s”."),
                       _(care_kind_info (kind)->label),
                       _(care_kind_find_field (kind, field)->label),
                       care_record_get_string (record, field));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_care_check_not_future (CareStore   *store,
                        CareRecord  *record,
                        const char  *date_field,
                        GError     **error)
{
  g_autofree char *today = care_store_today (store);
  const char *value = care_record_get_string (record, date_field);

  if (value != NULL && strcmp (value, today) > 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   _("%s cannot be in the future (%s is after today, %s)."),
                   _(care_kind_find_field (care_record_get_kind (record), date_field)->label),
                   value, today);
      return FALSE;
    }
  return TRUE;
}

/* Dates are stored as YYYY-MM-DD, so text order is date order. */
gboolean
_care_check_order (CareRecord  *record,
                   const char  *earlier_field,
                   const char  *later_field,
                   gboolean     allow_equal,
                   GError     **error)
{
  CareKind kind = care_record_get_kind (record);
  const char *a = care_record_get_string (record, earlier_field);
  const char *b = care_record_get_string (record, later_field);
  int cmp;

  if (a == NULL || b == NULL)
    return TRUE;
  cmp = strcmp (a, b);
  if (cmp > 0 || (cmp == 0 && !allow_equal))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_DATE_RANGE,
                   allow_equal ? _("%s (%s) cannot be before %s (%s).")
                               : _("%s (%s) must be after %s (%s)."),
                   _(care_kind_find_field (kind, later_field)->label), b,
                   _(care_kind_find_field (kind, earlier_field)->label), a);
      return FALSE;
    }
  return TRUE;
}
