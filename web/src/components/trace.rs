//! The trust-policy trace: every statement and condition, what it checked, and how it went.
//! Clicking one marks its place in the policy text. [`policy_trace`] renders any policy's
//! evaluation, so the RCPs' traces look the same.

use std::rc::Rc;

use oidc_trust::api::OutcomeKind;
use oidc_trust::api::{
    ConditionTrace, KeyInfo, KeySource, MatchTrace, NearMiss, PolicyTrace, ResourceTrace,
    StatementTrace,
};
use oidc_trust::aws::eval::{Applies, Decision};
use oidc_trust::aws::policy::Effect;
use oidc_trust::explain::aws::outcome_name;
use yew::prelude::*;

use crate::state::{Doc, Mark};

/// Statements shown before a "show all" button (large policies stay responsive).
pub const SHOWN: usize = 40;

/// Props of [`TraceView`].
#[derive(Debug, Properties, PartialEq)]
pub struct TraceViewProps {
    /// The evaluation of `sts:AssumeRoleWithWebIdentity`, if the policy was consulted.
    pub trace: Option<PolicyTrace>,
    /// The `sts:TagSession` evaluation, if any.
    pub tag_session: Option<PolicyTrace>,
    /// The request's keys (`analysis.conditionKeys`), to say where a condition's values come
    /// from.
    pub keys: Rc<[KeyInfo]>,
    /// Why there is no trace.
    pub why_none: AttrValue,
    /// The marked place.
    pub selected: Option<Mark>,
    /// Picks (or unpicks) a place.
    pub onselect: Callback<Option<Mark>>,
}

/// Splits a string after `n` characters.
pub fn split_chars(s: &str, n: usize) -> (&str, &str) {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    (s.get(..at).unwrap_or(s), s.get(at..).unwrap_or(""))
}

fn holds_class(holds: Option<bool>) -> &'static str {
    match holds {
        Some(true) => "ok",
        Some(false) => "fail",
        None => "unknown",
    }
}

fn values_list(values: &[String]) -> Html {
    html! {
        <span class="values">
            { for values.iter().map(|v| html! { <code class="value">{ v.clone() }</code> }) }
        </span>
    }
}

/// The differing characters of a near miss, marked in both strings.
pub fn near_miss_view(nm: &NearMiss) -> Html {
    diff_rows(
        Some(format!(
            "Near miss: they part ways at character {}",
            nm.offset + 1
        )),
        (&nm.request_value, nm.offset),
        ("policy", &nm.value, nm.value_offset),
    )
}

/// A request value and a policy (or provider) value, one row each, with the characters
/// from `at` on marked: shared by the trace's near misses and the hints.
pub fn diff_rows(
    title: Option<String>,
    (request, at): (&str, usize),
    (label, value, value_at): (&str, &str, usize),
) -> Html {
    let (same, rest) = split_chars(request, at);
    let (vsame, vrest) = split_chars(value, value_at);
    let mark = |s: &str| {
        if s.is_empty() {
            html! { <mark class="diff ends">{ "(ends here)" }</mark> }
        } else {
            html! { <mark class="diff">{ s.to_owned() }</mark> }
        }
    };
    html! {
        <div class="near-miss">
            if let Some(title) = title {
                <p class="nm-title">{ title }</p>
            }
            <div class="nm-row">
                <span class="nm-label">{ "request" }</span>
                <code class="nm-text nm-found">{ same.to_owned() }{ mark(rest) }</code>
            </div>
            <div class="nm-row">
                <span class="nm-label">{ label.to_owned() }</span>
                <code class="nm-text nm-expected">{ vsame.to_owned() }{ mark(vrest) }</code>
            </div>
        </div>
    }
}

fn match_row(what: &str, m: &MatchTrace) -> Html {
    if m.matched {
        // A matched principal or action is one line; the statement's values are in its title.
        return html! {
            <li class="check ok folded" title={m.values.join(", ")}>
                <span class="badge">{ "✓" }</span>
                <span class="check-what">{ what.to_owned() }</span>
                <span class="check-detail">{ " matched " }<code>{ m.request.clone() }</code></span>
            </li>
        };
    }
    let class = if m.matched { "ok" } else { "fail" };
    html! {
        <li class={classes!("check", class)}>
            <span class="badge">{ if m.matched { "✓ matched" } else { "✗ not matched" } }</span>
            <span class="check-what">{ what.to_owned() }</span>
            <span class="check-detail">
                { "request " }<code>{ m.request.clone() }</code>
                { "; statement " }
                if m.values.is_empty() { <em>{ "(none)" }</em> } else { { values_list(&m.values) } }
            </span>
        </li>
    }
}

