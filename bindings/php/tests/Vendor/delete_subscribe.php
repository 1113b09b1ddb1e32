<?php

/*
 * The vendor's DeleteSubscribe example script, as published (Russian messages kept), with
 * the login, secret and host read from the environment instead of pasted in:
 *
 *   JUSTCLICK_LOGIN=… JUSTCLICK_SECRET=… JUSTCLICK_BASE_URL=http://…/api/ php delete_subscribe.php EMAIL GROUP
 *
 * Used by VendorFlowTest to run the vendor's flow next to examples/unsubscribe.php.
 */

require __DIR__ . '/vendor_sample.php';

use function JustClick\Tests\Vendor\CheckHash;
use function JustClick\Tests\Vendor\GetHash;
use function JustClick\Tests\Vendor\Send;

// Логин в системе JustClick (the JustClick login)
$user_rs['user_id'] = getenv('JUSTCLICK_LOGIN');
// Ключ для формирования подписи (the signing key)
$user_rs['user_rps_key'] = getenv('JUSTCLICK_SECRET');

// Формируем массив данных для передачи в API (the data to send)
$send_data = array(
    'lead_email' => $argv[1],
    'rass_name' => $argv[2],
);

// Формируем подпись к передаваемым данным (sign it)
$send_data['hash'] = GetHash($send_data, $user_rs);

// Вызываем функцию DeleteSubscribe в API и декодируем полученные данные (call and decode)
$resp = json_decode(Send(getenv('JUSTCLICK_BASE_URL') . 'DeleteSubscribe', $send_data));

// Проверяем ответ сервиса (check the answer)
if(!CheckHash($resp, $user_rs)){
    echo "Ошибка! Подпись к ответу не верна!"; exit;
}
if($resp->error_code == 0)
    echo "Пользователь удален из группы {$send_data['rass_name']}. Ответ сервиса: {$resp->error_text}";
else
    echo "Ошибка код:{$resp->error_code} - описание: {$resp->error_text}";
