//! Entra ID: every federated identity credential against the token (issuer, audience, then
//! the subject or each clause of the expression), the closest one first and marked.

use oidc_trust::api::AzureAnalysis;
use oidc_trust::azure::credential::CredentialKind;
use oidc_trust::azure::expression::ClauseOutcome;
use oidc_trust::diagnostic::Source;
use oidc_trust::explain::azure::{CredentialOutcome, CredentialTrace, ValueTrace};
use yew::prelude::*;

use super::{At, Found, Row, TargetTraceProps, card, row};

fn outcome(o: CredentialOutcome) -> &'static str {
    match o {
        CredentialOutcome::Matched => "matches",
        CredentialOutcome::IssuerDiffers => "other issuer",
        CredentialOutcome::AudienceDiffers => "other audience",
        CredentialOutcome::SubjectDiffers => "other subject",
        CredentialOutcome::SubjectCaseOnly => "subject differs in case only",
        CredentialOutcome::ExpressionFalse => "expression false",
        CredentialOutcome::NotEvaluated => "not evaluated",
        CredentialOutcome::NotCompared => "not compared",
    }
}

fn value_row(
    what: &str,
    v: &ValueTrace,
    doc: Option<crate::state::Doc>,
    ctx: &TargetTraceProps,
) -> Html {
    row(
        Row {
            holds: Some(v.matched),
            badge: if v.matched { "✓" } else { "✗" },
            what,
            expected: Some(v.value.clone()),
            found: Found::of(v.request_value.clone()),
            side: "credential",
            near_miss: v.near_miss.as_ref().filter(|_| !v.matched),
            at: doc.map(|doc| At { span: v.span, doc }),
            children: html! {},
        },
        ctx,
    )
}

fn credential(c: &CredentialTrace, closest: bool, ctx: &TargetTraceProps) -> Html {
    let doc = ctx.places.doc(Source::Policy, None);
    let name = c
        .name
        .clone()
        .unwrap_or_else(|| format!("credential {}", c.index + 1));
    let kind = match c.kind {
        CredentialKind::Classic => "classic",
        CredentialKind::Flexible => "flexible",
    };
    let matched = c.outcome == CredentialOutcome::Matched;
    let class = classes!(
        "statement",
        "credential",
        if matched { "applies" } else { "not-applies" },
        closest.then_some("closest")
    );
    html! {
        <article {class} data-index={c.index.to_string()} data-outcome={outcome(c.outcome)}>
            <div class="statement-head">
                <span class="statement-name">{ name }</span>
                <span class="effect">{ kind }</span>
                <span class="badge">{ outcome(c.outcome) }</span>
                if closest && !matched {
                    <span class="closest-label">{ "closest to the token" }</span>
                }
            </div>
            if let Some(why) = &c.not_evaluated {
                <p class="invalid">{ "Not evaluated: " }{ crate::components::ticked(why) }</p>
            }
            <ul class="checks">
                { for c.issuer.iter().map(|v| value_row("issuer", v, doc, ctx)) }
                { for c.audience.iter().map(|v| value_row("audience", v, doc, ctx)) }
                { for c.subject.iter().map(|v| value_row("subject", v, doc, ctx)) }
                { for c.clauses.iter().map(|cl| {
                    let holds = cl.outcome == ClauseOutcome::Holds;
                    row(Row {
                        holds: Some(holds),
                        badge: if holds { "✓" } else { "✗" },
                        what: &cl.text,
                        expected: None,
                        found: Found::of(cl.request_value.clone()),
                        side: "credential",
                        near_miss: cl.near_miss.as_ref().filter(|_| !holds),
                        at: doc.map(|doc| At { span: cl.span, doc }),
                        children: html! {},
                    }, ctx)
                }) }
            </ul>
        </article>
    }
}

/// The card.
pub(super) fn view(a: &AzureAnalysis, ctx: &TargetTraceProps) -> Html {
    let title = "Federated identity credentials against the token";
    let Some(t) = &a.credentials else {
        return card(
            title,
            html! { <p class="hint">{ "No credentials could be read, so none was compared (see the verdict)." }</p> },
            html! {},
            "azure",
        );
    };
    // The closest (or matching) credential first, then the others in document order.
    let mut order: Vec<&CredentialTrace> = t.credentials.iter().collect();
    order.sort_by_key(|c| Some(c.index) != t.closest);
    let about = html! {
        <p class="hint">{ format!(
            "{} credential{}; Entra compares issuer, audience, then the subject or expression of each.",
            t.credentials.len(),
            if t.credentials.len() == 1 { "" } else { "s" }
        ) }</p>
    };
    let body = html! {
        <>{ for order.into_iter().map(|c| credential(c, Some(c.index) == t.closest, ctx)) }</>
    };
    card(title, about, body, "azure")
}
