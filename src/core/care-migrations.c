/* care-migrations.c: the database schema, one frozen step per version
 *
 * A step, once released, never changes: a new schema version is a new step
 * appended to the table. care_store_open() runs every step above the file's
 * PRAGMA user_version inside one transaction.
 */
#include "config.h"

#include "care-migrations.h"

/* Version 1: care setting, people, staff, catalogue, delegation and
 * administration records, the event log that is also the sync outbox,
 * settings and sign-in state. */
static const char migration_1[] =
  "CREATE TABLE care_setting (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  name TEXT,\n"
  "  cqc_location_id TEXT,\n"
  "  service_type TEXT,\n"
  "  address TEXT,\n"
  "  endpoint_url TEXT,\n"
  "  provider_id TEXT,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE person (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  given_name TEXT,\n"
  "  family_name TEXT,\n"
  "  preferred_name TEXT,\n"
  "  date_of_birth TEXT,\n"
  "  nhs_number TEXT,\n"
  "  gp_practice TEXT,\n"
  "  room TEXT,\n"
  "  allergies TEXT,\n"
  "  status TEXT,\n"
  "  restrictions TEXT,\n"
  "  admitted_on TEXT,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE staff (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  name TEXT,\n"
  "  role TEXT,\n"
  "  profession TEXT,\n"
  "  register_body TEXT,\n"
  "  register_number TEXT,\n"
  "  organisation TEXT,\n"
  "  contact TEXT,\n"
  "  pin_hash TEXT,\n"
  "  active INTEGER,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE task_type (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  code TEXT,\n"
  "  name TEXT,\n"
  "  category TEXT,\n"
  "  delegable INTEGER,\n"
  "  not_delegable_reason TEXT,\n"
  "  person_specific INTEGER,\n"
  "  validity_months INTEGER,\n"
  "  time_critical INTEGER,\n"
  "  grace_minutes INTEGER,\n"
  "  requires_witness INTEGER,\n"
  "  topical INTEGER,\n"
  "  variable_dose INTEGER,\n"
  "  active INTEGER,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE reason_code (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  code TEXT,\n"
  "  label TEXT,\n"
  "  canonical TEXT,\n"
  "  active INTEGER,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE matrix_question (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  code TEXT,\n"
  "  question TEXT,\n"
  "  ordinal INTEGER,\n"
  "  active INTEGER,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE delegated_task (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  person_uuid TEXT,\n"
  "  task_type_uuid TEXT,\n"
  "  practitioner_name TEXT,\n"
  "  practitioner_profession TEXT,\n"
  "  practitioner_register TEXT,\n"
  "  practitioner_number TEXT,\n"
  "  practitioner_org TEXT,\n"
  "  practitioner_contact TEXT,\n"
  "  delegated_on TEXT,\n"
  "  mdt_date TEXT,\n"
  "  mdt_team TEXT,\n"
  "  instructions TEXT,\n"
  "  dose TEXT,\n"
  "  site TEXT,\n"
  "  equipment TEXT,\n"
  "  call_back_when TEXT,\n"
  "  schedule_kind TEXT,\n"
  "  schedule_times TEXT,\n"
  "  interval_hours INTEGER,\n"
  "  first_time TEXT,\n"
  "  prn_max_24h INTEGER,\n"
  "  prn_min_interval_min INTEGER,\n"
  "  start_date TEXT,\n"
  "  end_date TEXT,\n"
  "  review_interval_days INTEGER,\n"
  "  oversight_contact TEXT,\n"
  "  risk_notes TEXT,\n"
  "  consent_basis TEXT,\n"
  "  status TEXT,\n"
  "  decided_by TEXT,\n"
  "  decided_at INTEGER,\n"
  "  status_reason TEXT,\n"
  "  matrix_answers TEXT,\n"
  "  source TEXT,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE competency (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  staff_uuid TEXT,\n"
  "  task_type_uuid TEXT,\n"
  "  person_uuid TEXT,\n"
  "  trained_on TEXT,\n"
  "  trainer TEXT,\n"
  "  assessor_uuid TEXT,\n"
  "  assessor_register_number TEXT,\n"
  "  assessed_on TEXT,\n"
  "  outcome TEXT,\n"
  "  valid_until TEXT,\n"
  "  revoked_on TEXT,\n"
  "  revoked_by TEXT,\n"
  "  revoked_reason TEXT,\n"
  "  notes TEXT,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE administration (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  task_uuid TEXT,\n"
  "  slot_date TEXT,\n"
  "  slot_time TEXT,\n"
  "  occurred_at INTEGER,\n"
  "  entered_at INTEGER,\n"
  "  performer_uuid TEXT,\n"
  "  outcome TEXT,\n"
  "  reason_code TEXT,\n"
  "  reason_canonical TEXT,\n"
  "  reason_text TEXT,\n"
  "  site TEXT,\n"
  "  dose TEXT,\n"
  "  observations TEXT,\n"
  "  escalate INTEGER,\n"
  "  witness_uuid TEXT,\n"
  "  extra INTEGER,\n"
  "  extra_reason TEXT,\n"
  "  late INTEGER,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE review (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  task_uuid TEXT,\n"
  "  reviewer_uuid TEXT,\n"
  "  reviewed_on TEXT,\n"
  "  findings TEXT,\n"
  "  decision TEXT,\n"
  "  new_instructions TEXT,\n"
  "  next_review_on TEXT,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE events (\n"
  "  local_seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  event_id TEXT NOT NULL UNIQUE,\n"
  "  device_id TEXT NOT NULL,\n"
  "  entity_kind TEXT NOT NULL,\n"
  "  entity_uuid TEXT NOT NULL,\n"
  "  entity_version INTEGER NOT NULL,\n"
  "  action TEXT NOT NULL,\n"
  "  actor_uuid TEXT,\n"
  "  actor_name TEXT NOT NULL,\n"
  "  at INTEGER NOT NULL,\n"
  "  reason TEXT,\n"
  "  changed TEXT NOT NULL,\n"
  "  payload TEXT NOT NULL,\n"
  "  sync_state TEXT NOT NULL DEFAULT 'pending'\n"
  "    CHECK (sync_state IN ('pending', 'acked', 'rejected')),\n"
  "  server_seq INTEGER,\n"
  "  server_epoch TEXT,\n"
  "  problem TEXT,\n"
  "  synced_at INTEGER\n"
  ");\n"
  "CREATE TABLE settings (\n"
  "  key TEXT PRIMARY KEY,\n"
  "  value TEXT\n"
  ");\n"
  "CREATE TABLE signin_state (\n"
  "  staff_uuid TEXT PRIMARY KEY,\n"
  "  failures INTEGER NOT NULL DEFAULT 0,\n"
  "  locked_until INTEGER NOT NULL DEFAULT 0\n"
  ");\n";

