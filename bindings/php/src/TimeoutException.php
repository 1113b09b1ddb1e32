<?php

declare(strict_types=1);

namespace JustClick;

/** The connect or total timeout (`connect_timeout_ms`, `timeout_ms`) ran out. */
class TimeoutException extends TransportException
{
}
