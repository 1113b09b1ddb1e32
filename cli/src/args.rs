//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Credentials: --login or JUSTCLICK_LOGIN; the secret from JUSTCLICK_SECRET or --secret-file
(never as a plain argument); the API 2.0 key from JUSTCLICK_API_KEY or --api-key-file
(defaults to the secret).

Exit codes: 0 ok, 1 internal or I/O error, 2 usage or invalid input (nothing sent),
3 API error, 4 bad response signature, 5 transport/timeout/TLS, 6 bad response, 7 bulk
job finished with failed rows, 8 bulk journal in use by another process, 130
interrupted.

Bulk stop rule: a job stops when 25 rows in a row get no verified answer after their
retries (the rest would fail the same way); they are retried on the next run.

Start here: `justclick demo` runs the whole flow against an embedded sandbox.";

/// `justclick`: the JustClick API from the shell, with a local sandbox and resumable
/// bulk jobs.
#[derive(Debug, Parser)]
#[command(name = "justclick", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: Global,
    /// Print results as JSON (same as --output json; `call` and `sign` use their own
    /// `--json` for parameters, so put this one before the command).
    #[arg(long)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Connection, credential and output options.
#[derive(Debug, Args)]
pub struct Global {
    /// Account login (also the API subdomain).
    #[arg(long, env = "JUSTCLICK_LOGIN", global = true)]
    pub login: Option<String>,
    /// File whose first line is the API secret (else JUSTCLICK_SECRET).
    #[arg(long, value_name = "FILE", global = true)]
    pub secret_file: Option<PathBuf>,
    /// File whose first line is the API 2.0 key (else JUSTCLICK_API_KEY, else the secret).
    #[arg(long, value_name = "FILE", global = true)]
    pub api_key_file: Option<PathBuf>,
    /// Full API base URL, e.g. http://127.0.0.1:8080/api/ (default https://LOGIN.DOMAIN/api/).
    #[arg(long, env = "JUSTCLICK_BASE_URL", value_name = "URL", global = true)]
    pub base_url: Option<String>,
    /// Base domain: justclick.ru (default), justclick.io, or a clone platform's.
    #[arg(long, env = "JUSTCLICK_DOMAIN", global = true)]
    pub domain: Option<String>,
    /// Total time for one HTTP exchange, in seconds.
    #[arg(long, value_name = "SECONDS", global = true)]
    pub timeout: Option<f64>,
    /// Trust the CA certificates in this PEM file instead of the bundled web roots.
    #[arg(long, value_name = "FILE", global = true)]
    pub ca_file: Option<PathBuf>,
    /// Send requests through this HTTP proxy (http://host:port); "" for none. Default:
    /// https_proxy / HTTPS_PROXY / all_proxy from the environment (never for loopback).
    #[arg(long, value_name = "URL", global = true)]
    pub proxy: Option<String>,
    /// Hosts never proxied: comma-separated names (with subdomains), IPs, or *.
    #[arg(long, value_name = "HOSTS", global = true)]
    pub no_proxy: Option<String>,
    /// Idle keep-alive connections kept for reuse, 0 to 4096 (default 64); at least the
    /// bulk job's --concurrency, or calls beyond it reconnect.
    #[arg(long, value_name = "N", global = true)]
    pub max_idle_connections: Option<usize>,
    /// Output format: readable text (default) or JSON.
    #[arg(long, value_enum, global = true)]
    pub output: Option<OutputFormat>,
    /// Log calls to stderr: -v outcomes and retries, -vv every attempt and answer too.
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Append every call event to FILE as JSON lines (contact data masked).
    #[arg(long, value_name = "FILE", global = true)]
    pub log_file: Option<PathBuf>,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Readable text.
    Text,
    /// JSON (one document on stdout).
    Json,
}

