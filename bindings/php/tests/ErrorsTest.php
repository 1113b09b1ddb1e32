<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\ApiException;
use JustClick\BadResponseException;
use JustClick\Client;
use JustClick\InvalidArgumentException;
use JustClick\JustClickException;
use JustClick\SignatureException;
use JustClick\TimeoutException;
use JustClick\TlsException;
use JustClick\TransportException;
use JustClick\Tests\Support\Sandbox;
use JustClick\Tests\Support\SandboxTestCase;

/** Each kind of failure becomes its own exception, with the details a caller needs. */
final class ErrorsTest extends SandboxTestCase
{
    public function testApiErrorCarriesTheServerCodeAndText(): void
    {
        try {
            $this->client()->deleteSubscribe('nobody@example.com', 'super');
            self::fail('unsubscribed an unknown contact');
        } catch (ApiException $e) {
            $answer = $this->lastAnswer();
            self::assertSame(801, $e->getApiCode());
            self::assertSame(801, $e->getCode());
            self::assertSame($answer['error_code'], $e->getApiCode());
            self::assertSame($answer['error_text'], $e->getMessage(), 'getMessage() is the server text, verbatim');
            self::assertSame('DeleteSubscribe', $e->getMethod());
            self::assertSame('JC_STATUS_API_ERROR', $e->getStatus());
            self::assertInstanceOf(JustClickException::class, $e);
        }
        try {
            $this->client()->deleteSubscribe('user@example.com', 'no-such-group');
            self::fail('unsubscribed from an unknown group');
        } catch (ApiException $e) {
            self::assertSame(800, $e->getApiCode());
            self::assertSame($this->lastAnswer()['error_text'], $e->getMessage());
        }
    }

    public function testWrongSecretIsASignatureFailureNotASuccess(): void
    {
        // The server refuses the request (4, incorrect hash) and signs that answer with the
        // real secret, which this client cannot verify: nothing in it can be trusted.
        $client = new Client($this->sandbox->login, 'not-the-secret', ['base_url' => $this->sandbox->baseUrl]);
        try {
            $client->getAllGroups();
            self::fail('a wrong secret went unnoticed');
        } catch (SignatureException $e) {
            self::assertSame('JC_STATUS_BAD_SIGNATURE', $e->getStatus());
            self::assertSame('GetAllGroups', $e->getMethod());
            self::assertStringNotContainsString('not-the-secret', $e->getMessage());
        }
        self::assertSame(4, $this->lastAnswer()['error_code']);
    }

