//! Command-line arguments: parsed and validated here, without I/O. Every option that has an
//! environment variable says so in `--help`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "quietline",
    version,
    about = "Secure reporting line and investigation workbench"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create the data directory and record the organisation's recovery recipient.
    Init(InitArgs),
    /// Run the web server.
    Serve(ServeArgs),
    /// Add, list, disable or enable investigators.
    Investigator(InvestigatorArgs),
    /// List reports, decrypt one offline, or send its reporter a message.
    Report(ReportArgs),
    /// Cross-reference records: which name the same person or site.
    Xref(crate::xref::XrefArgs),
    /// Verify, sign, export or show the tamper-evident audit trail.
    Audit(AuditArgs),
    /// Check or vouch for the public keys stored in the database.
    Keys(KeysArgs),
    /// Export a case as an evidence bundle for police or partners, or verify one offline.
    Evidence(EvidenceArgs),
    /// Make a consistent, encrypted backup while the server runs.
    Backup(BackupArgs),
    /// Restore a backup into an empty data directory (with the recovery identity).
    Restore(RestoreArgs),
    /// Purge the reports past their retention day now (the server does it daily).
    Purge(PurgeArgs),
}

#[derive(Args)]
pub struct PurgeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Months a report is kept after its last activity (as the server's `--retention-months`).
    #[arg(long, env = "QUIETLINE_RETENTION_MONTHS", default_value_t = 24)]
    pub retention_months: u32,
    /// Only list the reports that would be purged (and those a legal hold keeps).
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args)]
pub struct EvidenceArgs {
    #[command(subcommand)]
    pub action: EvidenceAction,
}

#[derive(Subcommand)]
pub enum EvidenceAction {
    /// Write a case's evidence bundle: the reports whose reporters agreed to share them with
    /// this audience, their originals, manifest, custody record and (with --tsa-url) a
    /// time-stamp, sealed with age to the receiving agency (docs/evidence.md).
    Export {
        #[command(flatten)]
        data: DataArgs,
        /// The organisation's recovery identity file (AGE-SECRET-KEY-1...): it opens the case
        /// and its reports.
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// The case's id.
        #[arg(long, value_name = "ID")]
        case: String,
        /// Who receives it: `police` or `partners` (only reports whose reporter agreed).
        #[arg(long = "for", value_name = "AUDIENCE")]
        audience: String,
        /// The receiving agency's age recipient (age1...).
        #[arg(long, value_name = "RECIPIENT")]
        to: String,
        /// The bundle to write (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Add a referral's cover letter, in `en` or `fr`.
        #[arg(long, value_name = "LANG")]
        letter: Option<String>,
        /// An RFC 3161 time-stamping authority (http://...) to time-stamp the manifest.
        #[arg(long, value_name = "URL", env = "QUIETLINE_TSA_URL")]
        tsa_url: Option<String>,
    },
    /// Check a bundle offline (no data directory needed): every original against the
    /// manifest and the commitments made when it arrived, the custody record against its
    /// signed tree head, and the time-stamp against the manifest. Names the first thing that
    /// fails (exit status 1).
    Verify {
        /// The identity the bundle was sealed to (AGE-SECRET-KEY-1...).
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// The instance's audit public key (64 hex digits, from `quietline audit public-key`,
        /// as the organisation published it or handed it over apart from the bundle). Without
        /// it the check says the key was only read from the bundle itself.
        #[arg(long, value_name = "HEX")]
        audit_key: Option<String>,
        /// The bundle.
        bundle: PathBuf,
    },
}

#[derive(Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub action: KeysAction,
}

