/* test-server.c: the reference commissioner server, end to end
 *
 * Each test starts the real care-commissioner (CARE_COMMISSIONER) on a free
 * loopback port with its own database, and talks to it with a libsoup
 * client, so what is tested is what a provider's app meets.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "care-core.h"
#include "care-test-server.h"

#define PROVIDER_TOKEN "provider-token-0123456789"
#define OTHER_TOKEN "other-provider-token-0123456789"
#define ADMIN_TOKEN "admin-token-0123456789"
#define PROBLEM(name) "https://example.org/care-delegation/problems/" name
#define AT 1773144000   /* 2026-03-10 12:00 */

typedef struct
{
  char        *dir;
  char        *db;
  GSubprocess *server;
  char        *base;        /* http://127.0.0.1:PORT */
  char        *device_id;
  SoupSession *session;
} Fixture;

typedef struct
{
  guint               status;
  GBytes             *body;
  JsonNode           *json;
  SoupMessageHeaders *headers;
  GError             *error;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* ---- the server process -------------------------------------------------- */

static const char *
commissioner_path (void)
{
  const char *path = g_getenv ("CARE_COMMISSIONER");

  g_assert_nonnull (path);
  return path;
}

/* Runs a care-commissioner command to the end; returns its stdout. */
static char *
run_tool (Fixture    *f,
          gboolean    must_succeed,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) commissioner_path ());
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (must_succeed && !g_subprocess_get_successful (proc))
    g_error ("care-commissioner %s failed: %s", first, err);
  if (!must_succeed)
    g_assert_false (g_subprocess_get_successful (proc));
  return g_steal_pointer (&out);
}

/* Starts `serve --port 0` and reads the port from its first line. */
static GSubprocess *
start_server (const char  *db,
              char       **base,
              const char  *first_extra,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) commissioner_path ());
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (gpointer) db);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  va_start (args, first_extra);
  for (const char *arg = first_extra; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  *base = g_strdup (line + strlen ("listening on "));
  return g_steal_pointer (&proc);
}

static void
stop_server (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("care-server-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "commissioner.db", NULL);
  f->device_id = g_uuid_string_random ();
  g_free (run_tool (f, TRUE, "add-provider", "--db", f->db, "--id", "prov1", "--name", "Sunny Meadows", NULL));
  g_free (run_tool (f, TRUE, "add-provider", "--db", f->db, "--id", "prov2", "--name", "Oak House", NULL));
  g_free (run_tool (f, TRUE, "add-token", "--db", f->db, "--provider", "prov1", "--token", PROVIDER_TOKEN, NULL));
  g_free (run_tool (f, TRUE, "add-token", "--db", f->db, "--provider", "prov2", "--token", OTHER_TOKEN, NULL));
  g_free (run_tool (f, TRUE, "add-token", "--db", f->db, "--admin", "--token", ADMIN_TOKEN, NULL));
  f->server = start_server (f->db, &f->base, "--allow-faults", NULL);
  f->session = soup_session_new_with_options ("timeout", 10, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* The client's connections close first, so the server exits with none
   * open. */
  g_clear_object (&f->session);
  stop_server (f->server);
  g_clear_object (&f->server);
  care_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->base);
  g_free (f->device_id);
}

/* ---- HTTP ---------------------------------------------------------------- */

static SoupMessage *
new_message (const char *base,
             const char *method,
             const char *path,
             const char *token)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

static void
set_request_header (SoupMessage *msg,
                    const char  *name,
                    const char  *value)
{
  soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
}

static void
set_body (SoupMessage *msg,
          GBytes      *body)
{
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
}

static Reply *
send_message (SoupSession *session,
              SoupMessage *msg)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->body = soup_session_send_and_read (session, msg, NULL, &reply->error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply->body != NULL && g_bytes_get_size (reply->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (reply->body, NULL),
                                      g_bytes_get_size (reply->body), NULL))
        reply->json = json_node_copy (json_parser_get_root (parser));
    }
  return reply;
}

static Reply *
do_request (Fixture    *f,
            const char *method,
            const char *path,
            const char *token,
            GBytes     *body)
{
  g_autoptr(SoupMessage) msg = new_message (f->base, method, path, token);

  if (body != NULL)
    set_body (msg, body);
  return send_message (f->session, msg);
}

static Reply *
post_batch (Fixture    *f,
            const char *key,
            GBytes     *body)
{
  g_autoptr(SoupMessage) msg = new_message (f->base, "POST", "/v1/events:batch", PROVIDER_TOKEN);

  if (key != NULL)
    set_request_header (msg, "Idempotency-Key", key);
  set_body (msg, body);
  return send_message (f->session, msg);
}

static JsonObject *
reply_object (Reply *reply)
{
  g_assert_no_error (reply->error);
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

static void
assert_problem (Reply      *reply,
                guint       status,
                const char *type)
{
  JsonObject *problem;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/problem+json");
  problem = reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  g_assert_nonnull (json_object_get_string_member (problem, "detail"));
}

static void
set_faults (Fixture    *f,
            const char *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(Reply) reply = do_request (f, "POST", "/_faults", NULL, body);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 204);
}

/* ---- events and batches -------------------------------------------------- */

static CareRecord *
new_record (CareKind kind)
{
  CareRecord *record = care_record_new (kind);

  _care_record_set_stored (record, 1, AT, NULL, FALSE);
  return record;
}

static CareRecord *
new_person (const char *given,
            const char *family,
            const char *dob)
{
  CareRecord *r = new_record (CARE_KIND_PERSON);

  care_record_set_string (r, "given_name", given);
  care_record_set_string (r, "family_name", family);
  care_record_set_string (r, "date_of_birth", dob);
  care_record_set_string (r, "status", "active");
  return r;
}

static CareRecord *
new_staff (const char *name)
{
  CareRecord *r = new_record (CARE_KIND_STAFF);

  care_record_set_string (r, "name", name);
  care_record_set_string (r, "role", "care_worker");
  care_record_set_bool (r, "active", TRUE);
  return r;
}

