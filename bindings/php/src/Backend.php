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
    /** Whether the `justclick` extension serves the calls (else FFI). */
    public static function extension(): bool
    {
        return \extension_loaded('justclick');
    }

    /**
     * The exception for a failed library call, by status name (`JC_STATUS_…`).
     *
     * @param int      $apiCode JustClick's `error_code` for API errors
     * @param int|null $http    the HTTP status of the answer, if one arrived
     */
    public static function exception(string $status, string $message, int $apiCode, ?string $method, ?int $http): JustClickException
    {
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
