/* care-validate.h: input checks shared by every record kind */
#pragma once

#include <glib.h>

#include "care-record.h"

G_BEGIN_DECLS

gboolean  care_nhs_number_is_valid   (const char  *digits);
char     *care_nhs_number_normalise  (const char  *input);
gboolean  care_date_parse            (const char  *text,
                                      GDate       *out);
gboolean  care_time_parse            (const char  *text,
                                      int         *hour,
                                      int         *minute);
char     *care_date_add_days         (const char  *date,
                                      int          days);
char     *care_date_add_months       (const char  *date,
                                      int          months);
int       care_date_days_between     (const char  *from,
                                      const char  *to);
gint64    care_local_instant         (const char  *date,
                                      const char  *time);
char     *care_instant_to_date       (gint64       instant);
char     *care_instant_to_time       (gint64       instant);
gboolean  care_validate_fields       (CareRecord  *record,
                                      GError     **error);
void      care_record_normalise      (CareRecord  *record);
gboolean  care_validate_pin_format   (const char  *pin,
                                      GError     **error);

G_END_DECLS
