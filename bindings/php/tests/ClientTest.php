<?php

declare(strict_types=1);

namespace JustClick\Tests;

use JustClick\ApiException;
use JustClick\BadResponseException;
use JustClick\Client;
use JustClick\InvalidArgumentException;
use JustClick\Tests\Support\SandboxTestCase;

/**
 * Every Client method against the sandbox: the answer it returns and the change the
 * sandbox's data shows.
 */
final class ClientTest extends SandboxTestCase
{
    /** The 29 documented methods and the PHP method that calls each. */
    private const METHODS = [
        'AddLeadToGroup' => 'addLeadToGroup', 'UpdateSubscriberData' => 'updateSubscriberData',
        'DeleteSubscribe' => 'deleteSubscribe', 'GetLeadGroupStatuses' => 'getLeadGroupStatuses',
        'GetLeadGroups' => 'getLeadGroups', 'GetAllGroups' => 'getAllGroups',
        'GetCountSubscribe' => 'getCountSubscribe', 'AddGood' => 'addGood', 'UpdateGood' => 'updateGood',
        'DeleteGood' => 'deleteGood', 'GetAllGoods' => 'getAllGoods', 'CreateOrder' => 'createOrder',
        'UpdateOrderStatus' => 'updateOrderStatus', 'DeleteOrder' => 'deleteOrder', 'GetOrders' => 'getOrders',
        'getOrdersWithGoods' => 'getOrdersWithGoods', 'getOrderDetails' => 'getOrderDetails',
        'GetOrderInfo' => 'getOrderInfo', 'GetBills' => 'getBills', 'GetPartnerStats' => 'getPartnerStats',
        'createorder' => 'v2CreateOrder', 'addupdatelead' => 'addUpdateLead', 'addtagtolead' => 'addTagToLead',
        'removetagfromlead' => 'removeTagFromLead', 'removeleadfromlist' => 'removeLeadFromList',
        'getalllists' => 'getAllLists', 'getgoods' => 'getGoods', 'getcoupons' => 'getCoupons',
        'getpersonalmanagers' => 'getPersonalManagers',
    ];

    public function testOnePhpMethodPerDocumentedMethod(): void
    {
        $class = new \ReflectionClass(Client::class);
        $public = array_filter(
            $class->getMethods(\ReflectionMethod::IS_PUBLIC),
            static fn (\ReflectionMethod $m) => !str_starts_with($m->getName(), '__')
                && !\in_array($m->getName(), ['call', 'callV2', 'invoke'], true),
        );
        $names = array_map(static fn (\ReflectionMethod $m) => $m->getName(), $public);
        sort($names);
        $expected = array_values(self::METHODS);
        sort($expected);
        self::assertCount(29, $expected);
        self::assertSame($expected, $names);
    }

    public function testContactsAndGroups(): void
    {
        $client = $this->client();
        $email = 'new.lead@example.com';

        $groups = $client->getAllGroups();
        $names = array_column($groups, 'rass_name');
        foreach (['super', 'mega', '1608202637.2284137403'] as $seeded) {
            self::assertContains($seeded, $names);
        }
        self::assertSame(array_column($groups, 'rass_name'), array_column($client->call('GetAllGroups'), 'rass_name'));

        $client->addLeadToGroup(['super', '1608202637.2284137403'], $email, [
            'lead_name' => 'Иван Петров', 'lead_phone' => '+7 900 000-00-00', 'tag' => "a b~c*!'()",
            'doneurl2' => 'https://example.com/thanks?x=1&y=2', 'utm' => ['utm_medium' => 'cpc', 'utm_source' => 'direct'],
        ]);
        self::assertSame('Иван Петров', $this->contact($email)['name']);
        self::assertNotNull($this->subscription($email, 'super'));
        self::assertNotNull($this->subscription($email, '1608202637.2284137403'));

        $statuses = $client->getLeadGroupStatuses($email);
        self::assertEqualsCanonicalizing(['super', '1608202637.2284137403'], array_column($statuses, 'rass_name'));
        foreach ($statuses as $s) {
            self::assertArrayHasKey('rass_title', $s);
            self::assertContains($s['rass_status'], ['STATUS_WAIT', 'STATUS_SUBSCRIBE']);
            self::assertArrayHasKey('subscription_time', $s);
        }
        self::assertEqualsCanonicalizing(
            ['super', '1608202637.2284137403'],
            array_column($client->getLeadGroups($email), 'rass_name'),
        );

        // One group as a plain string, as the vendor's forms send rid[0].
        $client->addLeadToGroup('mega', $email);
        self::assertNotNull($this->subscription($email, 'mega'));
        try {
            $client->addLeadToGroup('mega', $email);
            self::fail('subscribing twice succeeded');
        } catch (ApiException $e) {
            self::assertSame(102, $e->getApiCode());
        }

        $client->updateSubscriberData($email, ['lead_name' => 'Пётр', 'lead_city' => 'Тверь']);
        self::assertSame('Пётр', $this->contact($email)['name']);
        self::assertSame('Тверь', $this->contact($email)['city']);

        $before = $client->getCountSubscribe('super');
        self::assertGreaterThanOrEqual(2, $before);
        $client->deleteSubscribe($email, 'super');
        self::assertSame('STATUS_UNSUBSCRIBE', $this->subscription($email, 'super'));
        self::assertSame($before - 1, $client->getCountSubscribe('super'));
        self::assertGreaterThanOrEqual(2, $client->getCountSubscribe('all'));
    }

