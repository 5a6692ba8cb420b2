/* care-server.h: the reference commissioner server's HTTP side
 *
 * A SoupServer on the GLib main loop that answers the protocol of
 * docs/SYNC.md (machine-readable: docs/api/openapi.yaml) from a
 * CareServerStore. Plain HTTP is only offered on loopback addresses, for
 * tests; anything else needs a TLS certificate.
 */
#pragma once

#include <glib-object.h>

#include "care-server-store.h"

G_BEGIN_DECLS

#define CARE_SERVER_ERROR (care_server_error_quark ())

typedef enum
{
  CARE_SERVER_ERROR_ADDRESS,
  CARE_SERVER_ERROR_NOT_LOOPBACK,
} CareServerError;

GQuark care_server_error_quark (void);

#define CARE_TYPE_SERVER (care_server_get_type ())

G_DECLARE_FINAL_TYPE (CareServer, care_server, CARE, SERVER, GObject)

CareServer *care_server_new    (CareServerStore  *store,
                                gboolean          allow_faults);
void        care_server_set_offer_gzip (CareServer *self,
                                        gboolean    offer);
char       *care_server_listen (CareServer       *self,
                                const char       *address,
                                guint             port,
                                const char       *tls_cert,
                                const char       *tls_key,
                                GError          **error);

G_END_DECLS
