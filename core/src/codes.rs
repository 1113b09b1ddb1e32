//! Every documented JustClick `error_code`, with the texts the docs print, the texts the
//! server sends, and readable English and Russian descriptions.
//!
//! Codes 300–303 mean different things for products (server code) and for orders (doc
//! table), so lookups take the method name; see [`describe`].

/// One row of the error-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The numeric `error_code`.
    pub code: i64,
    /// The text as printed in the documentation table (lower case), or `""`.
    pub doc_text: &'static str,
    /// The text the server sends (capitalised; some carry a dynamic suffix).
    pub server_text: &'static str,
    /// What it means, in English.
    pub en: &'static str,
    /// What it means, in Russian.
    pub ru: &'static str,
    /// Methods this row is specific to; empty for general codes.
    pub methods: &'static [&'static str],
}

const PRODUCT_METHODS: &[&str] = &["AddGood", "UpdateGood", "DeleteGood"];
const ORDER_STATUS_METHODS: &[&str] = &["UpdateOrderStatus", "DeleteOrder"];

macro_rules! row {
    ($code:expr, $doc:expr, $srv:expr, $en:expr, $ru:expr) => {
        row!($code, $doc, $srv, $en, $ru, &[])
    };
    ($code:expr, $doc:expr, $srv:expr, $en:expr, $ru:expr, $methods:expr) => {
        CodeInfo {
            code: $code,
            doc_text: $doc,
            server_text: $srv,
            en: $en,
            ru: $ru,
            methods: $methods,
        }
    };
}