    public function testProducts(): void
    {
        $client = $this->client();
        $names = array_column($client->getAllGoods(), 'good_name');
        self::assertContains('course', $names);
        self::assertContains('book', $names);

        $client->addGood('webinar', 'digital', 'Вебинар «Старт»', 1490.5, ['good_success_link' => 'https://example.com/ok']);
        $added = $this->good($client, 'webinar');
        self::assertSame('Вебинар «Старт»', $added['good_title']);
        self::assertEquals(1490.5, $added['good_sum']);

        $client->updateGood('webinar', 990, ['good_title' => 'Вебинар']);
        $updated = $this->good($client, 'webinar');
        self::assertSame('Вебинар', $updated['good_title']);
        self::assertEquals(990, $updated['good_sum']);

        $client->deleteGood('webinar');
        self::assertNotContains('webinar', array_column($client->getAllGoods(), 'good_name'));
        self::assertNotContains('webinar', array_column($client->getGoods(), 'good_name'));
    }

    public function testOrders(): void
    {
        $client = $this->client();
        $buyer = 'buyer@example.com';
        $fields = ['bill_first_name' => 'Анна', 'bill_phone' => '+79000000000', 'bill_tag' => 'php',
            'utm' => ['utm_source' => 'newsletter']];

        $order = $client->createOrder([['good_name' => 'course', 'good_sum' => 990]], $buyer, $fields);
        self::assertIsInt($order['bill_id']);
        self::assertFalse($order['existing']);
        // A retry of the same order is safe: JustClick's 601 gives the existing bill back.
        $again = $client->createOrder([['good_name' => 'course', 'good_sum' => 990]], $buyer, $fields);
        self::assertSame(['bill_id' => $order['bill_id'], 'existing' => true], [
            'bill_id' => $again['bill_id'], 'existing' => $again['existing'],
        ]);
        $id = $order['bill_id'];

        $details = $client->getOrderDetails($id);
        self::assertEquals($id, $details['id']);
        self::assertSame($buyer, $details['email']);
        self::assertCount(1, $details['items']);
        self::assertEquals(990, $details['items'][0]['sum']);
        $info = $client->getOrderInfo($id);
        self::assertEquals($id, $info['id']);
        self::assertSame($buyer, $info['email']);

        $bills = $client->getBills($buyer);
        self::assertArrayHasKey($id, $bills);
        self::assertContains('course', array_column($bills[$id], 'good_name'));

        $today = date('d.m.Y');
        self::assertContains((string) $id, array_map('strval', array_column($client->getOrdersWithGoods($today, $today), 'id')));
        self::assertContains((string) $id, array_map('strval', array_column($client->getOrders(['date_s' => time() - 86400, 'date_e' => time() + 86400]), 'id')));

        $client->updateOrderStatus($id, 'paid', ['date' => time()]);
        self::assertNotEmpty($client->getOrderDetails($id)['paid']);
        self::assertArrayHasKey($id, $client->getBills($buyer, ['pay_status' => 'paid']));

        $client->deleteOrder($id);
        try {
            $client->getOrderDetails($id);
            self::fail('a deleted order is still there');
        } catch (ApiException $e) {
            self::assertSame(400, $e->getApiCode());
        }
        try {
            $client->deleteOrder($id);
            self::fail('deleted twice');
        } catch (ApiException $e) {
            self::assertSame(302, $e->getApiCode()); // 200 from the server is reported as 302 too
        }
    }

    public function testPartnerStats(): void
    {
        $partners = $this->account()['partners'];
        self::assertNotEmpty($partners, 'the sandbox seeds partners');
        $login = $partners[0]['login'] ?? $partners[0]['name'];
        $stats = $this->client()->getPartnerStats($login, ['date_from' => '2020-01-01', 'date_to' => date('Y-m-d')]);
        foreach (['earned_total', 'topay_total', 'clicks_total', 'leads_total', 'bills_total', 'partners_total'] as $key) {
            self::assertArrayHasKey($key, $stats);
        }
        try {
            $this->client()->getPartnerStats('no-such-partner');
            self::fail('unknown partner accepted');
        } catch (ApiException $e) {
            self::assertSame(1000, $e->getApiCode());
        }
    }

