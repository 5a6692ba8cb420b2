#include "config.h"

#include "care-error.h"

G_DEFINE_QUARK (care-error-quark, care_error)
