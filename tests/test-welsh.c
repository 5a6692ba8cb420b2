/* test-welsh.c: the app speaks Welsh when the user's language is Welsh
 *
 * The translations are the ones built from po/cy.po into the build folder;
 * both the window's own strings and the core's messages must come out in
 * Welsh, since the core's messages are what the user reads when a rule
 * refuses them.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "care-gui-test-util.h"

static void
test_window_in_welsh (void)
{
  CareFixture f;
  CareWindow *window;

  care_fixture_setup_empty (&f, NULL);
  window = care_gui_test_main_window (f.store);

  g_assert_nonnull (care_gui_test_find_text (GTK_WIDGET (window), "Croeso i CareDelegation"));
  g_assert_null (care_gui_test_find_text (GTK_WIDGET (window), "Welcome to CareDelegation"));
  care_gui_test_screenshot (GTK_WIDGET (window), "welcome-cy");

  gtk_window_destroy (GTK_WINDOW (window));
  care_fixture_teardown (&f, NULL);
}

static void
test_core_message_in_welsh (void)
{
  CareFixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSession) session = NULL;

  care_fixture_setup (&f, NULL);
  session = care_session_sign_in (f.store, f.carer_uuid, "0000", &error);
  g_assert_null (session);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Nid yw’r PIN hwnnw’n gywir."));
  care_fixture_teardown (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("CARE_TEST_LOCALEDIR");

  care_gui_test_init (&argc, &argv);
  /* gtk_test_init() asks for en_US.UTF-8, which a bare machine lacks, and
   * gettext ignores LANGUAGE in the plain C locale; C.UTF-8 is always
   * there and lets LANGUAGE choose the messages. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "cy", TRUE);
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/welsh/window", test_window_in_welsh);
  g_test_add_func ("/welsh/core-message", test_core_message_in_welsh);

  return g_test_run ();
}
