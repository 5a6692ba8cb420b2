#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-error.h"
#include "care-pin.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-validate.h"

struct _CareSession
{
  GObject     parent_instance;

  CareStore  *store;
  CareRecord *actor;       /* NULL for the system session */
  CareRole    role;
};

G_DEFINE_FINAL_TYPE (CareSession, care_session, G_TYPE_OBJECT)

typedef gboolean (*CareCheckFunc) (CareSession *, CareRecord *, CareRecord *, GError **);

static const CareCheckFunc kind_checks[CARE_N_KINDS] = {
  [CARE_KIND_SETTING] = _care_setting_check,
  [CARE_KIND_PERSON] = _care_person_check,
  [CARE_KIND_STAFF] = _care_staff_check,
  [CARE_KIND_TASK_TYPE] = _care_catalogue_check,
  [CARE_KIND_REASON_CODE] = _care_catalogue_check,
  [CARE_KIND_MATRIX_QUESTION] = _care_catalogue_check,
  [CARE_KIND_DELEGATED_TASK] = _care_delegation_check,
  [CARE_KIND_COMPETENCY] = _care_competency_check,
  [CARE_KIND_ADMINISTRATION] = _care_administration_check,
  [CARE_KIND_REVIEW] = _care_review_check,
  [CARE_KIND_LIBERTY_SCREENING] = _care_screening_check,
  [CARE_KIND_LIBERTY_CASE] = _care_case_check,
};

static void
care_session_finalize (GObject *object)
{
  CareSession *self = CARE_SESSION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->actor);

  G_OBJECT_CLASS (care_session_parent_class)->finalize (object);
}

static void
care_session_class_init (CareSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_session_finalize;
}

static void
care_session_init (CareSession *self)
{
}

CareRole
care_role_from_string (const char *role)
{
  if (g_strcmp0 (role, "care_worker") == 0)
    return CARE_ROLE_CARE_WORKER;
  if (g_strcmp0 (role, "senior_carer") == 0)
    return CARE_ROLE_SENIOR_CARER;
  if (g_strcmp0 (role, "manager") == 0)
    return CARE_ROLE_MANAGER;
  if (g_strcmp0 (role, "registered_practitioner") == 0)
    return CARE_ROLE_PRACTITIONER;
  return CARE_ROLE_NONE;
}

const char *
care_role_to_label (const char *role)
{
  switch (care_role_from_string (role))
    {
    case CARE_ROLE_CARE_WORKER: return _("Care worker");
    case CARE_ROLE_SENIOR_CARER: return _("Senior carer");
    case CARE_ROLE_MANAGER: return _("Manager");
    case CARE_ROLE_PRACTITIONER: return _("Registered practitioner");
    default: return _("Unknown role");
    }
}

CareSession *
_care_session_new_system (CareStore *store)
{
  CareSession *self = g_object_new (CARE_TYPE_SESSION, NULL);

  self->store = g_object_ref (store);
  self->role = CARE_ROLE_SYSTEM;
  return self;
}

/* When the store refuses writes (its file was found damaged, or the disk
 * fails), failed attempts are still counted, in memory, for as long as the
 * store is open: a damaged file must not allow unlimited guesses. */
typedef struct
{
  gint64 failures;
  gint64 locked_until;
} HeldCount;

static HeldCount *
held_count (CareStore  *store,
            const char *staff_uuid,
            gboolean    create)
{
  GHashTable *counts = g_object_get_data (G_OBJECT (store), "care-held-signin-counts");
  HeldCount *held;

  if (counts == NULL)
    {
      if (!create)
        return NULL;
      counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (store), "care-held-signin-counts", counts,
                              (GDestroyNotify) g_hash_table_unref);
    }
  held = g_hash_table_lookup (counts, staff_uuid);
  if (held == NULL && create)
    {
      held = g_new0 (HeldCount, 1);
      g_hash_table_insert (counts, g_strdup (staff_uuid), held);
    }
  return held;
}

static gint64
stored_locked_until (CareStore   *store,
                     const char  *staff_uuid,
                     GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT locked_until FROM signin_state WHERE staff_uuid = ?1", error);
  gint64 locked_until = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, staff_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    locked_until = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return locked_until;
}

