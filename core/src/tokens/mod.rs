//! Realistic CI tokens for tests: one builder per platform that [`crate::providers`] knows,
//! writing every claim the platform documents, with the platform's JSON types (GitHub's ids
//! are strings, GitLab's `runner_id` a number, EKS's `aud` an array...), a `sub` built by
//! [`providers::build_subject`] from the same fields as the other claims, and `iat`, `nbf`
//! and `exp` around the `now` the caller gives (the core never reads the clock).
//!
//! ```
//! use oidc_trust::tokens::github;
//!
//! let token = github().repo("acme/app").branch("main").at(1_790_000_000)?;
//! assert_eq!(token.claims()["sub"], "repo:acme/app:ref:refs/heads/main");
//! assert_eq!(token.claims()["repository_id"].as_str().map(str::len), Some(9));
//! assert!(token.jwt().ends_with('.')); // unsigned: `header.payload.`
//! # Ok::<(), oidc_trust::tokens::TokenError>(())
//! ```
//!
//! A value the caller leaves out (a repository id, a commit, a job id) is derived from the
//! names given, so a builder gives the same token every time and two repositories get
//! different ids. `.claim(name, value)` sets or replaces any claim after the builder has
//! written its own, `.omit(name)` leaves one out. The output, [`Minted`], is the claims and
//! an unsigned compact JWT (`header.payload.`, `alg` RS256): AWS would check a signature,
//! oidc-trust never does.
//!
//! Each builder is also a JSON object (camelCase fields, `now` required) for the npm
//! package's `tokens.github({...})` and the playground. Each module cites the platform's
//! own claim reference. Google and Amazon Cognito builders will join when the providers
//! module knows those issuers: a builder is a module here and a function in the list below.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::providers::{self, Platform};

pub mod bitbucket;
pub mod buildkite;
pub mod circleci;
pub mod eks;
pub mod github;
pub mod gitlab;
pub mod terraform;

pub use bitbucket::{Bitbucket, bitbucket};
pub use buildkite::{Buildkite, buildkite};
pub use circleci::{CircleCi, circleci};
pub use eks::{Eks, eks};
pub use github::{GitHub, github};
pub use gitlab::{GitLab, gitlab};
pub use terraform::{RunPhase, Terraform, terraform};

/// Declares a builder: its own fields (each read from JSON with its default), then the
/// fields and methods every builder shares (`audience`, `claim`, `omit`, `at`, `mint`).
/// The platform module writes `fn draft(&self) -> Result<Map<String, Value>, TokenError>`.
macro_rules! builder {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fmeta])* #[serde(default)] $field: $ty, )*
            /// The `aud` claim (each platform says its default).
            #[serde(default)]
            audience: Option<String>,
            /// Claims to set after the builder has written its own; a claim it wrote keeps
            /// its place with the new value.
            #[serde(default)]
            #[cfg_attr(feature = "wasm", tsify(type = "JsonObject"))]
            claims: serde_json::Map<String, serde_json::Value>,
            /// Claims to leave out.
            #[serde(default)]
            omit: Vec<String>,
            /// When the token is issued (`iat`), in seconds since the epoch; `nbf` and `exp`
            /// follow the platform's lifetime.
            now: i64,
        }

        impl $name {
            /// Sets the `aud` claim.
            #[must_use]
            pub fn audience(mut self, audience: impl Into<String>) -> Self {
                self.audience = Some(audience.into());
                self
            }

            /// Sets a claim after the builder has written its own (a claim it wrote keeps
            /// its place with this value).
            #[must_use]
            pub fn claim(
                mut self,
                name: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> Self {
                self.claims.insert(name.into(), value.into());
                self
            }

            /// Leaves a claim out.
            #[must_use]
            pub fn omit(mut self, name: impl Into<String>) -> Self {
                self.omit.push(name.into());
                self
            }

            /// The token, issued at `now` (seconds since the epoch).
            ///
            /// # Errors
            /// A [`TokenError`] naming the field that cannot make a token.
            pub fn at(mut self, now: i64) -> Result<Minted, TokenError> {
                self.now = now;
                self.mint()
            }

            /// The token, issued at the builder's own `now` (as read from JSON).
            ///
            /// # Errors
            /// A [`TokenError`] naming the field that cannot make a token.
            pub fn mint(&self) -> Result<Minted, TokenError> {
                Ok(Minted::new(self.draft()?, &self.claims, &self.omit))
            }
        }
    };
}
pub(crate) use builder;

