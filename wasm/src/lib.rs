//! WebAssembly exports of oidc-trust (the npm package). See the README.
