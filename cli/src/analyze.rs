//! `oidc-trust analyze`: one token against one trust policy, stage by stage, as AWS STS
//! `AssumeRoleWithWebIdentity` would decide it.

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::Claims;
use oidc_trust::api::{Analysis, ClientIdBasis, ProviderConfig, Request, Stage};
use oidc_trust::aws::request::assumed_client_ids;

use crate::iac;
use crate::input::{self, InputError, Source};
use crate::lint::Format;
use crate::render::{self, Locator};
use crate::style::Style;

/// Exit status: AWS would return credentials.
pub const EXIT_ACCEPTED: i32 = 0;
/// Exit status: AWS would refuse.
pub const EXIT_REFUSED: i32 = 1;
/// Exit status: the input could not be read, so there is no verdict.
pub const EXIT_BAD_INPUT: i32 = 2;

/// Arguments of `oidc-trust analyze`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    about = "Decide whether AWS STS would accept a token for a role, and explain why",
    long_about = "Decide, offline and exactly as AWS STS AssumeRoleWithWebIdentity would, whether a CI \
OIDC token is accepted by an IAM role trust policy, and explain why.\n\n\
AWS checks in this order and stops at the first failure: the token must be a JWT, carry `aud`, \
`sub`, `iss` and `exp`, come from an issuer the account has an IAM OIDC provider for, have an \
audience on that provider's client-id list, not be expired (five minutes of grace), and finally be \
allowed by the role's trust policy. The output shows every stage, every statement and every \
condition, and for a string that almost matched, where it differs.\n\n\
Signatures are never verified: the verdict assumes the token is genuine.",
    after_long_help = "PROVIDERS:\n  \
The IAM OIDC providers of the role's account are not in the token or the policy, so say what they \
are with --provider (once per provider) and --client-id (each one belongs to the --provider before it).\n  \
Anything you leave out is ASSUMED, and the output says so (stderr with --json):\n    \
* no --provider: the account is assumed to have a provider for the token's `iss`;\n    \
* no --client-id: the client-id list is assumed to be `sts.amazonaws.com` for GitHub\n      \
(token.actions.githubusercontent.com) and EKS (oidc.eks.*), as AWS's guides configure\n      \
them, and the token's own audience (`azp`, else `aud`) for any other issuer.\n  \
--client-id without --provider checks the audience against a provider for the token's `iss`.\n\n\
EXIT STATUS:\n  \
0  accepted: AWS would return credentials\n  \
1  refused: AWS would refuse (the output says which stage and AWS's error)\n  \
2  bad input: a file cannot be read, the request is malformed, or the policy is not a readable\n     \
policy, so there is no verdict\n\n\
EXAMPLES:\n  \
oidc-trust analyze --token token.jwt --policy trust.json\n  \
oidc-trust analyze --token - --policy trust.json --provider token.actions.githubusercontent.com \\\n      \
--client-id sts.amazonaws.com --account 123456789012 < token.jwt\n  \
oidc-trust analyze --request request.json --json\n  \
echo \"$ACTIONS_ID_TOKEN\" | oidc-trust analyze --token - --policy trust.json || exit 1\n  \
oidc-trust analyze --token token.jwt --policy plan.json --role module.ci.aws_iam_role.this[0]\n\n\
INSIDE A GITHUB ACTIONS JOB (permissions: id-token: write):\n  \
oidc-trust analyze --github-oidc sts.amazonaws.com --policy trust.json\n  \
requests the job's own OIDC token for that audience and analyzes it: the verdict and the\n  \
hints go to the job log and to the step summary ($GITHUB_STEP_SUMMARY). The token itself is\n  \
never printed."
)]
pub struct AnalyzeArgs {
    /// A request in the JSON interface format (`-` for stdin), instead of --token/--policy.
    ///
    /// The fields are those of the library's `Request`: `token` or `claims`, `policy`,
    /// `providers` ([{url, clientIds, arn?}]), `account`, `now`, `action`, `roleSessionName`,
    /// `providerClaims`, `lints`. When `now` is missing, the current time is used.
    #[arg(
        long,
        value_name = "FILE|-",
        conflicts_with_all = ["token", "policy", "provider", "client_id", "account", "action", "role_session_name", "no_provider_claims", "no_lints", "github_oidc", "role"]
    )]
    pub request: Option<PathBuf>,

    /// The token: a compact JWT, or its claims as JSON (`-` reads stdin).
    ///
    /// Surrounding whitespace is ignored. The signature is never checked.
    #[arg(long, value_name = "FILE|-", required_unless_present_any = ["request", "github_oidc"], conflicts_with = "github_oidc")]
    pub token: Option<PathBuf>,

    /// Inside a GitHub Actions job: request the job's own OIDC token for this audience
    /// (`ACTIONS_ID_TOKEN_REQUEST_URL`/`_TOKEN`, the job needs `id-token: write`) instead of
    /// --token. The verdict also goes to `$GITHUB_STEP_SUMMARY`; the token is never shown.
    #[arg(long, value_name = "AUDIENCE")]
    pub github_oidc: Option<String>,

    /// The role trust policy: JSON as in `aws iam get-role` `AssumeRolePolicyDocument`, or
    /// a Terraform plan or state, `.tf` file, CloudFormation template or CDK assembly (with
    /// --role when it holds several roles).
    #[arg(long, value_name = "FILE", required_unless_present = "request")]
    pub policy: Option<PathBuf>,

    /// The role to analyze when --policy holds several: its Terraform address,
    /// CloudFormation logical id or CDK construct path.
    #[arg(long, value_name = "NAME")]
    pub role: Option<String>,

    /// An IAM OIDC provider URL of the role's account, e.g.
    /// `token.actions.githubusercontent.com` (repeat for several).
    ///
    /// `https://` is optional. Omitted: a provider for the token's `iss` is assumed (see
    /// PROVIDERS below).
    #[arg(long, value_name = "URL")]
    pub provider: Vec<String>,

    /// A client id (audience) of the --provider before it, e.g. `sts.amazonaws.com`
    /// (repeat for several).
    #[arg(long = "client-id", value_name = "ID")]
    pub client_id: Vec<String>,

    /// The role's AWS account id. Default: from the policy's `Federated` provider ARN.
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,

    /// The evaluation time, in seconds since the Unix epoch. Default: now.
    #[arg(long, value_name = "EPOCH", allow_negative_numbers = true)]
    pub now: Option<i64>,

    /// The action to evaluate. Default: `sts:AssumeRoleWithWebIdentity`.
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,

    /// The `RoleSessionName` of the call (the `sts:RoleSessionName` condition key).
    #[arg(long, value_name = "NAME")]
    pub role_session_name: Option<String>,

    /// Model AWS before January 2026: no provider-specific claims (`repository`,
    /// `job_workflow_ref`, ...) as condition keys.
    #[arg(long)]
    pub no_provider_claims: bool,

    /// Skip the security lints and the near-miss hints: the verdict and the trace only,
    /// faster when checking many tokens.
    #[arg(long)]
    pub no_lints: bool,

    /// Print the analysis as JSON, exactly as the library's JSON interface returns it
    /// (the same as `--format json`).
    #[arg(long)]
    pub json: bool,

    /// Output format: the analysis as text or JSON, or its findings as SARIF or GitHub
    /// workflow commands (with the verdict as an annotation).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Also list every condition key AWS would put in the request, and all the claims.
    #[arg(long, short)]
    pub verbose: bool,
}

