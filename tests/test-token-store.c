/* test-token-store.c: where the app keeps the commissioner's token
 *
 * Run on a private session bus (meson starts it with dbus-run-session), so
 * whether a keyring runs is up to the test:
 *
 *   file-fallback  no Secret Service on the bus: the token goes to the
 *                  private file, is read back, and a file others can read
 *                  or a damaged token is refused;
 *   keyring        GNOME Keyring started headless and unlocked with a
 *                  piped password: the token goes to the keyring under the
 *                  app's schema and no file is left; a file saved later
 *                  (a fallback) wins until the next save to the keyring;
 *   forced-file    CARE_TOKEN_STORE=file keeps the keyring out of it.
 *
 * The keyring case is skipped, saying so, where gnome-keyring-daemon is
 * not installed.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <sys/stat.h>

#include "care-sync.h"
#include "care-sync-token.h"
#include "care-token-store.h"

#define WAIT_SECONDS 20

static GSubprocess *keyring_daemon;
static char *keyring_home;

/* ---- driving the async API --------------------------------------------- */

typedef struct
{
  gboolean        done;
  gboolean        ok;
  char           *token;
  CareTokenPlace  place;
  GError         *error;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_free (o->token);
  g_clear_error (&o->error);
  memset (o, 0, sizeof *o);
}

static void
wait_done (Outcome *o)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!o->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Outcome *o = data;

  o->token = care_token_store_load_finish (result, &o->place, &o->error);
  o->ok = o->token != NULL;
  o->done = TRUE;
}

static void
load (Outcome *o)
{
  memset (o, 0, sizeof *o);
  care_token_store_load_async (NULL, loaded_cb, o);
  wait_done (o);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Outcome *o = data;

  o->ok = care_token_store_save_finish (result, &o->place, &o->error);
  o->done = TRUE;
}

static void
save (Outcome    *o,
      const char *token)
{
  memset (o, 0, sizeof *o);
  care_token_store_save_async (token, NULL, saved_cb, o);
  wait_done (o);
}

static char *
token_file (void)
{
  return care_sync_token_default_path ();
}

static gboolean
keyring_on_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* ---- the file fallback ------------------------------------------------- */

static void
test_file_fallback (void)
{
  g_autofree char *path = token_file ();
  Outcome o;
  GStatBuf st;

  g_assert_false (keyring_on_bus ());
  g_unlink (path);

  /* Nothing saved yet: said plainly. */
  load (&o);
  g_assert_false (o.ok);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (o.error->message, "No commissioner token is saved"));
  outcome_clear (&o);

  /* Saved to the private file, surrounding white space dropped. */
  save (&o, "  pasted-token-0123456789abcdef\n");
  g_assert_no_error (o.error);
  g_assert_true (o.ok);
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_FILE);
  outcome_clear (&o);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  load (&o);
  g_assert_no_error (o.error);
  g_assert_cmpstr (o.token, ==, "pasted-token-0123456789abcdef");
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_FILE);
  outcome_clear (&o);

  /* Not a token: refused, the saved one kept. */
  save (&o, "two words");
  g_assert_false (o.ok);
  g_assert_error (o.error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN);
  outcome_clear (&o);
  load (&o);
  g_assert_cmpstr (o.token, ==, "pasted-token-0123456789abcdef");
  outcome_clear (&o);

  /* A file others can read is refused, not used. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  load (&o);
  g_assert_false (o.ok);
  g_assert_nonnull (strstr (o.error->message, "can be read by other users"));
  outcome_clear (&o);
  g_unlink (path);
}

/* ---- a real keyring ---------------------------------------------------- */

