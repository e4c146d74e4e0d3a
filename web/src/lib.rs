//! The oidc-trust playground (Yew). See the README.
