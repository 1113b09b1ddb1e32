<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\Client;
use JustClick\Ffi;
use JustClick\InvalidArgumentException;
use JustClick\JustClickException;
use JustClick\Tests\Support\PackageCopy;
use JustClick\Tests\Support\PhpProcess;
use PHPUnit\Framework\TestCase;

/**
 * How the library is found and loaded, and that the header matches what the package calls.
 *
 * FFI backend only: bindings/php-ext/run-tests runs this suite on the extension with
 * --exclude-group ffi.
 *
 * @group ffi
 */
final class FfiTest extends TestCase
{
    private string|false $savedLib;

    private string $savedCwd;

    protected function setUp(): void
    {
        $this->savedLib = getenv('JUSTCLICK_LIB');
        $this->savedCwd = (string) getcwd();
    }

    protected function tearDown(): void
    {
        putenv($this->savedLib === false ? 'JUSTCLICK_LIB' : "JUSTCLICK_LIB={$this->savedLib}");
        chdir($this->savedCwd);
    }

    public function testRelativeJustclickLibIsRefused(): void
    {
        putenv('JUSTCLICK_LIB=target/debug/libjustclick.so');
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('absolute');
        Ffi::resolveLibrary();
    }

    public function testRelativeLibraryOptionIsRefused(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage("'library' option must be an absolute path");
        new Client('login', 'secret', ['library' => './libjustclick.so']);
    }

    public function testMissingLibraryFileIsNamed(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('/nonexistent/libjustclick.so');
        new Client('login', 'secret', ['library' => '/nonexistent/libjustclick.so']);
    }

    public function testAFileThatIsNotTheLibraryIsReported(): void
    {
        try {
            new Client('login', 'secret', ['library' => __FILE__]);
            self::fail('loaded a PHP file as a library');
        } catch (JustClickException $e) {
            self::assertNotInstanceOf(InvalidArgumentException::class, $e);
            self::assertStringContainsString('cannot load libjustclick', $e->getMessage());
            self::assertStringContainsString('JUSTCLICK_LIB', $e->getMessage());
        }
    }

    public function testABareNameIsLeftToTheDynamicLoader(): void
    {
        putenv('JUSTCLICK_LIB=libjustclick.so');
        self::assertSame('libjustclick.so', Ffi::resolveLibrary());
    }

    public function testWithoutSettingsTheBuildOutputNextToThePackageIsUsedWhateverTheCwd(): void
    {
        putenv('JUSTCLICK_LIB');
        $root = \dirname(__DIR__, 3);
        $expected = 'libjustclick.so';
        $newest = -1;
        foreach (['release', 'debug'] as $profile) { // the newer build wins
            $file = "$root/target/$profile/libjustclick.so";
            if (is_file($file) && filemtime($file) > $newest) {
                [$expected, $newest] = [$file, filemtime($file)];
            }
        }
        self::assertSame($expected, Ffi::resolveLibrary());
        chdir(sys_get_temp_dir());
        self::assertSame($expected, Ffi::resolveLibrary());
    }

    public function testStaticHelpersUseTheLibraryAClientLoadedWhenNothingElseIsConfigured(): void
    {
        // An installed package (no target/ next to it), no JUSTCLICK_LIB, no system library:
        // only the Client's `library` option says where libjustclick is.
        $package = PackageCopy::make();
        $script = "$package/probe.php";
        file_put_contents($script, <<<'PHP'
            <?php
            require __DIR__ . '/autoload.php';
            new JustClick\Client('demo', 'secret', ['library' => $argv[1], 'base_url' => 'http://127.0.0.1:9/api/']);
            echo JustClick\Hash::get(['a' => 1], 'l', 's');
            PHP);
        try {
            $run = PhpProcess::run($script, [Ffi::resolveLibrary()], ['JUSTCLICK_LIB' => '', 'LD_LIBRARY_PATH' => ''], ['ffi.enable' => '1']);
        } finally {
            unlink($script);
        }
        self::assertSame(md5('a=1::l::s'), $run['out'], $run['err']);
    }

    public function testTheLibraryIsLoadedOncePerProcess(): void
    {
        self::assertSame(Ffi::get(), Ffi::get());
    }

    public function testVersionIsTheCrateVersion(): void
    {
        $toml = (string) file_get_contents(\dirname(__DIR__, 3) . '/Cargo.toml');
        self::assertSame(1, preg_match('/^version = "([^"]+)"/m', $toml, $m));
        self::assertSame($m[1], Ffi::version());
    }

    public function testTheHeaderDeclaresEveryFunctionThePackageCalls(): void
    {
        $header = (string) file_get_contents(Ffi::HEADER);
        self::assertStringStartsWith("#define FFI_SCOPE \"JUSTCLICK\"\n", $header);
        $called = [];
        foreach (glob(\dirname(__DIR__) . '/src/*.php') as $file) {
            preg_match_all('/\b(jc_[a-z0-9_]+)\b/', (string) file_get_contents($file), $m);
            array_push($called, ...$m[1]);
        }
        $called = array_unique($called);
        self::assertGreaterThanOrEqual(15, \count($called));
        foreach ($called as $function) {
            self::assertMatchesRegularExpression("/\\b$function\\b/", $header, "$function is not declared in justclick.ffi.h");
        }
    }
}
