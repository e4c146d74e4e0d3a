//! Google Cloud workload identity federation: a token exchanged at Google's Security Token
//! Service through a workload identity pool provider, then used to impersonate a service
//! account (or to access a resource) through an IAM binding.
//!
//! - [`provider`]: the pool provider as `gcloud ... providers describe --format=json`
//!   prints it, its mapping and condition parsed as CEL ([`cel`]).
//! - [`iam`]: the IAM policy or binding, and the `principal://` / `principalSet://`
//!   members.
//! - [`sts`]: the stages in Google's order, each refusal with Google's error.
//! - [`lint`]: findings about the configuration; [`generate`]: the least-privilege
//!   condition and binding for a token.

pub mod cel;
pub mod generate;
pub mod iam;
pub mod lint;
pub mod provider;
pub mod request;
pub mod sts;
