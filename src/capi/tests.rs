//! The C ABI called the way C calls it: raw pointers, lengths, NULLs, reused error
//! slots, strings freed with `jc_string_free`. Loopback only: the last test runs an
//! in-process sandbox; tests/c/ covers the same ground from real C.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;
use std::ptr;

use crate::capi::*;

/// The system allocator, counting the allocations each thread makes (for the
/// `jc_params` reuse test; the other tests do not look at it).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// const-initialised thread-local without a destructor, so touching it never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded caller contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded caller contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded caller contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// A Rust string as a C `(const char *, size_t)` pair.
fn s(text: &str) -> (*const c_char, usize) {
    (text.as_ptr().cast(), text.len())
}

/// Reads a borrowed or static C string.
///
/// # Safety
/// `p` is a valid NUL-terminated string.
unsafe fn read(p: *const c_char) -> String {
    // SAFETY: forwarded caller guarantee.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

/// An error slot freed on drop.
struct Slot(*mut jc_error);

impl Slot {
    fn new() -> Self {
        // SAFETY: always safe to call.
        let p = unsafe { jc_error_new() };
        assert!(!p.is_null());
        Slot(p)
    }
    fn status(&self) -> jc_status {
        // SAFETY: `self.0` is a live slot.
        unsafe { jc_error_status(self.0) }
    }
    fn message(&self) -> String {
        // SAFETY: `self.0` is a live slot; the message is NUL-terminated.
        unsafe { read(jc_error_message(self.0)) }
    }
    fn api_code(&self) -> i64 {
        // SAFETY: `self.0` is a live slot.
        unsafe { jc_error_api_code(self.0) }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // SAFETY: `self.0` came from `jc_error_new` and is freed once.
        unsafe { jc_error_free(self.0) }
    }
}

/// `jc_build_query` returning the query or the status.
fn build_query(params: &str, err: &Slot) -> Result<String, jc_status> {
    let (p, n) = s(params);
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: `p` is readable for `n` bytes; the outputs and slot are valid.
    let status = unsafe { jc_build_query(p, n, &mut out, &mut len, err.0) };
    if status != jc_status::Ok {
        assert!(out.is_null(), "output written on failure");
        return Err(status);
    }
    // SAFETY: on success `out` is a NUL-terminated string of `len` bytes from the library.
    let text = unsafe { read(out) };
    assert_eq!(text.len(), len);
    // SAFETY: `out` was returned by the library and is freed once.
    unsafe { jc_string_free(out) };
    Ok(text)
}

#[test]
fn version_and_status_names_are_static() {
    // SAFETY: static strings.
    unsafe {
        assert_eq!(read(jc_version()), justclick::VERSION);
        assert_eq!(
            read(jc_status_str(MaybeUninit::new(jc_status::ApiError))),
            "JC_STATUS_API_ERROR"
        );
        assert_eq!(
            read(jc_status_str(MaybeUninit::new(jc_status::Ok))),
            "JC_STATUS_OK"
        );
        // C may pass any int where a jc_status is expected.
        let bogus: MaybeUninit<jc_status> = std::mem::transmute(424_242_i32);
        assert_eq!(read(jc_status_str(bogus)), "JC_STATUS_UNKNOWN");
    }
    assert_eq!(jc_status::Ok as i32, 0);
    assert_eq!(jc_status::BadSignature as i32, 5000);
}

#[test]
fn every_golden_vector_through_the_abi() {
    let err = Slot::new();
    let mut seen = 0;
    for line in include_str!("../../tests/vectors/php-golden.jsonl").lines() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = |k: &str| v[k].as_str().unwrap().to_owned();
        match v["kind"].as_str().unwrap() {
            "request" => {
                let params = serde_json::to_string(&v["params"]).unwrap();
                assert_eq!(build_query(&params, &err).unwrap(), text("query"));
                let ((p, pn), (l, ln), (k, kn)) = (
                    s(&params),
                    s(v["login"].as_str().unwrap()),
                    s(v["secret"].as_str().unwrap()),
                );
                let mut hash = [0x55 as c_char; 33];
                // SAFETY: inputs readable for their lengths; `hash` holds 33 bytes.
                let status = unsafe { jc_get_hash(p, pn, l, ln, k, kn, hash.as_mut_ptr(), err.0) };
                assert_eq!(status, jc_status::Ok, "{}", err.message());
                // SAFETY: on success `hash` is NUL-terminated.
                assert_eq!(unsafe { read(hash.as_ptr()) }, text("hash"));
            }
            "response" => {
                let (b, bn) = s(v["body"].as_str().unwrap());
                let (k, kn) = s(v["secret"].as_str().unwrap());
                // SAFETY: inputs readable for their lengths.
                let status = unsafe { jc_check_hash(b, bn, k, kn, err.0) };
                let want = if v["valid"].as_bool().unwrap() {
                    jc_status::Ok
                } else {
                    jc_status::BadSignature
                };
                assert_eq!(status, want, "{}: {}", text("name"), err.message());
            }
            other => panic!("unknown kind {other}"),
        }
        seen += 1;
    }
    assert!(seen >= 19);
}

