//! Generated policies, proven: each accepts the token it was written for and refuses its
//! neighbours (another branch, a pull request, another repository, ...), and passes AWS's
//! guardrail and the warning-level lints.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::aws::generate::{GenerateRequest, RepoForm, Scope};
use oidc_trust::{ProviderConfig, Request, Severity, analyze, generate_policy};
use serde_json::{Value, json};

const NOW: i64 = 1_790_000_000;

fn claims(iss: &str, aud: &str, sub: &str, extra: &Value) -> Value {
    let mut c = json!({"iss": iss, "aud": aud, "sub": sub, "iat": NOW - 10, "exp": NOW + 290});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn accepts(policy: &str, provider: &ProviderConfig, claims: &Value) -> bool {
    let r = Request {
        token: None,
        claims: Some(claims.clone()),
        policy: Some(Value::String(policy.to_owned())),
        providers: vec![provider.clone()],
        account: Some("123456789012".to_owned()),
        now: NOW,
        ..Request::default()
    };
    analyze(&r).accepted
}

/// Generates for `token`, then checks it is accepted, `same` tokens too, `others` refused.
#[track_caller]
fn prove(request: &GenerateRequest, same: &[Value], others: &[Value]) -> Vec<String> {
    let token = request.claims.clone().unwrap();
    let g = generate_policy(request);
    let text = g
        .policy_text
        .clone()
        .unwrap_or_else(|| panic!("{:?}", g.diagnostics));
    let provider = g.provider.clone().unwrap();
    assert_eq!(g.verified, Some(true), "{text}");
    assert!(accepts(&text, &provider, &token), "{text}");
    for s in same {
        assert!(
            accepts(&text, &provider, s),
            "should accept {}\n{text}",
            s["sub"]
        );
    }
    for o in others {
        assert!(
            !accepts(&text, &provider, o),
            "should refuse {}\n{text}",
            o["sub"]
        );
    }
    let bad: Vec<_> = g
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    g.diagnostics.iter().map(|d| d.code.to_owned()).collect()
}

const GH: &str = "https://token.actions.githubusercontent.com";

fn gh(sub: &str) -> Value {
    let other = sub.contains("/other");
    claims(
        GH,
        "sts.amazonaws.com",
        sub,
        &json!({
            "repository": if other { "octo-org/other" } else { "octo-org/octo-repo" },
            "repository_id": if other { "999" } else { "7891011" },
            "repository_owner_id": "123456",
        }),
    )
}

#[test]
fn github_this_ref() {
    let codes = prove(
        &GenerateRequest {
            claims: Some(gh("repo:octo-org/octo-repo:ref:refs/heads/main")),
            ..GenerateRequest::default()
        },
        &[],
        &[
            gh("repo:octo-org/octo-repo:ref:refs/heads/feature"),
            gh("repo:octo-org/octo-repo:pull_request"),
            gh("repo:octo-org/other:ref:refs/heads/main"),
            gh("repo:octo-org/octo-repo:ref:refs/tags/main"),
        ],
    );
    assert!(
        codes.iter().all(|c| c == "classic-github-subject"),
        "{codes:?}"
    );
}

#[test]
fn github_immutable_environment_and_tags() {
    prove(
        &GenerateRequest {
            claims: Some(gh(
                "repo:octo-org@123456/octo-repo@7891011:environment:prod",
            )),
            scope: Scope::Environment,
            subject_form: RepoForm::Immutable,
            ..GenerateRequest::default()
        },
        &[gh(
            "repo:octo-org@123456/octo-repo@7891011:environment:prod",
        )],
        &[
            gh("repo:octo-org@123456/octo-repo@7891011:environment:staging"),
            gh("repo:octo-org@123456/octo-repo@7891011:pull_request"),
        ],
    );
    prove(
        &GenerateRequest {
            claims: Some(gh("repo:octo-org/octo-repo:ref:refs/tags/v1.2.0")),
            scope: Scope::TagPattern,
            tag_pattern: Some("v*".to_owned()),
            ..GenerateRequest::default()
        },
        &[gh("repo:octo-org/octo-repo:ref:refs/tags/v2.0.0")],
        &[
            gh("repo:octo-org/octo-repo:ref:refs/heads/v1"),
            gh("repo:octo-org/octo-repo:pull_request"),
            gh("repo:octo-org/other:ref:refs/tags/v1.2.0"),
        ],
    );
}

#[test]
fn github_whole_repository_never_pull_requests() {
    let codes = prove(
        &GenerateRequest {
            claims: Some(gh("repo:octo-org/octo-repo:ref:refs/heads/main")),
            scope: Scope::Repository,
            ..GenerateRequest::default()
        },
        &[
            gh("repo:octo-org/octo-repo:ref:refs/heads/feature"),
            gh("repo:octo-org/octo-repo:environment:prod"),
        ],
        &[
            gh("repo:octo-org/octo-repo:pull_request"),
            gh("repo:octo-org/other:ref:refs/heads/main"),
        ],
    );
    assert!(
        codes.contains(&"repository-wide-subject".to_owned()),
        "{codes:?}"
    );
}

#[test]
fn gitlab() {
    let gl = |sub: &str, id: &str| {
        claims(
            "https://gitlab.com",
            "https://gitlab.com",
            sub,
            &json!({"project_id": id, "namespace_id": "12345"}),
        )
    };
    let codes = prove(
        &GenerateRequest {
            claims: Some(gl(
                "project_path:mygroup/myproject:ref_type:branch:ref:main",
                "67890",
            )),
            ..GenerateRequest::default()
        },
        &[],
        &[
            gl(
                "project_path:mygroup/myproject:ref_type:branch:ref:dev",
                "67890",
            ),
            gl(
                "project_path:mygroup/myproject:ref_type:tag:ref:main",
                "67890",
            ),
            gl("project_path:mygroup/other:ref_type:branch:ref:main", "555"),
            gl(
                "project_path:mygroup/myproject:ref_type:branch:ref:main",
                "999",
            ),
        ],
    );
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn terraform_bitbucket_circleci_buildkite_eks() {
    let tfc = |sub: &str| {
        claims(
            "https://app.terraform.io",
            "aws.workload.identity",
            sub,
            &json!({}),
        )
    };
    prove(
        &GenerateRequest {
            claims: Some(tfc("organization:o:project:p:workspace:w:run_phase:apply")),
            ..GenerateRequest::default()
        },
        &[],
        &[
            tfc("organization:o:project:p:workspace:w:run_phase:plan"),
            tfc("organization:o:project:p:workspace:x:run_phase:apply"),
        ],
    );
    let bb_iss = "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc";
    let bb = |sub: &str| claims(bb_iss, "ari:cloud:bitbucket::workspace/w", sub, &json!({}));
    prove(
        &GenerateRequest {
            claims: Some(bb("{repo}:{env}:{step-1}")),
            ..GenerateRequest::default()
        },
        &[bb("{repo}:{env}:{step-2}")],
        &[
            bb("{repo}:{staging}:{step-2}"),
            bb("{other}:{env}:{step-1}"),
        ],
    );
    let cc_iss = "https://oidc.circleci.com/org/o1";
    let cc = |sub: &str| claims(cc_iss, "o1", sub, &json!({}));
    prove(
        &GenerateRequest {
            claims: Some(cc("org/o1/project/p1/user/u1")),
            ..GenerateRequest::default()
        },
        &[cc("org/o1/project/p1/user/u2")],
        &[cc("org/o1/project/p2/user/u1")],
    );
    let bk = |sub: &str| {
        claims(
            "https://agent.buildkite.com",
            "sts.amazonaws.com",
            sub,
            &json!({}),
        )
    };
    prove(
        &GenerateRequest {
            claims: Some(bk(
                "organization:acme:pipeline:app:ref:refs/heads/main:commit:abc:step:deploy",
            )),
            ..GenerateRequest::default()
        },
        &[bk(
            "organization:acme:pipeline:app:ref:refs/heads/main:commit:def:step:build",
        )],
        &[
            bk("organization:acme:pipeline:app:ref:refs/heads/dev:commit:abc:step:deploy"),
            bk("organization:acme:pipeline:other:ref:refs/heads/main:commit:abc:step:deploy"),
        ],
    );
    let eks_iss = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    let eks = |sub: &str| claims(eks_iss, "sts.amazonaws.com", sub, &json!({}));
    prove(
        &GenerateRequest {
            claims: Some(eks("system:serviceaccount:ci:deployer")),
            ..GenerateRequest::default()
        },
        &[],
        &[
            eks("system:serviceaccount:ci:other"),
            eks("system:serviceaccount:prod:deployer"),
        ],
    );
}

#[test]
fn module_inputs_render_and_lint() {
    // The module's canonical scope: one tag-pipeline pattern per consuming project.
    let g = oidc_trust::render_module_policy(&oidc_trust::ModuleInputs {
        ci_subject_filters: vec![
            "project_path:phpboyscout/go-tool-base:ref_type:tag:ref:v*".to_owned(),
        ],
        account: Some("123456789012".to_owned()),
        ..oidc_trust::ModuleInputs::default()
    });
    let text = g.policy_text.unwrap();
    let provider = g.provider.unwrap();
    assert_eq!(provider.url, "gitlab.com");
    let gl = |sub: &str| {
        claims(
            "https://gitlab.com",
            "sts.amazonaws.com",
            sub,
            &json!({"project_id": "42"}),
        )
    };
    assert!(accepts(
        &text,
        &provider,
        &gl("project_path:phpboyscout/go-tool-base:ref_type:tag:ref:v1.2.0")
    ));
    for refused in [
        "project_path:phpboyscout/go-tool-base:ref_type:branch:ref:v1.2.0",
        "project_path:phpboyscout/go-tool-base:ref_type:branch:ref:main",
        "project_path:phpboyscout/other:ref_type:tag:ref:v1.2.0",
    ] {
        assert!(!accepts(&text, &provider, &gl(refused)), "{refused}");
    }
    let warnings: Vec<&str> = g
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.code)
        .collect();
    // The module pins the project by path only.
    assert_eq!(warnings, ["mutable-gitlab-subject"]);

    // Its validations: a non-GitLab filter and an empty list are refused; a provider ARN
    // for another host makes every condition key name the wrong issuer.
    let g = oidc_trust::render_module_policy(&oidc_trust::ModuleInputs {
        ci_subject_filters: vec!["repo:octo-org/*".to_owned()],
        oidc_provider_arn: Some(
            "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
                .to_owned(),
        ),
        ..oidc_trust::ModuleInputs::default()
    });
    let codes: Vec<&str> = g.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"invalid-request"), "{codes:?}");
    assert!(
        codes.contains(&"condition-key-issuer-mismatch"),
        "{codes:?}"
    );
    let g = oidc_trust::render_module_policy(&oidc_trust::ModuleInputs::default());
    assert!(g.diagnostics.iter().any(|d| d.code == "invalid-request"));
}

