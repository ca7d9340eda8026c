package dev.likeness.broker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * The static KRaft controller quorum ({@code controller.quorum.voters}): every member's node id and
 * the host and port of its controller listener, as {@code 1@host:19093,2@host:19095,...}.
 *
 * @param voters the members, in the order given
 */
public record QuorumVoters(List<Voter> voters) {

  /** One member of the quorum: {@code id@host:port}. */
  public record Voter(int id, String host, int port) {
    public Voter {
      if (id < 0) {
        throw new IllegalArgumentException("a voter's node id must not be negative: " + id);
      }
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("voter " + id + " has no host");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("voter " + id + " has a port out of range: " + port);
      }
    }

    @Override
    public String toString() {
      return id + "@" + host + ":" + port;
    }
  }

  public QuorumVoters {
    voters = List.copyOf(voters);
    if (voters.isEmpty()) {
      throw new IllegalArgumentException("the controller quorum needs at least one voter");
    }
    Set<Integer> ids = new HashSet<>();
    for (Voter v : voters) {
      if (!ids.add(v.id())) {
        throw new IllegalArgumentException("node id " + v.id() + " appears twice among the voters");
      }
    }
  }

  /**
   * Parses {@code id@host:port[,id@host:port...]}.
   *
   * @throws IllegalArgumentException naming the entry that is not of that form
   */
  public static QuorumVoters parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the controller quorum voters are empty");
    }
    List<Voter> voters = new ArrayList<>();
    for (String entry : text.split(",")) {
      voters.add(parseVoter(entry.strip()));
    }
    return new QuorumVoters(voters);
  }

  private static Voter parseVoter(String entry) {
    int at = entry.indexOf('@');
    int colon = entry.lastIndexOf(':');
    if (at <= 0 || colon <= at + 1 || colon == entry.length() - 1) {
      throw new IllegalArgumentException(
          "'" + entry + "' is not a voter of the form id@host:port (e.g. 1@127.0.0.1:19093)");
    }
    try {
      return new Voter(
          Integer.parseInt(entry.substring(0, at)),
          entry.substring(at + 1, colon),
          Integer.parseInt(entry.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + entry + "' is not a voter of the form id@host:port (e.g. 1@127.0.0.1:19093)", e);
    }
  }

  /** A quorum of one: this node alone. */
  public static QuorumVoters alone(int nodeId, String host, int controllerPort) {
    return new QuorumVoters(List.of(new Voter(nodeId, host, controllerPort)));
  }

  public int size() {
    return voters.size();
  }

  /** The entry of node {@code nodeId}, if it is a voter. */
  public Optional<Voter> voter(int nodeId) {
    return voters.stream().filter(v -> v.id() == nodeId).findFirst();
  }

  /**
   * A cluster id every member derives alike from the voters, so that members formatted apart agree
   * without passing an id around. The order of the entries does not matter.
   */
  public String derivedClusterId() {
    String canonical =
        voters.stream()
            .sorted(Comparator.comparingInt(Voter::id))
            .map(Voter::toString)
            .collect(Collectors.joining(","));
    for (int salt = 0; ; salt++) {
      UUID name =
          UUID.nameUUIDFromBytes(
              ("likeness-cluster:" + canonical + "#" + salt).getBytes(StandardCharsets.UTF_8));
      String id =
          new Uuid(name.getMostSignificantBits(), name.getLeastSignificantBits()).toString();
      // The storage tool would read an id that starts with '-' as an option.
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  /** The {@code controller.quorum.voters} value. */
  @Override
  public String toString() {
    return voters.stream().map(Voter::toString).collect(Collectors.joining(","));
  }
}
