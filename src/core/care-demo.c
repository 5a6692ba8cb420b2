/* care-demo.c: a realistic, deterministic demonstration care home
 *
 * The generator plays the home's life day by day through the public core
 * API, with the store's clock set to the moment each thing happens: the
 * manager admits people and accepts delegated tasks, district nurses sign
 * off competencies and review tasks, carers record every slot. Every record
 * passes the same rules as one typed in the app; a refusal from the core is
 * a bug in the generator and stops it.
 *
 * Determinism: every choice comes from one GRand seeded with the options'
 * seed, and nothing is ever ordered by a UUID or a hash table, so the same
 * seed and end date give the same records (the UUIDs themselves are random).
 *
 * Speed: each simulated day is one batch (one transaction, one fsync);
 * every save inside it is still checked and still its own savepoint.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "care-administration.h"
#include "care-competency.h"
#include "care-delegation.h"
#include "care-demo.h"
#include "care-error.h"
#include "care-pin.h"
#include "care-review.h"
#include "care-session.h"
#include "care-setup.h"
#include "care-validate.h"

#define NEVER G_MAXINT

/* ------------------------------------------------------------------ */
/* Names and words                                                     */
/* ------------------------------------------------------------------ */

static const char * const women[] = {
  "Margaret", "Joan", "Dorothy", "Irene", "Jean", "Betty", "Sheila", "Patricia", "Barbara",
  "Doreen", "Eileen", "Joyce", "Kathleen", "Maureen", "Pauline", "Audrey", "Brenda", "Edna",
  "Elsie", "Evelyn", "Gladys", "Hilda", "Ivy", "Marjorie", "Mavis", "Muriel", "Nora", "Phyllis",
  "Sylvia", "Valerie", "Winifred", "Pushpa", "Savita", "Kamla", "Hansa", "Elizabeth", NULL
};

static const char * const men[] = {
  "John", "William", "George", "Arthur", "Kenneth", "Ronald", "Dennis", "Roy", "Derek", "Frank",
  "Harold", "Stanley", "Albert", "Raymond", "Leonard", "Norman", "Peter", "Brian", "Geoffrey",
  "Alan", "Trevor", "Colin", "Bernard", "Cyril", "Eric", "Gordon", "Maurice", "Sidney", "Walter",
  "Ramesh", "Mohan", "Harbhajan", "Frederick", NULL
};

/* Pairs: a given name and the name the person likes to be called. */
static const char * const preferred[] = {
  "Margaret", "Peggy", "Dorothy", "Dot", "Elizabeth", "Betty", "Kathleen", "Kath",
  "Winifred", "Win", "William", "Bill", "Kenneth", "Ken", "Ronald", "Ron", "Leonard", "Len",
  "Albert", "Bert", "Harold", "Harry", "Stanley", "Stan", "Frederick", "Fred", NULL
};

static const char * const family_names[] = {
  "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
  "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
  "Clarke", "Patel", "Mistry", "Hughes", "Edwards", "Turner", "Hill", "Cooper", "Ward", "Morris",
  "Moore", "Baker", "Harris", "King", "Lee", "Allen", "Shaw", "Mason", "Marshall", "Bailey",
  "Kaur", "Chauhan", "Parmar", "Atkinson", "Holmes", "Barker", "Bennett", "Palmer", "Chapman", NULL
};

static const char * const staff_given[] = {
  "Emma", "Sophie", "Chloe", "Jade", "Danielle", "Gemma", "Kelly", "Laura", "Rebecca", "Amy",
  "Hannah", "Charlotte", "Megan", "Lauren", "Stacey", "Natalie", "Priya", "Aisha", "Grace",
  "Olivia", "Zoe", "Joanne", "Tracey", "Claire", "Nicola", "Lisa", "Sarah", "Michelle", "Julie",
  "Daniel", "James", "Ryan", "Liam", "Tom", "Jack", "Kieran", "Josh", "Adam", "Mohammed", "Chidi",
  "Blessing", "Tendai", "Maria", "Anca", "Joanna", "Agnieszka", "Femi", "Ama", "Precious", "Ruth",
  "Simran", "Harpreet", "Rachel", "Beth", NULL
};

static const char * const staff_family[] = {
  "Smith", "Taylor", "Brown", "Wilson", "Davies", "Wright", "Evans", "Walker", "Green", "Hall",
  "Wood", "Clarke", "Patel", "Mistry", "Hughes", "Turner", "Cooper", "Ward", "Morris", "Baker",
  "King", "Shaw", "Mason", "Bailey", "Kaur", "Chauhan", "Nowak", "Kowalska", "Okafor", "Mensah",
  "Adeyemi", "Popescu", "Begum", "Ali", "Khan", "Sharma", "Mahmood", "Oliveira", "Fletcher",
  "Gill", "Dhillon", "Murphy", "O'Brien", "Reid", "Spencer", NULL
};

static const char * const gp_practices[] = {
  "Fosse Way Medical Centre", "Hollybush Surgery", "Charnwood Road Practice",
  "Oakwood Medical Group", "Abbey Park Surgery", "Knighton Health Centre", NULL
};

static const char * const wings[] = { "Ash wing", "Beech wing", "Cedar wing", "Damson wing", NULL };

static const char * const allergy_list[] = {
  "Penicillin (rash)", "Latex", "Elastoplast and sticking plasters", "Chlorhexidine",
  "Codeine (vomiting)", "Aspirin", "Trimethoprim", "Lanolin (wool fat) in creams",
  "Penicillin (rash); latex", NULL
};

static const char * const bodies[] = {
  "Leicestershire County Council", "Leicester City Council", "Rutland County Council", NULL
};

static const char * const relatives[] = {
  "son", "daughter", "niece", "nephew", "husband", "wife", "granddaughter", NULL
};

/* ------------------------------------------------------------------ */
/* Practitioners and task templates                                    */
/* ------------------------------------------------------------------ */

typedef enum
{
  STAFF_MANAGER,
  STAFF_SENIOR,
  STAFF_CARER,
  STAFF_DISTRICT_NURSE,
  STAFF_TISSUE_VIABILITY,
  STAFF_DIABETES,
  STAFF_CONTINENCE,
} DemoStaffKind;

static const struct
{
  const char *profession;
  const char *organisation;
} nurse_kinds[] = {
  [STAFF_DISTRICT_NURSE] = { "District nurse", "Leicestershire Partnership NHS Trust" },
  [STAFF_TISSUE_VIABILITY] = { "Tissue viability nurse", "Leicestershire Partnership NHS Trust" },
  [STAFF_DIABETES] = { "Diabetes specialist nurse", "University Hospitals of Leicester NHS Trust" },
  [STAFF_CONTINENCE] = { "Continence and stoma nurse specialist", "Leicestershire Partnership NHS Trust" },
};

/* The catalogue codes the generator uses, in data/task-types.ini. */
typedef enum
{
  TYPE_CREAM,
  TYPE_EYE,
  TYPE_INSULIN,
  TYPE_GLUCOSE,
  TYPE_PEG,
  TYPE_STOMA,
  TYPE_CATHETER,
  TYPE_HOSIERY,
  TYPE_PRESSURE,
  TYPE_IV,
  TYPE_CATHETER_INSERTION,
  TYPE_COMPLEX_WOUND,
  N_TYPES
} DemoType;

static const char * const type_codes[N_TYPES] = {
  "topical-cream", "eye-drops", "insulin-pen", "blood-glucose", "peg-feed", "stoma-care",
  "catheter-care", "compression-hosiery", "pressure-care", "iv-drugs", "catheter-insertion",
  "complex-wound",
};

static const char * const obs_cream[] = {
  "Skin less red than yesterday.", "Skin on the shin dry and flaky.",
  "Small scratch above the ankle, not bleeding.", "Said the cream feels soothing.",
  "Skin looks much better today.", NULL
};
static const char * const esc_cream[] = {
  "Redness spreading above the ankle, told senior.", "Skin weeping at the back of the leg, told senior.", NULL
};
static const char * const obs_pressure[] = {
  "Sacrum intact, no redness.", "Slight redness on the left heel that blanches.",
  "Heels off-loaded with a pillow.", "Repositioned onto the right side.", "Skin intact all over.", NULL
};
static const char * const esc_pressure[] = {
  "Non-blanching redness on the sacrum, told senior.", "Blister on the right heel, told senior.", NULL
};
static const char * const obs_eye[] = {
  "Left eye a little sticky this morning.", "Eyes less red.", "Said the drops sting a little.",
  "Wiped the eyelids with cooled boiled water first.", NULL
};
static const char * const esc_eye[] = {
  "Yellow discharge from the right eye, told senior.", "Says her vision is blurred today, told senior.", NULL
};
static const char * const obs_insulin[] = {
  "Ate all of breakfast.", "Ate half of lunch.", "Site rotated to the left abdomen.",
  "New pen started today.", NULL
};
static const char * const esc_insulin[] = {
  "Shaky and sweaty before tea: glucose given, senior told.", "Refused breakfast after insulin, senior told.", NULL
};
static const char * const obs_peg[] = {
  "Site clean and dry.", "Slight leakage around the tube.", "Feed finished on time.",
  "Tube rotated and advanced as instructed.", NULL
};
static const char * const esc_peg[] = {
  "Tube would not rotate, told senior.", "Redness and swelling round the PEG site, told senior.", NULL
};
static const char * const obs_stoma[] = {
  "Stoma pink and moist.", "Skin around the stoma a little sore.", "Bag changed after a leak.",
  "Output normal.", NULL
};
static const char * const esc_stoma[] = {
  "Stoma looks dark and dusky, told senior.", "No output since yesterday, told senior.", NULL
};
static const char * const obs_catheter[] = {
  "Urine clear and straw-coloured.", "Night bag attached.", "Leg bag changed.",
  "Little urine since the morning; encouraged drinks.", NULL
};
static const char * const esc_catheter[] = {
  "Urine cloudy and smelly, told senior.", "Catheter bypassing, told senior.", NULL
};
static const char * const obs_hosiery[] = {
  "Legs less swollen.", "Red mark under the top band; stocking smoothed.",
  "Stockings washed and changed.", "Skin checked, no marks.", NULL
};
static const char * const esc_hosiery[] = {
  "Toes pale and cold after putting stockings on; removed, told senior.", NULL
};

static const char * const not_done_other[] = {
  "Cream not in stock: pharmacy delivery late, senior chasing it.",
  "At the hairdresser; the next shift was told.",
  "Family took her out for lunch.",
  "GP visiting at the time.",
  "New supply not yet delivered; pharmacy phoned.",
  NULL
};
static const char * const not_done_unable[] = {
  "Skin broken at the site; not applied, nurse informed.",
  "Equipment missing from the room; senior informed.",
  "Too drowsy to take it safely.",
  NULL
};

typedef struct
{
  const char         *name;          /* for messages */
  DemoType            type;
  DemoStaffKind       nurse;         /* who delegates and reviews it */
  const char         *instructions;  /* %s: the site */
  const char * const *sites;
  const char         *equipment;
  const char         *call_back;
  const char         *times;         /* NULL for interval or when required */
  guint               interval_hours;
  const char         *first_time;
  guint               prn_max;
  guint               prn_min_interval;
  guint               review_days;
  guint               course_min;    /* 0: ongoing */
  guint               course_max;
  guint               per_mille;     /* share of people who have it at any time */
  int                 companion;     /* another template that comes with it, or -1 */
  const char * const *observations;
  const char * const *escalations;
  const char         *change;        /* added to the instructions by a review */
} DemoTemplate;

static const char * const leg_sites[] = { "Lower left leg", "Lower right leg", NULL };
static const char * const both_legs[] = { "Both lower legs", NULL };
static const char * const folds[] = { "Groin and under the breasts", "Groin", NULL };
static const char * const pressure_sites[] = { "Sacrum, hips and heels", "Sacrum and heels", NULL };
static const char * const arms_back[] = { "Arms and back", NULL };

enum
{
  TPL_STEROID,
  TPL_EMOLLIENT,
  TPL_ANTIFUNGAL,
  TPL_BARRIER,
  TPL_REPOSITION,
  TPL_LUBRICANT,
  TPL_GLAUCOMA,
  TPL_ANTIBIOTIC_EYE,
  TPL_BASAL_INSULIN,
  TPL_MIXED_INSULIN,
  TPL_GLUCOSE_BASAL,
  TPL_GLUCOSE_MIXED,
  TPL_PEG,
  TPL_STOMA,
  TPL_CATHETER,
  TPL_HOSIERY,
  TPL_PRN_EMOLLIENT,
  TPL_PRN_EYE,
  N_TEMPLATES
};

