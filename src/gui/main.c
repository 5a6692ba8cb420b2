/* main.c: starts the application and nothing else */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "care-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CareApplication) app = NULL;
  const char *localedir = g_getenv ("CARE_DELEGATION_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* scripts/run.sh runs the app from the build folder, where the compiled
   * translations are not in the installed locale folder. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = care_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
