// Where Kafka's Java client puts keyed messages: prints, for each key argument,
// "key murmur2 partition-of-6" (org.apache.kafka.common.utils.Utils, as its default
// partitioner uses it). Run with kafka-clients on the class path.
import org.apache.kafka.common.utils.Utils;
import java.nio.charset.StandardCharsets;

public class KafkaPartitions {
    public static void main(String[] args) {
        for (String key : args) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            System.out.println(key + " " + Utils.murmur2(bytes) + " " + Utils.toPositive(Utils.murmur2(bytes)) % 6);
        }
    }
}
