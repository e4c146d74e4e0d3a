//! A JWT auth role and the mount's configuration as data, read from what `vault read
//! -format=json auth/<mount>/role/<name>` and `vault read -format=json auth/<mount>/config`
//! print (the envelope with `data`, or `data` alone), or from the JSON written to them.
//! Every problem is a located [`Diagnostic`]; a field that cannot be read is left at
//! Vault's default and reported.
//!
//! Fields and defaults: `pathRoleRead`, `pathRoleCreateUpdate` and `role()` of
//! hashicorp/vault-plugin-auth-jwt `path_role.go`; `pathConfigRead` of `path_config.go`.

use super::claims::BoundValue;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source, pointer_child};
use crate::json::{self, Member, Node, Span, Value};

/// `role_type`.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RoleType {
    /// `jwt`: the role logs in with `auth/<mount>/login` and a JWT (a stored role with no
    /// type reads as `jwt`).
    Jwt,
    /// `oidc`: the browser flow (a role written without `role_type` is `oidc`).
    Oidc,
}

/// One `bound_claims` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundClaim {
    /// The claim: a top-level name, or a JSON pointer (`/nested/claim`).
    pub claim: String,
    /// Its values (a single value is a list of one); `Err` with Go's `%v` when the value
    /// is not a string, bool, number or list.
    pub values: Result<Vec<BoundValue>, String>,
    /// JSON pointer to the entry in the role document.
    pub pointer: String,
    /// Where the entry is.
    pub span: Span,
}

/// A field's place in its document.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The field name.
    pub name: &'static str,
    /// JSON pointer to its value.
    pub pointer: String,
    /// Where the value is.
    pub span: Span,
}

/// A role, as Vault holds it after reading it back (`role()`: an empty type is `jwt`, an
/// empty `bound_claims_type` is `string`).
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// `role_type`.
    pub role_type: RoleType,
    /// `bound_audiences`.
    pub bound_audiences: Vec<String>,
    /// `bound_subject` (empty: not set).
    pub bound_subject: String,
    /// Whether `bound_claims_type` is `glob`.
    pub glob: bool,
    /// `bound_claims`, in document order.
    pub bound_claims: Vec<BoundClaim>,
    /// `claim_mappings`: (claim, metadata key), in document order.
    pub claim_mappings: Vec<(String, String)>,
    /// `user_claim`.
    pub user_claim: String,
    /// `user_claim_json_pointer`.
    pub user_claim_json_pointer: bool,
    /// `groups_claim` (empty: not set).
    pub groups_claim: String,
    /// `expiration_leeway`, seconds (0: the default 150, negative: none).
    pub expiration_leeway: i64,
    /// `not_before_leeway`, seconds (0: the default 150, negative: none).
    pub not_before_leeway: i64,
    /// `clock_skew_leeway`, seconds (0: the default 60, negative: none).
    pub clock_skew_leeway: i64,
    /// `token_policies` (or the deprecated `policies`): shown, never evaluated.
    pub token_policies: Vec<String>,
    /// `token_bound_cidrs` (or the deprecated `bound_cidrs`).
    pub token_bound_cidrs: Vec<String>,
    /// Where each field read is.
    pub places: Vec<Place>,
    /// Fields of the mount's configuration written on the role (Vault ignores them).
    pub misplaced: Vec<Place>,
    /// The pointer to the role object: `/data` in a `vault read` envelope, else empty.
    pub base: &'static str,
    /// Where the role object is.
    pub span: Span,
}

impl Role {
    /// The place of a field, if the document has it.
    pub fn place(&self, name: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.name == name)
    }
}

/// The mount's configuration (`auth/<mount>/config`), the fields the login reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    /// `bound_issuer` (empty: not set).
    pub bound_issuer: String,
    /// `jwt_supported_algs` (empty: Vault's default list).
    pub jwt_supported_algs: Vec<String>,
    /// `default_role`.
    pub default_role: String,
    /// `oidc_discovery_url`.
    pub oidc_discovery_url: String,
    /// Where each field read is.
    pub places: Vec<Place>,
}

impl Config {
    /// The place of a field, if the document has it.
    pub fn place(&self, name: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.name == name)
    }
}

/// A document read: the value, if its JSON could be read, and the findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Read<T> {
    /// The value; `None` when the text is not a JSON object.
    pub value: Option<T>,
    /// Problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Fields of the mount's configuration (`path_config.go`): on a role they are ignored.
