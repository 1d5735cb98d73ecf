package io.xenia.broker.sessions;

import io.xenia.broker.problems.XeniaException;
import io.xenia.dht.query.Query;
import io.xenia.dht.query.QuerySyntaxException;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** A {@link CreateSessionRequest} checked: every field has its final type, or the request fails. */
record SessionRequest(
    UUID purchaseOrderId,
    Query query,
    Optional<UUID> hostId,
    Optional<String> machineId,
    int count,
    GroupConstraints constraints,
    Optional<UUID> imageId,
    Ed25519PublicKey customerKey,
    Optional<Duration> duration,
    List<String> furtherSshKeys) {

  static final int MAX_COUNT = 16;
  static final Duration MIN_DURATION = Duration.ofMinutes(1);
  static final long MAX_RTT_MILLIS = 60_000;
  static final int MAX_SSH_KEYS = 16;

  static SessionRequest of(CreateSessionRequest r) {
    if (r.purchaseOrderId() == null) {
      throw XeniaException.invalidField("purchaseOrderId", "is required");
    }
    boolean byMachine = r.hostId() != null || r.machineId() != null;
    boolean byQuery = r.query() != null;
    if (byMachine == byQuery) {
      throw XeniaException.invalidField(
          byMachine ? "query" : "hostId", "give either hostId and machineId, or a query");
    }
    if (byMachine && (r.hostId() == null || r.machineId() == null || r.machineId().isBlank())) {
      throw XeniaException.invalidField(
          r.hostId() == null ? "hostId" : "machineId", "hostId and machineId go together");
    }
    int count = r.count() == null ? 1 : r.count();
    if (count < 1 || count > MAX_COUNT) {
      throw XeniaException.invalidField("count", "must be 1.." + MAX_COUNT);
    }
    if (byMachine && count != 1) {
      throw XeniaException.invalidField("count", "a machine by id is one session");
    }
    OptionalLong maxRtt = OptionalLong.empty();
    if (r.maxRttMillis() != null) {
      if (r.maxRttMillis() < 1 || r.maxRttMillis() > MAX_RTT_MILLIS) {
        throw XeniaException.invalidField("maxRttMillis", "must be 1.." + MAX_RTT_MILLIS + " ms");
      }
      if (count < 2) {
        throw XeniaException.invalidField(
            "maxRttMillis", "bounds the RTT between group members: needs count > 1");
      }
      maxRtt = OptionalLong.of(r.maxRttMillis());
    }
    Query query;
    try {
      query = Query.parse(byQuery ? r.query() : OfferCandidates.EVERY_MACHINE);
    } catch (QuerySyntaxException e) {
      throw XeniaException.invalidField("query", e.getMessage());
    }
    if (r.sshPublicKeys() == null || r.sshPublicKeys().isEmpty()) {
      throw XeniaException.invalidField("sshPublicKeys", "needs at least one key");
    }
    Ed25519PublicKey key;
    try {
      key = SshKeys.ed25519(r.sshPublicKeys().get(0));
    } catch (IllegalArgumentException e) {
      throw XeniaException.invalidField("sshPublicKeys[0]", e.getMessage());
    }
    List<String> further = new java.util.ArrayList<>();
    for (int i = 1; i < r.sshPublicKeys().size(); i++) {
      try {
        String line = SshKeys.authorizedKeyLine(r.sshPublicKeys().get(i));
        if (!further.contains(line)) {
          further.add(line);
        }
      } catch (IllegalArgumentException e) {
        throw XeniaException.invalidField("sshPublicKeys[" + i + "]", e.getMessage());
      }
    }
    if (r.sshPublicKeys().size() > MAX_SSH_KEYS) {
      throw XeniaException.invalidField("sshPublicKeys", "at most " + MAX_SSH_KEYS + " keys");
    }
    Optional<Duration> duration = Optional.empty();
    if (r.durationSeconds() != null) {
      if (r.durationSeconds() < MIN_DURATION.toSeconds()
          || r.durationSeconds() > 3L * 366 * 24 * 3600) {
        throw XeniaException.invalidField(
            "durationSeconds", "must be at least " + MIN_DURATION.toSeconds() + " s");
      }
      duration = Optional.of(Duration.ofSeconds(r.durationSeconds()));
    }
    return new SessionRequest(
        r.purchaseOrderId(),
        query,
        Optional.ofNullable(r.hostId()),
        Optional.ofNullable(r.machineId()).map(String::strip),
        count,
        new GroupConstraints(
            Boolean.TRUE.equals(r.distinctOwners()), Boolean.TRUE.equals(r.sameRegion()), maxRtt),
        Optional.ofNullable(r.imageId()),
        key,
        duration,
        List.copyOf(further));
  }
}
