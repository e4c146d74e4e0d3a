//! The lint checks. Each takes the parsed policy and pushes located findings.

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::pattern::{self, Part};
use crate::policy::{
    BaseOperator, Condition, Effect, Principal, SetQualifier, Statement, TrustPolicy,
};
use crate::providers::{self, Platform};

use super::{LintOptions, guardrail, subject};

/// The action of a web-identity assume, lowercased.
const WEB_IDENTITY: &str = "sts:assumerolewithwebidentity";

/// Federated principals AWS knows by name (not IAM OIDC providers).
const BUILT_IN: &[&str] = &[
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "www.amazon.com",
    "graph.facebook.com",
];

/// Actions AWS accepts in a role trust policy, spelled exactly. AWS refused `sts:*` and
/// `STS:assumerolewithwebidentity` (semantics reference 3.2); the list of accepted ones
/// is the STS actions that take a role as their resource (UNCONFIRMED beyond the three
/// assume actions and `sts:TagSession`).
const TRUST_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// An OIDC provider a statement trusts.
#[derive(Debug, Clone)]
pub(crate) struct Trusted<'a> {
    /// The `Federated` value as written (or the assumed issuer).
    pub principal: &'a str,
    /// The provider URL without `https://`: the key prefix.
    pub url: String,
    /// Whether it is one of AWS's built-in identity providers.
    pub built_in: bool,
}

/// The OIDC providers a statement trusts through `Federated`.
pub(crate) fn trusted<'a>(st: &'a Statement, options: &'a LintOptions) -> Vec<Trusted<'a>> {
    let Principal::Map(kinds) = &st.principal else {
        return Vec::new();
    };
    let federated: Vec<&String> = kinds
        .iter()
        .filter(|(k, _)| k == "Federated")
        .flat_map(|(_, v)| v)
        .collect();
    let mut out: Vec<Trusted<'a>> = federated
        .iter()
        .filter_map(|v| {
            if let Some((_, url)) = v.split_once(":oidc-provider/") {
                Some(Trusted {
                    principal: v.as_str(),
                    url: url.to_owned(),
                    built_in: false,
                })
            } else if BUILT_IN.contains(&v.as_str()) {
                Some(Trusted {
                    principal: v.as_str(),
                    url: (*v).clone(),
                    built_in: true,
                })
            } else {
                None
            }
        })
        .collect();
    if out.is_empty()
        && !federated.is_empty()
        && !federated.iter().any(|v| v.contains(":saml-provider/"))
        && let Some(issuer) = &options.issuer
    {
        out.push(Trusted {
            principal: issuer,
            url: issuer.clone(),
            built_in: false,
        });
    }
    out
}

/// Whether a statement's actions cover `sts:AssumeRoleWithWebIdentity`.
pub(crate) fn covers_web_identity(st: &Statement) -> bool {
    st.action
        .compiled
        .iter()
        .any(|p| pattern::like(p, WEB_IDENTITY))
        != st.action.negated
}

fn key_is(c: &Condition, url: &str, claim: &str) -> bool {
    c.key_lower.len() == url.len() + 1 + claim.len()
        && c.key_lower.strip_suffix(claim).is_some_and(|k| {
            k.strip_suffix(':')
                .is_some_and(|p| p.eq_ignore_ascii_case(url))
        })
}

fn positive_string(c: &Condition) -> bool {
    c.operator.is_some_and(|o| {
        !o.base.negated()
            && matches!(
                o.base,
                BaseOperator::StringEquals
                    | BaseOperator::StringLike
                    | BaseOperator::StringEqualsIgnoreCase
            )
    })
}

fn new(id: &'static str, message: String) -> Diagnostic {
    let level = super::lint(id).map_or(Severity::Warning, |l| l.level);
    Diagnostic::new(id, level, Source::Policy, message)
}

fn condition_pointer(st: &Statement) -> String {
    format!("{}/Condition", st.pointer)
}

