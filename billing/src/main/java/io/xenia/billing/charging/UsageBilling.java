package io.xenia.billing.charging;

import io.xenia.billing.rating.Rater;
import io.xenia.billing.rating.Rating;
import io.xenia.billing.rating.UnratableUsageException;
import io.xenia.billing.store.BrokerFacts;
import io.xenia.billing.store.ChargeStore;
import io.xenia.billing.usage.DeadLetterReason;
import io.xenia.billing.usage.IncomingRecord;
import io.xenia.billing.usage.InvalidUsageException;
import io.xenia.billing.usage.UsageCheck;
import io.xenia.billing.usage.VerifiedUsage;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.UsageQuantities;
import io.xenia.protocol.records.UsageRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Turns a batch of delivered Kafka records (usage records alone or in usage-batches) into charges:
 * verifies each (in parallel: Ed25519 verification is the costly step), finds its session and
 * agreement, checks and rates it, and hands the batch to the {@link ChargeStore}. Records found
 * invalid go to the store as dead letters, in the same transaction.
 */
public final class UsageBilling {
  private final BrokerFacts facts;
  private final ChargeStore store;
  private final ExecutorService verifiers;

  public UsageBilling(BrokerFacts facts, ChargeStore store, ExecutorService verifiers) {
    this.facts = facts;
    this.store = store;
    this.verifiers = verifiers;
  }

  /** A batch whose records are being opened (verified) on the verifier threads. */
  public static final class Prepared {
    private final List<Delivered> delivered;
    private final List<Future<Object>> opened;

    private Prepared(List<Delivered> delivered, List<Future<Object>> opened) {
      this.delivered = delivered;
      this.opened = opened;
    }

    public List<Delivered> delivered() {
      return delivered;
    }
  }

  /**
   * Starts opening the batch's Kafka records on the verifier threads (one task per Kafka record: a
   * usage-batch is one verification) and returns at once: the consumer verifies its next batch
   * while the database charges the current one.
   */
  public Prepared prepare(List<Delivered> delivered) {
    List<Future<Object>> futures = new ArrayList<>(delivered.size());
    for (Delivered d : delivered) {
      futures.add(
          verifiers.submit(
              () -> {
                try {
                  return IncomingRecord.open(d.value());
                } catch (InvalidUsageException e) {
                  return e;
                }
              }));
    }
    return new Prepared(List.copyOf(delivered), futures);
  }

  /** {@link #prepare} and {@link #bill(Prepared)} in one. */
  public BatchResult bill(List<Delivered> delivered) {
    return bill(prepare(delivered));
  }

  /** Charges one prepared batch in one transaction. */
  public BatchResult bill(Prepared prepared) {
    return bill(List.of(prepared), Integer.MAX_VALUE);
  }

  /**
   * Charges prepared batches, in order, waiting for their records to be opened: in transactions of
   * at most {@code perTransaction} usage records, one after another (the first also records the
   * Kafka records that could not be opened). A Kafka record that cannot be opened is one dead
   * letter; a member of a usage-batch that fails its own checks is a dead letter of its own, and
   * the other members are charged. Should a later transaction fail, the earlier ones stay
   * committed: the caller reads the whole group again, and what was charged is a replay.
   */
  public BatchResult bill(List<Prepared> group, int perTransaction) {
    if (perTransaction < 1) {
      throw new IllegalArgumentException("perTransaction must be at least 1");
    }
    List<Delivered> delivered = new ArrayList<>();
    List<Future<Object>> futures = new ArrayList<>();
    for (Prepared p : group) {
      delivered.addAll(p.delivered);
      futures.addAll(p.opened);
    }
    List<Object> opened = await(futures);
    Set<UUID> sessionIds = new HashSet<>();
    Set<String> agreementIds = new HashSet<>();
    for (Object o : opened) {
      if (o instanceof List<?> members) {
        for (Object m : members) {
          UsageRecord r = ((VerifiedUsage) m).record();
          uuid(r.sessionId()).ifPresent(sessionIds::add);
          agreementIds.add(r.agreementId());
        }
      }
    }
    Map<UUID, SessionFacts> sessions = facts.sessions(sessionIds);
    Map<String, Agreement> agreements = facts.agreements(agreementIds);
    List<RatedRecord> rated = new ArrayList<>();
    List<DeadLetter> rejected = new ArrayList<>();
    for (int i = 0; i < delivered.size(); i++) {
      Delivered d = delivered.get(i);
      Object o = opened.get(i);
      if (o instanceof InvalidUsageException e) {
        rejected.add(DeadLetter.unread(d, e));
        continue;
      }
      for (Object m : (List<?>) o) {
        VerifiedUsage v = (VerifiedUsage) m;
        UsageRecord r = v.record();
        try {
          rated.add(rate(d, v, sessions, agreements));
        } catch (InvalidUsageException e) {
          rejected.add(DeadLetter.of(d, e, r.sessionId(), r.sequence(), v.index()));
        }
      }
    }
    BatchResult total =
        store.apply(rated.subList(0, Math.min(perTransaction, rated.size())), rejected);
    for (int from = perTransaction; from < rated.size(); from += perTransaction) {
      List<RatedRecord> part = rated.subList(from, Math.min(from + perTransaction, rated.size()));
      total = total.plus(store.apply(part, List.of()));
    }
    return total;
  }

  private static RatedRecord rate(
      Delivered d,
      VerifiedUsage verified,
      Map<UUID, SessionFacts> sessions,
      Map<String, Agreement> agreements)
      throws InvalidUsageException {
    UsageRecord r = verified.record();
    Agreement agreement = agreements.get(r.agreementId());
    SessionFacts session = uuid(r.sessionId()).map(sessions::get).orElse(null);
    if (agreement == null || session == null) {
      throw new InvalidUsageException(
          DeadLetterReason.UNKNOWN_AGREEMENT,
          "no agreement " + r.agreementId() + " for session " + r.sessionId());
    }
    if (!verified.signer().equals(session.hostKey())) {
      throw new InvalidUsageException(
          DeadLetterReason.AGREEMENT_MISMATCH,
          "record not signed by the key of host " + session.hostId() + " of the session");
    }
    UsageQuantities billable = UsageCheck.billable(r, agreement);
    if (!agreement.prices().currency().equals(session.currency())) {
      throw new InvalidUsageException(
          DeadLetterReason.AGREEMENT_MISMATCH,
          "agreement prices in "
              + agreement.prices().currency()
              + ", the purchase order is in "
              + session.currency());
    }
    Rating rating;
    try {
      rating = Rater.rate(agreement.prices(), billable);
    } catch (UnratableUsageException e) {
      throw new InvalidUsageException(DeadLetterReason.UNKNOWN_UNIT, e.getMessage());
    }
    return new RatedRecord(d, r, verified.sha256(), session, rating, verified.index());
  }

  /**
   * Each delivered Kafka record opened: a {@code List<VerifiedUsage>} or an InvalidUsageException.
   */
  private static List<Object> await(List<Future<Object>> futures) {
    List<Object> opened = new ArrayList<>(futures.size());
    for (Future<Object> f : futures) {
      try {
        opened.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while verifying usage records", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("verifying a usage record failed", e.getCause());
      }
    }
    return opened;
  }

  private static java.util.Optional<UUID> uuid(String id) {
    try {
      return java.util.Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