    public function testApi2(): void
    {
        $client = $this->client();
        $lists = $client->getAllLists();
        self::assertContains('super', array_column($lists, 'rass_name'));
        self::assertSame(array_column($lists, 'rass_name'), array_column($client->callV2('getalllists'), 'rass_name'));
        foreach (['id', 'rass_id', 'rass_title'] as $key) {
            self::assertArrayHasKey($key, $lists[0]);
        }
        self::assertContains('course', array_column($client->getGoods(), 'good_name'));
        self::assertNotEmpty($client->getCoupons());
        self::assertArrayHasKey('coupon', $client->getCoupons()[0]);
        self::assertNotEmpty($client->getPersonalManagers());
        self::assertArrayHasKey('manager_name', $client->getPersonalManagers()[0]);

        $email = 'v2.lead@example.com';
        $client->addUpdateLead(['lead_email' => $email, 'lead_first_name' => 'Ольга', 'add_to_lists' => ['super', 'mega'], 'add_tags' => ['vip', 'php']]);
        self::assertNotNull($this->subscription($email, 'super'));
        self::assertNotNull($this->subscription($email, 'mega'));
        self::assertEqualsCanonicalizing(['vip', 'php'], $this->contact($email)['tags']);

        $client->addTagToLead($email, ['new']);
        self::assertContains('new', $this->contact($email)['tags']);
        $client->removeTagFromLead($email, 'vip');
        self::assertNotContains('vip', $this->contact($email)['tags']);
        $client->removeLeadFromList($email, ['mega']);
        self::assertNotContains($this->subscription($email, 'mega'), ['STATUS_SUBSCRIBE', 'STATUS_WAIT']);

        $ordersBefore = \count($this->account()['orders']);
        $client->v2CreateOrder(['course', 'book'], ['customer_email' => 'v2.buyer@example.com', 'product_prices' => [100, 200]]);
        self::assertCount($ordersBefore + 1, $this->account()['orders']);
    }

    public function testEveryDocumentedMethodReachedTheServer(): void
    {
        $this->testContactsAndGroups();
        $this->testProducts();
        $this->testOrders();
        $this->testPartnerStats();
        $this->testApi2();
        $paths = array_map(static fn (array $r) => (string) ($r['method'] ?? $r['path'] ?? ''), $this->sandbox->log());
        foreach (array_keys(self::METHODS) as $method) {
            self::assertNotEmpty(
                array_filter($paths, static fn (string $p) => str_ends_with($p, "/$method") || $p === $method),
                "$method was never sent",
            );
        }
    }

    public function testInvokeTakesDocumentedAndSnakeCaseNames(): void
    {
        $client = $this->client();
        $expected = array_column($client->getAllGroups(), 'rass_name');
        self::assertSame($expected, array_column($client->invoke('getallgroups'), 'rass_name'));
        self::assertSame($expected, array_column($client->invoke('get_all_groups'), 'rass_name'));
    }

    public function testRequiredFieldsAreCheckedBeforeSending(): void
    {
        $client = $this->client();
        $sent = \count($this->sandbox->log());
        foreach ([
            'rass_name' => fn () => $client->invoke('DeleteSubscribe', ['lead_email' => 'a@b.c']),
            'goods' => fn () => $client->createOrder([], 'a@b.c'),
            'lead_email' => fn () => $client->deleteSubscribe('', 'super'),
            'date' => fn () => $client->updateOrderStatus(1001, 'paid'),
        ] as $field => $call) {
            try {
                $call();
                self::fail("missing $field accepted");
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString($field, $e->getMessage());
            }
        }
        self::assertCount($sent, $this->sandbox->log(), 'nothing was sent');
    }

    public function testAnArgumentCannotBeRepeatedInFields(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('lead_email');
        $this->client()->addLeadToGroup('super', 'a@b.c', ['lead_email' => 'other@b.c']);
    }

    public function testUnknownMethodIsRefusedByInvokeButCallSendsIt(): void
    {
        $client = $this->client();
        $sent = \count($this->sandbox->log());
        try {
            $client->invoke('GetLeads');
            self::fail('an undocumented method was accepted by invoke');
        } catch (InvalidArgumentException $e) {
            self::assertStringContainsString('GetLeads', $e->getMessage());
        }
        self::assertCount($sent, $this->sandbox->log());
        try {
            $client->call('GetLeads'); // sent as is; the sandbox has no such page
            self::fail('an unknown method succeeded');
        } catch (BadResponseException $e) {
            self::assertSame(404, $e->getHttpStatus());
            self::assertSame('GetLeads', $e->getMethod());
        }
    }

    public function testCloneSharesTheConnectionAndOutlivesTheOriginal(): void
    {
        $client = $this->client();
        $copy = clone $client;
        unset($client);
        gc_collect_cycles();
        self::assertNotEmpty($copy->getAllGroups());
    }

    public function testTheClientCanBeMockedInUserTests(): void
    {
        $mock = $this->createMock(Client::class);
        $mock->expects(self::once())->method('deleteSubscribe')->with('a@b.c', 'super');
        $mock->deleteSubscribe('a@b.c', 'super');
        unset($mock); // destroying a client that never got a native handle is harmless
        gc_collect_cycles();
    }

    public function testVarDumpShowsNoSecret(): void
    {
        $dump = print_r($this->client(), true);
        self::assertStringContainsString($this->sandbox->login, $dump);
        self::assertStringNotContainsString($this->sandbox->secret, $dump);
    }

    /** @return array<string, mixed> */
    private function good(Client $client, string $name): array
    {
        foreach ($client->getAllGoods() as $good) {
            if ($good['good_name'] === $name) {
                return $good;
            }
        }
        self::fail("no product $name");
    }
}
