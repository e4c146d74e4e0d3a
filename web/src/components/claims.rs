//! The decoded header and claims, with times as dates, and (for AWS) the condition keys AWS
//! derives.

use std::rc::Rc;

use oidc_trust::Analysis;
use oidc_trust::api::{AnyAnalysis, KeyInfo, KeySource};
use oidc_trust::token::TokenFormat;
use serde_json::Value;
use yew::prelude::*;

use super::lazy_details::LazyDetails;
use crate::state::sub_info;
use crate::time;

/// Props of [`ClaimsTable`].
#[derive(Debug, Properties, PartialEq)]
pub struct ClaimsTableProps {
    /// AWS's answer, when the target is AWS (with the condition keys it puts in the
    /// request).
    pub aws: Option<Rc<Analysis>>,
    /// Another target's answer.
    pub other: Option<Rc<AnyAnalysis>>,
    /// The evaluation time.
    pub now: i64,
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn claim_value(name: &str, v: &Value, now: i64, iss: Option<&str>) -> Html {
    let is_time = matches!(name, "exp" | "iat" | "nbf" | "auth_time");
    if let (true, Some(t)) = (is_time, v.as_i64()) {
        html! {
            <>
                <code>{ t.to_string() }</code>
                <span class="date"><time datetime={time::iso(t)}>{ time::utc(t) }</time></span>
                <span class="relative">{ format!("{} the evaluation time", time::relative(t, now)) }</span>
            </>
        }
    } else {
        let info = if name == "sub" {
            v.as_str().and_then(|s| sub_info(iss, s))
        } else {
            None
        };
        html! {
            <>
                <code class="claim-value">{ plain(v) }</code>
                if let Some(info) = info {
                    <p class="sub-form">
                        { format!("{} subject, {} form", info.platform, info.form) }
                        if info.immutable { { ", immutable ids" } }
                    </p>
                    <dl class="sub-fields">
                        { for info.fields.iter().map(|f| html! {
                            <><dt>{ f.name.clone() }</dt><dd><code>{ f.value.clone() }</code></dd></>
                        }) }
                    </dl>
                }
            </>
        }
    }
}

/// Where a key's value comes from, in a word (the badge), and what its absence means.
fn source_words(s: KeySource) -> (&'static str, &'static str) {
    match s {
        KeySource::Token => ("token", "absent: the token has no such claim"),
        KeySource::Call => ("call", "absent"),
        KeySource::Caller => ("caller", "absent"),
        KeySource::Clock => ("clock", "absent"),
        KeySource::Assumed => ("assumed", "absent"),
        KeySource::Unknown => ("unknown", "not given"),
    }
}

fn keys_table(keys: &[KeyInfo]) -> Html {
    html! {
        <>
        <p class="hint keys-legend">
            <strong>{ "unknown" }</strong>{ ": not given, and not knowable offline, so a condition on it is undecided. " }
            <strong>{ "assumed" }</strong>{ ": not given, so a direct HTTPS call over the internet to the global endpoint is assumed. The session name, the role's tags and the caller's address, region and VPC endpoint can be given under “Call, caller and organization”." }
        </p>
        <table class="kv-table keys-table">
            <thead>
                <tr><th scope="col">{ "key" }</th><th scope="col">{ "value" }</th><th scope="col">{ "from" }</th></tr>
            </thead>
            <tbody>
                { for keys.iter().map(|k| {
                    let (word, absent) = source_words(k.source);
                    let class = match k.source {
                        KeySource::Assumed => Some("assumed"),
                        KeySource::Unknown => Some("unknown"),
                        KeySource::Token | KeySource::Call | KeySource::Caller | KeySource::Clock => None,
                    };
                    html! {
                        <tr class={classes!(class)} data-source={word}>
                            <th scope="row"><code>{ k.key.clone() }</code></th>
                            <td>{ match &k.values {
                                Some(v) => html! { <code>{ v.join(", ") }</code> },
                                None => html! { <em>{ absent }</em> },
                            } }</td>
                            <td><span class="badge source">{ word }</span></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        </>
    }
}

/// The header, the claims and the condition keys.
#[component]
pub fn ClaimsTable(props: &ClaimsTableProps) -> Html {
    let (token, claims) = crate::targets::decoded(props.aws.as_deref(), props.other.as_deref());
    let for_aws = props.aws.is_some();
    let Some(claims) = claims else {
        return html! {
            <section class="card claims" id="claims" aria-labelledby="claims-title">
                <h2 id="claims-title">{ "Token" }</h2>
                <p class="hint">{ "The token could not be decoded, so there are no claims to show." }</p>
            </section>
        };
    };
    let iss = claims.get("iss").and_then(Value::as_str);
    let header = token.map(|t| {
        let signature = match (t.format, t.signed) {
            (TokenFormat::Claims, _) => "none (claims were pasted)",
            (_, true) => "present (not verified)",
            (_, false) => "empty (unsigned)",
        };
        let alg = match (&t.alg, t.algorithm_accepted) {
            (Some(a), Some(false)) if for_aws => {
                format!("{a} (AWS does not accept it)")
            }
            (Some(a), _) => a.clone(),
            (None, _) => "—".to_owned(),
        };
        html! {
            <table class="kv-table header-table">
                <caption>{ "Header" }</caption>
                <tbody>
                    <tr><th scope="row">{ "alg" }</th><td><code>{ alg }</code></td></tr>
                    if let Some(typ) = &t.typ { <tr><th scope="row">{ "typ" }</th><td><code>{ typ.clone() }</code></td></tr> }
                    if let Some(kid) = &t.kid { <tr><th scope="row">{ "kid" }</th><td><code>{ kid.clone() }</code></td></tr> }
                    <tr><th scope="row">{ "signature" }</th><td>{ signature }</td></tr>
                </tbody>
            </table>
        }
    });
    html! {
        <section class="card claims" id="claims" aria-labelledby="claims-title">
            <h2 id="claims-title">{ "Token" }</h2>
            { header.unwrap_or_default() }
            <table class="kv-table claims-table">
                <caption>{ format!("Claims ({})", claims.len()) }</caption>
                <tbody>
                    { for claims.iter().map(|(k, v)| html! {
                        <tr data-claim={k.to_owned()}>
                            <th scope="row"><code>{ k.to_owned() }</code></th>
                            <td>{ claim_value(k, v, props.now, iss) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if let Some(a) = props.aws.clone().filter(|a| !a.condition_keys.is_empty()) {
                <LazyDetails class="keys"
                    summary={format!("Condition keys AWS puts in the request ({})", a.condition_keys.len())}
                    content={Callback::from(move |()| keys_table(&a.condition_keys))} />
            }
        </section>
    }
}
