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
//! own claim reference. Besides the CI platforms, `google()` and `cognito()` write the
//! tokens of two of AWS's built-in providers (a Google service account, an Amazon Cognito
//! identity pool); their `sub` is opaque, so they have no subject fields.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::providers::{self, Platform};

pub mod bitbucket;
pub mod buildkite;
pub mod circleci;
pub mod cognito;
pub mod eks;
pub mod github;
pub mod gitlab;
pub mod google;
pub mod terraform;

pub use bitbucket::{Bitbucket, bitbucket};
pub use buildkite::{Buildkite, buildkite};
pub use circleci::{CircleCi, circleci};
pub use cognito::{Cognito, cognito};
pub use eks::{Eks, eks};
pub use github::{GitHub, github};
pub use gitlab::{GitLab, gitlab};
pub use google::{Google, google};
pub use terraform::{RunPhase, Terraform, terraform};

/// Declares a builder over [`Options`]: its required and optional options (names and types,
/// each with its documentation), then what every builder shares (`audience`, `claim`,
/// `omit`, `at`, and [`Mint`]). The options' TypeScript type, `<Name>Options`, is declared
/// from the same list (with the `wasm` feature; the `serde` attributes are tsify's). The
/// platform module writes `fn claims(o: &Options) -> Result<Map<String, Value>, TokenError>`,
/// reading the options by their camelCase names.
///
/// Options are kept by name rather than in typed fields, and JSON is checked against the
/// list rather than read with `serde::Deserialize`: typed readers for seven builders cost
/// the npm package's module several KB gzipped, one shared reader and a table each almost
/// nothing.
macro_rules! builder {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($options:ident) = $builder:literal {
            $( $(#[$rmeta:meta])* $required:ident : $rty:ty, )*
        } optional {
            $( $(#[$ometa:meta])* $optional:ident : $oty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name($crate::tokens::Options);

        #[doc = concat!(
            "The options of [`", stringify!($name), "`] as JSON: the npm package's `tokens.",
            $builder, "(options)`."
        )]
        #[cfg(feature = "wasm")]
        #[derive(Debug, tsify::Tsify)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code, reason = "only its TypeScript declaration is used")]
        pub struct $options {
            $( $(#[$rmeta])* $required: $rty, )*
            $( $(#[$ometa])* #[serde(default)] $optional: $oty, )*
            /// The `aud` claim (each platform says its default).
            #[serde(default)]
            audience: Option<String>,
            /// Claims to set after the builder has written its own; a claim it wrote keeps
            /// its place with the new value.
            #[serde(default)]
            #[tsify(type = "JsonObject")]
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
                self.0.set("audience", audience.into());
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
                self.0.claims.insert(name.into(), value.into());
                self
            }

            /// Leaves a claim out.
            #[must_use]
            pub fn omit(mut self, name: impl Into<String>) -> Self {
                self.0.omit.push(name.into());
                self
            }

            /// The token, issued at `now` (seconds since the epoch).
            ///
            /// # Errors
            /// A [`TokenError`] naming the option that cannot make a token.
            pub fn at(mut self, now: i64) -> Result<Minted, TokenError> {
                self.0.now = now;
                $crate::tokens::Mint::mint(&self)
            }
        }

        impl $crate::tokens::Mint for $name {
            const NAME: &'static str = $builder;
            const OPTIONS: &'static [(&'static str, $crate::tokens::Kind, bool)] = &[
                $( (stringify!($required), <$rty as $crate::tokens::Typed>::KIND, true), )*
                $( (stringify!($optional), <$oty as $crate::tokens::Typed>::KIND, false), )*
            ];

            fn draft(
                options: &$crate::tokens::Options,
            ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
                Self::claims(options)
            }

            fn options(&self) -> &$crate::tokens::Options {
                &self.0
            }
        }
    };
}
pub(crate) use builder;

/// A builder's string setters: `name => "option"` is `fn name(self, value) -> Self`, setting
/// the option (by its camelCase name).
macro_rules! setters {
    ($( $(#[$meta:meta])* $name:ident => $key:literal; )*) => {
        $(
            $(#[$meta])*
            #[must_use]
            pub fn $name(mut self, value: impl Into<String>) -> Self {
                self.0.set($key, value.into());
                self
            }
        )*
    };
}
pub(crate) use setters;

/// A builder's switches: `name => "option"` is `fn name(self) -> Self`, setting the option
/// to `true`.
macro_rules! switches {
    ($( $(#[$meta:meta])* $name:ident => $key:literal; )*) => {
        $(
            $(#[$meta])*
            #[must_use]
            pub fn $name(mut self) -> Self {
                self.0.set($key, true);
                self
            }
        )*
    };
}
pub(crate) use switches;

/// What every builder is: a name, a list of options, and the claims it writes for them.
/// In Rust, `.at(now)` sets the time and mints; JSON options go through [`mint_json`].
pub trait Mint: Sized {
    /// The builder's name (`github`...), for errors.
    const NAME: &'static str;

    /// Its options: `snake_case` name, JSON type, required.
    const OPTIONS: &'static [(&'static str, Kind, bool)];

    /// The claims for these options, in the platform's order.
    ///
    /// # Errors
    /// A [`TokenError`] naming the option that cannot make a token.
    fn draft(options: &Options) -> Result<Map<String, Value>, TokenError>;

    /// The builder's options.
    fn options(&self) -> &Options;

    /// The token.
    ///
    /// # Errors
    /// A [`TokenError`] naming the option that cannot make a token.
    fn mint(&self) -> Result<Minted, TokenError> {
        let options = self.options();
        Ok(Minted::new(Self::draft(options)?, options))
    }
}

/// The token a builder makes from its options as JSON text (the npm package's
/// `tokens.github({...})`): an object of the builder's options, `now` required.
///
/// # Errors
/// A [`TokenError`] naming an option that is missing, unknown, of the wrong type or cannot
/// make a token.
pub fn mint_json<T: Mint>(options: &str) -> Result<Minted, TokenError> {
    mint_with(T::NAME, T::OPTIONS, T::draft, options)
}

/// [`mint_json`] for a builder given by its parts, so that the code is not repeated per
/// builder in the npm package's module.
fn mint_with(
    builder: &'static str,
    list: &[(&str, Kind, bool)],
    draft: fn(&Options) -> Result<Map<String, Value>, TokenError>,
    text: &str,
) -> Result<Minted, TokenError> {
    let options = Options::read(builder, list, object(builder, text)?)?;
    Ok(Minted::new(draft(&options)?, &options))
}

/// The JSON object of a builder's options.
fn object(builder: &'static str, options: &str) -> Result<Map<String, Value>, TokenError> {
    match serde_json::from_str::<Value>(options) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(TokenError::new(builder, "options", "must be an object")),
        Err(e) => Err(TokenError::new(builder, "options", e.to_string())),
    }
}

/// The JSON type of an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Text,
    /// `true` or `false`.
    Flag,
    /// A whole number, 0 or more.
    Number,
    /// An array of strings.
    Texts,
    /// A JSON object (`claims`).
    Object,
    /// A time in seconds since the epoch (`now`).
    Time,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Text => "a string",
            Kind::Flag => "true or false",
            Kind::Number => "a whole number, 0 or more",
            Kind::Texts => "an array of strings",
            Kind::Object => "an object",
            Kind::Time => "a whole number of seconds",
        }
    }

    fn fits(self, value: &Value) -> bool {
        match self {
            Kind::Text => value.is_string(),
            Kind::Flag => value.is_boolean(),
            Kind::Number => value.is_u64(),
            Kind::Texts => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Kind::Object => value.is_object(),
            Kind::Time => value.is_i64(),
        }
    }
}

/// The [`Kind`] of an option's declared type.
pub trait Typed {
    /// Its JSON type.
    const KIND: Kind;
}

impl Typed for String {
    const KIND: Kind = Kind::Text;
}

impl Typed for bool {
    const KIND: Kind = Kind::Flag;
}

impl Typed for u64 {
    const KIND: Kind = Kind::Number;
}

impl Typed for Vec<String> {
    const KIND: Kind = Kind::Texts;
}

impl<T: Typed> Typed for Option<T> {
    const KIND: Kind = T::KIND;
}

/// A builder's options: each by its camelCase name as JSON has it (set by the Rust methods
/// or read from JSON, checked against the builder's list), the claims to set and leave out,
/// and the issue time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    values: Map<String, Value>,
    claims: Map<String, Value>,
    omit: Vec<String>,
    now: i64,
}

impl Options {
    /// Reads JSON options against a builder's list of `(snake_case name, type, required)`:
    /// a key is the camelCase name, `null` is no value, and a key that is not on the list, a
    /// value of the wrong type or a missing required option is an error naming it.
    fn read(
        builder: &'static str,
        list: &[(&str, Kind, bool)],
        options: Map<String, Value>,
    ) -> Result<Self, TokenError> {
        let mut out = Options::default();
        let mut now = None;
        for (key, value) in options {
            let kind = match key.as_str() {
                "claims" => Kind::Object,
                "now" => Kind::Time,
                "audience" => Kind::Text,
                "omit" => Kind::Texts,
                _ => match list.iter().find(|(name, ..)| camel(name) == key) {
                    Some((_, kind, _)) => *kind,
                    None => {
                        return Err(TokenError::new(
                            builder,
                            key,
                            "is not an option of this builder",
                        ));
                    }
                },
            };
            if value.is_null() {
                continue;
            }
            if !kind.fits(&value) {
                return Err(TokenError::new(
                    builder,
                    key,
                    format!("must be {}", kind.name()),
                ));
            }
            match (key.as_str(), value) {
                ("claims", Value::Object(map)) => out.claims = map,
                ("now", value) => now = value.as_i64(),
                ("omit", Value::Array(items)) => {
                    out.omit = items
                        .into_iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect();
                }
                (_, value) => {
                    out.values.insert(key, value);
                }
            }
        }
        for (name, _, required) in list {
            if *required && !out.values.contains_key(&camel(name)) {
                return Err(TokenError::new(builder, camel(name), "is required"));
            }
        }
        out.now = now.ok_or_else(|| {
            TokenError::new(
                builder,
                "now",
                "is required: when the token is issued, in seconds since the epoch",
            )
        })?;
        Ok(out)
    }

    /// Sets an option (by its camelCase name).
    pub(crate) fn set(&mut self, name: &str, value: impl Into<Value>) {
        self.values.insert(name.to_owned(), value.into());
    }

    /// A string option.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(Value::as_str)
    }

    /// A required string option, or the error that says it is required.
    pub(crate) fn need(&self, builder: &'static str, name: &str) -> Result<&str, TokenError> {
        self.text(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| TokenError::new(builder, name, "is required"))
    }

    /// A `true`/`false` option (`false` when absent).
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.values.get(name).and_then(Value::as_bool) == Some(true)
    }

    /// A number option.
    pub(crate) fn number(&self, name: &str) -> Option<u64> {
        self.values.get(name).and_then(Value::as_u64)
    }

    /// An array-of-strings option.
    pub(crate) fn texts(&self, name: &str) -> Option<Vec<String>> {
        let items = self.values.get(name)?.as_array()?;
        Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        )
    }

    /// The issue time.
    pub(crate) fn now(&self) -> i64 {
        self.now
    }
}

