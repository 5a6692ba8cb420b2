/* care-token-store.h: where the app keeps the commissioner's bearer token
 *
 * Never in the care home's database. Where a Secret Service (a desktop
 * keyring such as GNOME Keyring) runs on the session bus, the token goes
 * there under the schema org.example.CareDelegation.Token; otherwise, or
 * when the keyring does not answer in time, into the private file of
 * care-sync-token.h. A file present at the default path is what the last
 * save wrote (a save to the keyring removes it), so it is read first.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CARE_TOKEN_PLACE_NONE,
  CARE_TOKEN_PLACE_KEYRING,
  CARE_TOKEN_PLACE_FILE,
} CareTokenPlace;

void        care_token_store_load_async  (GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* The token, or NULL: G_IO_ERROR_NOT_FOUND when none is saved,
 * CARE_SYNC_ERROR_TOKEN when one cannot be read. @place says where it was
 * found. */
char       *care_token_store_load_finish (GAsyncResult         *result,
                                          CareTokenPlace       *place,
                                          GError              **error);

void        care_token_store_save_async  (const char           *token,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    care_token_store_save_finish (GAsyncResult         *result,
                                          CareTokenPlace       *place,
                                          GError              **error);

/* For a sync whose token came from the keyring: what to read after a 401
 * (see care_sync_set_token_reload()). A file saved since is used; the
 * keyring is not asked again, since only Preferences changes it there. */
char       *care_token_store_reload      (gpointer              user_data,
                                          GError              **error);

/* "in the keyring", "in a private file", ... for the user. */
const char *care_token_place_describe    (CareTokenPlace        place);

G_END_DECLS