static CareRecord *
new_task_type (const char *code,
               const char *name)
{
  CareRecord *r = new_record (CARE_KIND_TASK_TYPE);

  care_record_set_string (r, "code", code);
  care_record_set_string (r, "name", name);
  care_record_set_string (r, "category", "skin");
  care_record_set_bool (r, "delegable", TRUE);
  care_record_set_int (r, "validity_months", 12);
  care_record_set_int (r, "grace_minutes", 60);
  care_record_set_bool (r, "active", TRUE);
  return r;
}

/* The delegated task fields of a commissioner's proposal. */
static JsonObject *
task_fields (const char *person_uuid,
             const char *type_uuid)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "person_uuid", person_uuid);
  json_object_set_string_member (fields, "task_type_uuid", type_uuid);
  json_object_set_string_member (fields, "practitioner_name", "Dana Nurse");
  json_object_set_string_member (fields, "practitioner_profession", "District nurse");
  json_object_set_string_member (fields, "practitioner_number", "12A3456E");
  json_object_set_string_member (fields, "practitioner_org", "Community Health Trust");
  json_object_set_string_member (fields, "delegated_on", "2026-03-09");
  json_object_set_string_member (fields, "instructions", "Apply a thin layer to both shins.");
  json_object_set_string_member (fields, "schedule_kind", "times");
  json_object_set_string_member (fields, "schedule_times", "08:00, 20:00");
  json_object_set_string_member (fields, "start_date", "2026-03-10");
  json_object_set_int_member (fields, "review_interval_days", 28);
  json_object_set_string_member (fields, "consent_basis", "consent");
  return fields;
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
new_event (Fixture    *f,
           gint64      local_seq,
           CareRecord *record)
{
  const CareKindInfo *info = care_kind_info (care_record_get_kind (record));
  g_autofree char *payload = care_record_to_json (record);
  g_autofree char *event_id = g_uuid_string_random ();
  JsonObject *event = json_object_new ();

  json_object_set_string_member (event, "event_id", event_id);
  json_object_set_string_member (event, "device_id", f->device_id);
  json_object_set_int_member (event, "local_seq", local_seq);
  json_object_set_string_member (event, "entity_kind", info->name);
  json_object_set_string_member (event, "entity_uuid", care_record_get_uuid (record));
  json_object_set_int_member (event, "entity_version", care_record_get_version (record));
  json_object_set_string_member (event, "action", "create");
  json_object_set_null_member (event, "actor_uuid");
  json_object_set_string_member (event, "actor_name", "Alex Manager");
  json_object_set_int_member (event, "at", AT);
  json_object_set_null_member (event, "reason");
  json_object_set_array_member (event, "changed", json_array_new ());
  json_object_set_member (event, "payload", parse_text (payload));
  return event;
}

static GBytes *
object_bytes (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  char *text;

  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &len);
  return g_bytes_new_take (text, len);
}

/* A batch of the given events (JsonObject *, NULL-terminated); takes them. */
static GBytes *
batch_body (Fixture    *f,
            const char *batch_id,
            JsonObject *first,
            ...)
{
  g_autoptr(JsonObject) batch = json_object_new ();
  JsonArray *events = json_array_new ();
  va_list args;

  va_start (args, first);
  for (JsonObject *e = first; e != NULL; e = va_arg (args, JsonObject *))
    json_array_add_object_element (events, e);
  va_end (args);
  json_object_set_string_member (batch, "device_id", f->device_id);
  json_object_set_string_member (batch, "batch_id", batch_id);
  json_object_set_array_member (batch, "events", events);
  return object_bytes (batch);
}

static JsonObject *
result_at (Reply *reply,
           guint  index)
{
  JsonArray *results = json_object_get_array_member (reply_object (reply), "results");

  g_assert_cmpuint (index, <, json_array_get_length (results));
  return json_array_get_object_element (results, index);
}

static const char *
result_status (Reply *reply,
               guint  index)
{
  return json_object_get_string_member (result_at (reply, index), "status");
}

static gint64
result_seq (Reply *reply,
            guint  index)
{
  return json_object_get_int_member (result_at (reply, index), "server_seq");
}

static char *
string_copy (JsonObject *object,
             const char *member)
{
  return g_strdup (json_object_get_string_member (object, member));
}

/* Three valid events in a fresh batch: a person, a staff member, a task type. */
static GBytes *
simple_batch (Fixture    *f,
              const char *key,
              gint64      first_seq,
              char      **first_event_id)
{
  g_autoptr(CareRecord) person = new_person ("Mary", "Smith", "1940-05-01");
  g_autoptr(CareRecord) staff = new_staff ("Alex Carer");
  g_autoptr(CareRecord) type = new_task_type ("topical-cream", "Topical cream");
  JsonObject *e1 = new_event (f, first_seq, person);

  if (first_event_id != NULL)
    *first_event_id = string_copy (e1, "event_id");
  return batch_body (f, key, e1, new_event (f, first_seq + 1, staff), new_event (f, first_seq + 2, type), NULL);
}

/* ---- the tests ----------------------------------------------------------- */

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Reply) none = do_request (f, "GET", "/v1/status", NULL, NULL);
  g_autoptr(Reply) bad = do_request (f, "GET", "/v1/status", "not-a-known-token-at-all", NULL);
  g_autoptr(Reply) ok = do_request (f, "GET", "/v1/status", PROVIDER_TOKEN, NULL);
  g_autoptr(Reply) admin_only = do_request (f, "GET", "/v1/admin/report?provider=prov1", PROVIDER_TOKEN, NULL);
  g_autoptr(Reply) provider_only = do_request (f, "GET", "/v1/feed", ADMIN_TOKEN, NULL);
  g_autoptr(Reply) unknown = do_request (f, "GET", "/v1/nothing", PROVIDER_TOKEN, NULL);
  g_autoptr(Reply) wrong_method = do_request (f, "GET", "/v1/events:batch", PROVIDER_TOKEN, NULL);
  JsonObject *status;
  JsonArray *encodings;

  assert_problem (none, 401, PROBLEM ("unauthorised"));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (none->headers, "WWW-Authenticate"), "Bearer"));
  assert_problem (bad, 401, PROBLEM ("unauthorised"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (bad->headers, "WWW-Authenticate"),
                            "error=\"invalid_token\""));
  assert_problem (admin_only, 403, PROBLEM ("forbidden"));
  assert_problem (provider_only, 403, PROBLEM ("forbidden"));
  assert_problem (unknown, 404, PROBLEM ("not-found"));
  assert_problem (wrong_method, 405, PROBLEM ("method-not-allowed"));
  g_assert_cmpstr (soup_message_headers_get_one (wrong_method->headers, "Allow"), ==, "POST");

  g_assert_cmpuint (ok->status, ==, 200);
  status = reply_object (ok);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (status, "server_epoch")));
  g_assert_cmpint (json_object_get_int_member (status, "max_batch"), ==, 200);
  encodings = json_object_get_array_member (status, "accept_encoding");
  g_assert_cmpstr (json_array_get_string_element (encodings, 0), ==, "gzip");
}

