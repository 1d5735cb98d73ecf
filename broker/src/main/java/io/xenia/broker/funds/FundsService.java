package io.xenia.broker.funds;

import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.accounts.Account;
import io.xenia.broker.accounts.AccountService;
import io.xenia.broker.common.Ids;
import io.xenia.broker.common.MoneyAmount;
import io.xenia.broker.idempotency.Idempotency;
import io.xenia.broker.idempotency.IdempotencyKey;
import io.xenia.broker.idempotency.Outcome;
import io.xenia.broker.ledger.CurrencyBalance;
import io.xenia.broker.ledger.EntryKind;
import io.xenia.broker.ledger.JournalEntry;
import io.xenia.broker.ledger.Ledger;
import io.xenia.broker.ledger.LedgerAccountKey;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/** Deposits, credit limits and balances of accounts. */
@Singleton
public final class FundsService {
  private final Database database;
  private final Ledger ledger;
  private final Idempotency idempotency;
  private final Clock clock;

  FundsService(Database database, Ledger ledger, Idempotency idempotency, Clock clock) {
    this.database = database;
    this.ledger = ledger;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  /** Records a deposit: external → the account's available funds, one journal entry. */
  public CompletableFuture<Outcome<DepositView>> deposit(
      Caller caller, UUID accountId, DepositRequest request, Optional<IdempotencyKey> key) {
    caller.require(Scope.FUNDS_WRITE);
    Money amount = request.amount().toPositiveMoney("amount");
    String reference = request.externalReference().strip();
    return database.inTransaction(
        session ->
            idempotency.once(
                session,
                key,
                caller.accountId(),
                "deposit " + accountId + " " + request,
                201,
                DepositView.class,
                () ->
                    holderOfFunds(session, accountId)
                        .thenCompose(
                            ignored ->
                                depositInto(session, caller, accountId, amount, reference))));
  }

  private CompletionStage<DepositView> depositInto(
      Stage.Session session, Caller caller, UUID accountId, Money amount, String reference) {
    var available = LedgerAccountKey.available(accountId, amount.currency());
    var external = LedgerAccountKey.external(amount.currency());
    return ledger
        .lock(session, available, Optional.of(Money.zero(amount.currency())))
        .thenCompose(
            availableState ->
                ledger
                    .lock(session, external, Optional.empty())
                    .thenCompose(
                        externalState -> {
                          var entry =
                              JournalEntry.transfer(
                                  Ids.newId(),
                                  EntryKind.DEPOSIT,
                                  external,
                                  available,
                                  amount,
                                  Optional.of(accountId),
                                  Optional.empty(),
                                  Optional.of(reference),
                                  caller.accountId(),
                                  clock.instant());
                          return ledger
                              .post(
                                  session,
                                  entry,
                                  Map.of(
                                      available, availableState.id(), external, externalState.id()))
                              .thenApply(
                                  posted ->
                                      new DepositView(
                                          entry.id(),
                                          accountId,
                                          MoneyAmount.of(amount),
                                          reference,
                                          entry.createdAt()));
                        }));
  }

  /**
   * Sets the credit limit; refused when the account already uses more credit than the new limit.
   */
  public CompletableFuture<BalanceView> setCreditLimit(
      Caller caller, UUID accountId, CreditLimitRequest request) {
    caller.require(Scope.FUNDS_WRITE);
    Money limit = request.limit().toNonNegativeMoney("limit");
    var key = LedgerAccountKey.available(accountId, limit.currency());
    return database.inTransaction(
        session ->
            holderOfFunds(session, accountId)
                .thenCompose(
                    ignored -> ledger.lock(session, key, Optional.of(Money.zero(limit.currency()))))
                .thenCompose(
                    state -> {
                      if (state.balance().plus(limit).isNegative()) {
                        throw new XeniaException(
                                ProblemType.INSUFFICIENT_FUNDS,
                                "the account already uses "
                                    + state.balance().negate()
                                    + " of credit, more than the new limit")
                            .with("available", state.balance().amount())
                            .with("currency", limit.currency().getCurrencyCode());
                      }
                      return ledger.setFloor(session, state.id(), limit.negate());
                    })
                .thenCompose(ignored -> balanceIn(session, accountId, limit.currency())));
  }

  public CompletableFuture<Balances> balances(Caller caller, UUID accountId) {
    caller.require(Scope.FUNDS_READ).requireAccessTo(accountId, "account " + accountId);
    return database.read(
        session ->
            ledger
                .ownedBy(session, accountId)
                .thenApply(
                    owned ->
                        new Balances(
                            accountId,
                            CurrencyBalance.of(owned).stream().map(FundsService::view).toList())));
  }

  private CompletionStage<BalanceView> balanceIn(
      Stage.Session session, UUID accountId, java.util.Currency currency) {
    return ledger
        .ownedBy(session, accountId)
        .thenApply(
            owned ->
                CurrencyBalance.of(owned).stream()
                    .filter(b -> b.currency().equals(currency))
                    .map(FundsService::view)
                    .findFirst()
                    .orElseThrow());
  }

  static BalanceView view(CurrencyBalance b) {
    return new BalanceView(
        b.currency().getCurrencyCode(),
        MoneyAmount.of(b.funds().available()),
        MoneyAmount.of(b.ringFenced()),
        MoneyAmount.of(b.funds().creditLimit()),
        MoneyAmount.of(b.funds().spendable()));
  }

  /** Only customers and host operators hold funds. */
  private static CompletionStage<Account> holderOfFunds(Stage.Session session, UUID accountId) {
    return AccountService.existing(session, accountId)
        .thenApply(
            account -> {
              if (account.kind().isStaff()) {
                throw XeniaException.invalidField(
                    "accountId", "is a staff account, which holds no funds");
              }
              return account;
            });
  }
}