static const DemoTemplate templates[N_TEMPLATES] = {
  [TPL_STEROID] = { "steroid cream", TYPE_CREAM, STAFF_DISTRICT_NURSE,
    "Apply a thin layer of the prescribed steroid cream (betamethasone valerate 0.025%%) to the red, itchy "
    "skin on the %s twice a day. Wash hands and wear gloves; do not apply to broken skin.",
    leg_sites, "Gloves; the named tube in the room", "Call the district nurse if the skin breaks or weeps, or the "
    "redness spreads above the ankle.", "08:00,20:00", 0, NULL, 0, 0, 10, 28, 84, 200, -1,
    obs_cream, esc_cream, "Use a fingertip unit only; stop if the skin breaks." },
  [TPL_EMOLLIENT] = { "emollient", TYPE_CREAM, STAFF_DISTRICT_NURSE,
    "Apply the emollient (Zerobase) generously to %s, smoothing downwards in the direction of hair growth.",
    both_legs, "Pump dispenser kept in the room", "Call the district nurse if the skin cracks or bleeds.",
    "08:00,20:00", 0, NULL, 0, 0, 28, 0, 0, 800, -1, obs_cream, esc_cream,
    "Apply after washing while the skin is still slightly damp." },
  [TPL_ANTIFUNGAL] = { "antifungal cream", TYPE_CREAM, STAFF_DISTRICT_NURSE,
    "Wash and dry the skin of the %s carefully, then apply a thin layer of clotrimazole 1%% cream.",
    folds, "Gloves; separate towel", "Call the district nurse if the rash spreads or blisters.",
    "08:00,20:00", 0, NULL, 0, 0, 14, 14, 42, 70, -1, obs_cream, esc_cream,
    "Continue for two weeks after the rash has cleared." },
  [TPL_BARRIER] = { "pressure area care", TYPE_PRESSURE, STAFF_TISSUE_VIABILITY,
    "Check the skin over the %s for redness; apply barrier cream (Medi Derma-S) to the sacrum; help to change "
    "position and off-load the heels.", pressure_sites, "Pressure-relieving mattress; heel cushions; barrier cream",
    "Call the tissue viability nurse about any non-blanching redness or broken skin.",
    "08:00,12:00,16:00,20:00", 0, NULL, 0, 0, 28, 0, 0, 850, -1, obs_pressure, esc_pressure,
    "Add a 30-degree tilt with pillows when in bed." },
  [TPL_REPOSITION] = { "repositioning", TYPE_PRESSURE, STAFF_TISSUE_VIABILITY,
    "Reposition every four hours, alternating sides with a 30-degree tilt, and check the %s.",
    pressure_sites, "Slide sheet; pillows; repositioning chart", "Call the tissue viability nurse about any "
    "non-blanching redness or broken skin.", NULL, 4, "06:00", 0, 0, 14, 0, 0, 80, -1,
    obs_pressure, esc_pressure, "Use the slide sheet with two staff." },
  [TPL_LUBRICANT] = { "lubricating eye drops", TYPE_EYE, STAFF_DISTRICT_NURSE,
    "Instil one drop of hypromellose 0.3%% into each eye four times a day. Wash hands; do not touch the eye "
    "with the bottle.", NULL, "Named bottle, discard 28 days after opening", "Call the district nurse if the eyes "
    "become red, painful or sticky.", "08:00,12:00,17:00,21:00", 0, NULL, 0, 0, 42, 0, 0, 400, -1,
    obs_eye, esc_eye, "Wait five minutes between these and any other drops." },
  [TPL_GLAUCOMA] = { "glaucoma eye drops", TYPE_EYE, STAFF_DISTRICT_NURSE,
    "Instil one drop of latanoprost into both eyes at night.", NULL, "Named bottle kept in the fridge until opened",
    "Call the district nurse if the eyes become red or painful.", "20:00", 0, NULL, 0, 0, 90, 0, 0, 150, -1,
    obs_eye, esc_eye, "Press gently on the inner corner of the eye for a minute after the drop." },
  [TPL_ANTIBIOTIC_EYE] = { "antibiotic eye drops", TYPE_EYE, STAFF_DISTRICT_NURSE,
    "Instil one drop of chloramphenicol 0.5%% into the affected eye four times a day for the course prescribed.",
    NULL, "Named bottle kept in the fridge", "Call the district nurse if no better after 48 hours.",
    "08:00,12:00,16:00,20:00", 0, NULL, 0, 0, 7, 5, 7, 25, -1, obs_eye, esc_eye,
    "Clean the eyelid with cooled boiled water before each drop." },
  [TPL_BASAL_INSULIN] = { "basal insulin", TYPE_INSULIN, STAFF_DIABETES,
    "Give insulin glargine (Lantus) with the named SoloStar pen at 08:00 after the blood glucose check. "
    "Dose from the insulin passport; prime with 2 units, rotate the site on the abdomen.", NULL,
    "Named pen; pen needles; sharps bin", "Call the diabetes nurse if the glucose is under 4 or over 15 "
    "twice in a day.", "08:00", 0, NULL, 0, 0, 14, 0, 0, 100, TPL_GLUCOSE_BASAL, obs_insulin, esc_insulin,
    "Check the glucose again two hours after breakfast on Mondays." },
  [TPL_MIXED_INSULIN] = { "twice-daily insulin", TYPE_INSULIN, STAFF_DIABETES,
    "Give Humulin M3 with the named KwikPen with breakfast and with tea. Dose from the sliding scale on the "
    "insulin passport against the blood glucose just before; roll the pen ten times first.", NULL,
    "Named pen; pen needles; sharps bin", "Call the diabetes nurse if the glucose is under 4 or over 15, or "
    "a meal is refused after the dose.", "08:00,17:30", 0, NULL, 0, 0, 14, 0, 0, 70, TPL_GLUCOSE_MIXED,
    obs_insulin, esc_insulin, "Give with the meal, not before it." },
  [TPL_GLUCOSE_BASAL] = { "blood glucose checks", TYPE_GLUCOSE, STAFF_DIABETES,
    "Check capillary blood glucose before breakfast and before tea and record the reading.", NULL,
    "Named meter; lancets; test strips", "Under 4 mmol/L: follow the hypo plan and tell the senior. Over 15 "
    "twice in a day: call the diabetes nurse.", "07:45,16:45", 0, NULL, 0, 0, 14, 0, 0, 0, -1,
    NULL, NULL, "Wash the finger with water, not an alcohol wipe." },
  [TPL_GLUCOSE_MIXED] = { "blood glucose checks", TYPE_GLUCOSE, STAFF_DIABETES,
    "Check capillary blood glucose before each meal and at bedtime and record the reading.", NULL,
    "Named meter; lancets; test strips", "Under 4 mmol/L: follow the hypo plan and tell the senior. Over 15 "
    "twice in a day: call the diabetes nurse.", "07:45,11:45,17:15,21:00", 0, NULL, 0, 0, 14, 0, 0, 0, -1,
    NULL, NULL, "Use the side of the fingertip and change finger each time." },
  [TPL_PEG] = { "PEG feeding", TYPE_PEG, STAFF_DISTRICT_NURSE,
    "Flush the PEG with 50 ml of sterile water, give the feed or water as on the dietitian's regimen, flush "
    "again; clean the site and rotate the tube once a day.", NULL, "Feed pump; 60 ml enteral syringes; sterile water",
    "Call the district nurse if the tube is blocked, displaced or the site is red or leaking.",
    "08:00,12:00,16:00,20:00", 0, NULL, 0, 0, 28, 0, 0, 40, -1, obs_peg, esc_peg,
    "Sit upright at 45 degrees during and for an hour after each feed." },
  [TPL_STOMA] = { "stoma care", TYPE_STOMA, STAFF_CONTINENCE,
    "Empty the colostomy bag when a third full; change the bag and clean the skin with warm water each "
    "morning and evening, checking the stoma colour.", NULL, "Named bags and adhesive remover; disposal bags",
    "Call the stoma nurse if the stoma turns dark, bleeds, or the skin around it breaks down.",
    "08:00,20:00", 0, NULL, 0, 0, 42, 0, 0, 70, -1, obs_stoma, esc_stoma, "Use the barrier wipe before each new bag." },
  [TPL_CATHETER] = { "catheter care", TYPE_CATHETER, STAFF_CONTINENCE,
    "Clean around the catheter with warm water, check the tubing is not kinked and the bag is below the "
    "bladder; empty the leg bag and attach the night bag at bedtime. Never remove or reinsert the catheter.",
    NULL, "Leg bags; night bags; stand", "Call the district nurse if the catheter stops draining, bypasses, or "
    "the urine is cloudy, bloody or smelly.", "08:00,21:00", 0, NULL, 0, 0, 28, 0, 0, 130, -1,
    obs_catheter, esc_catheter, "Record drinks and urine output on the fluid chart." },
  [TPL_HOSIERY] = { "compression hosiery", TYPE_HOSIERY, STAFF_DISTRICT_NURSE,
    "Put on the class 2 below-knee compression stockings in the morning before getting up; take them off at "
    "bedtime and check the skin.", NULL, "Two pairs, named; applicator frame",
    "Call the district nurse if the toes are pale, cold or numb, or the skin is broken.",
    "08:00,20:00", 0, NULL, 0, 0, 28, 0, 0, 400, -1, obs_hosiery, esc_hosiery,
    "Moisturise the legs at night after the stockings are off." },
  [TPL_PRN_EMOLLIENT] = { "emollient when needed", TYPE_CREAM, STAFF_DISTRICT_NURSE,
    "Apply Doublebase gel to the itchy areas of the %s when needed, at most four times in 24 hours and at "
    "least three hours apart.", arms_back, "Pump dispenser kept in the room",
    "Call the district nurse if itching keeps her awake at night.", NULL, 0, NULL, 4, 180, 28, 0, 0, 25, -1,
    obs_cream, esc_cream, "Offer it after washing as well as when asked." },
  [TPL_PRN_EYE] = { "eye drops when needed", TYPE_EYE, STAFF_DISTRICT_NURSE,
    "Instil one drop of carbomer gel into each eye when the eyes feel dry or gritty, at most six times in "
    "24 hours and at least two hours apart.", NULL, "Named tube", "Call the district nurse if the eyes "
    "become red or painful.", NULL, 0, NULL, 6, 120, 42, 0, 0, 20, -1, obs_eye, esc_eye,
    "Offer before bed as well as when asked." },
};

/* Restrictions a person may live with, as the person record's text and as
 * the screening's codes. */
static const struct
{
  const char *text;
  const char *codes;
} restriction_sets[] = {
  { "Keypad on the front door; sensor mat by the bed at night.", "[\"keypad\",\"sensor_mat\"]" },
  { "Doors to the garden locked at night; bed rails.", "[\"locked_doors\",\"bed_rails\"]" },
  { "Keypad on the front door; medicines given covertly in food (best-interests decision).", "[\"keypad\",\"covert_medication\"]" },
  { "One-to-one supervision during the day; keypad on the front door.", "[\"one_to_one\",\"keypad\"]" },
  { "Bed rails and a sensor mat; lap belt on the wheelchair.", "[\"bed_rails\",\"sensor_mat\",\"lap_belt\"]" },
  { "Keypad on the front door; wears a tracking watch on walks.", "[\"keypad\",\"tracking_device\"]" },
};

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  char          *uuid;
  char          *name;
  DemoStaffKind  kind;
  char          *register_number;
  int            joined_day;
  int            left_day;       /* NEVER while employed */
  guint          n_competencies;
  CareSession   *session;        /* signed in on first use */
} DemoStaff;

typedef enum
{
  PERSON_EXPECTED,   /* admission planned */
  PERSON_HERE,
  PERSON_GONE,
} DemoPersonState;

typedef struct
{
  char            *uuid;
  char            *given;
  char            *family;
  gboolean         female;
  DemoPersonState  state;
  guint            bed;
  int              admit_day;
  int              hospital_until;   /* last day away in hospital, or -1 */
  int              leave_until;      /* last day away with family, or -1 */
  double           refusals;         /* how often they decline, relative */
  guint            restriction_set;
  gboolean         restricted;
  gboolean         lacks_capacity;
  gboolean         young;            /* the one person aged 17 */
  gboolean         keep;             /* must still live here at the end */
  gboolean         never_screen;     /* restrictions, no screening by the end */
  int              screen_day;       /* next liberty screening, NEVER if none */
  int              key[N_TYPES];     /* person-specific competency keys, -1 */
  GArray          *tasks;            /* guint indices into Demo.tasks */
  GArray          *cases;            /* guint indices into Demo.cases */
  int              auth_until;       /* end of the standard authorisation, -1 */
  gboolean         standard_pending;
} DemoPerson;

typedef enum
{
  TASK_PLANNED,      /* not proposed yet */
  TASK_PROPOSED,
  TASK_ACCEPTED,
  TASK_ACTIVE,
  TASK_SUSPENDED,
  TASK_CLOSED,       /* declined, withdrawn or ended */
} DemoTaskState;

typedef enum
{
  DECIDE_ACCEPT,
  DECIDE_NEVER,            /* still awaiting a decision at the end */
  DECIDE_NOT_DELEGABLE,    /* accept refused by the core, then declined */
  DECIDE_MATRIX_NO,        /* accept refused by a "no", then declined */
} DemoDecision;

#define MAX_SLOTS 8
#define PRN_KEEP 8

typedef struct
{
  char                *uuid;
  guint                person;
  int                  tpl;           /* -1 for a non-delegable proposal */
  DemoType             type;
  guint                practitioner;
  DemoTaskState        state;
  DemoDecision         decision;
  int                  propose_day;
  int                  decide_day;
  int                  start_day;
  int                  last_day;      /* end date, NEVER if ongoing */
  int                  close_day;     /* marked ended after a course */
  int                  reactivate_day;
  int                  review_day;
  guint                key;
  guint                special;       /* which not_delegable[] proposal */
  guint                n_slots;
  char                 slot_times[MAX_SLOTS][6];
  int                  site;
  int                  dose_units;
  char                *instructions;
  gint64               prn_doses[PRN_KEEP];
  guint                n_prn;
} DemoTask;

typedef struct
{
  char    *uuid;
  guint    staff;
  int      assessed_day;
  int      until_day;
  int      revoked_day;     /* NEVER unless revoked */
  int      renew_day;       /* NEVER: left to lapse */
  gboolean superseded;
} DemoComp;

typedef struct
{
  DemoType  type;
  int       person;         /* -1 for a type that is not person-specific */
  guint     target;
  GArray   *comps;          /* DemoComp */
  int       roster_day;
  GArray   *roster;         /* guint staff indices competent on roster_day */
  int       needed_day;
} DemoKey;

typedef struct
{
  char     *uuid;
  guint     person;
  gboolean  urgent;
  int       applied_day;
  int       decide_day;
  int       notify_day;      /* NEVER: the CQC is not told */
  int       extend_day;
  int       check_day;       /* next condition check, NEVER if none */
  int       renew_day;       /* NEVER: no renewal */
  int       until_day;
  gboolean  open;            /* pending */
  gboolean  renewal;         /* applied for as the last one runs out */
  gboolean  granted;
  gboolean  conditions;
} DemoCase;

typedef struct _Demo Demo;
typedef struct _DemoAction DemoAction;
typedef gboolean (*DemoStep) (Demo *demo, const DemoAction *action, GError **error);

struct _DemoAction
{
  gint64    at;         /* the store's clock when it is done */
  guint     seq;        /* same-time actions keep their planning order */
  DemoStep  step;
  guint     subject;    /* a task, person, key, case or staff index */
  guint     detail;
  gint64    when;       /* when it happened, for administrations */
};

struct _Demo
{
  CareStore             *store;
  const CareDemoOptions *options;
  CareDemoStats         *stats;
  GRand                 *rand;
  char                  *pin_hash;
  char                  *start_date;
  char                  *end_date;
  int                    end_day;          /* day index of the end date */
  gint64                 cutoff;           /* nothing happens after this */
  int                    day;
  const char            *today;
  gint64                 noon;             /* today 12:00 local */
  GHashTable            *dates;            /* day index -> "YYYY-MM-DD" */
  GHashTable            *nhs_numbers;      /* used, for uniqueness */
  GHashTable            *staff_names;
  char                  *type_uuid[N_TYPES];
  gboolean               person_specific[N_TYPES];
  gboolean               topical[N_TYPES];
  gboolean               variable_dose[N_TYPES];
  gboolean               witness[N_TYPES];
  gboolean               time_critical[N_TYPES];
  int                    general_key[N_TYPES];
  GHashTable            *yes;              /* every matrix question: yes */
  GPtrArray             *staff;
  GPtrArray             *people;
  GPtrArray             *tasks;
  GPtrArray             *keys;
  GPtrArray             *cases;
  GArray                *queue;
  guint                  seq;
  gint64                 setup_clock;      /* day 0: the records typed in */
  guint                  n_beds;
  gboolean               expiring_chosen;  /* one authorisation runs out after the end */
  gboolean               unnotified_chosen;
  gboolean               late_review_chosen;  /* one review overdue at the end */
  GArray                *carers;           /* staff indices of care staff, all time */
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static gboolean
chance (Demo   *demo,
        double  p)
{
  return g_rand_double (demo->rand) < p;
}

/* A whole number from @lo to @hi inclusive. */
static int
between (Demo *demo,
         int   lo,
         int   hi)
{
  if (hi <= lo)
    return lo;
  return g_rand_int_range (demo->rand, lo, hi + 1);
}

static guint
list_length (const char * const *list)
{
  guint n = 0;

  while (list[n] != NULL)
    n++;
  return n;
}

static const char *
pick (Demo               *demo,
      const char * const *list)
{
  return list[g_rand_int_range (demo->rand, 0, (gint32) list_length (list))];
}

static const char *
date_of (Demo *demo,
         int   day)
{
  char *date = g_hash_table_lookup (demo->dates, GINT_TO_POINTER (day));

  if (date == NULL)
    {
      date = care_date_add_days (demo->start_date, day);
      g_hash_table_insert (demo->dates, GINT_TO_POINTER (day), date);
    }
  return date;
}

static int
day_of (Demo       *demo,
        const char *date)
{
  return care_date_days_between (demo->start_date, date);
}

/* Twelve months from @day less a day: what a yearly sign-off allows. */
static int
year_after (Demo *demo,
            int   day)
{
  g_autofree char *later = care_date_add_months (date_of (demo, day), 12);

  return day_of (demo, later) - 1;
}

/* The instant of a wall-clock minute on a day. Measured from noon, which is
 * right for every minute from 02:00: the clocks change at 01:00 UTC. */
static gint64
instant_on (Demo *demo,
            int   day,
            int   minute)
{
  if (day == demo->day)
    return demo->noon + (gint64) (minute - 720) * 60;
  return care_local_instant (date_of (demo, day), "12:00") + (gint64) (minute - 720) * 60;
}

static int
minutes_of (const char *hhmm)
{
  int h = 0, m = 0;

  care_time_parse (hhmm, &h, &m);
  return h * 60 + m;
}

static DemoStaff *
staff_at (Demo  *demo,
          guint  i)
{
  return g_ptr_array_index (demo->staff, i);
}

static DemoPerson *
person_at (Demo  *demo,
           guint  i)
{
  return g_ptr_array_index (demo->people, i);
}

static DemoTask *
task_at (Demo  *demo,
         guint  i)
{
  return g_ptr_array_index (demo->tasks, i);
}

static DemoKey *
key_at (Demo  *demo,
        guint  i)
{
  return g_ptr_array_index (demo->keys, i);
}

static DemoCase *
case_at (Demo  *demo,
         guint  i)
{
  return g_ptr_array_index (demo->cases, i);
}

static char *
person_name (DemoPerson *p)
{
  return g_strdup_printf ("%s %s", p->given, p->family);
}

static gboolean
staff_employed (DemoStaff *s,
                int        day)
{
  return s->joined_day <= day && day < s->left_day;
}

static gboolean
is_care_staff (DemoStaff *s)
{
  return s->kind == STAFF_CARER || s->kind == STAFF_SENIOR;
}

static gboolean
is_nurse (DemoStaff *s)
{
  return s->kind >= STAFF_DISTRICT_NURSE;
}

static void
set_text (CareRecord *record,
          const char *field,
          const char *value)
{
  if (value != NULL)
    care_record_set_string (record, field, value);
}

/* Says which day and what the generator was doing, since a refusal from
 * the core means the generator broke a rule. */
static gboolean
fail (Demo        *demo,
      GError     **error,
      const char  *doing)
{
  g_prefix_error (error, "%s (%s): ", doing, demo->today ? demo->today : demo->start_date);
  return FALSE;
}

static void
queue (Demo     *demo,
       gint64    at,
       DemoStep  step,
       guint     subject,
       guint     detail,
       gint64    when)
{
  DemoAction action = { at, demo->seq++, step, subject, detail, when };

  g_array_append_val (demo->queue, action);
}

/* A time in a working-hours window of today, with seconds. */
static gint64
today_between (Demo *demo,
               int   from_minute,
               int   to_minute)
{
  return instant_on (demo, demo->day, between (demo, from_minute, to_minute)) + between (demo, 0, 59);
}

/* Day 0 is when the home typed its existing records in: one after another,
 * a few seconds apart, before the first round. */
static void
setup_tick (Demo *demo)
{
  demo->setup_clock += between (demo, 1, 3);
  care_store_set_now (demo->store, demo->setup_clock);
}

static CareSession *
session_of (Demo    *demo,
            guint    staff,
            GError **error)
{
  DemoStaff *s = staff_at (demo, staff);

  if (s->session == NULL)
    {
      /* Argon2id is slow on purpose: each member of staff signs in once. */
      gint64 t0 = g_get_monotonic_time ();

      s->session = care_session_sign_in (demo->store, s->uuid, CARE_DEMO_PIN, error);
      demo->stats->signin_seconds += (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
      if (s->session == NULL)
        return NULL;
    }
  return s->session;
}

static guint
a_manager (Demo *demo)
{
  /* The first-run manager (0) or the deputy (1). */
  return chance (demo, 0.7) ? 0 : 1;
}

static guint
a_nurse (Demo          *demo,
         DemoStaffKind  kind)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < demo->staff->len; i++)
    if (staff_at (demo, i)->kind == kind)
      g_array_append_val (found, i);
  if (found->len == 0)
    for (guint i = 0; i < demo->staff->len; i++)
      if (staff_at (demo, i)->kind == STAFF_DISTRICT_NURSE)
        g_array_append_val (found, i);
  return g_array_index (found, guint, between (demo, 0, (int) found->len - 1));
}

