package dev.likeness.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.core.match.ImageMatcher;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness search FILE}: asks a node for images like FILE and prints a table. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = "Searches a running node for images like FILE and prints the matches as a table.")
final class SearchCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Image to search with.")
  Path file;

  @Option(
      names = "--url",
      defaultValue = "http://localhost:8080",
      description = "Base URL of any node.")
  String url;

  @Option(
      names = {"-k", "--k"},
      defaultValue = "10",
      description = "Most matches to show (1-1000).")
  int k;

  @Option(
      names = "--threshold",
      defaultValue = "" + ImageMatcher.DEFAULT_THRESHOLD,
      description = "Largest score that matches (0-256, a PDQ distance); the API's default.")
  int threshold;

  @Option(names = "--json", description = "Print the raw JSON answer instead of a table.")
  boolean json;

  @Option(
      names = "--api-key",
      defaultValue = "",
      description =
          "API key with the search scope, for a node started with --api-keys; better given as "
              + "LIKENESS_API_KEY than on the command line, where other users can see it.")
  String apiKey;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(file)) {
      err.println("No such file: " + file);
      return 2;
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create(url.replaceAll("/+$", "") + "/search?k=" + k + "&threshold=" + threshold);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofFile(file));
    if (!apiKey.isBlank()) {
      request.header("authorization", "Bearer " + apiKey.strip());
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      err.println(
          "Cannot reach a node at " + url + " (is `likeness demo` or `likeness node` running?)");
      return 1;
    }
    if (json) {
      out.println(response.body());
      return response.statusCode() == 200 ? 0 : 1;
    }
    JsonNode body = new ObjectMapper().readTree(response.body());
    if (response.statusCode() != 200) {
      err.println(
          "Search failed ("
              + response.statusCode()
              + "): "
              + body.path("error").asText(response.body()));
      return 1;
    }
    out.print(MatchTable.render(body));
    out.flush();
    return 0;
  }
}
