#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "care-error.h"
#include "care-pin.h"
#include "care-validate.h"

static gboolean
sodium_ready (void)
{
  static gsize once = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&once))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&once, 1);
    }
  return ok;
}

/* Argon2id at libsodium's interactive cost: a PIN has few digits, so the
 * hash must be slow to guess offline; lockout covers guessing at the PC. */
char *
care_pin_hash (const char  *pin,
               GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!care_validate_pin_format (pin, error))
    return NULL;
  if (!sodium_ready ()
      || crypto_pwhash_str_alg (out, pin, strlen (pin),
                                crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The PIN could not be protected (out of memory)."));
      return NULL;
    }
  return g_strdup (out);
}

gboolean
care_pin_verify (const char *hash,
                 const char *pin)
{
  if (hash == NULL || pin == NULL || !sodium_ready ())
    return FALSE;
  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

gboolean
care_staff_set_pin (CareRecord  *staff,
                    const char  *pin,
                    GError     **error)
{
  g_autofree char *hash = care_pin_hash (pin, error);

  if (hash == NULL)
    return FALSE;
  care_record_set_string (staff, "pin_hash", hash);
  return TRUE;
}
