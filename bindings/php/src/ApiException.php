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
}
