//! Build script: gives the C shared library its SONAME.
//!
//! `libjustclick.so` is linked with `-soname libjustclick.so.0`, the ABI major: programs
//! record `libjustclick.so.0` as their dependency, `make install` installs
//! `libjustclick.so.0.x.y` with the `.so.0` (runtime) and `.so` (link time) symlinks, and
//! an incompatible ABI gets a new major. Only with the `capi` feature (the C ABI) and
//! only on targets whose linker is GNU-ld compatible (Linux and other ELF systems).

/// The ABI major of the C library: bump it (and `JC_VERSION_MAJOR` follows the crate
/// version) when a `jc_*` signature or struct changes incompatibly.
const SONAME_MAJOR: u32 = 0;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    set_cdylib_soname();
}

/// Passes `-Wl,-soname,libjustclick.so.<major>` to the cdylib link on ELF targets.
fn set_cdylib_soname() {
    if std::env::var_os("CARGO_FEATURE_CAPI").is_none() {
        return;
    }
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let elf = matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos"
    );
    if elf {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libjustclick.so.{SONAME_MAJOR}");
    }
}
