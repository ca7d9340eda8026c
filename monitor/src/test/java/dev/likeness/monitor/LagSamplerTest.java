package dev.likeness.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.Topics;
import dev.likeness.monitor.cli.LagCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Admin-only sampler against a plain broker: no Streams, any group, a missing topic. */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LagSamplerTest {
  private KRaftBroker broker;

  @BeforeAll
  void start(@TempDir Path tmp) {
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0));
  }

  @AfterAll
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private record Run(int exit, String out, String err) {}

  private Run lag(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LagCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aGroupWithCommitsAndNoMembersIsStoppedAndAGroupWithoutCommitsTrailsFromTheStart()
      throws Exception {
    Run missing = lag("--bootstrap-servers", broker.bootstrapServers());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("likeness.images does not exist");

    Map<String, Object> bootstrap =
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin admin = Admin.create(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(Topics.IMAGES, 2, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(Topics.IMAGES, i % 2, "k" + i, "v"));
      }
    }
    // A group that read 3 records of partition 0 and then went away.
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers", broker.bootstrapServers(), "group.id", "other-app"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition(Topics.IMAGES, 0), new OffsetAndMetadata(3)));
    }

    try (LagSampler sampler =
        LagSampler.connect(
            broker.bootstrapServers(), "other-app", Topics.IMAGES, Duration.ofSeconds(5))) {
      LagReport r = sampler.sample();
      assertThat(r.partitions()).hasSize(2);
      PartitionLag p0 = r.partitions().get(0);
      assertThat(p0.committedOffset()).isEqualTo(3);
      assertThat(p0.endOffset()).isEqualTo(5);
      assertThat(p0.lagRecords()).isEqualTo(2);
      assertThat(p0.secondsSource()).isEqualTo(SecondsSource.RECORD_TIMESTAMP);
      assertThat(p0.lagSeconds()).isBetween(0.0, 30.0);
      PartitionLag p1 = r.partitions().get(1);
      assertThat(p1.committedOffset()).as("no commit").isEqualTo(-1);
      assertThat(p1.lagRecords()).isEqualTo(5);
      assertThat(r.partitions())
          .allSatisfy(p -> assertThat(p.status()).isEqualTo(LagStatus.STOPPED));
      assertThat(r.totalRecords()).isEqualTo(7);
    }

    Run never =
        lag(
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--application-id",
            "never-ran",
            "--json");
    assertThat(never.exit()).as(never.err()).isZero();
    assertThat(never.out())
        .contains("\"lagRecords\":10", "\"committedOffset\":null", "\"status\":\"STOPPED\"");
  }
}
