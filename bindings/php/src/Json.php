<?php

declare(strict_types=1);

namespace JustClick;

/**
 * JSON between PHP values and the C library, which takes parameters as order-preserving
 * JSON: a PHP list becomes a JSON array, any other array a JSON object, in the same order
 * `http_build_query` would walk it.
 *
 * @internal
 */
final class Json
{
    private const ENCODE = JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_PRESERVE_ZERO_FRACTION;

    /**
     * Encodes request parameters.
     *
     * @param array<array-key, mixed>|object $params
     *
     * Objects inside are first replaced by what `http_build_query` sends for them, or
     * refused ({@see Objects}).
     *
     * @throws InvalidArgumentException for objects http_build_query would not send as
     *                                  meant, and for values JSON cannot carry (non-UTF-8
     *                                  strings, INF/NAN, resources, recursion)
     */
    public static function encode(array|object $params): string
    {
        if (\is_array($params)) {
            $params = Objects::normalise($params);
        }
        try {
            return json_encode($params, self::ENCODE);
        } catch (\JsonException $e) {
            throw new InvalidArgumentException(
                'parameters cannot be passed to JustClick: ' . $e->getMessage()
                . ' (strings must be UTF-8; numbers finite)',
                previous: $e,
            );
        }
    }

    /**
     * Decodes a result the library produced (always valid JSON) into PHP arrays.
     */
    public static function decode(string $json): mixed
    {
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
    }
}
