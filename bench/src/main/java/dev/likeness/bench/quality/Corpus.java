package dev.likeness.bench.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of originals split into the ones that are indexed and the held-out distractors.
 *
 * @param root the folder
 * @param indexed ids (paths relative to {@code root}, with '/') of the originals that are indexed
 * @param distractors ids of the originals that are never indexed
 */
public record Corpus(Path root, List<String> indexed, List<String> distractors) {
  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

  /** All image files under {@code root}, split so that {@code distractorShare} of them are held out. */
  public static Corpus load(Path root, double distractorShare, long seed, int limit) throws IOException {
    List<String> ids;
    try (Stream<Path> files = Files.walk(root)) {
      ids = files.filter(Files::isRegularFile)
          .filter(Corpus::isImage)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
    return split(root, ids, distractorShare, seed, limit);
  }

  /**
   * Splits {@code ids} deterministically: shuffled with {@code seed}, the first {@code limit} kept
   * (0 = all), and the first {@code distractorShare} of those held out.
   */
  public static Corpus split(Path root, List<String> ids, double distractorShare, long seed, int limit) {
    if (distractorShare < 0 || distractorShare >= 1) {
      throw new IllegalArgumentException("distractor share must be in [0, 1), got " + distractorShare);
    }
    List<String> shuffled = new ArrayList<>(ids.stream().sorted().toList());
    Collections.shuffle(shuffled, new Random(seed));
    if (limit > 0 && shuffled.size() > limit) {
      shuffled = shuffled.subList(0, limit);
    }
    int held = (int) Math.round(shuffled.size() * distractorShare);
    List<String> distractors = shuffled.subList(0, held).stream().sorted().toList();
    List<String> indexed = shuffled.subList(held, shuffled.size()).stream().sorted().toList();
    return new Corpus(root, indexed, distractors);
  }

  /** The file of image {@code id}. */
  public Path file(String id) {
    return root.resolve(id);
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
  }
}
