//! One file per rule.

pub(super) mod classic_github_subject;
pub(super) mod expression_claim_not_allowed;
pub(super) mod expression_without_immutable_id;
pub(super) mod issuer_url_variant;
pub(super) mod mutable_gitlab_subject;
pub(super) mod non_exchange_audience;
pub(super) mod repository_wide_subject;
pub(super) mod wildcard_subject;