/* Version 2: liberty safeguards screenings and DoLS/LPS cases. */
static const char migration_2[] =
  "CREATE TABLE liberty_screening (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  person_uuid TEXT,\n"
  "  screened_on TEXT,\n"
  "  screened_by TEXT,\n"
  "  capacity TEXT,\n"
  "  capacity_ref TEXT,\n"
  "  restrictions TEXT,\n"
  "  restrictions_other TEXT,\n"
  "  supervision_level TEXT,\n"
  "  free_to_leave TEXT,\n"
  "  if_tries_to_leave TEXT,\n"
  "  wishes_feelings TEXT,\n"
  "  objections TEXT,\n"
  "  family_views TEXT,\n"
  "  setting TEXT,\n"
  "  age_16_17 INTEGER,\n"
  "  outcome TEXT,\n"
  "  rationale TEXT,\n"
  "  rescreen_on TEXT,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
  "CREATE TABLE liberty_case (\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL CHECK (version >= 1),\n"
  "  recorded_at INTEGER NOT NULL,\n"
  "  recorded_by TEXT,\n"
  "  entered_in_error INTEGER NOT NULL DEFAULT 0,\n"
  "  person_uuid TEXT,\n"
  "  scheme TEXT,\n"
  "  urgency TEXT,\n"
  "  body_name TEXT,\n"
  "  body_reference TEXT,\n"
  "  applied_on TEXT,\n"
  "  granted_on TEXT,\n"
  "  valid_from TEXT,\n"
  "  valid_until TEXT,\n"
  "  extension_until TEXT,\n"
  "  conditions TEXT,\n"
  "  condition_checks TEXT,\n"
  "  representative_kind TEXT,\n"
  "  representative TEXT,\n"
  "  outcome TEXT,\n"
  "  outcome_on TEXT,\n"
  "  cqc_notified_on TEXT,\n"
  "  cqc_reference TEXT,\n"
  "  PRIMARY KEY (uuid, version)\n"
  ");\n"