/// `--json` as an output switch, for commands that take no JSON parameters.
#[derive(Debug, Args, Clone, Copy)]
pub struct JsonFlag {
    /// Print results as JSON (same as --output json).
    #[arg(long)]
    pub json: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tour the real flow against an embedded sandbox (no credentials, no network).
    Demo(DemoArgs),
    /// Run the local fake JustClick server until interrupted.
    Sandbox(SandboxArgs),
    /// Unsubscribe EMAIL from GROUP (DeleteSubscribe).
    Unsubscribe {
        /// The contact's e-mail.
        email: String,
        /// The group's API id (rass_name).
        group: String,
        /// Output switch.
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Subscribe EMAIL to one or more groups (AddLeadToGroup).
    Subscribe(SubscribeArgs),
    /// Change a contact's data (UpdateSubscriberData).
    Update(UpdateArgs),
    /// List a contact's groups and statuses (GetLeadGroupStatuses).
    Groups {
        /// The contact's e-mail.
        email: String,
        /// Output switch.
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Call any documented method by name (API 1.0 or 2.0 chosen from the method
    /// table); other names are sent as API 1.0 calls.
    Call(CallArgs),
    /// Call any API 2.0 method (authenticated by rpsKey).
    #[command(name = "call-v2")]
    CallV2(CallArgs),
    /// List the documented methods and their required parameters.
    Methods {
        /// Output switch.
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Print the PHP query for PARAMS and its request hash (nothing is sent).
    Sign(SignArgs),
    /// Verify a notification JustClick posted to your server.
    #[command(name = "verify-notification")]
    VerifyNotification(VerifyArgs),
    /// Unsubscribe, subscribe or update many contacts from a CSV file, resumably.
    Bulk(BulkArgs),
}

/// `justclick demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Pause between steps, in milliseconds (0 for none).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub pause_ms: u64,
}

/// `justclick sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// TCP port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Serve HTTPS with a freshly generated CA (its PEM path is in the ready file).
    #[arg(long)]
    pub tls: bool,
    /// Accounts as login:secret pairs, comma-separated (default: the demo account).
    #[arg(long, value_name = "LOGIN:SECRET,...")]
    pub accounts: Option<String>,
    /// Load the state from FILE at start and save it there on shutdown.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Write {"base_url", "origin", "login", "ca_file"} as JSON to FILE once listening.
    #[arg(long, value_name = "FILE")]
    pub ready_file: Option<PathBuf>,
    /// Answer with the codes the real server sends where they differ from the docs.
    #[arg(long)]
    pub server_codes: bool,
    /// Delay every API answer by this many milliseconds.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,
    /// Post subscription and invoice notifications to this URL.
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<String>,
    /// Answer error 8 (rate limit) to API requests above N per second.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Keep the last N requests in the request log (GET /_sandbox/log); 0 keeps none.
    #[arg(long, value_name = "N", default_value_t = justclick_sandbox::LOG_CAPACITY)]
    pub log_capacity: usize,
}

/// `justclick subscribe`.
#[derive(Debug, Args)]
pub struct SubscribeArgs {
    /// Output switch.
    #[command(flatten)]
    pub out: JsonFlag,
    /// The contact's e-mail (lead_email).
    pub email: String,
    /// One or more group API ids (rid[0], rid[1], …).
    #[arg(required = true)]
    pub groups: Vec<String>,
    /// Name (lead_name).
    #[arg(long)]
    pub name: Option<String>,
    /// Phone (lead_phone).
    #[arg(long)]
    pub phone: Option<String>,
    /// City (lead_city).
    #[arg(long)]
    pub city: Option<String>,
    /// A label attached to the contact (tag).
    #[arg(long)]
    pub tag: Option<String>,
    /// Where to send the contact after they confirm (doneurl2).
    #[arg(long, value_name = "URL")]
    pub done_url: Option<String>,
    /// Require double opt-in (activation=1).
    #[arg(long)]
    pub activation: bool,
    /// UTM marks as KEY=VALUE, e.g. --utm utm_source=direct (repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub utm: Vec<String>,
}

/// `justclick update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Output switch.
    #[command(flatten)]
    pub out: JsonFlag,
    /// The contact's e-mail (lead_email).
    pub email: String,
    /// New name (lead_name).
    #[arg(long)]
    pub name: Option<String>,
    /// New phone (lead_phone).
    #[arg(long)]
    pub phone: Option<String>,
    /// New city (lead_city).
    #[arg(long)]
    pub city: Option<String>,
    /// Tags, comma-separated (lead_tags).
    #[arg(long)]
    pub tags: Option<String>,
}

/// `justclick call` / `call-v2`.
#[derive(Debug, Args)]
pub struct CallArgs {
    /// The method name, e.g. GetAllGroups or getalllists.
    pub method: String,
    /// Parameters as a JSON object (key order kept); `@FILE` reads a file, `-` stdin.
    #[arg(long = "json", value_name = "PARAMS")]
    pub params: Option<String>,
    /// Print the whole verified envelope (code, text, result) even for non-zero codes.
    #[arg(long)]
    pub envelope: bool,
}

/// `justclick sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// Parameters as a JSON object (key order kept); `@FILE` reads a file, `-` stdin.
    #[arg(long = "json", value_name = "PARAMS", default_value = "{}")]
    pub params: String,
}

