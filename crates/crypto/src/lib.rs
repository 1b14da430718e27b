//! quietline-crypto
