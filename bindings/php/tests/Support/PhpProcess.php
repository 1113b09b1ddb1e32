<?php

declare(strict_types=1);

namespace JustClick\Tests\Support;

/** Runs a PHP script in a child process (the way users run theirs) and collects its output. */
final class PhpProcess
{
    /**
     * @param list<string>          $args  script arguments
     * @param array<string, string> $env   added to (and overriding) this process's environment
     * @param array<string, string> $ini   `-d` settings
     * @param list<string>|null     $php   the interpreter and its flags (default: this PHP binary)
     *
     * @return array{out: string, err: string, code: int}
     */
    public static function run(string $script, array $args = [], array $env = [], array $ini = [], ?array $php = null): array
    {
        $command = $php ?? [PHP_BINARY];
        foreach ($ini as $name => $value) {
            $command[] = '-d';
            $command[] = "$name=$value";
        }
        // stderr goes to a file so that neither pipe can fill up while the other is read.
        $errFile = tempnam(sys_get_temp_dir(), 'jc-err');
        $process = proc_open(
            [...$command, $script, ...$args],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $errFile, 'w']],
            $pipes,
            null,
            $env + getenv(),
        );
        if ($process === false) {
            throw new \RuntimeException("cannot run $script");
        }
        $out = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        $code = proc_close($process);
        $err = file_get_contents($errFile);
        unlink($errFile);

        return ['out' => (string) $out, 'err' => (string) $err, 'code' => $code];
    }
}
