<?php
// Smoke test: include/justclick.h loads in PHP's FFI::cdef (every declared function is
// resolved in the library at load time, so a missing or renamed symbol fails here),
// bindings/php/justclick.ffi.h loads with FFI::load, and a few calls behave.
//
//   php -d ffi.enable=1 php_ffi_check.php HEADER FFI_HEADER LIBRARY
// (LD_LIBRARY_PATH must let dlopen find libjustclick.so for FFI::load.)

declare(strict_types=1);

[$self, $header, $ffiHeader, $library] = $argv + [null, null, null, null];
if ($library === null) {
    fwrite(STDERR, "usage: php_ffi_check.php HEADER FFI_HEADER LIBRARY\n");
    exit(2);
}

$failures = 0;
function check(bool $ok, string $what): void
{
    global $failures;
    echo ($ok ? '  ok      ' : '  FAILED  '), $what, "\n";
    $failures += $ok ? 0 : 1;
}

$ffi = FFI::cdef(file_get_contents($header), $library);
check(true, 'FFI::cdef parses include/justclick.h and resolves every function');
check(preg_match('/^\d+\.\d+\.\d+/', $ffi->jc_version()) === 1, 'jc_version() = ' . $ffi->jc_version());
check($ffi->JC_STATUS_OK === 0 && $ffi->JC_STATUS_BAD_SIGNATURE === 5000, 'enum constants are visible');
check($ffi->jc_status_str($ffi->JC_STATUS_API_ERROR) === 'JC_STATUS_API_ERROR', 'jc_status_str');
check($ffi->jc_status_str(424242) === 'JC_STATUS_UNKNOWN', 'jc_status_str of a non-status');

$err = $ffi->jc_error_new();
$out = $ffi->new('char *');
$len = $ffi->new('size_t');
$json = '{"lead_email":"user@example.com","rass_name":"super"}';
$status = $ffi->jc_build_query($json, strlen($json), FFI::addr($out), FFI::addr($len), $err);
$query = FFI::string($out, $len->cdata);
$ffi->jc_string_free($out);
check($status === $ffi->JC_STATUS_OK && $query === 'lead_email=user%40example.com&rass_name=super', "jc_build_query = $query");

$hash = $ffi->new('char[33]');
$secret = str_repeat('X', 40);
$status = $ffi->jc_get_hash($json, strlen($json), 'username', 8, $secret, strlen($secret), $hash, $err);
check($status === $ffi->JC_STATUS_OK && FFI::string($hash) === '8742ca5e2eadb2eb49caf5545d092e32', 'jc_get_hash (the seed example)');

$forged = '{"error_code":0,"error_text":"OK","hash":true}';
$status = $ffi->jc_check_hash($forged, strlen($forged), 'secret', 6, $err);
check($status === $ffi->JC_STATUS_BAD_SIGNATURE && $ffi->jc_error_message($err) !== '', 'jc_check_hash refuses "hash": true: ' . $ffi->jc_error_message($err));

$status = $ffi->jc_build_query(null, 5, FFI::addr($out), FFI::addr($len), $err);
check($status === $ffi->JC_STATUS_NULL_ARGUMENT, 'NULL with a length is JC_STATUS_NULL_ARGUMENT');
$bad = "{\"a\":\"\xff\"}";
$status = $ffi->jc_build_query($bad, strlen($bad), FFI::addr($out), FFI::addr($len), $err);
check($status === $ffi->JC_STATUS_INVALID_ARGUMENT && str_contains($ffi->jc_error_message($err), 'UTF-8'), 'invalid UTF-8 is JC_STATUS_INVALID_ARGUMENT');

$client = $ffi->new('jc_client *');
$opts = '{"base_uri":"x"}';
$status = $ffi->jc_client_new('shop', 4, 's', 1, $opts, strlen($opts), FFI::addr($client), $err);
check($status === $ffi->JC_STATUS_INVALID_ARGUMENT && str_contains($ffi->jc_error_message($err), 'base_uri'), 'unknown client option is named');
$status = $ffi->jc_client_new('shop', 4, 's', 1, null, 0, FFI::addr($client), $err);
check($status === $ffi->JC_STATUS_OK && !FFI::isNull($client), 'jc_client_new with NULL options');
$ffi->jc_client_free($client);
$ffi->jc_error_free($err);

$preload = FFI::load($ffiHeader);
check($preload instanceof FFI && $preload->jc_version() === $ffi->jc_version(), 'FFI::load of bindings/php/justclick.ffi.h (FFI_SCOPE/FFI_LIB)');

echo $failures === 0 ? "PHP FFI check: ok\n" : "PHP FFI check: $failures failed\n";
exit($failures === 0 ? 0 : 1);