#[test]
fn null_arguments_are_refused_by_name() {
    let err = Slot::new();
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: every pointer is NULL or valid; NULL handling is what is under test.
    unsafe {
        assert_eq!(
            jc_build_query(ptr::null(), 3, &mut out, &mut len, err.0),
            jc_status::NullArgument
        );
        assert!(err.message().contains("params_json"), "{}", err.message());
        assert_eq!(
            jc_build_query(ptr::null(), 0, ptr::null_mut(), &mut len, err.0),
            jc_status::NullArgument
        );
        assert!(err.message().contains("query_out"));
        let (l, ln) = s("login");
        assert_eq!(
            jc_get_hash(ptr::null(), 0, l, ln, l, ln, ptr::null_mut(), err.0),
            jc_status::NullArgument
        );
        assert!(err.message().contains("hash_out"));
        let mut client: *mut jc_client = ptr::null_mut();
        assert_eq!(
            jc_client_new(l, ln, l, ln, ptr::null(), 0, ptr::null_mut(), err.0),
            jc_status::NullArgument
        );
        assert!(client.is_null());
        let (m, mn) = s("GetAllGroups");
        assert_eq!(
            jc_call(
                ptr::null(),
                m,
                mn,
                ptr::null(),
                0,
                &mut out,
                &mut len,
                err.0
            ),
            jc_status::NullArgument
        );
        assert!(err.message().contains("client"));
        assert!(out.is_null());
        assert_eq!(
            jc_delete_subscribe(ptr::null(), l, ln, l, ln, ptr::null_mut()),
            jc_status::NullArgument
        );
        // NULL-tolerant accessors and frees.
        assert_eq!(jc_error_status(ptr::null()), jc_status::NullArgument);
        assert_eq!(jc_error_api_code(ptr::null()), -1);
        assert_eq!(jc_error_http_status(ptr::null()), -1);
        assert_eq!(read(jc_error_message(ptr::null())), "");
        assert!(jc_client_clone(ptr::null()).is_null());
        jc_client_free(ptr::null_mut());
        jc_error_free(ptr::null_mut());
        jc_string_free(ptr::null_mut());
        // An empty login is refused by the core, naming it.
        assert_eq!(
            jc_client_new(ptr::null(), 0, l, ln, ptr::null(), 0, &mut client, err.0),
            jc_status::InvalidArgument
        );
        assert!(err.message().contains("login"));
        assert!(client.is_null());
    }
}

#[test]
fn invalid_utf8_is_an_invalid_argument() {
    let err = Slot::new();
    let bad = b"{\"a\":\"\xff\"}";
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: `bad` is readable for its length; outputs are valid.
    let status =
        unsafe { jc_build_query(bad.as_ptr().cast(), bad.len(), &mut out, &mut len, err.0) };
    assert_eq!(status, jc_status::InvalidArgument);
    assert!(err.message().contains("UTF-8"), "{}", err.message());
    let (k, kn) = s("secret");
    // SAFETY: as above.
    let status = unsafe { jc_check_hash(bad.as_ptr().cast(), bad.len(), k, kn, err.0) };
    assert_eq!(status, jc_status::InvalidArgument);
}

#[test]
fn error_slot_is_reused_and_cleared() {
    let err = Slot::new();
    assert_eq!(err.status(), jc_status::Ok);
    assert_eq!(
        build_query("{\"a.b\":1}", &err),
        Err(jc_status::InvalidArgument)
    );
    assert_eq!(err.status(), jc_status::InvalidArgument);
    assert!(err.message().contains("a.b"));
    assert_eq!(err.api_code(), -1);
    // The slot's own message as the input of a call that overwrites it.
    // SAFETY: the slot is live; the message stays valid until the call returns.
    let msg = unsafe { jc_error_message(err.0) };
    // SAFETY: `msg` is NUL-terminated.
    let msg_len = unsafe { CStr::from_ptr(msg) }.to_bytes().len();
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: `msg` readable for `msg_len` bytes during the call.
    let status = unsafe { jc_build_query(msg, msg_len, &mut out, &mut len, err.0) };
    assert_eq!(status, jc_status::InvalidArgument);
    assert_eq!(
        build_query("{\"a\":[1,2]}", &err).unwrap(),
        "a%5B0%5D=1&a%5B1%5D=2"
    );
    assert_eq!(err.status(), jc_status::Ok);
    assert_eq!(err.message(), "");
}

