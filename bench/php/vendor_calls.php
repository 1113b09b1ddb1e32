<?php
/*
 * The vendor's sample code (help.justclick.ru: Send, GetHash, CheckHash), re-implemented
 * faithfully for bench/run, and sequential DeleteSubscribe calls through it: a NEW curl
 * handle per call, http_build_query body with `hash` appended, json_decode, CheckHash
 * with the sample's loose `==`, exactly as the sample does.
 *
 * One deliberate change for a fair comparison: TLS peer verification is ON against the
 * sandbox CA (CURLOPT_CAINFO) where the sample sets CURLOPT_SSL_VERIFYPEER = FALSE; our
 * clients always verify, so the vendor code is made to do the same work.
 *
 *   php vendor_calls.php delete-subscribe BASE_URL CA_FILE|- LOGIN GROUP EMAIL_FORMAT FIRST COUNT WARMUP
 *   php vendor_calls.php bulk BASE_URL CA_FILE|- LOGIN GROUP CSV_FILE
 *     (the sequential "PHP loop" of the bulk comparison: one call per CSV row; prints
 *      rows, seconds and rows/s as JSON)
 * EMAIL_FORMAT holds one %d. The secret comes from JUSTCLICK_SECRET. delete-subscribe
 * prints the nanoseconds of each timed call, space-separated, on one line.
 */

declare(strict_types=1);

// Sends a request to the service API (the sample's Send, plus the fairness change above).
function Send($url, $data)
{
    global $bench_ca;
    $ch = curl_init();
    curl_setopt($ch, CURLOPT_URL, $url);
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($data));
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    if ($bench_ca !== null) {
        // The sample: curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, FALSE);
        curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
        curl_setopt($ch, CURLOPT_CAINFO, $bench_ca);
    }
    $res = curl_exec($ch);
    curl_close($ch);
    return $res;
}

// Builds the signature of the data sent (the sample's GetHash).
function GetHash($params, $user_rs)
{
    $params = http_build_query($params);
    $user_id = $user_rs['user_id'];
    $secret = $user_rs['user_rps_key'];
    $params = "$params::$user_id::$secret";
    return md5($params);
}

// Checks the signature of the response received (the sample's CheckHash).
function CheckHash($resp, $user_rs)
{
    $secret = $user_rs['user_rps_key'];
    $code = $resp->error_code;
    $text = $resp->error_text;
    $hash = md5("$code::$text::$secret");
    if ($hash == $resp->hash)
        return true;
    else
        return false;
}

// The sample's DeleteSubscribe page, as a function: build, sign, send, decode, check.
function DeleteSubscribe($base, $user_rs, $email, $group)
{
    $send_data = array(
        'lead_email' => $email,
        'rass_name' => $group,
    );
    $send_data['hash'] = GetHash($send_data, $user_rs);
    $resp = json_decode(Send($base . 'DeleteSubscribe', $send_data));
    if (!CheckHash($resp, $user_rs)) {
        throw new RuntimeException("bad signature for $email");
    }
    if ($resp->error_code != 0) {
        throw new RuntimeException("error {$resp->error_code} for $email");
    }
}

$secret = getenv('JUSTCLICK_SECRET');
if ($secret === false) {
    fwrite(STDERR, "JUSTCLICK_SECRET is not set\n");
    exit(2);
}
$mode = $argv[1] ?? '';
[$base, $ca, $login, $group] = array_slice($argv, 2, 4);
$bench_ca = $ca === '-' ? null : $ca;
$user_rs = ['user_id' => $login, 'user_rps_key' => $secret];

if ($mode === 'delete-subscribe') {
    [$fmt, $first, $count, $warmup] = array_slice($argv, 6, 4);
    [$first, $count, $warmup] = [(int) $first, (int) $count, (int) $warmup];
    $out = [];
    for ($i = 0; $i < $warmup + $count; $i++) {
        $email = sprintf($fmt, $first + $i);
        $t = hrtime(true);
        DeleteSubscribe($base, $user_rs, $email, $group);
        $dt = hrtime(true) - $t;
        if ($i >= $warmup) {
            $out[] = $dt;
        }
    }
    echo implode(' ', $out), "\n";
} elseif ($mode === 'bulk') {
    $fh = fopen($argv[6], 'r');
    $header = fgetcsv($fh, null, ',', '"', '');
    $col = array_search('lead_email', $header, true);
    $rows = 0;
    $t = hrtime(true);
    while (($row = fgetcsv($fh, null, ',', '"', '')) !== false) {
        DeleteSubscribe($base, $user_rs, $row[$col], $group);
        $rows++;
    }
    $s = (hrtime(true) - $t) / 1e9;
    echo json_encode(['rows' => $rows, 'seconds' => $s, 'rows_per_s' => $rows / $s]), "\n";
} else {
    fwrite(STDERR, "usage: see the top of vendor_calls.php\n");
    exit(2);
}
