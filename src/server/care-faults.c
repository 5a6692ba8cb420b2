/* care-faults.c: the fault switchboard
 *
 * Only with `care-commissioner serve --allow-faults`, which is refused on
 * anything but a loopback address. It lets a test make chosen requests fail
 * the ways real networks and servers fail, so the client's retry rules can
 * be proved end to end (docs/SYNC.md, "Retry policy").
 *
 *   POST /_faults      replace the rules (no token needed)
 *   DELETE /_faults    remove every rule
 *
 * The body of POST /_faults:
 *
 *   { "seed": 7,
 *     "rules": [ { "path": "/v1/events:batch", "method": "POST",
 *                  "fault": "status", "status": 503, "retry_after": 2,
 *                  "count": 3 },
 *                { "path": "/v1/tasks/ * /transitions", "fault": "stale",
 *                  "probability": 0.5 } ] }
 *
 * (without the spaces around "*": the path is a g_pattern_match_simple()
 * glob, so "*" and "?" match anything; "method" is optional.)
 *
 * A rule applies to the next "count" matching requests (default 1). With a
 * "probability" from 0 to 1 it applies to each matching request with that
 * chance, drawn from a PRNG seeded with "seed", so a failing run can be
 * repeated; "count" then limits how many times it may fire (default: no
 * limit). The first rule that applies wins, and each request meets at most
 * one fault.
 *
 * The faults, in the order a request meets them:
 *
 *   status               answer "status" (500, 502, 503, 504, 429, 401, ...)
 *                        as problem+json, with Retry-After: "retry_after"
 *                        if given, before anything is done.
 *   reset_before_commit  close the connection at once, without an answer;
 *                        nothing is done.
 *   in_flight            answer 409 request-in-flight; nothing is done.
 *   delay_before_commit  wait "seconds" (default 5; fractions allowed),
 *                        then process as usual. On a batch
 *                        the Idempotency-Key is held "in flight" meanwhile,
 *                        so a second request with that key gets a real 409.
 *   stale                on /v1/tasks/{id}/transitions: answer 412 with the
 *                        current state whatever If-Match says.
 *   expire_cursor        on /v1/feed: answer 410 cursor-expired.
 *   commit_then_drop     process and commit, then close the connection
 *                        without an answer (the lost acknowledgement).
 *   commit_then_stall    process and commit, then say nothing for "seconds"
 *                        (choose more than the client's timeout), then
 *                        close the connection.
 *   truncate             process and commit, then send the status line, the
 *                        headers with the full Content-Length, and only the
 *                        first half of the body, and close.
 *   malformed            process and commit, then answer 200 with a body
 *                        that is not JSON.
 *
 * "stale" and "expire_cursor" are used up without effect on other paths.
 */
#include "config.h"

#include "care-faults.h"

typedef struct
{
  char          *path;
  char          *method;
  CareFault      fault;
  gint64         remaining;       /* -1: no limit */
  double         probability;     /* < 0: always */
} CareFaultRule;

struct _CareFaults
{
  GObject    parent_instance;

  GPtrArray *rules;
  GRand     *rand;
};

G_DEFINE_FINAL_TYPE (CareFaults, care_faults, G_TYPE_OBJECT)
G_DEFINE_QUARK (care-faults-error-quark, care_faults_error)

static const struct { CareFaultKind kind; const char *name; } fault_names[] = {
  { CARE_FAULT_STATUS, "status" },
  { CARE_FAULT_RESET_BEFORE_COMMIT, "reset_before_commit" },
  { CARE_FAULT_DELAY_BEFORE_COMMIT, "delay_before_commit" },
  { CARE_FAULT_IN_FLIGHT, "in_flight" },
  { CARE_FAULT_COMMIT_THEN_DROP, "commit_then_drop" },
  { CARE_FAULT_COMMIT_THEN_STALL, "commit_then_stall" },
  { CARE_FAULT_TRUNCATE, "truncate" },
  { CARE_FAULT_MALFORMED, "malformed" },
  { CARE_FAULT_STALE, "stale" },
  { CARE_FAULT_EXPIRE_CURSOR, "expire_cursor" },
};

static void
rule_free (CareFaultRule *rule)
{
  g_free (rule->path);
  g_free (rule->method);
  g_free (rule);
}

static void
care_faults_finalize (GObject *object)
{
  CareFaults *self = CARE_FAULTS (object);

  g_ptr_array_unref (self->rules);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (care_faults_parent_class)->finalize (object);
}

static void
care_faults_class_init (CareFaultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_faults_finalize;
}

static void
care_faults_init (CareFaults *self)
{
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->rand = g_rand_new_with_seed (0);
}

CareFaults *
care_faults_new (void)
{
  return g_object_new (CARE_TYPE_FAULTS, NULL);
}

const char *
care_fault_kind_name (CareFaultKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (fault_names[i].kind == kind)
      return fault_names[i].name;
  return "none";
}