static void
test_batch_idempotent (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *key2 = g_uuid_string_random ();
  g_autofree char *first_id = NULL;
  g_autoptr(GBytes) body = simple_batch (f, key, 1, &first_id);
  g_autoptr(GBytes) other = simple_batch (f, key, 1, NULL);
  g_autoptr(Reply) first = post_batch (f, key, body);
  g_autoptr(Reply) again = post_batch (f, key, body);
  g_autoptr(Reply) reused = post_batch (f, key, other);
  g_autoptr(Reply) no_key = post_batch (f, NULL, body);
  g_autoptr(CareRecord) person = new_person ("John", "Jones", "1938-11-20");
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonObject) resent = NULL;
  g_autoptr(GBytes) mixed = NULL;
  g_autoptr(Reply) third = NULL;
  JsonObject *answer;

  g_assert_cmpuint (first->status, ==, 200);
  answer = reply_object (first);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (answer, "server_epoch")));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (result_status (first, i), ==, "created");
      g_assert_cmpint (result_seq (first, i), >, 0);
    }
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 0), "event_id"), ==, first_id);
  g_assert_cmpint (result_seq (first, 0), <, result_seq (first, 1));

  /* Same key, same body: the stored answer, byte for byte. */
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_true (g_bytes_equal (first->body, again->body));
  assert_problem (reused, 422, PROBLEM ("idempotency-key-reused"));
  assert_problem (no_key, 400, PROBLEM ("idempotency-key-missing"));

  /* The first event again, in a new batch with a new event. */
  sent = parse_text (g_bytes_get_data (body, NULL));
  resent = json_object_ref (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (sent), "events"), 0));
  mixed = batch_body (f, key2, json_object_ref (resent), new_event (f, 4, person), NULL);
  third = post_batch (f, key2, mixed);
  g_assert_cmpuint (third->status, ==, 200);
  g_assert_cmpstr (result_status (third, 0), ==, "duplicate");
  g_assert_cmpint (result_seq (third, 0), ==, result_seq (first, 0));
  g_assert_cmpstr (result_status (third, 1), ==, "created");
  g_assert_cmpint (result_seq (third, 1), >, result_seq (first, 2));
}

static void
test_batch_rejected (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(CareRecord) good = new_person ("Mary", "Smith", "1940-05-01");
  g_autoptr(CareRecord) bad_date = new_person ("Ann", "Other", "2026-02-30");
  g_autoptr(CareRecord) staff = new_staff ("Alex Carer");
  g_autoptr(CareRecord) extra_field = new_person ("Bo", "Field", "1950-01-01");
  g_autoptr(CareRecord) wrong_kind = new_person ("Cy", "Kind", "1950-01-01");
  JsonObject *e_extra = new_event (f, 4, extra_field);
  JsonObject *e_kind = new_event (f, 5, wrong_kind);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(Reply) reply = NULL;
  JsonObject *problem;

  json_object_set_string_member (json_object_get_object_member (json_object_get_object_member (e_extra, "payload"),
                                                                "fields"), "shoe_size", "9");
  json_object_set_string_member (e_kind, "entity_kind", "spaceship");
  body = batch_body (f, key, new_event (f, 1, good), new_event (f, 2, bad_date), new_event (f, 3, staff),
                     e_extra, e_kind, NULL);
  reply = post_batch (f, key, body);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (result_status (reply, 0), ==, "created");
  g_assert_cmpstr (result_status (reply, 1), ==, "rejected");
  g_assert_true (json_node_is_null (json_object_get_member (result_at (reply, 1), "server_seq")));
  problem = json_object_get_object_member (result_at (reply, 1), "problem");
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, PROBLEM ("invalid-event"));
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "2026-02-30"));
  /* A staff member's PIN hash never leaves the device: still created. */
  g_assert_cmpstr (result_status (reply, 2), ==, "created");
  g_assert_cmpstr (result_status (reply, 3), ==, "rejected");
  g_assert_cmpstr (result_status (reply, 4), ==, "rejected");
}

static void
test_batch_limits (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(JsonObject) batch = json_object_new ();
  g_autoptr(JsonObject) big = json_object_new ();
  JsonArray *events = json_array_new ();
  JsonArray *big_events = json_array_new ();
  g_autoptr(GBytes) too_many = NULL;
  g_autoptr(GBytes) too_big = NULL;
  g_autoptr(GBytes) not_json = g_bytes_new_static ("{\"events\": [", 12);
  g_autoptr(GBytes) not_events = g_bytes_new_static ("{\"events\": [42]}", 16);
  g_autoptr(Reply) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autofree char *padding = g_strnfill (4000, 'x');

  for (int i = 0; i < 201; i++)
    {
      g_autoptr(CareRecord) p = new_person ("Many", "People", "1950-01-01");
      json_array_add_object_element (events, new_event (f, i + 1, p));
    }
  json_object_set_array_member (batch, "events", events);
  too_many = object_bytes (batch);
  g_assert_cmpuint (g_bytes_get_size (too_many), <, 512 * 1024);
  r1 = post_batch (f, key, too_many);
  assert_problem (r1, 413, PROBLEM ("payload-too-large"));

  for (int i = 0; i < 150; i++)
    {
      g_autoptr(CareRecord) p = new_person ("Long", "Notes", "1950-01-01");
      care_record_set_string (p, "allergies", padding);
      json_array_add_object_element (big_events, new_event (f, i + 1, p));
    }
  json_object_set_array_member (big, "events", big_events);
  too_big = object_bytes (big);
  g_assert_cmpuint (g_bytes_get_size (too_big), >, 512 * 1024);
  r2 = post_batch (f, key, too_big);
  assert_problem (r2, 413, PROBLEM ("payload-too-large"));

  r3 = post_batch (f, key, not_json);
  assert_problem (r3, 400, PROBLEM ("bad-request"));
  r4 = post_batch (f, key, not_events);
  assert_problem (r4, 400, PROBLEM ("bad-request"));
}

