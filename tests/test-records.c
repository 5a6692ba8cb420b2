/* test-records.c: every record kind is versioned, logged and validated
 *
 * A record is created, read back, corrected with a reason (a new version,
 * never an overwrite) and marked entered in error; every version has one
 * change-log event whose payload rebuilds it. Generic validation refuses
 * bad input before anything is written, and the database itself refuses to
 * change or remove what was stored.
 */
#include "config.h"

#include <sqlite3.h>

#include "care-store-private.h"
#include "care-test-util.h"

#define AT_0805 (CARE_TEST_NOW - 4 * 3600 + 5 * 60)   /* 2026-03-10 08:05 */

static gint64
total_rows (CareFixture *f)
{
  gint64 n = care_store_count_events (f->store, NULL);

  for (guint k = 0; k < CARE_N_KINDS; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", care_kind_info (k)->name);
      n += care_test_count_rows (f->store, sql);
    }
  return n;
}

static void
assert_save_refused (CareFixture *f,
                     CareSession *session,
                     CareRecord  *record,
                     const char  *reason,
                     int          code)
{
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_assert_false (care_session_save (session, record, reason, &error));
  g_assert_error (error, CARE_ERROR, code);
  g_assert_cmpint (total_rows (f), ==, before);
}

static void
assert_saved (CareSession *session,
              CareRecord  *record,
              const char  *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (care_session_save (session, record, reason, &error));
  g_assert_no_error (error);
}

static char *
pin_hash_of (CareFixture *f,
             const char  *staff_uuid)
{
  g_autoptr(CareRecord) staff = care_store_load (f->store, CARE_KIND_STAFF, staff_uuid, NULL);

  return g_strdup (care_record_get_string (staff, "pin_hash"));
}

/* ---- one valid new record of each kind, and who may save it ---- */

static CareRecord *
new_person (void)
{
  CareRecord *r = care_record_new (CARE_KIND_PERSON);

  care_record_set_string (r, "given_name", "Arthur");
  care_record_set_string (r, "family_name", "Dent");
  care_record_set_string (r, "date_of_birth", "1941-07-02");
  care_record_set_string (r, "nhs_number", "9912003888");
  care_record_set_string (r, "status", "active");
  care_record_set_string (r, "room", "Room 7");
  return r;
}

static CareRecord *
new_staff (CareFixture *f)
{
  CareRecord *r = care_record_new (CARE_KIND_STAFF);
  g_autofree char *hash = pin_hash_of (f, f->carer_uuid);

  care_record_set_string (r, "name", "Dee Nightshift");
  care_record_set_string (r, "role", "senior_carer");
  care_record_set_string (r, "pin_hash", hash);
  care_record_set_bool (r, "active", TRUE);
  return r;
}

static CareRecord *
new_task_type (void)
{
  CareRecord *r = care_record_new (CARE_KIND_TASK_TYPE);

  care_record_set_string (r, "code", "ear-drops");
  care_record_set_string (r, "name", "Ear drops");
  care_record_set_string (r, "category", "Medicines");
  care_record_set_bool (r, "delegable", TRUE);
  care_record_set_bool (r, "person_specific", TRUE);
  care_record_set_int (r, "validity_months", 12);
  care_record_set_int (r, "grace_minutes", 60);
  care_record_set_bool (r, "active", TRUE);
  return r;
}

static CareRecord *
new_reason_code (void)
{
  CareRecord *r = care_record_new (CARE_KIND_REASON_CODE);

  care_record_set_string (r, "code", "D");
  care_record_set_string (r, "label", "Declined by family");
  care_record_set_string (r, "canonical", "refused");
  care_record_set_bool (r, "active", TRUE);
  return r;
}

static CareRecord *
new_question (void)
{
  CareRecord *r = care_record_new (CARE_KIND_MATRIX_QUESTION);

  care_record_set_string (r, "code", "equipment");
  care_record_set_string (r, "question", "Is the equipment in the home and in date?");
  care_record_set_int (r, "ordinal", 90);
  care_record_set_bool (r, "active", TRUE);
  return r;
}

static CareRecord *
new_delegated_task (CareFixture *f)
{
  g_autofree char *eye = care_test_type_uuid (f, "eye-drops");
  CareRecord *r = care_test_new_task (f, f->person_uuid, eye);

  care_record_set_string (r, "instructions", "One drop in each eye.");
  care_record_set_string (r, "status", "proposed");
  return r;
}

