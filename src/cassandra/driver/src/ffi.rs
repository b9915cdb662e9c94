//! The C ABI of `include/mobilecs_cassandra.h`. Every function catches panics and reports them
//! as errors: unwinding into C++ would be undefined behaviour.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use uuid::Uuid;

use crate::config::{parse_consistency, Replication, StoreConfig};
use crate::error::{ErrorKind, StoreError};
use crate::partition::{DataRecord, PartitionKey};
use crate::store::{Agreement, Store};

pub const MCS_MESSAGE_CAPACITY: usize = 512;

#[repr(C)]
pub struct McsError {
    /// 0: no error; otherwise an ErrorKind.
    pub code: i32,
    pub retryable: i32,
    pub message: [c_char; MCS_MESSAGE_CAPACITY],
}

#[repr(C)]
pub struct McsConfig {
    pub contact_points: *const c_char,
    pub keyspace: *const c_char,
    pub replication: *const c_char,
    pub consistency: *const c_char,
    pub request_timeout_ms: u32,
    pub max_in_flight: u32,
    pub username: *const c_char,
    pub password: *const c_char,
    pub tls: i32,
    pub tls_ca_file: *const c_char,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct McsDataRecord {
    pub agreement_id: [u8; 16],
    pub year: i16,
    pub month: i8,
    pub recorded_at_ms: i64,
    pub internal_record_id: [u8; 16],
    pub recorded_bytes: i64,
}

#[repr(C)]
pub struct McsAgreement {
    pub id: [u8; 16],
    pub msisdn: *const c_char,
    pub signed_at: *const c_char,
    pub service_start_at: *const c_char,
    pub billing_period_time_zone: *const c_char,
    pub max_bytes_in_billing_period: i64,
    /// JSON, or null when the agreement has no policy of its own.
    pub usage_policy: *const c_char,
}

/// An exact sum: high * 2^64 + low.
#[repr(C)]
pub struct McsTotal {
    pub high: i64,
    pub low: u64,
}

#[repr(C)]
pub struct McsPage {
    pub records: *mut McsDataRecord,
    pub count: usize,
    pub paging_state: *mut u8,
    pub paging_state_len: usize,
}

pub struct McsSession {
    runtime: tokio::runtime::Runtime,
    store: Store,
    interrupted: tokio::sync::watch::Sender<bool>,
}

impl McsSession {
    /// Runs `future` to completion, or until mcs_interrupt is called.
    fn run<T>(&self, future: impl std::future::Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
        let mut interrupted = self.interrupted.subscribe();
        self.runtime.block_on(async move {
            let stop = Box::pin(async move {
                let _ = interrupted.wait_for(|stop| *stop).await;
            });
            match futures::future::select(Box::pin(future), stop).await {
                futures::future::Either::Left((result, _)) => result,
                futures::future::Either::Right(_) => Err(StoreError {
                    kind: ErrorKind::Unavailable,
                    message: "interrupted: the process is stopping".into(),
                }),
            }
        })
    }
}

fn set_error(out: *mut McsError, error: &StoreError) {
    if out.is_null() {
        return;
    }
    // SAFETY: the caller passes a valid McsError or null.
    let out = unsafe { &mut *out };
    out.code = error.kind as i32;
    out.retryable = i32::from(error.retryable());
    let bytes = error.message.as_bytes();
    let n = bytes.len().min(MCS_MESSAGE_CAPACITY - 1);
    for (slot, byte) in out.message.iter_mut().zip(&bytes[..n]) {
        *slot = *byte as c_char;
    }
    out.message[n] = 0;
}

fn clear_error(out: *mut McsError) {
    if !out.is_null() {
        // SAFETY: as above.
        let out = unsafe { &mut *out };
        out.code = 0;
        out.retryable = 0;
        out.message[0] = 0;
    }
}

/// Runs `body`, turning its error or panic into the return code and `error`.
fn guarded<F: FnOnce() -> Result<(), StoreError>>(error: *mut McsError, body: F) -> i32 {
    clear_error(error);
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            set_error(error, &e);
            -1
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            set_error(error, &StoreError { kind: ErrorKind::Internal, message: format!("internal error: {what}") });
            -1
        }
    }
}