/// `justclick verify-notification`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output switch.
    #[command(flatten)]
    pub out: JsonFlag,
    /// Read the form-encoded body from FILE instead of stdin.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Only parse (for the unsigned subscription notifications); nothing is verified.
    #[arg(long)]
    pub parse_only: bool,
}

/// `justclick bulk`.
#[derive(Debug, Args)]
pub struct BulkArgs {
    /// Output switch.
    #[command(flatten)]
    pub out: JsonFlag,
    /// What to do with each row.
    #[arg(value_enum)]
    pub action: BulkAction,
    /// The CSV file (`-` for stdin); its header row names the fields (case-insensitive,
    /// with aliases such as Email, E-mail, Почта, Имя, Телефон).
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// A name for the job: its journal is NAME.ACTION.journal in the current directory
    /// (needed with --csv -).
    #[arg(long, value_name = "NAME")]
    pub job: Option<String>,
    /// A group for every row (rass_name for unsubscribe, rid for subscribe; repeatable
    /// for subscribe). Refused together with a group column unless
    /// --group-overrides or --column-overrides says which wins.
    #[arg(long, value_name = "GROUP")]
    pub group: Vec<String>,
    /// With --group and a group column: use --group for every row, ignore the column.
    #[arg(long, conflicts_with = "column_overrides")]
    pub group_overrides: bool,
    /// With --group and a group column: use the row's column, and --group where it is
    /// empty.
    #[arg(long)]
    pub column_overrides: bool,
    /// Read column COLUMN as API field FIELD, e.g. --map "Адрес=lead_email"
    /// (repeatable; FIELD `_` ignores the column).
    #[arg(long, value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    /// Field delimiter: , ; | or tab (default: detected from the header line).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Input encoding: utf-8, utf-16le, utf-16be, windows-1251, … (default: detected;
    /// a BOM always wins).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Worker threads sharing one client.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub concurrency: usize,
    /// Requests per second across all workers (0 = unlimited).
    #[arg(long, default_value_t = 5.0, value_name = "PER_SECOND")]
    pub rate: f64,
    /// The journal (default: CSV path + ".ACTION.journal", or NAME.ACTION.journal with
    /// --job).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Continue a job its journal records as finished (skipping what it did) instead of
    /// starting a new job.
    #[arg(long)]
    pub resume: bool,
    /// Validate every row and show what would be sent (decoded); send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write every row not done (invalid, duplicate, refused, no answer, not
    /// attempted) with _line, _outcome, _code, _message to this CSV file; it can be
    /// fixed up and fed back as --csv.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Also resend rows the journal records as refused by the API.
    #[arg(long)]
    pub retry_failed: bool,
    /// Retries of a row without a verified answer within this run (each checks the
    /// contact's statuses first, so nothing is applied twice).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub retries: u32,
    /// Pause before the first retry, in seconds; it doubles for each further one.
    #[arg(long, default_value_t = 0.5, value_name = "SECONDS")]
    pub retry_delay: f64,
    /// Seconds between plain progress lines when stderr is not a terminal.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    pub progress_interval: f64,
    /// Ignore CSV columns that are not API fields of the action instead of refusing.
    #[arg(long)]
    pub ignore_unknown_columns: bool,
    /// For `statuses`: write the CSV here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub result_csv: Option<PathBuf>,
}

/// The bulk actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BulkAction {
    /// DeleteSubscribe each row (lead_email, rass_name).
    Unsubscribe,
    /// AddLeadToGroup each row (lead_email, rid, lead_name, …).
    Subscribe,
    /// UpdateSubscriberData each row (lead_email, lead_name, …).
    Update,
    /// Read only: each contact's group statuses (GetLeadGroupStatuses) as CSV.
    Statuses,
}

impl BulkAction {
    /// The command-line spelling, used in the journal's default name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            BulkAction::Unsubscribe => "unsubscribe",
            BulkAction::Subscribe => "subscribe",
            BulkAction::Update => "update",
            BulkAction::Statuses => "statuses",
        }
    }
}