static CareRecord *
new_competency (CareFixture *f)
{
  CareRecord *r = care_record_new (CARE_KIND_COMPETENCY);

  care_record_set_string (r, "staff_uuid", f->other_carer_uuid);
  care_record_set_string (r, "task_type_uuid", f->cream_type_uuid);
  care_record_set_string (r, "person_uuid", f->person_uuid);
  care_record_set_string (r, "trained_on", "2026-03-01");
  care_record_set_string (r, "trainer", "Sam Okafor");
  care_record_set_string (r, "assessor_uuid", f->nurse_uuid);
  care_record_set_string (r, "assessor_register_number", "12A3456E");
  care_record_set_string (r, "assessed_on", "2026-03-02");
  care_record_set_string (r, "outcome", "competent");
  care_record_set_string (r, "valid_until", "2027-03-01");
  return r;
}

static CareRecord *
new_administration (CareFixture *f)
{
  CareRecord *r = care_test_new_admin (f, f->cream_task_uuid, "08:00", AT_0805, "done");

  care_record_set_int (r, "entered_at", CARE_TEST_NOW);
  care_record_set_string (r, "performer_uuid", f->carer_uuid);
  return r;
}

static CareRecord *
new_review (CareFixture *f)
{
  CareRecord *r = care_record_new (CARE_KIND_REVIEW);

  care_record_set_string (r, "task_uuid", f->cream_task_uuid);
  care_record_set_string (r, "reviewer_uuid", f->nurse_uuid);
  care_record_set_string (r, "reviewed_on", "2026-03-09");
  care_record_set_string (r, "findings", "Skin improving; carers applying as instructed.");
  care_record_set_string (r, "decision", "continue");
  care_record_set_string (r, "next_review_on", "2026-03-19");
  return r;
}

static CareRecord *
new_screening (CareFixture *f)
{
  CareRecord *r = care_record_new (CARE_KIND_LIBERTY_SCREENING);

  care_record_set_string (r, "person_uuid", f->person_uuid);
  care_record_set_string (r, "screened_on", "2026-03-09");
  care_record_set_string (r, "screened_by", f->carer_uuid);
  care_record_set_string (r, "capacity", "has_capacity");
  care_record_set_string (r, "restrictions", "[\"sensor_mat\"]");
  care_record_set_string (r, "supervision_level", "intermittent");
  care_record_set_string (r, "free_to_leave", "yes");
  care_record_set_string (r, "setting", "care_home");
  care_record_set_string (r, "outcome", "no_referral");
  care_record_set_string (r, "rationale", "Has capacity and agreed to the sensor mat.");
  return r;
}

static CareRecord *
new_case (CareFixture *f)
{
  CareRecord *r = care_record_new (CARE_KIND_LIBERTY_CASE);

  care_record_set_string (r, "person_uuid", f->person_uuid);
  care_record_set_string (r, "scheme", "dols");
  care_record_set_string (r, "urgency", "standard");
  care_record_set_string (r, "body_name", "Leicestershire County Council");
  care_record_set_string (r, "applied_on", "2026-03-02");
  care_record_set_string (r, "outcome", "pending");
  return r;
}

/* A new record of @kind and the session that may write it. The care
 * setting exists already (first run), so its "new" record is the stored one. */
static CareRecord *
new_record (CareFixture  *f,
            CareKind      kind,
            CareSession **session)
{
  *session = f->manager;
  switch (kind)
    {
    case CARE_KIND_SETTING: return care_store_get_setting_record (f->store);
    case CARE_KIND_PERSON: return new_person ();
    case CARE_KIND_STAFF: return new_staff (f);
    case CARE_KIND_TASK_TYPE: return new_task_type ();
    case CARE_KIND_REASON_CODE: return new_reason_code ();
    case CARE_KIND_MATRIX_QUESTION: return new_question ();
    case CARE_KIND_DELEGATED_TASK: return new_delegated_task (f);
    case CARE_KIND_COMPETENCY: *session = f->nurse; return new_competency (f);
    case CARE_KIND_ADMINISTRATION: *session = f->carer; return new_administration (f);
    case CARE_KIND_REVIEW: *session = f->nurse; return new_review (f);
    case CARE_KIND_LIBERTY_SCREENING: *session = f->carer; return new_screening (f);
    case CARE_KIND_LIBERTY_CASE: return new_case (f);
    default: g_assert_not_reached ();
    }
}

typedef struct
{
  CareKind     kind;
  const char  *field;       /* what the correction changes */
  const char  *text;        /* the new value, or NULL for an integer */
  gint64       number;
} KindCase;