fn text(field: &str, value: *const c_char) -> Result<String, StoreError> {
    if value.is_null() {
        return Err(StoreError::invalid(format!("{field} is missing")));
    }
    // SAFETY: the caller passes NUL-terminated strings.
    unsafe { CStr::from_ptr(value) }
        .to_str()
        .map(str::to_owned)
        .map_err(|_| StoreError::invalid(format!("{field} is not UTF-8")))
}

/// A text that may be absent: None for null or "".
fn optional_text(field: &str, value: *const c_char) -> Result<Option<String>, StoreError> {
    if value.is_null() {
        return Ok(None);
    }
    let value = text(field, value)?;
    Ok(if value.is_empty() { None } else { Some(value) })
}

fn session_ref<'a>(session: *mut McsSession) -> Result<&'a McsSession, StoreError> {
    // SAFETY: the caller passes a session from mcs_open, or null.
    unsafe { session.as_ref() }.ok_or_else(|| StoreError::invalid("no session"))
}

fn uuid_at(bytes: *const u8) -> Result<Uuid, StoreError> {
    if bytes.is_null() {
        return Err(StoreError::invalid("no id"));
    }
    // SAFETY: the caller passes 16 readable bytes.
    let slice = unsafe { std::slice::from_raw_parts(bytes, 16) };
    Ok(Uuid::from_slice(slice).expect("16 bytes"))
}

fn to_record(r: &McsDataRecord) -> DataRecord {
    DataRecord {
        agreement_id: Uuid::from_bytes(r.agreement_id),
        year: r.year,
        month: r.month,
        recorded_at_ms: r.recorded_at_ms,
        internal_record_id: Uuid::from_bytes(r.internal_record_id),
        recorded_bytes: r.recorded_bytes,
    }
}

fn from_record(r: &DataRecord) -> McsDataRecord {
    McsDataRecord {
        agreement_id: *r.agreement_id.as_bytes(),
        year: r.year,
        month: r.month,
        recorded_at_ms: r.recorded_at_ms,
        internal_record_id: *r.internal_record_id.as_bytes(),
        recorded_bytes: r.recorded_bytes,
    }
}

/// Connects and creates the schema if missing. Returns null and fills `error` on failure.
#[no_mangle]
pub extern "C" fn mcs_open(config: *const McsConfig, error: *mut McsError) -> *mut McsSession {
    let mut session = ptr::null_mut();
    guarded(error, || {
        // SAFETY: the caller passes a valid config or null.
        let c = unsafe { config.as_ref() }.ok_or_else(|| StoreError::invalid("no configuration"))?;
        let config = StoreConfig {
            contact_points: StoreConfig::contact_points(&text("contact points", c.contact_points)?),
            keyspace: text("keyspace", c.keyspace)?,
            replication: Replication::parse(&text("replication", c.replication)?)?,
            consistency: parse_consistency(&text("consistency", c.consistency)?)?,
            request_timeout_ms: c.request_timeout_ms,
            max_in_flight: c.max_in_flight as usize,
            credentials: optional_text("username", c.username)?
                .map(|user| Ok::<_, StoreError>((user, optional_text("password", c.password)?.unwrap_or_default())))
                .transpose()?,
            tls: if c.tls != 0 { Some(optional_text("TLS CA file", c.tls_ca_file)?) } else { None },
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mobilecs-cql")
            .enable_all()
            .build()
            .map_err(|e| StoreError { kind: ErrorKind::Internal, message: format!("cannot start tokio: {e}") })?;
        let store = runtime.block_on(Store::open(config))?;
        let (interrupted, _) = tokio::sync::watch::channel(false);
        session = Box::into_raw(Box::new(McsSession { runtime, store, interrupted }));
        Ok(())
    });
    session
}

/// Checks a replication and a consistency level (either may be null: not checked) as `mcs_open`
/// would read them, without connecting: for the command line to refuse bad values at start.
#[no_mangle]
pub extern "C" fn mcs_check_settings(replication: *const c_char, consistency: *const c_char, error: *mut McsError) -> i32 {
    guarded(error, || {
        if !replication.is_null() {
            Replication::parse(&text("replication", replication)?)?;
        }
        if !consistency.is_null() {
            parse_consistency(&text("consistency", consistency)?)?;
        }
        Ok(())
    })
}

/// Ends the calls in progress on `session`, and every later one, with an error at once: for a
/// process that is stopping while Cassandra does not answer. Thread-safe.
#[no_mangle]
pub extern "C" fn mcs_interrupt(session: *mut McsSession) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if let Ok(s) = session_ref(session) {
            s.interrupted.send_replace(true);
        }
    }));
}

