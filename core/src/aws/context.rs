//! The request context AWS builds for `AssumeRoleWithWebIdentity`: which condition keys
//! exist, what values they carry, and where each value comes from.
//!
//! The token's keys are `<prefix>:<name>`, the prefix being the provider URL without
//! `https://` (path and trailing slash kept), or a built-in provider's name. Which names
//! exist depends on the issuer: five generic keys for every IAM OIDC provider, plus the
//! provider claims AWS began exposing in January 2026 for GitHub, GitLab.com, Buildkite and
//! `CircleCI` (semantics reference, 2.1 and 2.2); a built-in provider has its own keys. A
//! claim that is not on the list for its issuer is not a key at all: a condition on it is
//! false, silently, in AWS. Key names are case-insensitive; values are not.
//!
//! Then the keys of the call (IAM UG, global condition keys; STS's keys in the Service
//! Authorization Reference): `sts:RoleSessionName`, `sts:SourceIdentity`,
//! `sts:RoleAuthorizedByIdp`, the session tags, and the global keys every request carries
//! (`aws:CurrentTime`, `aws:EpochTime`, `aws:SecureTransport`, `aws:RequestedRegion`,
//! `aws:UserAgent`, `aws:ViaAWSService`), the network keys (`aws:SourceIp` over the
//! internet; `aws:SourceVpc`, `aws:SourceVpce`, `aws:VpcSourceIp` through a VPC endpoint),
//! `aws:FederatedProvider` (the provider ARN, or a built-in provider's name, as AWS's
//! data-perimeter samples test it) and the role's resource keys (`aws:ResourceAccount`,
//! `aws:ResourceOrgID`, `aws:ResourceOrgPaths`, `aws:ResourceTag/...`).
//!
//! What the request leaves out is either assumed (a direct HTTPS call to the global
//! endpoint, `us-east-1`: [`KeySource::Assumed`]) or unknown ([`KeySource::Unknown`]: the
//! key is present in AWS but its value cannot be known offline, so a condition on it is
//! undecided). The principal keys (`aws:PrincipalAccount`, `aws:PrincipalType`,
//! `aws:userid`) are present for every request, anonymous ones included, with values AWS
//! does not document for a web identity: unknown. `aws:PrincipalArn`, `aws:PrincipalTag/...`,
//! `aws:PrincipalOrgID` and `aws:PrincipalIsAWSService` are absent: the call is not signed
//! (UNCONFIRMED but for `aws:PrincipalOrgID`, which AWS's data-perimeter README says federated
//! users lack).

use serde::Serialize;

use super::request::{Caller, Organization, RoleSettings};
use crate::providers::IssuerKind;
use crate::time;
use crate::token::Claims;

/// The session-tags claim (semantics reference, 2.4).
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";
/// The source-identity claim (IAM UG, "Monitor and control actions taken with assumed
/// roles").
pub const SOURCE_IDENTITY_CLAIM: &str = "https://aws.amazon.com/source_identity";
/// The claim that lists the roles a token may assume (`sts:RoleAuthorizedByIdp`).
pub const ROLES_CLAIM: &str = "https://aws.amazon.com/roles";
/// The region assumed for a call that names none: the global endpoint `sts.amazonaws.com`
/// is in `us-east-1` (UNCONFIRMED as the value of `aws:RequestedRegion` there).
pub const ASSUMED_REGION: &str = "us-east-1";

/// Where a key's value comes from.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeySource {
    /// A claim of the token.
    Token,
    /// The call: its parameters, the provider that matched, the role's settings.
    Call,
    /// The request's `caller` or `organization`.
    Caller,
    /// The evaluation time.
    Clock,
    /// Not given: oidc-trust assumes the value shown (a direct HTTPS call over the internet
    /// to the global endpoint).
    Assumed,
    /// Present in AWS, but its value cannot be known offline: conditions on it are
    /// undecided.
    Unknown,
}

