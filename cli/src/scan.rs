//! `oidc-trust scan`: every role of an account export that trusts an OIDC provider, its
//! findings, and, for each token given, every role that token could assume (the blast
//! radius of a leaked token).
//!
//! Fast by construction, exact by verification: each policy is parsed once, each token's
//! request context is built once, and the roles a token could possibly assume are
//! prefiltered with one [`GlobSet`] per condition key over every value and pattern in the
//! export that a statement cannot apply without (`<issuer>:sub` first).
//! Every candidate is then evaluated by the core evaluator, so the answer is the core's
//! answer; the prefilter only skips roles that cannot allow the token.
//!
//! The prefilter is sound because a `StringEquals`/`StringLike` condition (without
//! `IfExists`, negation, `ForAllValues:` or policy variables) is false unless the key is
//! present and one of its values matches one of the condition's values: an `Allow`
//! statement with such a condition cannot apply to a token that matches none of them.
//! Statements without one are candidates for every token of their provider.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use oidc_trust::aws::context::{Context, ContextOptions, TAGS_CLAIM};
use oidc_trust::aws::eval::{self, Applies, Decision, EvalRequest};
use oidc_trust::aws::lint::{self, LintOptions};
use oidc_trust::aws::policy::{
    ASSUME_ACTION, BaseOperator, Effect, Principal, SetQualifier, TAG_SESSION_ACTION, TrustPolicy,
};
use oidc_trust::aws::sts::EXPIRY_GRACE_SECONDS;
use oidc_trust::matching::Elem;
use oidc_trust::{Claims, Diagnostic, Severity};
use serde_json::json;

use crate::input::{self, InputError, Source};
use crate::lint::FailOn;
use crate::style::Style;

/// Arguments of `oidc-trust scan`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    about = "Scan an account export: roles trusting OIDC, their findings, and what each token could assume",
    long_about = "Scan every role of an AWS account export. Lists the roles whose trust policy names an \
OIDC identity provider (or any principal), lints each trust policy, and, given tokens with \
--token, lists every role each token could assume: the blast radius of a leaked CI token.\n\n\
FILE is one of:\n  \
* `aws iam get-account-authorization-details` output (`RoleDetailList[].AssumeRolePolicyDocument`,\n    \
a JSON object, or URL-encoded JSON text as the raw API returns it);\n  \
* `aws iam list-roles` output (`Roles[]`);\n  \
* a JSON array of roles: [{\"RoleName\", \"Arn\", \"AssumeRolePolicyDocument\"}].\n\n\
The export does not list the account's IAM OIDC providers or their client ids, so a provider a \
policy names is assumed to exist, and the token's audience is assumed to be on its client-id \
list unless --client-id gives the list. Expiry is reported but does not filter: a leaked token \
could be used until it expired. Every verdict comes from the same evaluator as `analyze`.",
    after_long_help = "EXIT STATUS:\n  \
0  scanned (and no finding at or above --fail-on)\n  \
1  a finding at or above --fail-on\n  \
2  FILE or a token file could not be read\n\n\
EXAMPLES:\n  \
aws iam get-account-authorization-details --filter Role > roles.json\n  \
oidc-trust scan roles.json\n  \
oidc-trust scan roles.json --token leaked.jwt\n  \
oidc-trust scan roles.json --token tokens.txt --json > blast-radius.json\n\n\
A token file holds one token (a JWT or its claims as JSON), one JWT per line, or a JSON array\n\
of tokens or claims objects. Put FILE before --token, which takes several files."
)]
pub struct ScanArgs {
    /// The export: `get-account-authorization-details`, `list-roles`, or a list of roles.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Token files: list every role each token could assume.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub token: Vec<PathBuf>,

    /// The client ids (audiences) every provider accepts. Default: whatever the token has.
    #[arg(long = "client-id", value_name = "ID")]
    pub client_id: Vec<String>,

    /// The evaluation time for the expiry report, in seconds since the epoch. Default: now.
    #[arg(long, value_name = "EPOCH", allow_negative_numbers = true)]
    pub now: Option<i64>,

    /// List every role that trusts an OIDC provider, with its findings.
    #[arg(long)]
    pub roles: bool,

    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,

    /// The least severe finding that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Never, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// Never print progress on stderr (by default it does for big files on a terminal).
    #[arg(long, short, conflicts_with = "progress")]
    pub quiet: bool,

    /// Always print progress, with timings, on stderr.
    #[arg(long)]
    pub progress: bool,
}

/// One role of the export.
#[derive(Debug, Clone)]
pub struct Role {
    /// `RoleName`.
    pub name: String,
    /// `Arn`, if given.
    pub arn: Option<String>,
    /// The account, from the ARN.
    pub account: Option<String>,
    /// The partition, from the ARN (`aws` if unknown).
    pub partition: String,
    /// Pointer of the role in the export.
    pub pointer: String,
    /// Pointer of its trust policy in the export.
    pub policy_pointer: String,
    /// Byte offset of the policy text in the export, when it is a JSON object there (so
    /// spans can be shifted into the export).
    pub policy_offset: Option<usize>,
    /// Byte offset of the `AssumeRolePolicyDocument` value (an object or a string).
    pub document_offset: usize,
    /// The trust policy text (URL-decoded).
    pub policy_text: String,
    /// The parsed trust policy.
    pub policy: Option<TrustPolicy>,
    /// Findings about the trust policy.
    pub diagnostics: Vec<Diagnostic>,
    /// The OIDC provider URLs its `Federated` principals name.
    pub providers: Vec<String>,
    /// Whether it trusts any principal (`"*"` or `Federated: "*"`) in an `Allow`.
    pub wildcard: bool,
}

