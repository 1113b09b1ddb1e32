<?php

declare(strict_types=1);

namespace JustClick;

/**
 * No answer came back: the connection failed, was refused or dropped, or (see the
 * subclasses) it timed out or TLS failed. The retryable family: trying again later may
 * succeed (for writes, only where repeating the request is harmless). An answer that
 * arrived but is not a JustClick envelope is a {@see BadResponseException}, not one of
 * these. `getHttpStatus()` is set when a response had begun to arrive.
 */
class TransportException extends JustClickException
{
}
