//! The page state and everything derived from it, as pure functions with native tests.
//!
//! [`Inputs`] is what the person typed (kept on every keystroke); [`request`] turns inputs
//! and the clock into the core's [`Request`]. The provider settings fall back to what the
//! token says, and the evaluation time to the token's `iat`. [`State`] is the reducer the
//! page runs on: the inputs, the generator's scope, and a typed [`Notice`] when something
//! went wrong.

use std::rc::Rc;

use oidc_trust::api::{ProviderConfig, Request};
use yew::Reducible;

use crate::examples;
use crate::inputs::{Inputs, TimeMode};
use crate::mint::MintForm;

/// A place in the policy text to mark: byte offsets, as the core reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
}

impl From<oidc_trust::json::Span> for Mark {
    fn from(s: oidc_trust::json::Span) -> Self {
        Mark {
            start: s.start,
            end: s.end,
            line: s.line,
        }
    }
}

/// What a notice is about, so that it can be cleared when its cause goes away (never by
/// reading its words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Saving the inputs failed; the next successful save clears it.
    SaveFailed,
    /// Anything else (a link, the saved inputs, an example, the generator): it stays until
    /// it is dismissed or replaced.
    Other,
}

/// A message above the page about something that went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What it is about.
    pub kind: NoticeKind,
    /// The sentence shown.
    pub text: String,
}

impl Notice {
    /// A notice of this kind.
    pub fn new(kind: NoticeKind, text: impl Into<String>) -> Self {
        Notice {
            kind,
            text: text.into(),
        }
    }
}

/// One entry of the generator's scope menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeChoice {
    /// The core's scope.
    pub scope: Scope,
    /// The `<option>` value.
    pub value: &'static str,
    /// The words shown.
    pub label: &'static str,
    /// Offered only when the token has an `environment` claim.
    pub needs_environment: bool,
}

/// The scopes the page offers for a written policy, in menu order.
pub const SCOPE_CHOICES: [ScopeChoice; 3] = [
    ScopeChoice {
        scope: Scope::ThisRef,
        value: "thisRef",
        label: "exactly this ref or environment",
        needs_environment: false,
    },
    ScopeChoice {
        scope: Scope::Environment,
        value: "environment",
        label: "this environment",
        needs_environment: true,
    },
    ScopeChoice {
        scope: Scope::Repository,
        value: "repository",
        label: "the whole repository",
        needs_environment: false,
    },
];

/// The menu entry with this `<option>` value.
pub fn scope_choice(value: &str) -> Option<ScopeChoice> {
    SCOPE_CHOICES.into_iter().find(|c| c.value == value)
}

/// The scope the generator runs with: the picked one, or exactly this ref when the picked
/// one is not offered for this token (an environment scope without an `environment` claim).
pub fn offered_scope(scope: Scope, has_environment: bool) -> Scope {
    match SCOPE_CHOICES.into_iter().find(|c| c.scope == scope) {
        Some(c) if has_environment || !c.needs_environment => scope,
        _ => Scope::ThisRef,
    }
}

/// The page state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// The inputs, updated on every keystroke.
    pub inputs: Inputs,
    /// The policy place picked in the trace.
    pub selected: Option<Mark>,
    /// Whether share links include the token (without signature).
    pub share_token: bool,
    /// What a written policy trusts.
    pub scope: Scope,
    /// A message about loading a link, using storage or writing a policy, if something went
    /// wrong.
    pub notice: Option<Notice>,
    /// A note on the policy the generator wrote, until it is edited.
    pub note: Option<String>,
    /// The "generate a token" control's form.
    pub mint: MintForm,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The token box changed.
    SetToken(String),
    /// The policy editor changed.
    SetPolicy(String),
    /// The issuer URL changed.
    SetIssuer(String),
    /// The client-id list changed.
    SetClientIds(String),
    /// The account changed.
    SetAccount(String),
    /// The time mode changed.
    SetTime(TimeMode),
    /// The typed time changed.
    SetAt(String),
    /// Load an example by id.
    LoadExample(String),
    /// A share link was opened: its inputs, or why it cannot be read. A link without a
    /// token uses the token of the example it names, else keeps the token on screen.
    OpenLink(Result<Inputs, String>),
    /// Mark a place in the policy (or clear the mark).
    Select(Option<Mark>),
    /// Include the token in share links.
    ShareToken(bool),
    /// The generator's scope menu changed.
    SetScope(Scope),
    /// Write a policy for the token with the core's generator (see [`generate`]) and put
    /// it in the editor, with a note on it.
    Generate {
        /// The clock (seconds since the epoch), for the evaluation time.
        clock: i64,
        /// The account the current policy names, used when none is typed.
        known_account: Option<String>,
        /// Whether the token has an `environment` claim (see [`offered_scope`]).
        has_environment: bool,
    },
    /// The "generate a token" form changed.
    SetMint(MintForm),
    /// Put a token from the form into the token box (see [`MintForm::mint`]), issued at
    /// `clock` (seconds since the epoch).
    Mint {
        /// The clock.
        clock: i64,
    },
    /// The inputs were saved, or saving failed with this sentence.
    Saved(Result<(), String>),
    /// Clear the notice.
    Dismiss,
}

