//! HashiCorp Vault and OpenBao JWT auth: a `jwt` role of an auth mount (`auth/<mount>/role/
//! <name>`) and the mount's configuration, against a CI token, decided as `auth/<mount>/
//! login` decides it ([`login`]). Cargo feature `vault` (default).
//!
//! - [`role`]: the role and the configuration as data, read from `vault read -format=json`
//!   output with located findings;
//! - [`claims`]: token claims as Vault's Go code reads them (JSON pointers, numbers, the
//!   registered claims cap decodes case-insensitively);
//! - [`glob`]: Vault's glob, where only `*` is special;
//! - [`login`]: the stages, typed ([`login::Verdict`]);
//! - [`lint`]: one file per rule;
//! - [`generate`]: the least-privilege role for a token.

pub mod claims;
pub mod generate;
pub mod glob;
pub mod lint;
pub mod login;
pub mod role;
