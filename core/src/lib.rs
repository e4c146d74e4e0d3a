#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod aws;
#[cfg(feature = "azure")]
pub mod azure;
pub mod codes;
pub mod diagnostic;
pub mod explain;
#[cfg(feature = "gcp")]
pub mod gcp;
pub mod json;
pub mod matching;
pub mod paste;
pub mod providers;
#[cfg(feature = "publishing")]
pub mod publishing;
pub mod testing;
pub mod time;
pub mod token;
pub mod tokens;
#[cfg(feature = "vault")]
pub mod vault;

pub use api::{Analysis, analyze, analyze_json};
pub use aws::generate::{
    GenerateRequest, GenerateResult, ModuleInputs, generate_policy, render_module_policy,
};
pub use aws::lint::{lint_policy, lints};
pub use aws::policy::{TrustPolicy, parse_policy};
pub use aws::request::{ProviderConfig, Request};
pub use diagnostic::{Diagnostic, Severity};
pub use explain::Hint;
pub use token::{Claims, Token, decode};
