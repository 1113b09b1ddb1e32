<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Hash;
use JustClick\SignatureException;
use JustClick\Tests\Support\SandboxTestCase;

use function JustClick\Tests\Vendor\CheckHash;
use function JustClick\Tests\Vendor\GetHash;
use function JustClick\Tests\Vendor\Send;

/**
 * Answers that did not come from someone holding the secret. The package refuses every
 * one; the vendor's CheckHash, fed the very same bytes, is shown next to it.
 */
final class ForgedResponsesTest extends SandboxTestCase
{
    /**
     * The vendor's way: sign with GetHash, POST with Send, and return the raw answer.
     *
     * @param array<string, mixed> $data
     */
    private function vendorSend(string $method, array $data): string
    {
        $userRs = ['user_id' => $this->sandbox->login, 'user_rps_key' => $this->sandbox->secret];
        $data['hash'] = GetHash($data, $userRs);
        $raw = Send($this->sandbox->url($method), $data);
        self::assertIsString($raw);

        return $raw;
    }

    private function vendorCheck(string $raw): bool
    {
        return CheckHash(json_decode($raw), ['user_rps_key' => $this->sandbox->secret]);
    }

    public function testHashTrueFoolsTheVendorCheckButNotThePackage(): void
    {
        $this->sandbox->fault('hash_true');
        $raw = $this->vendorSend('GetAllGroups', []);
        self::assertSame(true, json_decode($raw)->hash, 'the forged answer carries "hash": true');

        // Side by side on the same bytes: the vendor's loose == says genuine.
        self::assertTrue($this->vendorCheck($raw), 'vendor CheckHash accepts "hash": true');
        self::assertFalse(Hash::check($raw, $this->sandbox->secret));
        self::assertFalse(Hash::check(json_decode($raw), $this->sandbox->secret));
        // …under any secret at all, for the vendor.
        self::assertTrue(CheckHash(json_decode($raw), ['user_rps_key' => 'any secret whatsoever']));

        // And a client call meeting the same forgery throws.
        $this->sandbox->fault('hash_true');
        $this->expectException(SignatureException::class);
        $this->client()->getAllGroups();
    }

    /** @return iterable<string, array{string, bool}> fault, and whether the vendor check is fooled */
    public static function forgeries(): iterable
    {
        yield 'wrong hash' => ['forged_hash', false];
        yield 'hash true' => ['hash_true', true];
        yield 'no hash at all' => ['missing_hash', false];
    }

    /** @dataProvider forgeries */
    public function testEveryForgeryIsRefusedByEveryEntryPoint(string $fault, bool $vendorFooled): void
    {
        $this->sandbox->fault($fault);
        $raw = $this->vendorSend('DeleteSubscribe', ['lead_email' => 'user@example.com', 'rass_name' => 'super']);
        self::assertFalse(Hash::check($raw, $this->sandbox->secret), "Hash::check accepted $fault");
        // The vendor code reads $resp->hash; when it is missing PHP warns and compares null.
        self::assertSame($vendorFooled, @$this->vendorCheck($raw), "vendor CheckHash on $fault");

        $client = $this->client();
        foreach ([
            'deleteSubscribe' => fn () => $client->deleteSubscribe('user@example.com', 'super'),
            'call' => fn () => $client->call('GetAllGroups'),
            'invoke' => fn () => $client->invoke('GetLeadGroupStatuses', ['email' => 'user@example.com']),
        ] as $entry => $call) {
            $this->sandbox->fault($fault);
            try {
                $call();
                self::fail("$entry accepted $fault");
            } catch (SignatureException $e) {
                self::assertSame('JC_STATUS_BAD_SIGNATURE', $e->getStatus());
            }
        }
    }

    public function testForgedErrorsAreRefusedToo(): void
    {
        // Errors are signed as well: a forged "not subscribed"/"not found" must not be believed.
        $this->sandbox->fault('forged_hash');
        try {
            $this->client()->deleteSubscribe('nobody@example.com', 'super');
            self::fail('a forged error answer was believed');
        } catch (SignatureException $e) {
            self::assertSame('DeleteSubscribe', $e->getMethod());
        }
    }
}
