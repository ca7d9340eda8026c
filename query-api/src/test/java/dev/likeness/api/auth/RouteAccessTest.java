package dev.likeness.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteAccessTest {
  @ParameterizedTest
  @CsvSource({
    "GET, /search, SCOPED, SEARCH",
    "POST, /search, SCOPED, SEARCH",
    "GET, /images/a, SCOPED, SEARCH",
    "GET, /images/a/thumbnail, SCOPED, SEARCH",
    "HEAD, /images/a, SCOPED, SEARCH",
    "GET, /some/later/page, SCOPED, SEARCH",
    "POST, /images, SCOPED, WRITE",
    "DELETE, /images/a, SCOPED, WRITE",
    "PUT, /images/a, SCOPED, WRITE",
    "GET, /metrics, SCOPED, ADMIN",
    "GET, /lag, SCOPED, ADMIN",
    "GET, /status, SCOPED, ADMIN",
    "GET, /status/summary.json, SCOPED, ADMIN",
    "GET, /metrics/, SCOPED, ADMIN",
    "GET, //lag, SCOPED, ADMIN",
    "GET, /status/, SCOPED, ADMIN",
    "GET, /internal//records/a, PEER, ",
    "GET, /internal/, PEER, ",
    "GET, /, OPEN, ",
    "GET, /ui/browse, OPEN, ",
    "GET, /ui/images/a, OPEN, ",
    "GET, /ui/js/api.js, OPEN, ",
    "GET, /api-docs/, OPEN, ",
    "GET, /openapi.json, OPEN, ",
    "POST, /ui/upload, SCOPED, WRITE",
    "GET, /health, OPEN, ",
    "GET, /health/ready, OPEN, ",
    "OPTIONS, /images, OPEN, ",
    "POST, /internal/search, PEER, ",
    "GET, /internal/records/a, PEER, ",
    "GET, /internal, PEER, ",
    "OPTIONS, /internal/search, PEER, "
  })
  void everyRouteHasItsNeed(String method, String path, RouteAccess.Kind kind, Scope scope) {
    RouteAccess.Need need = RouteAccess.of(HttpMethod.valueOf(method), path);
    assertThat(need.kind()).isEqualTo(kind);
    assertThat(need.scope()).isEqualTo(Optional.ofNullable(scope));
  }
}
