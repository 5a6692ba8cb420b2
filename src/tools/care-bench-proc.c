/* care-bench-proc.c: what the GUI benchmark and its minimal baseline read
 * about their own process */
#include "config.h"

#include "care-bench-proc.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

/* When the kernel started this process, on the monotonic clock (10 ms
 * resolution): for a process run by hand without the parent's clock. */
gint64
care_bench_process_start_us (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  struct timespec boot;
  gint64 start_ticks;
  gint64 boot_now_us;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return g_get_monotonic_time ();
  /* The command name may hold spaces; the fields after it do not. */
  after_name = strrchr (stat, ')');
  if (after_name == NULL)
    return g_get_monotonic_time ();
  fields = g_strsplit (after_name + 2, " ", 0);
  /* starttime is field 22 of the line, the 20th after the name. */
  if (g_strv_length (fields) < 20)
    return g_get_monotonic_time ();
  start_ticks = g_ascii_strtoll (fields[19], NULL, 10);
  clock_gettime (CLOCK_BOOTTIME, &boot);
  boot_now_us = (gint64) boot.tv_sec * G_USEC_PER_SEC + boot.tv_nsec / 1000;
  return g_get_monotonic_time () - (boot_now_us - start_ticks * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK));
}

/* A "VmHWM:   12345 kB" line of /proc/self/status, in kB; -1 if absent. */
gint64
care_bench_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  return line != NULL ? g_ascii_strtoll (line + strlen (key), NULL, 10) : -1;
}
