<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Ffi;
use JustClick\Tests\Support\PackageCopy;
use JustClick\Tests\Support\PhpProcess;
use PHPUnit\Framework\TestCase;

/**
 * The PHP-FPM setup from the README, exercised with php-cgi (a non-CLI SAPI, where the
 * default `ffi.enable=preload` really restricts FFI) and with the CLI.
 *
 * FFI backend only (the extension needs no preloading; see bindings/php-ext/fpm/run).
 *
 * @group ffi
 */
final class PreloadTest extends TestCase
{
    private const PROBE = __DIR__ . '/Support/preload_probe.php';

    private const PRELOAD = __DIR__ . '/../preload.php';

    /** What the probe prints when the package works: the hash, then the refused connection. */
    private static function expectedOutput(): string
    {
        return md5('lead_email=a%40b.c&rass_name=super::demo::secret') . "\nJustClick\\TransportException: ";
    }

    /** @return array<string, string> php.ini settings of the README's FPM section */
    private static function preloadIni(bool $cli): array
    {
        $package = \dirname(self::PRELOAD);
        $ini = ['ffi.enable' => 'preload', $cli ? 'opcache.enable_cli' : 'opcache.enable' => '1'];
        if (\function_exists('posix_getuid') && posix_getuid() === 0) {
            // Preloading as root needs opcache.preload_user, which runs preload.php in a
            // child where FFI::load() is refused: the scope then comes from ffi.preload.
            // That user must be able to read the package, wherever the checkout lives.
            $package = self::worldReadableCopy();
            $ini['opcache.preload_user'] = 'nobody';
            $ini['ffi.preload'] = "$package/justclick.ffi.h";
        }
        $ini['opcache.preload'] = "$package/preload.php";

        return $ini;
    }

    /** A copy of the package that every user can read, made once per run. */
    private static function worldReadableCopy(): string
    {
        static $dir = null;

        return $dir ??= PackageCopy::make();
    }

    /** The header's FFI_LIB is the bare name: the loader finds it through LD_LIBRARY_PATH. */
    private static function env(): array
    {
        $lib = Ffi::resolveLibrary();
        if (!str_contains($lib, '/')) {
            return [];
        }

        // JUSTCLICK_LIB pointing nowhere proves the preloaded scope is what gets used.
        return ['LD_LIBRARY_PATH' => \dirname($lib), 'JUSTCLICK_LIB' => '/nonexistent/libjustclick.so'];
    }

    /** @return list<string> php-cgi without HTTP headers in its output */
    private static function cgi(): array
    {
        $cgi = trim((string) shell_exec('command -v php-cgi 2>/dev/null'));
        if ($cgi === '') {
            self::markTestSkipped('php-cgi is not installed (Debian: php8.2-cgi)');
        }

        return [$cgi, '-q'];
    }

    public function testOutsideTheCliFfiIsRestrictedAndTheErrorSaysWhatToDo(): void
    {
        $run = PhpProcess::run(self::PROBE, [], ['JUSTCLICK_LIB' => Ffi::resolveLibrary()], ['ffi.enable' => 'preload'], self::cgi());
        self::assertStringContainsString('not preloaded', $run['out']);
        self::assertStringContainsString('restricted by ffi.enable', $run['out']);
        self::assertStringContainsString('opcache.preload=', $run['out']);
        self::assertStringContainsString('preload.php', $run['out']);
    }

    public function testPreloadedPackageWorksOutsideTheCli(): void
    {
        $run = PhpProcess::run(self::PROBE, [], self::env(), self::preloadIni(false) + ['cgi.force_redirect' => '0'], self::cgi());
        self::assertStringStartsWith("preloaded\n" . self::expectedOutput(), $run['out'], $run['err']);
    }

    public function testPreloadedPackageWorksInTheCli(): void
    {
        $run = PhpProcess::run(self::PROBE, [], self::env(), self::preloadIni(true));
        self::assertStringStartsWith("preloaded\n" . self::expectedOutput(), $run['out'], $run['err']);
    }

    public function testFfiEnableTrueNeedsNoPreload(): void
    {
        $run = PhpProcess::run(self::PROBE, [], ['JUSTCLICK_LIB' => Ffi::resolveLibrary()], ['ffi.enable' => '1'], self::cgi());
        self::assertStringStartsWith("not preloaded\n" . self::expectedOutput(), $run['out'], $run['err']);
    }
}
