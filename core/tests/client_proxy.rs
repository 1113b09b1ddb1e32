//! Proxies: an explicit proxy is used (loopback included), `no_proxy` bypasses it,
//! transport errors name it, SOCKS is refused. A tiny forwarding HTTP proxy on
//! loopback stands in for a real one. (Environment rules: unit tests of
//! `client::proxy`, which take the environment as a function.)

mod client_support;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use client_support::{builder, sandbox};
use justclick::Error;

/// A tunnelling HTTP proxy (ureq sends every proxied request through `CONNECT`):
/// answers `200` to `CONNECT host:port`, then relays bytes both ways. Records the
/// request lines it saw.
struct Proxy {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { return };
                let log = Arc::clone(&log);
                thread::spawn(move || {
                    let _ = forward(conn, &log);
                });
            }
        });
        Proxy { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn forward(client: TcpStream, log: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let request_line = request_line.trim_end().to_owned();
    log.lock().unwrap().push(request_line.clone());
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line.trim_end().is_empty() {
            break;
        }
    }
    let mut client = client;
    let Some(target) = request_line
        .strip_prefix("CONNECT ")
        .and_then(|rest| rest.split(' ').next())
    else {
        client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")?;
        return Ok(());
    };
    let upstream = TcpStream::connect(target)?;
    client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    let (mut up_read, mut up_write) = (upstream.try_clone()?, upstream);
    let mut client_write = client.try_clone()?;
    // (Bytes the reader buffered past the head are copied first, by io::copy.)
    let to_upstream = thread::spawn(move || {
        let _ = std::io::copy(&mut reader, &mut up_write);
        let _ = up_write.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut up_read, &mut client_write);
    let _ = client_write.shutdown(std::net::Shutdown::Both);
    let _ = to_upstream.join();
    Ok(())
}

fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn an_explicit_proxy_carries_the_calls_even_to_loopback() {
    let sb = sandbox();
    let proxy = Proxy::start();
    let client = builder(&sb).proxy(proxy.url()).build().unwrap();
    client.get_all_groups().unwrap();
    client.get_all_groups().unwrap();
    let seen = proxy.seen();
    assert!(!seen.is_empty(), "the proxy saw no request");
    let target = client.base_url()["http://".len()..]
        .split('/')
        .next()
        .unwrap();
    let want = format!("CONNECT {target} HTTP/1.1");
    assert!(seen.iter().all(|l| *l == want), "{seen:?}, want {want}");
}

#[test]
fn no_proxy_bypasses_it() {
    let sb = sandbox();
    let proxy = Proxy::start();
    for list in ["127.0.0.1", "*", "localhost,127.0.0.1:9"] {
        let client = builder(&sb)
            .proxy(proxy.url())
            .no_proxy(list)
            .build()
            .unwrap();
        client.get_all_groups().unwrap();
    }
    assert_eq!(proxy.seen(), Vec::<String>::new());
    // The empty proxy setting means none at all.
    builder(&sb)
        .proxy("")
        .build()
        .unwrap()
        .get_all_groups()
        .unwrap();
}

#[test]
fn errors_name_the_proxy_but_never_its_credentials() {
    let sb = sandbox();
    let port = closed_port();
    let client = builder(&sb)
        .proxy(format!("http://user:pa55word@127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    let e = client.get_all_groups().unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains(&format!(
            "proxy http://127.0.0.1:{port} (from the proxy option)"
        )),
        "{text}"
    );
    assert!(!text.contains("pa55word"), "{text}");
    // Without a proxy the same failure does not mention one.
    let direct = builder(&sb)
        .base_url(format!("http://127.0.0.1:{port}/api/"))
        .max_retries(0)
        .build()
        .unwrap();
    let text = direct.get_all_groups().unwrap_err().to_string();
    assert!(!text.contains("proxy"), "{text}");
}

#[test]
fn socks_is_refused_clearly() {
    let sb = sandbox();
    let e = builder(&sb)
        .proxy("socks5://127.0.0.1:1080")
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("SOCKS") && e.contains("proxy option"), "{e}");
}

#[test]
fn the_environment_never_proxies_loopback() {
    let proxy = Proxy::start();
    // Every variable ureq itself would read, set for a child run of this binary.
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", "env_child", "--ignored", "--nocapture"]);
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
    ] {
        child.env(name, proxy.url());
    }
    let out = child.env("JC_PROXY_ENV_CHILD", "1").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(proxy.seen(), Vec::<String>::new());
}

#[test]
#[ignore = "run by the_environment_never_proxies_loopback with proxy variables set"]
fn env_child() {
    assert_eq!(std::env::var("JC_PROXY_ENV_CHILD").as_deref(), Ok("1"));
    let sb = sandbox();
    builder(&sb).build().unwrap().get_all_groups().unwrap();
}
