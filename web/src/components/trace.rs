//! The trust-policy trace: every statement and condition, what it checked, and how it went.
//! Clicking one marks its place in the policy text.

use oidc_trust::api::{ConditionTrace, MatchTrace, NearMiss, PolicyTrace, StatementTrace};
use oidc_trust::aws::eval::{Applies, Decision};
use oidc_trust::aws::policy::Effect;
use oidc_trust::explain::aws::outcome_name;
use yew::prelude::*;

use crate::state::Mark;

/// Statements shown before a "show all" button (large policies stay responsive).
pub const SHOWN: usize = 40;

/// Props of [`TraceView`].
#[derive(Debug, Properties, PartialEq)]
pub struct TraceViewProps {
    /// The evaluation of `sts:AssumeRoleWithWebIdentity`, if the policy was consulted.
    pub trace: Option<PolicyTrace>,
    /// The `sts:TagSession` evaluation, if any.
    pub tag_session: Option<PolicyTrace>,
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
                <span class="nm-label">{ "token" }</span>
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

fn condition_row(
    c: &ConditionTrace,
    selected: Option<Mark>,
    onselect: &Callback<Option<Mark>>,
) -> Html {
    let mark = Mark::from(c.span);
    let pressed = selected == Some(mark);
    let onclick = {
        let onselect = onselect.clone();
        Callback::from(move |_: MouseEvent| onselect.emit(if pressed { None } else { Some(mark) }))
    };
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
                <div class="kv"><span class="k">{ "token" }</span>
                    { match &c.request_values {
                        Some(v) if !v.is_empty() => values_list(v),
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

fn statement_view(
    s: &StatementTrace,
    selected: Option<Mark>,
    onselect: &Callback<Option<Mark>>,
) -> Html {
    let mark = Mark::from(s.span);
    let pressed = selected == Some(mark);
    let onclick = {
        let onselect = onselect.clone();
        Callback::from(move |_: MouseEvent| onselect.emit(if pressed { None } else { Some(mark) }))
    };
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
                { for s.conditions.iter().map(|c| condition_row(c, selected, onselect)) }
            </ul>
            if s.conditions.is_empty() {
                <p class="hint">{ "No conditions: anyone the provider issues a token to gets in." }</p>
            }
        </article>
    }
}

fn decision_text(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "allowed",
        Decision::ExplicitDeny => "explicitly denied",
        Decision::ImplicitDeny => "not allowed (implicit deny)",
    }
}

fn trace_view(
    t: &PolicyTrace,
    selected: Option<Mark>,
    onselect: &Callback<Option<Mark>>,
    limit: usize,
) -> Html {
    html! {
        <div class="trace-action">
            <p class="trace-decision"><code>{ t.action.clone() }</code>{ " is " }
                <strong>{ decision_text(t.decision) }</strong>
                if !t.complete { { " (some parts could not be evaluated)" } }
            </p>
            { for t.statements.iter().take(limit).map(|s| statement_view(s, selected, onselect)) }
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
    html! {
        <section class="card trace" id="trace" aria-labelledby="trace-title">
            <h2 id="trace-title">{ "Trust policy, statement by statement" }</h2>
            { match &props.trace {
                Some(t) => html! {
                    <>
                    <p class="hint">{ "Select a statement or condition to mark it in the policy." }</p>
                    { trace_view(t, props.selected, &props.onselect, limit) }
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
                { trace_view(t, props.selected, &props.onselect, limit) }
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
