#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "care-core.h"

#include "care-admin.h"
#include "care-batch.h"
#include "care-faults.h"
#include "care-problem.h"
#include "care-server.h"

/* docs/SYNC.md: "Keys are kept for at least 24 hours." */
#define KEY_LIFETIME_SECONDS (48 * 3600)
#define FEED_DEFAULT_LIMIT 100
#define FEED_MAX_LIMIT 200
/* A body this large is refused from its headers alone; smaller ones are
 * read whole and then answered 413 with a problem, which a client can read
 * more reliably than a connection closed mid-upload. */
#define EARLY_REFUSAL_BYTES (8 * 1024 * 1024)
/* RFC 6585 section 3; libsoup has no name for it. */
#define STATUS_PRECONDITION_REQUIRED 428

struct _CareServer
{
  GObject          parent_instance;

  SoupServer      *soup;
  CareServerStore *store;
  CareFaults      *faults;         /* NULL unless --allow-faults */
  guint            expire_source;
  gboolean         offer_gzip;
};

G_DEFINE_FINAL_TYPE (CareServer, care_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (care-server-error-quark, care_server_error)

typedef struct _CareRoute CareRoute;

/* One request, kept alive across a pause. */
typedef struct
{
  CareServer        *server;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  CareFault          fault;
  const CareRoute   *route;         /* once found */
  CareTokenRole      role;
  char              *provider;
  gboolean           gone;          /* the client's connection has closed */
  gulong             disconnected_id;

  /* a batch held across delay_before_commit */
  char              *key;
  char              *fingerprint;
  JsonParser        *parser;
  JsonArray         *events;
} CareRequest;

typedef void (*CareHandler) (CareRequest *req);

static void
care_server_finalize (GObject *object)
{
  CareServer *self = CARE_SERVER (object);

  g_clear_handle_id (&self->expire_source, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_object (&self->faults);

  G_OBJECT_CLASS (care_server_parent_class)->finalize (object);
}

static void
care_server_class_init (CareServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_server_finalize;
}

static void
care_server_init (CareServer *self)
{
  self->offer_gzip = TRUE;
}

/* ---- requests and replies ----------------------------------------------- */

static void
mark_gone (SoupServerMessage *msg,
           CareRequest       *req)
{
  req->gone = TRUE;
}

static void
care_request_clear (CareRequest *req)
{
  g_clear_signal_handler (&req->disconnected_id, req->msg);
  g_object_unref (req->msg);
  g_object_unref (req->server);
  g_free (req->path);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_free (req->provider);
  g_free (req->key);
  g_free (req->fingerprint);
  g_clear_object (&req->parser);
}

static CareRequest *
care_request_new (CareServer        *server,
                  SoupServerMessage *msg,
                  const char        *path)
{
  CareRequest *req = g_rc_box_new0 (CareRequest);

  req->server = g_object_ref (server);
  req->msg = g_object_ref (msg);
  req->path = g_uri_unescape_string (path, NULL);
  if (req->path == NULL)
    req->path = g_strdup (path);
  req->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (mark_gone), req);
  return req;
}

static CareRequest *
care_request_ref (CareRequest *req)
{
  return g_rc_box_acquire (req);
}

static void
care_request_unref (CareRequest *req)
{
  g_rc_box_release_full (req, (GDestroyNotify) care_request_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareRequest, care_request_unref)

static const char *
request_header (CareRequest *req,
                const char  *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

static void
set_header (CareRequest *req,
            const char  *name,
            const char  *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), name, value);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
reply_text (CareRequest *req,
            guint        status,
            const char  *content_type,
            const char  *text)
{
  /* set_response appends to a body already set (the malformed fault
   * replaces an answer). */
  soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
reply_object (CareRequest *req,
              guint        status,
              JsonObject  *object)
{
  g_autofree char *text = object_to_text (object);

  reply_text (req, status, "application/json", text);
}

static void
reply_problem_object (CareRequest *req,
                      JsonObject  *problem)
{
  g_autofree char *text = object_to_text (problem);

  reply_text (req, json_object_get_int_member (problem, "status"), "application/problem+json", text);
}

static void
reply_problem (CareRequest *req,
               guint        status,
               const char  *name,
               const char  *detail)
{
  g_autoptr(JsonObject) problem = care_problem_new (status, name, detail);

  reply_problem_object (req, problem);
}

static void
reply_no_content (CareRequest *req)
{
  soup_server_message_set_status (req->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* RFC 6750 section 3: no error code when no credentials were sent. */
static void
reply_unauthorised (CareRequest *req,
                    gboolean     token_sent,
                    const char  *detail)
{
  set_header (req, "WWW-Authenticate",
              token_sent ? "Bearer realm=\"care-commissioner\", error=\"invalid_token\""
                         : "Bearer realm=\"care-commissioner\"");
  reply_problem (req, SOUP_STATUS_UNAUTHORIZED, "unauthorised", detail);
}

static void
reply_store_error (CareRequest  *req,
                   const GError *error)
{
  g_warning ("%s %s: %s", soup_server_message_get_method (req->msg), req->path, error->message);
  reply_problem (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server-error",
                 "The server could not complete the request; it is safe to retry.");
}

static char *
current_epoch (CareRequest *req)
{
  g_autoptr(GError) error = NULL;
  char *epoch = care_server_store_get_epoch (req->server->store, &error);

  if (epoch == NULL)
    reply_store_error (req, error);
  return epoch;
}

/* ---- request bodies ------------------------------------------------------ */

static GBytes *
gunzip (GBytes    *raw,
        gsize      limit,
        gboolean  *too_large,
        GError   **error)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_bytes (raw);
  g_autoptr(GInputStream) in = g_converter_input_stream_new (memory, G_CONVERTER (decompressor));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[16384];

  /* Read no more than the limit, so a small bomb cannot fill the memory. */
  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (out->len + (gsize) n > limit)
        {
          *too_large = TRUE;
          return NULL;
        }
      g_byte_array_append (out, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
is_json_type (const char *content_type)
{
  return content_type == NULL
         || g_ascii_strcasecmp (content_type, "application/json") == 0
         || (g_str_has_prefix (content_type, "application/") && g_str_has_suffix (content_type, "+json"));
}

static void
reply_too_large (CareRequest *req)
{
  g_autofree char *detail = g_strdup_printf ("A request body holds at most %d bytes (after decompression).",
                                             CARE_BATCH_MAX_BYTES);

  reply_problem (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", detail);
}

/* The body as JSON text, gzip undone (RFC 9110 section 8.4; SoupServer does
 * not decode request bodies). On NULL the reply is already set. */
static GBytes *
read_body (CareRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) raw = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(GError) error = NULL;
  gboolean too_large = FALSE;
  GBytes *body;

  if (g_bytes_get_size (raw) > CARE_BATCH_MAX_BYTES)
    {
      reply_too_large (req);
      return NULL;
    }
  if (!is_json_type (content_type))
    {
      reply_problem (req, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                     "The body must be application/json.");
      return NULL;
    }
  if (encoding == NULL || g_ascii_strcasecmp (encoding, "identity") == 0)
    return g_steal_pointer (&raw);
  if (g_ascii_strcasecmp (encoding, "gzip") != 0 && g_ascii_strcasecmp (encoding, "x-gzip") != 0)
    {
      /* RFC 7694: say which codings a request may use. */
      set_header (req, "Accept-Encoding", "gzip");
      reply_problem (req, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                     "The only Content-Encoding accepted is gzip.");
      return NULL;
    }
  body = gunzip (raw, CARE_BATCH_MAX_BYTES, &too_large, &error);
  if (too_large)
    reply_too_large (req);
  else if (body == NULL)
    reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "The gzip body could not be decoded.");
  return body;
}

/* The JSON object of the body; on NULL the reply is already set. */
static JsonObject *
read_json_object (CareRequest *req,
                  JsonParser  *parser)
{
  g_autoptr(GBytes) body = read_body (req);
  JsonNode *root;

  if (body == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "The body must be a JSON object.");
      return NULL;
    }
  return json_node_get_object (root);
}

/* ---- faults -------------------------------------------------------------- */

static void
drop_connection (CareRequest *req)
{
  g_autoptr(GIOStream) stream = NULL;

  if (req->gone)
    return;
  stream = soup_server_message_steal_connection (req->msg);
  req->gone = TRUE;
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* The status line and headers promise the whole body; half of it comes. */
static void
send_truncated (CareRequest *req)
{
  SoupServerMessage *msg = req->msg;
  guint status = soup_server_message_get_status (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_response_headers (msg), NULL);
  gsize size = g_bytes_get_size (body);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT
                                           "\r\nConnection: close\r\n\r\n",
                                           status, soup_status_get_phrase (status),
                                           type ? type : "application/json", size);
  g_autoptr(GIOStream) stream = NULL;
  GOutputStream *out;

  if (req->gone)
    return;
  stream = soup_server_message_steal_connection (msg);
  req->gone = TRUE;
  if (stream == NULL)
    return;
  out = g_io_stream_get_output_stream (stream);
  if (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    g_output_stream_write_all (out, g_bytes_get_data (body, NULL), size / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static gboolean
stall_over (gpointer data)
{
  CareRequest *req = data;

  drop_connection (req);
  return G_SOURCE_REMOVE;
}

static void
stall (CareRequest *req)
{
  soup_server_message_pause (req->msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, req->fault.delay_ms, stall_over,
                      care_request_ref (req), (GDestroyNotify) care_request_unref);
}

/* Faults that stop a request before it does anything. TRUE: it is over. */
static gboolean
apply_fault_before (CareRequest *req)
{
  g_autofree char *retry = NULL;
  g_autofree char *detail = NULL;

  switch (req->fault.kind)
    {
    case CARE_FAULT_STATUS:
      if (req->fault.retry_after > 0)
        {
          retry = g_strdup_printf ("%u", req->fault.retry_after);
          set_header (req, "Retry-After", retry);
        }
      detail = g_strdup_printf ("Fault injected: status %u.", req->fault.status);
      if (req->fault.status == SOUP_STATUS_UNAUTHORIZED)
        reply_unauthorised (req, TRUE, detail);
      else
        reply_problem (req, req->fault.status, care_problem_name_for (req->fault.status), detail);
      return TRUE;
    case CARE_FAULT_RESET_BEFORE_COMMIT:
      drop_connection (req);
      return TRUE;
    case CARE_FAULT_IN_FLIGHT:
      reply_problem (req, SOUP_STATUS_CONFLICT, "request-in-flight",
                     "Fault injected: the first request with this key is still being processed.");
      return TRUE;
    default:
      return FALSE;
    }
}

/* Faults that come after the work is committed: the answer is lost. */
static void
apply_fault_after (CareRequest *req)
{
  switch (req->fault.kind)
    {
    case CARE_FAULT_COMMIT_THEN_DROP:
      drop_connection (req);
      break;
    case CARE_FAULT_COMMIT_THEN_STALL:
      stall (req);
      break;
    case CARE_FAULT_TRUNCATE:
      send_truncated (req);
      break;
    case CARE_FAULT_MALFORMED:
      reply_text (req, SOUP_STATUS_OK, "application/json", "{\"server_epoch\": \"\", \"results\": [{\"event_id\"");
      break;
    default:
      break;
    }
}

/* ---- GET /v1/status ------------------------------------------------------ */

static void
handle_status (CareRequest *req)
{
  g_autofree char *epoch = current_epoch (req);
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *encodings;

  if (epoch == NULL)
    return;
  answer = json_object_new ();
  encodings = json_array_new ();
  if (req->server->offer_gzip)
    json_array_add_string_element (encodings, "gzip");
  json_object_set_string_member (answer, "server_epoch", epoch);
  json_object_set_array_member (answer, "accept_encoding", encodings);
  json_object_set_int_member (answer, "max_batch", CARE_BATCH_MAX_EVENTS);
  json_object_set_int_member (answer, "max_batch_bytes", CARE_BATCH_MAX_BYTES);
  reply_object (req, SOUP_STATUS_OK, answer);
}

/* ---- POST /v1/events:batch ----------------------------------------------- */

/* An sf-string ("...") or a bare token: both are seen in the wild. */
static char *
idempotency_key (CareRequest *req)
{
  const char *header = request_header (req, "Idempotency-Key");
  g_autofree char *key = NULL;
  gsize len;

  if (header == NULL)
    return NULL;
  key = g_strstrip (g_strdup (header));
  len = strlen (key);
  if (len >= 2 && key[0] == '"' && key[len - 1] == '"')
    {
      memmove (key, key + 1, len - 2);
      key[len - 2] = '\0';
      len -= 2;
    }
  if (len == 0 || len > 255)
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (key[i]) || key[i] == '"' || key[i] == '\\')
      return NULL;
  return g_steal_pointer (&key);
}

static void
commit_batch (CareRequest *req)
{
  CareServerStore *store = req->server->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autofree char *epoch = NULL;
  g_autofree char *text = NULL;
  JsonArray *results;

  if (!care_server_store_begin (store, &error))
    goto fail;
  epoch = care_server_store_get_epoch (store, &error);
  if (epoch == NULL)
    goto fail;
  results = care_batch_apply (store, req->provider, req->events, &error);
  if (results == NULL)
    goto fail;
  json_object_set_string_member (answer, "server_epoch", epoch);
  json_object_set_array_member (answer, "results", results);
  text = object_to_text (answer);
  /* The events and the stored answer commit together: a retry either
   * finds both or neither. */
  if (!care_server_store_finish_key (store, req->provider, req->key, req->fingerprint,
                                     SOUP_STATUS_OK, text, &error)
      || !care_server_store_commit (store, &error))
    goto fail;
  reply_text (req, SOUP_STATUS_OK, "application/json", text);
  return;

fail:
  care_server_store_rollback (store);
  care_server_store_forget_key (store, req->provider, req->key, NULL);
  reply_store_error (req, error);
}

static gboolean
delayed_commit (gpointer data)
{
  CareRequest *req = data;

  commit_batch (req);
  if (!req->gone)
    soup_server_message_unpause (req->msg);
  return G_SOURCE_REMOVE;
}

/* The key is recorded "in flight" before the wait, so that a second
 * request with it meanwhile meets the real 409 path. */
static void
delay_batch (CareRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!care_server_store_begin_key (req->server->store, req->provider, req->key, req->fingerprint, &error))
    {
      reply_store_error (req, error);
      return;
    }
  soup_server_message_pause (req->msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, req->fault.delay_ms, delayed_commit,
                      care_request_ref (req), (GDestroyNotify) care_request_unref);
}

/* FALSE when the key settles the request: a stored answer, a reused key or
 * one still in flight (draft-ietf-httpapi-idempotency-key-header). */
static gboolean
check_key (CareRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  guint status = 0;

  switch (care_server_store_lookup_key (req->server->store, req->provider, req->key,
                                        req->fingerprint, &status, &stored, &error))
    {
    case CARE_IDEMPOTENCY_DONE:
      reply_text (req, status, "application/json", stored ? stored : "{}");
      return FALSE;
    case CARE_IDEMPOTENCY_MISMATCH:
      reply_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                     "This Idempotency-Key was already used with a different body.");
      return FALSE;
    case CARE_IDEMPOTENCY_IN_FLIGHT:
      reply_problem (req, SOUP_STATUS_CONFLICT, "request-in-flight",
                     "The first request with this Idempotency-Key is still being processed; retry shortly.");
      return FALSE;
    case CARE_IDEMPOTENCY_NEW:
    default:
      break;
    }
  if (error != NULL)
    {
      reply_store_error (req, error);
      return FALSE;
    }
  return TRUE;
}

static void
handle_batch (CareRequest *req)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  req->key = idempotency_key (req);
  if (req->key == NULL)
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "idempotency-key-missing",
                     "Send the batch with an Idempotency-Key header (the batch UUID).");
      return;
    }
  body = read_body (req);
  if (body == NULL)
    return;
  req->fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  if (!check_key (req))
    return;

  req->parser = json_parser_new ();
  if (!json_parser_load_from_data (req->parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "The body is not valid JSON.");
      return;
    }
  req->events = care_batch_check (json_parser_get_root (req->parser), &error);
  if (req->events == NULL)
    {
      if (g_error_matches (error, CARE_BATCH_ERROR, CARE_BATCH_ERROR_TOO_LARGE))
        reply_problem (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", error->message);
      else
        reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", error->message);
      return;
    }
  if (req->fault.kind == CARE_FAULT_DELAY_BEFORE_COMMIT)
    delay_batch (req);
  else
    commit_batch (req);
}

/* ---- GET /v1/feed -------------------------------------------------------- */

/* Opaque to clients: base64url of "epoch:server_seq", so a cursor from
 * before a restore is recognised and refused. */
static char *
encode_cursor (const char *epoch,
               gint64      seq)
{
  g_autofree char *plain = g_strdup_printf ("%s:%" G_GINT64_FORMAT, epoch, seq);
  char *cursor = g_base64_encode ((const guchar *) plain, strlen (plain));

  g_strdelimit (cursor, "+", '-');
  g_strdelimit (cursor, "/", '_');
  for (char *p = cursor + strlen (cursor); p > cursor && p[-1] == '='; p--)
    p[-1] = '\0';
  return cursor;
}

static gboolean
decode_cursor (const char *cursor,
               const char *epoch,
               gint64     *seq)
{
  g_autoptr(GString) padded = g_string_new (cursor);
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *colon;
  char *end = NULL;

  if (padded->len == 0 || padded->len > 200)
    return FALSE;
  for (gsize i = 0; i < padded->len; i++)
    if (!g_ascii_isalnum (padded->str[i]) && padded->str[i] != '-' && padded->str[i] != '_')
      return FALSE;
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  plain = g_base64_decode (padded->str, &len);
  text = g_strndup ((const char *) plain, len);
  colon = strrchr (text, ':');
  if (colon == NULL || strncmp (text, epoch, colon - text) != 0 || strlen (epoch) != (gsize) (colon - text))
    return FALSE;
  if (!g_ascii_isdigit (colon[1]))
    return FALSE;
  *seq = g_ascii_strtoll (colon + 1, &end, 10);
  return end != NULL && *end == '\0' && *seq >= 0;
}

static gboolean
parse_count (const char *text,
             gint64      min,
             gint64      max,
             gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

static const char *
query_param (CareRequest *req,
             const char  *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

static void
reply_feed (CareRequest *req,
            const char  *epoch,
            gint64       after,
            gint64       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autofree char *next = NULL;
  JsonArray *array = json_array_new ();
  gboolean has_more;
  gint64 last = after;

  /* One more than asked for tells whether there is more. */
  items = care_server_store_list_feed (req->server->store, req->provider, after, limit + 1, &error);
  if (items == NULL)
    {
      json_array_unref (array);
      reply_store_error (req, error);
      return;
    }
  has_more = items->len > (guint) limit;
  for (guint i = 0; i < items->len && i < (guint) limit; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      last = json_object_get_int_member (item, "server_seq");
      json_array_add_object_element (array, json_object_ref (item));
    }
  next = encode_cursor (epoch, last);
  json_object_set_array_member (answer, "items", array);
  json_object_set_string_member (answer, "next_cursor", next);
  json_object_set_boolean_member (answer, "has_more", has_more);
  json_object_set_string_member (answer, "server_epoch", epoch);
  reply_object (req, SOUP_STATUS_OK, answer);
}

static void
handle_feed (CareRequest *req)
{
  const char *cursor = query_param (req, "cursor");
  const char *limit_text = query_param (req, "limit");
  g_autofree char *epoch = NULL;
  gint64 limit = FEED_DEFAULT_LIMIT;
  gint64 after = 0;

  if (limit_text != NULL && !parse_count (limit_text, 1, FEED_MAX_LIMIT, &limit))
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "\"limit\" must be from 1 to 200.");
      return;
    }
  epoch = current_epoch (req);
  if (epoch == NULL)
    return;
  if (req->fault.kind == CARE_FAULT_EXPIRE_CURSOR
      || (cursor != NULL && !decode_cursor (cursor, epoch, &after)))
    {
      reply_problem (req, SOUP_STATUS_GONE, "cursor-expired",
                     "This cursor is unknown or from before a restore; read the feed again without a cursor.");
      return;
    }
  reply_feed (req, epoch, after, limit);
}

/* ---- POST /v1/tasks/{id}/transitions ------------------------------------- */

static JsonObject *
task_object (const char *id,
             const char *status,
             gint64      version)
{
  JsonObject *task = json_object_new ();

  json_object_set_string_member (task, "id", id);
  json_object_set_string_member (task, "status", status);
  json_object_set_int_member (task, "version", version);
  return task;
}

static void
set_etag (CareRequest *req,
          gint64       version)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  set_header (req, "ETag", etag);
}

static void
reply_task (CareRequest *req,
            const char  *id,
            const char  *status,
            gint64       version)
{
  g_autoptr(JsonObject) task = task_object (id, status, version);

  set_etag (req, version);
  reply_object (req, SOUP_STATUS_OK, task);
}

/* 412 and 409 carry the task as the server holds it, so the client can show
 * the real state without another request. */
static void
reply_task_problem (CareRequest    *req,
                    guint           status,
                    const char     *name,
                    const char     *detail,
                    const char     *id,
                    CareServerTask *task)
{
  g_autoptr(JsonObject) problem = care_problem_new (status, name, detail);

  json_object_set_object_member (problem, "current", task_object (id, task->status, task->version));
  set_etag (req, task->version);
  reply_problem_object (req, problem);
}

/* Strong comparison (RFC 9110 section 13.1.1): a weak tag never matches,
 * and the version must be named, so "*" does not match either. */
static gboolean
if_match_names (const char *header,
                gint64      version)
{
  g_autofree char *wanted = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    if (g_str_equal (g_strstrip (tags[i]), wanted))
      return TRUE;
  return FALSE;
}

static char *
task_id_from_path (const char *path)
{
  static const char prefix[] = "/v1/tasks/";
  static const char suffix[] = "/transitions";
  gsize len = strlen (path);
  g_autofree char *id = NULL;

  if (!g_str_has_prefix (path, prefix) || !g_str_has_suffix (path, suffix)
      || len != strlen (prefix) + 36 + strlen (suffix))
    return NULL;
  id = g_strndup (path + strlen (prefix), 36);
  return g_uuid_string_is_valid (id) ? g_steal_pointer (&id) : NULL;
}

typedef struct
{
  const char *to_status;
  const char *reason;
  const char *event_id;
} CareTransitionRequest;

static gboolean
parse_transition (JsonObject             *body,
                  CareTransitionRequest  *out,
                  const char            **problem)
{
  const CareField *status_field = care_kind_find_field (CARE_KIND_DELEGATED_TASK, "status");

  out->to_status = json_object_get_string_member_with_default (body, "to_status", NULL);
  out->reason = json_object_get_string_member_with_default (body, "reason", NULL);
  out->event_id = json_object_get_string_member_with_default (body, "event_id", NULL);
  if (!care_choice_is_valid (status_field, out->to_status))
    *problem = "\"to_status\" must be a task status.";
  else if (out->reason != NULL && g_utf8_strlen (out->reason, -1) > 500)
    *problem = "\"reason\" is at most 500 characters.";
  else if (out->event_id != NULL && !g_uuid_string_is_valid (out->event_id))
    *problem = "\"event_id\" must be a UUID.";
  else
    return TRUE;
  return FALSE;
}

static void
apply_transition (CareRequest                 *req,
                  const char                  *id,
                  CareServerTask              *task,
                  const CareTransitionRequest *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerTask) now = NULL;

  if (care_server_store_apply_transition (req->server->store, id, task->status, t->to_status,
                                          task->version + 1, t->reason, t->event_id, &error))
    {
      reply_task (req, id, t->to_status, task->version + 1);
      return;
    }
  if (!g_error_matches (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_EXISTS))
    {
      reply_store_error (req, error);
      return;
    }
  /* Someone else changed it between the check and the write. */
  now = care_server_store_get_task (req->server->store, id, NULL);
  if (now == NULL)
    reply_store_error (req, error);
  else
    reply_task_problem (req, SOUP_STATUS_PRECONDITION_FAILED, "stale-version",
                        "The task changed meanwhile.", id, now);
}

