/* care-sync.c: the client side of the commissioner sync (docs/SYNC.md)
 *
 * One attempt is a chain of asynchronous steps on the thread that owns the
 * store:
 *
 *   status -> (reconcile, if the server epoch changed) -> upload batches
 *   until nothing is pending -> feed pages until has_more is false
 *
 * Every step that changes local state does it in one SQLite transaction
 * with the sync_log line of the answer that caused it, so a crash at any
 * point leaves either the old state or the new one. Retries are always
 * safe: a batch is frozen (its key and event ids kept in sync_state) before
 * it is first sent, so every retry, even after a restart, sends the same
 * Idempotency-Key with the same body; and the server keeps each event_id
 * once whatever key it came with.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "care-delegation.h"
#include "care-error.h"
#include "care-session-private.h"
#include "care-store-private.h"
#include "care-sync.h"
#include "care-sync-token.h"
#include "care-validate.h"

#define MAX_BATCH_EVENTS  200
#define BATCH_ENVELOPE_BYTES 1024                /* device_id, batch_id, brackets */
#define MAX_BATCH_BYTES   (512 * 1024 - BATCH_ENVELOPE_BYTES)
#define FEED_PAGE_LIMIT   200
#define DEFAULT_TIMEOUT   30
#define DEADLINE_FACTOR   4          /* a whole request may take 4 I/O timeouts */
#define NETWORK_HINT_GAP  (5 * G_USEC_PER_SEC)

struct _CareSync
{
  GObject          parent_instance;

  CareStore       *store;
  char            *base_url;        /* no trailing slash */
  char            *token;
  char            *token_file;      /* NULL: the default path */
  CareSyncTokenReload token_reload; /* NULL: read token_file again */
  gpointer         token_reload_data;
  GDestroyNotify   token_reload_destroy;
  GTlsDatabase    *tls_database;    /* NULL: the system's */
  SoupSession     *session;         /* made on first use */
  guint            timeout;
  GRand           *rand;
  double           backoff_base;
  double           backoff_cap;
  double           retry_after_cap;
  double           interval;

  GMainContext    *context;         /* where the timer runs */
  GSource         *timer;
  GNetworkMonitor *monitor;
  gulong           monitor_handler;
  gint64           last_hint;       /* monotonic time of the last network hint */
  GCancellable    *cancellable;     /* of the scheduled attempt */
  gboolean         started;
  gboolean         attempt_running;
  gboolean         again;           /* care_sync_now() during an attempt */

  CareSyncState    state;
  guint            failures;
  gint64           next_attempt;
  gint64           last_success;
  char            *last_error;
  double           retry_after;     /* of the last answer; < 0: none */
  gboolean         token_reloaded;  /* since the last accepted request */
  gboolean         gzip;            /* the server takes gzip request bodies */
  gboolean         no_gzip;         /* ... but answered 415 to one */

  char            *crash_at;        /* CARE_SYNC_TEST_CRASH_AT, tests only */
  guint            crash_countdown;
};

G_DEFINE_FINAL_TYPE (CareSync, care_sync, G_TYPE_OBJECT)
G_DEFINE_QUARK (care-sync-error-quark, care_sync_error)

