//! `auth/<mount>/login` with a JWT, stage by stage, stopping where Vault stops, with the
//! text Vault answers (HTTP 400 `{"errors": ["<text>"]}`; the CLI prints `Error writing
//! data to auth/<mount>/login: ... Code: 400. Errors: * <text>`):
//!
//! 1. `config`: the mount is configured (given here, or not: then `bound_issuer` is unknown).
//! 2. `role`: the login's `role` (or `default_role`) names the role, and it is a `jwt` role.
//! 3. `token`: a JWT is given.
//! 4. `cidr`: the client address is in `token_bound_cidrs`, when the role has any.
//! 5. `signature`: the token is signed with an asymmetric key of the mount's key source and
//!    an algorithm of `jwt_supported_algs`; signatures are never verified here.
//! 6. `claims`: the registered claims decode (`cap` reads them into go-jose's struct).
//! 7. `issuer`, 8. `subject`, 9. `audience`: `bound_issuer`, `bound_subject` and
//!    `bound_audiences`, compared exactly.
//! 10. `validity`: `nbf`, `exp` and `iat` with the role's leeways (cap `jwt.go`).
//! 11. `unboundAudience`: a role without `bound_audiences` takes no token with an `aud`.
//! 12. `identity`: `user_claim`, `claim_mappings` and `groups_claim` are readable.
//! 13. `boundClaims`: every `bound_claims` entry matches.
//!
//! Sources: `path_login.go` and `claims.go` of hashicorp/vault-plugin-auth-jwt (which pins
//! hashicorp/cap v0.13.0) and of openbao's `builtin/credential/jwt`; the semantics
//! reference, section 3. Each stage is a function returning `Result<_, Refusal>`.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::claims::{self, BoundValue, TokenValue};
use super::glob;
use super::role::{Config, Role, RoleType};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::token::{Token, TokenFormat};

/// Which server's behaviour to model.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum VaultServer {
    /// HashiCorp Vault 1.17 and later (the JWT plugin on cap v0.13.0): a single-string
    /// `aud` with no `bound_audiences` is refused (CVE-2024-5798).
    #[default]
    #[serde(rename = "vault")]
    Vault,
    /// HashiCorp Vault 1.16 and earlier, where that token is accepted (before 1.16.3, and
    /// again on later 1.15.x/1.16.x after the fix was reverted; exact patch releases
    /// UNCONFIRMED).
    #[serde(rename = "vault-1.16")]
    Vault116,
    /// OpenBao: Vault's checks and texts; `aud` is always read as a list, so even an empty
    /// string `aud` is refused without `bound_audiences`.
    #[serde(rename = "openbao")]
    OpenBao,
}

impl VaultServer {
    /// The product name, for sentences.
    pub fn name(self) -> &'static str {
        match self {
            VaultServer::Vault => "Vault",
            VaultServer::Vault116 => "Vault 1.16",
            VaultServer::OpenBao => "OpenBao",
        }
    }
}

/// The stages of a JWT login, in Vault's order.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VaultStage {
    /// The request itself could not be read (oidc-trust's own stage).
    Request,
    /// The mount's configuration.
    Config,
    /// The role: its name and type.
    Role,
    /// A token is given.
    Token,
    /// The client address against `token_bound_cidrs`.
    Cidr,
    /// The signature and its algorithm.
    Signature,
    /// The registered claims decode.
    Claims,
    /// `bound_issuer`.
    Issuer,
    /// `bound_subject`.
    Subject,
    /// `bound_audiences`.
    Audience,
    /// `nbf`, `exp` and `iat`.
    Validity,
    /// An `aud` with no `bound_audiences`.
    UnboundAudience,
    /// `user_claim`, `claim_mappings`, `groups_claim`.
    Identity,
    /// `bound_claims`.
    BoundClaims,
}

impl VaultStage {
    /// The stages Vault runs, in order (`request` is oidc-trust's own).
    pub const ORDER: [VaultStage; 13] = [
        VaultStage::Config,
        VaultStage::Role,
        VaultStage::Token,
        VaultStage::Cidr,
        VaultStage::Signature,
        VaultStage::Claims,
        VaultStage::Issuer,
        VaultStage::Subject,
        VaultStage::Audience,
        VaultStage::Validity,
        VaultStage::UnboundAudience,
        VaultStage::Identity,
        VaultStage::BoundClaims,
    ];
}