/* A transition already applied under this event_id is answered as it was,
 * so a retry after a lost answer is safe. */
static gboolean
replay_transition (CareRequest *req,
                   const char  *id,
                   const char  *event_id)
{
  g_autofree char *to_status = NULL;
  gint64 version = 0;

  if (event_id == NULL
      || !care_server_store_find_transition (req->server->store, id, event_id, &to_status, &version, NULL))
    return FALSE;
  reply_task (req, id, to_status, version);
  return TRUE;
}

static void
handle_transition (CareRequest *req)
{
  g_autofree char *task_id = task_id_from_path (req->path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CareServerTask) task = NULL;
  CareTransitionRequest t = { 0 };
  const char *problem = NULL;
  const char *if_match = request_header (req, "If-Match");
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  if (task_id != NULL)
    task = care_server_store_get_task (req->server->store, task_id, &error);
  if (error != NULL && !g_error_matches (error, CARE_SERVER_STORE_ERROR, CARE_SERVER_STORE_ERROR_NOT_FOUND))
    {
      reply_store_error (req, error);
      return;
    }
  if (task == NULL || g_strcmp0 (task->provider, req->provider) != 0)
    {
      reply_problem (req, SOUP_STATUS_NOT_FOUND, "not-found", "There is no such task for this provider.");
      return;
    }
  body = read_json_object (req, parser);
  if (body == NULL)
    return;
  if (!parse_transition (body, &t, &problem))
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", problem);
      return;
    }
  if (replay_transition (req, task_id, t.event_id))
    return;
  if (req->fault.kind == CARE_FAULT_STALE)
    reply_task_problem (req, SOUP_STATUS_PRECONDITION_FAILED, "stale-version",
                        "Fault injected: the task changed meanwhile.", task_id, task);
  else if (if_match == NULL)
    reply_problem (req, STATUS_PRECONDITION_REQUIRED, "precondition-required",
                   "Send If-Match with the task version the change is based on.");
  else if (!if_match_names (if_match, task->version))
    reply_task_problem (req, SOUP_STATUS_PRECONDITION_FAILED, "stale-version",
                        "The task has changed since that version.", task_id, task);
  else if (!care_delegation_can_transition (task->status, t.to_status))
    {
      g_autofree char *detail = g_strdup_printf ("A task that is %s cannot become %s.",
                                                 task->status, t.to_status);
      reply_task_problem (req, SOUP_STATUS_CONFLICT, "forbidden-transition", detail, task_id, task);
    }
  else
    apply_transition (req, task_id, task, &t);
}