const CONFIG_FIELDS: &[&str] = &[
    "bound_issuer",
    "default_role",
    "jwks_ca_pem",
    "jwks_pairs",
    "jwks_url",
    "jwt_supported_algs",
    "jwt_validation_pubkeys",
    "oidc_client_id",
    "oidc_client_secret",
    "oidc_discovery_ca_pem",
    "oidc_discovery_url",
    "provider_config",
];

/// The role fields this reader takes (the rest of `pathRoleRead`'s output changes no login
/// check it models).
const ROLE_FIELDS: &[&str] = &[
    "role_type",
    "bound_audiences",
    "bound_subject",
    "bound_claims_type",
    "bound_claims",
    "claim_mappings",
    "user_claim",
    "user_claim_json_pointer",
    "groups_claim",
    "expiration_leeway",
    "not_before_leeway",
    "clock_skew_leeway",
    "token_policies",
    "policies",
    "token_bound_cidrs",
    "bound_cidrs",
];

struct Reader {
    source: Source,
    code: &'static str,
    diagnostics: Vec<Diagnostic>,
}

impl Reader {
    fn error(&mut self, pointer: &str, span: Span, message: String) {
        self.diagnostics.push(
            Diagnostic::new(self.code, Severity::Error, self.source, message)
                .at(pointer, Some(span)),
        );
    }

    fn wrong(&mut self, name: &str, pointer: &str, node: &Node<'_>, expected: &str) {
        self.error(
            pointer,
            node.span,
            format!("`{name}` is {}, expected {expected}", node.value.kind()),
        );
    }

    /// The object's members (after unwrapping a `vault read` envelope) and the pointer
    /// prefix, or an error.
    fn top<'m, 'a>(
        &mut self,
        node: &'m Node<'a>,
        noun: &str,
        own: &[&str],
    ) -> Option<(&'m [Member<'a>], &'static str)> {
        let Some(members) = node.as_object() else {
            self.error(
                "",
                node.span,
                format!("{noun} is {}, expected a JSON object", node.value.kind()),
            );
            return None;
        };
        let data = json::member(members, "data").and_then(|m| m.node.as_object());
        match data {
            Some(inner) if !members.iter().any(|m| own.contains(&m.key.as_ref())) => {
                Some((inner, "/data"))
            }
            _ => Some((members, "")),
        }
    }

    fn string(&mut self, name: &str, pointer: &str, node: &Node<'_>) -> String {
        match &node.value {
            Value::String(s) => s.to_string(),
            Value::Null => String::new(),
            _ => {
                self.wrong(name, pointer, node, "a string");
                String::new()
            }
        }
    }

    /// A list of strings; a string is read as Vault's comma-separated form.
    fn strings(&mut self, name: &str, pointer: &str, node: &Node<'_>) -> Vec<String> {
        match &node.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let s = item.as_str().map(str::to_owned);
                    if s.is_none() {
                        self.wrong(name, &format!("{pointer}/{i}"), item, "a string");
                    }
                    s
                })
                .collect(),
            Value::String(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            Value::Null => Vec::new(),
            _ => {
                self.wrong(name, pointer, node, "a list of strings");
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, name: &str, pointer: &str, node: &Node<'_>) -> bool {
        match &node.value {
            Value::Bool(b) => *b,
            Value::Null => false,
            _ => {
                self.wrong(name, pointer, node, "a boolean");
                false
            }
        }
    }

    /// Seconds: a whole number, or a string of one with an optional `s`, `m` or `h`.
    fn seconds(&mut self, name: &str, pointer: &str, node: &Node<'_>) -> i64 {
        let parsed = match &node.value {
            Value::Number(n) => n.parse::<i64>().ok(),
            Value::String(s) => {
                let (digits, unit) = match s.char_indices().last() {
                    Some((i, c @ ('s' | 'm' | 'h'))) => (s.get(..i).unwrap_or_default(), c),
                    _ => (s.as_ref(), 's'),
                };
                let scale = match unit {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
                digits
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(|n| n.checked_mul(scale))
            }
            Value::Null => Some(0),
            _ => None,
        };
        parsed.unwrap_or_else(|| {
            self.wrong(name, pointer, node, "a whole number of seconds");
            0
        })
    }
}

/// The value of a bound claim as Vault stores it.
fn bound_value(node: &Node<'_>) -> BoundValue {
    match &node.value {
        Value::String(s) => BoundValue::Str(s.to_string()),
        Value::Bool(b) => BoundValue::Bool(*b),
        Value::Number(n) => BoundValue::Num((*n).to_owned()),
        _ => BoundValue::Other(super::claims::go_repr(&node.to_serde())),
    }
}

fn parse<'t>(text: &'t str, r: &mut Reader, noun: &str) -> Option<Node<'t>> {
    match json::parse(text) {
        Ok(node) => Some(node),
        Err(e) => {
            r.error("", e.span, format!("{noun} is not JSON: {e}"));
            None
        }
    }
}

