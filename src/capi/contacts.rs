//! Typed helpers for the everyday contact methods. Each is `jc_invoke` with its
//! parameters spelled out, so the documented semantics are the same.

use std::ffi::c_char;

use crate::capi::boundary::{Failure, arc_ref, boundary, object_arg, str_arg};
use crate::capi::client::jc_client;
use crate::capi::error::jc_error;
use crate::capi::status::jc_status;
use crate::capi::string::StringOut;
use justclick::params::Params;

/// Adds the contact `lead_email` to the group `rid` (API method AddLeadToGroup).
///
/// `rid`: the group's API id (e.g. `"super"`); for several groups at once use
/// `jc_invoke` with `"rid": ["a", "b"]`. `fields_json`: NULL (with length 0) or a JSON
/// object of further documented fields, e.g.
/// `{"lead_name": "Ivan", "lead_phone": "+7...", "doneurl2": "https://...",
/// "activation": true, "utm": {"utm_source": "..."}}`; it must not repeat `rid` or
/// `lead_email`, and anything but an object (e.g. `[1,2]`) is refused
/// (`JC_STATUS_INVALID_ARGUMENT`). An empty `rid` or `lead_email` is refused locally
/// (`JC_STATUS_INVALID_ARGUMENT`, nothing sent). `jc_error_method` is
/// `"AddLeadToGroup"` for every failure, refusals included.
///
/// Returns `JC_STATUS_OK` when the contact was added (an activation e-mail may have
/// been sent), `JC_STATUS_API_ERROR` otherwise, including the server's code-0 answers
/// that mean nothing was added: 102 "already registered" and 103 "invalid group".
/// Other statuses as `jc_call`. `err` may be NULL. Blocks; thread-safe as `jc_call`.
///
/// # Safety
/// `client` is NULL or a live client; each string is NULL or readable for its length;
/// `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_add_lead_to_group(
    client: *const jc_client,
    rid: *const c_char,
    rid_len: usize,
    lead_email: *const c_char,
    lead_email_len: usize,
    fields_json: *const c_char,
    fields_json_len: usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        // SAFETY: `client` is NULL or a live client for the whole call (caller contract).
        let client = unsafe { arc_ref::<jc_client>(client, "client") }?;
        // SAFETY: `rid` is NULL or readable for its length (caller contract).
        let rid = unsafe { str_arg(rid, rid_len, "rid") }?;
        // SAFETY: `lead_email` is NULL or readable for its length (caller contract).
        let lead_email = unsafe { str_arg(lead_email, lead_email_len, "lead_email") }?;
        // SAFETY: `fields_json` is NULL or readable for its length (caller contract).
        let fields = unsafe { object_arg(fields_json, fields_json_len, "fields_json") }
            .map_err(|f| f.with_method("AddLeadToGroup"))?;
        let mut params = Params::new()
            .with("rid", rid)
            .with("lead_email", lead_email);
        for (key, value) in fields.iter() {
            if params.get(key).is_some() {
                return Err(Failure::invalid(format!(
                    "fields_json must not set \"{key}\": it is an argument of its own"
                ))
                .with_method("AddLeadToGroup"));
            }
            params.insert(key, value.clone());
        }
        client
            .invoke("AddLeadToGroup", &params)
            .map_err(|e| Failure::from(e).with_method("AddLeadToGroup"))?;
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// The groups of the contact `email`, with its status in each (API method
/// GetLeadGroupStatuses).
///
/// On `JC_STATUS_OK`, `*result_json_out` receives a JSON array of objects
/// `{"rass_name", "rass_title", "rass_status", "subscription_time"}` (`[]` when the
/// contact is in no group), owned by the caller and freed with `jc_string_free`, and
/// `*result_json_len_out` its length; on failure neither is written. An unknown
/// contact is `JC_STATUS_API_ERROR` 500. Other statuses as `jc_call`. `err` may be
/// NULL. Blocks; thread-safe as `jc_call`.
///
/// # Safety
/// `client` is NULL or a live client; `email` is NULL or readable for its length; the
/// output pointers are NULL or writable; `err` is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_get_lead_group_statuses(
    client: *const jc_client,
    email: *const c_char,
    email_len: usize,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = StringOut::new(
            result_json_out,
            result_json_len_out,
            "result_json_out",
            "result_json_len_out",
        )?;
        // SAFETY: `client` is NULL or a live client for the whole call (caller contract).
        let client = unsafe { arc_ref::<jc_client>(client, "client") }?;
        // SAFETY: `email` is NULL or readable for its length (caller contract).
        let email = unsafe { str_arg(email, email_len, "email") }?;
        let params = Params::new().with("email", email);
        let text = StringOut::prepare_json(&client.invoke("GetLeadGroupStatuses", &params)?)?;
        // SAFETY: the output pointers are checked non-NULL and writable (caller contract).
        unsafe { out.write(text) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}

/// All groups of the account (API method GetAllGroups).
///
/// On `JC_STATUS_OK`, `*result_json_out` receives a JSON array of objects
/// `{"rass_name", "rass_title", ...}` (`[]` when there are none), owned by the caller
/// and freed with `jc_string_free`, and `*result_json_len_out` its length; on failure
/// neither is written. Statuses as `jc_call`. `err` may be NULL. Blocks; thread-safe
/// as `jc_call`.
///
/// # Safety
/// `client` is NULL or a live client; the output pointers are NULL or writable; `err`
/// is NULL or a live `jc_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jc_get_all_groups(
    client: *const jc_client,
    result_json_out: *mut *mut c_char,
    result_json_len_out: *mut usize,
    err: *mut jc_error,
) -> jc_status {
    let body = || {
        let out = StringOut::new(
            result_json_out,
            result_json_len_out,
            "result_json_out",
            "result_json_len_out",
        )?;
        // SAFETY: `client` is NULL or a live client for the whole call (caller contract).
        let client = unsafe { arc_ref::<jc_client>(client, "client") }?;
        let text = StringOut::prepare_json(&client.invoke("GetAllGroups", &Params::new())?)?;
        // SAFETY: the output pointers are checked non-NULL and writable (caller contract).
        unsafe { out.write(text) };
        Ok(())
    };
    // SAFETY: `err` is NULL or a live, unshared `jc_error` (caller contract).
    unsafe { boundary(err, body) }
}