/// The algorithms Vault takes when `jwt_supported_algs` is empty (`path_login.go`; OpenBao's
/// `AllowedJWTSignatureAlgorithmsBao` is the same set).
pub const DEFAULT_ALGORITHMS: [&str; 10] = [
    "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA",
];

/// Why the signature stage fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureMiss {
    /// The token does not decode as a JWT.
    Undecodable,
    /// `alg` is not an asymmetric algorithm (`HS256`, `none`): no published key verifies it.
    Symmetric(String),
    /// The mount's keys come from another issuer's discovery document.
    KeysOfAnotherIssuer {
        /// `oidc_discovery_url`.
        url: String,
    },
    /// `alg` is not in `jwt_supported_algs`.
    Algorithm(String),
}

/// Why Vault refuses, or why no answer can be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request is malformed (oidc-trust's own).
    Request(String),
    /// No role to decide with (`unreadable`: given but not readable).
    NoRole {
        /// Whether a role was given.
        unreadable: bool,
    },
    /// The configuration was given but cannot be read.
    UnreadableConfig,
    /// No role name at login and no `default_role`.
    MissingRole,
    /// The login names another role.
    RoleNotFound(String),
    /// `role_type` is `oidc`.
    OidcRoleType,
    /// No token given.
    MissingToken,
    /// The client address is outside `token_bound_cidrs`.
    PermissionDenied,
    /// The signature stage failed.
    Signature(SignatureMiss),
    /// A registered claim has the wrong type (cap's error text).
    ClaimType(String),
    /// `iss` is not `bound_issuer`.
    Issuer,
    /// `sub` is not `bound_subject`.
    Subject,
    /// No `aud` is in `bound_audiences`.
    Audience,
    /// None of `iat`, `nbf`, `exp`.
    NoTimes,
    /// Before `nbf`.
    NotYetValid,
    /// After `exp`.
    Expired,
    /// `iat` in the future.
    IssuedInFuture,
    /// An `aud` and no `bound_audiences`.
    UnboundAudience,
    /// `user_claim` absent.
    UserClaimMissing(String),
    /// `user_claim` not a string.
    UserClaimNotString(String),
    /// A `claim_mappings` source is not a string.
    MappingNotString(String),
    /// `groups_claim` absent.
    GroupsMissing(String),
    /// `groups_claim` not a list.
    GroupsNotList(String),
    /// An element of the groups claim is not a string (its `%v`).
    GroupNotString(String),
    /// A bound claim is absent.
    ClaimMissing(String),
    /// A bound claim matches none of its values.
    ClaimNotMatched(String),
    /// A bound claim's token value is an object (its `%v`).
    ReceivedNotScalar(String),
    /// A bound value is an object (its `%v`).
    BoundNotScalar(String),
    /// A glob role with a bound value that is not a string (its `%v`).
    NotAGlobString(String, &'static str),
}

impl Refusal {
    /// The stage that refused.
    pub fn stage(&self) -> VaultStage {
        match self {
            Refusal::Request(_) => VaultStage::Request,
            Refusal::UnreadableConfig => VaultStage::Config,
            Refusal::NoRole { .. }
            | Refusal::MissingRole
            | Refusal::RoleNotFound(_)
            | Refusal::OidcRoleType => VaultStage::Role,
            Refusal::MissingToken => VaultStage::Token,
            Refusal::PermissionDenied => VaultStage::Cidr,
            Refusal::Signature(_) => VaultStage::Signature,
            Refusal::ClaimType(_) => VaultStage::Claims,
            Refusal::Issuer => VaultStage::Issuer,
            Refusal::Subject => VaultStage::Subject,
            Refusal::Audience => VaultStage::Audience,
            Refusal::NoTimes
            | Refusal::NotYetValid
            | Refusal::Expired
            | Refusal::IssuedInFuture => VaultStage::Validity,
            Refusal::UnboundAudience => VaultStage::UnboundAudience,
            Refusal::UserClaimMissing(_)
            | Refusal::UserClaimNotString(_)
            | Refusal::MappingNotString(_)
            | Refusal::GroupsMissing(_)
            | Refusal::GroupsNotList(_)
            | Refusal::GroupNotString(_) => VaultStage::Identity,
            Refusal::ClaimMissing(_)
            | Refusal::ClaimNotMatched(_)
            | Refusal::ReceivedNotScalar(_)
            | Refusal::BoundNotScalar(_)
            | Refusal::NotAGlobString(..) => VaultStage::BoundClaims,
        }
    }

