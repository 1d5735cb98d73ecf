package io.xenia.broker.credentials;

import io.xenia.broker.access.AccountKind;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.accounts.Account;
import io.xenia.broker.accounts.AccountService;
import io.xenia.broker.common.Ids;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.common.Pages;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.credentials.ApiKeyToken;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * Issues, lists, revokes and checks API keys. A key is checked against the database on every
 * request, so a revocation or an expiry takes effect at once.
 */
@Singleton
public final class CredentialService {
  private final Database database;
  private final Clock clock;

  CredentialService(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Issues a key for {@code account} in the session's transaction. */
  public CompletionStage<IssuedApiKey> issue(
      Stage.Session session,
      Account account,
      String name,
      Collection<String> requestedScopes,
      Optional<Instant> expiresAt) {
    Instant now = clock.instant();
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw XeniaException.invalidField("expiresAt", "must be in the future");
    }
    Set<Scope> scopes = ScopeSet.grant(account.kind(), requestedScopes);
    UUID id = Ids.newId();
    var token = ApiKeyToken.generate(id);
    var key = new ApiKey(id, account.id(), name, scopes, now, expiresAt, Optional.empty());
    return session
        .persist(new ApiKeyEntity(key, token.secretHash()))
        .thenApply(ignored -> new IssuedApiKey(key, token));
  }

  /**
   * Makes sure the given token works for the account (used for the bootstrap admin's configured
   * key).
   */
  public CompletionStage<Void> install(
      Stage.Session session, Account account, ApiKeyToken token, String name) {
    return session
        .find(ApiKeyEntity.class, token.keyId())
        .thenCompose(
            existing -> {
              if (existing != null) {
                if (!existing.accountId.equals(account.id())
                    || !token.matches(existing.secretHash)) {
                  throw new IllegalStateException(
                      "the configured bootstrap API key id is taken by another key");
                }
                existing.revokedAt = null;
                existing.expiresAt = null;
                existing.scopes = ScopeSet.format(account.kind().grantableScopes());
                return session.flush();
              }
              var key =
                  new ApiKey(
                      token.keyId(),
                      account.id(),
                      name,
                      account.kind().grantableScopes(),
                      clock.instant(),
                      Optional.empty(),
                      Optional.empty());
              return session.persist(new ApiKeyEntity(key, token.secretHash()));
            });
  }

  public CompletableFuture<IssuedApiKey> create(
      Caller caller,
      UUID accountId,
      String name,
      List<String> scopes,
      Optional<Instant> expiresAt) {
    requireKeyAdministration(caller, accountId, Scope.KEYS_WRITE);
    return database.inTransaction(
        session ->
            AccountService.existing(session, accountId)
                .thenCompose(account -> issue(session, account, name, scopes, expiresAt)));
  }

  public CompletableFuture<Page<ApiKey>> list(Caller caller, UUID accountId, PageRequest page) {
    requireKeyAdministration(caller, accountId, Scope.KEYS_READ);
    return database.read(
        session ->
            session
                .createSelectionQuery(
                    "from ApiKeyEntity where accountId = :account and id > :after order by id",
                    ApiKeyEntity.class)
                .setParameter("account", accountId)
                .setParameter("after", page.after().orElse(new UUID(0, 0)))
                .setMaxResults(page.fetchSize())
                .getResultList()
                .thenApply(
                    rows ->
                        Pages.of(
                            rows.stream().map(ApiKeyEntity::toApiKey).toList(), page, ApiKey::id)));
  }

  /** Revokes a key; revoking a revoked key changes nothing and answers the same. */
  public CompletableFuture<ApiKey> revoke(Caller caller, UUID accountId, UUID keyId) {
    requireKeyAdministration(caller, accountId, Scope.KEYS_WRITE);
    return database.inTransaction(
        session ->
            session
                .find(ApiKeyEntity.class, keyId)
                .thenApply(
                    key -> {
                      if (key == null || !key.accountId.equals(accountId)) {
                        throw XeniaException.notFound("API key " + keyId);
                      }
                      if (key.revokedAt == null) {
                        key.revokedAt = clock.instant();
                      }
                      return key.toApiKey();
                    }));
  }

  /**
   * Resolves a bearer token to its caller; an unknown, wrong, revoked or expired key is {@code
   * unauthenticated}.
   */
  public CompletableFuture<Caller> authenticate(String bearerToken) {
    var token =
        ApiKeyToken.parse(bearerToken)
            .orElseThrow(() -> unauthenticated("the bearer token is not an API key token"));
    return database.read(
        session ->
            session
                .createSelectionQuery(
                    "select k, a.kind from ApiKeyEntity k, AccountEntity a"
                        + " where k.id = :id and a.id = k.accountId",
                    Object[].class)
                .setParameter("id", token.keyId())
                .getSingleResultOrNull()
                .thenApply(
                    row -> {
                      if (row == null || !token.matches(((ApiKeyEntity) row[0]).secretHash)) {
                        throw unauthenticated("the API key is not known");
                      }
                      ApiKey key = ((ApiKeyEntity) row[0]).toApiKey();
                      key.unusableReason(clock.instant())
                          .ifPresent(
                              reason -> {
                                throw unauthenticated(reason);
                              });
                      AccountKind kind = AccountKind.fromWireName((String) row[1]).orElseThrow();
                      // Scopes the account's kind no longer grants are dropped, not honoured.
                      Set<Scope> effective =
                          key.scopes().stream()
                              .filter(kind.grantableScopes()::contains)
                              .collect(java.util.stream.Collectors.toUnmodifiableSet());
                      return new Caller(key.accountId(), kind, key.id(), effective);
                    }));
  }

  /** Keys are managed by their own account, or by an admin. */
  private static void requireKeyAdministration(Caller caller, UUID accountId, Scope scope) {
    caller.require(scope);
    if (!caller.isAdmin() && !caller.accountId().equals(accountId)) {
      throw XeniaException.notFound("account " + accountId);
    }
  }

  static XeniaException unauthenticated(String detail) {
    return new XeniaException(ProblemType.UNAUTHENTICATED, detail);
  }
}