/* The practitioner who assesses carers for a task type. */
static guint
assessor_for (Demo     *demo,
              DemoType  type)
{
  switch (type)
    {
    case TYPE_INSULIN:
    case TYPE_GLUCOSE:
      return a_nurse (demo, STAFF_DIABETES);
    case TYPE_PRESSURE:
      return a_nurse (demo, chance (demo, 0.6) ? STAFF_TISSUE_VIABILITY : STAFF_DISTRICT_NURSE);
    case TYPE_STOMA:
    case TYPE_CATHETER:
      return a_nurse (demo, chance (demo, 0.7) ? STAFF_CONTINENCE : STAFF_DISTRICT_NURSE);
    default:
      return a_nurse (demo, STAFF_DISTRICT_NURSE);
    }
}

static guint
a_senior_or_manager (Demo *demo)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < demo->staff->len; i++)
    {
      DemoStaff *s = staff_at (demo, i);
      if (s->kind == STAFF_SENIOR && staff_employed (s, demo->day) && s->joined_day < demo->day)
        g_array_append_val (found, i);
    }
  if (found->len == 0 || chance (demo, 0.25))
    return a_manager (demo);
  return g_array_index (found, guint, between (demo, 0, (int) found->len - 1));
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const DemoAction *x = a;
  const DemoAction *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

/* ------------------------------------------------------------------ */
/* Staff                                                               */
/* ------------------------------------------------------------------ */

static char *
unique_staff_name (Demo *demo)
{
  for (;;)
    {
      char *name = g_strdup_printf ("%s %s", pick (demo, staff_given), pick (demo, staff_family));

      if (!g_hash_table_contains (demo->staff_names, name))
        {
          g_hash_table_add (demo->staff_names, g_strdup (name));
          return name;
        }
      g_free (name);
    }
}

/* NMC PINs look like 12A3456E: year, month letter, four digits, country. */
static char *
nmc_number (Demo *demo)
{
  return g_strdup_printf ("%02d%c%04d%c", between (demo, 0, 99) % 100, 'A' + between (demo, 0, 11),
                          between (demo, 0, 9999), 'E');
}

static DemoStaff *
new_staff (Demo          *demo,
           DemoStaffKind  kind,
           int            joined_day)
{
  DemoStaff *s = g_new0 (DemoStaff, 1);

  s->kind = kind;
  s->name = unique_staff_name (demo);
  s->joined_day = joined_day;
  s->left_day = NEVER;
  if (is_nurse (s))
    s->register_number = nmc_number (demo);
  g_ptr_array_add (demo->staff, s);
  if (is_care_staff (s))
    {
      guint i = demo->staff->len - 1;
      g_array_append_val (demo->carers, i);
    }
  return s;
}

static void
demo_staff_free (DemoStaff *s)
{
  g_free (s->uuid);
  g_free (s->name);
  g_free (s->register_number);
  g_clear_object (&s->session);
  g_free (s);
}

static const char *
role_of (DemoStaffKind kind)
{
  switch (kind)
    {
    case STAFF_MANAGER: return "manager";
    case STAFF_SENIOR: return "senior_carer";
    case STAFF_CARER: return "care_worker";
    default: return "registered_practitioner";
    }
}