impl State {
    /// The state for these inputs.
    pub fn with(inputs: Inputs) -> Self {
        State {
            inputs,
            ..State::default()
        }
    }

    /// Where the page starts: the share link it was opened with, else the saved inputs,
    /// else the first example. `saved` is what storage holds (or why it cannot be read);
    /// `link` is the link's inputs (or why it cannot be read), `None` without a link.
    pub fn initial(
        saved: Result<Option<Inputs>, String>,
        link: Option<Result<Inputs, String>>,
    ) -> Self {
        let example = || State::with(examples::first().inputs());
        let start = match saved {
            Ok(Some(inputs)) => State::with(inputs),
            Ok(None) => example(),
            Err(e) => State {
                notice: Some(Notice::new(NoticeKind::Other, e)),
                ..example()
            },
        };
        match link {
            Some(link) => start.apply(Action::OpenLink(link)),
            None => start,
        }
    }

    /// Applies an action.
    #[must_use]
    pub fn apply(&self, action: Action) -> Self {
        let mut s = self.clone();
        let edited = |s: &mut State| s.inputs.example.clear();
        let other = |text: String| Some(Notice::new(NoticeKind::Other, text));
        match action {
            Action::SetToken(t) => {
                s.inputs.token = t;
                edited(&mut s);
            }
            Action::SetPolicy(p) => {
                s.inputs.policy = p;
                s.selected = None;
                s.note = None;
                edited(&mut s);
            }
            Action::SetIssuer(v) => {
                s.inputs.issuer = v;
                edited(&mut s);
            }
            Action::SetClientIds(v) => {
                s.inputs.client_ids = v;
                edited(&mut s);
            }
            Action::SetAccount(v) => {
                s.inputs.account = v;
                edited(&mut s);
            }
            Action::SetTime(m) => {
                if m == TimeMode::At && s.inputs.at.trim().is_empty() {
                    // Start from the time used so far, so the box is never empty.
                    s.inputs.at = token_iat(&s.inputs.token)
                        .map(crate::time::iso)
                        .unwrap_or_default();
                }
                s.inputs.time = m;
            }
            Action::SetAt(v) => s.inputs.at = v,
            Action::LoadExample(id) => match examples::find(&id) {
                Some(e) => {
                    s.inputs = e.inputs();
                    s.selected = None;
                    s.notice = None;
                    s.note = None;
                }
                None => s.notice = other(format!("there is no example `{id}`")),
            },
            Action::OpenLink(Err(e)) => s.notice = other(e),
            Action::OpenLink(Ok(mut inputs)) => {
                s.notice = None;
                s.note = None;
                if inputs.token.is_empty() {
                    match examples::find(&inputs.example) {
                        Some(e) => inputs.token = e.token,
                        None if !s.inputs.token.trim().is_empty() => {
                            inputs.token.clone_from(&s.inputs.token);
                            s.notice = other(
                                "The link has no token, so the token that was on screen is kept."
                                    .to_owned(),
                            );
                        }
                        None => {}
                    }
                }
                s.inputs = inputs;
                s.selected = None;
            }
            Action::Select(m) => s.selected = m,
            Action::ShareToken(b) => s.share_token = b,
            Action::SetScope(scope) => s.scope = scope,
            Action::Generate {
                clock,
                known_account,
                has_environment,
            } => {
                let eff = effective(&s.inputs, clock);
                let scope = offered_scope(s.scope, has_environment);
                match generate(&s.inputs, &eff, scope, known_account.as_deref()) {
                    Ok((policy, note)) => {
                        s.inputs.policy = policy;
                        s.selected = None;
                        s.note = Some(note);
                        edited(&mut s);
                    }
                    Err(e) => s.notice = other(e),
                }
            }
            Action::SetMint(form) => s.mint = form,
            Action::Mint { clock } => match s.mint.mint(clock) {
                Ok(token) => {
                    token.jwt().clone_into(&mut s.inputs.token);
                    s.notice = None;
                    edited(&mut s);
                }
                Err(e) => s.notice = other(e),
            },
            Action::Saved(Ok(())) => {
                if s.notice
                    .as_ref()
                    .is_some_and(|n| n.kind == NoticeKind::SaveFailed)
                {
                    s.notice = None;
                }
            }
            Action::Saved(Err(e)) => s.notice = Some(Notice::new(NoticeKind::SaveFailed, e)),
            Action::Dismiss => s.notice = None,
        }
        s
    }
}

