/* care-test-util.h: a temporary care home for tests */
#pragma once

#include "care-core.h"

G_BEGIN_DECLS

/* 2026-03-10 12:00 in Europe/London (GMT): a fixed "now" for every test. */
#define CARE_TEST_NOW 1773144000
#define CARE_TEST_TODAY "2026-03-10"

typedef struct
{
  char        *dir;
  char        *path;
  CareStore   *store;
  char        *manager_uuid;
  char        *carer_uuid;        /* competent for the cream task */
  char        *other_carer_uuid;  /* not competent for anything */
  char        *senior_uuid;
  char        *nurse_uuid;        /* registered practitioner (district nurse) */
  char        *nurse2_uuid;
  char        *person_uuid;
  char        *cream_type_uuid;   /* topical-cream, person-specific */
  char        *iv_type_uuid;      /* iv-drugs, non-delegable */
  char        *cream_task_uuid;   /* active, 08:00 and 20:00 */
  CareSession *manager;
  CareSession *carer;
  CareSession *other_carer;
  CareSession *senior;
  CareSession *nurse;
} CareFixture;

void         care_fixture_setup        (CareFixture    *f,
                                        gconstpointer   data);
void         care_fixture_setup_empty  (CareFixture    *f,
                                        gconstpointer   data);
void         care_fixture_teardown     (CareFixture    *f,
                                        gconstpointer   data);
char        *care_test_add_staff       (CareFixture    *f,
                                        const char     *name,
                                        const char     *role);
char        *care_test_add_person      (CareFixture    *f,
                                        const char     *given,
                                        const char     *family,
                                        const char     *dob);
CareRecord  *care_test_new_task        (CareFixture    *f,
                                        const char     *person_uuid,
                                        const char     *type_uuid);
char        *care_test_type_uuid       (CareFixture    *f,
                                        const char     *code);
GHashTable  *care_test_all_yes         (CareFixture    *f);
char        *care_test_sign_off        (CareFixture    *f,
                                        const char     *staff_uuid,
                                        const char     *type_uuid,
                                        const char     *person_uuid,
                                        const char     *assessed_on,
                                        const char     *valid_until);
CareRecord  *care_test_new_admin       (CareFixture    *f,
                                        const char     *task_uuid,
                                        const char     *slot_time,
                                        gint64          occurred_at,
                                        const char     *outcome);
CareSession *care_test_sign_in         (CareFixture    *f,
                                        const char     *staff_uuid);
gint64       care_test_count_rows      (CareStore      *store,
                                        const char     *sql);

G_END_DECLS
