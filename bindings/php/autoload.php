<?php

/**
 * Autoloader for projects that do not use Composer (most users of the vendor's sample
 * code paste it into a plain PHP site): `require '/path/to/justclick/autoload.php';`.
 * With Composer, use vendor/autoload.php instead; it maps the same namespace.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'JustClick\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, \strlen('JustClick\\'))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
