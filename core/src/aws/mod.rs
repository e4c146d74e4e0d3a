//! AWS: STS `AssumeRoleWithWebIdentity` with IAM OIDC providers, AWS's built-in providers,
//! role trust policies and the organization's resource control policies.
//!
//! From the bottom up: [`policy`] reads a trust policy or an RCP, [`context`] builds the
//! request's condition keys, [`eval`] decides as IAM does, [`call`] checks the call's
//! parameters, [`rcp`] evaluates the RCPs, [`sts`] runs the call's stages in AWS's order,
//! [`lint`] grades a policy and [`generate`] writes one.

pub mod arn;
pub mod call;
pub mod context;
pub mod eval;
pub mod generate;
pub mod lint;
pub mod policy;
pub mod rcp;
pub mod request;
pub mod sts;
