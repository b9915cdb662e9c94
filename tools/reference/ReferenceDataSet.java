// The reference data set of docs/reference-data.md, written with the JDK classes the reference used
// (java.util.Random, UUID.nameUUIDFromBytes, ZonedDateTime, Collections.shuffle). Tests run it
// with `java ReferenceDataSet.java ...` as an oracle for the C++ generator.
//
//   agreements N                 N agreements, one compact JSON object a line
//   incoming-data-records S M D  M files for S subscribers into folder D
//   data-records A M B           B batches of A agreements x M months, one CSV row a record:
//                                agreementId,year,month,recordedAtMillis,internalRecordId,bytes
//   random SEED                  nextInt, nextInt(7), nextInt(1<<20), nextDouble, nextBytes(5)
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.*;
import java.util.*;

public class ReferenceDataSet {
    static final ZonedDateTime START = ZonedDateTime.parse("2020-01-01T00:00+01:00[Europe/Warsaw]");
    static final long GIB = 1L << 30;

    static UUID uuid(Random r) {
        byte[] b = new byte[8];
        r.nextBytes(b);
        return UUID.nameUUIDFromBytes(b);
    }

    static String msisdn(Random r) {
        return "48" + (long) (r.nextDouble() * 1_000_000_000);
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "agreements" -> agreements(Integer.parseInt(args[1]));
            case "incoming-data-records" -> files(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "data-records" -> dataRecords(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "random" -> random(Long.parseLong(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void agreements(int n) {
        Random ids = new Random(31423434), signed = new Random(55701923),
                msisdns = new Random(84744291), plans = new Random(73244573);
        long[] planValues = {5 * GIB, 10 * GIB};
        for (int i = 0; i < n; i++) {
            UUID id = uuid(ids);
            String m = msisdn(msisdns);
            ZonedDateTime signedAt = START.minusDays((long) (20 * signed.nextDouble())).minusDays(10);
            long plan = planValues[(int) (plans.nextDouble() * 2)];
            System.out.println("{\"id\":\"" + id + "\",\"msisdn\":\"" + m + "\",\"signedAt\":\"" + signedAt
                    + "\",\"serviceStartAt\":\"" + START + "\",\"billingPeriodTimeZone\":\"Europe/Warsaw\","
                    + "\"maxBytesInBillingPeriod\":" + plan + "}");
        }
    }

    static void files(int subscribers, int months, Path dir) throws IOException {
        Random msisdns = new Random(84744291), shuffle = new Random(7371661), fileNames = new Random(3424233);
        List<Integer> order = new ArrayList<>();
        String[] values = new String[subscribers];
        Random[] idRandoms = new Random[subscribers], bytesRandoms = new Random[subscribers];
        for (int i = 0; i < subscribers; i++) {
            order.add(i);
            values[i] = msisdn(msisdns);
            idRandoms[i] = new Random(33774923 + i);
            bytesRandoms[i] = new Random(24524555 + i);
        }
        ZonedDateTime begin = START.plusSeconds(86400);
        for (int file = 0; file < months; file++) {
            String name = String.format("idr_%03d_%s_%s.csv", file, begin.toLocalDate(), uuid(fileNames));
            ZonedDateTime end = begin.plusMonths(1);
            ZonedDateTime t = begin;
            try (Writer w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8)) {
                for (; t.isBefore(end); t = t.plusSeconds(86400)) {
                    Collections.shuffle(order, shuffle);
                    for (int s : order) {
                        w.write(uuid(idRandoms[s]) + ";" + t + ";" + values[s] + ";"
                                + (long) (bytesRandoms[s].nextDouble() * GIB) + "\n");
                    }
                }
            }
            begin = t;
        }
    }

    static void dataRecords(int agreements, int months, int batches) {
        ZonedDateTime begin = START.plusSeconds(86400);
        for (int batch = 0; batch < batches; batch++) {
            Random ids = new Random(31423434);
            for (int i = 0; i < agreements; i++) {
                UUID agreementId = uuid(ids);
                Random internalIds = new Random(44134134 + i), bytes = new Random(24524555 + i);
                ZonedDateTime end = begin.plusMonths(months);
                ZonedDateTime t = begin;
                for (; t.isBefore(end); t = t.plusSeconds(86400)) {
                    ZonedDateTime local = t.withZoneSameInstant(ZoneId.of("Europe/Warsaw"));
                    System.out.println(agreementId + "," + local.getYear() + "," + local.getMonthValue() + ","
                            + t.toInstant().toEpochMilli() + "," + uuid(internalIds) + ","
                            + (long) (bytes.nextDouble() * 10 * 1024 * 1024));
                }
                begin = t;
            }
        }
    }

    static void random(long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[5];
        int a = r.nextInt(), c = r.nextInt(7), d = r.nextInt(1 << 20);
        double e = r.nextDouble();
        r.nextBytes(b);
        System.out.println(a + " " + c + " " + d + " " + Double.doubleToRawLongBits(e) + " " + Arrays.toString(b));
    }
}
