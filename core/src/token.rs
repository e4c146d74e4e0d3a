//! Token decoding: a compact JWS (`header.payload.signature`) or a claims object pasted as
//! JSON.
//!
//! **Signatures are never verified.** oidc-trust answers "would AWS accept this token for
//! this role", assuming the signature checks out against the issuer's keys; it reports the
//! algorithm and whether AWS accepts that kind of key, nothing more.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::json::{self, Node, Value};
pub use crate::paste::Adjustment;

/// Unpadded base64url (RFC 4648 section 5), as JWT segments are written; decoding takes
/// them with or without `=` padding and ignores stray trailing bits, as token libraries do.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// A decoded token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// How the input was written.
    pub format: TokenFormat,
    /// The JOSE header, in document order (`None` for pasted claims).
    pub header: Option<serde_json::Map<String, serde_json::Value>>,
    /// The claims.
    pub claims: Claims,
    /// Length in bytes of the decoded signature (0 for an unsigned token or pasted claims).
    pub signature_len: usize,
}

/// How a token was given.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenFormat {
    /// A compact JWS, `header.payload.signature`.
    Jws,
    /// A JSON object of claims (a token someone already decoded).
    Claims,
}

impl Token {
    /// The `alg` header parameter, if any.
    pub fn alg(&self) -> Option<&str> {
        self.header_str("alg")
    }

    /// The `kid` header parameter, if any.
    pub fn kid(&self) -> Option<&str> {
        self.header_str("kid")
    }

    /// The `typ` header parameter, if any.
    pub fn typ(&self) -> Option<&str> {
        self.header_str("typ")
    }

    fn header_str(&self, name: &str) -> Option<&str> {
        self.header.as_ref()?.get(name)?.as_str()
    }
}

/// The claims of a token, in document order, each name once. A short vector rather than a
/// map: tokens carry a few dozen claims, and a lookup by comparison is cheaper than hashing
/// every name while reading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claims(Vec<(String, serde_json::Value)>);

impl Claims {
    /// The claims of a JSON object.
    pub fn new(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Claims(map.into_iter().collect())
    }

    /// One claim.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A claim that is a string.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.get(name)?.as_str()
    }

    /// The time a generator checks what it wrote at, when the request gives none: the
    /// token's `iat`, else `nbf`, else `exp` (a time the token is valid at); 0 without any.
    pub fn check_time(&self) -> i64 {
        ["iat", "nbf", "exp"]
            .into_iter()
            .find_map(|k| self.get(k).and_then(serde_json::Value::as_i64))
            .unwrap_or_default()
    }

    /// The `iss` claim.
    pub fn issuer(&self) -> Option<&str> {
        self.str("iss")
    }

    /// The `aud` claim as a list: a string is one audience, an array its string elements.
    pub fn audiences(&self) -> Vec<&str> {
        strings(self.get("aud"))
    }

    /// The claim that names the audience for an OIDC relying party: `azp` (the authorized
    /// party) when the token has one, else `aud`. AWS checks the provider's client ids and
    /// fills the `:aud` key this way (semantics reference 1.2 and 2.1).
    pub fn audience_claim(&self) -> &'static str {
        if self.get("azp").is_some() {
            "azp"
        } else {
            "aud"
        }
    }

    /// The values of [`Claims::audience_claim`]: a string is one value, an array its string
    /// elements.
    pub fn audience_values(&self) -> Vec<&str> {
        strings(self.get(self.audience_claim()))
    }

    /// Every claim, in token order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many claims there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The claims as a JSON object.
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        self.0.iter().cloned().collect()
    }
}