static const KindCase kind_cases[] = {
  { CARE_KIND_SETTING, "name", "Oak Lodge Nursing Home", 0 },
  { CARE_KIND_PERSON, "room", "Room 12", 0 },
  { CARE_KIND_STAFF, "contact", "07700 900123", 0 },
  { CARE_KIND_TASK_TYPE, "grace_minutes", NULL, 90 },
  { CARE_KIND_REASON_CODE, "label", "Declined by next of kin", 0 },
  { CARE_KIND_MATRIX_QUESTION, "question", "Is the equipment in the home, in date and checked?", 0 },
  { CARE_KIND_DELEGATED_TASK, "instructions", "One drop in each eye, morning and night.", 0 },
  { CARE_KIND_COMPETENCY, "trainer", "Jo Evans", 0 },
  { CARE_KIND_ADMINISTRATION, "observations", "Skin less red.", 0 },
  { CARE_KIND_REVIEW, "findings", "Skin improving; redness gone from the ankle.", 0 },
  { CARE_KIND_LIBERTY_SCREENING, "wishes_feelings", "Likes to walk in the garden after lunch.", 0 },
  { CARE_KIND_LIBERTY_CASE, "body_reference", "DOLS-2026-0142", 0 },
};

/* ---- the change log ---- */

typedef struct
{
  char   *action;
  char   *actor_uuid;
  char   *actor_name;
  char   *reason;
  char   *changed;
  char   *payload;
  char   *entity_kind;
} Event;

static void
event_free (Event *e)
{
  g_free (e->action);
  g_free (e->actor_uuid);
  g_free (e->actor_name);
  g_free (e->reason);
  g_free (e->changed);
  g_free (e->payload);
  g_free (e->entity_kind);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Event, event_free)

static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

static Event *
load_event (CareFixture *f,
            const char  *uuid,
            gint64       version)
{
  sqlite3_stmt *stmt = NULL;
  Event *e = g_new0 (Event, 1);

  g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (f->store),
    "SELECT action, actor_uuid, actor_name, reason, changed, payload, entity_kind FROM events "
    "WHERE entity_uuid = ?1 AND entity_version = ?2", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, version);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  e->action = column_text (stmt, 0);
  e->actor_uuid = column_text (stmt, 1);
  e->actor_name = column_text (stmt, 2);
  e->reason = column_text (stmt, 3);
  e->changed = column_text (stmt, 4);
  e->payload = column_text (stmt, 5);
  e->entity_kind = column_text (stmt, 6);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return e;
}

static gint64
count_events_for (CareFixture *f,
                  const char  *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE entity_uuid = '%s'", uuid);

  return care_test_count_rows (f->store, sql);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_changed (const char         *changed_json,
                const char * const *expected)
{
  g_autoptr(JsonNode) root = parse_json (changed_json);
  JsonArray *array;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i]; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, expected[i]);
}

/* The payload alone rebuilds @version: identity, version, the in-error flag
 * and every field of the schema but the secret ones. */
static void
assert_payload_rebuilds (const char *payload,
                         CareRecord *version)
{
  const CareKindInfo *info = care_kind_info (care_record_get_kind (version));
  g_autoptr(JsonNode) root = parse_json (payload);
  JsonObject *object, *fields;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, info->name);
  g_assert_cmpstr (json_object_get_string_member (object, "uuid"), ==, care_record_get_uuid (version));
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, care_record_get_version (version));
  g_assert_cmpint (json_object_get_boolean_member (object, "entered_in_error"), ==,
                   care_record_is_entered_in_error (version));
  fields = json_object_get_object_member (object, "fields");
  g_assert_nonnull (fields);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const CareField *f = &info->fields[i];
      JsonNode *node = json_object_get_member (fields, f->name);

      if (f->secret)
        {
          g_assert_null (node);
          continue;
        }
      g_assert_nonnull (node);
      if (!care_record_has (version, f->name))
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (node));
          continue;
        }
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      if (f->type == CARE_FIELD_INT || f->type == CARE_FIELD_BOOL || f->type == CARE_FIELD_INSTANT)
        g_assert_cmpint (json_node_get_int (node), ==, care_record_get_int (version, f->name));
      else
        g_assert_cmpstr (json_node_get_string (node), ==, care_record_get_string (version, f->name));
    }
}

static void
set_case_value (CareRecord     *record,
                const KindCase *c)
{
  if (c->text != NULL)
    care_record_set_string (record, c->field, c->text);
  else
    care_record_set_int (record, c->field, c->number);
}

static void
assert_case_value (CareRecord     *record,
                   const KindCase *c,
                   gboolean        is_new)
{
  if (c->text != NULL && is_new)
    g_assert_cmpstr (care_record_get_string (record, c->field), ==, c->text);
  else if (c->text != NULL)
    g_assert_cmpstr (care_record_get_string (record, c->field), !=, c->text);
  else if (is_new)
    g_assert_cmpint (care_record_get_int (record, c->field), ==, c->number);
  else
    g_assert_cmpint (care_record_get_int (record, c->field), !=, c->number);
}

