//! Cross-referencing engine (issue 4). Being written.
pub(crate) mod address;
pub(crate) mod city;
pub(crate) mod ident;
pub(crate) mod name;
pub(crate) mod phone;
pub(crate) mod text;
