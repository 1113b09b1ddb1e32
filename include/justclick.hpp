/*
 * justclick.hpp: the C API of libjustclick for C++ programs.
 *
 * Includes justclick.h inside extern "C" so the functions get C linkage. C++ code may
 * include either file: justclick.h includes this one when compiled as C++. It lives
 * apart from the generated header because PHP's FFI parser cannot read an
 * `extern "C" {` line, while it skips every line starting with `#`.
 */
#ifndef JUSTCLICK_HPP
#define JUSTCLICK_HPP

#include <stddef.h>
#include <stdint.h>

extern "C" {
#include "justclick.h"
}

#endif /* JUSTCLICK_HPP */
