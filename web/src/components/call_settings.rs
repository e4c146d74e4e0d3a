//! The call, the role, the caller and the organization: the parts of the request besides
//! the token, the policy and the provider, in a section closed by default. Every field is
//! optional; a blank one is "not given".

use yew::prelude::*;

use super::inputs::on_input;
use super::ticked;
use crate::call::field_error;
use crate::inputs::{CallField, CallInputs};

/// How a field is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FieldSpec {
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    hint: &'static str,
    /// A number (a numeric keyboard on phones).
    numeric: bool,
    /// Several lines (a textarea).
    lines: bool,
}

const fn text(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    hint: &'static str,
) -> FieldSpec {
    FieldSpec {
        id,
        label,
        placeholder,
        hint,
        numeric: false,
        lines: false,
    }
}

fn spec(field: CallField) -> FieldSpec {
    match field {
        CallField::RoleArn => text(
            "role-arn",
            "Role ARN",
            "arn:aws:iam::123456789012:role/deploy",
            "`RoleArn`: an IAM role ARN of 20 to 2048 characters; its account is the role's.",
        ),
        CallField::SessionName => text(
            "session-name",
            "Role session name",
            "GitHubActions",
            "`RoleSessionName` (the `sts:RoleSessionName` key): 2 to 64 letters, digits and `_+=,.@-`.",
        ),
        CallField::Duration => FieldSpec {
            numeric: true,
            ..text(
                "duration",
                "Duration seconds",
                "3600",
                "`DurationSeconds`: 900 to 43200, and at most the role's maximum.",
            )
        },
        CallField::MaxSession => FieldSpec {
            numeric: true,
            ..text(
                "max-session",
                "Role's maximum session (seconds)",
                "3600 (IAM's default)",
                "The role's `MaxSessionDuration`, which `DurationSeconds` may not exceed.",
            )
        },
        CallField::RoleTags => FieldSpec {
            lines: true,
            ..text(
                "role-tags",
                "Role tags",
                "team=platform",
                "One `key=value` a line: the `aws:ResourceTag/...` keys RCPs test. Empty: unknown, so conditions on them are undecided.",
            )
        },
        CallField::SourceIp => text(
            "source-ip",
            "Caller's IP address",
            "203.0.113.7",
            "`aws:SourceIp`, or `aws:VpcSourceIp` through a VPC endpoint. Empty: unknown.",
        ),
        CallField::Region => text(
            "region",
            "Region of the STS endpoint",
            "us-east-1 (assumed)",
            "`aws:RequestedRegion`. Empty: the global endpoint's `us-east-1` is assumed.",
        ),
        CallField::Vpce => text(
            "vpce",
            "STS VPC endpoint (optional)",
            "vpce-0a1b2c3d4e5f67890",
            "`aws:SourceVpce`. Empty: the call comes over the internet.",
        ),
    }
}

/// The fieldsets, in order, with their fields.
const GROUPS: [(&str, &[CallField]); 3] = [
    (
        "The call",
        &[
            CallField::RoleArn,
            CallField::SessionName,
            CallField::Duration,
        ],
    ),
    ("The role", &[CallField::MaxSession, CallField::RoleTags]),
    (
        "The caller",
        &[CallField::SourceIp, CallField::Region, CallField::Vpce],
    ),
];

/// Props of [`CallSettings`].
#[derive(Debug, Properties, PartialEq)]
pub struct CallSettingsProps {
    /// What is typed.
    pub call: CallInputs,
    /// Whether the section is open.
    pub open: bool,
    /// A field changed.
    pub onfield: Callback<(CallField, String)>,
    /// The management-account box changed.
    pub onmanagement: Callback<bool>,
    /// The section was opened or closed.
    pub ontoggle: Callback<bool>,
    /// The RCP editors, for the organization's fieldset.
    #[prop_or_default]
    pub children: Html,
}

