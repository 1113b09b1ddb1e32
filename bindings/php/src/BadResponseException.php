<?php

declare(strict_types=1);

namespace JustClick;

/**
 * An answer arrived but is not a JustClick JSON envelope: an HTML error page (e.g. a 502
 * from a proxy), an empty, truncated or oversize body, or an unexpected redirect.
 * `getHttpStatus()` tells which HTTP status came with it.
 */
class BadResponseException extends TransportException
{
}
