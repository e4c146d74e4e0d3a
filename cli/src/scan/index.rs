//! The prefilter: which roles a token could possibly assume, by condition key and value.
//!
//! Fast by construction, exact by verification: each policy is parsed once, each token's
//! request context is built once, and the roles a token could possibly assume are
//! prefiltered with one [`GlobSet`] per condition key over every value and pattern in the
//! export that a statement cannot apply without (`<issuer>:sub` first).
//! Every candidate is then evaluated by the core evaluator (`radius.rs`), so the answer is
//! the core's answer; the prefilter only skips roles that cannot allow the token.
//!
//! The prefilter is sound because a `StringEquals`/`StringLike` condition on a claim key
//! (without `IfExists`, negation, `ForAllValues:` or policy variables) is false unless the key is
//! present and one of its values matches one of the condition's values: an `Allow`
//! statement with such a condition cannot apply to a token that matches none of them.
//! Statements without one are candidates for every token of their provider.

use std::collections::HashMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use oidc_trust::aws::context::{Context, Lookup};
use oidc_trust::aws::policy::{BaseOperator, Effect, Principal, SetQualifier, Statement};
use oidc_trust::matching::Elem;

use super::export::{Role, federated_issuer};

/// Which roles a token could possibly assume, by condition key and value.
#[derive(Debug, Default)]
pub struct Index {
    /// Per lowercased condition key (`<issuer>:sub`, `<issuer>:repository`...): the values
    /// and patterns of the statements that require one of them.
    by_key: Vec<(String, KeyIndex)>,
    /// Per provider URL (as in the principal ARN): roles with an `Allow` statement without
    /// an indexable condition.
    unconstrained: HashMap<String, Vec<usize>>,
    /// Roles with an unconstrained `Allow` statement for any principal.
    any_provider: Vec<usize>,
}

#[derive(Debug)]
struct KeyIndex {
    set: GlobSet,
    /// Glob index -> role index.
    owners: Vec<usize>,
    /// Roles with a `?` in a pattern: `GlobSet` matches `?` against one byte, IAM against
    /// one character, so for a non-ASCII value these are candidates regardless.
    question: Vec<usize>,
}

/// A condition a statement cannot apply without: the key must be present with a value
/// matching one of these.
struct Constraint<'a> {
    key: &'a str,
    patterns: Vec<Glob<'a>>,
}

enum Glob<'a> {
    Exact(&'a str),
    Like(&'a [Elem]),
}

/// The most selective condition of a statement that can be indexed: `StringEquals` or
/// `StringLike` (plain or `ForAnyValue:`, without `IfExists`), with no policy variables,
/// preferring `sub`, then other claims, then `aud`, and exact values over patterns. Such a condition is false when the key is absent
/// and when no value matches, so the statement cannot apply.
fn constraint(s: &Statement) -> Option<Constraint<'_>> {
    let mut best: Option<(u8, Constraint<'_>)> = None;
    for c in &s.conditions {
        let Some(op) = c.operator else { continue };
        let like = match op.base {
            BaseOperator::StringLike => true,
            BaseOperator::StringEquals => false,
            _ => continue,
        };
        if op.if_exists || op.set == Some(SetQualifier::ForAllValues) {
            continue;
        }
        // Only the token's own claims (`<issuer>:sub`...) have one value for every role:
        // AWS's global keys (`aws:FederatedProvider` names the role's own provider ARN,
        // `aws:RequestTag/...` the call) differ from role to role, so they are not indexed
        // (found by proof/tests/scan_prefilter.rs).
        if c.key_lower().starts_with("aws:") {
            continue;
        }
        let patterns = c
            .values
            .iter()
            .map(|v| {
                if like {
                    v.pattern().map(Glob::Like)
                } else {
                    v.literal().map(Glob::Exact)
                }
            })
            .collect::<Option<Vec<_>>>();
        let Some(patterns) = patterns else { continue };
        // `sub` names one workload; `aud` is the same for every token of a provider.
        let claim = c.key_lower().rsplit(':').next().unwrap_or_default();
        let selectivity = match claim {
            "sub" => 3,
            "aud" | "oaud" | "amr" => 1,
            _ => 2,
        };
        let rank = selectivity * 2 + u8::from(!like);
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((
                rank,
                Constraint {
                    key: c.key_lower(),
                    patterns,
                },
            ));
        }
    }
    best.map(|(_, c)| c)
}