impl Role {
    /// Whether the role trusts an OIDC provider (or anyone).
    pub fn trusts_oidc(&self) -> bool {
        !self.providers.is_empty() || self.wildcard
    }

    /// The provider ARN a token from `url` presents to this role.
    pub fn principal_for(&self, url: &str) -> String {
        if let Some(account) = &self.account {
            return format!("arn:{}:iam::{account}:oidc-provider/{url}", self.partition);
        }
        let named = self
            .policy
            .iter()
            .flat_map(|p| &p.statements)
            .find_map(|s| {
                s.principal.federated().find(|v| {
                    v.strip_suffix(url)
                        .is_some_and(|head| head.ends_with(":oidc-provider/"))
                })
            });
        named.map_or_else(
            || format!("arn:{}:iam::<account>:oidc-provider/{url}", self.partition),
            str::to_owned,
        )
    }
}

/// A problem with one entry of the export (the rest is still scanned).
#[derive(Debug, Clone)]
pub struct Problem {
    /// The pointer.
    pub pointer: String,
    /// Byte offset of the entry in the export.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// A loaded export.
#[derive(Debug, Clone)]
pub struct Export {
    /// Which shape the file had.
    pub format: &'static str,
    /// Every role, in file order.
    pub roles: Vec<Role>,
    /// Entries that could not be read.
    pub problems: Vec<Problem>,
}

/// Line and character column of byte offsets in a big text, in O(log lines) for ASCII
/// text (the usual export).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = if self.ascii {
            offset.saturating_sub(start)
        } else {
            self.text
                .get(start..offset)
                .map_or(0, |s| s.chars().count())
        };
        (line, column + 1)
    }
}

#[derive(serde::Deserialize)]
struct Top<'a> {
    #[serde(rename = "RoleDetailList", borrow, default)]
    role_detail_list: Option<Vec<&'a serde_json::value::RawValue>>,
    #[serde(rename = "Roles", borrow, default)]
    roles: Option<Vec<&'a serde_json::value::RawValue>>,
}

#[derive(serde::Deserialize)]
struct RoleIn<'a> {
    #[serde(rename = "RoleName", borrow, default)]
    name: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "Arn", borrow, default)]
    arn: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "AssumeRolePolicyDocument", borrow, default)]
    document: Option<&'a serde_json::value::RawValue>,
}

fn serde_error(source: &Source, e: &serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let inner = e.inner();
    let text = inner.to_string();
    let message = text
        .rfind(" at line ")
        .and_then(|i| text.get(..i))
        .unwrap_or(&text);
    let mut err = InputError::in_file(&source.name, format!("not a readable export: {message}"));
    if inner.line() > 0 {
        err.line_column = Some((inner.line(), inner.column().max(1)));
    }
    let pointer = input::pointer_of(e.path());
    if !pointer.is_empty() && pointer != "/?" {
        err.pointer = Some(pointer);
    }
    err
}

/// Reads an export. Fails only when the file is not JSON or not one of the known shapes;
/// a bad entry becomes a [`Problem`]. Each trust policy is parsed (and, for roles that
/// trust OIDC, linted) once, on every core.
pub fn load(source: &Source) -> Result<Export, InputError> {
    let text = source.text.as_str();
    let shape_error = || {
        InputError::in_file(
            &source.name,
            "expected `aws iam get-account-authorization-details` output (with `RoleDetailList`), `aws iam list-roles` output (with `Roles`), or an array of roles",
        )
    };
    let (format, list_pointer, items) = match text.trim_start().chars().next() {
        Some('[') => {
            let mut de = serde_json::Deserializer::from_str(text);
            let items: Vec<&serde_json::value::RawValue> =
                serde_path_to_error::deserialize(&mut de).map_err(|e| serde_error(source, &e))?;
            ("role list", "", items)
        }
        Some('{') => {
            let mut de = serde_json::Deserializer::from_str(text);
            let top: Top<'_> =
                serde_path_to_error::deserialize(&mut de).map_err(|e| serde_error(source, &e))?;
            match (top.role_detail_list, top.roles) {
                (Some(list), _) => ("get-account-authorization-details", "/RoleDetailList", list),
                (None, Some(list)) => ("list-roles", "/Roles", list),
                (None, None) => return Err(shape_error()),
            }
        }
        _ => {
            // Not JSON at all, or a scalar: let the JSON reader say where.
            let source_error = input::parse_json(source).err();
            return Err(source_error.unwrap_or_else(shape_error));
        }
    };
    let base = text.as_ptr().addr();
    let offset_of =
        |raw: &serde_json::value::RawValue| raw.get().as_ptr().addr().saturating_sub(base);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(256);
    let results: Vec<Result<Role, Problem>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(j, raw)| {
                            let pointer = format!("{list_pointer}/{}", c * chunk + j);
                            role(raw, pointer, offset_of)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut roles = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(role) => roles.push(role),
            Err(p) => problems.push(p),
        }
    }
    Ok(Export {
        format,
        roles,
        problems,
    })
}