static gboolean
write_staff (Demo       *demo,
             DemoStaff  *s,
             GError    **error)
{
  g_autoptr(CareRecord) staff = care_record_new (CARE_KIND_STAFF);
  CareSession *manager = session_of (demo, 0, error);

  if (manager == NULL)
    return FALSE;
  care_record_set_string (staff, "name", s->name);
  care_record_set_string (staff, "role", role_of (s->kind));
  care_record_set_bool (staff, "active", TRUE);
  /* One Argon2id hash for everyone: hashing is deliberately slow. */
  care_record_set_string (staff, "pin_hash", demo->pin_hash);
  if (is_nurse (s))
    {
      care_record_set_string (staff, "profession", nurse_kinds[s->kind].profession);
      care_record_set_string (staff, "register_body", "NMC");
      care_record_set_string (staff, "register_number", s->register_number);
      care_record_set_string (staff, "organisation", nurse_kinds[s->kind].organisation);
      care_record_set_string (staff, "contact", s->kind == STAFF_DIABETES
                              ? "Diabetes specialist nurses, 0116 496 0420"
                              : "District nursing hub, 0116 496 0123");
    }
  if (!care_session_save (manager, staff, NULL, error))
    return fail (demo, error, "adding a member of staff");
  s->uuid = g_strdup (care_record_get_uuid (staff));
  demo->stats->staff++;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* People                                                              */
/* ------------------------------------------------------------------ */

static char *
nhs_number (Demo *demo)
{
  static const char firsts[] = "467";

  for (;;)
    {
      char digits[11];
      int sum = 0, check;

      digits[0] = firsts[between (demo, 0, 2)];
      for (int i = 1; i < 9; i++)
        digits[i] = (char) ('0' + between (demo, 0, 9));
      for (int i = 0; i < 9; i++)
        sum += (digits[i] - '0') * (10 - i);
      check = 11 - (sum % 11);
      if (check == 11)
        check = 0;
      /* 10 can never be a check digit: such numbers are not issued. */
      if (check == 10)
        continue;
      digits[9] = (char) ('0' + check);
      digits[10] = '\0';
      if (g_hash_table_contains (demo->nhs_numbers, digits))
        continue;
      g_hash_table_add (demo->nhs_numbers, g_strdup (digits));
      return g_strdup (digits);
    }
}

static DemoPerson *
new_person (Demo  *demo,
            guint  bed,
            int    admit_day)
{
  DemoPerson *p = g_new0 (DemoPerson, 1);

  p->female = chance (demo, 0.68);
  p->given = g_strdup (pick (demo, p->female ? women : men));
  p->family = g_strdup (pick (demo, family_names));
  p->state = PERSON_EXPECTED;
  p->bed = bed;
  p->admit_day = admit_day;
  p->hospital_until = -1;
  p->leave_until = -1;
  p->refusals = chance (demo, 0.15) ? 3.0 : chance (demo, 0.3) ? 0.4 : 0.85;
  p->restricted = chance (demo, 0.4);
  p->lacks_capacity = p->restricted && chance (demo, 0.75);
  p->restriction_set = between (demo, 0, G_N_ELEMENTS (restriction_sets) - 1);
  p->screen_day = NEVER;
  p->auth_until = -1;
  for (guint t = 0; t < N_TYPES; t++)
    p->key[t] = -1;
  p->tasks = g_array_new (FALSE, FALSE, sizeof (guint));
  p->cases = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (demo->people, p);
  return p;
}

static void
demo_person_free (DemoPerson *p)
{
  g_free (p->uuid);
  g_free (p->given);
  g_free (p->family);
  g_array_unref (p->tasks);
  g_array_unref (p->cases);
  g_free (p);
}

static char *
room_name (Demo  *demo,
           guint  bed)
{
  guint n_wings = list_length (wings);

  return g_strdup_printf ("Room %u, %s", bed + 1, wings[MIN (bed / 20, n_wings - 1)]);
}

/* Ages at the end date from 68 to 99, most in their eighties. */
static char *
date_of_birth (Demo       *demo,
               DemoPerson *p)
{
  int age = p->young ? 17 : 68 + (between (demo, 0, 31) + between (demo, 0, 31)) / 2 + between (demo, 0, 8);
  g_autofree char *birthday = care_date_add_months (demo->end_date, -12 * MIN (age, 99));

  return care_date_add_days (birthday, -between (demo, p->young ? 60 : 0, p->young ? 200 : 364));
}

static gboolean
write_person (Demo        *demo,
              DemoPerson  *p,
              GError     **error)
{
  g_autoptr(CareRecord) person = care_record_new (CARE_KIND_PERSON);
  g_autofree char *dob = date_of_birth (demo, p);
  g_autofree char *room = room_name (demo, p->bed);
  CareSession *manager = session_of (demo, a_manager (demo), error);

  if (manager == NULL)
    return FALSE;
  care_record_set_string (person, "given_name", p->given);
  care_record_set_string (person, "family_name", p->family);
  for (guint i = 0; preferred[i]; i += 2)
    if (g_str_equal (preferred[i], p->given) && chance (demo, 0.6))
      care_record_set_string (person, "preferred_name", preferred[i + 1]);
  care_record_set_string (person, "date_of_birth", dob);
  if (!chance (demo, 0.03))
    {
      g_autofree char *nhs = nhs_number (demo);
      care_record_set_string (person, "nhs_number", nhs);
    }
  care_record_set_string (person, "gp_practice", pick (demo, gp_practices));
  care_record_set_string (person, "room", room);
  if (chance (demo, 0.35))
    care_record_set_string (person, "allergies", pick (demo, allergy_list));
  else if (chance (demo, 0.6))
    care_record_set_string (person, "allergies", "No known drug allergies");
  care_record_set_string (person, "status", "active");
  if (p->restricted)
    care_record_set_string (person, "restrictions", restriction_sets[p->restriction_set].text);
  care_record_set_string (person, "admitted_on", date_of (demo, p->admit_day));
  if (!care_session_save (manager, person, NULL, error))
    return fail (demo, error, "admitting a person");
  p->uuid = g_strdup (care_record_get_uuid (person));
  p->state = PERSON_HERE;
  demo->stats->people++;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Competency keys: who may do a task type (for a person)              */
/* ------------------------------------------------------------------ */

static guint
key_for (Demo     *demo,
         DemoType  type,
         guint     person)
{
  DemoPerson *p = person_at (demo, person);
  int *slot = demo->person_specific[type] ? &p->key[type] : &demo->general_key[type];
  DemoKey *key;

  if (*slot >= 0)
    return (guint) *slot;
  key = g_new0 (DemoKey, 1);
  key->type = type;
  key->person = demo->person_specific[type] ? (int) person : -1;
  /* Three to six carers know each person's task; a general skill such as
   * pressure area care is taught to most of the team. */
  key->target = demo->person_specific[type]
    ? (guint) between (demo, 3, 6)
    : MAX (4u, demo->carers->len * 45 / 100);
  key->comps = g_array_new (FALSE, TRUE, sizeof (DemoComp));
  key->roster = g_array_new (FALSE, FALSE, sizeof (guint));
  key->roster_day = G_MININT;
  key->needed_day = G_MININT;
  g_ptr_array_add (demo->keys, key);
  *slot = (int) demo->keys->len - 1;
  return (guint) *slot;
}

static void
demo_key_free (DemoKey *key)
{
  for (guint i = 0; i < key->comps->len; i++)
    g_free (g_array_index (key->comps, DemoComp, i).uuid);
  g_array_unref (key->comps);
  g_array_unref (key->roster);
  g_free (key);
}

/* Signed off on an earlier day: a sign-off made today counts from
 * tomorrow, so the rounds never depend on the order of today's events. A
 * revocation counts for the whole of its day, as in the core. */
static gboolean
comp_valid_on (DemoComp *c,
               int       day)
{
  return c->until_day >= day && c->assessed_day < day && c->revoked_day > day;
}

/* The care staff competent for @key today, kept for the day. */
static GArray *
roster_of (Demo    *demo,
           DemoKey *key)
{
  if (key->roster_day == demo->day)
    return key->roster;
  g_array_set_size (key->roster, 0);
  for (guint i = 0; i < key->comps->len; i++)
    {
      DemoComp *c = &g_array_index (key->comps, DemoComp, i);
      gboolean seen = FALSE;

      if (c->until_day < 0 || !comp_valid_on (c, demo->day)
          || !staff_employed (staff_at (demo, c->staff), demo->day))
        continue;
      for (guint j = 0; j < key->roster->len && !seen; j++)
        seen = g_array_index (key->roster, guint, j) == c->staff;
      if (!seen)
        g_array_append_val (key->roster, c->staff);
    }
  key->roster_day = demo->day;
  return key->roster;
}

static DemoComp *
add_comp (Demo    *demo,
          DemoKey *key,
          guint    staff,
          int      assessed_day,
          gboolean competent,
          guint   *index)
{
  DemoComp c = { 0 };

  c.staff = staff;
  c.assessed_day = assessed_day;
  c.until_day = competent ? year_after (demo, assessed_day) : -1;
  c.revoked_day = NEVER;
  /* Most sign-offs are renewed two to four weeks before they run out;
   * some lapse first, for a week to two months, which the dashboard shows. */
  if (!competent)
    c.renew_day = NEVER;
  else if (chance (demo, 0.85))
    c.renew_day = c.until_day - between (demo, 14, 28);
  else
    c.renew_day = c.until_day + between (demo, 7, 56);
  g_array_append_val (key->comps, c);
  if (competent)
    staff_at (demo, staff)->n_competencies++;
  *index = key->comps->len - 1;
  return &g_array_index (key->comps, DemoComp, *index);
}

static const char * const nyc_notes[] = {
  "Not yet confident setting the pen dose; practise with the trainer and reassess in two weeks.",
  "Needs to check the skin before applying; reassess after shadowing a competent colleague.",
  "Did not check the expiry date on the bottle; reassess next visit.",
  NULL
};

static gboolean
write_sign_off (Demo        *demo,
                guint        key_index,
                guint        comp_index,
                GError     **error)
{
  DemoKey *key = key_at (demo, key_index);
  DemoComp *c = &g_array_index (key->comps, DemoComp, comp_index);
  g_autoptr(CareRecord) rec = care_record_new (CARE_KIND_COMPETENCY);
  guint assessor = assessor_for (demo, key->type);
  CareSession *nurse = session_of (demo, assessor, error);
  gboolean competent = c->until_day >= 0;

  if (nurse == NULL)
    return FALSE;
  care_record_set_string (rec, "staff_uuid", staff_at (demo, c->staff)->uuid);
  care_record_set_string (rec, "task_type_uuid", demo->type_uuid[key->type]);
  if (key->person >= 0)
    care_record_set_string (rec, "person_uuid", person_at (demo, key->person)->uuid);
  care_record_set_string (rec, "trained_on", date_of (demo, c->assessed_day - between (demo, 0, 10)));
  care_record_set_string (rec, "trainer", chance (demo, 0.5) ? staff_at (demo, assessor)->name
                                                              : "Rachel Holt, practice educator");
  care_record_set_string (rec, "assessed_on", date_of (demo, c->assessed_day));
  care_record_set_string (rec, "outcome", competent ? "competent" : "not_yet_competent");
  if (competent)
    care_record_set_string (rec, "valid_until", date_of (demo, c->until_day));
  else
    care_record_set_string (rec, "notes", nyc_notes[key->type == TYPE_INSULIN ? 0 : key->type == TYPE_EYE ? 2 : 1]);
  if (!care_competency_sign_off (nurse, rec, error))
    return fail (demo, error, "signing off a competency");
  c->uuid = g_strdup (care_record_get_uuid (rec));
  demo->stats->competencies++;
  return TRUE;
}

static const char * const revoke_reasons[] = {
  "Insulin given from another resident's pen; retraining arranged before reassessment.",
  "Did not follow the written instructions for the catheter bag change.",
  "Applied the cream to broken skin against the instructions; to be reassessed.",
  "Three missed entries in a week without a reason; supervision arranged.",
  NULL
};

/* ------------------------------------------------------------------ */
/* Delegated tasks                                                     */
/* ------------------------------------------------------------------ */

static DemoTask *
new_task (Demo       *demo,
          guint       person,
          int         tpl,
          DemoType    type,
          int         propose_day)
{
  DemoTask *t = g_new0 (DemoTask, 1);
  guint index;

  t->person = person;
  t->tpl = tpl;
  t->type = type;
  t->state = TASK_PLANNED;
  t->decision = DECIDE_ACCEPT;
  t->propose_day = propose_day;
  t->decide_day = propose_day + (chance (demo, 0.4) ? 0 : between (demo, 1, 3));
  t->start_day = t->decide_day + between (demo, 2, 5);
  t->last_day = NEVER;
  t->close_day = NEVER;
  t->reactivate_day = NEVER;
  t->review_day = NEVER;
  if (tpl >= 0)
    {
      const DemoTemplate *tp = &templates[tpl];

      t->practitioner = a_nurse (demo, tp->nurse);
      if (tp->course_min > 0)
        t->last_day = t->start_day + between (demo, tp->course_min, tp->course_max) - 1;
      if (tp->times != NULL)
        {
          g_auto(GStrv) times = g_strsplit (tp->times, ",", -1);
          for (guint i = 0; times[i] && i < MAX_SLOTS; i++)
            g_strlcpy (t->slot_times[t->n_slots++], times[i], 6);
        }
      else if (tp->interval_hours > 0)
        {
          int first = minutes_of (tp->first_time);
          for (guint k = 0; k * tp->interval_hours < 24 && t->n_slots < MAX_SLOTS; k++)
            {
              int m = (first + (int) (k * tp->interval_hours * 60)) % 1440;
              g_snprintf (t->slot_times[t->n_slots++], 6, "%02d:%02d", m / 60, m % 60);
            }
        }
      t->site = tp->sites ? between (demo, 0, list_length (tp->sites) - 1) : -1;
      t->dose_units = between (demo, 6, 24);
      t->key = key_for (demo, type, person);
    }
  else
    t->practitioner = a_nurse (demo, STAFF_DISTRICT_NURSE);
  g_ptr_array_add (demo->tasks, t);
  index = demo->tasks->len - 1;
  g_array_append_val (person_at (demo, person)->tasks, index);
  return t;
}

static void
demo_task_free (DemoTask *t)
{
  g_free (t->uuid);
  g_free (t->instructions);
  g_free (t);
}

static const char *
task_site (const DemoTask *t)
{
  return t->tpl >= 0 && templates[t->tpl].sites ? templates[t->tpl].sites[t->site] : NULL;
}

/* The template's instructions for this task, with its site. */
static char *
base_instructions (const DemoTask *t)
{
  const DemoTemplate *tp = &templates[t->tpl];
  g_autofree char *site = g_ascii_strdown (task_site (t) ? task_site (t) : "", -1);

  return g_strdup_printf (tp->instructions, site);
}

/* Proposals of tasks that must never be delegated, so that the refusal
 * path is real: the manager's accept is refused and they decline. */
static const struct
{
  DemoType    type;
  const char *instructions;
  const char *decline;
} not_delegable[] = {
  { TYPE_IV, "Give ceftriaxone 2 g intravenously through the PICC line once a day for cellulitis of the right leg.",
    "Intravenous drugs are never delegated to care staff. The district nursing team will give the IV antibiotics daily." },
  { TYPE_CATHETER_INSERTION, "Change the long-term urinary catheter every 12 weeks and when blocked.",
    "Catheter insertion and removal stay with the district nurses; the home will continue the agreed catheter care." },
  { TYPE_COMPLEX_WOUND, "Dress the grade 3 sacral pressure ulcer with a silver alginate and foam dressing every other day.",
    "Complex wound dressings stay with the district nursing team; staff will report any change they see." },
};

static gboolean
write_proposal (Demo        *demo,
                DemoTask    *t,
                int          delegated_day,
                GError     **error)
{
  DemoPerson *p = person_at (demo, t->person);
  DemoStaff *nurse = staff_at (demo, t->practitioner);
  g_autoptr(CareRecord) rec = care_record_new (CARE_KIND_DELEGATED_TASK);
  CareSession *session = session_of (demo, t->practitioner, error);

  if (session == NULL)
    return FALSE;
  care_record_set_string (rec, "person_uuid", p->uuid);
  care_record_set_string (rec, "task_type_uuid", demo->type_uuid[t->type]);
  care_record_set_string (rec, "practitioner_name", nurse->name);
  care_record_set_string (rec, "practitioner_profession", nurse_kinds[nurse->kind].profession);
  care_record_set_string (rec, "practitioner_register", "NMC");
  care_record_set_string (rec, "practitioner_number", nurse->register_number);
  care_record_set_string (rec, "practitioner_org", nurse_kinds[nurse->kind].organisation);
  care_record_set_string (rec, "practitioner_contact", nurse->kind == STAFF_DIABETES
                          ? "0116 496 0420" : "0116 496 0123");
  care_record_set_string (rec, "delegated_on", date_of (demo, delegated_day));
  if (chance (demo, 0.5))
    {
      care_record_set_string (rec, "mdt_date", date_of (demo, delegated_day - between (demo, 0, 7)));
      care_record_set_string (rec, "mdt_team", "GP, district nurse and the home's manager");
    }
  if (t->tpl >= 0)
    {
      const DemoTemplate *tp = &templates[t->tpl];

      g_free (t->instructions);
      t->instructions = base_instructions (t);
      care_record_set_string (rec, "instructions", t->instructions);
      set_text (rec, "site", task_site (t));
      set_text (rec, "equipment", tp->equipment);
      set_text (rec, "call_back_when", tp->call_back);
      if (t->type == TYPE_INSULIN)
        {
          g_autofree char *dose = g_strdup_printf ("Usually %d units; the sliding scale is in the insulin passport",
                                                   t->dose_units);
          care_record_set_string (rec, "dose", dose);
        }
      if (tp->times != NULL)
        {
          care_record_set_string (rec, "schedule_kind", "times");
          care_record_set_string (rec, "schedule_times", tp->times);
        }
      else if (tp->interval_hours > 0)
        {
          care_record_set_string (rec, "schedule_kind", "interval");
          care_record_set_int (rec, "interval_hours", tp->interval_hours);
          care_record_set_string (rec, "first_time", tp->first_time);
        }
      else
        {
          care_record_set_string (rec, "schedule_kind", "prn");
          care_record_set_int (rec, "prn_max_24h", tp->prn_max);
          care_record_set_int (rec, "prn_min_interval_min", tp->prn_min_interval);
        }
      care_record_set_int (rec, "review_interval_days", tp->review_days);
      care_record_set_string (rec, "risk_notes", "Risk assessment completed with the delegating nurse; "
                              "see the care plan.");
    }
  else
    {
      care_record_set_string (rec, "instructions", not_delegable[t->special].instructions);
      care_record_set_string (rec, "schedule_kind", "times");
      care_record_set_string (rec, "schedule_times", "10:00");
      care_record_set_int (rec, "review_interval_days", 7);
    }
  care_record_set_string (rec, "start_date", date_of (demo, t->start_day));
  if (t->last_day != NEVER)
    care_record_set_string (rec, "end_date", date_of (demo, t->last_day));
  care_record_set_string (rec, "oversight_contact", nurse->kind == STAFF_DIABETES
                          ? "Diabetes specialist nurses, 0116 496 0420"
                          : "District nursing hub, 0116 496 0123");
  care_record_set_string (rec, "consent_basis", p->lacks_capacity ? "best_interests"
                                                : chance (demo, 0.1) ? "lpa" : "consent");
  if (!care_delegation_propose (session, rec, error))
    return fail (demo, error, "proposing a delegated task");
  t->uuid = g_strdup (care_record_get_uuid (rec));
  t->state = TASK_PROPOSED;
  demo->stats->tasks++;
  return TRUE;
}

static gboolean
write_accept (Demo      *demo,
              DemoTask  *t,
              GError   **error)
{
  CareSession *manager = session_of (demo, a_manager (demo), error);

  if (manager == NULL)
    return FALSE;
  if (!care_delegation_accept (manager, t->uuid, demo->yes, error))
    return fail (demo, error, "accepting a delegated task");
  t->state = TASK_ACCEPTED;
  return TRUE;
}

static gboolean
write_status (Demo        *demo,
              DemoTask    *t,
              guint        who,
              const char  *status,
              const char  *reason,
              GError     **error)
{
  CareSession *session = session_of (demo, who, error);

  if (session == NULL)
    return FALSE;
  if (!care_delegation_set_status (session, t->uuid, status, reason, error))
    return fail (demo, error, "changing a delegated task's status");
  if (g_str_equal (status, "active"))
    t->state = TASK_ACTIVE;
  else if (g_str_equal (status, "suspended"))
    t->state = TASK_SUSPENDED;
  else
    t->state = TASK_CLOSED;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Liberty safeguards                                                  */
/* ------------------------------------------------------------------ */

static const char * const wishes[] = {
  "Says she likes her room but often asks to go home to see her mother.",
  "Happy to stay; enjoys the garden and the singing group.",
  "Asks to go home most afternoons; settles with reassurance.",
  "Cannot say; appears content and relaxed with staff.",
  NULL
};

static const char * const leaving[] = {
  "Staff would walk with them, reassure and guide them back, and tell the family.",
  "Staff would stop them leaving alone and offer to go out with them.",
  NULL
};

static gboolean
write_screening (Demo        *demo,
                 guint        person,
                 int          screened_day,
                 guint        who,
                 gboolean    *refer,
                 GError     **error)
{
  DemoPerson *p = person_at (demo, person);
  g_autoptr(CareRecord) rec = care_record_new (CARE_KIND_LIBERTY_SCREENING);
  CareSession *session = session_of (demo, who, error);
  g_autofree char *name = person_name (p);
  g_autofree char *rationale = NULL;

  if (session == NULL)
    return FALSE;
  *refer = p->restricted && p->lacks_capacity;
  care_record_set_string (rec, "person_uuid", p->uuid);
  care_record_set_string (rec, "screened_on", date_of (demo, screened_day));
  care_record_set_string (rec, "screened_by", care_session_get_actor_uuid (session));
  care_record_set_string (rec, "capacity", p->lacks_capacity ? "lacks_capacity"
                                           : p->restricted ? "has_capacity" : "not_assessed");
  if (p->lacks_capacity)
    {
      g_autofree char *ref = g_strdup_printf ("MCA-%s-%03d", date_of (demo, screened_day - between (demo, 1, 20)),
                                              between (demo, 1, 400));
      care_record_set_string (rec, "capacity_ref", ref);
    }
  if (p->restricted)
    care_record_set_string (rec, "restrictions", restriction_sets[p->restriction_set].codes);
  care_record_set_string (rec, "supervision_level", p->restricted ? (p->lacks_capacity ? "continuous" : "frequent")
                                                                  : "intermittent");
  care_record_set_string (rec, "free_to_leave", *refer ? "no" : p->restricted ? "unclear" : "yes");
  if (p->restricted)
    care_record_set_string (rec, "if_tries_to_leave", pick (demo, leaving));
  care_record_set_string (rec, "wishes_feelings", pick (demo, wishes));
  if (*refer && chance (demo, 0.4))
    care_record_set_string (rec, "objections", "Sometimes tries the front door and gets upset when it will not open.");
  care_record_set_string (rec, "family_views", chance (demo, 0.5)
                          ? "Family support the arrangements and visit weekly."
                          : "Family want them kept safe and are kept informed.");
  care_record_set_string (rec, "setting", "care_home");
  care_record_set_string (rec, "outcome", *refer ? "refer" : "no_referral");
  if (*refer && p->young)
    rationale = g_strdup_printf ("%s is 17 and lacks capacity to consent to continuous supervision and a locked "
                                 "front door. DoLS does not apply under 18: the local authority is asked to "
                                 "apply to the Court of Protection.", name);
  else if (*refer)
    rationale = g_strdup_printf ("%s lacks capacity to consent to living here, is under continuous supervision "
                                 "and control and is not free to leave. Weighing these factors, a referral for "
                                 "authorisation is needed.", name);
  else if (p->restricted)
    rationale = g_strdup_printf ("%s has capacity to decide about the arrangements and agrees to them; no "
                                 "referral. Re-screen if capacity changes.", name);
  else
    rationale = g_strdup_printf ("No restrictions beyond ordinary care; %s comes and goes with family. "
                                 "No referral.", name);
  care_record_set_string (rec, "rationale", rationale);
  if (!care_session_save (session, rec, NULL, error))
    return fail (demo, error, "recording a liberty screening");
  demo->stats->screenings++;
  return TRUE;
}

static DemoCase *
new_case (Demo  *demo,
          guint  person,
          guint *index)
{
  DemoCase *c = g_new0 (DemoCase, 1);

  c->person = person;
  c->decide_day = NEVER;
  c->notify_day = NEVER;
  c->extend_day = NEVER;
  c->check_day = NEVER;
  c->renew_day = NEVER;
  c->until_day = -1;
  g_ptr_array_add (demo->cases, c);
  *index = demo->cases->len - 1;
  g_array_append_val (person_at (demo, person)->cases, *index);
  return c;
}

static void
demo_case_free (DemoCase *c)
{
  g_free (c->uuid);
  g_free (c);
}

/* When the CQC hears of an outcome: a few days later, sometimes never; the
 * most recent outcome is always still to be notified at the end. */
static int
notify_after (Demo *demo,
              int   outcome_day)
{
  if (!demo->unnotified_chosen && outcome_day >= demo->end_day - 45)
    {
      demo->unnotified_chosen = TRUE;
      return NEVER;
    }
  return chance (demo, 0.02) ? NEVER : outcome_day + between (demo, 1, 5);
}

/* One standard authorisation runs out within 28 days of the end, with no
 * renewal applied for yet, so the dashboard has that alert to show. */
static int
standard_until (Demo       *demo,
                DemoPerson *p,
                int         from_day,
                gboolean   *designated)
{
  int longest = year_after (demo, from_day);

  g_autofree char *half = NULL;

  *designated = FALSE;
  if (!demo->expiring_chosen && !p->young && demo->end_day + 14 <= longest && demo->end_day + 14 > from_day)
    {
      demo->expiring_chosen = TRUE;
      /* They must still live here at the end for the alert to show. */
      p->keep = TRUE;
      *designated = TRUE;
      return demo->end_day + 14;
    }
  if (!chance (demo, 0.2))
    return longest;
  half = care_date_add_months (date_of (demo, from_day), 6);
  return day_of (demo, half) - 1;
}

static void
fill_case_base (Demo       *demo,
                CareRecord *rec,
                DemoPerson *p,
                DemoCase   *c)
{
  g_autofree char *ref = g_strdup_printf ("DOLS-%.4s-%05d", date_of (demo, c->applied_day), between (demo, 1, 99999));

  care_record_set_string (rec, "person_uuid", p->uuid);
  care_record_set_string (rec, "scheme", "dols");
  care_record_set_string (rec, "urgency", c->urgent ? "urgent" : "standard");
  care_record_set_string (rec, "body_name", bodies[p->bed % list_length (bodies)]);
  care_record_set_string (rec, "body_reference", ref);
  care_record_set_string (rec, "applied_on", date_of (demo, c->applied_day));
}

static void
fill_grant (Demo       *demo,
            CareRecord *rec,
            DemoPerson *p,
            DemoCase   *c,
            int         granted_day,
            int         from_day)
{
  care_record_set_string (rec, "outcome", "granted");
  care_record_set_string (rec, "granted_on", date_of (demo, granted_day));
  care_record_set_string (rec, "valid_from", date_of (demo, from_day));
  care_record_set_string (rec, "valid_until", date_of (demo, c->until_day));
  care_record_set_string (rec, "outcome_on", date_of (demo, granted_day));
  if (!c->urgent)
    {
      g_autofree char *rpr = g_strdup_printf ("Their %s, %s %s (relevant person's representative)",
                                              pick (demo, relatives), pick (demo, staff_given), p->family);
      gboolean imca = chance (demo, 0.25);

      care_record_set_string (rec, "representative_kind", imca ? "imca" : "rpr");
      care_record_set_string (rec, "representative", imca ? "IMCA from the local advocacy service" : rpr);
      c->conditions = chance (demo, 0.4);
      if (c->conditions)
        care_record_set_string (rec, "conditions", chance (demo, 0.5)
                                ? "1. Offer a walk outside with staff every day. 2. Review the sensor mat monthly."
                                : "1. Support weekly video calls with family. 2. Review covert medication with the GP every 3 months.");
    }
}

static gboolean
save_case (Demo        *demo,
           CareRecord  *rec,
           guint        who,
           const char  *reason,
           GError     **error)
{
  CareSession *session = session_of (demo, who, error);

  if (session == NULL)
    return FALSE;
  if (!care_session_save (session, rec, reason, error))
    return fail (demo, error, "recording a liberty safeguards case");
  return TRUE;
}

/* An application: urgent authorisations are granted by the home itself
 * for seven days while the standard application waits. */
static gboolean
write_application (Demo        *demo,
                   guint        person,
                   gboolean     urgent,
                   int          decide_day,
                   GError     **error)
{
  DemoPerson *p = person_at (demo, person);
  g_autoptr(CareRecord) rec = care_record_new (CARE_KIND_LIBERTY_CASE);
  guint index;
  DemoCase *c = new_case (demo, person, &index);

  c->urgent = urgent;
  c->applied_day = demo->day;
  fill_case_base (demo, rec, p, c);
  if (urgent)
    {
      c->until_day = demo->day + 7;
      fill_grant (demo, rec, p, c, demo->day, demo->day);
      c->notify_day = notify_after (demo, demo->day);
      c->extend_day = chance (demo, 0.3) ? demo->day + 6 : NEVER;
      c->granted = TRUE;
    }
  else
    {
      care_record_set_string (rec, "outcome", "pending");
      c->open = TRUE;
      c->decide_day = decide_day;
      p->standard_pending = TRUE;
    }
  if (!save_case (demo, rec, a_manager (demo), NULL, error))
    return FALSE;
  c->uuid = g_strdup (care_record_get_uuid (rec));
  demo->stats->cases++;
  return TRUE;
}

/* A change to a case is a correction: the next version, with a reason. */
static CareRecord *
load_case (Demo      *demo,
           DemoCase  *c,
           GError   **error)
{
  CareRecord *rec = care_store_load (demo->store, CARE_KIND_LIBERTY_CASE, c->uuid, error);

  if (rec == NULL)
    fail (demo, error, "reading a liberty safeguards case");
  return rec;
}

/* ------------------------------------------------------------------ */
/* The day's steps                                                     */
/* ------------------------------------------------------------------ */

static guint
any_carer (Demo *demo)
{
  for (;;)
    {
      guint i = g_array_index (demo->carers, guint, between (demo, 0, (int) demo->carers->len - 1));
      DemoStaff *s = staff_at (demo, i);

      if (s->uuid != NULL && staff_employed (s, demo->day))
        return i;
    }
}

static const char *
not_done_reason (Demo       *demo,
                 int         slot_minute,
                 const char **text)
{
  double r = g_rand_double (demo->rand);

  *text = NULL;
  if (r < 0.55)
    return "R";
  if (r < 0.70)
    return slot_minute <= 8 * 60 || slot_minute >= 20 * 60 ? "S" : "R";
  if (r < 0.80)
    return "NR";
  if (r < 0.90)
    {
      *text = pick (demo, not_done_unable);
      return "U";
    }
  *text = pick (demo, not_done_other);
  return "O";
}

static void
add_observations (Demo       *demo,
                  DemoTask   *t,
                  CareRecord *rec)
{
  const DemoTemplate *tp = &templates[t->tpl];

  if (t->type == TYPE_GLUCOSE)
    {
      /* A glucose check is its reading. */
      double reading = 4.2 + g_rand_double (demo->rand) * 8.5;
      g_autofree char *text = NULL;

      if (chance (demo, 0.01))
        reading = chance (demo, 0.5) ? 3.1 + g_rand_double (demo->rand) * 0.8 : 15.2 + g_rand_double (demo->rand) * 5;
      text = g_strdup_printf (reading < 4 ? "Reading %.1f mmol/L: hypo plan followed, senior told."
                              : reading > 15 ? "Reading %.1f mmol/L: senior told, diabetes nurse rung."
                              : "Reading %.1f mmol/L.", reading);
      care_record_set_string (rec, "observations", text);
      if (reading < 4 || reading > 15)
        care_record_set_bool (rec, "escalate", TRUE);
      return;
    }
  if (tp->escalations != NULL && chance (demo, 0.01))
    {
      care_record_set_string (rec, "observations", pick (demo, tp->escalations));
      care_record_set_bool (rec, "escalate", TRUE);
    }
  else if (tp->observations != NULL && chance (demo, 0.05))
    care_record_set_string (rec, "observations", pick (demo, tp->observations));
}

static CareRecord *
new_administration (Demo        *demo,
                    DemoTask    *t,
                    guint        performer,
                    const char  *slot_time,
                    gint64       occurred,
                    const char  *reason,
                    const char  *reason_text)
{
  CareRecord *rec = care_record_new (CARE_KIND_ADMINISTRATION);

  care_record_set_string (rec, "task_uuid", t->uuid);
  care_record_set_string (rec, "slot_date", demo->today);
  set_text (rec, "slot_time", slot_time);
  care_record_set_int (rec, "occurred_at", occurred);
  if (reason != NULL)
    {
      care_record_set_string (rec, "outcome", "not_done");
      care_record_set_string (rec, "reason_code", reason);
      set_text (rec, "reason_text", reason_text);
      return rec;
    }
  care_record_set_string (rec, "outcome", "done");
  if (demo->topical[t->type])
    care_record_set_string (rec, "site", task_site (t) ? task_site (t) : "As in the instructions");
  if (demo->variable_dose[t->type])
    {
      g_autofree char *dose = g_strdup_printf ("%d units", t->dose_units + between (demo, -2, 2));
      care_record_set_string (rec, "dose", dose);
    }
  if (demo->witness[t->type])
    {
      guint witness;
      do
        witness = any_carer (demo);
      while (witness == performer);
      care_record_set_string (rec, "witness_uuid", staff_at (demo, witness)->uuid);
    }
  add_observations (demo, t, rec);
  return rec;
}

static gboolean
record (Demo        *demo,
        guint        performer,
        CareRecord  *rec,
        GError     **error)
{
  CareSession *session = session_of (demo, performer, error);

  if (session == NULL)
    return FALSE;
  if (!care_administration_record (session, rec, error))
    return fail (demo, error, "recording an administration");
  demo->stats->administrations++;
  if (care_record_get_bool (rec, "late"))
    demo->stats->late++;
  if (g_strcmp0 (care_record_get_string (rec, "outcome"), "not_done") == 0)
    demo->stats->not_done++;
  return TRUE;
}

/* A carer spots a slip in their own entry and corrects it: the next
 * version, with the reason. */
static gboolean
correct_administration (Demo        *demo,
                        guint        performer,
                        CareRecord  *rec,
                        GError     **error)
{
  g_autoptr(CareRecord) fixed = care_record_copy (rec);
  const char *reason;

  if (care_record_has (fixed, "dose"))
    {
      g_autofree char *dose = g_strdup_printf ("%d units", atoi (care_record_get_string (fixed, "dose")) + 1);
      care_record_set_string (fixed, "dose", dose);
      reason = "Dose typed wrongly; the pen showed one unit more.";
    }
  else if (care_record_has (fixed, "observations"))
    {
      g_autofree char *more = g_strdup_printf ("%s Checked again later: no change.",
                                               care_record_get_string (fixed, "observations"));
      care_record_set_string (fixed, "observations", more);
      reason = "Added what I saw when I checked again.";
    }
  else
    {
      care_record_set_string (fixed, "observations", "Skin checked: intact.");
      reason = "Forgot to write what I noticed.";
    }
  care_store_set_now (demo->store, care_store_now (demo->store) + between (demo, 180, 1800));
  if (!care_session_save (session_of (demo, performer, error), fixed, reason, error))
    return fail (demo, error, "correcting an administration");
  demo->stats->corrections++;
  return TRUE;
}

/* Done pressed by mistake: the carer marks their own entry as entered in
 * error and records what really happened. */
static gboolean
undo_by_mistake (Demo        *demo,
                 guint        performer,
                 DemoTask    *t,
                 const char  *slot_time,
                 gint64       occurred,
                 CareRecord  *wrong,
                 GError     **error)
{
  g_autoptr(CareRecord) right = NULL;
  CareSession *session = session_of (demo, performer, error);

  care_store_set_now (demo->store, care_store_now (demo->store) + between (demo, 60, 600));
  if (!care_session_mark_entered_in_error (session, CARE_KIND_ADMINISTRATION, care_record_get_uuid (wrong),
                                           "Pressed done by mistake: it was not given, the resident was asleep.",
                                           error))
    return fail (demo, error, "marking an administration as entered in error");
  demo->stats->entered_in_error++;
  care_store_set_now (demo->store, care_store_now (demo->store) + between (demo, 20, 120));
  right = new_administration (demo, t, performer, slot_time, occurred, "S", NULL);
  return record (demo, performer, right, error);
}

static gboolean
step_admin (Demo              *demo,
            const DemoAction  *a,
            GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);
  DemoPerson *p = person_at (demo, t->person);
  GArray *roster;
  const char *slot_time = t->slot_times[a->detail];
  const char *reason = NULL;
  const char *reason_text = NULL;
  guint performer;
  g_autoptr(CareRecord) rec = NULL;

  /* Suspended, ended, or the person left earlier today. */
  if (t->state != TASK_ACTIVE || p->state != PERSON_HERE)
    return TRUE;
  roster = roster_of (demo, key_at (demo, t->key));
  if (p->hospital_until >= demo->day)
    reason = "H";
  else if (p->leave_until >= demo->day)
    reason = "L";
  else if (roster->len == 0)
    {
      reason = "O";
      reason_text = "Nobody competent for this task was on duty; the senior told the district nurse.";
    }
  else if (chance (demo, 0.045 * p->refusals))
    reason = not_done_reason (demo, minutes_of (slot_time), &reason_text);
  /* Only someone competent records "done"; anyone may record "not done". */
  performer = roster->len > 0 ? g_array_index (roster, guint, between (demo, 0, (int) roster->len - 1))
                              : any_carer (demo);
  rec = new_administration (demo, t, performer, slot_time, a->when, reason, reason_text);
  if (!record (demo, performer, rec, error))
    return FALSE;
  if (reason == NULL && chance (demo, 0.0005))
    return undo_by_mistake (demo, performer, t, slot_time, a->when, rec, error);
  if (chance (demo, 0.001))
    return correct_administration (demo, performer, rec, error);
  return TRUE;
}

static gboolean
step_prn (Demo              *demo,
          const DemoAction  *a,
          GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);
  DemoPerson *p = person_at (demo, t->person);
  GArray *roster;
  g_autoptr(CareRecord) rec = NULL;
  guint performer;

  if (t->state != TASK_ACTIVE || p->state != PERSON_HERE)
    return TRUE;
  roster = roster_of (demo, key_at (demo, t->key));
  if (roster->len == 0)
    return TRUE;
  performer = g_array_index (roster, guint, between (demo, 0, (int) roster->len - 1));
  rec = new_administration (demo, t, performer, NULL, a->when, NULL, NULL);
  return record (demo, performer, rec, error);
}

static gboolean
step_propose (Demo              *demo,
              const DemoAction  *a,
              GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);

  if (person_at (demo, t->person)->state != PERSON_HERE)
    {
      t->state = TASK_CLOSED;
      return TRUE;
    }
  return write_proposal (demo, t, demo->day, error);
}

