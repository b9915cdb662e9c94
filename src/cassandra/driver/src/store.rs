use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use openssl::ssl::{SslConnector, SslMethod, SslVersion};
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::X509;
use scylla::client::session::OpenSsl010Config;
use scylla::client::session_builder::SessionBuilder;
use scylla::policies::speculative_execution::SimpleSpeculativeExecutionPolicy;
use scylla::response::{PagingState, PagingStateResponse};
use scylla::statement::batch::{Batch, BatchType};
use scylla::statement::prepared::PreparedStatement;
use scylla::value::CqlTimestamp;
use uuid::Uuid;

use crate::config::StoreConfig;
use crate::error::StoreError;
use crate::partition::{batches_by_partition, DataRecord, PartitionKey};

/// Rows per unlogged batch: small enough to stay under Cassandra's batch size warning.
const MAX_ROWS_PER_BATCH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub id: Uuid,
    pub msisdn: String,
    pub signed_at: String,
    pub service_start_at: String,
    pub billing_period_time_zone: String,
    pub max_bytes_in_billing_period: i64,
    /// The agreement's own usage policy as JSON (docs/formats.md §5), None when it has none.
    pub usage_policy: Option<String>,
}

/// The data-record table of docs/formats.md §4 and our agreement table, with prepared statements.
pub struct Store {
    session: Session,
    config: StoreConfig,
    insert_record: PreparedStatement,
    select_partition: PreparedStatement,
    upsert_agreement: PreparedStatement,
    index_agreement: PreparedStatement,
    select_agreement: PreparedStatement,
    select_agreement_ids: PreparedStatement,
}

/// One request. A failure goes to the caller, whose retry policy decides what happens next
/// (mobilecs retries in one place, `runtime::retry_with_mitigation`; the statements are
/// idempotent, so the driver's own policy may repeat a request that timed out).
async fn once<T>(
    doing: &str,
    request: impl std::future::Future<Output = Result<T, scylla::errors::ExecutionError>>,
) -> Result<T, StoreError> {
    request.await.map_err(|e| StoreError::from_execution(doing, &e))
}

fn schema(config: &StoreConfig) -> Vec<String> {
    let ks = &config.keyspace;
    vec![
        format!(
            "CREATE KEYSPACE IF NOT EXISTS {ks} WITH replication = {}",
            config.replication.to_cql()
        ),
        format!(
            "CREATE TABLE IF NOT EXISTS {ks}.data_record (agreement_id uuid, year smallint, \
             month tinyint, recorded_at timestamp, internal_record_id uuid, recorded_bytes bigint, \
             PRIMARY KEY ((agreement_id, year, month), recorded_at, internal_record_id)) \
             WITH CLUSTERING ORDER BY (recorded_at DESC)"
        ),
        format!(
            "CREATE TABLE IF NOT EXISTS {ks}.agreement (id uuid PRIMARY KEY, msisdn text, \
             signed_at text, service_start_at text, billing_period_time_zone text, \
             max_bytes_in_billing_period bigint, usage_policy text)"
        ),
        format!(
            "CREATE TABLE IF NOT EXISTS {ks}.agreement_by_msisdn (msisdn text, id uuid, \
             PRIMARY KEY (msisdn, id))"
        ),
    ]
}

/// TLS 1.2 or later, the server's certificate checked against `ca_file` (or the system's CAs)
/// and, by the driver, against the node's IP address.
fn tls_config(ca_file: Option<&str>) -> Result<OpenSsl010Config, StoreError> {
    let tls_error = |e: openssl::error::ErrorStack| StoreError::invalid(format!("cannot set up TLS: {e}"));
    let mut builder = SslConnector::builder(SslMethod::tls_client()).map_err(tls_error)?;
    builder.set_min_proto_version(Some(SslVersion::TLS1_2)).map_err(tls_error)?;
    if let Some(path) = ca_file {
        let pem = std::fs::read(path)
            .map_err(|e| StoreError::invalid(format!("cannot read the Cassandra CA file {path}: {e}")))?;
        let mut store = X509StoreBuilder::new().map_err(tls_error)?;
        let certificates = X509::stack_from_pem(&pem)
            .map_err(|e| StoreError::invalid(format!("{path} holds no PEM certificate: {e}")))?;
        if certificates.is_empty() {
            return Err(StoreError::invalid(format!("{path} holds no PEM certificate")));
        }
        for certificate in certificates {
            store.add_cert(certificate).map_err(tls_error)?;
        }
        // Only this CA, not the system's as well.
        builder.set_cert_store(store.build());
    }
    Ok(OpenSsl010Config::new(builder))
}

