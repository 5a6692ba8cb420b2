/* care-core.h: the whole core library, for the GUI, tools and tests */
#pragma once

#include "care-administration.h"
#include "care-competency.h"
#include "care-dashboard.h"
#include "care-delegation.h"
#include "care-demo.h"
#include "care-error.h"
#include "care-liberty.h"
#include "care-people.h"
#include "care-pin.h"
#include "care-record.h"
#include "care-review.h"
#include "care-schema.h"
#include "care-session.h"
#include "care-setup.h"
#include "care-store.h"
#include "care-validate.h"
