//! Reading the CC0 conformance suite (`tests/conformance/subvectors`): every vector, each
//! target's vectors (AWS, Entra ID, Google) as analysis requests, and the ids listed in
//! `tests/conformance/known-differences.md`.
//! Included by the conformance tests with `#[path = "support/subvectors.rs"] mod subvectors;`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

/// The issuer URL (without `https://`) a vector's platform uses.
fn issuer(v: &Value) -> String {
    let subject = v["subject"].as_str().unwrap_or_default();
    match v["issuer"].as_str().unwrap() {
        "github" => "token.actions.githubusercontent.com".to_owned(),
        "gitlab" => "gitlab.com".to_owned(),
        "terraform-cloud" => "app.terraform.io".to_owned(),
        "bitbucket" => {
            "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc".to_owned()
        }
        "circleci" => {
            let org = subject
                .strip_prefix("org/")
                .and_then(|s| s.split('/').next())
                .unwrap_or("2a3b4c5d-1111-2222-3333-444455556666");
            format!("oidc.circleci.com/org/{org}")
        }
        other => panic!("unknown issuer {other}"),
    }
}

/// The analyze request for one AWS vector.
pub(crate) fn request(v: &Value) -> Value {
    let prefix = issuer(v);
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(format!("https://{prefix}")));
    claims.insert("aud".into(), json!("sts.amazonaws.com"));
    claims.insert("sub".into(), v["subject"].clone());
    claims.insert("iat".into(), json!(1_790_000_000));
    claims.insert("exp".into(), json!(1_790_000_300));
    for (k, val) in v["claims"].as_object().into_iter().flatten() {
        claims.insert(k.clone(), val.clone());
    }
    let aud = claims["aud"].clone();
    let leaves: Vec<&Value> = match v["condition"]["consumer"].as_str().unwrap() {
        "aws-all" => v["condition"]["of"].as_array().unwrap().iter().collect(),
        _ => vec![&v["condition"]],
    };
    let mut condition = Map::new();
    for leaf in leaves {
        let op = match leaf["consumer"].as_str().unwrap() {
            "aws-stringlike" => "StringLike",
            "aws-stringequals" => "StringEquals",
            other => panic!("unexpected consumer {other}"),
        };
        let key = format!("{prefix}:{}", leaf["claim"].as_str().unwrap_or("sub"));
        let block = condition
            .entry(op)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .unwrap();
        assert!(
            block.insert(key, leaf["pattern"].clone()).is_none(),
            "{}: two leaves on one key",
            v["id"]
        );
    }
    json!({
        "claims": claims,
        "policy": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Federated": format!("arn:aws:iam::123456789012:oidc-provider/{prefix}")},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": condition,
            }],
        },
        "providers": [{"url": prefix, "clientIds": [aud]}],
        "now": 1_790_000_100,
    })
}

/// Every vector of the suite, suite files in name order.
pub(crate) fn all_vectors() -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir().join("subvectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        out.extend(suite["vectors"].as_array().unwrap().iter().cloned());
    }
    out
}

/// The consumer a vector's condition is written for (`aws-stringlike`, `gcp-cel`...).
pub(crate) fn consumer(v: &Value) -> &str {
    v["condition"]["consumer"].as_str().unwrap()
}

/// Which target models a consumer: `aws`, `azure`, `gcp`.
pub(crate) fn target_of(consumer: &str) -> &str {
    consumer.split('-').next().unwrap_or(consumer)
}

/// Every AWS vector of the suite.
#[allow(dead_code, reason = "each test file uses part of this module")]
pub(crate) fn aws_vectors() -> Vec<Value> {
    all_vectors()
        .into_iter()
        .filter(|v| target_of(consumer(v)) == "aws")
        .collect()
}

