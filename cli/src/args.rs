//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Credentials: --login or JUSTCLICK_LOGIN; the secret from JUSTCLICK_SECRET or --secret-file
(never as a plain argument); the API 2.0 key from JUSTCLICK_API_KEY or --api-key-file
(defaults to the secret).

Exit codes: 0 ok, 1 internal or I/O error, 2 usage or invalid input, 3 API error,
4 bad response signature, 5 transport/timeout/TLS, 6 bad response, 7 bulk job finished
with failed rows, 130 interrupted.

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
    /// The CSV file; its header row names the API fields.
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// A group for every row (rass_name for unsubscribe, rid for subscribe; repeatable
    /// for subscribe).
    #[arg(long, value_name = "GROUP")]
    pub group: Vec<String>,
    /// Worker threads sharing one client.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub concurrency: usize,
    /// Requests per second across all workers (0 = unlimited).
    #[arg(long, default_value_t = 5.0, value_name = "PER_SECOND")]
    pub rate: f64,
    /// The journal (default: CSV path + ".ACTION.journal").
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Validate every row and show what would be sent; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write failed rows (with line, outcome, code, message) to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Also resend rows the journal records as refused by the API (not rate limits).
    #[arg(long)]
    pub retry_failed: bool,
    /// Seconds between plain progress lines when stderr is not a terminal.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    pub progress_interval: f64,
    /// Ignore CSV columns that are not API fields of the action instead of refusing.
    #[arg(long)]
    pub ignore_unknown_columns: bool,
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
}

impl BulkAction {
    /// The command-line spelling, used in the journal's default name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            BulkAction::Unsubscribe => "unsubscribe",
            BulkAction::Subscribe => "subscribe",
            BulkAction::Update => "update",
        }
    }
}
