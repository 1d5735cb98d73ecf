package io.xenia.broker.accounts;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.xenia.broker.access.AccountKind;
import io.xenia.broker.common.Ids;
import io.xenia.broker.credentials.CredentialService;
import io.xenia.broker.persistence.Database;
import io.xenia.protocol.credentials.ApiKeyToken;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the configured admin account exists, and that its configured API key works, before the
 * broker serves requests. Idempotent: a restart finds the same account.
 */
@Singleton
final class AdminBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
  private final Database database;
  private final CredentialService credentials;
  private final BootstrapAdminConfig config;
  private final Clock clock;

  AdminBootstrap(
      Database database, CredentialService credentials, BootstrapAdminConfig config, Clock clock) {
    this.database = database;
    this.credentials = credentials;
    this.config = config;
    this.clock = clock;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    ApiKeyToken token = null;
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      token =
          ApiKeyToken.parse(config.apiKey().strip())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "xenia.bootstrap.admin.api-key is not of the form xk_<32 hex>_<43 base64url>"));
    }
    ApiKeyToken configured = token;
    Account admin =
        database
            .inTransaction(
                session ->
                    session
                        .createSelectionQuery(
                            "from AccountEntity where bootstrap", AccountEntity.class)
                        .getSingleResultOrNull()
                        .thenCompose(
                            existing -> {
                              if (existing != null) {
                                return CompletableFuture.completedFuture(existing.toAccount());
                              }
                              var account =
                                  new Account(
                                      Ids.newId(),
                                      AccountKind.ADMIN,
                                      config.name(),
                                      config.email(),
                                      clock.instant());
                              return session
                                  .persist(new AccountEntity(account, true))
                                  .thenApply(ignored -> account);
                            })
                        .thenCompose(
                            account ->
                                configured == null
                                    ? CompletableFuture.completedFuture(account)
                                    : credentials
                                        .install(session, account, configured, "bootstrap key")
                                        .thenApply(ignored -> account)))
            .join();
    if (configured == null) {
      LOG.warn(
          "admin account {} has no configured API key (xenia.bootstrap.admin.api-key)", admin.id());
    } else {
      LOG.info(
          "admin account {} ready with its configured API key {}", admin.id(), configured.keyId());
    }
  }
}
