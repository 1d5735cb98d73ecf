package io.xenia.broker.orders;

import io.xenia.broker.access.AccountKind;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.common.Ids;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.common.Pages;
import io.xenia.broker.idempotency.Idempotency;
import io.xenia.broker.idempotency.IdempotencyKey;
import io.xenia.broker.idempotency.Outcome;
import io.xenia.broker.ledger.CurrencyBalance;
import io.xenia.broker.ledger.EntryKind;
import io.xenia.broker.ledger.JournalEntry;
import io.xenia.broker.ledger.Ledger;
import io.xenia.broker.ledger.LedgerAccountKey;
import io.xenia.broker.ledger.Posting;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.LockMode;
import org.hibernate.reactive.stage.Stage;

/**
 * Opens, reads, cancels and expires purchase orders. Every movement of an order's money goes
 * through here (and, for spend, through the ledger rules this service applies), so the rule that an
 * order is never overdrawn has one home: the order's ring-fenced ledger account cannot go below
 * zero, checked under its lock and again by the database.
 */
@Singleton
public final class OrderService {
  private final Database database;
  private final Ledger ledger;
  private final Idempotency idempotency;
  private final Clock clock;

  private final List<OrderCloseGuard> closeGuards;

  OrderService(
      Database database,
      Ledger ledger,
      Idempotency idempotency,
      Clock clock,
      List<OrderCloseGuard> closeGuards) {
    this.closeGuards = List.copyOf(closeGuards);
    this.database = database;
    this.ledger = ledger;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  /** Opens an order after a credit check, ring-fencing its limit atomically. */
  public CompletableFuture<Outcome<PurchaseOrderView>> create(
      Caller caller, CreatePurchaseOrderRequest request, Optional<IdempotencyKey> key) {
    caller.require(Scope.ORDERS_WRITE);
    if (caller.kind() != AccountKind.CUSTOMER) {
      throw new XeniaException(ProblemType.FORBIDDEN, "only customers open purchase orders");
    }
    Money limit = request.amountLimit().toPositiveMoney("amountLimit");
    Optional<String> description =
        Optional.ofNullable(request.description()).map(String::strip).filter(d -> !d.isEmpty());
    Optional<Money> threshold =
        Optional.ofNullable(request.lowFundsThreshold())
            .map(t -> t.toNonNegativeMoney("lowFundsThreshold"));
    if (threshold.isPresent() && !threshold.get().currency().equals(limit.currency())) {
      throw XeniaException.invalidField(
          "lowFundsThreshold", "must be in the order's currency, " + limit.currency());
    }
    return database.inTransaction(
        session ->
            idempotency.once(
                session,
                key,
                caller.accountId(),
                "create-purchase-order " + request,
                201,
                PurchaseOrderView.class,
                () -> open(session, caller, limit, description, threshold, request)));
  }

  private CompletionStage<PurchaseOrderView> open(
      Stage.Session session,
      Caller caller,
      Money limit,
      Optional<String> description,
      Optional<Money> threshold,
      CreatePurchaseOrderRequest request) {
    var opened =
        PurchaseOrder.open(
            Ids.newId(),
            caller.accountId(),
            limit,
            description,
            request.expiresAt(),
            clock.instant());
    var order = threshold.map(opened::withLowFundsThreshold).orElse(opened);
    var available = LedgerAccountKey.available(caller.accountId(), limit.currency());
    var ringFenced = LedgerAccountKey.ringFenced(caller.accountId(), order.id(), limit.currency());
    Optional<Money> zeroFloor = Optional.of(Money.zero(limit.currency()));
    return ledger
        .lock(session, available, zeroFloor)
        .thenCompose(
            availableState -> {
              CurrencyBalance.fundsOf(availableState).requireSpendable(limit);
              return session
                  .persist(new PurchaseOrderEntity(order))
                  .thenCompose(
                      ignored -> ledger.open(session, ringFenced, Money.zero(limit.currency())))
                  .thenCompose(
                      ringFencedState -> {
                        var entry =
                            JournalEntry.transfer(
                                Ids.newId(),
                                EntryKind.RING_FENCE,
                                available,
                                ringFenced,
                                limit,
                                Optional.of(caller.accountId()),
                                Optional.of(order.id()),
                                Optional.empty(),
                                caller.accountId(),
                                order.createdAt());
                        return ledger.post(
                            session,
                            entry,
                            Map.of(
                                available, availableState.id(), ringFenced, ringFencedState.id()));
                      });
            })
        .thenApply(posted -> PurchaseOrderView.of(order, limit));
  }

  public CompletableFuture<PurchaseOrderView> get(Caller caller, UUID id) {
    caller.require(Scope.ORDERS_READ);
    return database.read(
        session ->
            session
                .find(PurchaseOrderEntity.class, id)
                .thenCompose(
                    row -> {
                      if (row == null) {
                        throw XeniaException.notFound("purchase order " + id);
                      }
                      caller.requireAccessTo(row.accountId, "purchase order " + id);
                      return views(session, List.of(row.toOrder()));
                    })
                .thenApply(views -> views.get(0)));
  }

  /**
   * The caller's orders (or, for staff, those of {@code accountId} or everyone's), oldest first.
   */
  public CompletableFuture<Page<PurchaseOrderView>> list(
      Caller caller,
      Optional<UUID> accountId,
      Optional<PurchaseOrderStatus> status,
      PageRequest page) {
    caller.require(Scope.ORDERS_READ);
    Optional<UUID> owner = caller.kind().isStaff() ? accountId : Optional.of(caller.accountId());
    owner.ifPresent(o -> caller.requireAccessTo(o, "account " + o));
    String hql =
        "from PurchaseOrderEntity where id > :after"
            + (owner.isPresent() ? " and accountId = :owner" : "")
            + (status.isPresent() ? " and status = :status" : "")
            + " order by id";
    return database.read(
        session -> {
          var query =
              session
                  .createSelectionQuery(hql, PurchaseOrderEntity.class)
                  .setParameter("after", page.after().orElse(new UUID(0, 0)))
                  .setMaxResults(page.fetchSize());
          owner.ifPresent(o -> query.setParameter("owner", o));
          status.ifPresent(s -> query.setParameter("status", s.wireName()));
          return query
              .getResultList()
              .thenCompose(
                  rows -> views(session, rows.stream().map(PurchaseOrderEntity::toOrder).toList()))
              .thenApply(views -> Pages.of(views, page, PurchaseOrderView::id));
        });
  }

  /** Cancels an open order, giving back what it did not spend. */
  public CompletableFuture<Outcome<PurchaseOrderView>> cancel(
      Caller caller, UUID id, Optional<IdempotencyKey> key) {
    caller.require(Scope.ORDERS_WRITE);
    return database.inTransaction(
        session ->
            idempotency.once(
                session,
                key,
                caller.accountId(),
                "cancel-purchase-order " + id,
                200,
                PurchaseOrderView.class,
                () -> close(session, id, PurchaseOrderStatus.CANCELLED, Optional.of(caller))));
  }

  /**
   * Changes an open order: a higher limit ring-fences the difference from the owner's available
   * funds (credit check as on creation; order row, then available, then ring-fenced: the ledger's
   * lock order), and/or sets the low-funds threshold. Either re-arms the low-funds notice. The
   * limit is absolute, so a retry changes nothing more.
   */
  public CompletableFuture<PurchaseOrderView> update(
      Caller caller, UUID id, UpdatePurchaseOrderRequest request) {
    caller.require(Scope.ORDERS_WRITE);
    if (request == null || (request.amountLimit() == null && request.lowFundsThreshold() == null)) {
      throw XeniaException.invalidField("amountLimit", "name amountLimit or lowFundsThreshold");
    }
    Optional<Money> newLimit =
        Optional.ofNullable(request.amountLimit()).map(m -> m.toPositiveMoney("amountLimit"));
    Optional<Money> threshold =
        Optional.ofNullable(request.lowFundsThreshold())
            .map(m -> m.toNonNegativeMoney("lowFundsThreshold"));
    return database.inTransaction(
        session ->
            session
                .find(PurchaseOrderEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                .thenCompose(
                    row -> {
                      if (row == null) {
                        throw XeniaException.notFound("purchase order " + id);
                      }
                      caller.requireAccessTo(row.accountId, "purchase order " + id);
                      PurchaseOrder order = row.toOrder();
                      PurchaseOrder next = order;
                      if (threshold.isPresent()) {
                        next = next.withLowFundsThreshold(threshold.get());
                      }
                      if (newLimit.isPresent()) {
                        next = next.withLimit(newLimit.get());
                      }
                      Money more = next.limit().minus(order.limit());
                      if (more.isPositive() && !caller.accountId().equals(row.accountId)) {
                        throw new XeniaException(
                            ProblemType.FORBIDDEN,
                            "only the order's owner raises its limit (it moves their money)");
                      }
                      row.update(next);
                      row.lowFundsNotifiedAt = null;
                      PurchaseOrder changed = next;
                      if (!more.isPositive()) {
                        return views(session, List.of(changed)).thenApply(v -> v.get(0));
                      }
                      return ringFenceMore(session, changed, more, caller)
                          .thenCompose(v -> views(session, List.of(changed)))
                          .thenApply(v -> v.get(0));
                    }));
  }

  private CompletionStage<Void> ringFenceMore(
      Stage.Session session, PurchaseOrder order, Money more, Caller caller) {
    var currency = more.currency();
    var available = LedgerAccountKey.available(order.accountId(), currency);
    var ringFenced = LedgerAccountKey.ringFenced(order.accountId(), order.id(), currency);
    return ledger
        .lock(session, available, Optional.of(Money.zero(currency)))
        .thenCompose(
            availableState -> {
              CurrencyBalance.fundsOf(availableState).requireSpendable(more);
              return ledger
                  .lock(session, ringFenced, Optional.of(Money.zero(currency)))
                  .thenCompose(
                      ringFencedState ->
                          ledger.post(
                              session,
                              JournalEntry.transfer(
                                  Ids.newId(),
                                  EntryKind.RING_FENCE,
                                  available,
                                  ringFenced,
                                  more,
                                  Optional.of(order.accountId()),
                                  Optional.of(order.id()),
                                  Optional.of("limit raised to " + order.limit()),
                                  caller.accountId(),
                                  clock.instant()),
                              Map.of(
                                  available,
                                  availableState.id(),
                                  ringFenced,
                                  ringFencedState.id())));
            });
  }

  /**
   * Charges an open order: ring-fenced money → host payable (+ the platform's fee), one journal
   * entry, under the order's lock; refused ({@code insufficient-funds}) when the order holds less
   * than the charge, so concurrent charges can never overdraw it. This is the one door for spend;
   * billing charges usage through it.
   */
  public CompletableFuture<PurchaseOrderView> charge(Charge charge) {
    return database.inTransaction(session -> charge(session, charge));
  }

  /**
   * {@link #charge(Charge)} inside the caller's transaction (sessions charge accrued time together
   * with their own rows); the order's row is locked first, as everywhere.
   */
  public CompletionStage<PurchaseOrderView> charge(Stage.Session session, Charge charge) {
    UUID id = charge.purchaseOrder();
    return session
        .find(PurchaseOrderEntity.class, id, LockMode.PESSIMISTIC_WRITE)
        .thenCompose(
            row -> {
              if (row == null) {
                throw XeniaException.notFound("purchase order " + id);
              }
              PurchaseOrder order = row.toOrder();
              var currency = order.limit().currency();
              var ringFenced = LedgerAccountKey.ringFenced(order.accountId(), id, currency);
              var host = LedgerAccountKey.hostPayable(charge.hostOperator(), currency);
              var platform = LedgerAccountKey.platformRevenue(currency);
              Optional<Money> zeroFloor = Optional.of(Money.zero(currency));
              return ledger
                  .lock(session, ringFenced, zeroFloor)
                  .thenCompose(
                      held -> {
                        order.requireChargeable(charge.amount(), held.balance());
                        return ledger
                            .lock(session, host, zeroFloor)
                            .thenCompose(
                                hostState ->
                                    ledger
                                        .lock(session, platform, zeroFloor)
                                        .thenCompose(
                                            platformState ->
                                                postCharge(
                                                    session,
                                                    order,
                                                    charge,
                                                    Map.of(
                                                        ringFenced,
                                                        held.id(),
                                                        host,
                                                        hostState.id(),
                                                        platform,
                                                        platformState.id()))))
                            .thenApply(
                                posted ->
                                    PurchaseOrderView.of(
                                        order, held.balance().minus(charge.amount())));
                      });
            });
  }

  private CompletionStage<Void> postCharge(
      Stage.Session session,
      PurchaseOrder order,
      Charge charge,
      Map<LedgerAccountKey, UUID> accounts) {
    var currency = order.limit().currency();
    List<Posting> postings = new java.util.ArrayList<>();
    postings.add(
        new Posting(
            LedgerAccountKey.ringFenced(order.accountId(), order.id(), currency),
            charge.amount().negate()));
    if (charge.hostShare().isPositive()) {
      postings.add(
          new Posting(
              LedgerAccountKey.hostPayable(charge.hostOperator(), currency), charge.hostShare()));
    }
    if (charge.platformFee().isPositive()) {
      postings.add(new Posting(LedgerAccountKey.platformRevenue(currency), charge.platformFee()));
    }
    var entry =
        new JournalEntry(
            Ids.newId(),
            EntryKind.CHARGE,
            Optional.of(order.accountId()),
            Optional.of(order.id()),
            Optional.of(charge.reference()),
            charge.actor(),
            clock.instant(),
            postings);
    return ledger.post(session, entry, accounts);
  }

  /** Expires one order whose time has come; false when it was closed meanwhile. */
  CompletableFuture<Boolean> expire(UUID id) {
    return database
        .inTransaction(session -> close(session, id, PurchaseOrderStatus.EXPIRED, Optional.empty()))
        .thenApply(view -> true)
        .exceptionally(
            failure -> {
              var problem = io.xenia.broker.problems.Failures.problemIn(failure);
              if (problem.isPresent()
                  && problem.get().type() == ProblemType.PURCHASE_ORDER_NOT_OPEN) {
                return false;
              }
              throw new java.util.concurrent.CompletionException(failure);
            });
  }

  /** Ids of open orders whose expiry has passed, oldest expiry first. */
  CompletableFuture<List<UUID>> dueForExpiry(int max) {
    return database.read(
        session ->
            session
                .createSelectionQuery(
                    "select id from PurchaseOrderEntity where status = 'open' and expiresAt <= :now"
                        + " order by expiresAt",
                    UUID.class)
                .setParameter("now", clock.instant())
                .setMaxResults(max)
                .getResultList());
  }

  /**
   * Closes an order under its lock: locks it, then the customer's available funds, then its
   * ring-fenced money (the ledger's lock order), and moves what remains back.
   *
   * @param actor the caller, who must own the order (or be staff); empty for the platform's own
   *     expiry
   */
  private CompletionStage<PurchaseOrderView> close(
      Stage.Session session, UUID id, PurchaseOrderStatus outcome, Optional<Caller> actor) {
    return session
        .find(PurchaseOrderEntity.class, id, LockMode.PESSIMISTIC_WRITE)
        .thenCompose(
            row -> {
              if (row == null) {
                throw XeniaException.notFound("purchase order " + id);
              }
              actor.ifPresent(c -> c.requireAccessTo(row.accountId, "purchase order " + id));
              PurchaseOrder order = row.toOrder();
              var currency = order.limit().currency();
              var available = LedgerAccountKey.available(order.accountId(), currency);
              var ringFenced = LedgerAccountKey.ringFenced(order.accountId(), id, currency);
              CompletionStage<Void> guarded = CompletableFuture.completedFuture(null);
              if (outcome == PurchaseOrderStatus.CANCELLED
                  && order.status() == PurchaseOrderStatus.OPEN) {
                for (OrderCloseGuard guard : closeGuards) {
                  guarded = guarded.thenCompose(v -> guard.beforeCancel(session, id));
                }
              }
              return guarded.thenCompose(
                  guardsPassed ->
                      ledger
                          .lock(session, available, Optional.of(Money.zero(currency)))
                          .thenCompose(
                              availableState ->
                                  ledger
                                      .lock(session, ringFenced, Optional.of(Money.zero(currency)))
                                      .thenCompose(
                                          ringFencedState -> {
                                            Money remaining = ringFencedState.balance();
                                            PurchaseOrder closed =
                                                order.close(outcome, remaining, clock.instant());
                                            row.update(closed);
                                            if (!remaining.isPositive()) {
                                              return CompletableFuture.completedFuture(
                                                  PurchaseOrderView.of(
                                                      closed, Money.zero(currency)));
                                            }
                                            var entry =
                                                JournalEntry.transfer(
                                                    Ids.newId(),
                                                    EntryKind.RELEASE,
                                                    ringFenced,
                                                    available,
                                                    remaining,
                                                    Optional.of(order.accountId()),
                                                    Optional.of(id),
                                                    Optional.of(outcome.wireName()),
                                                    actor
                                                        .map(Caller::accountId)
                                                        .orElse(order.accountId()),
                                                    closed.closedAt().orElseThrow());
                                            return ledger
                                                .post(
                                                    session,
                                                    entry,
                                                    Map.of(
                                                        available,
                                                        availableState.id(),
                                                        ringFenced,
                                                        ringFencedState.id()))
                                                .thenApply(
                                                    posted ->
                                                        PurchaseOrderView.of(
                                                            closed, Money.zero(currency)));
                                          })));
            });
  }

  private CompletionStage<List<PurchaseOrderView>> views(
      Stage.Session session, List<PurchaseOrder> orders) {
    return ledger
        .ringFenced(session, orders.stream().map(PurchaseOrder::id).toList())
        .thenApply(
            held ->
                orders.stream()
                    .map(
                        o ->
                            PurchaseOrderView.of(
                                o, held.getOrDefault(o.id(), Money.zero(o.limit().currency()))))
                    .toList());
  }
}