#[derive(Subcommand)]
pub enum KeysAction {
    /// Check every stored public key's tag (exit status 1 if one fails); with the recovery
    /// identity, also check that the recovery recipient, the workspace key and every report
    /// key are what the recovery key opens.
    Verify {
        #[command(flatten)]
        data: DataArgs,
        /// The recovery identity file (AGE-SECRET-KEY-1...), for the stronger check.
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
    },
    /// Tag every stored key, message and audit entry that has no tag (rows of before tags
    /// existed, if the upgrade was interrupted). You vouch for them: check the database
    /// first (`keys verify --identity`).
    Vouch {
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The backup file to create (an age file, encrypted to the recovery recipient).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The empty data directory to restore into (created if missing).
    #[arg(long = "data", env = "QUIETLINE_DATA", value_name = "DIR")]
    pub dir: PathBuf,
    /// An empty PostgreSQL database to restore a PostgreSQL backup into.
    #[arg(
        long,
        env = "QUIETLINE_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// The backup file.
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// The recovery identity file (AGE-SECRET-KEY-1...) the backup is encrypted to.
    #[arg(long, value_name = "FILE")]
    pub identity: PathBuf,
}

/// Where the data is: shared by every command that opens an instance.
#[derive(Args, Clone)]
pub struct DataArgs {
    /// Data directory (database, encrypted reports, secrets).
    #[arg(
        long = "data",
        env = "QUIETLINE_DATA",
        default_value = "quietline-data",
        value_name = "DIR"
    )]
    pub dir: PathBuf,
    /// Use this database instead of the embedded SQLite file (postgres://user:pass@host/db).
    #[arg(
        long,
        env = "QUIETLINE_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Keep the pepper (mixed into every receipt and password derivation) in this file
    /// instead of DIR/secrets/pepper, for example on a separate volume.
    #[arg(long, env = "QUIETLINE_PEPPER_FILE", value_name = "FILE")]
    pub pepper_file: Option<PathBuf>,
}

