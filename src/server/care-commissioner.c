/* care-commissioner: the reference commissioner server and its tools
 *
 *   care-commissioner serve --db PATH --port N [--address 127.0.0.1]
 *                           [--tls-cert cert.pem --tls-key key.pem] [--allow-faults] [--no-gzip]
 *   care-commissioner add-provider --db PATH --id ID --name NAME
 *   care-commissioner add-token --db PATH (--provider ID | --admin) [--token TOKEN]
 *   care-commissioner propose --db PATH --provider ID --json FILE
 *   care-commissioner transition --db PATH --task ID --to STATUS [--reason TEXT]
 *   care-commissioner report --db PATH --provider ID [--json]
 *   care-commissioner backup --db PATH --to FILE
 *   care-commissioner restore --db PATH --from BACKUP
 */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <sys/random.h>

#include "care-admin.h"
#include "care-server.h"
#include "care-server-store.h"

#define DEFAULT_PORT 8787
#define MIN_TOKEN_LENGTH 20

typedef int (*CareCommand) (int argc, char **argv);

static int
fail (const GError *error)
{
  g_printerr ("care-commissioner: %s\n", error->message);
  return 1;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("care-commissioner: %s\n\n%s", message, help);
  return 2;
}

/* Parses the options of one command; argv[0] is the command's name. */
static gboolean
parse_options (GOptionContext  *context,
               GOptionEntry    *entries,
               int             *argc,
               char          ***argv,
               GError         **error)
{
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unexpected argument %s", (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *address = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  int port = DEFAULT_PORT;
  gboolean allow_faults = FALSE;
  gboolean no_gzip = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port (0: any free port)", "N" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "The IP address to listen on (default 127.0.0.1)", "ADDR" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "The server certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, "The certificate's private key (PEM)", "FILE" },
    { "allow-faults", 0, 0, G_OPTION_ARG_NONE, &allow_faults, "Enable the /_faults switchboard (tests only)", NULL },
    { "no-gzip", 0, 0, G_OPTION_ARG_NONE, &no_gzip,
      "Do not advertise gzip request bodies (for a validating proxy in front)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- run the reference commissioner server");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStore) store = NULL;
  g_autoptr(CareServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *uri = NULL;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL)
    return usage_error (context, "--db is required");
  if (port < 0 || port > 65535)
    return usage_error (context, "--port is from 0 to 65535");
  if ((cert == NULL) != (key == NULL))
    return usage_error (context, "give both --tls-cert and --tls-key, or neither");

  store = care_server_store_open (db, &error);
  if (store == NULL || !care_server_store_release_stale_keys (store, &error))
    return fail (error);
  server = care_server_new (store, allow_faults);
  care_server_set_offer_gzip (server, !no_gzip);
  uri = care_server_listen (server, address ? address : "127.0.0.1", port, cert, key, &error);
  if (uri == NULL)
    return fail (error);
  /* Tests and scripts wait for this line to learn the port. */
  g_print ("listening on %s\n", uri);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_main_loop_run (loop);
  return 0;
}

static int
cmd_add_provider (int    argc,
                  char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, "The provider's id (the app's provider_id setting)", "ID" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The provider's name", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- register a care provider");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStore) store = NULL;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL || id == NULL || name == NULL || *id == '\0' || *name == '\0')
    return usage_error (context, "--db, --id and --name are required");

  store = care_server_store_open (db, &error);
  if (store == NULL || !care_server_store_add_provider (store, id, name, &error))
    return fail (error);
  return 0;
}

/* 32 random bytes from the kernel, base64url: 43 characters. */
static char *
generate_token (GError **error)
{
  guint8 bytes[32];
  char *token;

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no random bytes for a token");
      return NULL;
    }
  token = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  g_strdelimit (token, "=", '\0');
  return token;
}

static int
cmd_add_token (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *token = NULL;
  gboolean admin = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, "The provider the token acts for", "ID" },
    { "admin", 0, 0, G_OPTION_ARG_NONE, &admin, "A commissioner (admin) token", NULL },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "The token (default: make one and print it)", "TOKEN" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- add a bearer token");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStore) store = NULL;
  gboolean generated = FALSE;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL || (provider == NULL && !admin))
    return usage_error (context, "--db and --provider (or --admin) are required");
  if (token != NULL && strlen (token) < MIN_TOKEN_LENGTH)
    return usage_error (context, "a token has at least 20 characters");
  if (token == NULL)
    {
      token = generate_token (&error);
      if (token == NULL)
        return fail (error);
      generated = TRUE;
    }

  store = care_server_store_open (db, &error);
  if (store == NULL
      || !care_server_store_add_token (store, token, provider,
                                       admin ? CARE_TOKEN_ADMIN : CARE_TOKEN_PROVIDER, &error))
    return fail (error);
  /* Only a hash is stored: this is the one chance to see a made token. */
  if (generated)
    g_print ("%s\n", token);
  return 0;
}

