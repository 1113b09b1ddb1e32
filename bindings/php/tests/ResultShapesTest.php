<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Client;
use JustClick\Tests\Support\SandboxTestCase;

/**
 * The phpdoc array shapes of the named methods' results (`@return list<array{...}>`)
 * against what the sandbox answers: every shaped method's items have exactly the keys of
 * its shape, each of a type the shape allows.
 */
final class ResultShapesTest extends SandboxTestCase
{
    /** @return array<string, list<mixed>> arguments for each method with a list shape */
    private static function calls(): array
    {
        return [
            'getLeadGroupStatuses' => ['shapes@example.com'],
            'getLeadGroups' => ['shapes@example.com'],
            'getAllGroups' => [],
            'getAllGoods' => [],
            'getAllLists' => [],
            'getGoods' => [],
            'getCoupons' => [],
            'getPersonalManagers' => [],
        ];
    }

    /** @return array<string, list<string>> key => allowed get_debug_type() names */
    private static function shape(string $method): array
    {
        $doc = (string) (new \ReflectionMethod(Client::class, $method))->getDocComment();
        self::assertSame(1, preg_match('/@return list<array\{([^}]*)\}>/', $doc, $m), "$method has no list<array{...}> shape");
        $shape = [];
        foreach (explode(',', $m[1]) as $field) {
            [$key, $types] = array_map('trim', explode(':', $field, 2));
            $shape[$key] = array_map('trim', explode('|', $types));
        }

        return $shape;
    }

    public function testEveryListShapedMethodMatchesTheSandbox(): void
    {
        $client = $this->client();
        $client->addLeadToGroup('super', 'shapes@example.com');
        $shaped = array_filter(
            (new \ReflectionClass(Client::class))->getMethods(\ReflectionMethod::IS_PUBLIC),
            static fn (\ReflectionMethod $m) => str_contains((string) $m->getDocComment(), '@return list<array{'),
        );
        self::assertEqualsCanonicalizing(array_keys(self::calls()), array_map(static fn ($m) => $m->getName(), array_values($shaped)));
        foreach (self::calls() as $method => $args) {
            $shape = self::shape($method);
            $items = $client->$method(...$args);
            self::assertNotEmpty($items, "$method: the sandbox answered no items, nothing to check");
            foreach ($items as $i => $item) {
                self::assertSame(array_keys($shape), array_keys($item), "$method item $i: keys");
                foreach ($item as $key => $value) {
                    self::assertContains(get_debug_type($value), $shape[$key], "$method item $i: $key");
                }
            }
        }
    }
}
