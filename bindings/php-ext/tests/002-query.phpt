--TEST--
justclick: PHP arrays walked into jc_params give http_build_query's own bytes and GetHash's hash
--EXTENSIONS--
justclick
--FILE--
<?php
class Plain { public $a = 1; protected $hidden = 'no'; private $secret = 'no'; public $b = ['x' => true]; public ?int $unset; }
$ref = 'by reference';
$list = [1, 2];
$alias = &$list;
$cases = [
    'typical' => ['lead_email' => 'user@example.com', 'rass_name' => 'super', 'lead_name' => 'Иван Петров',
                  'lead_phone' => '+7 (900) 000-00-00', 'doneurl2' => 'https://example.com/thanks?a=1&b=2',
                  'utm' => ['utm_source' => 'newsletter', 'utm_medium' => 'email']],
    'floats' => ['a' => 0.1 + 0.2, 'b' => 1e20, 'c' => 1.5, 'd' => -0.0, 'e' => 100.0, 'f' => 1/3, 'g' => 1e-7, 'h' => 123456789012345.678],
    'ints' => ['max' => PHP_INT_MAX, 'min' => PHP_INT_MIN, 'big' => 2 ** 40, 'neg' => -(2 ** 33), 'zero' => 0],
    'bools and nulls' => ['t' => true, 'f' => false, 'n' => null, 'empty' => [], 's' => ''],
    'nested' => ['goods' => [['good_name' => 'a', 'good_sum' => 10], ['good_name' => 'b', 'good_sum' => 20.5]],
                 'deep' => ['x' => ['y' => ['z' => 'w']]], 'sparse' => [3 => 'c', 10 => 'd'], 'rid' => ['a', 'b']],
    'int keys' => [5 => 'five', -1 => 'minus', 'k' => 'v'],
    'references' => ['r' => &$ref, 'l' => &$alias],
    'objects' => ['o' => (object) ['p' => 'q', 'n' => ['m' => 1]], 'plain' => new Plain(), 'empty' => new stdClass()],
    'escaping' => ['text' => "a b+c&d=e/f?g#h%i~j*k'l\"m<n>\x01"],
    'empty' => [],
];
$secret = 'demo-secret-0123456789abcdef0123456789ab';
foreach ($cases as $name => $params) {
    $query = JustClick\Ext\Lib::query($params);
    $expected = http_build_query($params);
    $hash = JustClick\Ext\Lib::hash($params, 'demo', $secret);
    printf("%-16s query %s hash %s\n", $name, $query === $expected ? 'same' : "DIFFERS:\n  $query\n  $expected",
        $hash === md5("$expected::demo::$secret") ? 'same' : 'DIFFERS');
}
// The walk leaves the values it read untouched (references stay references).
$ref = 'changed';
var_dump(JustClick\Ext\Lib::query(['r' => &$ref]));
?>
--EXPECT--
typical          query same hash same
floats           query same hash same
ints             query same hash same
bools and nulls  query same hash same
nested           query same hash same
int keys         query same hash same
references       query same hash same
objects          query same hash same
escaping         query same hash same
empty            query same hash same
string(9) "r=changed"
