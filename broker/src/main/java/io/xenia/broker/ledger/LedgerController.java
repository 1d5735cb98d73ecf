package io.xenia.broker.ledger;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.problems.ProblemResponse;
import java.util.concurrent.CompletableFuture;

/** Finance's checks of the books. */
@Controller("/v1/ledger")
@ProblemResponse
@Tag(name = "Ledger")
class LedgerController {
  private final LedgerService ledger;

  LedgerController(LedgerService ledger) {
    this.ledger = ledger;
  }

  @Get("/check")
  @Operation(
      operationId = "checkLedger",
      summary = "Check that the books balance (finance and admins)",
      description =
          "Sums every balance per currency (zero when balanced), and counts entries that do not"
              + " balance and balances that differ from their lines.")
  CompletableFuture<LedgerCheck> check(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return ledger.check(caller);
  }
}
