package io.xenia.billing.store;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.api.Ids;
import io.xenia.billing.charging.BatchResult;
import io.xenia.billing.charging.ChargePlan;
import io.xenia.billing.charging.ChargePlanner;
import io.xenia.billing.charging.ChargedInterval;
import io.xenia.billing.charging.DeadLetter;
import io.xenia.billing.charging.PlannedCharge;
import io.xenia.billing.charging.RatedRecord;
import io.xenia.billing.charging.RatedRecord.ChargeKey;
import io.xenia.billing.charging.StoredAround;
import io.xenia.billing.journal.JournalWriter;
import io.xenia.billing.persistence.BulkInsert;
import io.xenia.billing.persistence.Sql;
import io.xenia.billing.rating.RatedLine;
import io.xenia.billing.rating.UsageUnit;
import io.xenia.protocol.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Charges a batch of rated records in one PostgreSQL transaction: the exactly-once rows, one
 * balanced journal entry per currency ({@link ChargeEntry}: ring-fenced → host payable + platform
 * revenue), the sessions' holds, overruns with their notification, and the batch's dead letters.
 *
 * <p>Locks are taken in the ledger's order (docs/billing.md): purchase order rows, ring-fenced
 * accounts, host-payable, platform revenue, then session rows; each group in id order. A deadlock
 * or serialization failure against the broker's own transactions rolls the batch back and it is
 * tried again.
 */
public final class ChargeStore {
  /** The account billing's journal entries are made by (broker V014). */
  public static final UUID BILLING_ACCOUNT =
      UUID.fromString("00000000-0000-4000-8000-00000000b111");

  /** The channel the broker listens on for orders that could not pay (docs/billing.md). */
  public static final String OVERRUN_CHANNEL = "xenia_order_overrun";

  private static final int ATTEMPTS = 5;

  /** The priced components, in the order of usage_charge's component columns (V004). */
  private static final List<String> COMPONENTS =
      List.of(
          RatedLine.MACHINE_HOUR,
          UsageUnit.EGRESS_GIB.slug(),
          UsageUnit.INGRESS_GIB.slug(),
          UsageUnit.CPU_CORE_HOUR.slug(),
          UsageUnit.MEMORY_GIB_HOUR.slug());

  private final Pool pool;
  private final ChargePlanner planner;
  private final Clock clock;

  public ChargeStore(Pool pool, ChargePlanner planner, Clock clock) {
    this.pool = pool;
    this.planner = planner;
    this.clock = clock;
  }

