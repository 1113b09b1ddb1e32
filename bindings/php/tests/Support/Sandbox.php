<?php

declare(strict_types=1);

namespace JustClick\Tests\Support;

/**
 * The local JustClick sandbox (`justclick sandbox`), one per test run.
 *
 * `run-tests` starts it and exports JUSTCLICK_SANDBOX_READY (the ready file); when phpunit
 * runs alone, the first test that needs it starts `target/debug/justclick sandbox` itself
 * and stops it at exit. Control endpoints (faults, reset, state, request log) are plain
 * HTTP on the same port.
 */
final class Sandbox
{
    /** The sandbox's default account secret (justclick_sandbox::DEFAULT_SECRET). */
    public const DEFAULT_SECRET = 'demo-secret-0123456789abcdef0123456789ab';

    private static ?self $instance = null;

    /** @var resource|null the process we started, if we did */
    private $process = null;

    private function __construct(
        public readonly string $baseUrl,
        public readonly string $origin,
        public readonly string $login,
        public readonly string $secret,
        public readonly ?string $caFile = null,
    ) {
    }

    public static function get(): self
    {
        return self::$instance ??= self::connect();
    }

    /** Makes the next `$count` API answers misbehave (`forged_hash`, `hash_true`, `slow`…). */
    public function fault(string $mode, int $count = 1, ?int $delayMs = null): void
    {
        $form = ['mode' => $mode, 'count' => $count];
        if ($delayMs !== null) {
            $form['delay_ms'] = $delayMs;
        }
        $this->control('POST', '/_sandbox/fault', $form);
    }

    /** Back to the seed data, no faults, no latency. */
    public function reset(): void
    {
        $this->control('POST', '/_sandbox/reset', []);
    }

    /** @return array<string, mixed> the sandbox's data (contacts, groups, goods, orders) */
    public function state(): array
    {
        return json_decode($this->control('GET', '/_sandbox/state'), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return list<array<string, mixed>> the requests the sandbox received, oldest first */
    public function log(): array
    {
        return json_decode($this->control('GET', '/_sandbox/log'), true, 512, JSON_THROW_ON_ERROR);
    }

    /** The API 1.0 URL of a method, as the vendor sample builds it. */
    public function url(string $method): string
    {
        return $this->baseUrl . $method;
    }

    /** @param array<string, scalar>|null $form */
    private function control(string $verb, string $path, ?array $form = null): string
    {
        $ch = curl_init($this->origin . $path);
        curl_setopt_array($ch, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 10,
            CURLOPT_CUSTOMREQUEST => $verb,
        ]);
        if ($verb === 'POST') {
            curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($form ?? []));
        }
        $body = curl_exec($ch);
        $status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        $error = curl_error($ch);
        curl_close($ch);
        if ($body === false || $status !== 200) {
            throw new \RuntimeException("sandbox $verb $path failed: HTTP $status $error " . (\is_string($body) ? $body : ''));
        }

        return $body;
    }

    private static function connect(): self
    {
        $ready = getenv('JUSTCLICK_SANDBOX_READY');
        if ($ready !== false && $ready !== '') {
            return self::fromReadyFile($ready);
        }

        return self::spawn();
    }

    private static function fromReadyFile(string $file, $process = null): self
    {
        $info = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
        $secret = getenv('JUSTCLICK_SANDBOX_SECRET');
        $sandbox = new self(
            $info['base_url'],
            $info['origin'],
            $info['login'],
            $secret === false || $secret === '' ? self::DEFAULT_SECRET : $secret,
            $info['ca_file'] ?? null,
        );
        $sandbox->process = $process;

        return $sandbox;
    }

    /**
     * Starts a sandbox process of its own (e.g. `['--tls']`), stopped at exit or by {@see stop()}.
     *
     * @param list<string> $args extra `justclick sandbox` arguments
     */
    public static function spawn(array $args = []): self
    {
        $bin = getenv('JUSTCLICK_BIN') ?: \dirname(__DIR__, 4) . '/target/debug/justclick';
        if (!is_file($bin)) {
            throw new \RuntimeException("no sandbox binary at $bin: run `cargo build` (or bindings/php/run-tests)");
        }
        $dir = sys_get_temp_dir() . '/justclick-php-' . getmypid() . '-' . bin2hex(random_bytes(4));
        @mkdir($dir);
        $ready = "$dir/ready.json";
        @unlink($ready);
        $process = proc_open(
            [$bin, 'sandbox', '--port', '0', '--ready-file', $ready, ...$args],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$dir/sandbox.log", 'w'], 2 => ['file', "$dir/sandbox.log", 'a']],
            $pipes,
        );
        if ($process === false) {
            throw new \RuntimeException("cannot start $bin");
        }
        $deadline = microtime(true) + 60;
        // Wait until the ready file holds complete JSON (it may be seen half-written).
        while (!\is_array(json_decode((string) @file_get_contents($ready), true))) {
            if (!proc_get_status($process)['running'] || microtime(true) > $deadline) {
                proc_terminate($process);
                throw new \RuntimeException('the sandbox did not start: ' . @file_get_contents("$dir/sandbox.log"));
            }
            usleep(20_000);
        }
        $sandbox = self::fromReadyFile($ready, $process);
        register_shutdown_function(static function () use ($sandbox, $dir): void {
            $sandbox->stop();
            @unlink("$dir/ready.json");
            @unlink("$dir/sandbox.log");
            @rmdir($dir);
        });

        return $sandbox;
    }

    /** Stops the process this object started (no-op for the shared one from run-tests). */
    public function stop(): void
    {
        if (\is_resource($this->process)) {
            proc_terminate($this->process);
            proc_close($this->process);
            $this->process = null;
            // The sandbox leaves its generated CA certificate behind when stopped.
            if ($this->caFile !== null) {
                @unlink($this->caFile);
            }
        }
    }
}