static gboolean
refused_as_expected (Demo        *demo,
                     gboolean     accepted,
                     GError     **accept_error,
                     int          code,
                     GError     **error)
{
  if (!accepted && g_error_matches (*accept_error, CARE_ERROR, code))
    {
      g_clear_error (accept_error);
      return TRUE;
    }
  g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
               "the core %s a task it must refuse (%s)", accepted ? "accepted" : "refused",
               *accept_error ? (*accept_error)->message : "no error");
  g_clear_error (accept_error);
  return fail (demo, error, "checking the refusal of a delegated task");
}

/* The manager tries to accept; the core refuses (the task type is never
 * delegable, or a matrix answer is no) and the manager declines, with the
 * answers they gave. */
static gboolean
decline_after_refusal (Demo        *demo,
                       DemoTask    *t,
                       GError     **error)
{
  guint who = a_manager (demo);
  CareSession *manager = session_of (demo, who, error);
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) refusal = NULL;
  GHashTableIter iter;
  gpointer code, answer;
  gboolean accepted;
  const char *reason;
  int expected;

  if (manager == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, demo->yes);
  while (g_hash_table_iter_next (&iter, &code, &answer))
    g_hash_table_insert (answers, code, answer);
  if (t->decision == DECIDE_NOT_DELEGABLE)
    {
      g_hash_table_insert (answers, (gpointer) "delegable", (gpointer) "no");
      /* Tick every box: the core must still refuse a non-delegable type. */
      accepted = care_delegation_accept (manager, t->uuid, demo->yes, &refusal);
      expected = CARE_ERROR_NOT_DELEGABLE;
      reason = not_delegable[t->special].decline;
    }
  else
    {
      g_hash_table_insert (answers, (gpointer) "stable", (gpointer) "no");
      accepted = care_delegation_accept (manager, t->uuid, answers, &refusal);
      expected = CARE_ERROR_MATRIX;
      reason = "Blood glucose has been too unstable this month for the task to be delegated; the diabetes "
               "nurse will keep visiting and propose it again when it settles.";
    }
  if (!refused_as_expected (demo, accepted, &refusal, expected, error))
    return FALSE;
  if (!care_delegation_decline (manager, t->uuid, reason, answers, error))
    return fail (demo, error, "declining a delegated task");
  t->state = TASK_CLOSED;
  demo->stats->declined++;
  return TRUE;
}

static gboolean
step_decide (Demo              *demo,
             const DemoAction  *a,
             GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);

  if (t->state != TASK_PROPOSED || person_at (demo, t->person)->state != PERSON_HERE)
    return TRUE;
  if (t->decision == DECIDE_ACCEPT)
    return write_accept (demo, t, error);
  return decline_after_refusal (demo, t, error);
}

static gboolean
step_activate (Demo              *demo,
               const DemoAction  *a,
               GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);

  if (t->state != TASK_ACCEPTED || person_at (demo, t->person)->state != PERSON_HERE)
    return TRUE;
  return write_status (demo, t, a_manager (demo), "active", NULL, error);
}

static gboolean
step_reactivate (Demo              *demo,
                 const DemoAction  *a,
                 GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);

  if (t->state != TASK_SUSPENDED || person_at (demo, t->person)->state != PERSON_HERE)
    return TRUE;
  return write_status (demo, t, a_manager (demo), "active",
                       "The district nurse phoned: it can restart as before.", error);
}

static gboolean
step_close (Demo              *demo,
            const DemoAction  *a,
            GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);

  if (t->state != TASK_ACCEPTED && t->state != TASK_ACTIVE && t->state != TASK_SUSPENDED)
    return TRUE;
  return write_status (demo, t, t->practitioner, "ended", "Course completed as prescribed.", error);
}

static const char * const findings_good[] = {
  "Visited and checked the %s. MAR complete; staff following the instructions; no concerns.",
  "Reviewed the %s with the senior on duty. Improving; carers recording well.",
  "Seen today. The %s is working as intended; entries complete, two refusals noted and discussed.",
  NULL
};

