<?php

declare(strict_types=1);

namespace JustClick\Tests\Support;

/**
 * A copy of the package's runtime files (preload.php, autoload.php, justclick.ffi.h,
 * src/) in a fresh directory every user can read, away from the repository's target/
 * directory: what an installed package looks like. Removed at exit.
 */
final class PackageCopy
{
    private const SOURCE = __DIR__ . '/../..';

    public static function make(): string
    {
        $dir = sys_get_temp_dir() . '/justclick-package-' . getmypid() . '-' . bin2hex(random_bytes(4));
        $files = ['preload.php', 'autoload.php', 'justclick.ffi.h', ...array_map(
            static fn (string $f) => 'src/' . basename($f),
            glob(self::SOURCE . '/src/*.php') ?: [],
        )];
        mkdir("$dir/src", 0755, true);
        chmod($dir, 0755);
        foreach ($files as $file) {
            copy(self::SOURCE . "/$file", "$dir/$file");
            chmod("$dir/$file", 0644);
        }
        register_shutdown_function(static function () use ($dir, $files): void {
            foreach ($files as $file) {
                @unlink("$dir/$file");
            }
            @rmdir("$dir/src");
            @rmdir($dir);
        });

        return $dir;
    }
}
