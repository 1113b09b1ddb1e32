<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Hash;
use JustClick\InvalidArgumentException;
use PHPUnit\Framework\TestCase;

use function JustClick\Tests\Vendor\GetHash;

/**
 * Hash::get / Hash::query / Hash::check beyond the golden file: random parameter sets
 * against PHP's own http_build_query, and the inputs the package refuses on purpose.
 */
final class HashTest extends TestCase
{
    private const ALPHABET = [
        'a', 'Z', '0', '-', '_', '.', '~', '*', "'", '(', ')', '!', ' ', '+', '&', '=', '%', '#',
        '[', ']', '/', '?', ':', '@', '"', '\\', "\n", "\t", 'й', 'Ж', 'ё', '€', '😀', ',', ';',
    ];

    public function testRandomParameterSetsMatchHttpBuildQuery(): void
    {
        mt_srand(20240601);
        for ($i = 0; $i < 400; ++$i) {
            $params = [];
            $n = mt_rand(0, 6);
            for ($k = 0; $k < $n; ++$k) {
                // Top-level keys avoid `.`, space and brackets, which PHP rewrites (tested below).
                $params['k' . $k . str_replace(['.', ' ', '[', ']'], '', self::word(3))] = self::value(2);
            }
            $query = http_build_query($params);
            self::assertSame($query, Hash::query($params), json_encode($params, JSON_UNESCAPED_UNICODE));
            self::assertSame(md5("$query::login-$i::secret"), Hash::get($params, "login-$i", 'secret'));
        }
    }

    public function testEdgeValuesMatchHttpBuildQuery(): void
    {
        $params = [
            'int' => PHP_INT_MAX, 'neg' => PHP_INT_MIN, 'zero' => 0, 'f' => 0.1 + 0.2, 'big' => 1e15,
            'tiny' => 1.5e-7, 'negf' => -2.5, 'whole' => 3.0, 't' => true, 'f0' => false, 'null' => null,
            'empty' => '', 'list' => [1, [2, [3]]], 'sparse' => [3 => 'x', 7 => 'y'], 'emptylist' => [],
            'nested' => ['a b' => ['c.d' => 'e']],
        ];
        self::assertSame(http_build_query($params), Hash::query($params));
        self::assertSame(
            GetHash($params, ['user_id' => 'u', 'user_rps_key' => 's']),
            Hash::get($params, 'u', 's'),
        );
    }

    /** @return iterable<string, array{array<string, mixed>, string}> */
    public static function rewrittenKeys(): iterable
    {
        // The server parses the body with PHP, which rewrites these keys, then re-signs what
        // it parsed: the vendor sample would send them and get code 4, "incorrect hash".
        yield 'dot in a key' => [['utm.source' => 'x'], 'utm.source'];
        yield 'space in a key' => [['lead name' => 'x'], 'lead name'];
        yield 'bracket in a key' => [['rid[0]' => 'x'], 'rid[0]'];
        yield 'empty key' => [['' => 'x'], '""'];
        yield 'bracket in a nested key' => [['utm' => ['a]b' => 'x']], 'a]b'];
    }

    /**
     * @dataProvider rewrittenKeys
     *
     * @param array<string, mixed> $params
     */
    public function testKeysPhpWouldRewriteAreRefused(array $params, string $named): void
    {
        try {
            Hash::get($params, 'login', 'secret');
            self::fail('accepted a key PHP rewrites');
        } catch (InvalidArgumentException $e) {
            self::assertSame('JC_STATUS_INVALID_ARGUMENT', $e->getStatus());
            self::assertStringContainsString(trim($named, '"'), $e->getMessage());
        }
        $this->expectException(InvalidArgumentException::class);
        Hash::query($params);
    }

    public function testTooManyLeavesAreRefused(): void
    {
        $params = ['rid' => array_fill(0, 1001, 'g')];
        $this->expectException(InvalidArgumentException::class);
        Hash::get($params, 'login', 'secret');
    }

    public function testNonUtf8StringsAreRefusedNotMangled(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('UTF-8');
        Hash::get(['lead_name' => "\xC8\xE2\xE0\xED"], 'login', 'secret'); // "Иван" in Windows-1251
    }

    public function testSecretNeverAppearsInErrors(): void
    {
        $secret = 'very-secret-value-0123456789';
        try {
            Hash::get(['bad.key' => 'x'], 'login', $secret);
            self::fail('no exception');
        } catch (InvalidArgumentException $e) {
            self::assertStringNotContainsString($secret, $e->getMessage());
            self::assertStringNotContainsString($secret, $e->getTraceAsString());
            self::assertStringNotContainsString($secret, (string) $e);
        }
    }

    public function testCheckRefusesWhatIsNotAGenuineResponse(): void
    {
        $secret = 'k1';
        $genuine = json_encode(['error_code' => 0, 'error_text' => 'ok', 'hash' => md5("0::ok::$secret")]);
        self::assertTrue(Hash::check($genuine, $secret));
        foreach ([
            'html page' => '<html><body>502 Bad Gateway</body></html>',
            'empty' => '',
            'truncated' => substr($genuine, 0, -5),
            'not utf-8' => "\xff\xfe",
            'no hash' => '{"error_code":0,"error_text":"ok"}',
            'hash true' => '{"error_code":0,"error_text":"ok","hash":true}',
            'hash zero' => '{"error_code":0,"error_text":"ok","hash":0}',
            'text changed' => json_encode(['error_code' => 0, 'error_text' => 'OK', 'hash' => md5("0::ok::$secret")]),
            'code changed' => json_encode(['error_code' => 1, 'error_text' => 'ok', 'hash' => md5("0::ok::$secret")]),
            'a list' => '[1,2,3]',
        ] as $name => $body) {
            self::assertFalse(Hash::check($body, $secret), $name);
        }
    }

    private static function word(int $max): string
    {
        $s = '';
        for ($i = mt_rand(0, $max); $i > 0; --$i) {
            $s .= self::ALPHABET[mt_rand(0, \count(self::ALPHABET) - 1)];
        }

        return $s;
    }

    private static function value(int $depth): mixed
    {
        switch (mt_rand(0, $depth > 0 ? 7 : 5)) {
            case 0: return mt_rand(-1000, 1000);
            case 1: return mt_rand(0, 1) === 1;
            case 2: return null;
            case 3: return mt_rand(-100000, 100000) / 7;
            case 4:
            case 5: return self::word(8);
            case 6: return array_map(static fn () => self::value($depth - 1), range(0, mt_rand(0, 3)));
            default:
                $m = [];
                for ($i = mt_rand(0, 3); $i > 0; --$i) {
                    // Nested keys may hold `.` and spaces; brackets are refused (tested below).
                    $m[str_replace(['[', ']'], '', self::word(4)) . $i] = self::value($depth - 1);
                }

                return $m;
        }
    }
}
