dnl config.m4 of the justclick extension.
dnl
dnl   phpize && ./configure && make && make test
dnl
dnl libjustclick is linked statically: the built justclick.so needs no libjustclick.so at
dnl run time, and the library's own symbols (jc_*, Rust's std) stay hidden inside it.
dnl
dnl   --with-justclick            build libjustclick from the repository this folder sits
dnl                               in (cargo build --release; needs a Rust toolchain)
dnl   --with-justclick=DIR        use a built library: DIR holds libjustclick.a and
dnl                               justclick.h, directly or in DIR/lib and DIR/include
dnl                               (for example target/release and ../../include)
dnl   JUSTCLICK_INCLUDE=DIR       where justclick.h is, if not next to the library

PHP_ARG_WITH([justclick],
  [for JustClick support],
  [AS_HELP_STRING([[--with-justclick[=DIR]]],
    [Include JustClick support. DIR holds a built libjustclick.a; without DIR the
     library is built with cargo from the surrounding repository])],
  [yes])

if test "$PHP_JUSTCLICK" != "no"; then
  JC_SRCDIR=`cd "$srcdir" && pwd`
  JC_REPO=`cd "$JC_SRCDIR/../.." 2>/dev/null && pwd`

  if test "$PHP_JUSTCLICK" = "yes"; then
    AC_PATH_PROG(CARGO, cargo, no, [$PATH:$HOME/.cargo/bin])
    if test "$CARGO" = "no"; then
      AC_MSG_ERROR([cargo not found: install a Rust toolchain (https://rustup.rs), or pass --with-justclick=DIR with a built libjustclick.a])
    fi
    if test ! -f "$JC_REPO/Cargo.toml"; then
      AC_MSG_ERROR([the justclick crate is not at $JC_REPO; pass --with-justclick=DIR with a built libjustclick.a])
    fi
    AC_MSG_NOTICE([building libjustclick: cargo build --release -p justclick-capi])
    (cd "$JC_REPO" && "$CARGO" build --release -p justclick-capi) || AC_MSG_ERROR([cargo build of libjustclick failed])
    JC_TARGET=${CARGO_TARGET_DIR:-$JC_REPO/target}
    case "$JC_TARGET" in /*) ;; *) JC_TARGET="$JC_REPO/$JC_TARGET" ;; esac
    JC_LIBDIR="$JC_TARGET/release"
  else
    JC_LIBDIR="$PHP_JUSTCLICK"
    if test ! -f "$JC_LIBDIR/libjustclick.a" && test -f "$PHP_JUSTCLICK/lib/libjustclick.a"; then
      JC_LIBDIR="$PHP_JUSTCLICK/lib"
    fi
  fi

  AC_MSG_CHECKING([for libjustclick.a])
  if test -f "$JC_LIBDIR/libjustclick.a"; then
    AC_MSG_RESULT([$JC_LIBDIR/libjustclick.a])
  else
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([libjustclick.a not found in $JC_LIBDIR])
  fi

  AC_MSG_CHECKING([for justclick.h])
  JC_INCDIR=
  for dir in "$JUSTCLICK_INCLUDE" "$JC_LIBDIR" "$PHP_JUSTCLICK/include" "$JC_LIBDIR/../include" "$JC_REPO/include"; do
    if test -n "$dir" && test -f "$dir/justclick.h"; then
      JC_INCDIR=`cd "$dir" && pwd`
      break
    fi
  done
  if test -z "$JC_INCDIR"; then
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([justclick.h not found; set JUSTCLICK_INCLUDE=DIR])
  fi
  AC_MSG_RESULT([$JC_INCDIR/justclick.h])

  PHP_ADD_INCLUDE([$JC_INCDIR])

  dnl The build id: a hash of the extension's sources and of the libjustclick header
  dnl (the ABI it was compiled against), shown by `php --ri justclick`.
  AC_MSG_CHECKING([the build id])
  JC_SHA=
  for tool in sha256sum "shasum -a 256"; do
    if JC_SHA=`cd "$JC_SRCDIR" && cat justclick.c php_justclick.h justclick_arginfo.h "$JC_INCDIR/justclick.h" 2>/dev/null | $tool 2>/dev/null`; then
      break
    fi
    JC_SHA=
  done
  JC_BUILD_ID=`echo "$JC_SHA" | cut -c1-16`
  test -n "$JC_BUILD_ID" || JC_BUILD_ID=unknown
  AC_MSG_RESULT([$JC_BUILD_ID])
  AC_DEFINE_UNQUOTED(PHP_JUSTCLICK_BUILD_ID, "$JC_BUILD_ID", [A hash of the sources the extension was built from])
  dnl The archive by path (never -ljustclick, which would pick libjustclick.so), its
  dnl symbols kept local by --exclude-libs, and the system libraries Rust's std needs
  dnl (rustc --print native-static-libs).
  JUSTCLICK_SHARED_LIBADD="$JC_LIBDIR/libjustclick.a -Wl,--exclude-libs,ALL -lpthread -ldl -lm -lrt -lutil -lgcc_s"
  PHP_SUBST(JUSTCLICK_SHARED_LIBADD)
  AC_DEFINE(HAVE_JUSTCLICK, 1, [Whether libjustclick is available])

  PHP_NEW_EXTENSION(justclick, justclick.c, $ext_shared,, -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1)
fi
