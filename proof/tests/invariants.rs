//! The grammar of `oidc_trust_proof::grammar` drives our own invariants natively (issue 12,
//! item 2): an explicit `Deny` always wins; adding an `Allow` statement never turns an allow
//! into a refusal; `StringLike` without a wildcard is `StringEquals`; the verdict-only path
//! ([`Compiled::verdict`]) and [`Compiled::analyze`] agree with [`oidc_trust::analyze`].
//! (The CLI scan's prefilter is in `scan_prefilter.rs`.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use oidc_trust::Severity;
use oidc_trust::api::{Analysis, CompileRequest, Compiled};
use oidc_trust::aws::eval::{Applies, Decision};
use oidc_trust::aws::policy::Effect;
use oidc_trust_proof::grammar::{self, OPERATORS, Plan, Statement};
use proptest::prelude::*;
use serde_json::Value;

fn analyze(request: &Value) -> Analysis {
    let r: oidc_trust::Request =
        serde_json::from_value(request.clone()).expect("a generated request parses");
    oidc_trust::analyze(&r)
}

/// What a verdict is made of, for comparisons.
fn verdict(a: &Analysis) -> (bool, Value, Option<Decision>) {
    (
        a.accepted,
        serde_json::to_value(a.stage).unwrap(),
        a.policy.as_ref().map(|p| p.decision),
    )
}

/// Whether AWS would refuse to store the policy (an error from the reader or the
/// guardrails): then no statement is evaluated as written.
fn refused(a: &Analysis) -> bool {
    a.diagnostics.iter().any(|d| d.severity == Severity::Error)
}

fn operator(name: &str) -> usize {
    OPERATORS.iter().position(|o| o.name == name).unwrap()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 600,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// A statement that applies with `Deny` decides the policy: explicit deny, and no
    /// credentials, whatever else allows.
    #[test]
    fn an_applying_deny_always_wins(plan in grammar::plan()) {
        let a = analyze(&plan.request());
        let Some(policy) = &a.policy else { return Ok(()) };
        let denied = policy
            .statements
            .iter()
            .any(|s| s.effect == Some(Effect::Deny) && s.applies == Applies::Yes && s.invalid.is_none());
        if denied {
            prop_assert_eq!(policy.decision, Decision::ExplicitDeny);
            prop_assert!(!a.accepted);
        }
        if policy.decision == Decision::Allow {
            prop_assert!(!denied);
        }
    }

    /// Each `Allow` statement that applies, copied as a `Deny`, turns the decision into an
    /// explicit deny.
    #[test]
    fn a_deny_copy_of_an_applying_allow_denies(plan in grammar::plan()) {
        let a = analyze(&plan.request());
        let Some(policy) = &a.policy else { return Ok(()) };
        if refused(&a) {
            return Ok(());
        }
        for (i, s) in plan.statements.iter().enumerate() {
            let applies = policy.statements.get(i).is_some_and(|t| t.applies == Applies::Yes && t.invalid.is_none());
            if s.deny || !applies {
                continue;
            }
            let mut denied = plan.clone();
            denied.statements.push(Statement { deny: true, ..s.clone() });
            let d = analyze(&denied.request());
            let decision = d.policy.as_ref().map(|p| p.decision);
            prop_assert_eq!(decision, Some(Decision::ExplicitDeny), "statement {}: {}", i, denied.request());
            prop_assert!(!d.accepted);
        }
    }

    /// Adding an `Allow` statement to a policy that lets the token in keeps it in (unless
    /// the new statement makes AWS refuse to store the policy).
    #[test]
    fn adding_an_allow_never_refuses(plan in grammar::plan(), extra in grammar::extra_statement()) {
        let a = analyze(&plan.request());
        if !a.accepted {
            return Ok(());
        }
        let mut more = plan.clone();
        more.statements.push(Statement { deny: false, ..extra });
        let b = analyze(&more.request());
        if refused(&b) {
            return Ok(());
        }
        prop_assert!(b.accepted, "{}", more.request());
        prop_assert_eq!(b.policy.as_ref().map(|p| p.decision), Some(Decision::Allow));
    }

    /// `StringLike` (`StringNotLike`) whose values have no `*` or `?` decides as
    /// `StringEquals` (`StringNotEquals`), with the same qualifier and `IfExists`.
    #[test]
    fn string_like_without_wildcards_is_string_equals(plan in grammar::plan()) {
        let like = (operator("StringLike"), operator("StringEquals"));
        let not_like = (operator("StringNotLike"), operator("StringNotEquals"));
        let keys = plan.world.keys();
        let mut equals = plan.clone();
        let mut changed = false;
        for s in &mut equals.statements {
            for c in &mut s.conditions {
                let Some(to) = [like, not_like].iter().find(|(from, _)| *from == c.op).map(|(_, to)| *to) else {
                    continue;
                };
                let text = plan.rendered(&keys, c).map(|v| v.to_string()).unwrap_or_default();
                if !text.contains(['*', '?']) && !text.contains("${") {
                    c.op = to;
                    changed = true;
                }
            }
        }
        if !changed {
            return Ok(());
        }
        let (a, b) = (analyze(&plan.request()), analyze(&equals.request()));
        prop_assert_eq!(verdict(&a), verdict(&b), "{}", plan.request());
    }

    /// The verdict-only path of a compiled configuration gives the full analysis's verdict,
    /// and its full analysis is the one-shot analysis.
    #[test]
    fn the_verdict_only_path_agrees_with_the_analysis(plan in grammar::plan()) {
        let token = plan.token_text();
        let mut request = plan.request();
        let obj = request.as_object_mut().unwrap();
        obj.remove("claims");
        obj.insert("token".into(), Value::String(token.clone()));
        let now = obj.get("now").and_then(Value::as_i64).unwrap();
        let a = analyze(&request);
        let mut config = request.clone();
        let c = config.as_object_mut().unwrap();
        c.remove("token");
        c.remove("now");
        let compiled = Compiled::new(serde_json::from_value::<CompileRequest>(config).unwrap());
        let v = compiled.verdict(&token, now);
        prop_assert_eq!(v.accepted, a.accepted);
        prop_assert_eq!(v.stage, a.stage);
        prop_assert_eq!(&v.aws_error, &a.aws_error);
        prop_assert_eq!(v.decision, a.policy.as_ref().map(|p| p.decision));
        let full = compiled.analyze(&token, now);
        prop_assert_eq!(serde_json::to_value(&full).unwrap(), serde_json::to_value(&a).unwrap());
    }
}

/// The properties above are not vacuous: the grammar reaches every branch they test.
#[test]
fn the_grammar_reaches_every_branch_the_properties_test() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut allowed, mut denied, mut applying_deny, mut likes) = (0, 0, 0, 0);
    for _ in 0..2000 {
        let plan: Plan = grammar::plan().new_tree(&mut runner).unwrap().current();
        let a = analyze(&plan.request());
        allowed += usize::from(a.accepted);
        if let Some(p) = &a.policy {
            denied += usize::from(p.decision == Decision::ExplicitDeny);
            applying_deny += usize::from(
                p.statements
                    .iter()
                    .any(|s| s.effect == Some(Effect::Deny) && s.applies == Applies::Yes),
            );
        }
        likes += usize::from(plan.uses(|c| c.op == operator("StringLike")));
    }
    assert!(allowed > 100, "accepted cases: {allowed}");
    assert!(denied > 50, "explicit denies: {denied}");
    assert!(applying_deny > 50, "applying denies: {applying_deny}");
    assert!(likes > 50, "StringLike cases: {likes}");
}