static CareFaultKind
fault_kind_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (g_strcmp0 (fault_names[i].name, name) == 0)
      return fault_names[i].kind;
  return CARE_FAULT_NONE;
}

static gboolean
invalid (GError     **error,
         guint        index,
         const char  *why)
{
  g_set_error (error, CARE_FAULTS_ERROR, CARE_FAULTS_ERROR_INVALID,
               "rule %u: %s", index, why);
  return FALSE;
}

static gboolean
member_is_number (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gint64
int_member (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  return member_is_number (object, name) ? (gint64) json_object_get_double_member (object, name) : fallback;
}

static CareFaultRule *
parse_rule (JsonNode  *node,
            guint      index,
            GError   **error)
{
  g_autoptr(GError) local = NULL;
  JsonObject *object;
  CareFaultRule *rule;
  const char *path, *method, *name;
  CareFaultKind kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, index, "not an object");
      return NULL;
    }
  object = json_node_get_object (node);
  path = json_object_get_string_member_with_default (object, "path", NULL);
  method = json_object_get_string_member_with_default (object, "method", NULL);
  name = json_object_get_string_member_with_default (object, "fault", NULL);
  kind = fault_kind_lookup (name);
  if (path == NULL || *path != '/')
    {
      invalid (error, index, "\"path\" must be a path such as /v1/events:batch");
      return NULL;
    }
  if (kind == CARE_FAULT_NONE)
    {
      invalid (error, index, "unknown \"fault\"");
      return NULL;
    }

  rule = g_new0 (CareFaultRule, 1);
  rule->path = g_strdup (path);
  rule->method = g_strdup (method);
  rule->fault.kind = kind;
  rule->fault.status = int_member (object, "status", 0);
  rule->fault.retry_after = CLAMP (int_member (object, "retry_after", 0), 0, 3600);
  rule->fault.delay_ms = member_is_number (object, "seconds")
                         ? CLAMP (json_object_get_double_member (object, "seconds"), 0, 600) * 1000 : 5000;
  rule->probability = member_is_number (object, "probability")
                      ? json_object_get_double_member (object, "probability") : -1;
  rule->remaining = int_member (object, "count", rule->probability < 0 ? 1 : -1);

  if (kind == CARE_FAULT_STATUS && (rule->fault.status < 400 || rule->fault.status > 599))
    invalid (&local, index, "a \"status\" fault needs a \"status\" from 400 to 599");
  else if (rule->probability > 1)
    invalid (&local, index, "\"probability\" is from 0 to 1");
  if (local != NULL)
    {
      rule_free (rule);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return rule;
}

/* All or nothing: a half-applied configuration would make a test fail in
 * a way that hides the mistake in its rules. */
gboolean
care_faults_configure (CareFaults  *self,
                       JsonNode    *root,
                       GError     **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  JsonObject *object;
  JsonNode *rules_node;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CARE_FAULTS_ERROR, CARE_FAULTS_ERROR_INVALID,
                   "the body must be an object with \"rules\"");
      return FALSE;
    }
  object = json_node_get_object (root);
  rules_node = json_object_get_member (object, "rules");
  if (rules_node == NULL || !JSON_NODE_HOLDS_ARRAY (rules_node))
    {
      g_set_error (error, CARE_FAULTS_ERROR, CARE_FAULTS_ERROR_INVALID,
                   "\"rules\" must be an array");
      return FALSE;
    }
  array = json_node_get_array (rules_node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      CareFaultRule *rule = parse_rule (json_array_get_element (array, i), i, error);

      if (rule == NULL)
        return FALSE;
      g_ptr_array_add (rules, rule);
    }

  g_ptr_array_unref (self->rules);
  self->rules = g_steal_pointer (&rules);
  g_rand_set_seed (self->rand, int_member (object, "seed", 0));
  return TRUE;
}

void
care_faults_clear (CareFaults *self)
{
  g_ptr_array_set_size (self->rules, 0);
}

static gboolean
rule_matches (CareFaultRule *rule,
              const char    *method,
              const char    *path)
{
  if (rule->remaining == 0)
    return FALSE;
  if (rule->method != NULL && g_ascii_strcasecmp (rule->method, method) != 0)
    return FALSE;
  return g_pattern_match_simple (rule->path, path);
}

gboolean
care_faults_take (CareFaults  *self,
                  const char  *method,
                  const char  *path,
                  CareFault   *fault)
{
  for (guint i = 0; i < self->rules->len; i++)
    {
      CareFaultRule *rule = g_ptr_array_index (self->rules, i);

      if (!rule_matches (rule, method, path))
        continue;
      if (rule->probability >= 0 && g_rand_double (self->rand) >= rule->probability)
        continue;
      if (rule->remaining > 0)
        rule->remaining--;
      *fault = rule->fault;
      return TRUE;
    }
  return FALSE;
}
