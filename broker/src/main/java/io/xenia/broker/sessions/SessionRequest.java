package io.xenia.broker.sessions;

import io.xenia.broker.problems.XeniaException;
import io.xenia.dht.query.Query;
import io.xenia.dht.query.QuerySyntaxException;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.time.Duration;
import java.util.Optional;
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
    Optional<Duration> duration) {

  static final int MAX_COUNT = 16;
  static final Duration MIN_DURATION = Duration.ofMinutes(1);

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
            Boolean.TRUE.equals(r.distinctOwners()), Boolean.TRUE.equals(r.sameRegion())),
        Optional.ofNullable(r.imageId()),
        key,
        duration);
  }
}
