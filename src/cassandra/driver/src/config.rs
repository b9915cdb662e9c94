use scylla::statement::Consistency;

use crate::error::StoreError;

/// How the keyspace is replicated: `simple:<rf>` or `network:<dc>=<rf>,<dc>=<rf>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replication {
    Simple(u32),
    Network(Vec<(String, u32)>),
}

impl Replication {
    pub fn parse(text: &str) -> Result<Replication, StoreError> {
        let invalid = || {
            StoreError::invalid(format!(
                "replication '{text}' is neither simple:<factor> nor network:<dc>=<factor>,..."
            ))
        };
        let (class, rest) = text.split_once(':').ok_or_else(invalid)?;
        match class {
            "simple" => rest.parse::<u32>().ok().filter(|f| *f > 0).map(Replication::Simple).ok_or_else(invalid),
            "network" => {
                let mut dcs = Vec::new();
                for part in rest.split(',') {
                    let (dc, factor) = part.split_once('=').ok_or_else(invalid)?;
                    let factor = factor.parse::<u32>().ok().filter(|f| *f > 0).ok_or_else(invalid)?;
                    if dc.is_empty() || !dc.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                        return Err(invalid());
                    }
                    dcs.push((dc.to_string(), factor));
                }
                Ok(Replication::Network(dcs))
            }
            _ => Err(invalid()),
        }
    }

    /// The CQL replication map.
    pub fn to_cql(&self) -> String {
        match self {
            Replication::Simple(factor) => {
                format!("{{'class': 'SimpleStrategy', 'replication_factor': {factor}}}")
            }
            Replication::Network(dcs) => {
                let entries: Vec<String> = dcs.iter().map(|(dc, f)| format!(", '{dc}': {f}")).collect();
                format!("{{'class': 'NetworkTopologyStrategy'{}}}", entries.concat())
            }
        }
    }
}

pub fn parse_consistency(text: &str) -> Result<Consistency, StoreError> {
    Ok(match text.to_ascii_uppercase().as_str() {
        "ANY" => Consistency::Any,
        "ONE" => Consistency::One,
        "TWO" => Consistency::Two,
        "THREE" => Consistency::Three,
        "QUORUM" => Consistency::Quorum,
        "ALL" => Consistency::All,
        "LOCAL_QUORUM" => Consistency::LocalQuorum,
        "EACH_QUORUM" => Consistency::EachQuorum,
        "LOCAL_ONE" => Consistency::LocalOne,
        _ => return Err(StoreError::invalid(format!("unknown consistency level '{text}'"))),
    })
}

#[derive(Clone)]
pub struct StoreConfig {
    /// host[:port], comma separated; the port defaults to 9042.
    pub contact_points: Vec<String>,
    pub keyspace: String,
    pub replication: Replication,
    pub consistency: Consistency,
    pub request_timeout_ms: u32,
    /// Batches written at the same time.
    pub max_in_flight: usize,
    /// A user of PasswordAuthenticator, and its password.
    pub credentials: Option<(String, String)>,
    /// TLS, with these CA certificates (None: the system's).
    pub tls: Option<Option<String>>,
}

/// Everything but the password.
impl std::fmt::Debug for StoreConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreConfig")
            .field("contact_points", &self.contact_points)
            .field("keyspace", &self.keyspace)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

impl StoreConfig {
    pub fn contact_points(text: &str) -> Vec<String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| if s.contains(':') { s.to_string() } else { format!("{s}:9042") })
            .collect()
    }

    pub fn validate_keyspace(name: &str) -> Result<(), StoreError> {
        let ok = !name.is_empty()
            && name.len() <= 48
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ok {
            Ok(())
        } else {
            Err(StoreError::invalid(format!("'{name}' is not a valid keyspace name")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_replication() {
        assert_eq!(Replication::parse("simple:1").unwrap(), Replication::Simple(1));
        assert_eq!(
            Replication::parse("network:dc1=3,dc-2=2").unwrap(),
            Replication::Network(vec![("dc1".into(), 3), ("dc-2".into(), 2)])
        );
        for bad in ["", "simple", "simple:0", "simple:x", "ring:1", "network:dc1", "network:=3", "network:dc'1=3"] {
            assert!(Replication::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes_replication_maps() {
        assert_eq!(Replication::Simple(1).to_cql(), "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assert_eq!(
            Replication::Network(vec![("dc1".into(), 3), ("dc2".into(), 2)]).to_cql(),
            "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}"
        );
    }

    #[test]
    fn parses_consistency_levels() {
        assert_eq!(parse_consistency("local_quorum").unwrap(), Consistency::LocalQuorum);
        assert_eq!(parse_consistency("ONE").unwrap(), Consistency::One);
        assert!(parse_consistency("MOST").is_err());
    }

    #[test]
    fn adds_the_default_port() {
        assert_eq!(StoreConfig::contact_points("a, b:9999,"), vec!["a:9042", "b:9999"]);
    }

    #[test]
    fn validates_keyspace_names() {
        assert!(StoreConfig::validate_keyspace("mobilecs").is_ok());
        assert!(StoreConfig::validate_keyspace("t_123").is_ok());
        for bad in ["", "1abc", "a-b", "a;drop", &"x".repeat(49)] {
            assert!(StoreConfig::validate_keyspace(bad).is_err(), "{bad}");
        }
    }
}
