<?php

declare(strict_types=1);

namespace JustClick;

/**
 * No usable answer came back: the connection failed, was refused or dropped, or (see
 * the subclasses) it timed out, TLS failed, or the body was not a JustClick answer.
 * `getHttpStatus()` is set when a response arrived.
 */
class TransportException extends JustClickException
{
}
