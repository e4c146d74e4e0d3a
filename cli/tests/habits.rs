//! The CLI as its users expect it (cargo, ruff and ripgrep habits), on the fixtures in
//! `tests/cli/`: the answer first in the user's words and exit codes from the verdict
//! state; the call, caller and RCP flags with located errors; RCP files in every form;
//! `lint` over folders with `--select`/`--ignore` and `oidc-trust.toml`, code frames and
//! line order; `explain`; `scan` with RCPs. Whole outputs are compared with the goldens in
//! `tests/cli/golden/` (`BLESS=1 cargo test -p oidc-trust-cli --test habits` rewrites
//! them).
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("cli")
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("oidc-trust").unwrap();
    c.current_dir(fixtures()).env_remove("NO_COLOR");
    c
}

/// Runs the command and compares its stdout with `tests/cli/golden/<name>.txt`; returns
/// the exit status.
fn golden(name: &str, c: &mut Command) -> i32 {
    let out = c.output().unwrap();
    compare(name, &String::from_utf8(out.stdout).unwrap());
    out.status.code().unwrap()
}

/// Compares `text` with `tests/cli/golden/<name>.txt` (writes it with `BLESS`).
fn compare(name: &str, text: &str) {
    let path = fixtures().join("golden").join(format!("{name}.txt"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
    } else {
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1)", path.display()));
        assert_eq!(text, want, "output differs from {}", path.display());
    }
}

/// [`golden`] for a command whose stderr is half its answer (`generate`: the file on
/// stdout, the notes, commands and findings on stderr): both, stderr after a `--- stderr`
/// line.
fn golden_both(name: &str, c: &mut Command) -> i32 {
    let out = c.output().unwrap();
    let text = format!(
        "{}--- stderr\n{}",
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    );
    compare(name, &text);
    out.status.code().unwrap()
}

fn json(c: &mut Command) -> Value {
    serde_json::from_slice(&c.output().unwrap().stdout).unwrap()
}

// ---- the four verdict states: first line and exit status ------------------------------------

#[test]
fn refused_leads_with_the_contrast_and_the_fix() {
    let code = golden(
        "analyze-refused",
        bin().args([
            "analyze",
            "--token",
            "feature.jwt",
            "--policy",
            "trust-main.json",
        ]),
    );
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(fixtures().join("golden/analyze-refused.txt")).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "Refused by AWS: the token's `sub` is `repo:acme/app:ref:refs/heads/feature`; statement `GitHubMain` trusts only `repo:acme/app:ref:refs/heads/main`"
    );
    // The fix comes before the trace (what to change, then why).
    let fix = text.find("fix: add").unwrap();
    let trace = text.find("Trust policy for").unwrap();
    assert!(fix < trace);
    // Evaluated at the token's iat, and said so.
    assert!(text.contains("evaluated at the token's `iat`, 2026-09-21 14:12:20 UTC"));
}

#[test]
fn accepted_with_warnings_is_not_plain_accepted() {
    let args = [
        "analyze",
        "--token",
        "main.jwt",
        "--policy",
        "trust-wildcard.json",
    ];
    let code = golden("analyze-accepted-with-warnings", bin().args(args));
    assert_eq!(code, 0);
    bin()
        .args(args)
        .arg("--deny-warnings")
        .assert()
        .code(1)
        .stdout(contains(
            "Accepted, with warnings: `repo:acme/*` has a wildcard",
        ));
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "Accepted: statement `GitHubMain` allows it\n",
        ));
}

#[test]
fn undecided_headline_is_the_input_error_with_a_code_frame() {
    let code = golden(
        "analyze-undecided-json",
        bin().args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-broken.json",
        ]),
    );
    assert_eq!(code, 2);
    let text =
        std::fs::read_to_string(fixtures().join("golden/analyze-undecided-json.txt")).unwrap();
    assert!(text.starts_with(
        "Can't decide: the trust policy is not JSON (line 4, column 24): expected a key in double quotes, found `}`\n"
    ));
    // Never an AWS error for what could not be read.
    assert!(!text.contains("AccessDenied"));
    assert!(text.contains("  4 |     {\"Effect\": \"Allow\",}\n    |                        ^\n"));
}

