<?php

declare(strict_types=1);

namespace JustClick;

use FFI\CData;

/**
 * One loaded libjustclick plus a reusable `jc_error` slot, and the calling conventions
 * every wrapper shares: statuses become exceptions, owned strings are copied with
 * `FFI::string($p, $len)` and freed with `jc_string_free` in `finally`.
 *
 * Not shareable between threads (neither is any FFI object): each Client has its own,
 * and the static helpers share {@see shared()}.
 *
 * @internal
 */
final class Native
{
    private static ?self $shared = null;

    /** `jc_error *`, owned; freed in __destruct. */
    private CData $error;

    /** `char[32]` for {@see floatText()}, made on first use. */
    private ?CData $floatBuffer = null;

    /** The instance the static helpers ({@see Hash}, {@see Notification}) share: the default library. */
    public static function shared(): self
    {
        return self::$shared ??= new self(Ffi::get());
    }

    public function __construct(public readonly \FFI $ffi)
    {
        $error = $ffi->jc_error_new();
        if ($error === null || \FFI::isNull($error)) {
            throw new JustClickException('jc_error_new returned NULL (out of memory)');
        }
        $this->error = $error;
    }

    public function __destruct()
    {
        $this->ffi->jc_error_free($this->error);
    }

    /**
     * `$value` as this process's `http_build_query` writes it, under its `precision` ini
     * setting (`jc_php_float`): the FFI backend sends floats as these strings, so that
     * they are signed and sent as the vendor code would in this process.
     */
    public function floatText(float $value): string
    {
        $this->floatBuffer ??= $this->ffi->new('char[32]');
        $precision = (int) \ini_get('precision');
        $len = $this->ffi->jc_php_float($value, $precision, $this->floatBuffer, 32);
        if ($len < 32) {
            return \FFI::string($this->floatBuffer, $len);
        }
        $long = $this->ffi->new('char[' . ($len + 1) . ']');
        $this->ffi->jc_php_float($value, $precision, $long, $len + 1);

        return \FFI::string($long, $len);
    }

    /** The `jc_error *` to pass as the last argument of fallible calls. */
    public function error(): CData
    {
        return $this->error;
    }

    /**
     * Returns when `$status` is `JC_STATUS_OK` (0); otherwise throws the exception the
     * status and the error slot describe.
     *
     * @throws JustClickException
     */
    public function check(int $status, ?string $method = null): void
    {
        if ($status !== 0) {
            throw $this->exception($status, $method);
        }
    }

    /**
     * Runs `$call(char **out, size_t *out_len)`, which returns a `jc_status`, and returns
     * the owned string it wrote. The string is freed whatever happens.
     *
     * @param \Closure(CData, CData): int $call
     *
     * @throws JustClickException
     */
    public function takeString(?string $method, \Closure $call): string
    {
        $out = $this->ffi->new('char *');
        $len = $this->ffi->new('size_t');
        try {
            $this->check($call(\FFI::addr($out), \FFI::addr($len)), $method);

            return \FFI::string($out, $len->cdata);
        } finally {
            if (!\FFI::isNull($out)) {
                $this->ffi->jc_string_free($out);
            }
        }
    }

    /** The exception for a failed status, read from the error slot. */
    public function exception(int $status, ?string $method = null): JustClickException
    {
        $ffi = $this->ffi;
        $name = $ffi->jc_status_str($status); // "JC_STATUS_UNKNOWN" for values it does not know
        $message = $ffi->jc_error_message($this->error);
        $message = $message === null || $message === '' ? $name : $message;
        $http = $ffi->jc_error_http_status($this->error);
        $http = $http > 0 ? $http : null;

        return Backend::exception($name, $message, (int) $ffi->jc_error_api_code($this->error), $method, $http);
    }
}