/// The claims serialise as the JSON object they came from.
impl serde::Serialize for Claims {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A string as one value, an array as its string elements.
fn strings(v: Option<&serde_json::Value>) -> Vec<&str> {
    match v {
        Some(serde_json::Value::String(s)) => vec![s.as_str()],
        Some(serde_json::Value::Array(items)) => {
            items.iter().filter_map(serde_json::Value::as_str).collect()
        }
        _ => Vec::new(),
    }
}

/// Which part of the input an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Segment {
    /// The input as a whole.
    Token,
    /// The first segment, the JOSE header.
    Header,
    /// The second segment, the claims.
    Payload,
    /// The third segment.
    Signature,
}

impl Segment {
    fn describe(self) -> &'static str {
        match self {
            Segment::Token => "the token",
            Segment::Header => "the header (segment 1)",
            Segment::Payload => "the payload (segment 2)",
            Segment::Signature => "the signature (segment 3)",
        }
    }
}

/// Why a token could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    segment: Segment,
}

/// The kinds of [`DecodeError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// Nothing was given.
    Empty,
    /// Not three dot-separated segments.
    SegmentCount(usize),
    /// A character outside the base64url alphabet, at this byte offset in the segment.
    Base64 {
        /// Byte offset in the segment.
        offset: usize,
        /// The character.
        found: char,
    },
    /// A segment whose length no base64 encoding has.
    Base64Length(usize),
    /// The decoded bytes are not UTF-8.
    Utf8(usize),
    /// Not JSON.
    Json(json::SyntaxError),
    /// JSON, but not an object.
    NotObject(&'static str),
    /// A key that appears twice.
    Duplicate(String),
    /// Not a token at all: a trust policy (or `aws iam get-role` output) pasted into the
    /// token's place.
    LooksLikePolicy,
    /// Claims JSON with typographic quotes (`“`), at this line and column.
    CurlyQuotes {
        /// The quote found.
        found: char,
        /// Its 1-based line.
        line: usize,
        /// Its 1-based column.
        column: usize,
    },
}

impl DecodeError {
    fn new(segment: Segment, kind: DecodeErrorKind) -> Self {
        DecodeError { kind, segment }
    }

    /// What is wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }

