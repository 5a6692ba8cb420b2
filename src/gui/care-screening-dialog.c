/* care-screening-dialog.c: a factor-based liberty safeguards screening */
#include "config.h"

#include "care-screening-dialog.h"

#include <glib/gi18n.h>

#include "care-form-util.h"
#include "care-liberty.h"
#include "care-people.h"

static const char * const setting_codes[] = { "care_home", "own_home", "hospital", "supported_living", NULL };
static const char * const capacity_codes[] = { "has_capacity", "lacks_capacity", "not_assessed", NULL };
static const char * const supervision_codes[] = { "none", "intermittent", "frequent", "continuous", NULL };
static const char * const free_codes[] = { "yes", "no", "unclear", NULL };
static const char * const outcome_codes[] = { "refer", "no_referral", NULL };

struct _CareScreeningDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkLabel       *error_label;
  GtkLabel       *person_label;
  GtkWidget      *age_label;
  CareDateRow    *screened_on_row;
  AdwComboRow    *setting_row;
  AdwComboRow    *capacity_row;
  AdwEntryRow    *capacity_ref_row;
  GtkBox         *restrictions_box;
  AdwEntryRow    *restrictions_other_row;
  AdwComboRow    *supervision_row;
  AdwComboRow    *free_row;
  AdwEntryRow    *if_tries_row;
  GtkTextView    *wishes_view;
  GtkTextView    *objections_view;
  GtkTextView    *family_view;
  AdwComboRow    *outcome_row;
  CareDateRow    *rescreen_row;
  GtkTextView    *rationale_view;
  GtkWidget      *reason_group;
  AdwEntryRow    *reason_row;

  CareSession    *session;
  char           *person_uuid;
  CareRecord     *current;      /* the screening being corrected, or NULL */
  GHashTable     *checks;       /* restriction code -> GtkCheckButton */
};

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CareScreeningDialog, care_screening_dialog, ADW_TYPE_WINDOW)

static void
build_checklist (CareScreeningDialog *self)
{
  for (guint i = 0; care_liberty_restriction_codes[i] != NULL; i++)
    {
      const char *code = care_liberty_restriction_codes[i];
      GtkWidget *check = gtk_check_button_new_with_label (care_liberty_restriction_label (code));
      g_autofree char *name = g_strdup_printf ("restriction-%s", code);

      gtk_widget_set_name (check, name);
      gtk_box_append (self->restrictions_box, check);
      g_hash_table_insert (self->checks, (gpointer) code, check);
    }
}

static char *
restrictions_json (CareScreeningDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; care_liberty_restriction_codes[i] != NULL; i++)
    {
      GtkCheckButton *check = g_hash_table_lookup (self->checks, care_liberty_restriction_codes[i]);

      if (gtk_check_button_get_active (check))
        json_builder_add_string_value (builder, care_liberty_restriction_codes[i]);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
tick_restrictions (CareScreeningDialog *self,
                   const char          *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      GtkCheckButton *check = g_hash_table_lookup (self->checks,
                                                   json_array_get_string_element (json_node_get_array (root), i));
      if (check != NULL)
        gtk_check_button_set_active (check, TRUE);
    }
}

static void
fill_from (CareScreeningDialog *self,
           CareRecord          *s)
{
  care_date_row_set_date (self->screened_on_row, care_record_get_string (s, "screened_on"));
  care_form_choice_set (self->setting_row, setting_codes, FALSE, care_record_get_string (s, "setting"));
  care_form_choice_set (self->capacity_row, capacity_codes, TRUE, care_record_get_string (s, "capacity"));
  care_form_set_text (GTK_EDITABLE (self->capacity_ref_row), care_record_get_string (s, "capacity_ref"));
  tick_restrictions (self, care_record_get_string (s, "restrictions"));
  care_form_set_text (GTK_EDITABLE (self->restrictions_other_row), care_record_get_string (s, "restrictions_other"));
  care_form_choice_set (self->supervision_row, supervision_codes, TRUE, care_record_get_string (s, "supervision_level"));
  care_form_choice_set (self->free_row, free_codes, TRUE, care_record_get_string (s, "free_to_leave"));
  care_form_set_text (GTK_EDITABLE (self->if_tries_row), care_record_get_string (s, "if_tries_to_leave"));
  care_form_set_view_text (self->wishes_view, care_record_get_string (s, "wishes_feelings"));
  care_form_set_view_text (self->objections_view, care_record_get_string (s, "objections"));
  care_form_set_view_text (self->family_view, care_record_get_string (s, "family_views"));
  care_form_choice_set (self->outcome_row, outcome_codes, TRUE, care_record_get_string (s, "outcome"));
  care_date_row_set_date (self->rescreen_row, care_record_get_string (s, "rescreen_on"));
  care_form_set_view_text (self->rationale_view, care_record_get_string (s, "rationale"));
}

static void
put_fields (CareScreeningDialog *self,
            CareRecord          *s)
{
  g_autofree char *restrictions = restrictions_json (self);

  care_record_set_string (s, "person_uuid", self->person_uuid);
  care_form_put_date (s, "screened_on", self->screened_on_row);
  care_form_put_choice (s, "setting", self->setting_row, setting_codes, FALSE);
  care_form_put_choice (s, "capacity", self->capacity_row, capacity_codes, TRUE);
  care_form_put_text (s, "capacity_ref", GTK_EDITABLE (self->capacity_ref_row));
  care_record_set_string (s, "restrictions", restrictions);
  care_form_put_text (s, "restrictions_other", GTK_EDITABLE (self->restrictions_other_row));
  care_form_put_choice (s, "supervision_level", self->supervision_row, supervision_codes, TRUE);
  care_form_put_choice (s, "free_to_leave", self->free_row, free_codes, TRUE);
  care_form_put_text (s, "if_tries_to_leave", GTK_EDITABLE (self->if_tries_row));
  care_form_put_view_text (s, "wishes_feelings", self->wishes_view);
  care_form_put_view_text (s, "objections", self->objections_view);
  care_form_put_view_text (s, "family_views", self->family_view);
  care_form_put_choice (s, "outcome", self->outcome_row, outcome_codes, TRUE);
  care_form_put_date (s, "rescreen_on", self->rescreen_row);
  care_form_put_view_text (s, "rationale", self->rationale_view);
}