/// The exit status for an analysis: 0 accepted, 1 refused, 2 no verdict.
pub fn exit_code(a: &Analysis) -> i32 {
    if a.accepted {
        EXIT_ACCEPTED
    } else if a.stage == Stage::Request || a.aws_error.is_none() {
        EXIT_BAD_INPUT
    } else {
        EXIT_REFUSED
    }
}

/// What the flags or the request file amount to.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The request for the core.
    pub request: Request,
    /// Things assumed because they were not given, to say loudly.
    pub notes: Vec<String>,
    /// Where policy diagnostics point.
    pub locator: Locator,
}

/// Builds the request from `--token`/`--policy`/`--provider`... `client_ids` carries each
/// client id with the index of the `--provider` it belongs to (`None` when it comes before
/// every `--provider`, or there is none).
pub fn prepare_flags(
    args: &AnalyzeArgs,
    client_ids: &[(Option<usize>, String)],
) -> Result<Prepared, InputError> {
    let Some(policy_path) = &args.policy else {
        return Err(InputError::new(
            "give --token and --policy, or --request (see `oidc-trust analyze --help`)",
        ));
    };
    let token_text = match (&args.token, &args.github_oidc) {
        (_, Some(audience)) => crate::actions::request_token(audience)?,
        (Some(token_path), None) => input::read(token_path)?.text.trim().to_owned(),
        (None, None) => {
            return Err(InputError::new(
                "give --token (or --github-oidc inside a GitHub Actions job)",
            ));
        }
    };
    let token_text = token_text.as_str();
    let mut notes = Vec::new();
    let (policy, rendered) = policy_source(
        policy_path,
        args.role.as_deref(),
        args.account.as_deref(),
        &mut notes,
    )?;
    let decoded = oidc_trust::decode(token_text).ok();
    let claims = decoded.as_ref().map(|t| &t.claims);
    let issuer = claims.and_then(Claims::issuer).map(str::to_owned);

    let mut providers: Vec<ProviderConfig> = Vec::new();
    let given: Vec<String> = client_ids.iter().map(|(_, id)| id.clone()).collect();
    if args.provider.is_empty() {
        if let Some(iss) = &issuer {
            let bare = oidc_trust::providers::key_prefix(iss);
            notes.push(format!(
                "no --provider given: ASSUMING the account has an IAM OIDC provider for the token's issuer `{bare}`, so the issuer check passes by assumption; pass --provider to check it"
            ));
            let ids = if given.is_empty() {
                let (ids, note) = default_client_ids(bare, claims);
                notes.push(note);
                ids
            } else {
                given
            };
            providers.push(ProviderConfig {
                url: iss.clone(),
                client_ids: ids,
                arn: None,
            });
        }
    } else {
        for (i, url) in args.provider.iter().enumerate() {
            let mut ids: Vec<String> = client_ids
                .iter()
                .filter(|(p, _)| p.unwrap_or(0) == i)
                .map(|(_, id)| id.clone())
                .collect();
            if ids.is_empty() {
                let bare = oidc_trust::providers::key_prefix(url);
                let (default, note) = default_client_ids(bare, claims);
                notes.push(format!("--provider `{bare}`: {note}"));
                ids = default;
            }
            providers.push(ProviderConfig {
                url: url.clone(),
                client_ids: ids,
                arn: None,
            });
        }
    }

    let now = match args.now {
        Some(n) => n,
        None => input::now(),
    };
    let mut request = Request::new(token_text, &policy.text, providers, now);
    request.account.clone_from(&args.account);
    request.action.clone_from(&args.action);
    request
        .call
        .role_session_name
        .clone_from(&args.role_session_name);
    if args.no_provider_claims {
        request.provider_claims = Some(false);
    }
    if args.no_lints {
        request.lints = Some(false);
    }
    Ok(Prepared {
        request,
        notes,
        locator: if rendered {
            Locator::Pointer(policy.name)
        } else {
            Locator::File(policy)
        },
    })
}

