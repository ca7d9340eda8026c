package dev.likeness.bench.match;

import dev.likeness.core.image.ImageLimits;
import dev.likeness.core.image.SafeImageDecoder;
import dev.likeness.core.image.Thumbnailer;
import dev.likeness.core.keypoint.KeypointCodec;
import dev.likeness.core.match.ImageMatcher;
import dev.likeness.core.match.MatchFeatureExtractor;
import dev.likeness.core.match.MatchFeatures;
import dev.likeness.core.match.MatchHit;
import dev.likeness.core.match.Reference;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How close near-identical non-copies come: for every group of a photo folder's {@code groups.tsv}
 * marked {@code near} (burst frames, stereo pairs, one subject re-shot), indexes the group's first
 * member and searches the others as they are; prints each pair's whole-image PDQ distance and the
 * matcher's score and path. These pairs set how low a threshold must go to keep them apart.
 */
@Command(
    name = "near-identical-probe",
    mixinStandardHelpOptions = true,
    description =
        "Scores of near-identical non-copies (groups.tsv 'near' groups) under the ImageMatcher.")
public final class NearIdenticalProbe implements Callable<Integer> {
  @Option(
      names = "--photos",
      required = true,
      description = "Folder with the photos and groups.tsv.")
  Path photos;

  public static void main(String[] args) {
    System.exit(new CommandLine(new NearIdenticalProbe()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String line :
        Files.readAllLines(photos.resolve("groups.tsv"))
            .subList(1, Files.readAllLines(photos.resolve("groups.tsv")).size())) {
      String[] f = line.split("\t");
      if (f.length >= 3 && f[2].equals("near")) {
        groups.computeIfAbsent(f[1], g -> new ArrayList<>()).add(f[0]);
      }
    }
    SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.defaults());
    MatchFeatureExtractor extractor = new MatchFeatureExtractor();
    Map<String, Reference> refs = new HashMap<>();
    ImageMatcher matcher = new ImageMatcher(refs::get);
    List<String[]> pairs = new ArrayList<>();
    for (var g : groups.entrySet()) {
      String first = g.getValue().get(0);
      BufferedImage img = decoder.decode(Files.readAllBytes(photos.resolve(first))).pixels();
      MatchFeatures f = extractor.forIndex(img);
      byte[] block = KeypointCodec.encode(f.keypoints());
      refs.put(
          first,
          Reference.decode(
              f.whole().original(),
              f.whole().quality(),
              block,
              f.bands(),
              new Thumbnailer().jpeg(img, 256)));
      matcher.put(first, f);
      for (String other : g.getValue().subList(1, g.getValue().size())) {
        pairs.add(new String[] {g.getKey(), first, other});
      }
    }
    List<Integer> scores = new ArrayList<>();
    System.out.println("group\tindexed\tquery\twhole_distance\tscore\tpath\tinliers");
    for (String[] p : pairs) {
      BufferedImage q = decoder.decode(Files.readAllBytes(photos.resolve(p[2]))).pixels();
      MatchFeatures qf = extractor.forQuery(q);
      int whole = 256;
      for (var form : qf.whole().forms()) {
        whole = Math.min(whole, form.distance(refs.get(p[1]).whole()));
      }
      MatchHit hit =
          matcher.search(qf, 50, 256).stream()
              .filter(h -> h.id().equals(p[1]))
              .findFirst()
              .orElse(null);
      int score = hit == null ? 999 : hit.score();
      scores.add(score);
      System.out.printf(
          Locale.ROOT,
          "%s\t%s\t%s\t%d\t%s\t%s\t%d%n",
          p[0],
          p[1],
          p[2],
          whole,
          hit == null ? "-" : Integer.toString(hit.score()),
          hit == null ? "-" : hit.path(),
          hit == null ? 0 : hit.inliers());
    }
    int[] s = scores.stream().mapToInt(Integer::intValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%d pairs; scores: min %d, 5th pct %d, 10th pct %d, median %d%n",
        s.length,
        s[0],
        s[s.length / 20],
        s[s.length / 10],
        s[s.length / 2]);
    System.out.println("sorted: " + Arrays.toString(s));
    return 0;
  }
}