/// Keyspaces made before usage policies lack the agreement's `usage_policy` column: add it.
/// Several processes may start at once, so losing the race to another's ALTER is fine.
async fn add_usage_policy_column(session: &Session, keyspace: &str) -> Result<(), StoreError> {
    let has_column = || async {
        let result = session
            .query_unpaged(
                "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? \
                 AND table_name = 'agreement' AND column_name = 'usage_policy'",
                (keyspace,),
            )
            .await
            .map_err(|e| StoreError::from_execution("reading the schema", &e))?;
        let rows = result
            .into_rows_result()
            .map_err(|e| StoreError::unavailable(format!("reading the schema: {e}")))?;
        Ok::<bool, StoreError>(rows.rows_num() > 0)
    };
    if has_column().await? {
        return Ok(());
    }
    let added = session
        .query_unpaged(format!("ALTER TABLE {keyspace}.agreement ADD usage_policy text").as_str(), &[])
        .await;
    if let Err(e) = added {
        if !has_column().await? {
            return Err(StoreError::from_execution("adding the agreement's usage_policy column", &e));
        }
    }
    schema_agreed(session).await
}

/// Waits until every node has the same schema: statements prepared before would fail elsewhere.
async fn schema_agreed(session: &Session) -> Result<(), StoreError> {
    session
        .await_schema_agreement()
        .await
        .map(|_| ())
        .map_err(|e| StoreError::unavailable(format!("waiting for schema agreement: {e}")))
}

impl Store {
    /// Connects, creates the schema if missing and prepares the statements.
    pub async fn open(config: StoreConfig) -> Result<Store, StoreError> {
        StoreConfig::validate_keyspace(&config.keyspace)?;
        if config.contact_points.is_empty() {
            return Err(StoreError::invalid("no Cassandra contact point given"));
        }
        // A node that hangs (a long GC pause, a stopped process) answers nothing until the request
        // times out; with its replicas answering, the same (idempotent) request sent to another
        // coordinator meanwhile succeeds: without this, a hung node of three stalled the
        // pipeline for most of the hang (docs/reliability.md).
        let speculative = SimpleSpeculativeExecutionPolicy {
            max_retry_count: 2,
            retry_interval: Duration::from_millis(500),
        };
        let profile = ExecutionProfile::builder()
            .consistency(config.consistency)
            .request_timeout(Some(Duration::from_millis(u64::from(config.request_timeout_ms))))
            .speculative_execution_policy(Some(Arc::new(speculative)))
            .build();
        let mut builder = SessionBuilder::new()
            .known_nodes(&config.contact_points)
            .connection_timeout(Duration::from_secs(5))
            .default_execution_profile_handle(profile.into_handle());
        if let Some((user, password)) = &config.credentials {
            builder = builder.user(user, password);
        }
        if let Some(ca_file) = &config.tls {
            builder = builder.tls_context(Some(tls_config(ca_file.as_deref())?));
        }
        let session = builder
            .build()
            .await
            .map_err(|e| StoreError::from_new_session(&config.contact_points, &e, &config))?;
        for statement in schema(&config) {
            session
                .query_unpaged(statement.as_str(), &[])
                .await
                .map_err(|e| StoreError::from_execution("creating the schema", &e))?;
        }
        schema_agreed(&session).await?;
        add_usage_policy_column(&session, &config.keyspace).await?;
        let ks = &config.keyspace;
        let prepare = |cql: String| {
            let session = &session;
            async move {
                let mut statement = session
                    .prepare(cql.as_str())
                    .await
                    .map_err(|e| StoreError::from_prepare("preparing a statement", &e))?;
                statement.set_is_idempotent(true); // upserts and reads may be retried safely
                Ok::<PreparedStatement, StoreError>(statement)
            }
        };
        let insert_record = prepare(format!(
            "INSERT INTO {ks}.data_record (agreement_id, year, month, recorded_at, \
             internal_record_id, recorded_bytes) VALUES (?, ?, ?, ?, ?, ?)"
        ))
        .await?;
        let select_partition = prepare(format!(
            "SELECT recorded_at, internal_record_id, recorded_bytes FROM {ks}.data_record \
             WHERE agreement_id = ? AND year = ? AND month = ?"
        ))
        .await?;
        let upsert_agreement = prepare(format!(
            "INSERT INTO {ks}.agreement (id, msisdn, signed_at, service_start_at, \
             billing_period_time_zone, max_bytes_in_billing_period, usage_policy) \
             VALUES (?, ?, ?, ?, ?, ?, ?)"
        ))
        .await?;
        let index_agreement =
            prepare(format!("INSERT INTO {ks}.agreement_by_msisdn (msisdn, id) VALUES (?, ?)")).await?;
        let select_agreement_ids =
            prepare(format!("SELECT id FROM {ks}.agreement_by_msisdn WHERE msisdn = ?")).await?;
        let select_agreement = prepare(format!(
            "SELECT msisdn, signed_at, service_start_at, billing_period_time_zone, \
             max_bytes_in_billing_period, usage_policy FROM {ks}.agreement WHERE id = ?"
        ))
        .await?;
        Ok(Store {
            session,
            config,
            insert_record,
            select_partition,
            upsert_agreement,
            index_agreement,
            select_agreement,
            select_agreement_ids,
        })
    }

