package dev.likeness.bench.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder of originals split into the ones that are indexed and the held-out distractors.
 *
 * <p>Originals may be grouped (see {@link #GROUPS_FILE}). A group of near-identical non-copies —
 * burst frames, a stereo pair, two shots of one landmark — straddles the split on purpose: one
 * member, drawn with the seed, is indexed and the others are distractors, because such a pair is
 * what decides how low the threshold must sit. A group of copies (the same picture twice) never
 * straddles: its members are all indexed or all held out, since an edited copy of a held-out member
 * would otherwise count as a false match for finding its own picture.
 *
 * @param root the folder
 * @param indexed ids (paths relative to {@code root}, with '/') of the originals that are indexed
 * @param distractors ids of the originals that are never indexed
 */
public record Corpus(Path root, List<String> indexed, List<String> distractors) {
  /**
   * Optional tab-separated file in the folder's root, with a header line: file id, group name, and
   * relation ({@code near} or {@code copy}; {@code near} if absent). Ids not listed stand alone.
   */
  public static final String GROUPS_FILE = "groups.tsv";

  private static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

  /** How the members of a group relate. */
  public enum Relation {
    /** Different shots of one scene: split on purpose, one member indexed. */
    NEAR,
    /** The same picture more than once: kept on one side of the split. */
    COPY
  }

  /** The group an original belongs to. */
  public record Group(String name, Relation relation) {}

  /**
   * All image files under {@code root}, grouped by its {@link #GROUPS_FILE} if any, split so that
   * about {@code distractorShare} are held out.
   */
  public static Corpus load(Path root, double distractorShare, long seed, int limit)
      throws IOException {
    List<String> ids;
    try (Stream<Path> files = Files.walk(root)) {
      ids =
          files
              .filter(Files::isRegularFile)
              .filter(Corpus::isImage)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }
    Path groupsFile = root.resolve(GROUPS_FILE);
    Map<String, Group> groups = Files.isRegularFile(groupsFile) ? readGroups(groupsFile) : Map.of();
    return split(root, ids, groups, distractorShare, seed, limit);
  }

  /** {@link #split(Path, List, Map, double, long, int)} with every original standing alone. */
  public static Corpus split(
      Path root, List<String> ids, double distractorShare, long seed, int limit) {
    return split(root, ids, Map.of(), distractorShare, seed, limit);
  }

  /**
   * Splits {@code ids} deterministically. Groups (and ungrouped ids, as groups of one) are shuffled
   * with {@code seed} and kept whole while they fit in {@code limit} (0 = all). Each near-identical
   * group of two or more then puts one seeded member in the index and the rest among the
   * distractors; the other groups, in shuffled order, are held out until about {@code
   * distractorShare} of the originals are. Near-identical groups are split even if that holds out
   * more than the share; a share of 0 holds out nothing.
   */
  public static Corpus split(
      Path root,
      List<String> ids,
      Map<String, Group> groups,
      double distractorShare,
      long seed,
      int limit) {
    if (distractorShare < 0 || distractorShare >= 1) {
      throw new IllegalArgumentException(
          "distractor share must be in [0, 1), got " + distractorShare);
    }
    Random random = new Random(seed);
    List<Unit> units = units(ids, groups);
    Collections.shuffle(units, random);
    if (limit > 0) {
      List<Unit> kept = new ArrayList<>();
      int n = 0;
      for (Unit u : units) {
        if (n + u.members.size() <= limit) {
          kept.add(u);
          n += u.members.size();
        }
      }
      units = kept;
    }
    int total = units.stream().mapToInt(u -> u.members.size()).sum();
    int held = (int) Math.round(total * distractorShare);
    List<String> indexed = new ArrayList<>();
    List<String> distractors = new ArrayList<>();
    List<Unit> rest = new ArrayList<>();
    for (Unit u : units) {
      if (held > 0 && u.relation == Relation.NEAR && u.members.size() > 1) {
        List<String> members = new ArrayList<>(u.members);
        Collections.shuffle(members, random);
        indexed.add(members.get(0));
        distractors.addAll(members.subList(1, members.size()));
      } else {
        rest.add(u);
      }
    }
    for (Unit u : rest) {
      (distractors.size() + u.members.size() <= held ? distractors : indexed).addAll(u.members);
    }
    return new Corpus(
        root, indexed.stream().sorted().toList(), distractors.stream().sorted().toList());
  }

  /** The groups listed in a {@link #GROUPS_FILE}, by id. */
  public static Map<String, Group> readGroups(Path file) throws IOException {
    Map<String, Group> groups = new HashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 2 || f[1].isBlank()) {
        throw new IOException(file + ": expected 'file<TAB>group[<TAB>near|copy]', got: " + line);
      }
      Relation relation =
          f.length > 2 && !f[2].isBlank()
              ? Relation.valueOf(f[2].trim().toUpperCase(Locale.ROOT))
              : Relation.NEAR;
      groups.put(f[0].trim(), new Group(f[1].trim(), relation));
    }
    return groups;
  }

  /** The file of image {@code id}. */
  public Path file(String id) {
    return root.resolve(id);
  }

  /** A group, or an ungrouped id alone; members sorted so the shuffle alone decides the order. */
  private record Unit(List<String> members, Relation relation) {}

  private static List<Unit> units(List<String> ids, Map<String, Group> groups) {
    // Keyed by the group's first member (ids are sorted), so the order before shuffling depends
    // only on the ids, not on the group names.
    Map<String, List<String>> byGroup = new TreeMap<>();
    Map<String, Relation> relations = new HashMap<>();
    Map<String, String> unitKey = new LinkedHashMap<>();
    for (String id : ids.stream().sorted().distinct().toList()) {
      Group g = groups.get(id);
      String key = g == null ? "\0" + id : g.name();
      unitKey.putIfAbsent(key, id);
      byGroup.computeIfAbsent(unitKey.get(key), k -> new ArrayList<>()).add(id);
      if (g != null && g.relation() == Relation.COPY) {
        relations.put(unitKey.get(key), Relation.COPY);
      }
    }
    List<Unit> units = new ArrayList<>();
    byGroup.forEach(
        (first, members) ->
            units.add(
                new Unit(List.copyOf(members), relations.getOrDefault(first, Relation.NEAR))));
    return units;
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
  }
}
