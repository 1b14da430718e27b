//! Cross-referencing engine (issue 4): placeholder, being written.