/// The policy to analyze: a JSON policy file as it is, or the one trust policy (or the
/// `--role`) of a plan, state, template or assembly, rendered as JSON; pseudo parameters
/// and accounts known only after apply are given a stand-in account (said in the notes).
fn policy_source(
    path: &std::path::Path,
    role: Option<&str>,
    account: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<(Source, bool), InputError> {
    let (source, inventory) = iac::read_path(path, &iac::Options::default())?;
    let Some(inv) = inventory else {
        return Ok((source, false));
    };
    let names = || {
        inv.policies
            .iter()
            .map(|p| format!("`{}`", p.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let found = match role {
        Some(r) => inv
            .policies
            .iter()
            .find(|p| p.name == r)
            .or_else(|| inv.policies.iter().find(|p| p.name.starts_with(r)))
            .ok_or_else(|| {
                InputError::in_file(
                    &source.name,
                    format!("no role `{r}`; the trust policies here are {}", names()),
                )
            })?,
        None => match inv.policies.as_slice() {
            [one] => one,
            [] => return Err(InputError::in_file(&source.name, "no trust policy found")),
            _ => {
                return Err(InputError::in_file(
                    &source.name,
                    format!(
                        "several trust policies: choose one with --role ({})",
                        names()
                    ),
                ));
            }
        },
    };
    let mut text = serde_json::to_string_pretty(&found.document)
        .map_err(|e| InputError::new(e.to_string()))?;
    let stand_in = account.unwrap_or("000000000000");
    if text.contains("${AWS::AccountId}") || text.contains("${known after apply}") {
        notes.push(format!(
            "the account id is not known in `{}`: using `{stand_in}` (pass --account)",
            source.name
        ));
        text = text
            .replace("${AWS::AccountId}", stand_in)
            .replace("${known after apply}", stand_in);
    }
    text = text.replace("${AWS::Partition}", "aws");
    notes.push(format!(
        "analyzing the trust policy of `{}` from `{}`",
        found.name, source.name
    ));
    let name = format!("{} ({})", source.name, found.name);
    Ok((
        Source {
            name,
            path: None,
            text,
        },
        true,
    ))
}

/// The client ids assumed for a provider given without `--client-id` (the core's rule,
/// which the playground follows too), and the note that says so.
pub fn default_client_ids(url: &str, claims: Option<&Claims>) -> (Vec<String>, String) {
    let (ids, basis) = assumed_client_ids(url, claims);
    let note = match basis {
        ClientIdBasis::AwsGuide => format!(
            "no --client-id given: ASSUMING the provider's client-id list is {} (what AWS's guide for this issuer configures); pass --client-id to check another",
            ticked(&ids)
        ),
        ClientIdBasis::TokenAudience => {
            let shown = if ids.is_empty() {
                "(the token has none)".to_owned()
            } else {
                ticked(&ids)
            };
            format!(
                "no --client-id given: ASSUMING the provider's client-id list holds the token's audience {shown}, so the audience check passes by assumption; pass --client-id to check it"
            )
        }
    };
    (ids, note)
}

fn ticked(values: &[String]) -> String {
    values
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `--request FILE`.
pub fn prepare_request(path: &std::path::Path, now: Option<i64>) -> Result<Prepared, InputError> {
    let source = input::read(path)?;
    let mut value = input::parse_json(&source)?;
    let mut notes = Vec::new();
    let Some(object) = value.as_object_mut() else {
        return Err(InputError::in_file(
            &source.name,
            "the request must be a JSON object with `token` or `claims`, `policy`, `providers` and `now`",
        )
        .at(Some(&source.text), ""));
    };
    match now {
        Some(n) => {
            object.insert("now".to_owned(), n.into());
        }
        None if !object.contains_key("now") => {
            notes.push("the request has no `now`: using the current time".to_owned());
            object.insert("now".to_owned(), input::now().into());
        }
        None => {}
    }
    let embedded = matches!(object.get("policy"), Some(serde_json::Value::Object(_)));
    let request: Request = input::from_value(&source, value)?;
    let locator = if embedded {
        Locator::Embedded {
            source,
            prefix: "/policy".to_owned(),
        }
    } else {
        Locator::Pointer(source.name)
    };
    Ok(Prepared {
        request,
        notes,
        locator,
    })
}

/// Runs the command; returns the exit status.
pub fn run(
    args: &AnalyzeArgs,
    client_ids: &[(Option<usize>, String)],
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let prepared = match &args.request {
        Some(path) => prepare_request(path, args.now),
        None => prepare_flags(args, client_ids),
    };
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let format = if args.json { Format::Json } else { args.format };
    if format != Format::Text {
        // The text output repeats them; the other formats are the analysis alone.
        for note in &prepared.notes {
            writeln!(err, "note: {note}")?;
        }
    }
    let analysis = oidc_trust::analyze(&prepared.request);
    let ctx = render::Context {
        style,
        locator: &prepared.locator,
        notes: &prepared.notes,
        verbose: args.verbose,
        now: prepared.request.now,
    };
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&analysis).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text => render::analysis(out, &analysis, &ctx)?,
        Format::Sarif | Format::Github => {
            let report = findings(&analysis, &prepared.locator);
            if format == Format::Github {
                crate::actions::verdict_command(out, &analysis)?;
            }
            crate::output::write(out, format, &[report], style)?;
        }
    }
    if args.github_oidc.is_some() {
        crate::actions::step_summary(&analysis, &ctx, err)?;
    }
    Ok(exit_code(&analysis))
}

/// The analysis's findings, placed in the policy file, for SARIF and annotations.
fn findings(a: &Analysis, locator: &Locator) -> crate::output::FileReport {
    let name = match locator {
        Locator::File(s) | Locator::Embedded { source: s, .. } => s.name.clone(),
        Locator::Pointer(n) => n.clone(),
    };
    let findings = a
        .diagnostics
        .iter()
        .map(|d| {
            let site = match (locator, d.span) {
                (Locator::File(s), Some(span)) => {
                    Some(iac::Site::of_range(&s.name, &s.text, span.start, span.end))
                }
                (Locator::Embedded { source, prefix }, _) => d
                    .pointer
                    .as_deref()
                    .and_then(|p| input::locate(&source.text, &format!("{prefix}{p}")))
                    .map(|span| {
                        iac::Site::of_range(&source.name, &source.text, span.start, span.end)
                    }),
                _ => None,
            };
            crate::output::Finding {
                diagnostic: d.clone(),
                site,
                policy: None,
            }
        })
        .collect();
    crate::output::FileReport {
        name,
        kind: iac::Kind::Policy,
        findings,
        policies: 1,
        skipped: false,
    }
}
