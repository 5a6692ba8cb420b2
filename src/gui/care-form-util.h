/* care-form-util.h: small helpers shared by the record forms and dialogs
 *
 * The forms only move text between widgets and records; every rule about
 * what may be saved is the core's, and its messages are shown as they are.
 */
#pragma once

#include <adwaita.h>

#include "care-date-row.h"
#include "care-record.h"
#include "care-store.h"

G_BEGIN_DECLS

char       *care_form_get_text        (GtkEditable   *editable);
void        care_form_set_text        (GtkEditable   *editable,
                                       const char    *text);
char       *care_form_get_view_text   (GtkTextView   *view);
void        care_form_set_view_text   (GtkTextView   *view,
                                       const char    *text);
void        care_form_put_text        (CareRecord    *record,
                                       const char    *field,
                                       GtkEditable   *editable);
void        care_form_put_view_text   (CareRecord    *record,
                                       const char    *field,
                                       GtkTextView   *view);
void        care_form_put_date        (CareRecord    *record,
                                       const char    *field,
                                       CareDateRow   *row);
/* FALSE, focusing the row, at the first shown date row under @form whose
 * text is not a date or is out of its bounds; its message in @error. */
gboolean    care_form_check_dates     (GtkWidget     *form,
                                       GError       **error);
void        care_form_show_error      (GtkLabel      *label,
                                       const GError  *error);
void        care_form_show_message    (GtkLabel      *label,
                                       const char    *message);
void        care_form_clear_list_box  (GtkListBox    *box);
char       *care_form_format_date     (const char    *iso_date);
char       *care_form_format_instant  (gint64         unix_seconds);
GtkWidget  *care_form_tag_new         (const char    *text,
                                       const char    *css_class);
void        care_form_combo_set_items (AdwComboRow   *row,
                                       const char * const *labels);
GtkWindow  *care_form_parent_window   (GtkWidget     *widget);
void        care_form_toast           (AdwToastOverlay *overlay,
                                       const char    *message);
AdwMessageDialog *care_form_message_new (GtkWindow   *parent,
                                       const char    *heading,
                                       const char    *body);
void        care_form_label_row_widget (GtkWidget    *widget,
                                       AdwPreferencesRow *row);
GtkWidget  *care_form_find_named      (GtkWidget     *root,
                                       const char    *name);
char       *care_form_person_name     (CareRecord    *person);

void        care_form_choice_setup    (AdwComboRow   *row,
                                       const char * const *codes,
                                       gboolean       ask_first);
const char *care_form_choice_get      (AdwComboRow   *row,
                                       const char * const *codes,
                                       gboolean       ask_first);
void        care_form_choice_set      (AdwComboRow   *row,
                                       const char * const *codes,
                                       gboolean       ask_first,
                                       const char    *code);
void        care_form_put_choice      (CareRecord    *record,
                                       const char    *field,
                                       AdwComboRow   *row,
                                       const char * const *codes,
                                       gboolean       ask_first);

G_END_DECLS
