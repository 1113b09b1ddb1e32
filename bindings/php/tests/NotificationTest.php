<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\InvalidArgumentException;
use JustClick\Notification;
use JustClick\SignatureException;
use PHPUnit\Framework\TestCase;

/** Notification::verify on bodies built as JustClick sends them (spec §8). */
final class NotificationTest extends TestCase
{
    private const SECRET = '0123456789abcdef0123456789abcdef01234567';

    /** The spec's vector: md5("123456" . "buyer@example.com" . "1700000000" . secret). */
    private const PAID_HASH = '0d4e02ac8b1d849a9665300f9b2ab37f';

    /** @return array<string, mixed> a paid-invoice notification as $_POST holds it */
    private static function paid(): array
    {
        return [
            'id' => '123456', 'first_name' => 'Анна', 'email' => 'buyer@example.com', 'created' => '1699990000',
            'paid' => '1700000000', 'last_payment_sum' => '990.00',
            'utm' => ['medium' => 'cpc', 'source' => 'direct'],
            'items' => [['id' => 'course', 'title' => 'Курс', 'sum' => '990.00', 'price' => '1500']],
            'hash' => self::PAID_HASH,
        ];
    }

    public function testPaidInvoiceFromTheRawBody(): void
    {
        self::assertSame(self::PAID_HASH, md5('123456' . 'buyer@example.com' . '1700000000' . self::SECRET));
        $n = Notification::verify(http_build_query(self::paid()), self::SECRET);
        self::assertSame('paid', $n->kind);
        self::assertSame('id.email.paid', $n->formula);
        self::assertSame('123456', $n->get('id'));
        self::assertSame('Анна', $n->get('first_name'));
        self::assertSame('990.00', $n->fields['items'][0]['sum']);
        self::assertSame('cpc', $n->fields['utm']['medium']);
        self::assertNull($n->get('no_such_field'));
    }

    public function testPaidInvoiceFromPost(): void
    {
        $n = Notification::verify(self::paid(), self::SECRET);
        self::assertSame('paid', $n->kind);
        self::assertSame(self::paid()['items'], $n->fields['items']);
    }

    public function testCreatedInvoiceIsSignedWithItsCreationTime(): void
    {
        $fields = ['status' => 'new_order', 'id' => '777', 'email' => 'a@b.c', 'created' => '1700000100'];
        $fields['hash'] = md5('777' . 'a@b.c' . '1700000100' . self::SECRET);
        $n = Notification::verify(http_build_query($fields), self::SECRET);
        self::assertSame('created', $n->kind);
        self::assertSame('id.email.created', $n->formula);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public static function refused(): iterable
    {
        yield 'e-mail changed' => [['email' => 'attacker@example.com'] + self::paid()];
        yield 'id changed' => [['id' => '123457'] + self::paid()];
        yield 'paid time changed' => [['paid' => '1700000001'] + self::paid()];
        yield 'no hash' => [array_diff_key(self::paid(), ['hash' => 0])];
        yield 'hash true' => [['hash' => '1'] + self::paid()];
        yield 'subscription events are not signed by JustClick' => [[
            'name' => 'Иван', 'email' => 'a@b.c', 'id_group' => '5', 'status' => '2', 'hash' => self::PAID_HASH,
        ]];
    }

    /**
     * @dataProvider refused
     *
     * @param array<string, mixed> $fields
     */
    public function testForgedNotificationsAreRefused(array $fields): void
    {
        $this->expectException(SignatureException::class);
        Notification::verify(http_build_query($fields), self::SECRET);
    }

    public function testWrongSecretIsRefused(): void
    {
        $this->expectException(SignatureException::class);
        Notification::verify(self::paid(), 'another-secret');
    }

    public function testEmptySecretIsAnArgumentError(): void
    {
        $this->expectException(InvalidArgumentException::class);
        Notification::verify(self::paid(), '');
    }
}