fn resource_row(r: &ResourceTrace) -> Html {
    let (class, badge) = match r.matched {
        Some(true) => ("ok", "✓ matched"),
        Some(false) => ("fail", "✗ not matched"),
        None => ("unknown", "? role not given"),
    };
    html! {
        <li class={classes!("check", class)}>
            <span class="badge">{ badge }</span>
            <span class="check-what">{ "Resource" }</span>
            <span class="check-detail">
                { "role " }
                { match &r.request {
                    Some(arn) => html! { <code>{ arn.clone() }</code> },
                    None => html! { <em>{ "(not given)" }</em> },
                } }
                { "; statement " }{ values_list(&r.values) }
            </span>
        </li>
    }
}

/// What a trace needs besides the policy: which text its places are in, the place picked,
/// and the request's keys.
#[derive(Debug, Clone)]
pub struct TraceContext<'a> {
    /// The text the policy is in.
    pub doc: Doc,
    /// The place picked, if it is in this text.
    pub selected: Option<Mark>,
    /// Picks (or unpicks) a place.
    pub onselect: &'a Callback<Option<Mark>>,
    /// The request's keys.
    pub keys: &'a [KeyInfo],
}

impl TraceContext<'_> {
    /// What a condition's request values are called: `token` for a claim, else `request`
    /// (the call, the caller, the clock). Keys are matched case-insensitively, as IAM does.
    fn values_label(&self, key: &str) -> &'static str {
        let source = self
            .keys
            .iter()
            .find(|k| k.key.eq_ignore_ascii_case(key))
            .map(|k| k.source);
        if source == Some(KeySource::Token) {
            "token"
        } else {
            "request"
        }
    }

    /// The mark of `span`, whether it is the one picked, and the click that toggles it.
    fn toggle(&self, span: oidc_trust::json::Span) -> (bool, Callback<MouseEvent>) {
        let mark = Mark::at(span, self.doc);
        let pressed = self.selected == Some(mark);
        let onselect = self.onselect.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            onselect.emit(if pressed { None } else { Some(mark) });
        });
        (pressed, onclick)
    }
}

fn condition_row(c: &ConditionTrace, at: &TraceContext<'_>) -> Html {
    let (pressed, onclick) = at.toggle(c.span);
    let class = holds_class(c.holds);
    let verdict = match c.holds {
        Some(true) => "✓ holds",
        Some(false) => "✗ fails",
        None => "? not evaluated",
    };
    html! {
        <li class={classes!("check", "condition", class, pressed.then_some("selected"))}>
            <button type="button" class="locate" aria-pressed={pressed.to_string()} {onclick}
                title="Mark this condition in the policy text">
                <span class="badge">{ verdict }</span>
                <code class="op">{ c.operator.clone() }</code>
                <code class="key">{ c.key.clone() }</code>
                <span class="where">{ format!("line {}", c.span.line) }</span>
            </button>
            <div class="cond-body">
                <div class="kv"><span class="k">{ "policy" }</span>{ values_list(&c.values) }</div>
                <div class="kv"><span class="k">{ at.values_label(&c.key) }</span>
                    { match &c.request_values {
                        Some(v) if !v.is_empty() => values_list(v),
                        _ if c.outcome == OutcomeKind::KeyUnknown => html! { <em>{ "(not given)" }</em> },
                        _ => html! { <em>{ "(absent)" }</em> },
                    } }
                </div>
                <p class="explanation">
                    <span class="outcome">{ outcome_name(c.outcome) }</span>{ ": " }
                    { super::ticked(&c.explanation) }
                </p>
                if let Some(nm) = &c.near_miss { { near_miss_view(nm) } }
            </div>
        </li>
    }
}