/// Why the trace is empty: nothing when accepted, else that there is no policy yet or that
/// AWS stopped before it.
pub fn why_no_trace(accepted: bool, policy: &str) -> &'static str {
    if accepted {
        ""
    } else if policy.trim().is_empty() {
        "No trust policy yet: paste one into the editor."
    } else {
        "AWS stopped before consulting the trust policy (see the verdict), so no statement was evaluated."
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The claims of the token text, if it decodes.
pub fn token_claims(token: &str) -> Option<oidc_trust::Claims> {
    oidc_trust::decode(token.trim()).ok().map(|t| t.claims)
}

fn token_iat(token: &str) -> Option<i64> {
    token_claims(token)?
        .get("iat")
        .and_then(serde_json::Value::as_i64)
}

/// Where a derived setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Typed by the person.
    Typed,
    /// Taken from the token.
    Token,
    /// A default for this kind of issuer.
    Default,
    /// Nothing to go on.
    Missing,
}

/// The settings the analysis actually runs with, and where each came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    /// The provider URL.
    pub issuer: String,
    /// Where it came from.
    pub issuer_source: Source,
    /// The client ids.
    pub client_ids: Vec<String>,
    /// Where they came from.
    pub client_ids_source: Source,
    /// The evaluation time.
    pub now: i64,
    /// Where it came from (`Token` = the token's `iat`, `Default` = the clock).
    pub now_source: Source,
}

/// Splits a client-id list on commas, spaces and new lines.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n', ' ', '\t', '\r'])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The settings for these inputs at clock time `clock` (seconds since the epoch).
pub fn effective(inputs: &Inputs, clock: i64) -> Effective {
    let claims = token_claims(&inputs.token);
    let (issuer, issuer_source) = match inputs.issuer.trim() {
        "" => match claims.as_ref().and_then(|c| c.issuer()) {
            Some(iss) => (iss.to_owned(), Source::Token),
            None => (String::new(), Source::Missing),
        },
        typed => (typed.to_owned(), Source::Typed),
    };
    let typed_ids = split_list(&inputs.client_ids);
    let (client_ids, client_ids_source) = if typed_ids.is_empty() {
        let (ids, _) = oidc_trust::aws::request::assumed_client_ids(&issuer, claims.as_ref());
        let src = if ids.is_empty() {
            Source::Missing
        } else {
            Source::Default
        };
        (ids, src)
    } else {
        (typed_ids, Source::Typed)
    };
    let iat = claims
        .as_ref()
        .and_then(|c| c.get("iat"))
        .and_then(serde_json::Value::as_i64);
    let (now, now_source) = match (inputs.time, iat) {
        (TimeMode::Iat, Some(t)) => (t, Source::Token),
        (TimeMode::At, _) => match crate::time::parse(&inputs.at) {
            Some(t) => (t, Source::Typed),
            None => (clock, Source::Default),
        },
        _ => (clock, Source::Default),
    };
    Effective {
        issuer,
        issuer_source,
        client_ids,
        client_ids_source,
        now,
        now_source,
    }
}

