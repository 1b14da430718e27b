//! The storage error type.

/// What went wrong while storing or loading.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The database failed or refused a statement.
    #[error("database error")]
    Database(#[source] sqlx::Error),
    /// Applying migrations failed.
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A file operation failed.
    #[error("file storage error")]
    Io(#[from] std::io::Error),
    /// The receipt lookup id is taken by another report (the caller draws another).
    #[error("receipt lookup id already in use")]
    LookupTaken,
    /// The username is taken.
    #[error("username already in use")]
    UsernameTaken,
    /// Other writers kept appending to the audit trail first, attempt after attempt.
    #[error("the audit trail is busy; try again")]
    Contention,
    /// No such row.
    #[error("not found")]
    NotFound,
    /// The row changed since it was read: its version is no longer the one the write was
    /// made from (the caller reads it again).
    #[error("the row changed since it was read")]
    Stale,
    /// A stored value is not what this build writes (tampering or a bug).
    #[error("stored data is inconsistent: {0}")]
    Corrupt(&'static str),
    /// The database URL names a backend this build does not support.
    #[error("unsupported database URL (use sqlite:PATH or postgres://...)")]
    UnsupportedBackend,
}

impl From<sqlx::Error> for StorageError {
    /// A column that decoded but held a value this build does not write comes back as the
    /// `StorageError` its decoder gave (`Corrupt`); anything else is the database's error.
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::ColumnDecode { index, source } => {
                match source.downcast::<StorageError>() {
                    Ok(storage) => *storage,
                    Err(source) => Self::Database(sqlx::Error::ColumnDecode { index, source }),
                }
            }
            other => Self::Database(other),
        }
    }
}
