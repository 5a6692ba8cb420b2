#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-schema.h"

#define T(n, req, len, lbl)   { n, CARE_FIELD_TEXT, req, len, lbl, NULL, 0, 0 }
#define I(n, req, lo, hi, lbl) { n, CARE_FIELD_INT, req, 0, lbl, NULL, lo, hi }
#define B(n, lbl)             { n, CARE_FIELD_BOOL, FALSE, 0, lbl, NULL, 0, 0 }
#define D(n, req, lbl)        { n, CARE_FIELD_DATE, req, 10, lbl, NULL, 0, 0 }
#define TM(n, req, lbl)       { n, CARE_FIELD_TIME, req, 5, lbl, NULL, 0, 0 }
#define IN(n, req, lbl)       { n, CARE_FIELD_INSTANT, req, 0, lbl, NULL, 0, 0 }
#define U(n, req, lbl)        { n, CARE_FIELD_UUID, req, 36, lbl, NULL, 0, 0 }
#define C(n, req, ch, lbl)    { n, CARE_FIELD_CHOICE, req, 40, lbl, ch, 0, 0 }
#define J(n, len, lbl)        { n, CARE_FIELD_JSON, FALSE, len, lbl, NULL, 0, 0 }

static const char * const service_types[] = { "care_home", "home_care", NULL };
static const char * const person_statuses[] = { "active", "left", "died", NULL };
static const char * const roles[] = { "care_worker", "senior_carer", "manager", "registered_practitioner", NULL };
static const char * const canonical_reasons[] = { "refused", "asleep", "away", "not_required", "unable", "other", NULL };
static const char * const schedule_kinds[] = { "times", "interval", "prn", NULL };
static const char * const consent_bases[] = { "consent", "best_interests", "lpa", NULL };
static const char * const task_statuses[] = { "proposed", "accepted", "declined", "active", "suspended", "withdrawn", "ended", NULL };
static const char * const task_sources[] = { "local", "commissioner", NULL };
static const char * const outcomes_competency[] = { "competent", "not_yet_competent", NULL };
static const char * const outcomes_admin[] = { "done", "not_done", NULL };
static const char * const review_decisions[] = { "continue", "change_instructions", "suspend", "withdraw", NULL };
static const char * const capacities[] = { "has_capacity", "lacks_capacity", "not_assessed", NULL };
static const char * const supervision_levels[] = { "none", "intermittent", "frequent", "continuous", NULL };
static const char * const yes_no_unclear[] = { "yes", "no", "unclear", NULL };
static const char * const settings_kinds[] = { "care_home", "own_home", "hospital", "supported_living", NULL };
static const char * const screening_outcomes[] = { "refer", "no_referral", NULL };
static const char * const schemes[] = { "dols", "lps", NULL };
static const char * const urgencies[] = { "urgent", "standard", NULL };
static const char * const case_outcomes[] = { "pending", "granted", "not_granted", "withdrawn", NULL };
static const char * const representative_kinds[] = { "none", "rpr", "imca", NULL };

static const CareField setting_fields[] = {
  T ("name", TRUE, 120, N_("Care setting name")),
  T ("cqc_location_id", FALSE, 20, N_("CQC location ID")),
  C ("service_type", TRUE, service_types, N_("Service type")),
  T ("address", FALSE, 300, N_("Address")),
  T ("endpoint_url", FALSE, 300, N_("Commissioner endpoint")),
  T ("provider_id", FALSE, 60, N_("Provider ID")),
};

static const CareField person_fields[] = {
  T ("given_name", TRUE, 80, N_("Given name")),
  T ("family_name", TRUE, 80, N_("Family name")),
  T ("preferred_name", FALSE, 80, N_("Preferred name")),
  D ("date_of_birth", TRUE, N_("Date of birth")),
  T ("nhs_number", FALSE, 10, N_("NHS number")),
  T ("gp_practice", FALSE, 120, N_("GP practice")),
  T ("room", FALSE, 200, N_("Room or address")),
  T ("allergies", FALSE, 500, N_("Allergies")),
  C ("status", TRUE, person_statuses, N_("Status")),
  T ("restrictions", FALSE, 500, N_("Restrictions in place")),
  D ("admitted_on", FALSE, N_("Date admitted")),
};