    /// Whether the answer is an input problem of the request rather than Vault's refusal.
    pub fn undecided(&self) -> bool {
        matches!(
            self,
            Refusal::Request(_)
                | Refusal::NoRole { .. }
                | Refusal::UnreadableConfig
                | Refusal::MissingToken
                | Refusal::Signature(SignatureMiss::Undecodable)
        )
    }

    /// Vault's HTTP status and error text, when Vault would answer at all, and whether the
    /// text is Vault's verbatim (from its source or a transcript) rather than inferred.
    pub fn error(&self) -> Option<(u16, String, bool)> {
        let v = |s: &str| "error validating token: ".to_owned() + s;
        let c = |s: String| "error validating claims: ".to_owned() + &s;
        Some(match self {
            Refusal::Request(_) | Refusal::NoRole { .. } | Refusal::UnreadableConfig => {
                return None;
            }
            Refusal::MissingRole => (400, "missing role".into(), true),
            Refusal::RoleNotFound(name) => (400, format!("role {name:?} could not be found"), true),
            Refusal::OidcRoleType => (400, "role with oidc role_type is not allowed".into(), true),
            Refusal::MissingToken => (400, "missing token".into(), true),
            Refusal::PermissionDenied => (403, "permission denied".into(), true),
            // The detail depends on the key source and the library version.
            Refusal::Signature(SignatureMiss::Undecodable | SignatureMiss::Symmetric(_)) => {
                (400, v("error verifying token signature: …"), false)
            }
            Refusal::Signature(SignatureMiss::KeysOfAnotherIssuer { .. }) => (
                400,
                v("error verifying token signature: failed to verify id token signature"),
                false,
            ),
            Refusal::Signature(SignatureMiss::Algorithm(_)) => (
                400,
                v(
                    "invalid algorithm (alg) header parameter: token signed with unexpected algorithm",
                ),
                true,
            ),
            Refusal::ClaimType(text) => (400, v(text), true),
            Refusal::Issuer => (400, v("invalid issuer (iss) claim"), true),
            Refusal::Subject => (400, v("invalid subject (sub) claim"), true),
            Refusal::Audience => (
                400,
                v(
                    "invalid audience (aud) claim: audience claim does not match any expected audience",
                ),
                true,
            ),
            Refusal::NoTimes => (
                400,
                v("no issued at (iat), not before (nbf), or expiration time (exp) claims in token"),
                true,
            ),
            Refusal::NotYetValid => (
                400,
                v("invalid not before (nbf) claim: token not yet valid"),
                true,
            ),
            Refusal::Expired => (
                400,
                v("invalid expiration time (exp) claim: token is expired"),
                true,
            ),
            Refusal::IssuedInFuture => (
                400,
                v("invalid issued at (iat) claim: token issued in the future"),
                true,
            ),
            Refusal::UnboundAudience => (
                400,
                "audience claim found in JWT but no audiences bound to the role".into(),
                true,
            ),
            Refusal::UserClaimMissing(n) => (400, format!("claim {n:?} not found in token"), true),
            Refusal::UserClaimNotString(n) => (
                400,
                format!("claim {n:?} could not be converted to string"),
                true,
            ),
            Refusal::MappingNotString(n) => {
                (400, format!("error converting claim '{n}' to string"), true)
            }
            Refusal::GroupsMissing(n) => (
                400,
                format!("failed to fetch groups: {n:?} claim not found in token"),
                true,
            ),
            Refusal::GroupsNotList(n) => (
                400,
                format!("{n:?} claim could not be converted to string list"),
                true,
            ),
            Refusal::GroupNotString(v) => (
                400,
                format!("value {v} in groups claim could not be parsed as string"),
                true,
            ),
            Refusal::ClaimMissing(n) => (400, c(format!("claim {n:?} is missing")), true),
            Refusal::ClaimNotMatched(n) => (
                400,
                c(format!(
                    "claim {n:?} does not match any associated bound claim values"
                )),
                true,
            ),
            Refusal::ReceivedNotScalar(v) => (
                400,
                c(format!(
                    "received claim is not a string, bool, int or list: {v}"
                )),
                true,
            ),
            Refusal::BoundNotScalar(v) => (
                400,
                c(format!(
                    "bound claim is not a string, bool, int or list: {v}"
                )),
                true,
            ),
            // `fmt.Errorf("... %expVal", expVal)`: Go's `%e` of a non-float, then `xpVal`.
            Refusal::NotAGlobString(v, ty) => (
                400,
                c(format!(
                    "received claim is not a glob string: %!e({ty}={v})xpVal"
                )),
                true,
            ),
        })
    }
}