static GBytes *
gzip_bytes (GBytes *plain)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_batch_gzip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) body = simple_batch (f, key, 1, NULL);
  g_autoptr(GBytes) zipped = gzip_bytes (body);
  g_autoptr(SoupMessage) msg = new_message (f->base, "POST", "/v1/events:batch", PROVIDER_TOKEN);
  g_autoptr(SoupMessage) brotli = new_message (f->base, "POST", "/v1/events:batch", PROVIDER_TOKEN);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) plain_again = NULL;

  set_request_header (msg, "Idempotency-Key", key);
  set_request_header (msg, "Content-Encoding", "gzip");
  set_body (msg, zipped);
  reply = send_message (f->session, msg);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (result_status (reply, 0), ==, "created");
  g_assert_cmpstr (result_status (reply, 2), ==, "created");

  /* The fingerprint is of the JSON, so the plain retry is the same request. */
  plain_again = post_batch (f, key, body);
  g_assert_true (g_bytes_equal (reply->body, plain_again->body));

  set_request_header (brotli, "Idempotency-Key", key);
  set_request_header (brotli, "Content-Encoding", "br");
  set_body (brotli, zipped);
  refused = send_message (f->session, brotli);
  assert_problem (refused, 415, PROBLEM ("unsupported-media-type"));
  g_assert_cmpstr (soup_message_headers_get_one (refused->headers, "Accept-Encoding"), ==, "gzip");
}

typedef struct
{
  char   *base;
  char   *key;
  GBytes *body;
} SlowUpload;

static gpointer
slow_upload (gpointer data)
{
  SlowUpload *up = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(SoupMessage) msg = new_message (up->base, "POST", "/v1/events:batch", PROVIDER_TOKEN);

  set_request_header (msg, "Idempotency-Key", up->key);
  set_body (msg, up->body);
  return send_message (session, msg);
}

static void
test_batch_in_flight (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) body = simple_batch (f, key, 1, NULL);
  g_autoptr(GBytes) other = simple_batch (f, key, 1, NULL);
  SlowUpload up = { f->base, key, body };
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) reused = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) after = NULL;
  GThread *thread;

  set_faults (f, "{\"rules\": [{\"path\": \"/v1/events:batch\", \"fault\": \"delay_before_commit\", "
                 "\"seconds\": 1.5}]}");
  thread = g_thread_new ("slow-upload", slow_upload, &up);
  g_usleep (500 * 1000);
  second = post_batch (f, key, body);
  assert_problem (second, 409, PROBLEM ("request-in-flight"));
  reused = post_batch (f, key, other);
  assert_problem (reused, 422, PROBLEM ("idempotency-key-reused"));

  first = g_thread_join (thread);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (result_status (first, 0), ==, "created");
  after = post_batch (f, key, body);
  g_assert_true (g_bytes_equal (first->body, after->body));
}

/* A lost answer: the retry with the same key finds the commit. */
static void
check_lost_answer (Fixture    *f,
                   const char *fault,
                   gboolean    committed)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *rules = g_strdup_printf ("{\"rules\": [{\"path\": \"/v1/events:batch\", \"fault\": \"%s\", "
                                            "\"seconds\": 2}]}", fault);
  g_autoptr(GBytes) body = simple_batch (f, key, 1, NULL);
  g_autoptr(Reply) lost = NULL;
  g_autoptr(Reply) retry = NULL;
  g_autoptr(Reply) again = NULL;

  set_faults (f, rules);
  lost = post_batch (f, key, body);
  g_assert_true (lost->error != NULL || lost->json == NULL);
  retry = post_batch (f, key, body);
  g_assert_cmpuint (retry->status, ==, 200);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (result_status (retry, i), ==, "created");

  /* A new key for the same events: the server holds them once either way. */
  if (committed)
    {
      g_autofree char *key2 = g_uuid_string_random ();
      again = post_batch (f, key2, body);
      g_assert_cmpstr (result_status (again, 0), ==, "duplicate");
      g_assert_cmpint (result_seq (again, 0), ==, result_seq (retry, 0));
    }
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) body = simple_batch (f, key, 1, NULL);
  g_autoptr(Reply) busy = NULL, ok = NULL, expired = NULL, in_flight = NULL, malformed = NULL;
  g_autoptr(SoupSession) impatient = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) stalled = NULL;
  g_autoptr(Reply) retry = NULL;

  set_faults (f, "{\"rules\": [{\"path\": \"/v1/status\", \"fault\": \"status\", \"status\": 503, "
                 "\"retry_after\": 2, \"count\": 1}, "
                 "{\"path\": \"/v1/status\", \"fault\": \"status\", \"status\": 401}]}");
  busy = do_request (f, "GET", "/v1/status", PROVIDER_TOKEN, NULL);
  assert_problem (busy, 503, PROBLEM ("service-unavailable"));
  g_assert_cmpstr (soup_message_headers_get_one (busy->headers, "Retry-After"), ==, "2");
  expired = do_request (f, "GET", "/v1/status", PROVIDER_TOKEN, NULL);
  assert_problem (expired, 401, PROBLEM ("unauthorised"));
  g_assert_nonnull (soup_message_headers_get_one (expired->headers, "WWW-Authenticate"));
  ok = do_request (f, "GET", "/v1/status", PROVIDER_TOKEN, NULL);
  g_assert_cmpuint (ok->status, ==, 200);

  set_faults (f, "{\"rules\": [{\"path\": \"/v1/events:batch\", \"fault\": \"in_flight\"}]}");
  in_flight = post_batch (f, key, body);
  assert_problem (in_flight, 409, PROBLEM ("request-in-flight"));

  check_lost_answer (f, "commit_then_drop", TRUE);
  check_lost_answer (f, "truncate", TRUE);
  check_lost_answer (f, "reset_before_commit", FALSE);

  set_faults (f, "{\"rules\": [{\"path\": \"/v1/events:batch\", \"fault\": \"malformed\"}]}");
  malformed = post_batch (f, key, body);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_null (malformed->json);

  /* Committed, then silent past the client's timeout. */
  {
    g_autofree char *key2 = g_uuid_string_random ();
    g_autoptr(GBytes) body2 = simple_batch (f, key2, 10, NULL);

    set_faults (f, "{\"rules\": [{\"path\": \"/v1/events:batch\", \"fault\": \"commit_then_stall\", "
                   "\"seconds\": 2}]}");
    msg = new_message (f->base, "POST", "/v1/events:batch", PROVIDER_TOKEN);
    set_request_header (msg, "Idempotency-Key", key2);
    set_body (msg, body2);
    stalled = send_message (impatient, msg);
    g_assert_nonnull (stalled->error);
    retry = post_batch (f, key2, body2);
    g_assert_cmpuint (retry->status, ==, 200);
    g_assert_cmpstr (result_status (retry, 0), ==, "created");
  }
}

