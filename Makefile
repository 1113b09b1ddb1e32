# libjustclick: the C ABI of the justclick crate.
#
#   make lib              build target/$(PROFILE)/libjustclick.{so,a}
#   make header           regenerate include/justclick.h and bindings/php/justclick.ffi.h
#                         (build.rs does it on every `cargo build` in a git checkout)
#   make header-check     fail if the checked-in headers differ from the generated ones
#   make ctest            C11 tests against a sandbox (tests/c/)
#   make ctest-asan       the same tests built with -fsanitize=address,undefined
#   make ctest-valgrind   the same tests under valgrind, zero errors and leaks
#   make ctest-edges      memory limits (RLIMIT_AS) and small thread stacks (tests/c/
#                         test_edges.c); the stack part with PROFILE=release
#   make ctest-tls-valgrind  calls over HTTPS under valgrind with the shipped
#                         suppressions (share/justclick/justclick.supp): no errors
#   make cxx-test         C++17 tests of justclick.hpp (also under ASan/UBSan)
#   make php-ffi-check    the header parses and works in PHP FFI::cdef and FFI::load
#   make pc               $(TARGET_DIR)/ctest/justclick.pc for PREFIX
#   make release          cargo build --release, then `make dist`
#   make dist             stripped artifacts of target/release in $(TARGET_DIR)/dist
#                         (lib/, include/; split-off debug info in debug/, not installed)
#   make install PREFIX=/usr/local [DESTDIR=...]
#                         copies $(TARGET_DIR)/dist (never runs cargo, so `sudo make
#                         install` works where root has no cargo): headers,
#                         libjustclick.so.X.Y.Z + .so.0 + .so links, libjustclick.a,
#                         pkgconfig/justclick.pc; runs ldconfig as root without DESTDIR
#   make uninstall PREFIX=/usr/local [DESTDIR=...]
#
# tests/c/run runs all of it. Online tests start `justclick sandbox` through
# tests/c/with-sandbox; without it they are reported as skipped.

CARGO ?= cargo
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
DATADIR ?= $(PREFIX)/share
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
VERSION_MAJOR := $(word 1,$(subst ., ,$(VERSION)))
VERSION_MINOR := $(word 2,$(subst ., ,$(VERSION)))
VERSION_PATCH := $(word 3,$(subst ., ,$(VERSION)))
# The ABI major in the SONAME (libjustclick.so.$(SOMAJOR)); build.rs sets it at link time.
SOMAJOR := $(shell sed -n 's/^const SONAME_MAJOR: u32 = \([0-9]*\);/\1/p' build.rs)
SONAME := libjustclick.so.$(SOMAJOR)
SOREAL := libjustclick.so.$(VERSION)
DIST_DIR := $(abspath $(TARGET_DIR)/dist)
RELEASE_DIR := $(abspath $(TARGET_DIR)/release)
OBJCOPY ?= objcopy
LDCONFIG ?= $(or $(shell command -v ldconfig 2>/dev/null),/sbin/ldconfig)

WARN := -Wall -Wextra -Wpedantic -Werror
CFLAGS_TEST := -std=c11 $(WARN) -g -Iinclude -DJC_EXPECTED_VERSION='"$(VERSION)"'
CXXFLAGS_TEST := -std=c++17 $(WARN) -g -Iinclude
LINK_LIB := -L$(LIB_DIR) -ljustclick -Wl,-rpath,$(LIB_DIR) -lpthread
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

C_TEST_SRC := tests/c/test_capi.c tests/c/test_params.c tests/c/test_cancel.c tests/c/vectors.c \
	tests/c/sandbox.c
C_TEST_HDR := tests/c/check.h tests/c/vectors.h tests/c/sandbox.h tests/c/params_tests.h \
	tests/c/cancel_tests.h \
	include/justclick.h
VECTORS := tests/vectors/php-golden.jsonl

HEADER := include/justclick.h
PHP_HEADER := bindings/php/justclick.ffi.h

.PHONY: all lib header header-check ctest ctest-asan ctest-valgrind ctest-edges ctest-tls-valgrind \
	cxx-test php-ffi-check pc release dist install uninstall clean-ctest

all: lib