enum
{
  SIGNAL_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static gint64
wall_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
emit_changed (CareSync *self)
{
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

/* The fault tests kill the client at exact points of the protocol with a
 * real SIGKILL, which nothing can catch or tidy up after. The hook is inert
 * unless the environment variable is set, "POINT" or "POINT:N" (the Nth
 * time the point is reached). */
static void
load_crash_hook (CareSync *self)
{
  const char *spec = g_getenv ("CARE_SYNC_TEST_CRASH_AT");
  const char *colon;

  if (spec == NULL || *spec == '\0')
    return;
  colon = strchr (spec, ':');
  self->crash_at = colon ? g_strndup (spec, colon - spec) : g_strdup (spec);
  self->crash_countdown = colon ? (guint) g_ascii_strtoull (colon + 1, NULL, 10) : 1;
  if (self->crash_countdown == 0)
    self->crash_countdown = 1;
}

static void
crash_point (CareSync   *self,
             const char *point)
{
  if (self->crash_at == NULL || !g_str_equal (self->crash_at, point))
    return;
  if (--self->crash_countdown > 0)
    return;
  g_printerr ("care-sync: CARE_SYNC_TEST_CRASH_AT=%s reached: SIGKILL\n", point);
  raise (SIGKILL);
}

static gboolean
store_error (GError **error,
             GError  *cause)
{
  g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STORE,
               _("The care home's database could not record the sync: %s"),
               cause ? cause->message : _("unknown error"));
  g_clear_error (&cause);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* sync_state and sync_log                                              */
/* ------------------------------------------------------------------ */

static char *
state_get (CareSync   *self,
           const char *key)
{
  sqlite3_stmt *stmt = _care_store_prepare (self->store, "SELECT value FROM sync_state WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gint64
state_get_int (CareSync   *self,
               const char *key,
               gint64      fallback)
{
  g_autofree char *value = state_get (self, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : fallback;
}

/* A NULL @value removes the key. */
static gboolean
state_set (CareSync    *self,
           const char  *key,
           const char  *value,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (value == NULL)
    stmt = _care_store_prepare (self->store, "DELETE FROM sync_state WHERE key = ?1", error);
  else
    stmt = _care_store_prepare (self->store,
      "INSERT INTO sync_state (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (self->store, error, "sync_state");
  return TRUE;
}

static gboolean
state_set_int (CareSync    *self,
               const char  *key,
               gint64       value,
               GError     **error)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return state_set (self, key, text, error);
}

static gboolean
log_line (CareSync    *self,
          const char  *direction,
          const char  *method,
          const char  *url,
          guint        status,
          const char  *key,
          const char  *summary,
          GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (self->store,
    "INSERT INTO sync_log (at, direction, method, url, status, idempotency_key, summary) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, wall_now ());
  sqlite3_bind_text (stmt, 2, direction, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, url, -1, SQLITE_STATIC);
  if (status != 0)
    sqlite3_bind_int (stmt, 5, status);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, summary, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (self->store, error, "sync_log");
  return TRUE;
}

static gboolean
begin (CareSync  *self,
       GError   **error)
{
  g_autoptr(GError) local = NULL;

  if (!_care_store_begin (self->store, &local))
    return store_error (error, g_steal_pointer (&local));
  return TRUE;
}

static gboolean
commit (CareSync  *self,
        GError   **error)
{
  g_autoptr(GError) local = NULL;

  if (!_care_store_commit (self->store, &local))
    return store_error (error, g_steal_pointer (&local));
  return TRUE;
}

static gboolean
rollback_with (CareSync  *self,
               GError   **error,
               GError    *cause)
{
  _care_store_rollback (self->store);
  if (cause != NULL && cause->domain == CARE_SYNC_ERROR)
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  return store_error (error, cause);
}

/* ------------------------------------------------------------------ */
/* Batch bodies                                                         */
/* ------------------------------------------------------------------ */

#define EVENT_COLUMNS \
  "e.event_id, e.device_id, e.local_seq, e.entity_kind, e.entity_uuid, e.entity_version, " \
  "e.action, e.actor_uuid, e.actor_name, e.at, e.reason, e.changed, e.payload"

static void
append_json_string (GString    *out,
                    const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p; p++)
    switch (*p)
      {
      case '"': g_string_append (out, "\\\""); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, *p);
      }
  g_string_append_c (out, '"');
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

/* The stored change list and payload are JSON written by json-glib when
 * the record was saved; they go out byte for byte, so a frozen batch's
 * body is the same on every try. */
static void
append_raw_json (GString    *out,
                 const char *json)
{
  g_string_append (out, json != NULL && *json != '\0' ? json : "null");
}

static void
append_event (GString      *out,
              sqlite3_stmt *stmt)
{
  g_string_append (out, "{\"event_id\":");
  append_json_string (out, column_text (stmt, 0));
  g_string_append (out, ",\"device_id\":");
  append_json_string (out, column_text (stmt, 1));
  g_string_append_printf (out, ",\"local_seq\":%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 2));
  g_string_append (out, ",\"entity_kind\":");
  append_json_string (out, column_text (stmt, 3));
  g_string_append (out, ",\"entity_uuid\":");
  append_json_string (out, column_text (stmt, 4));
  g_string_append_printf (out, ",\"entity_version\":%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 5));
  g_string_append (out, ",\"action\":");
  append_json_string (out, column_text (stmt, 6));
  g_string_append (out, ",\"actor_uuid\":");
  append_json_string (out, column_text (stmt, 7));
  g_string_append (out, ",\"actor_name\":");
  append_json_string (out, column_text (stmt, 8));
  g_string_append_printf (out, ",\"at\":%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 9));
  g_string_append (out, ",\"reason\":");
  append_json_string (out, column_text (stmt, 10));
  g_string_append (out, ",\"changed\":");
  append_raw_json (out, column_text (stmt, 11));
  g_string_append (out, ",\"payload\":");
  append_raw_json (out, column_text (stmt, 12));
  g_string_append_c (out, '}');
}

static void
open_batch_body (GString    *out,
                 CareStore  *store,
                 const char *batch_id)
{
  g_string_append (out, "{\"device_id\":");
  append_json_string (out, care_store_get_device_id (store));
  g_string_append (out, ",\"batch_id\":");
  append_json_string (out, batch_id);
  g_string_append (out, ",\"events\":[");
}

static void
close_batch_body (GString *out)
{
  g_string_append (out, "]}");
}

/* @ids_json is a JSON array of event ids; the body lists them in that
 * order. *@count is how many of them exist in the events table. */
static GBytes *
build_batch_body (CareStore   *store,
                  const char  *batch_id,
                  const char  *ids_json,
                  guint       *count,
                  GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (store,
    "SELECT " EVENT_COLUMNS " FROM json_each (?1) AS j "
    "JOIN events AS e ON e.event_id = j.value ORDER BY j.key", error);
  GString *out;
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  out = g_string_sized_new (64 * 1024);
  open_batch_body (out, store, batch_id);
  sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ > 0)
        g_string_append_c (out, ',');
      append_event (out, stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_free (out, TRUE);
      _care_store_set_error (store, error, "events");
      return NULL;
    }
  close_batch_body (out);
  if (count != NULL)
    *count = n;
  return g_string_free_to_bytes (out);
}

GBytes *
care_sync_build_batch (CareStore          *store,
                       const char         *batch_id,
                       const char * const *event_ids,
                       GError            **error)
{
  g_autoptr(GString) ids = g_string_new ("[");

  for (guint i = 0; event_ids && event_ids[i]; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ',');
      append_json_string (ids, event_ids[i]);
    }
  g_string_append_c (ids, ']');
  return build_batch_body (store, batch_id, ids->str, NULL, error);
}

static GBytes *
gzip_bytes (GBytes  *input,
            GError **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize len;
  const void *data = g_bytes_get_data (input, &len);

  if (!g_output_stream_write_all (out, data, len, NULL, NULL, error)
      || !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* ------------------------------------------------------------------ */
/* One HTTP exchange                                                    */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint       status;
  GBytes     *body;
  JsonNode   *json;          /* NULL: empty or not JSON */
  double      retry_after;   /* seconds; < 0: none */
  char       *problem_type;  /* the last part of the problem type URI */
  char       *problem_text;  /* its detail, or title */
  char       *etag;
  /* what the sync_log line names */
  char       *method;
  char       *url;
  char       *key;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->problem_type);
  g_free (reply->problem_text);
  g_free (reply->etag);
  g_free (reply->method);
  g_free (reply->url);
  g_free (reply->key);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

typedef struct
{
  char         *method;
  char         *path;          /* with its query */
  char         *key;           /* Idempotency-Key */
  char         *if_match;
  GBytes       *body;
  gboolean      gzip;
  char         *summary;       /* of the request, for sync_log */
  gboolean      defer_in_log;  /* the caller logs every HTTP answer */
  gboolean      out_logged;    /* the caller logged this send already */
  SoupMessage  *msg;
  GCancellable *cancellable;   /* this request's own */
  GCancellable *parent;
  gulong        parent_handler;
  GSource      *deadline;
  gboolean      deadline_hit;
} Exchange;

static Exchange *
exchange_new (const char *method,
              const char *path)
{
  Exchange *ex = g_new0 (Exchange, 1);

  ex->method = g_strdup (method);
  ex->path = g_strdup (path);
  ex->cancellable = g_cancellable_new ();
  return ex;
}

static void
exchange_free (gpointer data)
{
  Exchange *ex = data;

  if (ex->deadline != NULL)
    {
      g_source_destroy (ex->deadline);
      g_source_unref (ex->deadline);
    }
  if (ex->parent != NULL)
    {
      g_cancellable_disconnect (ex->parent, ex->parent_handler);
      g_object_unref (ex->parent);
    }
  g_clear_object (&ex->cancellable);
  g_clear_object (&ex->msg);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_free (ex->method);
  g_free (ex->path);
  g_free (ex->key);
  g_free (ex->if_match);
  g_free (ex->summary);
  g_free (ex);
}

static SoupSession *
ensure_session (CareSync *self)
{
  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                     "idle-timeout", 60,
                                                     "user-agent", "CareDelegation/" PACKAGE_VERSION,
                                                     NULL);
      /* Verification stays on in every case: only which CAs are trusted
       * changes. No accept-certificate handler is ever connected. */
      if (self->tls_database != NULL)
        g_object_set (self->session, "tls-database", self->tls_database, NULL);
    }
  return self->session;
}

static char *
exchange_url (CareSync *self,
              Exchange *ex)
{
  return g_strconcat (self->base_url, ex->path, NULL);
}

static double
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *p;

  if (value == NULL)
    return -1;
  for (p = value; g_ascii_isspace (*p); p++)
    ;
  if (g_ascii_isdigit (*p))
    return g_ascii_strtod (p, NULL);
  /* RFC 9110 10.2.3: or an HTTP-date. */
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (0.0, (double) g_date_time_difference (when, now) / G_USEC_PER_SEC);
}

static void
parse_problem (Reply *reply)
{
  JsonObject *obj;
  const char *type, *detail, *title, *slash;

  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    return;
  obj = json_node_get_object (reply->json);
  type = json_object_get_string_member_with_default (obj, "type", NULL);
  detail = json_object_get_string_member_with_default (obj, "detail", NULL);
  title = json_object_get_string_member_with_default (obj, "title", NULL);
  if (type != NULL)
    {
      slash = strrchr (type, '/');
      reply->problem_type = g_strdup (slash ? slash + 1 : type);
    }
  if (detail != NULL || title != NULL)
    reply->problem_text = g_strdup (detail ? detail : title);
}

static Reply *
reply_new (CareSync *self,
           Exchange *ex,
           GBytes   *body)
{
  Reply *reply = g_new0 (Reply, 1);
  SoupMessageHeaders *headers = soup_message_get_response_headers (ex->msg);
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  reply->status = soup_message_get_status (ex->msg);
  reply->body = g_bytes_ref (body);
  reply->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  reply->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  reply->method = g_strdup (ex->method);
  reply->url = exchange_url (self, ex);
  reply->key = g_strdup (ex->key);
  if (len > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* A body that does not parse is left NULL; each step decides
       * whether it needed one. */
      if (json_parser_load_from_data (parser, data, len, NULL))
        reply->json = json_node_ref (json_parser_get_root (parser));
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    parse_problem (reply);
  return reply;
}

static char *
reply_summary (Reply *reply)
{
  if (reply->problem_type != NULL || reply->problem_text != NULL)
    return g_strdup_printf ("%s%s%s", reply->problem_type ? reply->problem_type : "",
                            reply->problem_type && reply->problem_text ? ": " : "",
                            reply->problem_text ? reply->problem_text : "");
  return g_strdup_printf ("%s, %" G_GSIZE_FORMAT " bytes",
                          soup_status_get_phrase (reply->status) ? soup_status_get_phrase (reply->status) : "",
                          reply->body ? g_bytes_get_size (reply->body) : 0);
}

/* Writes the "in" line of @reply; NULL @summary: a generic one. In the
 * caller's transaction when it has one, so the line and what the answer
 * changed are committed together. */
static gboolean
log_reply (CareSync    *self,
           Reply       *reply,
           const char  *summary,
           GError     **error)
{
  g_autofree char *generic = summary ? NULL : reply_summary (reply);

  return log_line (self, "in", reply->method, reply->url, reply->status, reply->key,
                   summary ? summary : generic, error);
}

static void exchange_send (GTask *task);

static void
cancel_child (GCancellable *parent,
              gpointer      child)
{
  g_cancellable_cancel (child);
}

static gboolean
on_deadline (gpointer data)
{
  Exchange *ex = data;

  ex->deadline_hit = TRUE;
  g_cancellable_cancel (ex->cancellable);
  g_clear_pointer (&ex->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
crash_after_send (SoupMessage *msg,
                  gpointer     data)
{
  crash_point (CARE_SYNC (data), "after-send");
}

static gboolean
reload_token (CareSync  *self,
              GError   **error)
{
  g_autofree char *token = self->token_reload != NULL
                           ? self->token_reload (self->token_reload_data, error)
                           : care_sync_token_load_file (self->token_file, error);

  if (token == NULL)
    return FALSE;
  g_free (self->token);
  self->token = g_steal_pointer (&token);
  return TRUE;
}

static GError *
transport_error (CareSync *self,
                 Exchange *ex,
                 GError   *cause)
{
  if (ex->deadline_hit)
    return g_error_new (CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK,
                        _("The commissioner did not answer within %u seconds."),
                        self->timeout * DEADLINE_FACTOR);
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (CARE_SYNC_ERROR, CARE_SYNC_ERROR_CANCELLED, _("The sync was stopped."));
  if (cause->domain == G_TLS_ERROR)
    return g_error_new (CARE_SYNC_ERROR, CARE_SYNC_ERROR_TLS,
                        _("The commissioner's certificate was not accepted (%s). "
                          "Check the address and the CA file; the sync will not retry by itself."),
                        cause->message);
  return g_error_new (CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK,
                      _("The commissioner could not be reached: %s"), cause->message);
}

/* libsoup 3.2 hands over a body that ended before its Content-Length
 * without an error; the answer is then incomplete, whatever it parses as. */
static gboolean
body_cut_short (SoupMessage *msg,
                GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH
      || soup_message_headers_get_one (headers, "Content-Encoding") != NULL)
    return FALSE;
  return (goffset) g_bytes_get_size (body) < soup_message_headers_get_content_length (headers);
}

static void
on_exchange_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CareSync *self = g_task_get_source_object (task);
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(Reply) reply = NULL;
  g_autofree char *url = exchange_url (self, ex);

  if (ex->deadline != NULL)
    {
      g_source_destroy (ex->deadline);
      g_clear_pointer (&ex->deadline, g_source_unref);
    }
  if (body == NULL)
    {
      GError *mapped = transport_error (self, ex, error);

      log_line (self, "in", ex->method, url, 0, ex->key, mapped->message, NULL);
      g_task_return_error (task, mapped);
      return;
    }
  if (body_cut_short (ex->msg, body))
    {
      g_autoptr(GError) cut = g_error_new (CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK,
                                           _("The commissioner's answer was cut short (%zu of %lld bytes)."),
                                           g_bytes_get_size (body),
                                           (long long) soup_message_headers_get_content_length (
                                             soup_message_get_response_headers (ex->msg)));

      log_line (self, "in", ex->method, url, soup_message_get_status (ex->msg), ex->key, cut->message, NULL);
      g_task_return_error (task, g_steal_pointer (&cut));
      return;
    }
  reply = reply_new (self, ex, body);
  self->retry_after = reply->retry_after;
  if (reply->status == SOUP_STATUS_UNAUTHORIZED && !self->token_reloaded)
    {
      g_autoptr(GError) reload_error = NULL;

      /* The token may have been replaced since we read it: read it again
       * once, then give up and ask a person. */
      log_reply (self, reply, NULL, NULL);
      self->token_reloaded = TRUE;
      if (reload_token (self, &reload_error))
        {
          log_line (self, "out", "-", url, 0, NULL, "token reloaded after 401; retrying", NULL);
          exchange_send (g_steal_pointer (&task));
          return;
        }
      g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH,
                               _("The commissioner refused the token and it could not be read again: %s"),
                               reload_error->message);
      return;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    self->token_reloaded = FALSE;
  if (!ex->defer_in_log)
    log_reply (self, reply, NULL, NULL);
  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) reply_free);
}

static void
exchange_send (GTask *task)
{
  CareSync *self = g_task_get_source_object (task);
  Exchange *ex = g_task_get_task_data (task);
  g_autofree char *url = exchange_url (self, ex);
  g_autofree char *auth = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_clear_object (&ex->msg);
  ex->msg = soup_message_new (ex->method, url);
  if (ex->msg == NULL)
    {
      g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_URL,
                               _("%s is not a valid commissioner address."), url);
      g_object_unref (task);
      return;
    }
  headers = soup_message_get_request_headers (ex->msg);
  auth = g_strdup_printf ("Bearer %s", self->token);
  soup_message_headers_replace (headers, "Authorization", auth);
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  if (ex->key != NULL)
    {
      soup_message_headers_replace (headers, "Idempotency-Key", ex->key);
      /* Lets libsoup reuse a kept-alive connection for the POST; it never
       * re-sends on its own (research notes 3.3), our retries do. */
      soup_message_add_flags (ex->msg, SOUP_MESSAGE_IDEMPOTENT);
    }
  if (ex->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", ex->if_match);
  if (ex->body != NULL)
    {
      g_autoptr(GBytes) wire = ex->gzip ? gzip_bytes (ex->body, &error) : g_bytes_ref (ex->body);

      if (wire == NULL)
        {
          g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_PROTOCOL,
                                   _("The request could not be compressed: %s"), error->message);
          g_object_unref (task);
          return;
        }
      if (ex->gzip)
        soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      soup_message_set_request_body_from_bytes (ex->msg, "application/json", wire);
    }
  if (self->crash_at != NULL)
    g_signal_connect (ex->msg, "wrote-body", G_CALLBACK (crash_after_send), self);

  if (!ex->out_logged)
    log_line (self, "out", ex->method, url, 0, ex->key, ex->summary, NULL);
  ex->out_logged = FALSE;

  if (ex->deadline == NULL)
    {
      ex->deadline = g_timeout_source_new_seconds (self->timeout * DEADLINE_FACTOR);
      g_source_set_callback (ex->deadline, on_deadline, ex, NULL);
      g_source_attach (ex->deadline, g_main_context_get_thread_default ());
    }
  soup_session_send_and_read_async (ensure_session (self), ex->msg, G_PRIORITY_DEFAULT,
                                    ex->cancellable, on_exchange_read, task);
}

/* Takes @ex. The result is a Reply for any HTTP answer (the caller judges
 * its status), or an error when there was none. */
static void
exchange_async (CareSync            *self,
                Exchange            *ex,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);

  g_task_set_task_data (task, ex, exchange_free);
  if (cancellable != NULL)
    {
      ex->parent = g_object_ref (cancellable);
      ex->parent_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_child),
                                                  ex->cancellable, NULL);
    }
  exchange_send (task);
}