static JsonObject *
load_json_object (const char  *path,
                  JsonParser  *parser,
                  GError     **error)
{
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "%s is not a JSON object", path);
      return NULL;
    }
  return json_node_get_object (root);
}

static int
cmd_propose (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *file = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, "The provider to propose to", "ID" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &file, "The proposal, as for POST /v1/admin/proposals", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- propose a delegated task to a provider");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStore) store = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *request;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL || provider == NULL || file == NULL)
    return usage_error (context, "--db, --provider and --json are required");

  request = load_json_object (file, parser, &error);
  if (request == NULL)
    return fail (error);
  store = care_server_store_open (db, &error);
  if (store == NULL)
    return fail (error);
  answer = care_admin_propose (store, provider, request, &error);
  if (answer == NULL)
    return fail (error);
  g_print ("proposed task %s to %s (feed item %s, server_seq %" G_GINT64_FORMAT ")\n",
           json_object_get_string_member (answer, "task_id"), provider,
           json_object_get_string_member (answer, "item_id"),
           json_object_get_int_member (answer, "server_seq"));
  return 0;
}

static int
cmd_transition (int    argc,
                char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *task = NULL;
  g_autofree char *to = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "task", 0, 0, G_OPTION_ARG_STRING, &task, "The task the commissioner proposed", "ID" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "The new status (suspended, withdrawn, ended, ...)", "STATUS" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why", "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- change the status of a task the commissioner owns");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStore) store = NULL;
  g_autoptr(JsonObject) answer = NULL;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL || task == NULL || to == NULL)
    return usage_error (context, "--db, --task and --to are required");

  store = care_server_store_open (db, &error);
  if (store == NULL)
    return fail (error);
  answer = care_admin_transition (store, task, to, reason, &error);
  if (answer == NULL)
    return fail (error);
  g_print ("task %s is now %s (version %" G_GINT64_FORMAT ")\n", task,
           json_object_get_string_member (answer, "status"), json_object_get_int_member (answer, "version"));
  return 0;
}

static int
cmd_report (int    argc,
            char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *provider = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, "The provider to report on", "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON, as GET /v1/admin/report does", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- summarise what a provider sent");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStore) store = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *text = NULL;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL || provider == NULL)
    return usage_error (context, "--db and --provider are required");

  store = care_server_store_open (db, &error);
  if (store == NULL)
    return fail (error);
  report = care_admin_report (store, provider, &error);
  if (report == NULL)
    return fail (error);
  if (as_json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_node_set_object (node, report);
      json_generator_set_root (generator, node);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      text = care_admin_report_text (report);
      g_print ("%s", text);
    }
  return 0;
}

static int
cmd_backup (int    argc,
            char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, "The backup file to write", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- copy the database with the SQLite backup API");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStore) store = NULL;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL || to == NULL)
    return usage_error (context, "--db and --to are required");

  store = care_server_store_open (db, &error);
  if (store == NULL || !care_server_store_backup (store, to, &error))
    return fail (error);
  return 0;
}

static int
cmd_restore (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *from = NULL;
  g_autofree char *epoch = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The server's database", "PATH" },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, "The backup to restore", "BACKUP" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- replace the database with a backup (new server epoch)");
  g_autoptr(GError) error = NULL;

  if (!parse_options (context, entries, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (db == NULL || from == NULL)
    return usage_error (context, "--db and --from are required");

  if (!care_server_store_restore (db, from, &epoch, &error))
    return fail (error);
  g_print ("restored %s from %s; new server epoch %s\n", db, from, epoch);
  return 0;
}

static const struct { const char *name; CareCommand run; const char *summary; } commands[] = {
  { "serve", cmd_serve, "run the server" },
  { "add-provider", cmd_add_provider, "register a care provider" },
  { "add-token", cmd_add_token, "add a bearer token for a provider or the commissioner" },
  { "propose", cmd_propose, "propose a delegated task to a provider" },
  { "transition", cmd_transition, "change the status of a task the commissioner proposed" },
  { "report", cmd_report, "summarise what a provider sent" },
  { "backup", cmd_backup, "copy the database" },
  { "restore", cmd_restore, "replace the database with a backup and start a new server epoch" },
};

static int
print_usage (void)
{
  g_printerr ("Usage: care-commissioner COMMAND [OPTION...]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-14s %s\n", commands[i].name, commands[i].summary);
  g_printerr ("\nRun care-commissioner COMMAND --help for its options.\n");
  return 2;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("care-commissioner");
  /* A client that goes away mid-answer must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  if (argc < 2)
    return print_usage ();
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);
  return print_usage ();
}
