//! Commands that call the API once: the friendly ones and `call` / `call-v2`.

use justclick::{Client, Params, Value};
use serde_json::{Value as Json, json};

use crate::api;
use crate::args::{CallArgs, SubscribeArgs, UpdateArgs};
use crate::exit::{CliResult, Failure};
use crate::output::Output;
use crate::params_arg::parse_params;

/// `justclick unsubscribe EMAIL GROUP`.
///
/// # Errors
/// The call's failure.
pub fn unsubscribe(client: &Client, out: Output, email: &str, group: &str) -> CliResult {
    let params = Params::new()
        .with("lead_email", email)
        .with("rass_name", group);
    let result = api::invoke(client, "DeleteSubscribe", &params)?;
    out.print_either(
        &json!({"ok": true, "method": "DeleteSubscribe", "lead_email": email,
                "rass_name": group, "result": result}),
        &format!("unsubscribed {email} from {group}"),
    )
}

/// Parses `KEY=VALUE` UTM marks into the `utm` map.
fn utm_map(pairs: &[String]) -> CliResult<Option<Params>> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let mut utm = Params::new();
    for p in pairs {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("--utm {p:?}: expected KEY=VALUE")))?;
        utm.insert(k, v);
    }
    Ok(Some(utm))
}

/// The AddLeadToGroup parameters of `justclick subscribe`.
///
/// # Errors
/// A malformed `--utm`.
pub fn subscribe_params(a: &SubscribeArgs) -> CliResult<Params> {
    let rid: Vec<Value> = a.groups.iter().map(|g| Value::from(g.as_str())).collect();
    let mut p = Params::new()
        .with("rid", Value::List(rid))
        .with("lead_email", a.email.as_str());
    p.insert_opt("lead_name", a.name.as_deref());
    p.insert_opt("lead_phone", a.phone.as_deref());
    p.insert_opt("lead_city", a.city.as_deref());
    p.insert_opt("tag", a.tag.as_deref());
    p.insert_opt("doneurl2", a.done_url.as_deref());
    if a.activation {
        p.insert("activation", true);
    }
    if let Some(utm) = utm_map(&a.utm)? {
        p.insert("utm", Value::Map(utm));
    }
    Ok(p)
}

/// `justclick subscribe EMAIL GROUP...`.
///
/// # Errors
/// The call's failure.
pub fn subscribe(client: &Client, out: Output, a: &SubscribeArgs) -> CliResult {
    let params = subscribe_params(a)?;
    let result = api::invoke(client, "AddLeadToGroup", &params)?;
    out.print_either(
        &json!({"ok": true, "method": "AddLeadToGroup", "lead_email": a.email,
                "rid": a.groups, "result": result}),
        &format!("subscribed {} to {}", a.email, a.groups.join(", ")),
    )
}

/// `justclick update EMAIL [--name …]`.
///
/// # Errors
/// The call's failure, or nothing to change.
pub fn update(client: &Client, out: Output, a: &UpdateArgs) -> CliResult {
    let mut p = Params::new().with("lead_email", a.email.as_str());
    p.insert_opt("lead_name", a.name.as_deref());
    p.insert_opt("lead_phone", a.phone.as_deref());
    p.insert_opt("lead_city", a.city.as_deref());
    p.insert_opt("lead_tags", a.tags.as_deref());
    if p.len() == 1 {
        return Err(Failure::usage(
            "nothing to change: give --name, --phone, --city or --tags",
        ));
    }
    let result = api::invoke(client, "UpdateSubscriberData", &p)?;
    out.print_either(
        &json!({"ok": true, "method": "UpdateSubscriberData", "lead_email": a.email,
                "result": result}),
        &format!("updated {}", a.email),
    )
}

/// `justclick groups EMAIL`.
///
/// # Errors
/// The call's failure.
pub fn groups(client: &Client, out: Output, email: &str) -> CliResult {
    let params = Params::new().with("email", email);
    let mut result = api::invoke(client, "GetLeadGroupStatuses", &params)?;
    if !out.json {
        // People read dates; JSON keeps the API's UNIX seconds.
        for g in result.as_array_mut().into_iter().flatten() {
            if let Some(t) = g
                .get("subscription_time")
                .and_then(|t| t.as_i64().or_else(|| t.as_str()?.parse().ok()))
            {
                g["subscription_time"] = Json::String(crate::dates::human_utc(t));
            }
        }
    }
    out.print(&result)
}

/// `justclick call METHOD` and `justclick call-v2 METHOD`.
///
/// # Errors
/// The call's failure (an API error also when `--envelope` printed it).
pub fn call(client: &Client, out: Output, a: &CallArgs, v2: bool) -> CliResult {
    let params = parse_params(a.params.as_deref())?;
    if a.envelope {
        let verified = if v2 {
            client.call_v2_verified(&a.method, &params)?
        } else {
            client.call_verified(&a.method, &params)?
        };
        let env = json!({"method": verified.method, "error_code": verified.code,
                         "error_text": verified.text, "result": verified.result});
        out.print(&env)?;
        return verified.into_result().map(drop).map_err(Failure::from);
    }
    let result = if v2 {
        api::invoke_v2(client, &a.method, &params)?
    } else {
        api::invoke(client, &a.method, &params)?
    };
    out.print(&result)
}

/// `justclick methods`: the documented methods.
///
/// # Errors
/// Writing to stdout failed.
pub fn methods(out: Output) -> CliResult {
    let rows: Vec<Json> = api::method_rows();
    out.print(&Json::Array(rows))
}
