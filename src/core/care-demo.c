#include "config.h"
#include "care-demo.h"
void
care_demo_options_init (CareDemoOptions *options)
{
  memset (options, 0, sizeof *options);
}
gboolean
care_demo_generate (CareStore *store, const CareDemoOptions *options, CareDemoStats *stats, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return FALSE;
}
