package dev.likeness.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SparseLineConsumerTest {
  @Test
  void printsFirstLineThenAtMostOncePerIntervalAndTheLastOnClose() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    SparseLineConsumer c =
        new SparseLineConsumer(new PrintWriter(text), Duration.ofSeconds(10), now::get);

    c.accept("\r0/4");
    now.set(Duration.ofSeconds(1).toNanos());
    c.accept("\r1/4");
    now.set(Duration.ofSeconds(11).toNanos());
    c.accept("\r2/4");
    c.accept("\r4/4");
    c.close();

    assertThat(text.toString().lines()).containsExactly("0/4", "2/4", "4/4");
  }

  @Test
  void closeDoesNotRepeatAPrintedLine() {
    StringWriter text = new StringWriter();
    SparseLineConsumer c =
        new SparseLineConsumer(new PrintWriter(text), Duration.ofSeconds(10), () -> 0L);
    c.accept("1/1");
    c.close();
    assertThat(text.toString().lines()).containsExactly("1/1");
  }
}
