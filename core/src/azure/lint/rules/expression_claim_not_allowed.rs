//! `expression-claim-not-allowed`: an expression Entra does not accept for its issuer (a
//! claim or operator it does not allow, no clause on `sub`, an issuer without flexible
//! credentials).

use crate::azure::issuers::{FlexibleIssuer, RuleBreak, refusal_text, rule_breaks};
use crate::azure::lint::{Scope, clause_at, finding};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity};

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let c = cx.c;
    let (Some(e), Some(issuer)) = (&c.expression, c.issuer()) else {
        return;
    };
    let Some(parsed) = &e.parsed else {
        return;
    };
    let allowed = |f: FlexibleIssuer| {
        f.claims()
            .iter()
            .map(|a| format!("`{}`", a.claim))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let family = FlexibleIssuer::of(issuer);
    let refusal = format!(
        "Entra answers `InvalidFederatedIdentityCredentialValue`: {}",
        refusal_text(issuer, &e.text.value)
    );
    for b in rule_breaks(issuer, parsed) {
        let clause = |i: usize| parsed.clauses.get(i);
        let (message, at, severity) = match (b, family) {
            (RuleBreak::Issuer, _) => (
                format!(
                    "flexible credentials are not available for the issuer `{issuer}` (only GitHub Actions, GitLab and HCP Terraform), so Entra refuses to save this one"
                ),
                e.text.clone(),
                None,
            ),
            (RuleBreak::Claim(i), Some(f)) => {
                let Some(cl) = clause(i) else { continue };
                (
                    format!(
                        "`claims['{}']` is not a claim {} expressions may use (they may use {})",
                        cl.claim,
                        f.name(),
                        allowed(f)
                    ),
                    clause_at(cl, &e.text),
                    None,
                )
            }
            (RuleBreak::Operator(i), Some(f)) => {
                let Some(cl) = clause(i) else { continue };
                (
                    format!(
                        "`{}` takes `eq` only in {} expressions, not `{}`",
                        cl.claim,
                        f.name(),
                        cl.op.as_str()
                    ),
                    clause_at(cl, &e.text),
                    None,
                )
            }
            (RuleBreak::UnconfirmedClaim(i), Some(f)) => {
                let Some(cl) = clause(i) else { continue };
                (
                    format!(
                        "`claims['{}']` is listed for {} only on Microsoft's older mutable-subjects page; the flexible-credentials page allows {} (UNCONFIRMED which Entra enforces)",
                        cl.claim,
                        f.name(),
                        allowed(f)
                    ),
                    clause_at(cl, &e.text),
                    Some(Severity::Warning),
                )
            }
            (RuleBreak::NoSubject, _) => (
                "the expression has no clause on `sub`, which Entra requires".to_owned(),
                e.text.clone(),
                None,
            ),
            // The missing ids are `expression-without-immutable-id`'s finding.
            (RuleBreak::NoImmutableId, _) | (_, None) => continue,
        };
        let mut d =
            finding(codes::EXPRESSION_CLAIM_NOT_ALLOWED, message, &at).help(refusal.clone());
        if let Some(s) = severity {
            d.severity = s;
        }
        out.push(d);
    }
}
