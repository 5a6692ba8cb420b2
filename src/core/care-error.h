/* care-error.h: the error domain for rule and validation failures
 *
 * Every refusal the core makes is a GError in CARE_ERROR with a code a caller
 * can branch on and a message a user can act on.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CARE_ERROR (care_error_quark ())

typedef enum
{
  CARE_ERROR_REQUIRED,          /* a required field is empty */
  CARE_ERROR_TOO_LONG,          /* a field is longer than allowed */
  CARE_ERROR_INVALID,           /* a field is malformed (date, time, choice) */
  CARE_ERROR_NHS_NUMBER,        /* NHS number fails the Modulus 11 check */
  CARE_ERROR_DATE_RANGE,        /* a date is out of order or out of range */
  CARE_ERROR_FUTURE_TIME,       /* an administration time in the future */
  CARE_ERROR_NOT_FOUND,         /* the record referred to does not exist */
  CARE_ERROR_PERMISSION,        /* the signed-in role may not do this */
  CARE_ERROR_NOT_DELEGABLE,     /* the task type may never be delegated */
  CARE_ERROR_MATRIX,            /* a decision-matrix answer blocks acceptance */
  CARE_ERROR_STATE,             /* the lifecycle does not allow this change */
  CARE_ERROR_NOT_COMPETENT,     /* no valid competency for this task */
  CARE_ERROR_DUPLICATE_SLOT,    /* a second "done" for the same slot */
  CARE_ERROR_PRN_MAXIMUM,       /* the 24-hour maximum would be exceeded */
  CARE_ERROR_PRN_INTERVAL,      /* the minimum interval has not passed */
  CARE_ERROR_STALE,             /* the record changed since it was read */
  CARE_ERROR_BAD_PIN,           /* wrong PIN */
  CARE_ERROR_LOCKED_OUT,        /* too many wrong PINs; wait */
  CARE_ERROR_INACTIVE,          /* staff member or person is not active */
} CareError;

GQuark care_error_quark (void);

G_END_DECLS
