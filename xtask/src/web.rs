//! The playground (`web/`): build, serve and test.
//!
//! The site is `index.html` plus `web/style.css`, `web/boot.js`, the wasm-bindgen output
//! in `web/pkg/` and the policy editor `web/editor.js`, assembled into `dist/` with the same
//! relative paths, so the root `index.html` also works when the repository itself is served
//! (after one build, which writes the editor bundle into `web/` too).
//!
//! The editor is `CodeMirror` 6 from npm (`web/editor/package.json`, pinned by its lockfile):
//! `npm ci` installs it with esbuild and binaryen, esbuild bundles `web/editor/editor.js`
//! into one minified ES module, and the MIT notices of every bundled package go to
//! `dist/web/editor.LICENSES.txt`. binaryen's `wasm-opt` (the npm build: JavaScript, no
//! download) then shrinks the playground's wasm, kept only if it is smaller gzipped.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::setup;
use crate::sh::{self, Result, say};

const CRATE: &str = "oidc-trust-web";
const OUT_NAME: &str = "oidc_trust_web";
const WHOLE_NAME: &str = "oidc_trust_web_whole";

/// The cargo profile the playground's wasm is built with: `wasm` (Cargo.toml), or the one
/// `OIDC_TRUST_WASM_PROFILE` names. Worktrees that share one `CARGO_TARGET_DIR` build the
/// same crates under the same artifact names, so one worktree's build can be taken as fresh
/// by another's; a profile of its own (`CARGO_PROFILE_<NAME>_INHERITS=wasm`) keeps them apart.
fn wasm_profile() -> String {
    std::env::var("OIDC_TRUST_WASM_PROFILE")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "wasm".to_owned())
}

/// The page's two wasm modules (web/src/whole.rs): the AWS-only one a visit loads first,
/// and the whole page (every target), loaded when the inputs name another target. Each is
/// `(wasm-bindgen's out-name, the web crate's cargo arguments, what it is)`.
const MODULES: [(&str, &[&str], &str); 2] = [
    (OUT_NAME, &["--no-default-features"], "the AWS-only module"),
    (WHOLE_NAME, &[], "the whole page (every target)"),
];

/// Builds the release wasm of both modules, runs wasm-bindgen into `web/pkg` and wasm-opt
/// on each, and assembles `dist/`. Returns the `dist/` folder.
pub fn build() -> Result<PathBuf> {
    setup::wasm_tools()?;
    let profile = wasm_profile();
    let root = sh::root();
    let editor = root.join("web/editor");
    setup::npm_deps(&editor)?;
    let pkg = root.join("web/pkg");
    let pkg_arg = pkg.to_string_lossy().into_owned();
    for (name, features, what) in MODULES {
        say(&format!(
            "playground: building {what} (profile `{profile}`)"
        ));
        let mut args = vec![
            "build",
            "--profile",
            &profile,
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            CRATE,
        ];
        args.extend_from_slice(features);
        sh::run("cargo", &args)?;
        // Cargo writes both builds to the same file: wasm-bindgen reads it before the next.
        let wasm =
            sh::target_dir().join(format!("wasm32-unknown-unknown/{profile}/{OUT_NAME}.wasm"));
        let wasm_arg = wasm.to_string_lossy().into_owned();
        sh::run(
            "wasm-bindgen",
            &[
                "--target",
                "web",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
                "--out-dir",
                &pkg_arg,
                "--out-name",
                name,
                &wasm_arg,
            ],
        )?;
        optimize(&pkg.join(format!("{name}_bg.wasm")), &editor)?;
    }
    say("playground: bundling the policy editor (CodeMirror 6) with esbuild");
    sh::run_in(
        &editor,
        "node_modules/.bin/esbuild",
        &[
            "editor.js",
            "--bundle",
            "--minify",
            "--format=esm",
            "--target=es2020",
            "--legal-comments=none",
            "--outfile=../editor.bundle.js",
        ],
    )?;
    std::fs::write(root.join("web/editor.LICENSES.txt"), notices(&editor)?)
        .map_err(|e| format!("cannot write the editor's notices: {e}"))?;
    let dist = root.join("dist");
    let _ = std::fs::remove_dir_all(dist.join("web"));
    let files = [
        "index.html",
        "web/style.css",
        "web/boot.js",
        "web/editor.bundle.js",
        "web/editor.LICENSES.txt",
        &format!("web/pkg/{OUT_NAME}.js"),
        &format!("web/pkg/{OUT_NAME}_bg.wasm"),
        &format!("web/pkg/{WHOLE_NAME}.js"),
        &format!("web/pkg/{WHOLE_NAME}_bg.wasm"),
    ];
    // The lint pages, which the page reads when one is first opened (its wasm has none).
    let pages = "core/docs/lints";
    let _ = std::fs::remove_dir_all(dist.join(pages));
    let listed =
        std::fs::read_dir(root.join(pages)).map_err(|e| format!("cannot read {pages}: {e}"))?;
    let mut lint_pages: Vec<String> = listed
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "md"))
        .map(|n| format!("{pages}/{n}"))
        .collect();
    lint_pages.sort();
    for f in files
        .into_iter()
        .chain(lint_pages.iter().map(String::as_str))
    {
        let to = dist.join(f);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::copy(root.join(f), &to)
            .map_err(|e| format!("cannot copy {f} into {}: {e}", dist.display()))?;
    }
    say(&format!("playground: assembled {}", dist.display()));
    Ok(dist)
}