;

/* Version 3: the database itself refuses to change or remove a stored
 * version, or to skip one, so no code path can overwrite history. The event
 * log only lets its sync columns change. */
static const char * const protected_tables_3[] = {
  "care_setting", "person", "staff", "task_type", "reason_code",
  "matrix_question", "delegated_task", "competency", "administration",
  "review", "liberty_screening", "liberty_case", NULL
};

static char *
migration_3 (void)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 0; protected_tables_3[i]; i++)
    {
      const char *t = protected_tables_3[i];

      g_string_append_printf (sql,
        "CREATE TRIGGER %s_no_update BEFORE UPDATE ON %s BEGIN\n"
        "  SELECT RAISE (ABORT, 'stored versions are immutable: write a new version');\n"
        "END;\n"
        "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s BEGIN\n"
        "  SELECT RAISE (ABORT, 'records are never deleted: mark entered in error');\n"
        "END;\n"
        "CREATE TRIGGER %s_next_version BEFORE INSERT ON %s\n"
        "WHEN NEW.version <> 1 + coalesce ((SELECT max (version) FROM %s WHERE uuid = NEW.uuid), 0)\n"
        "BEGIN\n"
        "  SELECT RAISE (ABORT, 'versions must follow one another');\n"
        "END;\n",
        t, t, t, t, t, t, t);
    }
  g_string_append (sql,
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN\n"
    "  SELECT RAISE (ABORT, 'the event log is append-only');\n"
    "END;\n"
    "CREATE TRIGGER events_sync_only BEFORE UPDATE ON events\n"
    "WHEN NEW.event_id IS NOT OLD.event_id OR NEW.device_id IS NOT OLD.device_id\n"
    "  OR NEW.entity_kind IS NOT OLD.entity_kind OR NEW.entity_uuid IS NOT OLD.entity_uuid\n"
    "  OR NEW.entity_version IS NOT OLD.entity_version OR NEW.action IS NOT OLD.action\n"
    "  OR NEW.actor_uuid IS NOT OLD.actor_uuid OR NEW.actor_name IS NOT OLD.actor_name\n"
    "  OR NEW.at IS NOT OLD.at OR NEW.reason IS NOT OLD.reason\n"
    "  OR NEW.changed IS NOT OLD.changed OR NEW.payload IS NOT OLD.payload\n"
    "  OR NEW.local_seq IS NOT OLD.local_seq\n"
    "BEGIN\n"
    "  SELECT RAISE (ABORT, 'only the sync state of an event may change');\n"
    "END;\n");
  return g_string_free (sql, FALSE);
}

/* Version 4: indexes for the dashboard, the rules and the outbox. */
static const char migration_4[] =
  "CREATE INDEX administration_task_slot ON administration (task_uuid, slot_date, slot_time);\n"
  "CREATE INDEX administration_task_occurred ON administration (task_uuid, occurred_at);\n"
  "CREATE INDEX administration_day ON administration (slot_date);\n"
  "CREATE INDEX delegated_task_person ON delegated_task (person_uuid);\n"
  "CREATE INDEX competency_staff_type ON competency (staff_uuid, task_type_uuid);\n"
  "CREATE INDEX competency_type ON competency (task_type_uuid);\n"
  "CREATE INDEX review_task ON review (task_uuid, reviewed_on);\n"
  "CREATE INDEX screening_person ON liberty_screening (person_uuid, screened_on);\n"
  "CREATE INDEX case_person ON liberty_case (person_uuid);\n"
  "CREATE INDEX events_pending ON events (local_seq) WHERE sync_state = 'pending';\n"
  "CREATE INDEX events_entity ON events (entity_uuid, entity_version);\n";

/* Version 5: the state of the sync with the commissioner. sync_state holds
 * the client's own state (cursor, server epoch, the frozen batch, failures);
 * sync_log is the audit of every message sent and answer received, so it
 * is append-only like the records; feed_items are the commissioner's items
 * already taken in, recognised by item_id so a page fetched twice (a lost
 * reply, an expired cursor) creates nothing twice; shared_entities is the
 * server's last known status and version of the entities it owns, the
 * base version of a status change sent with If-Match. */