/// What a check compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// `bound_issuer` against `iss`.
    Issuer,
    /// `bound_subject` against `sub`.
    Subject,
    /// `bound_audiences` against `aud`.
    Audiences,
    /// `user_claim`, read.
    UserClaim,
    /// One `claim_mappings` entry (its index), read.
    Mapping(usize),
    /// `groups_claim`, read.
    Groups,
    /// One `bound_claims` entry (its index).
    BoundClaim(usize),
}

/// How a check went.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckOutcome {
    /// The token's value matches (or, for a claim read, is usable).
    Matched,
    /// The token's value matches none of the values.
    NotMatched,
    /// The token lacks the claim.
    Missing,
    /// The token's value (or the bound value) has a type Vault cannot use here.
    WrongType,
    /// Vault stopped before it.
    NotReached,
}

/// One check, as the login ran it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was compared.
    pub checked: Checked,
    /// How it went.
    pub outcome: CheckOutcome,
    /// Which bound value matched (its index), if one did.
    pub matched: Option<usize>,
}

/// The validity window cap computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// `nbf`, or what cap put in its place.
    pub not_before: i64,
    /// `exp`, or what cap put in its place.
    pub expires: i64,
    /// `iat` (`None`: absent).
    pub issued_at: Option<i64>,
    /// Whether `nbf` was derived (absent in the token).
    pub not_before_derived: bool,
    /// Whether `exp` was derived.
    pub expires_derived: bool,
    /// The clock skew leeway applied, seconds.
    pub skew: i64,
}

/// What a successful login would carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    /// The entity alias name (the `user_claim` value).
    pub alias: String,
    /// The alias metadata: `claim_mappings` targets and `role`.
    pub metadata: Vec<(String, String)>,
    /// The group alias names.
    pub groups: Vec<String>,
}

/// The login's inputs, read.
#[derive(Debug, Clone, Copy)]
pub struct Login<'a> {
    /// The role, if given and readable (`Err(unreadable)` otherwise).
    pub role: Result<&'a Role, bool>,
    /// The role's name (`auth/<mount>/role/<name>`), if known.
    pub role_name: Option<&'a str>,
    /// The mount's configuration: `None` when not given, `Err` when unreadable.
    pub config: Option<Result<&'a Config, ()>>,
    /// The login's `role` parameter (`Some("")`: none sent).
    pub login_role: Option<&'a str>,
    /// The token, decoded (`Ok(None)`: none given; `Err`: does not decode).
    pub token: Result<Option<&'a Token>, ()>,
    /// The client address.
    pub remote_addr: Option<&'a str>,
    /// The evaluation time.
    pub now: i64,
    /// The server modelled.
    pub server: VaultServer,
}

/// The login, as typed data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// Why Vault refuses; `None` when it logs in.
    pub refusal: Option<Refusal>,
    /// The checks, in Vault's order.
    pub checks: Vec<Check>,
    /// The validity window, once computed.
    pub window: Option<Window>,
    /// What the login would carry, once the identity stage passed.
    pub identity: Option<Identity>,
    /// Whether the client address was needed but not given.
    pub cidr_unknown: bool,
    /// Findings the login made (a registered-claim collision).
    pub diagnostics: Vec<Diagnostic>,
}

