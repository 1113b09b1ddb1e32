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
    /** What to do about text that is not UTF-8, appended to the messages naming it. */
    public const UTF8_HINT = "convert it with mb_convert_encoding(\$value, 'UTF-8', 'Windows-1251')";

    private const ENCODE = JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_PRESERVE_ZERO_FRACTION;

    /**
     * Encodes request parameters.
     *
     * @param array<array-key, mixed>|object $params
     * @param (\Closure(float): string)|null $float the text of a float in a query
     *                                            ({@see Native::floatText()}), for
     *                                            request parameters
     *
     * Objects inside are first replaced by what `http_build_query` sends for them, or
     * refused ({@see Objects}); with `$float`, floats by their text.
     *
     * @throws InvalidArgumentException for objects http_build_query would not send as
     *                                  meant, and for values JSON cannot carry (non-UTF-8
     *                                  strings, INF/NAN, resources, recursion)
     */
    public static function encode(array|object $params, ?\Closure $float = null): string
    {
        if (\is_array($params)) {
            $params = Objects::normalise($params, $float);
        }
        try {
            return json_encode($params, self::ENCODE);
        } catch (\JsonException $e) {
            $where = self::unsendable($params);
            throw new InvalidArgumentException(
                $where !== null
                    ? "parameter '{$where[0]}' {$where[1]}"
                    : 'parameters cannot be passed to JustClick: ' . $e->getMessage() . ' (strings must be UTF-8; numbers finite)',
                'JC_STATUS_INVALID_ARGUMENT',
            );
        }
    }

    /**
     * The key path of the first value JSON cannot carry, and what is wrong with it.
     *
     * @param array<array-key, mixed>|object $value
     *
     * @return array{string, string}|null
     */
    private static function unsendable(array|object $value, string $path = '', int $depth = 0): ?array
    {
        if ($depth > 64 || \is_object($value)) {
            return null;
        }
        foreach ($value as $key => $item) {
            $at = $path === '' ? (string) $key : "{$path}[$key]";
            if (\is_string($key) && preg_match('//u', $key) !== 1) {
                return [self::printable($at), 'has a name that is not UTF-8 (convert it with mb_convert_encoding($name, \'UTF-8\', \'Windows-1251\'))'];
            }
            if (\is_string($item) && preg_match('//u', $item) !== 1) {
                return [self::printable($at), 'is not UTF-8 text (JustClick works in UTF-8: ' . self::UTF8_HINT . ')'];
            }
            if (\is_float($item) && !is_finite($item)) {
                return [$at, 'is ' . var_export($item, true) . ', which cannot be sent (numbers must be finite)'];
            }
            if (\is_resource($item) || get_debug_type($item) === 'resource (closed)') {
                return [$at, 'is a resource, which cannot be sent'];
            }
            if (\is_array($item) && ($found = self::unsendable($item, $at, $depth + 1)) !== null) {
                return $found;
            }
        }

        return null;
    }

    /** `$s`, or when it is not UTF-8, `$s` with its non-ASCII bytes shown as `\xNN`. */
    private static function printable(string $s): string
    {
        if (preg_match('//u', $s) === 1) {
            return $s;
        }

        return (string) preg_replace_callback('/[\x80-\xff]/', static fn (array $m): string => \sprintf('\\x%02X', \ord($m[0])), $s);
    }

    /**
     * Decodes a result the library produced (always valid JSON) into PHP arrays.
     */
    public static function decode(string $json): mixed
    {
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
    }
}