#[test]
fn concise_format_is_the_headline_and_aws_answer() {
    bin()
        .args([
            "analyze",
            "--token",
            "feature.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--format", "concise"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::starts_with("Refused by AWS: ")
                .and(contains("AWS answers AccessDenied"))
                .and(contains("What to change").not()),
        );
}

// ---- time ---------------------------------------------------------------------------------

#[test]
fn an_expired_token_still_gets_its_policy_evaluated() {
    let code = golden(
        "analyze-expired",
        bin().args([
            "analyze",
            "--token",
            "feature.jwt",
            "--policy",
            "trust-main.json",
            "--now",
            "2026-09-22T00:00:00Z",
        ]),
    );
    // AWS's real verdict stays the verdict.
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(fixtures().join("golden/analyze-expired.txt")).unwrap();
    assert!(text.starts_with("Refused by AWS: the token expired 9 h 42 min ago"));
    assert!(text.contains("AWS refuses it as expired; had it been fresh (at its `iat`, 2026-09-21 14:12:20 UTC), AWS would refuse it: the token's `sub` is `repo:acme/app:ref:refs/heads/feature`"));
    assert!(text.contains("hint[near-miss]"));
    // Fresh and accepted by the policy: said so, still refused.
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--now", "1790086400"])
        .assert()
        .code(1)
        .stdout(contains("had it been fresh").and(contains("AWS would accept it")));
}

#[test]
fn now_takes_iso_dates_epochs_and_names_its_format() {
    let at = |when: &str| -> Value {
        json(bin().args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
            "--json",
            "--now",
            when,
        ]))
    };
    assert_eq!(at("2026-09-21T14:13:20Z")["accepted"], true);
    assert_eq!(at("1790000000")["accepted"], true);
    assert_eq!(at("iat")["accepted"], true);
    assert_eq!(at("2026-09-22")["stage"], "expiry");
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--now", "yesterday"])
        .assert()
        .code(2)
        .stderr(contains("--now <WHEN>").and(contains("ISO 8601")));
}

// ---- the call, the caller, RCPs -----------------------------------------------------------

