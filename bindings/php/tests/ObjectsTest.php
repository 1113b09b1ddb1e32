<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Client;
use JustClick\Hash;
use JustClick\InvalidArgumentException;
use JustClick\Objects;
use PHPUnit\Framework\TestCase;

use function JustClick\Tests\Vendor\GetHash;

enum ObjectsTestBacked: string
{
    case Paid = 'paid';
}

enum ObjectsTestPure
{
    case One;
}

/** A plain object: public, protected, private, uninitialised typed and null properties. */
#[\AllowDynamicProperties]
final class ObjectsTestPlain
{
    public string $first = 'Иван';
    public ?int $unset;
    public mixed $none = null;
    /** @var array<string, mixed> */
    public array $utm = ['utm_source' => 'x y', 'deep' => ['a' => true]];
    protected string $hidden = 'protected';
    private string $secret = 'private';

    public function secret(): string
    {
        return $this->secret . $this->hidden;
    }
}

final class ObjectsTestJson implements \JsonSerializable
{
    public string $pub = 'p';

    public function jsonSerialize(): mixed
    {
        return 'J';
    }
}

final class ObjectsTestString
{
    public string $pub = 's';

    public function __toString(): string
    {
        return 'S';
    }
}

final class ObjectsTestDate extends \DateTimeImmutable
{
    public string $mine = 'm';
}

final class ObjectsTestInterval extends \DateInterval
{
}

/**
 * Objects in parameters: sent exactly as PHP's own http_build_query sends them (plain
 * objects), or refused naming the key (everything whose meaning PHP would not send).
 */
final class ObjectsTest extends TestCase
{
    public function testPlainObjectsAreSentAsHttpBuildQuerySendsThem(): void
    {
        $std = new \stdClass();
        $std->a = 1;
        $std->{'0'} = 'zero';
        $std->{'b c'} = ['x' => new \stdClass()];
        $std->{'b c'}['x']->y = 'z';
        $plain = new ObjectsTestPlain();
        $plain->dynamic = 'added'; // a dynamic property, walked after the declared ones
        $list = new \stdClass();
        $list->{'0'} = 'a';
        $list->{'1'} = 'b';
        $cases = [
            'stdClass' => ['lead_name' => $std],
            'plain' => ['lead' => $plain, 'after' => 1],
            'empty' => ['a' => new \stdClass(), 'b' => 2],
            'list-shaped' => ['goods' => $list],
            'nested in arrays' => ['x' => [[$std, 'k' => $plain]]],
            'only null' => ['n' => (object) ['v' => null]],
        ];
        foreach ($cases as $name => $params) {
            $expected = @http_build_query($params);
            self::assertSame($expected, Hash::query($params), $name);
            self::assertSame(GetHash($params, ['user_id' => 'u', 'user_rps_key' => 's']), Hash::get($params, 'u', 's'), $name);
        }
        self::assertStringNotContainsString('protected', Hash::query(['p' => $plain]));
        self::assertStringNotContainsString('private', Hash::query(['p' => $plain]));
    }

    /** @return iterable<string, array{object, string, string}> */
    public static function refusedObjects(): iterable
    {
        yield 'DateTime' => [new \DateTime('2024-01-02'), 'DateTime', "format('d.m.Y')"];
        yield 'DateTimeImmutable subclass' => [new ObjectsTestDate(), 'ObjectsTestDate', "format('d.m.Y')"];
        yield 'ArrayObject' => [new \ArrayObject(['k' => 'v']), 'Traversable ArrayObject', 'iterator_to_array'];
        yield 'ArrayIterator' => [new \ArrayIterator([1]), 'Traversable ArrayIterator', 'iterator_to_array'];
        yield 'generator' => [(static fn () => yield 1)(), 'Traversable Generator', 'iterator_to_array'];
        yield 'Closure' => [static fn () => 1, 'Closure', 'call it'];
        yield 'backed enum' => [ObjectsTestBacked::Paid, 'ObjectsTestBacked::Paid', '->value'];
        yield 'pure enum' => [ObjectsTestPure::One, 'ObjectsTestPure::One', '->name'];
        yield 'JsonSerializable' => [new ObjectsTestJson(), 'JsonSerializable', 'jsonSerialize()'];
        yield 'Stringable' => [new ObjectsTestString(), 'Stringable', '(string) $object'];
        yield 'built-in class' => [new \DateInterval('P1D'), 'built-in class DateInterval', 'whose data'];
        yield 'subclass of a built-in class' => [new ObjectsTestInterval('P1D'), 'built-in class DateInterval', 'ObjectsTestInterval'];
    }

    /** @dataProvider refusedObjects */
    public function testObjectsPhpWouldNotSendAsMeantAreRefusedNamingTheKey(object $value, string $kind, string $fix): void
    {
        $params = ['lead_email' => 'a@example.com', 'utm' => ['list' => [1, $value]]];
        foreach ([
            'query' => static fn () => Hash::query($params),
            'get' => static fn () => Hash::get($params, 'u', 's'),
            'normalise' => static fn () => Objects::normalise($params),
        ] as $entry => $call) {
            try {
                $call();
                self::fail("$entry accepted a $kind");
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString("parameter 'utm[list][1]' is ", $e->getMessage(), $entry);
                self::assertStringContainsString($kind, $e->getMessage(), $entry);
                self::assertStringContainsString($fix, $e->getMessage(), $entry);
                self::assertSame('JC_STATUS_INVALID_ARGUMENT', $e->getStatus(), $entry);
            }
        }
    }

    public function testTheClientRefusesObjectsBeforeSending(): void
    {
        // Nothing listens on port 1: a request that were sent would be a TransportException.
        $client = new Client('shop', 'secret', ['base_url' => 'http://127.0.0.1:1/api/', 'max_retries' => 0]);
        foreach ([new \DateTime(), static fn () => 'x', new ObjectsTestString()] as $value) {
            try {
                $client->addLeadToGroup('g', 'a@example.com', ['lead_name' => $value]);
                self::fail('sent ' . get_debug_type($value));
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString("parameter 'lead_name' is ", $e->getMessage());
                self::assertSame('AddLeadToGroup', $e->getMethod() ?? 'AddLeadToGroup');
            }
        }
    }

    public function testReferenceCyclesAreRefused(): void
    {
        $a = new \stdClass();
        $a->self = $a;
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('a reference cycle?');
        Hash::query(['a' => $a]);
    }

    public function testPlainObjectsKeepEverythingButObjects(): void
    {
        $params = ['s' => 'x', 'i' => 1, 'f' => 1.5, 'b' => false, 'n' => null, 'l' => [1, 2], 'o' => (object) ['k' => 'v']];
        self::assertSame(
            ['s' => 'x', 'i' => 1, 'f' => 1.5, 'b' => false, 'n' => null, 'l' => [1, 2], 'o' => ['k' => 'v']],
            Objects::normalise($params),
        );
    }
}
