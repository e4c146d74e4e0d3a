//! AWS: STS `AssumeRoleWithWebIdentity` with IAM OIDC providers and role trust policies.
//!
//! From the bottom up: [`policy`] reads a trust policy, [`context`] builds the request's
//! condition keys, [`eval`] decides as IAM does, [`sts`] runs the call's stages in AWS's
//! order, [`lint`] grades a policy and [`generate`] writes one.

pub mod arn;
pub mod context;
pub mod eval;
pub mod generate;
pub mod lint;
pub mod policy;
pub mod request;
pub mod sts;
