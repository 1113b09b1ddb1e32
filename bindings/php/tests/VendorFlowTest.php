<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Ffi;
use JustClick\Tests\Support\PhpProcess;
use JustClick\Tests\Support\SandboxTestCase;

/**
 * The vendor's DeleteSubscribe example script and examples/unsubscribe.php, run the same
 * way against the same sandbox: same request bytes, same outcome where the vendor is
 * right, and a refusal where the vendor is fooled.
 */
final class VendorFlowTest extends SandboxTestCase
{
    private const VENDOR = __DIR__ . '/Vendor/delete_subscribe.php';

    private const PACKAGE = __DIR__ . '/../examples/unsubscribe.php';

    /** @return array{out: string, err: string, code: int} */
    private function runScript(string $script, string $email, string $group): array
    {
        return PhpProcess::run($script, [$email, $group], [
            'JUSTCLICK_LOGIN' => $this->sandbox->login,
            'JUSTCLICK_SECRET' => $this->sandbox->secret,
            'JUSTCLICK_BASE_URL' => $this->sandbox->baseUrl,
            'JUSTCLICK_LIB' => Ffi::resolveLibrary(),
        ], ['ffi.enable' => '1']);
    }

    /** @return array<string, mixed> the last request the sandbox received */
    private function lastRequest(): array
    {
        $log = $this->sandbox->log();
        self::assertNotEmpty($log);

        return end($log);
    }

    public function testBothUnsubscribeTheContactWithTheSameRequestBytes(): void
    {
        $vendor = $this->runScript(self::VENDOR, 'user@example.com', 'super');
        self::assertSame(0, $vendor['code']);
        self::assertStringStartsWith('Пользователь удален из группы super. Ответ сервиса: ', $vendor['out']);
        self::assertSame('STATUS_UNSUBSCRIBE', $this->subscription('user@example.com', 'super'));
        $vendorRequest = $this->lastRequest();

        $this->sandbox->reset();
        $package = $this->runScript(self::PACKAGE, 'user@example.com', 'super');
        self::assertSame(0, $package['code'], $package['err']);
        self::assertSame("user@example.com unsubscribed from super\n", $package['out']);
        self::assertSame('STATUS_UNSUBSCRIBE', $this->subscription('user@example.com', 'super'));
        $packageRequest = $this->lastRequest();

        // The body the package signs and sends is byte for byte the vendor's
        // http_build_query($send_data) with the hash appended.
        self::assertSame('DeleteSubscribe', $packageRequest['method']);
        self::assertSame($vendorRequest['body'], $packageRequest['body']);
        self::assertSame(0, $packageRequest['error_code']);
    }

    public function testBothReportTheServersError(): void
    {
        $vendor = $this->runScript(self::VENDOR, 'nobody@example.com', 'super');
        $text = $this->lastRequest()['error_text'];
        self::assertSame("Ошибка код:801 - описание: $text", $vendor['out']);

        $package = $this->runScript(self::PACKAGE, 'nobody@example.com', 'super');
        self::assertSame(1, $package['code']);
        self::assertSame("JustClick error 801: $text\n", $package['err']);
    }

    public function testAnAnswerWithHashTrueIsTrustedByTheVendorButNotByThePackage(): void
    {
        // The answer's signature is replaced by JSON true: whoever sent it did not know the
        // secret, so nothing in it may be believed. The vendor believes it.
        $this->sandbox->fault('hash_true');
        $vendor = $this->runScript(self::VENDOR, 'user@example.com', 'super');
        self::assertStringStartsWith('Пользователь удален из группы super', $vendor['out'], 'the vendor is fooled');
        self::assertStringNotContainsString('Подпись к ответу не верна', $vendor['out']);

        $this->sandbox->reset();
        $this->sandbox->fault('hash_true');
        $package = $this->runScript(self::PACKAGE, 'user@example.com', 'super');
        self::assertSame(2, $package['code']);
        self::assertSame('', $package['out']);
        self::assertStringStartsWith('SignatureException: ', $package['err']);
    }

    public function testAnHtmlErrorPageIsNotCalledTampering(): void
    {
        // The vendor decodes the HTML to null and reports a bad signature; the package
        // says what happened.
        $this->sandbox->fault('html_502');
        $vendor = $this->runScript(self::VENDOR, 'user@example.com', 'super');
        self::assertStringContainsString('Подпись к ответу не верна', $vendor['out']);

        $this->sandbox->fault('html_502');
        $package = $this->runScript(self::PACKAGE, 'user@example.com', 'super');
        self::assertSame(2, $package['code']);
        self::assertStringStartsWith('BadResponseException: ', $package['err']);
        self::assertStringContainsString('502', $package['err']);
    }

    public function testTheExampleNeverTakesTheSecretFromTheCommandLine(): void
    {
        $run = PhpProcess::run(self::PACKAGE, ['only-one-argument'], [], ['ffi.enable' => '1']);
        self::assertSame(64, $run['code']);
        self::assertStringContainsString('JUSTCLICK_SECRET', $run['err']);
    }
}
