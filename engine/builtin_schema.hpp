// Declares the built-in fact kinds of the design page (doc, quote, figure, date, person,
// sentence) with their typed fields.
#pragma once

#include "dsl/schema.hpp"

namespace verity {

Schema builtin_schema();

}  // namespace verity
