<?php
// Reference verifier: checks a JustClick API 1.0 request signature with PHP's own
// $_POST parsing, http_build_query and md5, as the JustClick server does.
//
// Run:   php -S 127.0.0.1:PORT tests/php-reference/verify.php
// Env:   JC_LOGIN (default "demo"), JC_SECRET (default the sandbox's demo secret).
//
// POST /verify  -> {"error_code":0|1|2|4,"error_text":...,"query":<rebuilt query>}
//                  in the server's order: 2 no fields, 1 no hash, 4 wrong hash.
// POST /echo    -> {"post":<$_POST as JSON>,"query":http_build_query($_POST)}
//                  (lets tests compare their $_POST parser with PHP's).

$login = getenv('JC_LOGIN') ?: 'demo';
$secret = getenv('JC_SECRET') ?: 'demo-secret-0123456789abcdef0123456789ab';
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

header('Content-Type: application/json');
$flags = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE;

if ($path === '/echo') {
    $post = $_POST;
    echo json_encode(['post' => empty($post) ? new stdClass() : $post, 'query' => http_build_query($post)], $flags);
    return;
}

if ($path !== '/verify') {
    http_response_code(404);
    echo json_encode(['error' => 'unknown path']);
    return;
}

$post = $_POST;
if (empty($post)) {
    echo json_encode(['error_code' => 2, 'error_text' => 'No transmitted data']);
    return;
}
$hash = $post['hash'] ?? '';
unset($post['hash']);
if (empty($hash)) {
    echo json_encode(['error_code' => 1, 'error_text' => 'Not transferred hash']);
    return;
}
$query = http_build_query($post);
$expected = md5("{$query}::{$login}::{$secret}");
$ok = is_string($hash) && hash_equals($expected, $hash);
echo json_encode([
    'error_code' => $ok ? 0 : 4,
    'error_text' => $ok ? 'OK' : 'Incorrect hash',
    'query' => $query,
], $flags);