#[derive(Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The organisation's recovery public key (age1...), made with `age-keygen` on an
    /// offline machine. Every report is decryptable with its secret half.
    #[arg(long, value_name = "age1...")]
    pub recovery_recipient: String,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Address to listen on. Put TLS or a Tor onion service in front (docs/operators.md).
    #[arg(long, env = "QUIETLINE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Largest attached file, in MiB.
    #[arg(long, env = "QUIETLINE_MAX_FILE_MIB", default_value_t = 200)]
    pub max_file_mib: u64,
    /// Largest total of the files of one report or reply, in MiB.
    #[arg(long, env = "QUIETLINE_MAX_REPORT_MIB", default_value_t = 1024)]
    pub max_report_mib: u64,
    /// Most files in one report or reply.
    #[arg(long, env = "QUIETLINE_MAX_FILES", default_value_t = 50)]
    pub max_files: usize,
    /// Largest site registry file an investigator can import (uploaded or pasted), in MiB.
    #[arg(long, env = "QUIETLINE_MAX_IMPORT_MIB", default_value_t = 16)]
    pub max_import_mib: u64,
    /// Argon2id memory for new receipts and passwords, in MiB.
    #[arg(long, env = "QUIETLINE_KDF_MEMORY_MIB", default_value_t = 64)]
    pub kdf_memory_mib: u32,
    /// Argon2id passes for new receipts and passwords.
    #[arg(long, env = "QUIETLINE_KDF_ITERATIONS", default_value_t = 3)]
    pub kdf_iterations: u32,
    /// Receipt checks allowed per minute, for all visitors together.
    #[arg(
        long,
        env = "QUIETLINE_RECEIPT_CHECKS_PER_MINUTE",
        default_value_t = 30
    )]
    pub receipt_checks_per_minute: u32,
    /// Receipt checks allowed in a burst.
    #[arg(long, env = "QUIETLINE_RECEIPT_CHECK_BURST", default_value_t = 10)]
    pub receipt_check_burst: u32,
    /// Investigator sign-ins (and password changes) allowed per minute, for all accounts
    /// together.
    #[arg(long, env = "QUIETLINE_SIGN_INS_PER_MINUTE", default_value_t = 30)]
    pub sign_ins_per_minute: u32,
    /// Sign-ins allowed in a burst.
    #[arg(long, env = "QUIETLINE_SIGN_IN_BURST", default_value_t = 10)]
    pub sign_in_burst: u32,
    /// Most requests of each kind (report, receipt check, sign-in) waiting for Argon2id;
    /// more are answered "busy, try again" at once.
    #[arg(long, env = "QUIETLINE_KDF_QUEUE", default_value_t = 32)]
    pub kdf_queue: usize,
    /// Seconds a connection may take to send a request's headers (from when it opens, or
    /// from its last response).
    #[arg(long, env = "QUIETLINE_HEADER_TIMEOUT_SECONDS", default_value_t = 20)]
    pub header_timeout_seconds: u64,
    /// Most connections open at once; more wait until one closes.
    #[arg(long, env = "QUIETLINE_MAX_CONNECTIONS", default_value_t = 512)]
    pub max_connections: usize,
    /// Most report or reply forms (with files) received at once; more are read without
    /// their files and shown again with "busy, try again".
    #[arg(long, env = "QUIETLINE_MAX_UPLOADS", default_value_t = 16)]
    pub max_uploads: usize,
    /// Slowest accepted upload, in bytes per second of waiting for the client (averaged over
    /// --upload-rate-window-seconds).
    #[arg(
        long,
        env = "QUIETLINE_MIN_UPLOAD_BYTES_PER_SECOND",
        default_value_t = 8192
    )]
    pub min_upload_bytes_per_second: u64,
    /// The window over which the upload rate is measured, in seconds.
    #[arg(
        long,
        env = "QUIETLINE_UPLOAD_RATE_WINDOW_SECONDS",
        default_value_t = 60
    )]
    pub upload_rate_window_seconds: u64,
    /// Most parts (fields and files) in one form.
    #[arg(long, env = "QUIETLINE_MAX_FORM_PARTS", default_value_t = 2000)]
    pub max_form_parts: usize,
    /// Seconds between heartbeats: a database write and checkpoint, then the day as the
    /// time of the data directory's files, so that none points at the last report.
    #[arg(long, env = "QUIETLINE_HEARTBEAT_SECONDS", default_value_t = 300)]
    pub heartbeat_seconds: u64,
    /// Months a report is kept after its last activity (a message either way, a change of
    /// status), unless postponed or held; then the daily purge destroys it.
    #[arg(long, env = "QUIETLINE_RETENTION_MONTHS", default_value_t = 24)]
    pub retention_months: u32,
    /// Minutes without a request after which a returning reporter's session ends.
    #[arg(long, env = "QUIETLINE_SESSION_IDLE_MINUTES", default_value_t = 20)]
    pub session_idle_minutes: u64,
    /// Mark cookies Secure (set this when HTTPS terminates in front of Quietline).
    #[arg(long, env = "QUIETLINE_COOKIE_SECURE")]
    pub cookie_secure: bool,
    /// Where the "Quick exit" link leads.
    #[arg(
        long,
        env = "QUIETLINE_QUICK_EXIT_URL",
        default_value = "https://www.wikipedia.org/"
    )]
    pub quick_exit_url: String,
    /// Languages not to offer reporters, by tag, comma-separated (for example `ug,bo` until
    /// a native speaker has reviewed them; `serve` prints each language's review status).
    /// English cannot be hidden.
    #[arg(
        long,
        env = "QUIETLINE_HIDE_LANGUAGES",
        value_delimiter = ',',
        value_name = "TAG,..."
    )]
    pub hide_languages: Vec<String>,
    /// Log format.
    #[arg(long, env = "QUIETLINE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct InvestigatorArgs {
    #[command(subcommand)]
    pub action: InvestigatorAction,
}

