<?php
/*
 * Sequential DeleteSubscribe calls through the PHP package (one JustClick\Client,
 * reused), for bench/run. Run with `php -d ffi.enable=1` (FFI; JUSTCLICK_LIB names the
 * library) or with `php -d extension=/path/justclick.so` (the package then uses the extension).
 *   php ffi_calls.php delete-subscribe BASE_URL CA_FILE|- LOGIN GROUP EMAIL_FORMAT FIRST COUNT WARMUP
 * EMAIL_FORMAT holds one %d. The secret comes from JUSTCLICK_SECRET. Prints the
 * nanoseconds of each timed call, space-separated, on one line.
 */

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/autoload.php';

[$_, $mode, $base, $ca, $login, $group, $fmt, $first, $count, $warmup] = $argv;
if ($mode !== 'delete-subscribe') {
    fwrite(STDERR, "usage: see the top of ffi_calls.php\n");
    exit(2);
}
$options = ['base_url' => $base];
if ($ca !== '-') {
    $options['ca_file'] = $ca;
}
$client = new JustClick\Client($login, (string) getenv('JUSTCLICK_SECRET'), $options);
[$first, $count, $warmup] = [(int) $first, (int) $count, (int) $warmup];
$out = [];
for ($i = 0; $i < $warmup + $count; $i++) {
    $email = sprintf($fmt, $first + $i);
    $t = hrtime(true);
    $client->deleteSubscribe($email, $group);
    $dt = hrtime(true) - $t;
    if ($i >= $warmup) {
        $out[] = $dt;
    }
}
echo implode(' ', $out), "\n";