/* ---- every kind: create, load, correct, version history, in error ---- */

static void
step_create (CareFixture    *f,
             const KindCase *c,
             CareRecord     *record,
             CareSession    *session)
{
  g_autoptr(CareRecord) loaded = NULL;
  g_autoptr(Event) event = NULL;
  g_autoptr(GError) error = NULL;

  if (c->kind != CARE_KIND_SETTING)
    assert_saved (session, record, NULL);
  g_assert_cmpint (care_record_get_version (record), ==, 1);
  loaded = care_store_load (f->store, c->kind, care_record_get_uuid (record), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_uuid (loaded), ==, care_record_get_uuid (record));
  g_assert_cmpint (care_record_get_version (loaded), ==, 1);
  g_assert_false (care_record_is_entered_in_error (loaded));
  g_assert_cmpint (count_events_for (f, care_record_get_uuid (record)), ==, 1);

  event = load_event (f, care_record_get_uuid (record), 1);
  g_assert_cmpstr (event->action, ==, "create");
  g_assert_cmpstr (event->entity_kind, ==, care_kind_info (c->kind)->name);
  if (c->kind == CARE_KIND_SETTING)
    {
      /* Written by the first-run set-up, before anyone could sign in. */
      g_assert_null (event->actor_uuid);
      g_assert_null (care_record_get_recorded_by (loaded));
    }
  else
    {
      g_assert_cmpstr (event->actor_uuid, ==, care_session_get_actor_uuid (session));
      g_assert_cmpstr (event->actor_name, ==, care_session_get_actor_name (session));
      g_assert_cmpstr (care_record_get_recorded_by (loaded), ==, care_session_get_actor_uuid (session));
    }
  g_assert_nonnull (strstr (event->changed, care_kind_info (c->kind)->fields[0].name));
  assert_payload_rebuilds (event->payload, loaded);
}

