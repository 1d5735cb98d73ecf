package io.xenia.broker.support;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Puts a session row straight into the database, as the session service stores one after admission,
 * on a host row of its own without a control endpoint (so the broker never calls a host): for tests
 * of the money sweeps, which need running or paused sessions that the API reaches only with a real
 * host daemon. Times are SQL intervals from now, like {@code "interval '1 hour'"}.
 */
public final class StoredSessions {
  private final BrokerUnderTest broker;
  private final Marketplace market;

  public StoredSessions(BrokerUnderTest broker, Marketplace market) {
    this.broker = broker;
    this.market = market;
  }

  /**
   * A session of {@code customer} paid by {@code order} (EUR) in {@code state}; {@code leaseEnd}
   * null is open-ended; {@code graceUntil} (a paused session's) null for any other state.
   */
  public UUID store(
      Marketplace.Party customer,
      String order,
      long perHourMicros,
      long reservedMicros,
      String state,
      String leaseStart,
      String leaseEnd,
      String graceUntil)
      throws Exception {
    UUID host = UUID.randomUUID();
    UUID session = UUID.randomUUID();
    byte[] hostKey = new byte[32];
    new SecureRandom().nextBytes(hostKey);
    var operator = market.register("host-operator", "Stella Stored");
    try (var db = broker.jdbc()) {
      var insertHost =
          db.prepareStatement(
              "INSERT INTO host (id, account_id, name, host_key, status, enrolled_at, last_seen_at,"
                  + " status_changed_at) VALUES (?, ?, 'test-host', ?, 'up', now(), now(), now())");
      insertHost.setObject(1, host);
      insertHost.setObject(2, operator.id());
      insertHost.setBytes(3, hostKey);
      insertHost.executeUpdate();
      var insertSession =
          db.prepareStatement(
              "INSERT INTO session (id, account_id, purchase_order_id, group_id, host_id, machine_id,"
                  + " state, agreement_id, agreement, currency, price_per_hour_micros,"
                  + " reserved_micros, lease_start, lease_end, created_at, updated_at, paused_at,"
                  + " grace_until) VALUES (?, ?, ?, ?, ?, 'm1', ?, 'agr-x', '\\x7b7d', 'EUR', ?,"
                  + " ?, now() + "
                  + leaseStart
                  + ", "
                  + (leaseEnd == null ? "NULL" : "now() + " + leaseEnd)
                  + ", now(), now(), "
                  + (graceUntil == null ? "NULL, NULL" : "now(), now() + " + graceUntil)
                  + ")");
      insertSession.setObject(1, session);
      insertSession.setObject(2, customer.id());
      insertSession.setObject(3, UUID.fromString(order));
      insertSession.setObject(4, session);
      insertSession.setObject(5, host);
      insertSession.setString(6, state);
      insertSession.setLong(7, perHourMicros);
      insertSession.setLong(8, reservedMicros);
      insertSession.executeUpdate();
    }
    return session;
  }
}
