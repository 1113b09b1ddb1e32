//! `justclick demo`: a short tour of the real flow against an embedded sandbox.
//!
//! Every step prints the signed request (the exact body, whose `hash` is
//! `md5(query::login::secret)`; the secret itself is shown masked) and the verified
//! answer. A step that does not behave as expected is marked and makes the demo exit 1.

use std::thread::sleep;
use std::time::Duration;

use justclick::client::Verified;
use justclick::{Client, Error, Params, Value};
use justclick_sandbox::{Config, Fault, Sandbox};
use serde_json::Value as Json;

use crate::args::DemoArgs;
use crate::exit::{self, CliResult, Failure};
use crate::output::render;

const CONTACT: &str = "reader@example.com";

struct Tour {
    client: Client,
    login: String,
    secret: String,
    base_url: String,
    pause: Duration,
    step: u32,
    problems: Vec<String>,
}

fn mask(secret: &str) -> String {
    "•".repeat(secret.chars().count().min(12))
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("     {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Tour {
    fn title(&mut self, text: &str) {
        if self.step > 0 && !self.pause.is_zero() {
            sleep(self.pause);
        }
        self.step += 1;
        println!("\n{}. {text}", self.step);
    }

    /// Prints the request exactly as the client will sign and send it.
    fn show_request(&self, method: &str, params: &Params) {
        println!("   → POST {}{method}", self.base_url);
        match justclick::sign(params, &self.login, &self.secret) {
            Ok(signed) => {
                println!("     body  {}", signed.body());
                println!(
                    "     hash  = md5(\"{}\" . \"::{}::\" . \"{}\")",
                    shorten(signed.query(), 60),
                    self.login,
                    mask(&self.secret)
                );
            }
            Err(e) => println!("     (cannot sign: {e})"),
        }
    }

    fn show_verified(&self, v: &Verified) {
        println!(
            "   ← verified  error_code {}  error_text {:?}  (hash = md5(code::text::secret) ✓)",
            v.code, v.text
        );
        if let Some(result) = v.result.as_ref().filter(|r| !r.is_null()) {
            println!("{}", indent(&render(result)));
        }
    }

    fn expect(&mut self, ok: bool, what: &str) {
        if ok {
            println!("   ✓ {what}");
        } else {
            println!("   ✗ UNEXPECTED: {what}");
            self.problems.push(format!("step {}: {what}", self.step));
        }
    }

    /// Sends one signed call, prints both sides, and returns the verified answer.
    fn exchange(&mut self, method: &str, params: &Params) -> Option<Verified> {
        self.show_request(method, params);
        match self.client.call_verified(method, params) {
            Ok(v) => {
                self.show_verified(&v);
                Some(v)
            }
            Err(e) => {
                println!("   ← {e}");
                self.problems.push(format!("step {}: {e}", self.step));
                None
            }
        }
    }

    fn group_status(&mut self, group: &str) -> Option<String> {
        let params = Params::new().with("email", CONTACT);
        let v = self.exchange("GetLeadGroupStatuses", &params)?;
        v.result.as_ref()?.as_array()?.iter().find_map(|g| {
            (g.get("rass_name")?.as_str()? == group)
                .then(|| g.get("rass_status")?.as_str().map(str::to_owned))?
        })
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// Runs the tour; returns exit 0 when every step behaved as expected.
///
/// # Errors
/// The sandbox could not start.
pub fn run(a: &DemoArgs) -> CliResult<u8> {
    let sb = Sandbox::start(Config::default())
        .map_err(|e| Failure::internal(format!("cannot start the sandbox: {e}")))?;
    let account = sb.account().clone();
    let client = Client::builder(&account.login, &account.secret)
        .base_url(sb.base_url())
        .max_retries(0)
        .build()
        .map_err(Failure::from)?;
    println!("justclick demo: the JustClick API, end to end, against a local sandbox");
    println!(
        "sandbox {} (login {:?}; the secret never leaves this process and is shown as {})",
        sb.base_url(),
        account.login,
        mask(&account.secret)
    );
    println!(
        "Every request is signed: hash = md5(http_build_query(params) . \"::login::secret\")."
    );
    println!(
        "Every answer is verified: hash = md5(error_code . \"::\" . error_text . \"::secret\")."
    );
    let mut t = Tour {
        client,
        login: account.login.clone(),
        secret: account.secret.clone(),
        base_url: sb.base_url().to_owned(),
        pause: Duration::from_millis(a.pause_ms),
        step: 0,
        problems: Vec::new(),
    };

    t.title(&format!(
        "Subscribe {CONTACT} to two groups (AddLeadToGroup)"
    ));
    let params = Params::new()
        .with(
            "rid",
            Value::List(vec![Value::from("super"), Value::from("mega")]),
        )
        .with("lead_email", CONTACT)
        .with("lead_name", "Ирина Читатель");
    let v = t.exchange("AddLeadToGroup", &params);
    t.expect(v.is_some_and(|v| v.code == 0), "subscribed (code 0)");

    t.title("List the contact's groups (GetLeadGroupStatuses)");
    let params = Params::new().with("email", CONTACT);
    let v = t.exchange("GetLeadGroupStatuses", &params);
    let names: Vec<String> = v
        .and_then(|v| v.result)
        .and_then(|r| r.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|g| g.get("rass_name").and_then(Json::as_str).map(str::to_owned))
        .collect();
    t.expect(
        names.iter().any(|n| n == "super") && names.iter().any(|n| n == "mega"),
        "member of super and mega",
    );

    t.title("Unsubscribe the contact from \"super\" (DeleteSubscribe)");
    let params = Params::new()
        .with("lead_email", CONTACT)
        .with("rass_name", "super");
    let v = t.exchange("DeleteSubscribe", &params);
    t.expect(v.is_some_and(|v| v.code == 0), "unsubscribed (code 0)");
    let status = t.group_status("super");
    t.expect(
        status.as_deref() == Some("STATUS_UNSUBSCRIBE"),
        "\"super\" now shows STATUS_UNSUBSCRIBE",
    );

    t.title("Create an order for the product \"course\" (CreateOrder)");
    let goods = Params::new().with("good_name", "course");
    let order = Params::new()
        .with("goods", Value::List(vec![Value::Map(goods)]))
        .with("bill_email", CONTACT)
        .with("bill_first_name", "Ирина");
    let v = t.exchange("CreateOrder", &order);
    let bill_id = v
        .as_ref()
        .and_then(|v| v.result.as_ref())
        .and_then(|r| r.get("bill_id"))
        .cloned();
    t.expect(
        v.is_some_and(|v| v.code == 0) && bill_id.is_some(),
        "order created with a bill_id",
    );

    t.title("Send the same order again, as a retry after a timeout would");
    let v = t.exchange("CreateOrder", &order);
    let again = v
        .as_ref()
        .and_then(|v| v.result.as_ref())
        .and_then(|r| r.get("bill_id"))
        .cloned();
    t.expect(
        v.is_some_and(|v| v.code == 601) && again == bill_id,
        "601 \"order already exists\" with the same bill_id: no duplicate order",
    );
    match t.client.invoke("CreateOrder", &order) {
        Ok(r) => {
            println!("   Client::invoke turns that 601 into a success:");
            println!("{}", indent(&render(&r)));
            t.expect(
                r.get("existing") == Some(&Json::Bool(true))
                    && r.get("bill_id") == bill_id.as_ref(),
                "invoke: {bill_id, existing: true}",
            );
        }
        Err(e) => t.expect(false, &format!("invoke CreateOrder retry: {e}")),
    }

    t.title("A forged answer: the sandbox signs the next response with a wrong hash");
    sb.inject(Fault::ForgedHash, 1);
    let params = Params::new();
    t.show_request("GetAllGroups", &params);
    match t.client.call("GetAllGroups", &params) {
        Err(e @ Error::BadSignature { .. }) => {
            println!("   ← refused: {e}");
            t.expect(true, "forged response rejected; nothing in it was trusted");
        }
        Ok(_) => t.expect(false, "the forged response was accepted"),
        Err(e) => t.expect(false, &format!("wrong error for a forged response: {e}")),
    }
    let after = t.client.call("GetAllGroups", &params);
    t.expect(after.is_ok(), "the next genuine answer is accepted again");

    sb.stop();
    println!();
    if t.problems.is_empty() {
        println!(
            "demo finished: {} steps, every request signed and every answer verified.",
            t.step
        );
        println!("Next: `justclick --help`, `justclick sandbox`, `justclick bulk --help`.");
        Ok(exit::OK)
    } else {
        println!(
            "demo finished with {} unexpected result(s):",
            t.problems.len()
        );
        for p in &t.problems {
            println!("  - {p}");
        }
        Ok(exit::INTERNAL)
    }
}
