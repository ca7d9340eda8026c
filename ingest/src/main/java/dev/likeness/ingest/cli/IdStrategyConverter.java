package dev.likeness.ingest.cli;

import dev.likeness.ingest.files.IdStrategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --id path|sha256}, ignoring case. */
final class IdStrategyConverter implements ITypeConverter<IdStrategy> {
  @Override
  public IdStrategy convert(String value) {
    try {
      return IdStrategy.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