/// The core request for these inputs.
pub fn request(inputs: &Inputs, eff: &Effective) -> Request {
    let providers = if eff.issuer.is_empty() {
        Vec::new()
    } else {
        vec![ProviderConfig {
            url: eff.issuer.clone(),
            client_ids: eff.client_ids.clone(),
            arn: None,
        }]
    };
    let mut r = Request::new(inputs.token.trim(), &inputs.policy, providers, eff.now);
    let account = inputs.account.trim();
    if !account.is_empty() {
        r.account = Some(account.to_owned());
    }
    if inputs.policy.trim().is_empty() {
        r.policy = None;
    }
    r
}

/// Analyses the inputs at clock time `clock`.
pub fn analyze(inputs: &Inputs, clock: i64) -> (Effective, oidc_trust::Analysis) {
    let eff = effective(inputs, clock);
    let analysis = oidc_trust::api::analyze(&request(inputs, &eff));
    (eff, analysis)
}

/// One field of a structured `sub`, for the claims table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubField {
    /// The field name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// A `sub` as the core reads it for its platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubInfo {
    /// The platform, for people (`GitHub Actions`).
    pub platform: &'static str,
    /// The form, in words (`branch`, `pull request`, `service account`...).
    pub form: &'static str,
    /// Whether it names its repository or project by immutable ids.
    pub immutable: bool,
    /// The fields, in order.
    pub fields: Vec<SubField>,
}

/// The fields of a `sub`, parsed by the core's platform rules for the issuer `iss`.
/// `None` when the issuer's format is unknown or the `sub` does not follow it.
pub fn sub_info(iss: Option<&str>, sub: &str) -> Option<SubInfo> {
    use oidc_trust::providers::{self, Platform};
    let issuer = providers::recognise(iss.unwrap_or_default(), Some(sub));
    if issuer.platform == Platform::Generic {
        return None;
    }
    let s = providers::parse_subject(issuer.platform, sub).ok()?;
    if s.fields.is_empty() {
        return None;
    }
    Some(SubInfo {
        platform: issuer.platform.name(),
        form: s.form.name(),
        immutable: s.immutable,
        fields: s
            .fields
            .into_iter()
            .map(|f| SubField {
                name: f.name.to_owned(),
                value: f.value.to_owned(),
            })
            .collect(),
    })
}

/// How much of the token's context a generated policy trusts.
pub use oidc_trust::api::Scope;

