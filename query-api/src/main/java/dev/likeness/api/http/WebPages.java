package dev.likeness.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The pages people use: search at {@code /}, an image's page at {@code /ui/images/{id}}, browse and
 * upload under {@code /ui/}, and the OpenAPI description at {@code /openapi.json}, rendered by
 * swagger-ui at {@code /api-docs}. Plain HTML, CSS and JavaScript modules served from the
 * classpath: no build step, no CDN.
 */
public final class WebPages {
  /** Classpath folder of the pages. */
  public static final String WEBROOT = "webroot/ui";

  /** Classpath folder of the API description page. */
  public static final String API_DOCS = "webroot/api-docs";

  /** Classpath location of the OpenAPI description. */
  public static final String OPENAPI = "webroot/openapi.json";

  /** Classpath folder of the swagger-ui webjar's files, served under {@code /api-docs/vendor/}. */
  public static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.35.0";

  private final Buffer openApi;

  /** Reads the OpenAPI description once, from the classpath. */
  public WebPages() {
    try (InputStream in = WebPages.class.getClassLoader().getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI + " is missing from the classpath");
      }
      openApi = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the pages' routes to {@code router}. */
  void addTo(Router router) {
    // Each page at a path without ".html", rerouted so the address bar keeps what was asked.
    router.get("/").handler(ctx -> ctx.reroute("/ui/index.html"));
    router.get("/ui/browse").handler(ctx -> ctx.reroute("/ui/browse.html"));
    router.get("/ui/upload").handler(ctx -> ctx.reroute("/ui/upload.html"));
    router.get("/ui/images/:id").handler(ctx -> ctx.reroute("/ui/image.html"));
    router.get("/ui/*").handler(StaticHandler.create(WEBROOT).setDefaultContentEncoding("UTF-8"));
    router
        .get("/openapi.json")
        .handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openApi));
    router.getWithRegex("/api-docs/?").handler(ctx -> ctx.reroute("/api-docs/index.html"));
    router.get("/api-docs/vendor/*").handler(StaticHandler.create(SWAGGER_UI));
    router.get("/api-docs/*").handler(StaticHandler.create(API_DOCS));
  }
}
