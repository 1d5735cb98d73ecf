package io.xenia.billing.support;

import io.xenia.protocol.credentials.ApiKeyToken;
import io.xenia.testsupport.JournalRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the rows an invoices, payouts or disputes scenario needs, over JDBC, as the broker
 * (accounts, API keys, funded purchase orders) and billing's usage consumer (a usage_charge with
 * its lines and its purchase-order-charge journal entry) would have written them. Every journal
 * entry balances.
 */
public final class ScenarioRows {
  /** Billing's own account (broker V014), the actor of its journal entries. */
  public static final UUID BILLING_ACCOUNT =
      UUID.fromString("00000000-0000-4000-8000-00000000b111");

  private final BillingDatabase database;

  public ScenarioRows(BillingDatabase database) {
    this.database = database;
  }

  public UUID account(String kind, String name) {
    UUID id = UUID.randomUUID();
    update(
        "INSERT INTO public.account (id, kind, name, contact_email, created_at)"
            + " VALUES (?, ?, ?, ?, now())",
        id,
        kind,
        name,
        name.replace(' ', '.') + "@example.test");
    return id;
  }

  /** A key with the given space-separated scopes; returns its bearer token. */
  public String apiKey(UUID account, String scopes) {
    return apiKey(account, scopes, null, null);
  }

  public String apiKey(UUID account, String scopes, Instant expiresAt, Instant revokedAt) {
    ApiKeyToken token = ApiKeyToken.generate(UUID.randomUUID());
    update(
        "INSERT INTO public.api_key (id, account_id, name, secret_hash, scopes, created_at,"
            + " expires_at, revoked_at) VALUES (?, ?, 'test', ?, ?, now(), ?, ?)",
        token.keyId(),
        account,
        token.secretHash(),
        scopes,
        expiresAt == null ? null : Timestamp.from(expiresAt),
        revokedAt == null ? null : Timestamp.from(revokedAt));
    return token.value();
  }

  /**
   * An open purchase order of {@code customer} holding {@code limitMicros}: a deposit from outside
   * into the customer's available funds, then ring-fenced into the order.
   */
  public UUID fundedOrder(UUID customer, String currency, long limitMicros) {
    UUID order = UUID.randomUUID();
    update(
        "INSERT INTO public.purchase_order (id, account_id, currency, limit_micros, status,"
            + " expires_at, created_at) VALUES (?, ?, ?, ?, 'open', now() + interval '30 days',"
            + " now())",
        order,
        customer,
        currency,
        limitMicros);
    UUID external = ledgerAccount("external", null, null, currency, null);
    UUID available = ledgerAccount("customer-available", customer, null, currency, 0L);
    UUID fenced = ledgerAccount("customer-ring-fenced", customer, order, currency, 0L);
    entry(
        "deposit",
        currency,
        customer,
        null,
        "test deposit",
        customer,
        Map.of(external, -limitMicros, available, limitMicros));
    entry(
        "purchase-order-ring-fence",
        currency,
        customer,
        order,
        null,
        customer,
        Map.of(available, -limitMicros, fenced, limitMicros));
    return order;
  }

