//! `justclick`: the JustClick API from the shell.
//!
//! Commands: `demo` (a tour against an embedded sandbox), `sandbox` (the local fake
//! server), `unsubscribe`, `subscribe`, `update`, `groups`, `call`, `call-v2`,
//! `methods`, `sign`, `verify-notification`, and `bulk` (resumable CSV jobs).
//! Exit codes are listed in [`exit`].

mod api;
mod args;
mod bulk;
mod cmd_api;
mod cmd_sandbox;
mod cmd_sign;
mod cmd_verify;
mod creds;
mod dates;
mod demo;
mod exit;
mod i18n;
mod logging;
mod output;
mod params_arg;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, OutputFormat};
use exit::CliResult;
use output::Output;

fn main() -> ExitCode {
    let cli = if i18n::russian() {
        let matches = args::russian_command().get_matches();
        match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
            Ok(c) => c,
            Err(e) => e.exit(),
        }
    } else {
        Cli::parse()
    };
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => f.report(),
    }
}

fn run(cli: &Cli) -> CliResult<u8> {
    let g = &cli.global;
    let base_json = cli.json || g.output == Some(OutputFormat::Json);
    let out = |flag: bool| Output {
        json: base_json || flag,
    };
    match &cli.command {
        Command::Demo(a) => return demo::run(a),
        Command::Sandbox(a) => cmd_sandbox::run(a)?,
        Command::Unsubscribe {
            email,
            group,
            out: o,
        } => {
            cmd_api::unsubscribe(&creds::client(g)?, out(o.json), email, group)?;
        }
        Command::Subscribe(a) => cmd_api::subscribe(&creds::client(g)?, out(a.out.json), a)?,
        Command::Update(a) => cmd_api::update(&creds::client(g)?, out(a.out.json), a)?,
        Command::Groups { email, out: o } => {
            cmd_api::groups(&creds::client(g)?, out(o.json), email)?;
        }
        Command::Call(a) => cmd_api::call(&creds::client(g)?, out(false), a, false)?,
        Command::CallV2(a) => cmd_api::call(&creds::client(g)?, out(false), a, true)?,
        Command::Methods { out: o } => cmd_api::methods(out(o.json))?,
        Command::Sign(a) => cmd_sign::sign(g, out(false), a)?,
        Command::VerifyNotification(a) => cmd_verify::run(g, out(a.out.json), a)?,
        Command::Bulk(a) => return bulk::run(g, base_json || a.out.json, a),
    }
    Ok(exit::OK)
}
