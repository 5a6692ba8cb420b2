#include "config.h"

#include "care-problem.h"

/* The title belongs to the type and never changes with the occurrence;
 * what happened this time goes in "detail" (RFC 9457 section 3.1.4). */
static const struct { const char *name; guint status; const char *title; } problems[] = {
  { "bad-request", 400, "The request is malformed" },
  { "idempotency-key-missing", 400, "The Idempotency-Key header is required" },
  { "unauthorised", 401, "A valid bearer token is required" },
  { "forbidden", 403, "This token may not do this" },
  { "not-found", 404, "No such resource" },
  { "method-not-allowed", 405, "This method is not allowed here" },
  { "request-in-flight", 409, "A request with this Idempotency-Key is still being processed" },
  { "forbidden-transition", 409, "The task's lifecycle does not allow this transition" },
  { "already-exists", 409, "The resource already exists" },
  { "cursor-expired", 410, "The feed cursor has expired; start again without one" },
  { "stale-version", 412, "The version in If-Match is not the current one" },
  { "payload-too-large", 413, "The request is too large" },
  { "unsupported-media-type", 415, "The request's content type or encoding is not supported" },
  { "invalid-event", 422, "The event was not accepted" },
  { "invalid-proposal", 422, "The proposal was not accepted" },
  { "idempotency-key-reused", 422, "The Idempotency-Key was already used with another request body" },
  { "precondition-required", 428, "The If-Match header is required" },
  { "rate-limited", 429, "Too many requests; retry later" },
  { "server-error", 500, "The server failed" },
  { "bad-gateway", 502, "Bad gateway" },
  { "service-unavailable", 503, "The service is unavailable; retry later" },
  { "gateway-timeout", 504, "Gateway timeout" },
};

/* The generic name for a status, for answers that have no more specific
 * type (the fault switchboard's "status" fault). */
const char *
care_problem_name_for (guint status)
{
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (problems[i].status == status)
      return problems[i].name;
  return status >= 500 ? "server-error" : "bad-request";
}

static const char *
title_for (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (g_str_equal (problems[i].name, name))
      return problems[i].title;
  return "Error";
}

JsonObject *
care_problem_new (guint       status,
                  const char *name,
                  const char *detail)
{
  JsonObject *problem = json_object_new ();
  g_autofree char *type = g_strconcat (CARE_PROBLEM_BASE, name, NULL);

  json_object_set_string_member (problem, "type", type);
  json_object_set_string_member (problem, "title", title_for (name));
  json_object_set_int_member (problem, "status", status);
  json_object_set_string_member (problem, "detail", detail ? detail : title_for (name));
  return problem;
}
