/* care-form-util.c: small helpers shared by the record forms and dialogs */
#include "config.h"

#include "care-form-util.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "care-task-queries.h"

/* The text of an entry with stray spaces trimmed, or NULL when empty, so
 * that an empty box leaves the field unset and the core's "required"
 * message names the field. */
char *
care_form_get_text (GtkEditable *editable)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

void
care_form_set_text (GtkEditable *editable,
                    const char  *text)
{
  gtk_editable_set_text (editable, text ? text : "");
}

char *
care_form_get_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

void
care_form_set_view_text (GtkTextView *view,
                         const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

void
care_form_put_text (CareRecord  *record,
                    const char  *field,
                    GtkEditable *editable)
{
  g_autofree char *text = care_form_get_text (editable);

  if (text != NULL)
    care_record_set_string (record, field, text);
  else
    care_record_unset (record, field);
}

void
care_form_put_view_text (CareRecord  *record,
                         const char  *field,
                         GtkTextView *view)
{
  g_autofree char *text = care_form_get_view_text (view);

  if (text != NULL)
    care_record_set_string (record, field, text);
  else
    care_record_unset (record, field);
}

void
care_form_put_date (CareRecord  *record,
                    const char  *field,
                    CareDateRow *row)
{
  const char *date = care_date_row_get_date (row);

  if (date != NULL)
    care_record_set_string (record, field, date);
  else
    care_record_unset (record, field);
}

/* Rows hidden with their section (a date the chosen answer does not ask
 * for) are not checked: they are not saved either. */
static CareDateRow *
first_bad_date (GtkWidget  *widget,
                GError    **error)
{
  if (CARE_IS_DATE_ROW (widget) && !care_date_row_check (CARE_DATE_ROW (widget), error))
    return CARE_DATE_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CareDateRow *bad = gtk_widget_get_visible (child) ? first_bad_date (child, error) : NULL;

      if (bad != NULL)
        return bad;
    }
  return NULL;
}

/* A date the row could not read is never sent to the core as text: the
 * core would only say "use YYYY-MM-DD", while the row can say what it
 * accepts and where the calendar is. */
gboolean
care_form_check_dates (GtkWidget  *form,
                       GError    **error)
{
  CareDateRow *bad = first_bad_date (form, error);

  if (bad == NULL)
    return TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (bad));
  return FALSE;
}

void
care_form_show_message (GtkLabel   *label,
                        const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* The core's message is shown as it is: it says what is wrong and what to
 * do, and rewording it here would let the two drift apart. */
void
care_form_show_error (GtkLabel     *label,
                      const GError *error)
{
  care_form_show_message (label, error ? error->message : NULL);
}

/* Removes the rows and keeps the placeholder, which is a child too. */
void
care_form_clear_list_box (GtkListBox *box)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (box, 0)) != NULL)
    gtk_list_box_remove (box, GTK_WIDGET (row));
}

char *
care_form_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (iso_date == NULL)
    return g_strdup (_("not set"));
  if (sscanf (iso_date, "%d-%d-%d", &year, &month, &day) != 3)
    return g_strdup (iso_date);
  date = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (date == NULL)
    return g_strdup (iso_date);
  /* Translators: a date in lists and records, see g_date_time_format() */
  return g_date_time_format (date, _("%a %-d %b %Y"));
}

char *
care_form_format_instant (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);

  if (when == NULL)
    return g_strdup ("?");
  /* Translators: a date and time in the change log, see g_date_time_format() */
  return g_date_time_format (when, _("%-d %b %Y, %H:%M"));
}

/* A small pill of text beside a row: the words carry the meaning, the
 * colour class only repeats it. */
GtkWidget *
care_form_tag_new (const char *text,
                   const char *css_class)
{
  GtkWidget *tag = gtk_label_new (text);

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "care-tag");
  if (css_class != NULL)
    gtk_widget_add_css_class (tag, css_class);
  return tag;
}

void
care_form_combo_set_items (AdwComboRow         *row,
                           const char * const  *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, labels[i]);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

GtkWindow *
care_form_parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
care_form_toast (AdwToastOverlay *overlay,
                 const char      *message)
{
  /* A libadwaita 1.2 toast reads its title as markup. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (overlay, toast);
}

/* A message that needs only to be read: one Close button, which Enter and
 * Escape both press. Not yet shown, so a caller can add to it. */
AdwMessageDialog *
care_form_message_new (GtkWindow  *parent,
                       const char *heading,
                       const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  return dialog;
}

/* A control placed as a row's suffix is named by the row's title, so a
 * screen reader says "Review interval (days), 10" rather than "10". */
void
care_form_label_row_widget (GtkWidget         *widget,
                            AdwPreferencesRow *row)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (row),
                                  -1);
}

GtkWidget *
care_form_find_named (GtkWidget  *root,
                      const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = care_form_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

char *
care_form_person_name (CareRecord *person)
{
  const char *preferred = care_record_get_string (person, "preferred_name");

  return g_strdup_printf ("%s %s",
                          preferred ? preferred : care_record_get_string (person, "given_name"),
                          care_record_get_string (person, "family_name"));
}

/* A combo row over schema choice codes, labelled as people say them. With
 * @ask_first the first item is "Choose…", which leaves the field unset, so
 * that a factor nobody looked at is never recorded by default and the
 * core names what is missing. */
void
care_form_choice_setup (AdwComboRow         *row,
                        const char * const  *codes,
                        gboolean             ask_first)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  if (ask_first)
    gtk_string_list_append (labels, _("Choose…"));
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (labels, care_task_choice_label (codes[i]));
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, 0);
}

const char *
care_form_choice_get (AdwComboRow         *row,
                      const char * const  *codes,
                      gboolean             ask_first)
{
  guint selected = adw_combo_row_get_selected (row);
  guint offset = ask_first ? 1 : 0;

  if (selected == GTK_INVALID_LIST_POSITION || selected < offset)
    return NULL;
  return selected - offset < g_strv_length ((char **) codes) ? codes[selected - offset] : NULL;
}

void
care_form_choice_set (AdwComboRow         *row,
                      const char * const  *codes,
                      gboolean             ask_first,
                      const char          *code)
{
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], code) == 0)
      {
        adw_combo_row_set_selected (row, i + (ask_first ? 1 : 0));
        return;
      }
  adw_combo_row_set_selected (row, 0);
}

void
care_form_put_choice (CareRecord          *record,
                      const char          *field,
                      AdwComboRow         *row,
                      const char * const  *codes,
                      gboolean             ask_first)
{
  const char *code = care_form_choice_get (row, codes, ask_first);

  if (code != NULL)
    care_record_set_string (record, field, code);
  else
    care_record_unset (record, field);
}