#[test]
fn call_flags_reach_the_core_and_bad_values_are_located() {
    let v = json(
        bin()
            .args([
                "analyze",
                "--token",
                "main.jwt",
                "--policy",
                "trust-main.json",
                "--json",
            ])
            .args(["--role-arn", "arn:aws:iam::123456789012:role/deploy"])
            .args(["--role-session-name", "ci-42", "--duration", "3600"])
            .args([
                "--max-session-duration",
                "3600",
                "--role-tag",
                "team=platform",
            ]),
    );
    assert_eq!(v["accepted"], true);
    let checked: Vec<&str> = v["call"]["checked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for c in [
        "roleArn",
        "roleSessionName",
        "durationSeconds",
        "maxSessionDuration",
    ] {
        assert!(checked.contains(&c), "{checked:?}");
    }
    let tag = v["conditionKeys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "aws:ResourceTag/team")
        .unwrap();
    assert_eq!(tag["values"][0], "platform");
    // STS's own refusal of a parameter.
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--duration", "7200", "--max-session-duration", "3600"])
        .assert()
        .code(1)
        .stdout(contains(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        ));
    for (flag, value, says) in [
        ("--duration", "1h", "`1h` is not a whole number of seconds"),
        ("--source-ip", "10.0.0", "not an IPv4 or IPv6 address"),
        ("--region", "mars", "not an AWS region name"),
        ("--vpc-endpoint", "vpc-1", "not a VPC endpoint id"),
        ("--role-tag", "team", "not KEY=VALUE"),
    ] {
        bin()
            .args([
                "analyze",
                "--token",
                "main.jwt",
                "--policy",
                "trust-main.json",
            ])
            .args([flag, value])
            .assert()
            .code(2)
            .stderr(contains(format!("for '{flag} <")).and(contains(says)));
    }
}

#[test]
fn an_rcp_denial_is_the_headline_with_its_trace() {
    let code = golden(
        "analyze-rcp-denied",
        bin()
            .args(["analyze", "--token", "other-repo.claims.json"])
            .args([
                "--policy",
                "trust-any-repo.json",
                "--rcp",
                "rcp/describe-policy.json",
            ])
            .args(["--role-arn", "arn:aws:iam::123456789012:role/deploy"]),
    );
    assert_eq!(code, 1);
    let v = json(
        bin()
            .args(["analyze", "--token", "other-repo.claims.json", "--json"])
            .args([
                "--policy",
                "trust-any-repo.json",
                "--rcp",
                "rcp/describe-policy.json",
            ]),
    );
    assert_eq!(v["state"], "refused");
    assert_eq!(v["stage"], "rcp");
    assert_eq!(v["rcps"][0]["name"], "EnforceGitHubOrg");
    // The management account is not affected.
    bin()
        .args(["analyze", "--token", "other-repo.claims.json"])
        .args([
            "--policy",
            "trust-any-repo.json",
            "--rcp",
            "rcp/describe-policy.json",
        ])
        .arg("--management-account")
        .assert()
        .code(0);
}

#[test]
fn rcps_that_depend_on_the_caller_leave_it_undecided_until_given() {
    let base = [
        "analyze",
        "--token",
        "main.jwt",
        "--policy",
        "trust-main.json",
        "--rcp",
        "rcp/organization-rcps.json",
    ];
    let code = golden("analyze-rcp-undecided", bin().args(base));
    assert_eq!(code, 2);
    bin()
        .args(base)
        .args(["--source-ip", "203.0.113.7"])
        .assert()
        .code(0);
    bin()
        .args(base)
        .args(["--source-ip", "198.51.100.7"])
        .assert()
        .code(1)
        .stdout(contains("`EnforceNetworkPerimeter` denies it"));
    bin()
        .args(base)
        .args([
            "--vpc-endpoint",
            "vpce-0a1b2c3d4e5f67890",
            "--source-ip",
            "10.0.1.5",
        ])
        .assert()
        .code(0);
    bin()
        .args(base)
        .args(["--source-ip", "203.0.113.7", "--verbose"])
        .assert()
        .stdout(
            contains("Resource control policy `EnforceNetworkPerimeter` for sts:AssumeRoleWithWebIdentity")
                .and(contains("aws:SourceIp"))
                .and(contains("caller")),
        );
}

#[test]
fn rcp_files_in_every_form_and_their_errors() {
    for file in [
        "rcp/github-org.json",
        "rcp/describe-policy.json",
        "rcp/organization-rcps.json",
    ] {
        let v = json(
            bin()
                .args(["analyze", "--token", "other-repo.claims.json", "--json"])
                .args(["--policy", "trust-any-repo.json", "--rcp", file])
                .args(["--source-ip", "203.0.113.7"]),
        );
        assert_eq!(v["stage"], "rcp", "{file}");
    }
    let v = json(
        bin()
            .args([
                "analyze",
                "--token",
                "main.jwt",
                "--json",
                "--policy",
                "trust-main.json",
            ])
            .args([
                "--rcp",
                "rcp/organization-rcps.json",
                "--rcp",
                "rcp/github-org.json",
            ])
            .args(["--source-ip", "203.0.113.7"]),
    );
    let names: Vec<&str> = v["rcps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "RCPFullAWSAccess",
            "EnforceGitHubOrg",
            "EnforceNetworkPerimeter",
            "github-org"
        ]
    );
    bin()
        .args(["analyze", "--token", "main.jwt", "--policy", "trust-main.json"])
        .args(["--rcp", "rcp/scp.json"])
        .assert()
        .code(2)
        .stderr(contains("rcp/scp.json:6:13: at `/Policy/PolicySummary/Type`: the policy is a `SERVICE_CONTROL_POLICY`"));
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--rcp", "rcp/list-policies.json"])
        .assert()
        .code(2)
        .stderr(
            contains("rcp/list-policies.json:3:9: at `/Policies/0`")
                .and(contains("describe-policy --policy-id")),
        );
}