static Reply *
exchange_finish (CareSync      *self,
                 GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The error for a refused request, by the retry policy's classes. */
static GError *
reply_error (Reply      *reply,
             const char *doing)
{
  g_autofree char *text = reply->problem_text
    ? g_strdup (reply->problem_text)
    : g_strdup_printf ("%u %s", reply->status, soup_status_get_phrase (reply->status));
  CareSyncError code;

  switch (reply->status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = CARE_SYNC_ERROR_AUTH;
      break;
    case 429: /* Too Many Requests: libsoup 3.2 has no name for it */
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      code = CARE_SYNC_ERROR_RATE_LIMITED;
      break;
    case SOUP_STATUS_REQUEST_TIMEOUT:
      code = CARE_SYNC_ERROR_NETWORK;
      break;
    case SOUP_STATUS_CONFLICT:
      code = g_strcmp0 (reply->problem_type, "request-in-flight") == 0
        ? CARE_SYNC_ERROR_IN_FLIGHT : CARE_SYNC_ERROR_FORBIDDEN;
      break;
    case SOUP_STATUS_PRECONDITION_FAILED:
      code = CARE_SYNC_ERROR_STALE;
      break;
    default:
      if (reply->status >= 500)
        code = CARE_SYNC_ERROR_NETWORK;
      else if (reply->status >= 400)
        code = CARE_SYNC_ERROR_REQUEST;
      else
        code = CARE_SYNC_ERROR_PROTOCOL;
      break;
    }
  if (code == CARE_SYNC_ERROR_AUTH)
    return g_error_new (CARE_SYNC_ERROR, code,
                        _("%s: the commissioner refused the token even after it was read again (%s). "
                          "Ask the commissioner for a new token."), doing, text);
  if (code == CARE_SYNC_ERROR_REQUEST)
    return g_error_new (CARE_SYNC_ERROR, code,
                        _("%s: the commissioner refused the request (%s). The sync has stopped; "
                          "nothing is lost. Check the set-up, then try again."), doing, text);
  return g_error_new (CARE_SYNC_ERROR, code, "%s: %s", doing, text);
}

static JsonObject *
reply_object (Reply       *reply,
              const char  *doing,
              GError     **error)
{
  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_PROTOCOL,
                   _("%s: the commissioner's answer was not a JSON object (%zu bytes)."),
                   doing, reply->body ? g_bytes_get_size (reply->body) : 0);
      return NULL;
    }
  return json_node_get_object (reply->json);
}

static gboolean
protocol_error (GError     **error,
                const char  *doing,
                const char  *what)
{
  g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_PROTOCOL,
               _("%s: the commissioner's answer does not follow the protocol (%s)."), doing, what);
  return FALSE;
}