    /// Upserts `records`: single-partition unlogged batches, a bounded number in flight, each
    /// retried with backoff on transient errors.
    pub async fn write(&self, records: &[DataRecord]) -> Result<(), StoreError> {
        let batches = batches_by_partition(records, MAX_ROWS_PER_BATCH);
        let results: Vec<Result<(), StoreError>> = stream::iter(batches)
            .map(|rows| self.write_batch(rows))
            .buffer_unordered(self.config.max_in_flight.max(1))
            .collect()
            .await;
        results.into_iter().collect()
    }

    async fn write_batch(&self, rows: Vec<DataRecord>) -> Result<(), StoreError> {
        let mut batch = Batch::new(BatchType::Unlogged);
        batch.set_is_idempotent(true);
        batch.set_consistency(self.config.consistency);
        for _ in &rows {
            batch.append_statement(self.insert_record.clone());
        }
        let values: Vec<(Uuid, i16, i8, CqlTimestamp, Uuid, i64)> = rows
            .iter()
            .map(|r| {
                (r.agreement_id, r.year, r.month, CqlTimestamp(r.recorded_at_ms), r.internal_record_id, r.recorded_bytes)
            })
            .collect();
        once("writing data records", self.session.batch(&batch, &values)).await?;
        Ok(())
    }

    /// One page of a partition's records, newest first, and the state to fetch the next page
    /// with (None when this was the last).
    pub async fn read_page(
        &self,
        key: PartitionKey,
        paging_state: Option<&[u8]>,
        page_size: i32,
    ) -> Result<(Vec<DataRecord>, Option<Vec<u8>>), StoreError> {
        let mut statement = self.select_partition.clone();
        statement.set_page_size(page_size.max(1));
        let state = paging_state.map_or_else(PagingState::start, PagingState::new_from_raw_bytes);
        let (result, response) = once("reading data records", self.session.execute_single_page(&statement, (key.agreement_id, key.year, key.month), state.clone())).await?;
        let rows = result
            .into_rows_result()
            .map_err(|e| StoreError::unavailable(format!("reading data records: {e}")))?;
        let mut records = Vec::new();
        for row in rows.rows::<(CqlTimestamp, Uuid, i64)>().map_err(|e| StoreError::unavailable(e.to_string()))? {
            let (recorded_at, internal_record_id, recorded_bytes) =
                row.map_err(|e| StoreError::unavailable(format!("reading data records: {e}")))?;
            records.push(DataRecord {
                agreement_id: key.agreement_id,
                year: key.year,
                month: key.month,
                recorded_at_ms: recorded_at.0,
                internal_record_id,
                recorded_bytes,
            });
        }
        let next = match response {
            PagingStateResponse::HasMorePages { state } => state.as_bytes_slice().map(|b| b.to_vec()),
            PagingStateResponse::NoMorePages => None,
        };
        Ok((records, next))
    }

