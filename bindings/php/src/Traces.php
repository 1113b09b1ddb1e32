<?php

declare(strict_types=1);

namespace JustClick;

/**
 * Keeps secrets out of exception traces. PHP records the arguments of every frame when
 * `zend.exception_ignore_args=0` (the usual development setting); `#[\SensitiveParameter]`
 * hides only marked scalars, and only from PHP 8.2. So every public entry point of this
 * package passes what it throws through {@see scrub()}, which removes the arguments of
 * each frame this package is part of: calls into it (`JustClick\…` methods, whose
 * arguments hold the secret, the API key in `$options`, the parameters), and calls made
 * from its files (`FFI->jc_client_new(…)`, `json_encode(…)`, internal closures, whose
 * bound variables `print_r` would show). Frames of your own code keep their arguments.
 *
 * @internal
 */
final class Traces
{
    /** What replaces the arguments of a scrubbed frame. */
    public const MARK = '[hidden by JustClick]';

    /** @var array<class-string, \ReflectionProperty> */
    private static array $trace = [];

    /**
     * `$e`, and every exception in its `previous` chain, with the arguments of this
     * package's frames removed; returned for `throw Traces::scrub($e)`.
     */
    public static function scrub(\Throwable $e): \Throwable
    {
        for ($t = $e, $seen = 0; $t !== null && $seen < 32; $t = $t->getPrevious(), ++$seen) {
            $base = $t instanceof \Exception ? \Exception::class : \Error::class;
            $property = self::$trace[$base] ??= new \ReflectionProperty($base, 'trace');
            $frames = $property->getValue($t);
            if (!\is_array($frames)) {
                continue;
            }
            $changed = false;
            foreach ($frames as $i => $frame) {
                if (isset($frame['args']) && \is_array($frame) && self::ours($frame)) {
                    $frames[$i]['args'] = [self::MARK];
                    $changed = true;
                }
            }
            if ($changed) {
                $property->setValue($t, $frames);
            }
        }

        return $e;
    }

    /**
     * Whether a frame is a call into this package or a call made from its files.
     *
     * @param array<array-key, mixed> $frame
     */
    private static function ours(array $frame): bool
    {
        $class = $frame['class'] ?? '';
        if (\is_string($class) && str_starts_with($class, __NAMESPACE__ . '\\')) {
            return true;
        }
        $file = $frame['file'] ?? '';

        return \is_string($file) && str_starts_with($file, __DIR__ . \DIRECTORY_SEPARATOR);
    }
}
