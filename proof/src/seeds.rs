//! The fuzz targets' seed corpus, taken from the shared vectors (`tests/vectors`) and the
//! CLI's fixtures (`tests/cli`): each target gets the inputs of its own entry point, in the
//! shape its harness splits (parts joined by `\u{1}`, see `fuzz/src/lib.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The separator the fuzz harnesses split their input at.
const SEP: &str = "\u{1}";

/// Seeds per fuzz target, in the order found.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Target name to its seeds.
    pub targets: BTreeMap<&'static str, Vec<Vec<u8>>>,
}

impl Corpus {
    fn add(&mut self, target: &'static str, seed: impl Into<Vec<u8>>) {
        let seed = seed.into();
        let seeds = self.targets.entry(target).or_default();
        if !seed.is_empty() && !seeds.contains(&seed) {
            seeds.push(seed);
        }
    }

    /// Writes each target's seeds into `out/<target>/seed-<n>`; returns how many.
    ///
    /// # Errors
    /// When a folder or file cannot be written.
    pub fn write(&self, out: &Path) -> Result<usize, String> {
        let mut n = 0;
        for (target, seeds) in &self.targets {
            let dir = out.join(target);
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            for (i, seed) in seeds.iter().enumerate() {
                let file = dir.join(format!("seed-{i:04}"));
                std::fs::write(&file, seed)
                    .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// The text of a policy value: JSON text as it is, an object as compact JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every JSON file under `dir`, sorted.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The seeds for every target, from the repository at `root`.
///
/// # Errors
/// When a vector or fixture file cannot be read or is not JSON.
pub fn corpus(root: &Path) -> Result<Corpus, String> {
    let mut c = Corpus::default();
    for file in json_files(&root.join("tests/vectors"))? {
        let doc: Value = serde_json::from_str(&read(&file)?)
            .map_err(|e| format!("{}: not JSON: {e}", file.display()))?;
        let vectors = doc.get("vectors").and_then(Value::as_array);
        for request in vectors
            .into_iter()
            .flatten()
            .filter_map(|v| v.get("request"))
        {
            vector_seeds(&mut c, request);
        }
    }
    let cli = root.join("tests/cli");
    let fixture = |name: &str| read(&cli.join(name));
    for name in ["terraform/plan.json", "terraform/state.json"] {
        c.add("terraform", fixture(&format!("iac/{name}"))?);
    }
    c.add("hcl", fixture("iac/terraform/main.tf")?);
    for name in [
        "iac/cloudformation/github-oidc.yaml",
        "iac/cloudformation/deploy-role.template.json",
        "iac/cdk.out/GithubOidcStack.template.json",
    ] {
        c.add("cloudformation", fixture(name)?);
    }
    c.add("cdk", fixture("iac/cdk.out/manifest.json")?);
    let (tokens, providers) = (fixture("tokens.txt")?, fixture("providers.json")?);
    for name in [
        "account-authorization-details.json",
        "list-roles.json",
        "roles.json",
    ] {
        let export = fixture(name)?;
        c.add("scan", format!("{export}{SEP}{tokens}{SEP}{providers}"));
    }
    for t in [
        "1790000000",
        "2026-09-21T14:13:20Z",
        "2026-09-21 14:13",
        "2026-09-21",
        "2026-09-21T14:13:20.123+02:00",
        "2026-09-21T14:13:20-0530",
        "9999-12-31T23:59:59Z",
    ] {
        c.add("time", format!("{t}{SEP}{t}"));
    }
    Ok(c)
}

/// For the other targets' fuzzers: the request field each splits out as its configuration
/// and the one it splits out as its third part (see `fuzz/src/lib.rs`).
const TARGET_PARTS: [(&str, &str, &str); 4] = [
    ("azure", "credentials", "name"),
    ("gcp", "provider", "policy"),
    ("vault", "role", "config"),
    ("publishing", "publishers", "registry"),
];

/// The seeds one vector's request gives.
fn vector_seeds(c: &mut Corpus, request: &Value) {
    let whole = request.to_string();
    let token = match (request.get("token"), request.get("claims")) {
        (Some(Value::String(t)), _) => t.clone(),
        (_, Some(claims)) => claims.to_string(),
        _ => String::new(),
    };
    let target = request.get("target").and_then(Value::as_str);
    if let Some(&(name, config, extra)) = TARGET_PARTS.iter().find(|t| Some(t.0) == target) {
        let part = |key: &str| request.get(key).map(text).unwrap_or_default();
        c.add(name, whole);
        c.add(
            name,
            format!("{token}{SEP}{}{SEP}{}", part(config), part(extra)),
        );
        return;
    }
    c.add("analyze", whole.clone());
    c.add("check_json", whole.clone());
    let policy = request.get("policy").map(text).unwrap_or_default();
    let sub = request
        .get("claims")
        .and_then(|c| c.get("sub"))
        .and_then(Value::as_str)
        .unwrap_or("repo:acme/app:ref:refs/heads/main");
    c.add("analyze", format!("{token}{SEP}{policy}{SEP}{sub}"));
    c.add("token", token.clone());
    c.add("lint", policy.clone());
    c.add(
        "lint",
        format!("{policy}{SEP}token.actions.githubusercontent.com"),
    );
    c.add("generate", format!("{token}{SEP}v*{SEP}123456789012"));
    c.add("check_json", format!("{token}{SEP}{policy}{SEP}accepted"));
    for rcp in request
        .pointer("/organization/rcps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let p = rcp.get("policy").map(text).unwrap_or_default();
        c.add("rcp", format!("{p}{SEP}{p}{SEP}{sub}"));
    }
    // The playground's share link carries the inputs' serde form: token and policy text.
    let inputs = serde_json::json!({"token": token, "policy": policy});
    c.add("share", inputs.to_string());
    let now = request.get("now").map(Value::to_string).unwrap_or_default();
    c.add("time", format!("{now}{SEP}{now}"));
}
