//! The grammar of generated cases: a trust policy and the request it is checked against,
//! drawn by proptest and rendered as the JSON interface's request.
//!
//! A case is a [`Plan`]: the request's side (the [`World`]: issuer, claims, caller, role,
//! organization, call parameters, clock) and the policy's statements. Condition values are
//! not drawn on their own but as a [`Shape`] relative to the value the request gives the key
//! (the value itself, one character off, its case flipped, a wildcard over part of it, a
//! policy variable, an escape, the next IP network, one second later...), so every
//! condition lands on both sides of its boundary, and a shrunk case keeps its relation to
//! the request. Everything is small integers and short strings, so proptest's shrinking
//! walks a failing case towards the first operator, the first key, the value itself and
//! fewer statements.
//!
//! Covered: every element (`Version`, `Id`, `Sid`, `Effect`, `Principal` with `Federated`,
//! `AWS` and `*`, `Action` and `NotAction` with wildcards and case, `Condition`), every
//! condition operator of every family with `IfExists` and the `ForAnyValue:` /
//! `ForAllValues:` qualifiers, `Null`, multi-valued keys (`amr`, `aws:TagKeys`,
//! `aws:ResourceOrgPaths`, an `aud` array), policy variables with defaults and the `${*}`,
//! `${?}`, `${$}` escapes under each `Version`, several statements, `Allow` and `Deny`, seven
//! issuers (GitHub, GitLab.com, Buildkite, EKS, a generic issuer, and the built-in Google
//! and Cognito) with other providers in the account, and the call's global keys (source IP
//! or VPC endpoint, region, TLS, time, tags, session name, organization).

use std::fmt::Write as _;

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// The evaluation time cases are drawn around.
pub const NOW: i64 = 1_790_000_000;
/// The role's account.
pub const ACCOUNT: &str = "123456789012";
/// The role the call assumes.
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/ci";

/// Which operators compare which kind of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `String*`.
    String,
    /// `Numeric*`.
    Numeric,
    /// `Date*`.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `Arn*`.
    Arn,
    /// `Null`.
    Null,
}

/// A condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    /// Its name, as the policy spells it.
    pub name: &'static str,
    /// What it compares.
    pub family: Family,
    /// Whether it is a negated operator (`StringNotEquals`, `NotIpAddress`...).
    pub negated: bool,
}

const fn op(name: &'static str, family: Family, negated: bool) -> Operator {
    Operator {
        name,
        family,
        negated,
    }
}

/// Every condition operator IAM has (IAM User Guide, "IAM JSON policy elements: Condition
/// operators"), `StringEquals` first (where shrinking goes).
pub const OPERATORS: [Operator; 27] = [
    op("StringEquals", Family::String, false),
    op("StringNotEquals", Family::String, true),
    op("StringEqualsIgnoreCase", Family::String, false),
    op("StringNotEqualsIgnoreCase", Family::String, true),
    op("StringLike", Family::String, false),
    op("StringNotLike", Family::String, true),
    op("NumericEquals", Family::Numeric, false),
    op("NumericNotEquals", Family::Numeric, true),
    op("NumericLessThan", Family::Numeric, false),
    op("NumericLessThanEquals", Family::Numeric, false),
    op("NumericGreaterThan", Family::Numeric, false),
    op("NumericGreaterThanEquals", Family::Numeric, false),
    op("DateEquals", Family::Date, false),
    op("DateNotEquals", Family::Date, true),
    op("DateLessThan", Family::Date, false),
    op("DateLessThanEquals", Family::Date, false),
    op("DateGreaterThan", Family::Date, false),
    op("DateGreaterThanEquals", Family::Date, false),
    op("Bool", Family::Bool, false),
    op("BinaryEquals", Family::Binary, false),
    op("IpAddress", Family::Ip, false),
    op("NotIpAddress", Family::Ip, true),
    op("ArnEquals", Family::Arn, false),
    op("ArnLike", Family::Arn, false),
    op("ArnNotEquals", Family::Arn, true),
    op("ArnNotLike", Family::Arn, true),
    op("Null", Family::Null, false),
];

/// An issuer the token can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issuer {
    /// The provider URL (the condition-key prefix), or a built-in provider's name.
    pub url: &'static str,
    /// Whether it is one of AWS's built-in providers (no IAM OIDC provider).
    pub built_in: bool,
    /// Claims AWS exposes as keys for this issuer beyond the generic ones, with the kind of
    /// value each holds.
    pub claims: &'static [(&'static str, Family)],
}

/// The issuers, GitHub first.
pub const ISSUERS: [Issuer; 7] = [
    Issuer {
        url: "token.actions.githubusercontent.com",
        built_in: false,
        claims: &[
            ("repository", Family::String),
            ("ref", Family::String),
            ("environment", Family::String),
            ("repository_owner_id", Family::Numeric),
        ],
    },
    Issuer {
        url: "gitlab.com",
        built_in: false,
        claims: &[
            ("project_id", Family::Numeric),
            ("namespace_id", Family::Numeric),
            ("ref_protected", Family::Bool),
            ("user_login", Family::String),
        ],
    },
    Issuer {
        url: "agent.buildkite.com",
        built_in: false,
        claims: &[
            ("organization_slug", Family::String),
            ("pipeline_slug", Family::String),
            ("build_branch", Family::String),
            ("cluster_id", Family::String),
        ],
    },
    Issuer {
        url: "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        built_in: false,
        claims: &[],
    },
    Issuer {
        url: "oidc.example.com/tenant-1",
        built_in: false,
        claims: &[],
    },
    Issuer {
        url: "accounts.google.com",
        built_in: true,
        claims: &[],
    },
    Issuer {
        url: "cognito-identity.amazonaws.com",
        built_in: true,
        claims: &[],
    },
];

