<?php

declare(strict_types=1);

namespace JustClick;

/**
 * Base class of every exception this package throws: one `catch (JustClickException $e)`
 * handles them all.
 *
 * Thrown as is for failures that fit no subclass: the library could not be loaded, or
 * the library reported an internal error (a caught panic). The subclasses say more.
 */
class JustClickException extends \RuntimeException
{
    /**
     * @param string      $message    readable text; never contains the secret
     * @param string|null $status     the C library's status name (`JC_STATUS_…`), null when
     *                                the failure happened before the library was called
     * @param string|null $method     the API method being called, if any
     * @param int|null    $httpStatus the HTTP status of the response, if one arrived
     */
    public function __construct(
        string $message,
        private readonly ?string $status = null,
        private readonly ?string $method = null,
        private readonly ?int $httpStatus = null,
        int $code = 0,
        ?\Throwable $previous = null,
    ) {
        parent::__construct($message, $code, $previous);
    }

    /** The C library's status name, e.g. `JC_STATUS_TRANSPORT`; null if the library was not reached. */
    public function getStatus(): ?string
    {
        return $this->status;
    }

    /** The API method the failed call was for (`DeleteSubscribe`, `getalllists`…), if any. */
    public function getMethod(): ?string
    {
        return $this->method;
    }

    /** The HTTP status of the server's answer, or null when no answer arrived. */
    public function getHttpStatus(): ?int
    {
        return $this->httpStatus;
    }
}