static const CareField staff_fields[] = {
  T ("name", TRUE, 120, N_("Name")),
  C ("role", TRUE, roles, N_("Role")),
  T ("profession", FALSE, 60, N_("Profession")),
  T ("register_body", FALSE, 20, N_("Professional register")),
  T ("register_number", FALSE, 20, N_("Register number")),
  T ("organisation", FALSE, 120, N_("Employing organisation")),
  T ("contact", FALSE, 120, N_("Contact")),
  { "pin_hash", CARE_FIELD_TEXT, TRUE, 255, N_("PIN"), NULL, 0, 0, TRUE },
  B ("active", N_("Active")),
};

static const CareField task_type_fields[] = {
  T ("code", TRUE, 40, N_("Code")),
  T ("name", TRUE, 120, N_("Name")),
  T ("category", TRUE, 60, N_("Category")),
  B ("delegable", N_("May be delegated")),
  T ("not_delegable_reason", FALSE, 300, N_("Why it may not be delegated")),
  B ("person_specific", N_("Competency is person-specific")),
  I ("validity_months", TRUE, 1, 60, N_("Competency validity (months)")),
  B ("time_critical", N_("Time-critical")),
  I ("grace_minutes", TRUE, 5, 1440, N_("Grace window (minutes)")),
  B ("requires_witness", N_("Needs a witness")),
  B ("topical", N_("Topical (body site recorded)")),
  B ("variable_dose", N_("Variable dose")),
  B ("active", N_("Active")),
};

static const CareField reason_code_fields[] = {
  T ("code", TRUE, 20, N_("Code")),
  T ("label", TRUE, 80, N_("Label")),
  C ("canonical", TRUE, canonical_reasons, N_("Canonical reason")),
  B ("active", N_("Active")),
};

static const CareField matrix_question_fields[] = {
  T ("code", TRUE, 40, N_("Code")),
  T ("question", TRUE, 300, N_("Question")),
  I ("ordinal", TRUE, 0, 1000, N_("Order")),
  B ("active", N_("Active")),
};

static const CareField delegated_task_fields[] = {
  U ("person_uuid", TRUE, N_("Person")),
  U ("task_type_uuid", TRUE, N_("Task type")),
  T ("practitioner_name", TRUE, 120, N_("Delegating practitioner")),
  T ("practitioner_profession", TRUE, 60, N_("Practitioner's profession")),
  T ("practitioner_register", FALSE, 20, N_("Practitioner's register")),
  T ("practitioner_number", TRUE, 20, N_("Practitioner's register number")),
  T ("practitioner_org", TRUE, 120, N_("Practitioner's organisation")),
  T ("practitioner_contact", FALSE, 120, N_("Practitioner's contact")),
  D ("delegated_on", TRUE, N_("Date delegated")),
  D ("mdt_date", FALSE, N_("MDT agreement date")),
  T ("mdt_team", FALSE, 200, N_("MDT")),
  T ("instructions", TRUE, 2000, N_("Written instructions")),
  T ("dose", FALSE, 120, N_("Dose")),
  T ("site", FALSE, 120, N_("Site")),
  T ("equipment", FALSE, 300, N_("Equipment")),
  T ("call_back_when", FALSE, 500, N_("When to call back")),
  C ("schedule_kind", TRUE, schedule_kinds, N_("Schedule")),
  T ("schedule_times", FALSE, 200, N_("Times of day")),
  I ("interval_hours", FALSE, 1, 24, N_("Every N hours")),
  TM ("first_time", FALSE, N_("First dose time")),
  I ("prn_max_24h", FALSE, 1, 24, N_("Maximum in 24 hours")),
  I ("prn_min_interval_min", FALSE, 0, 1440, N_("Minimum interval (minutes)")),
  D ("start_date", TRUE, N_("Start date")),
  D ("end_date", FALSE, N_("End date")),
  I ("review_interval_days", TRUE, 1, 365, N_("Review interval (days)")),
  T ("oversight_contact", FALSE, 200, N_("Clinical oversight contact")),
  T ("risk_notes", FALSE, 2000, N_("Risk assessment")),
  C ("consent_basis", TRUE, consent_bases, N_("Consent basis")),
  C ("status", TRUE, task_statuses, N_("Status")),
  U ("decided_by", FALSE, N_("Decided by")),
  IN ("decided_at", FALSE, N_("Decided at")),
  T ("status_reason", FALSE, 500, N_("Reason")),
  J ("matrix_answers", 4000, N_("Decision matrix answers")),
  C ("source", FALSE, task_sources, N_("Source")),
};