/// A token a builder made: its claims, and the same claims as an unsigned compact JWT.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Minted {
    /// The claims, in the order the platform writes them.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject"))]
    claims: Map<String, Value>,
    /// `header.payload.` with `alg` RS256 and no signature.
    jwt: String,
}

impl Minted {
    fn new(mut claims: Map<String, Value>, set: &Map<String, Value>, omit: &[String]) -> Self {
        for (name, value) in set {
            claims.insert(name.clone(), value.clone());
        }
        for name in omit {
            claims.shift_remove(name);
        }
        let header = format!(
            r#"{{"alg":"RS256","typ":"JWT","kid":"{}"}}"#,
            hex(
                claims
                    .get("iss")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                16
            )
        );
        let payload = Value::Object(claims.clone()).to_string();
        let jwt = format!(
            "{}.{}.",
            crate::token::base64url_encode(header.as_bytes()),
            crate::token::base64url_encode(payload.as_bytes())
        );
        Minted { claims, jwt }
    }

    /// The claims, in the order the platform writes them.
    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    /// The claims as JSON text (what `--token` and the playground take as well as a JWT).
    pub fn claims_json(&self) -> String {
        Value::Object(self.claims.clone()).to_string()
    }

    /// The unsigned compact JWT: `header.payload.` with `alg` RS256.
    pub fn jwt(&self) -> &str {
        &self.jwt
    }

    /// The `sub` claim (empty when it was left out).
    pub fn sub(&self) -> &str {
        self.claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The `iat` claim, if the token has a whole one.
    pub fn issued_at(&self) -> Option<i64> {
        self.claims.get("iat").and_then(Value::as_i64)
    }
}

/// Why a builder cannot make a token: which builder, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError {
    builder: &'static str,
    field: &'static str,
    message: String,
}

impl TokenError {
    pub(crate) fn new(
        builder: &'static str,
        field: &'static str,
        message: impl Into<String>,
    ) -> Self {
        TokenError {
            builder,
            field,
            message: message.into(),
        }
    }

    /// The builder (`github`, `gitlab`...).
    pub fn builder(&self) -> &'static str {
        self.builder
    }

    /// The field (camelCase, as in JSON).
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// What is wrong, one line, lowercase.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(): `{}`: {}", self.builder, self.field, self.message)
    }
}

impl std::error::Error for TokenError {}

/// The claims a builder writes, in order.
#[derive(Debug, Default)]
pub(crate) struct Draft(Map<String, Value>);

impl Draft {
    /// A string claim.
    pub(crate) fn text(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.put(name, Value::String(value.into()))
    }

    /// Any claim.
    pub(crate) fn put(&mut self, name: &str, value: impl Into<Value>) -> &mut Self {
        self.0.insert(name.to_owned(), value.into());
        self
    }

    /// `iat`, then `nbf` (when the platform writes one) and `exp`, seconds from `now`.
    pub(crate) fn times(&mut self, now: i64, nbf: Option<i64>, exp: i64) -> &mut Self {
        self.put("iat", now);
        if let Some(before) = nbf {
            self.put("nbf", now.saturating_add(before));
        }
        self.put("exp", now.saturating_add(exp))
    }

    /// The claims.
    pub(crate) fn done(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.0)
    }
}

/// The `sub` of a platform from named fields (with [`providers::build_subject`]), checked by
/// reading it back with [`providers::parse_subject`]: a builder never writes a `sub` its own
/// platform's format does not have.
pub(crate) fn subject(
    builder: &'static str,
    platform: Platform,
    fields: &[(&str, &str)],
) -> Result<String, TokenError> {
    let sub = providers::build_subject(platform, fields)
        .map_err(|e| TokenError::new(builder, "sub", e))?;
    match providers::parse_subject(platform, &sub) {
        Ok(_) => Ok(sub),
        Err(e) => Err(TokenError::new(
            builder,
            "sub",
            format!(
                "`{sub}` is not a {} subject at character {}: {}",
                platform.name(),
                sub.get(..e.at).map_or(0, |s| s.chars().count()) + 1,
                e.message
            ),
        )),
    }
}

/// `OWNER/NAME` split at its one `/`, both sides non-empty; or an error for `field`.
pub(crate) fn pair<'a>(
    builder: &'static str,
    field: &'static str,
    value: &'a str,
    shape: &str,
) -> Result<(&'a str, &'a str), TokenError> {
    value
        .split_once('/')
        .filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.contains('/'))
        .ok_or_else(|| TokenError::new(builder, field, format!("`{value}` is not `{shape}`")))
}

