<?php

// Run by HandshakeTest in a child PHP: builds a client against the sandbox and makes a
// call, then signs with Hash::get, printing the class and message of what each throws.

require __DIR__ . '/../../autoload.php';
[, $baseUrl, $secret] = $argv;
foreach ([
    'client' => static function () use ($baseUrl, $secret): void {
        (new JustClick\Client('demo', $secret, ['base_url' => $baseUrl]))->deleteSubscribe('drift@example.com', 'super');
    },
    'hash' => static fn () => JustClick\Hash::get(['a' => 1], 'demo', $secret),
] as $what => $run) {
    try {
        $run();
        echo "$what: ok\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
