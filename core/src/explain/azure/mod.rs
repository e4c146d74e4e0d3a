//! Entra ID explanations.