/// Runs every lint.
pub(crate) fn run(policy: &TrustPolicy, options: &LintOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for st in &policy.statements {
        actions(st, &mut out);
        let providers = trusted(st, options);
        let allow = st.effect == Some(Effect::Allow) && st.invalid.is_none();
        if allow && !providers.is_empty() && !covers_web_identity(st) {
            out.push(
                new(
                    super::MISMATCHED_ACTION_FOR_PRINCIPAL,
                    format!(
                        "statement trusts the OIDC provider `{}` but does not allow `sts:AssumeRoleWithWebIdentity`, so it never applies to a web-identity token",
                        providers.first().map_or("", |p| p.principal)
                    ),
                )
                .at(&st.pointer, Some(st.span))
                .help("OIDC providers are trusted with `\"Action\": \"sts:AssumeRoleWithWebIdentity\"`; `sts:AssumeRole` is for AWS principals"),
            );
        }
        let relevant = allow && covers_web_identity(st);
        if relevant && wildcard_principal(&st.principal) {
            out.push(
                new(
                    super::WILDCARD_PRINCIPAL,
                    "the statement trusts every principal (`*`): a token from any OIDC provider of the account whose claims pass the conditions can assume the role".to_owned(),
                )
                .at(&format!("{}/Principal", st.pointer), Some(st.span))
                .help("name the provider: `\"Principal\": {\"Federated\": \"arn:aws:iam::<account>:oidc-provider/<issuer>\"}`"),
            );
        }
        for c in &st.conditions {
            operators(c, &mut out);
        }
        if !relevant || providers.is_empty() {
            continue;
        }
        for p in &providers {
            if let Some(m) = guardrail::check(st, p.principal, &p.url) {
                out.push(
                    new(
                        super::UNSCOPED_SHARED_PROVIDER,
                        format!("this policy cannot be saved: IAM answers `MalformedPolicyDocument: {m}`"),
                    )
                    .at(&st.pointer, Some(st.span))
                    .help(guardrail_help(&p.url)),
                );
            }
        }
        keys(st, &providers, options, &mut out);
        for p in providers.iter().filter(|p| !p.built_in) {
            subject_conditions(st, p, &mut out);
            audience(st, p, &mut out);
        }
    }
    out
}

/// `"Principal": "*"` or a `Federated` entry of `*`: every identity provider is trusted.
fn wildcard_principal(p: &Principal) -> bool {
    match p {
        Principal::Any => true,
        Principal::Map(kinds) => kinds
            .iter()
            .any(|(kind, values)| kind == "Federated" && values.iter().any(|v| v == "*")),
        Principal::None => false,
    }
}

fn guardrail_help(url: &str) -> String {
    match guardrail::rule_for(url) {
        Some(r) if r.keys.contains(&"job_workflow_ref") => format!(
            "add a `StringEquals` or `StringLike` condition on `{url}:sub` naming the repository and ref you trust (or pin `{url}:job_workflow_ref`); its first value must not be blank or start with `*`"
        ),
        Some(r) => {
            let key = r.keys.first().copied().unwrap_or("sub");
            let key = if key.contains(':') {
                key.to_owned()
            } else {
                format!("{url}:{key}")
            };
            format!(
                "add a `StringEquals` or `StringLike` condition on `{key}` whose first value is not `*`"
            )
        }
        None => String::new(),
    }
}

/// `unsupported-trust-policy-action`.
fn actions(st: &Statement, out: &mut Vec<Diagnostic>) {
    if st.action.negated {
        return;
    }
    for a in &st.action.patterns {
        if TRUST_ACTIONS.contains(&a.as_str()) {
            continue;
        }
        let help = TRUST_ACTIONS
            .iter()
            .find(|t| t.eq_ignore_ascii_case(a))
            .map_or_else(
                || "list the actions by name: `sts:AssumeRoleWithWebIdentity` (and `sts:TagSession` for session tags)".to_owned(),
                |t| format!("write `{t}`: the trust-policy check compares action names exactly"),
            );
        out.push(
            new(
                super::UNSUPPORTED_TRUST_POLICY_ACTION,
                format!("`{a}` is not accepted in a role trust policy: IAM answers `MalformedPolicyDocument: AssumeRole policy may only specify STS AssumeRole actions.`"),
            )
            .at(&format!("{}/Action", st.pointer), Some(st.span))
            .help(help),
        );
    }
}