static void
step_correct (CareFixture    *f,
              const KindCase *c,
              const char     *uuid,
              CareSession    *session)
{
  g_autoptr(CareRecord) edit = care_store_load (f->store, c->kind, uuid, NULL);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(Event) first = NULL;
  g_autoptr(Event) second = NULL;
  g_autoptr(GError) error = NULL;
  const char * const changed[] = { c->field, NULL };

  set_case_value (edit, c);
  assert_saved (session, edit, "Typed in wrongly");
  g_assert_cmpint (care_record_get_version (edit), ==, 2);

  versions = care_store_load_versions (f->store, c->kind, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpint (care_record_get_version (g_ptr_array_index (versions, 0)), ==, 1);
  g_assert_cmpint (care_record_get_version (g_ptr_array_index (versions, 1)), ==, 2);
  assert_case_value (g_ptr_array_index (versions, 0), c, FALSE);
  assert_case_value (g_ptr_array_index (versions, 1), c, TRUE);

  g_assert_cmpint (count_events_for (f, uuid), ==, 2);
  first = load_event (f, uuid, 1);
  second = load_event (f, uuid, 2);
  g_assert_cmpstr (second->action, ==, "correct");
  g_assert_cmpstr (second->reason, ==, "Typed in wrongly");
  g_assert_cmpstr (second->actor_uuid, ==, care_session_get_actor_uuid (session));
  assert_changed (second->changed, changed);
  assert_payload_rebuilds (first->payload, g_ptr_array_index (versions, 0));
  assert_payload_rebuilds (second->payload, g_ptr_array_index (versions, 1));
}

static void
step_entered_in_error (CareFixture    *f,
                       const KindCase *c,
                       const char     *uuid,
                       CareSession    *session)
{
  g_autoptr(CareRecord) loaded = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(Event) event = NULL;
  g_autoptr(GError) error = NULL;
  const char * const nothing[] = { NULL };

  /* The care setting identifies the home itself: it is only ever corrected. */
  if (c->kind == CARE_KIND_SETTING)
    {
      g_assert_false (care_session_mark_entered_in_error (session, c->kind, uuid, "Entered for the wrong home", &error));
      g_assert_error (error, CARE_ERROR, CARE_ERROR_STATE);
      g_assert_cmpint (count_events_for (f, uuid), ==, 2);
      return;
    }
  g_assert_true (care_session_mark_entered_in_error (session, c->kind, uuid, "Entered for the wrong home", &error));
  g_assert_no_error (error);
  loaded = care_store_load (f->store, c->kind, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_version (loaded), ==, 3);
  g_assert_true (care_record_is_entered_in_error (loaded));
  /* The fields are kept as they were: nothing is lost. */
  assert_case_value (loaded, c, TRUE);
  versions = care_store_load_versions (f->store, c->kind, uuid, &error);
  g_assert_cmpuint (versions->len, ==, 3);

  event = load_event (f, uuid, 3);
  g_assert_cmpstr (event->action, ==, "entered_in_error");
  g_assert_cmpstr (event->reason, ==, "Entered for the wrong home");
  assert_changed (event->changed, nothing);
  assert_payload_rebuilds (event->payload, loaded);

  current = care_store_list_current (f->store, c->kind, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < current->len; i++)
    g_assert_cmpstr (care_record_get_uuid (g_ptr_array_index (current, i)), !=, uuid);
}

static void
test_kind_lifecycle (CareFixture *f, gconstpointer data)
{
  const KindCase *c = data;
  CareSession *session = NULL;
  g_autoptr(CareRecord) record = new_record (f, c->kind, &session);
  g_autofree char *uuid = g_strdup (care_record_get_uuid (record));

  step_create (f, c, record, session);
  step_correct (f, c, uuid, session);
  step_entered_in_error (f, c, uuid, session);
}

/* ---- secrets ---- */

static void
test_pin_hash_never_logged (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) staff = care_store_load (f->store, CARE_KIND_STAFF, f->carer_uuid, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  guint staff_events = 0;

  /* A PIN change is logged as a change, without the hash. */
  g_assert_true (care_staff_set_pin (staff, "13579", &error));
  g_assert_no_error (error);
  assert_saved (f->manager, staff, "Alex forgot their PIN");

  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM staff WHERE pin_hash LIKE '$argon2id$%'"),
                   >, 0);
  g_assert_cmpint (care_test_count_rows (f->store,
    "SELECT count(*) FROM events WHERE payload LIKE '%argon2%' OR payload LIKE '%pin_hash%'"), ==, 0);
  g_assert_cmpint (sqlite3_prepare_v2 (_care_store_get_db (f->store),
    "SELECT payload FROM events WHERE entity_kind = 'staff'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) root = parse_json ((const char *) sqlite3_column_text (stmt, 0));
      JsonObject *fields = json_object_get_object_member (json_node_get_object (root), "fields");

      g_assert_false (json_object_has_member (fields, "pin_hash"));
      g_assert_true (json_object_has_member (fields, "name"));
      staff_events++;
    }
  sqlite3_finalize (stmt);
  /* The manager, five staff and the PIN change. */
  g_assert_cmpuint (staff_events, ==, 7);
}

/* ---- generic validation ---- */

static void
test_required (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = new_person ();
  g_autoptr(GError) error = NULL;

  care_record_unset (p, "family_name");
  g_assert_false (care_session_save (f->manager, p, NULL, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Family name"));
  care_record_set_string (p, "family_name", "Dent");
  /* Spaces alone are nothing. */
  care_record_set_string (p, "given_name", "   ");
  assert_save_refused (f, f->manager, p, NULL, CARE_ERROR_REQUIRED);
  care_record_set_string (p, "given_name", "Arthur");
  assert_saved (f->manager, p, NULL);
}

static void
test_too_long (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = new_person ();
  g_autofree char *long81 = g_strnfill (81, 'a');
  g_autofree char *long80 = g_strnfill (80, 'a');
  g_autoptr(GString) accented = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  care_record_set_string (p, "given_name", long81);
  g_assert_false (care_session_save (f->manager, p, NULL, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "80"));
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM person"), ==, 1);

  /* Lengths are characters, not bytes. */
  for (int i = 0; i < 80; i++)
    g_string_append (accented, "é");
  care_record_set_string (p, "given_name", accented->str);
  assert_saved (f->manager, p, NULL);
  g_clear_object (&p);
  p = new_person ();
  care_record_set_string (p, "nhs_number", NULL);
  care_record_set_string (p, "given_name", long80);
  assert_saved (f->manager, p, NULL);
}

static void
test_bad_date (CareFixture *f, gconstpointer data)
{
  static const char * const bad[] = { "2026-02-30", "10/03/2026", "2026-3-10", "10 March 2026", "2026-13-01", NULL };
  g_autoptr(CareRecord) p = new_person ();

  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(GError) error = NULL;

      care_record_set_string (p, "date_of_birth", bad[i]);
      g_assert_false (care_session_save (f->manager, p, NULL, &error));
      g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
    }
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM person"), ==, 1);
  care_record_set_string (p, "date_of_birth", "1940-02-29");
  assert_saved (f->manager, p, NULL);
}

static void
test_bad_time (CareFixture *f, gconstpointer data)
{
  static const char * const bad[] = { "25:00", "08:60", "8:00", "0800", "08:00am", NULL };
  g_autoptr(CareRecord) a = new_administration (f);
  g_autoptr(CareRecord) task = care_test_new_task (f, f->person_uuid, f->cream_type_uuid);

  for (guint i = 0; bad[i]; i++)
    {
      care_record_set_string (a, "slot_time", bad[i]);
      assert_save_refused (f, f->carer, a, NULL, CARE_ERROR_INVALID);
    }
  care_record_set_string (task, "status", "proposed");
  care_record_set_string (task, "schedule_kind", "interval");
  care_record_set_int (task, "interval_hours", 6);
  care_record_set_string (task, "first_time", "25:00");
  assert_save_refused (f, f->manager, task, NULL, CARE_ERROR_INVALID);
  care_record_set_string (task, "first_time", "06:00");
  assert_saved (f->manager, task, NULL);
}

static void
test_unknown_choice (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = new_person ();
  g_autoptr(GError) error = NULL;

  care_record_set_string (p, "status", "moved");
  g_assert_false (care_session_save (f->manager, p, NULL, &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "moved"));
  g_assert_cmpint (care_test_count_rows (f->store, "SELECT count(*) FROM person"), ==, 1);
}

static void
test_bad_reference (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_delegated_task (f);
  g_autofree char *nobody = g_uuid_string_random ();
  g_autoptr(CareRecord) gone = new_person ();
  g_autoptr(GError) error = NULL;

  care_record_set_string (task, "person_uuid", "Margaret Hill");
  assert_save_refused (f, f->manager, task, NULL, CARE_ERROR_INVALID);
  care_record_set_string (task, "person_uuid", nobody);
  assert_save_refused (f, f->manager, task, NULL, CARE_ERROR_NOT_FOUND);

  /* A record marked entered in error cannot be referred to. */
  assert_saved (f->manager, gone, NULL);
  g_assert_true (care_session_mark_entered_in_error (f->manager, CARE_KIND_PERSON, care_record_get_uuid (gone),
                                                     "Admission cancelled", &error));
  g_assert_no_error (error);
  care_record_set_string (task, "person_uuid", care_record_get_uuid (gone));
  assert_save_refused (f, f->manager, task, NULL, CARE_ERROR_NOT_FOUND);
}

static void
test_integer_range (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) task = new_delegated_task (f);

  care_record_set_int (task, "review_interval_days", 0);
  assert_save_refused (f, f->manager, task, NULL, CARE_ERROR_INVALID);
  care_record_set_int (task, "review_interval_days", 366);
  assert_save_refused (f, f->manager, task, NULL, CARE_ERROR_INVALID);
  care_record_set_int (task, "review_interval_days", 365);
  assert_saved (f->manager, task, NULL);
}

static void
test_bad_json (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) s = new_screening (f);

  care_record_set_string (s, "restrictions", "[\"sensor_mat\"");
  assert_save_refused (f, f->carer, s, NULL, CARE_ERROR_INVALID);
}

