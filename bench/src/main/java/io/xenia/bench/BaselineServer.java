package io.xenia.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.xenia.broker.common.Ids;
import io.xenia.protocol.credentials.ApiKeyToken;
import io.xenia.protocol.money.Money;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;

/**
 * The baseline: the least a server can do to open a purchase order with the broker's semantics — a
 * raw Vert.x HTTP server and the Vert.x PostgreSQL client, no framework, no ORM.
 *
 * <p>Per request it does what the broker does, statement for statement (the SQL texts below are the
 * ones Hibernate sends for the broker; check with {@code --log-sql}):
 *
 * <ol>
 *   <li>authenticates the bearer token: one SELECT of the API key by id (joined with its account's
 *       kind, as the broker's query is), SHA-256 of the secret compared in constant time, revoked
 *       and expired keys refused, scope {@code orders:write} and kind {@code customer} required —
 *       outside the transaction, on a connection of its own from the pool, as the broker does;
 *   <li>parses and validates the JSON body (positive amount in whole cents, expiry in the future
 *       and within the broker's maximum term);
 *   <li>in one transaction: creates-if-absent and locks the customer's available ledger account,
 *       checks funds, inserts the purchase order, creates its ring-fenced ledger account (one
 *       INSERT ... RETURNING), inserts the journal entry and its two lines in one batch (a trigger
 *       moves the balances), commits;
 *   <li>answers 201 with the order as JSON.
 * </ol>
 *
 * <p>What it skips: the Idempotency-Key path (the benchmark sends no key, so the broker skips it
 * too), content negotiation and the broker's problem+json details, metrics, and Bean Validation.
 * Prepared statements are cached per connection, as Hibernate Reactive configures its pool.
 */
final class BaselineServer implements AutoCloseable {
  // Hibernate's SQL for CredentialService.authenticate's HQL query.
  static final String AUTHENTICATE =
      "select ake1_0.id,ake1_0.account_id,ake1_0.created_at,ake1_0.expires_at,ake1_0.name,"
          + "ake1_0.revoked_at,ake1_0.scopes,ake1_0.secret_hash,ae1_0.kind"
          + " from api_key ake1_0,account ae1_0 where ake1_0.id=$1 and ae1_0.id=ake1_0.account_id";

  // Ledger.lock for the customer's available account (no purchase order), then for the order's
  // ring-fenced account.
  static final String LOCK_INSERT_AVAILABLE =
      "INSERT INTO ledger_account (id, book, owner_account_id, purchase_order_id, currency,"
          + " floor_micros) VALUES ($1, $2, $3, NULL, $4, $5)"
          + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING RETURNING id";
  static final String LOCK_SELECT_AVAILABLE =
      "SELECT id, book, owner_account_id, purchase_order_id, currency, balance_micros,"
          + " floor_micros FROM ledger_account WHERE book = $1 AND owner_account_id = $2"
          + " AND purchase_order_id IS NULL AND currency = $3 FOR UPDATE";
  // Ledger.open for the order's new ring-fenced account: one INSERT ... RETURNING.
  static final String OPEN_RING_FENCED =
      "INSERT INTO ledger_account (id, book, owner_account_id, purchase_order_id, currency,"
          + " floor_micros) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, book, owner_account_id,"
          + " purchase_order_id, currency, balance_micros, floor_micros";

  // Hibernate's inserts for the three entities (columns in its order: alphabetical, id last).
  static final String INSERT_ORDER =
      "insert into purchase_order (account_id,closed_at,created_at,currency,description,"
          + "expires_at,limit_micros,released_micros,status,id)"
          + " values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)";
  static final String INSERT_ENTRY =
      "insert into journal_entry (account_id,created_at,created_by,currency,kind,"
          + "purchase_order_id,reference,id) values ($1,$2,$3,$4,$5,$6,$7,$8)";
  // Ledger.post: an entry's lines in one statement (the ledger checks each statement balances).
  static final String INSERT_LINES =
      "INSERT INTO journal_line (id, entry_id, ledger_account_id, amount_micros)"
          + " VALUES ($1, $2, $3, $4), ($5, $2, $6, $7)";

  private static final Duration MAX_TERM = Duration.ofDays(3 * 366);
  private static final String AVAILABLE = "customer-available";
  private static final String RING_FENCED = "customer-ring-fenced";

  private final Vertx vertx;
  private final Pool pool;
  private final int port;

  private BaselineServer(Vertx vertx, Pool pool, int port) {
    this.vertx = vertx;
    this.pool = pool;
    this.port = port;
  }