static gboolean
check_lockout (CareStore   *store,
               const char  *staff_uuid,
               GError     **error)
{
  HeldCount *held = held_count (store, staff_uuid, FALSE);
  gint64 locked_until = stored_locked_until (store, staff_uuid, error);
  gint64 now = care_store_now (store);

  if (locked_until < 0)
    return FALSE;
  if (held != NULL)
    locked_until = MAX (locked_until, held->locked_until);
  if (locked_until > now)
    {
      gint64 minutes = (locked_until - now + 59) / 60;
      /* %lld, not G_GINT64_FORMAT: xgettext cannot expand the macro and would cut the msgid short. */
      g_set_error (error, CARE_ERROR, CARE_ERROR_LOCKED_OUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Too many wrong PINs. Signing in as this person is locked for %lld more minute; a manager can help in the meantime.",
                                "Too many wrong PINs. Signing in as this person is locked for %lld more minutes; a manager can help in the meantime.",
                                minutes),
                   (long long) minutes);
      return FALSE;
    }
  return TRUE;
}

/* Counts a failure the store could not write; see HeldCount. */
static gint64
hold_failure (CareStore  *store,
              const char *staff_uuid,
              gint64      max_failures,
              gint64      lock_seconds)
{
  HeldCount *held = held_count (store, staff_uuid, TRUE);

  if (++held->failures >= max_failures)
    {
      held->failures = 0;
      held->locked_until = care_store_now (store) + lock_seconds;
      return 0;
    }
  return max_failures - held->failures;
}

/* Failed attempts are counted in the database, so restarting the app does
 * not reset the count. */
static gint64
note_failure (CareStore  *store,
              const char *staff_uuid)
{
  gint64 max_failures = care_store_get_setting_int (store, "lockout_failures", 5);
  gint64 lock_seconds = care_store_get_setting_int (store, "lockout_seconds", 900);
  gint64 failures = 0;
  sqlite3_stmt *stmt;

  stmt = _care_store_prepare (store,
    "INSERT INTO signin_state (staff_uuid, failures) VALUES (?1, 1) "
    "ON CONFLICT (staff_uuid) DO UPDATE SET failures = failures + 1 "
    "RETURNING failures", NULL);
  if (stmt == NULL)
    return hold_failure (store, staff_uuid, max_failures, lock_seconds);
  sqlite3_bind_text (stmt, 1, staff_uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    failures = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (failures == 0)
    return hold_failure (store, staff_uuid, max_failures, lock_seconds);
  if (failures >= max_failures)
    {
      stmt = _care_store_prepare (store,
        "UPDATE signin_state SET failures = 0, locked_until = ?2 WHERE staff_uuid = ?1", NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, staff_uuid, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, care_store_now (store) + lock_seconds);
          sqlite3_step (stmt);
          sqlite3_reset (stmt);
        }
      return 0;
    }
  return max_failures - failures;
}

static void
clear_failures (CareStore  *store,
                const char *staff_uuid)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "DELETE FROM signin_state WHERE staff_uuid = ?1", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, staff_uuid, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

CareSession *
care_session_sign_in (CareStore   *store,
                      const char  *staff_uuid,
                      const char  *pin,
                      GError     **error)
{
  g_autoptr(CareRecord) staff = NULL;
  CareSession *self;
  gint64 left;

  staff = care_store_load (store, CARE_KIND_STAFF, staff_uuid, error);
  if (staff == NULL)
    return NULL;
  if (care_record_is_entered_in_error (staff) || !care_record_get_bool (staff, "active"))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INACTIVE,
                   _("%s is no longer an active staff member and cannot sign in."),
                   care_record_get_string (staff, "name"));
      return NULL;
    }
  if (!check_lockout (store, staff_uuid, error))
    return NULL;
  if (!care_pin_verify (care_record_get_string (staff, "pin_hash"), pin))
    {
      left = note_failure (store, staff_uuid);
      if (left == 0)
        return check_lockout (store, staff_uuid, error), NULL;
      g_set_error (error, CARE_ERROR, CARE_ERROR_BAD_PIN,
                   g_dngettext (GETTEXT_PACKAGE,
                                "That PIN is not right. %lld more try before signing in is locked.",
                                "That PIN is not right. %lld more tries before signing in is locked.",
                                left),
                   (long long) left);
      return NULL;
    }
  clear_failures (store, staff_uuid);
  if (held_count (store, staff_uuid, FALSE) != NULL)
    held_count (store, staff_uuid, FALSE)->failures = 0;

  self = g_object_new (CARE_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->actor = g_steal_pointer (&staff);
  self->role = care_role_from_string (care_record_get_string (self->actor, "role"));
  return self;
}

CareStore *
care_session_get_store (CareSession *self)
{
  return self->store;
}

const char *
care_session_get_actor_uuid (CareSession *self)
{
  return self->actor ? care_record_get_uuid (self->actor) : NULL;
}

const char *
care_session_get_actor_name (CareSession *self)
{
  return self->actor ? care_record_get_string (self->actor, "name") : _("System (set-up)");
}

