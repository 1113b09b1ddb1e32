<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Backend;
use JustClick\Tests\Support\PackageCopy;
use JustClick\Tests\Support\PhpProcess;
use JustClick\Tests\Support\Sandbox;
use PHPUnit\Framework\TestCase;

/**
 * The package and the extension know each other: the package refuses an extension of
 * another API level before any call, and names the extension when neither it nor FFI is
 * there.
 */
final class HandshakeTest extends TestCase
{
    private const PROBE = __DIR__ . '/Support/handshake_probe.php';

    private const EXT_HEADER = __DIR__ . '/../../php-ext/php_justclick.h';

    public function testThePackageExpectsTheApiLevelOfTheExtensionSourcesBesideIt(): void
    {
        $header = (string) file_get_contents(self::EXT_HEADER);
        self::assertSame(1, preg_match('/^#define PHP_JUSTCLICK_API_LEVEL (\d+)$/m', $header, $m), 'no PHP_JUSTCLICK_API_LEVEL in php_justclick.h');
        self::assertSame((int) $m[1], Backend::EXTENSION_API_LEVEL);
    }

    /**
     * @group ext
     *
     * @requires extension justclick
     */
    public function testTheLoadedExtensionHasThePackagesLevelAndABuildId(): void
    {
        self::assertTrue(Backend::extension());
        self::assertSame(Backend::EXTENSION_API_LEVEL, \JustClick\Ext\Lib::apiLevel());
        self::assertMatchesRegularExpression('/^[0-9a-f]{16}$/', \JustClick\Ext\Lib::buildId());
    }

    /**
     * The drift case: the extension built from commit 9d38bee (before the handshake; it
     * has no invokeTyped) under this package. Both the client and Hash refuse it with a
     * JustClickException naming both levels and the fix, and the sandbox sees nothing.
     * bindings/php-ext/run-tests builds that extension and passes it in JUSTCLICK_OLD_EXT.
     *
     * @group ext
     */
    public function testAnExtensionFromAnEarlierCommitIsRefusedBeforeAnyCall(): void
    {
        $old = (string) getenv('JUSTCLICK_OLD_EXT');
        if ($old === '') {
            if (getenv('CI') === 'true') {
                self::fail('JUSTCLICK_OLD_EXT is not set (bindings/php-ext/run-tests builds it)');
            }
            self::markTestSkipped('JUSTCLICK_OLD_EXT is not set: run bindings/php-ext/run-tests');
        }
        $sandbox = Sandbox::get();
        $before = \count($sandbox->log());
        $run = PhpProcess::run(self::PROBE, [$sandbox->url(''), Sandbox::DEFAULT_SECRET], [], [], [PHP_BINARY, '-n', '-d', "extension=$old"]);
        self::assertSame(0, $run['code'], $run['err']);
        foreach (['client', 'hash'] as $what) {
            self::assertMatchesRegularExpression(
                "/^$what: JustClick\\\\JustClickException: the loaded justclick extension \\(API level 0, .*needs extension API level "
                . Backend::EXTENSION_API_LEVEL . ': rebuild and reinstall the extension .*phpize .*nothing was sent$/m',
                $run['out'],
            );
        }
        self::assertCount($before, $sandbox->log(), 'a request reached the sandbox');
    }

    /**
     * preload.php kept from an FFI setup on a PHP without FFI (no FFI extension at all):
     * preloading succeeds, the classes are preloaded, and a call says what is missing.
     * (bindings/php-ext/fpm/run does the same under php-fpm with the extension and
     * ffi.enable=0.)
     */
    public function testPreloadWithoutFfiStartsAndNamesTheExtension(): void
    {
        $opcache = \ini_get('extension_dir') . '/opcache.so';
        if (!is_file($opcache)) {
            self::markTestSkipped("no $opcache");
        }
        $package = PackageCopy::make();
        $php = [PHP_BINARY, '-n', '-d', "zend_extension=$opcache", '-d', 'opcache.enable_cli=1', '-d', "opcache.preload=$package/preload.php"];
        if (\function_exists('posix_getuid') && posix_getuid() === 0) {
            array_push($php, '-d', 'opcache.preload_user=nobody');
        }
        $run = PhpProcess::run(__DIR__ . '/Support/preload_probe.php', [], ['JUSTCLICK_LIB' => ''], [], $php);
        self::assertSame(0, $run['code'], $run['err']);
        self::assertStringStartsWith("preloaded\nJustClick\\JustClickException: the justclick extension is not loaded, and neither is PHP FFI", $run['out'], $run['err']);
        self::assertStringContainsString('extension=justclick', $run['out']);
    }

    /** No extension and no FFI: the message names the extension and its php.ini line. */
    public function testWithoutExtensionAndFfiTheMessageNamesTheExtension(): void
    {
        $run = PhpProcess::run(self::PROBE, ['http://127.0.0.1:9/api/', 'secret'], ['JUSTCLICK_LIB' => ''], [], [PHP_BINARY, '-n']);
        self::assertSame(0, $run['code'], $run['err']);
        foreach (['client', 'hash'] as $what) {
            self::assertMatchesRegularExpression(
                "/^$what: JustClick\\\\JustClickException: the justclick extension is not loaded, and neither is PHP FFI.*"
                . 'the php\.ini line extension=justclick/m',
                $run['out'],
            );
        }
    }
}
