//! quietline-core