static gboolean
step_review (Demo              *demo,
             const DemoAction  *a,
             GError           **error)
{
  DemoTask *t = task_at (demo, a->subject);
  const DemoTemplate *tp = &templates[t->tpl];
  g_autoptr(CareRecord) rec = care_record_new (CARE_KIND_REVIEW);
  g_autofree char *findings = NULL;
  g_autofree char *changed = NULL;
  const char *decision = "continue";
  int next = demo->day + (int) tp->review_days;
  CareSession *nurse;
  double r = g_rand_double (demo->rand);

  if ((t->state != TASK_ACTIVE && t->state != TASK_SUSPENDED && t->state != TASK_ACCEPTED)
      || person_at (demo, t->person)->state != PERSON_HERE)
    return TRUE;
  nurse = session_of (demo, t->practitioner, error);
  if (nurse == NULL)
    return FALSE;
  findings = g_strdup_printf (pick (demo, findings_good), tp->name);
  if (t->state == TASK_ACTIVE && r < 0.06)
    {
      g_autofree char *base = base_instructions (t);
      /* The change alternates, so instructions never grow without end. */
      changed = g_strcmp0 (t->instructions, base) == 0 ? g_strdup_printf ("%s %s", base, tp->change)
                                                       : g_steal_pointer (&base);
      decision = "change_instructions";
      care_record_set_string (rec, "new_instructions", changed);
    }
  else if (t->state == TASK_ACTIVE && r < 0.085)
    {
      decision = "suspend";
      g_free (findings);
      findings = g_strdup_printf ("Condition has changed: the %s is suspended while the district nurses "
                                  "manage it; the manager will restart it when agreed.", tp->name);
    }
  else if (t->state == TASK_ACTIVE && r < 0.088 && tp->course_min == 0)
    {
      decision = "withdraw";
      g_free (findings);
      findings = g_strdup_printf ("The %s is no longer needed; delegation withdrawn.", tp->name);
    }
  care_record_set_string (rec, "task_uuid", t->uuid);
  care_record_set_string (rec, "reviewed_on", demo->today);
  care_record_set_string (rec, "findings", findings);
  care_record_set_string (rec, "decision", decision);
  if (!g_str_equal (decision, "withdraw"))
    care_record_set_string (rec, "next_review_on", date_of (demo, next));
  if (!care_review_record (nurse, rec, error))
    return fail (demo, error, "recording a clinical oversight review");
  demo->stats->reviews++;
  /* Reviews are sometimes a few days late: then the dashboard shows them.
   * One due in the last days of the history is still waiting at the end. */
  t->review_day = next + (chance (demo, 0.1) ? between (demo, 1, 4) : 0);
  if (!demo->late_review_chosen && next >= demo->end_day - 6 && next < demo->end_day)
    {
      demo->late_review_chosen = TRUE;
      t->review_day = demo->end_day + 3;
    }
  if (g_str_equal (decision, "change_instructions"))
    {
      g_free (t->instructions);
      t->instructions = g_steal_pointer (&changed);
    }
  else if (g_str_equal (decision, "suspend"))
    {
      t->state = TASK_SUSPENDED;
      t->reactivate_day = demo->day + between (demo, 3, 14);
    }
  else if (g_str_equal (decision, "withdraw"))
    t->state = TASK_CLOSED;
  return TRUE;
}

static gboolean
step_sign_off (Demo              *demo,
               const DemoAction  *a,
               GError           **error)
{
  return write_sign_off (demo, a->subject, a->detail, error);
}

static gboolean
step_revoke (Demo              *demo,
             const DemoAction  *a,
             GError           **error)
{
  DemoKey *key = key_at (demo, a->subject);
  DemoComp *c = &g_array_index (key->comps, DemoComp, a->detail);
  guint who = chance (demo, 0.7) ? assessor_for (demo, key->type) : a_manager (demo);
  CareSession *session = session_of (demo, who, error);

  if (session == NULL)
    return FALSE;
  if (!care_competency_revoke (session, c->uuid, pick (demo, revoke_reasons), error))
    return fail (demo, error, "revoking a competency");
  demo->stats->revoked++;
  return TRUE;
}

static gboolean
step_staff_join (Demo              *demo,
                 const DemoAction  *a,
                 GError           **error)
{
  return write_staff (demo, staff_at (demo, a->subject), error);
}

static gboolean
step_staff_leave (Demo              *demo,
                  const DemoAction  *a,
                  GError           **error)
{
  DemoStaff *s = staff_at (demo, a->subject);
  g_autoptr(CareRecord) rec = care_store_load (demo->store, CARE_KIND_STAFF, s->uuid, error);
  CareSession *manager = session_of (demo, 0, error);

  if (rec == NULL || manager == NULL)
    return fail (demo, error, "reading a staff record");
  care_record_set_bool (rec, "active", FALSE);
  if (!care_session_save (manager, rec, "Left the home's employment.", error))
    return fail (demo, error, "recording that a member of staff left");
  g_clear_object (&s->session);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* People coming and going; liberty safeguards over time               */
/* ------------------------------------------------------------------ */

static gboolean
has_open_task (Demo       *demo,
               DemoPerson *p,
               int         tpl)
{
  for (guint i = 0; i < p->tasks->len; i++)
    {
      DemoTask *t = task_at (demo, g_array_index (p->tasks, guint, i));
      if (t->tpl == tpl && t->state != TASK_CLOSED)
        return TRUE;
    }
  return FALSE;
}

/* What a newly admitted person needs, proposed by the nurses over the
 * first days: each template by how common it is. */
static void
plan_needs (Demo  *demo,
            guint  person,
            int    from_day)
{
  DemoPerson *p = person_at (demo, person);

  for (int tpl = 0; tpl < N_TEMPLATES; tpl++)
    {
      const DemoTemplate *tp = &templates[tpl];
      gboolean wanted = chance (demo, tp->per_mille / 1000.0)
                        || (p->young && (tpl == TPL_PEG || tpl == TPL_EMOLLIENT));
      DemoTask *t;

      if (!wanted || has_open_task (demo, p, tpl))
        continue;
      t = new_task (demo, person, tpl, tp->type, from_day + between (demo, 1, 6));
      if (tp->companion >= 0 && !has_open_task (demo, p, tp->companion))
        {
          DemoTask *c = new_task (demo, person, tp->companion, templates[tp->companion].type, t->propose_day);
          c->decide_day = t->decide_day;
          c->start_day = t->start_day;
        }
    }
}

static DemoTask *
task_for_decline (Demo         *demo,
                  guint         person,
                  DemoDecision  decision,
                  guint         special)
{
  DemoTask *t;

  if (decision == DECIDE_NOT_DELEGABLE)
    t = new_task (demo, person, -1, not_delegable[special].type, demo->day);
  else
    t = new_task (demo, person, TPL_MIXED_INSULIN, TYPE_INSULIN, demo->day);
  t->decision = decision;
  t->special = special;
  t->decide_day = demo->day + between (demo, 0, 1);
  return t;
}

static gboolean
step_admit (Demo              *demo,
            const DemoAction  *a,
            GError           **error)
{
  DemoPerson *p = person_at (demo, a->subject);

  if (!write_person (demo, p, error))
    return FALSE;
  plan_needs (demo, a->subject, demo->day);
  if (p->young || (p->restricted && !p->never_screen))
    p->screen_day = demo->day + between (demo, 2, p->young ? 5 : 10);
  return TRUE;
}

static gboolean
end_person_tasks (Demo        *demo,
                  DemoPerson  *p,
                  guint        manager,
                  const char  *why,
                  GError     **error)
{
  for (guint i = 0; i < p->tasks->len; i++)
    {
      DemoTask *t = task_at (demo, g_array_index (p->tasks, guint, i));

      switch (t->state)
        {
        case TASK_PLANNED:
          t->state = TASK_CLOSED;
          break;
        case TASK_PROPOSED:
          if (!care_delegation_decline (session_of (demo, manager, error), t->uuid, why, NULL, error))
            return fail (demo, error, "declining a task for someone who left");
          t->state = TASK_CLOSED;
          demo->stats->declined++;
          break;
        case TASK_ACCEPTED:
        case TASK_ACTIVE:
        case TASK_SUSPENDED:
          if (!write_status (demo, t, manager, "ended", why, error))
            return FALSE;
          break;
        case TASK_CLOSED:
        default:
          break;
        }
    }
  return TRUE;
}

static gboolean
withdraw_cases (Demo        *demo,
                DemoPerson  *p,
                guint        manager,
                GError     **error)
{
  for (guint i = 0; i < p->cases->len; i++)
    {
      DemoCase *c = case_at (demo, g_array_index (p->cases, guint, i));
      g_autoptr(CareRecord) rec = NULL;

      if (!c->open)
        continue;
      rec = load_case (demo, c, error);
      if (rec == NULL)
        return FALSE;
      care_record_set_string (rec, "outcome", "withdrawn");
      care_record_set_string (rec, "outcome_on", demo->today);
      if (!save_case (demo, rec, manager, "Application withdrawn: the person no longer lives at the home.", error))
        return FALSE;
      c->open = FALSE;
      c->notify_day = notify_after (demo, demo->day);
    }
  p->standard_pending = FALSE;
  return TRUE;
}

static gboolean
step_depart (Demo              *demo,
             const DemoAction  *a,
             GError           **error)
{
  DemoPerson *p = person_at (demo, a->subject);
  gboolean died = a->detail == 0;
  guint manager = a_manager (demo);
  CareSession *session = session_of (demo, manager, error);
  g_autoptr(CareRecord) rec = NULL;
  g_autofree char *reason = NULL;

  if (session == NULL)
    return FALSE;
  rec = care_store_load (demo->store, CARE_KIND_PERSON, p->uuid, error);
  if (rec == NULL)
    return fail (demo, error, "reading a person");
  care_record_set_string (rec, "status", died ? "died" : "left");
  reason = died ? g_strdup_printf ("Died peacefully at the home on %s; the GP verified the death.", demo->today)
                : g_strdup_printf ("Moved on %s to a nursing home nearer their family.", demo->today);
  if (!care_session_save (session, rec, reason, error))
    return fail (demo, error, "recording that a person left");
  p->state = PERSON_GONE;
  if (!end_person_tasks (demo, p, manager, died ? "The person died." : "The person has left the home.", error)
      || !withdraw_cases (demo, p, manager, error))
    return FALSE;
  /* The room is offered again after a few weeks. */
  new_person (demo, p->bed, demo->day + between (demo, 7, 40));
  return TRUE;
}

static gboolean
step_screen (Demo              *demo,
             const DemoAction  *a,
             GError           **error)
{
  DemoPerson *p = person_at (demo, a->subject);
  gboolean refer = FALSE;

  if (p->state != PERSON_HERE)
    return TRUE;
  if (!write_screening (demo, a->subject, demo->day, a_senior_or_manager (demo), &refer, error))
    return FALSE;
  /* Re-screened yearly, now and then late enough to show on the dashboard. */
  p->screen_day = demo->day + (chance (demo, 0.1) ? 365 + between (demo, 1, 20) : 365 - between (demo, 0, 14));
  if (!refer || p->young || p->standard_pending || p->auth_until >= demo->day + 60)
    return TRUE;
  if (p->cases->len == 0 && chance (demo, 0.5)
      && !write_application (demo, a->subject, TRUE, NEVER, error))
    return FALSE;
  return write_application (demo, a->subject, FALSE, demo->day + between (demo, 21, 150), error);
}

static gboolean
step_case_decide (Demo              *demo,
                  const DemoAction  *a,
                  GError           **error)
{
  DemoCase *c = case_at (demo, a->subject);
  DemoPerson *p = person_at (demo, c->person);
  g_autoptr(CareRecord) rec = NULL;
  gboolean designated = FALSE;

  if (!c->open || p->state != PERSON_HERE)
    return TRUE;
  rec = load_case (demo, c, error);
  if (rec == NULL)
    return FALSE;
  /* Renewals are granted: a refusal then is a change in the person, for
   * a new screening, not a paperwork gap. */
  if (c->renewal || chance (demo, 0.87))
    {
      int from = MAX (demo->day, p->auth_until + 1);

      c->until_day = standard_until (demo, p, from, &designated);
      fill_grant (demo, rec, p, c, demo->day, from);
      c->granted = TRUE;
      c->renew_day = designated ? NEVER : c->until_day - between (demo, 28, 60);
      c->check_day = c->conditions ? demo->day + 90 : NEVER;
      p->auth_until = c->until_day;
    }
  else
    {
      care_record_set_string (rec, "outcome", "not_granted");
      care_record_set_string (rec, "outcome_on", demo->today);
    }
  if (!save_case (demo, rec, a_manager (demo), "Decision received from the supervisory body.", error))
    return FALSE;
  c->open = FALSE;
  c->notify_day = notify_after (demo, demo->day);
  p->standard_pending = FALSE;
  return TRUE;
}

static gboolean
step_case_notify (Demo              *demo,
                  const DemoAction  *a,
                  GError           **error)
{
  DemoCase *c = case_at (demo, a->subject);
  g_autoptr(CareRecord) rec = load_case (demo, c, error);
  g_autofree char *ref = NULL;

  if (rec == NULL)
    return FALSE;
  ref = g_strdup_printf ("CQC-%06d", between (demo, 1, 999999));
  care_record_set_string (rec, "cqc_notified_on", demo->today);
  care_record_set_string (rec, "cqc_reference", ref);
  return save_case (demo, rec, a_manager (demo), "The CQC was notified of the outcome.", error);
}

static gboolean
step_case_extend (Demo              *demo,
                  const DemoAction  *a,
                  GError           **error)
{
  DemoCase *c = case_at (demo, a->subject);
  DemoPerson *p = person_at (demo, c->person);
  g_autoptr(CareRecord) rec = NULL;

  if (!p->standard_pending || p->state != PERSON_HERE)
    return TRUE;
  rec = load_case (demo, c, error);
  if (rec == NULL)
    return FALSE;
  care_record_set_string (rec, "extension_until", date_of (demo, c->until_day + 7));
  return save_case (demo, rec, a_manager (demo),
                    "The supervisory body extended the urgent authorisation by 7 days while the standard "
                    "assessment is completed.", error);
}

static gboolean
step_case_check (Demo              *demo,
                 const DemoAction  *a,
                 GError           **error)
{
  DemoCase *c = case_at (demo, a->subject);
  g_autoptr(CareRecord) rec = NULL;
  g_auto(GStrv) lines = NULL;
  GString *checks = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint n;

  if (person_at (demo, c->person)->state != PERSON_HERE || c->until_day < demo->day)
    {
      g_string_free (checks, TRUE);
      return TRUE;
    }
  rec = load_case (demo, c, error);
  if (rec == NULL)
    {
      g_string_free (checks, TRUE);
      return FALSE;
    }
  /* The last three checks are kept in the field; older ones stay in the
   * record's earlier versions. */
  lines = g_strsplit (care_record_get_string (rec, "condition_checks") ? care_record_get_string (rec, "condition_checks") : "", "\n", -1);
  n = g_strv_length (lines);
  for (guint i = n > 2 ? n - 2 : 0; i < n; i++)
    if (*lines[i] != '\0')
      g_string_append_printf (checks, "%s\n", lines[i]);
  g_string_append_printf (checks, "%s: conditions checked with the team and the family; all met.", demo->today);
  text = g_string_free (checks, FALSE);
  care_record_set_string (rec, "condition_checks", text);
  c->check_day = demo->day + 90;
  return save_case (demo, rec, a_manager (demo), "Quarterly check of the conditions.", error);
}

static gboolean
step_case_renew (Demo              *demo,
                 const DemoAction  *a,
                 GError           **error)
{
  DemoCase *c = case_at (demo, a->subject);
  DemoPerson *p = person_at (demo, c->person);

  if (p->state != PERSON_HERE || p->standard_pending || p->auth_until != c->until_day)
    return TRUE;
  int decide = c->until_day + between (demo, -20, 10);

  if (!write_application (demo, c->person, FALSE, MAX (demo->day + 7, decide), error))
    return FALSE;
  case_at (demo, demo->cases->len - 1)->renewal = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Planning a day                                                      */
/* ------------------------------------------------------------------ */

/* Someone whose sign-off for @key ran out while nobody needed it: when the
 * task comes back, the carers who knew the person are assessed again. */
static gboolean
choose_returning (Demo    *demo,
                  DemoKey *key,
                  guint   *chosen)
{
  g_autoptr(GArray) lapsed = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < key->comps->len; i++)
    {
      DemoComp *c = &g_array_index (key->comps, DemoComp, i);
      DemoStaff *s = staff_at (demo, c->staff);
      gboolean current = FALSE;

      if (c->until_day < 0 || c->until_day >= demo->day || c->revoked_day != NEVER
          || s->uuid == NULL || s->left_day != NEVER)
        continue;
      for (guint j = 0; j < key->comps->len && !current; j++)
        {
          DemoComp *other = &g_array_index (key->comps, DemoComp, j);
          current = other->staff == c->staff
                    && (other->until_day >= demo->day || other->revoked_day != NEVER
                        || (other->until_day < 0 && other->assessed_day > demo->day - 14));
        }
      for (guint j = 0; j < lapsed->len && !current; j++)
        current = g_array_index (lapsed, guint, j) == c->staff;
      if (!current)
        g_array_append_val (lapsed, c->staff);
    }
  if (lapsed->len == 0)
    return FALSE;
  *chosen = g_array_index (lapsed, guint, between (demo, 0, (int) lapsed->len - 1));
  return TRUE;
}

/* A carer for a new sign-off: someone who knew the task before, or else,
 * of three who are not yet competent, the one with the fewest sign-offs,
 * so the work is spread across the team. */
static gboolean
choose_trainee (Demo    *demo,
                DemoKey *key,
                guint   *chosen)
{
  gboolean found = FALSE;

  if (choose_returning (demo, key, chosen))
    return TRUE;

  for (int tries = 0; tries < 12 && (!found || tries < 3); tries++)
    {
      guint i = g_array_index (demo->carers, guint, between (demo, 0, (int) demo->carers->len - 1));
      DemoStaff *s = staff_at (demo, i);
      gboolean already = FALSE;

      if (s->uuid == NULL || s->left_day != NEVER || s->joined_day + 3 > demo->day)
        continue;
      for (guint j = 0; j < key->comps->len && !already; j++)
        {
          DemoComp *c = &g_array_index (key->comps, DemoComp, j);
          /* Competent already, or found not yet competent in the last fortnight. */
          already = c->staff == i && ((c->until_day >= demo->day && c->revoked_day == NEVER)
                                      || (c->until_day < 0 && c->assessed_day > demo->day - 14));
        }
      if (already)
        continue;
      if (!found || s->n_competencies < staff_at (demo, *chosen)->n_competencies)
        *chosen = i;
      found = TRUE;
    }
  return found;
}

/* Carers who will still be competent in a month, or whose renewal is due
 * before then. */
static guint
solid_count (Demo    *demo,
             DemoKey *key,
             int      day)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < key->comps->len; i++)
    {
      DemoComp *c = &g_array_index (key->comps, DemoComp, i);
      DemoStaff *s = staff_at (demo, c->staff);
      gboolean dup = FALSE;

      if (c->until_day < 0 || c->revoked_day != NEVER || c->assessed_day > day
          || s->left_day != NEVER || c->until_day < day + 1
          || (c->until_day < day + 30 && (c->renew_day == NEVER || c->superseded || c->renew_day < day)))
        continue;
      for (guint j = 0; j < seen->len && !dup; j++)
        dup = g_array_index (seen, guint, j) == c->staff;
      if (!dup)
        g_array_append_val (seen, c->staff);
    }
  return seen->len;
}