static const char migration_5[] =
  "CREATE TABLE sync_state (\n"
  "  key TEXT PRIMARY KEY,\n"
  "  value TEXT\n"
  ");\n"
  "CREATE TABLE sync_log (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  at INTEGER NOT NULL,\n"
  "  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),\n"
  "  method TEXT NOT NULL,\n"
  "  url TEXT NOT NULL,\n"
  "  status INTEGER,\n"
  "  idempotency_key TEXT,\n"
  "  summary TEXT\n"
  ");\n"
  "CREATE TRIGGER sync_log_no_update BEFORE UPDATE ON sync_log BEGIN\n"
  "  SELECT RAISE (ABORT, 'the sync log is append-only');\n"
  "END;\n"
  "CREATE TRIGGER sync_log_no_delete BEFORE DELETE ON sync_log BEGIN\n"
  "  SELECT RAISE (ABORT, 'the sync log is append-only');\n"
  "END;\n"
  "CREATE TABLE feed_items (\n"
  "  item_id TEXT PRIMARY KEY,\n"
  "  server_seq INTEGER NOT NULL,\n"
  "  kind TEXT NOT NULL,\n"
  "  entity_id TEXT,\n"
  "  version INTEGER,\n"
  "  received_at INTEGER NOT NULL,\n"
  "  local_uuid TEXT,\n"
  "  payload TEXT,\n"
  "  problem TEXT\n"
  ");\n"
  "CREATE TRIGGER feed_items_no_delete BEFORE DELETE ON feed_items BEGIN\n"
  "  SELECT RAISE (ABORT, 'received commissioner items are kept');\n"
  "END;\n"
  "CREATE TABLE shared_entities (\n"
  "  entity_id TEXT PRIMARY KEY,\n"
  "  kind TEXT NOT NULL,\n"
  "  server_version INTEGER NOT NULL,\n"
  "  server_status TEXT,\n"
  "  updated_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX events_acked ON events (device_id, local_seq) WHERE sync_state = 'acked';\n";

/* Version 6: rejected events are shown on the Sync page and counted on the
 * dashboard; a partial index keeps that count from reading the whole log. */
static const char migration_6[] =
  "CREATE INDEX events_rejected ON events (local_seq) WHERE sync_state = 'rejected';\n";

/* Version 7: a person's review reads only index pages, and LPS cases say
 * which renewal they are.
 *
 * - administration_chart replaces administration_task_slot (its first three
 *   columns are the old key, so every lookup by task and slot still uses
 *   it) and carries what a MAR chart cell needs, so a chart of a person's
 *   weeks never reads the table rows, which lie scattered over the file.
 * - The "later" indexes hold only versions after the first (corrections and
 *   entries marked in error, a fraction of a percent of the rows): the
 *   current-version test, "no later version of this record", looks there
 *   instead of probing the whole primary key once per row.
 * - administration_noted holds the entries with observations or an
 *   escalation, what the nurse reads before a review.
 * - review_recent replaces review_task so the latest reviews of a person
 *   are chosen from the index before any review row is read.
 * - renewal_number: 0 for a first LPS authorisation, 1 for its first
 *   renewal, 2 or more for later ones; it decides how long it may last. */
static const char migration_7[] =
  "DROP INDEX administration_task_slot;\n"
  "CREATE INDEX administration_chart ON administration (task_uuid, slot_date, slot_time, occurred_at, "
  "uuid, version, entered_in_error, outcome, reason_canonical, escalate, late);\n"
  "CREATE INDEX administration_later ON administration (uuid, version) WHERE version > 1;\n"
  "CREATE INDEX administration_noted ON administration (task_uuid, slot_date) "
  "WHERE escalate = 1 OR coalesce (observations, '') <> '';\n"
  "DROP INDEX review_task;\n"
  "CREATE INDEX review_recent ON review (task_uuid, reviewed_on, entered_in_error, uuid, version);\n"
  "CREATE INDEX review_later ON review (uuid, version) WHERE version > 1;\n"
  "ALTER TABLE liberty_case ADD COLUMN renewal_number INTEGER;\n";

/* Version 8: a person's full history is read a page at a time, newest
 * first, without sorting all of the person's administrations for each page.
 *
 * An administration names its task, not its person, so no index on the
 * administration table can hold one person's entries in time order.
 * person_history is that index, kept as a table: the current version of
 * each administration, filed under the person of its task and keyed in the
 * order the history lists them, so the list walks its key to a page and
 * reads the administration rows of that page only. It is derived: filled
 * here from the rows already written and kept in step by triggers. A new
 * version of an administration (a correction, a mark of entered in error)
 * takes the place of the one before; when a version of a task names a
 * person its administrations were not yet filed under, they are filed
 * under that person too (the old test was "the task is one of the
 * person's", any version of it). No record is touched.
 *
 * occurred_at is required, but an upgrade must not fail on an older row
 * without one: such a row files at the lowest instant, last in the list,
 * where ORDER BY occurred_at DESC put it. */
