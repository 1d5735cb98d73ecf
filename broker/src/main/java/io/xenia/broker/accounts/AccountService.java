package io.xenia.broker.accounts;

import io.xenia.broker.access.AccountKind;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.common.Ids;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.common.Pages;
import io.xenia.broker.credentials.CredentialService;
import io.xenia.broker.credentials.IssuedApiKey;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.hibernate.reactive.stage.Stage;

/** Registers and reads accounts. */
@Singleton
public final class AccountService {
  private final Database database;
  private final CredentialService credentials;
  private final RegistrationConfig registration;
  private final Clock clock;

  AccountService(
      Database database,
      CredentialService credentials,
      RegistrationConfig registration,
      Clock clock) {
    this.database = database;
    this.credentials = credentials;
    this.registration = registration;
    this.clock = clock;
  }

  /** The new account and its first key: all of the scopes its kind allows, no expiry. */
  public record Registration(Account account, IssuedApiKey firstKey) {}

  /**
   * Registers an account. Without a caller (self-service) only customers and host operators, and
   * only while registration is open; an admin may register any kind.
   */
  public CompletableFuture<Registration> register(
      Optional<Caller> caller, String kindName, String name, String contactEmail) {
    AccountKind kind =
        AccountKind.fromWireName(kindName)
            .orElseThrow(
                () ->
                    XeniaException.invalidField(
                        "kind",
                        "must be one of "
                            + Arrays.stream(AccountKind.values())
                                .map(AccountKind::wireName)
                                .collect(Collectors.joining(", "))));
    // An admin's key may create any kind; anyone else (with a key or without) registers
    // self-service kinds.
    boolean admin =
        caller.filter(Caller::isAdmin).map(c -> c.require(Scope.ACCOUNTS_WRITE)).isPresent();
    if (!admin && !(kind.selfRegistrable() && registration.open())) {
      throw new XeniaException(
          caller.isPresent() ? ProblemType.FORBIDDEN : ProblemType.UNAUTHENTICATED,
          kind.selfRegistrable()
              ? "registration is closed: an admin must create the account"
              : "only an admin may create a " + kind.wireName() + " account");
    }
    var account =
        new Account(Ids.newId(), kind, name.strip(), contactEmail.strip(), clock.instant());
    return database.inTransaction(
        session ->
            session
                .persist(new AccountEntity(account, false))
                .thenCompose(
                    ignored ->
                        credentials.issue(
                            session, account, "first key", List.of(), Optional.empty()))
                .thenApply(issued -> new Registration(account, issued)));
  }

  public CompletableFuture<Account> get(Caller caller, UUID id) {
    caller.require(Scope.ACCOUNTS_READ).requireAccessTo(id, "account " + id);
    return database.read(session -> existing(session, id));
  }

  /** The account, in the caller's session; {@code not-found} when there is none. */
  public static CompletionStage<Account> existing(Stage.Session session, UUID id) {
    return session
        .find(AccountEntity.class, id)
        .thenApply(
            row -> {
              if (row == null) {
                throw XeniaException.notFound("account " + id);
              }
              return row.toAccount();
            });
  }

  /** Every account, for staff. */
  public CompletableFuture<Page<Account>> list(Caller caller, PageRequest page) {
    caller.require(Scope.ACCOUNTS_READ);
    if (!caller.kind().isStaff()) {
      throw new XeniaException(ProblemType.FORBIDDEN, "only finance and admins list accounts");
    }
    return database.read(
        session ->
            session
                .createSelectionQuery(
                    "from AccountEntity where id > :after order by id", AccountEntity.class)
                .setParameter("after", page.after().orElse(new UUID(0, 0)))
                .setMaxResults(page.fetchSize())
                .getResultList()
                .thenApply(
                    rows ->
                        Pages.of(
                            rows.stream().map(AccountEntity::toAccount).toList(),
                            page,
                            Account::id)));
  }
}
