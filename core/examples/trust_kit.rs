//! The test kit on a deploy role: which tokens must get in and which must not, written with
//! the token builders and checked with `Trust::table`. One row is wrong on purpose (it
//! expects a pull request to get in), so the table fails and prints its explanation, which
//! is the text `assert_accepts!` and `assert_refuses!` panic with.
//!
//! `cargo run -p oidc-trust --example trust_kit` (exit status 1: the table fails).

use oidc_trust::testing::{Expect, Trust};
use oidc_trust::tokens::github;

/// The deploy role: `main` and the `prod` environment of acme/app, nothing else.
const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "GitHubDeploy",
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
      "StringLike": {"token.actions.githubusercontent.com:sub": [
        "repo:acme/app:ref:refs/heads/main",
        "repo:acme/app:environment:prod"
      ]}
    }
  }]
}"#;

/// 2026-09-21 14:13:20 UTC: when the tokens are issued (the kit never reads the clock).
const NOW: i64 = 1_790_000_000;

fn main() {
    let trust = Trust::new(POLICY);
    let result = trust.table([
        (
            Expect::Accepted,
            github().repo("acme/app").branch("main").at(NOW),
        ),
        (
            Expect::Accepted,
            github().repo("acme/app").environment("prod").at(NOW),
        ),
        (
            Expect::Refused,
            github().repo("acme/app").branch("feature/x").at(NOW),
        ),
        (
            Expect::Refused,
            github().repo("acme/fork").branch("main").at(NOW),
        ),
        // The mistake: pull requests do not get in, and the table says why.
        (
            Expect::Accepted,
            github().repo("acme/app").pull_request().at(NOW),
        ),
    ]);
    #[expect(clippy::print_stdout, reason = "the example's output")]
    match result {
        Ok(()) => println!("every token got the expected answer"),
        Err(failures) => {
            print!("{failures}");
            std::process::exit(1);
        }
    }
}