static Reply *
propose (Fixture    *f,
         const char *provider,
         const char *task_id,
         JsonObject *fields)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;

  json_object_set_string_member (request, "provider", provider);
  if (task_id != NULL)
    json_object_set_string_member (request, "task_id", task_id);
  json_object_set_object_member (request, "fields", fields);
  body = object_bytes (request);
  return do_request (f, "POST", "/v1/admin/proposals", ADMIN_TOKEN, body);
}

static char *
propose_ok (Fixture *f)
{
  g_autofree char *person = g_uuid_string_random ();
  g_autofree char *type = g_uuid_string_random ();
  g_autoptr(Reply) reply = propose (f, "prov1", NULL, task_fields (person, type));

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (reply_object (reply), "status"), ==, "proposed");
  return string_copy (reply_object (reply), "task_id");
}

static Reply *
get_feed (Fixture    *f,
          const char *cursor,
          int         limit)
{
  g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
  g_autofree char *path = cursor ? g_strdup_printf ("/v1/feed?limit=%d&cursor=%s", limit, escaped)
                                 : g_strdup_printf ("/v1/feed?limit=%d", limit);

  return do_request (f, "GET", path, PROVIDER_TOKEN, NULL);
}

static void
test_feed (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *t1 = propose_ok (f);
  g_autofree char *t2 = propose_ok (f);
  g_autofree char *t3 = propose_ok (f);
  g_autoptr(Reply) page1 = get_feed (f, NULL, 2);
  g_autoptr(Reply) page2 = NULL, page3 = NULL, bad = NULL, expired = NULL, invalid = NULL, nobody = NULL;
  g_autoptr(Reply) page4 = NULL, other = NULL;
  g_autofree char *file = g_build_filename (f->dir, "proposal.json", NULL);
  g_autoptr(JsonObject) cli = json_object_new ();
  g_autoptr(GBytes) cli_body = NULL;
  g_autofree char *out = NULL;
  g_autofree char *person = g_uuid_string_random ();
  JsonObject *feed, *item, *payload;
  JsonObject *broken = NULL;
  const char *cursor;

  feed = reply_object (page1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (feed, "items")), ==, 2);
  g_assert_true (json_object_get_boolean_member (feed, "has_more"));
  item = json_array_get_object_element (json_object_get_array_member (feed, "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "task_proposal");
  g_assert_cmpstr (json_object_get_string_member (item, "entity_id"), ==, t1);
  g_assert_cmpint (json_object_get_int_member (item, "version"), ==, 1);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (item, "item_id")));
  payload = json_object_get_object_member (item, "payload");
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "proposed");
  g_assert_cmpstr (json_object_get_string_member (payload, "source"), ==, "commissioner");
  g_assert_cmpstr (json_object_get_string_member (payload, "instructions"), ==, "Apply a thin layer to both shins.");

  cursor = json_object_get_string_member (feed, "next_cursor");
  page2 = get_feed (f, cursor, 2);
  feed = reply_object (page2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (feed, "items")), ==, 1);
  g_assert_false (json_object_get_boolean_member (feed, "has_more"));
  item = json_array_get_object_element (json_object_get_array_member (feed, "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "entity_id"), ==, t3);
  g_assert_cmpstr (t2, !=, t3);

  cursor = json_object_get_string_member (feed, "next_cursor");
  page3 = get_feed (f, cursor, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply_object (page3), "items")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (reply_object (page3), "next_cursor"), ==, cursor);

  bad = get_feed (f, "bm90LWEtY3Vyc29y", 2);
  assert_problem (bad, 410, PROBLEM ("cursor-expired"));
  set_faults (f, "{\"rules\": [{\"path\": \"/v1/feed\", \"fault\": \"expire_cursor\"}]}");
  expired = get_feed (f, cursor, 2);
  assert_problem (expired, 410, PROBLEM ("cursor-expired"));

  /* Another provider sees none of it. */
  {
    g_autoptr(SoupMessage) msg = new_message (f->base, "GET", "/v1/feed", OTHER_TOKEN);
    other = send_message (f->session, msg);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply_object (other), "items")), ==, 0);
  }

  broken = task_fields (person, person);
  json_object_remove_member (broken, "instructions");
  invalid = propose (f, "prov1", NULL, broken);
  assert_problem (invalid, 422, PROBLEM ("invalid-proposal"));
  nobody = propose (f, "nobody", NULL, task_fields (person, person));
  assert_problem (nobody, 404, PROBLEM ("not-found"));

  /* The command line puts a proposal on the same feed. */
  json_object_set_object_member (cli, "fields", task_fields (person, person));
  cli_body = object_bytes (cli);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (cli_body, NULL), g_bytes_get_size (cli_body), NULL));
  out = run_tool (f, TRUE, "propose", "--db", f->db, "--provider", "prov1", "--json", file, NULL);
  g_assert_true (g_str_has_prefix (out, "proposed task "));
  page4 = get_feed (f, cursor, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply_object (page4), "items")), ==, 1);
}

