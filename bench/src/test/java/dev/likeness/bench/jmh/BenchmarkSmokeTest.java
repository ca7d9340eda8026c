package dev.likeness.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark once, in-process and on small inputs, so CI notices a benchmark that no
 * longer sets up or runs. The numbers are printed, not asserted: they are meaningless at this
 * length.
 */
class BenchmarkSmokeTest {

  @Test
  void everyBenchmarkRunsAndScores() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(BenchmarkSmokeTest.class.getPackageName() + "\\..*Bench\\.")
            .forks(0) // in this JVM: a forked JVM would need the test classpath spelled out
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200))
            .param("size", "20000")
            .param("megapixels", "1")
            .param("input", "jpeg-baseline-1mp", "png-1mp")
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> benchmarks = new TreeSet<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      benchmarks.add(name.substring(0, name.lastIndexOf('.')));
      double score = r.getPrimaryResult().getScore();
      StringBuilder params = new StringBuilder();
      for (String key : r.getParams().getParamsKeys()) {
        params.append(' ').append(key).append('=').append(r.getParams().getParam(key));
      }
      System.out.printf(
          "[smoke] %s%s: %.3f %s%n", name, params, score, r.getPrimaryResult().getScoreUnit());
      assertThat(score).as("score of %s%s", name, params).isPositive().isFinite();
    }
    assertThat(benchmarks)
        .contains(
            IndexSearchBench.class.getName(),
            PdqHashBench.class.getName(),
            DecodeBench.class.getName(),
            FeatureExtractionBench.class.getName(),
            KeypointBench.class.getName());
  }
}