  /** A usage record as rated and charged by billing's consumer. */
  public record Usage(
      UUID session,
      long sequence,
      UUID customer,
      UUID order,
      UUID hostOperator,
      String currency,
      Instant ratedAt,
      Map<String, Long> componentMicros,
      long chargedMicros,
      long feeMicros) {
    public long ratedMicros() {
      return componentMicros.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Writes the usage_charge row, its lines, the purchase-order-charge entry (ring-fenced →
   * host-payable + platform revenue) and the overrun row when not all was charged.
   */
  public void charge(Usage u) {
    UUID entryId = null;
    if (u.chargedMicros() > 0) {
      UUID fenced =
          ledgerAccount("customer-ring-fenced", u.customer(), u.order(), u.currency(), 0L);
      UUID host = ledgerAccount("host-payable", u.hostOperator(), null, u.currency(), 0L);
      UUID platform = ledgerAccount("platform-revenue", null, null, u.currency(), 0L);
      Map<UUID, Long> lines = new LinkedHashMap<>();
      lines.put(fenced, -u.chargedMicros());
      if (u.chargedMicros() - u.feeMicros() > 0) {
        lines.put(host, u.chargedMicros() - u.feeMicros());
      }
      if (u.feeMicros() > 0) {
        lines.put(platform, u.feeMicros());
      }
      entryId =
          entry(
              "purchase-order-charge",
              u.currency(),
              u.customer(),
              u.order(),
              "usage " + u.session() + "/" + u.sequence(),
              BILLING_ACCOUNT,
              lines);
    }
    Instant start = u.ratedAt().minusSeconds(60);
    Map<String, long[]> components = new java.util.LinkedHashMap<>();
    u.componentMicros()
        .forEach((c, micros) -> components.put(c, new long[] {60, micros / 60, micros}));
    update(
        "INSERT INTO billing.usage_charge (session_id, sequence, agreement_id, record_sha256,"
            + " customer_account_id, purchase_order_id, host_id, host_operator_id, region,"
            + " interval_start, interval_end, currency, rated_micros, charged_micros, fee_micros,"
            + " journal_entry_id, source_partition, source_offset, rated_at, "
            + ChargeComponents.COLUMNS
            + ") VALUES (?, ?, 'agr-test', ?, ?, ?, ?, ?, 'eu-test', ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, "
            + ChargeComponents.PLACEHOLDERS
            + ")",
        ChargeComponents.with(
            new Object[] {
              u.session(),
              u.sequence(),
              new byte[32],
              u.customer(),
              u.order(),
              UUID.nameUUIDFromBytes(u.hostOperator().toString().getBytes()),
              u.hostOperator(),
              Timestamp.from(start),
              Timestamp.from(u.ratedAt().minusSeconds(1)),
              u.currency(),
              u.ratedMicros(),
              u.chargedMicros(),
              u.feeMicros(),
              entryId,
              u.sequence(),
              Timestamp.from(u.ratedAt())
            },
            components));
    if (u.chargedMicros() < u.ratedMicros()) {
      update(
          "INSERT INTO billing.order_overrun (session_id, sequence, purchase_order_id,"
              + " host_operator_id, currency, overrun_micros, recorded_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)",
          u.session(),
          u.sequence(),
          u.order(),
          u.hostOperator(),
          u.currency(),
          u.ratedMicros() - u.chargedMicros(),
          Timestamp.from(u.ratedAt()));
    }
  }

  /**
   * Moves {@code micros} of a host operator's payable out of the platform as something other than
   * billing would (a payout made by hand): its payable balance is then lower than its statements.
   */
  public void payOutByHand(UUID hostOperator, String currency, long micros) {
    UUID host = ledgerAccount("host-payable", hostOperator, null, currency, 0L);
    UUID external = ledgerAccount("external", null, null, currency, null);
    entry(
        "host-payout",
        currency,
        hostOperator,
        null,
        "by hand",
        BILLING_ACCOUNT,
        Map.of(host, -micros, external, micros));
  }

  /** How many journal entries of {@code kind} there are. */
  public long entries(String kind) {
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM public.journal_entry WHERE kind = ?")) {
      s.setString(1, kind);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The balance of a ledger account (0 when it does not exist). */
  public long balance(String book, UUID owner, UUID order, String currency) {
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT balance_micros FROM public.ledger_account WHERE book = ?"
                    + " AND owner_account_id IS NOT DISTINCT FROM ? AND purchase_order_id IS NOT"
                    + " DISTINCT FROM ? AND currency = ?")) {
      s.setString(1, book);
      s.setObject(2, owner);
      s.setObject(3, order);
      s.setString(4, currency);
      try (var rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Entries that do not balance, and currencies whose balances do not sum to zero: none. */
  public List<String> ledgerImbalances() {
    List<String> found = new ArrayList<>();
    try (Connection c = database.connect();
        var s = c.createStatement()) {
      try (var rs =
          s.executeQuery(
              "SELECT entry_id, sum(amount_micros) FROM public.journal_line GROUP BY entry_id"
                  + " HAVING sum(amount_micros) <> 0")) {
        while (rs.next()) {
          found.add("entry " + rs.getString(1) + " sums to " + rs.getLong(2));
        }
      }
      try (var rs =
          s.executeQuery(
              "SELECT currency, sum(balance_micros) FROM public.ledger_account GROUP BY currency"
                  + " HAVING sum(balance_micros) <> 0")) {
        while (rs.next()) {
          found.add("currency " + rs.getString(1) + " sums to " + rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  /** Runs one statement; parameters bound in order (null as SQL NULL). */
  public int update(String sql, Object... parameters) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private UUID ledgerAccount(String book, UUID owner, UUID order, String currency, Long floor) {
    try (Connection c = database.connect()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO public.ledger_account (id, book, owner_account_id, purchase_order_id,"
                  + " currency, floor_micros) VALUES (?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING")) {
        s.setObject(1, UUID.randomUUID());
        s.setString(2, book);
        s.setObject(3, owner);
        s.setObject(4, order);
        s.setString(5, currency);
        s.setObject(6, floor);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT id FROM public.ledger_account WHERE book = ? AND owner_account_id IS NOT"
                  + " DISTINCT FROM ? AND purchase_order_id IS NOT DISTINCT FROM ? AND currency"
                  + " = ?")) {
        s.setString(1, book);
        s.setObject(2, owner);
        s.setObject(3, order);
        s.setString(4, currency);
        try (var rs = s.executeQuery()) {
          rs.next();
          return rs.getObject(1, UUID.class);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private UUID entry(
      String kind,
      String currency,
      UUID account,
      UUID order,
      String reference,
      UUID createdBy,
      Map<UUID, Long> lines) {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      UUID id =
          JournalRows.entry(
              c, kind, currency, account, order, reference, createdBy, Instant.now(), lines);
      c.commit();
      return id;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
