package io.xenia.broker.ledger;

import io.xenia.broker.common.Ids;
import io.xenia.protocol.money.Money;
import jakarta.inject.Singleton;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * Reads, locks and posts to the ledger inside the caller's transaction. The only writer of journal
 * entries.
 *
 * <p>Lock order, to keep concurrent transactions free of deadlocks: a purchase order's row first,
 * then the customer's available account, then the order's ring-fenced account, then host-payable,
 * then platform revenue, then external. Balances are never written here: the database derives them
 * from the lines posted.
 */
@Singleton
public final class Ledger {
  private static final String COLUMNS =
      "id, book, owner_account_id, purchase_order_id, currency, balance_micros, floor_micros";

  /**
   * Locks the ledger account for the rest of the transaction, creating it (with {@code floorIfNew})
   * when it does not exist yet; concurrent creators of the same account meet on its unique key and
   * both end up holding it in turn.
   */
  public CompletionStage<LedgerAccountState> lock(
      Stage.Session session, LedgerAccountKey key, Optional<Money> floorIfNew) {
    return session
        .flush()
        .thenCompose(
            flushed ->
                insert(
                        session,
                        key,
                        floorIfNew,
                        " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING RETURNING id",
                        UUID.class)
                    .getResultList())
        .thenCompose(
            inserted -> {
              var select =
                  session.createNativeQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM ledger_account WHERE book = :book AND owner_account_id "
                          + (key.owner().isPresent() ? "= :owner" : "IS NULL")
                          + " AND purchase_order_id "
                          + (key.purchaseOrder().isPresent() ? "= :po" : "IS NULL")
                          + " AND currency = :currency FOR UPDATE",
                      Object[].class);
              bindKey(select::setParameter, key);
              return select.getSingleResult();
            })
        .thenApply(Ledger::state);
  }

  /**
   * Creates a ledger account that cannot exist yet (one for a new purchase order): one statement,
   * where {@link #lock} needs two. The new row is invisible to other transactions until commit, so
   * it is as good as locked.
   */
  public CompletionStage<LedgerAccountState> open(
      Stage.Session session, LedgerAccountKey key, Money floor) {
    return session
        .flush()
        .thenCompose(
            flushed ->
                insert(session, key, Optional.of(floor), " RETURNING " + COLUMNS, Object[].class)
                    .getSingleResult())
        .thenApply(Ledger::state);
  }

  /**
   * An INSERT of a new ledger account for {@code key}, followed by {@code suffix}. Absent parts are
   * written as SQL NULLs, not bound: a null parameter has no type PostgreSQL could infer.
   */
  private static <R> Stage.SelectionQuery<R> insert(
      Stage.Session session,
      LedgerAccountKey key,
      Optional<Money> floor,
      String suffix,
      Class<R> resultType) {
    var query =
        session.createNativeQuery(
            "INSERT INTO ledger_account (id, book, owner_account_id, purchase_order_id, currency,"
                + " floor_micros) VALUES (:id, :book, "
                + (key.owner().isPresent() ? ":owner" : "NULL")
                + ", "
                + (key.purchaseOrder().isPresent() ? ":po" : "NULL")
                + ", :currency, "
                + (floor.isPresent() ? ":floor" : "NULL")
                + ")"
                + suffix,
            resultType);
    query.setParameter("id", Ids.newId());
    floor.ifPresent(f -> query.setParameter("floor", f.micros()));
    bindKey(query::setParameter, key);
    return query;
  }

  private static void bindKey(
      java.util.function.BiConsumer<String, Object> bind, LedgerAccountKey key) {
    bind.accept("book", key.book().wireName());
    bind.accept("currency", key.currency().getCurrencyCode());
    key.owner().ifPresent(o -> bind.accept("owner", o));
    key.purchaseOrder().ifPresent(p -> bind.accept("po", p));
  }

  /** Every ledger account an account owns, for balances; not locked. */
  public CompletionStage<List<LedgerAccountState>> ownedBy(Stage.Session session, UUID owner) {
    return session
        .createNativeQuery(
            "SELECT " + COLUMNS + " FROM ledger_account WHERE owner_account_id = :owner",
            Object[].class)
        .setParameter("owner", owner)
        .getResultList()
        .thenApply(rows -> rows.stream().map(Ledger::state).toList());
  }

  /** What each of the given purchase orders still holds ring-fenced; not locked. */
  public CompletionStage<Map<UUID, Money>> ringFenced(
      Stage.Session session, java.util.Collection<UUID> purchaseOrders) {
    if (purchaseOrders.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return session
        .createNativeQuery(
            "SELECT "
                + COLUMNS
                + " FROM ledger_account WHERE book = 'customer-ring-fenced'"
                + " AND purchase_order_id IN (:orders)",
            Object[].class)
        .setParameter("orders", List.copyOf(purchaseOrders))
        .getResultList()
        .thenApply(
            rows -> {
              Map<UUID, Money> held = new java.util.HashMap<>();
              for (Object[] row : rows) {
                LedgerAccountState s = state(row);
                held.put(s.key().purchaseOrder().orElseThrow(), s.balance());
              }
              return held;
            });
  }

  /**
   * Appends the entry; {@code accounts} holds the id of every ledger account it posts to. Its lines
   * go in one statement: the database refuses a statement whose lines leave an entry unbalanced
   * (V017), so lines posted one by one would be refused at the first.
   */
  public CompletionStage<Void> post(
      Stage.Session session, JournalEntry entry, Map<LedgerAccountKey, UUID> accounts) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO journal_line (id, entry_id, ledger_account_id, amount_micros) VALUES ");
    Map<String, Object> parameters = new java.util.HashMap<>();
    parameters.put("entry", entry.id());
    List<Posting> postings = entry.postings();
    for (int i = 0; i < postings.size(); i++) {
      Posting p = postings.get(i);
      UUID accountId = accounts.get(p.account());
      if (accountId == null) {
        throw new IllegalArgumentException("no ledger account id for " + p.account());
      }
      sql.append(i == 0 ? "" : ", ")
          .append("(:id")
          .append(i)
          .append(", :entry, :account")
          .append(i)
          .append(", :amount")
          .append(i)
          .append(')');
      parameters.put("id" + i, Ids.newId());
      parameters.put("account" + i, accountId);
      parameters.put("amount" + i, p.amount().micros());
    }
    var insertLines = session.createNativeQuery(sql.toString());
    parameters.forEach(insertLines::setParameter);
    // The entry's row goes first: the lines refer to it.
    return session
        .persist(new JournalEntryEntity(entry))
        .thenCompose(persisted -> session.flush())
        .thenCompose(flushed -> insertLines.executeUpdate())
        .thenApply(inserted -> null);
  }

  /** Sets the lowest balance a (locked) ledger account may reach. */
  public CompletionStage<Void> setFloor(Stage.Session session, UUID ledgerAccountId, Money floor) {
    return session
        .createNativeQuery("UPDATE ledger_account SET floor_micros = :floor WHERE id = :id")
        .setParameter("floor", floor.micros())
        .setParameter("id", ledgerAccountId)
        .executeUpdate()
        .thenCompose(n -> CompletableFuture.completedFuture(null));
  }

  private static LedgerAccountState state(Object[] row) {
    Currency currency = Currency.getInstance(((String) row[4]).trim());
    var key =
        new LedgerAccountKey(
            Book.fromWireName((String) row[1]).orElseThrow(),
            Optional.ofNullable((UUID) row[2]),
            Optional.ofNullable((UUID) row[3]),
            currency);
    Optional<Money> floor =
        Optional.ofNullable((Number) row[6]).map(f -> Money.ofMicros(currency, f.longValue()));
    return new LedgerAccountState(
        (UUID) row[0], key, Money.ofMicros(currency, ((Number) row[5]).longValue()), floor);
  }
}
