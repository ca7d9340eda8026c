package dev.likeness.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * Creates the SCRAM users of a {@link SaslListener} through the Admin API, as an operator would on
 * a real cluster, and waits until the broker knows them.
 */
final class ScramUsers {
  private static final int ITERATIONS = 4096;
  private static final long POLL_MS = 20;

  private ScramUsers() {}

  /** Creates or updates every user, over the broker's PLAINTEXT listener at {@code bootstrap}. */
  static void create(String bootstrap, SaslListener listener, long deadlineNanos) {
    ScramMechanism mechanism = ScramMechanism.fromMechanismName(listener.mechanism());
    List<UserScramCredentialAlteration> upserts =
        listener.users().entrySet().stream()
            .map(
                u ->
                    (UserScramCredentialAlteration)
                        new UserScramCredentialUpsertion(
                            u.getKey(),
                            new ScramCredentialInfo(mechanism, ITERATIONS),
                            u.getValue()))
            .toList();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "kraft-broker-scram-users"))) {
      admin
          .alterUserScramCredentials(upserts)
          .all()
          .get(left(deadlineNanos), TimeUnit.MILLISECONDS);
      // The controller has them; the broker authenticates from its own copy of the metadata.
      while (true) {
        List<String> known =
            admin
                .describeUserScramCredentials()
                .users()
                .get(left(deadlineNanos), TimeUnit.MILLISECONDS);
        if (known.containsAll(listener.users().keySet())) {
          return;
        }
        if (left(deadlineNanos) <= 1) {
          throw new TimeoutException("users not visible: " + listener.users().keySet());
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KRaftBroker.BrokerStartException("Interrupted while creating SCRAM users", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KRaftBroker.BrokerStartException("Cannot create the SCRAM users: " + e, e);
    }
  }

  private static long left(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
