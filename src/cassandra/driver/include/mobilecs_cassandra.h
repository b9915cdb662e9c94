/* mobilecs' data-record store on Apache Cassandra: the C ABI of the Rust crate in this folder.
 * Functions return 0 on success, -1 on failure with `error` filled in; no panic crosses it. */
#ifndef MOBILECS_CASSANDRA_H
#define MOBILECS_CASSANDRA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MCS_MESSAGE_CAPACITY 512

enum mcs_error_kind { MCS_INVALID = 1, MCS_UNAVAILABLE = 2, MCS_FAILED = 3, MCS_INTERNAL = 4 };

typedef struct McsError {
  int32_t code; /* 0, or an mcs_error_kind */
  int32_t retryable;
  char message[MCS_MESSAGE_CAPACITY];
} McsError;

typedef struct McsConfig {
  const char* contact_points; /* host[:port],... (port 9042 by default) */
  const char* keyspace;
  const char* replication; /* "simple:<factor>" or "network:<dc>=<factor>,..." */
  const char* consistency; /* ONE, QUORUM, LOCAL_QUORUM, ... */
  uint32_t request_timeout_ms;
  uint32_t max_in_flight; /* batches written at the same time */
  const char* username;   /* NULL or "": no authentication */
  const char* password;
  int32_t tls;             /* 1: TLS 1.2+, the servers' certificates checked (their IP address) */
  const char* tls_ca_file; /* PEM CA certificates to trust; NULL or "": the system's */
} McsConfig;

typedef struct McsDataRecord {
  uint8_t agreement_id[16];
  int16_t year;
  int8_t month;
  int64_t recorded_at_ms;
  uint8_t internal_record_id[16];
  int64_t recorded_bytes;
} McsDataRecord;

typedef struct McsAgreement {
  uint8_t id[16];
  const char* msisdn;
  const char* signed_at;
  const char* service_start_at;
  const char* billing_period_time_zone;
  int64_t max_bytes_in_billing_period;
  const char* usage_policy; /* JSON (docs/formats.md §5); NULL when it has none of its own */
} McsAgreement;

typedef struct McsPage {
  McsDataRecord* records;
  size_t count;
  uint8_t* paging_state; /* NULL after the last page */
  size_t paging_state_len;
} McsPage;

typedef struct McsSession McsSession;

/* Connects and creates the schema if missing; NULL on failure. */
McsSession* mcs_open(const McsConfig* config, McsError* error);
void mcs_close(McsSession* session);

/* Checks a replication and a consistency level (NULL: not checked) as mcs_open reads them,
 * without connecting. */
int mcs_check_settings(const char* replication, const char* consistency, McsError* error);

/* Ends the calls in progress on `session`, and every later one, with an error at once (a
 * process that stops while Cassandra does not answer). Thread-safe. */
void mcs_interrupt(McsSession* session);

/* The driver's log lines (info and above): level 1 error, 2 warn, 3 info. Set once per process;
 * returns -1 if already set. */
typedef void (*McsLogCallback)(int32_t level, const char* target, const char* message);
int mcs_set_log_callback(McsLogCallback callback);

/* Upserts in single-partition unlogged batches, bounded in flight, retried with backoff. */
int mcs_write_data_records(McsSession* session, const McsDataRecord* records, size_t count,
                           McsError* error);
/* One page of a partition, newest first; pass the previous page's paging state to continue.
 * Free the page with mcs_free_page. */
int mcs_read_partition_page(McsSession* session, const uint8_t agreement_id[16], int16_t year,
                            int8_t month, const uint8_t* paging_state, size_t paging_state_len,
                            uint32_t page_size, McsPage* page, McsError* error);
void mcs_free_page(McsPage* page);
/* An exact sum: high * 2^64 + low (128-bit two's complement). */
typedef struct McsTotal {
  int64_t high;
  uint64_t low;
} McsTotal;
/* The sum of recorded_bytes over a partition, computed without overflow. */
int mcs_sum_partition(McsSession* session, const uint8_t agreement_id[16], int16_t year,
                      int8_t month, McsTotal* total, McsError* error);
/* Drops the session's keyspace with everything in it (tests clean up with it). */
int mcs_drop_keyspace(McsSession* session, McsError* error);
int mcs_upsert_agreements(McsSession* session, const McsAgreement* agreements, size_t count,
                          McsError* error);
/* Up to `capacity` ids (16 bytes each) of the agreements of `msisdn` into `ids`; *count says how
 * many there are in all. */
int mcs_find_agreement_ids(McsSession* session, const char* msisdn, uint8_t* ids, size_t capacity,
                           size_t* count, McsError* error);
/* Sets *found; if 1, fills `agreement`, whose strings mcs_free_agreement frees. */
int mcs_read_agreement(McsSession* session, const uint8_t id[16], int32_t* found,
                       McsAgreement* agreement, McsError* error);
void mcs_free_agreement(McsAgreement* agreement);

#ifdef __cplusplus
}
#endif

#endif