/* ---- corrections ---- */

static CareRecord *
saved_person (CareFixture *f)
{
  g_autoptr(CareRecord) p = new_person ();

  assert_saved (f->manager, p, NULL);
  return care_store_load (f->store, CARE_KIND_PERSON, care_record_get_uuid (p), NULL);
}

static void
test_nothing_changed (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = saved_person (f);
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_assert_false (care_session_save (f->manager, p, "Checking", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Nothing was changed.");
  g_assert_cmpint (total_rows (f), ==, before);
  /* Spaces typed around a value are not a change either. */
  care_record_set_string (p, "room", "  Room 7 ");
  assert_save_refused (f, f->manager, p, "Checking", CARE_ERROR_INVALID);
  g_assert_cmpint (care_record_get_version (p), ==, 1);
}

static void
test_correction_reason_limits (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = saved_person (f);
  g_autofree char *long_reason = g_strnfill (501, 'r');

  care_record_set_string (p, "room", "Room 9");
  assert_save_refused (f, f->manager, p, NULL, CARE_ERROR_REQUIRED);
  assert_save_refused (f, f->manager, p, "", CARE_ERROR_REQUIRED);
  assert_save_refused (f, f->manager, p, long_reason, CARE_ERROR_TOO_LONG);
  assert_saved (f->manager, p, "Moved rooms");
}

static void
test_correction_stale (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) mine = saved_person (f);
  g_autoptr(CareRecord) theirs = care_record_copy (mine);

  care_record_set_string (mine, "room", "Room 9");
  assert_saved (f->manager, mine, "Moved rooms");
  care_record_set_string (theirs, "allergies", "Penicillin");
  assert_save_refused (f, f->manager, theirs, "Allergy found in GP letter", CARE_ERROR_STALE);
  g_assert_cmpint (care_record_get_version (theirs), ==, 1);
}

static void
test_correction_after_in_error (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = saved_person (f);
  g_autoptr(CareRecord) marked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_session_mark_entered_in_error (f->manager, CARE_KIND_PERSON, care_record_get_uuid (p),
                                                     "Admission cancelled", &error));
  g_assert_no_error (error);
  marked = care_store_load (f->store, CARE_KIND_PERSON, care_record_get_uuid (p), NULL);
  care_record_set_string (marked, "room", "Room 9");
  assert_save_refused (f, f->manager, marked, "Moved rooms", CARE_ERROR_STATE);
}