static gboolean
member_is_int (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
json_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* ------------------------------------------------------------------ */
/* The attempt                                                          */
/* ------------------------------------------------------------------ */

typedef struct
{
  char     *epoch;             /* from /v1/status */
  guint     limit;             /* events per batch; halved on 413 */
  gsize     max_bytes;         /* of the events in a batch */
  gboolean  feed_restarted;    /* once per attempt after cursor-expired */
  gboolean  rekeyed;           /* once per attempt after a key was refused */
  gint64    from_seq;          /* of the reconcile under way */
  guint     taken;             /* records the feed made locally, still to send */
  char     *batch_id;
  char     *batch_ids_json;
  guint     batch_count;
  GBytes   *body;              /* of the frozen batch, when built at freezing */
  gboolean  logged_out;        /* its "out" line went in with the freeze */
} Attempt;

static void
attempt_free (gpointer data)
{
  Attempt *a = data;

  g_free (a->epoch);
  g_free (a->batch_id);
  g_free (a->batch_ids_json);
  g_clear_pointer (&a->body, g_bytes_unref);
  g_free (a);
}

static void
forget_batch (Attempt *a)
{
  g_clear_pointer (&a->batch_id, g_free);
  g_clear_pointer (&a->batch_ids_json, g_free);
  g_clear_pointer (&a->body, g_bytes_unref);
  a->batch_count = 0;
  a->logged_out = FALSE;
}

static void step_reconcile (GTask *task);
static void step_upload (GTask *task);
static void step_feed (GTask *task);

static void
attempt_return (GTask  *task,
                GError *error)
{
  CareSync *self = g_task_get_source_object (task);

  self->attempt_running = FALSE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Ends the attempt with @error (taken) and leaves the step function. */
#define FAIL_ATTEMPT(task, error) \
  G_STMT_START { attempt_return ((task), (error)); return; } G_STMT_END

static gboolean
has_gzip (JsonObject *obj)
{
  JsonNode *node = json_object_get_member (obj, "accept_encoding");
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
          && g_ascii_strcasecmp (json_node_get_string (item), "gzip") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_status (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  CareSync *self = g_task_get_source_object (task);
  Attempt *a = g_task_get_task_data (task);
  const char *doing = _("Asking the commissioner for its status");
  g_autoptr(Reply) reply = NULL;
  g_autofree char *stored = NULL;
  GError *error = NULL;
  JsonObject *obj;
  const char *epoch;

  reply = exchange_finish (self, result, &error);
  if (reply == NULL)
    FAIL_ATTEMPT (task, error);
  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    FAIL_ATTEMPT (task, reply_error (reply, doing));
  obj = reply_object (reply, doing, &error);
  if (obj == NULL)
    FAIL_ATTEMPT (task, error);
  epoch = member_string (obj, "server_epoch");
  if (epoch == NULL || *epoch == '\0')
    {
      protocol_error (&error, doing, "no server_epoch");
      FAIL_ATTEMPT (task, error);
    }
  a->epoch = g_strdup (epoch);
  self->gzip = !self->no_gzip && has_gzip (obj);
  if (member_is_int (obj, "max_batch"))
    a->limit = CLAMP (json_object_get_int_member (obj, "max_batch"), 1, MAX_BATCH_EVENTS);
  if (member_is_int (obj, "max_batch_bytes"))
    a->max_bytes = CLAMP (json_object_get_int_member (obj, "max_batch_bytes") - BATCH_ENVELOPE_BYTES,
                          16 * 1024, MAX_BATCH_BYTES);

  stored = state_get (self, "server_epoch");
  if (g_strcmp0 (stored, epoch) != 0)
    step_reconcile (task);
  else
    step_upload (task);
}

static void
step_status (GTask *task)
{
  CareSync *self = g_task_get_source_object (task);

  exchange_async (self, exchange_new ("GET", "/v1/status"), g_task_get_cancellable (task), on_status, task);
}

/* -- reconcile ------------------------------------------------------ */

/* The oldest event this device had acknowledged under an earlier server
 * epoch, or 0 if there is none (then nothing can have been lost). */
static gint64
reconcile_from_seq (CareSync   *self,
                    const char *epoch)
{
  sqlite3_stmt *stmt = _care_store_prepare (self->store,
    "SELECT min (local_seq) FROM events WHERE sync_state = 'acked' AND device_id = ?1 "
    "AND server_epoch IS NOT ?2", NULL);
  gint64 seq = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, care_store_get_device_id (self->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, epoch, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

/* The new epoch is stored in the same transaction that puts lost events
 * back to pending, so a crash in between repeats the reconcile instead of
 * skipping it. The cursor belongs to the old server state: it goes too. */
static gboolean
adopt_epoch (CareSync    *self,
             const char  *epoch,
             gint64       from_seq,
             const char  *held_json,
             Reply       *reply,
             GError     **error)
{
  GError *local = NULL;
  g_autofree char *summary = NULL;
  int repended = 0;

  if (!begin (self, error))
    return FALSE;
  if (held_json != NULL)
    {
      sqlite3_stmt *stmt = _care_store_prepare (self->store,
        "UPDATE events SET sync_state = 'pending', server_seq = NULL, server_epoch = NULL, synced_at = NULL "
        "WHERE sync_state = 'acked' AND device_id = ?1 AND local_seq >= ?2 "
        "AND event_id NOT IN (SELECT value FROM json_each (?3))", &local);
      int rc;

      if (stmt == NULL)
        return rollback_with (self, error, local);
      sqlite3_bind_text (stmt, 1, care_store_get_device_id (self->store), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, from_seq);
      sqlite3_bind_text (stmt, 3, held_json, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _care_store_set_error (self->store, &local, "events");
          return rollback_with (self, error, local);
        }
      repended = sqlite3_changes (_care_store_get_db (self->store));
    }
  summary = g_strdup_printf ("server epoch is now %s; %d acknowledged events the server no longer "
                             "holds are pending again; feed cursor dropped", epoch, repended);
  if (!state_set (self, "server_epoch", epoch, &local)
      || !state_set (self, "cursor", NULL, &local)
      || !(reply != NULL
           ? log_reply (self, reply, summary, &local)
           : log_line (self, "in", "-", self->base_url, 0, NULL, summary, &local)))
    return rollback_with (self, error, local);
  return commit (self, error);
}

static void
on_reconcile (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  CareSync *self = g_task_get_source_object (task);
  Attempt *a = g_task_get_task_data (task);
  const char *doing = _("Checking what the commissioner holds");
  g_autoptr(Reply) reply = NULL;
  g_autofree char *held = NULL;
  GError *error = NULL;
  JsonObject *obj;
  JsonNode *ids;
  const char *epoch;

  reply = exchange_finish (self, result, &error);
  if (reply == NULL)
    FAIL_ATTEMPT (task, error);
  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    {
      log_reply (self, reply, NULL, NULL);
      FAIL_ATTEMPT (task, reply_error (reply, doing));
    }
  obj = reply_object (reply, doing, &error);
  ids = obj ? json_object_get_member (obj, "event_ids") : NULL;
  epoch = obj ? member_string (obj, "server_epoch") : NULL;
  if (obj != NULL && (ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids)))
    protocol_error (&error, doing, "no event_ids list");
  else if (obj != NULL && g_strcmp0 (epoch, a->epoch) != 0)
    /* Restored again between the two calls: start over next time. */
    protocol_error (&error, doing, "the server epoch changed during the sync");
  if (error != NULL)
    {
      log_reply (self, reply, error->message, NULL);
      FAIL_ATTEMPT (task, error);
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (ids)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (ids), i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          protocol_error (&error, doing, "an event id is not a string");
          log_reply (self, reply, error->message, NULL);
          FAIL_ATTEMPT (task, error);
        }
    }
  held = json_to_text (ids);
  if (!adopt_epoch (self, a->epoch, a->from_seq, held, reply, &error))
    FAIL_ATTEMPT (task, error);
  emit_changed (self);
  step_upload (task);
}

static void
step_reconcile (GTask *task)
{
  CareSync *self = g_task_get_source_object (task);
  Attempt *a = g_task_get_task_data (task);
  gint64 from_seq = reconcile_from_seq (self, a->epoch);
  g_autofree char *device = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  Exchange *ex;

  if (from_seq == 0)
    {
      if (!adopt_epoch (self, a->epoch, 0, NULL, NULL, &error))
        FAIL_ATTEMPT (task, error);
      step_upload (task);
      return;
    }
  a->from_seq = from_seq;
  device = g_uri_escape_string (care_store_get_device_id (self->store), NULL, FALSE);
  path = g_strdup_printf ("/v1/reconcile?device_id=%s&from_seq=%" G_GINT64_FORMAT, device, from_seq);
  ex = exchange_new ("GET", path);
  ex->summary = g_strdup_printf ("server epoch changed to %s", a->epoch);
  ex->defer_in_log = TRUE;
  exchange_async (self, ex, g_task_get_cancellable (task), on_reconcile, task);
}

/* -- upload --------------------------------------------------------- */

static gboolean
load_frozen_batch (CareSync *self,
                   Attempt  *a)
{
  g_autofree char *id = state_get (self, "batch_id");
  g_autofree char *ids = state_get (self, "batch_events");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (id == NULL || ids == NULL || !json_parser_load_from_data (parser, ids, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root) || json_array_get_length (json_node_get_array (root)) == 0)
    return FALSE;
  forget_batch (a);
  a->batch_id = g_steal_pointer (&id);
  a->batch_ids_json = g_steal_pointer (&ids);
  a->batch_count = json_array_get_length (json_node_get_array (root));
  return TRUE;
}

/* Chooses the next batch (the oldest pending events, at most a->limit of
 * them and a->max_bytes of body) and freezes it, in the caller's
 * transaction: from then on, until its answer is stored, every try sends
 * exactly this key and these events. The body is built here from the same
 * rows, and the "out" line of its first send is written with the freeze,
 * so the steady state is one commit (one fsync) per batch. No pending
 * event: a->batch_id stays NULL. */
static gboolean
freeze_next_batch (CareSync  *self,
                   Attempt   *a,
                   GError   **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GString) ids = g_string_new ("[");
  g_autoptr(GString) events = g_string_sized_new (256 * 1024);
  g_autoptr(GString) body = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *summary = NULL;
  guint n = 0;
  int rc;

  forget_batch (a);
  stmt = _care_store_prepare (self->store,
    "SELECT " EVENT_COLUMNS " FROM events AS e WHERE e.sync_state = 'pending' "
    "ORDER BY e.local_seq LIMIT ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, a->limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gsize mark = events->len;

      if (n > 0)
        g_string_append_c (events, ',');
      append_event (events, stmt);
      if (n > 0 && events->len > a->max_bytes)
        {
          g_string_truncate (events, mark);
          break;
        }
      if (n++ > 0)
        g_string_append_c (ids, ',');
      append_json_string (ids, column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _care_store_set_error (self->store, error, "events");
  if (n == 0)
    return TRUE;
  g_string_append_c (ids, ']');
  batch_id = g_uuid_string_random ();
  body = g_string_sized_new (events->len + 256);
  open_batch_body (body, self->store, batch_id);
  g_string_append_len (body, events->str, events->len);
  close_batch_body (body);
  url = g_strconcat (self->base_url, "/v1/events:batch", NULL);
  summary = g_strdup_printf ("batch of %u events, %" G_GSIZE_FORMAT " bytes%s", n, body->len,
                             self->gzip ? " before gzip" : "");
  if (!state_set (self, "batch_id", batch_id, error)
      || !state_set (self, "batch_events", ids->str, error)
      || !log_line (self, "out", "POST", url, 0, batch_id, summary, error))
    return FALSE;
  a->batch_id = g_steal_pointer (&batch_id);
  a->batch_ids_json = g_strdup (ids->str);
  a->batch_count = n;
  a->body = g_string_free_to_bytes (g_steal_pointer (&body));
  a->logged_out = TRUE;
  return TRUE;
}

static gboolean
freeze_batch (CareSync  *self,
              Attempt   *a,
              GError   **error)
{
  GError *local = NULL;

  if (!begin (self, error))
    return FALSE;
  if (!freeze_next_batch (self, a, &local))
    {
      forget_batch (a);
      return rollback_with (self, error, local);
    }
  if (a->batch_id == NULL)
    {
      _care_store_rollback (self->store);
      return TRUE;
    }
  if (!commit (self, error))
    {
      forget_batch (a);
      return FALSE;
    }
  return TRUE;
}

static gboolean
drop_frozen_batch (CareSync    *self,
                   Attempt     *a,
                   const char  *why,
                   GError     **error)
{
  GError *local = NULL;

  if (!begin (self, error))
    return FALSE;
  if (!state_set (self, "batch_id", NULL, &local)
      || !state_set (self, "batch_events", NULL, &local)
      || !log_line (self, "out", "-", self->base_url, 0, a->batch_id, why, &local))
    return rollback_with (self, error, local);
  if (!commit (self, error))
    return FALSE;
  forget_batch (a);
  return TRUE;
}

typedef struct
{
  const char *event_id;
  const char *status;
  gint64      server_seq;
  char       *problem;
} Result;

static void
result_clear (gpointer data)
{
  g_free (((Result *) data)->problem);
}

static char *
problem_text (JsonNode *node)
{
  JsonObject *obj;
  const char *detail, *title;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("The commissioner rejected this record without saying why."));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_to_text (node);
  obj = json_node_get_object (node);
  detail = member_string (obj, "detail");
  title = member_string (obj, "title");
  if (detail != NULL && title != NULL)
    return g_strdup_printf ("%s: %s", title, detail);
  if (detail != NULL || title != NULL)
    return g_strdup (detail ? detail : title);
  return json_to_text (node);
}

/* Checks the whole answer before anything is written: a half-understood
 * answer changes nothing, and the frozen batch is simply sent again. */
static GArray *
parse_results (Attempt     *a,
               JsonObject  *obj,
               const char  *doing,
               GError     **error)
{
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (Result));
  g_autoptr(GHashTable) in_batch = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *list = json_object_get_member (obj, "results");
  JsonArray *frozen;

  g_array_set_clear_func (results, result_clear);
  if (!json_parser_load_from_data (parser, a->batch_ids_json, -1, NULL))
    return protocol_error (error, doing, "frozen batch unreadable"), NULL;
  frozen = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (frozen); i++)
    g_hash_table_add (in_batch, (gpointer) json_array_get_string_element (frozen, i));
  if (member_string (obj, "server_epoch") == NULL)
    return protocol_error (error, doing, "no server_epoch"), NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return protocol_error (error, doing, "no results list"), NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (list), i);
      JsonObject *item;
      Result r = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return protocol_error (error, doing, "a result is not an object"), NULL;
      item = json_node_get_object (node);
      r.event_id = member_string (item, "event_id");
      r.status = member_string (item, "status");
      if (r.event_id == NULL || !g_hash_table_contains (in_batch, r.event_id))
        return protocol_error (error, doing, "a result names an event that was not sent"), NULL;
      if (g_strcmp0 (r.status, "created") == 0 || g_strcmp0 (r.status, "duplicate") == 0)
        {
          if (!member_is_int (item, "server_seq"))
            return protocol_error (error, doing, "an accepted event has no server_seq"), NULL;
          r.server_seq = json_object_get_int_member (item, "server_seq");
        }
      else if (g_strcmp0 (r.status, "rejected") == 0)
        r.problem = problem_text (json_object_get_member (item, "problem"));
      else
        return protocol_error (error, doing, "an unknown result status"), NULL;
      g_array_append_val (results, r);
    }
  return g_steal_pointer (&results);
}

