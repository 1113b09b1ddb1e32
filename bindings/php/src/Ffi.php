<?php

declare(strict_types=1);

namespace JustClick;

/**
 * Loads libjustclick through PHP's FFI extension, once per process and library path.
 *
 * Where the library comes from, first match wins:
 * 1. the `library` option of {@see Client} (or the `$library` argument here);
 * 2. the scope `JUSTCLICK` that `preload.php` created under `opcache.preload`;
 * 3. the `JUSTCLICK_LIB` environment variable;
 * 4. the build output next to this package, `../../target/{release,debug}/libjustclick.so`
 *    (the newer of the two);
 * 5. a library already loaded through a `library` option (for the static helpers
 *    {@see Hash} and {@see Notification}, which have no options);
 * 6. the bare name `libjustclick.so`, found by the dynamic loader (`ldconfig` paths,
 *    `LD_LIBRARY_PATH`) after `make install`.
 *
 * Paths must be absolute: a relative path would make the result depend on the current
 * directory, which under a web server is anyone's guess. The declarations come from
 * `justclick.ffi.h`, generated from the Rust sources together with `include/justclick.h`.
 *
 * @internal the classes of this package use it; it is public for preload.php and tests
 */
final class Ffi
{
    /** The `FFI_SCOPE` declared in justclick.ffi.h and registered by preload.php. */
    public const SCOPE = 'JUSTCLICK';

    /** The header PHP parses: include/justclick.h plus the FFI_SCOPE and FFI_LIB lines. */
    public const HEADER = __DIR__ . '/../justclick.ffi.h';

    /** How to load the extension, for the messages that say neither backend is usable. */
    private const EXTENSION_HINT = 'load the extension with the php.ini line extension=justclick (build it from '
        . 'bindings/php-ext: phpize && ./configure && make && sudo make install; see its README)';

    /** @var array<string, \FFI> loaded libraries, keyed by path (or by SCOPE for preload) */
    private static array $loaded = [];

    /** Whether the preload scope was looked for already (it is looked for once). */
    private static bool $scopeChecked = false;

    /**
     * The FFI instance for `$library` (or the default library when null), loading it on
     * first use.
     *
     * @throws InvalidArgumentException when the path is relative or not a file
     * @throws JustClickException       when FFI is disabled or the library cannot be loaded
     */
    public static function get(?string $library = null): \FFI
    {
        if ($library === null && ($scoped = self::preloaded()) !== null) {
            return $scoped;
        }
        $path = self::resolveLibrary($library);
        if ($library === null && !isset(self::$loaded[$path]) && !str_contains($path, '/') && self::$loaded !== []) {
            // Nothing configured but a Client loaded one through its `library` option:
            // the static helpers (Hash, Notification) use that rather than guess.
            return reset(self::$loaded);
        }

        return self::$loaded[$path] ??= self::load($path);
    }

    /** The version string of the library that {@see get()} loads, e.g. `0.1.0`. */
    public static function version(?string $library = null): string
    {
        return self::get($library)->jc_version();
    }

    /**
     * The path (or bare file name) of the library to load when no preload scope exists.
     *
     * @throws InvalidArgumentException when an explicit path is relative or missing
     */
    public static function resolveLibrary(?string $library = null): string
    {
        $source = "the 'library' option";
        if ($library === null) {
            $env = getenv('JUSTCLICK_LIB');
            $library = $env === false || $env === '' ? null : $env;
            $source = 'JUSTCLICK_LIB';
        }
        if ($library !== null) {
            return self::checkExplicit($library, $source);
        }
        $name = self::libraryFileName();
        $root = \dirname(__DIR__, 3);
        $built = array_filter(
            ["$root/target/release/$name", "$root/target/debug/$name"],
            'is_file',
        );
        // The newer build: a stale release build must not shadow a fresh debug one (its
        // functions would not match justclick.ffi.h).
        usort($built, static fn (string $a, string $b): int => filemtime($b) <=> filemtime($a));

        return $built[0] ?? $name;
    }

