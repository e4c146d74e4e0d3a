//! `oidc-trust analyze`: one token against one trust policy, stage by stage, as AWS STS
//! `AssumeRoleWithWebIdentity` would decide it.

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::Claims;
use oidc_trust::api::{
    Analysis, ClientIdBasis, Organization, ProviderConfig, Request, Stage, VerdictState,
};
use oidc_trust::aws::request::assumed_client_ids;
use oidc_trust::diagnostic::Diagnostic;

use crate::iac;
use crate::input::{self, InputError, Source};
use crate::lint::Format;
use crate::render::{self, Locator, Place};
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
        conflicts_with_all = ["token", "policy", "provider", "client_id", "account", "action", "session_name", "no_provider_claims", "no_lints", "github_oidc", "role", "role_arn", "duration", "max_session_duration", "role_tags", "source_ip", "region", "vpc_endpoint", "rcps", "management_account"]
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
    /// (Required for AWS unless --request is given; the other targets take their own files.)
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Which cloud decides: `aws` (the default: STS and a role trust policy), `azure`
    /// (Microsoft Entra ID federated identity credentials), `gcp` (a Google Cloud workload
    /// identity pool provider and its IAM policy), `vault` (a HashiCorp Vault or `OpenBao`
    /// JWT auth role) or `publishing` (a package registry's trusted publishers).
    #[arg(long, value_name = "TARGET", default_value = "aws", value_parser = input::target_named)]
    pub target: oidc_trust::api::Target,

    /// --target azure: the federated identity credentials, as `az ad app
    /// federated-credential list`, `az identity federated-credential list`, Graph or ARM
    /// print them.
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,

    /// --target gcp: the workload identity pool provider, as `gcloud iam
    /// workload-identity-pools providers describe --format=json` prints it.
    #[arg(long = "pool-provider", value_name = "FILE")]
    pub pool_provider: Option<PathBuf>,

    /// --target gcp: the IAM policy that grants the federated identity (`gcloud iam
    /// service-accounts get-iam-policy SA --format=json`, or a resource's).
    #[arg(long = "iam-policy", value_name = "FILE")]
    pub iam_policy: Option<PathBuf>,

    /// --target vault: the role, as `vault read -format=json auth/jwt/role/NAME` prints it.
    #[arg(long = "vault-role", value_name = "FILE")]
    pub vault_role: Option<PathBuf>,

    /// --target vault: the auth mount's configuration, as `vault read -format=json
    /// auth/jwt/config` prints it (for `bound_issuer` and the accepted algorithms).
    #[arg(long = "vault-config", value_name = "FILE")]
    pub vault_config: Option<PathBuf>,

    /// --target publishing: the registry's trusted publishers (`PyPI`, crates.io or npm).
    #[arg(long, value_name = "FILE")]
    pub publishers: Option<PathBuf>,

    /// --target publishing: the registry (`pypi`, `crates.io`, `npm`); left out, each
    /// publisher must name it in a `registry` field.
    #[arg(long, value_name = "REGISTRY", requires = "publishers")]
    pub registry: Option<String>,

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

    /// The evaluation time: `iat` (the default: the token's own issue time, as the
    /// playground does, so a token saved from a CI run still reaches the trust policy),
    /// `now`, seconds since the epoch, or an ISO 8601 date and time (`2026-09-21T14:13:20Z`).
    #[arg(long, value_name = "WHEN", allow_negative_numbers = true, value_parser = input::parse_when)]
    pub now: Option<input::When>,

    /// The action to evaluate. Default: `sts:AssumeRoleWithWebIdentity`.
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,

    /// The call's `RoleArn`: checked as STS checks it, and the account it names is where
    /// AWS looks the OIDC provider up (`arn:aws:iam::123456789012:role/deploy`).
    #[arg(
        long,
        value_name = "ARN",
        help_heading = "The call (each one left out is not checked, and the output says so)"
    )]
    pub role_arn: Option<String>,

    /// The call's `RoleSessionName` (2 to 64 characters of `[\w+=,.@-]`; the
    /// `sts:RoleSessionName` condition key).
    #[arg(
        long = "session-name",
        alias = "role-session-name",
        value_name = "NAME",
        help_heading = "The call (each one left out is not checked, and the output says so)"
    )]
    pub session_name: Option<String>,

    /// The call's `DurationSeconds` (STS takes 900 to 43200, and at most the role's
    /// maximum session duration).
    #[arg(long, value_name = "SECONDS", value_parser = seconds, allow_negative_numbers = true, help_heading = "The call (each one left out is not checked, and the output says so)")]
    pub duration: Option<i64>,

    /// The role's `MaxSessionDuration` setting, in seconds (IAM's default is 3600).
    #[arg(long, value_name = "SECONDS", value_parser = seconds, allow_negative_numbers = true, help_heading = "The role")]
    pub max_session_duration: Option<i64>,

    /// A tag of the role (the `aws:ResourceTag/KEY` condition key), repeatable.
    #[arg(long = "role-tag", value_name = "KEY=VALUE", value_parser = key_value, help_heading = "The role")]
    pub role_tags: Vec<(String, String)>,

    /// The caller's public IP address (`aws:SourceIp`); with --vpc-endpoint, its address in
    /// the VPC (`aws:VpcSourceIp`).
    #[arg(long, value_name = "IP", value_parser = ip_address, help_heading = "The caller (left out: a direct HTTPS call over the internet, its address unknown)")]
    pub source_ip: Option<String>,

    /// The region of the STS endpoint called (`aws:RequestedRegion`). Default: assumed
    /// `us-east-1`, the global endpoint's.
    #[arg(long, value_name = "REGION", value_parser = region, help_heading = "The caller (left out: a direct HTTPS call over the internet, its address unknown)")]
    pub region: Option<String>,

    /// The call comes through this STS interface VPC endpoint (`aws:SourceVpce`); the
    /// --source-ip is then the caller's address in the VPC.
    #[arg(long, value_name = "VPCE-ID", value_parser = vpc_endpoint, help_heading = "The caller (left out: a direct HTTPS call over the internet, its address unknown)")]
    pub vpc_endpoint: Option<String>,

    /// A resource control policy of the role's organization (repeatable): a policy
    /// document, `aws organizations describe-policy` output, or a list of them
    /// (`{"Policies": [...]}` or a JSON array).
    #[arg(long = "rcp", value_name = "FILE", help_heading = "The organization")]
    pub rcps: Vec<PathBuf>,

    /// The role is in the organization's management account, which RCPs do not affect.
    #[arg(long, help_heading = "The organization")]
    pub management_account: bool,

    /// Exit 1 when AWS accepts but a lint warns about the trust policy (accepted, with
    /// warnings), as when it refuses.
    #[arg(long)]
    pub deny_warnings: bool,

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