/* ---- GET /v1/reconcile --------------------------------------------------- */

static void
handle_reconcile (CareRequest *req)
{
  const char *device_id = query_param (req, "device_id");
  const char *from_text = query_param (req, "from_seq");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *epoch = NULL;
  JsonArray *array;
  gint64 from_seq = 0;

  if (device_id == NULL || *device_id == '\0')
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "\"device_id\" is required.");
      return;
    }
  if (from_text != NULL && !parse_count (from_text, 0, G_MAXINT64, &from_seq))
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "\"from_seq\" must be a whole number.");
      return;
    }
  epoch = current_epoch (req);
  if (epoch == NULL)
    return;
  ids = care_server_store_list_event_ids (req->server->store, req->provider, device_id, from_seq, &error);
  if (ids == NULL)
    {
      reply_store_error (req, error);
      return;
    }
  array = json_array_sized_new (ids->len);
  for (guint i = 0; i < ids->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (ids, i));
  answer = json_object_new ();
  json_object_set_string_member (answer, "server_epoch", epoch);
  json_object_set_int_member (answer, "count", ids->len);
  json_object_set_array_member (answer, "event_ids", array);
  reply_object (req, SOUP_STATUS_OK, answer);
}

/* ---- the commissioner's endpoints ---------------------------------------- */