fn statement_view(s: &StatementTrace, at: &TraceContext<'_>) -> Html {
    let (pressed, onclick) = at.toggle(s.span);
    let (applies_class, applies) = match s.applies {
        Applies::Yes => ("ok", "applies"),
        Applies::No => ("fail", "does not apply"),
        Applies::Unknown => ("unknown", "undecided"),
    };
    let effect = match s.effect {
        Some(Effect::Allow) => "Allow",
        Some(Effect::Deny) => "Deny",
        None => "no Effect",
    };
    let name = match &s.sid {
        Some(sid) => format!("Statement {} · {sid}", s.index),
        None => format!("Statement {}", s.index),
    };
    html! {
        <article class={classes!("statement", applies_class)} data-index={s.index.to_string()}>
            <button type="button" class="locate statement-head" aria-pressed={pressed.to_string()} {onclick}
                title="Mark this statement in the policy text">
                <span class="statement-name">{ name }</span>
                <span class={classes!("effect", effect.to_lowercase())}>{ effect }</span>
                <span class="badge">{ applies }</span>
            </button>
            if let Some(why) = &s.invalid {
                <p class="invalid">{ "Void: " }{ super::ticked(why) }</p>
            }
            <ul class="checks">
                { match_row("Principal", &s.principal) }
                { match_row("Action", &s.action) }
                if let Some(r) = &s.resource { { resource_row(r) } }
                { for s.conditions.iter().map(|c| condition_row(c, at)) }
            </ul>
            if s.conditions.is_empty() && at.doc == Doc::Policy && s.effect == Some(Effect::Allow) {
                <p class="hint">{ "No conditions: anyone the provider issues a token to gets in." }</p>
            }
        </article>
    }
}

fn decision_text(d: Decision, doc: Doc) -> &'static str {
    match (d, doc) {
        // An RCP's allow is RCPFullAWSAccess's: no statement of this one denies.
        (Decision::Allow, Doc::Rcp(_)) => "not denied",
        (Decision::Allow, Doc::Policy | Doc::Config(_)) => "allowed",
        (Decision::ExplicitDeny, _) => "explicitly denied",
        (Decision::ImplicitDeny, _) => "not allowed (implicit deny)",
    }
}

/// One policy's evaluation of one action: the decision, then its first `limit` statements.
/// Selecting a statement or condition picks its place in `at.doc`.
pub fn policy_trace(t: &PolicyTrace, at: &TraceContext<'_>, limit: usize) -> Html {
    let doc = at.doc;
    html! {
        <div class="trace-action">
            <p class="trace-decision"><code>{ t.action.clone() }</code>{ " is " }
                <strong>{ decision_text(t.decision, doc) }</strong>
                if !t.complete { { " (some parts could not be evaluated)" } }
            </p>
            { for t.statements.iter().take(limit).map(|s| statement_view(s, at)) }
        </div>
    }
}

/// The trace of every statement and condition.
#[component]
pub fn TraceView(props: &TraceViewProps) -> Html {
    let show_all = use_state(|| false);
    let limit = if *show_all { usize::MAX } else { SHOWN };
    let total = props.trace.as_ref().map_or(0, |t| t.statements.len());
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    let at = TraceContext {
        doc: Doc::Policy,
        selected: props.selected,
        onselect: &props.onselect,
        keys: &props.keys,
    };
    html! {
        <section class="card trace" id="trace" aria-labelledby="trace-title">
            <h2 id="trace-title">{ "Trust policy, statement by statement" }</h2>
            { match &props.trace {
                Some(t) => html! {
                    <>
                    <p class="hint">{ "Select a statement or condition to mark it in the policy." }</p>
                    { policy_trace(t, &at, limit) }
                    if total > limit {
                        <button type="button" class="copy more" onclick={more.clone()}>
                            { format!("Show all {total} statements") }
                        </button>
                    }
                    </>
                },
                None => html! { <p class="hint">{ props.why_none.clone() }</p> },
            } }
            if let Some(t) = &props.tag_session {
                <h3>{ "Session tags" }</h3>
                <p class="hint">{ "The token carries session tags, so AWS also evaluates sts:TagSession." }</p>
                { policy_trace(t, &at, limit) }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_after_characters() {
        assert_eq!(split_chars("abc", 1), ("a", "bc"));
        assert_eq!(split_chars("abc", 0), ("", "abc"));
        assert_eq!(split_chars("abc", 9), ("abc", ""));
        assert_eq!(split_chars("éàb", 2), ("éà", "b"));
    }
}
