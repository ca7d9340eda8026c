package dev.likeness.app;

import dev.likeness.api.auth.ApiKey;
import dev.likeness.api.auth.ApiKeys;
import dev.likeness.api.auth.Scope;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness keys}: the API keys of a node's key file. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manages the API keys of a key file (the node's --api-keys).",
    subcommands = {KeysCommand.Add.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code likeness keys add NAME --scopes search,write --file FILE}: makes a key, prints it once
   * and appends its salted hash to the file; a running node picks it up within seconds.
   */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      defaultValueProvider = SettingsDefaultProvider.class,
      description =
          "Makes a new API key, prints it once and appends its salted hash to the key file "
              + "(created readable by its owner only). Running nodes reread the file within seconds.")
  static final class Add implements Callable<Integer> {
    @Parameters(
        paramLabel = "NAME",
        description = "Whose key it is, named in audit lines: 1-64 letters, digits or . _ @ -")
    String name;

    @Option(
        names = "--scopes",
        required = true,
        description = "What it may do, comma-separated: search, write, admin.")
    String scopes;

    // The longest name, --api-keys, is also the setting read from LIKENESS_API_KEYS, as for node.
    @Option(
        names = {"--file", "--api-keys"},
        required = true,
        description = "The key file to append to (the node's --api-keys).")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      ApiKey.Issued issued;
      try {
        issued = ApiKey.issue(name, Scope.parseList(scopes));
        if (Files.exists(file)) {
          // A file the node would refuse, or a name used twice, is reported before it changes.
          ApiKeys existing = ApiKeys.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
          if (existing.names().contains(name)) {
            throw new IllegalArgumentException(
                "the key file " + file + " already has a key named '" + name + "'");
          }
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      if (!Files.exists(file)) {
        create(file);
      }
      Files.writeString(
          file,
          issued.entry().line() + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      PrintWriter out = spec.commandLine().getOut();
      out.println(issued.key());
      out.flush();
      spec.commandLine()
          .getErr()
          .printf(
              "Added '%s' (%s) to %s. The key above is shown only this once; send it as"
                  + " 'Authorization: Bearer KEY'.%n",
              name, Scope.format(issued.entry().scopes()), file);
      return 0;
    }

    private static void create(Path file) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file); // not a POSIX file system
      } catch (FileAlreadyExistsException e) {
        return;
      }
      Files.write(
          file,
          List.of(
              "# Likeness API keys: sha256:SALT:HASH SCOPES NAME, one a line (likeness keys add)."),
          StandardCharsets.UTF_8);
    }
  }
}
