#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod context;
pub mod diagnostic;
pub mod eval;
pub mod json;
pub mod jwt;
pub mod lint;
pub mod pattern;
pub mod policy;
pub mod providers;

pub use api::{Analysis, ProviderConfig, Request, analyze, analyze_json};
pub use diagnostic::{Diagnostic, Severity};
pub use eval::{Decision, evaluate};
pub use jwt::{Claims, Token, decode};
pub use lint::{Lint, lint_policy, lints};
pub use policy::{TrustPolicy, parse_policy};
