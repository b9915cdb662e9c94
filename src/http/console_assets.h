#pragma once

#include "http/router.h"

namespace mobilecs::http {

// GET / (the console's page) and its script and style sheet, built into the binary so the
// console works offline and needs no other server.
void add_console_assets(Router& router);

}  // namespace mobilecs::http
