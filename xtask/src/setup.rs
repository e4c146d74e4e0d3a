//! Installing what the tasks need, once: the wasm32 target, the wasm-bindgen CLI at the
//! version in Cargo.lock, Chromium for browser tests, npm dev-dependencies, and moto's IAM
//! server (from `PyPI`) in a venv for the live-scan test.

use std::path::{Path, PathBuf};

use crate::sh::{self, Result, say};

/// The wasm-bindgen version in Cargo.lock: the CLI must be exactly this version.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(sh::root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            return Ok(v.to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".to_owned())
}

/// The wasm32 target and the pinned wasm-bindgen CLI.
pub fn wasm_tools() -> Result {
    say("setup: the wasm32-unknown-unknown target");
    sh::run("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    let want = wasm_bindgen_version()?;
    let have = sh::output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.trim() == format!("wasm-bindgen {want}") {
        say(&format!("setup: wasm-bindgen {want} is installed"));
    } else {
        say(&format!(
            "setup: installing wasm-bindgen-cli {want} (pinned to Cargo.lock; takes about 4 minutes once)"
        ));
        // Not --locked: the CLI's own lockfile names a crate version the registry lacks.
        sh::run(
            "cargo",
            &[
                "install",
                "wasm-bindgen-cli",
                "--version",
                &format!("={want}"),
            ],
        )?;
    }
    Ok(())
}

/// The oldest Node.js the tests run on: vite 8 and its bundler rolldown need 20.19 (or
/// 22.12 on the 22 line), playwright-core 20.
const NODE_MIN: (u32, u32) = (20, 19);

/// Checks that Node.js is there and new enough, and says which it is.
pub fn node() -> Result {
    let Some(v) = sh::output("node", &["--version"]) else {
        return Err(format!(
            "Node.js is not installed; the tests need Node.js {}.{} or later (https://nodejs.org)",
            NODE_MIN.0, NODE_MIN.1
        ));
    };
    let v = v.trim();
    let mut parts = v.trim_start_matches('v').split('.').map(str::parse::<u32>);
    let (Some(Ok(major)), Some(Ok(minor))) = (parts.next(), parts.next()) else {
        return Err(format!("cannot read the Node.js version `{v}`"));
    };
    let ok = (major, minor) >= NODE_MIN && !(major == 22 && minor < 12) && major != 21;
    if ok {
        say(&format!(
            "setup: Node.js {v} (the tests need {}.{} or later)",
            NODE_MIN.0, NODE_MIN.1
        ));
        Ok(())
    } else {
        Err(format!(
            "Node.js {v} is too old: the tests need {}.{} or later on the 20 line, or 22.12 or later (vite 8 and rolldown require it)",
            NODE_MIN.0, NODE_MIN.1
        ))
    }
}

/// Debian's `chromium` and `chromium-driver`, for the browser tests.
pub fn chromium() -> Result {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        say("setup: chromium and chromedriver are installed");
        return Ok(());
    }
    say("setup: installing Debian's chromium and chromium-driver (about a minute)");
    let sudo = if sh::output("id", &["-u"]).is_some_and(|u| u.trim() == "0") {
        None
    } else {
        Some("sudo")
    };
    let apt = |args: &[&str]| match sudo {
        Some(s) => {
            let mut all = vec!["apt-get"];
            all.extend_from_slice(args);
            sh::run(s, &all)
        }
        None => sh::run("apt-get", args),
    };
    apt(&["update", "-q"])?;
    apt(&["install", "-y", "-q", "chromium", "chromium-driver"])
}

/// `npm ci` (or `npm install` without a lockfile) in a folder, if its modules are stale.
pub fn npm_deps(dir: &Path) -> Result {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => match (l.modified(), s.modified()) {
            (Ok(l), Ok(s)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        say(&format!(
            "setup: npm dependencies of {} are installed",
            dir.display()
        ));
        return Ok(());
    }
    say(&format!(
        "setup: installing npm dev-dependencies in {}",
        dir.display()
    ));
    if lock.exists() {
        sh::run_in(dir, "npm", &["ci", "--no-audit", "--no-fund"])
    } else {
        sh::run_in(dir, "npm", &["install", "--no-audit", "--no-fund"])
    }
}

/// A venv under the target folder (`target/tmp/moto-venv`, where the test looks too) with
/// `moto[server]` from `PyPI`: the IAM API the live `scan --aws` test runs against on
/// 127.0.0.1. Returns its Python.
pub fn moto() -> Result<PathBuf> {
    let venv = sh::target_dir().join("tmp").join("moto-venv");
    let python = venv.join("bin").join("python");
    let ready = || {
        std::process::Command::new(&python)
            .args(["-c", "import moto.server, boto3"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ready() {
        say(&format!("setup: moto is installed in {}", venv.display()));
        return Ok(python);
    }
    say(&format!(
        "setup: installing moto[server] from PyPI into {} (about a minute, once)",
        venv.display()
    ));
    let venv_arg = venv.to_string_lossy().into_owned();
    sh::run("python3", &["-m", "venv", &venv_arg])?;
    let python_arg = python.to_string_lossy().into_owned();
    sh::run(
        &python_arg,
        &["-m", "pip", "install", "--quiet", "moto[server]"],
    )?;
    if ready() {
        Ok(python)
    } else {
        Err("moto was installed but `import moto.server` fails".to_owned())
    }
}
