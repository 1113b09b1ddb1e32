<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Hash;
use PHPUnit\Framework\TestCase;

use function JustClick\Tests\Vendor\CheckHash;
use function JustClick\Tests\Vendor\GetHash;

/**
 * Every golden vector (tests/vectors/php-golden.jsonl, produced by PHP's own
 * http_build_query/md5/json_encode) through Hash::get / Hash::query / Hash::check, and
 * the same inputs through PHP itself and the vendor's GetHash/CheckHash.
 */
final class GoldenVectorsTest extends TestCase
{
    private const VECTORS = __DIR__ . '/../../../tests/vectors/php-golden.jsonl';

    /** @return iterable<string, array{array<string, mixed>}> */
    public static function requestVectors(): iterable
    {
        yield from self::vectors('request');
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public static function responseVectors(): iterable
    {
        yield from self::vectors('response');
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    private static function vectors(string $kind): iterable
    {
        $lines = file(self::VECTORS, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
        self::assertNotFalse($lines);
        foreach ($lines as $line) {
            $v = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
            if ($v['kind'] === $kind) {
                yield $v['name'] => [$v];
            }
        }
    }

    public function testTheFileHoldsBothKinds(): void
    {
        self::assertGreaterThanOrEqual(10, iterator_count(self::requestVectors()));
        self::assertGreaterThanOrEqual(5, iterator_count(self::responseVectors()));
    }

    /**
     * @dataProvider requestVectors
     *
     * @param array<string, mixed> $v
     */
    public function testRequestSigningMatchesPhp(array $v): void
    {
        $params = $v['params'];
        // PHP itself agrees with the vector (the vector was made by this PHP's functions).
        $phpQuery = http_build_query($params);
        self::assertSame($v['query'], $phpQuery);
        self::assertSame($v['hash'], md5("$phpQuery::{$v['login']}::{$v['secret']}"));

        self::assertSame($v['query'], Hash::query($params));
        $hash = Hash::get($params, $v['login'], $v['secret']);
        self::assertSame($v['hash'], $hash);
        // A drop-in replacement: the vendor's GetHash gives the same for the same array.
        self::assertSame(GetHash($params, ['user_id' => $v['login'], 'user_rps_key' => $v['secret']]), $hash);
    }

    /**
     * @dataProvider responseVectors
     *
     * @param array<string, mixed> $v
     */
    public function testResponseCheckMatchesPhp(array $v): void
    {
        $body = $v['body'];
        $decoded = json_decode($body);
        $expected = md5("{$v['error_code_as_text']}::{$v['error_text']}::{$v['secret']}");
        self::assertSame($v['valid'], hash_equals($expected, $decoded->hash));

        self::assertSame($v['valid'], Hash::check($body, $v['secret']), 'raw body');
        self::assertSame($v['valid'], Hash::check($decoded, $v['secret']), 'json_decode object');
        self::assertSame($v['valid'], Hash::check(json_decode($body, true), $v['secret']), 'json_decode array');
        self::assertFalse(Hash::check($body, $v['secret'] . 'x'), 'another secret');
        // On honest input the vendor's check agrees; the differences are in ForgedResponsesTest.
        self::assertSame($v['valid'], CheckHash($decoded, ['user_rps_key' => $v['secret']]));
    }
}
