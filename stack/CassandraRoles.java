// Runs CQL statements as a Cassandra superuser over TLS, for scripts/stack's secure mode: the
// roles mobilecs logs in with, and a new password for the default superuser. Cassandra's own
// Java driver (a dependency of cassandra-all, so no download of its own); statements come on
// standard input, one a line, and the password in STACK_CASSANDRA_PASSWORD, so that neither
// shows in the list of processes.
//   java -cp "lib/*" CassandraRoles.java HOST PORT CA_FILE USER < statements.cql
import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ProtocolVersion;
import com.datastax.driver.core.RemoteEndpointAwareJdkSSLOptions;
import com.datastax.driver.core.Session;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

public class CassandraRoles {
  public static void main(String[] args) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    int n = 0;
    try (FileInputStream ca = new FileInputStream(args[2])) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(ca)) {
        trusted.setCertificateEntry("ca" + n++, c);
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    List<String> statements = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) statements.add(line);
      }
    }
    try (Cluster cluster = Cluster.builder().addContactPoint(args[0]).withPort(Integer.parseInt(args[1]))
            .withCredentials(args[3], System.getenv("STACK_CASSANDRA_PASSWORD"))
            .withProtocolVersion(ProtocolVersion.V4)
            .withSSL(RemoteEndpointAwareJdkSSLOptions.builder().withSSLContext(tls).build())
            .withoutJMXReporting().withoutMetrics().build();
         Session session = cluster.connect()) {
      for (String statement : statements) session.execute(statement);
    }
  }
}