/// One condition key of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The name as AWS spells it.
    pub name: String,
    /// The values; `None` when AWS supplies this key but the request has no value for it
    /// (the token lacks the claim), or the value is unknown.
    pub values: Option<Vec<String>>,
    /// Whether AWS documents the key as multi-valued (`amr`, `aws:TagKeys`...).
    pub multi_valued: bool,
    /// Where the value comes from.
    pub source: KeySource,
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The key is present with these values.
    Present(&'a [String]),
    /// AWS supplies this key, but the request has no value for it (the token lacks the
    /// claim).
    Absent,
    /// The key is present, but its value cannot be known offline.
    Unknown,
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

/// What the call contributes to the context besides the token.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallContext<'a> {
    /// The evaluation time.
    pub now: i64,
    /// `aws:FederatedProvider`: the provider ARN, or the built-in provider's name.
    pub federated_provider: &'a str,
    /// The `RoleSessionName`, if given.
    pub role_session_name: Option<&'a str>,
    /// The `RoleArn`, if given.
    pub role_arn: Option<&'a str>,
    /// The role's account, if known.
    pub role_account: Option<&'a str>,
    /// The role's settings.
    pub role: Option<&'a RoleSettings>,
    /// Where the call comes from.
    pub caller: Option<&'a Caller>,
    /// The organization of the role's account, if given.
    pub organization: Option<&'a Organization>,
}

/// A family of keys named `<prefix><name>` (`aws:ResourceTag/...`): how a member that is
/// not listed looks up.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Family {
    prefix: &'static str,
    unlisted: Unlisted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unlisted {
    Absent,
    Unknown,
}

/// The condition keys of one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    keys: Vec<Key>,
    families: Vec<Family>,
}

impl Context {
    /// Builds the context for a token from the provider with key prefix `prefix`, in a
    /// call described by `call`.
    pub fn new(
        prefix: &str,
        claims: &Claims,
        call: &CallContext<'_>,
        options: ContextOptions,
    ) -> Context {
        let mut ctx = Context {
            keys: Vec::with_capacity(40),
            families: Vec::new(),
        };
        ctx.token_keys(prefix, claims, options);
        ctx.sts_keys(claims, call);
        ctx.global_keys(call);
        ctx
    }

    fn token_keys(&mut self, prefix: &str, claims: &Claims, options: ContextOptions) {
        for claim in IssuerKind::of(prefix).exposed_claims(options.provider_claims) {
            let value = match claim {
                "aud" => claims.get(claims.audience_claim()),
                "oaud" => claims.get("aud"),
                "google/organization_number" => claims
                    .get("google")
                    .and_then(|g| g.get("organization_number")),
                _ => claims.get(claim),
            };
            self.push_claim(
                [prefix, ":", claim].concat(),
                value,
                IssuerKind::multi_valued(claim),
            );
        }
    }

