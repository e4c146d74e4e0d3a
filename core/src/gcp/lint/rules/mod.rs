//! One file per rule; each has a `check` over the [`super::Scope`].

pub(super) mod claim_type_mismatch;
pub(super) mod missing_attribute_condition;
pub(super) mod name_based_attribute_condition;
pub(super) mod pool_wide_principal_set;
pub(super) mod principal_project_id;
pub(super) mod unbounded_google_subject;
pub(super) mod unscoped_attribute_condition;