impl Verdict {
    /// The deciding stage.
    pub fn stage(&self) -> VaultStage {
        self.refusal
            .as_ref()
            .map_or(VaultStage::BoundClaims, Refusal::stage)
    }
}

/// Runs the login.
pub fn run(login: &Login<'_>) -> Verdict {
    let mut v = Verdict::default();
    if let Err(refusal) = stages(login, &mut v) {
        v.refusal = Some(refusal);
    }
    v
}

fn stages(l: &Login<'_>, v: &mut Verdict) -> Result<(), Refusal> {
    let config = match l.config {
        Some(Err(())) => return Err(Refusal::UnreadableConfig),
        Some(Ok(c)) => Some(c),
        None => None,
    };
    let role = l
        .role
        .map_err(|unreadable| Refusal::NoRole { unreadable })?;
    role_stage(l, config, role)?;
    let token = match l.token {
        Ok(Some(t)) => Some(t),
        Ok(None) => return Err(Refusal::MissingToken),
        Err(()) => None,
    };
    if !role.token_bound_cidrs.is_empty() {
        match l.remote_addr {
            Some(addr) if !role.token_bound_cidrs.iter().any(|c| in_cidr(addr, c)) => {
                return Err(Refusal::PermissionDenied);
            }
            Some(_) => {}
            None => v.cidr_unknown = true,
        }
    }
    let token = token.ok_or(Refusal::Signature(SignatureMiss::Undecodable))?;
    signature(token, config)?;
    let claims = &token.claims;
    for (key, name) in claims::collisions(claims) {
        v.diagnostics.push(
            Diagnostic::new(
                codes::VAULT_CLAIM_NAME_COLLISION,
                Severity::Warning,
                Source::Token,
                format!("the claim `{key}` equals `{name}` under Unicode case folding: cap v0.13.0 validates one of them and Vault reads `{name}`, and later cap versions refuse the token (`error validating token: ambiguous claim: key {key:?} collides with registered claim {name:?} under case folding`)"),
            )
            .at(&format!("/claims/{key}"), None),
        );
    }
    let reg = claims::registered(claims).map_err(Refusal::ClaimType)?;
    let bound_issuer = config.map_or("", |c| c.bound_issuer.as_str());
    let mut compare = |checked, ok: bool, matched: Option<usize>, refusal| {
        let outcome = if ok {
            CheckOutcome::Matched
        } else {
            missing_or(checked, &reg)
        };
        v.checks.push(Check {
            checked,
            outcome,
            matched,
        });
        if ok { Ok(()) } else { Err(refusal) }
    };
    if !bound_issuer.is_empty() {
        compare(
            Checked::Issuer,
            reg.iss == Some(bound_issuer),
            Some(0),
            Refusal::Issuer,
        )?;
    }
    if !role.bound_subject.is_empty() {
        compare(
            Checked::Subject,
            reg.sub == Some(role.bound_subject.as_str()),
            Some(0),
            Refusal::Subject,
        )?;
    }
    if !role.bound_audiences.is_empty() {
        let hit = role
            .bound_audiences
            .iter()
            .position(|b| reg.aud.contains(&b.as_str()));
        compare(Checked::Audiences, hit.is_some(), hit, Refusal::Audience)?;
    }
    v.window = Some(validity(role, &reg, l.now)?);
    if role.bound_audiences.is_empty() {
        let refused = match claims.get("aud") {
            Some(serde_json::Value::Array(items)) => !items.is_empty(),
            Some(serde_json::Value::String(s)) => match l.server {
                VaultServer::Vault => !s.is_empty(),
                VaultServer::Vault116 => false,
                VaultServer::OpenBao => true,
            },
            _ => false,
        };
        if refused {
            return Err(Refusal::UnboundAudience);
        }
    }
    let name = match l.login_role {
        Some(n) if !n.is_empty() => n.to_lowercase(),
        _ => l.role_name.map(str::to_lowercase).unwrap_or_default(),
    };
    v.identity = Some(identity(role, &name, claims, &mut v.checks)?);
    bound_claims(role, claims, &mut v.checks)
}

