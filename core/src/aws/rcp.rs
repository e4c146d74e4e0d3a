//! AWS Organizations resource control policies on `sts:AssumeRoleWithWebIdentity`.
//!
//! The rules (AWS Organizations UG, "Resource control policies" and "RCP evaluation"):
//! an RCP grants nothing; `RCPFullAWSAccess` is attached to the root, every OU and every
//! account and cannot be detached, so only a `Deny` changes anything; a `Deny` in any RCP
//! on the path from the root to the role's account refuses the call, even when the trust
//! policy allows it; RCPs do not affect the management account. The role is the resource
//! (`Resource` is matched against the call's `RoleArn`), and the request context is the
//! trust policy's: the token's provider keys, the call's keys and the role's resource keys.
//! With session tags the call also needs `sts:TagSession`, and with a source identity
//! `sts:SetSourceIdentity`; RCPs are evaluated for each (AWS's data-perimeter README keeps
//! both out of its RCPs "to prevent impact on `sts:AssumeRoleWithWebIdentity`").

use super::context::{Context, SOURCE_IDENTITY_CLAIM, TAGS_CLAIM};
use super::eval::{self, Decision, EvalRequest, PolicyEvaluation};
use super::policy::{ASSUME_ACTION, SET_SOURCE_IDENTITY_ACTION, TAG_SESSION_ACTION};
use super::policy::{ParsedPolicy, parse_rcp, text_of};
use super::request::Organization;
use crate::token::Claims;

/// An RCP, read.
#[derive(Debug, Clone)]
pub struct ReadRcp {
    /// Its name: the request's, or `RCP <n>`.
    pub name: String,
    /// The policy and the reader's findings (each tagged with the RCP's index).
    pub parsed: ParsedPolicy,
}

/// Reads the organization's RCPs.
pub fn read(organization: Option<&Organization>) -> Vec<ReadRcp> {
    organization
        .map(|o| o.rcps.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, rcp)| {
            let mut parsed = parse_rcp(&text_of(&rcp.policy));
            for d in &mut parsed.diagnostics {
                d.document = Some(i);
            }
            ReadRcp {
                name: rcp.name.clone().unwrap_or_else(|| format!("RCP {}", i + 1)),
                parsed,
            }
        })
        .collect()
}

/// One RCP's evaluation for one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RcpRun {
    /// Which RCP (its index in the request's list).
    pub index: usize,
    /// The action evaluated.
    pub action: &'static str,
    /// The evaluation; `Allow` stands for "no statement denies" (`RCPFullAWSAccess`).
    pub evaluation: PolicyEvaluation,
}

impl RcpRun {
    /// Whether this RCP refuses the action.
    pub fn denies(&self) -> bool {
        self.evaluation.decision == Decision::ExplicitDeny
    }
}

/// The actions RCPs are asked about: the assume, then `sts:TagSession` with session tags
/// and `sts:SetSourceIdentity` with a source identity.
pub fn actions(claims: &Claims) -> Vec<&'static str> {
    let mut out = vec![ASSUME_ACTION];
    if claims.get(TAGS_CLAIM).is_some() {
        out.push(TAG_SESSION_ACTION);
    }
    if claims.get(SOURCE_IDENTITY_CLAIM).is_some() {
        out.push(SET_SOURCE_IDENTITY_ACTION);
    }
    out
}

/// Evaluates every RCP that can be read for each action, in the role `role_arn` (unknown:
/// a statement whose `Resource` is not `*` is undecided).
pub fn evaluate(
    rcps: &[ReadRcp],
    actions: &[&'static str],
    context: &Context,
    principal: &str,
    role_arn: Option<&str>,
) -> Vec<RcpRun> {
    let mut out = Vec::new();
    for &action in actions {
        for (index, rcp) in rcps.iter().enumerate() {
            let Some(policy) = &rcp.parsed.policy else {
                continue;
            };
            let mut evaluation = eval::evaluate(
                policy,
                &EvalRequest {
                    context,
                    action,
                    principal,
                    resource: role_arn,
                },
            );
            // No statement denies: `RCPFullAWSAccess` lets the call through.
            if evaluation.decision == Decision::ImplicitDeny {
                evaluation.decision = Decision::Allow;
            }
            out.push(RcpRun {
                index,
                action,
                evaluation,
            });
        }
    }
    out
}
