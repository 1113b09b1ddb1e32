--TEST--
justclick: values with no http_build_query form and keys PHP would rewrite are refused, naming the key
--EXTENSIONS--
justclick
--FILE--
<?php
enum Suit: string { case Hearts = 'h'; }
class Json implements JsonSerializable { public $a = 1; public function jsonSerialize(): mixed { return 1; } }
class Str { public $a = 1; public function __toString(): string { return 's'; } }
class MyDate extends DateTimeImmutable {}
class MyInterval extends DateInterval {}
$recursive = ['a' => 1];
$recursive['self'] = &$recursive;
$node = new stdClass();
$node->next = $node;
$file = fopen('php://memory', 'r');
$cases = [
    'DateTime' => ['when' => new DateTime('2024-01-01')],
    'subclass of an internal class' => ['when' => ['at' => new MyDate('2024-01-01')]],
    'ArrayObject' => ['list' => new ArrayObject([1, 2])],
    'Closure' => ['f' => fn () => 1],
    'enum' => ['suit' => Suit::Hearts],
    'JsonSerializable' => ['j' => new Json()],
    'Stringable' => ['s' => ['deeper' => [3 => new Str()]]],
    'built-in class' => ['i' => new DateInterval('P1D')],
    'subclass of a built-in class' => ['i' => new MyInterval('P1D')],
    'resource' => ['file' => $file],
    'recursive array' => $recursive,
    'recursive object' => ['node' => $node],
    'dot in a top-level key' => ['a.b' => 1],
    'space in a top-level key' => ['a b' => 1],
    'bracket in a top-level key' => ['a[b' => 1],
    'empty key' => ['' => 1],
    'invalid UTF-8' => ['name' => "\xff\xfe"],
];
foreach ($cases as $name => $params) {
    foreach (['query', 'hash'] as $fn) {
        try {
            $fn === 'query' ? JustClick\Ext\Lib::query($params) : JustClick\Ext\Lib::hash($params, 'demo', 'secret');
            echo "$name: accepted\n";
        } catch (JustClick\Ext\Error $e) {
            if ($fn === 'query') {
                echo "$name: {$e->status}: {$e->getMessage()}\n";
            }
            if (str_contains($e->getMessage(), 'secret') && $name !== 'invalid UTF-8') {
                echo "  the message shows the secret\n";
            }
        }
    }
}
// The extension's state survives a failure: the next call is correct.
var_dump(JustClick\Ext\Lib::query(['a' => 1]) === 'a=1');
// The refused walk left no recursion guard behind.
unset($recursive['self']);
var_dump(JustClick\Ext\Lib::query($recursive));
?>
--EXPECTF--
DateTime: JC_STATUS_INVALID_ARGUMENT: parameter 'when' is a DateTime (send $date->format('d.m.Y') or a timestamp, as the field expects); pass a string, number, bool, array or plain object
subclass of an internal class: JC_STATUS_INVALID_ARGUMENT: parameter 'when[at]' is a MyDate (send $date->format('d.m.Y') or a timestamp, as the field expects); pass a string, number, bool, array or plain object
ArrayObject: JC_STATUS_INVALID_ARGUMENT: parameter 'list' is a Traversable ArrayObject, whose items http_build_query does not send (pass iterator_to_array($object)); pass a string, number, bool, array or plain object
Closure: JC_STATUS_INVALID_ARGUMENT: parameter 'f' is a Closure (call it and pass its result); pass a string, number, bool, array or plain object
enum: JC_STATUS_INVALID_ARGUMENT: parameter 'suit' is the enum case Suit::Hearts (send ->value or ->name); pass a string, number, bool, array or plain object
JsonSerializable: JC_STATUS_INVALID_ARGUMENT: parameter 'j' is a JsonSerializable Json, which http_build_query sends as its public properties, not jsonSerialize() (pass $object->jsonSerialize()); pass a string, number, bool, array or plain object
Stringable: JC_STATUS_INVALID_ARGUMENT: parameter 's[deeper][3]' is a Stringable Str, which http_build_query sends as its public properties, not its string (pass (string) $object); pass a string, number, bool, array or plain object
built-in class: JC_STATUS_INVALID_ARGUMENT: parameter 'i' is an object of the built-in class DateInterval, whose data http_build_query does not send; pass a string, number, bool, array or plain object
subclass of a built-in class: JC_STATUS_INVALID_ARGUMENT: parameter 'i' is an object of the built-in class DateInterval (via MyInterval), whose data http_build_query does not send; pass a string, number, bool, array or plain object
resource: JC_STATUS_INVALID_ARGUMENT: parameter 'file' is a resource, which http_build_query does not send; pass a string, number, bool, array or plain object
recursive array: JC_STATUS_INVALID_ARGUMENT: parameter 'self' contains itself (a reference cycle?); pass a string, number, bool, array or plain object
recursive object: JC_STATUS_INVALID_ARGUMENT: parameter 'node[next]' contains itself (a reference cycle?); pass a string, number, bool, array or plain object
dot in a top-level key: JC_STATUS_INVALID_ARGUMENT: %sa.b%s
space in a top-level key: JC_STATUS_INVALID_ARGUMENT: %sa b%s
bracket in a top-level key: JC_STATUS_INVALID_ARGUMENT: %sa[b%s
empty key: JC_STATUS_INVALID_ARGUMENT: %s
invalid UTF-8: JC_STATUS_INVALID_ARGUMENT: %s
bool(true)
string(3) "a=1"