impl Issuer {
    /// The ARN (or, built in, the name) a `Federated` principal names it by.
    pub fn principal(&self) -> String {
        if self.built_in {
            self.url.to_owned()
        } else {
            format!("arn:aws:iam::{ACCOUNT}:oidc-provider/{}", self.url)
        }
    }

    /// The generic keys AWS supplies for it (its own set for a built-in provider).
    fn generic(&self) -> &'static [&'static str] {
        match self.url {
            "accounts.google.com" => &["aud", "oaud", "sub"],
            "cognito-identity.amazonaws.com" => &["aud", "sub", "amr"],
            _ => &["aud", "oaud", "sub", "amr", "email"],
        }
    }
}

/// How the token is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenForm {
    /// `claims`, an object.
    ClaimsObject,
    /// `token`, the claims as JSON text.
    ClaimsText,
    /// `token`, an unsigned compact JWS (`alg` RS256, a dummy signature).
    Jws,
}

/// Where the call comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Network {
    /// Over the internet, from this address (`aws:SourceIp`).
    Internet(String),
    /// Through an STS VPC endpoint, from this private address (`aws:VpcSourceIp`).
    Vpc(String),
    /// Not said (so `aws:SourceIp` is unknown: its conditions are undecided).
    Unknown,
}

/// The request's side of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    /// Index into [`ISSUERS`].
    pub issuer: usize,
    /// The account's other IAM OIDC providers (indexes into [`ISSUERS`]).
    pub others: Vec<usize>,
    /// `sub`.
    pub sub: Option<String>,
    /// `aud`: one value, or an array when `aud_array`.
    pub aud: Vec<String>,
    /// Whether `aud` is written as an array.
    pub aud_array: bool,
    /// `azp`, which AWS reads as the `aud` key when present.
    pub azp: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `amr` (multi-valued).
    pub amr: Option<Vec<String>>,
    /// The issuer's own claims ([`Issuer::claims`], in order).
    pub extra: Vec<Option<String>>,
    /// Whether numbers and booleans are written as JSON numbers and booleans.
    pub typed: bool,
    /// Session tags (`https://aws.amazon.com/tags`).
    pub session_tags: Option<Vec<(String, String)>>,
    /// Where the call comes from.
    pub network: Network,
    /// `caller.region`.
    pub region: Option<String>,
    /// `caller.secureTransport`.
    pub secure: Option<bool>,
    /// `role.tags`.
    pub role_tags: Option<Vec<(String, String)>>,
    /// `call.roleSessionName`.
    pub session_name: Option<String>,
    /// The organization's id and paths.
    pub org: Option<(String, Vec<String>)>,
    /// Seconds after [`NOW`].
    pub clock: i64,
    /// How the token is given.
    pub form: TokenForm,
}

/// A condition value, relative to the value the request gives the key: `form` picks what
/// is done to it (0 is the value itself), `a` and `b` say where and which, `text` is a
/// literal where one is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// What is done to the request's value.
    pub form: u8,
    /// A position or an amount.
    pub a: u16,
    /// Another choice.
    pub b: u16,
    /// A literal.
    pub text: String,
}

/// One condition: an operator (index into [`OPERATORS`]) with its qualifier, on one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// Index into [`OPERATORS`].
    pub op: usize,
    /// 0: none, 1: `ForAnyValue:`, 2: `ForAllValues:`.
    pub qualifier: u8,
    /// `...IfExists`.
    pub if_exists: bool,
    /// Which key: an index into the keys of the operator's family when `fit`, into every
    /// key otherwise.
    pub key: usize,
    /// Whether to pick a key of the operator's family.
    pub fit: bool,
    /// The key's name in another case (key names are case-insensitive).
    pub key_case: bool,
    /// The values.
    pub values: Vec<Shape>,
    /// Whether one value is written as a one-element array.
    pub array: bool,
}

/// One statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `Deny` (else `Allow`).
    pub deny: bool,
    /// Which principal (see [`principal`]).
    pub principal: u8,
    /// Which action (see [`action`]).
    pub action: u8,
    /// Whether it has a `Sid`.
    pub sid: bool,
    /// Its conditions.
    pub conditions: Vec<Condition>,
}

/// A whole case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The request's side.
    pub world: World,
    /// 0: `2012-10-17`, 1: `2008-10-17`, 2: no `Version`.
    pub version: u8,
    /// Whether one statement is written as an object rather than a list.
    pub single: bool,
    /// The statements.
    pub statements: Vec<Statement>,
}

// ---------------------------------------------------------------------------------------
// Strategies.

/// Strings made of the pieces subjects, refs and names are made of (with the characters
/// IAM's matching treats specially, and some that are not ASCII).
pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "repo:",
            "acme",
            "/",
            "app",
            ":ref:",
            "refs/heads/",
            "main",
            "refs/tags/",
            "v1.2",
            ":environment:",
            "prod",
            ":pull_request",
            "-",
            "_",
            ".",
            "A",
            "b",
            "7",
            "é",
            "Ü",
            "*",
            "?",
            "$",
            "{",
            "}",
            "\\",
            " ",
            "[",
            "42",
        ]),
        1..7,
    )
    .prop_map(|v| v.concat())
}