    fn sts_keys(&mut self, claims: &Claims, call: &CallContext<'_>) {
        match call.role_session_name {
            Some(name) => self.push_value("sts:RoleSessionName", name, KeySource::Call),
            None => self.push_unknown("sts:RoleSessionName"),
        }
        self.push_claim(
            "sts:SourceIdentity".to_owned(),
            claims.get(SOURCE_IDENTITY_CLAIM),
            false,
        );
        // True when the role is in the token's roles claim. When the token has no such
        // claim the key is `false`: an RCP that denies on `Bool false` was tested to work
        // (Aidan Steele, 2026); UNCONFIRMED against AWS documentation.
        let authorized = match (claims.get(ROLES_CLAIM), call.role_arn) {
            (None, _) => Some(false),
            (Some(roles), Some(arn)) => Some(strings_of(roles).any(|r| r == arn)),
            (Some(_), None) => None,
        };
        match authorized {
            Some(b) => self.push_value("sts:RoleAuthorizedByIdp", bool_text(b), KeySource::Call),
            None => self.push_unknown("sts:RoleAuthorizedByIdp"),
        }
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
                    self.push_claim(format!("aws:RequestTag/{tag}"), first, false);
                    keys.push(serde_json::Value::String(tag.clone()));
                }
                self.push_claim(
                    "aws:TagKeys".to_owned(),
                    Some(&serde_json::Value::Array(keys)),
                    true,
                );
            }
            self.push_claim(
                "sts:TransitiveTagKeys".to_owned(),
                tags.get("transitive_tag_keys"),
                true,
            );
        }
    }

    fn global_keys(&mut self, call: &CallContext<'_>) {
        self.push_value("aws:CurrentTime", &time::iso(call.now), KeySource::Clock);
        self.push_value("aws:EpochTime", &call.now.to_string(), KeySource::Clock);
        self.push_value(
            "aws:FederatedProvider",
            call.federated_provider,
            KeySource::Call,
        );
        let caller = call.caller;
        let given = |f: Field| caller.and_then(f);
        match given(|c| c.region.as_deref()) {
            Some(r) => self.push_value("aws:RequestedRegion", r, KeySource::Caller),
            None => self.push_value("aws:RequestedRegion", ASSUMED_REGION, KeySource::Assumed),
        }
        match caller.and_then(|c| c.secure_transport) {
            Some(b) => self.push_value("aws:SecureTransport", bool_text(b), KeySource::Caller),
            None => self.push_value("aws:SecureTransport", "true", KeySource::Assumed),
        }
        self.push_value("aws:ViaAWSService", "false", KeySource::Assumed);
        match given(|c| c.user_agent.as_deref()) {
            Some(ua) => self.push_value("aws:UserAgent", ua, KeySource::Caller),
            None => self.push_unknown("aws:UserAgent"),
        }
        let vpc = caller.is_some_and(Caller::via_vpc_endpoint);
        match given(|c| c.source_ip.as_deref()) {
            Some(ip) => self.push_value("aws:SourceIp", ip, KeySource::Caller),
            None if vpc => self.push_none("aws:SourceIp", KeySource::Caller),
            None => self.push_unknown("aws:SourceIp"),
        }
        let vpc_keys: [(&str, Field); 4] = [
            ("aws:SourceVpc", |c| c.source_vpc.as_deref()),
            ("aws:SourceVpcArn", |c| c.source_vpc_arn.as_deref()),
            ("aws:SourceVpce", |c| c.source_vpce.as_deref()),
            ("aws:VpcSourceIp", |c| c.vpc_source_ip.as_deref()),
        ];
        for (name, field) in vpc_keys {
            match given(field) {
                Some(v) => self.push_value(name, v, KeySource::Caller),
                None if vpc => self.push_unknown(name),
                None if caller.is_some() => self.push_none(name, KeySource::Caller),
                None => self.push_none(name, KeySource::Assumed),
            }
        }
        for name in ["aws:PrincipalAccount", "aws:PrincipalType", "aws:userid"] {
            self.push_unknown(name);
        }
        match call.role_account {
            Some(a) => self.push_value("aws:ResourceAccount", a, KeySource::Call),
            None => self.push_unknown("aws:ResourceAccount"),
        }
        let org = call.organization;
        match org.and_then(|o| o.id.as_deref()) {
            Some(id) => self.push_value("aws:ResourceOrgID", id, KeySource::Caller),
            None => self.push_unknown("aws:ResourceOrgID"),
        }
        match org.map(|o| &o.paths).filter(|p| !p.is_empty()) {
            Some(paths) => self.keys.push(Key {
                name: "aws:ResourceOrgPaths".to_owned(),
                values: Some(paths.clone()),
                multi_valued: true,
                source: KeySource::Caller,
            }),
            None => self.push_unknown("aws:ResourceOrgPaths"),
        }
        let tags = call.role.and_then(|r| r.tags.as_ref());
        for (tag, value) in tags.into_iter().flatten() {
            self.push_value(&format!("aws:ResourceTag/{tag}"), value, KeySource::Call);
        }
        self.families.push(Family {
            prefix: "aws:resourcetag/",
            unlisted: if tags.is_some() {
                Unlisted::Absent
            } else {
                Unlisted::Unknown
            },
        });
    }

    fn push_value(&mut self, name: &str, value: &str, source: KeySource) {
        self.keys.push(Key {
            name: name.to_owned(),
            values: Some(vec![value.to_owned()]),
            multi_valued: false,
            source,
        });
    }

    fn push_none(&mut self, name: &str, source: KeySource) {
        self.keys.push(Key {
            name: name.to_owned(),
            values: None,
            multi_valued: false,
            source,
        });
    }

    fn push_unknown(&mut self, name: &str) {
        self.push_none(name, KeySource::Unknown);
    }

    fn push_claim(&mut self, name: String, claim: Option<&serde_json::Value>, multi_valued: bool) {
        self.keys.push(Key {
            name,
            values: claim.and_then(claim_values),
            multi_valued,
            source: KeySource::Token,
        });
    }

    /// Looks a key up, ignoring case.
    pub fn lookup(&self, key: &str) -> Lookup<'_> {
        match self.keys.iter().find(|k| same_key(&k.name, key)) {
            Some(Key {
                values: Some(v), ..
            }) => Lookup::Present(v),
            Some(Key {
                source: KeySource::Unknown,
                ..
            }) => Lookup::Unknown,
            Some(_) => Lookup::Absent,
            None => match self.families.iter().find(|f| {
                key.get(..f.prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(f.prefix))
            }) {
                Some(f) if f.unlisted == Unlisted::Unknown => Lookup::Unknown,
                Some(_) => Lookup::Absent,
                None => Lookup::NotSupplied,
            },
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

/// Where in the request the value of a key comes from, when the request can give it: a
/// JSON pointer (`/caller/sourceIp`). `None` for keys no request field supplies (the token's
/// claims, or `aws:PrincipalAccount`, whose value AWS does not document for a web identity).
pub fn request_field(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    if key.starts_with("aws:resourcetag/") {
        return Some("/role/tags");
    }
    Some(match key.as_str() {
        "aws:sourceip" => "/caller/sourceIp",
        "aws:requestedregion" => "/caller/region",
        "aws:useragent" => "/caller/userAgent",
        "aws:securetransport" => "/caller/secureTransport",
        "aws:sourcevpc" => "/caller/sourceVpc",
        "aws:sourcevpcarn" => "/caller/sourceVpcArn",
        "aws:sourcevpce" => "/caller/sourceVpce",
        "aws:vpcsourceip" => "/caller/vpcSourceIp",
        "sts:rolesessionname" => "/call/roleSessionName",
        "sts:roleauthorizedbyidp" | "aws:resourceaccount" => "/call/roleArn",
        "aws:resourceorgid" => "/organization/id",
        "aws:resourceorgpaths" => "/organization/paths",
        _ => return None,
    })
}

/// Reads one field of the caller's context.
type Field = fn(&Caller) -> Option<&str>;

/// `true` or `false`, as IAM compares booleans.
fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// The string elements of a claim that is a string or an array of strings.
fn strings_of(v: &serde_json::Value) -> impl Iterator<Item = &str> {
    let items: &[serde_json::Value] = match v {
        serde_json::Value::Array(items) => items,
        one => std::slice::from_ref(one),
    };
    items.iter().filter_map(serde_json::Value::as_str)
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
        let ctx = Context::new(p, &c, &CallContext::default(), ContextOptions::default());
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
            &CallContext::default(),
            ContextOptions {
                provider_claims: false,
            },
        );
        assert_eq!(old.lookup(&format!("{p}:repository")), Lookup::NotSupplied);
    }

    #[test]
    fn azp_wins_for_aud_and_numbers_become_text() {
        let c = claims(&serde_json::json!({"aud": ["x", "y"], "azp": "z", "runner_id": 7}));
        let ctx = Context::new(
            "gitlab.com",
            &c,
            &CallContext::default(),
            ContextOptions::default(),
        );
        assert!(matches!(ctx.lookup("gitlab.com:aud"), Lookup::Present([z]) if z == "z"));
        assert!(
            matches!(ctx.lookup("gitlab.com:oaud"), Lookup::Present([x, y]) if x == "x" && y == "y")
        );
        let c = claims(&serde_json::json!({"project_id": 20}));
        let ctx = Context::new(
            "gitlab.com",
            &c,
            &CallContext::default(),
            ContextOptions::default(),
        );
        assert!(matches!(ctx.lookup("gitlab.com:project_id"), Lookup::Present([n]) if n == "20"));
    }
}