/// The exit status for an analysis: 0 accepted (with or without warnings, unless
/// `deny_warnings`), 1 refused, 2 undecided (an input could not be read, or the decision
/// depends on what the request does not give).
pub fn exit_code(a: &Analysis, deny_warnings: bool) -> i32 {
    exit_code_of(a.state, deny_warnings)
}

/// [`exit_code`] for any target's answer.
pub fn exit_code_of(state: VerdictState, deny_warnings: bool) -> i32 {
    match state {
        VerdictState::AcceptedWithWarnings if deny_warnings => EXIT_REFUSED,
        VerdictState::Accepted | VerdictState::AcceptedWithWarnings => EXIT_ACCEPTED,
        VerdictState::Refused => EXIT_REFUSED,
        VerdictState::Undecided => EXIT_BAD_INPUT,
    }
}

/// `--duration`, `--max-session-duration`: a whole number of seconds (the core checks
/// STS's range, with STS's message).
fn seconds(text: &str) -> Result<i64, String> {
    text.trim().parse::<i64>().map_err(|_| {
        format!("`{text}` is not a whole number of seconds: write `3600` for an hour (STS takes 900 to 43200)")
    })
}

/// `--role-tag KEY=VALUE`.
fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("`{text}` is not KEY=VALUE (e.g. `team=platform`)")),
    }
}

/// `--source-ip`: an IPv4 or IPv6 address.
fn ip_address(text: &str) -> Result<String, String> {
    text.trim()
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.to_string())
        .map_err(|_| format!("`{text}` is not an IPv4 or IPv6 address (e.g. `203.0.113.7`)"))
}

