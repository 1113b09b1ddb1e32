<?php
/*
 * Signing in PHP for bench/run, timed in rounds like the other languages:
 *   php sign.php native PARAMS_JSON_FILE ITERATIONS ROUNDS
 *     the vendor sample's GetHash: md5(http_build_query($params) . "::login::secret")
 *   php -d ffi.enable=1 sign.php ffi PARAMS_JSON_FILE ITERATIONS ROUNDS
 *     JustClick\Hash::get (the PHP FFI package; JUSTCLICK_LIB names the library)
 *   php -d extension=/path/justclick.so sign.php ext PARAMS_JSON_FILE ITERATIONS ROUNDS
 *     JustClick\Hash::get on the justclick extension (bindings/php-ext)
 *   php sign.php md5 PARAMS_JSON_FILE ITERATIONS ROUNDS
 *     PHP's md5() alone over the bytes GetHash hashes (PHP's own floor)
 * Prints the nanoseconds per call of each round, space-separated, on one line.
 */

declare(strict_types=1);

[$_, $mode, $file, $iters, $rounds] = $argv;
$params = json_decode(file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
$iters = (int) $iters;
$rounds = (int) $rounds;
$login = 'username';
$secret = '0123456789abcdef0123456789abcdef01234567';

// The vendor sample's GetHash, with the sample's own argument shape.
function GetHash($params, $user_rs)
{
    $params = http_build_query($params);
    $user_id = $user_rs['user_id'];
    $secret = $user_rs['user_rps_key'];
    $params = "$params::$user_id::$secret";
    return md5($params);
}

switch ($mode) {
    case 'native':
        $user_rs = ['user_id' => $login, 'user_rps_key' => $secret];
        $f = static fn () => GetHash($params, $user_rs);
        break;
    case 'ffi':
        require __DIR__ . '/../../bindings/php/autoload.php';
        $f = static fn () => \JustClick\Hash::get($params, $login, $secret);
        break;
    case 'ext':
        if (!extension_loaded('justclick')) {
            fwrite(STDERR, "ext: the justclick extension is not loaded\n");
            exit(2);
        }
        require __DIR__ . '/../../bindings/php/autoload.php';
        $f = static fn () => \JustClick\Hash::get($params, $login, $secret);
        break;
    case 'md5':
        $bytes = http_build_query($params) . "::$login::$secret";
        $f = static fn () => md5($bytes);
        break;
    default:
        fwrite(STDERR, "unknown mode $mode\n");
        exit(2);
}

$expected = GetHash($params, ['user_id' => $login, 'user_rps_key' => $secret]);
if ($mode !== 'md5' && $f() !== $expected) {
    fwrite(STDERR, "$mode: hash differs from GetHash\n");
    exit(1);
}
$out = [];
for ($r = 0; $r < $rounds; $r++) {
    $t = hrtime(true);
    for ($i = 0; $i < $iters; $i++) {
        $f();
    }
    $out[] = sprintf('%.1f', (hrtime(true) - $t) / $iters);
}
echo implode(' ', $out), "\n";
