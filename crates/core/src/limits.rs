//! Limits on everything a reporter can send, and on the one large thing an investigator can
//! send (a site registry to import). All are configurable (see docs/operators.md); the
//! defaults are the ones the issue tracker and docs state.

/// Bounds on the size of a report and its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest single attached file, in bytes (default 200 MiB).
    pub max_file_bytes: u64,
    /// Largest total of all files of one submission or reply, in bytes (default 1 GiB).
    pub max_report_bytes: u64,
    /// Most files in one submission or reply.
    pub max_files: usize,
    /// Longest narrative, in characters (default 50 000).
    pub max_narrative_chars: usize,
    /// Longest short answer (a name, a phone, a city), in characters.
    pub max_short_chars: usize,
    /// Longest descriptive answer (a person's description, other details), in characters.
    pub max_long_chars: usize,
    /// Most people described in one report.
    pub max_people: usize,
    /// Most organisations named in one report.
    pub max_organisations: usize,
    /// Longest message a reporter or investigator can send, in characters.
    pub max_message_chars: usize,
    /// Largest site registry (CSV or GeoJSON) an investigator can import in one request,
    /// uploaded or pasted, in bytes (default 16 MiB). It is read into memory, never to disk.
    pub max_import_bytes: u64,
}

impl Limits {
    /// Bytes of form text accepted in one request beyond the files: enough for every field
    /// at its limit in 4-byte UTF-8, and no more.
    pub fn max_text_bytes(&self) -> u64 {
        let short_fields = 40 + self.max_people * 8 + self.max_organisations * 2;
        let chars = self.max_narrative_chars
            + self.max_message_chars
            + short_fields * self.max_short_chars
            + (4 + self.max_people + self.max_organisations) * self.max_long_chars;
        (chars as u64) * 4 + 64 * 1024
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 200 * 1024 * 1024,
            max_report_bytes: 1024 * 1024 * 1024,
            max_files: 50,
            max_narrative_chars: 50_000,
            max_short_chars: 500,
            max_long_chars: 5_000,
            max_people: 20,
            max_organisations: 20,
            max_message_chars: 20_000,
            max_import_bytes: 16 * 1024 * 1024,
        }
    }
}