    public function testRefusedConnectionIsATransportError(): void
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr((string) stream_socket_get_name($socket, false), \strlen('127.0.0.1:'));
        fclose($socket); // nothing listens there now
        $client = new Client('demo', 'secret', ['base_url' => "http://127.0.0.1:$port/api/", 'max_retries' => 0]);
        try {
            $client->deleteSubscribe('user@example.com', 'super');
            self::fail('no error from a closed port');
        } catch (TransportException $e) {
            self::assertSame(TransportException::class, $e::class);
            self::assertSame('JC_STATUS_TRANSPORT', $e->getStatus());
            self::assertNull($e->getHttpStatus());
        }
    }

    public function testProxyOptionIsUsedAndNamed(): void
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr((string) stream_socket_get_name($socket, false), \strlen('127.0.0.1:'));
        fclose($socket); // nothing listens there now
        $proxy = "http://127.0.0.1:$port";
        try {
            $this->client(['proxy' => $proxy, 'max_retries' => 0])->deleteSubscribe('user@example.com', 'super');
            self::fail('no error from a proxy on a closed port');
        } catch (TransportException $e) {
            self::assertStringContainsString("proxy $proxy", $e->getMessage());
        }
        $this->client(['proxy' => $proxy, 'no_proxy' => '127.0.0.1'])->getAllGroups();
        try {
            $this->client(['proxy' => 'socks5://127.0.0.1:1080']);
            self::fail('SOCKS accepted');
        } catch (InvalidArgumentException $e) {
            self::assertStringContainsString('SOCKS', $e->getMessage());
        }
    }

    public function testSlowServerTimesOutWithinTheConfiguredBound(): void
    {
        $this->sandbox->fault('slow', 1, 3000);
        $client = $this->client(['timeout_ms' => 300, 'max_retries' => 0]);
        $start = microtime(true);
        try {
            $client->deleteSubscribe('user@example.com', 'super');
            self::fail('no timeout');
        } catch (TimeoutException $e) {
            self::assertInstanceOf(TransportException::class, $e);
            self::assertSame('JC_STATUS_TIMEOUT', $e->getStatus());
        }
        self::assertLessThan(2.0, microtime(true) - $start);
    }

    /** @return iterable<string, array{string, int|null}> */
    public static function badAnswers(): iterable
    {
        yield 'HTML 502 page' => ['html_502', 502];
        yield 'truncated JSON' => ['truncated_json', 200];
        yield 'empty body' => ['empty_body', 200];
    }

    /** @dataProvider badAnswers */
    public function testAnswerThatIsNotAnEnvelopeIsABadResponse(string $fault, int $status): void
    {
        $this->sandbox->fault($fault);
        try {
            $this->client()->deleteSubscribe('user@example.com', 'super');
            self::fail("$fault accepted");
        } catch (BadResponseException $e) {
            self::assertInstanceOf(TransportException::class, $e);
            self::assertSame('JC_STATUS_BAD_RESPONSE', $e->getStatus());
            self::assertSame($status, $e->getHttpStatus());
            self::assertStringContainsString((string) $status, $e->getMessage());
        }
    }

    public function testOversizeAnswerIsRefused(): void
    {
        $this->sandbox->fault('huge_body');
        $this->expectException(BadResponseException::class);
        $this->client(['max_response_bytes' => 64 * 1024])->deleteSubscribe('user@example.com', 'super');
    }

    public function testTemporaryRedirectIsFollowedWithTheSameSignedBody(): void
    {
        $this->sandbox->fault('redirect_307');
        $this->client()->deleteSubscribe('user@example.com', 'super');
        self::assertSame('STATUS_UNSUBSCRIBE', $this->subscription('user@example.com', 'super'));
    }

    public function testDroppedConnectionIsRetriedForReadsButNotForWrites(): void
    {
        $this->sandbox->fault('drop_connection');
        self::assertNotEmpty($this->client()->getAllGroups(), 'a read is retried');

        $this->sandbox->fault('drop_connection');
        try {
            $this->client()->deleteSubscribe('user@example.com', 'super');
            self::fail('the dropped write succeeded');
        } catch (TransportException $e) {
            self::assertSame('JC_STATUS_TRANSPORT', $e->getStatus());
        }
    }

    public function testTlsVerifiesTheServerAndTrustsTheGivenCa(): void
    {
        $tls = Sandbox::spawn(['--tls']);
        try {
            self::assertStringStartsWith('https://', $tls->baseUrl);
            self::assertNotNull($tls->caFile);
            $trusted = new Client($tls->login, $tls->secret, ['base_url' => $tls->baseUrl, 'ca_file' => $tls->caFile]);
            $trusted->deleteSubscribe('user@example.com', 'super');

            $untrusted = new Client($tls->login, $tls->secret, ['base_url' => $tls->baseUrl, 'max_retries' => 0]);
            try {
                $untrusted->getAllGroups();
                self::fail('an untrusted certificate was accepted');
            } catch (TlsException $e) {
                self::assertInstanceOf(TransportException::class, $e);
                self::assertSame('JC_STATUS_TLS', $e->getStatus());
            }
        } finally {
            $tls->stop();
        }
    }

    public function testPlainHttpIsOnlyForLoopback(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('http');
        new Client('demo', 'secret', ['base_url' => 'http://example.com/api/']);
    }

    public function testOptionsAreCheckedByName(): void
    {
        try {
            new Client('demo', 'secret', ['base_uri' => 'http://127.0.0.1/api/']);
            self::fail('unknown option accepted');
        } catch (InvalidArgumentException $e) {
            self::assertStringContainsString('base_uri', $e->getMessage());
            self::assertStringContainsString('base_url', $e->getMessage(), 'the known names are listed');
        }
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('timeout_ms');
        new Client('demo', 'secret', ['timeout_ms' => '5s']);
    }

    public function testMaxIdleConnectionsIsAnOption(): void
    {
        foreach ([0, 1, 4096] as $n) {
            self::assertIsArray($this->client(['max_idle_connections' => $n])->getAllGroups());
        }
        foreach ([4097, -1, 'many'] as $bad) {
            try {
                new Client('demo', 'secret', ['max_idle_connections' => $bad]);
                self::fail('max_idle_connections ' . var_export($bad, true) . ' accepted');
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString('max_idle_connections', $e->getMessage());
            }
        }
    }

    public function testEmptyCredentialsAreRefused(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('secret');
        new Client('demo', '');
    }

    /** @return array<string, mixed> the sandbox's last answer (code and text as it sent them) */
    private function lastAnswer(): array
    {
        $log = $this->sandbox->log();
        self::assertNotEmpty($log);

        return end($log);
    }
}