fn digits() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (0u32..100_000).prop_map(|n| n.to_string()),
        1 => Just("0".to_owned()),
        1 => prop::sample::select(vec!["-3", "1.5", "007", "abc", ""]).prop_map(str::to_owned),
    ]
}

fn ipv4() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u8..4, 0u8..=255).prop_map(|(c, d)| format!("203.0.113.{}", (u16::from(c) * 60 + u16::from(d)) % 256)),
        2 => (0u8..=255, 0u8..=255).prop_map(|(c, d)| format!("10.0.{c}.{d}")),
        1 => Just("2001:db8::7".to_owned()),
        1 => Just("not-an-ip".to_owned()),
    ]
}

/// Role or session tags: keys in either case, but never two that differ only in case, which
/// AWS does not allow on one role or one session (IAM User Guide, `id_tags`: tag keys are
/// case-insensitive in IAM, "you can't create a tag key named `CostCenter` and another
/// named `costcenter`"; `id_session-tags`: the same for session tags). A world with both was
/// a disagreement with iam-simulate that no real request can reach.
fn tags() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["team", "env", "Team"]).prop_map(str::to_owned),
            text(),
        ),
        0..3,
    )
    .prop_map(|mut tags| {
        let mut seen: Vec<String> = Vec::new();
        tags.retain(|(k, _)| {
            let lower = k.to_ascii_lowercase();
            let fresh = !seen.contains(&lower);
            seen.push(lower);
            fresh
        });
        tags
    })
}

fn world() -> impl Strategy<Value = World> {
    let claims = (
        prop_oneof![4 => Just(0usize), 6 => 0usize..ISSUERS.len()],
        prop::collection::vec(0usize..ISSUERS.len(), 0..3),
        prop::option::weighted(0.97, text()),
        prop::collection::vec(
            prop_oneof![3 => Just("sts.amazonaws.com".to_owned()), 1 => text()],
            1..3,
        ),
        any::<bool>(),
        prop::option::weighted(0.1, text()),
        prop::option::weighted(0.5, text()),
        prop::option::weighted(
            0.4,
            prop::collection::vec(
                prop::sample::select(vec![
                    "authenticated",
                    "unauthenticated",
                    "graph.facebook.com",
                    "mfa",
                ])
                .prop_map(str::to_owned),
                0..3,
            ),
        ),
        prop::collection::vec(
            prop::option::weighted(0.85, prop_oneof![text(), digits(), Just("true".to_owned())]),
            4,
        ),
        any::<bool>(),
    );
    let call = (
        prop::option::weighted(0.25, tags()),
        prop_oneof![
            8 => ipv4().prop_map(Network::Internet),
            1 => ipv4().prop_map(Network::Vpc),
            1 => Just(Network::Unknown),
        ],
        prop::option::weighted(
            0.5,
            prop::sample::select(vec!["us-east-1", "eu-west-1", "US-EAST-1"])
                .prop_map(str::to_owned),
        ),
        prop::option::of(any::<bool>()),
        prop::option::weighted(0.85, tags()),
        // Mostly names STS takes (2 to 64 of `[\w+=,.@-]`), so the case reaches the trust
        // policy; sometimes any text, which STS refuses at the call.
        prop::option::weighted(
            0.85,
            prop_oneof![
                6 => "[A-Za-z0-9+=,.@_-]{2,20}",
                1 => Just("ci-run-1".to_owned()),
                1 => text(),
            ],
        ),
        prop::option::weighted(
            0.5,
            (
                Just("o-a1b2c3d4e5".to_owned()),
                prop::collection::vec(
                    Just("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/".to_owned()),
                    1..3,
                ),
            ),
        ),
        prop_oneof![8 => Just(0i64), 2 => -400i64..400],
        prop::sample::select(vec![
            TokenForm::ClaimsObject,
            TokenForm::ClaimsText,
            TokenForm::Jws,
        ]),
    );
    (claims, call).prop_map(
        |(
            (issuer, others, sub, aud, aud_array, azp, email, amr, extra, typed),
            (session_tags, network, region, secure, role_tags, session_name, org, clock, form),
        )| World {
            issuer,
            others,
            sub,
            aud,
            aud_array,
            azp,
            email,
            amr,
            extra,
            typed,
            session_tags,
            network,
            region,
            secure,
            role_tags,
            session_name,
            org,
            clock,
            form,
        },
    )
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        prop_oneof![4 => Just(0u8), 12 => 0u8..16],
        any::<u16>(),
        any::<u16>(),
        prop_oneof![2 => Just(String::new()), 3 => text()],
    )
        .prop_map(|(form, a, b, text)| Shape { form, a, b, text })
}

fn condition() -> impl Strategy<Value = Condition> {
    (
        0usize..OPERATORS.len(),
        prop_oneof![6 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        prop::bool::weighted(0.2),
        0usize..64,
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.1),
        prop::collection::vec(shape(), 1..4),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(op, qualifier, if_exists, key, fit, key_case, values, array)| Condition {
                op,
                qualifier,
                if_exists,
                key,
                fit,
                key_case,
                values,
                array,
            },
        )
}

