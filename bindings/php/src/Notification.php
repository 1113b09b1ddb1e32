<?php

declare(strict_types=1);

namespace JustClick;

/**
 * A notification JustClick POSTed to your script (invoice paid, created, cancelled,
 * prepaid, refunded), parsed and verified by libjustclick.
 *
 * ```php
 * // notify.php, the URL set as "URL для оповещений по API" of a product
 * try {
 *     $n = JustClick\Notification::verify(file_get_contents('php://input'), $secret);
 * } catch (JustClick\SignatureException $e) {
 *     http_response_code(403);
 *     exit;
 * }
 * if ($n->kind === 'paid') {
 *     $order = $client->getOrderDetails($n->get('id')); // confirm amounts with the API
 * }
 * ```
 *
 * The signature is `md5(id . email . <time> . secret)`, with `paid` as the time of paid
 * invoices and `created` for created and cancelled ones (the docs' own snippet for
 * created invoices effectively signs `md5(id . email . secret)`, also accepted);
 * `$formula` says which matched. Only `id`, `email` and that time are signed: read
 * amounts and statuses through {@see Client::getOrderDetails()} before acting on them.
 * Subscription notifications are not signed by JustClick at all and are refused here.
 */
final class Notification
{
    /**
     * @param string               $kind    `paid`, `created`, `cancelled`, `prepaid`, `moneyback`, …
     * @param string               $formula the formula the hash matched: `id.email.paid`,
     *                                      `id.email.created` or `id.email`
     * @param array<string, mixed> $fields  every field as `$_POST` holds it (nested for
     *                                      `items[0][sum]`, `utm[medium]`), `hash` included
     */
    private function __construct(
        public readonly string $kind,
        public readonly string $formula,
        public readonly array $fields,
    ) {
    }

    /**
     * Parses and verifies a notification.
     *
     * @param string|array<string, mixed> $body the raw request body (`file_get_contents('php://input')`,
     *                                          best), or `$_POST` (re-encoded with `http_build_query`)
     *
     * @throws SignatureException       when the hash is missing or wrong, or the kind is unsigned
     * @throws InvalidArgumentException for an empty secret
     */
    public static function verify(string|array $body, #[\SensitiveParameter] string $secret): self
    {
        try {
            if (\is_array($body)) {
                $body = http_build_query($body);
            }
            if (Backend::extension()) {
                try {
                    $n = Ext\Lib::verifyNotification($body, $secret);
                } catch (Ext\Error $e) {
                    throw Backend::fromExtension($e);
                }

                return new self((string) $n['kind'], (string) $n['formula'], (array) $n['fields']);
            }
            $native = Native::shared();
            $json = $native->takeString(null, static fn ($out, $len) => $native->ffi->jc_verify_notification(
                $body,
                \strlen($body),
                $secret,
                \strlen($secret),
                $out,
                $len,
                $native->error(),
            ));
            $n = Json::decode($json);

            return new self((string) $n['kind'], (string) $n['formula'], (array) $n['fields']);
        } catch (\Throwable $e) {
            throw Traces::scrub($e);
        }
    }

    /** A top-level field (`id`, `email`, `paid`, `status`, …), or null when absent. */
    public function get(string $name): mixed
    {
        return $this->fields[$name] ?? null;
    }
}