/// `missing` when the token lacks the registered claim a check compares, else `notMatched`.
fn missing_or(checked: Checked, reg: &claims::Registered<'_>) -> CheckOutcome {
    let missing = match checked {
        Checked::Issuer => reg.iss.is_none(),
        Checked::Subject => reg.sub.is_none(),
        _ => reg.aud.is_empty(),
    };
    if missing {
        CheckOutcome::Missing
    } else {
        CheckOutcome::NotMatched
    }
}

/// Stage 2: which role the login names, and its type.
fn role_stage(l: &Login<'_>, config: Option<&Config>, role: &Role) -> Result<(), Refusal> {
    // The login's `role` is lower-cased (`TypeLowerCaseString`); `default_role` is used as
    // written. Roles are stored under lower-case names.
    let requested = match l.login_role {
        Some(name) if !name.is_empty() => Some(name.to_lowercase()),
        Some(_) => match config.map(|c| c.default_role.as_str()) {
            Some(d) if !d.is_empty() => Some(d.to_owned()),
            _ => return Err(Refusal::MissingRole),
        },
        None => None,
    };
    if let (Some(requested), Some(name)) = (requested, l.role_name)
        && requested != name.to_lowercase()
    {
        return Err(Refusal::RoleNotFound(requested));
    }
    if role.role_type == RoleType::Oidc {
        return Err(Refusal::OidcRoleType);
    }
    Ok(())
}

/// Whether `addr` is in `cidr` (an address, or `address/prefix`).
pub fn in_cidr(addr: &str, cidr: &str) -> bool {
    let (net, bits) = cidr.split_once('/').unwrap_or((cidr, ""));
    let (Ok(a), Ok(n)) = (addr.trim().parse::<IpAddr>(), net.trim().parse::<IpAddr>()) else {
        return false;
    };
    let (a, n, width) = match (a, n) {
        (IpAddr::V4(a), IpAddr::V4(n)) => (u128::from(u32::from(a)), u128::from(u32::from(n)), 32),
        (IpAddr::V6(a), IpAddr::V6(n)) => (u128::from(a), u128::from(n), 128),
        _ => return false,
    };
    let bits: u32 = if bits.is_empty() {
        width
    } else {
        match bits.trim().parse() {
            Ok(b) if b <= width => b,
            _ => return false,
        }
    };
    let shift = width - bits;
    shift >= width || (a >> shift) == (n >> shift)
}

/// Stage 5: the algorithm and the key source (signatures are never verified).
fn signature(token: &Token, config: Option<&Config>) -> Result<(), Refusal> {
    if token.format == TokenFormat::Claims {
        return Ok(());
    }
    let alg = token.alg().unwrap_or_default();
    if !DEFAULT_ALGORITHMS.contains(&alg) {
        return Err(Refusal::Signature(SignatureMiss::Symmetric(alg.to_owned())));
    }
    let Some(config) = config else {
        return Ok(());
    };
    let url = config.oidc_discovery_url.trim_end_matches('/');
    let iss = token
        .claims
        .issuer()
        .unwrap_or_default()
        .trim_end_matches('/');
    if !url.is_empty() && host(url) != host(iss) {
        return Err(Refusal::Signature(SignatureMiss::KeysOfAnotherIssuer {
            url: config.oidc_discovery_url.clone(),
        }));
    }
    if !config.jwt_supported_algs.is_empty() && !config.jwt_supported_algs.iter().any(|a| a == alg)
    {
        return Err(Refusal::Signature(SignatureMiss::Algorithm(alg.to_owned())));
    }
    Ok(())
}

/// The host of a URL (`https://host/path` → `host`).
pub fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or_default()
}

/// A leeway as cap applies it: 0 is the default, negative is none.
fn leeway(value: i64, default: i64) -> i64 {
    match value {
        0 => default,
        v if v < 0 => 0,
        v => v,
    }
}