  /**
   * Charges {@code batch} (in delivery order) and records {@code rejected} (found invalid before
   * any lock was needed) as dead letters, together.
   */
  public BatchResult apply(List<RatedRecord> batch, List<DeadLetter> rejected) {
    for (int attempt = 1; ; attempt++) {
      try {
        return applyOnce(batch, rejected);
      } catch (PgException e) {
        boolean retryable = "40P01".equals(e.getSqlState()) || "40001".equals(e.getSqlState());
        if (!retryable || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private BatchResult applyOnce(List<RatedRecord> batch, List<DeadLetter> rejected) {
    SqlConnection conn = Sql.await(pool.getConnection());
    try {
      Transaction tx = Sql.await(conn.begin());
      try {
        BatchResult result = charge(conn, batch, rejected);
        Sql.await(tx.commit());
        return result;
      } catch (RuntimeException e) {
        try {
          Sql.await(tx.rollback());
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } finally {
      conn.close();
    }
  }

  private BatchResult charge(
      SqlConnection conn, List<RatedRecord> batch, List<DeadLetter> rejected) {
    Instant now = clock.instant();
    TreeSet<UUID> orders = new TreeSet<>();
    batch.forEach(r -> orders.add(r.session().purchaseOrder()));
    ChargePlan plan;
    if (batch.isEmpty()) {
      plan = new ChargePlan(List.of(), List.of(), 0);
    } else {
      Sql.await(
          conn.preparedQuery(
                  "SELECT id FROM public.purchase_order WHERE id = ANY($1) ORDER BY id FOR UPDATE")
              .execute(Sql.args(orders.toArray(new UUID[0]))));
      Map<UUID, UUID> ringFencedIds = new HashMap<>();
      Map<UUID, Money> available = lockRingFenced(conn, batch, orders, ringFencedIds);
      plan = planner.plan(batch, storedAround(conn, batch), available);
      post(conn, plan, ringFencedIds, now);
    }
    List<DeadLetter> dead = new ArrayList<>(rejected);
    dead.addAll(plan.deadLetters());
    insertDeadLetters(conn, dead, now);
    int overruns = (int) plan.charges().stream().filter(c -> c.overrun().isPositive()).count();
    return new BatchResult(plan.charges().size(), plan.replays(), dead, overruns);
  }

  private static Map<UUID, Money> lockRingFenced(
      SqlConnection conn, List<RatedRecord> batch, Set<UUID> orders, Map<UUID, UUID> ids) {
    Map<UUID, java.util.Currency> currency = new HashMap<>();
    batch.forEach(r -> currency.put(r.session().purchaseOrder(), r.session().currency()));
    Map<UUID, Money> available = new HashMap<>();
    for (UUID order : orders) {
      available.put(order, Money.zero(currency.get(order)));
    }
    var rows =
        Sql.await(
            conn.preparedQuery(
                    "SELECT id, purchase_order_id, balance_micros, COALESCE(floor_micros, 0)"
                        + " FROM public.ledger_account WHERE book = 'customer-ring-fenced'"
                        + " AND purchase_order_id = ANY($1) ORDER BY purchase_order_id FOR UPDATE")
                .execute(Sql.args(orders.toArray(new UUID[0]))));
    for (Row r : rows) {
      UUID order = r.getUUID(1);
      ids.put(order, r.getUUID(0));
      available.put(order, Money.ofMicros(currency.get(order), r.getLong(2) - r.getLong(3)));
    }
    return available;
  }

  /**
   * Per record of the batch, what is charged for its session around its sequence (none for a key
   * with nothing around it): the record under the same number, or else the nearest records on
   * either side. Two probes of the primary key per record, each a single descent of it (LATERAL:
   * whatever the planner guesses of the arrays' length, a hash join over the whole table was its
   * other choice).
   */
  private static Map<ChargeKey, StoredAround> storedAround(
      SqlConnection conn, List<RatedRecord> batch) {
    var rows =
        Sql.await(
            conn.preparedQuery(
                    "SELECT k.s, k.q, p.sequence, p.interval_start, p.interval_end,"
                        + " p.record_sha256, n.sequence, n.interval_start, n.interval_end"
                        + " FROM unnest($1::uuid[], $2::bigint[]) AS k(s, q)"
                        + " LEFT JOIN LATERAL (SELECT c.sequence, c.interval_start, c.interval_end,"
                        + " c.record_sha256 FROM billing.usage_charge c WHERE c.session_id = k.s"
                        + " AND c.sequence <= k.q ORDER BY c.sequence DESC LIMIT 1) p ON true"
                        + " LEFT JOIN LATERAL (SELECT c.sequence, c.interval_start, c.interval_end"
                        + " FROM billing.usage_charge c WHERE c.session_id = k.s"
                        + " AND c.sequence > k.q ORDER BY c.sequence LIMIT 1) n ON true"
                        + " WHERE p.sequence IS NOT NULL OR n.sequence IS NOT NULL")
                .execute(Sql.args(sessions(batch), sequences(batch))));
    Map<ChargeKey, StoredAround> around = new HashMap<>();
    for (Row r : rows) {
      long sequence = r.getLong(1);
      Optional<ChargedInterval> atOrBefore = interval(r, 2);
      boolean same = atOrBefore.map(i -> i.sequence() == sequence).orElse(false);
      around.put(
          new ChargeKey(r.getUUID(0), sequence),
          same
              ? new StoredAround(
                  Optional.of(r.getBuffer(5).getBytes()), Optional.empty(), Optional.empty())
              : new StoredAround(Optional.empty(), atOrBefore, interval(r, 6)));
    }
    return around;
  }

  /** The interval in columns {@code from} (sequence), +1 (start) and +2 (end), if not null. */
  private static Optional<ChargedInterval> interval(Row r, int from) {
    if (r.getValue(from) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ChargedInterval(
            r.getLong(from),
            r.getOffsetDateTime(from + 1).toInstant(),
            r.getOffsetDateTime(from + 2).toInstant()));
  }

  private static void post(
      SqlConnection conn, ChargePlan plan, Map<UUID, UUID> ringFenced, Instant now) {
    List<PlannedCharge> paid =
        plan.charges().stream().filter(c -> c.charged().isPositive()).toList();
    Map<String, UUID> hostPayable = lockHostPayable(conn, paid);
    Map<String, UUID> platform = lockPlatformRevenue(conn, paid);
    OffsetDateTime at = utc(now);
    // One journal entry per currency per transaction (ChargeEntry says why), with a line per
    // ledger account: each order's ring-fenced account, each operator's host-payable, the platform.
    Map<String, ChargeEntry> entryOfCurrency = new TreeMap<>();
    List<Tuple> charges = new ArrayList<>();
    List<Tuple> overruns = new ArrayList<>();
    TreeMap<UUID, Long> sessionCharged = new TreeMap<>();
    Set<UUID> overrunOrders = new TreeSet<>();
    for (PlannedCharge c : plan.charges()) {
      RatedRecord r = c.rated();
      var s = r.session();
      String currency = s.currency().getCurrencyCode();
      UUID entry = null;
      if (c.charged().isPositive()) {
        UUID order = s.purchaseOrder();
        UUID ringFencedAccount = ringFenced.get(order);
        if (ringFencedAccount == null) {
          throw new IllegalStateException(
              "purchase order " + order + " has no ring-fenced account");
        }
        ChargeEntry journal = entryOfCurrency.computeIfAbsent(currency, ChargeEntry::new);
        journal.charge(
            s.customer(),
            order,
            ringFencedAccount,
            c.charged().micros(),
            hostPayable.get(s.hostOperator() + "/" + currency),
            c.hostShare().micros(),
            platform.get(currency),
            c.fee().micros());
        entry = journal.id();
        sessionCharged.merge(s.sessionId(), c.charged().micros(), Long::sum);
      }
      charges.add(
          Tuple.tuple()
              .addUUID(s.sessionId())
              .addLong(r.record().sequence())
              .addString(r.record().agreementId())
              .addBuffer(io.vertx.core.buffer.Buffer.buffer(r.sha256()))
              .addUUID(s.customer())
              .addUUID(s.purchaseOrder())
              .addUUID(s.hostId())
              .addUUID(s.hostOperator())
              .addString(s.region().orElse(null))
              .addOffsetDateTime(utc(r.record().intervalStart()))
              .addOffsetDateTime(utc(r.record().intervalEnd()))
              .addString(currency)
              .addLong(r.rating().total().micros())
              .addLong(c.charged().micros())
              .addLong(c.fee().micros())
              .addUUID(entry)
              .addInteger(r.source().partition())
              .addLong(r.source().offset())
              .addOffsetDateTime(at));
      addComponents(charges.get(charges.size() - 1), r.rating().lines());
      if (c.overrun().isPositive()) {
        overruns.add(
            Tuple.of(
                s.sessionId(),
                r.record().sequence(),
                s.purchaseOrder(),
                s.hostOperator(),
                currency,
                c.overrun().micros(),
                at));
        overrunOrders.add(s.purchaseOrder());
      }
    }
    List<Tuple> entries = new ArrayList<>();
    List<Tuple> lines = new ArrayList<>();
    for (ChargeEntry e : entryOfCurrency.values()) {
      entries.add(e.header(BILLING_ACCOUNT, at));
      e.addLines(lines);
    }
    // Entries and lines in one statement each: the broker's trigger (V015) then moves each
    // account's balance once per statement, and V017 checks each entry balances once.
    JournalWriter.insertEntries(conn, entries);
    JournalWriter.insertLines(conn, lines);
    BulkInsert.into(
        conn,
        "billing.usage_charge",
        withComponents(
            List.of(
                "session_id",
                "sequence",
                "agreement_id",
                "record_sha256",
                "customer_account_id",
                "purchase_order_id",
                "host_id",
                "host_operator_id",
                "region",
                "interval_start",
                "interval_end",
                "currency",
                "rated_micros",
                "charged_micros",
                "fee_micros",
                "journal_entry_id",
                "source_partition",
                "source_offset",
                "rated_at"),
            COMPONENT_COLUMNS),
        withComponents(
            List.of(
                "uuid",
                "bigint",
                "text",
                "bytea",
                "uuid",
                "uuid",
                "uuid",
                "uuid",
                "text",
                "timestamptz",
                "timestamptz",
                "text",
                "bigint",
                "bigint",
                "bigint",
                "uuid",
                "integer",
                "bigint",
                "timestamptz"),
            java.util.Collections.nCopies(COMPONENT_COLUMNS.size(), "bigint")),
        charges);
    BulkInsert.into(
        conn,
        "billing.order_overrun",
        List.of(
            "session_id",
            "sequence",
            "purchase_order_id",
            "host_operator_id",
            "currency",
            "overrun_micros",
            "recorded_at"),
        List.of("uuid", "bigint", "uuid", "uuid", "text", "bigint", "timestamptz"),
        overruns);
    // One statement for the batch's sessions, in id order (the lock order among sessions).
    if (!sessionCharged.isEmpty()) {
      Sql.await(
          conn.preparedQuery(
                  "UPDATE public.session s SET spent_micros = s.spent_micros + d.charged,"
                      + " reserved_micros = GREATEST(s.reserved_micros - d.charged, 0)"
                      + " FROM unnest($1::uuid[], $2::bigint[]) AS d(id, charged)"
                      + " WHERE s.id = d.id")
              .execute(
                  Sql.args(
                      sessionCharged.keySet().toArray(new UUID[0]),
                      sessionCharged.values().toArray(new Long[0]))));
    }
    for (UUID order : overrunOrders) {
      Sql.await(
          conn.preparedQuery("SELECT pg_notify($1, $2)")
              .execute(Sql.args(OVERRUN_CHANNEL, order.toString())));
    }
  }

  /** Per component, in {@link #COMPONENTS} order: its quantity, unit price and amount columns. */
  private static final List<String> COMPONENT_COLUMNS =
      COMPONENTS.stream()
          .map(c -> c.replace('-', '_'))
          .flatMap(
              c -> java.util.stream.Stream.of(c + "_measured", c + "_price_micros", c + "_micros"))
          .toList();

  private static List<String> withComponents(List<String> base, List<String> components) {
    List<String> all = new ArrayList<>(base);
    all.addAll(components);
    return all;
  }

  /**
   * The rated lines as the charge row's component columns (V004), in {@link #COMPONENTS} order:
   * quantity, unit price and amount, or three NULLs for a component the agreement does not price.
   */
  private static void addComponents(Tuple charge, List<RatedLine> lines) {
    for (RatedLine l : lines) {
      if (!COMPONENTS.contains(l.component())) {
        // A new UsageUnit needs its columns (a migration) before it can be charged.
        throw new IllegalStateException("usage_charge has no columns for " + l.component());
      }
    }
    for (String component : COMPONENTS) {
      RatedLine line = null;
      for (RatedLine l : lines) {
        if (l.component().equals(component)) {
          line = l;
        }
      }
      if (line == null) {
        charge.addLong(null).addLong(null).addLong(null);
      } else {
        charge
            .addLong(line.measured())
            .addLong(line.unitPrice().micros())
            .addLong(line.amount().micros());
      }
    }
  }

  /** Host-payable accounts of the batch's operators, created on first use, locked. */
  private static Map<String, UUID> lockHostPayable(SqlConnection conn, List<PlannedCharge> paid) {
    TreeMap<String, Tuple> wanted = new TreeMap<>();
    for (PlannedCharge c : paid) {
      var s = c.rated().session();
      String currency = s.currency().getCurrencyCode();
      wanted.putIfAbsent(
          s.hostOperator() + "/" + currency, Tuple.of(Ids.newId(), s.hostOperator(), currency));
    }
    return ensureAndLock(
        conn,
        "INSERT INTO public.ledger_account (id, book, owner_account_id, purchase_order_id,"
            + " currency, floor_micros) VALUES ($1, 'host-payable', $2, NULL, $3, 0)"
            + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING",
        "SELECT id, owner_account_id::text || '/' || currency FROM public.ledger_account"
            + " WHERE book = 'host-payable' AND purchase_order_id IS NULL"
            + " AND owner_account_id::text || '/' || currency = ANY($1) ORDER BY id FOR UPDATE",
        wanted);
  }

  /** The platform's revenue account per currency of the batch, created on first use, locked. */
  private static Map<String, UUID> lockPlatformRevenue(
      SqlConnection conn, List<PlannedCharge> paid) {
    TreeMap<String, Tuple> wanted = new TreeMap<>();
    for (PlannedCharge c : paid) {
      if (c.fee().isPositive()) {
        String currency = c.rated().session().currency().getCurrencyCode();
        wanted.putIfAbsent(currency, Tuple.of(Ids.newId(), currency));
      }
    }
    return ensureAndLock(
        conn,
        "INSERT INTO public.ledger_account (id, book, owner_account_id, purchase_order_id,"
            + " currency, floor_micros) VALUES ($1, 'platform-revenue', NULL, NULL, $2, 0)"
            + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING",
        "SELECT id, currency::text FROM public.ledger_account WHERE book = 'platform-revenue'"
            + " AND owner_account_id IS NULL AND purchase_order_id IS NULL"
            + " AND currency = ANY($1) ORDER BY id FOR UPDATE",
        wanted);
  }

  private static Map<String, UUID> ensureAndLock(
      SqlConnection conn, String insert, String select, TreeMap<String, Tuple> wanted) {
    Map<String, UUID> ids = new HashMap<>();
    if (wanted.isEmpty()) {
      return ids;
    }
    batch(conn, insert, new ArrayList<>(wanted.values()));
    var rows =
        Sql.await(
            conn.preparedQuery(select).execute(Sql.args(wanted.keySet().toArray(new String[0]))));
    for (Row r : rows) {
      ids.put(r.getString(1), r.getUUID(0));
    }
    return ids;
  }

  private static void insertDeadLetters(SqlConnection conn, List<DeadLetter> dead, Instant now) {
    List<Tuple> rows = new ArrayList<>();
    for (DeadLetter d : dead) {
      rows.add(
          Tuple.tuple()
              .addString(d.source().topic())
              .addInteger(d.source().partition())
              .addLong(d.source().offset())
              .addInteger(d.sourceIndex())
              .addString(d.reason().slug())
              .addString(d.detail())
              .addString(d.sessionId().orElse(null))
              .addLong(d.sequence().orElse(null))
              .addBuffer(io.vertx.core.buffer.Buffer.buffer(d.source().value()))
              .addOffsetDateTime(utc(now)));
    }
    batch(
        conn,
        "INSERT INTO billing.dead_letter (source_topic, source_partition, source_offset,"
            + " source_index, reason, detail, session_id, sequence, record, received_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
        rows);
  }

  private static void batch(SqlConnection conn, String sql, List<Tuple> rows) {
    if (!rows.isEmpty()) {
      Sql.await(conn.preparedQuery(sql).executeBatch(rows));
    }
  }

  private static UUID[] sessions(List<RatedRecord> batch) {
    return batch.stream().map(r -> r.session().sessionId()).toArray(UUID[]::new);
  }

  private static Long[] sequences(List<RatedRecord> batch) {
    return batch.stream().map(r -> r.record().sequence()).toArray(Long[]::new);
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
