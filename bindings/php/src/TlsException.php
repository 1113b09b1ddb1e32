<?php

declare(strict_types=1);

namespace JustClick;

/**
 * The TLS handshake failed, most often because the server's certificate is not trusted
 * (pass your CA with the `ca_file` option). Certificate checks cannot be switched off.
 */
class TlsException extends TransportException
{
}