const RU_TOP_TEMPLATE: &str = "{about-with-newline}
Использование: {usage}

Команды:
{subcommands}

Параметры:
{options}
{after-help}";

const RU_TEMPLATE: &str = "{about-with-newline}
Использование: {usage}

Аргументы и параметры:
{positionals}
Параметры:
{options}
{after-help}";

const RU_AFTER_HELP: &str = "\
Доступ: --login или JUSTCLICK_LOGIN; секрет — из JUSTCLICK_SECRET или --secret-file
(никогда не аргументом); ключ API 2.0 — JUSTCLICK_API_KEY или --api-key-file.

Коды выхода: 0 успех, 1 внутренняя ошибка или ввод-вывод, 2 неверная команда или данные
(ничего не отправлено), 3 ошибка API, 4 неверная подпись ответа, 5 сеть/тайм-аут/TLS,
6 негодный ответ, 7 задание bulk завершено с ошибочными строками, 8 журнал занят другим
процессом, 130 прервано.

Правило остановки bulk: задание останавливается, когда 25 строк подряд не получили
проверенного ответа после повторов; они повторятся при следующем запуске.

Начните с `justclick demo`: весь путь на встроенной песочнице.";

/// Russian help for the bulk options (clap's own texts stay English elsewhere).
const RU_BULK_HELP: &[(&str, &str)] = &[
    (
        "csv",
        "CSV-файл (`-` — stdin); заголовок называет поля (без учёта регистра, с синонимами: Email, E-mail, Почта, Имя, Телефон)",
    ),
    (
        "job",
        "Имя задания: журнал NAME.ACTION.journal в текущем каталоге (нужно с --csv -)",
    ),
    (
        "group",
        "Группа для всех строк; вместе с колонкой группы — только с --group-overrides или --column-overrides",
    ),
    (
        "group_overrides",
        "При --group и колонке группы: --group для всех строк",
    ),
    (
        "column_overrides",
        "При --group и колонке группы: колонка строки, а --group — где она пуста",
    ),
    (
        "map",
        "Читать колонку COLUMN как поле FIELD, например --map \"Адрес=lead_email\"",
    ),
    (
        "delimiter",
        "Разделитель: , ; | или tab (по умолчанию — по строке заголовка)",
    ),
    (
        "encoding",
        "Кодировка: utf-8, utf-16le, windows-1251, … (по умолчанию — определяется)",
    ),
    ("concurrency", "Число потоков с одним клиентом"),
    (
        "rate",
        "Запросов в секунду на все потоки (0 — без ограничения)",
    ),
    (
        "journal",
        "Журнал (по умолчанию: путь CSV + \".ACTION.journal\")",
    ),
    (
        "resume",
        "Продолжить завершённое задание (пропустив сделанное) вместо нового",
    ),
    (
        "dry_run",
        "Проверить строки и показать, что ушло бы (раскодированным); ничего не отправлять",
    ),
    (
        "report",
        "Записать все несделанные строки с _line, _outcome, _code, _message в CSV; его можно исправить и подать снова",
    ),
    (
        "retry_failed",
        "Отправить снова строки, отклонённые API по журналу",
    ),
    (
        "retries",
        "Повторы строки без проверенного ответа в этом запуске",
    ),
    (
        "retry_delay",
        "Пауза перед первым повтором, в секундах; дальше удваивается",
    ),
    (
        "progress_interval",
        "Секунд между строками прогресса, когда stderr — не терминал",
    ),
    (
        "ignore_unknown_columns",
        "Пропускать колонки, не являющиеся полями API",
    ),
    ("result_csv", "Для statuses: писать CSV сюда, а не в stdout"),
];

/// The command line with Russian headings, texts and bulk option help.
#[must_use]
pub fn russian_command() -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command()
        .about("justclick: API JustClick из командной строки, с локальной песочницей и возобновляемыми заданиями bulk.")
        .help_template(RU_TOP_TEMPLATE)
        .after_help(RU_AFTER_HELP);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| sub.help_template(RU_TEMPLATE));
    }
    cmd.mut_subcommand("bulk", |mut sub| {
        sub =
            sub.about("Отписать, подписать или обновить много контактов из CSV, с возобновлением");
        for (id, help) in RU_BULK_HELP {
            sub = sub.mut_arg(*id, |a| a.help(*help));
        }
        sub
    })
}
