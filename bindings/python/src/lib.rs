//! The `justclick._justclick` extension module: a thin pyo3 layer over the `justclick`
//! core. Encoding, signing, verification and method semantics all live in the core;
//! this crate only converts values and errors and releases the GIL around I/O.
//!
//! Layout: [`convert`] (Python values <-> core `Params`/JSON), [`errors`] (the one
//! core-error -> exception mapping), [`signing`] and [`notification`] (module
//! functions), [`client`] (the `Client` class), [`pool`] (the core pool's Python side behind
//! `AsyncClient`), [`testing`] (the in-process sandbox behind `justclick.testing`,
//! feature `testing`).

mod client;
mod convert;
mod errors;
mod interrupt;
mod notification;
mod pool;
mod signing;
#[cfg(feature = "testing")]
mod testing;

use pyo3::prelude::*;

/// Native part of the `justclick` package; import `justclick` instead.
#[pymodule(gil_used = false)]
mod _justclick {
    #[pymodule_export]
    use crate::client::Client;
    #[pymodule_export]
    use crate::notification::verify_notification;
    #[pymodule_export]
    use crate::pool::{_shutdown_workers, PendingCall, WorkerPool};
    #[pymodule_export]
    use crate::signing::{build_query, check_hash, get_hash};
    #[cfg(feature = "testing")]
    #[pymodule_export]
    use crate::testing::Sandbox;

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", justclick::VERSION)
    }
}
