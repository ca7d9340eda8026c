package dev.likeness.bench.quality;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Checks the near-identical groups of an evaluation set: a pair whose pixels differ less than plain
 * re-encodes of other photos do (JPEG q20, resize 50 %, WebP, GIF) is the same picture twice, not a
 * near-identical non-copy, and belongs in a {@code copy:} group. No matcher can tell such a pair
 * from a copy, so leaving it among the distractors only measures the data set.
 */
@Command(
    name = "same-picture-check",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Flags near-identical groups whose members differ less than plain re-encodes do.")
public final class SamePictureCheck implements Callable<Integer> {
  private static final Transform[] RE_ENCODES = {
    Transform.JPEG_Q20, Transform.RESIZE_50, Transform.WEBP, Transform.GIF
  };

  @Option(
      names = "--photos",
      required = true,
      description = "Folder of originals with its groups.tsv.")
  Path photos;

  @Option(
      names = "--sample-every",
      defaultValue = "8",
      description = "Re-encode every n-th ungrouped photo.")
  int sampleEvery;

  @Option(
      names = "--quantile",
      defaultValue = "0.98",
      description =
          "Block residual compared: the q quantile of a pair's blocks (its most changed part).")
  double quantile;

  /** Runs the check. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SamePictureCheck()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Corpus.Group> groups = Corpus.readGroups(photos.resolve(Corpus.GROUPS_FILE));
    Map<String, List<String>> members = new TreeMap<>();
    groups.forEach((id, g) -> members.computeIfAbsent(g.name(), k -> new ArrayList<>()).add(id));
    members.values().forEach(l -> l.sort(null));

    List<Float> reEncodes = new ArrayList<>();
    List<String> ungrouped;
    try (Stream<Path> files = Files.list(photos)) {
      ungrouped =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("(?i).*\\.(jpe?g|png)$") && !groups.containsKey(n))
              .sorted()
              .toList();
    }
    for (int i = 0; i < ungrouped.size(); i += sampleEvery) {
      BufferedImage original = read(photos.resolve(ungrouped.get(i)));
      for (Transform t : RE_ENCODES) {
        BufferedImage copy = ImageIO.read(new ByteArrayInputStream(t.apply(original)));
        if (copy != null) {
          reEncodes.add(PixelResidual.quantile(PixelResidual.blocks(original, copy), quantile));
        }
      }
    }
    float[] sorted = new float[reEncodes.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = reEncodes.get(i);
    }
    Arrays.sort(sorted);
    float bound = PixelResidual.quantile(sorted, 0.95);
    System.out.printf(
        "Plain re-encodes of %d photos (%d copies): block residual at q%.0f, median %.3f, p95 %.3f,"
            + " max %.3f.%nA pair below the p95 is flagged as the same picture.%n%n",
        (ungrouped.size() + sampleEvery - 1) / sampleEvery,
        sorted.length,
        quantile * 100,
        PixelResidual.quantile(sorted, 0.5),
        bound,
        sorted[sorted.length - 1]);
    System.out.println(
        "| group | pair | relation now | median block | p90 block | q block | verdict |");
    System.out.println("|---|---|---|---:|---:|---:|---|");
    int flagged = 0;
    for (var e : members.entrySet()) {
      List<String> ids = e.getValue();
      BufferedImage first = read(photos.resolve(ids.get(0)));
      for (String other : ids.subList(1, ids.size())) {
        float[] b = PixelResidual.blocks(first, read(photos.resolve(other)));
        float q = PixelResidual.quantile(b, quantile);
        boolean same = q < bound;
        Corpus.Relation relation = groups.get(other).relation();
        if (same && relation == Corpus.Relation.NEAR) {
          flagged++;
        }
        System.out.printf(
            "| %s | %s / %s | %s | %.3f | %.3f | %.3f | %s |%n",
            e.getKey(),
            ids.get(0),
            other,
            relation.name().toLowerCase(Locale.ROOT),
            PixelResidual.quantile(b, 0.5),
            PixelResidual.quantile(b, 0.9),
            q,
            same ? "**same picture**" : "different");
      }
    }
    System.out.printf("%n%d near pair(s) flagged as the same picture.%n", flagged);
    return 0;
  }

  private static BufferedImage read(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException("not an image ImageIO reads: " + file);
    }
    return image;
  }
}
