//! Russian for `--help` and the bulk job's messages when the locale is Russian
//! (`LC_ALL`, else `LC_MESSAGES`, else `LANG`, as POSIX orders them, starting with
//! `ru`). A small catalogue keyed by the English text: untranslated text stays English.

use std::sync::OnceLock;

/// True when the messages locale is Russian.
#[must_use]
pub fn russian() -> bool {
    static RU: OnceLock<bool> = OnceLock::new();
    *RU.get_or_init(|| {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .is_some_and(|v| v.starts_with("ru"))
    })
}

/// English → Russian.
const CATALOGUE: &[(&str, &str)] = &[
    ("dry run of bulk {}", "пробный прогон bulk {}"),
    ("bulk {} interrupted", "bulk {} прервано"),
    ("bulk {} finished", "bulk {} завершено"),
    ("rows in", "строк за"),
    ("would send", "отправилось бы"),
    ("done", "выполнено"),
    ("of them already so", "из них уже было так"),
    ("skipped", "пропущено"),
    ("journal:", "журнал:"),
    ("refused before", "отклонено ранее"),
    ("recovered", "восстановлено"),
    (
        "in flight at the last stop, found applied, not resent",
        "были в пути при остановке, уже применены, не отправлены повторно",
    ),
    ("duplicates", "дубликаты"),
    ("sent once", "отправлены один раз"),
    ("invalid rows", "ошибочные строки"),
    ("API errors", "ошибки API"),
    ("no answer", "без ответа"),
    (
        "checked and retried on the next run",
        "проверяются и повторяются при следующем запуске",
    ),
    ("not attempted", "не начаты"),
    (
        "stopped; run the same command again to continue",
        "остановлено; запустите ту же команду ещё раз, чтобы продолжить",
    ),
    ("top failure reasons:", "основные причины ошибок:"),
    ("invalid row", "ошибочная строка"),
    ("line", "строка"),
    (
        "… more invalid rows: see the summary and --report",
        "… есть ещё ошибочные строки: см. итог и --report",
    ),
    (
        "stopping after the requests in flight (press Ctrl-C again to quit now)",
        "останавливаюсь после запросов в пути (ещё раз Ctrl-C — выйти сразу)",
    ),
    ("resuming job from journal", "продолжаю задание по журналу"),
    ("rows recorded", "строк записано"),
    (
        "that job finished on {}: starting a new job (its journal moved to {}; pass --resume to skip what it did)",
        "то задание завершилось {}: начинаю новое (его журнал перенесён в {}; --resume — пропустить уже сделанное)",
    ),
    ("groups checked", "группы проверены"),
    ("credentials checked", "доступ проверен"),
    ("nothing was sent", "ничего не отправлено"),
    ("does not exist in the account", "нет в аккаунте"),
    ("did you mean", "возможно, имелось в виду"),
    ("rows/s", "строк/с"),
    ("failed", "с ошибкой"),
];

/// The Russian text for `en` when the locale is Russian, else `en`.
#[must_use]
pub fn tr(en: &'static str) -> &'static str {
    if !russian() {
        return en;
    }
    CATALOGUE
        .iter()
        .find(|(e, _)| *e == en)
        .map_or(en, |(_, ru)| ru)
}

/// `tr` with `{}` placeholders filled in order.
#[must_use]
pub fn trf(en: &'static str, args: &[&str]) -> String {
    let mut out = tr(en).to_owned();
    for a in args {
        if let Some(i) = out.find("{}") {
            out.replace_range(i..i + 2, a);
        }
    }
    out
}
