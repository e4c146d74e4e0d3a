//! `oidc-trust generate`: the least-privilege trust policy that accepts one token, written
//! by the core generator and verified by the core analysis before it is printed.

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::generate::{GenerateRequest, GenerateResult, Scope, SubjectForm};

use crate::input;
use crate::render::{self, Locator};
use crate::style::Style;

/// How much of the token's context the policy trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ScopeArg {
    /// Exactly what the token names: this branch, tag or environment.
    #[default]
    ThisRef,
    /// Tags matching --tag-pattern (e.g. `v*`).
    TagPattern,
    /// One environment (--environment, default the token's).
    Environment,
    /// Every branch, tag and environment of the repository (never pull requests).
    Repository,
}

/// Which form of the GitHub subject to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SubjectFormArg {
    /// The form the token uses.
    #[default]
    AsToken,
    /// `repo:OWNER@ID/REPO@ID:...` (survives renames and transfers).
    Immutable,
    /// `repo:OWNER/REPO:...`.
    Classic,
}

/// Arguments of `oidc-trust generate`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    about = "Write the least-privilege trust policy that accepts a token",
    long_about = "Write the least-privilege IAM role trust policy that accepts a CI token: its provider, \
its audience, and its subject at the scope you choose (this ref by default), plus the immutable \
id keys AWS supplies (`repository_id`, `project_id`) when the token has them.\n\n\
The policy is printed on stdout, so `> trust.json` saves it. Before it is printed, oidc-trust \
analyses it against the token (as `analyze` would) and lints it; notes and findings go to stderr.",
    after_long_help = "EXIT STATUS:\n  \
0  a policy was written and accepts the token\n  \
1  a policy was written but the analysis does not accept the token (see stderr)\n  \
2  no policy could be written (unreadable token, missing claims)\n\n\
EXAMPLES:\n  \
oidc-trust generate --token token.jwt > trust.json\n  \
oidc-trust generate --token token.jwt --scope environment --environment prod --account 123456789012\n  \
oidc-trust generate --token token.jwt --scope tag-pattern --tag-pattern 'v*'\n  \
oidc-trust generate --token token.jwt --json | jq .policy"
)]
pub struct GenerateArgs {
    /// The token: a compact JWT, or its claims as JSON (`-` reads stdin).
    #[arg(long, value_name = "FILE|-")]
    pub token: PathBuf,

    /// How much to trust.
    #[arg(long, value_enum, default_value_t = ScopeArg::ThisRef)]
    pub scope: ScopeArg,

    /// For `--scope tag-pattern`: the tag pattern, e.g. `v*`.
    #[arg(long, value_name = "PATTERN", required_if_eq("scope", "tag-pattern"))]
    pub tag_pattern: Option<String>,

    /// For `--scope environment`: the environment (default the token's).
    #[arg(long, value_name = "NAME")]
    pub environment: Option<String>,

    /// GitHub: which subject form to write.
    #[arg(long, value_enum, default_value_t = SubjectFormArg::AsToken)]
    pub subject_form: SubjectFormArg,

    /// The role's account id. Default: the placeholder `123456789012`.
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,

    /// The partition. Default: `aws`.
    #[arg(long, value_name = "PARTITION")]
    pub partition: Option<String>,

    /// The audience to pin. Default: the token's (`azp`, else `aud`).
    #[arg(long, value_name = "AUD")]
    pub audience: Option<String>,

    /// Do not pin the immutable id keys (`repository_id`, `project_id`).
    #[arg(long)]
    pub no_pin_ids: bool,

    /// Print the whole result as JSON (policy, provider, subjects, verified, notes,
    /// diagnostics), as the library returns it.
    #[arg(long)]
    pub json: bool,
}

/// The core request for the arguments and token text.
pub fn request(args: &GenerateArgs, token: &str) -> GenerateRequest {
    let mut r = GenerateRequest {
        token: Some(token.to_owned()),
        ..GenerateRequest::default()
    };
    r.scope = match args.scope {
        ScopeArg::ThisRef => Scope::ThisRef,
        ScopeArg::TagPattern => Scope::TagPattern,
        ScopeArg::Environment => Scope::Environment,
        ScopeArg::Repository => Scope::Repository,
    };
    r.subject_form = match args.subject_form {
        SubjectFormArg::AsToken => SubjectForm::AsToken,
        SubjectFormArg::Immutable => SubjectForm::Immutable,
        SubjectFormArg::Classic => SubjectForm::Classic,
    };
    r.tag_pattern.clone_from(&args.tag_pattern);
    r.environment.clone_from(&args.environment);
    r.account.clone_from(&args.account);
    r.partition.clone_from(&args.partition);
    r.audience.clone_from(&args.audience);
    if args.no_pin_ids {
        r.pin_ids = Some(false);
    }
    r
}

/// The exit status for a result.
pub fn exit_code(r: &GenerateResult) -> i32 {
    match (&r.policy_text, r.verified) {
        (None, _) => 2,
        (Some(_), Some(false)) => 1,
        (Some(_), _) => 0,
    }
}

/// Runs the command; returns the exit status. `style` is for stderr, where everything but
/// the policy goes.
pub fn run(
    args: &GenerateArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let token = match input::read(&args.token) {
        Ok(t) => t,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let result = oidc_trust::generate_policy(&request(args, token.text.trim()));
    if args.json {
        let text = serde_json::to_string_pretty(&result).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
        return Ok(exit_code(&result));
    }
    // Only the policy goes to stdout; `style` is stderr's.
    let s = style;
    if let Some(text) = &result.policy_text {
        writeln!(out, "{text}")?;
    }
    for note in &result.notes {
        writeln!(err, "{} {note}", s.cyan("note:"))?;
    }
    match result.verified {
        Some(true) => writeln!(
            err,
            "{} the analysis accepts the token with this policy",
            s.green("verified:")
        )?,
        Some(false) => writeln!(
            err,
            "{} the analysis does NOT accept the token with this policy",
            s.red("not verified:")
        )?,
        None => {}
    }
    let locator = Locator::Pointer("policy".to_owned());
    for d in &result.diagnostics {
        render::diagnostic(err, d, &locator, s, "")?;
    }
    if result.policy_text.is_none() && result.diagnostics.is_empty() {
        writeln!(err, "error: no policy could be written for this token")?;
    }
    Ok(exit_code(&result))
}
