//! Smoke test: the default sandbox answers signed calls.

use justclick::Params;
use justclick_sandbox::{Config, Fault, Sandbox};

#[test]
fn default_sandbox_answers_and_faults() {
    let sb = Sandbox::start(Config::default()).unwrap();
    let client = sb.client_builder().build().unwrap();
    let groups = client.call("GetAllGroups", &Params::new()).unwrap();
    assert_eq!(groups[0]["rass_name"], "super");
    client
        .delete_subscribe("user@example.com", "super")
        .unwrap();
    let err = client
        .delete_subscribe("user@example.com", "super")
        .unwrap_err();
    assert_eq!(err.api_code(), Some(801));
    sb.inject(Fault::ForgedHash, 1);
    let err = client.call("GetAllGroups", &Params::new()).unwrap_err();
    assert!(
        matches!(err, justclick::Error::BadSignature { .. }),
        "{err:?}"
    );
    let v2 = client.call_v2("getalllists", &Params::new()).unwrap();
    assert_eq!(v2[0]["rass_id"], 1);
}
