//! `oidc-trust generate`: the least-privilege trust configuration that accepts one token,
//! written by the core generator of the target and verified by the core analysis before it
//! is printed: an AWS role trust policy here, the other targets' files in [`targets`].

pub mod targets;

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::api::{
    GenerateRequest, GenerateResult, ModuleInputs, Registry, RepoForm, Scope, Target,
};

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
    about = "Write the least-privilege trust configuration that accepts a token",
    long_about = "Write the least-privilege trust configuration that accepts a CI token. For AWS (the \
default) an IAM role trust policy: its provider, its audience, and its subject at the scope you \
choose (this ref by default), plus the immutable id keys AWS supplies (`repository_id`, \
`project_id`) when the token has them. With --target: an Entra federated identity credential \
(azure), a Google pool provider and IAM policy (gcp), a Vault JWT role and mount configuration \
(vault), or a package registry's trusted publisher (publishing: PyPI, crates.io, npm).\n\n\
What `analyze --target T` reads is printed on stdout, so `> file` saves it (Google's IAM policy \
and Vault's mount configuration go to --write-iam-policy / --write-vault-config). Before it is \
printed, oidc-trust analyses it against the token (as `analyze` would) and lints it; notes, the \
commands that create it, and findings go to stderr.",
    after_long_help = "EXIT STATUS:\n  \
0  a configuration was written, it accepts the token, and it has no error finding\n  \
1  it was written, but the analysis does not accept the token, or it has an error\n     \
finding (e.g. the module's own validation refuses an input; see stderr)\n  \
2  nothing could be written (unreadable token, missing claims, a flag of another target)\n\n\
EXAMPLES:\n  \
oidc-trust generate --token token.jwt > trust.json\n  \
oidc-trust generate --token token.jwt --scope environment --environment prod --account 123456789012\n  \
oidc-trust generate --token token.jwt --scope tag-pattern --tag-pattern 'v*'\n  \
oidc-trust generate --token token.jwt --json | jq .policy\n  \
oidc-trust generate --token token.jwt --add-to trust.json > trust.new.json\n  \
oidc-trust generate --oidc-issuer-host gitlab.com --oidc-audience https://gitlab.com \\\n      \
--ci-subject-filter 'project_path:acme/app:ref_type:tag:ref:v*' --account 123456789012\n  \
oidc-trust generate --target azure --kind flexible --token token.jwt > fic.json\n  \
oidc-trust generate --target gcp --scope repository --token token.jwt --write-iam-policy iam.json > provider.json\n  \
oidc-trust generate --target vault --token token.jwt --policies deploy --write-vault-config config.json > role.json\n  \
oidc-trust generate --target publishing --registry pypi --token token.jwt > publisher.json\n  \
oidc-trust analyze --target publishing --token token.jwt --publishers publisher.json"
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

    /// How much to trust (--target gcp and vault take this-ref and repository; azure and
    /// publishing write for the token's exact workload).
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

    /// Keep the trust policy in FILE as it is and print it with the written statement added
    /// after its own (indented like them; a statement already there is not added twice).
    /// Redirect to another file: `> trust.json` would empty FILE before it is read.
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub add_to: Option<PathBuf>,

    /// What to write for: `aws` (a role trust policy, the default), `azure` (a federated
    /// identity credential), `gcp` (a pool provider and IAM policy), `vault` (a JWT auth
    /// role) or `publishing` (a package registry's trusted publisher).
    #[arg(long, value_name = "TARGET", default_value = "aws", value_parser = input::target_named)]
    pub target: Target,

    /// --target azure: `classic` (the exact subject, the default) or `flexible` (an
    /// expression that also pins the repository's immutable id).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<targets::KindArg>,

    /// --target azure: the credential's name (default derived from the subject).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// --target gcp: the provider's resource name
    /// (`projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/ID`).
    #[arg(long, value_name = "NAME")]
    pub provider_name: Option<String>,

    /// --target gcp: also write the service account's IAM policy (what `analyze
    /// --iam-policy` reads) to this file.
    #[arg(long, value_name = "FILE")]
    pub write_iam_policy: Option<PathBuf>,

    /// --target vault: the role's name (default `ci`).
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,

    /// --target vault: the auth mount's path (default `jwt`).
    #[arg(long, value_name = "PATH")]
    pub mount: Option<String>,

    /// --target vault: the role's `token_policies` (comma-separated, or repeat the flag).
    #[arg(long, value_name = "POLICY", value_delimiter = ',')]
    pub policies: Vec<String>,

    /// --target vault: also write the mount's configuration (what `analyze --vault-config`
    /// reads) to this file.
    #[arg(long, value_name = "FILE")]
    pub write_vault_config: Option<PathBuf>,

    /// --target publishing: the registry (`pypi`, `crates.io`, `npm`).
    #[arg(long, value_name = "REGISTRY", value_parser = targets::registry_named)]
    pub registry: Option<Registry>,

    /// --target publishing: do not pin the token's environment (any job of the workflow
    /// may then publish).
    #[arg(long)]
    pub no_environment: bool,

    /// --target publishing: the package (PyPI project, crate, npm package) for the
    /// registration steps.
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,
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
    exit_status(r.policy_text.is_some(), r.verified, &r.diagnostics)
}

