<?php

// Run by PreloadTest under various ffi.enable / opcache.preload settings: says whether
// the package was preloaded, then signs one request with it.

echo class_exists('JustClick\Hash', false) ? "preloaded\n" : "not preloaded\n";
require __DIR__ . '/../../autoload.php';
try {
    echo JustClick\Hash::get(['lead_email' => 'a@b.c', 'rass_name' => 'super'], 'demo', 'secret'), "\n";
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