fn statement() -> impl Strategy<Value = Statement> {
    (
        prop::bool::weighted(0.25),
        prop_oneof![12 => Just(0u8), 4 => 0u8..6],
        prop_oneof![12 => Just(0u8), 4 => 0u8..10],
        any::<bool>(),
        prop::collection::vec(condition(), 0..4),
    )
        .prop_map(|(deny, principal, action, sid, conditions)| Statement {
            deny,
            principal,
            action,
            sid,
            conditions,
        })
}

/// A whole case.
pub fn plan() -> impl Strategy<Value = Plan> {
    (
        world(),
        prop_oneof![17 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)],
        prop::bool::weighted(0.2),
        prop::collection::vec(statement(), 1..5),
    )
        .prop_map(|(world, version, single, statements)| Plan {
            world,
            version,
            single,
            statements,
        })
}

/// A statement alone, for tests that add one to a case.
pub fn extra_statement() -> impl Strategy<Value = Statement> {
    statement()
}

// ---------------------------------------------------------------------------------------
// Rendering.

/// A condition key of the world, with the family of value it holds and its values.
#[derive(Debug, Clone)]
pub struct Key {
    /// The name as AWS spells it.
    pub name: String,
    /// What kind of value it holds.
    pub family: Family,
    /// The values the request gives it (`None`: absent or unknown).
    pub values: Option<Vec<String>>,
}

impl World {
    /// The issuer.
    pub fn issuer(&self) -> &'static Issuer {
        ISSUERS.get(self.issuer).unwrap_or(&ISSUERS[0])
    }

    /// The evaluation time.
    pub fn now(&self) -> i64 {
        NOW + self.clock
    }

    /// The value of one of the issuer's own claims.
    fn extra_claim(&self, i: usize) -> Option<&str> {
        self.extra.get(i).and_then(Option::as_deref)
    }

    /// Every key a condition can name, in a fixed order: the token's (with one the token
    /// has but AWS does not expose, and another issuer's), then the call's.
    pub fn keys(&self) -> Vec<Key> {
        let issuer = self.issuer();
        let p = issuer.url;
        let one = |v: Option<&str>| v.map(|s| vec![s.to_owned()]);
        let mut keys = Vec::with_capacity(40);
        let mut push = |name: String, family: Family, values: Option<Vec<String>>| {
            keys.push(Key {
                name,
                family,
                values,
            });
        };
        for claim in issuer.generic() {
            let values = match *claim {
                "sub" => one(self.sub.as_deref()),
                "aud" => self
                    .azp
                    .as_ref()
                    .map(|a| vec![a.clone()])
                    .or_else(|| Some(self.aud.clone())),
                "oaud" => Some(self.aud.clone()),
                "email" => one(self.email.as_deref()),
                "amr" => self.amr.clone(),
                _ => None,
            };
            push(format!("{p}:{claim}"), Family::String, values);
        }
        for (i, (claim, family)) in issuer.claims.iter().enumerate() {
            push(format!("{p}:{claim}"), *family, one(self.extra_claim(i)));
        }
        push(format!("{p}:run_id"), Family::String, None);
        push("gitlab.com:sub".to_owned(), Family::String, None);
        let now = self.now();
        push(
            "aws:CurrentTime".to_owned(),
            Family::Date,
            Some(vec![oidc_trust::time::iso(now)]),
        );
        push(
            "aws:EpochTime".to_owned(),
            Family::Date,
            Some(vec![now.to_string()]),
        );
        push(
            "aws:EpochTime".to_owned(),
            Family::Numeric,
            Some(vec![now.to_string()]),
        );
        let ip = match &self.network {
            Network::Internet(ip) => Some(vec![ip.clone()]),
            _ => None,
        };
        push("aws:SourceIp".to_owned(), Family::Ip, ip);
        let vpc = match &self.network {
            Network::Vpc(ip) => Some(vec![ip.clone()]),
            _ => None,
        };
        push("aws:VpcSourceIp".to_owned(), Family::Ip, vpc.clone());
        push(
            "aws:SourceVpc".to_owned(),
            Family::String,
            vpc.as_ref().map(|_| vec!["vpc-1a2b3c4d".to_owned()]),
        );
        push(
            "aws:SourceVpcArn".to_owned(),
            Family::Arn,
            vpc.map(|_| vec![format!("arn:aws:ec2:us-east-1:{ACCOUNT}:vpc/vpc-1a2b3c4d")]),
        );
        push(
            "aws:SecureTransport".to_owned(),
            Family::Bool,
            Some(vec![self.secure.unwrap_or(true).to_string()]),
        );
        push(
            "aws:RequestedRegion".to_owned(),
            Family::String,
            Some(vec![
                self.region
                    .clone()
                    .unwrap_or_else(|| "us-east-1".to_owned()),
            ]),
        );
        push(
            "aws:FederatedProvider".to_owned(),
            Family::Arn,
            Some(vec![issuer.principal()]),
        );
        push(
            "aws:ResourceAccount".to_owned(),
            Family::String,
            Some(vec![ACCOUNT.to_owned()]),
        );
        let role_tag = |name: &str| {
            self.role_tags.as_ref().and_then(|t| {
                // Condition key names, the tag key in them included, are case-insensitive.
                t.iter()
                    .rev()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| vec![v.clone()])
            })
        };
        push(
            "aws:ResourceTag/team".to_owned(),
            Family::String,
            role_tag("team"),
        );
        push(
            "sts:RoleSessionName".to_owned(),
            Family::String,
            self.session_name.clone().map(|s| vec![s]),
        );
        let tag_keys = self
            .session_tags
            .as_ref()
            .map(|t| t.iter().map(|(k, _)| k.clone()).collect());
        push("aws:TagKeys".to_owned(), Family::String, tag_keys);
        let request_tag = self.session_tags.as_ref().and_then(|t| {
            t.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("team"))
                .map(|(_, v)| vec![v.clone()])
        });
        push(
            "aws:RequestTag/team".to_owned(),
            Family::String,
            request_tag,
        );
        push(
            "aws:ResourceOrgID".to_owned(),
            Family::String,
            self.org.as_ref().map(|(id, _)| vec![id.clone()]),
        );
        push(
            "aws:ResourceOrgPaths".to_owned(),
            Family::String,
            self.org.as_ref().map(|(_, p)| p.clone()),
        );
        push(
            "sts:RoleAuthorizedByIdp".to_owned(),
            Family::Bool,
            Some(vec!["false".to_owned()]),
        );
        push("aws:PrincipalTag/team".to_owned(), Family::String, None);
        push("aws:MadeUpKey".to_owned(), Family::String, None);
        keys
    }

    /// The claims, as the token carries them.
    pub fn claims(&self) -> Value {
        let issuer = self.issuer();
        let mut c = Map::new();
        let iss = if issuer.url == "accounts.google.com" {
            "accounts.google.com".to_owned()
        } else {
            format!("https://{}", issuer.url)
        };
        c.insert("iss".into(), Value::String(iss));
        if let Some(sub) = &self.sub {
            c.insert("sub".into(), Value::String(sub.clone()));
        }
        let aud = match (self.aud_array, self.aud.as_slice()) {
            (false, [one, ..]) => Value::String(one.clone()),
            (_, all) => Value::Array(all.iter().cloned().map(Value::String).collect()),
        };
        c.insert("aud".into(), aud);
        if let Some(azp) = &self.azp {
            c.insert("azp".into(), Value::String(azp.clone()));
        }
        if let Some(email) = &self.email {
            c.insert("email".into(), Value::String(email.clone()));
        }
        if let Some(amr) = &self.amr {
            c.insert(
                "amr".into(),
                Value::Array(amr.iter().cloned().map(Value::String).collect()),
            );
        }
        for (i, (claim, family)) in issuer.claims.iter().enumerate() {
            let Some(v) = self.extra_claim(i) else {
                continue;
            };
            let typed = match (self.typed, family) {
                (true, Family::Numeric) => v.parse::<i64>().ok().map(Value::from),
                (true, Family::Bool) => v.parse::<bool>().ok().map(Value::Bool),
                _ => None,
            };
            c.insert(
                (*claim).to_owned(),
                typed.unwrap_or_else(|| Value::String(v.to_owned())),
            );
        }
        c.insert("run_id".into(), Value::String("1234".into()));
        if let Some(tags) = &self.session_tags {
            let principal: Map<String, Value> =
                tags.iter().map(|(k, v)| (k.clone(), json!([v]))).collect();
            c.insert(
                oidc_trust::aws::context::TAGS_CLAIM.into(),
                json!({"principal_tags": principal}),
            );
        }
        let now = self.now();
        c.insert("iat".into(), Value::from(now - 60));
        c.insert("exp".into(), Value::from(now + 600));
        Value::Object(c)
    }

    /// The account's IAM OIDC providers: the token's (unless built in), with its audience
    /// on the client-id list, and the others.
    pub fn providers(&self) -> Value {
        let mut out = Vec::new();
        let issuer = self.issuer();
        if !issuer.built_in {
            let client = self.azp.clone().or_else(|| self.aud.first().cloned());
            out.push(json!({"url": format!("https://{}", issuer.url), "clientIds": client.into_iter().collect::<Vec<_>>()}));
        }
        for &o in &self.others {
            let other = ISSUERS.get(o).unwrap_or(&ISSUERS[0]);
            if o != self.issuer && !other.built_in {
                out.push(json!({"url": other.url, "clientIds": ["sts.amazonaws.com"]}));
            }
        }
        Value::Array(out)
    }
}

