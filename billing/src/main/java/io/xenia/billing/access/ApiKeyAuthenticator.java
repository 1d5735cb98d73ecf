package io.xenia.billing.access;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.ProblemType;
import io.xenia.billing.persistence.Sql;
import io.xenia.protocol.credentials.ApiKeyToken;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * Resolves a bearer token to its {@link Caller} by reading the broker's {@code public.api_key} and
 * {@code public.account} (docs/billing.md, the contract). The key is read on every request, so a
 * revocation or an expiry in the broker takes effect in billing at once. Blocking: call it on a
 * worker thread.
 */
@Singleton
public final class ApiKeyAuthenticator {
  private static final String SQL =
      "SELECT k.account_id, k.secret_hash, k.scopes, k.expires_at, k.revoked_at, a.kind"
          + " FROM public.api_key k JOIN public.account a ON a.id = k.account_id WHERE k.id = $1";

  private final Pool pool;
  private final Clock clock;

  ApiKeyAuthenticator(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * The caller of a token; an unparseable, unknown, wrong, revoked or expired key is {@code
   * unauthenticated} (the detail says which, never anything about the secret).
   */
  public Caller authenticate(String bearerToken) {
    ApiKeyToken token =
        ApiKeyToken.parse(bearerToken)
            .orElseThrow(() -> unauthenticated("the bearer token is not an API key token"));
    var rows = Sql.await(pool.preparedQuery(SQL).execute(Tuple.of(token.keyId())));
    if (rows.size() == 0) {
      throw unauthenticated("the API key is not known");
    }
    Row row = rows.iterator().next();
    // Constant-time comparison of the hashes (MessageDigest.isEqual).
    if (!token.matches(row.getBuffer("secret_hash").getBytes())) {
      throw unauthenticated("the API key is not known");
    }
    Instant now = clock.instant();
    if (row.getOffsetDateTime("revoked_at") != null) {
      throw unauthenticated("the API key was revoked");
    }
    OffsetDateTime expires = row.getOffsetDateTime("expires_at");
    if (expires != null && !now.isBefore(expires.toInstant())) {
      throw unauthenticated("the API key expired");
    }
    AccountKind kind =
        AccountKind.fromWireName(row.getString("kind"))
            .orElseThrow(() -> unauthenticated("the API key's account has an unknown kind"));
    Set<String> scopes = new HashSet<>();
    for (String name : row.getString("scopes").split(" ")) {
      // Scopes the account's kind cannot hold are dropped, not honoured (as in the broker).
      if (kind.billingScopes().contains(name)) {
        scopes.add(name);
      }
    }
    return new Caller(row.getUUID("account_id"), kind, token.keyId(), scopes);
  }

  public static BillingException unauthenticated(String detail) {
    return new BillingException(ProblemType.UNAUTHENTICATED, detail);
  }
}
