//! `libjustclick`: the C ABI of the [`justclick`] core (`libjustclick.so`,
//! `libjustclick.a` and `include/justclick.h`).
//!
//! All of it is the [`capi`] module: the only unsafe code of the project. Every JustClick
//! semantic lives in the core crate (`core/`); this package converts C arguments, runs
//! the core behind a panic boundary and maps its errors to `jc_status` codes. Rust
//! programs depend on the core crate, never on this one.
#![deny(unsafe_code)]

#[allow(unsafe_code)]
pub mod capi;
