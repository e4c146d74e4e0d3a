#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod context;
pub mod diagnostic;
pub mod eval;
pub mod generate;
pub mod hints;
pub mod json;
pub mod jwt;
pub mod lint;
pub mod pattern;
pub mod policy;
pub mod providers;
pub mod time;

pub use api::{Analysis, ProviderConfig, Request, analyze, analyze_json};
pub use diagnostic::{Diagnostic, Severity};
pub use eval::{Decision, evaluate};
pub use generate::{
    GenerateRequest, GenerateResult, ModuleInputs, generate_policy, render_module_policy,
};
pub use hints::{HINTS, Hint};
pub use jwt::{Claims, Token, decode};
pub use lint::{Lint, lint_policy, lints};
pub use policy::{TrustPolicy, parse_policy};