static gboolean
apply_result (CareSync    *self,
              Result      *r,
              const char  *epoch,
              gint64       now,
              GError     **error)
{
  gboolean accepted = r->problem == NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* Only a pending event moves: a result never turns a rejected event
   * into an acknowledged one or the reverse. */
  if (accepted)
    stmt = _care_store_prepare (self->store,
      "UPDATE events SET sync_state = 'acked', server_seq = ?2, server_epoch = ?3, problem = NULL, "
      "synced_at = ?4 WHERE event_id = ?1 AND sync_state = 'pending'", error);
  else
    stmt = _care_store_prepare (self->store,
      "UPDATE events SET sync_state = 'rejected', server_seq = NULL, server_epoch = ?3, problem = ?5, "
      "synced_at = ?4 WHERE event_id = ?1 AND sync_state = 'pending'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->event_id, -1, SQLITE_STATIC);
  if (accepted)
    sqlite3_bind_int64 (stmt, 2, r->server_seq);
  sqlite3_bind_text (stmt, 3, epoch, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!accepted)
    sqlite3_bind_text (stmt, 5, r->problem, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (self->store, error, "events");
  return TRUE;
}

/* The answer, its log line, the end of the frozen batch and the freezing
 * of the next one: one transaction, so the batch is either still frozen
 * (and is sent again, harmlessly) or fully acknowledged. */
static gboolean
store_results (CareSync    *self,
               Attempt     *a,
               Reply       *reply,
               GArray      *results,
               const char  *epoch,
               GError     **error)
{
  g_autofree char *summary = NULL;
  GError *local = NULL;
  gint64 now = wall_now ();
  guint created = 0, duplicate = 0, rejected = 0;

  if (!begin (self, error))
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      Result *r = &g_array_index (results, Result, i);

      if (!apply_result (self, r, epoch, now, &local))
        return rollback_with (self, error, local);
      if (r->problem != NULL)
        rejected++;
      else if (g_str_equal (r->status, "created"))
        created++;
      else
        duplicate++;
    }
  summary = g_strdup_printf ("batch of %u: created %u, duplicate %u, rejected %u%s", a->batch_count,
                             created, duplicate, rejected,
                             results->len < a->batch_count ? "; some events had no result and stay pending" : "");
  if (!log_reply (self, reply, summary, &local)
      || !state_set (self, "batch_id", NULL, &local)
      || !state_set (self, "batch_events", NULL, &local)
      || !freeze_next_batch (self, a, &local))
    {
      forget_batch (a);
      return rollback_with (self, error, local);
    }
  if (!commit (self, error))
    {
      forget_batch (a);
      return FALSE;
    }
  return TRUE;
}

static void
on_upload (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  CareSync *self = g_task_get_source_object (task);
  Attempt *a = g_task_get_task_data (task);
  const char *doing = _("Sending records to the commissioner");
  g_autoptr(Reply) reply = NULL;
  g_autoptr(GArray) results = NULL;
  GError *error = NULL;
  JsonObject *obj;
  guint sent;

  reply = exchange_finish (self, result, &error);
  if (reply == NULL)
    FAIL_ATTEMPT (task, error);
  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    log_reply (self, reply, NULL, NULL);
  switch (reply->status)
    {
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      if (a->batch_count <= 1)
        FAIL_ATTEMPT (task, reply_error (reply, doing));
      a->limit = MAX (1, a->batch_count / 2);
      if (!drop_frozen_batch (self, a, "413: batch refrozen at half the size", &error))
        FAIL_ATTEMPT (task, error);
      step_upload (task);
      return;
    case SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE:
      self->no_gzip = TRUE;
      if (!self->gzip)
        FAIL_ATTEMPT (task, reply_error (reply, doing));
      self->gzip = FALSE;
      step_upload (task);
      return;
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      /* The server remembers this key with another body. Cannot happen
       * with a frozen batch, but if it does the events are still safe to
       * send under a new key: the server keeps each event_id once. */
      if (g_strcmp0 (reply->problem_type, "idempotency-key-reused") != 0 || a->rekeyed)
        FAIL_ATTEMPT (task, reply_error (reply, doing));
      a->rekeyed = TRUE;
      if (!drop_frozen_batch (self, a, "422 idempotency-key-reused: batch refrozen under a new key", &error))
        FAIL_ATTEMPT (task, error);
      step_upload (task);
      return;
    default:
      if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
        FAIL_ATTEMPT (task, reply_error (reply, doing));
    }

  crash_point (self, "after-reply");
  obj = reply_object (reply, doing, &error);
  if (obj != NULL)
    results = parse_results (a, obj, doing, &error);
  if (results == NULL)
    {
      log_reply (self, reply, error->message, NULL);
      FAIL_ATTEMPT (task, error);
    }
  sent = a->batch_count;
  if (!store_results (self, a, reply, results, member_string (obj, "server_epoch"), &error))
    FAIL_ATTEMPT (task, error);
  crash_point (self, "after-ack");
  if (a->batch_id != NULL)
    crash_point (self, "after-freeze");
  if (results->len < sent)
    {
      /* What was answered is stored; the rest waits for a later attempt
       * rather than being sent again and again in this one. */
      protocol_error (&error, doing, "some events of the batch had no result");
      FAIL_ATTEMPT (task, error);
    }
  emit_changed (self);
  step_upload (task);
}

static void
step_upload (GTask *task)
{
  CareSync *self = g_task_get_source_object (task);
  Attempt *a = g_task_get_task_data (task);
  GError *error = NULL;
  Exchange *ex;

  if (a->batch_id == NULL && !load_frozen_batch (self, a))
    {
      if (!freeze_batch (self, a, &error))
        FAIL_ATTEMPT (task, error);
      if (a->batch_id == NULL)
        {
          step_feed (task);
          return;
        }
      crash_point (self, "after-freeze");
    }
  if (a->body == NULL)
    {
      /* A batch frozen by an earlier attempt (or before a crash): its body
       * is rebuilt from the same immutable rows, byte for byte. */
      guint found = 0;

      a->body = build_batch_body (self->store, a->batch_id, a->batch_ids_json, &found, &error);
      if (a->body == NULL)
        {
          GError *wrapped = NULL;
          store_error (&wrapped, error);
          FAIL_ATTEMPT (task, wrapped);
        }
      if (found != a->batch_count)
        {
          /* Only a database restored under the client could do this; the
           * frozen list no longer matches, so it is chosen again. */
          if (a->rekeyed || !drop_frozen_batch (self, a, "frozen batch names missing events: refrozen", &error))
            FAIL_ATTEMPT (task, error ? error
                          : g_error_new (CARE_SYNC_ERROR, CARE_SYNC_ERROR_STORE,
                                         _("The batch to send could not be read back.")));
          a->rekeyed = TRUE;
          step_upload (task);
          return;
        }
    }
  ex = exchange_new ("POST", "/v1/events:batch");
  ex->key = g_strdup (a->batch_id);
  ex->body = g_bytes_ref (a->body);
  ex->gzip = self->gzip;
  ex->summary = g_strdup_printf ("batch of %u events, %" G_GSIZE_FORMAT " bytes%s (sent again)", a->batch_count,
                                 g_bytes_get_size (ex->body), ex->gzip ? " before gzip" : "");
  ex->out_logged = a->logged_out;
  a->logged_out = FALSE;
  ex->defer_in_log = TRUE;
  exchange_async (self, ex, g_task_get_cancellable (task), on_upload, task);
}

/* -- feed ----------------------------------------------------------- */

static gboolean
feed_item_known (CareSync   *self,
                 const char *item_id)
{
  sqlite3_stmt *stmt = _care_store_prepare (self->store, "SELECT 1 FROM feed_items WHERE item_id = ?1", NULL);
  gboolean known;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item_id, -1, SQLITE_STATIC);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return known;
}

static gboolean
note_shared_entity (CareSync    *self,
                    const char  *entity_id,
                    const char  *kind,
                    gint64       version,
                    const char  *status,
                    GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (self->store,
    "INSERT INTO shared_entities (entity_id, kind, server_version, server_status, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (entity_id) DO UPDATE SET "
    "server_version = excluded.server_version, server_status = excluded.server_status, "
    "updated_at = excluded.updated_at WHERE excluded.server_version >= server_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_text (stmt, 4, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, wall_now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (self->store, error, "shared_entities");
  return TRUE;
}

static void
copy_payload_fields (CareRecord *record,
                     JsonObject *payload)
{
  JsonObject *fields = care_record_get_fields (record);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (payload == NULL)
    return;
  /* The payload may be the event form ({fields: {...}}) or the fields. */
  if (json_object_has_member (payload, "fields")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "fields")))
    payload = json_object_get_object_member (payload, "fields");
  json_object_iter_init (&iter, payload);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const CareField *field = care_kind_find_field (CARE_KIND_DELEGATED_TASK, name);

      if (field == NULL || field->secret || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      json_object_set_member (fields, name, json_node_copy (node));
    }
}