#[test]
fn sarif_places_rcp_findings_in_the_rcp_file() {
    let v = json(
        bin()
            .args([
                "analyze",
                "--token",
                "main.jwt",
                "--policy",
                "trust-main.json",
            ])
            .args(["--rcp", "rcp/missing-resource.json", "--format", "sarif"]),
    );
    let results = v["runs"][0]["results"].as_array().unwrap();
    let rcp = results
        .iter()
        .find(|r| r["ruleId"] == "invalid-rcp")
        .unwrap();
    let loc = &rcp["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "rcp/missing-resource.json");
    assert_eq!(loc["region"]["startLine"], 4);
    let out = bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-main.json",
        ])
        .args(["--rcp", "rcp/missing-resource.json", "--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("file=rcp/missing-resource.json,line=4"),
        "{text}"
    );
}

// ---- saying it in the user's words --------------------------------------------------------

#[test]
fn one_wrong_provider_folds_its_cascade() {
    let code = golden(
        "analyze-wrong-provider",
        bin().args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-wrong-provider.json",
        ]),
    );
    assert_eq!(code, 1);
    let text =
        std::fs::read_to_string(fixtures().join("golden/analyze-wrong-provider.txt")).unwrap();
    assert!(text.contains("5 more follow from hint[principal-mismatch]"));
    assert!(!text.contains("warning[condition-key-issuer-mismatch]"));
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--policy",
            "trust-wrong-provider.json",
        ])
        .arg("--verbose")
        .assert()
        .stdout(contains("warning[condition-key-issuer-mismatch]").and(contains("Stages")));
}