/// The license notices of every package bundled into the editor: the npm packages under
/// `node_modules` other than the build tools (esbuild, binaryen), each with its license file.
fn notices(editor: &Path) -> Result<String> {
    const TOOLS: &[&str] = &["esbuild", "@esbuild", "binaryen"];
    let modules = editor.join("node_modules");
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(&modules)
        .map_err(|e| format!("cannot read {}: {e}", modules.display()))?
    {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || TOOLS.contains(&name.as_str()) {
            continue;
        }
        if name.starts_with('@') {
            for scoped in std::fs::read_dir(&path).map_err(|e| e.to_string())? {
                dirs.push(scoped.map_err(|e| e.to_string())?.path());
            }
        } else {
            dirs.push(path);
        }
    }
    dirs.sort();
    let mut out = String::from(
        "The playground's policy editor (web/editor.bundle.js) bundles these npm packages.\n",
    );
    for dir in dirs {
        let rel = dir
            .strip_prefix(&modules)
            .unwrap_or(&dir)
            .display()
            .to_string();
        let license = ["LICENSE", "LICENSE.md", "LICENSE.txt"]
            .iter()
            .find_map(|f| std::fs::read_to_string(dir.join(f)).ok())
            .ok_or_else(|| format!("{rel} has no LICENSE file to copy into the notices"))?;
        out.push_str("\n==== ");
        out.push_str(&rel);
        out.push_str(" ====\n");
        out.push_str(license.trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// Runs binaryen's `wasm-opt -O1` (from the editor's npm dev-dependencies) on the playground's
/// wasm, and keeps the result only if it is smaller once gzipped. `-O1`, not `-Oz`: on this
/// module (measured 2026-12-01, 417,467 bytes gzip -9 as rustc writes it) `-O1` gives 413,408,
/// while `-Oz`, `-Os` and `-O2` shrink the raw module but grow the gzipped one (423,645,
/// 423,486 and 425,227).
fn optimize(module: &Path, editor: &Path) -> Result {
    let tool = editor.join("node_modules/.bin/wasm-opt");
    let out = module.with_extension("opt.wasm");
    say("playground: wasm-opt -O1 (binaryen from npm) on the playground's wasm");
    let status = std::process::Command::new(&tool)
        .args([
            "-O1",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "--strip-debug",
            "--strip-producers",
        ])
        .arg(module)
        .arg("-o")
        .arg(&out)
        .status()
        .map_err(|e| format!("could not start {}: {e}", tool.display()))?;
    let (before, after) = (gzip_size(module), gzip_size(&out));
    match (before, after) {
        (Some(b), Some(a)) if status.success() && a < b => {
            say(&format!(
                "playground: wasm-opt: {b} -> {a} bytes gzip -9; using it"
            ));
            std::fs::rename(&out, module).map_err(|e| format!("cannot rename: {e}"))
        }
        _ => {
            say(&format!(
                "playground: wasm-opt gave no smaller module ({before:?} -> {after:?} bytes gzip -9, {status}); not used"
            ));
            let _ = std::fs::remove_file(&out);
            Ok(())
        }
    }
}

/// The gzip -9 size of a file.
fn gzip_size(path: &Path) -> Option<u64> {
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

/// Builds and serves the playground on 127.0.0.1 (`--port N`, default 8080).
/// `--measure` instead serves it on a free port, prints the page's size and speed in
/// headless Chromium, and stops.
pub fn serve(args: &[String]) -> Result {
    let mut port: u16 = 8080;
    let mut measure = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => {
                port = it
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number from 0 to 65535")?;
            }
            "--measure" => measure = true,
            other => {
                return Err(format!(
                    "unknown option `{other}` (serve [--port N] [--measure])"
                ));
            }
        }
    }
    let dist = build()?;
    if measure {
        let server = Server::start(dist, 0)?;
        let result = run_measure(&server.url());
        server.stop();
        return result;
    }
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e} (try --port N)"))?;
    let actual = listener.local_addr().map_or(port, |a| a.port());
    say(&format!(
        "\nplayground: serving {} on http://127.0.0.1:{actual}/ (Ctrl-C to stop)",
        dist.display()
    ));
    accept_loop(&listener, &dist, &AtomicBool::new(false));
    Ok(())
}

/// Builds the playground and runs its browser tests (Playwright driving Debian's
/// Chromium), then prints the size and speed measurements.
pub fn test() -> Result {
    let dist = build()?;
    setup::chromium()?;
    let tests = sh::root().join("web/tests");
    setup::npm_deps(&tests)?;
    let server = Server::start(dist, 0)?;
    let url = server.url();
    let shots = sh::target_dir().join("playground");
    let result = node(&tests, &["--test", "playground.test.mjs"], &url, &shots);
    let measured = if result.is_ok() {
        run_measure(&url)
    } else {
        Ok(())
    };
    server.stop();
    result.and(measured)
}

fn run_measure(url: &str) -> Result {
    setup::chromium()?;
    let tests = sh::root().join("web/tests");
    setup::npm_deps(&tests)?;
    node(
        &tests,
        &["measure.mjs"],
        url,
        &sh::target_dir().join("playground"),
    )
}

fn node(dir: &Path, args: &[&str], url: &str, out: &Path) -> Result {
    say(&format!("$ node {} (PLAYGROUND_URL={url})", args.join(" ")));
    let status = std::process::Command::new("node")
        .args(args)
        .current_dir(dir)
        .env("PLAYGROUND_URL", url)
        .env("PLAYGROUND_OUT", out)
        .env("PLAYGROUND_DIST", sh::root().join("dist"))
        .status()
        .map_err(|e| format!("could not start node: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`node {}` failed ({status})", args.join(" ")))
    }
}

