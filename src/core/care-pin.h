/* care-pin.h: sign-in PINs, stored only as Argon2id hashes */
#pragma once

#include <glib.h>

#include "care-record.h"

G_BEGIN_DECLS

char     *care_pin_hash        (const char  *pin,
                                GError     **error);
gboolean  care_pin_verify      (const char  *hash,
                                const char  *pin);
gboolean  care_staff_set_pin   (CareRecord  *staff,
                                const char  *pin,
                                GError     **error);

G_END_DECLS