/// A stable digest of `seed` (64-bit FNV-1a), for the values a builder derives.
fn digest(seed: &str) -> u64 {
    seed.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A number in `low..high` derived from `seed`.
pub(crate) fn number(seed: &str, low: u64, high: u64) -> u64 {
    low + digest(seed) % high.saturating_sub(low).max(1)
}

/// `len` lowercase hex digits derived from `seed` (a commit sha, a key id).
pub(crate) fn hex(seed: &str, len: usize) -> String {
    use fmt::Write as _;
    let mut out = String::with_capacity(len + 16);
    let mut round = 0u32;
    while out.len() < len {
        let _ = write!(out, "{:016x}", digest(&format!("{seed}#{round}")));
        round += 1;
    }
    out.truncate(len);
    out
}

/// A version-4-shaped UUID derived from `seed`.
pub(crate) fn uuid(seed: &str) -> String {
    let mut out = String::with_capacity(36);
    for (i, c) in hex(seed, 32).chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(match i {
            12 => '4',
            16 => '8',
            _ => c,
        });
    }
    out
}

/// `len` letters and digits derived from `seed` (HCP Terraform's `ws-...` ids).
pub(crate) fn alnum(seed: &str, len: usize) -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|i| {
            let n = digest(&format!("{seed}/{i}")) % 62;
            ALPHABET
                .get(usize::try_from(n).unwrap_or_default())
                .map_or('0', |b| char::from(*b))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Reads a minted token back as AWS's pipeline would: the JWT decodes to the same claims,
    /// the issuer is recognised as `platform`/`variant`, and the `sub` parses into `fields`.
    pub(crate) fn reads_back(
        minted: &Minted,
        platform: Platform,
        variant: providers::IssuerVariant,
        fields: &[(&str, &str)],
    ) {
        let decoded = crate::token::decode(minted.jwt()).unwrap();
        assert_eq!(decoded.alg(), Some("RS256"));
        assert_eq!(decoded.signature_len, 0);
        assert_eq!(&decoded.claims.to_map(), minted.claims());
        let iss = minted.claims()["iss"].as_str().unwrap();
        let issuer = providers::recognise(iss, Some(minted.sub()));
        assert_eq!(
            (issuer.platform, issuer.variant),
            (platform, variant),
            "{iss}"
        );
        let parsed = providers::parse_subject(platform, minted.sub()).unwrap();
        for (name, value) in fields {
            assert_eq!(parsed.get(name), Some(*value), "{name} in {}", minted.sub());
        }
    }

    #[test]
    fn derived_values_are_stable_and_shaped() {
        assert_eq!(hex("a", 40), hex("a", 40));
        assert_ne!(hex("a", 40), hex("b", 40));
        assert_eq!(hex("a", 40).len(), 40);
        let id = uuid("x");
        assert_eq!(id.len(), 36);
        assert_eq!(id.chars().nth(14), Some('4'));
        assert_eq!(id.matches('-').count(), 4);
        assert!((100..200).contains(&number("n", 100, 200)));
        let a = alnum("ws", 16);
        assert_eq!(a.len(), 16);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn overrides_keep_their_place_and_omissions_go() {
        let t = github()
            .repo("acme/app")
            .claim("aud", "custom")
            .claim("extra", 1)
            .omit("nbf")
            .at(100)
            .unwrap();
        let keys: Vec<&str> = t.claims().keys().map(String::as_str).collect();
        let aud = keys.iter().position(|k| *k == "aud").unwrap();
        assert!(aud < keys.len() - 1, "aud keeps its place");
        assert_eq!(keys.last(), Some(&"extra"));
        assert!(!t.claims().contains_key("nbf"));
        assert_eq!(t.claims()["aud"], "custom");
        assert_eq!(t.issued_at(), Some(100));
        let json: Value = serde_json::from_str(&t.claims_json()).unwrap();
        assert_eq!(json.as_object(), Some(t.claims()));
    }

    #[test]
    fn errors_name_the_builder_and_the_field() {
        let e = github().repo("acme").at(0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "github(): `repo`: `acme` is not `OWNER/REPOSITORY`"
        );
        let e = github().repo("acme/a b").at(0).unwrap_err();
        assert_eq!(e.field(), "sub");
        assert!(e.message().contains("at character 12"), "{e}");
    }
}
