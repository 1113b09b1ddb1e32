//! `justclick-sandbox`: the sandbox as a standalone process (the CLI's
//! `justclick sandbox` subcommand runs the same [`justclick_sandbox::serve`]).
//!
//! ```text
//! justclick-sandbox [--port P] [--tls] [--ca-file FILE] [--accounts login:secret,...]
//!                   [--state FILE] [--ready-file FILE] [--variant documented|server]
//!                   [--callback-url URL] [--latency-ms N] [--empty]
//!                   [--disabled login,...] [--subscribe-limit N] [--rate-limit N]
//!                   [--log-capacity N]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use justclick_sandbox::{Account, CodeVariant, Config, serve};

const USAGE: &str = "usage: justclick-sandbox [--port P] [--tls] [--ca-file FILE] \
[--accounts login:secret[:api_key],...] [--state FILE] [--ready-file FILE] \
[--variant documented|server] [--callback-url URL] [--latency-ms N] [--empty] \
[--disabled login,...] [--subscribe-limit N] [--rate-limit N] [--log-capacity N]";

fn parse(args: &[String]) -> Result<(Config, Option<PathBuf>), String> {
    let mut config = Config::default();
    let mut ready = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--port" => config.port = value()?.parse().map_err(|_| "--port: not a port")?,
            "--tls" => config.tls = true,
            "--ca-file" => config.ca_file = Some(value()?.into()),
            "--accounts" => config.accounts = Account::parse_list(&value()?)?,
            "--state" => config.state_file = Some(value()?.into()),
            "--ready-file" => ready = Some(PathBuf::from(value()?)),
            "--variant" => {
                config.variant = match value()?.as_str() {
                    "documented" => CodeVariant::Documented,
                    "server" => CodeVariant::Server,
                    other => return Err(format!("--variant: unknown {other:?}")),
                }
            }
            "--callback-url" => config.callback_url = Some(value()?),
            "--latency-ms" => {
                let ms = value()?.parse().map_err(|_| "--latency-ms: not a number")?;
                config.latency = Duration::from_millis(ms);
            }
            "--empty" => config.seed = false,
            "--disabled" => {
                config.disabled_accounts = value()?.split(',').map(str::to_owned).collect();
            }
            "--subscribe-limit" => {
                let n = value()?
                    .parse()
                    .map_err(|_| "--subscribe-limit: not a number")?;
                config.subscribe_limit = Some(n);
            }
            "--rate-limit" => {
                let n: u32 = value()?.parse().map_err(|_| "--rate-limit: not a number")?;
                if n == 0 {
                    return Err("--rate-limit: must be at least 1 request per second".into());
                }
                config.rate_limit = Some(n);
            }
            "--log-capacity" => {
                config.log_capacity = value()?
                    .parse()
                    .map_err(|_| "--log-capacity: not a number")?;
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok((config, ready))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (config, ready) = match parse(&args) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match serve(config, ready.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("justclick-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
