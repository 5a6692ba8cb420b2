/* care-reviews-page.h: the district nurse's reviews
 *
 * The delegated tasks whose clinical oversight review is overdue or falls
 * due within the week, soonest first. A registered practitioner records
 * the review from here; managers see the list.
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_REVIEWS_PAGE (care_reviews_page_get_type ())

G_DECLARE_FINAL_TYPE (CareReviewsPage, care_reviews_page, CARE, REVIEWS_PAGE, AdwBin)

GtkWidget *care_reviews_page_new     (CareStore       *store);
void       care_reviews_page_refresh (CareReviewsPage *self);
guint      care_reviews_page_get_n_due (CareReviewsPage *self);

G_END_DECLS
