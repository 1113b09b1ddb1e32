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
#   make ctest-tsan       16 threads on one client (HTTP, then HTTPS) in a program built
#                         with -fsanitize=thread, with the shipped TSan suppressions
#                         (share/justclick/justclick-tsan.supp): no reports
#   make tsan-evidence    why those suppressions are right: tests/c/tsan/ (a Rust
#                         std::sync::Mutex hand-off TSan cannot see)
#   make cxx-test         C++17 tests of justclick.hpp (also under ASan/UBSan), the
#                         -fno-exceptions test (tests/c/test_cxx_noexcept.cpp, also
#                         under ASan/UBSan) and the C++14 #error (cxx-std-check)
#   make abi-check        the header's C ABI against tests/c/abi/justclick.abi (abidiff):
#                         additions pass, removals and changes fail
#   make abi-baseline     rewrite that baseline (after a deliberate ABI change)
#   make php-ffi-check    the header parses and works in PHP FFI::cdef and FFI::load
#   make pc               $(TARGET_DIR)/ctest/justclick.pc for PREFIX
#   make release          cargo build --release, then `make dist`
#   make dist             stripped artifacts of target/release in $(TARGET_DIR)/dist
#                         (lib/, include/; split-off debug info in debug/)
#   make install PREFIX=/usr/local [DESTDIR=...]
#                         copies $(TARGET_DIR)/dist (never runs cargo, so `sudo make
#                         install` works where root has no cargo): headers,
#                         libjustclick.so.X.Y.Z + .so.0 + .so links, libjustclick.a,
#                         pkgconfig/justclick.pc, cmake/justclick/justclickConfig.cmake
#                         (+ ConfigVersion), the split debug info in lib/.debug/
#                         (INSTALL_DEBUG=0: not), share/justclick/*.supp (valgrind,
#                         TSan); runs ldconfig as root without DESTDIR
#   make uninstall PREFIX=/usr/local [DESTDIR=...]
#   make python-wheel     the Python wheel to ship (abi3, manylinux2014, checked) in
#                         bindings/python/dist (bindings/python/build-wheel)
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
	ctest-tsan tsan-evidence cxx-std-check abi-check abi-baseline \
	cxx-test php-ffi-check pc release dist install uninstall clean-ctest

all: lib

# The library records its SONAME (libjustclick.so.$(SOMAJOR)) in every program linked
# against it, so the build directory gets that name too (a symlink cargo leaves alone).
lib:
	$(CARGO) build -p justclick-capi $(CARGO_PROFILE_FLAG)
	ln -sf libjustclick.so $(LIB_DIR)/$(SONAME)

# --- header ---------------------------------------------------------------------
# build.rs generates both headers with cbindgen (a pinned build-dependency) whenever
# src/capi or cbindgen.toml changed; touching build.rs makes it run again, so a
# hand-edited header is put back too.

header:
	touch build.rs
	$(CARGO) build -p justclick-capi $(CARGO_PROFILE_FLAG)

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

$(BUILD_DIR)/test_edges_tsan: $(EDGES_SRC) $(C_TEST_HDR) lib | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) -O1 -fsanitize=thread -o $@ $(EDGES_SRC) $(LINK_LIB)

$(BUILD_DIR)/sandbox_cxx.o: tests/c/sandbox.c tests/c/sandbox.h | $(BUILD_DIR)
	$(CC) $(CFLAGS_TEST) -c -o $@ tests/c/sandbox.c

$(BUILD_DIR)/test_cxx: tests/c/test_cxx.cpp tests/c/cxx_cancel_tests.hpp $(BUILD_DIR)/sandbox_cxx.o include/justclick.h include/justclick.hpp lib | $(BUILD_DIR)
	$(CXX) $(CXXFLAGS_TEST) -o $@ tests/c/test_cxx.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)
	$(CXX) $(CXXFLAGS_TEST) -DJC_VIA_HPP -o $@_hpp tests/c/test_cxx.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)
	$(CXX) $(CXXFLAGS_TEST) $(SANITIZE) -o $@_asan tests/c/test_cxx.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)

