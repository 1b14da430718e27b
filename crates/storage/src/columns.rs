//! What rows of several tables share: Argon2id parameters stored beside a derived key, and
//! turning stored codes back into types, by column name.

use quietline_core::{Day, ReportStatus};
use sqlx::FromRow;
use sqlx::any::AnyRow;

use crate::investigators::{InvestigatorRole, InvestigatorStatus};
use crate::messages::{AttachmentOrigin, Author};
use decode::column;

/// Argon2id parameters as stored beside a derived key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfColumns {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl FromRow<'_, AnyRow> for KdfColumns {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(KdfColumns {
            memory_kib: column(r, "kdf_memory_kib", decode::small)?,
            iterations: column(r, "kdf_iterations", decode::small)?,
            parallelism: column(r, "kdf_parallelism", decode::small)?,
        })
    }
}

pub(crate) mod decode {
    //! Turning stored codes back into types; anything unexpected is `Corrupt`. Rows are read
    //! by column name ([`column`] and `try_get("name")`), never by position: a SELECT whose
    //! columns are listed in another order still decodes the same row.

    use sqlx::Row;
    use sqlx::any::AnyRow;

    use super::*;
    use crate::StorageError;

    /// Column `name` of `row`, turned into a `T` by `convert` (one of the functions below).
    /// A value `convert` refuses is the column's decode error, carrying the `StorageError`
    /// (which `From<sqlx::Error>` gives back as it was).
    pub fn column<'r, S, T>(
        row: &'r AnyRow,
        name: &str,
        convert: impl FnOnce(S) -> Result<T, StorageError>,
    ) -> Result<T, sqlx::Error>
    where
        S: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        let stored: S = row.try_get(name)?;
        convert(stored).map_err(|e| sqlx::Error::ColumnDecode {
            index: name.to_owned(),
            source: Box::new(e),
        })
    }

    pub fn id<T: std::str::FromStr>(text: String) -> Result<T, StorageError> {
        text.parse().map_err(|_| StorageError::Corrupt("id"))
    }
    pub fn optional_id<T: std::str::FromStr>(
        text: Option<String>,
    ) -> Result<Option<T>, StorageError> {
        text.map(id).transpose()
    }
    pub fn status(code: String) -> Result<ReportStatus, StorageError> {
        ReportStatus::from_code(&code).ok_or(StorageError::Corrupt("report status"))
    }
    pub fn role(code: String) -> Result<InvestigatorRole, StorageError> {
        InvestigatorRole::from_code(&code).ok_or(StorageError::Corrupt("investigator role"))
    }
    pub fn investigator_status(code: String) -> Result<InvestigatorStatus, StorageError> {
        InvestigatorStatus::from_code(&code).ok_or(StorageError::Corrupt("investigator status"))
    }
    pub fn author(code: String) -> Result<Author, StorageError> {
        Author::from_code(&code).ok_or(StorageError::Corrupt("message author"))
    }
    pub fn origin(code: String) -> Result<AttachmentOrigin, StorageError> {
        AttachmentOrigin::from_code(&code).ok_or(StorageError::Corrupt("attachment origin"))
    }
    pub fn day(text: String) -> Result<Day, StorageError> {
        text.parse().map_err(|_| StorageError::Corrupt("day"))
    }
    pub fn optional_day(text: Option<String>) -> Result<Option<Day>, StorageError> {
        text.map(day).transpose()
    }
    pub fn unsigned(value: i64) -> Result<u64, StorageError> {
        u64::try_from(value).map_err(|_| StorageError::Corrupt("negative size"))
    }
    pub fn small(value: i64) -> Result<u32, StorageError> {
        u32::try_from(value).map_err(|_| StorageError::Corrupt("out-of-range number"))
    }
}
