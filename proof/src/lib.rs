//! Evidence for oidc-trust's fidelity, kept out of the shipped crates:
//!
//! - [`grammar`]: generated trust policies and the requests they are checked against
//!   (proptest strategies), rendered as the JSON interface's requests;
//! - [`differential`]: the same cases decided by the native library, the npm package and
//!   `@cloud-copilot/iam-simulate`, compared, disagreements shrunk;
//! - [`seeds`]: the fuzz targets' seed corpus, from the shared vectors and the CLI fixtures.
//!
//! The invariants the grammar drives natively are in `tests/invariants.rs` and
//! `tests/scan_prefilter.rs`.
#![forbid(unsafe_code)]

pub mod differential;
pub mod grammar;
pub mod seeds;
