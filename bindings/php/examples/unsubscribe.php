<?php

/**
 * Unsubscribes a contact from a group: the job of the vendor's DeleteSubscribe sample,
 * done with this package (TLS verified, timeouts, the answer's signature checked
 * strictly, errors as exceptions).
 *
 *   export JUSTCLICK_LOGIN=demo JUSTCLICK_SECRET=...           # the account and its API secret
 *   export JUSTCLICK_BASE_URL=http://127.0.0.1:8080/api/       # optional: e.g. the sandbox
 *   php examples/unsubscribe.php user@example.com super
 *
 * Exit status: 0 unsubscribed, 1 JustClick refused (code and text printed), 2 anything
 * else (signature, network, configuration), 64 bad usage.
 */

declare(strict_types=1);

use JustClick\ApiException;
use JustClick\Client;
use JustClick\JustClickException;

$autoload = __DIR__ . '/../vendor/autoload.php';
require is_file($autoload) ? $autoload : __DIR__ . '/../autoload.php';

if ($argc !== 3) {
    fwrite(STDERR, "usage: php unsubscribe.php EMAIL GROUP   (JUSTCLICK_LOGIN, JUSTCLICK_SECRET in the environment)\n");
    exit(64);
}
[, $email, $group] = $argv;
$login = (string) getenv('JUSTCLICK_LOGIN');
$secret = (string) getenv('JUSTCLICK_SECRET'); // from the environment, never from the command line
$baseUrl = getenv('JUSTCLICK_BASE_URL');

try {
    $client = new Client($login, $secret, $baseUrl ? ['base_url' => $baseUrl] : []);
    $client->deleteSubscribe($email, $group);
    echo "$email unsubscribed from $group\n";
    exit(0);
} catch (ApiException $e) {
    // A genuine answer from JustClick: 800 unknown group, 801 unknown contact, …
    fwrite(STDERR, "JustClick error {$e->getApiCode()}: {$e->getMessage()}\n");
    exit(1);
} catch (JustClickException $e) {
    // A forged or unsigned answer, a network failure, a timeout, bad settings.
    fwrite(STDERR, (new ReflectionClass($e))->getShortName() . ": {$e->getMessage()}\n");
    exit(2);
}
