//! Microsoft Entra ID workload identity federation: federated identity credentials on an
//! app registration or a user-assigned managed identity, classic (`subject`) and flexible
//! (`claimsMatchingExpression`), against a CI token.
//!
//! From the bottom up: [`credential`] is the model and [`read`] its reader (every shape
//! `az`, Microsoft Graph and ARM print), [`expression`] the flexible credentials' language,
//! [`issuers`] what Entra ID knows about issuers, [`entra`] runs the exchange's stages in
//! Entra's order, [`lint`] grades credentials and [`generate`] writes one.

pub mod credential;
pub mod entra;
pub mod expression;
pub mod generate;
pub mod issuers;
pub mod lint;
pub mod read;
