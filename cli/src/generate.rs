//! `oidc-trust generate`: the least-privilege trust policy that accepts one token, written
//! by the core generator and verified by the core analysis before it is printed.

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::api::{GenerateRequest, GenerateResult, ModuleInputs, RepoForm, Scope};

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
pub enum RepoFormArg {
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
0  a policy was written, it accepts the token, and it has no error finding\n  \
1  a policy was written, but the analysis does not accept the token, or it has an error\n     \
finding (e.g. the module's own validation refuses an input; see stderr)\n  \
2  no policy could be written (unreadable token, missing claims)\n\n\
EXAMPLES:\n  \
oidc-trust generate --token token.jwt > trust.json\n  \
oidc-trust generate --token token.jwt --scope environment --environment prod --account 123456789012\n  \
oidc-trust generate --token token.jwt --scope tag-pattern --tag-pattern 'v*'\n  \
oidc-trust generate --token token.jwt --json | jq .policy\n  \
oidc-trust generate --oidc-issuer-host gitlab.com --oidc-audience https://gitlab.com \\\n      \
--ci-subject-filter 'project_path:acme/app:ref_type:tag:ref:v*' --account 123456789012"
)]
pub struct GenerateArgs {
    /// The token: a compact JWT, or its claims as JSON (`-` reads stdin).
    #[arg(
        long,
        value_name = "FILE|-",
        required_unless_present = "oidc_issuer_host"
    )]
    pub token: Option<PathBuf>,

    /// Instead of a token: render the trust policy the terraform-aws-signing-kms module
    /// writes from its inputs: this `oidc_issuer_host` (with --oidc-audience and
    /// --ci-subject-filter), to lint or analyze it.
    #[arg(long, value_name = "HOST", conflicts_with_all = ["token", "scope", "tag_pattern", "environment", "subject_form", "audience", "no_pin_ids"], requires = "oidc_audience")]
    pub oidc_issuer_host: Option<String>,

    /// The module's `oidc_audience`.
    #[arg(long, value_name = "AUD", requires = "oidc_issuer_host")]
    pub oidc_audience: Option<String>,

    /// One of the module's `ci_subject_filters` (repeat for several).
    #[arg(long, value_name = "PATTERN", requires = "oidc_issuer_host")]
    pub ci_subject_filter: Vec<String>,

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
    #[arg(long, value_enum, default_value_t = RepoFormArg::AsToken)]
    pub subject_form: RepoFormArg,

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
        RepoFormArg::AsToken => RepoForm::AsToken,
        RepoFormArg::Immutable => RepoForm::Immutable,
        RepoFormArg::Classic => RepoForm::Classic,
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

/// The module inputs for `--oidc-issuer-host`.
pub fn module_inputs(args: &GenerateArgs, host: &str) -> ModuleInputs {
    let mut m = ModuleInputs {
        oidc_issuer_host: host.to_owned(),
        ..ModuleInputs::default()
    };
    m.oidc_audience = args.oidc_audience.clone().unwrap_or_default();
    m.ci_subject_filters.clone_from(&args.ci_subject_filter);
    m.account.clone_from(&args.account);
    m.partition.clone_from(&args.partition);
    m
}

/// The exit status for a result.
pub fn exit_code(r: &GenerateResult) -> i32 {
    let errors = r
        .diagnostics
        .iter()
        .any(|d| d.severity == oidc_trust::Severity::Error);
    match (&r.policy_text, r.verified) {
        (None, _) => 2,
        (Some(_), Some(false)) => 1,
        (Some(_), _) if errors => 1,
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
    let result = match (&args.oidc_issuer_host, &args.token) {
        (Some(host), _) => oidc_trust::render_module_policy(&module_inputs(args, host)),
        (None, Some(path)) => match input::read(path) {
            Ok(t) => oidc_trust::generate_policy(&request(args, t.text.trim())),
            Err(e) => {
                writeln!(err, "error: {e}")?;
                return Ok(2);
            }
        },
        (None, None) => {
            writeln!(
                err,
                "error: give --token, or --oidc-issuer-host for the module's policy"
            )?;
            return Ok(2);
        }
    };
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
    let locator = Locator::named("policy");
    for d in &result.diagnostics {
        render::diagnostic(err, d, &locator, s, "")?;
    }
    if result.policy_text.is_none() && result.diagnostics.is_empty() {
        writeln!(err, "error: no policy could be written for this token")?;
    }
    Ok(exit_code(&result))
}
