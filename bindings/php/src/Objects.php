<?php

declare(strict_types=1);

namespace JustClick;

/**
 * The one rule for objects inside request parameters, applied before any backend (FFI or
 * the extension) sees them: an object is sent as PHP's `http_build_query` sends it, or
 * refused.
 *
 * - `stdClass` and plain objects of your own classes become their public, initialised
 *   properties, in the order PHP walks them (declared, then dynamic) — exactly the
 *   `key[prop]=value` pairs `http_build_query` writes;
 * - objects whose meaning `http_build_query` does not keep are refused with an
 *   {@see InvalidArgumentException} naming the key: `DateTime` (PHP sends nothing),
 *   `ArrayObject` and other `Traversable`s (nothing, or only declared properties),
 *   `Closure` (nothing), enums (`[name]`/`[value]` pairs), `JsonSerializable` and
 *   `Stringable` (their public properties, not what `jsonSerialize()`/`__toString()`
 *   return), and any object of a built-in class or of a class extending one. Pass the
 *   value you mean instead: `$date->format('d.m.Y')`, `(string) $name`, `$enum->value`,
 *   `iterator_to_array($list)`.
 *
 * @internal used by {@see Json::encode()}; public for the extension backend and tests
 */
final class Objects
{
    /** Nesting depth at which a structure is taken for a reference cycle. */
    private const MAX_DEPTH = 64;

    /**
     * `$params` with every object replaced by the array of what PHP would send for it,
     * and with `$float`, every float replaced by `$float($value)` (its text).
     *
     * @param array<array-key, mixed>  $params
     * @param (\Closure(float): string)|null $float
     *
     * @return array<array-key, mixed>
     *
     * @throws InvalidArgumentException for an object PHP would not send as its meaning,
     *                                  naming its key (`lead_name`, `utm[source]`)
     */
    public static function normalise(array $params, ?\Closure $float = null): array
    {
        return self::walk($params, '', 0, $float);
    }

    /**
     * @param array<array-key, mixed>  $value
     * @param (\Closure(float): string)|null $float
     *
     * @return array<array-key, mixed>
     */
    private static function walk(array $value, string $path, int $depth, ?\Closure $float): array
    {
        if ($depth > self::MAX_DEPTH) {
            throw new InvalidArgumentException(
                "parameter '$path' nests deeper than " . self::MAX_DEPTH . ' levels (a reference cycle?)',
                'JC_STATUS_INVALID_ARGUMENT',
            );
        }
        foreach ($value as $key => $item) {
            if (\is_array($item)) {
                $value[$key] = self::walk($item, self::path($path, $key), $depth + 1, $float);
            } elseif (\is_object($item)) {
                $at = self::path($path, $key);
                $value[$key] = self::walk(self::properties($item, $at), $at, $depth + 1, $float);
            } elseif ($float !== null && \is_float($item)) {
                $value[$key] = $float($item);
            }
        }

        return $value;
    }

    /**
     * The public properties `http_build_query` would send for `$object` at `$path`.
     *
     * @return array<array-key, mixed>
     */
    private static function properties(object $object, string $path): array
    {
        $refused = self::refusal($object);
        if ($refused !== null) {
            throw new InvalidArgumentException(
                "parameter '$path' is " . $refused . '; pass a string, number, bool, array or plain object',
                'JC_STATUS_INVALID_ARGUMENT',
            );
        }

        // Called from outside the object's class: public properties only, uninitialised
        // typed properties skipped — as http_build_query walks an object.
        return get_object_vars($object);
    }

    /** Why `$object` is refused (a phrase naming its kind and the fix), or null when it is sent. */
    private static function refusal(object $object): ?string
    {
        $class = $object::class;
        if ($object instanceof \UnitEnum) {
            return "the enum case $class::{$object->name} (send ->value or ->name)";
        }
        if ($object instanceof \DateTimeInterface) {
            return "a $class (send \$date->format('d.m.Y') or a timestamp, as the field expects)";
        }
        if ($object instanceof \Closure) {
            return 'a Closure (call it and pass its result)';
        }
        if ($object instanceof \JsonSerializable) {
            return "a JsonSerializable $class, which http_build_query sends as its public properties, "
                . 'not jsonSerialize() (pass $object->jsonSerialize())';
        }
        if ($object instanceof \Stringable) {
            return "a Stringable $class, which http_build_query sends as its public properties, "
                . 'not its string (pass (string) $object)';
        }
        if ($object instanceof \Traversable) {
            return "a Traversable $class, whose items http_build_query does not send (pass iterator_to_array(\$object))";
        }
        if ($object instanceof \stdClass && $class === \stdClass::class) {
            return null;
        }
        for ($c = new \ReflectionClass($object); $c !== false; $c = $c->getParentClass()) {
            if ($c->isInternal()) {
                return "an object of the built-in class {$c->getName()}"
                    . ($c->getName() === $class ? '' : " (via $class)")
                    . ', whose data http_build_query does not send';
            }
        }

        return null;
    }

    /** `$path` extended by `$key` as http_build_query spells it: `a`, `a[b]`, `a[b][0]`. */
    private static function path(string $path, int|string $key): string
    {
        return $path === '' ? (string) $key : "{$path}[$key]";
    }
}
