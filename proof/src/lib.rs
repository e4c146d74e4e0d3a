//! Evidence for oidc-trust's fidelity, kept out of the shipped crates:
//!
//! - `seeds`: the fuzz targets' seed corpus, from the shared vectors and the CLI fixtures.
#![forbid(unsafe_code)]

pub mod seeds;
