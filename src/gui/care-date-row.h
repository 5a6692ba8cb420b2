/* care-date-row.h: a date in a preferences group, typed or picked
 *
 * An entry row that takes a date typed as 2026-11-26, 26/11/2026 or
 * 26 Nov 2026, shows what it understood ("Thu 26 Nov 2026") beside it, and
 * has a calendar one click away. It can be left empty when the field is
 * optional, and holds bounds that a date outside is shown and refused
 * against.
 *
 * It is an AdwEntryRow, so the text stays a GtkEditable; the forms read the
 * date through care_date_row_get_date(), which is always YYYY-MM-DD, the
 * form the core records.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CARE_TYPE_DATE_ROW (care_date_row_get_type ())

G_DECLARE_FINAL_TYPE (CareDateRow, care_date_row, CARE, DATE_ROW, AdwEntryRow)

GtkWidget  *care_date_row_new           (void);

/* YYYY-MM-DD, or NULL when the row is empty or its text is not a date. */
const char *care_date_row_get_date      (CareDateRow  *self);
/* Shows @iso_date (YYYY-MM-DD) in the row; NULL empties it. */
void        care_date_row_set_date      (CareDateRow  *self,
                                         const char   *iso_date);

const char *care_date_row_get_min_date  (CareDateRow  *self);
void        care_date_row_set_min_date  (CareDateRow  *self,
                                         const char   *iso_date);
const char *care_date_row_get_max_date  (CareDateRow  *self);
void        care_date_row_set_max_date  (CareDateRow  *self,
                                         const char   *iso_date);

/* An optional date may be left empty, and the calendar offers "No date". */
gboolean    care_date_row_get_optional  (CareDateRow  *self);
void        care_date_row_set_optional  (CareDateRow  *self,
                                         gboolean      optional);

/* FALSE, with a message naming the row, when the text is not a date or the
 * date is outside the bounds. An empty row passes: whether the field is
 * required is the core's to say. */
gboolean    care_date_row_check         (CareDateRow  *self,
                                         GError      **error);

G_END_DECLS
