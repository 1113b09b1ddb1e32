<?php

declare(strict_types=1);

namespace JustClick;

use FFI\CData;

/**
 * A JustClick API client: every documented method, signed and verified by libjustclick.
 *
 * ```php
 * $client = new JustClick\Client('shop', $secret);          // https://shop.justclick.ru/api/
 * $client->deleteSubscribe('user@example.com', 'super');     // void; throws on failure
 * $groups = $client->getLeadGroupStatuses('user@example.com');
 * $order  = $client->createOrder(['course'], 'buyer@example.com'); // ['bill_id' => 123, 'existing' => false]
 * ```
 *
 * Every API 1.0 request is signed over PHP-exact `http_build_query` bytes, and every
 * response (errors included) is checked against your secret before anything in it is
 * used. TLS certificates are always verified; connect and total timeouts always apply.
 * Results are plain PHP arrays with the API's own field names.
 *
 * Methods take the required fields as arguments and everything else in `$fields`, using
 * the API's parameter names (`['lead_name' => 'Иван', 'utm' => ['utm_source' => 'x']]`).
 * Booleans are sent as `1`/`0` and nulls are left out, as `http_build_query` does.
 *
 * Failures throw subclasses of {@see JustClickException}: {@see ApiException} (an error
 * code from JustClick), {@see SignatureException}, {@see TransportException} (with
 * {@see TimeoutException}, {@see TlsException}, {@see BadResponseException}) and
 * {@see InvalidArgumentException}.
 *
 * One client may serve any number of calls; keep it (it holds a connection pool). The
 * native handle is released when the object is destroyed. `clone` gives an independent
 * handle to the same connection pool. Not final, so that tests can mock it; its state
 * is private.
 */
class Client
{
    /** The extension's client, when the `justclick` extension serves this one (else FFI). */
    private ?Ext\Client $ext = null;

    private Native $native;

    /** `jc_client *`, owned; freed in __destruct. */
    private CData $handle;

