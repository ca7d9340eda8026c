package dev.likeness.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop HTTP load: {@code clients} threads each send requests back to back and time them.
 */
final class HttpLoad {
  private final HttpClient http;
  private final int clients;

  HttpLoad(HttpClient http, int clients) {
    this.http = http;
    this.clients = clients;
  }

  /**
   * Sends {@code warmUp} unmeasured requests, then {@code total} measured ones; every answer must
   * be 200.
   */
  Stats run(int warmUp, int total, Callable<HttpRequest> next) throws Exception {
    for (int i = 0; i < warmUp; i++) {
      http.send(next.call(), HttpResponse.BodyHandlers.discarding());
    }
    List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < total / clients; i++) {
                    HttpRequest req = next.call();
                    long t = System.nanoTime();
                    HttpResponse<byte[]> r =
                        http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                      throw new IllegalStateException(
                          "search answered "
                              + r.statusCode()
                              + ": "
                              + new String(r.body(), StandardCharsets.UTF_8));
                    }
                    millis.add((System.nanoTime() - t) / 1e6);
                  }
                  return null;
                }));
      }
      for (Future<?> f : tasks) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return Stats.of(millis);
  }
}
