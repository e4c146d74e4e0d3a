//! Entra ID's token exchange with a federated credential, stage by stage, stopping where
//! Entra stops, with its `AADSTS` code and text (semantics reference 1.2 and 1.3; the order
//! is inferred from the codes, UNCONFIRMED):
//!
//! 1. `token`: the assertion decodes as a JWT (AADSTS50027), signed with an algorithm that
//!    can be checked against the issuer's published keys (Entra documents RS256 only;
//!    `none` and HMAC cannot be), with `iss`, `sub`, `aud` and `exp` (RFC 7523), and not
//!    issued by Entra ID itself (AADSTS700222).
//! 2. `lifetime`: `nbf <= now < exp`, with no grace (AADSTS700024; UNCONFIRMED: azure-cli
//!    #28737 sees tokens refused as soon as they expire).
//! 3. `issuer`: some credential's `issuer` equals `iss`, byte for byte (AADSTS700211).
//! 4. `audience`: among those, some credential's audience equals the token's `aud` (an
//!    `aud` array: any element, UNCONFIRMED) (AADSTS700212).
//! 5. `subject`: among those, a classic credential's `subject` equals `sub`, or a flexible
//!    credential's expression holds (AADSTS700213; AADSTS7002138 when a subject equals
//!    `sub` but for letter case).
//!
//! Every credential is compared with the token whenever the token decodes, so the answer
//! shows what each one would say even where Entra stops earlier. The words are written by
//! [`crate::explain::azure`].

use serde::Serialize;

use super::credential::{Credential, CredentialSet};
use super::expression::ClauseOutcome;
use super::issuers;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::explain::CloudError;
use crate::time;
use crate::token::{self, Claims, DecodeError, Token, TokenFormat};

/// The stages of Entra ID's exchange, in its order.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AzureStage {
    /// The request itself could not be read (oidc-trust's own).
    Request,
    /// Decoding the assertion, its algorithm and required claims.
    Token,
    /// `nbf` and `exp`.
    Lifetime,
    /// A credential for the token's issuer.
    Issuer,
    /// ... with the token's audience.
    Audience,
    /// ... whose subject equals the token's, or whose expression holds.
    Subject,
}

impl AzureStage {
    /// The stages Entra ID runs, in order (`request` is oidc-trust's own).
    pub const ORDER: [AzureStage; 5] = [
        AzureStage::Token,
        AzureStage::Lifetime,
        AzureStage::Issuer,
        AzureStage::Audience,
        AzureStage::Subject,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            AzureStage::Request => "request",
            AzureStage::Token => "token",
            AzureStage::Lifetime => "lifetime",
            AzureStage::Issuer => "issuer",
            AzureStage::Audience => "audience",
            AzureStage::Subject => "subject",
        }
    }
}