/// The whole table, in code order (spec section 5).
pub const CODES: &[CodeInfo] = &[
    row!(0, "ok", "OK", "success", "успешно"),
    row!(
        1,
        "not transferred hash",
        "Not transferred hash",
        "the request carried no hash field",
        "не передан хеш запроса"
    ),
    row!(
        2,
        "no transmitted data",
        "No transmitted data",
        "no data was sent, or a required field is missing",
        "не переданы данные или отсутствует обязательное поле"
    ),
    row!(
        3,
        "wrong posted data",
        "Wrong posted data",
        "the data sent is invalid",
        "переданы неверные данные"
    ),
    row!(
        4,
        "incorrect hash",
        "Incorrect hash",
        "the request signature did not match: check the login and the secret key",
        "неверный хеш запроса: проверьте логин и секретный ключ"
    ),
    row!(
        5,
        "invalid user name",
        "Invalid user name",
        "unknown login",
        "неверное имя пользователя (логин)"
    ),
    row!(
        6,
        "permission denied for ip",
        "Permission denied for IP ",
        "access denied for the caller's IP address",
        "доступ запрещён для IP-адреса"
    ),
    row!(
        7,
        "account disabled",
        "Account disabled",
        "the account is disabled",
        "аккаунт отключён"
    ),
    row!(
        8,
        "",
        "Limit to subscribe for this IP exided. Try later.",
        "request limit for this IP address reached; back off, or ask support to enable the API for the account",
        "лимит запросов по API с данного адреса исчерпан; попробуйте позже или попросите поддержку включить API"
    ),
    row!(
        100,
        "email is missing",
        "Email is missing",
        "the contact e-mail is missing or invalid",
        "не указан или неверен e-mail контакта"
    ),
    row!(
        101,
        "subscription error",
        "Subscription error: ",
        "subscription failed",
        "ошибка подписки"
    ),
    row!(
        102,
        "the subscriber is already registered",
        "The subscriber is already registered",
        "the contact is already in every given group",
        "подписчик уже зарегистрирован в указанных группах"
    ),
    row!(
        103,
        "has an invalid subscriptions group",
        "Has an invalid subscriptions group",
        "no such group",
        "указана несуществующая группа подписки"
    ),
    row!(
        104,
        "subscription forbidden for",
        "Subscription forbidden for ",
        "the group does not accept subscriptions (e.g. an auto-group)",
        "подписка на группу запрещена"
    ),
    row!(
        105,
        "",
        "The subscriber cannot be subscribed",
        "the contact cannot be subscribed",
        "подписчик не может быть подписан"
    ),
    row!(
        106,
        "",
        "The subscriber cannot be activated",
        "the contact cannot be activated",
        "подписчик не может быть активирован"
    ),
    row!(
        200,
        "nonexistent order",
        "Nonexistent order",
        "no such order",
        "несуществующий заказ"
    ),
    row!(
        201,
        "wrong status",
        "Wrong status",
        "invalid order status",
        "неверный статус"
    ),
    row!(
        202,
        "order not paid",
        "Order not paid",
        "the order could not be marked paid",
        "ошибка при оплате заказа"
    ),
    row!(
        203,
        "order number is empty",
        "Order number is empty",
        "no order number given",
        "не указан номер заказа"
    ),
    row!(
        204,
        "",
        "Order status is not changed",
        "the order status was not changed",
        "статус заказа не изменён"
    ),
    row!(205, "", "Refund error:", "refund failed", "ошибка возврата"),
    row!(
        300,
        "",
        "Product not found",
        "no such product",
        "продукт не найден",
        PRODUCT_METHODS
    ),
    row!(
        301,
        "",
        "Product already exist",
        "a product with this id already exists",
        "продукт с таким идентификатором уже существует",
        PRODUCT_METHODS
    ),
    row!(
        302,
        "",
        "Failed to remove product",
        "the product could not be changed or removed (or does not exist)",
        "не удалось изменить или удалить продукт",
        PRODUCT_METHODS
    ),
    row!(
        303,
        "",
        "Failed to add product",
        "the product could not be added",
        "не удалось добавить продукт",
        PRODUCT_METHODS
    ),
    row!(
        302,
        "nonexistent order",
        "Nonexistent order",
        "no such order",
        "несуществующий заказ",
        ORDER_STATUS_METHODS
    ),
    row!(
        303,
        "wrong status",
        "Wrong status",
        "no such order status",
        "несуществующий статус заказа",
        ORDER_STATUS_METHODS
    ),
    row!(
        400,
        "order not found",
        "Order not found",
        "no order found",
        "заказ не найден"
    ),
    row!(
        401,
        "",
        "Orders not found",
        "no orders in the period",
        "заказы за период не найдены"
    ),
    row!(
        500,
        "subscriber not found",
        "Subscriber not found",
        "no contact with this e-mail",
        "подписчик не найден"
    ),
    row!(
        501,
        "group not found",
        "Group not found",
        "no groups found (the contact is in no group)",
        "группы не найдены"
    ),
    row!(
        600,
        "wrong email",
        "Wrong email: ",
        "invalid buyer e-mail",
        "неверный e-mail покупателя"
    ),
    row!(
        601,
        "order already exist. his number send in result array.",
        "Order already exist. His number send in result array.",
        "the order already exists; its number is in result.bill_id",
        "заказ уже существует, его номер передан в result.bill_id"
    ),
    row!(
        602,
        "error creating order",
        "Error creating order",
        "the order could not be created",
        "ошибка создания заказа"
    ),
    row!(
        603,
        "missing products",
        "Missing products",
        "no products given",
        "не указаны продукты"
    ),
    row!(
        604,
        "product not exist",
        "Product not exist: ",
        "no such product",
        "продукт не существует"
    ),
    row!(
        605,
        "not having any data for delivery products",
        "Not having any data for delivery products",
        "a physical product needs delivery data (name, surname, country, city, address)",
        "для физического продукта не хватает данных доставки"
    ),
    row!(
        606,
        "",
        "Function for creating new orders throw API was disabled for your account",
        "creating orders through the API is disabled for the account",
        "создание заказов через API отключено для аккаунта"
    ),
    row!(
        700,
        "no products",
        "No products",
        "the shop has no products",
        "в магазине нет продуктов"
    ),
    row!(
        800,
        "group subscribers is not found",
        "Group subscribers is not found",
        "no such group",
        "группа подписчиков не найдена"
    ),
    row!(
        801,
        "subscriber with such address is not found",
        "Subscriber with such address is not found",
        "no contact with this e-mail",
        "подписчик с таким адресом не найден"
    ),
    row!(
        900,
        "",
        "Active domains not found",
        "no active domains",
        "активные домены не найдены"
    ),
    row!(
        950,
        "",
        "Recurrent is not canceled",
        "the recurring payment was not cancelled",
        "рекуррентный платёж не отменён"
    ),
    row!(
        1000,
        "",
        "Partner not found",
        "no such partner",
        "партнёр не найден"
    ),
];

/// The row for `code` as returned by `method` (method-specific rows win; method names
/// compare case-insensitively, as PHP dispatches them).
#[must_use]
pub fn describe(method: &str, code: i64) -> Option<&'static CodeInfo> {
    let specific = CODES
        .iter()
        .find(|c| c.code == code && c.methods.iter().any(|m| m.eq_ignore_ascii_case(method)));
    specific.or_else(|| {
        CODES
            .iter()
            .find(|c| c.code == code && c.methods.is_empty())
            .or_else(|| CODES.iter().find(|c| c.code == code))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_hundreds_depend_on_the_method() {
        assert_eq!(
            describe("DeleteGood", 302).unwrap().server_text,
            "Failed to remove product"
        );
        assert_eq!(describe("DeleteOrder", 302).unwrap().en, "no such order");
        assert_eq!(
            describe("deleteorder", 303).unwrap().doc_text,
            "wrong status"
        );
        assert!(describe("GetAllGoods", 12345).is_none());
    }

    #[test]
    fn every_row_has_both_languages() {
        for c in CODES {
            assert!(!c.en.is_empty() && !c.ru.is_empty(), "{}", c.code);
        }
    }
}