/// The Google analysis request for one `gcp-cel` vector: the vector's claims (with the
/// issuer's `iss`, the provider's default audience and a live `exp`) against a provider of
/// the issuer whose condition is the vector's and whose only mapping is
/// `google.subject = assertion.sub` (the suite models the condition alone, semantics
/// reference 5).
#[allow(dead_code, reason = "each test file uses part of this module")]
pub(crate) fn gcp_request(v: &Value) -> Value {
    let name = "projects/123456789012/locations/global/workloadIdentityPools/ci/providers/ci";
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(format!("https://{}", issuer(v))));
    claims.insert(
        "aud".into(),
        json!(format!("https://iam.googleapis.com/{name}")),
    );
    claims.insert("sub".into(), v["subject"].clone());
    claims.insert("iat".into(), json!(1_790_000_000));
    claims.insert("exp".into(), json!(1_790_000_300));
    for (k, val) in v["claims"].as_object().into_iter().flatten() {
        claims.insert(k.clone(), val.clone());
    }
    json!({
        "target": "gcp",
        "claims": claims,
        "provider": {
            "name": name,
            "state": "ACTIVE",
            "disabled": false,
            "attributeMapping": {"google.subject": "assertion.sub"},
            "attributeCondition": v["condition"]["pattern"],
            "oidc": {"issuerUri": format!("https://{}", issuer(v))},
        },
        "now": 1_790_000_100,
    })
}

/// Ids listed under a heading of `known-differences.md` (lines starting "- `id`").
pub(crate) fn listed(heading: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(dir().join("known-differences.md")).unwrap();
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.starts_with(heading);
        } else if inside && let Some(rest) = line.strip_prefix("- `") {
            out.insert(rest.split('`').next().unwrap().to_owned());
        }
    }
    out
}

/// Fails unless the disagreements are exactly the ids listed under `heading`: none
/// unlisted (with `report` saying why each disagrees), none listed but agreeing.
pub(crate) fn assert_listed(heading: &str, disagree: &BTreeSet<String>, report: &str) {
    let known = listed(heading);
    let unlisted: Vec<_> = disagree.difference(&known).collect();
    let stale: Vec<_> = known.difference(disagree).collect();
    assert!(
        unlisted.is_empty(),
        "disagreements not listed under \"{heading}\" in known-differences.md:\n{report}"
    );
    assert!(
        stale.is_empty(),
        "listed under \"{heading}\" in known-differences.md but now agreeing: {stale:?}"
    );
}

/// The Entra ID analysis request for one vector: the vector's subject and claims as a
/// token minted for the exchange audience, and one credential: a classic one with the
/// vector's subject (`azure-fic-exact`) or a flexible one with its expression
/// (`azure-fic-flexible`).
#[allow(dead_code, reason = "each test file uses part of this module")]
pub(crate) fn azure_request(v: &Value) -> Value {
    let issuer = format!("https://{}", issuer(v));
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(issuer));
    claims.insert("aud".into(), json!("api://AzureADTokenExchange"));
    claims.insert("sub".into(), v["subject"].clone());
    claims.insert("iat".into(), json!(1_790_000_000));
    claims.insert("exp".into(), json!(1_790_000_300));
    for (k, val) in v["claims"].as_object().into_iter().flatten() {
        claims.insert(k.clone(), val.clone());
    }
    let condition = &v["condition"];
    let credential = match condition["consumer"].as_str().unwrap() {
        "azure-fic-exact" => {
            assert_eq!(
                condition["claim"], "sub",
                "{}: exact on another claim",
                v["id"]
            );
            json!({"name": "subvector", "issuer": issuer, "subject": condition["pattern"], "audiences": ["api://AzureADTokenExchange"]})
        }
        "azure-fic-flexible" => json!({
            "name": "subvector", "issuer": issuer, "subject": null,
            "audiences": ["api://AzureADTokenExchange"],
            "claimsMatchingExpression": {"value": condition["pattern"], "languageVersion": 1},
        }),
        other => panic!("{}: unexpected consumer {other}", v["id"]),
    };
    json!({
        "target": "azure",
        "claims": claims,
        "credentials": [credential],
        "now": 1_790_000_100,
        "lints": false,
    })
}
