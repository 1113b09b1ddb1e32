//! HTTPS with the generated CA: verification on succeeds with the CA, fails without.

mod support;

use justclick::{Error, Params};
use justclick_sandbox::{Config, Sandbox};

#[test]
fn https_with_generated_ca() {
    let dir = tempfile::tempdir().unwrap();
    let ca_path = dir.path().join("ca.pem");
    let sb = Sandbox::start(Config {
        tls: true,
        ca_file: Some(ca_path.clone()),
        ..Config::default()
    })
    .unwrap();
    assert!(sb.base_url().starts_with("https://localhost:"));
    assert!(sb.origin().starts_with("https://localhost:"));
    let pem = sb.ca_pem().unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(sb.ca_file(), Some(ca_path.clone()));
    assert_eq!(std::fs::read_to_string(&ca_path).unwrap(), pem);

    // With the CA (as PEM and as a file) the certificate verifies.
    let client = sb.client_builder().build().unwrap();
    let groups = client.call("GetAllGroups", &Params::new()).unwrap();
    assert_eq!(groups[0]["rass_name"], "super");
    let a = sb.account();
    let by_file = justclick::Client::builder(&a.login, &a.secret)
        .base_url(sb.base_url())
        .ca_file(&ca_path)
        .build()
        .unwrap();
    by_file
        .delete_subscribe("user@example.com", "super")
        .unwrap();
    // 127.0.0.1 is in the certificate too.
    let by_ip = justclick::Client::builder(&a.login, &a.secret)
        .base_url(sb.base_url().replace("localhost", "127.0.0.1"))
        .ca_pem(pem.clone().into_bytes())
        .build()
        .unwrap();
    assert!(by_ip.call("GetAllGroups", &Params::new()).is_ok());

    // Without it: a TLS error, nothing sent.
    let untrusting = justclick::Client::builder(&a.login, &a.secret)
        .base_url(sb.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    let err = untrusting.call("GetAllGroups", &Params::new()).unwrap_err();
    assert!(
        matches!(err, Error::Tls { .. } | Error::Transport { .. }),
        "{err:?}"
    );
    assert!(
        sb.request_log().iter().all(|r| r.method.is_some()),
        "only the trusted calls reached the API"
    );
    assert_eq!(sb.request_log().len(), 3);
}

#[test]
fn default_ca_file_is_a_temporary_file() {
    let sb = Sandbox::start(Config {
        tls: true,
        ..Config::default()
    })
    .unwrap();
    let path = sb.ca_file().unwrap();
    assert_eq!(std::fs::read_to_string(path).unwrap(), sb.ca_pem().unwrap());
    let plain = support::sandbox();
    assert!(plain.ca_pem().is_none() && plain.ca_file().is_none());
}
