<?php

declare(strict_types=1);

namespace JustClick;

/**
 * JustClick answered with a genuine (signature-checked) error: `error_code` is not 0.
 *
 * `getMessage()` is the server's own `error_text`, unchanged; `getApiCode()` (also
 * `getCode()`) is its `error_code`: 4 for "incorrect hash", 801 for an unknown contact in
 * DeleteSubscribe, 8 for the rate limit, and so on (see the README's code table).
 * Branch on the code, never on the text: the server's texts vary in case and carry
 * details such as the caller's IP.
 */
class ApiException extends JustClickException
{
    // The documented codes most programs branch on (the full table, with descriptions,
    // is the library's: {@see describe()}).
    public const NO_HASH = 1;
    public const NO_DATA = 2;
    public const WRONG_DATA = 3;
    public const INCORRECT_HASH = 4;
    public const INVALID_USER = 5;
    public const IP_DENIED = 6;
    public const ACCOUNT_DISABLED = 7;
    public const RATE_LIMIT = 8;
    public const EMAIL_MISSING = 100;
    public const ALREADY_SUBSCRIBED = 102;
    public const NO_SUCH_GROUP = 103;
    public const ORDER_NOT_FOUND = 400;
    public const SUBSCRIBER_NOT_FOUND = 500;
    public const ORDER_EXISTS = 601;
    public const ORDERS_DISABLED = 606;
    public const NO_PRODUCTS = 700;
    public const UNSUBSCRIBE_NO_GROUP = 800;
    public const UNSUBSCRIBE_NO_SUBSCRIBER = 801;
    public const PARTNER_NOT_FOUND = 1000;

    public function __construct(
        string $serverText,
        private readonly int $apiCode,
        ?string $method = null,
        ?int $httpStatus = null,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($serverText, 'JC_STATUS_API_ERROR', $method, $httpStatus, $apiCode, $previous);
    }

    /** JustClick's `error_code` (never 0). */
    public function getApiCode(): int
    {
        return $this->apiCode;
    }

    /**
     * What this error's code means, from the library's table (`'en'` or `'ru'`), for logs
     * and users; null for a code the documentation does not list. The server's own text is
     * {@see getMessage()}.
     */
    public function getDescription(string $lang = 'en'): ?string
    {
        return self::describe($this->apiCode, $this->getMethod(), $lang);
    }

    /**
     * What JustClick's `error_code` `$code` means when `$method` returns it (codes 300-303
     * differ between product and order methods), in English (`'en'`) or Russian (`'ru'`):
     * the library's table (`jc_api_code_description`); null for an undocumented code.
     *
     * @throws InvalidArgumentException for a language other than `en` and `ru`
     */
    public static function describe(int $code, ?string $method = null, string $lang = 'en'): ?string
    {
        if ($lang !== 'en' && $lang !== 'ru') {
            throw new InvalidArgumentException("describe(): language '$lang' is not 'en' or 'ru'", 'JC_STATUS_INVALID_ARGUMENT');
        }
        if (Backend::extension()) {
            return Ext\Lib::codeDescription($code, $method, $lang === 'ru');
        }
        $ffi = Native::shared()->ffi;
        $text = $ffi->jc_api_code_description($method, $method === null ? 0 : \strlen($method), $code, $lang === 'ru');

        return $text === null ? null : (string) $text;
    }
}