$(BUILD_DIR)/test_cxx_noexcept: tests/c/test_cxx_noexcept.cpp $(BUILD_DIR)/sandbox_cxx.o include/justclick.h include/justclick.hpp lib | $(BUILD_DIR)
	$(CXX) $(CXXFLAGS_TEST) -fno-exceptions -Itests/c -o $@ tests/c/test_cxx_noexcept.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)
	$(CXX) $(CXXFLAGS_TEST) -fno-exceptions -Itests/c $(SANITIZE) -o $@_asan tests/c/test_cxx_noexcept.cpp $(BUILD_DIR)/sandbox_cxx.o $(LINK_LIB)

# Below C++17 the header stops with its #error (not a missing namespace later), and
# JUSTCLICK_C_API_ONLY keeps the C API usable there.
cxx-std-check: | $(BUILD_DIR)
	@printf '#include "justclick.hpp"\nint main() { return 0; }\n' > $(BUILD_DIR)/std_check.cpp
	@if $(CXX) -std=c++14 -Iinclude -fsyntax-only $(BUILD_DIR)/std_check.cpp 2>$(BUILD_DIR)/std_check.err; then \
		echo "cxx-std-check: justclick.hpp compiled as C++14" >&2; exit 1; fi
	@grep -q 'justclick.hpp needs C++17' $(BUILD_DIR)/std_check.err || { cat $(BUILD_DIR)/std_check.err; exit 1; }
	$(CXX) -std=c++14 $(WARN) -Iinclude -DJUSTCLICK_C_API_ONLY -fsyntax-only $(BUILD_DIR)/std_check.cpp
	@echo "cxx-std-check: C++14 gets the #error, and the C API with JUSTCLICK_C_API_ONLY"

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

# exitcode=66: any report fails the run (the default exit status of a report is 66 too,
# but only when the program itself would have exited 0).
TSAN_RUN := TSAN_OPTIONS=suppressions=$(abspath share/justclick/justclick-tsan.supp):exitcode=66:halt_on_error=1

ctest-tsan: $(BUILD_DIR)/test_edges_tsan
	$(TSAN_RUN) tests/c/with-sandbox $(BUILD_DIR)/test_edges_tsan threads
	JC_SANDBOX_TLS=1 $(TSAN_RUN) tests/c/with-sandbox $(BUILD_DIR)/test_edges_tsan threads

# The hand-off of tests/c/tsan/: reported with the Rust Mutex alone, not once a pthread
# mutex orders it too, and not with the shipped suppressions (named for this library).
RUSTC ?= rustc
tsan-evidence: | $(BUILD_DIR)
	mkdir -p $(BUILD_DIR)/tsan
	$(RUSTC) --edition 2024 --crate-type cdylib -O -o $(BUILD_DIR)/tsan/libjustclick.so tests/c/tsan/handoff.rs
	$(CC) -std=c11 $(WARN) -g -fsanitize=thread -o $(BUILD_DIR)/tsan/handoff tests/c/tsan/handoff.c \
		-L$(BUILD_DIR)/tsan -ljustclick -Wl,-rpath,$(BUILD_DIR)/tsan
	TSAN_OPTIONS=exitcode=66 $(BUILD_DIR)/tsan/handoff rust >$(BUILD_DIR)/tsan/rust.log 2>&1; \
	  test $$? = 66 && grep -q 'data race' $(BUILD_DIR)/tsan/rust.log || \
	  { cat $(BUILD_DIR)/tsan/rust.log; echo "tsan-evidence: no report for the Rust Mutex hand-off" >&2; exit 1; }
	TSAN_OPTIONS=exitcode=66 $(BUILD_DIR)/tsan/handoff pthread
	$(TSAN_RUN) $(BUILD_DIR)/tsan/handoff rust
	@echo "tsan-evidence: a std::sync::Mutex hand-off is reported, the same under a pthread mutex is not"

ctest-edges: $(BUILD_DIR)/test_edges_$(PROFILE)
	tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) memory
	tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) fork
	tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) stack $(EDGES_STACK_KIB)
	JC_SANDBOX_TLS=1 tests/c/with-sandbox $(BUILD_DIR)/test_edges_$(PROFILE) stack $(EDGES_STACK_KIB)