static void
test_in_error_needs_reason_and_record (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = saved_person (f);
  g_autofree char *nobody = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  gint64 before = total_rows (f);

  g_assert_false (care_session_mark_entered_in_error (f->manager, CARE_KIND_PERSON, care_record_get_uuid (p),
                                                      "  ", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (care_session_mark_entered_in_error (f->manager, CARE_KIND_PERSON, nobody, "Wrong", &error));
  g_assert_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND);
  g_assert_cmpint (total_rows (f), ==, before);
}

/* ---- normalisation ---- */

static void
test_normalisation (CareFixture *f, gconstpointer data)
{
  g_autoptr(CareRecord) p = new_person ();
  g_autoptr(CareRecord) q = new_person ();
  g_autoptr(CareRecord) stored = NULL;

  care_record_set_string (p, "given_name", "  Arthur  ");
  care_record_set_string (p, "nhs_number", "943 476 5919");
  care_record_set_string (p, "preferred_name", "   ");
  assert_saved (f->manager, p, NULL);
  stored = care_store_load (f->store, CARE_KIND_PERSON, care_record_get_uuid (p), NULL);
  g_assert_cmpstr (care_record_get_string (stored, "given_name"), ==, "Arthur");
  g_assert_cmpstr (care_record_get_string (stored, "nhs_number"), ==, "9434765919");
  g_assert_false (care_record_has (stored, "preferred_name"));
  g_assert_cmpint (care_test_count_rows (f->store,
    "SELECT count(*) FROM person WHERE nhs_number = '9434765919' AND preferred_name IS NULL"), ==, 1);

  care_record_set_string (q, "nhs_number", "991-200-3888");
  assert_saved (f->manager, q, NULL);
  g_assert_cmpstr (care_record_get_string (q, "nhs_number"), ==, "9912003888");
}

/* ---- the database refuses to rewrite history ---- */

static void
make_one_of_each (CareFixture *f)
{
  static const CareKind kinds[] = {
    CARE_KIND_DELEGATED_TASK, CARE_KIND_ADMINISTRATION, CARE_KIND_REVIEW,
    CARE_KIND_LIBERTY_SCREENING, CARE_KIND_LIBERTY_CASE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      CareSession *session = NULL;
      g_autoptr(CareRecord) r = new_record (f, kinds[i], &session);

      assert_saved (session, r, NULL);
    }
}

static sqlite3 *
open_raw (CareFixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* Runs @sql on @db and returns the error message, or NULL if it worked. */
static char *
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  char *copy;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return NULL;
  copy = g_strdup (message ? message : "(no message)");
  sqlite3_free (message);
  return copy;
}

static gint64
raw_count (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
assert_refused_with (sqlite3    *db,
                     const char *sql,
                     const char *words)
{
  g_autofree char *message = raw_exec (db, sql);

  if (message == NULL)
    g_error ("The database accepted: %s", sql);
  if (strstr (message, words) == NULL)
    g_error ("“%s” was refused with “%s”, expected “%s”", sql, message, words);
}

static void
test_versions_immutable (CareFixture *f, gconstpointer data)
{
  sqlite3 *db = NULL;

  make_one_of_each (f);
  db = open_raw (f);
  for (guint k = 0; k < CARE_N_KINDS; k++)
    {
      const char *t = care_kind_info (k)->name;
      g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM %s", t);
      g_autofree char *stamp = g_strdup_printf ("SELECT sum(recorded_at) FROM %s", t);
      g_autofree char *update = g_strdup_printf ("UPDATE %s SET recorded_at = recorded_at + 1", t);
      g_autofree char *in_error = g_strdup_printf ("UPDATE %s SET entered_in_error = 1", t);
      g_autofree char *delete = g_strdup_printf ("DELETE FROM %s", t);
      gint64 rows = raw_count (db, count);
      gint64 sum = raw_count (db, stamp);

      g_test_message ("table %s", t);
      g_assert_cmpint (rows, >, 0);
      assert_refused_with (db, update, "immutable");
      assert_refused_with (db, in_error, "immutable");
      assert_refused_with (db, delete, "never deleted");
      g_assert_cmpint (raw_count (db, count), ==, rows);
      g_assert_cmpint (raw_count (db, stamp), ==, sum);
    }
  sqlite3_close (db);
}

static void
test_versions_must_follow (CareFixture *f, gconstpointer data)
{
  sqlite3 *db = NULL;

  make_one_of_each (f);
  db = open_raw (f);
  for (guint k = 0; k < CARE_N_KINDS; k++)
    {
      const char *t = care_kind_info (k)->name;
      g_autofree char *first_only = g_strdup_printf (
        "(SELECT uuid FROM %s GROUP BY uuid HAVING max (version) = 1 LIMIT 1)", t);
      g_autofree char *has_one = g_strdup_printf ("SELECT count(*) FROM %s", first_only);
      g_autofree char *skip = g_strdup_printf (
        "INSERT INTO %1$s (uuid, version, recorded_at) SELECT uuid, 3, 0 FROM %2$s AS f", t, first_only);
      g_autofree char *again = g_strdup_printf (
        "INSERT INTO %1$s (uuid, version, recorded_at) SELECT uuid, 1, 0 FROM %2$s AS f", t, first_only);
      g_autofree char *next = g_strdup_printf (
        "INSERT INTO %1$s (uuid, version, recorded_at) SELECT uuid, 2, 0 FROM %2$s AS f", t, first_only);
      g_autofree char *message = NULL;

      g_test_message ("table %s", t);
      g_assert_cmpint (raw_count (db, has_one), ==, 1);
      assert_refused_with (db, skip, "versions must follow");
      assert_refused_with (db, again, "versions must follow");
      /* The trigger is specific: the next version goes in. */
      message = raw_exec (db, next);
      g_assert_null (message);
    }
  sqlite3_close (db);
}

static void
test_events_append_only (CareFixture *f, gconstpointer data)
{
  sqlite3 *db = open_raw (f);
  gint64 events = raw_count (db, "SELECT count(*) FROM events");
  g_autofree char *message = NULL;

  g_assert_cmpint (events, >, 0);
  assert_refused_with (db, "UPDATE events SET payload = '{}'", "only the sync state of an event may change");
  assert_refused_with (db, "UPDATE events SET reason = 'rewritten'", "only the sync state of an event may change");
  assert_refused_with (db, "UPDATE events SET actor_name = 'Someone else'", "only the sync state of an event may change");
  assert_refused_with (db, "DELETE FROM events", "append-only");
  g_assert_cmpint (raw_count (db, "SELECT count(*) FROM events"), ==, events);
  g_assert_cmpint (raw_count (db, "SELECT count(*) FROM events WHERE payload = '{}'"), ==, 0);
  /* Sync bookkeeping may change. */
  message = raw_exec (db, "UPDATE events SET sync_state = 'acked', server_seq = local_seq");
  g_assert_null (message);
  sqlite3_close (db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/records/" path, CareFixture, NULL, care_fixture_setup, fn, care_fixture_teardown)
  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (care_kind_info (kind_cases[i].kind)->name), "_", '-');
      g_autofree char *path = g_strdup_printf ("/records/%s/lifecycle", name);

      g_test_add (path, CareFixture, &kind_cases[i], care_fixture_setup, test_kind_lifecycle, care_fixture_teardown);
    }
  ADD ("staff/pin-hash-never-logged", test_pin_hash_never_logged);
  ADD ("validation/required", test_required);
  ADD ("validation/too-long", test_too_long);
  ADD ("validation/bad-date", test_bad_date);
  ADD ("validation/bad-time", test_bad_time);
  ADD ("validation/unknown-choice", test_unknown_choice);
  ADD ("validation/bad-reference", test_bad_reference);
  ADD ("validation/integer-range", test_integer_range);
  ADD ("validation/bad-json", test_bad_json);
  ADD ("correction/nothing-changed", test_nothing_changed);
  ADD ("correction/reason-limits", test_correction_reason_limits);
  ADD ("correction/stale", test_correction_stale);
  ADD ("correction/after-entered-in-error", test_correction_after_in_error);
  ADD ("entered-in-error/needs-reason-and-record", test_in_error_needs_reason_and_record);
  ADD ("normalisation", test_normalisation);
  ADD ("database/versions-immutable", test_versions_immutable);
  ADD ("database/versions-must-follow", test_versions_must_follow);
  ADD ("database/events-append-only", test_events_append_only);
  return g_test_run ();
}