/// Reads a role.
pub fn read_role(text: &str) -> Read<Role> {
    let mut r = Reader {
        source: Source::Policy,
        code: codes::INVALID_VAULT_ROLE,
        diagnostics: Vec::new(),
    };
    let value = parse(text, &mut r, "the role").and_then(|node| role(&node, &mut r));
    Read {
        value,
        diagnostics: r.diagnostics,
    }
}

fn role(node: &Node<'_>, r: &mut Reader) -> Option<Role> {
    let (members, base) = r.top(node, "the role", ROLE_FIELDS)?;
    let mut role = Role {
        role_type: RoleType::Jwt,
        bound_audiences: Vec::new(),
        bound_subject: String::new(),
        glob: false,
        bound_claims: Vec::new(),
        claim_mappings: Vec::new(),
        user_claim: String::new(),
        user_claim_json_pointer: false,
        groups_claim: String::new(),
        expiration_leeway: 0,
        not_before_leeway: 0,
        clock_skew_leeway: 0,
        token_policies: Vec::new(),
        token_bound_cidrs: Vec::new(),
        places: Vec::new(),
        misplaced: Vec::new(),
        base,
        span: node.span,
    };
    for m in members {
        let key = m.key.as_ref();
        let node = &m.node;
        if let Some(name) = CONFIG_FIELDS.iter().find(|f| **f == key) {
            role.misplaced.push(Place {
                name,
                pointer: pointer_child(base, key),
                span: m.key_span,
            });
            continue;
        }
        // The fields Vault ignores (`request_id`, `token_ttl`...) get no pointer.
        let Some(name) = ROLE_FIELDS.iter().copied().find(|f| *f == key) else {
            continue;
        };
        let pointer = pointer_child(base, key);
        match name {
            "role_type" => {
                role.role_type = match r.string(name, &pointer, node).as_str() {
                    "oidc" => RoleType::Oidc,
                    "jwt" | "" => RoleType::Jwt,
                    other => {
                        r.error(
                            &pointer,
                            node.span,
                            format!("`role_type` is `{other}`, expected `jwt` or `oidc`"),
                        );
                        RoleType::Jwt
                    }
                }
            }
            "bound_audiences" => role.bound_audiences = r.strings(name, &pointer, node),
            "bound_subject" => role.bound_subject = r.string(name, &pointer, node),
            "bound_claims_type" => {
                role.glob = match r.string(name, &pointer, node).as_str() {
                    "glob" => true,
                    "string" | "" => false,
                    other => {
                        r.error(
                            &pointer,
                            node.span,
                            format!(
                                "`bound_claims_type` is `{other}`, expected `string` or `glob`"
                            ),
                        );
                        false
                    }
                }
            }
            "bound_claims" => match &node.value {
                Value::Object(entries) => {
                    for e in entries {
                        let values = match &e.node.value {
                            Value::Array(items) => Ok(items.iter().map(bound_value).collect()),
                            Value::Object(_) | Value::Null => {
                                Err(super::claims::go_repr(&e.node.to_serde()))
                            }
                            _ => Ok(vec![bound_value(&e.node)]),
                        };
                        role.bound_claims.retain(|b| b.claim != e.key);
                        role.bound_claims.push(BoundClaim {
                            claim: e.key.to_string(),
                            values,
                            pointer: pointer_child(&pointer, &e.key),
                            span: e.node.span,
                        });
                    }
                }
                Value::Null => {}
                _ => r.wrong(name, &pointer, node, "an object"),
            },
            "claim_mappings" => match &node.value {
                Value::Object(entries) => {
                    for e in entries {
                        let target =
                            r.string("claim_mappings", &pointer_child(&pointer, &e.key), &e.node);
                        role.claim_mappings.push((e.key.to_string(), target));
                    }
                }
                Value::Null => {}
                _ => r.wrong(name, &pointer, node, "an object"),
            },
            "user_claim" => role.user_claim = r.string(name, &pointer, node),
            "user_claim_json_pointer" => {
                role.user_claim_json_pointer = r.boolean(name, &pointer, node);
            }
            "groups_claim" => role.groups_claim = r.string(name, &pointer, node),
            "expiration_leeway" => role.expiration_leeway = r.seconds(name, &pointer, node),
            "not_before_leeway" => role.not_before_leeway = r.seconds(name, &pointer, node),
            "clock_skew_leeway" => role.clock_skew_leeway = r.seconds(name, &pointer, node),
            "token_policies" | "policies" => {
                let list = r.strings(name, &pointer, node);
                if name == "token_policies" || role.token_policies.is_empty() {
                    role.token_policies = list;
                }
            }
            _ => {
                let list = r.strings(name, &pointer, node);
                if name == "token_bound_cidrs" || role.token_bound_cidrs.is_empty() {
                    role.token_bound_cidrs = list;
                }
            }
        }
        role.places.retain(|p| p.name != name);
        role.places.push(Place {
            name,
            pointer,
            span: node.span,
        });
    }
    if role.user_claim.is_empty() {
        // path_role.go refuses to store such a role, so `vault read` never prints one.
        let (pointer, span) = role
            .place("user_claim")
            .map_or((base.to_owned(), node.span), |p| {
                (p.pointer.clone(), p.span)
            });
        r.error(
            &pointer,
            span,
            "the role has no `user_claim`, and Vault stores no role without one (`a user claim must be defined on the role`)".to_owned(),
        );
    }
    Some(role)
}

