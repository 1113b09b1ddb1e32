<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Hash;
use PHPUnit\Framework\TestCase;

use function JustClick\Tests\Vendor\GetHash;

/**
 * Floats are signed as this process's http_build_query writes them, under whatever
 * `precision` the process runs with, on both backends: Hash::get equals the vendor's
 * GetHash under precision -1 (common in production), 14 (PHP's default), 17 and others.
 */
final class FloatPrecisionTest extends TestCase
{
    private ?string $saved = null;

    protected function setUp(): void
    {
        $this->saved = (string) \ini_get('precision');
    }

    protected function tearDown(): void
    {
        ini_set('precision', (string) $this->saved);
    }

    /** @return iterable<string, array{int}> */
    public static function precisions(): iterable
    {
        foreach ([-1, 0, 1, 3, 5, 10, 14, 15, 16, 17, 18, 25, 100] as $p) {
            yield "precision=$p" => [$p];
        }
    }

    /** @return array<array-key, mixed> floats where the precisions disagree, at every depth */
    private static function params(): array
    {
        return [
            'good_sum' => 0.1 + 0.2,
            'third' => 1 / 3,
            'big' => 1e20,
            'integral' => 1e15,
            'tiny' => 5e-324,
            'tie' => 1005.0,
            'negative' => -2.5e-5,
            'goods' => [['good_name' => 'a', 'good_sum' => 10.1 * 3], ['good_sum' => 637570235813105.0]],
            'object' => (object) ['price' => 99.95 * 3],
            'text' => '0.1',
        ];
    }

    /** @dataProvider precisions */
    public function testHashGetEqualsTheVendorsGetHash(int $precision): void
    {
        ini_set('precision', (string) $precision);
        $params = self::params();
        self::assertSame(http_build_query($params), Hash::query($params));
        $vendor = GetHash($params, ['user_id' => 'demo', 'user_rps_key' => 'secret']);
        self::assertSame($vendor, Hash::get($params, 'demo', 'secret'));
    }

    /** The precision is read at each call, not once: a change mid-process is followed. */
    public function testAChangedPrecisionIsFollowed(): void
    {
        ini_set('precision', '14');
        self::assertSame('x=0.3', Hash::query(['x' => 0.1 + 0.2]));
        ini_set('precision', '-1');
        self::assertSame('x=0.30000000000000004', Hash::query(['x' => 0.1 + 0.2]));
    }

    /** Floats JSON cannot carry are sent as PHP sends them too (FFI sends floats as text). */
    public function testNonFiniteFloatsAreSentAsPhpSendsThem(): void
    {
        $params = ['x' => INF, 'y' => -INF, 'z' => NAN];
        self::assertSame(http_build_query($params), Hash::query($params));
        self::assertSame(md5(http_build_query($params) . '::login::secret'), Hash::get($params, 'login', 'secret'));
    }
}