static Reply *
transition (Fixture    *f,
            const char *token,
            const char *task_id,
            const char *if_match,
            const char *to_status,
            const char *event_id)
{
  g_autofree char *path = g_strdup_printf ("/v1/tasks/%s/transitions", task_id);
  g_autoptr(SoupMessage) msg = new_message (f->base, "POST", path, token);
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *made_id = event_id ? NULL : g_uuid_string_random ();

  json_object_set_string_member (request, "to_status", to_status);
  json_object_set_string_member (request, "reason", "Staff trained and ready.");
  json_object_set_string_member (request, "event_id", event_id ? event_id : made_id);
  body = object_bytes (request);
  if (if_match != NULL)
    set_request_header (msg, "If-Match", if_match);
  set_body (msg, body);
  return send_message (f->session, msg);
}

static void
assert_task (JsonObject *task,
             const char *status,
             gint64      version)
{
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, status);
  g_assert_cmpint (json_object_get_int_member (task, "version"), ==, version);
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *task = propose_ok (f);
  g_autofree char *event = g_uuid_string_random ();
  g_autofree char *unknown = g_uuid_string_random ();
  g_autoptr(Reply) no_match = transition (f, PROVIDER_TOKEN, task, NULL, "accepted", NULL);
  g_autoptr(Reply) accepted = transition (f, PROVIDER_TOKEN, task, "\"1\"", "accepted", event);
  g_autoptr(Reply) replay = transition (f, PROVIDER_TOKEN, task, "\"1\"", "accepted", event);
  g_autoptr(Reply) stale = transition (f, PROVIDER_TOKEN, task, "\"1\"", "accepted", NULL);
  g_autoptr(Reply) forbidden = transition (f, PROVIDER_TOKEN, task, "\"2\"", "declined", NULL);
  g_autoptr(Reply) active = transition (f, PROVIDER_TOKEN, task, "\"2\"", "active", NULL);
  g_autoptr(Reply) missing = transition (f, PROVIDER_TOKEN, unknown, "\"1\"", "accepted", NULL);
  g_autoptr(Reply) not_theirs = transition (f, OTHER_TOKEN, task, "\"3\"", "suspended", NULL);
  g_autoptr(Reply) bad_status = transition (f, PROVIDER_TOKEN, task, "\"3\"", "lost", NULL);
  g_autoptr(Reply) faulted = NULL;

  assert_problem (no_match, 428, PROBLEM ("precondition-required"));

  g_assert_cmpuint (accepted->status, ==, 200);
  assert_task (reply_object (accepted), "accepted", 2);
  g_assert_cmpstr (json_object_get_string_member (reply_object (accepted), "id"), ==, task);
  g_assert_cmpstr (soup_message_headers_get_one (accepted->headers, "ETag"), ==, "\"2\"");

  /* A retry of an applied transition gets the answer it had. */
  g_assert_cmpuint (replay->status, ==, 200);
  assert_task (reply_object (replay), "accepted", 2);

  assert_problem (stale, 412, PROBLEM ("stale-version"));
  assert_task (json_object_get_object_member (reply_object (stale), "current"), "accepted", 2);
  g_assert_cmpstr (soup_message_headers_get_one (stale->headers, "ETag"), ==, "\"2\"");

  assert_problem (forbidden, 409, PROBLEM ("forbidden-transition"));
  assert_task (json_object_get_object_member (reply_object (forbidden), "current"), "accepted", 2);

  g_assert_cmpuint (active->status, ==, 200);
  assert_task (reply_object (active), "active", 3);

  assert_problem (missing, 404, PROBLEM ("not-found"));
  assert_problem (not_theirs, 404, PROBLEM ("not-found"));
  assert_problem (bad_status, 400, PROBLEM ("bad-request"));

  set_faults (f, "{\"rules\": [{\"path\": \"/v1/tasks/*/transitions\", \"fault\": \"stale\"}]}");
  faulted = transition (f, PROVIDER_TOKEN, task, "\"3\"", "suspended", NULL);
  assert_problem (faulted, 412, PROBLEM ("stale-version"));
  assert_task (json_object_get_object_member (reply_object (faulted), "current"), "active", 3);
}

/* The commissioner moves its own task on from the command line, under the
 * same lifecycle; a provider holding the old version then gets 412 with
 * the commissioner's status. */
static void
test_commissioner_transition (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *task = propose_ok (f);
  g_autofree char *unknown = g_uuid_string_random ();
  g_autofree char *out = NULL;
  g_autoptr(Reply) accepted = NULL;
  g_autoptr(Reply) stale = NULL;

  /* A proposal is the provider's to decide: withdrawing it is refused. */
  g_free (run_tool (f, FALSE, "transition", "--db", f->db, "--task", task, "--to", "withdrawn", NULL));
  g_free (run_tool (f, FALSE, "transition", "--db", f->db, "--task", task, "--to", "lost", NULL));
  g_free (run_tool (f, FALSE, "transition", "--db", f->db, "--task", unknown, "--to", "ended", NULL));

  accepted = transition (f, PROVIDER_TOKEN, task, "\"1\"", "accepted", NULL);
  g_assert_cmpuint (accepted->status, ==, 200);
  out = run_tool (f, TRUE, "transition", "--db", f->db, "--task", task, "--to", "withdrawn",
                  "--reason", "Care moved to the district nursing team", NULL);
  g_assert_nonnull (strstr (out, "is now withdrawn (version 3)"));

  stale = transition (f, PROVIDER_TOKEN, task, "\"2\"", "active", NULL);
  assert_problem (stale, 412, PROBLEM ("stale-version"));
  assert_task (json_object_get_object_member (reply_object (stale), "current"), "withdrawn", 3);
}

static JsonObject *
reconcile (Fixture *f,
           gint64   from_seq,
           Reply  **keep)
{
  g_autofree char *path = g_strdup_printf ("/v1/reconcile?device_id=%s&from_seq=%" G_GINT64_FORMAT,
                                           f->device_id, from_seq);

  *keep = do_request (f, "GET", path, PROVIDER_TOKEN, NULL);
  g_assert_cmpuint ((*keep)->status, ==, 200);
  return reply_object (*keep);
}