/// Stage 10 (cap `jwt.go`): a missing `exp` is the later of `iat` and `nbf` plus
/// `expiration_leeway`; a missing `nbf` is `iat`, or `exp` minus `not_before_leeway`; then
/// `now` plus the clock skew must not be before `nbf` or `iat`, `now` minus it not after
/// `exp`. `expiration_leeway` never extends a token's own `exp`.
fn validity(role: &Role, reg: &claims::Registered<'_>, now: i64) -> Result<Window, Refusal> {
    if reg.iat == 0 && reg.exp == 0 && reg.nbf == 0 {
        return Err(Refusal::NoTimes);
    }
    let mut w = Window {
        not_before: reg.nbf,
        expires: reg.exp,
        issued_at: (reg.iat != 0).then_some(reg.iat),
        not_before_derived: reg.nbf == 0,
        expires_derived: reg.exp == 0,
        skew: leeway(role.clock_skew_leeway, 60),
    };
    if reg.exp == 0 {
        w.expires = reg
            .iat
            .max(reg.nbf)
            .saturating_add(leeway(role.expiration_leeway, 150));
    }
    if reg.nbf == 0 {
        w.not_before = if reg.iat != 0 {
            reg.iat
        } else {
            w.expires
                .saturating_sub(leeway(role.not_before_leeway, 150))
        };
    }
    if now.saturating_add(w.skew) < w.not_before {
        return Err(Refusal::NotYetValid);
    }
    if now.saturating_sub(w.skew) > w.expires {
        return Err(Refusal::Expired);
    }
    if now.saturating_add(w.skew) < reg.iat {
        return Err(Refusal::IssuedInFuture);
    }
    Ok(w)
}

