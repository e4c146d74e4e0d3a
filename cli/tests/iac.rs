//! `oidc-trust lint` on where trust policies live: a Terraform plan (a module, a data
//! source read at plan time, one deferred with an unknown principal, an unknown value, a
//! provider), a state, `.tf` literals, a CloudFormation YAML template with intrinsics, a JSON
//! template, a CDK assembly. Each run's JSON report is compared with its golden in
//! `tests/cli/iac/golden/` (`BLESS=1` rewrites them); SARIF is validated against the vendored
//! SARIF 2.1.0 schema; the `github` format is checked line by line.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cli/iac")
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("oidc-trust").unwrap();
    c.current_dir(fixtures()).env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> (i32, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Runs `lint --format json` and compares with (or, with `BLESS=1`, writes) the golden.
fn golden(name: &str, args: &[&str]) -> Value {
    let mut all = vec!["lint", "--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    let (code, out) = run(&all);
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let path = fixtures().join("golden").join(format!("{name}.json"));
    let text = format!("{}\n", serde_json::to_string_pretty(&v).unwrap());
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    } else {
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{}: no golden (run with BLESS=1)", path.display()));
        assert_eq!(text, want, "{name}: output differs from {}", path.display());
    }
    v
}

/// `(code, file:line, policy)` of each finding.
fn findings(v: &Value) -> Vec<(String, String, String)> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().iter())
        .map(|d| {
            let at = d.get("location").map_or_else(String::new, |l| {
                format!("{}:{}", l["file"].as_str().unwrap(), l["line"])
            });
            (
                d["code"].as_str().unwrap().to_owned(),
                at,
                d["policy"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// The first diagnostic of `code` in the first file.
fn diagnostic<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

/// Asserts a finding of `code` at `at` (`file:line`, or empty) on `policy`.
#[track_caller]
fn want(f: &[(String, String, String)], code: &str, at: &str, policy: &str) {
    assert!(
        f.iter()
            .any(|(c, a, p)| c == code && a == at && p == policy),
        "no {code} at {at} on {policy}: {f:?}"
    );
}

#[test]
fn terraform_plan_points_at_the_tf_lines() {
    let v = golden(
        "plan",
        &["terraform/plan.json", "--source-root", "terraform"],
    );
    assert_eq!(v["files"][0]["kind"], "terraform-plan");
    assert_eq!(v["files"][0]["policies"], 3);
    let f = findings(&v);
    // The deferred data source: its principal resolved from the plan's provider, its
    // conditions linted, the unknown value named.
    want(
        &f,
        "wildcard-subject",
        "terraform/main.tf:24",
        "aws_iam_role.github",
    );
    want(
        &f,
        "unknown-until-apply",
        "terraform/main.tf:34",
        "aws_iam_role.github",
    );
    // The module's role points at the module call; the data source it renders is not
    // reported twice.
    want(
        &f,
        "wildcard-subject",
        "terraform/main.tf:8",
        "module.deploy_role.aws_iam_role.this[0]",
    );
    assert!(
        !f.iter()
            .any(|(_, _, p)| p.contains("data.aws_iam_policy_document.this")),
        "{f:?}"
    );
    want(
        &f,
        "loose-audience-operator",
        "terraform/main.tf:56",
        "aws_iam_role.gitlab",
    );
    let unknown = diagnostic(&v, "unknown-until-apply");
    assert!(unknown["message"].as_str().unwrap().starts_with("known after apply: `Statement/0/Condition/StringEquals/token.actions.githubusercontent.com:repository_owner_id`"));
}

#[test]
fn terraform_plan_without_source_root_still_lints() {
    let (_, out) = run(&["lint", "terraform/plan.json", "--format", "concise"]);
    assert!(out.contains("warning[wildcard-subject]"), "{out}");
    assert!(out.contains("(aws_iam_role.github: /Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub)"), "{out}");
}

#[test]
fn terraform_state_checks_audiences_against_the_provider() {
    let v = golden("state", &["terraform/state.json"]);
    assert_eq!(v["files"][0]["kind"], "terraform-state");
    let f = findings(&v);
    want(&f, "audience-not-allowed", "", "aws_iam_role.gitlab");
    want(&f, "mutable-gitlab-subject", "", "aws_iam_role.gitlab");
}

#[test]
fn tf_literals_say_what_they_could_not_read() {
    let v = golden("hcl", &["terraform/main.tf"]);
    assert_eq!(v["files"][0]["kind"], "terraform-hcl");
    let f = findings(&v);
    want(
        &f,
        "unresolved-parameter",
        "terraform/main.tf:18",
        "aws_iam_role.github",
    );
    want(
        &f,
        "wildcard-subject",
        "terraform/main.tf:24",
        "aws_iam_role.github",
    );
    want(
        &f,
        "inferred-issuer",
        "terraform/main.tf:18",
        "aws_iam_role.github",
    );
    want(
        &f,
        "missing-subject-condition",
        "terraform/main.tf:51",
        "aws_iam_role.gitlab",
    );
    let unread = diagnostic(&v, "unresolved-parameter");
    assert!(
        unread["help"]
            .as_str()
            .unwrap()
            .contains("terraform show -json")
    );
}

#[test]
fn cloudformation_yaml_resolves_intrinsics() {
    let v = golden("cloudformation-yaml", &["cloudformation/github-oidc.yaml"]);
    let f = findings(&v);
    let deploy = "DeployRole (if CreateProvider=true)";
    want(
        &f,
        "unresolved-parameter",
        "cloudformation/github-oidc.yaml:41",
        deploy,
    );
    want(
        &f,
        "missing-audience-condition",
        "cloudformation/github-oidc.yaml:40",
        deploy,
    );
    want(
        &f,
        "empty-condition-values",
        "cloudformation/github-oidc.yaml:54",
        "ReleaseRole",
    );
    let unresolved = diagnostic(&v, "unresolved-parameter");
    assert!(
        unresolved["message"]
            .as_str()
            .unwrap()
            .contains("the parameter `GitHubOrg`, which has no default")
    );
    assert!(
        unresolved["help"]
            .as_str()
            .unwrap()
            .contains("--parameter GitHubOrg=VALUE")
    );
    // With the parameter given, the org is known and the default `*` repository is an
    // org-wide wildcard.
    let (_, out) = run(&[
        "lint",
        "cloudformation/github-oidc.yaml",
        "--parameter",
        "GitHubOrg=octo-org",
    ]);
    assert!(
        out.contains("`repo:octo-org/*:ref:refs/heads/*` has a wildcard over the repository"),
        "{out}"
    );
    assert!(!out.contains("unresolved-parameter"), "{out}");
}

#[test]
fn cloudformation_json_and_cdk() {
    let v = golden(
        "cloudformation-json",
        &["cloudformation/deploy-role.template.json"],
    );
    let f = findings(&v);
    want(
        &f,
        "unresolved-parameter",
        "cloudformation/deploy-role.template.json:23",
        "DeployRole",
    );
    want(
        &f,
        "repository-wide-subject",
        "cloudformation/deploy-role.template.json:20",
        "DeployRole",
    );
    let v = golden("cdk", &["cdk.out"]);
    assert_eq!(v["files"][0]["kind"], "cdk");
    let f = findings(&v);
    want(
        &f,
        "repository-wide-subject",
        "cdk.out/GithubOidcStack.template.json:19",
        "GithubOidcStack/GithubActionsRole/Resource",
    );
    // The manifest itself reads the same.
    let (_, out) = run(&["lint", "cdk.out/manifest.json"]);
    assert!(
        out.contains("GithubOidcStack/GithubActionsRole/Resource"),
        "{out}"
    );
}

#[test]
fn bad_inputs_name_file_and_place() {
    let dir = tempdir();
    std::fs::write(dir.join("bad.yaml"), "Resources:\n  A: [1, 2\n").unwrap();
    std::fs::write(
        dir.join("bad.tf"),
        "resource \"aws_iam_role\" \"x\" {\n  name = \n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("plan.json"),
        "{\"format_version\": \"2.0\", \"values\": {}}",
    )
    .unwrap();
    for (file, want) in [
        ("bad.yaml", "bad.yaml:3:1: not valid YAML"),
        ("bad.tf", "bad.tf:2:"),
        (
            "plan.json",
            "at `/format_version`: unsupported `format_version` `2.0`",
        ),
    ] {
        let out = Command::cargo_bin("oidc-trust")
            .unwrap()
            .current_dir(&dir)
            .args(["lint", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(want), "{file}: {err}");
    }
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oidc-trust-iac-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn sarif_is_valid_and_points_at_committed_source() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("../../sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let inputs: [&[&str]; 5] = [
        &["terraform/plan.json", "--source-root", "terraform"],
        &["cloudformation/github-oidc.yaml"],
        &["cdk.out"],
        &["terraform/main.tf"],
        &["../trust-wildcard.json", "../trust-broken.json"],
    ];
    for args in inputs {
        let mut all = vec!["lint", "--format", "sarif", "--fail-on", "never"];
        all.extend_from_slice(args);
        let (_, out) = run(&all);
        let log: Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}");
        let run = &log["runs"][0];
        assert!(
            run["automationDetails"]["id"]
                .as_str()
                .unwrap()
                .starts_with("oidc-trust/")
        );
        for r in run["results"].as_array().unwrap() {
            let fp = r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap();
            assert_eq!(fp.len(), 18, "{fp}");
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(
                !uri.ends_with("plan.json"),
                "plan findings point at .tf files: {uri}"
            );
        }
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let wildcard = rules
            .iter()
            .find(|r| r["id"] == "wildcard-subject")
            .unwrap();
        assert!(
            wildcard["help"]["markdown"]
                .as_str()
                .unwrap()
                .starts_with("# wildcard-subject\n")
        );
    }
    let (_, a) = run(&[
        "lint",
        "--format",
        "sarif",
        "terraform/plan.json",
        "--source-root",
        "terraform",
    ]);
    let (_, b) = run(&[
        "lint",
        "--format",
        "sarif",
        "terraform/plan.json",
        "--source-root",
        "terraform",
    ]);
    assert_eq!(a, b, "fingerprints and order are stable");
}

#[test]
fn github_format_is_workflow_commands() {
    let (code, out) = run(&[
        "lint",
        "--format",
        "github",
        "--fail-on",
        "warning",
        "terraform/plan.json",
        "--source-root",
        "terraform",
    ]);
    assert_eq!(code, 1);
    let line = out
        .lines()
        .find(|l| l.contains("wildcard-subject") && l.contains("line=24"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.starts_with("::warning file=terraform/main.tf,line=24,col=5,"),
        "{line}"
    );
    assert!(
        line.contains(",title=oidc-trust wildcard-subject::"),
        "{line}"
    );
    // Colons in properties are escaped; newlines in the message are %0A.
    assert!(line.contains("%0Ahelp: "), "{line}");
    let err = out.lines().find(|l| l.starts_with("::error ")).unwrap();
    assert!(err.contains("unscoped-shared-provider"), "{err}");
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn scan_checks_audiences_against_a_provider_file() {
    let dir = fixtures().join("..");
    let out = Command::cargo_bin("oidc-trust")
        .unwrap()
        .current_dir(&dir)
        .args([
            "scan",
            "account-authorization-details.json",
            "--providers",
            "providers.json",
            "--token",
            "main.jwt",
            "--now",
            "1790000000",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let path = fixtures().join("golden/scan-providers.json");
    let text = format!("{}\n", serde_json::to_string_pretty(&v).unwrap());
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    } else {
        assert_eq!(
            text,
            std::fs::read_to_string(&path).unwrap(),
            "scan-providers: output differs"
        );
    }
    let text = v.to_string();
    assert!(text.contains("audience-not-allowed"), "{text}");
    assert!(text.contains("is not on the client-id list"), "{text}");
    // Without the provider file the same token assumes three roles.
    let out = Command::cargo_bin("oidc-trust")
        .unwrap()
        .current_dir(&dir)
        .args([
            "scan",
            "account-authorization-details.json",
            "--token",
            "main.jwt",
            "--now",
            "1790000000",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("could assume 3 roles")
    );
    // SARIF and annotations of the export's findings.
    let out = Command::cargo_bin("oidc-trust")
        .unwrap()
        .current_dir(&dir)
        .args([
            "scan",
            "account-authorization-details.json",
            "--providers",
            "providers.json",
            "--format",
            "github",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().any(|l| l
            .starts_with("::warning file=account-authorization-details.json,line=")
            && l.contains("audience-not-allowed")),
        "{stdout}"
    );
    let bad = Command::cargo_bin("oidc-trust")
        .unwrap()
        .current_dir(&dir)
        .args([
            "scan",
            "account-authorization-details.json",
            "--providers",
            "roles.json",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("roles.json:") && err.contains("at `/0`: a provider without `Url`"),
        "{err}"
    );
}

#[test]
fn analyze_reads_a_role_from_a_plan_or_assembly() {
    let dir = fixtures().join("..");
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("oidc-trust")
            .unwrap()
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, out, _) = run(&[
        "analyze",
        "--token",
        "main.jwt",
        "--policy",
        "iac/cdk.out",
        "--now",
        "1790000000",
    ]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("`repo:acme/app:ref:refs/heads/main` matches none of the policy values"),
        "{out}"
    );
    assert!(
        out.contains("GithubOidcStack/GithubActionsRole/Resource"),
        "{out}"
    );
    let (code, _, err) = run(&[
        "analyze",
        "--token",
        "main.jwt",
        "--policy",
        "iac/terraform/plan.json",
        "--now",
        "1790000000",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("choose one with --role (`aws_iam_role.github`, `aws_iam_role.gitlab`, `module.deploy_role.aws_iam_role.this[0]`)"), "{err}");
    let (code, out, _) = run(&[
        "analyze",
        "--token",
        "main.jwt",
        "--policy",
        "iac/terraform/plan.json",
        "--role",
        "module.deploy_role",
        "--now",
        "1790000000",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, Some(1), "{out}");
    let log: Value = serde_json::from_str(&out).unwrap();
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "for-all-values-single-valued-key")
    );
}

#[test]
fn skip_other_passes_over_files_that_are_no_input() {
    let dir = tempdir().join("skip");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("package.json"),
        "{\"name\": \"x\", \"version\": \"1.0.0\"}",
    )
    .unwrap();
    std::fs::write(
        dir.join("ci.yml"),
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n",
    )
    .unwrap();
    std::fs::write(dir.join("broken.json"), "{\"Statement\": [,]}").unwrap();
    let lint = |args: &[&str]| {
        let out = Command::cargo_bin("oidc-trust")
            .unwrap()
            .current_dir(&dir)
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, out) = lint(&["lint", "--skip-other", "package.json", "ci.yml"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("0 files linted"), "{out}");
    let (code, out) = lint(&["lint", "--skip-other", "package.json", "broken.json"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("1 file linted") && out.contains("invalid-policy-json"),
        "{out}"
    );
    // Without the flag, a JSON file that is no policy is a finding.
    let (code, _) = lint(&["lint", "package.json"]);
    assert_eq!(code, Some(1));
}