  /**
   * Starts the server on 127.0.0.1, a free port, with {@code eventLoops} event loops (one server
   * verticle on each) and a pool of {@code poolSize} connections to the database.
   */
  static BaselineServer start(
      String pgHost,
      int pgPort,
      String database,
      String user,
      String password,
      int poolSize,
      int eventLoops,
      CpuMeter cpu) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize))
            .connectingTo(
                new PgConnectOptions()
                    .setHost(pgHost)
                    .setPort(pgPort)
                    .setDatabase(database)
                    .setUser(user)
                    .setPassword(password)
                    .setCachePreparedStatements(true))
            .using(vertx)
            .build();
    LoadGenerator.eventLoopThreads(vertx).forEach(cpu::baselineThread);
    int port = freePort();
    await(
        vertx.deployVerticle(
            () -> new Handler(pool, port), new DeploymentOptions().setInstances(eventLoops)));
    return new BaselineServer(vertx, pool, port);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    await(pool.close());
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A refusal, answered as a (minimal) problem. */
  private static final class Refusal extends RuntimeException {
    final int status;
    final String type;

    Refusal(int status, String type, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.type = type;
    }
  }

  private record Caller(UUID accountId) {}

  private record Order(
      UUID id, UUID accountId, Money limit, String description, Instant expiresAt, Instant now) {}

  private static final class Handler extends AbstractVerticle {
    private final Pool pool;
    private final int port;

    Handler(Pool pool, int port) {
      this.pool = pool;
      this.port = port;
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
      vertx
          .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true))
          .requestHandler(this::handle)
          .listen(port)
          .<Void>mapEmpty()
          .onComplete(started);
    }

    private void handle(HttpServerRequest request) {
      if (request.method() != HttpMethod.POST || !request.path().equals(LoadGenerator.PATH)) {
        problem(request, new Refusal(404, "not-found", "no such resource"));
        return;
      }
      String authorization = request.getHeader("Authorization");
      request
          .body()
          .compose(body -> authenticate(authorization).compose(caller -> create(caller, body)))
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  request
                      .response()
                      .setStatusCode(201)
                      .putHeader("Content-Type", "application/json")
                      .end(ar.result());
                } else if (ar.cause() instanceof Refusal refusal) {
                  problem(request, refusal);
                } else {
                  problem(request, new Refusal(500, "internal-error", String.valueOf(ar.cause())));
                }
              });
    }

    private Future<Caller> authenticate(String authorization) {
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return Future.failedFuture(unauthenticated("send Authorization: Bearer <API key>"));
      }
      var parsed = ApiKeyToken.parse(authorization.substring(7).trim());
      if (parsed.isEmpty()) {
        return Future.failedFuture(unauthenticated("the bearer token is not an API key token"));
      }
      ApiKeyToken token = parsed.get();
      return pool.preparedQuery(AUTHENTICATE)
          .execute(Tuple.of(token.keyId()))
          .map(
              rows -> {
                if (rows.size() != 1) {
                  throw unauthenticated("the API key is not known");
                }
                Row row = rows.iterator().next();
                if (!token.matches(row.getBuffer("secret_hash").getBytes())) {
                  throw unauthenticated("the API key is not known");
                }
                Instant now = Instant.now();
                if (row.getOffsetDateTime("revoked_at") != null) {
                  throw unauthenticated("the API key was revoked");
                }
                OffsetDateTime expires = row.getOffsetDateTime("expires_at");
                if (expires != null && !now.isBefore(expires.toInstant())) {
                  throw unauthenticated("the API key expired");
                }
                if (!Arrays.asList(row.getString("scopes").split(" ")).contains("orders:write")) {
                  throw new Refusal(403, "forbidden", "this API key lacks the scope orders:write");
                }
                if (!"customer".equals(row.getString("kind"))) {
                  throw new Refusal(403, "forbidden", "only customers open purchase orders");
                }
                return new Caller(row.getUUID("account_id"));
              });
    }

    private Future<Buffer> create(Caller caller, Buffer body) {
      Order order;
      try {
        order = parse(caller, body);
      } catch (Refusal r) {
        return Future.failedFuture(r);
      }
      String currency = order.limit().currency().getCurrencyCode();
      UUID entryId = Ids.newId();
      return pool.withTransaction(
          conn ->
              lockAvailable(conn, order.accountId(), currency)
                  .compose(
                      available -> {
                        long spendable =
                            available.getLong("balance_micros")
                                - (available.getLong("floor_micros") == null
                                    ? 0
                                    : available.getLong("floor_micros"));
                        if (spendable < order.limit().micros()) {
                          throw new Refusal(422, "insufficient-funds", "insufficient funds");
                        }
                        return insertOrder(conn, order)
                            .compose(
                                inserted ->
                                    lockRingFenced(conn, order.accountId(), order.id(), currency))
                            .compose(
                                ringFenced ->
                                    post(
                                        conn,
                                        entryId,
                                        order,
                                        available.getUUID("id"),
                                        ringFenced.getUUID("id")));
                      })
                  .map(posted -> view(order)));
    }

    private static Order parse(Caller caller, Buffer body) {
      JsonObject json;
      String amount;
      String currency;
      String expiresAt;
      String description;
      try {
        json = new JsonObject(body);
        JsonObject limit = json.getJsonObject("amountLimit");
        amount = limit == null ? null : limit.getString("amount");
        currency = limit == null ? null : limit.getString("currency");
        expiresAt = json.getString("expiresAt");
        description = json.getString("description");
      } catch (RuntimeException e) {
        throw new Refusal(400, "malformed-request", "the request could not be read");
      }
      if (amount == null || currency == null || expiresAt == null) {
        throw new Refusal(400, "validation-failed", "amountLimit and expiresAt are required");
      }
      Money limit;
      Instant expires;
      try {
        limit = Money.parse(currency, amount);
        expires = Instant.parse(expiresAt);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new Refusal(400, "validation-failed", e.getMessage());
      }
      if (!limit.isPositive()) {
        throw new Refusal(400, "validation-failed", "amountLimit.amount must be positive");
      }
      if (!limit.isWholeMinorUnits()) {
        throw new Refusal(422, "currency-not-allowed", "too many decimals for the currency");
      }
      Instant now = Instant.now();
      if (!expires.isAfter(now) || expires.isAfter(now.plus(MAX_TERM))) {
        throw new Refusal(400, "validation-failed", "expiresAt out of range");
      }
      if (description != null) {
        description = description.strip();
        if (description.isEmpty()) {
          description = null;
        } else if (description.length() > 500) {
          throw new Refusal(400, "validation-failed", "description too long");
        }
      }
      return new Order(Ids.newId(), caller.accountId(), limit, description, expires, now);
    }

    private static Future<Row> lockAvailable(SqlConnection conn, UUID owner, String currency) {
      return conn.preparedQuery(LOCK_INSERT_AVAILABLE)
          .execute(Tuple.of(Ids.newId(), AVAILABLE, owner, currency, 0L))
          .compose(
              inserted ->
                  conn.preparedQuery(LOCK_SELECT_AVAILABLE)
                      .execute(Tuple.of(AVAILABLE, owner, currency)))
          .map(rows -> rows.iterator().next());
    }

    private static Future<Row> lockRingFenced(
        SqlConnection conn, UUID owner, UUID order, String currency) {
      return conn.preparedQuery(OPEN_RING_FENCED)
          .execute(Tuple.of(Ids.newId(), RING_FENCED, owner, order, currency, 0L))
          .map(rows -> rows.iterator().next());
    }

    private static Future<Void> insertOrder(SqlConnection conn, Order order) {
      return conn.preparedQuery(INSERT_ORDER)
          .execute(
              Tuple.tuple()
                  .addUUID(order.accountId())
                  .addOffsetDateTime(null)
                  .addOffsetDateTime(utc(order.now()))
                  .addString(order.limit().currency().getCurrencyCode())
                  .addString(order.description())
                  .addOffsetDateTime(utc(order.expiresAt()))
                  .addLong(order.limit().micros())
                  .addLong(0L)
                  .addString("open")
                  .addUUID(order.id()))
          .mapEmpty();
    }

    private static Future<Void> post(
        SqlConnection conn, UUID entryId, Order order, UUID available, UUID ringFenced) {
      long micros = order.limit().micros();
      return conn.preparedQuery(INSERT_ENTRY)
          .execute(
              Tuple.tuple()
                  .addUUID(order.accountId())
                  .addOffsetDateTime(utc(order.now()))
                  .addUUID(order.accountId())
                  .addString(order.limit().currency().getCurrencyCode())
                  .addString("purchase-order-ring-fence")
                  .addUUID(order.id())
                  .addString(null)
                  .addUUID(entryId))
          .compose(
              e ->
                  conn.preparedQuery(INSERT_LINES)
                      .execute(
                          Tuple.of(
                              Ids.newId(),
                              entryId,
                              available,
                              -micros,
                              Ids.newId(),
                              ringFenced,
                              micros)))
          .mapEmpty();
    }

    private static Buffer view(Order order) {
      JsonObject limit = money(order.limit());
      JsonObject zero = money(Money.zero(order.limit().currency()));
      JsonObject json =
          new JsonObject()
              .put("id", order.id().toString())
              .put("accountId", order.accountId().toString())
              .put("status", "open")
              .put("amountLimit", limit)
              .put("remaining", limit)
              .put("spent", zero)
              .put("released", zero)
              .put("expiresAt", order.expiresAt().toString())
              .put("createdAt", order.now().toString());
      if (order.description() != null) {
        json.put("description", order.description());
      }
      return json.toBuffer();
    }

    private static JsonObject money(Money m) {
      return new JsonObject()
          .put("amount", m.amount())
          .put("currency", m.currency().getCurrencyCode());
    }

    private static OffsetDateTime utc(Instant instant) {
      return instant.atOffset(ZoneOffset.UTC);
    }

    private static Refusal unauthenticated(String detail) {
      return new Refusal(401, "unauthenticated", detail);
    }

    private static void problem(HttpServerRequest request, Refusal refusal) {
      var response = request.response().setStatusCode(refusal.status);
      if (refusal.status == 401) {
        response.putHeader("WWW-Authenticate", "Bearer realm=\"xenia\"");
      }
      response
          .putHeader("Content-Type", "application/problem+json")
          .end(
              new JsonObject()
                  .put("type", "urn:xenia:problem:" + refusal.type)
                  .put("status", refusal.status)
                  .put("detail", refusal.getMessage())
                  .toBuffer());
    }
  }
}