/// Stage 12 (`createIdentity`): the alias name, the metadata and the groups.
fn identity(
    role: &Role,
    role_name: &str,
    claims: &crate::token::Claims,
    checks: &mut Vec<Check>,
) -> Result<Identity, Refusal> {
    let read = |checked, outcome| Check {
        checked,
        outcome,
        matched: None,
    };
    let user = if role.user_claim_json_pointer {
        claims::get(claims, &role.user_claim)
    } else {
        claims.get(&role.user_claim).filter(|v| !v.is_null())
    };
    let alias = match user {
        None => {
            checks.push(read(Checked::UserClaim, CheckOutcome::Missing));
            return Err(Refusal::UserClaimMissing(role.user_claim.clone()));
        }
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => {
            checks.push(read(Checked::UserClaim, CheckOutcome::WrongType));
            return Err(Refusal::UserClaimNotString(role.user_claim.clone()));
        }
    };
    checks.push(read(Checked::UserClaim, CheckOutcome::Matched));
    let mut id = Identity {
        alias,
        ..Identity::default()
    };
    // Go iterates the map in random order; the first failing entry in the role's order is
    // the one named here.
    let mut failed = None;
    for (i, (source, target)) in role.claim_mappings.iter().enumerate() {
        let outcome = match claims::get(claims, source) {
            None => CheckOutcome::Missing,
            Some(serde_json::Value::String(s)) => {
                id.metadata.push((target.clone(), s.clone()));
                CheckOutcome::Matched
            }
            Some(_) => {
                failed.get_or_insert_with(|| source.clone());
                CheckOutcome::WrongType
            }
        };
        checks.push(read(Checked::Mapping(i), outcome));
    }
    if let Some(source) = failed {
        return Err(Refusal::MappingNotString(source));
    }
    id.metadata.push(("role".to_owned(), role_name.to_owned()));
    if role.groups_claim.is_empty() {
        return Ok(id);
    }
    let name = &role.groups_claim;
    let Some(raw) = claims::get(claims, name) else {
        checks.push(read(Checked::Groups, CheckOutcome::Missing));
        return Err(Refusal::GroupsMissing(name.clone()));
    };
    let Some(items) = claims::list(raw) else {
        checks.push(read(Checked::Groups, CheckOutcome::WrongType));
        return Err(Refusal::GroupsNotList(name.clone()));
    };
    let elements: Vec<&serde_json::Value> = match raw {
        serde_json::Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for (item, json) in items.iter().zip(elements) {
        match item {
            TokenValue::Str(s) if !s.is_empty() => id.groups.push((*s).to_owned()),
            TokenValue::Str(_) => {}
            _ => {
                checks.push(read(Checked::Groups, CheckOutcome::WrongType));
                let shown = match item {
                    TokenValue::Num(n) => n.clone(),
                    _ => claims::go_repr(json),
                };
                return Err(Refusal::GroupNotString(shown));
            }
        }
    }
    checks.push(read(Checked::Groups, CheckOutcome::Matched));
    Ok(id)
}

/// Stage 13 (`validateBoundClaims`): every entry must match. Every entry is checked, so
/// the trace shows all that fail; the refusal names the first in the role's order (Vault's
/// map order is random).
fn bound_claims(
    role: &Role,
    claims: &crate::token::Claims,
    checks: &mut Vec<Check>,
) -> Result<(), Refusal> {
    let mut first: Option<Refusal> = None;
    for (i, bound) in role.bound_claims.iter().enumerate() {
        let (outcome, matched, refusal) = match_bound(role.glob, bound, claims);
        checks.push(Check {
            checked: Checked::BoundClaim(i),
            outcome,
            matched,
        });
        if let Some(r) = refusal {
            first.get_or_insert(r);
        }
    }
    first.map_or(Ok(()), Err)
}

/// One bound claim against the token: outcome, the matching value's index, the refusal.
pub fn match_bound(
    glob_mode: bool,
    bound: &super::role::BoundClaim,
    claims: &crate::token::Claims,
) -> (CheckOutcome, Option<usize>, Option<Refusal>) {
    let name = &bound.claim;
    let Some(actual) = claims::get(claims, name) else {
        return (
            CheckOutcome::Missing,
            None,
            Some(Refusal::ClaimMissing(name.clone())),
        );
    };
    let Some(actuals) = claims::list(actual) else {
        return (
            CheckOutcome::WrongType,
            None,
            Some(Refusal::ReceivedNotScalar(claims::go_repr(actual))),
        );
    };
    let expected = match &bound.values {
        Ok(e) => e,
        Err(shown) => {
            return (
                CheckOutcome::WrongType,
                None,
                Some(Refusal::BoundNotScalar(shown.clone())),
            );
        }
    };
    for (i, e) in expected.iter().enumerate() {
        for a in &actuals {
            let hit = if glob_mode {
                let BoundValue::Str(pattern) = e else {
                    let ty = match e {
                        BoundValue::Bool(_) => "bool",
                        _ => "json.Number",
                    };
                    return (
                        CheckOutcome::WrongType,
                        None,
                        Some(Refusal::NotAGlobString(e.go(), ty)),
                    );
                };
                matches!(a, TokenValue::Str(s) if glob::matches(pattern, s))
            } else {
                e.equals(a)
            };
            if hit {
                return (CheckOutcome::Matched, Some(i), None);
            }
        }
    }
    (
        CheckOutcome::NotMatched,
        None,
        Some(Refusal::ClaimNotMatched(name.clone())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        assert!(in_cidr("10.1.2.3", "10.0.0.0/8"));
        assert!(!in_cidr("11.1.2.3", "10.0.0.0/8"));
        assert!(in_cidr("10.1.2.3", "10.1.2.3"));
        assert!(in_cidr("1.2.3.4", "0.0.0.0/0"));
        assert!(in_cidr("2001:db8::1", "2001:db8::/32"));
        assert!(!in_cidr("2001:db8::1", "10.0.0.0/8"));
        assert!(!in_cidr("10.0.0.1", "10.0.0.0/33"));
    }

    #[test]
    fn refusal_texts() {
        let (code, text, observed) = Refusal::ClaimNotMatched("sub".into()).error().unwrap();
        assert_eq!(code, 400);
        assert!(observed);
        assert_eq!(
            text,
            "error validating claims: claim \"sub\" does not match any associated bound claim values"
        );
        assert_eq!(
            Refusal::NotAGlobString("42".into(), "json.Number")
                .error()
                .unwrap()
                .1,
            "error validating claims: received claim is not a glob string: %!e(json.Number=42)xpVal"
        );
    }
}
