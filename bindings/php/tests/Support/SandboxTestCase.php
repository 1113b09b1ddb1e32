<?php

declare(strict_types=1);

namespace JustClick\Tests\Support;

use JustClick\Client;
use PHPUnit\Framework\TestCase;

/** A test against the shared sandbox, reset to its seed data before each test. */
abstract class SandboxTestCase extends TestCase
{
    protected Sandbox $sandbox;

    protected function setUp(): void
    {
        $this->sandbox = Sandbox::get();
        $this->sandbox->reset();
    }

    /** @param array<string, mixed> $options */
    protected function client(array $options = []): Client
    {
        return new Client($this->sandbox->login, $this->sandbox->secret, $options + [
            'base_url' => $this->sandbox->baseUrl,
            'timeout_ms' => 10_000,
            'retry_base_delay_ms' => 1,
        ]);
    }

    /**
     * The account's data as the sandbox holds it.
     *
     * @return array<string, mixed>
     */
    protected function account(): array
    {
        return $this->sandbox->state()['accounts'][$this->sandbox->login];
    }

    /**
     * The contact with this e-mail in the sandbox, or null.
     *
     * @return array<string, mixed>|null
     */
    protected function contact(string $email): ?array
    {
        foreach ($this->account()['contacts'] as $contact) {
            if ($contact['email'] === $email) {
                return $contact;
            }
        }

        return null;
    }

    /** The contact's status in a group per the sandbox (`STATUS_SUBSCRIBE`, …), or null. */
    protected function subscription(string $email, string $group): ?string
    {
        foreach ($this->contact($email)['subscriptions'] ?? [] as $s) {
            if ($s['group'] === $group) {
                return $s['status'];
            }
        }

        return null;
    }
}
