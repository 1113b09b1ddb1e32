<?php

declare(strict_types=1);

namespace JustClick;

/**
 * The call was refused before anything was sent: a required field is missing, an
 * option is unknown or malformed, a string is not UTF-8, or a key has a shape PHP would
 * rewrite on the server (`.`, space or `[` in a top-level key, an empty key, more than
 * 1000 leaves), which would otherwise end in a confusing "incorrect hash" (code 4).
 */
class InvalidArgumentException extends JustClickException
{
}
