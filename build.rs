//! Build script of the C library, two jobs:
//!
//! 1. **SONAME.** `libjustclick.so` is linked with `-soname libjustclick.so.0`, the ABI
//!    major: programs record `libjustclick.so.0` as their dependency, `make install`
//!    installs `libjustclick.so.0.x.y` with the `.so.0` (runtime) and `.so` (link time)
//!    symlinks, and an incompatible ABI gets a new major. Only on targets whose linker
//!    is GNU-ld compatible (Linux and other ELF systems).
//! 2. **Headers.** `include/justclick.h` and the PHP FFI header
//!    `bindings/php/justclick.ffi.h` are generated from `src/capi/` with cbindgen (a
//!    build-dependency pinned to one exact version), so a plain `cargo build` yields a
//!    header that matches the code. Only in a git checkout: a crate built from a
//!    package (crates.io, `cargo package`) never writes into its source directory. A
//!    file is written only when its content changed. CI regenerates the headers with a
//!    cold build and fails on `git diff` (`make header-check`).

/// The ABI major of the C library: bump it (and `JC_VERSION_MAJOR` follows the crate
/// version) when a `jc_*` signature or struct changes incompatibly.
const SONAME_MAJOR: u32 = 0;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    set_cdylib_soname();
    headers::generate();
}

/// Passes `-Wl,-soname,libjustclick.so.<major>` to the cdylib link on ELF targets.
fn set_cdylib_soname() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let elf = matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos"
    );
    if elf {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libjustclick.so.{SONAME_MAJOR}");
    }
}

mod headers {
    use std::path::{Path, PathBuf};

    /// The C header, included by C and C++ programs.
    const C_HEADER: &str = "include/justclick.h";
    /// The same declarations for PHP's `FFI::load`, which reads these two defines first.
    const PHP_HEADER: &str = "bindings/php/justclick.ffi.h";
    const PHP_PREAMBLE: &str =
        "#define FFI_SCOPE \"JUSTCLICK\"\n#define FFI_LIB \"libjustclick.so\"\n";

    pub(super) fn generate() {
        let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
        if !root.join(".git").exists() {
            return;
        }
        for input in ["cbindgen.toml", "src/capi"] {
            println!("cargo:rerun-if-changed={input}");
        }
        let header = match render(&root) {
            Ok(text) => with_version(&text),
            Err(why) => {
                // A syntax error in src/capi is reported by rustc with a better message;
                // the header is simply left as it was.
                println!("cargo:warning=justclick: C header not regenerated: {why}");
                return;
            }
        };
        write_if_changed(&root.join(C_HEADER), header.as_bytes());
        write_if_changed(
            &root.join(PHP_HEADER),
            format!("{PHP_PREAMBLE}{header}").as_bytes(),
        );
    }

    /// The header text cbindgen generates for the crate with `cbindgen.toml`.
    fn render(root: &Path) -> Result<String, String> {
        let config = cbindgen::Config::from_file(root.join("cbindgen.toml"))?;
        let bindings = cbindgen::Builder::new()
            .with_config(config)
            .with_src(root.join("src/lib.rs"))
            .generate()
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        bindings.write(&mut out);
        String::from_utf8(out).map_err(|e| e.to_string())
    }

    /// Fills the `JC_VERSION_*` macros of the header's preamble (`cbindgen.toml`) from
    /// the crate version.
    fn with_version(header: &str) -> String {
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        header
            .replace("@JC_VERSION_MAJOR@", &var("CARGO_PKG_VERSION_MAJOR"))
            .replace("@JC_VERSION_MINOR@", &var("CARGO_PKG_VERSION_MINOR"))
            .replace("@JC_VERSION_PATCH@", &var("CARGO_PKG_VERSION_PATCH"))
            .replace("@JC_VERSION_STRING@", &var("CARGO_PKG_VERSION"))
    }

    fn write_if_changed(path: &Path, content: &[u8]) {
        if std::fs::read(path).is_ok_and(|old| old == content) {
            return;
        }
        if let Err(e) = std::fs::write(path, content) {
            println!(
                "cargo:warning=justclick: cannot write {}: {e}",
                path.display()
            );
        }
    }
}