CareRecord *
care_session_get_actor (CareSession *self)
{
  return self->actor;
}

CareRole
care_session_get_role (CareSession *self)
{
  return self->role;
}

gboolean
care_session_require_role (CareSession  *self,
                           CareRole      allowed,
                           const char   *doing,
                           GError      **error)
{
  GString *who;

  if (self->role & allowed)
    return TRUE;

  who = g_string_new (NULL);
  if (allowed & CARE_ROLE_MANAGER)
    g_string_append (who, _("a manager"));
  if (allowed & CARE_ROLE_PRACTITIONER)
    g_string_append_printf (who, "%s%s", who->len ? _(" or ") : "", _("a registered practitioner"));
  if (allowed & CARE_ROLE_SENIOR_CARER)
    g_string_append_printf (who, "%s%s", who->len ? _(" or ") : "", _("a senior carer"));
  if (allowed & CARE_ROLE_CARE_WORKER)
    g_string_append_printf (who, "%s%s", who->len ? _(" or ") : "", _("a care worker"));
  g_set_error (error, CARE_ERROR, CARE_ERROR_PERMISSION,
               _("Only %s can %s; %s is signed in as %s."),
               who->str, doing, care_session_get_actor_name (self),
               self->actor ? care_role_to_label (care_record_get_string (self->actor, "role")) : _("the system"));
  g_string_free (who, TRUE);
  return FALSE;
}

/* Loads the stored version an edit was based on and refuses the edit if
 * someone saved a newer version in the meantime. */
CareRecord *
_care_session_load_for_change (CareSession  *self,
                               CareRecord   *edited,
                               GError      **error)
{
  CareKind kind = care_record_get_kind (edited);
  g_autoptr(CareRecord) current = care_store_load (self->store, kind, care_record_get_uuid (edited), error);

  if (current == NULL)
    return NULL;
  if (care_record_get_version (current) != care_record_get_version (edited))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STALE,
                   _("This %s was changed by %s while you were editing it. Reopen it to see the newest version."),
                   _(care_kind_info (kind)->label), care_record_get_recorded_by (current)
                     ? care_record_get_recorded_by (current) : _("someone else"));
      return NULL;
    }
  if (care_record_is_entered_in_error (current))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("This %s was marked as entered in error and cannot be changed."),
                   _(care_kind_info (kind)->label));
      return NULL;
    }
  return g_steal_pointer (&current);
}

/* Writes the next version in the caller's transaction, after the checks
 * every kind shares. */
gboolean
_care_session_write (CareSession  *self,
                     CareRecord   *record,
                     const char   *action,
                     const char   *reason,
                     GError      **error)
{
  g_autoptr(CareRecord) previous = NULL;
  g_auto(GStrv) changed = NULL;

  care_record_normalise (record);
  if (!care_validate_fields (record, error))
    return FALSE;
  if (care_record_get_version (record) > 0)
    {
      previous = care_store_load (self->store, care_record_get_kind (record),
                                  care_record_get_uuid (record), error);
      if (previous == NULL)
        return FALSE;
    }
  changed = care_record_diff (record, previous);
  return _care_store_insert_version (self->store, record, FALSE,
                                     care_session_get_actor_uuid (self),
                                     care_session_get_actor_name (self),
                                     action, reason, changed, error);
}

gboolean
_care_session_write_error (CareSession  *self,
                           CareRecord   *record,
                           const char   *reason,
                           GError      **error)
{
  g_auto(GStrv) changed = g_new0 (char *, 1);

  return _care_store_insert_version (self->store, record, TRUE,
                                     care_session_get_actor_uuid (self),
                                     care_session_get_actor_name (self),
                                     "entered_in_error", reason, changed, error);
}

static gboolean
require_reason (const char  *reason,
                const char  *what,
                GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (reason ? reason : ""));

  if (*stripped == '\0')
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_REQUIRED, _("A reason is required to %s."), what);
      return FALSE;
    }
  if (g_utf8_strlen (stripped, -1) > 500)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_TOO_LONG,
                   _("The reason is too long: at most 500 characters."));
      return FALSE;
    }
  return TRUE;
}

/* The field naming who did or assessed something is always the signed-in
 * person on a new record, whatever the caller put there; filling it before
 * validation lets callers leave it out. */
