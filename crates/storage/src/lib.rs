//! quietline-storage
