#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod aws;
pub mod codes;
pub mod diagnostic;
pub mod explain;
pub mod json;
pub mod matching;
pub mod paste;
pub mod providers;
pub mod testing;
pub mod time;
pub mod token;
pub mod tokens;

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