static const CareField competency_fields[] = {
  U ("staff_uuid", TRUE, N_("Staff member")),
  U ("task_type_uuid", TRUE, N_("Task type")),
  U ("person_uuid", FALSE, N_("Person")),
  D ("trained_on", TRUE, N_("Training date")),
  T ("trainer", TRUE, 120, N_("Trainer")),
  U ("assessor_uuid", TRUE, N_("Assessor")),
  T ("assessor_register_number", TRUE, 20, N_("Assessor's register number")),
  D ("assessed_on", TRUE, N_("Assessment date")),
  C ("outcome", TRUE, outcomes_competency, N_("Outcome")),
  D ("valid_until", FALSE, N_("Valid until")),
  D ("revoked_on", FALSE, N_("Revoked on")),
  U ("revoked_by", FALSE, N_("Revoked by")),
  T ("revoked_reason", FALSE, 500, N_("Reason for revocation")),
  T ("notes", FALSE, 1000, N_("Notes")),
};

static const CareField administration_fields[] = {
  U ("task_uuid", TRUE, N_("Delegated task")),
  D ("slot_date", TRUE, N_("Scheduled date")),
  TM ("slot_time", FALSE, N_("Scheduled time")),
  IN ("occurred_at", TRUE, N_("Time given")),
  IN ("entered_at", TRUE, N_("Time recorded")),
  U ("performer_uuid", TRUE, N_("Performed by")),
  C ("outcome", TRUE, outcomes_admin, N_("Outcome")),
  T ("reason_code", FALSE, 20, N_("Reason code")),
  C ("reason_canonical", FALSE, canonical_reasons, N_("Reason")),
  T ("reason_text", FALSE, 500, N_("Reason details")),
  T ("site", FALSE, 120, N_("Body site")),
  T ("dose", FALSE, 60, N_("Dose given")),
  T ("observations", FALSE, 2000, N_("What was noticed")),
  B ("escalate", N_("Escalate to the nurse")),
  U ("witness_uuid", FALSE, N_("Witness")),
  B ("extra", N_("Extra administration")),
  T ("extra_reason", FALSE, 500, N_("Reason for extra administration")),
  B ("late", N_("Late entry")),
};

static const CareField review_fields[] = {
  U ("task_uuid", TRUE, N_("Delegated task")),
  U ("reviewer_uuid", TRUE, N_("Reviewer")),
  D ("reviewed_on", TRUE, N_("Review date")),
  T ("findings", TRUE, 2000, N_("Findings")),
  C ("decision", TRUE, review_decisions, N_("Decision")),
  T ("new_instructions", FALSE, 2000, N_("New instructions")),
  D ("next_review_on", FALSE, N_("Next review date")),
};

static const CareField screening_fields[] = {
  U ("person_uuid", TRUE, N_("Person")),
  D ("screened_on", TRUE, N_("Screening date")),
  U ("screened_by", TRUE, N_("Screened by")),
  C ("capacity", TRUE, capacities, N_("Capacity to consent to the arrangements")),
  T ("capacity_ref", FALSE, 60, N_("Capacity assessment reference")),
  J ("restrictions", 1000, N_("Restrictions in place")),
  T ("restrictions_other", FALSE, 500, N_("Other restrictions")),
  C ("supervision_level", TRUE, supervision_levels, N_("Level of supervision")),
  C ("free_to_leave", TRUE, yes_no_unclear, N_("Free to leave")),
  T ("if_tries_to_leave", FALSE, 500, N_("What staff would do if they tried to leave")),
  T ("wishes_feelings", FALSE, 1000, N_("Wishes and feelings")),
  T ("objections", FALSE, 1000, N_("Objections")),
  T ("family_views", FALSE, 1000, N_("Family views")),
  C ("setting", TRUE, settings_kinds, N_("Setting")),
  B ("age_16_17", N_("Aged 16 or 17")),
  C ("outcome", TRUE, screening_outcomes, N_("Outcome")),
  T ("rationale", TRUE, 2000, N_("Rationale")),
  D ("rescreen_on", FALSE, N_("Re-screen by")),
};