/// Flips the case of ASCII letters.
fn flip_case(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// `s` with its characters from `at` (clamped) replaced by `with`, `len` of them.
fn splice(s: &str, at: usize, len: usize, with: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = if chars.is_empty() {
        0
    } else {
        at % (chars.len() + 1)
    };
    let end = (at + len).min(chars.len());
    let mut out: String = chars.iter().take(at).collect();
    out.push_str(with);
    out.extend(chars.iter().skip(end));
    out
}

/// A character unlike `c`.
fn other_char(c: Option<char>, b: u16) -> char {
    const POOL: [char; 6] = ['x', 'Z', '0', '/', ':', 'é'];
    let pick = POOL
        .get(usize::from(b) % POOL.len())
        .copied()
        .unwrap_or('x');
    if Some(pick) == c { 'q' } else { pick }
}

/// The policy values of one condition.
struct Render<'a> {
    keys: &'a [Key],
    key: &'a Key,
}

impl Render<'_> {
    /// The request's value to start from: one of the key's values, or (absent) the text.
    fn base(&self, shape: &Shape) -> String {
        match &self.key.values {
            Some(v) if !v.is_empty() => v
                .get(usize::from(shape.b) % v.len())
                .cloned()
                .unwrap_or_default(),
            _ => shape.text.clone(),
        }
    }

    /// Another key's name, for a policy variable.
    fn variable(&self, pick: u16) -> &str {
        if pick.is_multiple_of(3) {
            return &self.key.name;
        }
        self.keys
            .get(usize::from(pick) % self.keys.len().max(1))
            .map_or("aws:username", |k| k.name.as_str())
    }

    fn value(&self, family: Family, shape: &Shape) -> Value {
        let s = match family {
            Family::String => self.string(shape),
            Family::Numeric => return self.numeric(shape),
            Family::Date => self.date(shape),
            Family::Bool => return self.boolean(shape),
            Family::Binary => self.binary(shape),
            Family::Ip => self.ip(shape),
            Family::Arn => self.arn(shape),
            Family::Null => return null_value(shape),
        };
        Value::String(s)
    }

    fn string(&self, shape: &Shape) -> String {
        let base = self.base(shape);
        let (a, b) = (usize::from(shape.a), shape.b);
        let at = |s: &str| s.chars().nth(a % (s.chars().count().max(1)));
        match shape.form {
            1 => splice(&base, a, 1, &other_char(at(&base), b).to_string()),
            2 => splice(&base, a, 0, &other_char(None, b).to_string()),
            3 => splice(&base, a, 1, ""),
            4 => flip_case(&base),
            5 => splice(&base, a, usize::from(b % 4), "*"),
            6 => splice(&base, a, 1, "?"),
            7 => format!(
                "{}*",
                base.chars().take(a % (base.len() + 1)).collect::<String>()
            ),
            8 => format!("${{{}}}", self.variable(b)),
            9 => splice(
                &base,
                a,
                usize::from(b % 8),
                &format!("${{{}}}", self.variable(b / 3)),
            ),
            10 => format!(
                "${{{}, '{}'}}",
                self.variable(b),
                shape.text.replace('\'', "")
            ),
            11 => {
                let esc = ["${*}", "${?}", "${$}"]
                    .get(usize::from(b % 3))
                    .copied()
                    .unwrap_or("${*}");
                splice(&base, a, usize::from(b / 3 % 2), esc)
            }
            12 => shape.text.clone(),
            13 => String::new(),
            14 => format!(
                "*{}",
                base.chars().skip(a % (base.len() + 1)).collect::<String>()
            ),
            15 => "*".to_owned(),
            _ => base,
        }
    }

    fn numeric(&self, shape: &Shape) -> Value {
        let base = self.base(shape);
        let n: i64 = base.trim().parse().unwrap_or(0);
        let s = match shape.form {
            1 => (n + 1).to_string(),
            2 => (n - 1).to_string(),
            3 => format!("{n}.0"),
            4 => format!("0{n}"),
            5 => format!("{}", -n),
            6 => return Value::from(n),
            7 => format!("{n}.5"),
            8 => format!("${{{}}}", self.variable(shape.b)),
            9 | 12 => shape.text.clone(),
            10 => format!(" {n}"),
            11 => "1e3".to_owned(),
            _ => base,
        };
        Value::String(s)
    }

    fn date(&self, shape: &Shape) -> String {
        let base = self.base(shape);
        let t = oidc_trust::time::parse(&base).unwrap_or(NOW);
        let delta = i64::from(shape.a % 4000) - 2000;
        let iso = oidc_trust::time::iso;
        match shape.form {
            1 => iso(t + 1),
            2 => iso(t - 1),
            3 => t.to_string(),
            4 => (t + delta).to_string(),
            5 => iso(t).get(..10).unwrap_or_default().to_owned(),
            6 => {
                let local = iso(t + 3600);
                format!("{}+01:00", local.trim_end_matches('Z'))
            }
            7 => format!("{}.5Z", iso(t).trim_end_matches('Z')),
            8 => iso(t + delta * 60),
            9 => shape.text.clone(),
            10 => format!("${{{}}}", self.variable(shape.b)),
            11 => iso(t).replace('T', " "),
            _ => base,
        }
    }

    fn boolean(&self, shape: &Shape) -> Value {
        match shape.form {
            1 => Value::String("true".into()),
            2 => Value::String("false".into()),
            3 => Value::String("True".into()),
            4 => Value::String("FALSE".into()),
            5 => Value::Bool(true),
            6 => Value::Bool(false),
            7 => Value::String(shape.text.clone()),
            8 => Value::String(format!("${{{}}}", self.variable(shape.b))),
            _ => Value::String(self.base(shape)),
        }
    }

    fn binary(&self, shape: &Shape) -> String {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let base = self.base(shape);
        match shape.form {
            1 => b64.encode(splice(&base, usize::from(shape.a), 1, "x")),
            2 => base,
            3 => b64.encode(&base).trim_end_matches('=').to_owned(),
            4 => shape.text.clone(),
            5 => base64::engine::general_purpose::URL_SAFE.encode(&base),
            _ => b64.encode(&base),
        }
    }

    fn ip(&self, shape: &Shape) -> String {
        let base = self.base(shape);
        let v4: Option<Vec<u8>> = base.split('.').map(|p| p.parse().ok()).collect();
        let octets = v4.filter(|o| o.len() == 4);
        let octet = |i: usize| octets.as_ref().and_then(|o| o.get(i).copied()).unwrap_or(7);
        let net = |bits: u32| format!("{}/{bits}", mask(octets.as_deref(), bits));
        match shape.form {
            1 => format!("{base}/32"),
            2 => net(24),
            3 => net(16),
            4 => format!(
                "{}.{}.{}.0/24",
                octet(0),
                octet(1),
                octet(2).wrapping_add(1)
            ),
            5 => "0.0.0.0/0".to_owned(),
            6 => "::/0".to_owned(),
            7 => "2001:db8::/32".to_owned(),
            8 => format!("{base}/33"),
            9 => shape.text.clone(),
            10 => format!(
                "{}.{}.{}.{}",
                octet(0),
                octet(1),
                octet(2),
                octet(3).wrapping_add(1)
            ),
            11 => net(u32::from(shape.a % 33)),
            _ => base,
        }
    }

    fn arn(&self, shape: &Shape) -> String {
        let base = self.base(shape);
        let parts: Vec<&str> = base.splitn(6, ':').collect();
        let with_part = |i: usize, f: &dyn Fn(&str) -> String| -> String {
            parts
                .iter()
                .enumerate()
                .map(|(j, p)| if j == i { f(p) } else { (*p).to_owned() })
                .collect::<Vec<_>>()
                .join(":")
        };
        let i = usize::from(shape.a) % 6;
        match shape.form {
            1 => with_part(i, &|_| "*".to_owned()),
            2 => with_part(i, &flip_case),
            3 => "arn:aws:iam::*:oidc-provider/*".to_owned(),
            4 => splice(
                &base,
                usize::from(shape.a),
                1,
                &other_char(None, shape.b).to_string(),
            ),
            5 => splice(&base, usize::from(shape.a), 1, "?"),
            6 => with_part(5, &|p| {
                format!("{}*", p.chars().take(3).collect::<String>())
            }),
            7 => shape.text.clone(),
            8 => base.replace(ACCOUNT, "210987654321"),
            9 => format!("${{{}}}", self.variable(shape.b)),
            10 => with_part(i, &|_| String::new()),
            _ => base,
        }
    }
}

