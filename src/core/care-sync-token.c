/* care-sync-token.c: the commissioner's bearer token, in a private file
 *
 * The core does not use libsecret: the headless client runs without a
 * desktop session, and on a shared care-home PC the session keyring is
 * often locked or absent. The app's keyring store (src/gui) uses this file
 * as its fallback.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "care-sync.h"
#include "care-sync-token.h"

#define TOKEN_MAX_BYTES 8192

char *
care_sync_token_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "care-delegation", "commissioner-token", NULL);
}

static char *
resolve_path (const char *path)
{
  return path != NULL ? g_strdup (path) : care_sync_token_default_path ();
}

/* A bearer token in a header must be one line of visible characters;
 * anything else is a damaged file, not a token. */
gboolean
care_sync_token_is_valid (const char *token)
{
  if (token == NULL || *token == '\0')
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!g_ascii_isgraph (*p))
      return FALSE;
  return TRUE;
}

static gboolean
check_private (int          fd,
               const char  *path,
               GError     **error)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("Cannot read the commissioner token %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  /* Like ssh with a private key: a token others can read may already be
   * someone else's, so it is refused rather than used. */
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("The commissioner token %s can be read by other users of this computer. "
                     "Make it private (chmod 600) or save the token again."), path);
      return FALSE;
    }
  return TRUE;
}

char *
care_sync_token_load_file (const char  *path,
                           GError     **error)
{
  g_autofree char *file = resolve_path (path);
  g_autofree char *text = NULL;
  char buffer[TOKEN_MAX_BYTES + 1];
  gssize n;
  int fd;

  fd = g_open (file, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("Cannot read the commissioner token %s: %s"), file, g_strerror (saved));
      return NULL;
    }
  if (!check_private (fd, file, error))
    {
      close (fd);
      return NULL;
    }
  do
    n = read (fd, buffer, TOKEN_MAX_BYTES);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n < 0)
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("Cannot read the commissioner token %s: %s"), file, g_strerror (errno));
      return NULL;
    }
  buffer[n] = '\0';
  text = g_strstrip (g_strdup (buffer));
  if (!care_sync_token_is_valid (text))
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("The file %s does not hold a commissioner token."), file);
      return NULL;
    }
  return g_steal_pointer (&text);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Written to a private temporary file, synced, then renamed over the old
 * one, so a crash leaves either the old token or the new one, never half. */
gboolean
care_sync_token_save_file (const char  *path,
                           const char  *token,
                           GError     **error)
{
  g_autofree char *file = resolve_path (path);
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *tmp = g_strconcat (file, ".XXXXXX", NULL);
  g_autofree char *line = g_strconcat (token ? token : "", "\n", NULL);
  int fd;

  if (!care_sync_token_is_valid (token))
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("A commissioner token is one line of letters, digits and punctuation."));
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("Cannot save the commissioner token in %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (fchmod (fd, 0600) != 0 || !write_all (fd, line, strlen (line)) || fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      g_unlink (tmp);
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("Cannot save the commissioner token %s: %s"), file, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (g_rename (tmp, file) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_TOKEN,
                   _("Cannot save the commissioner token %s: %s"), file, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

char *
care_sync_token_load (GError **error)
{
  return care_sync_token_load_file (NULL, error);
}

gboolean
care_sync_token_save (const char  *token,
                      GError     **error)
{
  return care_sync_token_save_file (NULL, token, error);
}