fn role(
    raw: &serde_json::value::RawValue,
    pointer: String,
    offset_of: impl Fn(&serde_json::value::RawValue) -> usize,
) -> Result<Role, Problem> {
    let offset = offset_of(raw);
    let item: RoleIn<'_> = serde_json::from_str(raw.get()).map_err(|e| {
        let text = e.to_string();
        let message = text
            .rfind(" at line ")
            .and_then(|i| text.get(..i))
            .unwrap_or(&text)
            .to_owned();
        Problem {
            pointer: pointer.clone(),
            offset,
            message: format!("not a role: {message}"),
        }
    })?;
    let name = item.name.as_deref().unwrap_or("(no RoleName)").to_owned();
    let arn = item.arn.map(std::borrow::Cow::into_owned);
    let (partition, account) = arn.as_deref().and_then(split_arn).unzip();
    let policy_pointer = format!("{pointer}/AssumeRolePolicyDocument");
    let Some(doc) = item.document.filter(|d| d.get() != "null") else {
        return Err(Problem {
            pointer,
            offset,
            message: format!("role `{name}` has no `AssumeRolePolicyDocument`"),
        });
    };
    let doc_offset = offset_of(doc);
    let problem = |message: String| Problem {
        pointer: policy_pointer.clone(),
        offset: doc_offset,
        message,
    };
    let (policy_text, policy_offset) = match doc.get().as_bytes().first() {
        Some(b'{') => (doc.get().to_owned(), Some(doc_offset)),
        Some(b'"') => {
            let s: String = serde_json::from_str(doc.get()).map_err(|e| {
                problem(format!(
                    "the trust policy of `{name}` is not a JSON string: {e}"
                ))
            })?;
            if s.trim_start().starts_with('{') {
                (s, None)
            } else {
                let decoded = percent_encoding::percent_decode_str(&s)
                    .decode_utf8()
                    .map_err(|e| {
                        problem(format!(
                            "the URL-encoded trust policy of `{name}` is not UTF-8: {e}"
                        ))
                    })?;
                (decoded.into_owned(), None)
            }
        }
        _ => {
            return Err(problem(format!(
                "the trust policy of `{name}` is `{}`, expected a JSON object or URL-encoded JSON text",
                doc.get().chars().take(40).collect::<String>()
            )));
        }
    };
    let parsed = oidc_trust::parse_policy(&policy_text);
    let mut providers: Vec<String> = Vec::new();
    let mut wildcard = false;
    if let Some(p) = &parsed.policy {
        for s in &p.statements {
            if s.effect != Some(Effect::Allow) {
                continue;
            }
            // `"*"` trusts web identities only where the action admits them.
            let web_identity = s.action.covers_web_identity();
            if matches!(s.principal, Principal::Any) && web_identity {
                wildcard = true;
            }
            for v in s.principal.federated() {
                if v == "*" {
                    wildcard |= web_identity;
                } else if let Some((_, url)) = v.split_once(":oidc-provider/")
                    && !providers.iter().any(|p| p == url)
                {
                    providers.push(url.to_owned());
                }
            }
        }
    }
    let mut diagnostics = parsed.diagnostics;
    if let (Some(p), true) = (&parsed.policy, !providers.is_empty() || wildcard) {
        diagnostics.extend(lint::run(p, &LintOptions::default()));
    }
    Ok(Role {
        name,
        arn,
        account,
        partition: partition.unwrap_or_else(|| "aws".to_owned()),
        pointer,
        policy_pointer,
        policy_offset,
        document_offset: doc_offset,
        policy: parsed.policy,
        policy_text,
        diagnostics,
        providers,
        wildcard,
    })
}

/// `arn:<partition>:iam::<account>:role/...` -> (partition, account).
fn split_arn(arn: &str) -> Option<(String, String)> {
    let mut it = arn.splitn(6, ':');
    match (it.next(), it.next(), it.next(), it.next(), it.next()) {
        (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account))
            if !account.is_empty() =>
        {
            Some((partition.to_owned(), account.to_owned()))
        }
        _ => None,
    }
}

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
fn constraint(s: &oidc_trust::aws::policy::Statement) -> Option<Constraint<'_>> {
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
        let claim = c.key_lower.rsplit(':').next().unwrap_or_default();
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
                    key: &c.key_lower,
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
                            } else if let Some((_, url)) = v.split_once(":oidc-provider/") {
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
            let oidc_trust::aws::context::Lookup::Present(values) = context.lookup(key) else {
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

/// A token to scan with.
#[derive(Debug, Clone)]
pub struct ScanToken {
    /// Where it came from (`file`, `file:3` for line 3, `file[2]` for an array element).
    pub label: String,
    /// Its claims, or why it could not be decoded.
    pub claims: Result<Claims, String>,
}

/// Reads a token file: one token, one JWT per line, or a JSON array of tokens or claims.
pub fn read_tokens(source: &Source) -> Vec<ScanToken> {
    let text = source.text.trim();
    let one = |label: String, t: &str| ScanToken {
        label,
        claims: oidc_trust::decode(t)
            .map(|t| t.claims)
            .map_err(|e| e.to_string()),
    };
    if text.starts_with('[')
        && let Ok(serde_json::Value::Array(items)) = serde_json::from_str(text)
    {
        return items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let label = format!("{}[{i}]", source.name);
                match v {
                    serde_json::Value::String(s) => one(label, s),
                    serde_json::Value::Object(m) => ScanToken {
                        label,
                        claims: Ok(Claims::new(m.clone())),
                    },
                    other => ScanToken {
                        label,
                        claims: Err(format!(
                            "expected a token string or a claims object, found {other}"
                        )),
                    },
                }
            })
            .collect();
    }
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if lines.len() > 1
        && lines
            .iter()
            .all(|(_, l)| l.matches('.').count() == 2 && !l.contains(' '))
    {
        return lines
            .into_iter()
            .map(|(i, l)| one(format!("{}:{}", source.name, i + 1), l))
            .collect();
    }
    vec![one(source.name.clone(), text)]
}