#[test]
fn built_in_providers_need_no_oidc_provider() {
    let analyze_with = |text: &str, claims: &Value| {
        analyze(&Request {
            claims: Some(claims.clone()),
            policy: Some(Value::String(text.to_owned())),
            now: NOW,
            ..Request::default()
        })
        .accepted
    };
    // A Google service-account token: `aud` holds `azp`, `sub` the account.
    let google = claims(
        "https://accounts.google.com",
        "sts.amazonaws.com/123456789012",
        "117342119470542212345",
        &json!({"azp": "117342119470542212345"}),
    );
    let g = generate_policy(&GenerateRequest {
        claims: Some(google.clone()),
        ..GenerateRequest::default()
    });
    let text = g.policy_text.clone().unwrap();
    assert_eq!(g.verified, Some(true), "{text}");
    assert!(g.provider.is_none());
    assert!(
        text.contains(r#""Federated": "accounts.google.com""#),
        "{text}"
    );
    assert!(analyze_with(&text, &google));
    let mut other = google.clone();
    other["sub"] = json!("999");
    other["azp"] = json!("999");
    assert!(!analyze_with(&text, &other));
    assert!(
        g.diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{:?}",
        g.diagnostics
    );

    // A Cognito identity-pool token of a signed-in user.
    let cognito = claims(
        "https://cognito-identity.amazonaws.com",
        "us-east-1:4c1e9a2b-1111-2222-3333-444455556666",
        "us-east-1:9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff",
        &json!({"amr": ["authenticated", "accounts.google.com"]}),
    );
    let g = generate_policy(&GenerateRequest {
        claims: Some(cognito.clone()),
        ..GenerateRequest::default()
    });
    let text = g.policy_text.clone().unwrap();
    assert_eq!(g.verified, Some(true), "{text}");
    assert!(text.contains("ForAnyValue:StringLike"), "{text}");
    let mut guest = cognito.clone();
    guest["amr"] = json!(["unauthenticated"]);
    assert!(!analyze_with(&text, &guest));
    let mut other_pool = cognito.clone();
    other_pool["aud"] = json!("us-east-1:00000000-0000-0000-0000-000000000000");
    assert!(!analyze_with(&text, &other_pool));
    let codes: Vec<&str> = g.diagnostics.iter().map(|d| d.code).collect();
    assert!(
        !codes.contains(&"cognito-identity-pool-not-pinned"),
        "{codes:?}"
    );
    assert!(
        !codes.contains(&"cognito-unauthenticated-identities"),
        "{codes:?}"
    );
}
