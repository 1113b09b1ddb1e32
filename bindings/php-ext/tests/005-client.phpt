--TEST--
justclick: JustClick\Ext\Client against the sandbox (invoke, call, callV2, deleteSubscribe, errors, clone)
--EXTENSIONS--
justclick
--SKIPIF--
<?php
$ready = getenv('JUSTCLICK_SANDBOX_READY');
if ($ready === false || !is_file($ready)) {
    echo 'skip JUSTCLICK_SANDBOX_READY is not set (bindings/php-ext/run-tests starts the sandbox)';
}
?>
--FILE--
<?php
$info = json_decode(file_get_contents(getenv('JUSTCLICK_SANDBOX_READY')), true);
$secret = getenv('JUSTCLICK_SANDBOX_SECRET') ?: 'demo-secret-0123456789abcdef0123456789ab';
$options = json_encode(['base_url' => $info['base_url'], 'max_retries' => 0]);
$client = new JustClick\Ext\Client($info['login'], $secret, $options);
$email = 'phpt-' . getmypid() . '-' . bin2hex(random_bytes(3)) . '@example.com';

var_dump($client->invoke('AddLeadToGroup', ['rid' => ['super'], 'lead_email' => $email, 'lead_name' => 'Тест', 'utm' => ['utm_source' => 'phpt']]));
$groups = $client->invoke('GetLeadGroupStatuses', ['email' => $email]);
var_dump($groups[0]['rass_name']);
var_dump($client->deleteSubscribe($email, 'super'));
try {
    $client->deleteSubscribe($email, 'super');
} catch (JustClick\Ext\Error $e) {
    var_dump($e->status, $e->apiCode, $e->method);
}
$all = $client->call('GetAllGroups');
var_dump(is_array($all) && count($all) > 0 && isset($all[0]['rass_name']));
$lists = $client->callV2('getalllists', []);
var_dump(is_array($lists));
// A clone shares the connection pool and outlives the original.
$copy = clone $client;
unset($client);
var_dump($copy->invoke('getcountsubscribe', ['group_name' => 'super']) >= 0);

// Objects and references go through invoke as through query().
$o = new stdClass();
$o->utm_source = 'object';
$copy->invoke('AddLeadToGroup', ['rid' => 'super', 'lead_email' => $email, 'utm' => $o]);
try {
    $copy->invoke('AddLeadToGroup', ['rid' => 'super', 'lead_email' => $email, 'when' => new DateTime()]);
} catch (JustClick\Ext\Error $e) {
    var_dump($e->status, str_contains($e->getMessage(), "'when'"));
}
try {
    $copy->call('GetAllGroups', ['bad.key' => 1]);
} catch (JustClick\Ext\Error $e) {
    var_dump($e->status);
}

foreach (['{"no_such_option":1}', '{"base_url":"http://example.com/api/"}', 'not json'] as $bad) {
    try {
        new JustClick\Ext\Client('demo', $secret, $bad);
        echo "accepted $bad\n";
    } catch (JustClick\Ext\Error $e) {
        echo $e->status, "\n";
    }
}
$closed = new JustClick\Ext\Client('demo', $secret, '{"base_url":"http://127.0.0.1:9/api/","max_retries":0,"connect_timeout_ms":2000}');
try {
    $closed->deleteSubscribe($email, 'super');
} catch (JustClick\Ext\Error $e) {
    var_dump($e->status, str_contains($e->getMessage(), $secret));
}
try {
    new JustClick\Ext\Client('', $secret);
} catch (JustClick\Ext\Error $e) {
    echo $e->status, "\n";
}
?>
--EXPECT--
NULL
string(5) "super"
NULL
string(19) "JC_STATUS_API_ERROR"
int(801)
string(15) "DeleteSubscribe"
bool(true)
bool(true)
bool(true)
string(26) "JC_STATUS_INVALID_ARGUMENT"
bool(true)
string(26) "JC_STATUS_INVALID_ARGUMENT"
JC_STATUS_INVALID_ARGUMENT
JC_STATUS_INVALID_ARGUMENT
JC_STATUS_INVALID_ARGUMENT
string(19) "JC_STATUS_TRANSPORT"
bool(false)
JC_STATUS_INVALID_ARGUMENT