fn null_value(shape: &Shape) -> Value {
    match shape.form % 5 {
        1 => Value::String("false".into()),
        2 => Value::Bool(true),
        3 => Value::Bool(false),
        4 => Value::String("TRUE".into()),
        _ => Value::String("true".into()),
    }
}

/// The network of an IPv4 address, `bits` long, as text (`10.0.3.0`).
fn mask(octets: Option<&[u8]>, bits: u32) -> String {
    let Some(address) = octets.and_then(|o| <[u8; 4]>::try_from(o).ok()) else {
        return "203.0.113.0".to_owned();
    };
    let keep = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits.min(32))
    };
    std::net::Ipv4Addr::from(u32::from_be_bytes(address) & keep).to_string()
}

/// The principal of a statement: 0 the token's provider, 1 a list with another, 2 another
/// provider only, 3 `"*"`, 4 `{"Federated": "*"}`, 5 an account (not a web identity).
fn principal(world: &World, which: u8) -> Value {
    let ours = world.issuer().principal();
    let other = world
        .others
        .iter()
        .filter_map(|o| ISSUERS.get(*o))
        .find(|i| i.url != world.issuer().url)
        .unwrap_or(&ISSUERS[4])
        .principal();
    match which {
        1 => json!({"Federated": [other, ours]}),
        2 => json!({"Federated": other}),
        3 => json!("*"),
        4 => json!({"Federated": "*"}),
        5 => json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
        _ => json!({"Federated": ours}),
    }
}