/// Sends the driver's log lines (info and above) to `callback`, for the rest of the process.
/// Returns 0, or -1 if a log destination was already set.
#[no_mangle]
pub extern "C" fn mcs_set_log_callback(callback: crate::logging::LogCallback) -> i32 {
    match catch_unwind(AssertUnwindSafe(|| crate::logging::install(callback))) {
        Ok(true) => 0,
        _ => -1,
    }
}

#[no_mangle]
pub extern "C" fn mcs_close(session: *mut McsSession) {
    if !session.is_null() {
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: the session came from mcs_open and is closed once.
            drop(unsafe { Box::from_raw(session) });
        }));
    }
}

#[no_mangle]
pub extern "C" fn mcs_write_data_records(
    session: *mut McsSession,
    records: *const McsDataRecord,
    count: usize,
    error: *mut McsError,
) -> i32 {
    guarded(error, || {
        let s = session_ref(session)?;
        if count == 0 {
            return Ok(());
        }
        if records.is_null() {
            return Err(StoreError::invalid("no records"));
        }
        // SAFETY: the caller passes `count` records.
        let records: Vec<DataRecord> = unsafe { std::slice::from_raw_parts(records, count) }.iter().map(to_record).collect();
        s.run(s.store.write(&records))
    })
}

#[no_mangle]
pub extern "C" fn mcs_read_partition_page(
    session: *mut McsSession,
    agreement_id: *const u8,
    year: i16,
    month: i8,
    paging_state: *const u8,
    paging_state_len: usize,
    page_size: u32,
    page: *mut McsPage,
    error: *mut McsError,
) -> i32 {
    guarded(error, || {
        let s = session_ref(session)?;
        let key = PartitionKey { agreement_id: uuid_at(agreement_id)?, year, month };
        let state = if paging_state.is_null() || paging_state_len == 0 {
            None
        } else {
            // SAFETY: the caller passes `paging_state_len` bytes.
            Some(unsafe { std::slice::from_raw_parts(paging_state, paging_state_len) })
        };
        let (records, next) =
            s.run(s.store.read_page(key, state, page_size.min(i32::MAX as u32) as i32))?;
        // SAFETY: the caller passes a valid page to fill.
        let out = unsafe { page.as_mut() }.ok_or_else(|| StoreError::invalid("no page"))?;
        let records: Box<[McsDataRecord]> = records.iter().map(from_record).collect();
        out.count = records.len();
        out.records = Box::into_raw(records) as *mut McsDataRecord;
        match next {
            Some(bytes) => {
                let bytes = bytes.into_boxed_slice();
                out.paging_state_len = bytes.len();
                out.paging_state = Box::into_raw(bytes) as *mut u8;
            }
            None => {
                out.paging_state = ptr::null_mut();
                out.paging_state_len = 0;
            }
        }
        Ok(())
    })
}

#[no_mangle]
pub extern "C" fn mcs_free_page(page: *mut McsPage) {
    // SAFETY: the page was filled by mcs_read_partition_page.
    if let Some(page) = unsafe { page.as_mut() } {
        if !page.records.is_null() {
            drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(page.records, page.count)) });
        }
        if !page.paging_state.is_null() {
            drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(page.paging_state, page.paging_state_len)) });
        }
        page.records = ptr::null_mut();
        page.paging_state = ptr::null_mut();
    }
}

