<?php

/**
 * The page php-fpm serves in fpm/run: unsubscribes a contact from the sandbox through the
 * justclick extension (after subscribing it, so that every request has something to
 * undo), with the Composer package's public API, as a site would. Answers one JSON line
 * with this worker's pid and resident memory.
 */

declare(strict_types=1);

header('Content-Type: application/json');
$out = [
    'extension' => extension_loaded('justclick'),
    'ffi_enable' => ini_get('ffi.enable'),
    'preloaded' => class_exists('JustClick\\Client', false),
    'pid' => getmypid(),
];
require getenv('JUSTCLICK_PACKAGE') . '/autoload.php';
try {
    $sandbox = json_decode((string) file_get_contents(getenv('JUSTCLICK_SANDBOX_READY')), true, 512, JSON_THROW_ON_ERROR);
    $client = new JustClick\Client($sandbox['login'], getenv('JUSTCLICK_SANDBOX_SECRET') ?: 'demo-secret-0123456789abcdef0123456789ab', [
        'base_url' => $sandbox['base_url'],
    ]);
    $email = (string) ($_GET['email'] ?? 'fpm@example.com');
    $client->addLeadToGroup('super', $email, ['lead_name' => 'FPM', 'utm' => ['utm_source' => 'fpm']]);
    $client->deleteSubscribe($email, 'super');
    $out['ok'] = true;
} catch (Throwable $e) {
    http_response_code(500);
    $out['ok'] = false;
    $out['error'] = get_class($e) . ': ' . $e->getMessage();
}
preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $m);
$out['rss_kb'] = (int) ($m[1] ?? 0);
echo json_encode($out), "\n";