/// The action element of a statement (name, value).
fn action(which: u8) -> (&'static str, Value) {
    match which {
        1 => (
            "Action",
            json!(["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]),
        ),
        2 => ("Action", json!("sts:AssumeRoleWith*")),
        3 => ("Action", json!("sts:*")),
        4 => ("Action", json!("sts:AssumeRoleWithWebIdentit?")),
        5 => ("Action", json!("STS:assumerolewithwebidentity")),
        6 => ("Action", json!("sts:AssumeRole")),
        7 => ("NotAction", json!("sts:AssumeRole")),
        8 => ("NotAction", json!("sts:AssumeRoleWithWebIdentity")),
        9 => ("Action", json!("*")),
        _ => ("Action", json!("sts:AssumeRoleWithWebIdentity")),
    }
}

impl Condition {
    /// The operator.
    pub fn operator(&self) -> &'static Operator {
        OPERATORS.get(self.op).unwrap_or(&OPERATORS[0])
    }

    /// The operator as the policy spells it, with its qualifier and `IfExists`.
    pub fn operator_name(&self) -> String {
        let op = self.operator();
        let mut name = String::new();
        match self.qualifier {
            1 => name.push_str("ForAnyValue:"),
            2 => name.push_str("ForAllValues:"),
            _ => {}
        }
        name.push_str(op.name);
        if self.if_exists && op.family != Family::Null {
            name.push_str("IfExists");
        }
        name
    }

    /// The key this condition names among `keys`.
    pub fn key<'k>(&self, keys: &'k [Key]) -> Option<&'k Key> {
        let family = self.operator().family;
        let fitting: Vec<&Key> = keys
            .iter()
            .filter(|k| {
                !self.fit
                    || matches!(family, Family::String | Family::Binary | Family::Null)
                    || k.family == family
            })
            .collect();
        let pool = if fitting.is_empty() {
            keys.iter().collect()
        } else {
            fitting
        };
        pool.get(self.key % pool.len().max(1)).copied()
    }
}