/// A static file server on 127.0.0.1 in a background thread.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl Server {
    fn start(dir: PathBuf, port: u16) -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("no local address: {e}"))?
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || accept_loop(&listener, &dir, &flag));
        say(&format!("playground: serving on http://127.0.0.1:{port}/"));
        Ok(Server { port, stop, thread })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the loop sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let _ = self.thread.join();
        say("playground: server stopped");
    }
}

fn accept_loop(listener: &TcpListener, dir: &Path, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            let _ = handle(stream, &dir);
        });
    }
}

/// The content type for a file name.
fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` if malformed or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a request path names inside `dir`, refusing anything that could leave it.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(n) if !n.to_string_lossy().starts_with('.')))
    {
        return None;
    }
    let full = dir.join(rel);
    if full.is_dir() {
        Some(full.join("index.html"))
    } else {
        Some(full)
    }
}

fn handle(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed\n",
            false,
        );
    }
    let file = resolve(dir, target).filter(|p| p.is_file());
    match file.and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((path, body)) => respond(&mut out, "200 OK", mime(&path), &body, method == "HEAD"),
        None => respond(
            &mut out,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method == "HEAD",
        ),
    }
}

fn respond(
    out: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // One write: a separate small header write would wait on Nagle and delayed ACKs.
    let mut response = head.into_bytes();
    if !head_only {
        response.extend_from_slice(body);
    }
    out.write_all(&response)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_stay_inside_the_site() {
        let d = Path::new("/site");
        assert_eq!(
            resolve(d, "/web/boot.js?x=1"),
            Some(PathBuf::from("/site/web/boot.js"))
        );
        assert_eq!(
            resolve(d, "/a%20b.txt"),
            Some(PathBuf::from("/site/a b.txt"))
        );
        assert_eq!(resolve(d, "/../etc/passwd"), None);
        assert_eq!(resolve(d, "/web/%2e%2e/%2e%2e/x"), None);
        assert_eq!(resolve(d, "/.git/config"), None);
        assert_eq!(resolve(d, "/%zz"), None);
        assert_eq!(resolve(d, "/%"), None);
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(mime(Path::new("x_bg.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("x.js")), "text/javascript; charset=utf-8");
        assert_eq!(mime(Path::new("index.html")), "text/html; charset=utf-8");
    }
}