    /** `libjustclick.so`, `libjustclick.dylib` or `justclick.dll` for this OS. */
    public static function libraryFileName(): string
    {
        return match (PHP_OS_FAMILY) {
            'Windows' => 'justclick.dll',
            'Darwin' => 'libjustclick.dylib',
            default => 'libjustclick.so',
        };
    }

    private static function checkExplicit(string $library, string $source): string
    {
        $isPath = str_contains($library, '/') || str_contains($library, '\\');
        if (!$isPath) {
            // A bare file name is searched by the dynamic loader, which never looks in
            // the current directory on Linux or macOS.
            return $library;
        }
        if (!self::isAbsolute($library)) {
            throw new InvalidArgumentException(
                "$source must be an absolute path (a relative one would depend on the current directory): $library",
                'JC_STATUS_INVALID_ARGUMENT',
            );
        }
        if (!is_file($library)) {
            throw new InvalidArgumentException("$source points to $library, which is not a file", 'JC_STATUS_INVALID_ARGUMENT');
        }

        return $library;
    }

    private static function isAbsolute(string $path): bool
    {
        return str_starts_with($path, '/')
            || str_starts_with($path, '\\\\')
            || preg_match('~^[A-Za-z]:[\\\\/]~', $path) === 1;
    }

    /** The scope preload.php registered, or null when the process was not preloaded. */
    private static function preloaded(): ?\FFI
    {
        if (isset(self::$loaded[self::SCOPE])) {
            return self::$loaded[self::SCOPE];
        }
        if (self::$scopeChecked) {
            return null;
        }
        self::$scopeChecked = true;
        // Without a preload setting there can be no scope; skip the failing lookup.
        if ((string) \ini_get('opcache.preload') === '' && (string) \ini_get('ffi.preload') === '') {
            return null;
        }
        if (!\extension_loaded('ffi')) {
            return null;
        }
        try {
            return self::$loaded[self::SCOPE] = \FFI::scope(self::SCOPE);
        } catch (\FFI\Exception) {
            return null;
        }
    }

    private static function load(string $path): \FFI
    {
        if (!\extension_loaded('ffi')) {
            throw new JustClickException(
                'the justclick extension is not loaded, and neither is PHP FFI, the other way this package reaches libjustclick: '
                . self::EXTENSION_HINT . '; or enable FFI with extension=ffi (Debian: php' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION
                . '-ffi) and install libjustclick.so'
            );
        }
        $header = @file_get_contents(self::HEADER);
        if ($header === false) {
            throw new JustClickException('cannot read ' . self::HEADER . ' (generate it with `make header`)');
        }
        try {
            return \FFI::cdef($header, $path);
        } catch (\FFI\Exception $e) {
            throw new JustClickException(self::explain($e->getMessage(), $path), previous: $e);
        }
    }

    private static function explain(string $ffiMessage, string $path): string
    {
        if (str_contains($ffiMessage, 'ffi.enable')) {
            return 'the justclick extension is not loaded, and PHP FFI is restricted by ffi.enable (its default, "preload", '
                . 'allows FFI only in the CLI and in preloaded code): ' . self::EXTENSION_HINT . '; or set ffi.enable=1, or '
                . 'preload this package with opcache.preload=' . \dirname(__DIR__) . '/preload.php (see README.md, "PHP-FPM")';
        }
        if (str_contains($ffiMessage, 'Failed loading')) {
            return "cannot load libjustclick from '$path' ($ffiMessage). Provide it one of these ways: "
                . 'install it system-wide (`make release && sudo make install` in the justclick repository, '
                . 'which runs ldconfig); set JUSTCLICK_LIB to the absolute path of ' . self::libraryFileName()
                . " (under PHP-FPM in the pool: env[JUSTCLICK_LIB] = ..., since clear_env hides the server's "
                . "environment); or pass the 'library' option of JustClick\\Client";
        }

        return "cannot use libjustclick from '$path': $ffiMessage "
            . '(justclick.ffi.h and the library must come from the same build)';
    }
}