/// Why Entra ID refuses, or why no answer can be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request is malformed (oidc-trust's own stage).
    Request {
        /// What is wrong.
        message: String,
    },
    /// The assertion does not decode.
    Token(DecodeError),
    /// Signed with an algorithm no published key can check (`none`, `HS256`...).
    Algorithm(String),
    /// A claim the assertion must carry is missing.
    MissingClaim(&'static str),
    /// `exp` or `nbf` is not a whole number of seconds.
    TimeNotInteger(&'static str),
    /// Issued by Entra ID itself.
    EntraIssued,
    /// `nbf` lies after the evaluation time.
    NotYetValid {
        /// `nbf`.
        nbf: i64,
        /// `exp`.
        exp: i64,
    },
    /// `exp` lies at or before the evaluation time.
    Expired {
        /// `exp`.
        exp: i64,
        /// `nbf`, if any.
        nbf: Option<i64>,
    },
    /// No credentials to decide with: the answer cannot be given.
    NoCredentials {
        /// `true` when credentials were given but could not be read, or none of them is one
        /// Entra would hold.
        unreadable: bool,
    },
    /// No credential's issuer equals `iss`.
    Issuer {
        /// Whether the identity has no credential at all.
        none_configured: bool,
    },
    /// No credential for the issuer has the token's audience.
    Audience,
    /// No credential for the issuer and audience has the subject (or a true expression).
    Subject {
        /// Whether a classic subject equals `sub` but for letter case (AADSTS7002138).
        case_only: bool,
        /// Whether every candidate is flexible (the text is then inferred).
        flexible_only: bool,
    },
}

const DOCS_2023: &str =
    "https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation";
const DOCS: &str = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";
const MALFORMED: &str = "AADSTS50027: JWT token is invalid or malformed.";

/// Seconds since the epoch as Entra writes times in AADSTS700024: `2024-10-02T22:05:03.0000000Z`.
fn entra_time(ts: i64) -> String {
    time::iso(ts).replace('Z', ".0000000Z")
}

fn error(code: &str, message: String, observed: bool) -> CloudError {
    CloudError {
        code: code.to_owned(),
        message,
        observed,
    }
}

impl Refusal {
    /// The stage that refused.
    pub fn stage(&self) -> AzureStage {
        match self {
            Refusal::Request { .. } => AzureStage::Request,
            Refusal::Token(_)
            | Refusal::Algorithm(_)
            | Refusal::MissingClaim(_)
            | Refusal::TimeNotInteger(_)
            | Refusal::EntraIssued => AzureStage::Token,
            Refusal::NotYetValid { .. } | Refusal::Expired { .. } => AzureStage::Lifetime,
            Refusal::NoCredentials { .. } | Refusal::Issuer { .. } => AzureStage::Issuer,
            Refusal::Audience => AzureStage::Audience,
            Refusal::Subject { .. } => AzureStage::Subject,
        }
    }

    /// Entra ID's error, when Entra would answer at all. Texts from the transcripts of the
    /// semantics reference 1.2; `observed` is `false` where the text is inferred.
    pub fn cloud_error(&self, claims: Option<&Claims>, now: i64) -> Option<CloudError> {
        let claim = |name| claims.and_then(|c| c.str(name)).unwrap_or_default();
        Some(match self {
            Refusal::Request { .. } | Refusal::NoCredentials { .. } => return None,
            // kubelogin#413: a federated assertion Entra could not read.
            Refusal::Token(_) => error("AADSTS50027", MALFORMED.to_owned(), true),
            Refusal::Algorithm(_) | Refusal::MissingClaim(_) | Refusal::TimeNotInteger(_) => {
                error("AADSTS50027", MALFORMED.to_owned(), false)
            }
            // MicrosoftDocs/azure-docs#90321.
            Refusal::EntraIssued => error(
                "AADSTS700222",
                "AADSTS700222: AAD-issued tokens may not be used for federated identity flows."
                    .to_owned(),
                true,
            ),
            Refusal::NotYetValid { nbf, exp } => lifetime(now, Some(*nbf), *exp, false),
            // kata-containers#11758, MSAL.NET#4951.
            Refusal::Expired { exp, nbf } => lifetime(now, *nbf, *exp, true),
            // azure-workload-identity#1200.
            Refusal::Issuer { none_configured } => error(
                "AADSTS700211",
                format!(
                    "AADSTS700211: No matching federated identity record found for presented assertion issuer '{}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. {DOCS_2023}",
                    claim("iss")
                ),
                !none_configured,
            ),
            // GitLab's troubleshooting page quotes the first sentence; the rest is 700211's.
            Refusal::Audience => error(
                "AADSTS700212",
                format!(
                    "AADSTS700212: No matching federated identity record found for presented assertion audience '{}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. {DOCS_2023}",
                    claims.map(|c| c.audiences().join(",")).unwrap_or_default()
                ),
                false,
            ),
            // Azure/login#497 (the reference elides the text after `reference-breaking-changes`:
            // the `#august-2024` anchor is UNCONFIRMED).
            Refusal::Subject {
                case_only: true, ..
            } => error(
                "AADSTS7002138",
                format!(
                    "AADSTS7002138: No matching federated identity record found for presented assertion subject '{}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: {DOCS}. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.",
                    claim("sub")
                ),
                true,
            ),
            // azure-workload-identity#1200 (2025 wording). For a false expression Entra's
            // text is unknown (a support-wiki dump names an AADSTS7002131 whose text is cut
            // off), so it is marked inferred.
            Refusal::Subject { flexible_only, .. } => error(
                "AADSTS700213",
                format!(
                    "AADSTS700213: No matching federated identity record found for presented assertion subject '{}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. {DOCS}",
                    claim("sub")
                ),
                !flexible_only,
            ),
        })
    }
}

fn lifetime(now: i64, nbf: Option<i64>, exp: i64, observed: bool) -> CloudError {
    error(
        "AADSTS700024",
        format!(
            "AADSTS700024: Client assertion is not within its valid time range. Current time: {}, assertion valid from {}, expiry time of assertion {}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
            entra_time(now),
            entra_time(nbf.unwrap_or(0)),
            entra_time(exp)
        ),
        observed,
    )
}

/// How a classic credential's subject compares with `sub`.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SubjectMatch {
    /// Equal.
    Equal,
    /// Equal but for letter case (Entra answers AADSTS7002138).
    CaseOnly,
    /// Different.
    Differs,
}

