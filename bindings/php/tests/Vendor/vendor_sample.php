<?php

/*
 * The JustClick vendor's sample functions (help.justclick.ru, "DeleteSubscribe" and the
 * other API pages), copied faithfully for side-by-side tests: same bodies, same loose
 * `==`, same CURLOPT_SSL_VERIFYPEER = FALSE, no timeout. Only a namespace was added, so
 * that loading them cannot collide with anybody else's pasted copy (the "cannot
 * redeclare GetHash()" fatal error seen in WordPress plugins). Comments translated.
 *
 * DO NOT USE THIS CODE: it exists to show what the package fixes.
 */

namespace JustClick\Tests\Vendor;

// Sends a request to the service API
function Send($url, $data)
{
    $ch = curl_init();
    curl_setopt($ch, CURLOPT_URL, $url);
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($data));
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, FALSE); // without it only http works; with it https works too
    $res = curl_exec($ch);
    curl_close($ch);
    return $res;
}

// Builds the signature of the data sent
function GetHash($params, $user_rs)
{
    $params = http_build_query($params);
    $user_id = $user_rs['user_id'];
    $secret = $user_rs['user_rps_key'];
    $params = "$params::$user_id::$secret";
    return md5($params);
}

// Checks the signature of the response received
function CheckHash($resp, $user_rs)
{
    $secret = $user_rs['user_rps_key'];
    $code = $resp->error_code;
    $text = $resp->error_text;
    $hash = md5("$code::$text::$secret");
    if ($hash == $resp->hash)
        return true; // the signature is right
    else
        return false; // the signature is wrong
}
