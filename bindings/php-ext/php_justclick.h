/* The justclick PHP extension: libjustclick linked into PHP, without FFI. */
#ifndef PHP_JUSTCLICK_H
#define PHP_JUSTCLICK_H

extern zend_module_entry justclick_module_entry;
#define phpext_justclick_ptr &justclick_module_entry

/* The extension's own version; libjustclick's is JustClick\Ext\Lib::version(). */
#define PHP_JUSTCLICK_VERSION "0.1.0"

#if defined(ZTS) && defined(COMPILE_DL_JUSTCLICK)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_JUSTCLICK_H */
