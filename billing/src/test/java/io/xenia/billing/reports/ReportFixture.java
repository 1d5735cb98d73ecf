package io.xenia.billing.reports;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.xenia.billing.persistence.BillingSchema;
import io.xenia.billing.persistence.DatabaseConfig;
import io.xenia.billing.support.ChargeComponents;
import io.xenia.testsupport.JournalRows;
import io.xenia.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;

/**
 * A database of its own on the shared PostgreSQL, with the broker's migrations (read from the
 * broker's source tree: billing does not depend on the broker module) and billing's, and the rows
 * reports, exports and reconciliation read: accounts, hosts, purchase orders with their ring-fenced
 * money, and usage charges with the journal entries the charging writes (ring-fenced → host payable
 * + platform revenue, reference {@code usage <session>/<seq>}, made by the billing account). One
 * per test class; not thread-safe.
 */
public final class ReportFixture implements AutoCloseable {
  public static final UUID BILLING_ACCOUNT =
      UUID.fromString("00000000-0000-4000-8000-00000000b111");

  private final String url;
  private final Connection jdbc;
  private final Vertx vertx;
  private final Pool pool;

  private ReportFixture(String url, Connection jdbc, Vertx vertx, Pool pool) {
    this.url = url;
    this.jdbc = jdbc;
    this.vertx = vertx;
    this.pool = pool;
  }

