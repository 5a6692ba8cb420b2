/* care-session-private.h: what the record-kind modules use of a session */
#pragma once

#include "care-session.h"

G_BEGIN_DECLS

CareSession *_care_session_new_system  (CareStore    *store);
gboolean     _care_session_write       (CareSession  *self,
                                        CareRecord   *record,
                                        const char   *action,
                                        const char   *reason,
                                        GError      **error);
gboolean     _care_session_write_error (CareSession  *self,
                                        CareRecord   *record,
                                        const char   *reason,
                                        GError      **error);
CareRecord  *_care_session_load_for_change (CareSession *self,
                                        CareRecord   *edited,
                                        GError      **error);

/* The per-kind checks run by care_session_save(). @previous is the stored
 * current version for a correction, NULL for a new record. */
gboolean _care_setting_check       (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_person_check        (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_staff_check         (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_catalogue_check     (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_delegation_check    (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_competency_check    (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_administration_check (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_review_check        (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_screening_check     (CareSession *, CareRecord *, CareRecord *, GError **);
gboolean _care_case_check          (CareSession *, CareRecord *, CareRecord *, GError **);

G_END_DECLS

G_BEGIN_DECLS

/* Shared checks, in care-checks.c. */
CareRecord *_care_require_record      (CareStore   *store,
                                       CareKind     kind,
                                       const char  *uuid,
                                       GError     **error);
gboolean    _care_check_unique        (CareStore   *store,
                                       CareRecord  *record,
                                       const char  *field,
                                       GError     **error);
gboolean    _care_check_not_future    (CareStore   *store,
                                       CareRecord  *record,
                                       const char  *date_field,
                                       GError     **error);
gboolean    _care_check_order         (CareRecord  *record,
                                       const char  *earlier_field,
                                       const char  *later_field,
                                       gboolean     allow_equal,
                                       GError     **error);

G_END_DECLS