gboolean
care_screening_dialog_save (CareScreeningDialog *self)
{
  g_autoptr(CareRecord) screening = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (CARE_IS_SCREENING_DIALOG (self), FALSE);

  if (!care_form_check_dates (GTK_WIDGET (self), &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  screening = self->current ? care_record_copy (self->current) : care_record_new (CARE_KIND_LIBERTY_SCREENING);
  put_fields (self, screening);
  if (self->current != NULL)
    reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  if (!care_session_save (self->session, screening, reason, &error))
    {
      care_form_show_error (self->error_label, error);
      return FALSE;
    }
  care_form_show_error (self->error_label, NULL);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, care_record_get_uuid (screening));
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_button_clicked_cb (CareScreeningDialog *self)
{
  care_screening_dialog_save (self);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  care_screening_dialog_save (CARE_SCREENING_DIALOG (widget));
}

/* A home-care service screens people in their own home. */
static const char *
default_setting (CareStore *store)
{
  g_autoptr(CareRecord) setting = care_store_get_setting_record (store);

  if (setting != NULL && g_strcmp0 (care_record_get_string (setting, "service_type"), "home_care") == 0)
    return "own_home";
  return "care_home";
}

static void
load (CareScreeningDialog *self,
      const char          *screening_uuid)
{
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(CareRecord) person = care_store_load (store, CARE_KIND_PERSON, self->person_uuid, NULL);
  g_autofree char *today = care_store_today (store);
  g_autofree char *name = person ? care_form_person_name (person) : NULL;

  gtk_label_set_text (self->person_label, name ? name : "");
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_widget_set_visible (self->age_label, person != NULL && care_person_is_16_or_17 (person, today));

  care_form_choice_setup (self->setting_row, setting_codes, FALSE);
  care_form_choice_setup (self->capacity_row, capacity_codes, TRUE);
  care_form_choice_setup (self->supervision_row, supervision_codes, TRUE);
  care_form_choice_setup (self->free_row, free_codes, TRUE);
  care_form_choice_setup (self->outcome_row, outcome_codes, TRUE);

  if (screening_uuid != NULL)
    self->current = care_store_load (store, CARE_KIND_LIBERTY_SCREENING, screening_uuid, NULL);
  if (self->current != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Correct a Screening"));
      fill_from (self, self->current);
    }
  else
    {
      care_date_row_set_date (self->screened_on_row, today);
      care_form_choice_set (self->setting_row, setting_codes, FALSE, default_setting (store));
    }
  gtk_widget_set_visible (self->reason_group, self->current != NULL);
  /* A screening records what was found, so it is dated today at the
   * latest; the re-screen comes after it. */
  care_date_row_set_max_date (self->screened_on_row, today);
  g_object_bind_property (self->screened_on_row, "date", self->rescreen_row, "min-date", G_BINDING_SYNC_CREATE);
}

static void
care_screening_dialog_dispose (GObject *object)
{
  CareScreeningDialog *self = CARE_SCREENING_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SCREENING_DIALOG);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->current);

  G_OBJECT_CLASS (care_screening_dialog_parent_class)->dispose (object);
}

static void
care_screening_dialog_finalize (GObject *object)
{
  CareScreeningDialog *self = CARE_SCREENING_DIALOG (object);

  g_free (self->person_uuid);

  G_OBJECT_CLASS (care_screening_dialog_parent_class)->finalize (object);
}

static void
care_screening_dialog_class_init (CareScreeningDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_screening_dialog_dispose;
  object_class->finalize = care_screening_dialog_finalize;

  /**
   * CareScreeningDialog::saved:
   * @uuid: the screening saved
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CARE_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/CareDelegation/ui/care-screening-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, CareScreeningDialog, name)
  CHILD (window_title);
  CHILD (save_button);
  CHILD (error_label);
  CHILD (person_label);
  CHILD (age_label);
  CHILD (screened_on_row);
  CHILD (setting_row);
  CHILD (capacity_row);
  CHILD (capacity_ref_row);
  CHILD (restrictions_box);
  CHILD (restrictions_other_row);
  CHILD (supervision_row);
  CHILD (free_row);
  CHILD (if_tries_row);
  CHILD (wishes_view);
  CHILD (objections_view);
  CHILD (family_view);
  CHILD (outcome_row);
  CHILD (rescreen_row);
  CHILD (rationale_view);
  CHILD (reason_group);
  CHILD (reason_row);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "screening.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "screening.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_screening_dialog_init (CareScreeningDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_hash_table_new (g_str_hash, g_str_equal);
  build_checklist (self);
}

CareScreeningDialog *
care_screening_dialog_new (GtkWindow   *parent,
                           CareSession *session,
                           const char  *person_uuid,
                           const char  *screening_uuid)
{
  CareScreeningDialog *self = g_object_new (CARE_TYPE_SCREENING_DIALOG,
                                            "transient-for", parent,
                                            NULL);

  self->session = g_object_ref (session);
  self->person_uuid = g_strdup (person_uuid);
  load (self, screening_uuid);
  return self;
}