cxx-test: $(BUILD_DIR)/test_cxx $(BUILD_DIR)/test_cxx_noexcept cxx-std-check
	tests/c/with-sandbox $(BUILD_DIR)/test_cxx
	$(BUILD_DIR)/test_cxx_hpp
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		tests/c/with-sandbox $(BUILD_DIR)/test_cxx_asan
	tests/c/with-sandbox $(BUILD_DIR)/test_cxx_noexcept
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		tests/c/with-sandbox $(BUILD_DIR)/test_cxx_noexcept_asan

abi-check: lib
	tests/c/abi/check $(LIB_DIR)/libjustclick.so

abi-baseline: lib
	tests/c/abi/check --update $(LIB_DIR)/libjustclick.so

php-ffi-check: lib
	LD_LIBRARY_PATH=$(LIB_DIR) $(PHP) -d ffi.enable=1 tests/c/php_ffi_check.php \
		$(abspath $(HEADER)) $(abspath $(PHP_HEADER)) $(LIB_DIR)/libjustclick.so

clean-ctest:
	rm -rf $(BUILD_DIR)

# --- release artifacts ----------------------------------------------------------

release:
	$(CARGO) build -p justclick-capi --release
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
	-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	-e 's|@VERSION_MAJOR@|$(VERSION_MAJOR)|g' -e 's|@VERSION_MINOR@|$(VERSION_MINOR)|g' \
	-e 's|@SOREAL@|$(SOREAL)|g' -e 's|@SONAME@|$(SONAME)|g'
CMAKEDIR ?= $(LIBDIR)/cmake/justclick
# The split debug info goes where the library's .gnu_debuglink sends gdb and valgrind
# first, whatever the prefix: a .debug/ directory beside it. INSTALL_DEBUG=0 leaves it
# out (17 MB); valgrind's suppressions (share/justclick/justclick.supp) name functions,
# so they need it.
INSTALL_DEBUG ?= 1
DEBUGDIR := $(LIBDIR)/.debug

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
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(DATADIR)/justclick \
		$(DESTDIR)$(CMAKEDIR)
	install -m 644 share/justclick/justclick.supp share/justclick/justclick-tsan.supp \
		$(DESTDIR)$(DATADIR)/justclick/
	install -m 644 $(DIST_DIR)/include/justclick.h $(DIST_DIR)/include/justclick.hpp \
		$(DESTDIR)$(INCLUDEDIR)/
	install -m 755 $(DIST_DIR)/lib/$(SOREAL) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SOREAL) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libjustclick.so
	install -m 644 $(DIST_DIR)/lib/libjustclick.a $(DESTDIR)$(LIBDIR)/
	$(PC_SED) justclick.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/justclick.pc
	$(PC_SED) cmake/justclickConfig.cmake.in > $(DESTDIR)$(CMAKEDIR)/justclickConfig.cmake
	$(PC_SED) cmake/justclickConfigVersion.cmake.in > $(DESTDIR)$(CMAKEDIR)/justclickConfigVersion.cmake
	@if [ "$(INSTALL_DEBUG)" = 1 ]; then \
		echo "install $(DIST_DIR)/debug/$(SOREAL).debug -> $(DESTDIR)$(DEBUGDIR)/"; \
		install -d $(DESTDIR)$(DEBUGDIR) && \
		install -m 644 $(DIST_DIR)/debug/$(SOREAL).debug $(DESTDIR)$(DEBUGDIR)/ || exit 1; \
	fi
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
		$(DESTDIR)$(DATADIR)/justclick/justclick.supp \
		$(DESTDIR)$(DATADIR)/justclick/justclick-tsan.supp \
		$(DESTDIR)$(CMAKEDIR)/justclickConfig.cmake \
		$(DESTDIR)$(CMAKEDIR)/justclickConfigVersion.cmake \
		$(DESTDIR)$(DEBUGDIR)/$(SOREAL).debug
	@rmdir $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(LIBDIR)/cmake $(DESTDIR)$(DEBUGDIR) $(DESTDIR)$(DATADIR)/justclick 2>/dev/null || true
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then echo "$(LDCONFIG)"; $(LDCONFIG); fi

# The Python wheel: its own script, which also checks the tags and glibc symbols.
.PHONY: python-wheel
python-wheel:
	bindings/python/build-wheel