fn has_wildcard(parts: &[Part]) -> bool {
    parts
        .iter()
        .any(|p| matches!(p, Part::Text(t) if t.contains(['*', '?'])))
}

/// Operator-level lints: `ForAllValues` on single-valued keys, `IfExists`, wildcards.
fn operators(c: &Condition, out: &mut Vec<Diagnostic>) {
    let Some(op) = c.operator else { return };
    let claim_key = !(c.key_lower.starts_with("aws:") || c.key_lower.starts_with("sts:"));
    let multi = c.key_lower.ends_with(":amr")
        || c.key_lower == "aws:tagkeys"
        || c.key_lower == "sts:transitivetagkeys";
    if op.set == Some(SetQualifier::ForAllValues) && !multi && !op.base.negated() {
        out.push(
            new(
                super::FOR_ALL_VALUES_SINGLE_VALUED_KEY,
                format!("`{}` on the single-valued key `{}` is also true when the token has no such claim", c.operator_name, c.key),
            )
            .at(&c.pointer, Some(c.span))
            .help(format!("drop the `ForAllValues:` prefix: `{}`", c.operator_name.trim_start_matches("ForAllValues:"))),
        );
    }
    if op.if_exists && claim_key && !op.base.negated() {
        out.push(
            new(
                super::IF_EXISTS_CONDITION,
                format!(
                    "`{}` on `{}` is true for every token without that claim",
                    c.operator_name, c.key
                ),
            )
            .at(&c.pointer, Some(c.span))
            .help(format!(
                "use `{}` so that a token without the claim is refused",
                c.operator_name.trim_end_matches("IfExists")
            )),
        );
    }
    let like = matches!(
        op.base,
        BaseOperator::StringLike | BaseOperator::StringNotLike
    );
    let literal = matches!(
        op.base,
        BaseOperator::StringEquals
            | BaseOperator::StringNotEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringNotEqualsIgnoreCase
    );
    for (v, parts) in c.values.iter().zip(&c.parts) {
        if literal && has_wildcard(parts) {
            let like_name = c
                .operator_name
                .replace("EqualsIgnoreCase", "Like")
                .replace("Equals", "Like");
            out.push(
                new(
                    super::WILDCARD_WITHOUT_LIKE_OPERATOR,
                    format!(
                        "`{v}` under `{}` matches only the literal text, `*` and `?` included",
                        c.operator_name
                    ),
                )
                .at(&c.pointer, Some(c.span))
                .help(format!(
                    "use `{like_name}` for a pattern, or remove the wildcard"
                )),
            );
        }
        if like && !has_wildcard(parts) {
            let eq = c.operator_name.replace("Like", "Equals");
            out.push(
                new(
                    super::STRING_LIKE_WITHOUT_WILDCARD,
                    format!(
                        "`{v}` has no `*` or `?`, so `{}` compares it exactly",
                        c.operator_name
                    ),
                )
                .at(&c.pointer, Some(c.span))
                .help(format!("`{eq}` says the same and reads as exact")),
            );
        }
    }
}