# The library records its SONAME (libjustclick.so.$(SOMAJOR)) in every program linked
# against it, so the build directory gets that name too (a symlink cargo leaves alone).
lib:
	$(CARGO) build --lib -p justclick $(CARGO_PROFILE_FLAG)
	ln -sf libjustclick.so $(LIB_DIR)/$(SONAME)

# --- header ---------------------------------------------------------------------
# build.rs generates both headers with cbindgen (a pinned build-dependency) whenever
# src/capi or cbindgen.toml changed; touching build.rs makes it run again, so a
# hand-edited header is put back too.

header:
	touch build.rs
	$(CARGO) build --lib -p justclick $(CARGO_PROFILE_FLAG)

header-check: header
	@git diff --exit-code -- $(HEADER) $(PHP_HEADER) || \
	 { echo "header-check: $(HEADER) or $(PHP_HEADER) differs from the code; commit the regenerated files." >&2; exit 1; }
	@echo "header-check: $(HEADER) and $(PHP_HEADER) are up to date"

# --- C and C++ tests ------------------------------------------------------------

$(BUILD_DIR):
	mkdir -p $@

$(BUILD_DIR)/test_capi: $(C_TEST_SRC) $(C_TEST_HDR) lib | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) -o $@ $(C_TEST_SRC) $(LINK_LIB)

$(BUILD_DIR)/test_capi_asan: $(C_TEST_SRC) $(C_TEST_HDR) lib | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) $(SANITIZE) -o $@ $(C_TEST_SRC) $(LINK_LIB)
	@nm $@ | grep -q __asan_init || { echo "ASan is not linked into $@" >&2; exit 1; }

EDGES_SRC := tests/c/test_edges.c tests/c/sandbox.c
$(BUILD_DIR)/test_edges_$(PROFILE): $(EDGES_SRC) $(C_TEST_HDR) lib | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) -o $@ $(EDGES_SRC) $(LINK_LIB)

$(BUILD_DIR)/sandbox_cxx.o: tests/c/sandbox.c tests/c/sandbox.h | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) -c -o $@ tests/c/sandbox.c

$(BUILD_DIR)/test_cxx: tests/c/test_cxx.cpp tests/c/cxx_cancel_tests.hpp $(BUILD_DIR)/sandbox_cxx.o include/justclick.h include/justclick.hpp lib | $(BUILD_DIR)
	$(CXX) $(CXXFLAGS_TEST) -o $@ tests/c/test_cxx.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)
	$(CXX) $(CXXFLAGS_TEST) -DJC_VIA_HPP -o $@_hpp tests/c/test_cxx.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)
	$(CXX) $(CXXFLAGS_TEST) $(SANITIZE) -o $@_asan tests/c/test_cxx.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)

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

# The stack budget is measured for release builds; debug builds need several times more.
ifeq ($(PROFILE),release)
EDGES_STACK_KIB ?= 64
else
EDGES_STACK_KIB ?= 1024
endif

# Calls over HTTPS under valgrind with the suppressions users get (share/justclick/).
ctest-tls-valgrind: $(BUILD_DIR)/test_edges_$(PROFILE)
	JC_SANDBOX_TLS=1 tests/c/with-sandbox $(VALGRIND) --quiet --error-exitcode=1 \
		--leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--suppressions=share/justclick/justclick.supp \
		$(BUILD_DIR)/test_edges_$(PROFILE) tls

ctest-edges: $(BUILD_DIR)/test_edges_$(PROFILE)
	tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) memory
	tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) fork
	tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) stack $(EDGES_STACK_KIB)
	JC_SANDBOX_TLS=1 tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) stack $(EDGES_STACK_KIB)

cxx-test: $(BUILD_DIR)/test_cxx
	tests/c/with-sandbox $(BUILD_DIR)/test_cxx
	$(BUILD_DIR)/test_cxx_hpp
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		tests/c/with-sandbox $(BUILD_DIR)/test_cxx_asan

php-ffi-check: lib
	LD_LIBRARY_PATH=$(LIB_DIR) $(PHP) -d ffi.enable=1 tests/c/php_ffi_check.php \
		$(abspath $(HEADER)) $(abspath $(PHP_HEADER)) $(LIB_DIR)/libjustclick.so

clean-ctest:
	rm -rf $(BUILD_DIR)

# --- release artifacts ----------------------------------------------------------

