package dev.likeness.app;

import dev.likeness.contract.kafka.KafkaRefusal;
import dev.likeness.ingest.cli.DeleteCommand;
import dev.likeness.ingest.cli.ImportHashesCommand;
import dev.likeness.ingest.cli.IngestCommand;
import dev.likeness.ingest.cli.ReplayCommand;
import dev.likeness.monitor.cli.LagCommand;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code likeness} launcher. */
@Command(
    name = "likeness",
    mixinStandardHelpOptions = true,
    version = "likeness 0.1.0",
    description =
        "Event-driven reverse image search on Kafka Streams.%n"
            + "Settings come from flags, then LIKENESS_* environment variables, then likeness.properties.",
    subcommands = {
      DemoCommand.class,
      NodeCommand.class,
      IngestCommand.class,
      ImportHashesCommand.class,
      DeleteCommand.class,
      SearchCommand.class,
      LagCommand.class,
      ReplayCommand.class,
      BrokerCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Likeness implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The parsed command tree, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Likeness())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Likeness::refusedByKafka);
  }

  /**
   * A cluster that refuses the credentials or the operations of a command gets one clear line
   * instead of a stack trace; other failures keep picocli's handling.
   */
  private static int refusedByKafka(
      Exception failure, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
    Optional<String> refusal = KafkaRefusal.explain(failure);
    if (refusal.isEmpty()) {
      throw failure;
    }
    command.getErr().println("likeness " + command.getCommandName() + ": " + refusal.get());
    command.getErr().flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