static const CareField case_fields[] = {
  U ("person_uuid", TRUE, N_("Person")),
  C ("scheme", TRUE, schemes, N_("Scheme")),
  C ("urgency", TRUE, urgencies, N_("Urgent or standard")),
  /* LPS only: 0 the first authorisation, 1 its first renewal, 2 or more later ones. */
  I ("renewal_number", FALSE, 0, 99, N_("LPS renewal number")),
  T ("body_name", TRUE, 120, N_("Supervisory or responsible body")),
  T ("body_reference", FALSE, 60, N_("Body's reference")),
  D ("applied_on", TRUE, N_("Date applied")),
  D ("granted_on", FALSE, N_("Date granted")),
  D ("valid_from", FALSE, N_("Valid from")),
  D ("valid_until", FALSE, N_("Valid until")),
  D ("extension_until", FALSE, N_("Extended until")),
  T ("conditions", FALSE, 2000, N_("Conditions")),
  T ("condition_checks", FALSE, 2000, N_("Condition checks")),
  C ("representative_kind", FALSE, representative_kinds, N_("Representative type")),
  T ("representative", FALSE, 200, N_("Representative")),
  C ("outcome", TRUE, case_outcomes, N_("Outcome")),
  D ("outcome_on", FALSE, N_("Outcome date")),
  D ("cqc_notified_on", FALSE, N_("CQC notified on")),
  T ("cqc_reference", FALSE, 60, N_("CQC notification reference")),
};

#define KIND(k, n, l, f, c) { k, n, l, f, G_N_ELEMENTS (f), c }

static const CareKindInfo kinds[CARE_N_KINDS] = {
  KIND (CARE_KIND_SETTING, "care_setting", N_("Care setting"), setting_fields, FALSE),
  KIND (CARE_KIND_PERSON, "person", N_("Person"), person_fields, TRUE),
  KIND (CARE_KIND_STAFF, "staff", N_("Staff member"), staff_fields, FALSE),
  KIND (CARE_KIND_TASK_TYPE, "task_type", N_("Task type"), task_type_fields, FALSE),
  KIND (CARE_KIND_REASON_CODE, "reason_code", N_("Reason code"), reason_code_fields, FALSE),
  KIND (CARE_KIND_MATRIX_QUESTION, "matrix_question", N_("Decision-matrix question"), matrix_question_fields, FALSE),
  KIND (CARE_KIND_DELEGATED_TASK, "delegated_task", N_("Delegated task"), delegated_task_fields, TRUE),
  KIND (CARE_KIND_COMPETENCY, "competency", N_("Competency sign-off"), competency_fields, TRUE),
  KIND (CARE_KIND_ADMINISTRATION, "administration", N_("Administration"), administration_fields, TRUE),
  KIND (CARE_KIND_REVIEW, "review", N_("Clinical oversight review"), review_fields, TRUE),
  KIND (CARE_KIND_LIBERTY_SCREENING, "liberty_screening", N_("Liberty screening"), screening_fields, TRUE),
  KIND (CARE_KIND_LIBERTY_CASE, "liberty_case", N_("Liberty safeguards case"), case_fields, TRUE),
};

const CareKindInfo *
care_kind_info (CareKind kind)
{
  g_return_val_if_fail (kind < CARE_N_KINDS, NULL);
  return &kinds[kind];
}

const CareKindInfo *
care_kind_info_lookup (const char *name)
{
  for (guint i = 0; i < CARE_N_KINDS; i++)
    if (g_strcmp0 (kinds[i].name, name) == 0)
      return &kinds[i];
  return NULL;
}

const CareField *
care_kind_find_field (CareKind    kind,
                      const char *name)
{
  const CareKindInfo *info = care_kind_info (kind);

  for (guint i = 0; i < info->n_fields; i++)
    if (strcmp (info->fields[i].name, name) == 0)
      return &info->fields[i];
  return NULL;
}

gboolean
care_choice_is_valid (const CareField *field,
                      const char      *value)
{
  if (field->choices == NULL || value == NULL)
    return FALSE;
  return g_strv_contains (field->choices, value);
}