/// `snake_case` as camelCase: `pull_request` is `pullRequest`.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

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
    fn new(mut claims: Map<String, Value>, options: &Options) -> Self {
        for (name, value) in &options.claims {
            claims.insert(name.clone(), value.clone());
        }
        claims.retain(|name, _| !options.omit.contains(name));
        // A test key's id: the tokens are unsigned, no key could verify them.
        let header = r#"{"alg":"RS256","typ":"JWT","kid":"oidc-trust-test"}"#;
        let payload = serde_json::to_string(&claims).unwrap_or_default();
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
        serde_json::to_string(&self.claims).unwrap_or_default()
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
    field: String,
    message: String,
}

impl TokenError {
    pub(crate) fn new(
        builder: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        TokenError {
            builder,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The builder (`github`, `gitlab`...).
    pub fn builder(&self) -> &'static str {
        self.builder
    }

    /// The field (camelCase, as in JSON).
    pub fn field(&self) -> &str {
        &self.field
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
    #[inline(never)]
    pub(crate) fn text(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.put(name, Value::String(value.into()))
    }

    /// Any claim.
    #[inline(never)]
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

/// A stable digest of the text `seed` is made of (64-bit FNV-1a, started from `salt`), for
/// the values a builder derives. Seeds are slices of parts so that no text is formatted
/// just to be hashed.
fn digest(seed: &[&str], salt: u64) -> u64 {
    seed.iter()
        .flat_map(|part| part.bytes())
        .fold(0xcbf2_9ce4_8422_2325 ^ salt, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// A number in `low..high` derived from `seed`.
pub(crate) fn number(seed: &[&str], low: u64, high: u64) -> u64 {
    low + digest(seed, 0) % high.saturating_sub(low).max(1)
}

/// [`number`] as a string, as most platforms write ids.
pub(crate) fn digits(seed: &[&str], low: u64, high: u64) -> String {
    number(seed, low, high).to_string()
}

/// `len` lowercase hex digits derived from `seed` (a commit sha, a key id).
pub(crate) fn hex(seed: &[&str], len: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(len);
    let mut round = 0;
    while out.len() < len {
        let mut d = digest(seed, round);
        for _ in 0..16 {
            if out.len() == len {
                break;
            }
            out.push(pick(DIGITS, d & 15));
            d >>= 4;
        }
        round += 1;
    }
    out
}

/// The character of `table` at `n` modulo its length.
fn pick(table: &[u8], n: u64) -> char {
    let len = table.len() as u64;
    let at = usize::try_from(n % len).unwrap_or_default();
    table.get(at).map_or('0', |b| char::from(*b))
}

/// A version-4-shaped UUID derived from `seed`.
pub(crate) fn uuid(seed: &[&str]) -> String {
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
pub(crate) fn alnum(seed: &[&str], len: u64) -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..len).map(|i| pick(ALPHABET, digest(seed, i))).collect()
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
        assert_eq!(hex(&["a"], 40), hex(&["a"], 40));
        assert_ne!(hex(&["a"], 40), hex(&["b"], 40));
        assert_ne!(hex(&["a"], 40), hex(&["a", "b"], 40));
        assert_eq!(hex(&["a"], 40).len(), 40);
        let id = uuid(&["x"]);
        assert_eq!(id.len(), 36);
        assert_eq!(id.chars().nth(14), Some('4'));
        assert_eq!(id.matches('-').count(), 4);
        assert!((100..200).contains(&number(&["n"], 100, 200)));
        let a = alnum(&["ws"], 16);
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
    fn builders_read_json_options() {
        let t = mint_json::<GitHub>(
            r#"{"repo": "acme/app", "pullRequest": true, "claims": {"actor": "bot"}, "omit": ["jti"], "now": 100}"#,
        )
        .unwrap();
        let rust = github()
            .repo("acme/app")
            .pull_request()
            .claim("actor", "bot")
            .omit("jti")
            .at(100)
            .unwrap();
        assert_eq!(t, rust);
        assert!(!t.claims().contains_key("jti"));
        let t = mint_json::<GitHub>(r#"{"repo": "acme/app", "ownerId": 7, "now": 100}"#).unwrap();
        assert_eq!(t.claims()["repository_owner_id"], "7");
        let t = mint_json::<Terraform>(
            r#"{"organization": "o", "workspace": "w", "runPhase": "plan", "now": 1}"#,
        )
        .unwrap();
        assert!(t.sub().ends_with(":run_phase:plan"));
        for (json, message) in [
            (r#"{"repo": "a/b"}"#, "github(): `now`: is required"),
            (
                r#"{"repo": "a/b", "now": 1, "branh": "x"}"#,
                "github(): `branh`: is not an option of this builder",
            ),
            (
                r#"{"repo": 1, "now": 1}"#,
                "github(): `repo`: must be a string",
            ),
            (
                r#"{"repo": "a/b", "pullRequest": "yes", "now": 1}"#,
                "github(): `pullRequest`: must be true or false",
            ),
            ("[]", "github(): `options`: must be an object"),
        ] {
            let e = mint_json::<GitHub>(json).unwrap_err().to_string();
            assert!(e.starts_with(message), "{json}: {e}");
        }
        let e = mint_json::<Terraform>(
            r#"{"organization": "o", "workspace": "w", "runPhase": "destroy", "now": 1}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "terraform(): `runPhase`: must be `plan` or `apply`"
        );
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