/// One credential compared with the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialCheck {
    /// The credential's index.
    pub index: usize,
    /// Whether its issuer equals `iss`.
    pub issuer: bool,
    /// Whether its audience is the token's `aud` (or one of its elements).
    pub audience: bool,
    /// A classic credential's subject against `sub`.
    pub subject: Option<SubjectMatch>,
    /// A flexible credential's clauses, in order.
    pub clauses: Vec<ClauseOutcome>,
}

impl CredentialCheck {
    /// Whether the subject (or expression) admits the token.
    pub fn subject_holds(&self) -> bool {
        match self.subject {
            Some(s) => s == SubjectMatch::Equal,
            None => {
                !self.clauses.is_empty() && self.clauses.iter().all(|c| *c == ClauseOutcome::Holds)
            }
        }
    }

    /// Whether the credential admits the token.
    pub fn matches(&self) -> bool {
        self.issuer && self.audience && self.subject_holds()
    }
}

/// What Entra ID decides, as data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// The decoded token, once it decodes.
    pub token: Option<Token>,
    /// Every evaluable credential compared with the token (when it decoded), in document
    /// order.
    pub checks: Vec<CredentialCheck>,
    /// The credential that admits the token.
    pub matched: Option<usize>,
    /// Why Entra refuses, if it does.
    pub refusal: Option<Refusal>,
    /// Findings made on the way (the token's algorithm).
    pub diagnostics: Vec<Diagnostic>,
}

impl Verdict {
    /// Whether Entra ID would issue a token.
    pub fn accepted(&self) -> bool {
        self.refusal.is_none()
    }

    /// The deciding stage: the refusing one, or `subject` when accepted.
    pub fn stage(&self) -> AzureStage {
        self.refusal
            .as_ref()
            .map_or(AzureStage::Subject, Refusal::stage)
    }

    /// The token's claims, once decoded.
    pub fn claims(&self) -> Option<&Claims> {
        self.token.as_ref().map(|t| &t.claims)
    }

    /// The check of credential `index`, if it was compared.
    pub fn check(&self, index: usize) -> Option<&CredentialCheck> {
        self.checks.iter().find(|c| c.index == index)
    }
}

