//! The statuses a report moves through. Stored in clear: they are operational metadata.

use serde::{Deserialize, Serialize};

/// Where a report stands. The reporter sees a translated form of it when they return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Received, not yet looked at.
    New,
    /// An investigator is working on it.
    InReview,
    /// Investigators asked the reporter something and wait for an answer.
    WaitingForReporter,
    /// Passed on to police or a partner organisation (within the reporter's consents).
    Referred,
    /// Work on it has ended.
    Closed,
    /// Judged not to be a genuine report.
    Spam,
}

impl ReportStatus {
    /// Every status, in workflow order.
    pub const ALL: [ReportStatus; 6] = [
        Self::New,
        Self::InReview,
        Self::WaitingForReporter,
        Self::Referred,
        Self::Closed,
        Self::Spam,
    ];

    /// The stable code stored in the database and used in translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InReview => "in_review",
            Self::WaitingForReporter => "waiting_for_reporter",
            Self::Referred => "referred",
            Self::Closed => "closed",
            Self::Spam => "spam",
        }
    }

    /// The status with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What a returning reporter is told. A report marked spam is shown as closed: telling
    /// a fabricated-report campaign which of its reports were caught would help it.
    pub fn as_seen_by_reporter(self) -> Self {
        match self {
            Self::Spam => Self::Closed,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(ReportStatus::from_code("deleted"), None);
    }

    #[test]
    fn reporter_never_sees_spam() {
        assert_eq!(
            ReportStatus::Spam.as_seen_by_reporter(),
            ReportStatus::Closed
        );
        assert_eq!(
            ReportStatus::InReview.as_seen_by_reporter(),
            ReportStatus::InReview
        );
    }
}