/// `--region`: an AWS region name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`).
fn region(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let letters = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    let ok = parts.len() >= 3
        && parts.first().is_some_and(|p| p.len() == 2 && letters(p))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().skip(1).take(parts.len() - 2).all(letters);
    if ok {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is not an AWS region name (e.g. `eu-west-1`)"
        ))
    }
}

/// `--vpc-endpoint`: a VPC endpoint id (`vpce-` and hexadecimal digits).
fn vpc_endpoint(text: &str) -> Result<String, String> {
    match text.strip_prefix("vpce-") {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(text.to_owned())
        }
        _ => Err(format!(
            "`{text}` is not a VPC endpoint id (e.g. `vpce-0a1b2c3d4e5f67890`)"
        )),
    }
}

/// What the flags or the request file amount to.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The request for the core.
    pub request: Request,
    /// Things assumed because they were not given, to say loudly.
    pub notes: Vec<String>,
    /// Where the evaluation time came from.
    pub time: input::TimeBasis,
    /// Where policy diagnostics point.
    pub locator: Locator,
}

/// The token's `iat`, if it can be decoded and has one.
pub(crate) fn iat_of(token: Option<&str>, claims: Option<&serde_json::Value>) -> Option<i64> {
    let from_claims = |c: &serde_json::Value| c.get("iat").and_then(serde_json::Value::as_i64);
    match (token, claims) {
        (_, Some(c)) => from_claims(c),
        (Some(t), None) => oidc_trust::decode(t)
            .ok()
            .and_then(|t| t.claims.get("iat").and_then(serde_json::Value::as_i64)),
        (None, None) => None,
    }
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
    let built_in = issuer
        .as_deref()
        .map(oidc_trust::providers::key_prefix)
        .and_then(|p| oidc_trust::providers::IssuerKind::of(p).built_in_name());
    if args.provider.is_empty() {
        if let Some(name) = built_in {
            // AWS federates it without an IAM OIDC provider: nothing to assume.
            notes.push(format!(
                "no provider to assume: `{name}` is one of AWS's built-in providers (no IAM OIDC provider, no client-id list: only the trust policy pins the audience)"
            ));
        } else if let Some(iss) = &issuer {
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

    let iat = claims
        .and_then(|c| c.get("iat"))
        .and_then(serde_json::Value::as_i64);
    let (now, time) = args.now.unwrap_or(input::When::Iat).resolve(iat);
    let mut request = Request::new(token_text, &policy.text, providers, now);
    request.account.clone_from(&args.account);
    request.action.clone_from(&args.action);
    call_flags(args, &mut request);
    if args.no_provider_claims {
        request.provider_claims = Some(false);
    }
    if args.no_lints {
        request.lints = Some(false);
    }
    let rcps = crate::rcp::read_all(&args.rcps)?;
    if !rcps.is_empty() || args.management_account {
        request.organization = Some(Organization {
            management_account: args.management_account,
            rcps: rcps
                .iter()
                .map(crate::rcp::RcpDocument::to_request)
                .collect(),
            ..Organization::default()
        });
    }
    Ok(Prepared {
        request,
        notes,
        time,
        locator: Locator::new(
            if rendered {
                Place::Pointer(policy.name)
            } else {
                Place::File(policy)
            },
            rcps,
        ),
    })
}

/// The call, the role and the caller, from their flags.
fn call_flags(args: &AnalyzeArgs, request: &mut Request) {
    request.call.role_arn.clone_from(&args.role_arn);
    request
        .call
        .role_session_name
        .clone_from(&args.session_name);
    request.call.duration_seconds = args.duration;
    request.role.max_session_duration = args.max_session_duration;
    if !args.role_tags.is_empty() {
        request.role.tags = Some(args.role_tags.iter().cloned().collect());
    }
    match &args.vpc_endpoint {
        Some(vpce) => {
            request.caller.source_vpce = Some(vpce.clone());
            request.caller.vpc_source_ip.clone_from(&args.source_ip);
        }
        None => request.caller.source_ip.clone_from(&args.source_ip),
    }
    request.caller.region.clone_from(&args.region);
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

/// Reads `--request FILE`. Without `now` in the request or `--now`, the token's `iat`.
pub fn prepare_request(
    path: &std::path::Path,
    now: Option<input::When>,
) -> Result<Prepared, InputError> {
    let source = input::read(path)?;
    let mut value = input::parse_json(&source)?;
    let notes = Vec::new();
    let Some(object) = value.as_object_mut() else {
        return Err(InputError::in_file(
            &source.name,
            "the request must be a JSON object with `token` or `claims`, `policy`, `providers` and `now`",
        )
        .at(Some(&source.text), ""));
    };
    let iat = iat_of(
        object.get("token").and_then(serde_json::Value::as_str),
        object.get("claims"),
    );
    let time = match (now, object.get("now").and_then(serde_json::Value::as_i64)) {
        (None, Some(_)) => input::TimeBasis::Given,
        (when, _) => {
            let (t, basis) = when.unwrap_or(input::When::Iat).resolve(iat);
            object.insert("now".to_owned(), t.into());
            basis
        }
    };
    let embedded = matches!(object.get("policy"), Some(serde_json::Value::Object(_)));
    let request: Request = input::from_value(&source, value)?;
    let place = if embedded {
        Place::Embedded {
            source,
            prefix: "/policy".to_owned(),
        }
    } else {
        Place::Pointer(source.name)
    };
    Ok(Prepared {
        request,
        notes,
        time,
        locator: Locator::new(place, Vec::new()),
    })
}

/// The analysis as if the token were fresh: at its `iat` (or just before its `exp`), for a
/// token AWS refuses as expired, so the trust policy still gets its say.
pub fn fresh(request: &Request, analysis: &Analysis) -> Option<(Analysis, i64)> {
    if analysis.stage != Stage::Expiry {
        return None;
    }
    let claims = analysis.claims.as_ref()?;
    let exp = claims.get("exp").and_then(serde_json::Value::as_i64)?;
    let at = claims
        .get("iat")
        .and_then(serde_json::Value::as_i64)
        .filter(|iat| *iat <= exp)
        .unwrap_or(exp);
    let mut again = request.clone();
    again.now = at;
    Some((oidc_trust::analyze(&again), at))
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
    if !matches!(format, Format::Text | Format::Concise) {
        // The text output repeats them; the other formats are the analysis alone.
        writeln!(err, "note: {}", prepared.time.note(prepared.request.now))?;
        for note in &prepared.notes {
            writeln!(err, "note: {note}")?;
        }
    }
    let analysis = oidc_trust::analyze(&prepared.request);
    let fresh = fresh(&prepared.request, &analysis);
    let ctx = render::Context {
        style,
        locator: &prepared.locator,
        notes: &prepared.notes,
        time: prepared.time,
        verbose: args.verbose,
        now: prepared.request.now,
        fresh: fresh.as_ref().map(|(a, at)| (a, *at)),
    };
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&analysis).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text => render::analysis(out, &analysis, &ctx)?,
        Format::Concise => render::headline(out, &analysis, &ctx)?,
        Format::Sarif | Format::Github => {
            let reports = findings(&analysis.diagnostics, &prepared.locator);
            if format == Format::Github {
                crate::actions::verdict_command(out, &analysis)?;
            }
            crate::output::write(out, format, &reports, style, &[])?;
        }
    }
    if args.github_oidc.is_some() {
        crate::actions::step_summary(&analysis, &ctx, err)?;
    }
    Ok(exit_code(&analysis, args.deny_warnings))
}

/// The analysis's findings, placed in the policy file (and those about an RCP in its
/// file), for SARIF and annotations.
pub fn findings(diagnostics: &[Diagnostic], locator: &Locator) -> Vec<crate::output::FileReport> {
    let name = locator.policy.name().to_owned();
    let mut reports = vec![crate::output::FileReport {
        name,
        kind: iac::Kind::Policy,
        findings: Vec::new(),
        policies: 1,
        skipped: false,
    }];
    for d in diagnostics {
        let (file, site) = locator.site(d);
        let finding = crate::output::Finding {
            diagnostic: d.clone(),
            site,
            policy: None,
        };
        match reports.iter_mut().find(|r| r.name == file) {
            Some(r) => r.findings.push(finding),
            None => reports.push(crate::output::FileReport {
                name: file,
                kind: iac::Kind::Policy,
                findings: vec![finding],
                policies: 1,
                skipped: false,
            }),
        }
    }
    reports
}