/// One role a token could assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumable {
    /// Index into the export's roles.
    pub role: usize,
    /// The statement that allows it.
    pub statement: Option<usize>,
}

/// Why a token can assume nothing before the trust policies are consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The token could not be decoded.
    Undecodable(String),
    /// No usable `iss`.
    Issuer(String),
    /// Its audience is not on the given client-id list.
    Audience(String),
    /// A required claim is missing.
    MissingClaim(&'static str),
}

/// The roles a token could assume: candidates from the index, each verified by the core
/// evaluator.
pub fn blast_radius(
    roles: &[Role],
    index: &Index,
    claims: &Claims,
    client_ids: &[String],
) -> Result<Vec<Assumable>, Blocked> {
    for claim in ["aud", "sub", "iss", "exp"] {
        let present = match claim {
            "aud" => !claims.audiences().is_empty(),
            _ => claims.get(claim).is_some_and(|v| !v.is_null()),
        };
        if !present {
            return Err(Blocked::MissingClaim(claim));
        }
    }
    let iss = claims.issuer().unwrap_or_default();
    let Some(url) = iss.strip_prefix("https://") else {
        return Err(Blocked::Issuer(format!(
            "`iss` `{iss}` is not an https URL, so no IAM OIDC provider matches it"
        )));
    };
    if !client_ids.is_empty() {
        let auds: Vec<&str> = match claims.str("azp") {
            Some(azp) => vec![azp],
            None => claims.audiences(),
        };
        if !auds.iter().any(|a| client_ids.iter().any(|c| c == a)) {
            return Err(Blocked::Audience(format!(
                "the audience {} is not on the client-id list",
                auds.iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let context = Context::new(url, claims, None, ContextOptions::default());
    let tags = claims.get(TAGS_CLAIM).is_some();
    let mut out = Vec::new();
    for r in index.candidates(url, &context) {
        let Some(role) = roles.get(r) else { continue };
        let Some(policy) = &role.policy else { continue };
        let principal = role.principal_for(url);
        let request = EvalRequest {
            context: &context,
            action: ASSUME_ACTION,
            principal: &principal,
        };
        let ev = eval::evaluate(policy, &request);
        if ev.decision != Decision::Allow {
            continue;
        }
        if tags {
            let tag_request = EvalRequest {
                action: TAG_SESSION_ACTION,
                ..request
            };
            if eval::evaluate(policy, &tag_request).decision != Decision::Allow {
                continue;
            }
        }
        let statement = policy
            .statements
            .iter()
            .zip(&ev.statements)
            .position(|(s, res)| s.effect == Some(Effect::Allow) && res.applies == Applies::Yes);
        out.push(Assumable { role: r, statement });
    }
    Ok(out)
}

/// Progress lines on stderr, for big files on a terminal.
struct Progress {
    enabled: bool,
    start: std::time::Instant,
}

impl Progress {
    #[expect(
        clippy::disallowed_methods,
        reason = "the CLI times its own progress; the core never reads the clock"
    )]
    fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            start: std::time::Instant::now(),
        }
    }

    fn say(&self, err: &mut dyn Write, what: &str) -> io::Result<()> {
        if self.enabled {
            writeln!(
                err,
                "scan: {what} ({:.0} ms)",
                self.start.elapsed().as_secs_f64() * 1000.0
            )?;
        }
        Ok(())
    }
}

/// One token's result.
#[derive(Debug, Clone)]
pub struct TokenReport {
    /// The token.
    pub token: ScanToken,
    /// What it could assume.
    pub result: Result<Vec<Assumable>, Blocked>,
}

/// Runs the command; returns the exit status.
pub fn run(
    args: &ScanArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let source = match input::read(&args.file) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let big = source.text.len() > 1 << 20;
    let progress =
        Progress::new(args.progress || (big && !args.quiet && io::stderr().is_terminal()));
    progress.say(
        err,
        &format!("read {} ({} KiB)", source.name, source.text.len() / 1024),
    )?;
    let export = match load(&source) {
        Ok(e) => e,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    progress.say(err, &format!("parsed {} roles", export.roles.len()))?;
    let mut tokens = Vec::new();
    for path in &args.token {
        match input::read(path) {
            Ok(s) => tokens.extend(read_tokens(&s)),
            Err(e) => {
                writeln!(err, "error: {e}")?;
                return Ok(2);
            }
        }
    }
    let mut reports = Vec::with_capacity(tokens.len());
    if !tokens.is_empty() {
        let index = Index::build(&export.roles);
        progress.say(err, "indexed the roles by provider and subject")?;
        let total = tokens.len();
        for (i, token) in tokens.into_iter().enumerate() {
            let result = match &token.claims {
                Ok(c) => blast_radius(&export.roles, &index, c, &args.client_id),
                Err(e) => Err(Blocked::Undecodable(e.clone())),
            };
            reports.push(TokenReport { token, result });
            if (i + 1) % 25 == 0 || i + 1 == total {
                progress.say(err, &format!("checked {}/{total} tokens", i + 1))?;
            }
        }
    }
    let now = args.now.unwrap_or_else(input::now);
    if args.json {
        let v = json_summary(&source, &export, &reports, now, args.roles);
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).map_err(io::Error::other)?
        )?;
    } else {
        text_summary(out, style, &source, &export, &reports, now, args.roles)?;
    }
    let failed = export
        .roles
        .iter()
        .filter(|r| r.trusts_oidc())
        .flat_map(|r| &r.diagnostics)
        .any(|d| args.fail_on.fails(d.severity));
    // The process ends next: freeing every parsed policy one by one would only cost time.
    std::mem::forget(export);
    Ok(i32::from(failed))
}

