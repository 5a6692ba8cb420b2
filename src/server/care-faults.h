/* care-faults.h: the fault switchboard of the reference server
 *
 * Tests use it to make chosen requests fail in chosen ways. It exists only
 * when the server runs with --allow-faults; see care-faults.c for the
 * rules and how each fault behaves.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CARE_FAULTS_ERROR (care_faults_error_quark ())

typedef enum
{
  CARE_FAULTS_ERROR_INVALID,
} CareFaultsError;

GQuark care_faults_error_quark (void);

typedef enum
{
  CARE_FAULT_NONE,
  CARE_FAULT_STATUS,               /* answer with a status, before commit */
  CARE_FAULT_RESET_BEFORE_COMMIT,  /* close the connection, nothing done */
  CARE_FAULT_DELAY_BEFORE_COMMIT,  /* wait, then process as usual */
  CARE_FAULT_IN_FLIGHT,            /* 409 request-in-flight */
  CARE_FAULT_COMMIT_THEN_DROP,     /* commit, then close without an answer */
  CARE_FAULT_COMMIT_THEN_STALL,    /* commit, say nothing for a while, close */
  CARE_FAULT_TRUNCATE,             /* commit, send half the answer */
  CARE_FAULT_MALFORMED,            /* commit, answer 200 with broken JSON */
  CARE_FAULT_STALE,                /* transitions: 412 whatever If-Match says */
  CARE_FAULT_EXPIRE_CURSOR,        /* feed: 410 cursor-expired */
} CareFaultKind;

typedef struct
{
  CareFaultKind kind;
  guint         status;            /* CARE_FAULT_STATUS */
  guint         retry_after;       /* seconds; 0: no Retry-After header */
  guint         delay_ms;          /* delay and stall ("seconds" in the rule) */
} CareFault;

#define CARE_TYPE_FAULTS (care_faults_get_type ())

G_DECLARE_FINAL_TYPE (CareFaults, care_faults, CARE, FAULTS, GObject)

CareFaults *care_faults_new        (void);
gboolean    care_faults_configure  (CareFaults   *self,
                                    JsonNode     *root,
                                    GError      **error);
void        care_faults_clear      (CareFaults   *self);
gboolean    care_faults_take       (CareFaults   *self,
                                    const char   *method,
                                    const char   *path,
                                    CareFault    *fault);
const char *care_fault_kind_name   (CareFaultKind kind);

G_END_DECLS