#[derive(Subcommand)]
pub enum InvestigatorAction {
    /// Add an investigator: a new age key pair, the secret wrapped under their password.
    /// The password is read from the terminal, or from standard input when it is not one.
    Add {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long)]
        username: String,
        /// Role (default: admin for the first investigator, investigator after).
        #[arg(long, value_enum)]
        role: Option<Role>,
    },
    /// List investigators (only NAME with --username).
    List {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long)]
        username: Option<String>,
    },
    /// Disable an investigator: no sign-in, no keys of new reports. With the recovery
    /// identity, also replace the workspace key without them (what is sealed from then on
    /// is not theirs, whatever copy they kept).
    Disable {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long)]
        username: String,
        /// The recovery identity file, to replace the workspace key.
        #[arg(long, value_name = "FILE")]
        identity: Option<std::path::PathBuf>,
    },
    /// Enable a disabled investigator again.
    Enable {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long)]
        username: String,
    },
    /// Give an investigator the workspace key and every report key, using the offline
    /// recovery identity (for the first grants, or reports no admin's key opens).
    Grant {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long)]
        username: String,
        /// The recovery identity file (AGE-SECRET-KEY-1...).
        #[arg(long, value_name = "FILE")]
        identity: std::path::PathBuf,
    },
    /// Print an investigator's age identity (after their password), for offline
    /// decryption with `quietline report decrypt` or `age -d -i`.
    ExportIdentity {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long)]
        username: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Role {
    Admin,
    Investigator,
}

#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub action: AuditCommand,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain and check every signed head; name the first broken
    /// entry (exit status 1) or summarise (exit status 0). Works on a copy of the data
    /// directory, too.
    Verify {
        #[command(flatten)]
        data: DataArgs,
        /// Verify heads against this public key (hex, from `quietline audit public-key`,
        /// kept away from the server) instead of the key in DIR/secrets.
        #[arg(long, env = "QUIETLINE_AUDIT_PUBLIC_KEY", value_name = "HEX")]
        public_key: Option<String>,
        /// Also check against the heads in FILE (written by `audit export-head`, kept off
        /// the server): the trail must still hold every one of them.
        #[arg(long, value_name = "FILE")]
        exported_heads: Option<PathBuf>,
    },
    /// Sign the current head and print it (one JSON line) for keeping off the server: run it
    /// from cron and append the output to a write-once place (docs/audit.md).
    ExportHead {
        #[command(flatten)]
        data: DataArgs,
        /// Also ask this RFC 3161 time-stamping authority for a token over the head
        /// (http://...; tokens are signed, so plain HTTP is what TSAs serve).
        #[arg(long, env = "QUIETLINE_TSA_URL", value_name = "URL")]
        tsa_url: Option<String>,
    },
    /// Sign the current head now (recorded as an entry, which is the one signed).
    Sign {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Print the audit signing key's public half (hex), to publish or keep elsewhere.
    PublicKey {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Print the latest entries, newest first.
    Show {
        #[command(flatten)]
        data: DataArgs,
        /// How many entries.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Only entries before this one (to page back).
        #[arg(long, value_name = "SEQ")]
        before: Option<u64>,
    },
}

#[derive(Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub action: ReportAction,
}

#[derive(Subcommand)]
pub enum ReportAction {
    /// List reports (id, status, day received): metadata only.
    List {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Decrypt a report into a new folder, with the recovery identity or an
    /// investigator's identity file.
    Decrypt {
        #[command(flatten)]
        data: DataArgs,
        /// An age identity file (AGE-SECRET-KEY-1...).
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// Folder to create for the decrypted report (default: ./report-ID).
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The report's id.
        id: String,
    },
    /// Send the reporter a message (read from standard input); they read it with their receipt.
    Message {
        #[command(flatten)]
        data: DataArgs,
        /// An identity that opens the report (the recovery identity or an investigator's):
        /// the message's proof of origin is made with the report key.
        #[arg(long, value_name = "FILE")]
        identity: PathBuf,
        /// The report's id.
        id: String,
    },
}
