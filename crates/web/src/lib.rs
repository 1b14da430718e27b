//! quietline-web
