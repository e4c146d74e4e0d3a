//! Runs the real `oidc-trust` binary on the fixtures in `tests/cli/` (at the workspace
//! root): exit codes, text and JSON output, SARIF structure, scan, and errors that name the
//! file and the JSON path.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test helpers: a panic is a failed test"
)]

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

const NOW: &str = "1790000000";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("cli")
}

/// The binary, run in the fixtures folder, with colour off and a fixed clock.
fn bin() -> Command {
    let mut c = Command::cargo_bin("oidc-trust").unwrap();
    c.current_dir(fixtures()).env_remove("NO_COLOR");
    c
}

fn stdout_json(c: &mut Command) -> Value {
    let out = c.output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

// ---- analyze ------------------------------------------------------------------------------

#[test]
fn analyze_accepted_exits_0() {
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--provider", "token.actions.githubusercontent.com"])
        .args(["--client-id", "sts.amazonaws.com", "--now", NOW])
        .assert()
        .code(0)
        .stdout(contains("Accepted: statement `GitHubMain` allows it"))
        .stdout(contains("assumed:").not());
    // The stages and every statement are behind --verbose.
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--provider", "token.actions.githubusercontent.com"])
        .args([
            "--client-id",
            "sts.amazonaws.com",
            "--now",
            NOW,
            "--verbose",
        ])
        .assert()
        .code(0)
        .stdout(contains("statement 0 \"GitHubMain\" Allow: applies"))
        .stdout(contains("✓ audience"));
}

#[test]
fn analyze_no_lints_keeps_the_verdict_and_drops_findings() {
    let args = [
        "analyze",
        "--token",
        "main.jwt",
        "--policy",
        "trust-main.json",
        "--provider",
        "token.actions.githubusercontent.com",
        "--client-id",
        "sts.amazonaws.com",
        "--now",
        NOW,
        "--json",
    ];
    let full = stdout_json(bin().args(args));
    let lean = stdout_json(bin().args(args).arg("--no-lints"));
    assert_eq!(lean["accepted"], full["accepted"]);
    assert_eq!(lean["policy"], full["policy"]);
    let lint_ids: Vec<String> = full["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert!(!lint_ids.is_empty(), "the fixture should raise a lint");
    assert!(lean["diagnostics"].as_array().unwrap().is_empty());
    assert!(lean["hints"].as_array().unwrap().is_empty());
}

#[test]
fn analyze_refused_exits_1_and_marks_the_near_miss() {
    let out = bin()
        .args([
            "analyze",
            "--token",
            "feature.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--now", NOW])
        .assert()
        .code(1)
        .stdout(contains(
            "AWS answers AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (the trust policy stage)",
        ))
        .stdout(contains(
            "✗ StringEquals token.actions.githubusercontent.com:sub",
        ))
        .stdout(contains("expected `main`"))
        .stdout(contains("found `feature`"))
        .stdout(contains("trust-main.json:4:5"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    // The carets sit under the first differing character of each value.
    let lines: Vec<&str> = text.lines().collect();
    let policy = lines
        .iter()
        .position(|l| l.trim_start().starts_with("policy  repo:acme/app"))
        .unwrap();
    let at = lines[policy].find("main").unwrap();
    assert_eq!(lines[policy + 1].find('^'), Some(at));
    assert_eq!(lines[policy + 1].matches('^').count(), "main".len());
    // Without --provider the assumption is said in the output.
    assert!(text.contains("assumed: no --provider given"));
    // No colour when stdout is not a terminal.
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn analyze_without_provider_says_so_on_stderr_with_json() {
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--now", NOW, "--json"])
        .assert()
        .code(0)
        .stderr(contains("no --provider given: ASSUMING"));
}

#[test]
fn analyze_checks_the_issuer_and_audience_when_given() {
    bin()
        .args(["analyze", "--token", "main.jwt", "--policy", "trust-main.json"])
        .args(["--provider", "gitlab.com", "--client-id", "sts.amazonaws.com"])
        .args(["--now", NOW])
        .assert()
        .code(1)
        .stdout(contains("(the OIDC provider stage)"))
        .stdout(contains("No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com"));
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--client-id", "api://AzureADTokenExchange", "--now", NOW])
        .assert()
        .code(1)
        .stdout(contains("(the audience stage)"))
        .stdout(contains("Incorrect token audience"));
    // Each --client-id belongs to the --provider before it.
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args([
            "--provider",
            "gitlab.com",
            "--client-id",
            "https://gitlab.com",
        ])
        .args(["--provider", "token.actions.githubusercontent.com"])
        .args(["--client-id", "sts.amazonaws.com", "--now", NOW])
        .assert()
        .code(0);
}

#[test]
fn analyze_expired_token_is_refused() {
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--now", "1790001000"])
        .assert()
        .code(1)
        .stdout(contains("ExpiredTokenException"));
}

#[test]
fn analyze_json_is_exactly_the_json_interface() {
    let text = std::fs::read_to_string(fixtures().join("request.json")).unwrap();
    let expected = serde_json::to_value(oidc_trust::analyze_json(&text)).unwrap();
    let got = stdout_json(bin().args(["analyze", "--request", "request.json", "--json"]));
    assert_eq!(got, expected);
    bin()
        .args(["analyze", "--request", "request.json", "--json"])
        .assert()
        .code(1);
}

#[test]
fn analyze_request_from_stdin() {
    let text = std::fs::read_to_string(fixtures().join("request.json")).unwrap();
    bin()
        .args(["analyze", "--request", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(contains("found `feature`"))
        // The policy is embedded in the request: places point into the request file.
        .stdout(contains("<stdin>:"));
}

#[test]
fn analyze_token_from_stdin() {
    let token = std::fs::read_to_string(fixtures().join("main.jwt")).unwrap();
    bin()
        .args([
            "analyze",
            "--token",
            "-",
            "--policy",
            "trust-main.json",
            "--now",
            NOW,
        ])
        .write_stdin(token)
        .assert()
        .code(0);
}

#[test]
fn analyze_claims_file_works_as_a_token() {
    bin()
        .args(["analyze", "--token", "other-repo.claims.json"])
        .args(["--policy", "trust-main.json", "--now", NOW])
        .assert()
        .code(1)
        .stdout(contains("found `evil/app:ref:refs/heads/main`"));
}

#[test]
fn bad_request_names_the_file_and_json_path() {
    bin()
        .args(["analyze", "--request", "request-bad.json"])
        .assert()
        .code(2)
        .stderr(contains("request-bad.json:"))
        .stderr(contains("/providers/0/clientIds"))
        .stderr(contains("expected a sequence"));
}

#[test]
fn unreadable_policy_exits_2_with_its_location() {
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-broken.json",
        ])
        .args(["--now", NOW])
        .assert()
        .code(2)
        .stdout(contains(
            "Can't decide: the trust policy is not JSON (line 4, column 24)",
        ))
        .stdout(contains(
            "error[invalid-policy-json] trust-broken.json:4:24",
        ));
}

#[test]
fn missing_file_exits_2_naming_it() {
    bin()
        .args([
            "analyze",
            "--token",
            "nope.jwt",
            "--policy",
            "trust-main.json",
        ])
        .assert()
        .code(2)
        .stderr(contains("nope.jwt: cannot read the file: no such file"));
}

#[test]
fn usage_errors_exit_2() {
    bin()
        .args(["analyze", "--policy", "trust-main.json"])
        .assert()
        .code(2);
    bin()
        .args([
            "analyze",
            "--request",
            "request.json",
            "--token",
            "main.jwt",
        ])
        .assert()
        .code(2);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let args = [
        "analyze",
        "--token",
        "main.jwt",
        "--policy",
        "trust-main.json",
        "--now",
        NOW,
    ];
    bin()
        .args(args)
        .args(["--color", "always"])
        .assert()
        .stdout(contains("\u{1b}[32m"));
    bin()
        .args(args)
        .env("NO_COLOR", "1")
        .assert()
        .stdout(contains("\u{1b}[").not());
}

#[test]
fn help_teaches_exit_codes_and_providers() {
    bin()
        .args(["analyze", "--help"])
        .assert()
        .code(0)
        .stdout(contains("EXIT STATUS"))
        .stdout(contains("ASSUMED, and the output says so"))
        .stdout(contains("2  bad input"));
    bin()
        .args(["scan", "--help"])
        .assert()
        .code(0)
        .stdout(contains("get-account-authorization-details"));
    bin()
        .args(["lint", "--help"])
        .assert()
        .code(0)
        .stdout(contains("upload-sarif"));
    bin().arg("--version").assert().code(0);
}

// ---- lint ---------------------------------------------------------------------------------

#[test]
fn lint_text_names_file_line_and_column() {
    bin()
        .args(["lint", "trust-wildcard.json", "trust-main.json"])
        .args(["--format", "concise"])
        .assert()
        .code(0)
        .stdout(contains(
            "trust-wildcard.json:12:11: warning[wildcard-subject]",
        ))
        .stdout(contains("2 files linted"));
    bin()
        .args(["lint", "--fail-on", "warning", "trust-wildcard.json"])
        .assert()
        .code(1);
    bin()
        .args(["lint", "--fail-on", "info", "trust-main.json"])
        .assert()
        .code(1);
    bin()
        .args(["lint", "trust-broken.json", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(contains(
            "trust-broken.json:4:24: error[invalid-policy-json]",
        ));
    bin()
        .args(["lint", "trust-main.json", "missing.json"])
        .assert()
        .code(2)
        .stderr(contains("missing.json: cannot read the file"));
}

#[test]
fn lint_json() {
    let v = stdout_json(bin().args(["lint", "--format", "json", "trust-wildcard.json"]));
    assert_eq!(v["files"][0]["path"], "trust-wildcard.json");
    let codes: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"wildcard-subject"), "{codes:?}");
    assert!(v["summary"]["warning"].as_u64().unwrap() >= 1);
}

#[test]
fn lint_sarif_is_what_code_scanning_reads() {
    let v = stdout_json(bin().args([
        "lint",
        "--format",
        "sarif",
        "trust-wildcard.json",
        "trust-broken.json",
    ]));
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "oidc-trust");
    let rules = driver["rules"].as_array().unwrap();
    for lint in oidc_trust::lints() {
        let rule = rules.iter().find(|r| r["id"] == lint.id).unwrap();
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri == "trust-wildcard.json" || uri == "trust-broken.json");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    let wildcard = results
        .iter()
        .find(|r| r["ruleId"] == "wildcard-subject")
        .unwrap();
    let region = &wildcard["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 12);
    assert_eq!(region["startColumn"], 11);
    let broken = results
        .iter()
        .find(|r| r["ruleId"] == "invalid-policy-json")
        .unwrap();
    assert_eq!(
        broken["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
}

// ---- generate -----------------------------------------------------------------------------

#[test]
fn generate_writes_a_verified_policy() {
    let out = bin()
        .args([
            "generate",
            "--token",
            "feature.jwt",
            "--account",
            "111122223333",
        ])
        .assert()
        .code(0)
        .stderr(contains("verified:"))
        .get_output()
        .stdout
        .clone();
    let policy: Value = serde_json::from_slice(&out).unwrap();
    let text = serde_json::to_string(&policy).unwrap();
    assert!(text.contains("repo:acme/app:ref:refs/heads/feature"));
    assert!(text.contains("arn:aws:iam::111122223333:oidc-provider/"));
    let v = stdout_json(bin().args(["generate", "--token", "main.jwt", "--json"]));
    assert_eq!(v["verified"], true);
    bin()
        .args(["generate", "--token", "trust-main.json"])
        .assert()
        .code(2);
}

// ---- scan ---------------------------------------------------------------------------------

#[test]
fn scan_summarises_an_account_export() {
    bin()
        .args(["scan", "account-authorization-details.json", "--now", NOW])
        .assert()
        .code(0)
        .stdout(contains(
            "(get-account-authorization-details): 7 roles, 5 trust an OIDC provider",
        ))
        .stdout(contains("3  token.actions.githubusercontent.com"))
        .stdout(contains("1  gitlab.com"))
        .stdout(contains("/RoleDetailList/7"))
        .stdout(contains("1  any principal or any provider"))
        .stdout(contains("no `AssumeRolePolicyDocument`"))
        .stdout(contains("missing-audience-condition"));
    bin()
        .args([
            "scan",
            "account-authorization-details.json",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(1);
}

#[test]
fn scan_lists_what_each_token_could_assume() {
    let out = bin()
        .args(["scan", "account-authorization-details.json", "--now", NOW])
        .args(["--token", "tokens.txt", "other-repo.claims.json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let section = |label: &str| -> String {
        let start = text.find(&format!("Token {label}")).unwrap();
        let rest = &text[start..];
        let end = rest[1..].find("\nToken ").map_or(rest.len(), |e| e + 1);
        rest[..end].to_owned()
    };
    let main = section("tokens.txt:1");
    assert!(main.contains("could assume 3 roles"), "{main}");
    assert!(main.contains("deploy-main"));
    assert!(main.contains("ci-any-acme-repo"));
    let feature = section("tokens.txt:2");
    assert!(feature.contains("could assume 2 roles:"), "{feature}");
    assert!(feature.contains("ci-any-acme-repo"));
    assert!(!feature.contains("deploy-main"));
    let evil = section("other-repo.claims.json");
    // Only the role that trusts anyone.
    assert!(evil.contains("could assume 1 role:"), "{evil}");
    assert!(evil.contains("open-to-anyone"));
    assert!(!text.contains("org-wide-assume-role"));
}

#[test]
fn scan_json_and_other_export_shapes() {
    let v = stdout_json(
        bin()
            .args([
                "scan",
                "account-authorization-details.json",
                "--json",
                "--roles",
            ])
            .args(["--token", "main.jwt", "--now", NOW]),
    );
    assert_eq!(v["format"], "get-account-authorization-details");
    assert_eq!(v["roles"], 7);
    assert_eq!(v["oidcRoles"], 5);
    assert_eq!(v["anyPrincipalRoles"], 1);
    assert_eq!(v["problems"][0]["pointer"], "/RoleDetailList/7");
    assert_eq!(v["oidcRoleList"].as_array().unwrap().len(), 5);
    let names: Vec<&str> = v["tokens"][0]["assumable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["deploy-main", "ci-any-acme-repo", "open-to-anyone"]);
    assert_eq!(v["tokens"][0]["expired"], false);
    // The URL-encoded trust policy was read, and its findings point into the export.
    let encoded = v["oidcRoleList"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "ci-any-acme-repo")
        .unwrap();
    assert!(
        encoded["diagnostics"][0]["exportPointer"]
            .as_str()
            .unwrap()
            .starts_with("/RoleDetailList/1/AssumeRolePolicyDocument/Statement/0")
    );

    let v = stdout_json(bin().args(["scan", "list-roles.json", "--json"]));
    assert_eq!(v["format"], "list-roles");
    assert_eq!(v["oidcRoles"], 1);
    let v = stdout_json(bin().args(["scan", "roles.json", "--json"]));
    assert_eq!(v["format"], "role list");
    assert_eq!(v["oidcRoles"], 1);
}

#[test]
fn scan_bad_export_names_the_file() {
    bin()
        .args(["scan", "trust-broken.json"])
        .assert()
        .code(2)
        .stderr(contains("trust-broken.json:4:"));
    bin()
        .args(["scan", "request.json"])
        .assert()
        .code(2)
        .stderr(contains(
            "request.json: expected `aws iam get-account-authorization-details` output",
        ));
}

#[test]
fn scan_reports_undecodable_tokens_and_progress() {
    bin()
        .args(["scan", "account-authorization-details.json", "--progress"])
        .args(["--token", "bad-token.txt"])
        .assert()
        .code(0)
        .stdout(contains("assumes nothing: the token cannot be decoded"))
        .stderr(contains("scan: parsed 7 roles"))
        .stderr(contains("checked 1/1 tokens"));
    bin()
        .args([
            "scan",
            "account-authorization-details.json",
            "--token",
            "none.jwt",
        ])
        .assert()
        .code(2)
        .stderr(contains("none.jwt: cannot read the file"));
}

#[test]
fn generate_usage_errors() {
    bin()
        .args(["generate", "--token", "main.jwt", "--scope", "tag-pattern"])
        .assert()
        .code(2)
        .stderr(contains("--tag-pattern"));
}

#[test]
fn generate_renders_the_module_policy() {
    let out = bin()
        .args(["generate", "--oidc-issuer-host", "gitlab.com"])
        .args(["--oidc-audience", "https://gitlab.com"])
        .args([
            "--ci-subject-filter",
            "project_path:acme/app:ref_type:tag:ref:v*",
        ])
        .args(["--account", "111122223333"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\"gitlab.com:sub\": \"project_path:acme/app:ref_type:tag:ref:v*\""));
    assert!(text.contains("arn:aws:iam::111122223333:oidc-provider/gitlab.com"));
    bin()
        .args([
            "generate",
            "--oidc-issuer-host",
            "gitlab.com",
            "--token",
            "main.jwt",
        ])
        .args(["--oidc-audience", "x"])
        .assert()
        .code(2);
}

#[test]
fn scan_checks_the_audience_against_given_client_ids() {
    bin()
        .args([
            "scan",
            "account-authorization-details.json",
            "--token",
            "main.jwt",
        ])
        .args(["--client-id", "https://gitlab.com"])
        .assert()
        .code(0)
        .stdout(contains(
            "assumes nothing: the audience `sts.amazonaws.com` is not on the client-id list",
        ));
    bin()
        .args([
            "scan",
            "account-authorization-details.json",
            "--token",
            "main.jwt",
        ])
        .args(["--client-id", "sts.amazonaws.com"])
        .assert()
        .code(0)
        .stdout(contains("could assume 3 roles"));
}