/// Keys: for another issuer, or a claim AWS does not supply.
fn keys(
    st: &Statement,
    providers: &[Trusted<'_>],
    options: &LintOptions,
    out: &mut Vec<Diagnostic>,
) {
    for c in &st.conditions {
        let Some((prefix, claim)) = c.key.rsplit_once(':') else {
            continue;
        };
        let lower = prefix.to_lowercase();
        if lower == "aws" || lower == "sts" || prefix.is_empty() {
            continue;
        }
        if let Some(p) = providers
            .iter()
            .find(|p| p.url.eq_ignore_ascii_case(prefix))
        {
            if p.built_in {
                continue;
            }
            let exposed = providers::exposed_claims(&p.url, options.provider_claims);
            if !exposed.iter().any(|e| e.eq_ignore_ascii_case(claim)) {
                let then = if c.operator.is_some_and(|o| {
                    o.base.negated() || o.if_exists || o.set == Some(SetQualifier::ForAllValues)
                }) {
                    "true"
                } else {
                    "false"
                };
                out.push(
                    new(
                        super::CONDITION_KEY_NOT_SUPPLIED,
                        format!("`{}` is not a key AWS supplies for this issuer, so the condition on it is always {then}", c.key),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help(format!(
                        "AWS supplies {}",
                        exposed.iter().map(|e| format!("`{}:{e}`", p.url)).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
            continue;
        }
        // A prefix that names no trusted provider.
        let near = providers.iter().find_map(|p| {
            let (a, b) = (p.url.to_lowercase(), lower.clone());
            if a.trim_end_matches('/') == b.trim_end_matches('/') {
                Some(format!("the provider is `{}`: a trailing `/` is part of the key prefix", p.url))
            } else if let Some(rest) = a.strip_prefix(&format!("{b}/")) {
                Some(format!("the provider `{}` has the path `/{rest}`, which every key must carry: write `{}:{claim}`", p.url, p.url))
            } else if b.starts_with(&format!("{a}/")) {
                Some(format!("the provider is `{}` without a path: write `{}:{claim}`", p.url, p.url))
            } else {
                None
            }
        });
        let help = near.unwrap_or_else(|| {
            format!(
                "this statement trusts {}; its keys start with {}",
                providers
                    .iter()
                    .map(|p| format!("`{}`", p.principal))
                    .collect::<Vec<_>>()
                    .join(", "),
                providers
                    .iter()
                    .map(|p| format!("`{}:`", p.url))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        });
        out.push(
            new(
                super::CONDITION_KEY_ISSUER_MISMATCH,
                format!("`{}` names the issuer `{prefix}`, which this statement does not trust, so the condition on it never matches a token", c.key),
            )
            .at(&c.pointer, Some(c.span))
            .help(help),
        );
    }
}

/// `missing-subject-condition`, `negated-only-subject`, and the pattern lints on `sub`.
fn subject_conditions(st: &Statement, p: &Trusted<'_>, out: &mut Vec<Diagnostic>) {
    let issuer = providers::recognise(&p.url, None);
    let subs: Vec<&Condition> = st
        .conditions
        .iter()
        .filter(|c| key_is(c, &p.url, "sub"))
        .collect();
    let github = issuer.platform == Platform::GitHub;
    let workflow_pin = github
        && st
            .conditions
            .iter()
            .any(|c| key_is(c, &p.url, "job_workflow_ref") && positive_string(c));
    if subs.is_empty() {
        if !workflow_pin {
            let who = match issuer.platform {
                Platform::GitHub => "any workflow in any repository on GitHub",
                Platform::GitLab if issuer.variant == "gitlabCom" => {
                    "any pipeline of any project on GitLab.com"
                }
                Platform::GitLab => "any pipeline of any project on this GitLab instance",
                Platform::CircleCi => {
                    "any job of any project (and any SSH rerun) of the CircleCI organisation"
                }
                Platform::Bitbucket => "any pipeline of any repository of the Bitbucket workspace",
                Platform::Terraform => {
                    "any run of any workspace of any organisation on HCP Terraform"
                }
                Platform::Buildkite => "any job of any Buildkite pipeline",
                Platform::Eks => "any service account of the cluster",
                Platform::Generic => "every token the issuer signs for an allowed audience",
            };
            out.push(
                new(
                    super::MISSING_SUBJECT_CONDITION,
                    format!("no condition on `{}:sub`: {who} can assume the role", p.url),
                )
                .at(&st.pointer, Some(st.span))
                .help(format!(
                    "add `\"StringEquals\": {{\"{}:sub\": \"...\"}}` naming the subject you trust",
                    p.url
                )),
            );
        }
        return;
    }
    if subs
        .iter()
        .all(|c| c.operator.is_some_and(|o| o.base.negated()))
        && !workflow_pin
    {
        let first = subs.first().copied();
        if let Some(c) = first {
            out.push(
                new(
                    super::NEGATED_ONLY_SUBJECT,
                    format!("the only conditions on `{}` exclude values, so every other subject can assume the role", c.key),
                )
                .at(&c.pointer, Some(c.span))
                .help("say which subjects are trusted with `StringEquals` or `StringLike`; keep exclusions as an extra guard"),
            );
        }
    }
    let project_pin = st
        .conditions
        .iter()
        .any(|c| key_is(c, &p.url, "project_id") && positive_string(c));
    for c in subs {
        let Some(op) = c.operator else { continue };
        if op.base.negated() {
            continue;
        }
        let like = op.base == BaseOperator::StringLike;
        for (v, parts) in c.values.iter().zip(&c.parts) {
            if github && v.starts_with("repo:") && !v.starts_with("repo:*") {
                let repo = v
                    .trim_start_matches("repo:")
                    .split(':')
                    .next()
                    .unwrap_or_default();
                if !repo.contains('@') {
                    out.push(
                        new(
                            super::CLASSIC_GITHUB_SUBJECT,
                            format!("`{v}` names the repository by name; repositories created, renamed or transferred after 2026-07-15 send `repo:OWNER@ID/REPO@ID:...` and never match it"),
                        )
                        .at(&c.pointer, Some(c.span))
                        .help("for such a repository write the immutable form, e.g. `repo:octo-org@123456/octo-repo@7891011:ref:refs/heads/main` (the ids are the token's `repository_owner_id` and `repository_id`)"),
                    );
                }
            }
            if issuer.platform == Platform::GitLab && v.starts_with("project_path:") && !project_pin
            {
                let help = if issuer.variant == "gitlabCom" {
                    format!(
                        "add `\"StringEquals\": {{\"{}:project_id\": \"<id>\"}}`; a project id never moves to another project",
                        p.url
                    )
                } else {
                    "make the `sub` start with the project id (`ci_id_token_sub_claim_components` = `[\"project_id\", \"ref_type\", \"ref\"]`), since AWS supplies no `project_id` key for self-managed GitLab".to_owned()
                };
                out.push(
                    new(
                        super::MUTABLE_GITLAB_SUBJECT,
                        format!("`{v}` trusts whichever project holds that path, and a path can pass to another project after a rename, transfer or deletion"),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help(help),
                );
            }
            let pat = if like {
                pattern::resolve_pattern(parts, |_| None)
            } else {
                pattern::resolve_text(parts, |_| None).map(|t| vec![pattern::Elem::Lit(t)])
            };
            let Some(pat) = pat else { continue };
            let a = subject::admits(&pat, issuer.platform);
            let folded_ok = op.base == BaseOperator::StringEqualsIgnoreCase
                && providers::parse_subject(issuer.platform, &v.to_lowercase()).is_ok();
            if !a.parsed && !folded_ok && issuer.platform != Platform::Generic {
                let other = providers::guess_platform(v).filter(|o| *o != issuer.platform);
                let exact = !v.contains(['*', '?']) && issuer.platform != Platform::Buildkite;
                if other.is_some() || exact {
                    let why = other.map_or_else(
                        || format!("is not in the {} subject format", issuer.platform.name()),
                        |o| {
                            format!(
                                "is a {} subject, but the provider is {}",
                                o.name(),
                                issuer.platform.name()
                            )
                        },
                    );
                    out.push(
                        new(
                            super::SUBJECT_FORMAT_MISMATCH,
                            format!("`{v}` {why}, so no token from `{}` can match it", p.url),
                        )
                        .at(&c.pointer, Some(c.span))
                        .help(subject_example(issuer.platform)),
                    );
                }
            }
            if let Some((field, value)) = &a.per_run {
                let what = if field == "commit" {
                    "the commit, which changes with every build"
                } else {
                    "the step UUID, which changes with every run"
                };
                out.push(
                    new(
                        super::PER_RUN_SUBJECT,
                        format!("`{v}` spells out {what} (`{value}`), so the next run's token will not match"),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help(if like {
                        "end the value with `*` in place of the per-run part"
                    } else {
                        "use `StringLike` and end the value with `*` in place of the per-run part"
                    }),
                );
            }
            if !like {
                continue;
            }
            if let Some((field, example)) = &a.identity {
                let what = match field.as_str() {
                    "owner" | "ownerId" => "other owners",
                    "repository" | "repositoryId" | "repo" | "repositoryUuid" => {
                        "other repositories"
                    }
                    "group" | "project_path" | "project" | "project_id" => "other projects",
                    "organization" | "org" => "other organisations",
                    "workspace" => "other workspaces",
                    "pipeline" => "other pipelines",
                    "namespace" => "other namespaces",
                    "serviceAccount" => "other service accounts",
                    "job_workflow_ref" => "other workflows",
                    _ => "other subjects",
                };
                let example = if example == "any subject" {
                    "any subject".to_owned()
                } else {
                    format!("e.g. `{example}`")
                };
                out.push(
                    new(
                        super::WILDCARD_SUBJECT,
                        format!("`{v}` has a wildcard over the {}, so it trusts {what} ({example})", field_words(field)),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help("name each trusted repository or project literally; keep wildcards to the part after it"),
                );
            } else {
                let reason = if let Some(e) = &a.pull_request {
                    Some(format!("pull-request workflows (e.g. `{e}`)"))
                } else if let Some(e) = &a.run_phase {
                    Some(format!(
                        "every run phase, including speculative plans for pull requests (e.g. `{e}`)"
                    ))
                } else {
                    a.any_branch.as_ref().map(|e| {
                        format!("every branch anyone with push access can create (e.g. `{e}`)")
                    })
                };
                if let Some(reason) = reason {
                    let fix = match issuer.platform {
                        Platform::GitHub => {
                            "pin the ref (`:ref:refs/heads/main`) or, better, an environment with protection rules (`:environment:prod`)"
                        }
                        Platform::GitLab => {
                            "pin the branch (`:ref_type:branch:ref:main`) and add `gitlab.com:ref_protected` = `true` where available"
                        }
                        Platform::Terraform => {
                            "pin `run_phase:apply` for a role that changes things; give plans a read-only role"
                        }
                        _ => "pin the branch or ref literally",
                    };
                    out.push(
                        new(
                            super::REPOSITORY_WIDE_SUBJECT,
                            format!("`{v}` admits {reason}"),
                        )
                        .at(&c.pointer, Some(c.span))
                        .help(fix),
                    );
                }
            }
            if let Some(e) = &a.ref_type {
                out.push(
                    new(
                        super::GITLAB_SUBJECT_WITHOUT_REF_TYPE,
                        format!("`{v}` does not pin `ref_type`, so a tag with a branch's name passes (e.g. `{e}`)"),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help("write `ref_type:branch:ref:NAME` (or `ref_type:tag:ref:NAME`) literally"),
                );
            }
        }
    }
}

/// What a subject of the platform looks like, for help texts.
fn subject_example(platform: Platform) -> &'static str {
    match platform {
        Platform::GitHub => {
            "GitHub subjects look like `repo:OWNER/REPO:ref:refs/heads/BRANCH`, `repo:OWNER/REPO:environment:NAME` or `repo:OWNER/REPO:pull_request`"
        }
        Platform::GitLab => {
            "GitLab subjects look like `project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH`"
        }
        Platform::CircleCi => {
            "CircleCI subjects look like `org/ORG_ID/project/PROJECT_ID/user/USER_ID`"
        }
        Platform::Bitbucket => {
            "Bitbucket subjects look like `{REPOSITORY_UUID}:{STEP_UUID}` or `{REPOSITORY_UUID}:{ENVIRONMENT_UUID}:{STEP_UUID}`, braces included"
        }
        Platform::Terraform => {
            "HCP Terraform subjects look like `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply`"
        }
        Platform::Buildkite => {
            "Buildkite subjects look like `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`"
        }
        Platform::Eks => "EKS subjects look like `system:serviceaccount:NAMESPACE:SERVICEACCOUNT`",
        Platform::Generic => "",
    }
}

/// A subject field's name in words.
fn field_words(field: &str) -> &str {
    match field {
        "ownerId" => "owner id",
        "repositoryId" => "repository id",
        "repositoryUuid" => "repository UUID",
        "project_path" => "project path",
        "project_id" => "project id",
        "serviceAccount" => "service account",
        "org" => "organisation",
        "job_workflow_ref" => "workflow",
        "sub" => "whole subject",
        other => other,
    }
}

/// `missing-audience-condition`.
fn audience(st: &Statement, p: &Trusted<'_>, out: &mut Vec<Diagnostic>) {
    if st
        .conditions
        .iter()
        .any(|c| key_is(c, &p.url, "aud") && positive_string(c))
    {
        return;
    }
    out.push(
        new(
            super::MISSING_AUDIENCE_CONDITION,
            format!("no condition on `{}:aud`; only the provider's client-id list checks the audience", p.url),
        )
        .at(&condition_pointer(st), Some(st.span))
        .help(format!("add `\"StringEquals\": {{\"{}:aud\": \"sts.amazonaws.com\"}}` (or your audience) so the role stays pinned if the provider gains client ids", p.url)),
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::lint_policy;

    fn ids(cond: &str) -> Vec<&'static str> {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{cond}}}]}}"#
        );
        lint_policy(&text, None).iter().map(|d| d.code).collect()
    }

    #[test]
    fn subject_lints() {
        let k = "token.actions.githubusercontent.com";
        let good = ids(&format!(
            r#"{{"StringEquals":{{"{k}:aud":"sts.amazonaws.com","{k}:sub":"repo:o@1/r@2:ref:refs/heads/main"}}}}"#
        ));
        assert!(good.is_empty(), "{good:?}");
        let v = ids(&format!(
            r#"{{"StringEquals":{{"{k}:aud":"sts.amazonaws.com"}},"StringLike":{{"{k}:sub":"repo:o/*"}}}}"#
        ));
        assert!(v.contains(&"wildcard-subject"), "{v:?}");
        let v = ids(&format!(
            r#"{{"StringEquals":{{"{k}:aud":"sts.amazonaws.com"}},"StringLike":{{"{k}:sub":"repo:o@1/r@2:*"}}}}"#
        ));
        assert_eq!(v, ["repository-wide-subject"]);
        let v = ids(&format!(
            r#"{{"StringEquals":{{"{k}:aud":"sts.amazonaws.com"}}}}"#
        ));
        assert_eq!(v, ["unscoped-shared-provider", "missing-subject-condition"]);
        let v = ids(&format!(
            r#"{{"StringNotEquals":{{"{k}:sub":"repo:o@1/r@2:pull_request"}},"StringEquals":{{"{k}:aud":"x"}}}}"#
        ));
        assert_eq!(v, ["unscoped-shared-provider", "negated-only-subject"]);
        let v = ids(&format!(
            r#"{{"StringEquals":{{"{k}:aud":"x","{k}:sub":"repo:o@1/r@2:pull_request","{k}:iss":"x","gitlab.com:sub":"y"}}}}"#
        ));
        assert_eq!(
            v,
            [
                "condition-key-not-supplied",
                "condition-key-issuer-mismatch"
            ]
        );
    }
}
