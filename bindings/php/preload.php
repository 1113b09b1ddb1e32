<?php

/**
 * opcache.preload script for PHP-FPM (and any other non-CLI SAPI).
 *
 * Outside the CLI, PHP's default `ffi.enable=preload` allows FFI only in code that was
 * preloaded. This script (1) registers the `JUSTCLICK` FFI scope from justclick.ffi.h and
 * (2) preloads this package's classes, so that JustClick\Client works in web requests
 * without turning FFI on for every script:
 *
 *     ; php.ini of the FPM pool (see README.md, "PHP-FPM")
 *     ffi.enable = preload
 *     opcache.enable = 1
 *     opcache.preload = /path/to/vendor/justclick/justclick/bindings/php/preload.php
 *     ; only when the FPM master runs as root (the usual case):
 *     opcache.preload_user = www-data
 *     ffi.preload = /path/to/vendor/justclick/justclick/bindings/php/justclick.ffi.h
 *
 * With `opcache.preload_user`, PHP runs this script in a child process where
 * `FFI::load()` is refused; `ffi.preload` then registers the scope at start-up and this
 * script only preloads the classes. Either way the header's `FFI_LIB` names the library
 * the dynamic loader opens: install libjustclick.so system-wide (`make install`,
 * `ldconfig`) or start PHP-FPM with LD_LIBRARY_PATH pointing at it.
 */

declare(strict_types=1);

(static function (): void {
    // With the justclick extension loaded the package needs no FFI scope, and without the
    // FFI extension (or with ffi.enable=0) there can be none: preloading the classes is
    // then all there is to do, and must not stop PHP-FPM from starting.
    $ffiUsable = \extension_loaded('ffi')
        && !\in_array(strtolower((string) \ini_get('ffi.enable')), ['0', 'off', 'false', ''], true);
    if ($ffiUsable && !\extension_loaded('justclick')) {
        $header = __DIR__ . '/justclick.ffi.h';
        try {
            \FFI::scope('JUSTCLICK'); // registered by ffi.preload already?
        } catch (\FFI\Exception) {
            if (\FFI::load($header) === null) {
                // FFI::load() only warns while preloading; make the failure impossible to miss.
                throw new \RuntimeException("justclick: preloading $header failed (is its FFI_LIB loadable? see the warning above)");
            }
        }
    }

    require_once __DIR__ . '/autoload.php';
    foreach (glob(__DIR__ . '/src/*.php') ?: [] as $file) {
        $class = 'JustClick\\' . basename($file, '.php');
        if (!class_exists($class)) {
            throw new \RuntimeException("justclick: cannot preload $class from $file");
        }
    }
})();
