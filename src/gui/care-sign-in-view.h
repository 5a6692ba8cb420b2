/* care-sign-in-view.h: choose your name, type your PIN
 *
 * The screen a shared computer shows between people: the active staff,
 * searched as you type, and a PIN. A successful sign-in is announced with
 * the "signed-in" signal carrying the new CareSession; wrong PINs and
 * lockouts are explained in the core's words beside the form.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_SIGN_IN_VIEW (care_sign_in_view_get_type ())

G_DECLARE_FINAL_TYPE (CareSignInView, care_sign_in_view, CARE, SIGN_IN_VIEW, AdwBin)

CareStore  *care_sign_in_view_get_store    (CareSignInView *self);
void        care_sign_in_view_set_store    (CareSignInView *self,
                                            CareStore      *store);
void        care_sign_in_view_set_demo     (CareSignInView *self,
                                            gboolean        demo);
/* Makes the form ready for the next person: the PIN is always cleared;
 * with @forget_person the search and the chosen name go too, otherwise the
 * person who was signed in stays chosen (a locked screen). */
void        care_sign_in_view_reset        (CareSignInView *self,
                                            gboolean        forget_person);
void        care_sign_in_view_focus        (CareSignInView *self);

G_END_DECLS