release:
	$(CARGO) build --lib -p justclick --release
	ln -sf libjustclick.so $(RELEASE_DIR)/$(SONAME)
	$(MAKE) --no-print-directory dist

# Stripped copies of the release build. The .so keeps its dynamic symbols and gets a
# .gnu_debuglink to the split-off debug info; the .a loses debug info and the LLVM
# bitcode (.llvmbc/.llvmcmd) that Rust embeds in its objects, which no C linker reads.
dist:
	@test -f $(RELEASE_DIR)/libjustclick.so || \
		{ echo "make dist: no $(RELEASE_DIR)/libjustclick.so; run 'make release'" >&2; exit 1; }
	rm -rf $(DIST_DIR)
	mkdir -p $(DIST_DIR)/lib $(DIST_DIR)/include $(DIST_DIR)/debug
	$(OBJCOPY) --only-keep-debug $(RELEASE_DIR)/libjustclick.so $(DIST_DIR)/debug/$(SOREAL).debug
	cd $(DIST_DIR)/debug && $(OBJCOPY) --strip-unneeded --add-gnu-debuglink=$(SOREAL).debug \
		$(RELEASE_DIR)/libjustclick.so $(DIST_DIR)/lib/$(SOREAL)
	$(OBJCOPY) --strip-debug --remove-section=.llvmbc --remove-section=.llvmcmd \
		$(RELEASE_DIR)/libjustclick.a $(DIST_DIR)/lib/libjustclick.a
	cp include/justclick.h include/justclick.hpp $(DIST_DIR)/include/
	@echo "dist: $$(cd $(DIST_DIR) && du -h lib/* | tr '\n\t' '  ')"

# --- pkg-config and install -----------------------------------------------------

pc: $(BUILD_DIR)/justclick.pc

PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g'

# Rebuilt on every run: it depends on PREFIX/LIBDIR/INCLUDEDIR, not on files.
$(BUILD_DIR)/justclick.pc: justclick.pc.in Cargo.toml FORCE | $(BUILD_DIR)
	$(PC_SED) $< > $@

.PHONY: FORCE
FORCE:

# Copies only: `make release` (as a user with cargo) builds what this installs.
install:
	@test -f $(DIST_DIR)/lib/$(SOREAL) || { echo "make install: no release build in \
	$(DIST_DIR); run 'make release' first (as the user who has cargo), then \
	'sudo make install'." >&2; exit 1; }
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(DATADIR)/justclick
	install -m 644 share/justclick/justclick.supp $(DESTDIR)$(DATADIR)/justclick/
	install -m 644 $(DIST_DIR)/include/justclick.h $(DIST_DIR)/include/justclick.hpp \
		$(DESTDIR)$(INCLUDEDIR)/
	install -m 755 $(DIST_DIR)/lib/$(SOREAL) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SOREAL) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libjustclick.so
	install -m 644 $(DIST_DIR)/lib/libjustclick.a $(DESTDIR)$(LIBDIR)/
	$(PC_SED) justclick.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/justclick.pc
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
		echo "$(LDCONFIG)"; $(LDCONFIG) || exit 1; \
	fi; \
	if [ -n "$(DESTDIR)" ] || ! $(LDCONFIG) -p 2>/dev/null | grep -q "$(LIBDIR)/$(SONAME)\$$"; then \
		echo "Note: $(LIBDIR) is not in the dynamic loader's cache. Programs find"; \
		echo "$(SONAME) after one of: adding $(LIBDIR) to /etc/ld.so.conf.d/ and running"; \
		echo "'sudo ldconfig'; linking with -Wl,-rpath,$(LIBDIR); LD_LIBRARY_PATH=$(LIBDIR)."; \
		echo "pkg-config finds justclick.pc with PKG_CONFIG_PATH=$(LIBDIR)/pkgconfig."; \
	fi

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/justclick.h $(DESTDIR)$(INCLUDEDIR)/justclick.hpp \
		$(DESTDIR)$(LIBDIR)/$(SOREAL) $(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libjustclick.so $(DESTDIR)$(LIBDIR)/libjustclick.a \
		$(DESTDIR)$(LIBDIR)/pkgconfig/justclick.pc \
		$(DESTDIR)$(DATADIR)/justclick/justclick.supp
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then echo "$(LDCONFIG)"; $(LDCONFIG); fi
