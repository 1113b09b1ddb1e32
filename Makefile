# libjustclick: the C ABI of the justclick crate.
#
#   make lib              build target/$(PROFILE)/libjustclick.{so,a}
#   make header           regenerate include/justclick.h and bindings/php/justclick.ffi.h
#   make header-check     fail if the checked-in headers differ from fresh ones
#   make ctest            C11 tests against a sandbox (tests/c/)
#   make ctest-asan       the same tests built with -fsanitize=address,undefined
#   make ctest-valgrind   the same tests under valgrind, zero errors and leaks
#   make cxx-test         a C++17 program using the header
#   make php-ffi-check    the header parses and works in PHP FFI::cdef and FFI::load
#   make pc               build/justclick.pc for PREFIX
#   make install PREFIX=/usr/local [DESTDIR=...]   header, .so, .a and .pc
#
# tests/c/run runs all of it. Online tests start `justclick sandbox` through
# tests/c/with-sandbox; without it they are reported as skipped.

CARGO ?= cargo
CBINDGEN ?= $(shell command -v cbindgen 2>/dev/null || echo $(HOME)/.cargo/bin/cbindgen)
# Pinned: cbindgen point releases change the generated text.
CBINDGEN_VERSION := 0.29.2
CC ?= cc
CXX ?= c++
PHP ?= php
VALGRIND ?= valgrind

PROFILE ?= debug
ifeq ($(PROFILE),release)
CARGO_PROFILE_FLAG := --release
else
CARGO_PROFILE_FLAG :=
endif
TARGET_DIR ?= $(or $(CARGO_TARGET_DIR),target)
LIB_DIR := $(abspath $(TARGET_DIR)/$(PROFILE))
BUILD_DIR := $(abspath $(TARGET_DIR)/ctest)

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

WARN := -Wall -Wextra -Wpedantic -Werror
CFLAGS_TEST := -std=c11 $(WARN) -g -Iinclude -DJC_EXPECTED_VERSION='"$(VERSION)"'
CXXFLAGS_TEST := -std=c++17 $(WARN) -g -Iinclude
LINK_LIB := -L$(LIB_DIR) -ljustclick -Wl,-rpath,$(LIB_DIR) -lpthread
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

C_TEST_SRC := tests/c/test_capi.c tests/c/test_params.c tests/c/vectors.c tests/c/sandbox.c
C_TEST_HDR := tests/c/check.h tests/c/vectors.h tests/c/sandbox.h tests/c/params_tests.h \
	include/justclick.h
VECTORS := tests/vectors/php-golden.jsonl

HEADER := include/justclick.h
PHP_HEADER := bindings/php/justclick.ffi.h

.PHONY: all lib header header-check ctest ctest-asan ctest-valgrind cxx-test \
	php-ffi-check pc install clean-ctest cbindgen-version

all: lib

lib:
	$(CARGO) build --lib -p justclick $(CARGO_PROFILE_FLAG)

# --- header ---------------------------------------------------------------------

cbindgen-version:
	@v=$$($(CBINDGEN) --version 2>/dev/null | awk '{print $$2}'); \
	if [ "$$v" != "$(CBINDGEN_VERSION)" ]; then \
		echo "cbindgen $(CBINDGEN_VERSION) is required (found '$$v' at $(CBINDGEN))." >&2; \
		echo "Install it with: cargo install cbindgen --version $(CBINDGEN_VERSION) --locked" >&2; \
		exit 1; \
	fi

# gen-headers OUT_DIR: writes justclick.h and justclick.ffi.h into OUT_DIR. The PHP
# preload header is the same text after the two defines FFI::load reads, which must
# come first in the file.
define gen-headers
	$(CBINDGEN) --quiet --config cbindgen.toml --crate justclick --output $(1)/justclick.h
	{ printf '#define FFI_SCOPE "JUSTCLICK"\n#define FFI_LIB "libjustclick.so"\n'; \
	  cat $(1)/justclick.h; } > $(1)/justclick.ffi.h
endef

