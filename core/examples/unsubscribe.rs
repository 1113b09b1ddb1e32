//! Unsubscribe a contact from a group — the job the project started from — and show
//! that the answer was verified before it was believed.
//!
//! ```text
//! cargo run --example unsubscribe [EMAIL GROUP]
//! ```
//!
//! With `JUSTCLICK_LOGIN` and `JUSTCLICK_SECRET` set, it talks to that account
//! (`https://LOGIN.justclick.ru/api/`, or `JUSTCLICK_BASE_URL`). Without them it
//! starts an in-process sandbox on 127.0.0.1 and unsubscribes the seeded contact
//! `user@example.com` from `super`.

use std::process::ExitCode;

use justclick::{Client, Error};
use justclick_sandbox::{Config, Sandbox};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (email, group) = match args.as_slice() {
        [] => ("user@example.com".to_owned(), "super".to_owned()),
        [email, group] => (email.clone(), group.clone()),
        _ => return Err("usage: unsubscribe [EMAIL GROUP]".into()),
    };

    // Keep the sandbox alive for the whole run when there is one.
    let (client, _sandbox) = match (
        std::env::var("JUSTCLICK_LOGIN"),
        std::env::var("JUSTCLICK_SECRET"),
    ) {
        (Ok(login), Ok(secret)) => {
            let mut builder = Client::builder(&login, &secret);
            if let Ok(url) = std::env::var("JUSTCLICK_BASE_URL") {
                builder = builder.base_url(url);
            }
            println!("account {login}");
            (builder.build()?, None)
        }
        _ => {
            let sandbox = Sandbox::start(Config::default())?;
            let account = sandbox.account();
            let client = Client::builder(&account.login, &account.secret)
                .base_url(sandbox.base_url())
                .build()?;
            println!(
                "no JUSTCLICK_LOGIN/JUSTCLICK_SECRET: using a sandbox at {}",
                sandbox.base_url()
            );
            (client, Some(sandbox))
        }
    };

    // Every answer is checked against md5(code::text::secret) before it is used: a
    // forged or altered answer is an Error::BadSignature, never a success.
    match client.delete_subscribe(&email, &group) {
        Ok(()) => {
            println!("unsubscribed {email} from {group} (signed answer verified)");
            Ok(())
        }
        Err(e @ Error::Api { .. }) => {
            // A genuine, verified refusal: 800 no such group, 801 not subscribed.
            let code = e.api_code().unwrap_or_default();
            let meaning = e.description().unwrap_or("see the error table");
            println!("JustClick refused (verified): code {code}, {meaning}");
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}
