<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Client;
use JustClick\InvalidArgumentException;
use JustClick\SignatureException;
use JustClick\TransportException;
use JustClick\Tests\Support\SandboxTestCase;

/**
 * Values the server would refuse with a bare code 3, or store wrong, are refused (or
 * converted) before sending, with messages that name the field and the fix.
 */
final class FieldsTest extends SandboxTestCase
{
    /** A client for which any request that were sent would be a TransportException. */
    private static function offline(): Client
    {
        return new Client('shop', 'secret', ['base_url' => 'http://127.0.0.1:1/api/', 'max_retries' => 0]);
    }

    public function testNamedMethodsRefuseAMappingWhereTheFieldHoldsOneValue(): void
    {
        try {
            self::offline()->addLeadToGroup('g', 'a@example.com', ['lead_name' => ['first' => 'Иван']]);
            self::fail('a mapping for lead_name was sent');
        } catch (InvalidArgumentException $e) {
            self::assertStringContainsString('AddLeadToGroup: lead_name holds one value (text or number), got a mapping', $e->getMessage());
            self::assertSame('JC_STATUS_INVALID_ARGUMENT', $e->getStatus());
            self::assertSame('AddLeadToGroup', $e->getMethod());
        }
        // invoke() and call() stay free-form: the same value reaches the network.
        $this->expectException(TransportException::class);
        self::offline()->invoke('AddLeadToGroup', ['rid' => 'g', 'lead_email' => 'a@example.com', 'lead_name' => ['first' => 'x']]);
    }

    public function testIsoDatesAreConvertedForGetOrdersWithGoods(): void
    {
        $this->client()->getOrdersWithGoods('2024-01-01', '2024-01-20');
        $log = $this->sandbox->log();
        $sent = end($log)['params'];
        self::assertSame('01.01.2024', $sent['begin_date'] ?? null, (string) json_encode($sent));
        self::assertSame('20.01.2024', $sent['end_date'] ?? null);
    }

    public function testUnreadableDatesAreRefusedNamingTheFormat(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('getOrdersWithGoods: begin_date must be a date in the dd.mm.yyyy format (e.g. 01.11.2023), got "2023/11/01"');
        self::offline()->getOrdersWithGoods('2023/11/01');
    }

    public function testNonUtf8ValuesNameTheFieldAndCarryAStatus(): void
    {
        try {
            self::offline()->addLeadToGroup('g', 'a@example.com', ['utm' => ['utm_source' => "\xcf\xf0\xe8"]]);
            self::fail('sent non-UTF-8 bytes');
        } catch (InvalidArgumentException $e) {
            self::assertStringStartsWith("parameter 'utm[utm_source]' is not UTF-8 text", $e->getMessage());
            self::assertStringContainsString('mb_convert_encoding', $e->getMessage());
            self::assertSame('JC_STATUS_INVALID_ARGUMENT', $e->getStatus());
        }
    }

    public function testNonUtf8DeleteSubscribeArgumentsAreNamed(): void
    {
        try {
            self::offline()->deleteSubscribe("\xe8\xe2\xe0\xed@example.com", 'g');
            self::fail('sent non-UTF-8 bytes');
        } catch (InvalidArgumentException $e) {
            self::assertStringStartsWith('argument lead_email is not UTF-8 text (bad byte at offset 0', $e->getMessage());
            self::assertStringContainsString('mb_convert_encoding', $e->getMessage());
            self::assertSame('JC_STATUS_INVALID_ARGUMENT', $e->getStatus());
            self::assertSame('DeleteSubscribe', $e->getMethod());
        }
    }

    public function testMessagesNameTheHostAndAvoidDebugFormatting(): void
    {
        try {
            self::offline()->deleteSubscribe('a@example.com', 'g');
            self::fail('no transport error');
        } catch (TransportException $e) {
            self::assertStringContainsString('127.0.0.1:1', $e->getMessage());
        }
        try {
            self::offline()->updateOrderStatus(1, 'paid');
            self::fail('no date, yet sent');
        } catch (InvalidArgumentException $e) {
            self::assertStringContainsString('UpdateOrderStatus: status "paid" needs the field date', $e->getMessage());
            self::assertStringNotContainsString('String(', $e->getMessage());
        }
    }

    public function testAWrongSecretLeadsWithTheLikelyCause(): void
    {
        $client = new Client($this->sandbox->login, 'not-the-secret', ['base_url' => $this->sandbox->baseUrl]);
        try {
            $client->getAllGroups();
            self::fail('a wrong secret went unnoticed');
        } catch (SignatureException $e) {
            self::assertStringContainsString("most likely the secret is not this account's API secret", $e->getMessage());
        }
    }
}