static void
queue_sign_off (Demo    *demo,
                guint    key_index,
                guint    staff,
                int      assessed_day,
                gboolean competent,
                gint64   at)
{
  guint comp;

  add_comp (demo, key_at (demo, key_index), staff, assessed_day, competent, &comp);
  queue (demo, at, step_sign_off, key_index, comp, 0);
}

static void
plan_competencies (Demo *demo)
{
  for (guint k = 0; k < demo->keys->len; k++)
    {
      DemoKey *key = key_at (demo, k);
      guint minimum = key->person >= 0 ? 3 : key->target * 3 / 4;
      guint have;

      if (key->needed_day != demo->day)
        continue;
      /* Renewals due today. */
      for (guint i = 0; i < key->comps->len; i++)
        {
          DemoComp *c = &g_array_index (key->comps, DemoComp, i);
          guint staff = c->staff;

          if (c->renew_day != demo->day || c->superseded || c->revoked_day != NEVER
              || staff_at (demo, staff)->left_day != NEVER)
            continue;
          c->superseded = TRUE;
          queue_sign_off (demo, k, staff, demo->day, TRUE, today_between (demo, 600, 960));
        }
      have = solid_count (demo, key, demo->day);
      if (have >= minimum)
        continue;
      while (have < key->target)
        {
          guint trainee;

          if (!choose_trainee (demo, key, &trainee))
            break;
          /* Now and then an assessment finds the carer not yet competent. */
          if (chance (demo, 0.03))
            {
              queue_sign_off (demo, k, trainee, demo->day, FALSE, today_between (demo, 600, 960));
              continue;
            }
          queue_sign_off (demo, k, trainee, demo->day, TRUE, today_between (demo, 600, 960));
          have++;
        }
    }
}

/* Now and then a competency is revoked: never one that a renewal has
 * already replaced, so the carer is really no longer competent. */
static void
plan_revocation (Demo *demo)
{
  DemoKey *key;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  guint k;

  if (demo->keys->len == 0 || !chance (demo, 1.0 / 75))
    return;
  k = between (demo, 0, (int) demo->keys->len - 1);
  key = key_at (demo, k);
  if (key->needed_day != demo->day || roster_of (demo, key)->len <= 3)
    return;
  for (guint i = 0; i < key->comps->len; i++)
    {
      DemoComp *c = &g_array_index (key->comps, DemoComp, i);
      gboolean other = FALSE;

      if (c->uuid == NULL || !comp_valid_on (c, demo->day) || c->superseded)
        continue;
      for (guint j = 0; j < key->comps->len && !other; j++)
        other = j != i && g_array_index (key->comps, DemoComp, j).staff == c->staff
                && g_array_index (key->comps, DemoComp, j).until_day >= demo->day;
      if (!other)
        g_array_append_val (candidates, i);
    }
  if (candidates->len == 0)
    return;
  {
    guint i = g_array_index (candidates, guint, between (demo, 0, (int) candidates->len - 1));
    DemoComp *c = &g_array_index (key->comps, DemoComp, i);

    /* Out of today's round at once: the core refuses them from today. */
    c->revoked_day = demo->day;
    key->roster_day = G_MININT;
    queue (demo, today_between (demo, 600, 960), step_revoke, k, i, 0);
  }
}

static void
plan_staff (Demo *demo)
{
  double rate = 4.0 / 365 * demo->carers->len / 70.0;

  for (guint i = 0; i < demo->staff->len; i++)
    {
      DemoStaff *s = staff_at (demo, i);
      if (s->uuid == NULL && s->joined_day == demo->day)
        queue (demo, today_between (demo, 540, 600), step_staff_join, i, 0, 0);
    }
  if (demo->day > 0 && chance (demo, rate))
    {
      guint i = g_array_index (demo->carers, guint, between (demo, 0, (int) demo->carers->len - 1));
      DemoStaff *s = staff_at (demo, i);

      if (s->uuid == NULL || s->left_day != NEVER || s->joined_day + 60 > demo->day)
        return;
      /* Gone from today's rounds; the manager updates the record at 17:00. */
      s->left_day = demo->day;
      for (guint k = 0; k < demo->keys->len; k++)
        key_at (demo, k)->roster_day = G_MININT;
      queue (demo, today_between (demo, 1020, 1050), step_staff_leave, i, 0, 0);
      new_staff (demo, s->kind, demo->day + between (demo, 14, 35));
    }
}

static gboolean
may_leave (DemoPerson *p)
{
  return p->state == PERSON_HERE && !p->keep && !p->young && !p->never_screen;
}

static void
plan_people (Demo *demo)
{
  double departures = 3.0 / 365 * demo->n_beds / 60.0;

  for (guint i = 0; i < demo->people->len; i++)
    {
      DemoPerson *p = person_at (demo, i);

      if (p->state == PERSON_EXPECTED && p->admit_day == demo->day)
        queue (demo, today_between (demo, 660, 900), step_admit, i, 0, 0);
      if (p->state != PERSON_HERE)
        continue;
      if (p->hospital_until < demo->day && chance (demo, 0.8 / 365))
        p->hospital_until = demo->day + between (demo, 2, 12);
      else if (p->leave_until < demo->day && chance (demo, 0.3 / 365))
        p->leave_until = demo->day + between (demo, 0, 2);
    }
  if (demo->day > 0 && chance (demo, departures))
    {
      guint i = between (demo, 0, (int) demo->people->len - 1);
      DemoPerson *p = person_at (demo, i);

      if (may_leave (p))
        {
          /* Planned once: the person stays "here" until the step runs. */
          p->keep = TRUE;
          queue (demo, today_between (demo, 360, 1260), step_depart, i, chance (demo, 0.7) ? 0 : 1, 0);
        }
    }
}

static void
plan_task_events (Demo *demo)
{
  for (guint i = 0; i < demo->tasks->len; i++)
    {
      DemoTask *t = task_at (demo, i);
      gboolean live = t->state == TASK_ACCEPTED || t->state == TASK_ACTIVE || t->state == TASK_SUSPENDED;

      if (t->state == TASK_PLANNED && t->propose_day == demo->day)
        queue (demo, today_between (demo, 600, 780), step_propose, i, 0, 0);
      if (t->decide_day == demo->day && t->decision != DECIDE_NEVER
          && (t->state == TASK_PROPOSED || t->state == TASK_PLANNED))
        queue (demo, t->propose_day == demo->day ? today_between (demo, 840, 1020) : today_between (demo, 540, 720),
               step_decide, i, 0, 0);
      if (t->state == TASK_CLOSED || t->tpl < 0)
        continue;
      if (live)
        key_at (demo, t->key)->needed_day = demo->day;
      if (t->state == TASK_ACCEPTED && t->start_day - 1 == demo->day)
        queue (demo, today_between (demo, 900, 990), step_activate, i, 0, 0);
      if (t->state == TASK_SUSPENDED && t->reactivate_day == demo->day)
        queue (demo, today_between (demo, 540, 600), step_reactivate, i, 0, 0);
      if (live && t->last_day != NEVER && t->close_day == NEVER)
        t->close_day = t->last_day + between (demo, 1, 3);
      if (live && t->close_day == demo->day)
        queue (demo, today_between (demo, 600, 900), step_close, i, 0, 0);
      if (live && t->review_day == NEVER)
        t->review_day = t->start_day + (int) templates[t->tpl].review_days;
      if (live && t->review_day == demo->day)
        queue (demo, today_between (demo, 600, 960), step_review, i, 0, 0);
    }
}

/* New needs of people living here: short courses (a steroid cream,
 * antibiotic drops) and, as people grow frailer, lasting tasks, which keeps
 * the home's workload steady as reviews withdraw some. */
static void
plan_courses (Demo *demo)
{
  for (guint i = 0; i < demo->people->len; i++)
    {
      DemoPerson *p = person_at (demo, i);

      if (p->state != PERSON_HERE)
        continue;
      for (int tpl = 0; tpl < N_TEMPLATES; tpl++)
        {
          const DemoTemplate *tp = &templates[tpl];
          double rate;

          if (tp->course_min == 0)
            rate = tp->per_mille / 1000.0 * 0.1 / 365;
          else
            rate = tp->per_mille / 1000.0 / ((tp->course_min + tp->course_max) / 2.0);
          if (chance (demo, rate) && !has_open_task (demo, p, tpl))
            new_task (demo, i, tpl, tp->type, demo->day);
        }
    }
}

static void
plan_liberty (Demo *demo)
{
  for (guint i = 0; i < demo->people->len; i++)
    {
      DemoPerson *p = person_at (demo, i);
      if (p->state == PERSON_HERE && p->screen_day == demo->day)
        queue (demo, today_between (demo, 600, 960), step_screen, i, 0, 0);
    }
  for (guint i = 0; i < demo->cases->len; i++)
    {
      DemoCase *c = case_at (demo, i);

      if (c->open && c->decide_day == demo->day)
        queue (demo, today_between (demo, 600, 960), step_case_decide, i, 0, 0);
      if (c->notify_day == demo->day)
        queue (demo, today_between (demo, 540, 720), step_case_notify, i, 0, 0);
      if (c->extend_day == demo->day)
        queue (demo, today_between (demo, 600, 720), step_case_extend, i, 0, 0);
      if (c->check_day == demo->day)
        queue (demo, today_between (demo, 780, 960), step_case_check, i, 0, 0);
      if (c->renew_day == demo->day)
        queue (demo, today_between (demo, 600, 900), step_case_renew, i, 0, 0);
    }
}

static void
plan_prn (Demo     *demo,
          guint     index,
          DemoTask *t)
{
  const DemoTemplate *tp = &templates[t->tpl];
  double r = g_rand_double (demo->rand);
  int n = r < 0.3 ? 0 : r < 0.65 ? 1 : r < 0.9 ? 2 : 3;
  int minutes[3];

  for (int i = 0; i < n; i++)
    minutes[i] = between (demo, 7 * 60, 22 * 60);
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && minutes[j] < minutes[j - 1]; j--)
      {
        int tmp = minutes[j];
        minutes[j] = minutes[j - 1];
        minutes[j - 1] = tmp;
      }
  for (int i = 0; i < n; i++)
    {
      gint64 at = instant_on (demo, demo->day, minutes[i]) + between (demo, 0, 59);
      guint in_day = 0;

      /* Keep to the task's limits, with a margin: the core refuses a dose
       * too soon or one too many. */
      if (t->n_prn > 0 && at - t->prn_doses[t->n_prn - 1] < (gint64) (tp->prn_min_interval + 10) * 60)
        continue;
      for (guint j = 0; j < t->n_prn; j++)
        if (t->prn_doses[j] > at - 86400 - 600)
          in_day++;
      if (in_day + 1 > tp->prn_max)
        continue;
      if (t->n_prn == PRN_KEEP)
        {
          memmove (t->prn_doses, t->prn_doses + 1, (PRN_KEEP - 1) * sizeof (gint64));
          t->n_prn--;
        }
      t->prn_doses[t->n_prn++] = at;
      queue (demo, at + between (demo, 60, 900), step_prn, index, 0, at);
    }
}

static void
plan_rounds (Demo *demo)
{
  for (guint i = 0; i < demo->tasks->len; i++)
    {
      DemoTask *t = task_at (demo, i);
      gboolean critical;

      if (t->tpl < 0 || person_at (demo, t->person)->state != PERSON_HERE
          || t->start_day > demo->day || t->last_day < demo->day)
        continue;
      if (t->state != TASK_ACTIVE && !(t->state == TASK_SUSPENDED && t->reactivate_day == demo->day))
        continue;
      if (t->n_slots == 0)
        {
          DemoPerson *p = person_at (demo, t->person);

          /* When required means when here. */
          if (p->hospital_until < demo->day && p->leave_until < demo->day)
            plan_prn (demo, i, t);
          continue;
        }
      critical = demo->time_critical[t->type];
      for (guint s = 0; s < t->n_slots; s++)
        {
          gint64 slot = instant_on (demo, demo->day, minutes_of (t->slot_times[s]));
          gint64 given = slot + 60 * (critical ? between (demo, -10, 20) : between (demo, -20, 45))
                         + between (demo, 0, 59);
          /* About 3% are written up hours later, and flagged late. */
          gint64 entered = given + (chance (demo, 0.03) ? 60 * between (demo, 120, 300)
                                                         : 60 * between (demo, 1, 20));

          queue (demo, entered, step_admin, i, s, given);
        }
    }
}

/* Set pieces: the refusals, the proposals left waiting at the end, and the
 * two late admissions (a 17-year-old, and someone not yet screened). */
static void
plan_set_pieces (Demo *demo)
{
  int d = demo->day;
  int n = demo->end_day + 1;
  guint person;
  g_autoptr(GArray) here = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < demo->people->len; i++)
    if (person_at (demo, i)->state == PERSON_HERE && !person_at (demo, i)->young)
      g_array_append_val (here, i);
  if (here->len == 0)
    return;
  person = g_array_index (here, guint, between (demo, 0, (int) here->len - 1));
  if (d == MAX (1, n * 35 / 100))
    task_for_decline (demo, person, DECIDE_NOT_DELEGABLE, 0);
  if (d == MAX (1, n * 50 / 100))
    task_for_decline (demo, person, DECIDE_MATRIX_NO, 0);
  if (d == MAX (1, n * 60 / 100))
    task_for_decline (demo, person, DECIDE_NOT_DELEGABLE, 1);
  if (d == MAX (1, n * 80 / 100))
    task_for_decline (demo, person, DECIDE_NOT_DELEGABLE, 2);
  if (d >= 1 && (d == demo->end_day - 2 || d == demo->end_day - 1))
    {
      DemoTask *t = new_task (demo, person, d == demo->end_day - 1 ? TPL_ANTIBIOTIC_EYE : TPL_STEROID,
                              d == demo->end_day - 1 ? TYPE_EYE : TYPE_CREAM, d);
      t->decision = DECIDE_NEVER;
    }
}

static void
plan_day (Demo *demo)
{
  plan_set_pieces (demo);
  plan_people (demo);
  plan_staff (demo);
  plan_courses (demo);
  plan_task_events (demo);
  plan_revocation (demo);
  plan_competencies (demo);
  plan_liberty (demo);
  plan_rounds (demo);
}