#[test]
fn findings_are_grouped_security_first() {
    let text = String::from_utf8(
        bin()
            .args([
                "analyze",
                "--token",
                "main.jwt",
                "--policy",
                "trust-wildcard.json",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let security = text.find("  Security\n").unwrap();
    let style = text.find("  Style\n").unwrap();
    assert!(security < style);
    assert!(
        text.get(security..style)
            .unwrap()
            .contains("warning[wildcard-subject]")
    );
}

// ---- lint ---------------------------------------------------------------------------------

#[test]
fn lint_walks_a_folder_respecting_gitignore_and_its_config() {
    let code = golden(
        "lint-tree",
        bin().current_dir(fixtures().join("tree")).arg("lint"),
    );
    // `fail-on = "warning"` in tree/oidc-trust.toml.
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(fixtures().join("golden/lint-tree.txt")).unwrap();
    assert!(text.contains("roles/ci.json:12:11"));
    assert!(!text.contains("generated/"), "gitignored");
    assert!(!text.contains(".hidden"), "hidden");
    assert!(!text.contains("package.json"), "not a policy");
    assert!(
        !text.contains("classic-github-subject"),
        "ignored by the config"
    );
    assert!(text.contains("2 files linted"));
    // The command line: --select, --ignore, --fail-on, a folder argument.
    bin()
        .args(["lint", "tree", "--select", "style", "--format", "concise"])
        .assert()
        .code(0)
        .stdout(
            contains("tree/roles/deploy.json:14:11: info[classic-github-subject]")
                .and(contains("wildcard-subject").not()),
        );
    bin()
        .current_dir(fixtures().join("tree"))
        .args(["lint", "--ignore", "security", "--fail-on", "error"])
        .assert()
        .code(0)
        .stdout(contains("0 errors, 0 warnings, 0 info"));
    bin()
        .args(["lint", "tree", "--ignore", "wildcard-subjct"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `wildcard-subject`?"));
}

#[test]
fn lint_findings_come_in_line_order_with_code_frames() {
    let out = bin()
        .args([
            "lint",
            "iac/cloudformation/github-oidc.yaml",
            "--format",
            "concise",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<(usize, usize)> = text
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(':');
            let _file = parts.next()?;
            Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
        })
        .collect();
    assert!(lines.len() > 2, "{text}");
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);
    bin()
        .args(["lint", "trust-wildcard.json"])
        .assert()
        .stdout(contains(
            "  12 |           \"token.actions.githubusercontent.com:sub\": \"repo:acme/*\"\n     |           ^^^",
        ));
}

#[test]
fn a_bad_config_is_located() {
    let dir = std::env::temp_dir().join(format!("oidc-trust-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("oidc-trust.toml");
    std::fs::write(
        &config,
        "[lint]\nignore = [\"style\"]\nselec = [\"security\"]\n",
    )
    .unwrap();
    bin()
        .args(["lint", "trust-main.json", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(contains("oidc-trust.toml:3:1: unknown field `selec`"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_prints_the_docs_page() {
    let code = golden(
        "explain-wildcard-subject",
        bin().args(["explain", "wildcard-subject"]),
    );
    assert_eq!(code, 0);
    bin()
        .args(["explain", "pull-request-subject"])
        .assert()
        .code(0)
        .stdout(contains("hint").and(contains("What to change")));
    bin()
        .arg("explain")
        .assert()
        .code(0)
        .stdout(contains("Security (security)").and(contains("wildcard-subject")));
    bin()
        .args(["explain", "wildcard-subjct"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `wildcard-subject`?"));
}

// ---- scan ---------------------------------------------------------------------------------

#[test]
fn scan_applies_the_organizations_rcps() {
    let code = golden(
        "scan-rcp",
        bin()
            .args([
                "scan",
                "account-authorization-details.json",
                "--now",
                "1790000000",
            ])
            .args(["--rcp", "rcp/describe-policy.json"])
            .args(["--token", "tokens.txt"]),
    );
    assert_eq!(code, 0);
    let v = json(
        bin()
            .args(["scan", "account-authorization-details.json", "--json"])
            .args([
                "--now",
                "2026-09-21T14:13:20Z",
                "--rcp",
                "rcp/describe-policy.json",
            ])
            .args(["--token", "other-repo.claims.json"]),
    );
    let t = &v["tokens"][0];
    assert_eq!(t["assumable"].as_array().unwrap().len(), 0);
    assert_eq!(t["deniedByRcp"][0]["name"], "open-to-anyone");
    assert_eq!(t["deniedByRcp"][0]["rcp"], "EnforceGitHubOrg");
    assert_eq!(
        t["deniedByRcp"][0]["rcpStatement"],
        "EnforceTrustedOIDCTenantsGitHub"
    );
    assert_eq!(v["rcps"][0], "EnforceGitHubOrg");
    // Roles of the management account are not affected.
    let v = json(
        bin()
            .args(["scan", "account-authorization-details.json", "--json"])
            .args(["--rcp", "rcp/describe-policy.json"])
            .args(["--management-account-id", "123456789012"])
            .args(["--token", "other-repo.claims.json"]),
    );
    assert_eq!(v["tokens"][0]["assumable"][0]["name"], "open-to-anyone");
}

#[test]
fn scan_colours_red_only_what_the_repository_does_not_name() {
    let out = bin()
        .args([
            "scan",
            "account-authorization-details.json",
            "--now",
            "1790000000",
        ])
        .args(["--token", "main.jwt", "--color", "always"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap().to_owned();
    assert!(!line("deploy-main").contains("\u{1b}[31m"), "{text}");
    assert!(line("ci-any-acme-repo").contains("\u{1b}[31m"), "{text}");
    let v = json(
        bin()
            .args(["scan", "account-authorization-details.json", "--json"])
            .args(["--token", "main.jwt"]),
    );
    let named: Vec<(String, bool)> = v["tokens"][0]["assumable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["namesRepository"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            ("deploy-main".to_owned(), true),
            ("ci-any-acme-repo".to_owned(), false),
            ("open-to-anyone".to_owned(), false)
        ]
    );
}

// ---- the other targets: `analyze --target NAME` with the files their tools print -------

#[test]
fn target_azure_names_the_credential_that_differs_in_case() {
    let code = golden(
        "target-azure-case-only",
        bin().args([
            "analyze",
            "--target",
            "azure",
            "--token",
            "targets/entra.claims.json",
            "--credentials",
            "targets/entra-credentials.json",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 1);
}

#[test]
fn target_gcp_traces_the_false_clause_into_the_provider_file() {
    let code = golden(
        "target-gcp-condition",
        bin().args([
            "analyze",
            "--target",
            "gcp",
            "--token",
            "targets/gcp.claims.json",
            "--pool-provider",
            "targets/gcp-provider.json",
            "--iam-policy",
            "targets/gcp-iam-policy.json",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 1);
}

#[test]
fn target_gcp_verbose_traces_each_clause_of_the_condition() {
    let code = golden(
        "target-gcp-verbose",
        bin().args([
            "analyze",
            "--target",
            "gcp",
            "--token",
            "targets/gcp.claims.json",
            "--pool-provider",
            "targets/gcp-provider-grouped.json",
            "--verbose",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 1);
}

#[test]
fn target_vault_shows_every_stage_with_verbose() {
    let code = golden(
        "target-vault-bound-claims",
        bin().args([
            "analyze",
            "--target",
            "vault",
            "--token",
            "main.jwt",
            "--vault-role",
            "targets/vault-role.json",
            "--vault-config",
            "targets/vault-config.json",
            "--verbose",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 1);
}

#[test]
fn target_publishing_accepts_the_release_workflow() {
    let code = golden(
        "target-publishing-accepted",
        bin().args([
            "analyze",
            "--target",
            "publishing",
            "--registry",
            "pypi",
            "--token",
            "targets/pypi.claims.json",
            "--publishers",
            "targets/pypi-publishers.json",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 0);
}

#[test]
fn target_publishing_verbose_lists_each_field_of_the_publisher() {
    let code = golden(
        "target-publishing-verbose",
        bin().args([
            "analyze",
            "--target",
            "publishing",
            "--registry",
            "pypi",
            "--token",
            "targets/pypi.claims.json",
            "--publishers",
            "targets/pypi-publishers.json",
            "--verbose",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 0);
}

#[test]
fn target_answers_as_json_and_sarif() {
    let v = json(bin().args([
        "analyze",
        "--target",
        "vault",
        "--token",
        "main.jwt",
        "--vault-role",
        "targets/vault-role.json",
        "--json",
    ]));
    assert_eq!(v["target"], "vault");
    assert_eq!(v["stage"], "boundClaims");
    assert_eq!(v["error"]["code"], "400");
    let sarif = json(bin().args([
        "analyze",
        "--target",
        "azure",
        "--token",
        "targets/entra.claims.json",
        "--credentials",
        "targets/entra-credentials.json",
        "--format",
        "sarif",
    ]));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "targets/entra-credentials.json"
    );
    assert_eq!(location["region"]["startLine"], 8);
}

#[test]
fn target_flags_that_belong_to_another_target_are_usage_errors() {
    bin()
        .args([
            "analyze",
            "--token",
            "main.jwt",
            "--vault-role",
            "targets/vault-role.json",
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "--vault-role is for --target vault; --target aws takes --policy",
        ));
    bin()
        .args([
            "analyze",
            "--target",
            "gcp",
            "--token",
            "main.jwt",
            "--iam-policy",
            "targets/gcp-iam-policy.json",
        ])
        .assert()
        .code(2)
        .stderr(contains("--target gcp needs --pool-provider"));
    bin()
        .args(["analyze", "--target", "mainframe", "--token", "main.jwt"])
        .assert()
        .code(2)
        .stderr(contains(
            "`mainframe` is not a target; expected one of aws, azure, gcp, vault, publishing",
        ));
}

#[test]
fn lint_target_reads_the_target_files() {
    let code = golden(
        "lint-target-gcp",
        bin().args([
            "lint",
            "--target",
            "gcp",
            "targets/gcp-provider.json",
            "--fail-on",
            "warning",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 1);
    let v = json(bin().args([
        "lint",
        "--target",
        "vault",
        "targets/vault-role.json",
        "--format",
        "json",
    ]));
    assert!(v.to_string().contains("targets/vault-role.json"), "{v}");
}

// ---- `generate --target NAME`: the file `analyze --target NAME` reads, on stdout ----------

/// A fresh folder for one test's generated files.
fn scratch(tag: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("oidc-trust-generate-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `generate` with `args`, saves its stdout as `dir/name`, and returns the file and
/// stderr; the command must exit 0.
fn generated(dir: &std::path::Path, name: &str, args: &[&str]) -> (PathBuf, String) {
    let out = bin().arg("generate").args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    let path = dir.join(name);
    std::fs::write(&path, &out.stdout).unwrap();
    (path, stderr)
}

/// `analyze` with `args` must accept (exit 0, the accepted headline).
fn accepts(args: &[&str]) {
    let out = bin().arg("analyze").args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stdout}");
    assert!(stdout.starts_with("Accepted"), "{stdout}");
}

#[test]
fn generate_target_azure_round_trips_through_analyze() {
    for (kind, name) in [
        ("classic", "generate-azure-classic"),
        ("flexible", "generate-azure-flexible"),
    ] {
        let code = golden_both(
            name,
            bin().args([
                "generate",
                "--target",
                "azure",
                "--kind",
                kind,
                "--token",
                "targets/entra.claims.json",
            ]),
        );
        assert_eq!(code, 0);
        let dir = scratch(kind);
        let (fic, stderr) = generated(
            &dir,
            "fic.json",
            &[
                "--target",
                "azure",
                "--kind",
                kind,
                "--token",
                "targets/entra.claims.json",
            ],
        );
        assert!(stderr.contains("verified: the analysis accepts the token with this credential"));
        assert!(stderr.contains("az "), "{stderr}");
        accepts(&[
            "--target",
            "azure",
            "--token",
            "targets/entra.claims.json",
            "--credentials",
            fic.to_str().unwrap(),
        ]);
    }
}

#[test]
fn generate_target_gcp_round_trips_with_the_iam_policy_it_writes() {
    let dir = scratch("gcp");
    let policy = dir.join("iam.json");
    let code = golden_both(
        "generate-gcp",
        bin().args([
            "generate",
            "--target",
            "gcp",
            "--token",
            "targets/gcp.claims.json",
        ]),
    );
    assert_eq!(code, 0);
    let (provider, stderr) = generated(
        &dir,
        "provider.json",
        &[
            "--target",
            "gcp",
            "--scope",
            "repository",
            "--token",
            "targets/gcp.claims.json",
            "--write-iam-policy",
            policy.to_str().unwrap(),
        ],
    );
    assert!(stderr.contains("gcloud iam workload-identity-pools providers create-oidc"));
    let iam: Value = serde_json::from_str(&std::fs::read_to_string(&policy).unwrap()).unwrap();
    assert_eq!(iam["bindings"][0]["role"], "roles/iam.workloadIdentityUser");
    accepts(&[
        "--target",
        "gcp",
        "--token",
        "targets/gcp.claims.json",
        "--pool-provider",
        provider.to_str().unwrap(),
        "--iam-policy",
        policy.to_str().unwrap(),
    ]);
    // Without --write-iam-policy, stderr says how to get the second file.
    bin()
        .args([
            "generate",
            "--target",
            "gcp",
            "--token",
            "targets/gcp.claims.json",
        ])
        .assert()
        .code(0)
        .stderr(contains("give --write-iam-policy FILE"));
}

#[test]
fn generate_target_vault_round_trips_with_the_mount_config_it_writes() {
    let dir = scratch("vault");
    let config = dir.join("config.json");
    let args = [
        "--target",
        "vault",
        "--token",
        "main.jwt",
        "--role-name",
        "deploy",
        "--mount",
        "github",
        "--policies",
        "deploy,read",
    ];
    let code = golden_both("generate-vault", bin().arg("generate").args(args));
    assert_eq!(code, 0);
    let config_arg = ["--write-vault-config", config.to_str().unwrap()];
    let (role, stderr) = generated(&dir, "role.json", &[&args[..], &config_arg[..]].concat());
    // The commands are printed verbatim, the heredoc's terminator at the start of a line.
    assert!(
        stderr.contains("vault write auth/github/role/deploy - <<'EOF'\n{"),
        "{stderr}"
    );
    assert!(stderr.contains("\nEOF\n"), "{stderr}");
    accepts(&[
        "--target",
        "vault",
        "--token",
        "main.jwt",
        "--vault-role",
        role.to_str().unwrap(),
        "--vault-config",
        config.to_str().unwrap(),
    ]);
}

#[test]
fn generate_target_publishing_round_trips_for_each_registry() {
    let code = golden_both(
        "generate-publishing-pypi",
        bin().args([
            "generate",
            "--target",
            "publishing",
            "--registry",
            "pypi",
            "--package",
            "acme-app",
            "--token",
            "targets/pypi.claims.json",
        ]),
    );
    assert_eq!(code, 0);
    let dir = scratch("publishing");
    let (publisher, stderr) = generated(
        &dir,
        "pypi.json",
        &[
            "--target",
            "publishing",
            "--registry",
            "pypi",
            "--token",
            "targets/pypi.claims.json",
        ],
    );
    assert!(stderr.contains("https://pypi.org/manage/project/<PROJECT>/settings/publishing/"));
    // The file names its registry: analyze needs no --registry.
    accepts(&[
        "--target",
        "publishing",
        "--token",
        "targets/pypi.claims.json",
        "--publishers",
        publisher.to_str().unwrap(),
    ]);
    // crates.io and npm: the same workflow, a token requested for each registry.
    for (registry, aud) in [
        ("crates.io", "crates.io"),
        ("npm", "npm:registry.npmjs.org"),
    ] {
        let mut claims: Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join("targets/pypi.claims.json")).unwrap(),
        )
        .unwrap();
        claims["aud"] = Value::from(aud);
        let token = dir.join(format!("{registry}.claims.json"));
        std::fs::write(&token, claims.to_string()).unwrap();
        let token = token.to_str().unwrap();
        let (publisher, stderr) = generated(
            &dir,
            &format!("{registry}.json"),
            &[
                "--target",
                "publishing",
                "--registry",
                registry,
                "--token",
                token,
            ],
        );
        let expected = if registry == "npm" {
            "npm trust github"
        } else {
            "curl -sS -X POST"
        };
        assert!(stderr.contains(expected), "{stderr}");
        accepts(&[
            "--target",
            "publishing",
            "--token",
            token,
            "--publishers",
            publisher.to_str().unwrap(),
        ]);
    }
    // Left out, the environment is not pinned, and the lint says so (a warning: exit 0).
    bin()
        .args([
            "generate",
            "--target",
            "publishing",
            "--registry",
            "pypi",
            "--no-environment",
            "--token",
            "targets/pypi.claims.json",
        ])
        .assert()
        .code(0)
        .stdout(contains("\"environment\": \"\""))
        .stderr(contains("publisher-without-environment"));
}

#[test]
fn generate_target_errors_exit_2_and_name_the_flag_or_claim() {
    bin()
        .args(["generate", "--target", "publishing", "--token", "main.jwt"])
        .assert()
        .code(2)
        .stderr(contains("--target publishing needs --registry"));
    bin()
        .args([
            "generate", "--target", "azure", "--token", "main.jwt", "--mount", "jwt",
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "--mount is for --target vault, not --target azure",
        ));
    bin()
        .args(["generate", "--token", "main.jwt", "--registry", "pypi"])
        .assert()
        .code(2)
        .stderr(contains(
            "--registry is for --target publishing, not --target aws",
        ));
    bin()
        .args([
            "generate",
            "--target",
            "azure",
            "--token",
            "main.jwt",
            "--scope",
            "repository",
        ])
        .assert()
        .code(2)
        .stderr(contains("takes no --scope"));
    // A token without the claims a publisher names: nothing on stdout, the claim located.
    bin()
        .args([
            "generate",
            "--target",
            "publishing",
            "--registry",
            "npm",
            "--token",
            "main.jwt",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "token /workflow_ref: the token has no `workflow_ref`",
        ));
    // A token for another registry: the publisher is written, but not verified (exit 1).
    bin()
        .args([
            "generate",
            "--target",
            "publishing",
            "--registry",
            "crates.io",
            "--token",
            "targets/pypi.claims.json",
        ])
        .assert()
        .code(1)
        .stderr(contains("not verified"))
        .stderr(contains("token /aud"));
}

#[test]
fn generate_add_to_keeps_the_file_and_appends_the_statement() {
    let code = golden(
        "generate-add-to",
        bin().args([
            "generate",
            "--token",
            "main.jwt",
            "--account",
            "123456789012",
            "--add-to",
            "trust-any-repo.json",
            "--color",
            "never",
        ]),
    );
    assert_eq!(code, 0);
    let original = std::fs::read_to_string(fixtures().join("trust-any-repo.json")).unwrap();
    let merged = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cli/golden/generate-add-to.txt"),
    )
    .unwrap();
    let kept = original.trim_end().trim_end_matches('}').trim_end();
    let kept = kept.trim_end_matches(']').trim_end();
    assert!(merged.starts_with(kept), "{merged}");
    let out = bin()
        .args([
            "generate",
            "--token",
            "main.jwt",
            "--add-to",
            "trust-broken.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("trust-broken.json: not added: the policy is not JSON"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