  public static ReportFixture create(String prefix) {
    PostgresServer pg = PostgresServer.shared();
    String db = prefix + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    String url = pg.createDatabase(db);
    Flyway.configure()
        .dataSource(url, pg.user(), pg.password())
        .locations("filesystem:../broker/src/main/resources/db/migration")
        .load()
        .migrate();
    BillingSchema.migrate(new DatabaseConfig(url, pg.user(), pg.password(), 2));
    try {
      Connection jdbc = DriverManager.getConnection(url, pg.user(), pg.password());
      Vertx vertx = Vertx.vertx();
      Pool pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(2))
              .connectingTo(
                  new PgConnectOptions()
                      .setHost(pg.host())
                      .setPort(pg.port())
                      .setDatabase(db)
                      .setUser(pg.user())
                      .setPassword(pg.password()))
              .using(vertx)
              .build();
      return new ReportFixture(url, jdbc, vertx, pool);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Pool pool() {
    return pool;
  }

  public Connection jdbc() {
    return jdbc;
  }

  public String url() {
    return url;
  }

  public UUID account(String kind, String name) {
    UUID id = UUID.randomUUID();
    update(
        "INSERT INTO account (id, kind, name, contact_email, created_at) VALUES (?, ?, ?, 'x@example.com', now())",
        id,
        kind,
        name);
    return id;
  }

  /** An API key of {@code account} holding {@code scopes}; returns the bearer token. */
  public String apiKey(UUID account, String scopes) {
    io.xenia.protocol.credentials.ApiKeyToken token =
        io.xenia.protocol.credentials.ApiKeyToken.generate(UUID.randomUUID());
    update(
        "INSERT INTO api_key (id, account_id, name, secret_hash, scopes, created_at)"
            + " VALUES (?, ?, 'test', ?, ?, now())",
        token.keyId(),
        account,
        token.secretHash(),
        scopes);
    return token.value();
  }

  public UUID host(UUID operator, String name) {
    UUID id = UUID.randomUUID();
    byte[] key = new byte[32];
    ThreadLocalRandom.current().nextBytes(key);
    update(
        "INSERT INTO host (id, account_id, name, host_key, status, enrolled_at, last_seen_at,"
            + " status_changed_at) VALUES (?, ?, ?, ?, 'up', now(), now(), now())",
        id,
        operator,
        name,
        key);
    return id;
  }

  /** An open order whose whole limit is ring-fenced (a deposit straight from outside). */
  public UUID order(UUID customer, String currency, long limitMicros) {
    return inTransaction(() -> fundedOrder(customer, currency, limitMicros));
  }

  private UUID fundedOrder(UUID customer, String currency, long limitMicros) {
    UUID id = UUID.randomUUID();
    update(
        "INSERT INTO purchase_order (id, account_id, currency, limit_micros, status, expires_at,"
            + " created_at) VALUES (?, ?, ?, ?, 'open', now() + interval '30 days', now())",
        id,
        customer,
        currency,
        limitMicros);
    UUID ringFenced = ledgerAccount("customer-ring-fenced", customer, id, currency, 0L);
    UUID external = ledgerAccount("external", null, null, currency, null);
    UUID entry =
        entry(
            "purchase-order-ring-fence",
            currency,
            customer,
            id,
            "fund " + id,
            customer,
            Instant.now());
    lines(entry, java.util.Map.of(external, -limitMicros, ringFenced, limitMicros));
    return id;
  }

  /** One usage record as the charging writes it; returns it for the test's sums. */
  public Charge charge(ChargeSpec spec) {
    return chargeBatch(List.of(spec)).get(0);
  }

  /**
   * Usage records charged in one batch, as the charging writes them: one {@code
   * purchase-order-charge} entry per purchase order (ring-fenced − Σ charged, each host operator's
   * host-payable + Σ its share, platform revenue + Σ fees), each record naming its order's entry.
   */
  public List<Charge> chargeBatch(List<ChargeSpec> specs) {
    return inTransaction(() -> charged(specs));
  }

  private List<Charge> charged(List<ChargeSpec> specs) {
    java.util.Map<UUID, UUID> entryOfOrder = new java.util.LinkedHashMap<>();
    java.util.Map<UUID, java.util.Map<UUID, Long>> linesOfEntry = new java.util.LinkedHashMap<>();
    List<Charge> out = new ArrayList<>();
    for (ChargeSpec spec : specs) {
      long rated = 0;
      for (Line l : spec.lines) {
        rated += l.amountMicros;
      }
      long charged = Math.min(rated, spec.chargeableMicros);
      long fee = charged * spec.feeBasisPoints / 10_000;
      UUID entry = null;
      if (charged > 0) {
        entry =
            entryOfOrder.computeIfAbsent(
                spec.order,
                o ->
                    entry(
                        "purchase-order-charge",
                        spec.currency,
                        spec.customer,
                        spec.order,
                        "usage charges",
                        BILLING_ACCOUNT,
                        spec.ratedAt));
        var lines = linesOfEntry.computeIfAbsent(entry, e -> new java.util.LinkedHashMap<>());
        lines.merge(
            ledgerAccount("customer-ring-fenced", spec.customer, spec.order, spec.currency, 0L),
            -charged,
            Long::sum);
        lines.merge(
            ledgerAccount("host-payable", spec.operator, null, spec.currency, 0L),
            charged - fee,
            Long::sum);
        lines.merge(
            ledgerAccount("platform-revenue", null, null, spec.currency, 0L), fee, Long::sum);
      }
      out.add(new Charge(spec.session, spec.sequence, rated, charged, fee, entry));
    }
    linesOfEntry.forEach(
        (entry, lines) -> {
          lines.values().removeIf(micros -> micros == 0);
          lines(entry, lines);
        });
    for (int i = 0; i < specs.size(); i++) {
      usageRows(specs.get(i), out.get(i));
    }
    return out;
  }

  private void usageRows(ChargeSpec spec, Charge c) {
    java.util.Map<String, long[]> components = new java.util.LinkedHashMap<>();
    for (Line l : spec.lines) {
      components.put(l.component, new long[] {l.measured, l.unitPriceMicros, l.amountMicros});
    }
    update(
        "INSERT INTO billing.usage_charge (session_id, sequence, agreement_id, record_sha256,"
            + " customer_account_id, purchase_order_id, host_id, host_operator_id, region,"
            + " interval_start, interval_end, currency, rated_micros, charged_micros, fee_micros,"
            + " journal_entry_id, source_partition, source_offset, rated_at, "
            + ChargeComponents.COLUMNS
            + ") VALUES (?, ?, 'agr', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, "
            + ChargeComponents.PLACEHOLDERS
            + ")",
        ChargeComponents.with(
            new Object[] {
              c.session(),
              c.sequence(),
              new byte[32],
              spec.customer,
              spec.order,
              spec.host,
              spec.operator,
              spec.region,
              utc(spec.ratedAt.minusSeconds(60)),
              utc(spec.ratedAt),
              spec.currency,
              c.ratedMicros(),
              c.chargedMicros(),
              c.feeMicros(),
              c.entry(),
              c.sequence(),
              utc(spec.ratedAt)
            },
            components));
    if (c.ratedMicros() > c.chargedMicros()) {
      update(
          "INSERT INTO billing.order_overrun (session_id, sequence, purchase_order_id,"
              + " host_operator_id, currency, overrun_micros, recorded_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)",
          c.session(),
          c.sequence(),
          spec.order,
          spec.operator,
          spec.currency,
          c.ratedMicros() - c.chargedMicros(),
          utc(spec.ratedAt));
    }
  }

  public void deadLetter(String reason, Instant receivedAt) {
    update(
        "INSERT INTO billing.dead_letter (source_topic, source_partition, source_offset, reason,"
            + " detail, record, received_at) VALUES ('usage.v1', 0, ?, ?, 'test', ?, ?)",
        ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
        reason,
        new byte[] {1},
        utc(receivedAt));
  }

  /** A journal entry with its header only; add lines with {@link #lines}. */
  public UUID entry(
      String kind,
      String currency,
      UUID account,
      UUID order,
      String reference,
      UUID createdBy,
      Instant at) {
    try {
      return JournalRows.entry(
          jdbc, kind, currency, account, order, reference, createdBy, at, java.util.Map.of());
    } catch (SQLException e) {
      throw new IllegalStateException("entry " + kind + ": " + e.getMessage(), e);
    }
  }

  /** All lines of {@code entry} (ledger account id → signed micro-units), in one statement. */
  public void lines(UUID entry, java.util.Map<UUID, Long> lines) {
    try {
      JournalRows.lines(jdbc, entry, lines);
    } catch (SQLException e) {
      throw new IllegalStateException("lines of " + entry + ": " + e.getMessage(), e);
    }
  }

  /** The ledger account of that identity, made (balance 0) if it does not exist yet. */
  public UUID ledgerAccount(String book, UUID owner, UUID order, String currency, Long floor) {
    try (PreparedStatement s =
        jdbc.prepareStatement(
            "INSERT INTO ledger_account (id, book, owner_account_id, purchase_order_id, currency,"
                + " floor_micros) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING")) {
      bind(s, UUID.randomUUID(), book, owner, order, currency, floor);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    try (PreparedStatement s =
        jdbc.prepareStatement(
            "SELECT id FROM ledger_account WHERE book = ? AND owner_account_id IS NOT DISTINCT FROM ?"
                + " AND purchase_order_id IS NOT DISTINCT FROM ? AND currency = ?")) {
      bind(s, book, owner, order, currency);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code work} as one transaction: the ledger checks that an entry balances at commit, once
   * all of its lines are in.
   */
  public <T> T inTransaction(java.util.function.Supplier<T> work) {
    try {
      jdbc.setAutoCommit(false);
      try {
        T result = work.get();
        jdbc.commit();
        return result;
      } catch (RuntimeException e) {
        jdbc.rollback();
        throw e;
      } finally {
        jdbc.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void update(String sql, Object... parameters) {
    try (PreparedStatement s = jdbc.prepareStatement(sql)) {
      bind(s, parameters);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      s.setObject(i + 1, parameters[i]);
    }
  }

  @Override
  public void close() {
    pool.close();
    vertx.close();
    try {
      jdbc.close();
    } catch (SQLException e) {
      // closing a test database's connection: nothing to do
    }
  }

  /** A priced component of a usage record. */
  public record Line(String component, long measured, long unitPriceMicros, long amountMicros) {}

  /** What {@link #charge} wrote. */
  public record Charge(
      UUID session,
      long sequence,
      long ratedMicros,
      long chargedMicros,
      long feeMicros,
      UUID entry) {}

  /** A usage record to charge: its parties, when, and its lines. */
  public static final class ChargeSpec {
    UUID session = UUID.randomUUID();
    long sequence = 1;
    UUID customer;
    UUID order;
    UUID host;
    UUID operator;
    String region;
    String currency = "EUR";
    Instant ratedAt;
    long chargeableMicros = Long.MAX_VALUE;
    int feeBasisPoints;
    final List<Line> lines = new ArrayList<>();

    public ChargeSpec(UUID customer, UUID order, UUID host, UUID operator, Instant ratedAt) {
      this.customer = customer;
      this.order = order;
      this.host = host;
      this.operator = operator;
      this.ratedAt = ratedAt;
    }

    public ChargeSpec session(UUID session, long sequence) {
      this.session = session;
      this.sequence = sequence;
      return this;
    }

    public ChargeSpec region(String region) {
      this.region = region;
      return this;
    }

    public ChargeSpec currency(String currency) {
      this.currency = currency;
      return this;
    }

    public ChargeSpec fee(int basisPoints) {
      this.feeBasisPoints = basisPoints;
      return this;
    }

    /** What the order can still pay: less than the rated worth makes an overrun. */
    public ChargeSpec orderHolds(long micros) {
      this.chargeableMicros = micros;
      return this;
    }

    /** Machine time at a price per hour (micros), rounded down as the rater does. */
    public ChargeSpec machine(long seconds, long perHourMicros) {
      lines.add(new Line("machine-hour", seconds, perHourMicros, perHourMicros * seconds / 3600));
      return this;
    }

    public ChargeSpec egress(long bytes, long perGibMicros) {
      lines.add(new Line("egress-gib", bytes, perGibMicros, perGibMicros * bytes / (1L << 30)));
      return this;
    }
  }
}
