--TEST--
justclick: response and notification verification
--EXTENSIONS--
justclick
--FILE--
<?php
$secret = 'demo-secret-0123456789abcdef0123456789ab';
$genuine = json_encode(['error_code' => 0, 'error_text' => 'ok', 'hash' => md5("0::ok::$secret")]);
var_dump(JustClick\Ext\Lib::checkHash($genuine, $secret));
var_dump(JustClick\Ext\Lib::checkHash($genuine, 'another secret'));
var_dump(JustClick\Ext\Lib::checkHash('{"error_code":0,"error_text":"ok","hash":true}', $secret));
var_dump(JustClick\Ext\Lib::checkHash('not json', $secret));

$fields = ['id' => '42', 'email' => 'buyer@example.com', 'paid' => '1700000000'];
$body = http_build_query($fields + ['hash' => md5('42buyer@example.com1700000000' . $secret)]);
$n = JustClick\Ext\Lib::verifyNotification($body, $secret);
var_dump($n['kind'], $n['formula'], $n['fields']['id'], $n['fields']['email']);
try {
    JustClick\Ext\Lib::verifyNotification($body, 'another secret');
} catch (JustClick\Ext\Error $e) {
    var_dump($e->status);
}
?>
--EXPECT--
bool(true)
bool(false)
bool(false)
bool(false)
string(4) "paid"
string(13) "id.email.paid"
string(2) "42"
string(17) "buyer@example.com"
string(23) "JC_STATUS_BAD_SIGNATURE"
