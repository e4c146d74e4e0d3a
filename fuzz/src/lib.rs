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
