//! A keyspace made before usage policies (no `usage_policy` column) is upgraded in place by
//! `Store::open`, its agreements kept. Needs a Cassandra (scripts/stack up): ignored by a plain
//! `cargo test`, run by ctest's `cassandra_driver_schema_upgrade` with `--ignored`.
use mobilecs_cassandra::{parse_consistency, Agreement, Replication, Store, StoreConfig};
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use uuid::Uuid;

fn contact_point() -> String {
    std::env::var("CASSANDRA_CONTACT_POINT").unwrap_or_else(|_| "127.0.0.1".into())
}

async fn run(session: &Session, cql: &str) {
    session.query_unpaged(cql, &[]).await.unwrap_or_else(|e| panic!("{cql}: {e}"));
}

#[test]
#[ignore = "needs a Cassandra server"]
fn an_agreement_table_without_usage_policy_gains_the_column_and_keeps_its_rows() {
    tokio::runtime::Runtime::new().unwrap().block_on(upgrade());
}

async fn upgrade() {
    let keyspace = format!("test_upgrade_{}", std::process::id());
    let session = SessionBuilder::new().known_node(contact_point()).build().await.expect("connecting");
    run(&session, &format!("DROP KEYSPACE IF EXISTS {keyspace}")).await;
    run(
        &session,
        &format!(
            "CREATE KEYSPACE {keyspace} WITH replication = \
             {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
        ),
    )
    .await;
    // The table as versions before usage policies made it.
    run(
        &session,
        &format!(
            "CREATE TABLE {keyspace}.agreement (id uuid PRIMARY KEY, msisdn text, signed_at text, \
             service_start_at text, billing_period_time_zone text, max_bytes_in_billing_period bigint)"
        ),
    )
    .await;
    let old_id = Uuid::from_u128(1);
    run(
        &session,
        &format!(
            "INSERT INTO {keyspace}.agreement (id, msisdn, signed_at, service_start_at, \
             billing_period_time_zone, max_bytes_in_billing_period) VALUES ({old_id}, '48600000001', \
             '2019-12-20T00:00+01:00[Europe/Warsaw]', '2020-01-01T00:00+01:00[Europe/Warsaw]', \
             'Europe/Warsaw', 1024)"
        ),
    )
    .await;

    let config = StoreConfig {
        contact_points: vec![contact_point()],
        keyspace: keyspace.clone(),
        replication: Replication::Simple(1),
        consistency: parse_consistency("ONE").unwrap(),
        request_timeout_ms: 10_000,
        max_in_flight: 4,
        credentials: None,
        tls: None,
    };
    let store = Store::open(config.clone()).await.expect("opening the old keyspace");
    let old = store.read_agreement(old_id).await.unwrap().expect("the old agreement is kept");
    assert_eq!(old.max_bytes_in_billing_period, 1024);
    assert_eq!(old.usage_policy, None);

    let with_policy = Agreement {
        id: Uuid::from_u128(2),
        usage_policy: Some(r#"{"thresholds":[{"percentOfPlan":80}]}"#.into()),
        ..old.clone()
    };
    store.upsert_agreements(&[with_policy.clone()]).await.unwrap();
    assert_eq!(store.read_agreement(with_policy.id).await.unwrap(), Some(with_policy));
    // Opening again (a second process, a restart) finds the column there.
    drop(Store::open(config).await.expect("opening the upgraded keyspace"));

    run(&session, &format!("DROP KEYSPACE {keyspace}")).await;
}
