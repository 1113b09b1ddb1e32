<?php

// Run by PreloadTest under various ffi.enable / opcache.preload settings: says whether
// the package was preloaded, then signs one request with it.

echo class_exists('JustClick\Hash', false) ? "preloaded\n" : "not preloaded\n";
require __DIR__ . '/../../autoload.php';
try {
    echo JustClick\Hash::get(['lead_email' => 'a@b.c', 'rass_name' => 'super'], 'demo', 'secret'), "\n";
    // A whole client call (handle, error slot, owned strings): nothing listens on port 9.
    $client = new JustClick\Client('demo', 'secret', ['base_url' => 'http://127.0.0.1:9/api/', 'max_retries' => 0]);
    $client->getAllGroups();
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