/// Writes the least-privilege trust policy for the token with the core's generator, for
/// the typed account, else `known_account` (the one the current policy names).
/// Returns the policy text and a note on what was written.
pub fn generate(
    inputs: &Inputs,
    eff: &Effective,
    scope: Scope,
    known_account: Option<&str>,
) -> Result<(String, String), String> {
    let account = match inputs.account.trim() {
        "" => known_account.filter(|a| !a.is_empty() && *a != "<account>"),
        typed => Some(typed),
    };
    let request = oidc_trust::GenerateRequest {
        token: Some(inputs.token.trim().to_owned()),
        scope,
        account: account.map(str::to_owned),
        audience: (eff.client_ids_source == Source::Typed)
            .then(|| eff.client_ids.first().cloned())
            .flatten(),
        ..oidc_trust::GenerateRequest::default()
    };
    let result = oidc_trust::generate_policy(&request);
    let Some(text) = result.policy_text else {
        let why: Vec<String> = result
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        return Err(format!("no policy could be written: {}", why.join("; ")));
    };
    let mut note = match result.verified {
        Some(true) => "Written for this token; it accepts the token.".to_owned(),
        Some(false) => {
            "Written for this token, but it does not accept it; see the verdict.".to_owned()
        }
        None => "Written for this token.".to_owned(),
    };
    for n in &result.notes {
        note.push(' ');
        let mut chars = n.chars();
        if let Some(first) = chars.next() {
            note.extend(first.to_uppercase());
            note.push_str(chars.as_str());
        }
        note.push('.');
    }
    Ok((text, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(token: &str) -> Inputs {
        Inputs {
            token: token.to_owned(),
            policy: "{}".to_owned(),
            ..Inputs::default()
        }
    }

    const GH: &str = r#"{"iss":"https://token.actions.githubusercontent.com","aud":"sts.amazonaws.com","sub":"repo:a/b:ref:refs/heads/main","iat":1000,"exp":1300}"#;
    const GL: &str = r#"{"iss":"https://gitlab.com","aud":["https://gitlab.com","x"],"sub":"project_path:g/p:ref_type:tag:ref:v1","iat":1000,"exp":4600}"#;

    #[test]
    fn provider_settings_fall_back_to_the_token() {
        let e = effective(&inputs(GH), 5);
        assert_eq!(e.issuer, "https://token.actions.githubusercontent.com");
        assert_eq!(e.issuer_source, Source::Token);
        assert_eq!(e.client_ids, ["sts.amazonaws.com"]);
        assert_eq!(e.client_ids_source, Source::Default);
        let e = effective(&inputs(GL), 5);
        assert_eq!(e.client_ids, ["https://gitlab.com", "x"]);
        let typed = Inputs {
            issuer: " https://example.com ".to_owned(),
            client_ids: "a, b\nc".to_owned(),
            ..inputs(GL)
        };
        let e = effective(&typed, 5);
        assert_eq!(e.issuer, "https://example.com");
        assert_eq!(e.issuer_source, Source::Typed);
        assert_eq!(e.client_ids, ["a", "b", "c"]);
        let e = effective(&inputs("garbage"), 5);
        assert_eq!(e.issuer_source, Source::Missing);
        assert_eq!(e.client_ids_source, Source::Missing);
        assert!(request(&inputs("garbage"), &e).providers.is_empty());
    }

    #[test]
    fn evaluation_time_defaults_to_iat_then_the_clock() {
        let mut i = inputs(GH);
        assert_eq!(effective(&i, 5).now, 1000);
        i.time = TimeMode::Now;
        assert_eq!(effective(&i, 5).now, 5);
        i.time = TimeMode::At;
        i.at = "1970-01-01T00:01:40Z".to_owned();
        assert_eq!(effective(&i, 5).now, 100);
        i.at = "nonsense".to_owned();
        assert_eq!(effective(&i, 5).now_source, Source::Default);
        let no_iat = inputs(r#"{"iss":"https://x","aud":"a","sub":"s","exp":1}"#);
        assert_eq!(effective(&no_iat, 7).now, 7);
    }

    #[test]
    fn switching_to_a_typed_time_starts_from_iat() {
        let s = State::with(inputs(GH)).apply(Action::SetTime(TimeMode::At));
        assert_eq!(s.inputs.at, "1970-01-01T00:16:40Z");
        assert_eq!(effective(&s.inputs, 5).now, 1000);
    }

    #[test]
    fn edits_keep_every_keystroke_and_forget_the_example() {
        let mut s = State::default().apply(Action::LoadExample("github-tag-release".to_owned()));
        assert_eq!(s.inputs.example, "github-tag-release");
        s = s.apply(Action::Select(Some(Mark {
            start: 1,
            end: 2,
            line: 1,
        })));
        for c in "abc".chars() {
            let mut p = s.inputs.policy.clone();
            p.push(c);
            s = s.apply(Action::SetPolicy(p));
        }
        assert!(s.inputs.policy.ends_with("abc"));
        assert_eq!(s.inputs.example, "");
        assert_eq!(s.selected, None);
        let s = s.apply(Action::LoadExample("nope".to_owned()));
        assert!(s.notice.is_some());
    }

    #[test]
    fn the_request_carries_the_inputs() {
        let i = Inputs {
            account: "123456789012".to_owned(),
            ..inputs(GH)
        };
        let r = request(&i, &effective(&i, 0));
        assert_eq!(r.account.as_deref(), Some("123456789012"));
        assert_eq!(r.now, 1000);
        assert_eq!(r.providers.len(), 1);
        let empty_policy = Inputs {
            policy: "  ".to_owned(),
            ..inputs(GH)
        };
        assert_eq!(
            request(&empty_policy, &effective(&empty_policy, 0)).policy,
            None
        );
    }

    #[test]
    fn links_without_a_token_keep_one() {
        let on_screen = State::with(inputs(GH));
        let shared = Inputs {
            policy: "{ }".to_owned(),
            ..Inputs::default()
        };
        let s = on_screen.apply(Action::OpenLink(Ok(shared.clone())));
        assert_eq!(
            (s.inputs.token.as_str(), s.inputs.policy.as_str()),
            (GH, "{ }")
        );
        assert!(s.notice.is_some());
        let from_example = Inputs {
            example: "gitlab-tag-pipeline".to_owned(),
            ..shared.clone()
        };
        let s = on_screen.apply(Action::OpenLink(Ok(from_example)));
        assert_eq!(
            s.inputs.token,
            examples::find("gitlab-tag-pipeline").unwrap().token
        );
        let with_token = Inputs {
            token: "a.b.".to_owned(),
            ..shared
        };
        let s = on_screen.apply(Action::OpenLink(Ok(with_token)));
        assert_eq!(s.inputs.token, "a.b.");
        assert_eq!(s.notice, None);
    }

    #[test]
    fn the_page_starts_from_a_link_else_the_saved_inputs_else_the_first_example() {
        let saved = inputs(GH);
        assert_eq!(
            State::initial(Ok(Some(saved.clone())), None),
            State::with(saved.clone())
        );
        let first = State::initial(Ok(None), None);
        assert_eq!(first.inputs.example, "github-tag-release");
        assert_eq!(first.notice, None);
        let unreadable = State::initial(Err("unreadable".to_owned()), None);
        assert_eq!(unreadable.inputs, first.inputs);
        assert_eq!(
            unreadable.notice,
            Some(Notice::new(NoticeKind::Other, "unreadable"))
        );
        let linked = Inputs {
            token: "a.b.".to_owned(),
            policy: "{ }".to_owned(),
            ..Inputs::default()
        };
        let s = State::initial(Err("unreadable".to_owned()), Some(Ok(linked.clone())));
        assert_eq!((s.inputs, s.notice), (linked, None));
        let s = State::initial(Ok(Some(saved.clone())), Some(Err("damaged".to_owned())));
        assert_eq!(s.inputs, saved);
        assert_eq!(s.notice.map(|n| n.text).as_deref(), Some("damaged"));
    }

    #[test]
    fn a_failed_save_clears_on_the_next_good_one_whatever_its_words() {
        let failed = State::default().apply(Action::Saved(Err("no room".to_owned())));
        assert_eq!(
            failed.notice,
            Some(Notice::new(NoticeKind::SaveFailed, "no room"))
        );
        assert_eq!(failed.apply(Action::Saved(Ok(()))).notice, None);
        // Another notice stays, even one that talks about saving.
        let other = State::default().apply(Action::OpenLink(Err("could not save".to_owned())));
        assert_eq!(other.apply(Action::Saved(Ok(()))), other);
        assert_eq!(other.apply(Action::Dismiss).notice, None);
    }

    #[test]
    fn sub_fields_come_from_the_core() {
        let gh = Some("https://token.actions.githubusercontent.com");
        let i = sub_info(gh, "repo:acme/app:ref:refs/heads/main").unwrap();
        assert_eq!(i.platform, "GitHub Actions");
        assert!(!i.immutable);
        assert!(i.fields.iter().any(|f| f.value == "acme"));
        let i = sub_info(gh, "repo:acme@1/app@2:environment:prod").unwrap();
        assert!(i.immutable);
        let eks = Some("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        let i = sub_info(eks, "system:serviceaccount:ns:sa").unwrap();
        assert!(i.fields.iter().any(|f| f.value == "ns"));
        assert_eq!(sub_info(Some("https://example.com"), "user-123"), None);
        assert_eq!(sub_info(None, ""), None);
    }

    #[test]
    fn the_generator_writes_a_policy_that_accepts_the_token() {
        let e = examples::find("gitlab-branch-refused").unwrap();
        let i = e.inputs();
        let eff = effective(&i, 0);
        let (text, note) = generate(&i, &eff, Scope::ThisRef, Some("111122223333")).unwrap();
        assert!(text.contains("arn:aws:iam::111122223333:oidc-provider/gitlab.com"));
        assert!(
            note.starts_with("Written for this token; it accepts"),
            "{note}"
        );
        let s = State::with(i).apply(Action::Generate {
            clock: 0,
            known_account: Some("111122223333".to_owned()),
            has_environment: false,
        });
        assert_eq!(s.inputs.policy, text);
        assert_eq!(s.note.as_deref(), Some(note.as_str()));
        assert_eq!(s.inputs.example, "");
        let (_, a) = analyze(&s.inputs, 0);
        assert!(a.accepted, "{}", a.summary);
        let s = s.apply(Action::SetPolicy("{}".to_owned()));
        assert_eq!(s.note, None);
        assert!(generate(&inputs("nonsense"), &eff, Scope::ThisRef, None).is_err());
        let s = State::with(inputs("nonsense")).apply(Action::Generate {
            clock: 0,
            known_account: None,
            has_environment: false,
        });
        assert_eq!(s.notice.map(|n| n.kind), Some(NoticeKind::Other));
    }

    #[test]
    fn a_generated_token_replaces_the_token_and_is_analysed() {
        let start = State::with(examples::find("gitlab-tag-pipeline").unwrap().inputs());
        let form = MintForm::default()
            .with_platform(crate::mint::platform_choice("gitlab").unwrap())
            .with_event("tag");
        let form = MintForm {
            value: "v2.0.0".to_owned(),
            ..form
        };
        let s = start
            .apply(Action::SetMint(form.clone()))
            .apply(Action::Mint {
                clock: 1_790_000_000,
            });
        assert_eq!(s.mint, form);
        assert_eq!(s.inputs.example, "", "the token is the person's now");
        let claims = token_claims(&s.inputs.token).unwrap();
        assert_eq!(
            claims.str("sub"),
            Some("project_path:acme/widgets:ref_type:tag:ref:v2.0.0")
        );
        assert_eq!(
            claims.get("iat").and_then(serde_json::Value::as_i64),
            Some(1_790_000_000)
        );
        // The example's policy trusts tags v*: the analysis (at the token's iat) accepts it.
        let (eff, a) = analyze(&s.inputs, 0);
        assert_eq!(eff.now, 1_790_000_000);
        assert!(a.accepted, "{}", a.summary);
        // A form the builder cannot use leaves the token alone and says why.
        let bad = s
            .apply(Action::SetMint(MintForm {
                repo: "widgets".to_owned(),
                ..form
            }))
            .apply(Action::Mint { clock: 1 });
        assert_eq!(bad.inputs.token, s.inputs.token);
        assert!(
            bad.notice
                .unwrap()
                .text
                .contains("`widgets` is not `GROUP/PROJECT`")
        );
    }

    #[test]
    fn the_generator_scope_is_state_picked_from_a_typed_menu() {
        for c in SCOPE_CHOICES {
            assert_eq!(scope_choice(c.value), Some(c));
        }
        assert_eq!(scope_choice("tagPattern"), None, "not offered");
        assert_eq!(scope_choice(""), None);
        assert_eq!(State::default().scope, Scope::ThisRef);
        assert_eq!(offered_scope(Scope::Environment, true), Scope::Environment);
        assert_eq!(offered_scope(Scope::Environment, false), Scope::ThisRef);
        assert_eq!(offered_scope(Scope::Repository, false), Scope::Repository);
        assert_eq!(offered_scope(Scope::TagPattern, true), Scope::ThisRef);

        let generated = |id: &str, scope: Scope, has_environment: bool| {
            let e = examples::find(id).unwrap();
            State::with(e.inputs())
                .apply(Action::SetScope(scope))
                .apply(Action::Generate {
                    clock: 0,
                    known_account: None,
                    has_environment,
                })
        };
        let s = generated("github-environment-branch-pin", Scope::Repository, true);
        assert_eq!(s.scope, Scope::Repository);
        assert!(
            s.inputs
                .policy
                .contains("repo:acme/widgets:ref:refs/heads/*"),
            "{}",
            s.inputs.policy
        );
        // A tag token has no environment: the environment scope writes exactly this ref.
        let this_ref = generated("github-tag-release", Scope::ThisRef, false);
        assert!(this_ref.inputs.policy.contains("refs/tags/v1.4.0"));
        let environment = generated("github-tag-release", Scope::Environment, false);
        assert_eq!(environment.inputs.policy, this_ref.inputs.policy);
        assert_eq!(environment.notice, None);
    }
}
