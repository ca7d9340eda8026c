package dev.likeness.api.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.junit.jupiter.api.Test;

/** Which requests count as searches, which as writes, and which are not limited. */
class ClientRateLimitsTest {
  private final Handler<RoutingContext> searches = ctx -> {};
  private final Handler<RoutingContext> writes = ctx -> {};
  private final ClientRateLimits limits = new ClientRateLimits(searches, writes);

  @Test
  void searchesAndWritesGoToTheirOwnLimit() {
    assertThat(limits.limitOf(HttpMethod.GET, "/search")).isSameAs(searches);
    assertThat(limits.limitOf(HttpMethod.POST, "/search/")).isSameAs(searches);
    assertThat(limits.limitOf(HttpMethod.POST, "/images")).isSameAs(writes);
    assertThat(limits.limitOf(HttpMethod.DELETE, "/images/holiday%2Fbeach.jpg")).isSameAs(writes);
  }

  @Test
  void peersHealthReadsAndTheRestAreNotLimited() {
    assertThat(limits.limitOf(HttpMethod.POST, "/internal/search")).isNull();
    assertThat(limits.limitOf(HttpMethod.GET, "/internal/search-by-id")).isNull();
    assertThat(limits.limitOf(HttpMethod.GET, "/internal/records/x")).isNull();
    assertThat(limits.limitOf(HttpMethod.GET, "/health/ready")).isNull();
    assertThat(limits.limitOf(HttpMethod.GET, "/images/x")).isNull();
    assertThat(limits.limitOf(HttpMethod.GET, "/images/x/thumbnail")).isNull();
    assertThat(limits.limitOf(HttpMethod.OPTIONS, "/search")).isNull();
    assertThat(limits.limitOf(HttpMethod.GET, "/metrics")).isNull();
  }
}