/// A glob that matches as IAM `StringLike` does: `*` and `?` cross `/`, everything else
/// (`[`, `{`, `\`...) is literal.
fn glob_text(g: &Glob<'_>) -> (String, bool) {
    fn literal(out: &mut String, s: &str) {
        for c in s.chars() {
            if matches!(c, '?' | '*' | '[' | ']' | '{' | '}') {
                out.push('[');
                out.push(c);
                out.push(']');
            } else {
                out.push(c);
            }
        }
    }
    let mut out = String::new();
    let mut question = false;
    match g {
        Glob::Exact(t) => literal(&mut out, t),
        Glob::Like(elems) => {
            for e in *elems {
                match e {
                    Elem::Lit(l) => literal(&mut out, l),
                    Elem::One => {
                        question = true;
                        out.push('?');
                    }
                    Elem::Star => out.push('*'),
                }
            }
        }
    }
    (out, question)
}

impl Index {
    /// Indexes the roles of an export.
    pub fn build(roles: &[Role]) -> Index {
        let mut builders: HashMap<String, (GlobSetBuilder, Vec<usize>, Vec<usize>)> =
            HashMap::new();
        let mut index = Index::default();
        for (r, role) in roles.iter().enumerate() {
            let Some(policy) = &role.policy else { continue };
            for s in &policy.statements {
                if s.effect != Some(Effect::Allow) || s.invalid.is_some() {
                    continue;
                }
                if let Some(c) = constraint(s) {
                    let entry = builders
                        .entry(c.key.to_owned())
                        .or_insert_with(|| (GlobSetBuilder::new(), Vec::new(), Vec::new()));
                    for g in &c.patterns {
                        let (text, question) = glob_text(g);
                        let built = GlobBuilder::new(&text)
                            .literal_separator(false)
                            .backslash_escape(false)
                            .build();
                        if let Ok(glob) = built {
                            entry.0.add(glob);
                            entry.1.push(r);
                        } else {
                            // Cannot happen with the escaping above; stay exact anyway.
                            entry.2.push(r);
                        }
                        if question {
                            entry.2.push(r);
                        }
                    }
                    continue;
                }
                match &s.principal {
                    Principal::Any => index.any_provider.push(r),
                    Principal::None => {}
                    Principal::Map(_) => {
                        for v in s.principal.federated() {
                            if v == "*" {
                                index.any_provider.push(r);
                            } else if let Some(url) = federated_issuer(v) {
                                index
                                    .unconstrained
                                    .entry(url.to_owned())
                                    .or_default()
                                    .push(r);
                            }
                        }
                    }
                }
            }
        }
        for (key, (builder, owners, mut question)) in builders {
            question.sort_unstable();
            question.dedup();
            let (set, owners) = if let Ok(set) = builder.build() {
                (set, owners)
            } else {
                // Every role with a pattern becomes a candidate: slower, still exact.
                question.extend(owners);
                (GlobSet::empty(), Vec::new())
            };
            index.by_key.push((
                key,
                KeyIndex {
                    set,
                    owners,
                    question,
                },
            ));
        }
        index.by_key.sort_by(|a, b| a.0.cmp(&b.0));
        index
    }

