//! The HTTP service: `/api/{Method}` answers and the `/_sandbox/*` control endpoints.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use justclick::php_parse::parse_post_body;
use justclick::signing::{hex_str, response_hash};
use serde_json::json;

use crate::auth;
use crate::body::Payload;
use crate::fault::{BAD_GATEWAY_HTML, Fault, HUGE_BODY_BYTES};
use crate::json::{php_json_encode, write_string, write_value};
use crate::log::{LoggedRequest, redact_body};
use crate::methods::{Ctx, Reply, lookup, text};
use crate::shared::Shared;

/// Largest request body read (PHP's default `post_max_size` is 8 MB).
const MAX_REQUEST_BODY: usize = 8 * 1024 * 1024;

type Resp = Response<Payload>;

fn simple(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Resp {
    let mut r = Response::new(Payload::full(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, content_type.parse().expect("static header"));
    r
}

fn not_found() -> Resp {
    simple(
        StatusCode::NOT_FOUND,
        "text/html; charset=UTF-8",
        "<html><body><h1>404 Not Found</h1></body></html>\n",
    )
}

/// Entry point for every request.
pub(crate) async fn handle(
    req: Request<Incoming>,
    shared: Arc<Shared>,
    https: bool,
    peer: IpAddr,
) -> Result<Resp, std::convert::Infallible> {
    let path = req.uri().path().to_owned();
    if let Some(name) = path.strip_prefix("/api/") {
        let name = name.trim_end_matches('/').to_owned();
        return Ok(api(req, &shared, &name, https, peer).await);
    }
    if let Some(cmd) = path.strip_prefix("/_sandbox/") {
        let cmd = cmd.to_owned();
        return Ok(control(req, &shared, &cmd).await);
    }
    Ok(not_found())
}

/// The request as the PHP server would see it: its body and `$_POST`.
struct Incoming_ {
    http_method: String,
    host: String,
    body: Bytes,
    form: bool,
}

async fn read(req: Request<Incoming>) -> Result<Incoming_, Resp> {
    let http_method = req.method().to_string();
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // PHP fills $_POST only for POSTed urlencoded forms.
    let form = req.method() == Method::POST
        && req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
    let body = match Limited::new(req.into_body(), MAX_REQUEST_BODY)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Err(simple(
                StatusCode::PAYLOAD_TOO_LARGE,
                "text/plain",
                "request body too large\n",
            ));
        }
    };
    Ok(Incoming_ {
        http_method,
        host,
        body,
        form,
    })
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Renders the envelope `{"error_code":…,"error_text":…,["result":…,]"hash":…}`,
/// with the hash field shaped by `fault`.
fn envelope(reply: &Reply, key: &str, fault: Option<Fault>, huge: bool) -> String {
    let code = reply.code.to_string();
    let mut out = String::with_capacity(if huge { HUGE_BODY_BYTES + 256 } else { 128 });
    out.push_str("{\"error_code\":");
    out.push_str(&code);
    out.push_str(",\"error_text\":");
    write_string(&mut out, &reply.text);
    if huge {
        out.push_str(",\"result\":\"");
        out.extend(std::iter::repeat_n('x', HUGE_BODY_BYTES));
        out.push('"');
    } else if let Some(result) = &reply.result {
        out.push_str(",\"result\":");
        write_value(&mut out, result);
    }
    match fault {
        Some(Fault::MissingHash) => {}
        Some(Fault::HashTrue) => out.push_str(",\"hash\":true"),
        Some(Fault::ForgedHash) => {
            let forged = response_hash(&code, &reply.text, &format!("forged:{key}"));
            out.push_str(",\"hash\":\"");
            out.push_str(hex_str(&forged));
            out.push('"');
        }
        _ => {
            out.push_str(",\"hash\":\"");
            out.push_str(hex_str(&response_hash(&code, &reply.text, key)));
            out.push('"');
        }
    }
    out.push('}');
    out
}

async fn api(
    req: Request<Incoming>,
    shared: &Arc<Shared>,
    name: &str,
    https: bool,
    peer: IpAddr,
) -> Resp {
    let path = req.uri().path().to_owned();
    let Some((method, api, handler)) = lookup(name) else {
        return not_found();
    };
    let incoming = match read(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    shared.counters.request(method);
    let admitted = shared
        .request_rate
        .as_ref()
        .is_none_or(|r| r.admit(std::time::Instant::now()));
    // A refused request is not processed, so it consumes no fault either.
    let fault = if admitted {
        shared.faults.lock().expect("fault lock").next()
    } else {
        None
    };
    let mut entry = LoggedRequest {
        seq: 0,
        http_method: incoming.http_method.clone(),
        path: path.clone(),
        host: incoming.host.clone(),
        method: Some(method.to_owned()),
        account: None,
        body: redact_body(&String::from_utf8_lossy(&incoming.body)),
        params: serde_json::Value::Null,
        status: 200,
        error_code: None,
        error_text: None,
        fault: fault.map(|f| f.name().to_owned()),
    };
    let early = match fault {
        Some(Fault::Redirect307) => {
            let scheme = if https { "https" } else { "http" };
            let mut r = simple(StatusCode::TEMPORARY_REDIRECT, "text/html", "");
            let location = format!("{scheme}://{}{path}", incoming.host);
            if let Ok(v) = location.parse() {
                r.headers_mut().insert(LOCATION, v);
            }
            Some(r)
        }
        Some(Fault::Html502) => Some(simple(
            StatusCode::BAD_GATEWAY,
            "text/html",
            BAD_GATEWAY_HTML,
        )),
        _ => None,
    };
    if let Some(r) = early {
        entry.status = r.status().as_u16();
        shared.log.lock().expect("log lock").push(entry);
        return r;
    }

    let mut delay = shared.latency();
    if let Some(Fault::Slow(d)) = fault {
        delay += d;
    }
    if delay > Duration::ZERO {
        tokio::time::sleep(delay).await;
    }

    let mut params = if incoming.form {
        parse_post_body(&incoming.body)
    } else {
        justclick::Params::new()
    };
    let account = auth::account_for_host(&shared.accounts, &incoming.host);
    let (reply, key) = match account {
        None => (Reply::err(5, text::BAD_USER), String::new()),
        Some(account) => {
            entry.account = Some(account.login.clone());
            let key = auth::signing_key(api, account).to_owned();
            let reply = if !admitted {
                crate::stats::Counters::bump(&shared.counters.rate_limited);
                Reply::err(8, format!("{}{peer}", text::RATE_LIMITED))
            } else if shared.disabled.contains(&account.login) {
                Reply::err(7, "Account disabled")
            } else {
                match auth::check(api, account, &mut params) {
                    Err(r) => r,
                    Ok(()) if method == "AddLeadToGroup" => {
                        subscribe_limited(shared, peer, || run(shared, account, handler, &params))
                    }
                    Ok(()) => run(shared, account, handler, &params),
                }
            };
            (reply, key)
        }
    };
    let mut logged = params.to_json();
    if let Some(obj) = logged.as_object_mut() {
        obj.shift_remove("rpsKey");
    }
    entry.params = logged;
    entry.error_code = Some(reply.code);
    entry.error_text = Some(reply.text.clone());

    let body = envelope(&reply, &key, fault, fault == Some(Fault::HugeBody));
    let resp = match fault {
        Some(Fault::EmptyBody) => simple(StatusCode::OK, "application/json", Bytes::new()),
        Some(Fault::TruncatedJson) => {
            let cut = (body.len() / 2).max(1);
            simple(
                StatusCode::OK,
                "application/json",
                body.as_bytes()[..cut].to_vec(),
            )
        }
        Some(Fault::DropConnection) => {
            let full_len = body.len();
            let head = body.as_bytes()[..full_len / 2].to_vec();
            let mut r = Response::new(Payload::broken(head));
            r.headers_mut().insert(
                CONTENT_TYPE,
                "application/json".parse().expect("static header"),
            );
            r.headers_mut().insert(CONTENT_LENGTH, full_len.into());
            r
        }
        _ => simple(StatusCode::OK, "application/json", body),
    };
    entry.status = resp.status().as_u16();
    shared.log.lock().expect("log lock").push(entry);
    resp
}

/// Runs a handler on the account's state; sends notifications; schedules a save.
fn run(
    shared: &Shared,
    account: &crate::config::Account,
    handler: crate::methods::Handler,
    params: &justclick::Params,
) -> Reply {
    let (reply, changed, events) = {
        let mut world = shared.world.lock().expect("state lock");
        let st = world.accounts.entry(account.login.clone()).or_default();
        let mut ctx = Ctx {
            st,
            p: params,
            variant: shared.variant,
            now: now(),
            changed: false,
            events: Vec::new(),
        };
        let reply = handler(&mut ctx);
        (reply, ctx.changed, ctx.events)
    };
    if changed {
        if let Some(s) = &shared.saver {
            s.changed();
        }
    }
    if let Some(url) = &shared.callback_url {
        for e in &events {
            shared.notifier.send(url, e, &account.secret);
        }
    }
    reply
}

/// Applies [`crate::Config::subscribe_limit`] around an `AddLeadToGroup` call.
fn subscribe_limited(shared: &Shared, peer: IpAddr, call: impl FnOnce() -> Reply) -> Reply {
    let Some(limit) = shared.subscribe_limit else {
        return call();
    };
    let used = shared
        .subscriptions_by_ip
        .lock()
        .expect("ip lock")
        .get(&peer)
        .copied();
    if used.unwrap_or(0) >= limit {
        return Reply::err(8, format!("{}{peer}", text::RATE_LIMITED));
    }
    let reply = call();
    if reply.code == 0 {
        *shared
            .subscriptions_by_ip
            .lock()
            .expect("ip lock")
            .entry(peer)
            .or_insert(0) += 1;
    }
    reply
}

fn control_ok(extra: serde_json::Value) -> Resp {
    let mut body = json!({"ok": true});
    if let (Some(b), serde_json::Value::Object(e)) = (body.as_object_mut(), extra) {
        b.extend(e);
    }
    simple(StatusCode::OK, "application/json", php_json_encode(&body))
}

fn control_err(msg: &str) -> Resp {
    let body = php_json_encode(&json!({"ok": false, "error": msg}));
    simple(StatusCode::BAD_REQUEST, "application/json", body)
}

async fn control(req: Request<Incoming>, shared: &Arc<Shared>, cmd: &str) -> Resp {
    let is_get = req.method() == Method::GET;
    let incoming = match read(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let form = parse_post_body(&incoming.body);
    let field = |k: &str| crate::methods::scalar(form.get(k));
    match (cmd, is_get) {
        ("state", true) => {
            let world = shared.world.lock().expect("state lock").clone();
            let json = serde_json::to_string(&world).unwrap_or_default();
            simple(StatusCode::OK, "application/json", json)
        }
        ("log", true) => {
            let log = shared.log.lock().expect("log lock").snapshot();
            simple(
                StatusCode::OK,
                "application/json",
                serde_json::to_string(&log).unwrap_or_default(),
            )
        }
        ("stats", true) => simple(
            StatusCode::OK,
            "application/json",
            serde_json::to_string(&shared.counters.snapshot()).unwrap_or_default(),
        ),
        ("callbacks", true) => {
            let rec = shared
                .notifier
                .records
                .lock()
                .expect("records lock")
                .clone();
            simple(
                StatusCode::OK,
                "application/json",
                serde_json::to_string(&rec).unwrap_or_default(),
            )
        }
        ("fault", false) => {
            let delay = Duration::from_millis(field("delay_ms").parse().unwrap_or(1000));
            let Some(fault) = Fault::from_name(&field("mode"), delay) else {
                return control_err("unknown mode; see Fault names (forged_hash, hash_true, ...)");
            };
            let count = match field("count").as_str() {
                "" => 1,
                n => match n.parse::<usize>() {
                    Ok(n) => n,
                    Err(_) => return control_err("count must be a non-negative integer"),
                },
            };
            shared.faults.lock().expect("fault lock").push(fault, count);
            control_ok(json!({"mode": fault.name(), "count": count}))
        }
        ("latency", false) => match field("ms").parse::<u64>() {
            Ok(ms) => {
                shared.set_latency(Duration::from_millis(ms));
                control_ok(json!({"ms": ms}))
            }
            Err(_) => control_err("ms must be a non-negative integer"),
        },
        ("reset", false) => {
            shared.reset();
            control_ok(json!({}))
        }
        _ => not_found(),
    }
}
