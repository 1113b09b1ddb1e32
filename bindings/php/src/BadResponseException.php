<?php

declare(strict_types=1);

namespace JustClick;

/**
 * An answer arrived but is not a JustClick JSON envelope: an HTML error page (e.g. a 502
 * from a proxy), an empty, truncated or oversize body, or an unexpected redirect.
 * `getHttpStatus()` tells which HTTP status came with it.
 *
 * Not a {@see TransportException}: the server did answer, so retrying the same request
 * later is not the remedy a `catch (TransportException)` retry loop assumes (and the
 * answer may mean the request was applied).
 */
class BadResponseException extends JustClickException
{
}
