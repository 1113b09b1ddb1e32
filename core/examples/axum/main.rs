//! An axum service calling JustClick without `spawn_blocking`: the handlers (in
//! `app.rs`) `.await` the client's `*_async` methods, which run each call on the
//! client's bounded worker pool. Two routes:
//!
//! ```text
//! cargo run -p justclick --example axum
//! curl http://127.0.0.1:3000/groups
//! curl -X DELETE http://127.0.0.1:3000/groups/super/contacts/user@example.com
//! ```
//!
//! With `JUSTCLICK_LOGIN` and `JUSTCLICK_SECRET` set, it talks to that account
//! (`https://LOGIN.justclick.ru/api/`, or `JUSTCLICK_BASE_URL`). Without them it
//! starts an in-process sandbox on 127.0.0.1 with the seeded contact
//! `user@example.com` in the group `super`. `JUSTCLICK_LISTEN` sets the address to
//! serve on (default `127.0.0.1:3000`).

mod app;

use std::net::SocketAddr;

use justclick::Client;
use justclick_sandbox::{Config, Sandbox};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The sandbox runs a runtime of its own: start (and drop) it outside this one.
    let (client, _sandbox) = match (
        std::env::var("JUSTCLICK_LOGIN"),
        std::env::var("JUSTCLICK_SECRET"),
    ) {
        (Ok(login), Ok(secret)) => {
            let mut builder = Client::builder(&login, &secret);
            if let Ok(url) = std::env::var("JUSTCLICK_BASE_URL") {
                builder = builder.base_url(url);
            }
            (builder.build()?, None)
        }
        _ => {
            let sandbox = Sandbox::start(Config::default())?;
            let client = sandbox.client_builder().build()?;
            println!(
                "no JUSTCLICK_LOGIN/JUSTCLICK_SECRET: using a sandbox at {}",
                sandbox.base_url()
            );
            (client, Some(sandbox))
        }
    };
    let listen: SocketAddr = std::env::var("JUSTCLICK_LISTEN")
        .as_deref()
        .unwrap_or("127.0.0.1:3000")
        .parse()?;
    tokio::runtime::Runtime::new()?.block_on(async {
        let listener = app::listen(listen)?;
        println!("listening on http://{}", listener.local_addr()?);
        axum::serve(listener, app::router(client)).await
    })?;
    Ok(())
}