    /// Which segment.
    pub fn segment(&self) -> Segment {
        self.segment
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seg = self.segment.describe();
        match &self.kind {
            DecodeErrorKind::Empty => write!(f, "no token was given"),
            DecodeErrorKind::SegmentCount(5) => write!(
                f,
                "the token has 5 dot-separated segments: that is an encrypted JWE, AWS needs a signed JWT (3 segments)"
            ),
            DecodeErrorKind::SegmentCount(n) => write!(
                f,
                "the token has {n} dot-separated segment{}, a JWT has 3 (`header.payload.signature`)",
                if *n == 1 { "" } else { "s" }
            ),
            DecodeErrorKind::Base64 { offset, found } => write!(
                f,
                "{seg} is not base64url: `{}` at offset {offset}",
                found.escape_debug()
            ),
            DecodeErrorKind::Base64Length(n) => write!(
                f,
                "{seg} is not base64url: {n} characters cannot be a base64 encoding (truncated?)"
            ),
            DecodeErrorKind::Utf8(offset) => {
                write!(f, "{seg} does not decode to UTF-8 text (byte {offset})")
            }
            DecodeErrorKind::Json(e) => write!(f, "{seg} is not JSON: {e}"),
            DecodeErrorKind::NotObject(kind) => {
                write!(f, "{seg} is {kind}, expected a JSON object")
            }
            DecodeErrorKind::Duplicate(key) => {
                let what = if self.segment == Segment::Header {
                    "header parameter"
                } else {
                    "claim"
                };
                write!(f, "{seg} has the {what} `{key}` twice")
            }
            DecodeErrorKind::LooksLikePolicy => write!(
                f,
                "this looks like a trust policy, not a token: paste it in the policy box, and the token (or its claims) here"
            ),
            DecodeErrorKind::CurlyQuotes {
                found,
                line,
                column,
            } => write!(
                f,
                "the claims are not JSON: typographic quote `{found}` at line {line} column {column}: replace `“` and `”` with `\"`"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The token a request carries: `claims` (a JSON object) when given, else `token` (a
/// compact JWT, or claims as JSON text). `Ok(None)` when neither holds anything; `Err` is
/// the finding that says why it cannot be read (`invalid-request` for `claims` that are not
/// an object, `invalid-token` for a token that does not decode).
pub fn from_request(
    token: Option<&str>,
    claims: Option<&serde_json::Value>,
) -> Result<Option<Token>, Box<crate::diagnostic::Diagnostic>> {
    use crate::diagnostic::{Diagnostic, Severity, Source};
    match (claims, token) {
        (Some(serde_json::Value::Object(map)), _) => Ok(Some(Token {
            format: TokenFormat::Claims,
            header: None,
            claims: Claims::new(map.clone()),
            signature_len: 0,
        })),
        (Some(other), _) => Err(Box::new(Diagnostic::invalid_request(format!(
            "`claims` is {}, expected a JSON object",
            json::kind_of(other)
        )))),
        (None, Some(t)) if !clean(t).is_empty() => decode(t).map(Some).map_err(|e| {
            Box::new(Diagnostic::new(
                crate::codes::INVALID_TOKEN,
                Severity::Error,
                Source::Token,
                e.to_string(),
            ))
        }),
        (None, _) => Ok(None),
    }
}

/// A token read from pasted text, with what was done to the text to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The token.
    pub token: Token,
    /// What was removed or reinterpreted (CI-log timestamps, a lone payload), in order.
    pub adjustments: Vec<Adjustment>,
}

/// Decodes a token, or claims pasted as JSON.
///
/// The input may carry surrounding whitespace or quotes, a `Bearer ` prefix, and line
/// breaks from wrapping. Base64url segments are accepted with or without `=` padding.
/// [`read`] also says what else was done to read it.
///
/// # Errors
/// A [`DecodeError`] naming the segment and what is wrong with it.
pub fn decode(input: &str) -> Result<Token, DecodeError> {
    read(input).map(|r| r.token)
}

/// Reads a token as [`decode`] does, and also what people paste around one, saying so: a
/// CI-log timestamp at the start of each line is removed, and a lone base64url segment
/// that decodes to a JSON object (a JWT's payload) is read as the claims. A trust policy
/// pasted instead of a token is named as one.
///
/// # Errors
/// A [`DecodeError`] naming the segment and what is wrong with it.
pub fn read(input: &str) -> Result<Read, DecodeError> {
    let mut adjustments = Vec::new();
    let stripped = crate::paste::strip_log_timestamps(input);
    let input = match &stripped {
        Some(n) => {
            adjustments.extend(n.adjustments.iter().copied());
            n.text.as_str()
        }
        None => input,
    };
    let text = clean(input);
    if text.is_empty() {
        return Err(DecodeError::new(Segment::Token, DecodeErrorKind::Empty));
    }
    if text.starts_with('{') {
        let claims = object(text, Segment::Payload).map_err(|e| claims_error(text, e))?;
        if looks_like_policy(&claims) {
            return Err(DecodeError::new(
                Segment::Token,
                DecodeErrorKind::LooksLikePolicy,
            ));
        }
        return Ok(Read {
            token: Token {
                format: TokenFormat::Claims,
                header: None,
                claims: Claims(claims),
                signature_len: 0,
            },
            adjustments,
        });
    }
    if let Some(claims) = lone_payload(text) {
        adjustments.push(Adjustment::PayloadOnly);
        return Ok(Read {
            token: Token {
                format: TokenFormat::Claims,
                header: None,
                claims: Claims(claims),
                signature_len: 0,
            },
            adjustments,
        });
    }
    jws(text).map(|token| Read { token, adjustments })
}

/// Whether pasted JSON is a policy rather than claims: it has a policy's elements (or
/// `get-role`'s wrapper) and none of the claims every token carries.
fn looks_like_policy(members: &Members) -> bool {
    let has = |k: &str| members.iter().any(|(m, _)| m == k);
    let policy = has("Statement") || has("Role") || has("AssumeRolePolicyDocument");
    policy && !has("iss") && !has("sub")
}

/// A claims text that is not JSON because of typographic quotes gets an error that names
/// them; any other error stays.
fn claims_error(text: &str, e: DecodeError) -> DecodeError {
    match (&e.kind, crate::paste::curly_quotes(text)) {
        (DecodeErrorKind::Json(_), Some(q)) => DecodeError::new(
            Segment::Payload,
            DecodeErrorKind::CurlyQuotes {
                found: q.found,
                line: q.first.line,
                column: q.first.column,
            },
        ),
        _ => e,
    }
}

/// The claims of a lone base64url segment that decodes to a JSON object.
fn lone_payload(text: &str) -> Option<Members> {
    if text.contains('.') || text.len() < 4 {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let json = String::from_utf8(base64url(&compact).ok()?).ok()?;
    json.trim_start()
        .starts_with('{')
        .then(|| object(&json, Segment::Payload).ok())
        .flatten()
}

/// Decodes a compact JWS.
fn jws(text: &str) -> Result<Token, DecodeError> {
    // Wrapped tokens lose their line breaks; most tokens have none to lose.
    let compact: Cow<'_, str> = if text.bytes().all(|b| b.is_ascii_graphic()) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
    };
    let mut parts = compact.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DecodeError::new(
            Segment::Token,
            DecodeErrorKind::SegmentCount(compact.split('.').count()),
        ));
    };
    let header = object(&utf8(header, Segment::Header)?, Segment::Header)?
        .into_iter()
        .collect();
    let claims = object(&utf8(payload, Segment::Payload)?, Segment::Payload)?;
    let signature_len = base64url(signature)
        .map_err(|k| DecodeError::new(Segment::Signature, k))?
        .len();
    Ok(Token {
        format: TokenFormat::Jws,
        header: Some(header),
        claims: Claims(claims),
        signature_len,
    })
}

/// Strips what people paste around a token: whitespace, one pair of quotes, `Bearer `.
fn clean(input: &str) -> &str {
    let mut t = input.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            t = inner.trim();
        }
    }
    if t.len() > 7
        && t.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
    {
        t = t.get(7..).unwrap_or_default().trim_start();
    }
    t
}