/// Reads the mount's configuration.
pub fn read_config(text: &str) -> Read<Config> {
    let mut r = Reader {
        source: Source::Providers,
        code: codes::INVALID_VAULT_CONFIG,
        diagnostics: Vec::new(),
    };
    let value = parse(text, &mut r, "the mount configuration").and_then(|node| {
        let (members, base) = r.top(&node, "the mount configuration", CONFIG_FIELDS)?;
        let mut c = Config::default();
        for m in members {
            let Some(name) = [
                "bound_issuer",
                "jwt_supported_algs",
                "default_role",
                "oidc_discovery_url",
            ]
            .into_iter()
            .find(|f| *f == m.key) else {
                continue;
            };
            let pointer = pointer_child(base, name);
            match name {
                "jwt_supported_algs" => c.jwt_supported_algs = r.strings(name, &pointer, &m.node),
                "bound_issuer" => c.bound_issuer = r.string(name, &pointer, &m.node),
                "default_role" => c.default_role = r.string(name, &pointer, &m.node),
                _ => c.oidc_discovery_url = r.string(name, &pointer, &m.node),
            }
            c.places.retain(|p| p.name != name);
            c.places.push(Place {
                name,
                pointer,
                span: m.node.span,
            });
        }
        Some(c)
    });
    Read {
        value,
        diagnostics: r.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_envelope_and_the_bare_object() {
        let text = r#"{"request_id": "x", "data": {"role_type": "jwt", "bound_claims": {"sub": ["a", 2], "/n/x": {"k": 1}}, "bound_audiences": "a, b", "clock_skew_leeway": "2m", "bound_issuer": "https://x", "user_claim": "sub"}}"#;
        let read = read_role(text);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let role = read.value.unwrap();
        assert_eq!(role.bound_audiences, ["a", "b"]);
        assert_eq!(role.clock_skew_leeway, 120);
        assert_eq!(role.bound_claims[0].pointer, "/data/bound_claims/sub");
        assert_eq!(
            role.bound_claims[0].values,
            Ok(vec![
                BoundValue::Str("a".into()),
                BoundValue::Num("2".into())
            ])
        );
        assert_eq!(role.bound_claims[1].values, Err("map[k:1]".into()));
        assert_eq!(role.misplaced[0].pointer, "/data/bound_issuer");
        let bare = read_role(r#"{"role_type": "oidc", "bound_subject": 3, "user_claim": "sub"}"#);
        assert_eq!(bare.value.unwrap().role_type, RoleType::Oidc);
        assert_eq!(
            bare.diagnostics[0].pointer.as_deref(),
            Some("/bound_subject")
        );
        let no_user = read_role(r#"{"role_type": "jwt"}"#);
        assert!(no_user.diagnostics[0].message.contains("no `user_claim`"));
        assert!(read_role("[1]").value.is_none());
        assert!(read_config("{").value.is_none());
    }
}