static gboolean
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *data = NULL;
  GOutputStream *in;
  gint64 deadline;

  if (g_find_program_in_path ("gnome-keyring-daemon") == NULL)
    return FALSE;
  keyring_home = g_dir_make_tmp ("care-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  runtime = g_build_filename (keyring_home, "run", NULL);
  data = g_build_filename (keyring_home, "data", NULL);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);

  /* Its own home and runtime folders, so no real keyring is touched;
   * --unlock reads the login keyring's password from standard input. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  keyring_daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                                "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (keyring_daemon);
  g_assert_true (g_output_stream_write_all (in, "test-keyring-password", 21, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (in, NULL, &error));
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (!keyring_on_bus ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
  return TRUE;
}

static void
stop_keyring (void)
{
  if (keyring_daemon == NULL)
    return;
  g_subprocess_force_exit (keyring_daemon);
  g_subprocess_wait (keyring_daemon, NULL, NULL);
  g_clear_object (&keyring_daemon);
}

/* The app's schema, as another program reading the keyring sees it. */
static char *
lookup_in_keyring (void)
{
  static const SecretSchema schema = {
    "org.example.CareDelegation.Token", SECRET_SCHEMA_NONE,
    { { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (&schema, NULL, &error, "kind", "commissioner", NULL);
  char *copy;

  g_assert_no_error (error);
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

static void
test_keyring (void)
{
  g_autofree char *path = token_file ();
  g_autofree char *in_keyring = NULL;
  g_autoptr(GError) error = NULL;
  Outcome o;

  if (!start_keyring ())
    {
      g_test_skip ("gnome-keyring-daemon is not installed; the keyring path is not tested here");
      return;
    }
  g_unlink (path);

  save (&o, "keyring-token-0123456789abcdef");
  g_assert_no_error (o.error);
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_KEYRING);
  outcome_clear (&o);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  in_keyring = lookup_in_keyring ();
  g_assert_cmpstr (in_keyring, ==, "keyring-token-0123456789abcdef");
  load (&o);
  g_assert_no_error (o.error);
  g_assert_cmpstr (o.token, ==, "keyring-token-0123456789abcdef");
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_KEYRING);
  outcome_clear (&o);

  /* After a 401 the keyring is not asked again: Preferences is. */
  g_assert_null (care_token_store_reload (NULL, &error));
  g_assert_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN);
  g_clear_error (&error);

  /* A file saved since (the keyring was away then) is the newest token. */
  g_assert_true (care_sync_token_save_file (NULL, "fallback-token-0123456789abcdef", &error));
  g_assert_no_error (error);
  load (&o);
  g_assert_cmpstr (o.token, ==, "fallback-token-0123456789abcdef");
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_FILE);
  outcome_clear (&o);

  /* The next save goes to the keyring and takes the file away. */
  save (&o, "replaced-token-0123456789abcdef");
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_KEYRING);
  outcome_clear (&o);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  load (&o);
  g_assert_cmpstr (o.token, ==, "replaced-token-0123456789abcdef");
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_KEYRING);
  outcome_clear (&o);
}

static void
test_forced_file (void)
{
  g_autofree char *path = token_file ();
  Outcome o;

  g_setenv ("CARE_TOKEN_STORE", "file", TRUE);
  save (&o, "forced-file-token-0123456789abcdef");
  g_assert_no_error (o.error);
  g_assert_cmpint (o.place, ==, CARE_TOKEN_PLACE_FILE);
  outcome_clear (&o);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_unsetenv ("CARE_TOKEN_STORE");
  g_unlink (path);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = dir ? g_dir_open (dir, 0, NULL) : NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("care-token-XXXXXX", NULL);
  int status;

  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_unsetenv ("CARE_TOKEN_STORE");
  g_test_init (&argc, &argv, NULL);

  /* In this order: no keyring, then one started, then one ignored. */
  g_test_add_func ("/token-store/file-fallback", test_file_fallback);
  g_test_add_func ("/token-store/keyring", test_keyring);
  g_test_add_func ("/token-store/forced-file", test_forced_file);
  status = g_test_run ();
  stop_keyring ();
  remove_tree (keyring_home);
  remove_tree (config);
  return status;
}
