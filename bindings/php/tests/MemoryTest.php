<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Client;
use JustClick\Hash;
use JustClick\InvalidArgumentException;
use PHPUnit\Framework\TestCase;

/**
 * Native memory is given back: owned strings (jc_string_free in finally), client handles
 * (jc_client_free in __destruct) and error slots. A leak of any of them shows in the
 * process's resident size long before these loops end.
 */
final class MemoryTest extends TestCase
{
    public function testOwnedStringsAreFreed(): void
    {
        $params = ['x' => str_repeat('й', 200_000)]; // 1.2 MB of query per call
        Hash::query($params);
        $before = self::rssKb();
        for ($i = 0; $i < 120; ++$i) {              // 144 MB if leaked
            self::assertSame(1_200_002, \strlen(Hash::query($params)));
        }
        self::assertLessThan(32 * 1024, self::rssKb() - $before);
    }

    public function testClientHandlesAndErrorSlotsAreFreed(): void
    {
        $options = ['base_url' => 'http://127.0.0.1:9/api/'];
        new Client('login', 'secret', $options);
        $before = self::rssKb();
        for ($i = 0; $i < 20_000; ++$i) {           // a jc_client is ~1.2 kB: 24 MB if leaked
            $client = new Client('login', 'secret', $options);
            $copy = clone $client;
            unset($client, $copy);
        }
        self::assertLessThan(8 * 1024, self::rssKb() - $before);
    }

    public function testFailuresLeakNothing(): void
    {
        $before = self::rssKb();
        $big = str_repeat('x', 1_000_000);
        for ($i = 0; $i < 100; ++$i) {              // 100 MB if the refused input were kept
            try {
                Hash::query(['bad.key' => $big]);
                self::fail('accepted');
            } catch (InvalidArgumentException) {
            }
        }
        self::assertLessThan(32 * 1024, self::rssKb() - $before);
    }

    private static function rssKb(): int
    {
        $status = @file_get_contents('/proc/self/status');
        if ($status === false || preg_match('/^VmRSS:\s+(\d+) kB/m', $status, $m) !== 1) {
            self::markTestSkipped('needs /proc/self/status (Linux)');
        }
        gc_collect_cycles();

        return (int) $m[1];
    }
}
