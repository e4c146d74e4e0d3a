//! The request context AWS builds for `AssumeRoleWithWebIdentity`: which condition keys
//! exist and what values they carry.
//!
//! Every key is `<prefix>:<name>`, the prefix being the provider URL without `https://`
//! (path and trailing slash kept). Which names exist depends on the issuer: five generic
//! keys for every provider, plus the provider claims AWS began exposing in January 2026
//! for GitHub, GitLab.com, Buildkite and `CircleCI` (semantics reference, 2.1 and 2.2). A
//! claim that is not on the list for its issuer is not a key at all: a condition on it is
//! false, silently, in AWS. Key names are case-insensitive; values are not.

use crate::providers::IssuerKind;
use crate::token::Claims;

/// The session-tags claim (semantics reference, 2.4).
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";

/// One condition key of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The name as AWS spells it.
    pub name: String,
    /// The values; `None` when AWS supplies this key for the issuer but the token lacks the
    /// claim.
    pub values: Option<Vec<String>>,
    /// Whether AWS documents the key as multi-valued (`amr`, `aws:TagKeys`...).
    pub multi_valued: bool,
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The key is present with these values.
    Present(&'a [String]),
    /// AWS supplies this key for the issuer, but the token has no such claim.
    Absent,
    /// AWS never supplies this key for this issuer.
    NotSupplied,
}

/// Options that change which keys exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextOptions {
    /// Expose the provider claims added in January 2026 (default). `false` models AWS
    /// before that change.
    pub provider_claims: bool,
}

impl Default for ContextOptions {
    fn default() -> Self {
        ContextOptions {
            provider_claims: true,
        }
    }
}

/// The condition keys of one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    keys: Vec<Key>,
}

impl Context {
    /// Builds the context for a token from the provider with key prefix `prefix`.
    pub fn new(
        prefix: &str,
        claims: &Claims,
        role_session_name: Option<&str>,
        options: ContextOptions,
    ) -> Context {
        let mut ctx = Context {
            keys: Vec::with_capacity(24),
        };
        let key = |name: &str| [prefix, ":", name].concat();
        ctx.push(key("aud"), claims.get(claims.audience_claim()), false);
        ctx.push(key("oaud"), claims.get("aud"), false);
        ctx.push(key("sub"), claims.get("sub"), false);
        ctx.push(key("amr"), claims.get("amr"), true);
        ctx.push(key("email"), claims.get("email"), false);
        if options.provider_claims {
            for claim in IssuerKind::of(prefix).provider_claims() {
                ctx.push(key(claim), claims.get(claim), false);
            }
        }
        let name = role_session_name.map(|s| serde_json::Value::String(s.to_owned()));
        ctx.push("sts:RoleSessionName".to_owned(), name.as_ref(), false);
        if let Some(tags) = claims
            .get(TAGS_CLAIM)
            .and_then(serde_json::Value::as_object)
        {
            if let Some(principal) = tags
                .get("principal_tags")
                .and_then(serde_json::Value::as_object)
            {
                let mut keys = Vec::new();
                for (tag, value) in principal {
                    let first = match value {
                        serde_json::Value::Array(v) => v.first(),
                        other => Some(other),
                    };
                    ctx.push(format!("aws:RequestTag/{tag}"), first, false);
                    keys.push(serde_json::Value::String(tag.clone()));
                }
                ctx.push(
                    "aws:TagKeys".to_owned(),
                    Some(&serde_json::Value::Array(keys)),
                    true,
                );
            }
            ctx.push(
                "sts:TransitiveTagKeys".to_owned(),
                tags.get("transitive_tag_keys"),
                true,
            );
        }
        ctx
    }

    fn push(&mut self, name: String, claim: Option<&serde_json::Value>, multi_valued: bool) {
        self.keys.push(Key {
            name,
            values: claim.and_then(claim_values),
            multi_valued,
        });
    }

    /// Looks a key up, ignoring case.
    pub fn lookup(&self, key: &str) -> Lookup<'_> {
        match self.keys.iter().find(|k| same_key(&k.name, key)) {
            Some(Key {
                values: Some(v), ..
            }) => Lookup::Present(v),
            Some(_) => Lookup::Absent,
            None => Lookup::NotSupplied,
        }
    }

    /// The value of a single-valued key, for policy variables.
    pub fn single(&self, key: &str) -> Option<&str> {
        let k = self.keys.iter().find(|k| same_key(&k.name, key))?;
        match k.values.as_deref() {
            Some([one]) if !k.multi_valued => Some(one),
            _ => None,
        }
    }

    /// Every key, present or not, in a stable order.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Every key, by value.
    pub fn into_keys(self) -> impl Iterator<Item = Key> {
        self.keys.into_iter()
    }
}

/// Whether two key names are the same key (names are case-insensitive).
fn same_key(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || ((!a.is_ascii() || !b.is_ascii()) && a.to_lowercase() == b.to_lowercase())
}

/// The string values IAM sees for a claim: strings as they are, numbers and booleans as
/// their JSON text, arrays element by element. Objects and `null` are not values.
fn claim_values(v: &serde_json::Value) -> Option<Vec<String>> {
    fn scalar(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    match v {
        serde_json::Value::Array(items) => Some(items.iter().filter_map(scalar).collect()),
        other => scalar(other).map(|s| vec![s]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(v: &serde_json::Value) -> Claims {
        Claims::new(v.as_object().unwrap().clone())
    }

    #[test]
    fn generic_and_provider_keys() {
        let c = claims(&serde_json::json!({
            "sub": "repo:a/b:ref:refs/heads/main", "aud": "sts.amazonaws.com",
            "repository": "a/b", "iss": "https://token.actions.githubusercontent.com",
            "run_id": 42
        }));
        let p = "token.actions.githubusercontent.com";
        let ctx = Context::new(p, &c, None, ContextOptions::default());
        assert!(
            matches!(ctx.lookup(&format!("{p}:sub")), Lookup::Present([s]) if s.ends_with("main"))
        );
        assert!(matches!(
            ctx.lookup(&format!("{p}:repository")),
            Lookup::Present(_)
        ));
        assert_eq!(ctx.lookup(&format!("{p}:environment")), Lookup::Absent);
        assert_eq!(ctx.lookup(&format!("{p}:iss")), Lookup::NotSupplied);
        assert_eq!(ctx.lookup(&format!("{p}:run_id")), Lookup::NotSupplied);
        assert_eq!(ctx.lookup("gitlab.com:sub"), Lookup::NotSupplied);
        let old = Context::new(
            p,
            &c,
            None,
            ContextOptions {
                provider_claims: false,
            },
        );
        assert_eq!(old.lookup(&format!("{p}:repository")), Lookup::NotSupplied);
    }

    #[test]
    fn azp_wins_for_aud_and_numbers_become_text() {
        let c = claims(&serde_json::json!({"aud": ["x", "y"], "azp": "z", "runner_id": 7}));
        let ctx = Context::new("gitlab.com", &c, None, ContextOptions::default());
        assert!(matches!(ctx.lookup("gitlab.com:aud"), Lookup::Present([z]) if z == "z"));
        assert!(
            matches!(ctx.lookup("gitlab.com:oaud"), Lookup::Present([x, y]) if x == "x" && y == "y")
        );
        let c = claims(&serde_json::json!({"project_id": 20}));
        let ctx = Context::new("gitlab.com", &c, None, ContextOptions::default());
        assert!(matches!(ctx.lookup("gitlab.com:project_id"), Lookup::Present([n]) if n == "20"));
    }
}
