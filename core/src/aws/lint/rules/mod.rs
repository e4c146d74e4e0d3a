//! One file per lint rule; each has a `check` over one statement's [`Scope`].
//!
//! [`Scope`]: super::common::Scope

pub(super) mod classic_github_subject;
pub(super) mod cognito_identity_pool_not_pinned;
pub(super) mod cognito_unauthenticated_identities;
pub(super) mod condition_key_issuer_mismatch;
pub(super) mod condition_key_not_supplied;
pub(super) mod empty_condition_values;
pub(super) mod for_all_values_single_valued_key;
pub(super) mod gitlab_subject_without_ref_type;
pub(super) mod if_exists_condition;
pub(super) mod if_exists_under_for_any_value;
pub(super) mod loose_audience_operator;
pub(super) mod mismatched_action_for_principal;
pub(super) mod missing_audience_condition;
pub(super) mod missing_subject_condition;
pub(super) mod mutable_gitlab_subject;
pub(super) mod negated_only_subject;
pub(super) mod per_run_subject;
pub(super) mod repository_wide_subject;
pub(super) mod string_like_without_wildcard;
pub(super) mod subject_format_mismatch;
pub(super) mod unscoped_shared_provider;
pub(super) mod unsupported_trust_policy_action;
pub(super) mod wildcard_principal;
pub(super) mod wildcard_subject;
pub(super) mod wildcard_without_like_operator;