    /// The exact sum of a partition's recorded bytes. Summed here, in 128 bits: Cassandra's own
    /// sum() of a bigint column wraps around past 2^63.
    pub async fn sum(&self, key: PartitionKey) -> Result<i128, StoreError> {
        let mut total: i128 = 0;
        let mut state: Option<Vec<u8>> = None;
        loop {
            let (records, next) = self.read_page(key, state.as_deref(), 5000).await?;
            total += records.iter().map(|r| i128::from(r.recorded_bytes)).sum::<i128>();
            match next {
                Some(s) => state = Some(s),
                None => return Ok(total),
            }
        }
    }

    /// Drops the keyspace with everything in it: for tests, which clean up what they made.
    pub async fn drop_keyspace(&self) -> Result<(), StoreError> {
        let statement = format!("DROP KEYSPACE IF EXISTS {}", self.config.keyspace);
        once("dropping the keyspace", self.session.query_unpaged(statement.as_str(), &[])).await?;
        Ok(())
    }

    pub async fn upsert_agreements(&self, agreements: &[Agreement]) -> Result<(), StoreError> {
        let results: Vec<Result<(), StoreError>> = stream::iter(agreements)
            .map(|a| async move {
                let values = (
                    a.id,
                    a.msisdn.as_str(),
                    a.signed_at.as_str(),
                    a.service_start_at.as_str(),
                    a.billing_period_time_zone.as_str(),
                    a.max_bytes_in_billing_period,
                    a.usage_policy.as_deref(), // null clears a policy an earlier version had
                );
                once("writing agreements", self.session.execute_unpaged(&self.upsert_agreement, values)).await?;
                once("indexing agreements", self.session.execute_unpaged(&self.index_agreement, (a.msisdn.as_str(), a.id))).await
                .map(|_| ())
            })
            .buffer_unordered(self.config.max_in_flight.max(1))
            .collect()
            .await;
        results.into_iter().collect()
    }

    /// The ids of the agreements of `msisdn`, in id order.
    pub async fn agreement_ids(&self, msisdn: &str) -> Result<Vec<Uuid>, StoreError> {
        let result = once("finding agreements", self.session.execute_unpaged(&self.select_agreement_ids, (msisdn,))).await?;
        let rows = result
            .into_rows_result()
            .map_err(|e| StoreError::unavailable(format!("finding agreements: {e}")))?;
        let mut ids = Vec::new();
        for row in rows.rows::<(Uuid,)>().map_err(|e| StoreError::unavailable(e.to_string()))? {
            ids.push(row.map_err(|e| StoreError::unavailable(format!("finding agreements: {e}")))?.0);
        }
        Ok(ids)
    }

    pub async fn read_agreement(&self, id: Uuid) -> Result<Option<Agreement>, StoreError> {
        let result = once("reading an agreement", self.session.execute_unpaged(&self.select_agreement, (id,))).await?;
        let rows = result
            .into_rows_result()
            .map_err(|e| StoreError::unavailable(format!("reading an agreement: {e}")))?;
        let row = rows
            .maybe_first_row::<(String, String, String, String, i64, Option<String>)>()
            .map_err(|e| StoreError::unavailable(format!("reading an agreement: {e}")))?;
        Ok(row.map(
            |(msisdn, signed_at, service_start_at, billing_period_time_zone, max_bytes_in_billing_period, usage_policy)| {
                Agreement {
                    id,
                    msisdn,
                    signed_at,
                    service_start_at,
                    billing_period_time_zone,
                    max_bytes_in_billing_period,
                    usage_policy,
                }
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Replication;

    #[test]
    fn the_data_record_table_is_the_reference_schema() {
        let config = StoreConfig {
            contact_points: vec![],
            keyspace: "mobilecs".into(),
            replication: Replication::Simple(1),
            consistency: scylla::statement::Consistency::One,
            request_timeout_ms: 1000,
            max_in_flight: 1,
            credentials: None,
            tls: None,
        };
        let statements = schema(&config);
        assert!(statements[1].contains(
            "PRIMARY KEY ((agreement_id, year, month), recorded_at, internal_record_id)) \
             WITH CLUSTERING ORDER BY (recorded_at DESC)"
        ));
        assert!(statements[1].contains("year smallint, month tinyint, recorded_at timestamp"));
        assert!(statements[0].contains("'SimpleStrategy', 'replication_factor': 1"));
    }
}