/* Who the change log says made a record the feed brought: the
 * commissioner, through the sync, and the practitioner who delegated the
 * task when the proposal names one. Never the home's set-up account. */
static char *
commissioner_author (CareRecord *task)
{
  const char *practitioner = care_record_get_string (task, "practitioner_name");

  if (practitioner == NULL || *practitioner == '\0')
    return g_strdup (_("Commissioner (sync)"));
  /* Translators: the author of a task the commissioner proposed,
   * "Commissioner (sync): <practitioner's name>" */
  return g_strdup_printf (_("Commissioner (sync): %s"), practitioner);
}

/* The core's own write (normalise, validate, change list, version and
 * event in the caller's transaction), with the commissioner as the author
 * instead of the system session's name. */
static gboolean
write_from_commissioner (CareSync    *self,
                         CareRecord  *task,
                         GError     **error)
{
  g_autofree char *author = commissioner_author (task);
  g_auto(GStrv) changed = NULL;

  care_record_normalise (task);
  if (!care_validate_fields (task, error))
    return FALSE;
  changed = care_record_diff (task, NULL);
  return _care_store_insert_version (self->store, task, FALSE, NULL, author, "create",
                                     _("Proposed by the commissioner"), changed, error);
}

/* A proposal becomes a local delegated task through the same rules as one
 * typed in, inside a savepoint: if the rules refuse it, the item is still
 * kept (with the reason) and the rest of the page goes on. Only a database
 * failure stops the page. */
static gboolean
take_proposal (CareSync     *self,
               CareSession  *system,
               const char   *entity_id,
               JsonObject   *payload,
               char        **local_uuid,
               char        **problem,
               GError      **error)
{
  g_autoptr(CareRecord) existing = NULL;
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(GError) refused = NULL;

  if (entity_id == NULL || !g_uuid_string_is_valid (entity_id))
    {
      *problem = g_strdup (_("The proposal has no valid task identifier."));
      return TRUE;
    }
  existing = care_store_load (self->store, CARE_KIND_DELEGATED_TASK, entity_id, NULL);
  if (existing != NULL)
    {
      /* Taken in before (the feed was replayed after a restore). */
      *local_uuid = g_strdup (entity_id);
      return TRUE;
    }
  task = care_record_new_with_uuid (CARE_KIND_DELEGATED_TASK, entity_id);
  copy_payload_fields (task, payload);
  care_record_set_string (task, "status", "proposed");
  care_record_set_string (task, "source", "commissioner");
  if (!_care_store_exec (self->store, "SAVEPOINT feed_item", error))
    return FALSE;
  care_record_normalise (task);
  if (care_validate_fields (task, &refused)
      && _care_delegation_check (system, task, NULL, &refused)
      && write_from_commissioner (self, task, &refused))
    {
      *local_uuid = g_strdup (entity_id);
      return _care_store_exec (self->store, "RELEASE feed_item", error);
    }
  if (!_care_store_exec (self->store, "ROLLBACK TO feed_item", error)
      || !_care_store_exec (self->store, "RELEASE feed_item", error))
    return FALSE;
  if (refused->domain == CARE_STORE_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&refused));
      return FALSE;
    }
  *problem = g_strdup (refused->message);
  return TRUE;
}

static gboolean
insert_feed_item (CareSync    *self,
                  JsonObject  *item,
                  const char  *local_uuid,
                  const char  *problem,
                  GError     **error)
{
  sqlite3_stmt *stmt = _care_store_prepare (self->store,
    "INSERT INTO feed_items (item_id, server_seq, kind, entity_id, version, received_at, local_uuid, payload, problem) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  JsonNode *payload = json_object_get_member (item, "payload");
  g_autofree char *payload_text = payload ? json_to_text (payload) : NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_string (item, "item_id"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, json_object_get_int_member (item, "server_seq"));
  sqlite3_bind_text (stmt, 3, member_string (item, "kind"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, member_string (item, "entity_id"), -1, SQLITE_STATIC);
  if (member_is_int (item, "version"))
    sqlite3_bind_int64 (stmt, 5, json_object_get_int_member (item, "version"));
  sqlite3_bind_int64 (stmt, 6, wall_now ());
  sqlite3_bind_text (stmt, 7, local_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, payload_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, problem, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _care_store_set_error (self->store, error, "feed_items");
  return TRUE;
}

static gboolean
take_item (CareSync     *self,
           CareSession  *system,
           JsonObject   *item,
           guint        *taken,
           guint        *refused,
           GError      **error)
{
  const char *kind = member_string (item, "kind");
  const char *entity_id = member_string (item, "entity_id");
  g_autofree char *local_uuid = NULL;
  g_autofree char *problem = NULL;

  if (feed_item_known (self, member_string (item, "item_id")))
    return TRUE;
  if (g_str_equal (kind, "task_proposal"))
    {
      JsonNode *payload = json_object_get_member (item, "payload");

      if (!take_proposal (self, system, entity_id,
                          payload && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload) : NULL,
                          &local_uuid, &problem, error))
        return FALSE;
      if (entity_id != NULL && local_uuid != NULL
          && !note_shared_entity (self, entity_id, "delegated_task",
                                  member_is_int (item, "version") ? json_object_get_int_member (item, "version") : 1,
                                  "proposed", error))
        return FALSE;
    }
  else
    problem = g_strdup_printf (_("This version of CareDelegation does not know commissioner items of kind “%s”; "
                                 "the item is kept."), kind);
  if (problem != NULL)
    {
      (*refused)++;
      g_info ("commissioner item %s not taken in: %s", member_string (item, "item_id"), problem);
    }
  else
    (*taken)++;
  return insert_feed_item (self, item, local_uuid, problem, error);
}

static gboolean
check_feed_page (JsonObject  *obj,
                 const char  *doing,
                 GError     **error)
{
  JsonNode *items = json_object_get_member (obj, "items");

  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    return protocol_error (error, doing, "no items list");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (items), i);
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return protocol_error (error, doing, "an item is not an object");
      item = json_node_get_object (node);
      if (member_string (item, "item_id") == NULL || member_string (item, "kind") == NULL
          || !member_is_int (item, "server_seq"))
        return protocol_error (error, doing, "an item lacks item_id, kind or server_seq");
    }
  return TRUE;
}

/* The page's items and the cursor after them: one transaction, so the
 * cursor never moves past an item that was not stored. */
static gboolean
store_feed_page (CareSync    *self,
                 Reply       *reply,
                 JsonObject  *obj,
                 guint       *taken_out,
                 GError     **error)
{
  g_autoptr(CareSession) system = _care_session_new_system (self->store);
  JsonArray *items = json_object_get_array_member (obj, "items");
  const char *cursor = member_string (obj, "next_cursor");
  g_autofree char *summary = NULL;
  GError *local = NULL;
  guint taken = 0, refused = 0;

  if (!begin (self, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (!take_item (self, system, json_array_get_object_element (items, i), &taken, &refused, &local))
      return rollback_with (self, error, local);
  summary = g_strdup_printf ("feed page of %u items: %u new, %u kept with a problem, %u already held",
                             json_array_get_length (items), taken, refused,
                             json_array_get_length (items) - taken - refused);
  if ((cursor != NULL && !state_set (self, "cursor", cursor, &local))
      || !log_reply (self, reply, summary, &local))
    return rollback_with (self, error, local);
  if (!commit (self, error))
    return FALSE;
  *taken_out += taken;
  return TRUE;
}

static gboolean
drop_cursor (CareSync  *self,
             GError   **error)
{
  GError *local = NULL;

  if (!begin (self, error))
    return FALSE;
  if (!state_set (self, "cursor", NULL, &local))
    return rollback_with (self, error, local);
  return commit (self, error);
}

static void
on_feed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  CareSync *self = g_task_get_source_object (task);
  Attempt *a = g_task_get_task_data (task);
  const char *doing = _("Fetching the commissioner's items");
  g_autoptr(Reply) reply = NULL;
  g_autofree char *before = state_get (self, "cursor");
  GError *error = NULL;
  JsonObject *obj;

  reply = exchange_finish (self, result, &error);
  if (reply == NULL)
    FAIL_ATTEMPT (task, error);
  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    log_reply (self, reply, NULL, NULL);
  if (reply->status == SOUP_STATUS_GONE || g_strcmp0 (reply->problem_type, "cursor-expired") == 0)
    {
      /* Start again from the beginning; items already held are known by
       * item_id and skipped. Once per attempt, so a server that expires
       * every cursor cannot spin us. */
      if (a->feed_restarted)
        FAIL_ATTEMPT (task, reply_error (reply, doing));
      a->feed_restarted = TRUE;
      if (!drop_cursor (self, &error))
        FAIL_ATTEMPT (task, error);
      step_feed (task);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    FAIL_ATTEMPT (task, reply_error (reply, doing));
  obj = reply_object (reply, doing, &error);
  if (obj != NULL && check_feed_page (obj, doing, &error)
      && g_strcmp0 (member_string (obj, "server_epoch"), a->epoch) != 0)
    protocol_error (&error, doing, "the server epoch changed during the sync");
  if (error != NULL)
    {
      log_reply (self, reply, error->message, NULL);
      FAIL_ATTEMPT (task, error);
    }
  if (!store_feed_page (self, reply, obj, &a->taken, &error))
    FAIL_ATTEMPT (task, error);
  emit_changed (self);
  if (json_object_get_boolean_member_with_default (obj, "has_more", FALSE)
      && g_strcmp0 (before, member_string (obj, "next_cursor")) != 0)
    step_feed (task);
  else if (a->taken > 0)
    {
      /* Taking in a proposal recorded an event of our own: send it in
       * this attempt too, so a finished attempt leaves nothing pending. */
      a->taken = 0;
      step_upload (task);
    }
  else
    attempt_return (task, NULL);
}

static void
step_feed (GTask *task)
{
  CareSync *self = g_task_get_source_object (task);
  g_autofree char *cursor = state_get (self, "cursor");
  g_autofree char *path = NULL;
  Exchange *ex;

  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      path = g_strdup_printf ("/v1/feed?limit=%d&cursor=%s", FEED_PAGE_LIMIT, escaped);
    }
  else
    path = g_strdup_printf ("/v1/feed?limit=%d", FEED_PAGE_LIMIT);
  ex = exchange_new ("GET", path);
  ex->defer_in_log = TRUE;
  exchange_async (self, ex, g_task_get_cancellable (task), on_feed, task);
}

void
care_sync_attempt_async (CareSync            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Attempt *a;

  g_return_if_fail (CARE_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_sync_attempt_async);
  if (self->attempt_running)
    {
      g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_BUSY, _("A sync is already running."));
      g_object_unref (task);
      return;
    }
  a = g_new0 (Attempt, 1);
  a->limit = MAX_BATCH_EVENTS;
  a->max_bytes = MAX_BATCH_BYTES;
  g_task_set_task_data (task, a, attempt_free);
  self->attempt_running = TRUE;
  self->retry_after = -1;
  step_status (task);
}

