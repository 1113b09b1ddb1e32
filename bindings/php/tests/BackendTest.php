<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Client;
use JustClick\Hash;
use JustClick\InvalidArgumentException;
use JustClick\Tests\Support\Sandbox;
use PHPUnit\Framework\TestCase;

/**
 * The backend the package picks, and the values both backends must treat alike. This
 * suite runs twice in CI: on FFI (bindings/php/run-tests) and on the `justclick`
 * extension with FFI disabled (bindings/php-ext/run-tests).
 */
final class BackendTest extends TestCase
{
    public function testTheExtensionIsUsedWhenLoadedElseFfi(): void
    {
        $client = new Client('demo', Sandbox::DEFAULT_SECRET, ['base_url' => 'http://127.0.0.1:9/api/']);
        $state = (fn () => ['ext' => $this->ext, 'native' => isset($this->native)])->call($client);
        if (\extension_loaded('justclick')) {
            self::assertInstanceOf(\JustClick\Ext\Client::class, $state['ext']);
            self::assertFalse($state['native'], 'the FFI backend was loaded although the extension is');
        } else {
            self::assertNull($state['ext']);
            self::assertTrue($state['native']);
        }
    }

    /**
     * @group ext
     *
     * @requires extension justclick
     */
    public function testWithTheExtensionNeitherFfiNorTheSharedLibraryIsNeeded(): void
    {
        self::assertFalse(\extension_loaded('ffi') && \ini_get('ffi.enable') === '1', 'run with ffi.enable=0 to prove it');
        self::assertSame(md5(http_build_query(['a' => 1]) . '::demo::s'), Hash::get(['a' => 1], 'demo', 's'));
    }

    /** @return iterable<string, array{array<array-key, mixed>}> */
    public static function phpValues(): iterable
    {
        $ref = 'by reference';
        yield 'floats' => [['a' => 0.1 + 0.2, 'b' => 1e20, 'c' => 1.5, 'd' => 1 / 3, 'e' => 100.0, 'f' => -2.5e-5]];
        yield 'integers beyond 32 bits' => [['max' => PHP_INT_MAX, 'min' => PHP_INT_MIN, 'big' => 2 ** 40]];
        yield 'nested arrays' => [['goods' => [['good_name' => 'a', 'good_sum' => 10.5]], 'utm' => ['utm_source' => 'x', 'deep' => ['y' => ['z' => true]]]]];
        yield 'references' => [['r' => &$ref, 'list' => [1, 2, 3]]];
        yield 'stdClass' => [['o' => (object) ['p' => 'q', 'n' => [1, 2]]]];
        yield 'nulls, bools, empty arrays' => [['n' => null, 't' => true, 'f' => false, 'e' => [], 's' => '']];
    }

    /**
     * @dataProvider phpValues
     *
     * @param array<array-key, mixed> $params
     */
    public function testPhpValuesGetHttpBuildQuerysOwnAnswer(array $params): void
    {
        self::assertSame(http_build_query($params), Hash::query($params));
        self::assertSame(md5(http_build_query($params) . '::demo::secret'), Hash::get($params, 'demo', 'secret'));
    }

    /**
     * @group ext
     *
     * @requires extension justclick
     */
    public function testObjectsWithoutAQueryFormAreRefusedNamingTheKey(): void
    {
        foreach ([new \DateTimeImmutable(), new \ArrayObject([1]), static fn () => 1] as $value) {
            try {
                Hash::get(['outer' => ['when' => $value]], 'demo', 'secret');
                self::fail(get_debug_type($value) . ' was accepted');
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString("'outer[when]'", $e->getMessage());
                self::assertSame('JC_STATUS_INVALID_ARGUMENT', $e->getStatus());
            }
        }
    }
}