fn field_view(
    field: CallField,
    call: &CallInputs,
    onfield: &Callback<(CallField, String)>,
) -> Html {
    let s = spec(field);
    let error = field_error(call, field);
    let hint_id = format!("{}-hint", s.id);
    let error_id = format!("{}-error", s.id);
    let described = if error.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        hint_id.clone()
    };
    let oninput = on_input(onfield.reform(move |v: String| (field, v)));
    let value = call.field(field).to_owned();
    let invalid = error.is_some().then_some("true");
    html! {
        <div class={classes!("field", s.lines.then_some("wide"))}>
            <label for={s.id}>{ s.label }</label>
            if s.lines {
                <textarea id={s.id} class="code tags" rows="3" spellcheck="false" autocomplete="off"
                    autocapitalize="off" placeholder={s.placeholder} aria-describedby={described}
                    aria-invalid={invalid} {value} {oninput} />
            } else {
                <input id={s.id} type="text" spellcheck="false" autocomplete="off" autocapitalize="off"
                    inputmode={s.numeric.then_some("numeric")} placeholder={s.placeholder}
                    aria-describedby={described} aria-invalid={invalid} {value} {oninput} />
            }
            if let Some(e) = error {
                <p class="field-error" id={error_id}>{ ticked(&format!("{}: {e}; it is left out until it can be read.", s.label)) }</p>
            }
            <p class="hint" id={hint_id}>{ ticked(s.hint) }</p>
        </div>
    }
}

/// What the closed section holds, in a few words.
fn status(call: &CallInputs) -> String {
    let typed = CallField::ALL
        .iter()
        .filter(|f| !call.field(**f).trim().is_empty())
        .count();
    let rcps = crate::call::sent_rcps(call).count();
    let broken = CallField::ALL
        .iter()
        .filter(|f| field_error(call, **f).is_some())
        .count();
    let mut parts = Vec::new();
    if typed > 0 {
        parts.push(format!(
            "{typed} field{} given",
            if typed == 1 { "" } else { "s" }
        ));
    }
    if rcps > 0 {
        parts.push(format!("{rcps} RCP{}", if rcps == 1 { "" } else { "s" }));
    }
    if call.management_account {
        parts.push("management account".to_owned());
    }
    if broken > 0 {
        parts.push(format!("{broken} cannot be read"));
    }
    if parts.is_empty() {
        "nothing given: those checks are not made".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The section: the call's parameters, the role, the caller, and the organization.
#[component]
pub fn CallSettings(props: &CallSettingsProps) -> Html {
    let ontoggle = {
        let cb = props.ontoggle.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target_dyn_into::<web_sys::HtmlDetailsElement>() {
                cb.emit(d.open());
            }
        })
    };
    let onmanagement = {
        let cb = props.onmanagement.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                cb.emit(i.checked());
            }
        })
    };
    html! {
        <details class="card context" id="context" open={props.open} {ontoggle}>
            <summary>
                <span class="context-title">{ "Call, caller and organization" }</span>
                <span class="context-status" id="context-status">{ status(&props.call) }</span>
            </summary>
            <p class="hint">{ "Optional: what else AWS sees. An empty field is not given: its check is listed as not made, its key as unknown." }</p>
            { for GROUPS.iter().map(|(legend, fields)| html! {
                <fieldset class="context-group">
                    <legend>{ *legend }</legend>
                    { for fields.iter().map(|f| field_view(*f, &props.call, &props.onfield)) }
                </fieldset>
            }) }
            <fieldset class="context-group organization">
                <legend>{ "The organization" }</legend>
                <label class="check-line" for="management-account">
                    <input type="checkbox" id="management-account" checked={props.call.management_account} onchange={onmanagement} />
                    <span>{ "The role is in the management account" }<span class="hint">{ " (RCPs do not apply there)" }</span></span>
                </label>
                { props.children.clone() }
            </fieldset>
        </details>
    }
}