static gboolean
run_day (Demo    *demo,
         GError **error)
{
  g_array_sort (demo->queue, compare_actions);
  for (guint i = 0; i < demo->queue->len; i++)
    {
      DemoAction a = g_array_index (demo->queue, DemoAction, i);

      if (a.at > demo->cutoff)
        continue;
      care_store_set_now (demo->store, a.at);
      if (!a.step (demo, &a, error))
        return FALSE;
    }
  g_array_set_size (demo->queue, 0);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Day 0: the home moves its records onto CareDelegation               */
/* ------------------------------------------------------------------ */

static gboolean
load_catalogue (Demo    *demo,
                GError **error)
{
  g_autoptr(GPtrArray) questions = NULL;

  if (!care_setup_load_catalogue (demo->store, error))
    return fail (demo, error, "loading the catalogue");
  for (guint t = 0; t < N_TYPES; t++)
    {
      g_autoptr(CareRecord) type = care_store_find_current (demo->store, CARE_KIND_TASK_TYPE, "code",
                                                            type_codes[t], NULL);
      if (type == NULL)
        {
          g_set_error (error, CARE_ERROR, CARE_ERROR_NOT_FOUND,
                       "the catalogue has no task type “%s”", type_codes[t]);
          return FALSE;
        }
      demo->type_uuid[t] = g_strdup (care_record_get_uuid (type));
      demo->person_specific[t] = care_record_get_bool (type, "person_specific");
      demo->topical[t] = care_record_get_bool (type, "topical");
      demo->variable_dose[t] = care_record_get_bool (type, "variable_dose");
      demo->witness[t] = care_record_get_bool (type, "requires_witness");
      demo->time_critical[t] = care_record_get_bool (type, "time_critical");
    }
  questions = care_delegation_questions (demo->store, error);
  if (questions == NULL)
    return FALSE;
  for (guint i = 0; i < questions->len; i++)
    g_hash_table_insert (demo->yes, g_strdup (care_record_get_string (g_ptr_array_index (questions, i), "code")),
                         (gpointer) "yes");
  return TRUE;
}

static gboolean
first_run (Demo    *demo,
           GError **error)
{
  g_autoptr(CareRecord) setting = care_record_new (CARE_KIND_SETTING);
  DemoStaff *manager = new_staff (demo, STAFF_MANAGER, -between (demo, 400, 3000));

  care_record_set_string (setting, "name", "Beaumont Lodge Care Home");
  care_record_set_string (setting, "cqc_location_id", "1-104738291");
  care_record_set_string (setting, "service_type", "care_home");
  care_record_set_string (setting, "address", "27 Fosse Way, Leicester LE3 9ZZ");
  care_record_set_string (setting, "provider_id", "BEAUMONT-01");
  manager->uuid = care_setup_first_run (demo->store, setting, manager->name, CARE_DEMO_PIN, error);
  if (manager->uuid == NULL)
    return fail (demo, error, "setting up the home");
  demo->stats->staff++;
  return TRUE;
}

static gboolean
setup_staff (Demo    *demo,
             GError **error)
{
  guint n = demo->options->n_staff;
  guint nurses = MAX (4u, n / 10);
  guint seniors = MAX (1u, n / 8);

  /* The deputy manager, the seniors, the carers and the visiting nurses. */
  for (guint i = 1; i < n; i++)
    {
      DemoStaffKind kind;
      DemoStaff *s;

      if (i == 1)
        kind = STAFF_MANAGER;
      else if (i < 2 + seniors)
        kind = STAFF_SENIOR;
      else if (i < n - nurses)
        kind = STAFF_CARER;
      else if (i == n - nurses)
        kind = STAFF_TISSUE_VIABILITY;
      else if (i == n - nurses + 1)
        kind = STAFF_DIABETES;
      else if (i == n - nurses + 2)
        kind = STAFF_CONTINENCE;
      else
        kind = STAFF_DISTRICT_NURSE;
      s = new_staff (demo, kind, -between (demo, 30, 2500));
      setup_tick (demo);
      if (!write_staff (demo, s, error))
        return FALSE;
    }
  return TRUE;
}

/* The last review on paper, so the task is not shown as overdue for review
 * from the day it is typed in. */
static gboolean
setup_last_review (Demo      *demo,
                   DemoTask  *t,
                   GError   **error)
{
  const DemoTemplate *tp = &templates[t->tpl];
  g_autoptr(CareRecord) rec = care_record_new (CARE_KIND_REVIEW);
  g_autofree char *findings = g_strdup_printf (pick (demo, findings_good), tp->name);
  CareSession *nurse = session_of (demo, t->practitioner, error);

  if (nurse == NULL)
    return FALSE;
  setup_tick (demo);
  care_record_set_string (rec, "task_uuid", t->uuid);
  care_record_set_string (rec, "reviewed_on", date_of (demo, t->review_day - (int) tp->review_days));
  care_record_set_string (rec, "findings", findings);
  care_record_set_string (rec, "decision", "continue");
  care_record_set_string (rec, "next_review_on", date_of (demo, t->review_day));
  if (!care_review_record (nurse, rec, error))
    return fail (demo, error, "typing in the last review");
  demo->stats->reviews++;
  return TRUE;
}

/* A task already running on day 0, typed in from the paper records. */
static gboolean
setup_task (Demo      *demo,
            DemoTask  *t,
            GError   **error)
{
  DemoPerson *p = person_at (demo, t->person);
  const DemoTemplate *tp = &templates[t->tpl];
  int back = between (demo, 1, 400);
  int delegated = MAX (p->admit_day + 1, -back);
  int lag = between (demo, 0, 3);

  /* MIN and MAX evaluate their arguments twice: never a random draw. */
  t->start_day = MIN (delegated + lag, 0);
  if (tp->course_min > 0)
    t->last_day = between (demo, 1, (int) tp->course_max);
  t->review_day = between (demo, 0, (int) tp->review_days - 1);
  setup_tick (demo);
  if (!write_proposal (demo, t, delegated, error))
    return FALSE;
  setup_tick (demo);
  if (!write_accept (demo, t, error))
    return FALSE;
  setup_tick (demo);
  if (!write_status (demo, t, a_manager (demo), "active", NULL, error))
    return FALSE;
  return t->start_day + (int) tp->review_days > 0 || setup_last_review (demo, t, error);
}

static gboolean
setup_people (Demo    *demo,
              GError **error)
{
  guint n_initial = demo->n_beds - 2;

  for (guint bed = 0; bed < n_initial; bed++)
    {
      DemoPerson *p = new_person (demo, bed, -between (demo, 10, 2000));
      guint index = demo->people->len - 1;

      setup_tick (demo);
      if (!write_person (demo, p, error))
        return FALSE;
      for (int tpl = 0; tpl < N_TEMPLATES; tpl++)
        {
          const DemoTemplate *tp = &templates[tpl];
          DemoTask *t;

          if (!chance (demo, tp->per_mille / 1000.0) || has_open_task (demo, p, tpl))
            continue;
          t = new_task (demo, index, tpl, tp->type, 0);
          if (!setup_task (demo, t, error))
            return FALSE;
          if (tp->companion >= 0 && !has_open_task (demo, p, tp->companion))
            {
              DemoTask *c = new_task (demo, index, tp->companion, templates[tp->companion].type, 0);
              if (!setup_task (demo, c, error))
                return FALSE;
            }
        }
    }
  /* The two late admissions keep their beds free until then. */
  {
    int n = demo->end_day + 1;
    DemoPerson *young = new_person (demo, demo->n_beds - 2, MAX (1, demo->end_day - MIN (150, n / 3)));
    DemoPerson *unscreened = new_person (demo, demo->n_beds - 1, MAX (1, demo->end_day - MIN (3, n / 4)));

    young->young = TRUE;
    young->restricted = TRUE;
    young->lacks_capacity = TRUE;
    young->keep = TRUE;
    unscreened->restricted = TRUE;
    unscreened->never_screen = TRUE;
    unscreened->keep = TRUE;
  }
  return TRUE;
}

/* Everyone competent on day 0 was signed off in the year before. */
static gboolean
setup_competencies (Demo    *demo,
                    GError **error)
{
  for (guint k = 0; k < demo->keys->len; k++)
    {
      DemoKey *key = key_at (demo, k);

      while (key->comps->len < key->target)
        {
          guint trainee, comp;

          if (!choose_trainee (demo, key, &trainee))
            break;
          add_comp (demo, key, trainee, -between (demo, 1, 330), TRUE, &comp);
          setup_tick (demo);
          if (!write_sign_off (demo, k, comp, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
setup_liberty (Demo    *demo,
               GError **error)
{
  for (guint i = 0; i < demo->people->len; i++)
    {
      DemoPerson *p = person_at (demo, i);
      int screened = -between (demo, 20, 330);
      gboolean refer = FALSE;

      if (p->state != PERSON_HERE || (!p->restricted && !chance (demo, 0.3)))
        continue;
      setup_tick (demo);
      if (!write_screening (demo, i, screened, a_senior_or_manager (demo), &refer, error))
        return FALSE;
      p->screen_day = screened + 365 - between (demo, 0, 14);
      if (refer)
        {
          g_autoptr(CareRecord) rec = care_record_new (CARE_KIND_LIBERTY_CASE);
          g_autofree char *ref = g_strdup_printf ("CQC-%06d", between (demo, 1, 999999));
          guint index;
          DemoCase *c = new_case (demo, i, &index);
          int wait = between (demo, 20, 120);
          int granted = MIN (screened + wait, -1);
          int told = granted + between (demo, 1, 5);
          int renew_lead = between (demo, 28, 60);
          gboolean designated = FALSE;

          c->applied_day = screened;
          c->until_day = standard_until (demo, p, granted, &designated);
          if (c->until_day < 30)
            c->until_day = year_after (demo, granted);
          fill_case_base (demo, rec, p, c);
          fill_grant (demo, rec, p, c, granted, granted);
          care_record_set_string (rec, "cqc_notified_on", date_of (demo, MIN (told, 0)));
          care_record_set_string (rec, "cqc_reference", ref);
          setup_tick (demo);
          if (!save_case (demo, rec, a_manager (demo), NULL, error))
            return FALSE;
          c->uuid = g_strdup (care_record_get_uuid (rec));
          c->granted = TRUE;
          c->renew_day = designated ? NEVER : MAX (1, c->until_day - renew_lead);
          c->check_day = c->conditions ? between (demo, 1, 90) : NEVER;
          p->auth_until = c->until_day;
          demo->stats->cases++;
        }
    }
  return TRUE;
}

static gboolean
setup_home (Demo    *demo,
            GError **error)
{
  demo->setup_clock = MIN (instant_on (demo, 0, 6 * 60), demo->cutoff - 3 * 3600);
  care_store_set_now (demo->store, demo->setup_clock);
  if (!load_catalogue (demo, error) || !first_run (demo, error))
    return FALSE;
  demo->pin_hash = care_pin_hash (CARE_DEMO_PIN, error);
  if (demo->pin_hash == NULL)
    return FALSE;
  return setup_staff (demo, error)
      && setup_people (demo, error)
      && setup_competencies (demo, error)
      && setup_liberty (demo, error);
}

/* ------------------------------------------------------------------ */
/* The whole history                                                   */
/* ------------------------------------------------------------------ */

void
care_demo_options_init (CareDemoOptions *options)
{
  memset (options, 0, sizeof *options);
  options->seed = 42;
  options->n_people = 60;
  options->n_staff = 80;
  options->days = 1826;
}

static gboolean
check_options (const CareDemoOptions  *options,
               GError                **error)
{
  GDate date;

  if (options->n_people < 4 || options->n_people > 1000)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("A demonstration home has 4 to 1000 people."));
      return FALSE;
    }
  if (options->n_staff < 12 || options->n_staff > 2000)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("A demonstration home has 12 to 2000 staff."));
      return FALSE;
    }
  if (options->days < 1 || options->days > 36500)
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The history lasts 1 to 36500 days."));
      return FALSE;
    }
  if (options->end_date != NULL && !care_date_parse (options->end_date, &date))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_INVALID,
                   _("The end date %s is not a date (use YYYY-MM-DD)."), options->end_date);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_empty (CareStore  *store,
             GError    **error)
{
  g_autoptr(GPtrArray) staff = care_store_list_current (store, CARE_KIND_STAFF, NULL, NULL, NULL);
  g_autoptr(GPtrArray) people = care_store_list_current (store, CARE_KIND_PERSON, NULL, NULL, NULL);

  if (care_store_is_set_up (store) || (staff && staff->len > 0) || (people && people->len > 0))
    {
      g_set_error (error, CARE_ERROR, CARE_ERROR_STATE,
                   _("The demonstration home can only be made in an empty database; %s already holds a care home."),
                   care_store_get_path (store));
      return FALSE;
    }
  return TRUE;
}

static Demo *
demo_new (CareStore              *store,
          const CareDemoOptions  *options,
          CareDemoStats          *stats)
{
  Demo *demo = g_new0 (Demo, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  demo->store = store;
  demo->options = options;
  demo->stats = stats;
  demo->rand = g_rand_new_with_seed (options->seed);
  demo->end_date = options->end_date ? g_strdup (options->end_date) : g_date_time_format (now, "%Y-%m-%d");
  demo->start_date = care_date_add_days (demo->end_date, -(int) (options->days - 1));
  demo->end_day = (int) options->days - 1;
  /* A given end date ends at noon, so the last day has a morning recorded
   * and an afternoon still due; otherwise the history ends now. */
  demo->cutoff = options->end_date ? care_local_instant (demo->end_date, "12:00") : g_date_time_to_unix (now);
  demo->dates = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  demo->nhs_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo->staff_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo->yes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo->staff = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_staff_free);
  demo->people = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_person_free);
  demo->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_task_free);
  demo->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_key_free);
  demo->cases = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_case_free);
  demo->queue = g_array_new (FALSE, FALSE, sizeof (DemoAction));
  demo->carers = g_array_new (FALSE, FALSE, sizeof (guint));
  demo->n_beds = options->n_people;
  for (guint t = 0; t < N_TYPES; t++)
    demo->general_key[t] = -1;
  return demo;
}

static void
demo_free (Demo *demo)
{
  g_rand_free (demo->rand);
  g_free (demo->pin_hash);
  g_free (demo->start_date);
  g_free (demo->end_date);
  g_hash_table_unref (demo->dates);
  g_hash_table_unref (demo->nhs_numbers);
  g_hash_table_unref (demo->staff_names);
  g_hash_table_unref (demo->yes);
  for (guint t = 0; t < N_TYPES; t++)
    g_free (demo->type_uuid[t]);
  g_ptr_array_unref (demo->staff);
  g_ptr_array_unref (demo->people);
  g_ptr_array_unref (demo->tasks);
  g_ptr_array_unref (demo->keys);
  g_ptr_array_unref (demo->cases);
  g_array_unref (demo->queue);
  g_array_unref (demo->carers);
  g_free (demo);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Demo, demo_free)

static void
begin_day (Demo *demo,
           int   day)
{
  demo->day = day;
  demo->today = date_of (demo, day);
  demo->noon = care_local_instant (demo->today, "12:00");
}

static void
report_progress (Demo   *demo,
                 gint64  started)
{
  double seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  /* 1826 days is five years (and a leap day), not six. */
  int years = MAX (1, (demo->end_day + 1 + 182) / 365);
  int year = (demo->day + 1 + 364) / 365;

  if (demo->options->quiet)
    return;
  g_printerr ("care-demo: %s, year %d of %d: %" G_GUINT64_FORMAT " administrations, %.0f s\n",
              demo->today, MIN (years, year), years, demo->stats->administrations, seconds);
}

static void
count_end_state (Demo *demo)
{
  for (guint i = 0; i < demo->people->len; i++)
    if (person_at (demo, i)->state == PERSON_HERE)
      demo->stats->people_active++;
  for (guint i = 0; i < demo->staff->len; i++)
    if (staff_at (demo, i)->uuid != NULL && staff_at (demo, i)->left_day == NEVER)
      demo->stats->staff_active++;
  for (guint i = 0; i < demo->tasks->len; i++)
    if (task_at (demo, i)->state == TASK_PROPOSED)
      demo->stats->awaiting_decision++;
  demo->stats->events = (guint64) MAX (0, care_store_count_events (demo->store, NULL));
}

/* Each day is one batch: on an error the day so far is still committed
 * (everything in it passed the rules) and the error says what failed. */
static gboolean
simulate (Demo    *demo,
          GError **error)
{
  gint64 started = g_get_monotonic_time ();

  for (int day = 0; day <= demo->end_day; day++)
    {
      gboolean ok;

      if (!care_store_begin_batch (demo->store, error))
        return FALSE;
      begin_day (demo, day);
      ok = (day > 0 || setup_home (demo, error));
      if (ok)
        {
          plan_day (demo);
          ok = run_day (demo, error);
        }
      if (!care_store_end_batch (demo->store, ok ? error : NULL) || !ok)
        return FALSE;
      if ((day + 1) % 365 == 0 || day == demo->end_day)
        report_progress (demo, started);
    }
  return TRUE;
}

static double
cpu_now (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

gboolean
care_demo_generate (CareStore              *store,
                    const CareDemoOptions  *options,
                    CareDemoStats          *stats,
                    GError                **error)
{
  g_autoptr(Demo) demo = NULL;
  gint64 started = g_get_monotonic_time ();
  double cpu_started = cpu_now ();
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL && stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  if (!check_options (options, error) || !check_empty (store, error))
    return FALSE;
  demo = demo_new (store, options, stats);
  ok = simulate (demo, error);
  if (ok)
    count_end_state (demo);
  /* A fixed end date leaves the clock there, so the dashboard shows that
   * day as it was; otherwise back to the real clock. */
  care_store_set_now (store, options->end_date ? demo->cutoff : 0);
  stats->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  stats->cpu_seconds = cpu_now () - cpu_started;
  return ok;
}