#[test]
fn client_options_and_transport_errors() {
    let err = Slot::new();
    let (l, ln) = s("shop");
    let (k, kn) = s("secret-value-1");
    let mut client: *mut jc_client = ptr::null_mut();
    let (o, on) = s(r#"{"base_url":"http://127.0.0.1:1/api/","max_retries":0,"colour":"red"}"#);
    // SAFETY: inputs readable; outputs valid.
    let status = unsafe { jc_client_new(l, ln, k, kn, o, on, &mut client, err.0) };
    assert_eq!(status, jc_status::InvalidArgument);
    assert!(err.message().contains("\"colour\""), "{}", err.message());
    assert!(!err.message().contains("secret-value-1"));
    assert!(client.is_null());

    // Port 1 on loopback: nothing listens, the connection is refused.
    let (o, on) = s(r#"{"base_url":"http://127.0.0.1:1/api/","max_retries":0}"#);
    // SAFETY: as above.
    let status = unsafe { jc_client_new(l, ln, k, kn, o, on, &mut client, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());
    // SAFETY: `client` is live.
    let second = unsafe { jc_client_clone(client) };
    // SAFETY: frees one of the two references.
    unsafe { jc_client_free(client) };
    let ((e, en), (g, gn)) = (s("a@b.c"), s("super"));
    // SAFETY: `second` keeps the client alive; inputs readable.
    let status = unsafe { jc_delete_subscribe(second, e, en, g, gn, err.0) };
    assert_eq!(status, jc_status::Transport, "{}", err.message());
    // SAFETY: the slot is live.
    assert_eq!(unsafe { read(jc_error_method(err.0)) }, "DeleteSubscribe");
    // SAFETY: the last reference, freed once.
    unsafe { jc_client_free(second) };
}

#[test]
fn notification_verification() {
    let secret = "0123456789abcdef0123456789abcdef01234567";
    let body = "id=123456&email=buyer%40example.com&paid=1700000000&items[0][title]=Course\
                &hash=0d4e02ac8b1d849a9665300f9b2ab37f";
    let err = Slot::new();
    let ((b, bn), (k, kn)) = (s(body), s(secret));
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: inputs readable; outputs valid.
    let status = unsafe { jc_verify_notification(b, bn, k, kn, &mut out, &mut len, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());
    // SAFETY: a library string, read then freed once.
    let json: serde_json::Value = unsafe {
        let v = serde_json::from_str(&read(out)).unwrap();
        jc_string_free(out);
        v
    };
    assert_eq!(json["kind"], "paid");
    assert_eq!(json["fields"]["email"], "buyer@example.com");
    let (w, wn) = s("wrong-secret");
    out = ptr::null_mut();
    // SAFETY: as above.
    let status = unsafe { jc_verify_notification(b, bn, w, wn, &mut out, &mut len, err.0) };
    assert_eq!(status, jc_status::BadSignature);
    assert!(out.is_null());
}

/// A client for a sandbox account, through the ABI.
fn sandbox_client(sb: &justclick_sandbox::Sandbox, err: &Slot) -> *mut jc_client {
    let account = sb.account();
    let options = format!(r#"{{"base_url":"{}","max_retries":0}}"#, sb.base_url());
    let ((l, ln), (k, kn), (o, on)) = (s(&account.login), s(&account.secret), s(&options));
    let mut client: *mut jc_client = ptr::null_mut();
    // SAFETY: inputs readable for their lengths; outputs valid.
    let status = unsafe { jc_client_new(l, ln, k, kn, o, on, &mut client, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());
    client
}

#[test]
fn sandbox_round_trip_forgery_and_api_errors() {
    use justclick_sandbox::{Config, Fault, Sandbox};
    let sb = Sandbox::start(Config::default()).unwrap();
    let err = Slot::new();
    let client = sandbox_client(&sb, &err);
    let ((e, en), (g, gn)) = (s("user@example.com"), s("super"));
    // SAFETY: `client` is live; inputs readable.
    let status = unsafe { jc_delete_subscribe(client, e, en, g, gn, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());
    // SAFETY: as above.
    let status = unsafe { jc_delete_subscribe(client, e, en, g, gn, err.0) };
    assert_eq!(status, jc_status::ApiError);
    assert_eq!(err.api_code(), 801);
    assert_eq!(err.message(), "Subscriber with such address is not found");

    sb.inject(Fault::ForgedHash, 1);
    let (m, mn) = s("GetAllGroups");
    let mut out: *mut c_char = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: as above; outputs valid.
    let status = unsafe { jc_call(client, m, mn, ptr::null(), 0, &mut out, &mut len, err.0) };
    assert_eq!(status, jc_status::BadSignature, "{}", err.message());
    assert!(out.is_null());
    // SAFETY: as above.
    let status = unsafe { jc_invoke(client, m, mn, ptr::null(), 0, &mut out, &mut len, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());
    // SAFETY: a library string of `len` bytes, read then freed once.
    let groups: serde_json::Value = unsafe {
        let v = serde_json::from_str(&read(out)).unwrap();
        jc_string_free(out);
        v
    };
    assert!(
        groups
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["rass_name"] == "super")
    );
    // SAFETY: freed once.
    unsafe { jc_client_free(client) };
}

/// One AddLeadToGroup-like request through `jc_params`, as a C loop would sign it.
///
/// # Safety
/// `p` is a live `jc_params`.
unsafe fn sign_one(p: *mut jc_params, email: &str, hash: &mut [u8; 33]) {
    let ok = jc_status::Ok;
    let (lead, lead_len) = s(email);
    // SAFETY: `p` is live (caller contract); every string is valid for its length;
    // `hash` is 33 writable bytes; NULL error slots are allowed.
    unsafe {
        jc_params_clear(p);
        let (k, kl) = s("rid");
        assert_eq!(jc_params_begin(p, k, kl, ptr::null_mut()), ok);
        for (i, v) in ["super", "1608202637.2284137403"].iter().enumerate() {
            let key = [b'0' + i as u8];
            let (v, vl) = s(v);
            assert_eq!(
                jc_params_add_str(p, key.as_ptr().cast(), 1, v, vl, ptr::null_mut()),
                ok
            );
        }
        assert_eq!(jc_params_end(p, ptr::null_mut()), ok);
        let (k, kl) = s("lead_name");
        let (v, vl) = s("Иван Петров");
        assert_eq!(jc_params_add_str(p, k, kl, v, vl, ptr::null_mut()), ok);
        let (k, kl) = s("lead_email");
        assert_eq!(
            jc_params_add_str(p, k, kl, lead, lead_len, ptr::null_mut()),
            ok
        );
        let (k, kl) = s("activation");
        assert_eq!(jc_params_add_bool(p, k, kl, true, ptr::null_mut()), ok);
        let (k, kl) = s("count");
        assert_eq!(jc_params_add_int(p, k, kl, -42, ptr::null_mut()), ok);
        let (k, kl) = s("utm");
        assert_eq!(jc_params_begin(p, k, kl, ptr::null_mut()), ok);
        let (k, kl) = s("utm_source");
        let (v, vl) = s("direct");
        assert_eq!(jc_params_add_str(p, k, kl, v, vl, ptr::null_mut()), ok);
        assert_eq!(jc_params_end(p, ptr::null_mut()), ok);
        // A repeated key: replaced in place.
        let (k, kl) = s("activation");
        assert_eq!(jc_params_add_bool(p, k, kl, false, ptr::null_mut()), ok);
        let (l, ll) = s("username");
        let (sec, sl) = s("secret");
        assert_eq!(
            jc_params_get_hash(p, l, ll, sec, sl, hash.as_mut_ptr().cast(), ptr::null_mut()),
            ok
        );
    }
}

#[test]
fn params_reuse_allocates_nothing_after_the_first_round() {
    // SAFETY: always safe to call.
    let p = unsafe { jc_params_new() };
    assert!(!p.is_null());
    let mut hash = [0u8; 33];
    // SAFETY: `p` is live.
    unsafe { sign_one(p, "first@example.com", &mut hash) };
    let first = hash;
    let before = allocations();
    for i in 0..100 {
        let email = if i % 2 == 0 {
            "a@example.com"
        } else {
            "bb@example.com"
        };
        // SAFETY: `p` is live.
        unsafe { sign_one(p, email, &mut hash) };
    }
    let during = allocations() - before;
    // The same set rebuilt gives the same hash as the JSON path.
    // SAFETY: `p` is live.
    unsafe { sign_one(p, "first@example.com", &mut hash) };
    assert_eq!(hash, first);
    let json = r#"{"rid":["super","1608202637.2284137403"],"lead_name":"Иван Петров","lead_email":"first@example.com","activation":false,"count":-42,"utm":{"utm_source":"direct"}}"#;
    let want = justclick::get_hash(
        &justclick::Params::from_json(json).unwrap(),
        "username",
        "secret",
    )
    .unwrap();
    assert_eq!(&hash[..32], want.as_bytes());
    assert_eq!(hash[32], 0);
    // SAFETY: `p` is live and freed once.
    unsafe { jc_params_free(p) };
    assert_eq!(
        during, 0,
        "100 signed requests after the first allocated {during} times"
    );
}

/// Collects (level, JSON line) pairs from the event callback.
unsafe extern "C" fn collect(
    level: jc_log_level,
    json: *const c_char,
    len: usize,
    user: *mut std::ffi::c_void,
) {
    // SAFETY: `user` is the Mutex<Vec> the test passed; `json` is readable for `len`
    // bytes and NUL-terminated.
    let (seen, text) = unsafe {
        (
            &*user.cast::<std::sync::Mutex<Vec<(jc_log_level, String)>>>(),
            std::slice::from_raw_parts(json.cast::<u8>(), len),
        )
    };
    assert_eq!(
        // SAFETY: the byte after the text is the NUL terminator.
        unsafe { *json.add(len) },
        0
    );
    let line = String::from_utf8(text.to_vec()).unwrap();
    seen.lock().unwrap().push((level, line));
}

#[test]
fn event_callback_sees_attempt_retry_outcome_and_no_secret() {
    use justclick_sandbox::{Config, Fault, Sandbox};
    let sb = Sandbox::start(Config::default()).unwrap();
    let err = Slot::new();
    let account = sb.account();
    let url = sb.base_url().replacen("://", "://u:url-pass-9@", 1);
    let options = format!(r#"{{"base_url":"{url}","retry_base_delay_ms":5}}"#);
    let ((l, ln), (k, kn), (o, on)) = (s(&account.login), s(&account.secret), s(&options));
    let mut client: *mut jc_client = ptr::null_mut();
    // SAFETY: inputs readable for their lengths; outputs valid.
    let status = unsafe { jc_client_new(l, ln, k, kn, o, on, &mut client, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());
    let seen = Box::new(std::sync::Mutex::new(Vec::<(jc_log_level, String)>::new()));
    let user = ptr::from_ref(&*seen).cast_mut().cast();
    // SAFETY: `client` is live and unshared; `collect` is thread-safe; `seen` outlives it.
    let status = unsafe { jc_client_set_event_callback(client, Some(collect), user, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());

    sb.inject(Fault::DropConnection, 1);
    let (mut out, mut len) = (ptr::null_mut(), 0usize);
    // SAFETY: `client` is live; outputs valid.
    let status = unsafe { jc_get_all_groups(client, &mut out, &mut len, err.0) };
    assert_eq!(status, jc_status::Ok, "{}", err.message());
    // SAFETY: `out` came from the library.
    unsafe { jc_string_free(out) };
    let ((e, en), (g, gn)) = (s("hidden.person@example.com"), s("super"));
    // SAFETY: `client` is live; inputs readable.
    unsafe { jc_delete_subscribe(client, e, en, g, gn, err.0) };

    let events = seen.lock().unwrap().clone();
    let names: Vec<String> = events
        .iter()
        .map(|(_, j)| serde_json::from_str::<serde_json::Value>(j).unwrap()["event"].to_string())
        .collect();
    assert_eq!(
        names[..6].join(","),
        r#""call_started","attempt","retry","attempt","answer","outcome""#
    );
    assert_eq!(events[2].0, jc_log_level::JC_LOG_WARN);
    assert_eq!(events[5].0, jc_log_level::JC_LOG_INFO);
    assert!(events[5].1.contains(r#""attempts":2"#), "{}", events[5].1);
    assert!(events.len() > 6);
    for (_, line) in &events {
        for needle in [
            account.secret.as_str(),
            "url-pass-9",
            "hidden.person",
            "hash=",
        ] {
            assert!(!line.contains(needle), "{needle} in {line}");
        }
    }

    // Once shared, the callback can no longer be changed.
    // SAFETY: `client` is live.
    let other = unsafe { jc_client_clone(client) };
    // SAFETY: as above.
    let status = unsafe { jc_client_set_event_callback(client, None, ptr::null_mut(), err.0) };
    assert_eq!(status, jc_status::InvalidArgument);
    // SAFETY: both references are live and freed once each, before `seen` is dropped.
    unsafe {
        jc_client_free(other);
        jc_client_free(client);
    }
    drop(seen);
}