static void
reply_admin_error (CareRequest  *req,
                   const GError *error)
{
  if (error->domain != CARE_ADMIN_ERROR)
    reply_store_error (req, error);
  else if (error->code == CARE_ADMIN_ERROR_UNKNOWN_PROVIDER)
    reply_problem (req, SOUP_STATUS_NOT_FOUND, "not-found", error->message);
  else if (error->code == CARE_ADMIN_ERROR_INVALID)
    reply_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-proposal", error->message);
  else if (error->code == CARE_ADMIN_ERROR_EXISTS)
    reply_problem (req, SOUP_STATUS_CONFLICT, "already-exists", error->message);
  else
    reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", error->message);
}

static void
handle_proposal (CareRequest *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body = read_json_object (req, parser);

  if (body == NULL)
    return;
  answer = care_admin_propose (req->server->store, NULL, body, &error);
  if (answer == NULL)
    {
      reply_admin_error (req, error);
      return;
    }
  set_etag (req, 1);
  reply_object (req, SOUP_STATUS_CREATED, answer);
}

static gboolean
wants_text (CareRequest *req)
{
  const char *accept = request_header (req, "Accept");

  return accept != NULL && strstr (accept, "text/plain") != NULL && strstr (accept, "json") == NULL;
}

static void
handle_report (CareRequest *req)
{
  const char *provider = query_param (req, "provider");
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;

  if (provider == NULL || *provider == '\0')
    {
      reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "\"provider\" is required.");
      return;
    }
  report = care_admin_report (req->server->store, provider, &error);
  if (report == NULL)
    reply_admin_error (req, error);
  else if (wants_text (req))
    {
      g_autofree char *text = care_admin_report_text (report);
      reply_text (req, SOUP_STATUS_OK, "text/plain; charset=utf-8", text);
    }
  else
    reply_object (req, SOUP_STATUS_OK, report);
}

