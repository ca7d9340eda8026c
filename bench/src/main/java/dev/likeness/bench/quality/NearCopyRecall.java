package dev.likeness.bench.quality;

import dev.likeness.contract.hash.Hash256;
import dev.likeness.core.hash.PdqHasher;
import dev.likeness.core.index.HammingIndex;
import dev.likeness.core.index.IndexMatch;
import dev.likeness.core.index.SearchPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * How many of the edited copies within the default threshold the index's default search finds,
 * against the scan: the photos of a directory each go through every {@link Transform}; the
 * originals' PDQ hashes are indexed among uniform random hashes and each copy's eight forms are
 * searched at radius 48. Prints the copies' distance distribution, then per layout and exact radius
 * the copies found and missed. Usage: {@code NearCopyRecall PHOTO_DIR [RANDOM_ENTRIES [EXACT_RADII
 * ...]]}.
 */
public final class NearCopyRecall {
  private static final int RADIUS = 48;
  private static final int K = 20;

  private NearCopyRecall() {}

  private record Copy(String original, String edit, List<Hash256> forms, int distance) {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int randomEntries = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
    List<Integer> radii = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      radii.add(Integer.parseInt(args[i]));
    }
    if (radii.isEmpty()) {
      radii.addAll(List.of(31, 33, 35, 39, 48));
    }
    PdqHasher hasher = new PdqHasher();
    List<String> names = new ArrayList<>();
    List<Hash256> originals = new ArrayList<>();
    List<Copy> copies = new ArrayList<>();
    List<Path> photos;
    try (Stream<Path> files = Files.list(dir)) {
      photos = files.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
    }
    for (Path photo : photos) {
      BufferedImage read = ImageIO.read(photo.toFile());
      if (read == null) {
        continue;
      }
      BufferedImage image =
          Transform.draw(read.getWidth(), read.getHeight(), g -> g.drawImage(read, 0, 0, null));
      String name = photo.getFileName().toString();
      Hash256 original = hasher.hash(image).hash();
      names.add(name);
      originals.add(original);
      for (Transform t : Transform.values()) {
        BufferedImage edited;
        try {
          edited =
              ImageIO.read(new ByteArrayInputStream(t.apply(image, Transform.variant(1, name))));
        } catch (RuntimeException | IOException e) {
          continue; // an encoding without a writer here
        }
        if (edited == null) {
          continue;
        }
        List<Hash256> forms = hasher.hashAllForms(edited).forms();
        int d = Integer.MAX_VALUE;
        for (Hash256 f : forms) {
          d = Math.min(d, f.distance(original));
        }
        copies.add(new Copy(name, t.label(), forms, d));
      }
    }
    int[] buckets = new int[6]; // 0-15, 16-31, 32-35, 36-39, 40-43, 44-48
    int within = 0;
    for (Copy c : copies) {
      if (c.distance() <= RADIUS) {
        within++;
        int d = c.distance();
        buckets[d < 16 ? 0 : d < 32 ? 1 : d < 36 ? 2 : d < 40 ? 3 : d < 44 ? 4 : 5]++;
      }
    }
    System.out.printf(
        "%d photos, %d copies, %d within %d of their original's plain hash under some form%n",
        names.size(), copies.size(), within, RADIUS);
    System.out.printf(
        "distances of those: 0-15 %d, 16-31 %d, 32-35 %d, 36-39 %d, 40-43 %d, 44-48 %d%n",
        buckets[0], buckets[1], buckets[2], buckets[3], buckets[4], buckets[5]);
    for (boolean fourteen : new boolean[] {false, true}) {
      for (int exact : radii) {
        HammingIndex index = new HammingIndex(0, fourteen ? 0 : Integer.MAX_VALUE, exact);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < randomEntries; i++) {
          index.put(
              "random-" + i,
              Hash256.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
        }
        for (int i = 0; i < names.size(); i++) {
          index.put(names.get(i), originals.get(i));
        }
        int oracle = 0;
        int found = 0;
        List<String> missed = new ArrayList<>();
        for (Copy c : copies) {
          if (!contains(index.search(c.forms(), K, RADIUS, SearchPath.BRUTE_FORCE), c.original())) {
            continue;
          }
          oracle++;
          if (contains(index.search(c.forms(), K, RADIUS, SearchPath.AUTO), c.original())) {
            found++;
          } else {
            missed.add(c.original() + " " + c.edit() + " at " + c.distance());
          }
        }
        System.out.printf(
            "%s, exact to %d: %d of the scan's %d copies found (%.2f %%); missed %s%n",
            fourteen ? "14 substrings" : "16 substrings",
            exact,
            found,
            oracle,
            100.0 * found / oracle,
            missed);
      }
    }
  }

  private static boolean contains(List<IndexMatch> hits, String id) {
    return hits.stream().anyMatch(m -> m.id().equals(id));
  }
}
