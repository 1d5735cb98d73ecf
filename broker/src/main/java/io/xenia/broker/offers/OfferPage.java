package io.xenia.broker.offers;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One page of a search.
 *
 * @param query the query in canonical form
 * @param currency the index searched: every price is in it
 * @param sort {@code price} or {@code rtt}
 * @param total offers matching over all pages
 * @param nextPage the {@code page} value of the next page; absent on the last page
 * @param explanation with {@code explain=true}
 */
@Serdeable
@Schema(name = "OfferPage")
public record OfferPage(
    String query,
    String currency,
    @Schema(allowableValues = {"price", "rtt"}) String sort,
    List<OfferView> offers,
    int total,
    @Nullable String nextPage,
    @Nullable ExplanationView explanation) {}