/* ---- routing ------------------------------------------------------------- */

struct _CareRoute
{
  const char    *method;
  const char    *pattern;     /* g_pattern_match_simple */
  CareTokenRole  role;        /* CARE_TOKEN_NONE: any valid token */
  CareHandler    handler;
  gboolean       own_delay;   /* handles delay_before_commit itself */
};

static const CareRoute routes[] = {
  { "GET", "/v1/status", CARE_TOKEN_NONE, handle_status, FALSE },
  { "POST", "/v1/events:batch", CARE_TOKEN_PROVIDER, handle_batch, TRUE },
  { "GET", "/v1/feed", CARE_TOKEN_PROVIDER, handle_feed, FALSE },
  { "POST", "/v1/tasks/*/transitions", CARE_TOKEN_PROVIDER, handle_transition, FALSE },
  { "GET", "/v1/reconcile", CARE_TOKEN_PROVIDER, handle_reconcile, FALSE },
  { "POST", "/v1/admin/proposals", CARE_TOKEN_ADMIN, handle_proposal, FALSE },
  { "GET", "/v1/admin/report", CARE_TOKEN_ADMIN, handle_report, FALSE },
};

static const CareRoute *
find_route (CareRequest *req)
{
  const char *method = soup_server_message_get_method (req->msg);
  const CareRoute *path_match = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_pattern_match_simple (routes[i].pattern, req->path))
      {
        if (g_str_equal (routes[i].method, method))
          return &routes[i];
        path_match = &routes[i];
      }
  if (path_match != NULL)
    {
      set_header (req, "Allow", path_match->method);
      reply_problem (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", NULL);
    }
  else
    reply_problem (req, SOUP_STATUS_NOT_FOUND, "not-found", "There is no such endpoint.");
  return NULL;
}

