//! quietline-service