impl Plan {
    /// The trust policy.
    pub fn policy(&self) -> Value {
        let keys = self.world.keys();
        let statements: Vec<Value> = self
            .statements
            .iter()
            .enumerate()
            .map(|(i, s)| self.statement(&keys, i, s))
            .collect();
        let mut p = Map::new();
        match self.version {
            1 => {
                p.insert("Version".into(), json!("2008-10-17"));
            }
            2 => {}
            _ => {
                p.insert("Version".into(), json!("2012-10-17"));
            }
        }
        let body = match (self.single, statements.as_slice()) {
            (true, [one]) => one.clone(),
            _ => Value::Array(statements),
        };
        p.insert("Statement".into(), body);
        Value::Object(p)
    }

    fn statement(&self, keys: &[Key], index: usize, s: &Statement) -> Value {
        let mut m = Map::new();
        if s.sid {
            m.insert("Sid".into(), Value::String(format!("S{index}")));
        }
        m.insert(
            "Effect".into(),
            json!(if s.deny { "Deny" } else { "Allow" }),
        );
        m.insert("Principal".into(), principal(&self.world, s.principal));
        let (name, value) = action(s.action);
        m.insert(name.into(), value);
        if !s.conditions.is_empty() {
            let mut block: Map<String, Value> = Map::new();
            for c in &s.conditions {
                let Some(key) = c.key(keys) else { continue };
                let Some(value) = self.rendered(keys, c) else {
                    continue;
                };
                let name = if c.key_case {
                    flip_case(&key.name)
                } else {
                    key.name.clone()
                };
                let entry = block
                    .entry(c.operator_name())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(keys) = entry {
                    keys.insert(name, value);
                }
            }
            m.insert("Condition".into(), Value::Object(block));
        }
        Value::Object(m)
    }

    /// The values of a condition as the policy writes them (one value, or an array).
    pub fn rendered(&self, keys: &[Key], c: &Condition) -> Option<Value> {
        let key = c.key(keys)?;
        let render = Render { keys, key };
        let family = c.operator().family;
        let values: Vec<Value> = c.values.iter().map(|v| render.value(family, v)).collect();
        Some(match values.as_slice() {
            [one] if !c.array => one.clone(),
            _ => Value::Array(values),
        })
    }

    /// The request of the JSON interface: the token, the policy, the providers, the call.
    pub fn request(&self) -> Value {
        let w = &self.world;
        let mut r = Map::new();
        let claims = w.claims();
        match w.form {
            TokenForm::ClaimsObject => {
                r.insert("claims".into(), claims);
            }
            TokenForm::ClaimsText => {
                r.insert("token".into(), Value::String(claims.to_string()));
            }
            TokenForm::Jws => {
                r.insert("token".into(), Value::String(jws(&claims)));
            }
        }
        r.insert("policy".into(), self.policy());
        r.insert("providers".into(), w.providers());
        r.insert("now".into(), Value::from(w.now()));
        let mut call = Map::new();
        call.insert("roleArn".into(), json!(ROLE_ARN));
        if let Some(name) = &w.session_name {
            call.insert("roleSessionName".into(), json!(name));
        }
        r.insert("call".into(), Value::Object(call));
        if let Some(tags) = &w.role_tags {
            let tags: Map<String, Value> = tags
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            r.insert("role".into(), json!({"tags": tags}));
        }
        let mut caller = Map::new();
        match &w.network {
            Network::Internet(ip) => {
                caller.insert("sourceIp".into(), json!(ip));
            }
            Network::Vpc(ip) => {
                caller.insert("vpcSourceIp".into(), json!(ip));
                caller.insert("sourceVpc".into(), json!("vpc-1a2b3c4d"));
                caller.insert(
                    "sourceVpcArn".into(),
                    json!(format!("arn:aws:ec2:us-east-1:{ACCOUNT}:vpc/vpc-1a2b3c4d")),
                );
                caller.insert("sourceVpce".into(), json!("vpce-0a1b2c3d"));
            }
            Network::Unknown => {}
        }
        if let Some(region) = &w.region {
            caller.insert("region".into(), json!(region));
        }
        if let Some(secure) = w.secure {
            caller.insert("secureTransport".into(), json!(secure));
        }
        if !caller.is_empty() {
            r.insert("caller".into(), Value::Object(caller));
        }
        if let Some((id, paths)) = &w.org {
            r.insert("organization".into(), json!({"id": id, "paths": paths}));
        }
        r.insert("lints".into(), json!(false));
        Value::Object(r)
    }

    /// The token as text (the claims as JSON text, or the compact JWS), for the entry
    /// points that take one.
    pub fn token_text(&self) -> String {
        let claims = self.world.claims();
        match self.world.form {
            TokenForm::Jws => jws(&claims),
            _ => claims.to_string(),
        }
    }

    /// Whether any condition uses an operator of `family`.
    pub fn uses(&self, pred: impl Fn(&Condition) -> bool) -> bool {
        self.statements
            .iter()
            .any(|s| s.conditions.iter().any(&pred))
    }
}

/// An unsigned compact JWS for these claims (`alg` RS256, a dummy signature).
pub fn jws(claims: &Value) -> String {
    let enc = oidc_trust::token::base64url_encode;
    let mut out = String::new();
    let _ = write!(
        out,
        "{}.{}.{}",
        enc(br#"{"alg":"RS256","typ":"JWT","kid":"proof"}"#),
        enc(claims.to_string().as_bytes()),
        enc(b"signature")
    );
    out
}
