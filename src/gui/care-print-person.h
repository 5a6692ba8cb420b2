/* care-print-person.h: a person's delegated-task record, printed or as PDF
 *
 * What the district nurse takes away from a visit: the home, the person
 * (NHS number, date of birth, allergies), each delegated task with its
 * instructions, the MAR-style chart of the chosen weeks with its legend,
 * observations and escalations, and the oversight reviews. Drawn with
 * Cairo and Pango on the print context and split into pages.
 *
 * Everything is read from the store when the operation is made, so
 * printing never waits on the database. The pattern (gather, then lay out
 * blocks in begin-print and draw them in draw-page) suits any record.
 */
#pragma once

#include <gtk/gtk.h>

#include "care-store.h"

G_BEGIN_DECLS

GtkPrintOperation *care_print_person_operation_new (CareStore    *store,
                                                    const char   *person_uuid,
                                                    const char   *from_date,
                                                    const char   *to_date,
                                                    GError      **error);
gboolean           care_print_person_export_pdf    (CareStore    *store,
                                                    const char   *person_uuid,
                                                    const char   *from_date,
                                                    const char   *to_date,
                                                    const char   *path,
                                                    GtkWindow    *parent,
                                                    GError      **error);

G_END_DECLS