header: cbindgen-version
	@mkdir -p $(BUILD_DIR)/header
	$(call gen-headers,$(BUILD_DIR)/header)
	cp $(BUILD_DIR)/header/justclick.h $(HEADER)
	@mkdir -p $(dir $(PHP_HEADER))
	cp $(BUILD_DIR)/header/justclick.ffi.h $(PHP_HEADER)

header-check: cbindgen-version
	@mkdir -p $(BUILD_DIR)/header-check
	$(call gen-headers,$(BUILD_DIR)/header-check)
	@diff -u $(HEADER) $(BUILD_DIR)/header-check/justclick.h && \
	 diff -u $(PHP_HEADER) $(BUILD_DIR)/header-check/justclick.ffi.h || \
	 { echo "header-check: $(HEADER) or $(PHP_HEADER) is stale; run 'make header' and commit." >&2; exit 1; }
	@echo "header-check: $(HEADER) and $(PHP_HEADER) are up to date"

# --- C and C++ tests ------------------------------------------------------------

$(BUILD_DIR):
	mkdir -p $@

$(BUILD_DIR)/test_capi: $(C_TEST_SRC) $(C_TEST_HDR) lib | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) -o $@ $(C_TEST_SRC) $(LINK_LIB)

$(BUILD_DIR)/test_capi_asan: $(C_TEST_SRC) $(C_TEST_HDR) lib | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) $(SANITIZE) -o $@ $(C_TEST_SRC) $(LINK_LIB)
	@nm $@ | grep -q __asan_init || { echo "ASan is not linked into $@" >&2; exit 1; }

$(BUILD_DIR)/test_cxx: tests/c/test_cxx.cpp include/justclick.h include/justclick.hpp lib | $(BUILD_DIR)
	$(CXX) $(CXXFLAGS_TEST) -o $@ tests/c/test_cxx.cpp $(LINK_LIB)
	$(CXX) $(CXXFLAGS_TEST) -DJC_VIA_HPP -o $@_hpp tests/c/test_cxx.cpp $(LINK_LIB)

ctest: $(BUILD_DIR)/test_capi
	tests/c/with-sandbox $(BUILD_DIR)/test_capi $(VECTORS)

ctest-asan: $(BUILD_DIR)/test_capi_asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	tests/c/with-sandbox $(BUILD_DIR)/test_capi_asan $(VECTORS)

ctest-valgrind: $(BUILD_DIR)/test_capi
	tests/c/with-sandbox $(VALGRIND) --quiet --error-exitcode=1 --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--suppressions=tests/c/valgrind.supp \
		$(BUILD_DIR)/test_capi $(VECTORS)

cxx-test: $(BUILD_DIR)/test_cxx
	tests/c/with-sandbox $(BUILD_DIR)/test_cxx
	$(BUILD_DIR)/test_cxx_hpp

php-ffi-check: lib
	LD_LIBRARY_PATH=$(LIB_DIR) $(PHP) -d ffi.enable=1 tests/c/php_ffi_check.php \
		$(abspath $(HEADER)) $(abspath $(PHP_HEADER)) $(LIB_DIR)/libjustclick.so

clean-ctest:
	rm -rf $(BUILD_DIR)

# --- pkg-config and install -----------------------------------------------------

pc: $(BUILD_DIR)/justclick.pc

# Rebuilt on every run: it depends on PREFIX/LIBDIR/INCLUDEDIR, not on files.
$(BUILD_DIR)/justclick.pc: justclick.pc.in Cargo.toml FORCE | $(BUILD_DIR)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

.PHONY: FORCE
FORCE:

install: lib pc
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 include/justclick.h include/justclick.hpp $(DESTDIR)$(INCLUDEDIR)/
	install -m 755 $(LIB_DIR)/libjustclick.so $(DESTDIR)$(LIBDIR)/
	install -m 644 $(LIB_DIR)/libjustclick.a $(DESTDIR)$(LIBDIR)/
	install -m 644 $(BUILD_DIR)/justclick.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