#[no_mangle]
pub extern "C" fn mcs_sum_partition(
    session: *mut McsSession,
    agreement_id: *const u8,
    year: i16,
    month: i8,
    total: *mut McsTotal,
    error: *mut McsError,
) -> i32 {
    guarded(error, || {
        let s = session_ref(session)?;
        let key = PartitionKey { agreement_id: uuid_at(agreement_id)?, year, month };
        let sum = s.run(s.store.sum(key))?;
        // SAFETY: the caller passes a valid pointer.
        let out = unsafe { total.as_mut() }.ok_or_else(|| StoreError::invalid("no total"))?;
        out.high = (sum >> 64) as i64;
        out.low = sum as u64;
        Ok(())
    })
}

#[no_mangle]
pub extern "C" fn mcs_drop_keyspace(session: *mut McsSession, error: *mut McsError) -> i32 {
    guarded(error, || {
        let s = session_ref(session)?;
        s.run(s.store.drop_keyspace())
    })
}

/// Up to `capacity` ids (16 bytes each) of the agreements of `msisdn` into `ids`; `count` says
/// how many there are in all.
#[no_mangle]
pub extern "C" fn mcs_find_agreement_ids(
    session: *mut McsSession,
    msisdn: *const c_char,
    ids: *mut u8,
    capacity: usize,
    count: *mut usize,
    error: *mut McsError,
) -> i32 {
    guarded(error, || {
        let s = session_ref(session)?;
        let msisdn = text("msisdn", msisdn)?;
        let found = s.run(s.store.agreement_ids(&msisdn))?;
        // SAFETY: the caller passes a count pointer and room for `capacity` ids.
        *unsafe { count.as_mut() }.ok_or_else(|| StoreError::invalid("no count"))? = found.len();
        for (i, id) in found.iter().take(capacity).enumerate() {
            unsafe { std::ptr::copy_nonoverlapping(id.as_bytes().as_ptr(), ids.add(i * 16), 16) };
        }
        Ok(())
    })
}

