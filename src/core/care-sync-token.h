/* care-sync-token.h: where the commissioner's bearer token is kept
 *
 * The token is a credential, so it is never stored in the care home's
 * database (which is copied into backups and read by support staff). Here
 * it lives in a file readable by its owner only:
 * $XDG_CONFIG_HOME/care-delegation/commissioner-token, or a path given
 * explicitly (the headless client and the tests). The app prefers the
 * desktop keyring where one runs (src/gui/care-token-store.c) and falls
 * back to this file; the core itself stays free of desktop services.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *care_sync_token_default_path (void);

/* A bearer token is one line of visible ASCII characters. */
gboolean  care_sync_token_is_valid     (const char  *token);

/* NULL @path: the default path. The token is returned without surrounding
 * white space; a file that others can read is refused. */
char     *care_sync_token_load_file    (const char  *path,
                                        GError     **error);
gboolean  care_sync_token_save_file    (const char  *path,
                                        const char  *token,
                                        GError     **error);

/* The same, at the default path. */
char     *care_sync_token_load         (GError     **error);
gboolean  care_sync_token_save         (const char  *token,
                                        GError     **error);

G_END_DECLS
