/* care-test-server.c: the reference commissioner server, run for tests */
#include "config.h"

#include "care-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "care-sync.h"
#include "care-sync-token.h"

/* ------------------------------------------------------------------ */
/* The programs under test                                              */
/* ------------------------------------------------------------------ */

const char *
care_test_program (const char *env,
                   const char *relative)
{
  const char *path = g_getenv (env);
  static GHashTable *cache;

  if (path != NULL)
    return path;
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if (!g_hash_table_contains (cache, env))
    g_hash_table_insert (cache, (gpointer) env,
                         g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", relative, NULL));
  return g_hash_table_lookup (cache, env);
}

/* ------------------------------------------------------------------ */
/* The reference server                                                 */
/* ------------------------------------------------------------------ */

char *
care_test_commissioner (const char *first,
                        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) COMMISSIONER);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("care-commissioner %s failed: %s", first, err);
  return g_steal_pointer (&out);
}

void
care_test_server_init (CareTestServer *s,
                       const char     *parent)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = g_uuid_string_random ();

  memset (s, 0, sizeof *s);
  s->dir = g_build_filename (parent, "server", NULL);
  g_assert_cmpint (g_mkdir_with_parents (s->dir, 0700), ==, 0);
  s->db = g_build_filename (s->dir, "commissioner.db", NULL);
  s->log = g_build_filename (s->dir, "serve.log", NULL);
  s->token_file = g_build_filename (s->dir, "token", NULL);
  s->token = g_strconcat ("test-token-", hex, NULL);
  g_free (care_test_commissioner ("add-provider", "--db", s->db, "--id", PROVIDER_ID, "--name", "Oak Lodge", NULL));
  g_free (care_test_commissioner ("add-token", "--db", s->db, "--provider", PROVIDER_ID, "--token", s->token, NULL));
  care_sync_token_save_file (s->token_file, s->token, &error);
  g_assert_no_error (error);
  s->http = soup_session_new ();
}

static gboolean
read_listening_line (CareTestServer *s)
{
  g_autofree char *text = NULL;
  const char *at;
  g_autoptr(GUri) uri = NULL;

  if (!g_file_get_contents (s->log, &text, NULL, NULL) || (at = strstr (text, "listening on ")) == NULL
      || strchr (at, '\n') == NULL)
    return FALSE;
  at += strlen ("listening on ");
  g_free (s->url);
  s->url = g_strndup (at, strchr (at, '\n') - at);
  while (s->url[0] && s->url[strlen (s->url) - 1] == '/')
    s->url[strlen (s->url) - 1] = '\0';
  uri = g_uri_parse (s->url, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  s->port = g_uri_get_port (uri);
  return TRUE;
}

/* A server or client this test started must not outlive it, even when
 * an assertion aborts the test half-way. */
void
care_test_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Port 0 the first time; the same port again after a restore, so the
 * client's address stays right. */
void
care_test_server_start (CareTestServer *s)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", s->port);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_unlink (s->log);
  g_subprocess_launcher_set_child_setup (launcher, care_test_die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, s->log);
  g_subprocess_launcher_set_stderr_file_path (launcher, s->log);
  if (s->tls_cert != NULL)
    s->process = g_subprocess_launcher_spawn (launcher, &error, COMMISSIONER, "serve", "--db", s->db,
                                              "--port", port, "--tls-cert", s->tls_cert,
                                              "--tls-key", s->tls_key, NULL);
  else
    s->process = g_subprocess_launcher_spawn (launcher, &error, COMMISSIONER, "serve", "--db", s->db,
                                              "--port", port, "--allow-faults", NULL);
  g_assert_no_error (error);
  while (!read_listening_line (s))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *text = NULL;
          g_file_get_contents (s->log, &text, NULL, NULL);
          g_error ("the server did not start: %s", text ? text : "(no output)");
        }
      g_usleep (20000);
    }
}

void
care_test_server_stop (CareTestServer *s)
{
  g_autoptr(GError) error = NULL;

  if (s->process == NULL)
    return;
  g_subprocess_send_signal (s->process, SIGTERM);
  g_subprocess_wait (s->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&s->process);
}

void
care_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        care_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
care_test_server_clear (CareTestServer *s)
{
  care_test_server_stop (s);
  care_test_remove_tree (s->dir);
  g_clear_object (&s->http);
  g_free (s->dir);
  g_free (s->db);
  g_free (s->log);
  g_free (s->token);
  g_free (s->token_file);
  g_free (s->url);
  g_free (s->tls_cert);
  g_free (s->tls_key);
}

guint
care_test_server_request (CareTestServer *s,
                          const char     *method,
                          const char     *path,
                          const char     *body)
{
  g_autofree char *url = g_strconcat (s->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (s->http, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

void
care_test_faults_set (CareTestServer *s,
                      guint32         seed,
                      const char     *rules)
{
  g_autofree char *body = g_strdup_printf ("{\"seed\": %u, \"rules\": %s}", seed, rules);

  g_assert_cmpuint (care_test_server_request (s, "POST", "/_faults", body), <, 300);
}

void
care_test_faults_clear (CareTestServer *s)
{
  g_assert_cmpuint (care_test_server_request (s, "DELETE", "/_faults", NULL), <, 300);
}
