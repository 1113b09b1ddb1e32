<?php

declare(strict_types=1);

namespace JustClick;

/**
 * Which libjustclick this package talks to, and the one mapping of library statuses to
 * this package's exceptions.
 *
 * With the `justclick` PHP extension loaded (`extension=justclick`, see
 * bindings/php-ext), {@see Client}, {@see Hash} and {@see Notification} call its
 * internal classes `JustClick\Ext\Lib` and `JustClick\Ext\Client`: no FFI, no shared
 * library, and no JSON on the signing path. Otherwise they load libjustclick.so through
 * FFI. Both backends are thin: every JustClick rule lives in the Rust core.
 *
 * @internal
 */
final class Backend
{
    /**
     * The API level of the `justclick` extension this package is written for
     * (PHP_JUSTCLICK_API_LEVEL in bindings/php-ext/php_justclick.h; a test keeps the two
     * equal). An extension of another level is refused before any call.
     */
    public const EXTENSION_API_LEVEL = 3;

    /** Whether the loaded extension passed the handshake (checked once per process). */
    private static bool $checked = false;

    /**
     * Whether the `justclick` extension serves the calls (else FFI). The first time it
     * finds the extension loaded, checks that its API level is this package's.
     *
     * @throws JustClickException when the loaded extension was built for another version
     *                            of this package
     */
    public static function extension(): bool
    {
        // Not extension_loaded('justclick'): opcache folds that call into a constant when
        // it compiles the file, so a package preloaded before the pool's
        // php_admin_value[extension] loaded the extension would never see it.
        if (!\class_exists(Ext\Lib::class, false)) {
            return false;
        }
        if (!self::$checked) {
            self::handshake();
            self::$checked = true;
        }

        return true;
    }

    /** @throws JustClickException naming both versions and the fix */
    private static function handshake(): void
    {
        // Extensions built before the handshake existed have neither method: level 0.
        $level = method_exists(Ext\Lib::class, 'apiLevel') ? Ext\Lib::apiLevel() : 0;
        if ($level === self::EXTENSION_API_LEVEL) {
            return;
        }
        $build = method_exists(Ext\Lib::class, 'buildId') ? Ext\Lib::buildId() : 'none (built before API levels existed)';
        $package = \dirname(__DIR__);
        throw new JustClickException(
            "the loaded justclick extension (API level $level, build id $build, library " . Ext\Lib::version() . ') does not match this '
            . 'package, which needs extension API level ' . self::EXTENSION_API_LEVEL . ': rebuild and reinstall the extension from the '
            . 'same release as the package (in ' . \dirname($package) . '/php-ext: phpize && ./configure && make && sudo make install, '
            . 'then restart PHP-FPM), or install the package version that matches the extension; nothing was sent',
        );
    }

    /**
     * The exception for a failed library call, by status name (`JC_STATUS_…`).
     *
     * @param int      $apiCode JustClick's `error_code` for API errors
     * @param int|null $http    the HTTP status of the answer, if one arrived
     */
    public static function exception(string $status, string $message, int $apiCode, ?string $method, ?int $http): JustClickException
    {
        // The library's messages name its generic calls as C and Rust spell them.
        $message = str_replace('(use call or call_v2 for others)', '(use call() or callV2() for others)', $message);
        if (str_contains($message, ' is not UTF-8 text (bad byte')) {
            // The library names the field; what to do about it is PHP's business.
            $message .= ': ' . Json::UTF8_HINT;
        }

        return match ($status) {
            'JC_STATUS_API_ERROR' => new ApiException($message, $apiCode, $method, $http),
            'JC_STATUS_BAD_SIGNATURE' => new SignatureException($message, $status, $method, $http),
            'JC_STATUS_BAD_RESPONSE' => new BadResponseException($message, $status, $method, $http),
            'JC_STATUS_TIMEOUT' => new TimeoutException($message, $status, $method, $http),
            'JC_STATUS_TLS' => new TlsException($message, $status, $method, $http),
            'JC_STATUS_TRANSPORT' => new TransportException($message, $status, $method, $http),
            'JC_STATUS_INVALID_ARGUMENT', 'JC_STATUS_NULL_ARGUMENT' => new InvalidArgumentException($message, $status, $method, $http),
            default => new JustClickException($message, $status, $method, $http),
        };
    }

    /** This package's exception for a failure the extension reported. */
    public static function fromExtension(Ext\Error $e, ?string $method = null): JustClickException
    {
        $http = $e->httpStatus > 0 ? $e->httpStatus : null;

        return self::exception($e->status, $e->getMessage(), $e->apiCode, $e->method ?? $method, $http);
    }
}
