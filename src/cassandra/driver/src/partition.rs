use uuid::Uuid;

/// One row of `mobilecs.data_record`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataRecord {
    pub agreement_id: Uuid,
    pub year: i16,
    pub month: i8,
    pub recorded_at_ms: i64,
    pub internal_record_id: Uuid,
    pub recorded_bytes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartitionKey {
    pub agreement_id: Uuid,
    pub year: i16,
    pub month: i8,
}

impl DataRecord {
    pub fn partition(&self) -> PartitionKey {
        PartitionKey { agreement_id: self.agreement_id, year: self.year, month: self.month }
    }
}

/// Splits records into batches that each touch one partition and hold at most `max_rows`:
/// a single-partition unlogged batch is one mutation on one replica set, the cheap kind.
pub fn batches_by_partition(records: &[DataRecord], max_rows: usize) -> Vec<Vec<DataRecord>> {
    let mut sorted: Vec<DataRecord> = records.to_vec();
    sorted.sort_by_key(|r| r.partition());
    let mut batches: Vec<Vec<DataRecord>> = Vec::new();
    for record in sorted {
        match batches.last_mut() {
            Some(batch) if batch.len() < max_rows && batch[0].partition() == record.partition() => {
                batch.push(record)
            }
            _ => batches.push(vec![record]),
        }
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(agreement: u128, month: i8, at: i64) -> DataRecord {
        DataRecord {
            agreement_id: Uuid::from_u128(agreement),
            year: 2020,
            month,
            recorded_at_ms: at,
            internal_record_id: Uuid::from_u128(at as u128),
            recorded_bytes: 1,
        }
    }

    #[test]
    fn every_batch_touches_one_partition() {
        let records = vec![record(1, 1, 1), record(2, 1, 2), record(1, 2, 3), record(1, 1, 4), record(2, 1, 5)];
        let batches = batches_by_partition(&records, 100);
        assert_eq!(batches.len(), 3);
        for batch in &batches {
            assert!(batch.iter().all(|r| r.partition() == batch[0].partition()));
        }
        assert_eq!(batches.iter().map(Vec::len).sum::<usize>(), records.len());
    }

    #[test]
    fn large_partitions_are_split() {
        let records: Vec<DataRecord> = (0..250).map(|i| record(1, 1, i)).collect();
        let sizes: Vec<usize> = batches_by_partition(&records, 100).iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![100, 100, 50]);
    }

    #[test]
    fn nothing_in_nothing_out() {
        assert!(batches_by_partition(&[], 10).is_empty());
    }
}
