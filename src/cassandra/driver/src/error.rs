use std::fmt;

use scylla::errors::{
    ConnectionError, ConnectionPoolError, ConnectionSetupRequestErrorKind, DbError, ExecutionError, MetadataError,
    NewSessionError, PrepareError, RequestAttemptError,
};

use crate::config::StoreConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request was wrong: trying again will not help.
    Invalid = 1,
    /// Cassandra could not be reached or did not answer in time: try again later.
    Unavailable = 2,
    /// Anything else Cassandra refused.
    Failed = 3,
    /// A bug on our side (a panic caught at the boundary).
    Internal = 4,
}

#[derive(Debug, Clone)]
pub struct StoreError {
    pub kind: ErrorKind,
    pub message: String,
}

impl StoreError {
    pub fn invalid(message: impl Into<String>) -> StoreError {
        StoreError { kind: ErrorKind::Invalid, message: message.into() }
    }
    pub fn unavailable(message: impl Into<String>) -> StoreError {
        StoreError { kind: ErrorKind::Unavailable, message: message.into() }
    }
    pub fn retryable(&self) -> bool {
        self.kind == ErrorKind::Unavailable
    }

    pub fn from_execution(doing: &str, error: &ExecutionError) -> StoreError {
        let kind = if execution_error_is_retryable(error) { ErrorKind::Unavailable } else { ErrorKind::Failed };
        StoreError { kind, message: format!("{doing}: {error}") }
    }
    pub fn from_prepare(doing: &str, error: &PrepareError) -> StoreError {
        StoreError { kind: ErrorKind::Unavailable, message: format!("{doing}: {error}") }
    }
    /// Credentials or TLS the server refuses are a configuration to fix, not an outage to wait
    /// out: not retryable, and said as such. Neither the password nor the key appears.
    pub fn from_new_session(contact_points: &[String], error: &NewSessionError, config: &StoreConfig) -> StoreError {
        let at = contact_points.join(",");
        match setup_failure(error) {
            Some(SetupFailure::BadCredentials) => StoreError::invalid(format!(
                "Cassandra at {at} refused the credentials of user '{}': check the user and the \
                 password (CASSANDRA_PASSWORD or --cassandra-password-file)",
                config.credentials.as_ref().map(|(user, _)| user.as_str()).unwrap_or("")
            )),
            Some(SetupFailure::NeedsCredentials) => StoreError::invalid(format!(
                "Cassandra at {at} asks for a user and password: give --cassandra-username and \
                 CASSANDRA_PASSWORD (or --cassandra-password-file)"
            )),
            Some(SetupFailure::Tls(reason)) => StoreError::invalid(format!(
                "TLS with Cassandra at {at} failed: {reason} (is --cassandra-tls-ca-file the CA \
                 that signed the servers' certificates, and do they name the nodes' IP addresses?)"
            )),
            None => StoreError::unavailable(format!("cannot connect to Cassandra at {at}: {error}")),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

enum SetupFailure {
    BadCredentials,
    NeedsCredentials,
    Tls(String),
}

/// Why no connection could be set up, when it is the configuration's fault.
fn setup_failure(error: &NewSessionError) -> Option<SetupFailure> {
    let NewSessionError::MetadataError(MetadataError::ConnectionPoolError(ConnectionPoolError::Broken {
        last_connection_error,
    })) = error
    else {
        return None;
    };
    match last_connection_error {
        ConnectionError::ConnectionSetupRequestError(setup) => match setup.get_error() {
            // "Unable to perform authentication" is Cassandra not ready to check (system_auth
            // unavailable at start): an outage to wait out, not a wrong password.
            ConnectionSetupRequestErrorKind::DbError(DbError::AuthenticationError, message)
                if !message.contains("Unable to perform authentication") =>
            {
                Some(SetupFailure::BadCredentials)
            }
            ConnectionSetupRequestErrorKind::MissingAuthentication => Some(SetupFailure::NeedsCredentials),
            _ => None,
        },
        ConnectionError::IoError(io) => {
            let text = io.to_string();
            if text.contains("certificate verify failed") || text.contains("wrong version number") {
                Some(SetupFailure::Tls(text))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether repeating the request may succeed: connection trouble, timeouts and overload do;
/// a request Cassandra understood and rejected does not.
pub fn execution_error_is_retryable(error: &ExecutionError) -> bool {
    match error {
        ExecutionError::BadQuery(_) => false,
        ExecutionError::LastAttemptError(RequestAttemptError::DbError(db, _)) => db_error_is_retryable(db),
        _ => true,
    }
}

pub fn db_error_is_retryable(error: &DbError) -> bool {
    !matches!(
        error,
        DbError::SyntaxError
            | DbError::Invalid
            | DbError::AlreadyExists { .. }
            | DbError::FunctionFailure { .. }
            | DbError::AuthenticationError
            | DbError::Unauthorized
            | DbError::ConfigError
            | DbError::ProtocolError
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_database_errors_are_retryable() {
        assert!(db_error_is_retryable(&DbError::Overloaded));
        assert!(db_error_is_retryable(&DbError::IsBootstrapping));
        assert!(db_error_is_retryable(&DbError::ServerError));
    }

    #[test]
    fn rejected_requests_are_not() {
        assert!(!db_error_is_retryable(&DbError::SyntaxError));
        assert!(!db_error_is_retryable(&DbError::Invalid));
        assert!(!db_error_is_retryable(&DbError::Unauthorized));
    }

    #[test]
    fn timeouts_and_lost_connections_are_retryable() {
        assert!(execution_error_is_retryable(&ExecutionError::RequestTimeout(std::time::Duration::from_secs(1))));
        assert!(execution_error_is_retryable(&ExecutionError::EmptyPlan));
    }
}
