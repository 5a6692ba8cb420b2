/* care-token-store.c: the commissioner's token, in the keyring or a file
 *
 * Whether a keyring runs is asked of the bus itself (does anyone own
 * org.freedesktop.secrets?) rather than by calling libsecret straight
 * away: a call to an unowned name would make D-Bus start a keyring daemon
 * that nobody unlocked, which on a shared care-home PC means a password
 * prompt nobody expects, and in tests a hang. A keyring that is there but
 * does not answer in time is given up on, and the file is used instead.
 */
#include "config.h"

#include "care-token-store.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "care-sync.h"
#include "care-sync-token.h"

#define SECRETS_BUS_NAME    "org.freedesktop.secrets"
#define BUS_CHECK_TIMEOUT_MS 2000
/* Long enough for a person to unlock the keyring when it asks. */
#define KEYRING_TIMEOUT_S   30

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.example.CareDelegation.Token", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

#define TOKEN_ATTRIBUTES "kind", "commissioner"

typedef struct
{
  char           *token;        /* to save; NULL when loading */
  CareTokenPlace  place;
  GCancellable   *limited;      /* the caller's, plus the keyring's time limit */
  gulong          parent_handler;
  GCancellable   *parent;
  guint           timer;
  gboolean        timed_out;    /* the keyring did not answer in time */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->timer != 0)
    g_source_remove (job->timer);
  if (job->parent != NULL)
    g_cancellable_disconnect (job->parent, job->parent_handler);
  g_clear_object (&job->parent);
  g_clear_object (&job->limited);
  if (job->token != NULL)
    memset (job->token, 0, strlen (job->token));
  g_free (job->token);
  g_free (job);
}

static void
parent_cancelled_cb (GCancellable *parent,
                     gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static gboolean
time_is_up_cb (gpointer data)
{
  Job *job = data;

  job->timer = 0;
  job->timed_out = TRUE;
  g_cancellable_cancel (job->limited);
  return G_SOURCE_REMOVE;
}

static GTask *
job_task_new (const char          *token,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, source_tag);
  job->token = g_strdup (token);
  job->limited = g_cancellable_new ();
  if (cancellable != NULL)
    {
      job->parent = g_object_ref (cancellable);
      job->parent_handler = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb),
                                                   g_object_ref (job->limited), g_object_unref);
    }
  g_task_set_task_data (task, job, job_free);
  return task;
}

static void
start_keyring_clock (Job *job)
{
  job->timer = g_timeout_add_seconds (KEYRING_TIMEOUT_S, time_is_up_cb, job);
}

/* ---- is a keyring there? ----------------------------------------------- */

/* Without a session bus GLib would try to autolaunch one (and an X11
 * helper with it); no bus simply means no keyring. */
static gboolean
session_bus_known (void)
{
  g_autofree char *socket = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;
  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

static void
name_owner_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  g_task_return_boolean (task, owned);
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (bus == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "NameHasOwner", g_variant_new ("(s)", SECRETS_BUS_NAME), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, BUS_CHECK_TIMEOUT_MS,
                          cancellable, name_owner_cb, g_steal_pointer (&task));
}

/* CARE_TOKEN_STORE=file keeps the keyring out of it: for an account that
 * shares a keyring it should not write to, and for tests run on a desktop. */
static gboolean
keyring_allowed (void)
{
  return g_strcmp0 (g_getenv ("CARE_TOKEN_STORE"), "file") != 0;
}

static void
keyring_running_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  if (!keyring_allowed () || !session_bus_known ())
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, task);
}

static gboolean
keyring_running_finish (GAsyncResult *result)
{
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

/* ---- loading ----------------------------------------------------------- */

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);
  char *token;

  if (secret == NULL)
    {
      if (job->timed_out)
        g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                                 _("The keyring did not give the commissioner token within %d seconds."),
                                 KEYRING_TIMEOUT_S);
      else if (error != NULL)
        g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                                 _("The keyring did not give the commissioner token: %s"), error->message);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("No commissioner token is saved. Paste it in Preferences."));
      return;
    }
  token = g_strdup (secret);
  secret_password_free (secret);
  job->place = CARE_TOKEN_PLACE_KEYRING;
  g_task_return_pointer (task, token, g_free);
}