static void
test_reconcile_after_restore (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *key_a = g_uuid_string_random ();
  g_autofree char *key_b = g_uuid_string_random ();
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autoptr(GBytes) batch_a = simple_batch (f, key_a, 1, NULL);
  g_autoptr(GBytes) batch_b = NULL;
  g_autoptr(CareRecord) p4 = new_person ("Four", "After", "1945-01-01");
  g_autoptr(CareRecord) p5 = new_person ("Five", "After", "1946-01-01");
  g_autoptr(Reply) a = post_batch (f, key_a, batch_a);
  g_autoptr(Reply) b = NULL, before = NULL, tail = NULL, after = NULL, status = NULL, again = NULL, feed = NULL;
  g_autoptr(Reply) feed0 = NULL;
  g_autofree char *epoch_before = NULL;
  g_autofree char *out = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *task = propose_ok (f);
  JsonObject *answer;

  g_assert_cmpuint (a->status, ==, 200);
  feed0 = get_feed (f, NULL, 10);
  cursor = string_copy (reply_object (feed0), "next_cursor");
  g_free (run_tool (f, TRUE, "backup", "--db", f->db, "--to", backup, NULL));

  batch_b = batch_body (f, key_b, new_event (f, 4, p4), new_event (f, 5, p5), NULL);
  b = post_batch (f, key_b, batch_b);
  g_assert_cmpstr (result_status (b, 1), ==, "created");

  answer = reconcile (f, 1, &before);
  g_assert_cmpint (json_object_get_int_member (answer, "count"), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "event_ids")), ==, 5);
  epoch_before = string_copy (answer, "server_epoch");
  answer = reconcile (f, 4, &tail);
  g_assert_cmpint (json_object_get_int_member (answer, "count"), ==, 2);

  /* Restored under the running server: it sees the old data at once. */
  out = run_tool (f, TRUE, "restore", "--db", f->db, "--from", backup, NULL);
  g_assert_nonnull (strstr (out, "new server epoch"));
  answer = reconcile (f, 1, &after);
  g_assert_cmpint (json_object_get_int_member (answer, "count"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (answer, "server_epoch"), !=, epoch_before);
  status = do_request (f, "GET", "/v1/status", PROVIDER_TOKEN, NULL);
  g_assert_cmpstr (json_object_get_string_member (reply_object (status), "server_epoch"), ==,
                   json_object_get_string_member (answer, "server_epoch"));

  /* The old cursor is from the lost epoch. */
  feed = get_feed (f, cursor, 10);
  assert_problem (feed, 410, PROBLEM ("cursor-expired"));

  /* The key of the lost batch is gone with it: the re-send is taken anew. */
  again = post_batch (f, key_b, batch_b);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (result_status (again, 0), ==, "created");
  g_assert_cmpstr (result_status (again, 1), ==, "created");
}

static void
test_https (Fixture       *f,
            gconstpointer  data)
{
  const char *script = g_getenv ("CARE_GEN_TEST_CERT");
  g_autofree char *certs = g_build_filename (f->dir, "certs", NULL);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (certs, "server.pem", NULL);
  g_autofree char *key = g_build_filename (certs, "server-key.pem", NULL);
  g_autofree char *base = NULL;
  g_autoptr(GSubprocess) gen = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) trusting = NULL;
  g_autoptr(SoupSession) plain = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(SoupMessage) ok_msg = NULL;
  g_autoptr(SoupMessage) refused_msg = NULL;
  g_autoptr(Reply) ok = NULL;
  g_autoptr(Reply) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_nonnull (script);
  gen = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, script, certs, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (gen, NULL, &error);
  g_assert_no_error (error);

  server = start_server (f->db, &base, "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_true (g_str_has_prefix (base, "https://127.0.0.1:"));

  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  trusting = soup_session_new_with_options ("timeout", 10, "tls-database", database, NULL);
  ok_msg = new_message (base, "GET", "/v1/status", PROVIDER_TOKEN);
  ok = send_message (trusting, ok_msg);
  g_assert_no_error (ok->error);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (soup_message_get_tls_peer_certificate_errors (ok_msg), ==, 0);

  /* Without the test CA the certificate is refused, never accepted. */
  refused_msg = new_message (base, "GET", "/v1/status", PROVIDER_TOKEN);
  refused = send_message (plain, refused_msg);
  g_assert_error (refused->error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  stop_server (server);

  /* Plain HTTP is only for loopback. */
  out = run_tool (f, FALSE, "serve", "--db", f->db, "--port", "0", "--address", "0.0.0.0", NULL);
  g_assert_cmpstr (out, ==, "");
}

static void
copy_fields (CareRecord *to,
             JsonObject *from)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (care_record_get_fields (to), name, json_node_copy (node));
}

