//! What the fuzz targets share: splitting one input into several strings, and running the
//! CLI's lint over whatever a reader found (so the fuzzer reaches the policies inside plans,
//! templates and exports, not just their readers).

use oidc_trust_cli::iac::Inventory;
use oidc_trust_cli::input::Source;

/// The separator the targets split their input at (the seed corpus uses it too).
pub const SEPARATOR: char = '\u{1}';

/// The input as text (invalid UTF-8 replaced, as a file read lossily would be) and its
/// first `N` parts split at [`SEPARATOR`]; missing parts are empty.
pub fn parts<const N: usize>(data: &[u8]) -> (String, [String; N]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, part) in out.iter_mut().zip(text.splitn(N, SEPARATOR)) {
        part.clone_into(slot);
    }
    (text, out)
}

/// A source named `name` holding `text`, as the CLI reads a file.
pub fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_owned(),
        path: None,
        text: text.to_owned(),
    }
}

/// Lints every policy a reader found, as `oidc-trust lint` does, and renders the findings.
pub fn lint_inventory(inventory: &Inventory) {
    for found in &inventory.policies {
        std::hint::black_box(oidc_trust_cli::lint::lint_found(found));
        let _ = oidc_trust_cli::iac::stage_one(&found.document, &inventory.providers);
    }
}

/// What a request field holds, in [`requests`].
#[derive(Debug, Clone, Copy)]
pub enum Part {
    /// The input's second part (the configuration).
    Config,
    /// The input's third part.
    Extra,
    /// A fixed string.
    Fixed(&'static str),
}

impl Part {
    fn value(self, config: &str, extra: &str) -> serde_json::Value {
        match self {
            Part::Config => json_or_string(config),
            Part::Extra => json_or_string(extra),
            Part::Fixed(text) => serde_json::Value::String(text.to_owned()),
        }
    }
}

/// A part as a request field holds it: JSON when it reads as JSON, a string otherwise (the
/// core accepts a configuration either way).
pub fn json_or_string(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

/// The requests one fuzz input gives, split as `token | configuration | extra`: the token
/// part as a token string and, when it reads as JSON, as claims, each at a fixed `now` and
/// with `fields`; then once more for each of the free string fields `free`, holding the
/// extra part.
pub fn requests(data: &[u8], fields: &[(&str, Part)], free: &[&str]) -> Vec<String> {
    use serde_json::{Value, json};
    let (_, [token, config, extra]) = parts::<3>(data);
    let mut subjects = vec![("token", Value::String(token.clone()))];
    if let Ok(claims) = serde_json::from_str::<Value>(&token) {
        subjects.push(("claims", claims));
    }
    let mut out = Vec::new();
    for (key, subject) in subjects {
        let mut request = json!({"now": 1_790_000_000i64, key: subject});
        for (field, part) in fields {
            request[*field] = part.value(&config, &extra);
        }
        out.push(request.to_string());
        for field in free {
            let mut r = request.clone();
            r[*field] = Value::String(extra.clone());
            out.push(r.to_string());
        }
    }
    out
}

/// A configuration-only request (what the lint entry points take): `fields` as in
/// [`requests`].
pub fn config_request(data: &[u8], fields: &[(&str, Part)]) -> String {
    let (_, [_, config, extra]) = parts::<3>(data);
    let mut request = serde_json::json!({});
    for (field, part) in fields {
        request[*field] = part.value(&config, &extra);
    }
    request.to_string()
}

/// Runs `analyze_any_json` on each request and writes its answer as the CLI does (the plain
/// text of its overview, verbose) and as the npm package does (serde).
pub fn analyze_any(requests: &[String]) {
    use oidc_trust::explain::text::{Plain, overview};
    for request in requests {
        let analysis = oidc_trust::api::analyze_any_json(request);
        let _ = serde_json::to_string(&analysis);
        let mut text = String::new();
        let _ = overview(
            &mut text,
            &analysis.overview(),
            true,
            &Plain { name: "fuzz" },
        );
        std::hint::black_box(text);
    }
}