gboolean
care_sync_attempt_finish (CareSync      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Scheduling                                                           */
/* ------------------------------------------------------------------ */

static double
backoff (CareSync *self)
{
  guint n = self->failures > 0 ? self->failures - 1 : 0;
  double ceiling = MIN (self->backoff_cap, self->backoff_base * ldexp (1.0, (int) MIN (n, 30)));

  /* Full jitter (research notes 3.2): spreads many homes' retries after
   * an outage instead of bunching them. */
  return g_rand_double_range (self->rand, 0.0, MAX (ceiling, 0.0));
}

static gboolean
is_halting (const GError *error)
{
  return g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TLS)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_REQUEST)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_URL)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE)
      || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN);
}

static double
retry_delay (CareSync     *self,
             const GError *error)
{
  if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_IN_FLIGHT))
    return MIN (1.0, self->backoff_cap);
  if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_RATE_LIMITED) && self->retry_after >= 0)
    return MAX (MIN (self->retry_after, self->retry_after_cap), backoff (self));
  return backoff (self);
}

static void
persist_outcome (CareSync *self)
{
  g_autoptr(GError) error = NULL;

  if (!_care_store_begin (self->store, &error))
    goto fail;
  if (!state_set_int (self, "failures", self->failures, &error)
      || !state_set_int (self, "next_attempt", self->next_attempt, &error)
      || !state_set_int (self, "last_success", self->last_success, &error)
      || !state_set (self, "last_error", self->last_error, &error)
      || !_care_store_commit (self->store, &error))
    {
      _care_store_rollback (self->store);
      goto fail;
    }
  return;

fail:
  g_warning ("The sync state could not be saved: %s", error->message);
}

static void schedule (CareSync *self, double delay);
static void run_attempt (CareSync *self);

static void
on_attempt_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CareSync *self = CARE_SYNC (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = care_sync_attempt_finish (self, result, &error);
  double delay;

  g_clear_object (&self->cancellable);
  if (!ok && g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_CANCELLED))
    return;
  if (ok)
    {
      self->failures = 0;
      self->last_success = wall_now ();
      g_clear_pointer (&self->last_error, g_free);
      delay = self->interval;
      self->state = CARE_SYNC_IDLE;
    }
  else
    {
      if (!g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_IN_FLIGHT))
        self->failures++;
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      delay = retry_delay (self, error);
      self->state = is_halting (error) ? CARE_SYNC_HALTED : CARE_SYNC_RETRYING;
    }
  if (self->again && self->state != CARE_SYNC_HALTED)
    delay = 0;
  self->again = FALSE;
  self->next_attempt = self->state == CARE_SYNC_HALTED ? 0 : wall_now () + (gint64) ceil (delay);
  persist_outcome (self);
  /* A one-off care_sync_now() without care_sync_start() arms no timer. */
  if (self->started && self->state != CARE_SYNC_HALTED)
    schedule (self, delay);
  emit_changed (self);
}

static void
run_attempt (CareSync *self)
{
  if (self->attempt_running)
    {
      self->again = TRUE;
      return;
    }
  self->state = CARE_SYNC_RUNNING;
  emit_changed (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  care_sync_attempt_async (self, self->cancellable, on_attempt_done, NULL);
}

static gboolean
on_timer (gpointer data)
{
  CareSync *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  run_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
cancel_timer (CareSync *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static void
schedule (CareSync *self,
          double    delay)
{
  cancel_timer (self);
  self->timer = g_timeout_source_new ((guint) MIN (delay * 1000.0, (double) G_MAXINT));
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* Only a hint (research notes 3.3): "available" can be wrong either way,
 * so it never holds an attempt back; it only brings one forward. */
static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         data)
{
  CareSync *self = data;
  gint64 now = g_get_monotonic_time ();

  if (!available || !self->started || self->attempt_running || self->state == CARE_SYNC_HALTED)
    return;
  if (now - self->last_hint < NETWORK_HINT_GAP)
    return;
  self->last_hint = now;
  cancel_timer (self);
  run_attempt (self);
}

void
care_sync_start (CareSync *self)
{
  double delay = 0;

  g_return_if_fail (CARE_IS_SYNC (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (on_network_changed), self);
  /* A Retry-After or backoff from before a restart is still honoured. */
  if (self->failures > 0 && self->next_attempt > wall_now ())
    delay = MIN ((double) (self->next_attempt - wall_now ()), self->retry_after_cap);
  self->state = CARE_SYNC_IDLE;
  schedule (self, delay);
  emit_changed (self);
}

void
care_sync_now (CareSync *self)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  if (self->state == CARE_SYNC_HALTED)
    self->token_reloaded = FALSE;
  cancel_timer (self);
  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();
  run_attempt (self);
}

static void
stop_running (CareSync *self,
              gboolean  notify)
{
  cancel_timer (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->monitor_handler, self->monitor);
      g_clear_object (&self->monitor);
    }
  self->started = FALSE;
  self->again = FALSE;
  if (self->state != CARE_SYNC_STOPPED)
    {
      self->state = CARE_SYNC_STOPPED;
      if (notify)
        emit_changed (self);
    }
}

void
care_sync_stop (CareSync *self)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  stop_running (self, TRUE);
}

/* ------------------------------------------------------------------ */
/* Status transitions                                                   */
/* ------------------------------------------------------------------ */

#define TRANSITION_TRIES 4

typedef struct
{
  char    *task_uuid;
  char    *to_status;
  gint64   base_version;
  GBytes  *body;          /* the same on every try: the same event_id */
  guint    tries;
  gint64   new_version;
  char    *new_status;
} Transition;

static void
transition_free (gpointer data)
{
  Transition *t = data;

  g_free (t->task_uuid);
  g_free (t->to_status);
  g_clear_pointer (&t->body, g_bytes_unref);
  g_free (t->new_status);
  g_free (t);
}

static gboolean
read_entity_state (JsonObject *obj,
                   char      **status,
                   gint64     *version)
{
  /* A 200 has the task at the top; a 412 or 409 problem in "current". */
  if (json_object_has_member (obj, "current")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "current")))
    obj = json_object_get_object_member (obj, "current");
  if (member_string (obj, "status") == NULL || !member_is_int (obj, "version"))
    return FALSE;
  g_free (*status);
  *status = g_strdup (member_string (obj, "status"));
  *version = json_object_get_int_member (obj, "version");
  return TRUE;
}

static void send_transition (GTask *task);

static gboolean
retry_transition (gpointer data)
{
  /* The source keeps its own reference until it is removed. */
  send_transition (g_object_ref (data));
  return G_SOURCE_REMOVE;
}

/* A transport failure or a lost answer is tried again a few times with
 * the same body: the server applies an event_id once and answers a repeat
 * with the result it had. */
static gboolean
transition_retryable (CareSync     *self,
                      GTask        *task,
                      const GError *error)
{
  Transition *t = g_task_get_task_data (task);
  double delay;

  if (t->tries >= TRANSITION_TRIES
      || !(g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK)
           || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_RATE_LIMITED)
           || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_IN_FLIGHT)
           || g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_PROTOCOL)))
    return FALSE;
  delay = g_rand_double_range (self->rand, 0.0, MIN (self->backoff_cap, self->backoff_base * ldexp (1.0, t->tries)));
  if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_RATE_LIMITED) && self->retry_after >= 0)
    delay = MAX (delay, MIN (self->retry_after, self->retry_after_cap));
  g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (delay * 1000), retry_transition, task, g_object_unref);
  return TRUE;
}

