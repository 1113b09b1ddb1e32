/* The justclick PHP extension: libjustclick linked into PHP, without FFI. */
#ifndef PHP_JUSTCLICK_H
#define PHP_JUSTCLICK_H

extern zend_module_entry justclick_module_entry;
#define phpext_justclick_ptr &justclick_module_entry

/* The extension's own version; libjustclick's is JustClick\Ext\Lib::version(). */
#define PHP_JUSTCLICK_VERSION "0.1.0"

/* The contract between this extension and the Composer package (bindings/php): the
 * package refuses an extension whose level differs from its Backend::EXTENSION_API_LEVEL.
 * Bump both whenever justclick.stub.php or the behaviour behind it changes (run-tests
 * fails when the stub's hash differs from PHP_JUSTCLICK_STUB_SHA256 below, as a reminder).
 * Extensions built before the handshake existed have no level (the package calls it 0). */
#define PHP_JUSTCLICK_API_LEVEL 3
#define PHP_JUSTCLICK_STUB_SHA256 "c6dd5ac01d386bac9b3d4bf3246b596d1ca3081ca6ff161c3b2483d9f0c36895"

/* A hash of the sources this extension was built from (config.m4 computes it); shown by
 * `php --ri justclick` and in the package's version-mismatch message. */
#ifndef PHP_JUSTCLICK_BUILD_ID
#define PHP_JUSTCLICK_BUILD_ID "unknown"
#endif

#if defined(ZTS) && defined(COMPILE_DL_JUSTCLICK)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_JUSTCLICK_H */
