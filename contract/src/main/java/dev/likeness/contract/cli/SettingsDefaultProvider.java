package dev.likeness.contract.cli;

import dev.likeness.contract.config.ConfigResolver;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every Likeness command take its option defaults from {@link Settings}: an option {@code
 * --foo-bar} reads the setting {@code foo-bar} ({@code LIKENESS_FOO_BAR} or the properties file).
 *
 * <p>The resulting precedence is flag, then environment, then properties file, then the default in
 * the {@code @Option} annotation. Use it with {@code @Command(defaultValueProvider =
 * SettingsDefaultProvider.class)}.
 */
public final class SettingsDefaultProvider implements IDefaultValueProvider {
  private final ConfigResolver settings;

  /** Reads the settings of this process ({@link Settings#system()}); picocli calls this one. */
  public SettingsDefaultProvider() {
    this(ConfigResolver.system());
  }

  /** Reads the given settings. */
  public SettingsDefaultProvider(ConfigResolver settings) {
    this.settings = settings;
  }

  /** The setting for an option's longest name, else the option's annotated default. */
  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      String name = option.longestName().replaceFirst("^-+", "");
      if (!name.isEmpty()) {
        var value = settings.get(name);
        if (value.isPresent()) {
          return value.get();
        }
      }
    }
    // Positional parameters (PATH, ID) are data, not configuration: never taken from settings.
    return argSpec.defaultValue();
  }
}