    /// The roles that might allow a token from provider `url` with this request context,
    /// sorted, without repeats: a superset of the roles that allow it.
    pub fn candidates(&self, url: &str, context: &Context) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        out.extend(&self.any_provider);
        if let Some(v) = self.unconstrained.get(url) {
            out.extend(v);
        }
        for (key, ki) in &self.by_key {
            let Lookup::Present(values) = context.lookup(key) else {
                continue;
            };
            for value in values {
                for i in ki.set.matches(value.as_str()) {
                    if let Some(&r) = ki.owners.get(i) {
                        out.push(r);
                    }
                }
                if !value.is_ascii() {
                    out.extend(&ki.question);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::export::load;
    use crate::scan::synthetic::source;
    use oidc_trust::Claims;
    use oidc_trust::aws::context::ContextOptions;
    use serde_json::json;

    proptest::proptest! {
        /// The glob a pattern is translated to matches exactly what IAM `StringLike`
        /// matches (the core's `pattern::like`) for ASCII subjects, and never less for any
        /// subject once `?` patterns are added back for non-ASCII ones.
        #[test]
        fn globs_match_like_iam(raw in "[a-c*?/\\\\\\[\\]{},!.:-]{0,8}", subject in "[a-c/\\\\\\[\\]{},!.:é-]{0,10}") {
            let elems = oidc_trust::aws::policy::resolve_pattern(
                &oidc_trust::aws::policy::parse_value(&raw, true),
                |_| None,
            ).unwrap();
            let (text, question) = glob_text(&Glob::Like(&elems));
            let glob = GlobBuilder::new(&text)
                .literal_separator(false)
                .backslash_escape(false)
                .build()
                .unwrap()
                .compile_matcher();
            let iam = oidc_trust::matching::like(&elems, &subject);
            let prefilter = glob.is_match(subject.as_str()) || (question && !subject.is_ascii());
            proptest::prop_assert!(!iam || prefilter, "{raw:?} {subject:?} -> {text:?}");
            if subject.is_ascii() {
                proptest::prop_assert_eq!(iam, prefilter, "{:?} {:?} -> {:?}", raw, subject, text);
            }
        }
    }

    #[test]
    fn iam_wildcards_cross_slashes_and_brackets_are_literal() {
        let text = json!([
            {"RoleName": "a", "Arn": "arn:aws:iam::1:role/a", "AssumeRolePolicyDocument": {
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/x.example"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringLike": {"x.example:sub": ["a*z", "[ab]{c,d}\\?", "p?q"]}}}]}}
        ])
        .to_string();
        let export = load(&source(text)).unwrap();
        let index = Index::build(&export.roles);
        let ctx = |sub: &str| {
            let claims = Claims::new(json!({"sub": sub}).as_object().unwrap().clone());
            Context::new(
                "x.example",
                &claims,
                &oidc_trust::aws::context::CallContext::default(),
                ContextOptions::default(),
            )
        };
        let c = |sub: &str| !index.candidates("x.example", &ctx(sub)).is_empty();
        assert!(c("a/b/z"));
        assert!(c("[ab]{c,d}\\x"));
        assert!(!c("ac\\x"));
        assert!(c("p/q"));
        assert!(c("péq"));
        assert!(!c("b/z"));
        let upper = Context::new(
            "X.EXAMPLE",
            &Claims::new(json!({"sub": "a/z"}).as_object().unwrap().clone()),
            &oidc_trust::aws::context::CallContext::default(),
            ContextOptions::default(),
        );
        assert_eq!(index.candidates("X.EXAMPLE", &upper).len(), 1);
    }

    #[test]
    fn a_global_key_condition_leaves_the_role_a_candidate() {
        // `aws:FederatedProvider` is the role's own provider ARN, not the token's: a
        // statement conditioned only on it is a candidate for every token of the provider.
        let text = json!([
            {"RoleName": "a", "Arn": "arn:aws:iam::1:role/a", "AssumeRolePolicyDocument": {
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/x.example"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringLike": {"aws:FederatedProvider": "arn:aws:iam::1:oidc-provider/x.example"}}}]}}
        ])
        .to_string();
        let export = load(&source(text)).unwrap();
        let index = Index::build(&export.roles);
        let claims = Claims::new(json!({"sub": "repo:"}).as_object().unwrap().clone());
        let ctx = Context::new(
            "x.example",
            &claims,
            &oidc_trust::aws::context::CallContext::default(),
            ContextOptions::default(),
        );
        assert_eq!(index.candidates("x.example", &ctx), vec![0]);
    }
}
