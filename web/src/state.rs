//! The page state and everything derived from it, as pure functions with native tests.
//!
//! [`Inputs`] is what the person typed (kept on every keystroke); [`request`] turns inputs
//! and the clock into the core's [`Request`]. The provider settings fall back to what the
//! token says, and the evaluation time to the token's `iat`. [`State`] is the reducer the
//! page runs on: the inputs, the generator's scope, and a typed [`Notice`] when something
//! went wrong.

use std::rc::Rc;

use oidc_trust::api::{AnyAnalysis, ProviderConfig, Request, Target, VerdictState};
use oidc_trust::diagnostic::Source as DiagSource;
use oidc_trust::providers::{IssuerKind, key_prefix};
use yew::{AttrValue, Reducible};

use crate::answer::Answer;
use crate::examples;
use crate::inputs::{CallField, Inputs, ProviderChoice, RcpInput, TimeMode};
use crate::mint::MintForm;
use crate::targets::{ConfigDoc, Registry, WriteChoice};

/// Which text a place is in: the trust policy, the RCP of one editor, or a configuration
/// box of another target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Doc {
    /// The trust policy.
    #[default]
    Policy,
    /// The RCP in this editor (0-based; the page shows `RCP 1` for 0).
    Rcp(usize),
    /// A box of another target (the credentials, the pool provider, the Vault role...).
    Config(ConfigDoc),
}

impl Doc {
    /// A place in this text, for people: `line 3`, or `RCP 2, line 3`.
    pub fn place(self, line: usize) -> String {
        match self {
            Doc::Policy => format!("line {line}"),
            Doc::Rcp(i) => format!("RCP {}, line {line}", i + 1),
            Doc::Config(d) => format!("{}, line {line}", d.info().short),
        }
    }
}

/// A place in the policy or an RCP text to mark: byte offsets, as the core reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// Which text.
    pub doc: Doc,
}

impl Mark {
    /// The place of a span in `doc`.
    pub fn at(s: oidc_trust::json::Span, doc: Doc) -> Self {
        Mark {
            start: s.start,
            end: s.end,
            line: s.line,
            doc,
        }
    }
}

impl From<oidc_trust::json::Span> for Mark {
    /// A place in the trust policy.
    fn from(s: oidc_trust::json::Span) -> Self {
        Mark::at(s, Doc::Policy)
    }
}

/// Where the answer's places are: which text a finding or a trace points into, and whether
/// its spans still fit the text on screen (they point into the text that was evaluated,
/// which lags the editors while an evaluation is pending).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Places {
    /// The target answered for: its boxes are the places of the answer.
    target: Target,
    /// Whether the target on screen is the one answered for.
    target_current: bool,
    policy_current: bool,
    rcps_current: bool,
    /// The boxes of other targets whose text changed since the evaluation.
    stale_configs: Vec<ConfigDoc>,
    /// The editor of each RCP sent, by the core's `document` index.
    rcp_editors: Vec<usize>,
}

