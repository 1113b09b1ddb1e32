<?php

// Child process of SecretTracesTest, run with -d zend.exception_ignore_args=0: makes every
// public entry point of the package throw, prints each exception the ways developers see
// them (string form, print_r/var_export of getTrace(), the previous chain), then lets one
// exception escape uncaught. The test searches the output for the secret and API key.

declare(strict_types=1);

require __DIR__ . '/../../autoload.php';

use JustClick\Client;
use JustClick\Hash;
use JustClick\Notification;
use JustClick\Traces;

const SECRET = 'S3cr3t-never-in-traces';
const API_KEY = 'ApiK3y-never-in-traces';
const DEAD = 'http://127.0.0.1:1/api/'; // nothing listens on port 1: every call fails fast

if (ini_get('zend.exception_ignore_args') !== '0') {
    echo "SETUP: run with -d zend.exception_ignore_args=0\n";
    exit(2);
}

$attempts = [
    'Client::__construct unknown option' => static fn () => new Client('shop', SECRET, ['api_key' => API_KEY, 'bogus' => 1]),
    'Client::__construct bad value' => static fn () => new Client('shop', SECRET, ['api_key' => API_KEY, 'timeout_ms' => -5]),
    'Client::__construct non-UTF-8 option' => static fn () => new Client('shop', SECRET, ['api_key' => API_KEY, 'base_url' => "\xff"]),
    'Client::__construct object option' => static fn () => new Client('shop', SECRET, ['api_key' => API_KEY, 'domain' => new DateTime()]),
    'Client::__construct missing library' => static fn () => new Client('shop', SECRET, ['api_key' => API_KEY, 'library' => '/nonexistent/libjustclick.so']),
    'Client::__construct empty login' => static fn () => new Client('', SECRET, ['api_key' => API_KEY]),
    'Client::call transport' => static fn () => client()->call('GetAllGroups', ['x' => SECRET . '-is-not-a-param']),
    'Client::callV2 transport' => static fn () => client()->callV2('getalllists'),
    'Client::invoke missing field' => static fn () => client()->invoke('DeleteSubscribe', []),
    'Client::invoke transport' => static fn () => client()->invoke('GetAllGroups'),
    'Client named method transport' => static fn () => client()->deleteSubscribe('a@example.com', 'g'),
    'Client named method repeated argument' => static fn () => client()->updateSubscriberData('a@example.com', ['lead_email' => 'b@example.com']),
    'Client named method object field' => static fn () => client()->addLeadToGroup('g', 'a@example.com', ['lead_name' => new ArrayObject(['k' => 'v'])]),
    'Client getCountSubscribe transport' => static fn () => client()->getCountSubscribe('all'),
    'Client getAllLists transport' => static fn () => client()->getAllLists(),
    'Client addUpdateLead non-UTF-8' => static fn () => client()->addUpdateLead(['lead_email' => "\xff"]),
    'Hash::get object' => static fn () => Hash::get(['a' => new DateTime()], 'shop', SECRET),
    'Hash::get non-UTF-8' => static fn () => Hash::get(['a' => "\xfe"], 'shop', SECRET),
    'Hash::get bad key' => static fn () => Hash::get(['a.b' => 1], 'shop', SECRET),
    'Hash::check non-UTF-8 secret' => static fn () => Hash::check('{"error_code":0,"error_text":"","hash":"x"}', SECRET . "\xff"),
    'Hash::query object' => static fn () => Hash::query(['a' => static fn () => 1]),
    'Notification::verify bad hash' => static fn () => Notification::verify('id=1&email=a%40b.c&paid=1&hash=00', SECRET),
    'Notification::verify array' => static fn () => Notification::verify(['id' => '1', 'hash' => 'x'], SECRET),
    'Notification::verify empty body' => static fn () => Notification::verify('', SECRET),
];

function client(): Client
{
    return new Client('shop', SECRET, ['api_key' => API_KEY, 'base_url' => DEAD, 'max_retries' => 0, 'timeout_ms' => 2000]);
}

foreach ($attempts as $label => $attempt) {
    try {
        $attempt();
        echo "NO-THROW: $label\n";
    } catch (Throwable $e) {
        echo "=== $label: ", $e::class, "\n", $e, "\n";
        for ($t = $e; $t !== null; $t = $t->getPrevious()) {
            $trace = $t->getTrace();
            echo print_r($trace, true), "\n";
            echo var_export($trace, true), "\n";
            foreach ($trace as $frame) {
                $ours = str_starts_with($frame['class'] ?? '', 'JustClick\\')
                    || str_starts_with($frame['file'] ?? '', dirname(__DIR__, 2) . '/src/');
                if ($ours && isset($frame['args']) && $frame['args'] !== [Traces::MARK]) {
                    echo "ARGS-KEPT: $label: ", $frame['class'] ?? '', $frame['type'] ?? '', $frame['function'], "\n";
                }
            }
        }
    }
}
echo "DONE ", \count($attempts), "\n";

// Uncaught: PHP prints it with its trace (display_errors=1, to stdout for the CLI).
new Client('shop', SECRET, ['api_key' => API_KEY, 'bogus' => 1]);