/// The exit status of every target's `generate`: 2 nothing written, 1 written but the
/// analysis does not accept the token (`verified` false) or a finding is an error, else 0.
pub fn exit_status(
    written: bool,
    verified: Option<bool>,
    diagnostics: &[oidc_trust::Diagnostic],
) -> i32 {
    let errors = diagnostics
        .iter()
        .any(|d| d.severity == oidc_trust::Severity::Error);
    match (written, verified) {
        (false, _) => 2,
        (true, Some(false)) => 1,
        (true, _) if errors => 1,
        (true, _) => 0,
    }
}

/// Whether the analysis accepts `token` with `policy` and the generator's provider, at the
/// token's `iat` (as `analyze` evaluates by default).
fn accepts(token: &str, policy: &str, provider: &oidc_trust::ProviderConfig) -> bool {
    let now = crate::analyze::iat_of(Some(token), None).unwrap_or_default();
    oidc_trust::analyze(&oidc_trust::Request::new(
        token,
        policy,
        vec![provider.clone()],
        now,
    ))
    .accepted
}

/// Runs the command; returns the exit status. `style` is for stderr, where everything but
/// the policy goes.
pub fn run(
    args: &GenerateArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    if let Err(e) = targets::check_flags(args) {
        writeln!(err, "error: {e}")?;
        return Ok(2);
    }
    if args.target != Target::Aws {
        return targets::run(args, style, out, err);
    }
    let mut token = None;
    let mut result = match (&args.oidc_issuer_host, &args.token) {
        (Some(host), _) => oidc_trust::render_module_policy(&module_inputs(args, host)),
        (None, Some(path)) => match input::read(path) {
            Ok(t) => {
                let result = oidc_trust::generate_policy(&request(args, t.text.trim()));
                token = Some(t.text);
                result
            }
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
        match &args.add_to {
            None => writeln!(out, "{text}")?,
            Some(path) => {
                let existing = match input::read(path) {
                    Ok(f) => f,
                    Err(e) => {
                        writeln!(err, "error: {e}")?;
                        return Ok(2);
                    }
                };
                let merged = oidc_trust::aws::generate::add_statements(&existing.text, text)
                    .map_err(|e| e.to_string())
                    .and_then(|edit| {
                        edit.apply(&existing.text)
                            .ok_or_else(|| "the edit does not fit the file".to_owned())
                    });
                match merged {
                    Ok(merged) => {
                        out.write_all(merged.as_bytes())?;
                        writeln!(
                            err,
                            "{} the written statement follows the statements of {}",
                            s.cyan("note:"),
                            existing.name
                        )?;
                        // What counts is whether the whole file now accepts the token.
                        if let (Some(t), Some(p)) = (&token, &result.provider) {
                            result.verified = Some(accepts(t.trim(), &merged, p));
                        }
                    }
                    Err(e) => {
                        writeln!(err, "error: {}: not added: {e}", existing.name)?;
                        return Ok(2);
                    }
                }
            }
        }
    }
    for note in &result.notes {
        writeln!(err, "{} {note}", s.cyan("note:"))?;
    }
    let what = if args.add_to.is_some() {
        "the policy and the written statement"
    } else {
        "this policy"
    };
    match result.verified {
        Some(true) => writeln!(
            err,
            "{} the analysis accepts the token with {what}",
            s.green("verified:")
        )?,
        Some(false) => writeln!(
            err,
            "{} the analysis does NOT accept the token with {what}",
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