/// The token of an exchange: the request's `token` text or `claims` object.
#[derive(Debug, Clone, Copy)]
pub enum TokenInput<'a> {
    /// A compact JWT, or claims as JSON text.
    Text(&'a str),
    /// The claims as a JSON value (it must be an object).
    Claims(&'a serde_json::Value),
}

/// Whether a token's signature can be checked against Entra's documented algorithm: `None`
/// for pasted claims, `Some(true)` for RS256.
pub fn algorithm_accepted(token: &Token) -> Option<bool> {
    token.header.as_ref()?;
    Some(token.alg() == Some("RS256"))
}

/// The credentials of an exchange, as far as they could be read.
#[derive(Debug, Clone, Copy)]
pub enum Credentials<'a> {
    /// None were given.
    Missing,
    /// Given, but not in a shape that could be read.
    Unreadable,
    /// Read.
    Read(&'a CredentialSet),
}

impl<'a> Credentials<'a> {
    /// From a reader's result: `None` when none were given, `Some(None)` when unreadable.
    pub fn of(read: Option<Option<&'a CredentialSet>>) -> Self {
        match read {
            None => Credentials::Missing,
            Some(None) => Credentials::Unreadable,
            Some(Some(set)) => Credentials::Read(set),
        }
    }
}

/// Runs the stages for a token against credentials.
pub fn run(input: TokenInput<'_>, credentials: Credentials<'_>, now: i64) -> Verdict {
    let mut v = Verdict::default();
    if let Err(r) = stages(input, credentials, now, &mut v) {
        v.refusal = Some(r);
    }
    v
}

fn stages(
    input: TokenInput<'_>,
    credentials: Credentials<'_>,
    now: i64,
    v: &mut Verdict,
) -> Result<(), Refusal> {
    let token = read_token(input, &mut v.diagnostics)?;
    let token = v.token.insert(token);
    let claims = &token.claims;
    if let Credentials::Read(set) = credentials {
        v.checks = set
            .credentials
            .iter()
            .filter(|c| c.invalid.is_none())
            .map(|c| compare(c, claims))
            .collect();
    }
    algorithm(token, &mut v.diagnostics)?;
    for claim in ["iss", "sub", "aud", "exp"] {
        if claims.get(claim).is_none_or(serde_json::Value::is_null) {
            return Err(Refusal::MissingClaim(claim));
        }
    }
    let exp = whole(claims, "exp")?.unwrap_or_default();
    let nbf = whole(claims, "nbf")?;
    if claims.issuer().is_some_and(issuers::entra_issued) {
        return Err(Refusal::EntraIssued);
    }
    if let Some(nbf) = nbf
        && nbf > now
    {
        return Err(Refusal::NotYetValid { nbf, exp });
    }
    if now >= exp {
        return Err(Refusal::Expired { exp, nbf });
    }
    let set = match credentials {
        Credentials::Missing => return Err(Refusal::NoCredentials { unreadable: false }),
        Credentials::Unreadable => return Err(Refusal::NoCredentials { unreadable: true }),
        // Every credential is one Entra would not hold: nothing to decide with.
        Credentials::Read(set)
            if !set.credentials.is_empty()
                && set.credentials.iter().all(|c| c.invalid.is_some()) =>
        {
            return Err(Refusal::NoCredentials { unreadable: true });
        }
        Credentials::Read(set) => set,
    };
    let candidates: Vec<&CredentialCheck> = v.checks.iter().filter(|c| c.issuer).collect();
    if candidates.is_empty() {
        return Err(Refusal::Issuer {
            none_configured: set.credentials.is_empty(),
        });
    }
    let candidates: Vec<&CredentialCheck> = candidates.into_iter().filter(|c| c.audience).collect();
    if candidates.is_empty() {
        return Err(Refusal::Audience);
    }
    if let Some(m) = candidates.iter().find(|c| c.subject_holds()) {
        v.matched = Some(m.index);
        return Ok(());
    }
    Err(Refusal::Subject {
        case_only: candidates
            .iter()
            .any(|c| c.subject == Some(SubjectMatch::CaseOnly)),
        flexible_only: candidates.iter().all(|c| c.subject.is_none()),
    })
}

/// A time claim as whole seconds; `None` when absent.
fn whole(claims: &Claims, name: &'static str) -> Result<Option<i64>, Refusal> {
    match claims.get(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or(Refusal::TimeNotInteger(name)),
    }
}

fn read_token(input: TokenInput<'_>, diagnostics: &mut Vec<Diagnostic>) -> Result<Token, Refusal> {
    let decoded = match input {
        TokenInput::Claims(serde_json::Value::Object(map)) => Ok(Token {
            format: TokenFormat::Claims,
            header: None,
            claims: Claims::new(map.clone()),
            signature_len: 0,
        }),
        TokenInput::Claims(other) => {
            let message = format!(
                "`claims` is {}, expected a JSON object",
                crate::json::kind_of(other)
            );
            diagnostics.push(Diagnostic::invalid_request(message.clone()));
            return Err(Refusal::Request { message });
        }
        TokenInput::Text(t) => token::decode(t),
    };
    decoded.map_err(|e| {
        diagnostics.push(Diagnostic::new(
            codes::INVALID_TOKEN,
            Severity::Error,
            Source::Token,
            e.to_string(),
        ));
        Refusal::Token(e)
    })
}

/// The algorithm's finding, and the refusal for one no published key can check.
fn algorithm(token: &Token, diagnostics: &mut Vec<Diagnostic>) -> Result<(), Refusal> {
    if algorithm_accepted(token) != Some(false) {
        return Ok(());
    }
    let alg = token.alg().unwrap_or("(none)");
    let unverifiable = alg == "(none)" || alg.eq_ignore_ascii_case("none") || alg.starts_with("HS");
    let (severity, message, help) = if unverifiable {
        (
            Severity::Error,
            format!(
                "`alg` is `{alg}`: no key an issuer publishes can check this token, so Entra ID cannot accept it"
            ),
            "have the issuer sign with RS256 (its JWKS key); Entra ID documents RS256 only",
        )
    } else {
        (
            Severity::Warning,
            format!(
                "`alg` is `{alg}`; Entra ID documents RS256 only (\"other algorithms may work, but haven't been tested\")"
            ),
            "the verdict assumes Entra ID verifies the signature; if the exchange fails with a signature error, sign with RS256",
        )
    };
    diagnostics.push(
        Diagnostic::new(codes::NON_RS256_SIGNATURE, severity, Source::Token, message)
            .at("/header/alg", None)
            .help(help),
    );
    if unverifiable {
        Err(Refusal::Algorithm(alg.to_owned()))
    } else {
        Ok(())
    }
}

/// One credential compared with the token's claims.
fn compare(c: &Credential, claims: &Claims) -> CredentialCheck {
    let iss = claims.issuer();
    let auds = claims.audiences();
    CredentialCheck {
        index: c.index,
        issuer: iss.is_some() && c.issuer() == iss,
        audience: c
            .audience()
            .is_some_and(|a| auds.contains(&a.value.as_str())),
        subject: c
            .subject
            .as_ref()
            .filter(|_| c.expression.is_none())
            .map(|s| match claims.str("sub") {
                Some(sub) if sub == s.value => SubjectMatch::Equal,
                Some(sub) if sub.to_lowercase() == s.value.to_lowercase() => SubjectMatch::CaseOnly,
                _ => SubjectMatch::Differs,
            }),
        clauses: c
            .parsed_expression()
            .map(|e| e.clauses.iter().map(|cl| cl.outcome(claims)).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::read::read;

    const CREDS: &str = r#"[
      {"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/app:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]},
      {"name": "prod", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/app:environment:Production", "audiences": ["api://AzureADTokenExchange"]}
    ]"#;

    #[allow(
        clippy::needless_pass_by_value,
        reason = "test helper: built in the call"
    )]
    fn verdict(claims: serde_json::Value, now: i64) -> Verdict {
        let set = read(CREDS).set.unwrap();
        run(TokenInput::Claims(&claims), Credentials::Read(&set), now)
    }

    fn claims(sub: &str, aud: &str) -> serde_json::Value {
        serde_json::json!({"iss": "https://token.actions.githubusercontent.com", "sub": sub, "aud": aud, "iat": 100, "exp": 400})
    }

    #[test]
    fn stages_in_order() {
        let v = verdict(
            claims(
                "repo:acme/app:ref:refs/heads/main",
                "api://AzureADTokenExchange",
            ),
            200,
        );
        assert_eq!((v.accepted(), v.matched), (true, Some(0)));
        let v = verdict(
            claims(
                "repo:acme/app:environment:production",
                "api://AzureADTokenExchange",
            ),
            200,
        );
        assert_eq!(
            v.refusal,
            Some(Refusal::Subject {
                case_only: true,
                flexible_only: false
            })
        );
        let e = v
            .refusal
            .as_ref()
            .unwrap()
            .cloud_error(v.claims(), 200)
            .unwrap();
        assert_eq!(e.code, "AADSTS7002138");
        let v = verdict(
            claims(
                "repo:acme/app:ref:refs/heads/main",
                "https://github.com/acme",
            ),
            200,
        );
        assert_eq!(v.refusal, Some(Refusal::Audience));
        let v = verdict(
            claims(
                "repo:acme/app:ref:refs/heads/main",
                "api://AzureADTokenExchange",
            ),
            400,
        );
        let e = v
            .refusal
            .as_ref()
            .unwrap()
            .cloud_error(v.claims(), 400)
            .unwrap();
        assert_eq!(
            e.message,
            "AADSTS700024: Client assertion is not within its valid time range. Current time: 1970-01-01T00:06:40.0000000Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 1970-01-01T00:06:40.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."
        );
        let mut c = claims("x", "api://AzureADTokenExchange");
        c["iss"] = "https://token.actions.githubusercontent.com/".into();
        assert_eq!(
            verdict(c, 200).refusal,
            Some(Refusal::Issuer {
                none_configured: false
            })
        );
        let mut c = claims("x", "y");
        c["iss"] = "https://login.microsoftonline.com/t/v2.0".into();
        assert_eq!(verdict(c, 200).refusal, Some(Refusal::EntraIssued));
        let mut c = claims("x", "y");
        c.as_object_mut().unwrap().remove("aud");
        assert_eq!(verdict(c, 200).refusal, Some(Refusal::MissingClaim("aud")));
    }
}
