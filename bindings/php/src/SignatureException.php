<?php

declare(strict_types=1);

namespace JustClick;

/**
 * The response (or notification) is not signed with your secret: its `hash` is missing,
 * is not a 32-digit hex string (e.g. the JSON `true` that fools the vendor's loose `==`
 * check), or does not match. Nothing in such a response is trusted or returned.
 *
 * Kept apart from {@see TransportException} on purpose: a network failure is not
 * tampering, and tampering is not a network failure.
 */
class SignatureException extends JustClickException
{
}
