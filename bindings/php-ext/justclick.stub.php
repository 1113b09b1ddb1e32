<?php

/**
 * The internal API of the `justclick` extension. Application code uses the Composer
 * package's classes (JustClick\Client, JustClick\Hash, JustClick\Notification), which
 * pick this backend when the extension is loaded. Every JustClick semantic lives in
 * libjustclick; these functions only move PHP values in and out of it.
 *
 * Regenerate justclick_arginfo.h with ./gen-arginfo after editing this file.
 *
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace JustClick\Ext {
    /** Stateless functions of libjustclick. */
    final class Lib
    {
        /** libjustclick's version (`jc_version()`). */
        public static function version(): string {}

        /** The extension's API level (PHP_JUSTCLICK_API_LEVEL), checked by the Composer package. */
        public static function apiLevel(): int {}

        /** A hash of the sources the extension was built from, as `php --ri justclick` shows it. */
        public static function buildId(): string {}

        /** What an API `error_code` means (`jc_api_code_description`), in English or Russian; null when undocumented. */
        public static function codeDescription(int $code, ?string $method, bool $russian): ?string {}

        /** `md5(http_build_query($params) . "::$login::$secret")`, walked straight into jc_params. */
        public static function hash(array $params, string $login, #[\SensitiveParameter] string $secret): string {}

        /** PHP-exact `http_build_query($params)` as libjustclick signs it. */
        public static function query(array $params): string {}

        /** Whether a raw JSON response is signed with `$secret` (`jc_check_hash`). */
        public static function checkHash(string $response, #[\SensitiveParameter] string $secret): bool {}

        /** `jc_verify_notification`: `['kind' => …, 'formula' => …, 'fields' => […]]`. */
        public static function verifyNotification(string $body, #[\SensitiveParameter] string $secret): array {}
    }

    /**
     * One `jc_client`: a connection pool, credentials and options. `clone` shares the pool.
     *
     * @not-serializable
     */
    final class Client
    {
        /** `$options` is the JSON object `jc_client_new` takes, or null. */
        public function __construct(string $login, #[\SensitiveParameter] string $secret, ?string $options = null) {}

        /** Any API 1.0 method (`jc_call_params`); the verified `result`. */
        public function call(string $method, array $params = []): mixed {}

        /** Any API 2.0 method (`jc_call_v2_params`); the `result`. */
        public function callV2(string $method, array $params = []): mixed {}

        /** A documented method with the library's per-method rules (`jc_invoke_params`). */
        public function invoke(string $method, array $params = []): mixed {}

        /** `invoke()` for the named methods (`jc_invoke_typed_params`): a list or mapping where the field holds one value is refused, naming the field. */
        public function invokeTyped(string $method, array $params = []): mixed {}

        /** DeleteSubscribe (`jc_delete_subscribe`). */
        public function deleteSubscribe(string $leadEmail, string $rassName): void {}
    }

    /**
     * A failure reported by libjustclick. The Composer package turns it into its own
     * exception classes (ApiException, SignatureException, …).
     */
    final class Error extends \RuntimeException
    {
        /** The status name, `JC_STATUS_…`. */
        public string $status = "";
        /** JustClick's `error_code` for API errors, else -1. */
        public int $apiCode = -1;
        /** The HTTP status of the answer, 0 when none arrived. */
        public int $httpStatus = 0;
        /** The API method the call was for, if any. */
        public ?string $method = null;
    }
}