fn utf8(segment: &str, which: Segment) -> Result<String, DecodeError> {
    let bytes = base64url(segment).map_err(|k| DecodeError::new(which, k))?;
    String::from_utf8(bytes)
        .map_err(|e| DecodeError::new(which, DecodeErrorKind::Utf8(e.utf8_error().valid_up_to())))
}

/// Reads a JSON object whose keys must be unique. `serde_json` reads it in one pass; when it
/// refuses the text, [`json::parse`] reads it again for the located message (and for the
/// few documents it reads more leniently, such as numbers beyond `f64`).
fn object(text: &str, which: Segment) -> Result<Members, DecodeError> {
    match serde_json::from_str::<UniqueKeys>(text) {
        Ok(UniqueKeys(members)) => Ok(members),
        Err(_) => located_object(text, which),
    }
}

/// An object's members in document order.
type Members = Vec<(String, serde_json::Value)>;

/// A JSON object that refuses a repeated key, as `serde_json` reads it.
struct UniqueKeys(Members);

/// Whether some name appears twice: pairwise for the few names of a real token, by sorting
/// for a hostile one with thousands.
fn has_duplicate(members: &Members) -> bool {
    if members.len() <= 32 {
        return members
            .iter()
            .enumerate()
            .any(|(i, (k, _))| members.iter().skip(i + 1).any(|(o, _)| o == k));
    }
    let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    names.windows(2).any(|w| w.first() == w.last())
}

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = UniqueKeys;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<UniqueKeys, A::Error> {
                let mut members = Vec::with_capacity(access.size_hint().unwrap_or(24));
                while let Some(key) = access.next_key::<String>()? {
                    members.push((key, access.next_value()?));
                }
                if has_duplicate(&members) {
                    return Err(de::Error::custom("a repeated key"));
                }
                Ok(UniqueKeys(members))
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

/// [`object`]'s slow path, with the span-keeping reader.
fn located_object(text: &str, which: Segment) -> Result<Members, DecodeError> {
    let node = json::parse(text).map_err(|e| DecodeError::new(which, DecodeErrorKind::Json(e)))?;
    let Node {
        value: Value::Object(members),
        ..
    } = &node
    else {
        return Err(DecodeError::new(
            which,
            DecodeErrorKind::NotObject(node.value.kind()),
        ));
    };
    let mut seen = std::collections::HashSet::with_capacity(members.len());
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        if !seen.insert(m.key.as_ref()) {
            return Err(DecodeError::new(
                which,
                DecodeErrorKind::Duplicate(m.key.to_string()),
            ));
        }
        out.push((m.key.to_string(), m.node.to_serde()));
    }
    Ok(out)
}

