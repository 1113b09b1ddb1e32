<?php

declare(strict_types=1);

namespace JustClick;

/**
 * Drop-in replacements for the vendor sample's `GetHash()` and `CheckHash()`, computed by
 * libjustclick, the same code that signs and verifies every {@see Client} call.
 *
 * ```php
 * // before: $send_data['hash'] = GetHash($send_data, $user_rs);
 * $send_data['hash'] = JustClick\Hash::get($send_data, $login, $secret);
 * // before: if (!CheckHash($resp, $user_rs)) { ... }
 * if (!JustClick\Hash::check($body, $secret)) { ... }
 * ```
 *
 * Unlike the sample, `check()` compares in constant time and accepts only a hash that is
 * a 32-digit hex string: a forged `"hash": true` passes the sample's `==` under any
 * secret, and is refused here.
 */
final class Hash
{
    /**
     * The request signature: lower-case hex `md5(http_build_query($params) . "::$login::$secret")`,
     * byte for byte what the vendor's `GetHash($params, ['user_id' => $login,
     * 'user_rps_key' => $secret])` returns.
     *
     * @param array<array-key, mixed> $params the fields to send, in order, without `hash`
     *
     * @throws InvalidArgumentException for keys PHP would rewrite on the server
     *                                  (`.`/space/`[` in a top-level key, empty key) and
     *                                  non-UTF-8 strings, which the sample would sign
     *                                  into an "incorrect hash" (code 4)
     */
    public static function get(array $params, string $login, #[\SensitiveParameter] string $secret): string
    {
        try {
            if (Backend::extension()) {
                try {
                    return Ext\Lib::hash($params, $login, $secret); // objects: the extension applies Objects' rule
                } catch (Ext\Error $e) {
                    throw Backend::fromExtension($e);
                }
            }
            $native = Native::shared();
            $json = Json::encode($params, $native->floatText(...));
            $out = $native->ffi->new('char[33]');
            $native->check($native->ffi->jc_get_hash(
                $json,
                \strlen($json),
                $login,
                \strlen($login),
                $secret,
                \strlen($secret),
                $out,
                $native->error(),
            ));

            return \FFI::string($out, 32);
        } catch (\Throwable $e) {
            throw Traces::scrub($e);
        }
    }

    /**
     * Whether a JustClick response is genuinely signed with `$secret`: its `hash` is a JSON
     * string equal to `md5("$error_code::$error_text::$secret")`. Errors are signed too,
     * so check every response before trusting anything in it.
     *
     * @param string|array<string, mixed>|object $response the raw JSON body (best), or the
     *                                                     body decoded by `json_decode`
     *                                                     (object or array), as the
     *                                                     sample's `CheckHash` takes it
     *
     * @throws InvalidArgumentException when `$secret` is not UTF-8 (a caller error, not a forgery)
     */
    public static function check(string|array|object $response, #[\SensitiveParameter] string $secret): bool
    {
        try {
            if (!\is_string($response)) {
                try {
                    $response = json_encode($response, JSON_THROW_ON_ERROR | JSON_PRESERVE_ZERO_FRACTION);
                } catch (\JsonException) {
                    return false; // nothing json_decode produced; not a response
                }
            } elseif (preg_match('//u', $response) !== 1) {
                return false; // JustClick answers in UTF-8 JSON; other bytes are not an answer
            }
            if (Backend::extension()) {
                try {
                    return Ext\Lib::checkHash($response, $secret);
                } catch (Ext\Error $e) {
                    throw Backend::fromExtension($e); // the secret is not UTF-8, or a library bug
                }
            }
            $native = Native::shared();
            $status = $native->ffi->jc_check_hash(
                $response,
                \strlen($response),
                $secret,
                \strlen($secret),
                $native->error(),
            );
            if ($status === 0) {
                return true;
            }
            $e = $native->exception($status);
            if ($e instanceof SignatureException) {
                return false;
            }
            throw $e; // the secret is not UTF-8, or a library bug
        } catch (\Throwable $e) {
            throw Traces::scrub($e);
        }
    }

    /**
     * `http_build_query($params)` as libjustclick computes it for signing, refusing the key
     * shapes PHP would rewrite (see {@see get()}). Equal to PHP's own output for every
     * accepted input.
     *
     * @param array<array-key, mixed> $params
     *
     * @throws InvalidArgumentException
     */
    public static function query(array $params): string
    {
        try {
            if (Backend::extension()) {
                try {
                    return Ext\Lib::query($params);
                } catch (Ext\Error $e) {
                    throw Backend::fromExtension($e);
                }
            }
            $native = Native::shared();
            $json = Json::encode($params, $native->floatText(...));

            return $native->takeString(null, static fn ($out, $len) => $native->ffi->jc_build_query(
                $json,
                \strlen($json),
                $out,
                $len,
                $native->error(),
            ));
        } catch (\Throwable $e) {
            throw Traces::scrub($e);
        }
    }
}
