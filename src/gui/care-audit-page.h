/* care-audit-page.h: the audit trail of every change
 *
 * Every event the home has recorded (each version of each record, who
 * wrote it, when, what and why, and whether it has reached the
 * commissioner), newest first, read a page at a time and searched in SQL.
 * Choosing an event opens that record's history. For managers.
 */
#pragma once

#include <adwaita.h>

#include "care-paged-model.h"
#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_AUDIT_PAGE (care_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (CareAuditPage, care_audit_page, CARE, AUDIT_PAGE, AdwBin)

GtkWidget      *care_audit_page_new        (CareStore     *store);
void            care_audit_page_refresh    (CareAuditPage *self);
void            care_audit_page_set_filter (CareAuditPage *self,
                                            const char    *entity_uuid,
                                            const char    *text);
CarePagedModel *care_audit_page_get_model  (CareAuditPage *self);
GtkWidget      *care_audit_page_open       (CareAuditPage *self,
                                            guint          position);

G_END_DECLS