/// Encodes bytes as unpadded base64url (RFC 4648 section 5), the encoding of JWT segments.
///
/// Written out rather than through the `base64` crate's engine (which decodes): encoding is
/// a few lines, and the engine's encoder costs the npm package's module over 2 KB.
pub fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            let six = (n >> (18 - 6 * i)) & 63;
            if let Some(c) = ALPHABET.get(six as usize) {
                out.push(char::from(*c));
            }
        }
    }
    out
}

/// Decodes base64url, with or without `=` padding; `None` if it is not base64url.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    base64url(text).ok()
}

/// Decodes base64url (RFC 4648 section 5), with or without `=` padding. The standard
/// alphabet's `+` and `/` are refused: a JWT never contains them.
fn base64url(segment: &str) -> Result<Vec<u8>, DecodeErrorKind> {
    // Padding, when present, must complete the last quantum (the engine is more lenient).
    let padding = segment.len() - segment.trim_end_matches('=').len();
    if padding > 2 || (padding > 0 && !segment.len().is_multiple_of(4)) {
        return Err(DecodeErrorKind::Base64Length(segment.len()));
    }
    let trailing_padding = |offset: usize| {
        segment
            .as_bytes()
            .get(offset..)
            .is_some_and(|rest| rest.iter().all(|&b| b == b'='))
    };
    BASE64URL.decode(segment).map_err(|e| match e {
        base64::DecodeError::InvalidByte(offset, _) if !trailing_padding(offset) => {
            let found = segment
                .get(offset..)
                .and_then(|s| s.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            DecodeErrorKind::Base64 { offset, found }
        }
        _ => DecodeErrorKind::Base64Length(segment.len()),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_encoder_agrees_with_the_engine() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            let slice = &bytes[..len];
            assert_eq!(base64url_encode(slice), BASE64URL.encode(slice), "{len}");
            assert_eq!(
                base64url_decode(&base64url_encode(slice)).as_deref(),
                Some(slice)
            );
        }
    }

    use super::*;

    fn b64(s: &str) -> String {
        base64url_encode(s.as_bytes())
    }

    #[test]
    fn base64url_round_trips_with_and_without_padding() {
        for s in ["", "a", "ab", "abc", "abcd", "{\"sub\":\"x\"}"] {
            assert_eq!(base64url(&b64(s)).unwrap(), s.as_bytes());
        }
        assert_eq!(base64url("YQ==").unwrap(), b"a");
        assert_eq!(base64url("YWI=").unwrap(), b"ab");
        assert!(matches!(
            base64url("YQ="),
            Err(DecodeErrorKind::Base64Length(3))
        ));
        assert!(matches!(
            base64url("Y"),
            Err(DecodeErrorKind::Base64Length(1))
        ));
        assert_eq!(
            base64url("ab+c"),
            Err(DecodeErrorKind::Base64 {
                offset: 2,
                found: '+'
            })
        );
    }

    #[test]
    fn decodes_a_jws_in_any_wrapping() {
        let t = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256","kid":"k1"}"#),
            b64(r#"{"sub":"s","aud":["a","b"]}"#),
            b64("sig")
        );
        for input in [
            t.clone(),
            format!("  \"{t}\"\n"),
            format!("Bearer {t}"),
            format!("'bearer {t}'"),
        ] {
            let tok = decode(&input).unwrap();
            assert_eq!(tok.alg(), Some("RS256"));
            assert_eq!(tok.kid(), Some("k1"));
            assert_eq!(tok.claims.audiences(), ["a", "b"]);
            assert_eq!(tok.signature_len, 3);
        }
    }

    #[test]
    fn pasted_claims() {
        let tok = decode(r#" {"iss":"https://x","sub":"y"} "#).unwrap();
        assert_eq!(tok.format, TokenFormat::Claims);
        assert_eq!(tok.claims.issuer(), Some("https://x"));
    }

    #[test]
    fn what_people_paste_is_read_and_said() {
        let claims = r#"{"iss":"https://x","sub":"y"}"#;
        // A claims object copied from a CI log, each line timestamped.
        let log = "2026-09-21T14:13:20.1234567Z {\n2026-09-21T14:13:20.1234567Z   \"iss\": \"https://x\",\n2026-09-21T14:13:20.1234567Z   \"sub\": \"y\"\n2026-09-21T14:13:20.1234567Z }";
        let r = read(log).unwrap();
        assert_eq!(r.token.claims.str("sub"), Some("y"));
        assert_eq!(r.adjustments, [Adjustment::LogTimestamps { lines: 4 }]);
        // A lone payload segment.
        let r = read(&b64(claims)).unwrap();
        assert_eq!(r.token.format, TokenFormat::Claims);
        assert_eq!(r.token.claims.issuer(), Some("https://x"));
        assert_eq!(r.adjustments, [Adjustment::PayloadOnly]);
        // A segment that is not a payload stays an error about segments.
        assert!(
            decode(&b64("[1]"))
                .unwrap_err()
                .to_string()
                .contains("1 dot-separated segment")
        );
        // Plain tokens need nothing.
        assert!(read(claims).unwrap().adjustments.is_empty());
        // A policy in the token's place.
        let e = decode(r#"{"Version":"2012-10-17","Statement":[]}"#).unwrap_err();
        assert_eq!(e.kind(), &DecodeErrorKind::LooksLikePolicy);
        assert!(e.to_string().starts_with("this looks like a trust policy"));
        // Typographic quotes are named.
        let e = decode("{\u{201C}sub\u{201D}: \"y\"}").unwrap_err();
        assert!(
            e.to_string()
                .contains("typographic quote `“` at line 1 column 2"),
            "{e}"
        );
    }

    #[test]
    fn errors_name_segment_and_problem() {
        let hdr = b64(r#"{"alg":"none"}"#);
        let cases = [
            ("", "no token was given"),
            ("abc", "has 1 dot-separated segment,"),
            ("a.b.c.d.e", "encrypted JWE"),
            (
                &format!("{hdr}.ey!J.x"),
                "payload (segment 2) is not base64url: `!` at offset 2",
            ),
            (
                &format!("{}.{}.", b64("[1]"), b64("{}")),
                "header (segment 1) is an array",
            ),
            (
                &format!("{hdr}.{}.", b64("{\"a\":1,\"a\":2}")),
                "has the claim `a` twice",
            ),
            (
                &format!("{hdr}.{}.", b64("{\"a\":}")),
                "payload (segment 2) is not JSON: expected a JSON value, found `}` at line 1 column 6",
            ),
        ];
        for (input, want) in cases {
            let e = decode(input).unwrap_err().to_string();
            assert!(e.contains(want), "{input:?}: {e}");
        }
    }
}