    /**
     * @param string               $login   the account login (also its subdomain)
     * @param string               $secret  the API secret key ("Секретный ключ для подписи")
     * @param array<string, mixed> $options any of:
     *   - `base_url` (string): full API URL, e.g. `http://127.0.0.1:8080/api/` for the
     *     sandbox; default `https://LOGIN.justclick.ru/api/`. Plain http is accepted for
     *     loopback hosts only, unless `allow_insecure_http` is true;
     *   - `domain` (string): `justclick.ru` (default), `justclick.io` or your own domain;
     *   - `api_key` (string): the API 2.0 `rpsKey`, if it differs from the secret;
     *   - `timeout_ms`, `connect_timeout_ms` (int, or a decimal string such as `'2000'` read
     *     from the environment): total and connect timeouts;
     *   - `max_retries` (int or decimal string): retries of reads and of rate-limit answers (code 8);
     *   - `max_idle_connections` (int or decimal string, 0 to 4096, default 64): idle
     *     keep-alive connections the pool keeps (at least the number of concurrent calls,
     *     or they reconnect);
     *   - `ca_file` (string): PEM file of extra trusted CAs (certificates are always checked);
     *   - `library` (string): absolute path of libjustclick.so (else: the preload scope,
     *     JUSTCLICK_LIB, the build output next to this package, the system library).
     *     With the `justclick` extension loaded, calls go through the extension unless
     *     this option asks for a library through FFI;
     *   - any other option libjustclick documents for `jc_client_new`.
     *
     * @throws InvalidArgumentException for an empty login or secret, an unknown option or a bad value
     * @throws JustClickException       when the library cannot be loaded
     */
    public function __construct(private readonly string $login, #[\SensitiveParameter] string $secret, array $options = [])
    {
        try {
            $library = $options['library'] ?? null;
            if ($library !== null && !\is_string($library)) {
                throw new InvalidArgumentException("the 'library' option must be a string path", 'JC_STATUS_INVALID_ARGUMENT');
            }
            unset($options['library']);
            $json = $options === [] ? '' : Json::encode(self::numericOptions($options));
            if ($library === null && Backend::extension()) {
                try {
                    $this->ext = new Ext\Client($login, $secret, $json === '' ? null : $json);
                } catch (Ext\Error $e) {
                    throw Backend::fromExtension($e);
                }

                return;
            }
            $this->native = new Native(Ffi::get($library));
            $ffi = $this->native->ffi;
            $handle = $ffi->new('jc_client *');
            $this->native->check($ffi->jc_client_new(
                $login,
                \strlen($login),
                $secret,
                \strlen($secret),
                $json === '' ? null : $json,
                \strlen($json),
                \FFI::addr($handle),
                $this->native->error(),
            ));
            $this->handle = $handle;
        } catch (\Throwable $e) {
            throw Traces::scrub($e); // the secret and the api_key option are arguments here
        }
    }

    /** The options libjustclick takes as whole numbers. */
    private const NUMERIC_OPTIONS = ['timeout_ms', 'connect_timeout_ms', 'retry_base_delay_ms', 'max_retries', 'max_response_bytes', 'max_idle_connections'];

    /**
     * `$options` with decimal strings of the numeric options as integers, as configuration
     * read from the environment or an .ini file arrives (`'timeout_ms' => '2000'`). Other
     * strings stay strings, for libjustclick to refuse naming the option.
     *
     * @param array<string, mixed> $options
     *
     * @return array<string, mixed>
     */
    private static function numericOptions(array $options): array
    {
        foreach (self::NUMERIC_OPTIONS as $name) {
            $value = $options[$name] ?? null;
            if (\is_string($value) && preg_match('/^\s*\d{1,18}\s*$/', $value) === 1) {
                $options[$name] = (int) $value;
            }
        }

        return $options;
    }

    public function __destruct()
    {
        if (isset($this->handle)) {
            $this->native->ffi->jc_client_free($this->handle);
        }
    }

    /** A clone gets its own handle (and error slot) sharing the same native client. */
    public function __clone()
    {
        if ($this->ext !== null) {
            $this->ext = clone $this->ext; // shares the connection pool

            return;
        }
        $source = $this->handle;
        unset($this->handle); // if cloning fails, the half-made copy must free nothing
        $this->native = new Native($this->native->ffi);
        $handle = $this->native->ffi->jc_client_clone($source);
        if ($handle === null || \FFI::isNull($handle)) {
            throw Traces::scrub(new JustClickException('jc_client_clone returned NULL'));
        }
        $this->handle = $handle;
    }

    /**
     * A client holds a native connection pool, which cannot be written to a session or a
     * cache: serialize() refuses it, saying what to keep instead.
     *
     * @return never
     *
     * @throws JustClickException always
     */
    public function __serialize(): array
    {
        throw new JustClickException('a JustClick\\Client cannot be serialized (it holds a native connection pool): '
            . 'store its login and options and build a new Client where you need one');
    }

    /**
     * @param array<mixed> $data
     *
     * @throws JustClickException always
     */
    public function __unserialize(array $data): void
    {
        throw new JustClickException('a JustClick\\Client cannot be unserialized: build a new Client from its login and options');
    }

    /** @return array<string, string> what var_dump() shows: the login, never the secret or handles */
    public function __debugInfo(): array
    {
        return ['login' => $this->login ?? null];
    }

    // ---------------------------------------------------------------- generic calls

    /**
     * Calls any API 1.0 method with signed `$params` and returns the verified `result`
     * (null when the method returns none). No method-specific rules apply: a non-zero
     * `error_code` is always an {@see ApiException}.
     *
     * @param array<array-key, mixed> $params
     */
    public function call(string $method, array $params = []): mixed
    {
        return $this->request('jc_call', $method, $params);
    }

    /**
     * Calls any API 2.0 method (lower-case name such as `getalllists`), authenticated by
     * `rpsKey` (the `api_key` option, or the secret), and returns its `result`.
     *
     * @param array<array-key, mixed> $params
     */
    public function callV2(string $method, array $params = []): mixed
    {
        return $this->request('jc_call_v2', $method, $params);
    }

    /**
     * Calls one of the 29 documented methods by name (case-insensitive, or its
     * snake_case name) with the library's per-method rules: required fields checked
     * before sending, CreateOrder's 601 read as the existing order, "no groups"/"no
     * products" answers as empty lists, month-long windows for getOrdersWithGoods, and
     * so on. The named methods below all go through it.
     *
     * @param array<array-key, mixed> $params
     */
    public function invoke(string $method, array $params = []): mixed
    {
        return $this->request('jc_invoke', $method, $params);
    }

    // ------------------------------------------------------- API 1.0: contacts, groups

    /**
     * AddLeadToGroup: adds a contact to one or more groups (`rid`: a group id or a list).
     * A contact already in every group is {@see ApiException} 102, an unknown group 103
     * (also when the server says so with code 0).
     *
     * @param string|list<string>  $rid
     * @param array<string, mixed> $fields lead_name, lead_phone, lead_city, tag, doneurl2,
     *                                     activation, utm => [utm_source, …], …
     */
    public function addLeadToGroup(string|array $rid, string $leadEmail, array $fields = []): void
    {
        $this->run('AddLeadToGroup', ['rid' => \is_array($rid) ? array_values($rid) : $rid, 'lead_email' => $leadEmail], $fields);
    }

    /**
     * UpdateSubscriberData: changes a contact's name, phone, city or tags; omitted fields
     * stay as they are.
     *
     * @param array<string, mixed> $fields lead_name, lead_phone, lead_city, lead_tags
     */
    public function updateSubscriberData(string $leadEmail, array $fields = []): void
    {
        $this->run('UpdateSubscriberData', ['lead_email' => $leadEmail], $fields);
    }

    /**
     * DeleteSubscribe: unsubscribes a contact from a group. Unknown group:
     * {@see ApiException} 800; unknown contact: 801.
     */
    public function deleteSubscribe(string $leadEmail, string $rassName): void
    {
        // The library's own DeleteSubscribe (`jc_delete_subscribe`): the same rules as
        // run(), without a parameter array on the way in or a JSON result on the way out
        // — the one call a shop makes on every unsubscribe link.
        $this->backend(
            'DeleteSubscribe',
            fn (Ext\Client $ext) => $ext->deleteSubscribe($leadEmail, $rassName),
            fn () => $this->native->check($this->native->ffi->jc_delete_subscribe(
                $this->handle,
                $leadEmail,
                \strlen($leadEmail),
                $rassName,
                \strlen($rassName),
                $this->native->error(),
            ), 'DeleteSubscribe'),
        );
    }

    /**
     * GetLeadGroupStatuses: the contact's groups, each `['rass_name', 'rass_title',
     * 'rass_status', 'subscription_time']`; `[]` when it is in none. Unknown contact:
     * {@see ApiException} 500.
     *
     * @return list<array{rass_name: string, rass_title: string, rass_status: string, subscription_time: int|string}>
     */
    public function getLeadGroupStatuses(string $email): array
    {
        return $this->runArray('GetLeadGroupStatuses', ['email' => $email]);
    }

    /**
     * GetLeadGroups (deprecated by the docs, use {@see getLeadGroupStatuses()}): the
     * contact's groups, each `['rass_name', 'rass_title']`.
     *
     * @return list<array{rass_name: string, rass_title: string}>
     */
    public function getLeadGroups(string $email): array
    {
        return $this->runArray('GetLeadGroups', ['email' => $email]);
    }

    /**
     * GetAllGroups: every group of the account, each `['rass_name', 'rass_title', …]`.
     *
     * @return list<array{rass_name: string, rass_title: string}>
     */
    public function getAllGroups(): array
    {
        return $this->runArray('GetAllGroups', []);
    }

    /**
     * GetCountSubscribe: the number of contacts in a group, or of `unique` / `all`
     * contacts of the account.
     */
    public function getCountSubscribe(string $groupName): int
    {
        $count = $this->run('GetCountSubscribe', ['group_name' => $groupName]);
        if (!\is_int($count)) {
            throw Traces::scrub(new BadResponseException('GetCountSubscribe: the result is not a number', 'JC_STATUS_BAD_RESPONSE', 'GetCountSubscribe'));
        }

        return $count;
    }

    // ------------------------------------------------------------- API 1.0: products

    /**
     * AddGood: creates a product.
     *
     * @param string               $goodType `real` (physical) or `digital`; see the README on 1/0
     * @param array<string, mixed> $fields   good_success_link, good_api_url_notif, …
     */
    public function addGood(string $goodName, string|int $goodType, string $goodTitle, int|float|string $goodSum, array $fields = []): void
    {
        $this->run('AddGood', [
            'good_name' => $goodName,
            'good_type' => $goodType,
            'good_title' => $goodTitle,
            'good_sum' => $goodSum,
        ], $fields);
    }

    /**
     * UpdateGood: changes a product. The price is required because the server writes 0
     * when `good_sum` is left out.
     *
     * @param array<string, mixed> $fields the AddGood fields to change
     */
    public function updateGood(string $goodName, int|float|string $goodSum, array $fields = []): void
    {
        $this->run('UpdateGood', ['good_name' => $goodName, 'good_sum' => $goodSum], $fields);
    }

    /** DeleteGood: deletes a product. */
    public function deleteGood(string $goodName): void
    {
        $this->run('DeleteGood', ['good_name' => $goodName]);
    }

    /**
     * GetAllGoods: every product, each `['good_id', 'good_name', 'good_title', 'good_sum',
     * 'good_type']`; `[]` when the shop has none.
     *
     * @return list<array{good_id: int|string, good_name: string, good_title: string, good_sum: int|float|string, good_type: string}>
     */
    public function getAllGoods(): array
    {
        return $this->runArray('GetAllGoods', []);
    }

    // --------------------------------------------------------------- API 1.0: orders

    /**
     * CreateOrder: creates an order and returns `['bill_id' => int, 'existing' => bool]`.
     * Sending the same order again is safe: JustClick's "order already exists" (601)
     * comes back as the existing `bill_id` with `'existing' => true`.
     *
     * @param string|list<string|array<string, mixed>> $goods  product ids, or
     *                                                         `[['good_name' => …, 'good_sum' => …], …]`
     * @param array<string, mixed>                      $fields bill_first_name, bill_phone, bill_tag,
     *                                                         bill_timer_kill, utm, …
     *
     * @return array{bill_id: int, existing: bool}
     */
    public function createOrder(string|array $goods, string $billEmail, array $fields = []): array
    {
        return $this->runArray('CreateOrder', ['goods' => $goods, 'bill_email' => $billEmail], $fields);
    }

    /**
     * UpdateOrderStatus: marks an order `sent` (needs `date` and `rpo`), `paid` (needs
     * `date`), `return` or `cancel`.
     *
     * @param array<string, mixed> $fields date (UNIX time), rpo (tracking number)
     */
    public function updateOrderStatus(int|string $billId, string $status, array $fields = []): void
    {
        $this->run('UpdateOrderStatus', ['bill_id' => $billId, 'status' => $status], $fields);
    }

    /** DeleteOrder: deletes (hides) an order. Unknown order: {@see ApiException} 302. */
    public function deleteOrder(int|string $billId): void
    {
        $this->run('DeleteOrder', ['bill_id' => $billId]);
    }

    /**
     * GetOrders (deprecated by the docs, use {@see getOrdersWithGoods()}): orders in a period.
     *
     * @param array<string, mixed> $fields date_s, date_e (UNIX time), paid, goods
     *
     * @return list<array<string, mixed>>
     */
    public function getOrders(array $fields = []): array
    {
        return $this->runArray('GetOrders', [], $fields);
    }

    /**
     * getOrdersWithGoods: detailed orders created (or, with `paid`, paid) between two
     * `dd.mm.yyyy` dates. The server serves one month at most; longer ranges are fetched
     * month by month and merged.
     *
     * @param array<string, mixed> $fields paid, goods
     *
     * @return list<array<string, mixed>>
     */
    public function getOrdersWithGoods(?string $beginDate = null, ?string $endDate = null, array $fields = []): array
    {
        return $this->runArray('getOrdersWithGoods', array_filter(
            ['begin_date' => $beginDate, 'end_date' => $endDate],
            static fn ($v) => $v !== null,
        ), $fields);
    }

    /**
     * getOrderDetails: one order with its items. Unknown order: {@see ApiException} 400.
     *
     * @param array<string, mixed> $fields good_info
     *
     * @return array<string, mixed>
     */
    public function getOrderDetails(int|string $billId, array $fields = []): array
    {
        return $this->runArray('getOrderDetails', ['bill_id' => $billId], $fields);
    }

    /**
     * GetOrderInfo (deprecated by the docs, use {@see getOrderDetails()}): one order.
     *
     * @return array<string, mixed>
     */
    public function getOrderInfo(int|string $billId): array
    {
        return $this->runArray('GetOrderInfo', ['bill_id' => $billId]);
    }

    /**
     * GetBills: a customer's orders, keyed by order number, each keyed by product key
     * with `['good_name', 'good_title']`; `[]` when there are none.
     *
     * @param array<string, mixed> $fields pay_status: paid, waiting or cancel
     *
     * @return array<int|string, array<int|string, array<string, mixed>>>
     */
    public function getBills(string $email, array $fields = []): array
    {
        return $this->runArray('GetBills', ['email' => $email], $fields);
    }

    // ------------------------------------------------------------- API 1.0: partners

    /**
     * GetPartnerStats: `['earned_total', 'topay_total', 'clicks_total', 'leads_total',
     * 'bills_total', 'partners_total']` of one partner. Unknown partner: {@see ApiException} 1000.
     *
     * @param array<string, mixed> $fields date_from, date_to (YYYY-MM-DD)
     *
     * @return array<string, mixed>
     */
    public function getPartnerStats(string $partner, array $fields = []): array
    {
        return $this->runArray('GetPartnerStats', ['partner' => $partner], $fields);
    }

    // ---------------------------------------------------------------------- API 2.0

    /**
     * API 2.0 createorder: creates an order from product ids (a list, or a
     * comma-separated string) and returns the server's `result`.
     *
     * @param string|list<string>  $productNames
     * @param array<string, mixed> $fields       product_prices, customer_email, customer_first_name,
     *                                           order_status, coupon, utm_source, …
     */
    public function v2CreateOrder(string|array $productNames, array $fields = []): mixed
    {
        return $this->run('createorder', ['product_names' => $productNames], $fields);
    }

    /**
     * API 2.0 addupdatelead: creates or updates a contact, its groups and tags.
     *
     * @param array<string, mixed> $fields lead_email, lead_first_name, add_to_lists,
     *                                     remove_from_lists, add_tags, remove_tags, …
     *                                     (lists may be PHP lists)
     */
    public function addUpdateLead(array $fields = []): void
    {
        $this->run('addupdatelead', [], $fields);
    }

    /**
     * API 2.0 addtagtolead: adds tags to a contact.
     *
     * @param string|list<string> $addTags
     */
    public function addTagToLead(string $leadEmail, string|array $addTags): void
    {
        $this->run('addtagtolead', ['lead_email' => $leadEmail, 'add_tags' => $addTags]);
    }

    /**
     * API 2.0 removetagfromlead: removes tags from a contact.
     *
     * @param string|list<string> $removeTags
     */
    public function removeTagFromLead(string $leadEmail, string|array $removeTags): void
    {
        $this->run('removetagfromlead', ['lead_email' => $leadEmail, 'remove_tags' => $removeTags]);
    }

    /**
     * API 2.0 removeleadfromlist: removes a contact from groups.
     *
     * @param string|list<string> $removeFromLists group ids (`rass_name`)
     */
    public function removeLeadFromList(string $leadEmail, string|array $removeFromLists): void
    {
        $this->run('removeleadfromlist', ['lead_email' => $leadEmail, 'remove_from_lists' => $removeFromLists]);
    }

    /**
     * API 2.0 getalllists: every group, each `['id', 'rass_id', 'rass_name', 'rass_title']`.
     *
     * @return list<array{id: int|string, rass_id: int|string, rass_name: string, rass_title: string}>
     */
    public function getAllLists(): array
    {
        return $this->runArray('getalllists', []);
    }

    /**
     * API 2.0 getgoods: every product, each `['id', 'good_name', 'good_title']`.
     *
     * @return list<array{id: int|string, good_name: string, good_title: string}>
     */
    public function getGoods(): array
    {
        return $this->runArray('getgoods', []);
    }

    /**
     * API 2.0 getcoupons: every coupon, each `['id', 'coupon']`.
     *
     * @return list<array{id: int|string, coupon: string}>
     */
    public function getCoupons(): array
    {
        return $this->runArray('getcoupons', []);
    }

    /**
     * API 2.0 getpersonalmanagers: the additional users, each `['id', 'manager_id',
     * 'manager_name']`.
     *
     * @return list<array{id: int|string, manager_id: int|string, manager_name: string}>
     */
    public function getPersonalManagers(): array
    {
        return $this->runArray('getpersonalmanagers', []);
    }

    // ------------------------------------------------------------------- internals

    /**
     * {@see invoke()} with the method's own arguments first and `$fields` after them.
     *
     * @param array<string, mixed> $arguments
     * @param array<string, mixed> $fields
     */
    private function run(string $method, array $arguments, array $fields = []): mixed
    {
        foreach ($arguments as $name => $_) {
            if (\array_key_exists($name, $fields)) {
                throw Traces::scrub(new InvalidArgumentException("$method: '$name' is an argument; do not repeat it in \$fields", 'JC_STATUS_INVALID_ARGUMENT', $method));
            }
        }

        // jc_invoke_typed: invoke()'s rules, plus a list or mapping refused where the
        // field holds one value (a name, an e-mail, a price), naming the field.
        return $this->request('jc_invoke_typed', $method, $arguments + $fields);
    }

    /**
     * {@see run()} for methods whose result is an array (a list or a record).
     *
     * @param array<string, mixed> $arguments
     * @param array<string, mixed> $fields
     *
     * @return array<array-key, mixed>
     */
    private function runArray(string $method, array $arguments, array $fields = []): array
    {
        $result = $this->run($method, $arguments, $fields);
        if (!\is_array($result)) {
            throw Traces::scrub(new BadResponseException("$method: expected a list or a record, got " . get_debug_type($result), 'JC_STATUS_BAD_RESPONSE', $method));
        }

        return $result;
    }

    /**
     * Runs `$function` — `jc_call`, `jc_call_v2`, `jc_invoke` or `jc_invoke_typed`, which
     * share one signature (client, method, params JSON, `char **out`, `size_t *out_len`,
     * err) — and decodes the owned JSON result; with the extension loaded, its method of
     * the same name instead.
     *
     * @param array<array-key, mixed> $params
     */
    private function request(string $function, string $method, array $params): mixed
    {
        return $this->backend(
            $method,
            fn (Ext\Client $ext): mixed => match ($function) {
                'jc_invoke' => $ext->invoke($method, $params),
                'jc_invoke_typed' => $ext->invokeTyped($method, $params),
                'jc_call' => $ext->call($method, $params),
                'jc_call_v2' => $ext->callV2($method, $params),
            },
            function () use ($function, $method, $params): mixed {
                $json = Json::encode($params, $this->native->floatText(...));
                $ffi = $this->native->ffi;

                return Json::decode($this->native->takeString(
                    $method,
                    fn (CData $out, CData $len): int => $ffi->$function(
                        $this->handle,
                        $method,
                        \strlen($method),
                        $json,
                        \strlen($json),
                        $out,
                        $len,
                        $this->native->error(),
                    ),
                ));
            },
        );
    }

    /**
     * Runs `$viaExtension` when the extension is loaded and `$viaFfi` otherwise: the one
     * place a call picks its backend, turns the extension's errors into this package's
     * exceptions and scrubs arguments from the trace.
     *
     * @param \Closure(Ext\Client): mixed $viaExtension
     * @param \Closure(): mixed            $viaFfi
     */
    private function backend(string $method, \Closure $viaExtension, \Closure $viaFfi): mixed
    {
        try {
            if ($this->ext !== null) {
                try {
                    return $viaExtension($this->ext);
                } catch (Ext\Error $e) {
                    throw Backend::fromExtension($e, $method);
                }
            }

            return $viaFfi();
        } catch (\Throwable $e) {
            throw Traces::scrub($e);
        }
    }
}