static void
on_transition (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CareSync *self = g_task_get_source_object (task);
  Transition *t = g_task_get_task_data (task);
  const char *doing = _("Changing the task's status with the commissioner");
  g_autoptr(Reply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  JsonObject *obj;

  reply = exchange_finish (self, result, &error);
  if (reply == NULL)
    {
      if (!transition_retryable (self, task, error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_steal_pointer (&task);
      return;
    }
  obj = reply->json && JSON_NODE_HOLDS_OBJECT (reply->json) ? json_node_get_object (reply->json) : NULL;
  if (SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    {
      if (obj == NULL || !read_entity_state (obj, &t->new_status, &t->new_version))
        {
          log_reply (self, reply, "transition answer without status and version", NULL);
          protocol_error (&error, doing, "no status and version");
          if (!transition_retryable (self, task, error))
            g_task_return_error (task, g_steal_pointer (&error));
          else
            g_steal_pointer (&task);
          return;
        }
      summary = g_strdup_printf ("transition of %s to %s applied; now version %" G_GINT64_FORMAT,
                                 t->task_uuid, t->new_status, t->new_version);
      log_reply (self, reply, summary, NULL);
      note_shared_entity (self, t->task_uuid, "delegated_task", t->new_version, t->new_status, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if ((reply->status == SOUP_STATUS_PRECONDITION_FAILED || reply->status == SOUP_STATUS_CONFLICT)
      && obj != NULL && read_entity_state (obj, &t->new_status, &t->new_version))
    {
      gboolean stale = reply->status == SOUP_STATUS_PRECONDITION_FAILED;

      /* The server's state wins for the entities it owns: nothing local
       * changes; the log keeps what was tried and the caller shows the
       * current state. */
      summary = g_strdup_printf ("transition rejected by the commissioner (%s): %s to %s was based on version "
                                 "%" G_GINT64_FORMAT "; the task is %s at version %" G_GINT64_FORMAT,
                                 stale ? "stale-version" : "forbidden-transition",
                                 t->task_uuid, t->to_status, t->base_version, t->new_status, t->new_version);
      log_reply (self, reply, summary, NULL);
      note_shared_entity (self, t->task_uuid, "delegated_task", t->new_version, t->new_status, NULL);
      if (stale)
        g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STALE,
                                 _("The commissioner changed this task in the meantime: it is now %s "
                                   "(version %lld). Your change to %s was not made."),
                                 t->new_status, (long long) t->new_version, t->to_status);
      else
        g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN,
                                 _("The task is %s, so it cannot become %s; nothing was changed."),
                                 t->new_status, t->to_status);
      return;
    }
  log_reply (self, reply, NULL, NULL);
  error = reply_error (reply, doing);
  if (!transition_retryable (self, task, error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_steal_pointer (&task);
}

/* Takes @task. */
static void
send_transition (GTask *task)
{
  CareSync *self = g_task_get_source_object (task);
  Transition *t = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/v1/tasks/%s/transitions", t->task_uuid);
  Exchange *ex = exchange_new ("POST", path);

  t->tries++;
  ex->if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", t->base_version);
  ex->body = g_bytes_ref (t->body);
  ex->summary = g_strdup_printf ("transition to %s from version %" G_GINT64_FORMAT "%s", t->to_status,
                                 t->base_version, t->tries > 1 ? " (sent again)" : "");
  ex->defer_in_log = TRUE;
  exchange_async (self, ex, g_task_get_cancellable (task), on_transition, task);
}

void
care_sync_transition_async (CareSync            *self,
                            const char          *task_uuid,
                            const char          *to_status,
                            const char          *reason,
                            gint64               base_version,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *event_id = g_uuid_string_random ();
  char *body;
  Transition *t;

  g_return_if_fail (CARE_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_sync_transition_async);
  t = g_new0 (Transition, 1);
  t->task_uuid = g_strdup (task_uuid);
  t->to_status = g_strdup (to_status);
  t->base_version = base_version;
  g_task_set_task_data (task, t, transition_free);
  if (task_uuid == NULL || !g_uuid_string_is_valid (task_uuid) || to_status == NULL)
    {
      g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_REQUEST,
                               _("A status change needs a task identifier and a status."));
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to_status");
  json_builder_add_string_value (builder, to_status);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason ? reason : "");
  json_builder_set_member_name (builder, "event_id");
  json_builder_add_string_value (builder, event_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_text (root);
  t->body = g_bytes_new_take (body, strlen (body));
  send_transition (g_steal_pointer (&task));
}

gboolean
care_sync_transition_finish (CareSync      *self,
                             GAsyncResult  *result,
                             gint64        *new_version,
                             char         **new_status,
                             GError       **error)
{
  Transition *t;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  t = g_task_get_task_data (G_TASK (result));
  if (new_version != NULL)
    *new_version = t->new_version;
  if (new_status != NULL)
    *new_status = g_strdup (t->new_status);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
care_sync_get_server_version (CareSync   *self,
                              const char *entity_id)
{
  sqlite3_stmt *stmt = _care_store_prepare (self->store,
    "SELECT server_version FROM shared_entities WHERE entity_id = ?1", NULL);
  gint64 version = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return version;
}

char *
care_sync_get_server_status (CareSync   *self,
                             const char *entity_id,
                             gint64     *version)
{
  sqlite3_stmt *stmt;
  char *status = NULL;

  g_return_val_if_fail (CARE_IS_SYNC (self), NULL);

  if (version != NULL)
    *version = 0;
  stmt = _care_store_prepare (self->store,
    "SELECT server_status, server_version FROM shared_entities WHERE entity_id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (version != NULL)
        *version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return status;
}

/* The store's batch is the one way into a transaction whose saves are
 * savepoints, so the change runs with every check and then the whole
 * transaction is undone. Ending a batch after its own rollback reports
 * that nothing was saved, which is the point here. */
gboolean
care_sync_check_local_change (CareStore            *store,
                              CareSyncLocalChange   change,
                              gpointer              user_data,
                              GError              **error)
{
  g_autoptr(GError) ended = NULL;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  if (!care_store_begin_batch (store, error))
    return FALSE;
  ok = change (user_data, error);
  _care_store_exec (store, "ROLLBACK", NULL);
  care_store_end_batch (store, &ended);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Object                                                               */
/* ------------------------------------------------------------------ */

static void
care_sync_dispose (GObject *object)
{
  CareSync *self = CARE_SYNC (object);

  stop_running (self, FALSE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (care_sync_parent_class)->dispose (object);
}

static void
care_sync_finalize (GObject *object)
{
  CareSync *self = CARE_SYNC (object);

  g_clear_object (&self->store);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->base_url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->token_file);
  if (self->token_reload_destroy != NULL)
    self->token_reload_destroy (self->token_reload_data);
  g_free (self->last_error);
  g_free (self->crash_at);

  G_OBJECT_CLASS (care_sync_parent_class)->finalize (object);
}

static void
care_sync_class_init (CareSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = care_sync_dispose;
  object_class->finalize = care_sync_finalize;

  /* Pending or rejected counts, last success or error, or the state
   * changed: the UI reads them again. */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
care_sync_init (CareSync *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->backoff_base = 1.0;
  self->backoff_cap = 300.0;
  self->retry_after_cap = 3600.0;
  self->interval = 300.0;
  self->retry_after = -1;
  self->state = CARE_SYNC_STOPPED;
  self->rand = g_rand_new ();
}

/* Plain HTTP would send the token and health records in clear: only the
 * loopback addresses the tests and a local commissioner use may have it. */
static gboolean
check_url (const char  *base_url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;
  const char *host;
  g_autoptr(GInetAddress) address = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_URL,
                   _("“%s” is not a valid commissioner address."), base_url ? base_url : "");
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  if (g_ascii_strcasecmp (scheme, "http") == 0
      && (g_ascii_strcasecmp (host, "localhost") == 0
          || (address != NULL && g_inet_address_get_is_loopback (address))))
    return TRUE;
  g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_URL,
               _("The commissioner address must start with https:// (%s)."), base_url);
  return FALSE;
}

static void
load_persisted (CareSync *self)
{
  self->failures = (guint) state_get_int (self, "failures", 0);
  self->next_attempt = state_get_int (self, "next_attempt", 0);
  self->last_success = state_get_int (self, "last_success", 0);
  self->last_error = state_get (self, "last_error");
}

CareSync *
care_sync_new (CareStore   *store,
               const char  *base_url,
               const char  *token,
               GError     **error)
{
  g_autoptr(CareSync) self = NULL;
  gsize len;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!check_url (base_url, error))
    return NULL;
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("No commissioner token is set up."));
      return NULL;
    }
  self = g_object_new (CARE_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->base_url = g_strdup (base_url);
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
  self->token = g_strdup (token);
  load_crash_hook (self);
  load_persisted (self);
  return g_steal_pointer (&self);
}

gboolean
care_sync_set_ca_file (CareSync    *self,
                       const char  *ca_file,
                       GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (CARE_IS_SYNC (self), FALSE);

  if (ca_file != NULL)
    {
      database = g_tls_file_database_new (ca_file, error);
      if (database == NULL)
        {
          g_prefix_error (error, _("The CA file %s cannot be used: "), ca_file);
          return FALSE;
        }
    }
  g_set_object (&self->tls_database, database);
  /* A session is configured before its first request only. */
  g_clear_object (&self->session);
  return TRUE;
}

void
care_sync_set_token_file (CareSync   *self,
                          const char *path)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  g_free (self->token_file);
  self->token_file = g_strdup (path);
}

void
care_sync_set_token_reload (CareSync            *self,
                            CareSyncTokenReload  reload,
                            gpointer             user_data,
                            GDestroyNotify       destroy)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  if (self->token_reload_destroy != NULL)
    self->token_reload_destroy (self->token_reload_data);
  self->token_reload = reload;
  self->token_reload_data = user_data;
  self->token_reload_destroy = destroy;
}

void
care_sync_set_timeout (CareSync *self,
                       guint     seconds)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  self->timeout = MAX (seconds, 1);
  g_clear_object (&self->session);
}

void
care_sync_set_seed (CareSync *self,
                    guint32   seed)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  g_rand_set_seed (self->rand, seed);
}

void
care_sync_set_backoff_base (CareSync *self,
                            double    seconds)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  self->backoff_base = MAX (seconds, 0.0);
}

void
care_sync_set_backoff_cap (CareSync *self,
                           double    seconds)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  self->backoff_cap = MAX (seconds, 0.0);
}

void
care_sync_set_retry_after_cap (CareSync *self,
                               double    seconds)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  self->retry_after_cap = MAX (seconds, 0.0);
}

void
care_sync_set_interval (CareSync *self,
                        double    seconds)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  self->interval = MAX (seconds, 0.0);
}

/* Gzip is used only when the server offers it; this can also forbid it,
 * for a proxy in between that cannot read compressed request bodies. */
void
care_sync_set_allow_gzip (CareSync *self,
                          gboolean  allow)
{
  g_return_if_fail (CARE_IS_SYNC (self));

  self->no_gzip = !allow;
  if (!allow)
    self->gzip = FALSE;
}

CareSyncState
care_sync_get_state (CareSync *self)
{
  return self->state;
}

gint64
care_sync_get_pending_count (CareSync *self)
{
  return care_store_count_events (self->store, "pending");
}

gint64
care_sync_get_rejected_count (CareSync *self)
{
  return care_store_count_events (self->store, "rejected");
}

gint64
care_sync_get_last_success (CareSync *self)
{
  return self->last_success;
}

const char *
care_sync_get_last_error (CareSync *self)
{
  return self->last_error;
}

gint64
care_sync_get_next_attempt (CareSync *self)
{
  return self->next_attempt;
}

guint
care_sync_get_failures (CareSync *self)
{
  return self->failures;
}
