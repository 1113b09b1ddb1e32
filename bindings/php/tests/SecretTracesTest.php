<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Tests\Support\PhpProcess;
use PHPUnit\Framework\TestCase;

/**
 * No secret and no API key in any trace, with `zend.exception_ignore_args=0` (arguments
 * recorded), whatever PHP version: every entry point is made to throw in a child process
 * that prints each exception, its print_r/var_export'ed trace and previous chain, and an
 * uncaught one. Frames of the package must carry no arguments at all — so the result
 * does not depend on `#[\SensitiveParameter]`, which PHP 8.1 ignores.
 */
final class SecretTracesTest extends TestCase
{
    public function testNoSecretInAnyTrace(): void
    {
        $run = PhpProcess::run(__DIR__ . '/Support/secret_traces.php', ini: [
            'ffi.enable' => '1',
            'zend.exception_ignore_args' => '0',
            'display_errors' => '1',
            'error_reporting' => (string) E_ALL,
        ]);
        $output = $run['out'] . $run['err'];

        self::assertStringNotContainsString('SETUP:', $output);
        self::assertMatchesRegularExpression('/^DONE 24$/m', $run['out'], $output);
        self::assertStringNotContainsString('NO-THROW:', $output);
        self::assertStringNotContainsString('ARGS-KEPT:', $output);
        self::assertStringContainsString('PHP Fatal error:  Uncaught JustClick\InvalidArgumentException', $output);
        // The run recorded arguments (the script's own frames keep theirs)…
        self::assertStringContainsString('[hidden by JustClick]', $output);
        // …and none of them is a secret, in any encoding PHP prints.
        foreach (['S3cr3t-never-in-traces', 'ApiK3y-never-in-traces', 'S3cr3t', 'ApiK3y'] as $secret) {
            self::assertStringNotContainsString($secret, $output);
            self::assertStringNotContainsString(rawurlencode($secret), $output);
        }
        self::assertSame(255, $run['code'], 'the uncaught exception ends the script with status 255');
    }
}
