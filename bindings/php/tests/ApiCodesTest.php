<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\ApiException;
use JustClick\InvalidArgumentException;
use JustClick\Tests\Support\SandboxTestCase;

/** ApiException's code constants and the library's English and Russian descriptions. */
final class ApiCodesTest extends SandboxTestCase
{
    public function testEveryConstantIsADocumentedCodeWithBothDescriptions(): void
    {
        $constants = (new \ReflectionClass(ApiException::class))->getConstants();
        self::assertGreaterThan(10, \count($constants));
        foreach ($constants as $name => $code) {
            self::assertIsString(ApiException::describe($code, null, 'en'), "$name ($code) has no English description");
            self::assertMatchesRegularExpression('/\p{Cyrillic}/u', (string) ApiException::describe($code, null, 'ru'), "$name ($code)");
        }
        self::assertStringContainsString('secret', (string) ApiException::describe(ApiException::INCORRECT_HASH));
        self::assertStringContainsString('хеш', (string) ApiException::describe(ApiException::NO_HASH, null, 'ru'));
        self::assertNull(ApiException::describe(123456));
    }

    public function testCodesThatDependOnTheMethodAreDescribedForIt(): void
    {
        self::assertStringContainsString('product', (string) ApiException::describe(302, 'DeleteGood'));
        self::assertStringContainsString('order', (string) ApiException::describe(302, 'DeleteOrder'));
    }

    public function testARealErrorDescribesItself(): void
    {
        try {
            $this->client()->deleteSubscribe('nobody-' . bin2hex(random_bytes(4)) . '@example.com', 'super');
            self::fail('an unknown contact was unsubscribed');
        } catch (ApiException $e) {
            self::assertSame(ApiException::UNSUBSCRIBE_NO_SUBSCRIBER, $e->getApiCode());
            self::assertSame(ApiException::describe(801, 'DeleteSubscribe'), $e->getDescription());
            self::assertNotSame($e->getDescription('en'), $e->getDescription('ru'));
        }
    }

    public function testAnUnknownLanguageIsRefused(): void
    {
        $this->expectException(InvalidArgumentException::class);
        ApiException::describe(4, null, 'de');
    }
}