/// Providers and how many roles trust each, most first.
fn provider_counts(export: &Export) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in &export.roles {
        for p in &r.providers {
            match counts.iter_mut().find(|(u, _)| u == p) {
                Some((_, n)) => *n += 1,
                None => counts.push((p.clone(), 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// Findings by code: (code, severity, roles with it, findings).
fn code_counts(roles: &[&Role]) -> Vec<(&'static str, Severity, usize, usize)> {
    let mut out: Vec<(&'static str, Severity, usize, usize)> = Vec::new();
    for r in roles {
        let mut seen: Vec<&str> = Vec::new();
        for d in &r.diagnostics {
            let first = !seen.contains(&d.code);
            if first {
                seen.push(d.code);
            }
            match out.iter_mut().find(|(c, ..)| *c == d.code) {
                Some(e) => {
                    e.3 += 1;
                    if first {
                        e.2 += 1;
                    }
                }
                None => out.push((d.code, d.severity, 1, 1)),
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    out
}

/// Where a role's finding is in the export: `file:line:col`.
fn finding_place(source: &Source, lines: &LineIndex<'_>, role: &Role, d: &Diagnostic) -> String {
    let at = match (role.policy_offset, d.span) {
        (Some(base), Some(span)) => base + span.start,
        // A URL-encoded policy, or a finding with no place: the document itself.
        _ => role.document_offset,
    };
    let (l, c) = lines.line_column(at);
    format!("{}:{l}:{c}", source.name)
}

fn token_facts(claims: &Claims) -> (String, String, String, Option<i64>) {
    let s = |k: &str| claims.str(k).unwrap_or("?").to_owned();
    (
        s("sub"),
        s("iss"),
        claims.audiences().join(", "),
        claims.get("exp").and_then(serde_json::Value::as_i64),
    )
}

fn blocked_text(b: &Blocked) -> String {
    match b {
        Blocked::Undecodable(e) => format!("the token cannot be decoded: {e}"),
        Blocked::Issuer(e) | Blocked::Audience(e) => e.clone(),
        Blocked::MissingClaim(c) => format!("the token has no `{c}` claim, which AWS requires"),
    }
}

fn text_summary(
    out: &mut dyn Write,
    s: Style,
    source: &Source,
    export: &Export,
    reports: &[TokenReport],
    now: i64,
    list_roles: bool,
) -> io::Result<()> {
    let oidc: Vec<&Role> = export.roles.iter().filter(|r| r.trusts_oidc()).collect();
    let lines = LineIndex::new(&source.text);
    writeln!(
        out,
        "{} ({}): {} roles, {} trust an OIDC provider",
        s.bold(&source.name),
        export.format,
        export.roles.len(),
        s.bold(&oidc.len().to_string())
    )?;
    for (url, n) in provider_counts(export) {
        writeln!(out, "  {n:>6}  {url}")?;
    }
    let wild: Vec<&&Role> = oidc.iter().filter(|r| r.wildcard).collect();
    if !wild.is_empty() {
        writeln!(
            out,
            "  {:>6}  {}",
            wild.len(),
            s.red("any principal or any provider (`*`): anyone with a token from any provider in the account")
        )?;
        for r in wild.iter().take(10) {
            writeln!(
                out,
                "          {}  {}",
                r.name,
                s.dim(r.arn.as_deref().unwrap_or(&r.pointer))
            )?;
        }
        if wild.len() > 10 {
            writeln!(
                out,
                "          ... and {} more (--roles lists them)",
                wild.len() - 10
            )?;
        }
    }
    for p in &export.problems {
        let (line, column) = lines.line_column(p.offset);
        writeln!(
            out,
            "  {} {}:{line}:{column} ({}): {}",
            s.yellow("skipped:"),
            source.name,
            p.pointer,
            p.message
        )?;
    }

    let all: Vec<Diagnostic> = oidc
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    let (errors, warnings, infos) = crate::render::count(&all);
    let with = oidc.iter().filter(|r| !r.diagnostics.is_empty()).count();
    writeln!(out)?;
    writeln!(
        out,
        "{} {errors} errors, {warnings} warnings, {infos} info in {with} of {} OIDC roles",
        s.bold("Findings:"),
        oidc.len()
    )?;
    for (code, sev, roles, n) in code_counts(&oidc) {
        writeln!(
            out,
            "  {:<8} {code:<36} {roles} role{} ({n} finding{})",
            s.severity(sev),
            if roles == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" }
        )?;
    }

    if list_roles {
        writeln!(out)?;
        writeln!(out, "{}", s.bold("Roles trusting an OIDC provider"))?;
        for r in &oidc {
            let mut providers = r.providers.join(", ");
            if r.wildcard {
                providers = if providers.is_empty() {
                    "*".to_owned()
                } else {
                    format!("{providers}, *")
                };
            }
            writeln!(
                out,
                "  {}  {}  [{providers}]",
                r.name,
                s.dim(r.arn.as_deref().unwrap_or(&r.pointer))
            )?;
            for d in &r.diagnostics {
                writeln!(
                    out,
                    "      {}[{}] {} {}: {}",
                    s.severity(d.severity),
                    d.code,
                    s.dim(&finding_place(source, &lines, r, d)),
                    s.dim(d.pointer.as_deref().unwrap_or("")),
                    d.message
                )?;
            }
        }
    }

    for t in reports {
        writeln!(out)?;
        match &t.token.claims {
            Ok(c) => {
                let (sub, iss, aud, exp) = token_facts(c);
                let expiry = exp.map_or_else(String::new, |e| {
                    if now > e.saturating_add(EXPIRY_GRACE_SECONDS) {
                        format!(", expired {}", crate::render::relative(e, now))
                    } else {
                        format!(", expires {}", crate::render::relative(e, now))
                    }
                });
                writeln!(
                    out,
                    "{} {}: sub {} (iss {iss}, aud {aud}{expiry})",
                    s.bold("Token"),
                    t.token.label,
                    s.bold(&sub)
                )?;
            }
            Err(_) => writeln!(out, "{} {}", s.bold("Token"), t.token.label)?,
        }
        match &t.result {
            Err(b) => writeln!(
                out,
                "  {} {}",
                s.yellow("assumes nothing:"),
                blocked_text(b)
            )?,
            Ok(list) if list.is_empty() => {
                writeln!(out, "  {}", s.green("could assume no role"))?;
            }
            Ok(list) => {
                writeln!(
                    out,
                    "  {}",
                    s.red(&format!(
                        "could assume {} role{}:",
                        list.len(),
                        if list.len() == 1 { "" } else { "s" }
                    ))
                )?;
                for a in list {
                    let Some(r) = export.roles.get(a.role) else {
                        continue;
                    };
                    let st = a
                        .statement
                        .map(|i| format!(" (statement {i})"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "    {}  {}{}",
                        r.name,
                        s.dim(r.arn.as_deref().unwrap_or(&r.pointer)),
                        s.dim(&st)
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn role_json(
    source: &Source,
    lines: &LineIndex<'_>,
    r: &Role,
    with_findings: bool,
) -> serde_json::Value {
    let mut v = json!({
        "name": r.name,
        "arn": r.arn,
        "pointer": r.pointer,
        "providers": r.providers,
        "anyPrincipal": r.wildcard,
    });
    if with_findings {
        let findings: Vec<serde_json::Value> = r
            .diagnostics
            .iter()
            .map(|d| {
                let mut j = serde_json::to_value(d).unwrap_or_default();
                set(
                    &mut j,
                    "exportPointer",
                    format!(
                        "{}{}",
                        r.policy_pointer,
                        d.pointer.as_deref().unwrap_or_default()
                    ),
                );
                set(&mut j, "location", finding_place(source, lines, r, d));
                j
            })
            .collect();
        set(&mut v, "diagnostics", findings);
    }
    v
}

/// Sets a member of a JSON object (no-op on anything else).
fn set(v: &mut serde_json::Value, key: &str, value: impl Into<serde_json::Value>) {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.to_owned(), value.into());
    }
}

/// The JSON summary.
pub fn json_summary(
    source: &Source,
    export: &Export,
    reports: &[TokenReport],
    now: i64,
    list_roles: bool,
) -> serde_json::Value {
    let oidc: Vec<&Role> = export.roles.iter().filter(|r| r.trusts_oidc()).collect();
    let lines = LineIndex::new(&source.text);
    let all: Vec<Diagnostic> = oidc
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    let (errors, warnings, infos) = crate::render::count(&all);
    let roles: Vec<serde_json::Value> = oidc
        .iter()
        .filter(|r| list_roles || !r.diagnostics.is_empty() || r.wildcard)
        .map(|r| role_json(source, &lines, r, true))
        .collect();
    let tokens: Vec<serde_json::Value> = reports
        .iter()
        .map(|t| {
            let mut token = json!({"token": t.token.label});
            if let Ok(c) = &t.token.claims {
                let (sub, iss, _, exp) = token_facts(c);
                set(&mut token, "sub", sub);
                set(&mut token, "iss", iss);
                set(&mut token, "aud", c.audiences());
                set(&mut token, "exp", exp);
                set(
                    &mut token,
                    "expired",
                    exp.map(|x| now > x.saturating_add(EXPIRY_GRACE_SECONDS)),
                );
            }
            match &t.result {
                Ok(list) => {
                    let assumable: Vec<serde_json::Value> = list
                        .iter()
                        .filter_map(|a| {
                            let r = export.roles.get(a.role)?;
                            Some(json!({"name": r.name, "arn": r.arn, "pointer": r.pointer, "statement": a.statement}))
                        })
                        .collect();
                    set(&mut token, "assumable", assumable);
                    set(&mut token, "blocked", serde_json::Value::Null);
                }
                Err(b) => {
                    set(&mut token, "assumable", json!([]));
                    set(&mut token, "blocked", blocked_text(b));
                }
            }
            token
        })
        .collect();
    json!({
        "file": source.name,
        "format": export.format,
        "roles": export.roles.len(),
        "oidcRoles": oidc.len(),
        "providers": provider_counts(export)
            .into_iter()
            .map(|(url, n)| json!({"url": url, "roles": n}))
            .collect::<Vec<_>>(),
        "anyPrincipalRoles": oidc.iter().filter(|r| r.wildcard).count(),
        "findings": {
            "error": errors, "warning": warnings, "info": infos,
            "byCode": code_counts(&oidc)
                .into_iter()
                .map(|(code, sev, roles, n)| json!({"code": code, "severity": sev, "roles": roles, "findings": n}))
                .collect::<Vec<_>>(),
        },
        "problems": export.problems.iter().map(|p| json!({
            "pointer": p.pointer, "line": lines.line_column(p.offset).0, "column": lines.line_column(p.offset).1, "message": p.message
        })).collect::<Vec<_>>(),
        "oidcRoleList": roles,
        "tokens": tokens,
    })
}

/// A synthetic export and tokens, for benchmarks and tests: `roles` roles (most trusting
/// GitHub with a mix of `sub` patterns, some GitLab, some services, a few wide open) and
/// `tokens` GitHub tokens as claims.
pub mod synthetic {
    use serde_json::json;

    /// The export as `get-account-authorization-details` JSON text.
    pub fn export(roles: usize) -> String {
        let gh = "token.actions.githubusercontent.com";
        let list: Vec<serde_json::Value> = (0..roles)
            .map(|i| {
                let repo = format!("acme/repo-{}", i % 2000);
                let condition = match i % 10 {
                    0..=2 => json!({
                        "StringEquals": {format!("{gh}:aud"): "sts.amazonaws.com"},
                        "StringLike": {format!("{gh}:sub"): format!("repo:{repo}:*")}
                    }),
                    3 | 4 => json!({
                        "StringEquals": {
                            format!("{gh}:aud"): "sts.amazonaws.com",
                            format!("{gh}:sub"): [format!("repo:{repo}:ref:refs/heads/main"), format!("repo:{repo}:environment:prod")]
                        }
                    }),
                    5 => json!({
                        "StringLike": {format!("{gh}:sub"): format!("repo:{repo}:ref:refs/tags/v?.*")},
                        "StringEquals": {format!("{gh}:aud"): "sts.amazonaws.com"}
                    }),
                    6 => json!({
                        "StringEquals": {format!("{gh}:aud"): "sts.amazonaws.com", format!("{gh}:repository"): repo},
                    }),
                    7 => json!({
                        "StringLike": {"gitlab.com:sub": format!("project_path:acme/p{i}:ref_type:branch:ref:*")},
                    }),
                    _ => serde_json::Value::Null,
                };
                let doc = match i % 10 {
                    8 => json!({"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole"}]}),
                    9 => json!({"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                        "Action": "sts:AssumeRole"}]}),
                    7 => json!({"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/gitlab.com"},
                        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}]}),
                    _ => json!({"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Federated": format!("arn:aws:iam::123456789012:oidc-provider/{gh}")},
                        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition}]}),
                };
                json!({
                    "Path": "/", "RoleName": format!("role-{i}"), "RoleId": format!("AROA{i:016}"),
                    "Arn": format!("arn:aws:iam::123456789012:role/role-{i}"),
                    "CreateDate": "2024-01-01T00:00:00Z",
                    "AssumeRolePolicyDocument": doc,
                    "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [],
                    "Tags": []
                })
            })
            .collect();
        json!({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": list, "Policies": []})
            .to_string()
    }

    /// `n` GitHub tokens (claims), as a JSON array.
    pub fn tokens(n: usize) -> String {
        let list: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let sub = match i % 4 {
                    0 => format!("repo:acme/repo-{}:ref:refs/heads/main", i * 7 % 2000),
                    1 => format!("repo:acme/repo-{}:environment:prod", i * 13 % 2000),
                    2 => format!("repo:acme/repo-{}:ref:refs/tags/v1.2", i * 3 % 2000),
                    _ => format!("repo:acme/repo-{}:pull_request", i * 11 % 2000),
                };
                json!({
                    "iss": "https://token.actions.githubusercontent.com",
                    "aud": "sts.amazonaws.com",
                    "sub": sub,
                    "repository": format!("acme/repo-{}", i * 7 % 2000),
                    "exp": 1_790_000_240, "iat": 1_789_999_940
                })
            })
            .collect();
        serde_json::Value::Array(list).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oidc_trust::api::{ProviderConfig, Request};

    fn source(text: String) -> Source {
        Source {
            name: "export.json".to_owned(),
            path: None,
            text,
        }
    }

    /// The prefilter never loses a role the core analysis accepts: every (role, token)
    /// pair agrees with `oidc_trust::analyze`.
    #[test]
    fn agrees_with_analyze_on_every_pair() {
        let export = load(&source(synthetic::export(300))).unwrap();
        let index = Index::build(&export.roles);
        let toks = read_tokens(&source(synthetic::tokens(24)));
        let mut extra: Vec<ScanToken> = [
            "repo:acme/repo-7:ref:refs/tags/vé.1",
            "repo:acme/repo-5:ref:refs/tags/v1.x",
            "repo:acme/repo-1:ref:refs/heads/main",
            "repo:ACME/repo-1:ref:refs/heads/main",
        ]
        .iter()
        .map(|sub| ScanToken {
            label: (*sub).to_owned(),
            claims: Ok(Claims::new(
                json!({"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": sub, "exp": 1_790_000_240})
                    .as_object()
                    .unwrap()
                    .clone(),
            )),
        })
        .collect();
        extra.extend(toks);
        let mut accepted = 0;
        for t in &extra {
            let claims = t.claims.as_ref().unwrap();
            let got: Vec<usize> = blast_radius(&export.roles, &index, claims, &[])
                .unwrap()
                .iter()
                .map(|a| a.role)
                .collect();
            for (r, role) in export.roles.iter().enumerate() {
                let mut req = Request::new(
                    &serde_json::Value::Object(claims.as_map().clone()).to_string(),
                    &role.policy_text,
                    vec![ProviderConfig::new(
                        claims.issuer().unwrap(),
                        &claims.audiences(),
                    )],
                    1_790_000_000,
                );
                req.account = role.account.clone();
                let a = oidc_trust::analyze(&req);
                assert_eq!(a.accepted, got.contains(&r), "{} / {}", t.label, role.name);
                accepted += usize::from(a.accepted);
            }
        }
        assert!(accepted > 10, "the synthetic data should accept some pairs");
    }

    /// Policies the prefilter must not index (negations, `IfExists`, `ForAllValues:`,
    /// variables, case folding, wildcard principals, denies) still agree with `analyze`.
    #[test]
    fn tricky_policies_agree_with_analyze() {
        let gh = "token.actions.githubusercontent.com";
        let fed = format!("arn:aws:iam::1:oidc-provider/{gh}");
        let st = |cond: serde_json::Value| json!({"Effect": "Allow", "Principal": {"Federated": fed}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond});
        let policies = vec![
            vec![st(
                json!({"StringNotLike": {format!("{gh}:sub"): "repo:evil/*"}}),
            )],
            vec![st(
                json!({"StringLikeIfExists": {format!("{gh}:sub"): "repo:acme/app:*"}}),
            )],
            vec![st(
                json!({"ForAllValues:StringLike": {format!("{gh}:sub"): "repo:acme/*"}}),
            )],
            vec![st(
                json!({"StringLike": {format!("{gh}:sub"): "repo:${{{gh}:repository}}:*"}}),
            )],
            vec![st(
                json!({"StringEqualsIgnoreCase": {format!("{gh}:sub"): "REPO:ACME/APP:REF:REFS/HEADS/MAIN"}}),
            )],
            vec![
                json!({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity"}),
            ],
            vec![
                json!({"Effect": "Allow", "Principal": {"Federated": "*"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {format!("{gh}:sub"): "repo:acme/*"}}}),
            ],
            vec![
                st(json!({"StringLike": {format!("{gh}:sub"): "repo:acme/*"}})),
                json!({"Effect": "Deny", "Principal": {"Federated": fed}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {format!("{gh}:sub"): "*:pull_request"}}}),
            ],
            vec![st(
                json!({"StringEquals": {format!("{gh}:repository"): "acme/app", format!("{gh}:sub"): ["repo:acme/app:ref:refs/heads/main", "repo:acme/app:pull_request"]}}),
            )],
            vec![st(
                json!({"StringEquals": {format!("{gh}:environment"): "prod"}}),
            )],
            vec![st(
                json!({"ForAnyValue:StringLike": {format!("{gh}:aud"): ["sts.*"]}, "StringLike": {"gitlab.com:sub": "*"}}),
            )],
            vec![st(
                json!({"StringLike": {format!("{gh}:sub"): "repo:acme/app:ref:refs/heads/v?"}}),
            )],
            vec![st(json!({"Null": {format!("{gh}:environment"): "false"}}))],
        ];
        let roles: Vec<serde_json::Value> = policies
            .into_iter()
            .enumerate()
            .map(|(i, statements)| json!({"RoleName": format!("r{i}"), "Arn": format!("arn:aws:iam::1:role/r{i}"), "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": statements}}))
            .collect();
        let export = load(&source(serde_json::Value::Array(roles).to_string())).unwrap();
        let index = Index::build(&export.roles);
        let subs = [
            "repo:acme/app:ref:refs/heads/main",
            "repo:acme/app:pull_request",
            "repo:evil/app:ref:refs/heads/main",
            "repo:acme/app:ref:refs/heads/vé",
            "repo:acme/app:environment:prod",
        ];
        let mut accepted = 0;
        for sub in subs {
            for extra in [
                json!({}),
                json!({"environment": "prod", "repository": "acme/app"}),
            ] {
                let mut c = json!({"iss": format!("https://{gh}"), "aud": "sts.amazonaws.com", "sub": sub, "exp": 1_790_000_240});
                c.as_object_mut()
                    .unwrap()
                    .extend(extra.as_object().unwrap().clone());
                let claims = Claims::new(c.as_object().unwrap().clone());
                let got: Vec<usize> = blast_radius(&export.roles, &index, &claims, &[])
                    .unwrap()
                    .iter()
                    .map(|a| a.role)
                    .collect();
                for (r, role) in export.roles.iter().enumerate() {
                    let req = Request::new(
                        &c.to_string(),
                        &role.policy_text,
                        vec![ProviderConfig::new(gh, &["sts.amazonaws.com"])],
                        1_790_000_000,
                    );
                    let a = oidc_trust::analyze(&req);
                    assert_eq!(
                        a.accepted,
                        got.contains(&r),
                        "{sub} {extra} / {}",
                        role.name
                    );
                    accepted += usize::from(a.accepted);
                }
            }
        }
        assert!(accepted > 20);
    }

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
            Context::new("x.example", &claims, None, ContextOptions::default())
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
            None,
            ContextOptions::default(),
        );
        assert_eq!(index.candidates("X.EXAMPLE", &upper).len(), 1);
    }

    #[test]
    fn url_encoded_documents_and_plain_lists() {
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/gitlab.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#;
        let enc = percent_encoding::utf8_percent_encode(doc, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        let text = json!({"Roles": [{"RoleName": "r", "Arn": "arn:aws:iam::1:role/r", "AssumeRolePolicyDocument": enc}, {"RoleName": "bad"}]}).to_string();
        let export = load(&source(text)).unwrap();
        assert_eq!(export.format, "list-roles");
        assert_eq!(export.roles.len(), 1);
        assert_eq!(export.roles[0].providers, vec!["gitlab.com".to_owned()]);
        assert_eq!(export.problems.len(), 1);
        assert_eq!(export.problems[0].pointer, "/Roles/1");
    }
}