#[no_mangle]
pub extern "C" fn mcs_upsert_agreements(
    session: *mut McsSession,
    agreements: *const McsAgreement,
    count: usize,
    error: *mut McsError,
) -> i32 {
    guarded(error, || {
        let s = session_ref(session)?;
        if count == 0 {
            return Ok(());
        }
        if agreements.is_null() {
            return Err(StoreError::invalid("no agreements"));
        }
        // SAFETY: the caller passes `count` agreements.
        let raw = unsafe { std::slice::from_raw_parts(agreements, count) };
        let agreements = raw
            .iter()
            .map(|a| {
                Ok(Agreement {
                    id: Uuid::from_bytes(a.id),
                    msisdn: text("msisdn", a.msisdn)?,
                    signed_at: text("signedAt", a.signed_at)?,
                    service_start_at: text("serviceStartAt", a.service_start_at)?,
                    billing_period_time_zone: text("billingPeriodTimeZone", a.billing_period_time_zone)?,
                    max_bytes_in_billing_period: a.max_bytes_in_billing_period,
                    usage_policy: optional_text("usagePolicy", a.usage_policy)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        s.run(s.store.upsert_agreements(&agreements))
    })
}

/// Reads one agreement. `found` says whether it exists; its strings must be freed with
/// mcs_free_agreement.
#[no_mangle]
pub extern "C" fn mcs_read_agreement(
    session: *mut McsSession,
    id: *const u8,
    found: *mut i32,
    agreement: *mut McsAgreement,
    error: *mut McsError,
) -> i32 {
    guarded(error, || {
        let s = session_ref(session)?;
        let id = uuid_at(id)?;
        let result = s.run(s.store.read_agreement(id))?;
        // SAFETY: the caller passes valid pointers.
        let (found, out) = unsafe { (found.as_mut(), agreement.as_mut()) };
        let (found, out) = found.zip(out).ok_or_else(|| StoreError::invalid("no output"))?;
        *found = i32::from(result.is_some());
        if let Some(a) = result {
            let owned = |s: String| CString::new(s).unwrap_or_default().into_raw() as *const c_char;
            out.id = *a.id.as_bytes();
            out.msisdn = owned(a.msisdn);
            out.signed_at = owned(a.signed_at);
            out.service_start_at = owned(a.service_start_at);
            out.billing_period_time_zone = owned(a.billing_period_time_zone);
            out.max_bytes_in_billing_period = a.max_bytes_in_billing_period;
            out.usage_policy = a.usage_policy.map_or(ptr::null(), owned);
        }
        Ok(())
    })
}

#[no_mangle]
pub extern "C" fn mcs_free_agreement(agreement: *mut McsAgreement) {
    // SAFETY: the strings were made by mcs_read_agreement.
    if let Some(a) = unsafe { agreement.as_mut() } {
        for field in [
            &mut a.msisdn,
            &mut a.signed_at,
            &mut a.service_start_at,
            &mut a.billing_period_time_zone,
            &mut a.usage_policy,
        ] {
            if !field.is_null() {
                drop(unsafe { CString::from_raw(*field as *mut c_char) });
                *field = ptr::null();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_error() -> McsError {
        McsError { code: -7, retryable: -7, message: [1; MCS_MESSAGE_CAPACITY] }
    }

    fn message(e: &McsError) -> String {
        unsafe { CStr::from_ptr(e.message.as_ptr()) }.to_string_lossy().into_owned()
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let mut error = empty_error();
        let code = guarded(&mut error, || panic!("boom"));
        assert_eq!(code, -1);
        assert_eq!(error.code, ErrorKind::Internal as i32);
        assert_eq!(message(&error), "internal error: boom");
    }

    #[test]
    fn success_clears_the_error() {
        let mut error = empty_error();
        assert_eq!(guarded(&mut error, || Ok(())), 0);
        assert_eq!(error.code, 0);
        assert_eq!(message(&error), "");
    }

    #[test]
    fn long_messages_are_cut_and_terminated() {
        let mut error = empty_error();
        guarded(&mut error, || Err(StoreError::unavailable("x".repeat(2000))));
        assert_eq!(error.retryable, 1);
        assert_eq!(message(&error).len(), MCS_MESSAGE_CAPACITY - 1);
    }

    #[test]
    fn bad_arguments_are_errors_not_crashes() {
        let mut error = empty_error();
        assert!(mcs_open(ptr::null(), &mut error).is_null());
        assert_eq!(error.code, ErrorKind::Invalid as i32);
        assert_eq!(mcs_write_data_records(ptr::null_mut(), ptr::null(), 1, &mut error), -1);
        assert_eq!(message(&error), "no session");
        let keyspace = CString::new("bad-name").unwrap();
        let text = CString::new("127.0.0.1").unwrap();
        let replication = CString::new("simple:1").unwrap();
        let consistency = CString::new("ONE").unwrap();
        let config = McsConfig {
            contact_points: text.as_ptr(),
            keyspace: keyspace.as_ptr(),
            replication: replication.as_ptr(),
            consistency: consistency.as_ptr(),
            request_timeout_ms: 100,
            max_in_flight: 1,
            username: ptr::null(),
            password: ptr::null(),
            tls: 0,
            tls_ca_file: ptr::null(),
        };
        assert!(mcs_open(&config, &mut error).is_null());
        assert_eq!(message(&error), "'bad-name' is not a valid keyspace name");
    }

    #[test]
    fn an_unreachable_server_is_a_retryable_error() {
        let mut error = empty_error();
        let keyspace = CString::new("mobilecs").unwrap();
        let nowhere = CString::new("127.0.0.1:1").unwrap();
        let replication = CString::new("simple:1").unwrap();
        let consistency = CString::new("ONE").unwrap();
        let config = McsConfig {
            contact_points: nowhere.as_ptr(),
            keyspace: keyspace.as_ptr(),
            replication: replication.as_ptr(),
            consistency: consistency.as_ptr(),
            request_timeout_ms: 100,
            max_in_flight: 1,
            username: ptr::null(),
            password: ptr::null(),
            tls: 0,
            tls_ca_file: ptr::null(),
        };
        assert!(mcs_open(&config, &mut error).is_null());
        assert_eq!(error.retryable, 1);
        assert!(message(&error).starts_with("cannot connect to Cassandra at 127.0.0.1:1"), "{}", message(&error));
    }
}