static gboolean
has_line (const char *text,
          const char *pattern)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_pattern_match_simple (pattern, lines[i]))
      return TRUE;
  return FALSE;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(CareRecord) person = new_person ("Mary", "Smith", "1940-05-01");
  g_autoptr(CareRecord) carer = new_staff ("Alex Carer");
  g_autoptr(CareRecord) leaver = new_staff ("Bea Leaver");
  g_autoptr(CareRecord) type = new_task_type ("topical-cream", "Topical cream");
  g_autoptr(CareRecord) valid = new_record (CARE_KIND_COMPETENCY);
  g_autoptr(CareRecord) revoked = NULL;
  g_autoptr(CareRecord) task = new_record (CARE_KIND_DELEGATED_TASK);
  g_autoptr(CareRecord) missed1 = new_record (CARE_KIND_ADMINISTRATION);
  g_autoptr(CareRecord) missed2 = NULL;
  g_autoptr(CareRecord) screening = new_record (CARE_KIND_LIBERTY_SCREENING);
  g_autoptr(CareRecord) dols = new_record (CARE_KIND_LIBERTY_CASE);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(Reply) upload = NULL, proposal = NULL, accepted = NULL, json_report = NULL;
  g_autoptr(SoupMessage) text_msg = NULL;
  g_autoptr(Reply) text_report = NULL;
  g_autofree char *out = NULL;
  g_autofree char *commissioner_task = NULL;
  JsonObject *report;

  care_record_set_string (valid, "staff_uuid", care_record_get_uuid (carer));
  care_record_set_string (valid, "task_type_uuid", care_record_get_uuid (type));
  care_record_set_string (valid, "trained_on", "2026-01-05");
  care_record_set_string (valid, "trainer", "Dana Nurse");
  care_record_set_string (valid, "assessor_uuid", care_record_get_uuid (carer));
  care_record_set_string (valid, "assessor_register_number", "12A3456E");
  care_record_set_string (valid, "assessed_on", "2026-01-06");
  care_record_set_string (valid, "outcome", "competent");
  care_record_set_string (valid, "valid_until", "2099-01-06");
  revoked = new_record (CARE_KIND_COMPETENCY);
  copy_fields (revoked, care_record_get_fields (valid));
  care_record_set_string (revoked, "staff_uuid", care_record_get_uuid (leaver));
  care_record_set_string (revoked, "revoked_on", "2026-02-01");

  /* The provider's own task, declined with a reason. */
  fields = task_fields (care_record_get_uuid (person), care_record_get_uuid (type));
  copy_fields (task, fields);
  care_record_set_string (task, "status", "declined");
  care_record_set_string (task, "status_reason", "No trained staff on nights.");
  care_record_set_string (task, "source", "local");

  care_record_set_string (missed1, "task_uuid", care_record_get_uuid (task));
  care_record_set_string (missed1, "slot_date", "2026-03-09");
  care_record_set_string (missed1, "slot_time", "08:00");
  care_record_set_int (missed1, "occurred_at", AT - 86400);
  care_record_set_int (missed1, "entered_at", AT - 86400);
  care_record_set_string (missed1, "performer_uuid", care_record_get_uuid (carer));
  care_record_set_string (missed1, "outcome", "not_done");
  care_record_set_string (missed1, "reason_canonical", "refused");
  missed2 = new_record (CARE_KIND_ADMINISTRATION);
  copy_fields (missed2, care_record_get_fields (missed1));
  care_record_set_string (missed2, "slot_time", "20:00");

  care_record_set_string (screening, "person_uuid", care_record_get_uuid (person));
  care_record_set_string (screening, "screened_on", "2026-03-01");
  care_record_set_string (screening, "screened_by", care_record_get_uuid (carer));
  care_record_set_string (screening, "capacity", "lacks_capacity");
  care_record_set_string (screening, "supervision_level", "continuous");
  care_record_set_string (screening, "free_to_leave", "no");
  care_record_set_string (screening, "setting", "care_home");
  care_record_set_string (screening, "outcome", "refer");
  care_record_set_string (screening, "rationale", "Continuous supervision and not free to leave.");

  care_record_set_string (dols, "person_uuid", care_record_get_uuid (person));
  care_record_set_string (dols, "scheme", "dols");
  care_record_set_string (dols, "urgency", "standard");
  care_record_set_string (dols, "body_name", "County Council");
  care_record_set_string (dols, "applied_on", "2026-03-02");
  care_record_set_string (dols, "outcome", "granted");

  body = batch_body (f, key, new_event (f, 1, person), new_event (f, 2, carer), new_event (f, 3, leaver),
                     new_event (f, 4, type), new_event (f, 5, valid), new_event (f, 6, revoked),
                     new_event (f, 7, task), new_event (f, 8, missed1), new_event (f, 9, missed2),
                     new_event (f, 10, screening), new_event (f, 11, dols), NULL);
  upload = post_batch (f, key, body);
  for (guint i = 0; i < 11; i++)
    g_assert_cmpstr (result_status (upload, i), ==, "created");

  /* A commissioner's task, accepted through a transition. */
  proposal = propose (f, "prov1", NULL, task_fields (care_record_get_uuid (person), care_record_get_uuid (type)));
  commissioner_task = string_copy (reply_object (proposal), "task_id");
  accepted = transition (f, PROVIDER_TOKEN, commissioner_task, "\"1\"", "accepted", NULL);
  g_assert_cmpuint (accepted->status, ==, 200);

  out = run_tool (f, TRUE, "report", "--db", f->db, "--provider", "prov1", NULL);
  g_test_message ("%s", out);
  g_assert_true (has_line (out, "Report for Sunny Meadows (prov1)*"));
  g_assert_true (has_line (out, "  person * 1 records, * 1 events"));
  g_assert_true (has_line (out, "  staff * 2 records, * 2 events"));
  g_assert_true (has_line (out, "  declined Topical cream for Mary Smith*"));
  g_assert_true (has_line (out, "    reason: No trained staff on nights."));
  g_assert_true (has_line (out, "  accepted Topical cream for Mary Smith*commissioner)"));
  g_assert_true (has_line (out, "  Topical cream * 1"));
  g_assert_true (has_line (out, "Missed administrations: 2"));
  g_assert_true (has_line (out, "    refused * 2"));
  g_assert_true (has_line (out, "    Mary Smith * 2"));
  g_assert_true (has_line (out, "  screenings with outcome \"refer\": 1"));
  g_assert_true (has_line (out, "    2026-03-01  Mary Smith"));
  g_assert_true (has_line (out, "    2026-03-02  dols granted * Mary Smith"));

  json_report = do_request (f, "GET", "/v1/admin/report?provider=prov1", ADMIN_TOKEN, NULL);
  report = reply_object (json_report);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (report, "missed_administrations"),
                                               "total"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "task_decisions")), ==, 2);

  text_msg = new_message (f->base, "GET", "/v1/admin/report?provider=prov1", ADMIN_TOKEN);
  set_request_header (text_msg, "Accept", "text/plain");
  text_report = send_message (f->session, text_msg);
  g_assert_cmpuint (text_report->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (text_report->body), >, 24);
  g_assert_cmpint (memcmp (g_bytes_get_data (text_report->body, NULL), "Report for Sunny Meadows", 24), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/auth", test_auth);
  ADD ("/server/batch/idempotent", test_batch_idempotent);
  ADD ("/server/batch/rejected", test_batch_rejected);
  ADD ("/server/batch/limits", test_batch_limits);
  ADD ("/server/batch/gzip", test_batch_gzip);
  ADD ("/server/batch/in-flight", test_batch_in_flight);
  ADD ("/server/faults", test_faults);
  ADD ("/server/feed", test_feed);
  ADD ("/server/transitions", test_transitions);
  ADD ("/server/commissioner-transition", test_commissioner_transition);
  ADD ("/server/reconcile-after-restore", test_reconcile_after_restore);
  ADD ("/server/https", test_https);
  ADD ("/server/report", test_report);
#undef ADD

  return g_test_run ();
}
