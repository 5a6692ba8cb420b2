/* care-test-server.h: the reference commissioner server, run for tests
 *
 * Each test starts the real care-commissioner (serve --allow-faults) on a
 * free loopback port with a provider and its token, and can set the fault
 * switchboard. Used by the fault scenarios (test-sync-faults.c) and by the
 * app's own test against a real server (tests/test-sync-app.c).
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PROVIDER_ID "oak-lodge"

/* A program built beside the tests: the environment variable when set,
 * else its place in the build folder. */
const char *care_test_program (const char *env,
                               const char *relative);

#define COMMISSIONER care_test_program ("CARE_COMMISSIONER", "src/server/care-commissioner")
#define SYNC_RUN     care_test_program ("CARE_SYNC_RUN", "src/tools/care-sync-run")

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  char        *token;
  char        *token_file;
  char        *url;
  guint        port;
  char        *tls_cert;       /* HTTPS when set */
  char        *tls_key;
  GSubprocess *process;
  SoupSession *http;
} CareTestServer;

/* Runs care-commissioner with the arguments (NULL-terminated); fails the
 * test if it fails; returns what it printed. */
char  *care_test_commissioner   (const char     *first,
                                 ...) G_GNUC_NULL_TERMINATED;
/* A server folder under @parent with a database, a provider and its token
 * (also saved to s->token_file); not started. */
void   care_test_server_init    (CareTestServer *s,
                                 const char     *parent);
/* Port 0 the first time; the same port again after a stop, so a client's
 * address stays right. HTTPS when s->tls_cert is set. */
void   care_test_server_start   (CareTestServer *s);
void   care_test_server_stop    (CareTestServer *s);
void   care_test_server_clear   (CareTestServer *s);
guint  care_test_server_request (CareTestServer *s,
                                 const char     *method,
                                 const char     *path,
                                 const char     *body);
void   care_test_faults_set     (CareTestServer *s,
                                 guint32         seed,
                                 const char     *rules);
void   care_test_faults_clear   (CareTestServer *s);

/* For g_subprocess_launcher_set_child_setup(): a child this test started
 * must not outlive it. */
void   care_test_die_with_parent (gpointer       data);
void   care_test_remove_tree    (const char     *dir);

G_END_DECLS