static gboolean
authenticate (CareRequest *req)
{
  const char *header = request_header (req, "Authorization");
  g_autofree char *token = NULL;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    {
      reply_unauthorised (req, FALSE, "Send Authorization: Bearer <token>.");
      return FALSE;
    }
  token = g_strstrip (g_strdup (header + 7));
  req->role = *token ? care_server_store_check_token (req->server->store, token, &req->provider)
                     : CARE_TOKEN_NONE;
  if (req->role == CARE_TOKEN_NONE)
    {
      reply_unauthorised (req, TRUE, "The token is not valid.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
authorise (CareRequest     *req,
           const CareRoute *route)
{
  if (route->role == CARE_TOKEN_NONE || route->role == req->role)
    return TRUE;
  reply_problem (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                 route->role == CARE_TOKEN_ADMIN ? "This needs a commissioner (admin) token."
                                                : "This needs a provider token.");
  return FALSE;
}

static gboolean
delayed_handler (gpointer data)
{
  CareRequest *req = data;
  const CareRoute *route = req->route;

  route->handler (req);
  if (!req->gone)
    soup_server_message_unpause (req->msg);
  return G_SOURCE_REMOVE;
}

static void
run_route (CareRequest     *req,
           const CareRoute *route)
{
  req->route = route;
  if (req->fault.kind == CARE_FAULT_DELAY_BEFORE_COMMIT && !route->own_delay)
    {
      soup_server_message_pause (req->msg);
      g_timeout_add_full (G_PRIORITY_DEFAULT, req->fault.delay_ms, delayed_handler,
                          care_request_ref (req), (GDestroyNotify) care_request_unref);
      return;
    }
  route->handler (req);
  apply_fault_after (req);
}

static GHashTable *
parse_query (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (query == NULL)
    return NULL;
  return g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
}

static void
log_request (CareRequest *req)
{
  g_debug ("%s %s -> %u (%s)", soup_server_message_get_method (req->msg), req->path,
           soup_server_message_get_status (req->msg),
           req->fault.kind != CARE_FAULT_NONE ? care_fault_kind_name (req->fault.kind) : "no fault");
}

static void
handle_v1 (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  CareServer *self = user_data;
  g_autoptr(CareRequest) req = care_request_new (self, msg, path);
  const CareRoute *route;

  if (self->faults != NULL)
    care_faults_take (self->faults, soup_server_message_get_method (msg), req->path, &req->fault);
  if (apply_fault_before (req))
    {
      log_request (req);
      return;
    }
  req->query = parse_query (msg);
  if (g_uri_get_query (soup_server_message_get_uri (msg)) != NULL && req->query == NULL)
    reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", "The query string is malformed.");
  else if (authenticate (req) && (route = find_route (req)) != NULL && authorise (req, route))
    run_route (req, route);
  log_request (req);
}

static void
handle_faults (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  CareServer *self = user_data;
  g_autoptr(CareRequest) req = care_request_new (self, msg, path);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (g_str_equal (method, "DELETE"))
    {
      care_faults_clear (self->faults);
      reply_no_content (req);
    }
  else if (!g_str_equal (method, "POST"))
    {
      set_header (req, "Allow", "POST, DELETE");
      reply_problem (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", NULL);
    }
  else if (read_json_object (req, parser) != NULL)
    {
      if (care_faults_configure (self->faults, json_parser_get_root (parser), &error))
        reply_no_content (req);
      else
        reply_problem (req, SOUP_STATUS_BAD_REQUEST, "bad-request", error->message);
    }
}

static void
handle_unknown (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  g_autoptr(CareRequest) req = care_request_new (user_data, msg, path);

  reply_problem (req, SOUP_STATUS_NOT_FOUND, "not-found", "There is no such endpoint.");
}

/* Refuses an oversized body before it is read at all. */
static void
check_size_early (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > EARLY_REFUSAL_BYTES)
    {
      g_autoptr(CareRequest) req = care_request_new (user_data, msg, path);

      set_header (req, "Connection", "close");
      reply_too_large (req);
    }
}

static gboolean
expire_keys (gpointer data)
{
  CareServer *self = data;
  g_autoptr(GError) error = NULL;

  if (!care_server_store_expire_keys (self->store, care_server_store_now (self->store) - KEY_LIFETIME_SECONDS,
                                      &error))
    g_warning ("expiring idempotency keys: %s", error->message);
  return G_SOURCE_CONTINUE;
}

CareServer *
care_server_new (CareServerStore *store,
                 gboolean         allow_faults)
{
  CareServer *self = g_object_new (CARE_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->faults = allow_faults ? care_faults_new () : NULL;
  self->soup = soup_server_new ("server-header", "care-commissioner/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, check_size_early, self, NULL);
  soup_server_add_handler (self->soup, "/v1", handle_v1, self, NULL);
  if (allow_faults)
    soup_server_add_handler (self->soup, "/_faults", handle_faults, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_unknown, self, NULL);
  expire_keys (self);
  self->expire_source = g_timeout_add_seconds (3600, expire_keys, self);
  return self;
}

/* Whether GET /v1/status advertises gzip request bodies. They are accepted
 * either way; not offering them lets a validating proxy that cannot decode
 * them (Prism) sit in front. */
void
care_server_set_offer_gzip (CareServer *self,
                            gboolean    offer)
{
  self->offer_gzip = offer;
}

/* The port is read from the listening socket itself: with --port 0 the
 * kernel chose it. */
static char *
listening_uri (SoupServer   *soup,
               const char   *scheme,
               GInetAddress *address)
{
  GSList *listeners = soup_server_get_listeners (soup);
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = g_inet_address_to_string (address);
  guint port = 0;

  if (listeners != NULL)
    local = g_socket_get_local_address (listeners->data, NULL);
  if (local != NULL && G_IS_INET_SOCKET_ADDRESS (local))
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_slist_free (listeners);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("%s://[%s]:%u", scheme, host, port);
  return g_strdup_printf ("%s://%s:%u", scheme, host, port);
}

/* Returns the URI the server listens on, with the port it was given. */
char *
care_server_listen (CareServer  *self,
                    const char  *address,
                    guint        port,
                    const char  *tls_cert,
                    const char  *tls_key,
                    GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = 0;

  if (inet == NULL)
    {
      g_set_error (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_ADDRESS,
                   "%s is not an IP address", address);
      return NULL;
    }
  if (tls_cert == NULL && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_NOT_LOOPBACK,
                   "plain HTTP is only for loopback addresses; give --tls-cert and --tls-key to listen on %s",
                   address);
      return NULL;
    }
  if (self->faults != NULL && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_NOT_LOOPBACK,
                   "--allow-faults is for tests and only listens on loopback addresses");
      return NULL;
    }
  if (tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, error);

      if (certificate == NULL)
        return NULL;
      g_object_set (self->soup, "tls-certificate", certificate, NULL);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->soup, socket_address, options, error))
    return NULL;
  return listening_uri (self->soup, tls_cert ? "https" : "http", inet);
}
