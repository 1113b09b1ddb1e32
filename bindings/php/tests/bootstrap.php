<?php

declare(strict_types=1);

error_reporting(E_ALL);
ini_set('display_errors', '1');

require __DIR__ . '/../autoload.php';
require __DIR__ . '/Vendor/vendor_sample.php';

spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'JustClick\\Tests\\')) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, \strlen('JustClick\\Tests\\'))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