impl Places {
    /// The places of the answer for `evaluated`, with `on_screen` in the editors.
    pub fn new(evaluated: &Inputs, on_screen: &Inputs) -> Self {
        Places {
            target: evaluated.target,
            target_current: evaluated.target == on_screen.target,
            stale_configs: crate::targets::BOXES
                .iter()
                .map(|b| b.doc)
                .filter(|d| evaluated.configs.text(*d) != on_screen.configs.text(*d))
                .collect(),
            policy_current: evaluated.policy == on_screen.policy,
            rcps_current: evaluated.call.rcps == on_screen.call.rcps,
            rcp_editors: crate::call::sent_rcps(&evaluated.call)
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The editor of the RCP the core numbers `document`.
    pub fn rcp_editor(&self, document: usize) -> Option<usize> {
        self.rcp_editors.get(document).copied()
    }

    /// The text a finding or hint from `source` points into, if it is one of the editors'.
    pub fn doc(&self, source: DiagSource, document: Option<usize>) -> Option<Doc> {
        if self.target != Target::Aws {
            return ConfigDoc::for_source(self.target, source).map(Doc::Config);
        }
        match source {
            DiagSource::Policy => Some(Doc::Policy),
            DiagSource::Rcp => self.rcp_editor(document?).map(Doc::Rcp),
            _ => None,
        }
    }

    /// Whether spans into `doc` fit the text on screen.
    pub fn current(&self, doc: Doc) -> bool {
        self.target_current
            && match doc {
                Doc::Policy => self.policy_current,
                Doc::Rcp(_) => self.rcps_current,
                Doc::Config(d) => !self.stale_configs.contains(&d),
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

/// What a token must be for a scope to be offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Any token.
    Nothing,
    /// A token with an `environment` claim.
    Environment,
    /// A tag's token (GitHub `refs/tags/...`, GitLab `ref_type` `tag`).
    Tag,
}

/// What the token is, for the scope menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenTraits {
    /// It has an `environment` claim.
    pub environment: bool,
    /// It is a tag's token.
    pub tag: bool,
}

impl TokenTraits {
    /// The traits of the claims, if any.
    pub fn of(claims: Option<&oidc_trust::Claims>) -> Self {
        let Some(c) = claims else {
            return TokenTraits::default();
        };
        TokenTraits {
            environment: c.get("environment").is_some(),
            tag: c.str("ref_type") == Some("tag")
                || c.str("ref").is_some_and(|r| r.starts_with("refs/tags/")),
        }
    }

    fn meets(self, needs: Needs) -> bool {
        match needs {
            Needs::Nothing => true,
            Needs::Environment => self.environment,
            Needs::Tag => self.tag,
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
    /// What the token must be for it to be offered.
    pub needs: Needs,
}

/// The scopes the page offers for a written policy, in menu order: every scope of the
/// core's generator.
pub const SCOPE_CHOICES: [ScopeChoice; 4] = [
    ScopeChoice {
        scope: Scope::ThisRef,
        value: "thisRef",
        label: "exactly this ref or environment",
        needs: Needs::Nothing,
    },
    ScopeChoice {
        scope: Scope::TagPattern,
        value: "tagPattern",
        label: "tags matching a pattern",
        needs: Needs::Tag,
    },
    ScopeChoice {
        scope: Scope::Environment,
        value: "environment",
        label: "this environment",
        needs: Needs::Environment,
    },
    ScopeChoice {
        scope: Scope::Repository,
        value: "repository",
        label: "the whole repository",
        needs: Needs::Nothing,
    },
];

impl ScopeChoice {
    /// Whether the menu offers it for a token with these traits.
    pub fn offered(self, traits: TokenTraits) -> bool {
        traits.meets(self.needs)
    }
}

/// The menu entry with this `<option>` value.
pub fn scope_choice(value: &str) -> Option<ScopeChoice> {
    SCOPE_CHOICES.into_iter().find(|c| c.value == value)
}

/// The scope the generator runs with: the picked one, or exactly this ref when the picked
/// one is not offered for this token (an environment scope without an `environment` claim,
/// a tag pattern for a branch).
pub fn offered_scope(scope: Scope, traits: TokenTraits) -> Scope {
    match SCOPE_CHOICES.into_iter().find(|c| c.scope == scope) {
        Some(c) if c.offered(traits) => scope,
        _ => Scope::ThisRef,
    }
}

/// A change to make in an editor through its own history (so Ctrl+Z undoes it): a hint's
/// or a finding's fix, or a written policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRequest {
    /// Counts the requests, so each is made once.
    pub seq: u64,
    /// Which editor.
    pub doc: Doc,
    /// The text it applies to.
    pub before: String,
    /// First byte replaced.
    pub start: usize,
    /// One past the last byte replaced.
    pub end: usize,
    /// What goes there.
    pub replacement: String,
}

/// The change last asked of the editor of `doc`, if any.
pub fn edit_for(edits: &[EditRequest], doc: Doc) -> Option<EditRequest> {
    edits.iter().find(|e| e.doc == doc).cloned()
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
    /// A note on what the generator wrote, until it is edited (shared, so a render of the
    /// boxes that show it copies no text).
    pub note: Option<AttrValue>,
    /// How to create what the generator of a target other than AWS wrote (its commands),
    /// shown with the note (shared, so the state and the page's renders copy no text).
    pub steps: Rc<[String]>,
    /// What the generator of a target other than AWS is asked to write.
    pub write_choice: WriteChoice,
    /// Whether the call, caller and organization section is open. Closed by default; open
    /// when the inputs on screen use it, so nothing that decides the verdict is hidden.
    pub context_open: bool,
    /// The "generate a token" control's form.
    pub mint: MintForm,
    /// The tag pattern for the generator's tag-pattern scope.
    pub tag_pattern: String,
    /// The last change asked of each editor (one per editor: the generator of Google
    /// Cloud or Vault writes two boxes at once). Shared: each carries the text it applies
    /// to, and the state is cloned on every action and the edits passed on every render.
    pub edits: Rc<[EditRequest]>,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The token box changed.
    SetToken(String),
    /// The policy editor changed.
    SetPolicy(String),
    /// Another target was picked (the token stays).
    SetTarget(Target),
    /// A configuration box of another target changed.
    SetConfig(ConfigDoc, String),
    /// The registry of the trusted publishers was picked (`None`: from their shape).
    SetRegistry(Option<Registry>),
    /// The issuer URL changed.
    SetIssuer(String),
    /// The client-id list changed.
    SetClientIds(String),
    /// The account changed.
    SetAccount(String),
    /// The provider menu changed.
    SetProvider(ProviderChoice),
    /// A field of the call section changed.
    SetCall(CallField, String),
    /// The management-account box was ticked or unticked.
    SetManagementAccount(bool),
    /// The text of the RCP in this editor changed.
    SetRcp(usize, String),
    /// The name of the RCP in this editor changed.
    SetRcpName(usize, String),
    /// Add an RCP editor.
    AddRcp,
    /// Remove this RCP editor.
    RemoveRcp(usize),
    /// The call section was opened or closed.
    SetContextOpen(bool),
    /// The time mode changed.
    SetTime(TimeMode),
    /// The typed time changed.
    SetAt(String),
    /// Load an example by id.
    LoadExample(String),
    /// A share link was opened: its inputs, or why it cannot be read. A link without a
    /// token uses the token of the example it names, else keeps the token on screen.
    OpenLink(Result<Box<Inputs>, String>),
    /// Mark a place in the policy or an RCP (or clear the mark). A place in an RCP opens
    /// the section it is in.
    Select(Option<Mark>),
    /// Include the token in share links.
    ShareToken(bool),
    /// The generator's scope menu changed.
    SetScope(Scope),
    /// The generator's tag pattern changed.
    SetTagPattern(String),
    /// Apply a hint's or a finding's edit to the text of an editor.
    ApplyEdit(Doc, oidc_trust::diagnostic::Edit),
    /// Forget everything typed (the page also forgets what it stored).
    Clear,
    /// Remember the token in this browser (without its signature), or stop.
    RememberToken(bool),
    /// Write a policy for the token with the core's generator (see [`generate`]) and put
    /// it in the editor (in place of the policy, or as its last statements), with a note on
    /// it.
    Generate {
        /// Where the written policy goes.
        placement: Placement,
        /// The clock (seconds since the epoch), for the evaluation time.
        clock: i64,
        /// The account the current policy names, used when none is typed.
        known_account: Option<String>,
        /// What the token is (see [`offered_scope`]).
        traits: TokenTraits,
    },
    /// The generator menu of a target other than AWS changed.
    #[cfg(feature = "targets")]
    SetWriteChoice(WriteChoice),
    /// Write the configuration of the target on screen for the token with the core's
    /// generator, into its boxes (see [`State::write_config`]; the whole page's alone).
    #[cfg(feature = "targets")]
    WriteConfig,
    /// The "generate a token" form changed.
    SetMint(MintForm),
    /// Put a token from the form into the token box (see [`MintForm::mint`]), issued at
    /// `clock` (seconds since the epoch), for `audience` when given
    /// ([`crate::targets::audience`]).
    Mint {
        /// The clock.
        clock: i64,
        /// The `aud` the target on screen needs, if it says.
        audience: Option<String>,
    },
    /// The inputs were saved, or saving failed with this sentence.
    Saved(Result<(), String>),
    /// Something outside the inputs went wrong (the whole page could not be loaded): say it.
    Failed(String),
    /// Clear the notice.
    Dismiss,
}

impl State {
    /// The state for these inputs.
    pub fn with(inputs: Inputs) -> Self {
        State {
            context_open: !inputs.call.is_empty(),
            inputs,
            tag_pattern: "v*".to_owned(),
            ..State::default()
        }
    }

    /// The text of an editor.
    pub fn text(&self, doc: Doc) -> Option<&str> {
        match doc {
            Doc::Policy => Some(&self.inputs.policy),
            Doc::Rcp(i) => self.inputs.call.rcps.get(i).map(|r| r.policy.as_str()),
            Doc::Config(d) => Some(self.inputs.configs.text(d)),
        }
    }

    /// Changes the text of `doc` through its editor: the new text now, and the request that
    /// makes the editor do it as one undoable edit.
    fn edit_text(&mut self, doc: Doc, start: usize, end: usize, replacement: String) -> bool {
        let Some(before) = self.text(doc).map(str::to_owned) else {
            return false;
        };
        let (Some(head), Some(tail)) = (before.get(..start), before.get(end..)) else {
            return false;
        };
        let after = format!("{head}{replacement}{tail}");
        match doc {
            Doc::Policy => self.inputs.policy = after,
            Doc::Rcp(i) => {
                if let Some(r) = self.rcp_mut(i) {
                    r.policy = after;
                }
            }
            Doc::Config(d) => self.inputs.configs.set(d, after),
        }
        let seq = self.edits.iter().map(|e| e.seq).max().unwrap_or(0) + 1;
        let mut edits: Vec<EditRequest> = self
            .edits
            .iter()
            .filter(|e| e.doc != doc)
            .cloned()
            .collect();
        edits.push(EditRequest {
            seq,
            doc,
            before,
            start,
            end,
            replacement,
        });
        self.edits = edits.into();
        self.selected = None;
        self.inputs.example.clear();
        true
    }

    /// Forgets the note on what the generator wrote (its text was edited, or replaced).
    fn forget_note(&mut self) {
        self.note = None;
        self.steps = Rc::default();
    }

    /// Puts what the generator of the target on screen wrote into its boxes, each through
    /// its editor (so Ctrl+Z undoes it), with a note and the steps to create it.
    #[cfg(feature = "targets")]
    fn write_config(&mut self) -> Result<(), String> {
        let target = self.inputs.target;
        let registry = self.inputs.configs.registry;
        let written =
            crate::targets::write(target, &self.inputs.token, registry, self.write_choice)?;
        if written.documents.is_empty() {
            return Err(format!(
                "nothing could be written: {}",
                sentences(written.diagnostics.iter().map(|d| d.message.as_str()))
            ));
        }
        for (document, text) in &written.documents {
            if let Some(b) = ConfigDoc::of(target).find(|b| b.document == *document) {
                let end = self.inputs.configs.text(b.doc).len();
                self.edit_text(Doc::Config(b.doc), 0, end, text.clone());
            }
        }
        self.note = Some(written_note(Some(written.verified), &written.notes).into());
        self.steps = written.steps.into();
        Ok(())
    }

    /// The editors the RCP section shows: the typed RCPs, and at least one.
    pub fn rcp_editors(&self) -> Vec<RcpInput> {
        let mut rcps = self.inputs.call.rcps.clone();
        if rcps.is_empty() {
            rcps.push(RcpInput::default());
        }
        rcps
    }

    /// The RCP in editor `i`, made to exist (the first editor is shown before anything is
    /// typed into it).
    fn rcp_mut(&mut self, i: usize) -> Option<&mut RcpInput> {
        let rcps = &mut self.inputs.call.rcps;
        if rcps.len() <= i {
            rcps.resize_with(i + 1, RcpInput::default);
        }
        rcps.get_mut(i)
    }

    /// Forgets a mark in an RCP (its editors changed under it).
    fn unselect_rcp(&mut self) {
        if self.selected.is_some_and(|m| matches!(m.doc, Doc::Rcp(_))) {
            self.selected = None;
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
            Ok(Some(mut inputs)) => {
                // A token comes back only when the person asked for it (an unedited
                // example's token is the example's).
                if !inputs.remember_token {
                    inputs.token = examples::find(&inputs.example)
                        .map(|e| e.token)
                        .unwrap_or_default();
                }
                State::with(inputs)
            }
            Ok(None) => example(),
            Err(e) => State {
                notice: Some(Notice::new(NoticeKind::Other, e)),
                ..example()
            },
        };
        match link {
            Some(link) => start.apply(Action::OpenLink(link.map(Box::new))),
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
            Action::SetPolicy(p) if p == s.inputs.policy => {}
            Action::SetPolicy(p) => {
                s.inputs.policy = p;
                s.selected = None;
                s.forget_note();
                edited(&mut s);
            }
            Action::SetTarget(t) if t == s.inputs.target => {}
            Action::SetTarget(t) => {
                s.inputs.target = t;
                s.selected = None;
                s.forget_note();
                edited(&mut s);
            }
            Action::SetConfig(doc, text) if text == s.inputs.configs.text(doc) => {}
            Action::SetConfig(doc, text) => {
                s.inputs.configs.set(doc, text);
                s.selected = None;
                s.forget_note();
                edited(&mut s);
            }
            Action::SetRegistry(r) => {
                s.inputs.configs.registry = r;
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
            Action::SetProvider(p) => {
                s.inputs.provider = p;
                edited(&mut s);
            }
            Action::SetCall(field, v) => {
                *s.inputs.call.field_mut(field) = v;
                edited(&mut s);
            }
            Action::SetManagementAccount(b) => {
                s.inputs.call.management_account = b;
                edited(&mut s);
            }
            Action::SetRcp(i, text) => {
                if let Some(r) = s.rcp_mut(i) {
                    r.policy = text;
                }
                s.unselect_rcp();
                edited(&mut s);
            }
            Action::SetRcpName(i, name) => {
                if let Some(r) = s.rcp_mut(i) {
                    r.name = name;
                }
                edited(&mut s);
            }
            Action::AddRcp => {
                // One more than the editors shown (the first is shown before it exists).
                let n = s.rcp_editors().len() + 1;
                s.inputs.call.rcps.resize_with(n, RcpInput::default);
                edited(&mut s);
            }
            Action::RemoveRcp(i) => {
                if i < s.inputs.call.rcps.len() {
                    s.inputs.call.rcps.remove(i);
                }
                s.unselect_rcp();
                edited(&mut s);
            }
            Action::SetContextOpen(b) => s.context_open = b,
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
                    s.inputs = Inputs {
                        remember_token: s.inputs.remember_token,
                        ..e.inputs()
                    };
                    s.context_open |= !s.inputs.call.is_empty();
                    s.selected = None;
                    s.notice = None;
                    s.forget_note();
                }
                None => s.notice = other(format!("there is no example `{id}`")),
            },
            Action::OpenLink(Err(e)) | Action::Failed(e) => s.notice = other(e),
            Action::OpenLink(Ok(inputs)) => {
                let mut inputs = *inputs;
                s.notice = None;
                s.forget_note();
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
                s.context_open |= !inputs.call.is_empty();
                s.inputs = inputs;
                s.selected = None;
            }
            Action::Select(m) => {
                s.context_open |= m.is_some_and(|m| matches!(m.doc, Doc::Rcp(_)));
                s.selected = m;
            }
            Action::ShareToken(b) => s.share_token = b,
            Action::SetScope(scope) => s.scope = scope,
            Action::SetTagPattern(p) => s.tag_pattern = p,
            Action::ApplyEdit(doc, edit) => {
                if !s.edit_text(doc, edit.span.start, edit.span.end, edit.replacement) {
                    s.notice = other(
                        "the fix no longer fits the text (it changed since); edit by hand or wait for the next answer"
                            .to_owned(),
                    );
                }
            }
            Action::Clear => {
                s = State {
                    inputs: Inputs {
                        target: s.inputs.target,
                        ..Inputs::default()
                    },
                    edits: s.edits.clone(),
                    mint: s.mint.clone(),
                    ..State::with(Inputs::default())
                };
            }
            Action::RememberToken(b) => s.inputs.remember_token = b,
            Action::Generate {
                placement,
                clock,
                known_account,
                traits,
            } => {
                let eff = effective(&s.inputs, clock);
                let scope = offered_scope(s.scope, traits);
                let pattern = (scope == Scope::TagPattern).then_some(s.tag_pattern.as_str());
                match generate(&s.inputs, &eff, scope, pattern, known_account.as_deref()) {
                    Ok((policy, note)) => match placement {
                        Placement::Replace => {
                            let end = s.inputs.policy.len();
                            s.edit_text(Doc::Policy, 0, end, policy);
                            s.note = Some(note.into());
                        }
                        Placement::Append => {
                            match oidc_trust::aws::generate::add_statements(
                                &s.inputs.policy,
                                &policy,
                            ) {
                                Ok(edit) => {
                                    let (start, end) = (edit.span.start, edit.span.end);
                                    s.edit_text(Doc::Policy, start, end, edit.replacement);
                                    s.note = Some(AttrValue::from(format!(
                                        "{note} It was added after your statements; the verdict is for the whole policy."
                                    )));
                                }
                                Err(e) => s.notice = other(format!("not added: {e}")),
                            }
                        }
                    },
                    Err(e) => s.notice = other(e),
                }
            }
            #[cfg(feature = "targets")]
            Action::SetWriteChoice(c) => s.write_choice = c,
            #[cfg(feature = "targets")]
            Action::WriteConfig => {
                if let Err(e) = s.write_config() {
                    s.notice = other(e);
                }
            }
            Action::SetMint(form) => s.mint = form,
            Action::Mint { clock, audience } => match s.mint.mint(clock, audience.as_deref()) {
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

/// Why the trace is empty: nothing when accepted; no policy yet; an input the tool could
/// not read (never "AWS stopped": AWS never saw it); else that AWS stopped before it.
pub fn why_no_trace(state: VerdictState, policy: &str) -> &'static str {
    match state {
        VerdictState::Accepted | VerdictState::AcceptedWithWarnings => "",
        _ if policy.trim().is_empty() => "No trust policy yet: paste one into the editor.",
        VerdictState::Undecided => {
            "Not evaluated: an input could not be read (see the verdict), so no statement was evaluated."
        }
        VerdictState::Refused => {
            "AWS stopped before consulting the trust policy (see the verdict), so no statement was evaluated."
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The claims of the token text, if it decodes (a box too large to read has none).
pub fn token_claims(token: &str) -> Option<oidc_trust::Claims> {
    if token.len() > crate::inputs::MAX_TOKEN_BYTES {
        return None;
    }
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
    /// The built-in provider AWS takes the token to, if any: the one picked, else the one
    /// the issuer names (AWS decides by `iss`).
    pub built_in: Option<IssuerKind>,
    /// Where that came from (`Typed`: picked; else where the issuer came from).
    pub built_in_source: Source,
    /// The evaluation time.
    pub now: i64,
    /// Where it came from (`Token` = the token's `iat`, `Default` = the clock).
    pub now_source: Source,
}

/// The built-in provider an issuer URL (with or without `https://`) names, if any.
pub fn built_in_issuer(issuer: &str) -> Option<IssuerKind> {
    let kind = IssuerKind::of(key_prefix(issuer));
    kind.built_in_name().map(|_| kind)
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
    let (built_in, built_in_source) = match (inputs.provider.built_in(), built_in_issuer(&issuer)) {
        (Some(picked), _) => (Some(picked), Source::Typed),
        (None, Some(named)) => (Some(named), issuer_source),
        (None, None) => (None, Source::Missing),
    };
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
        built_in,
        built_in_source,
        now,
        now_source,
    }
}

/// The core request for these inputs. A built-in provider gets no provider entry (it needs
/// none, and the core would only say so); for an access token, `ProviderId` names it.
pub fn request(inputs: &Inputs, eff: &Effective) -> Request {
    let providers = if eff.issuer.is_empty() || eff.built_in.is_some() {
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
    crate::call::fill(&inputs.call, &mut r);
    r.call.provider_id = eff
        .built_in
        .filter(|k| k.takes_access_tokens())
        .and_then(IssuerKind::built_in_name)
        .map(str::to_owned);
    r
}

/// Analyses the inputs at clock time `clock`; a box too large to read is left out (the
/// page says so, [`Inputs::too_large`]).
pub fn analyze(inputs: &Inputs, clock: i64) -> (Effective, oidc_trust::Analysis) {
    let readable = inputs.readable();
    let eff = effective(&readable, clock);
    let analysis = oidc_trust::api::analyze(&request(&readable, &eff));
    (eff, analysis)
}

/// The answer for the inputs, whichever target they are for: the shared view every target's
/// verdict, stages, hints and findings render from, and the target's own answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    /// What every target's answer has.
    pub answer: Rc<Answer>,
    /// AWS's answer, when the target is AWS.
    pub aws: Option<Rc<oidc_trust::Analysis>>,
    /// Another target's answer.
    pub other: Option<Rc<AnyAnalysis>>,
}

/// Analyses the inputs for their target at clock time `clock` (at the token's `iat` by
/// default, as for AWS); a box too large to read is left out.
pub fn evaluate(inputs: &Inputs, clock: i64) -> (Effective, Answered) {
    if inputs.target == Target::Aws {
        let (eff, a) = analyze(inputs, clock);
        let answer = Rc::new(Answer::aws(&a));
        return (
            eff,
            Answered {
                answer,
                aws: Some(Rc::new(a)),
                other: None,
            },
        );
    }
    let readable = inputs.readable();
    let eff = effective(&readable, clock);
    let answered = other_target(&readable, eff.now);
    (eff, answered)
}

/// The answer of a target other than AWS.
#[cfg(feature = "targets")]
fn other_target(readable: &Inputs, now: i64) -> Answered {
    let a = crate::targets::analyze(readable.target, &readable.token, &readable.configs, now);
    let missing = crate::targets::missing(readable.target, &readable.configs);
    Answered {
        answer: Rc::new(Answer::any(&a, missing)),
        aws: None,
        other: Some(Rc::new(a)),
    }
}

/// In the AWS-only module, no other target is answered for: the whole page is being
/// loaded for it ([`crate::whole`]), and the verdict says so meanwhile.
#[cfg(not(feature = "targets"))]
fn other_target(readable: &Inputs, _now: i64) -> Answered {
    Answered {
        answer: Rc::new(Answer::loading(readable.target)),
        aws: None,
        other: None,
    }
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

/// Where a written policy goes in the policy editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In place of the whole text.
    Replace,
    /// Its statements after the policy's own (the core's `add_statements` edit).
    Append,
}

/// Writes the least-privilege trust policy for the token with the core's generator, for
/// the typed account, else `known_account` (the one the current policy names).
/// Returns the policy text and a note on what was written.
pub fn generate(
    inputs: &Inputs,
    eff: &Effective,
    scope: Scope,
    tag_pattern: Option<&str>,
    known_account: Option<&str>,
) -> Result<(String, String), String> {
    let account = match inputs.account.trim() {
        "" => known_account.filter(|a| !a.is_empty() && *a != "<account>"),
        typed => Some(typed),
    };
    let request = oidc_trust::GenerateRequest {
        token: Some(inputs.token.trim().to_owned()),
        scope,
        tag_pattern: tag_pattern.map(str::to_owned),
        account: account.map(str::to_owned),
        audience: (eff.client_ids_source == Source::Typed)
            .then(|| eff.client_ids.first().cloned())
            .flatten(),
        ..oidc_trust::GenerateRequest::default()
    };
    let result = oidc_trust::generate_policy(&request);
    let Some(text) = result.policy_text else {
        return Err(format!(
            "no policy could be written: {}",
            sentences(result.diagnostics.iter().map(|d| d.message.as_str()))
        ));
    };
    Ok((text, written_note(result.verified, &result.notes)))
}

/// The note on what a generator wrote: whether the analysis accepts the token with it, and
/// the generator's notes, each as a sentence.
fn written_note(verified: Option<bool>, notes: &[String]) -> String {
    let mut note = match verified {
        Some(true) => "Written for this token; it accepts the token.".to_owned(),
        Some(false) => {
            "Written for this token, but it does not accept it; see the verdict.".to_owned()
        }
        None => "Written for this token.".to_owned(),
    };
    for n in notes {
        note.push(' ');
        let mut chars = n.chars();
        if let Some(first) = chars.next() {
            note.extend(first.to_uppercase());
            note.push_str(chars.as_str());
        }
        note.push('.');
    }
    note
}

/// Messages joined into one sentence list (`a; b`).
fn sentences<'a>(messages: impl Iterator<Item = &'a str>) -> String {
    messages.collect::<Vec<_>>().join("; ")
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

    /// An edit that inserts `"a": 1` after the first byte.
    fn insert_a() -> oidc_trust::diagnostic::Edit {
        oidc_trust::diagnostic::Edit {
            title: "t".to_owned(),
            span: oidc_trust::json::Span {
                start: 1,
                end: 1,
                line: 1,
                column: 2,
            },
            replacement: "\"a\": 1".to_owned(),
        }
    }

    #[test]
    #[cfg(feature = "targets")]
    fn switching_targets_keeps_the_token_and_every_target_s_boxes() {
        let s = State::with(
            crate::examples::find("entra-classic-accepted")
                .unwrap()
                .inputs(),
        );
        let token = s.inputs.token.clone();
        assert_eq!(s.inputs.target, Target::Azure);
        let v = s.apply(Action::SetTarget(Target::Vault));
        assert_eq!(v.inputs.token, token, "the token stays");
        assert_eq!(v.inputs.target, Target::Vault);
        assert!(v.inputs.example.is_empty());
        let v = v.apply(Action::SetConfig(ConfigDoc::VaultRole, "{}".to_owned()));
        let back = v.apply(Action::SetTarget(Target::Azure));
        // Entra's credentials are still there, and so is the Vault role typed meanwhile.
        assert!(!back.inputs.configs.text(ConfigDoc::Credentials).is_empty());
        assert_eq!(back.inputs.configs.text(ConfigDoc::VaultRole), "{}");
        let (_, answered) = evaluate(&back.inputs, 0);
        assert!(answered.answer.accepted, "{}", answered.answer.summary);
        // The box's edits go through the editor like the policy's.
        let fixed = back.apply(Action::ApplyEdit(
            Doc::Config(ConfigDoc::VaultRole),
            insert_a(),
        ));
        assert_eq!(
            fixed.inputs.configs.text(ConfigDoc::VaultRole),
            "{\"a\": 1}"
        );
        assert_eq!(
            fixed.edits.iter().map(|e| e.doc).collect::<Vec<_>>(),
            [Doc::Config(ConfigDoc::VaultRole)]
        );
        // Clear empties every box but stays on the target.
        let cleared = fixed.apply(Action::Clear);
        assert_eq!(cleared.inputs.target, Target::Azure);
        assert!(cleared.inputs.configs.is_empty());
    }

    #[test]
    #[cfg(feature = "targets")]
    fn findings_of_another_target_point_into_its_boxes() {
        let i = crate::examples::find("gcp-gitlab-accepted")
            .unwrap()
            .inputs();
        let places = Places::new(&i, &i);
        assert_eq!(
            places.doc(DiagSource::Providers, None),
            Some(Doc::Config(ConfigDoc::PoolProvider))
        );
        assert_eq!(
            places.doc(DiagSource::Policy, None),
            Some(Doc::Config(ConfigDoc::IamPolicy))
        );
        assert!(places.current(Doc::Config(ConfigDoc::PoolProvider)));
        let mut edited = i.clone();
        edited.configs.set(ConfigDoc::PoolProvider, "{".to_owned());
        assert!(!Places::new(&i, &edited).current(Doc::Config(ConfigDoc::PoolProvider)));
        // Another target on screen than the one answered for: nothing fits.
        let other = Inputs {
            target: Target::Aws,
            ..i.clone()
        };
        assert!(!Places::new(&i, &other).current(Doc::Config(ConfigDoc::IamPolicy)));
        assert_eq!(
            Doc::Config(ConfigDoc::PoolProvider).place(4),
            "provider, line 4"
        );
    }

    #[test]
    #[cfg(feature = "targets")]
    fn an_unreadable_credential_is_undecided_with_its_place() {
        let mut i = crate::examples::find("entra-classic-accepted")
            .unwrap()
            .inputs();
        i.configs.set(
            ConfigDoc::Credentials,
            "[\n  {\"name\": \"main\",}\n]".to_owned(),
        );
        let (_, answered) = evaluate(&i, 0);
        let a = &answered.answer;
        assert_eq!(a.state, VerdictState::Undecided, "{}", a.summary);
        let places = Places::new(&i, &i);
        let d = a.input_error().unwrap();
        assert_eq!(
            places.doc(d.source, d.document),
            Some(Doc::Config(ConfigDoc::Credentials))
        );
        assert_eq!(d.span.unwrap().line, 2);
        // Empty credentials: undecided, saying what to paste.
        i.configs.set(ConfigDoc::Credentials, String::new());
        let (_, answered) = evaluate(&i, 0);
        assert_eq!(answered.answer.state, VerdictState::Undecided);
        assert!(answered.answer.missing.is_some());
    }

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
            doc: Doc::Policy,
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

    const GOOGLE: &str = r#"{"iss":"https://accounts.google.com","aud":"sts.amazonaws.com/1","azp":"117","sub":"117","iat":1000,"exp":4600}"#;
    const GOOGLE_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"117"}}}]}"#;

    #[test]
    fn the_call_goes_into_the_request_only_when_typed() {
        let i = inputs(GH);
        let r = request(&i, &effective(&i, 0));
        assert_eq!(r.call, oidc_trust::api::CallParameters::default());
        assert_eq!(r.role, oidc_trust::api::RoleSettings::default());
        assert_eq!(r.caller, oidc_trust::api::Caller::default());
        assert_eq!(r.organization, None);
        let (_, a) = analyze(&i, 0);
        assert!(a.call.checked.iter().all(|c| !matches!(
            c,
            oidc_trust::api::CallCheck::RoleSessionName | oidc_trust::api::CallCheck::RoleArn
        )));

        let s = State::with(i)
            .apply(Action::SetCall(CallField::SessionName, "a".to_owned()))
            .apply(Action::SetCall(CallField::Region, " eu-west-1 ".to_owned()));
        let r = request(&s.inputs, &effective(&s.inputs, 0));
        assert_eq!(r.call.role_session_name.as_deref(), Some("a"));
        assert_eq!(r.caller.region.as_deref(), Some("eu-west-1"));
        assert_eq!(r.call.role_arn, None);
        let (_, a) = analyze(&s.inputs, 0);
        assert_eq!(a.stage, oidc_trust::api::Stage::Call);
        assert_eq!(
            a.aws_error.map(|e| e.message),
            Some("1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2".to_owned())
        );
    }

    #[test]
    fn a_built_in_provider_gets_no_provider_entry() {
        let i = Inputs {
            policy: GOOGLE_POLICY.to_owned(),
            ..inputs(GOOGLE)
        };
        let e = effective(&i, 0);
        assert_eq!(e.built_in, Some(IssuerKind::Google));
        assert_eq!(e.built_in_source, Source::Token);
        let r = request(&i, &e);
        assert!(r.providers.is_empty());
        assert_eq!(r.call.provider_id, None, "an ID token needs no ProviderId");
        let (_, a) = analyze(&i, 0);
        assert!(a.accepted, "{}", a.summary);
        assert!(a.provider.is_some_and(|p| p.built_in));
        assert!(
            a.diagnostics
                .iter()
                .all(|d| d.code != oidc_trust::codes::BUILT_IN_PROVIDER_ENTRY)
        );
        // Google's scheme-less issuer, and an issuer typed into the URL box, count too.
        assert_eq!(
            built_in_issuer("accounts.google.com"),
            Some(IssuerKind::Google)
        );
        assert_eq!(built_in_issuer("https://gitlab.com"), None);
        let typed = Inputs {
            issuer: "https://cognito-identity.amazonaws.com".to_owned(),
            ..inputs(GH)
        };
        assert_eq!(effective(&typed, 0).built_in, Some(IssuerKind::Cognito));
        assert_eq!(effective(&typed, 0).built_in_source, Source::Typed);
        assert_eq!(effective(&inputs(GH), 0).built_in, None);
    }

    #[test]
    fn an_access_token_provider_is_named_by_provider_id() {
        let claims = r#"{"app_id":"111","id":"222"}"#;
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"graph.facebook.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"graph.facebook.com:app_id":"111"}}}]}"#;
        let s = State::with(Inputs {
            policy: policy.to_owned(),
            ..inputs(claims)
        })
        .apply(Action::SetProvider(ProviderChoice::Facebook));
        let e = effective(&s.inputs, 0);
        assert_eq!(
            (e.built_in, e.built_in_source),
            (Some(IssuerKind::Facebook), Source::Typed)
        );
        let r = request(&s.inputs, &e);
        assert_eq!(r.call.provider_id.as_deref(), Some("graph.facebook.com"));
        assert!(r.providers.is_empty());
        let (_, a) = analyze(&s.inputs, 0);
        assert!(a.accepted, "{}", a.summary);
        // Picking Google for a GitHub token: no provider entry, so AWS finds none for its iss.
        let s = State::with(inputs(GH)).apply(Action::SetProvider(ProviderChoice::Google));
        let (_, a) = analyze(&s.inputs, 0);
        assert_eq!(a.stage, oidc_trust::api::Stage::Issuer);
    }

    #[test]
    fn rcp_editors_start_with_one_and_keep_their_places() {
        let s = State::with(inputs(GH));
        assert_eq!(s.rcp_editors(), vec![RcpInput::default()]);
        assert!(!s.context_open, "closed by default");
        // Typing into the first editor, shown before anything was typed.
        let s = s.apply(Action::SetRcp(0, "{".to_owned()));
        assert_eq!(s.inputs.call.rcps.len(), 1);
        let s = s
            .apply(Action::AddRcp)
            .apply(Action::AddRcp)
            .apply(Action::SetRcp(2, "{}".to_owned()))
            .apply(Action::SetRcpName(2, "third".to_owned()));
        assert_eq!(s.rcp_editors().len(), 3);
        // The blank middle editor is not sent: the core's document 1 is editor 2.
        let places = Places::new(&s.inputs, &s.inputs);
        assert_eq!(places.rcp_editor(0), Some(0));
        assert_eq!(places.rcp_editor(1), Some(2));
        assert_eq!(places.rcp_editor(2), None);
        assert_eq!(places.doc(DiagSource::Rcp, Some(1)), Some(Doc::Rcp(2)));
        assert_eq!(places.doc(DiagSource::Rcp, None), None);
        assert_eq!(places.doc(DiagSource::Policy, None), Some(Doc::Policy));
        assert_eq!(places.doc(DiagSource::Call, None), None);
        assert_eq!(Doc::Rcp(2).place(4), "RCP 3, line 4");
        assert_eq!(Doc::Policy.place(4), "line 4");
        let (_, a) = analyze(&s.inputs, 0);
        let broken = a
            .diagnostics
            .iter()
            .find(|d| d.code == oidc_trust::codes::INVALID_POLICY_JSON)
            .unwrap();
        assert_eq!(
            places.doc(broken.source, broken.document),
            Some(Doc::Rcp(0))
        );
        assert_eq!(
            a.rcps.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["third"]
        );
        // Editing an RCP makes its old spans stale, not the policy's.
        let edited = s.apply(Action::SetRcp(2, "{ }".to_owned()));
        let places = Places::new(&s.inputs, &edited.inputs);
        assert!(places.current(Doc::Policy));
        assert!(!places.current(Doc::Rcp(2)));
        // Removing editors.
        let s = s.apply(Action::RemoveRcp(1));
        assert_eq!(s.inputs.call.rcps.len(), 2);
        assert_eq!(
            s.inputs.call.rcps.get(1).map(|r| r.name.as_str()),
            Some("third")
        );
        let s = s
            .apply(Action::RemoveRcp(0))
            .apply(Action::RemoveRcp(0))
            .apply(Action::RemoveRcp(7));
        assert_eq!(s.rcp_editors(), vec![RcpInput::default()]);
    }

    #[test]
    fn the_call_section_opens_when_it_holds_something_or_a_place_in_it_is_picked() {
        let s = State::default().apply(Action::LoadExample("github-tag-release".to_owned()));
        assert!(!s.context_open);
        let s = s.apply(Action::LoadExample("rcp-other-organisation".to_owned()));
        assert!(s.context_open, "the RCP example opens it");
        let s = s
            .apply(Action::SetContextOpen(false))
            .apply(Action::LoadExample("github-tag-release".to_owned()));
        assert!(!s.context_open);
        let span = oidc_trust::json::Span {
            start: 0,
            end: 1,
            line: 1,
            column: 1,
        };
        let picked = s.apply(Action::Select(Some(Mark::at(span, Doc::Rcp(0)))));
        assert!(picked.context_open);
        assert!(!s.apply(Action::Select(Some(Mark::from(span)))).context_open);
        // An RCP edit forgets a mark in an RCP, not one in the policy.
        assert_eq!(
            picked.apply(Action::SetRcp(0, "{}".to_owned())).selected,
            None
        );
        let in_policy = s.apply(Action::Select(Some(Mark::from(span))));
        assert!(
            in_policy
                .apply(Action::SetRcp(0, "{}".to_owned()))
                .selected
                .is_some()
        );
        // Saved inputs with a call open it; a link with one too.
        let saved = Inputs {
            call: crate::inputs::CallInputs {
                management_account: true,
                ..crate::inputs::CallInputs::default()
            },
            ..inputs(GH)
        };
        assert!(State::initial(Ok(Some(saved.clone())), None).context_open);
        assert!(
            State::default()
                .apply(Action::OpenLink(Ok(Box::new(saved))))
                .context_open
        );
    }

    #[test]
    fn links_without_a_token_keep_one() {
        let on_screen = State::with(inputs(GH));
        let shared = Inputs {
            policy: "{ }".to_owned(),
            ..Inputs::default()
        };
        let s = on_screen.apply(Action::OpenLink(Ok(Box::new(shared.clone()))));
        assert_eq!(
            (s.inputs.token.as_str(), s.inputs.policy.as_str()),
            (GH, "{ }")
        );
        assert!(s.notice.is_some());
        let from_example = Inputs {
            example: "gitlab-tag-pipeline".to_owned(),
            ..shared.clone()
        };
        let s = on_screen.apply(Action::OpenLink(Ok(Box::new(from_example))));
        assert_eq!(
            s.inputs.token,
            examples::find("gitlab-tag-pipeline").unwrap().token
        );
        let with_token = Inputs {
            token: "a.b.".to_owned(),
            ..shared
        };
        let s = on_screen.apply(Action::OpenLink(Ok(Box::new(with_token))));
        assert_eq!(s.inputs.token, "a.b.");
        assert_eq!(s.notice, None);
    }

    #[test]
    fn the_page_starts_from_a_link_else_the_saved_inputs_else_the_first_example() {
        let saved = Inputs {
            remember_token: true,
            ..inputs(GH)
        };
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
        let (text, note) = generate(&i, &eff, Scope::ThisRef, None, Some("111122223333")).unwrap();
        assert!(text.contains("arn:aws:iam::111122223333:oidc-provider/gitlab.com"));
        assert!(
            note.starts_with("Written for this token; it accepts"),
            "{note}"
        );
        let s = State::with(i).apply(Action::Generate {
            placement: Placement::Replace,
            clock: 0,
            known_account: Some("111122223333".to_owned()),
            traits: TokenTraits::default(),
        });
        assert_eq!(s.inputs.policy, text);
        assert_eq!(s.note.as_deref(), Some(note.as_str()));
        assert_eq!(s.inputs.example, "");
        let (_, a) = analyze(&s.inputs, 0);
        assert!(a.accepted, "{}", a.summary);
        let s = s.apply(Action::SetPolicy("{}".to_owned()));
        assert_eq!(s.note, None);
        assert!(generate(&inputs("nonsense"), &eff, Scope::ThisRef, None, None).is_err());
        let s = State::with(inputs("nonsense")).apply(Action::Generate {
            placement: Placement::Replace,
            clock: 0,
            known_account: None,
            traits: TokenTraits::default(),
        });
        assert_eq!(s.notice.map(|n| n.kind), Some(NoticeKind::Other));
    }

    #[test]
    fn the_generator_adds_its_statement_after_the_policys_own() {
        let e = examples::find("gitlab-branch-refused").unwrap();
        let i = e.inputs();
        let before = i.policy.clone();
        // The page passes the account the policy names (here 123456789012).
        let append = |inputs: Inputs| {
            State::with(inputs).apply(Action::Generate {
                placement: Placement::Append,
                clock: 0,
                known_account: Some("123456789012".to_owned()),
                traits: TokenTraits::default(),
            })
        };
        let s = append(i);
        // The person's text is kept as it was, up to the end of their last statement.
        let kept = before.rfind('}').and_then(|end| before.get(..end)).unwrap();
        let kept = kept.rfind('}').and_then(|end| kept.get(..=end)).unwrap();
        assert!(s.inputs.policy.starts_with(kept), "{}", s.inputs.policy);
        let doc: serde_json::Value = serde_json::from_str(&s.inputs.policy).unwrap();
        let old: serde_json::Value = serde_json::from_str(&before).unwrap();
        let count = |d: &serde_json::Value| d["Statement"].as_array().map_or(1, Vec::len);
        assert_eq!(count(&doc), count(&old) + 1);
        assert!(
            s.note
                .as_deref()
                .unwrap()
                .contains("added after your statements")
        );
        let (_, a) = analyze(&s.inputs, 0);
        assert!(a.accepted, "{}", a.summary);
        // Added twice: the second time there is nothing new, and the policy stays.
        let again = s.clone().apply(Action::Generate {
            placement: Placement::Append,
            clock: 0,
            known_account: Some("123456789012".to_owned()),
            traits: TokenTraits::default(),
        });
        assert_eq!(again.inputs.policy, s.inputs.policy);
        let notice = again.notice.unwrap();
        assert!(
            notice.text.contains("already has the written statements"),
            "{}",
            notice.text
        );
    }

    #[test]
    fn a_tag_pipeline_gets_a_tag_pattern_policy() {
        let e = examples::find("gitlab-tag-pipeline").unwrap();
        let claims = token_claims(&e.token);
        let traits = TokenTraits::of(claims.as_ref());
        assert!(traits.tag);
        let s = State::with(e.inputs())
            .apply(Action::SetScope(Scope::TagPattern))
            .apply(Action::SetTagPattern("v1.*".to_owned()))
            .apply(Action::Generate {
                placement: Placement::Replace,
                clock: 0,
                known_account: None,
                traits,
            });
        assert!(
            s.inputs.policy.contains(":ref_type:tag:ref:v1.*"),
            "{}",
            s.inputs.policy
        );
        let (_, a) = analyze(&s.inputs, 0);
        assert!(a.accepted, "{}", a.summary);
    }

    #[test]
    fn fixes_and_written_policies_go_through_the_editor_once_each() {
        let s = State::with(inputs(GH));
        let edit = insert_a();
        let s = s.apply(Action::ApplyEdit(Doc::Policy, edit.clone()));
        assert_eq!(s.inputs.policy, "{\"a\": 1}");
        let r = edit_for(&s.edits, Doc::Policy).unwrap();
        assert_eq!(
            (r.seq, r.doc, r.before.as_str(), r.start, r.end),
            (1, Doc::Policy, "{}", 1, 1)
        );
        // The editor reports the same text back: nothing changes, the request stays made.
        let back = s.apply(Action::SetPolicy("{\"a\": 1}".to_owned()));
        assert_eq!(back, s);
        // A fix that no longer fits the text is refused with a notice.
        let far = oidc_trust::diagnostic::Edit {
            span: oidc_trust::json::Span {
                start: 90,
                end: 99,
                line: 1,
                column: 1,
            },
            ..edit
        };
        let refused = s.apply(Action::ApplyEdit(Doc::Policy, far));
        assert_eq!(refused.inputs, s.inputs);
        assert!(refused.notice.is_some());
        // The generator's policy is a request too, and keeps its note when it comes back.
        let g = State::with(examples::find("gitlab-branch-refused").unwrap().inputs()).apply(
            Action::Generate {
                placement: Placement::Replace,
                clock: 0,
                known_account: None,
                traits: TokenTraits::default(),
            },
        );
        let r = edit_for(&g.edits, Doc::Policy).unwrap();
        assert_eq!((r.start, r.end), (0, r.before.len()));
        let back = g.apply(Action::SetPolicy(g.inputs.policy.clone()));
        assert!(back.note.is_some());
    }

    #[test]
    fn clear_forgets_every_input_and_the_token_is_remembered_only_when_asked() {
        let s = State::with(inputs(GH))
            .apply(Action::RememberToken(true))
            .apply(Action::Clear);
        assert_eq!(s.inputs, Inputs::default());
        assert_eq!(s.inputs.policy, "");
        // Saved inputs without the opt-in come back without their token.
        let saved = Inputs {
            token: "a.b.".to_owned(),
            ..Inputs::default()
        };
        assert_eq!(
            State::initial(Ok(Some(saved.clone())), None).inputs.token,
            ""
        );
        let asked = Inputs {
            remember_token: true,
            ..saved
        };
        assert_eq!(State::initial(Ok(Some(asked)), None).inputs.token, "a.b.");
    }

    #[test]
    fn a_box_too_large_is_left_out_of_the_analysis() {
        let big = format!(
            "{{\"x\": \"{}\"}}",
            "a".repeat(crate::inputs::MAX_POLICY_BYTES)
        );
        let i = Inputs {
            policy: big,
            ..inputs(GH)
        };
        let (_, a) = analyze(&i, 0);
        assert!(a.policy.is_none());
        assert_eq!(a.state, oidc_trust::api::VerdictState::Undecided);
        assert_eq!(i.too_large().len(), 1);
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
                audience: None,
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
            .apply(Action::Mint {
                clock: 1,
                audience: None,
            });
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
        assert_eq!(scope_choice(""), None);
        assert_eq!(State::default().scope, Scope::ThisRef);
        let env = TokenTraits {
            environment: true,
            tag: false,
        };
        let tag = TokenTraits {
            environment: false,
            tag: true,
        };
        let none = TokenTraits::default();
        assert_eq!(offered_scope(Scope::Environment, env), Scope::Environment);
        assert_eq!(offered_scope(Scope::Environment, none), Scope::ThisRef);
        assert_eq!(offered_scope(Scope::Repository, none), Scope::Repository);
        assert_eq!(offered_scope(Scope::TagPattern, env), Scope::ThisRef);
        assert_eq!(offered_scope(Scope::TagPattern, tag), Scope::TagPattern);
        // Every scope of the core's generator is on the menu.
        for scope in [
            Scope::ThisRef,
            Scope::TagPattern,
            Scope::Environment,
            Scope::Repository,
        ] {
            assert!(SCOPE_CHOICES.iter().any(|c| c.scope == scope), "{scope:?}");
        }

        let generated = |id: &str, scope: Scope, has_environment: bool| {
            let e = examples::find(id).unwrap();
            State::with(e.inputs())
                .apply(Action::SetScope(scope))
                .apply(Action::Generate {
                    placement: Placement::Replace,
                    clock: 0,
                    known_account: None,
                    traits: TokenTraits {
                        environment: has_environment,
                        tag: false,
                    },
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

    #[test]
    fn an_empty_trace_says_why_without_blaming_aws_for_what_the_tool_could_not_read() {
        assert_eq!(why_no_trace(VerdictState::Accepted, "{}"), "");
        assert!(why_no_trace(VerdictState::Refused, " ").starts_with("No trust policy yet"));
        assert!(
            why_no_trace(VerdictState::Undecided, "{")
                .starts_with("Not evaluated: an input could not be read")
        );
        assert!(why_no_trace(VerdictState::Refused, "{}").starts_with("AWS stopped before"));
    }

    #[test]
    #[cfg(feature = "targets")]
    fn every_target_s_generator_fills_its_boxes_through_their_editors() {
        // A GitHub Actions token for acme/widgets' main branch, with the ids the
        // repository-wide choices pin.
        let token = |aud: &str| {
            serde_json::json!({
                "iss": "https://token.actions.githubusercontent.com", "aud": aud,
                "sub": "repo:acme/widgets:ref:refs/heads/main", "repository": "acme/widgets",
                "repository_owner": "acme", "repository_id": "101", "repository_owner_id": "202",
                "ref": "refs/heads/main", "ref_type": "branch", "event_name": "push",
                "workflow_ref": "acme/widgets/.github/workflows/ci.yml@refs/heads/main",
                "job_workflow_ref": "acme/widgets/.github/workflows/ci.yml@refs/heads/main",
                "iat": 1000, "exp": 1300
            })
            .to_string()
        };
        // Each target's token asks for the audience it takes.
        let audience = |target| match target {
            Target::Azure => "api://AzureADTokenExchange",
            Target::Publishing => "pypi",
            _ => "https://example.test",
        };
        let on = |target, choice| {
            State::with(inputs(&token(audience(target))))
                .apply(Action::SetTarget(target))
                .apply(Action::SetWriteChoice(choice))
                .apply(Action::WriteConfig)
        };
        // Google Cloud writes two boxes: two edits, each for its editor's undo history.
        let gcp = on(Target::Gcp, WriteChoice::Repository);
        assert_eq!(gcp.notice, None);
        let docs: Vec<Doc> = gcp.edits.iter().map(|e| e.doc).collect();
        assert_eq!(
            docs,
            [
                Doc::Config(ConfigDoc::PoolProvider),
                Doc::Config(ConfigDoc::IamPolicy)
            ]
        );
        assert!(
            gcp.edits
                .iter()
                .all(|e| e.before.is_empty() && e.start == 0)
        );
        let provider = gcp.inputs.configs.text(ConfigDoc::PoolProvider);
        assert!(provider.contains("101"), "the repository's id: {provider}");
        assert!(!gcp.steps.is_empty());
        let note = gcp.note.clone().unwrap();
        assert!(
            note.starts_with("Written for this token; it accepts the token."),
            "{note}"
        );
        let (_, answered) = evaluate(&gcp.inputs, 0);
        assert!(answered.answer.accepted, "{}", answered.answer.summary);
        // An edit of a box forgets the note and the commands.
        let edited = gcp.apply(Action::SetConfig(ConfigDoc::IamPolicy, String::new()));
        assert!(edited.note.is_none() && edited.steps.is_empty());
        // Writing again replaces the texts: each edit is for the text then in its box.
        let again = edited.apply(Action::WriteConfig);
        let policy = again
            .edits
            .iter()
            .find(|e| e.doc == Doc::Config(ConfigDoc::IamPolicy));
        assert_eq!(policy.map(|e| e.before.as_str()), Some(""));
        assert!(again.edits.iter().map(|e| e.seq).min() > gcp.edits.iter().map(|e| e.seq).max());

        // Each other target: what it writes is accepted for the token.
        for (target, choice) in [
            (Target::Azure, WriteChoice::Exact),
            (Target::Azure, WriteChoice::Flexible),
            (Target::Vault, WriteChoice::Exact),
            (Target::Vault, WriteChoice::Repository),
        ] {
            let s = on(target, choice);
            assert_eq!(s.notice, None, "{target:?} {choice:?}");
            let (_, answered) = evaluate(&s.inputs, 0);
            assert!(
                answered.answer.accepted,
                "{target:?} {choice:?}: {}",
                answered.answer.summary
            );
        }
        let flexible = on(Target::Azure, WriteChoice::Flexible);
        assert!(
            flexible
                .inputs
                .configs
                .text(ConfigDoc::Credentials)
                .contains("claimsMatchingExpression")
        );

        // Trusted publishing writes for the registry picked, else the one the token's
        // audience names; with neither, it asks for the registry.
        let by_audience = on(Target::Publishing, WriteChoice::Exact);
        assert_eq!(by_audience.notice, None);
        assert!(
            by_audience
                .inputs
                .configs
                .text(ConfigDoc::Publishers)
                .contains("\"registry\": \"pypi\"")
        );
        let unpicked = State::with(inputs(&token("https://example.test")))
            .apply(Action::SetTarget(Target::Publishing))
            .apply(Action::WriteConfig);
        assert!(unpicked.notice.unwrap().text.contains("pick the registry"));
        let picked = State::with(inputs(&token("pypi")))
            .apply(Action::SetTarget(Target::Publishing))
            .apply(Action::SetRegistry(Some(Registry::PyPi)))
            .apply(Action::WriteConfig);
        assert_eq!(picked.notice, None);
        assert!(
            picked
                .inputs
                .configs
                .text(ConfigDoc::Publishers)
                .contains("\"workflow_filename\": \"ci.yml\"")
        );
        let (_, answered) = evaluate(&picked.inputs, 0);
        assert!(answered.answer.accepted, "{}", answered.answer.summary);

        // A token the generator cannot read: a notice saying why, no box touched.
        let bad = State::with(inputs("nonsense"))
            .apply(Action::SetTarget(Target::Vault))
            .apply(Action::WriteConfig);
        assert!(
            bad.notice
                .unwrap()
                .text
                .starts_with("nothing could be written: ")
        );
        assert!(bad.inputs.configs.is_empty() && bad.edits.is_empty());
    }

    #[test]
    #[cfg(not(feature = "targets"))]
    fn the_aws_only_module_keeps_another_target_s_inputs_for_the_whole_page() {
        let mut typed = inputs(GH);
        typed.configs.set(ConfigDoc::Credentials, "[]".to_owned());
        typed.configs.registry = Some("pypi".to_owned());
        let s = State::with(typed).apply(Action::SetTarget(Target::Azure));
        assert!(!s.inputs.target.available());
        let (_, answered) = evaluate(&s.inputs, 0);
        assert_eq!(answered.answer.state, VerdictState::Undecided);
        assert_eq!(
            answered.answer.missing.as_deref(),
            Some("Loading the checks for Microsoft Entra ID…")
        );
        assert!(answered.aws.is_none() && answered.other.is_none());
        // What is handed over is what was typed: the target, the token and every box.
        let json = serde_json::to_string(&s.inputs).unwrap();
        let back: Inputs = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s.inputs);
        assert_eq!(back.token, GH);
        assert_eq!(back.configs.text(ConfigDoc::Credentials), "[]");
    }
}