#define NO_TIME "-9223372036854775808"

static const char migration_8[] =
  "CREATE TABLE person_history (\n"
  "  person_uuid TEXT NOT NULL,\n"
  "  occurred_at INTEGER NOT NULL,\n"
  "  uuid TEXT NOT NULL,\n"
  "  version INTEGER NOT NULL,\n"
  "  PRIMARY KEY (person_uuid, occurred_at, uuid, version)\n"
  ") WITHOUT ROWID;\n"
  "INSERT INTO person_history (person_uuid, occurred_at, uuid, version)\n"
  "  SELECT DISTINCT d.person_uuid, coalesce (a.occurred_at, " NO_TIME "), a.uuid, a.version\n"
  "  FROM administration a JOIN delegated_task d ON d.uuid = a.task_uuid\n"
  "  WHERE d.person_uuid IS NOT NULL\n"
  "  AND NOT EXISTS (SELECT 1 FROM administration n WHERE n.uuid = a.uuid AND n.version > a.version\n"
  "                  AND n.version > 1);\n"
  "CREATE TRIGGER person_history_administration AFTER INSERT ON administration BEGIN\n"
  "  DELETE FROM person_history WHERE (person_uuid, occurred_at, uuid, version) IN (\n"
  "    SELECT d.person_uuid, coalesce (o.occurred_at, " NO_TIME "), o.uuid, o.version\n"
  "    FROM administration o JOIN delegated_task d ON d.uuid = o.task_uuid\n"
  "    WHERE o.uuid = NEW.uuid AND o.version < NEW.version);\n"
  "  INSERT OR IGNORE INTO person_history (person_uuid, occurred_at, uuid, version)\n"
  "    SELECT DISTINCT d.person_uuid, coalesce (NEW.occurred_at, " NO_TIME "), NEW.uuid, NEW.version\n"
  "    FROM delegated_task d WHERE d.uuid = NEW.task_uuid AND d.person_uuid IS NOT NULL;\n"
  "END;\n"
  "CREATE TRIGGER person_history_task AFTER INSERT ON delegated_task\n"
  "WHEN NEW.person_uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM delegated_task o\n"
  "  WHERE o.uuid = NEW.uuid AND o.version < NEW.version AND o.person_uuid = NEW.person_uuid)\n"
  "BEGIN\n"
  "  INSERT OR IGNORE INTO person_history (person_uuid, occurred_at, uuid, version)\n"
  "    SELECT NEW.person_uuid, coalesce (a.occurred_at, " NO_TIME "), a.uuid, a.version\n"
  "    FROM administration a WHERE a.task_uuid = NEW.uuid\n"
  "    AND NOT EXISTS (SELECT 1 FROM administration n WHERE n.uuid = a.uuid AND n.version > a.version\n"
  "                    AND n.version > 1);\n"
  "END;\n";

/* Version 9: the day's round is read from one index. Today, the dashboard
 * and the when-required list each look for the delegated tasks that are
 * active on a date; without this they read every version of every task
 * ever delegated, a kilobyte a row with its instructions, to keep the few
 * hundred that are live. The index holds, in status order, just the
 * columns those questions ask, so they read the active part of it and no
 * task row at all. */
static const char migration_9[] =
  "CREATE INDEX delegated_task_live ON delegated_task (status, schedule_kind, start_date, end_date, "
  "entered_in_error, uuid, version, person_uuid, task_type_uuid, schedule_times, interval_hours, "
  "first_time, prn_max_24h, prn_min_interval_min);\n";

char *
care_migration_sql (guint version)
{
  switch (version)
    {
    case 1: return g_strdup (migration_1);
    case 2: return g_strdup (migration_2);
    case 3: return migration_3 ();
    case 4: return g_strdup (migration_4);
    case 5: return g_strdup (migration_5);
    case 6: return g_strdup (migration_6);
    case 7: return g_strdup (migration_7);
    case 8: return g_strdup (migration_8);
    case 9: return g_strdup (migration_9);
    default: return NULL;
    }
}