static void
load_keyring_checked_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);

  if (!keyring_running_finish (result))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No commissioner token is saved. Paste it in Preferences."));
      return;
    }
  start_keyring_clock (job);
  secret_password_lookup (token_schema (), job->limited, lookup_cb, g_steal_pointer (&task),
                          TOKEN_ATTRIBUTES, NULL);
}

void
care_token_store_load_async (GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = job_task_new (NULL, cancellable, callback, user_data, care_token_store_load_async);
  Job *job = g_task_get_task_data (task);
  g_autofree char *path = care_sync_token_default_path ();

  /* Only the last save's fallback (or a person) puts a file there, so it
   * is the newest token; its own errors (a file others can read) count. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      GError *error = NULL;
      char *token = care_sync_token_load_file (path, &error);

      job->place = CARE_TOKEN_PLACE_FILE;
      if (token == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, token, g_free);
      return;
    }
  keyring_running_async (job->limited, load_keyring_checked_cb, g_steal_pointer (&task));
}

char *
care_token_store_load_finish (GAsyncResult   *result,
                              CareTokenPlace *place,
                              GError        **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (place != NULL)
    *place = g_task_had_error (G_TASK (result)) ? CARE_TOKEN_PLACE_NONE : job->place;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- saving ------------------------------------------------------------ */

static void
save_to_file (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!care_sync_token_save_file (NULL, job->token, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job->place = CARE_TOKEN_PLACE_FILE;
  g_task_return_boolean (task, TRUE);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = care_sync_token_default_path ();

  if (!secret_password_store_finish (result, &error))
    {
      /* Stopped by the caller, not by the keyring's silence: nothing more. */
      if (!job->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_message ("The keyring did not take the commissioner token (%s); it is saved in a private file instead.",
                 error->message);
      save_to_file (task);
      return;
    }
  /* An older file would be read first and hide the new token; if it
   * cannot go, the file gets the new token too. */
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      save_to_file (task);
      return;
    }
  job->place = CARE_TOKEN_PLACE_KEYRING;
  g_task_return_boolean (task, TRUE);
}

static void
save_keyring_checked_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);

  if (!keyring_running_finish (result))
    {
      save_to_file (task);
      return;
    }
  start_keyring_clock (job);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, _("CareDelegation commissioner token"),
                         job->token, job->limited, stored_cb, g_steal_pointer (&task), TOKEN_ATTRIBUTES, NULL);
}

void
care_token_store_save_async (const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *stripped = g_strstrip (g_strdup (token ? token : ""));
  g_autoptr(GTask) task = job_task_new (stripped, cancellable, callback, user_data, care_token_store_save_async);
  Job *job = g_task_get_task_data (task);

  if (!care_sync_token_is_valid (job->token))
    {
      g_task_return_new_error (task, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                               _("A commissioner token is one line of letters, digits and punctuation."));
      return;
    }
  keyring_running_async (job->limited, save_keyring_checked_cb, g_steal_pointer (&task));
}

gboolean
care_token_store_save_finish (GAsyncResult   *result,
                              CareTokenPlace *place,
                              GError        **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (place != NULL)
    *place = g_task_had_error (G_TASK (result)) ? CARE_TOKEN_PLACE_NONE : job->place;
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
care_token_store_reload (gpointer   user_data,
                         GError   **error)
{
  g_autofree char *path = care_sync_token_default_path ();

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return care_sync_token_load_file (path, error);
  g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
               _("it is kept in the keyring, which only Preferences changes. Paste a new token there."));
  return NULL;
}

const char *
care_token_place_describe (CareTokenPlace place)
{
  switch (place)
    {
    case CARE_TOKEN_PLACE_KEYRING:
      return _("Saved in this computer's keyring");
    case CARE_TOKEN_PLACE_FILE:
      return _("Saved in a file only this account can read");
    case CARE_TOKEN_PLACE_NONE:
    default:
      return _("No token is saved");
    }
}
