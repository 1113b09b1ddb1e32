--TEST--
justclick: loaded, versions in phpinfo, internal classes declared, no FFI needed
--EXTENSIONS--
justclick
--FILE--
<?php
var_dump(extension_loaded('justclick'));
$ext = new ReflectionExtension('justclick');
var_dump($ext->getVersion() === phpversion('justclick'));
var_dump(preg_match('/^\d+\.\d+\.\d+/', JustClick\Ext\Lib::version()) === 1);
ob_start();
$ext->info();
$info = ob_get_clean();
var_dump(str_contains($info, 'libjustclick version => ' . JustClick\Ext\Lib::version()));
var_dump(str_contains($info, 'libjustclick linking => static'));
foreach (['JustClick\Ext\Lib', 'JustClick\Ext\Client', 'JustClick\Ext\Error'] as $class) {
    var_dump((new ReflectionClass($class))->isFinal());
}
var_dump(is_subclass_of('JustClick\Ext\Error', RuntimeException::class));
// The secret is a #[\SensitiveParameter] (PHP 8.2+): stack traces never show it.
$p = (new ReflectionMethod('JustClick\Ext\Lib', 'hash'))->getParameters()[2];
var_dump($p->getName(), PHP_VERSION_ID < 80200 || $p->getAttributes('SensitiveParameter') !== []);
try {
    serialize(new JustClick\Ext\Client('demo', 'secret', '{"base_url":"http://127.0.0.1:9/api/"}'));
} catch (Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(6) "secret"
bool(true)
Exception: Serialization of 'JustClick\Ext\Client' is not allowed