static void
fill_author (CareSession *self,
             CareRecord  *record)
{
  static const char * const author_fields[CARE_N_KINDS] = {
    [CARE_KIND_ADMINISTRATION] = "performer_uuid",
    [CARE_KIND_REVIEW] = "reviewer_uuid",
    [CARE_KIND_LIBERTY_SCREENING] = "screened_by",
    [CARE_KIND_COMPETENCY] = "assessor_uuid",
  };
  const char *field = author_fields[care_record_get_kind (record)];

  if (field == NULL || self->actor == NULL)
    return;
  care_record_set_string (record, field, care_record_get_uuid (self->actor));
  /* Someone with no register number is no assessor: left as it was, the
   * competency check refuses them for their role rather than validation
   * for a missing number. */
  if (care_record_get_kind (record) == CARE_KIND_COMPETENCY
      && care_record_has (self->actor, "register_number"))
    care_record_set_string (record, "assessor_register_number",
                            care_record_get_string (self->actor, "register_number"));
}

static gboolean
save_in_transaction (CareSession  *self,
                     CareRecord   *record,
                     const char   *reason,
                     GError      **error)
{
  CareKind kind = care_record_get_kind (record);
  g_autoptr(CareRecord) previous = NULL;
  g_auto(GStrv) changed = NULL;

  if (care_record_get_version (record) > 0)
    {
      if (!require_reason (reason, _("correct a record"), error))
        return FALSE;
      previous = _care_session_load_for_change (self, record, error);
      if (previous == NULL)
        return FALSE;
    }
  if (previous == NULL)
    fill_author (self, record);
  care_record_normalise (record);
  if (!care_validate_fields (record, error))
    return FALSE;
  if (!kind_checks[kind] (self, record, previous, error))
    return FALSE;
  changed = care_record_diff (record, previous);
  if (previous != NULL && g_strv_length (changed) == 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID, _("Nothing was changed."));
      return FALSE;
    }
  return _care_store_insert_version (self->store, record, FALSE,
                                     care_session_get_actor_uuid (self),
                                     care_session_get_actor_name (self),
                                     previous ? "correct" : "create", reason, changed, error);
}

/* Saves a new record (version 1) or a correction (the next version, with a
 * reason). Returns only after the transaction is committed to disk. */
gboolean
care_session_save (CareSession  *self,
                   CareRecord   *record,
                   const char   *reason,
                   GError      **error)
{
  g_autoptr(CareRecord) backup = care_record_copy (record);

  if (!_care_store_begin (self->store, error))
    return FALSE;
  if (!save_in_transaction (self, record, reason, error)
      || !_care_store_commit (self->store, error))
    {
      _care_store_rollback (self->store);
      /* The caller's record keeps the version it was read at. */
      _care_record_set_stored (record, care_record_get_version (backup),
                               care_record_get_recorded_at (backup),
                               care_record_get_recorded_by (backup),
                               care_record_is_entered_in_error (backup));
      return FALSE;
    }
  return TRUE;
}

static gboolean
may_mark_in_error (CareSession  *self,
                   CareKind      kind,
                   const char   *uuid,
                   GError      **error)
{
  g_autoptr(GPtrArray) versions = NULL;
  CareRecord *first;

  if (self->role & (CARE_ROLE_MANAGER | CARE_ROLE_SYSTEM))
    return TRUE;
  versions = care_store_load_versions (self->store, kind, uuid, error);
  if (versions == NULL || versions->len == 0)
    return FALSE;
  first = g_ptr_array_index (versions, 0);
  if (g_strcmp0 (care_record_get_recorded_by (first), care_session_get_actor_uuid (self)) == 0)
    return TRUE;
  return care_session_require_role (self, CARE_ROLE_MANAGER,
                                    _("mark someone else's record as entered in error"), error);
}

gboolean
care_session_mark_entered_in_error (CareSession  *self,
                                    CareKind      kind,
                                    const char   *uuid,
                                    const char   *reason,
                                    GError      **error)
{
  g_autoptr(CareRecord) current = NULL;

  if (!require_reason (reason, _("mark a record as entered in error"), error))
    return FALSE;
  /* The care setting identifies the home itself: it is corrected, never voided. */
  if (kind == CARE_KIND_SETTING)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("The care setting cannot be marked as entered in error; correct its details instead."));
      return FALSE;
    }
  if (!_care_store_begin (self->store, error))
    return FALSE;
  current = care_store_load (self->store, kind, uuid, error);
  if (current == NULL || !may_mark_in_error (self, kind, uuid, error))
    goto fail;
  if (care_record_is_entered_in_error (current))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("This record is already marked as entered in error."));
      goto fail;
    }
  if (!_care_session_write_error (self, current, reason, error)
      || !_care_store_commit (self->store, error))
    goto fail;
  return TRUE;

fail:
  _care_store_rollback (self->store);
  return FALSE;
}
