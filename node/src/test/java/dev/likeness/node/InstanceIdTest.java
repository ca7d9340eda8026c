package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's name in the consumer group: kept in its data folder, so a restart is the same member.
 */
class InstanceIdTest {
  private static NodeConfig config(Path dir) {
    return NodeConfig.builder("127.0.0.1:9092", dir).applicationId("app").build();
  }

  @Test
  void aNodeKeepsTheIdItMadeUpAcrossRestartsAndAnotherFolderGetsAnother(@TempDir Path tmp)
      throws Exception {
    String first = LikenessNode.instanceId(config(tmp.resolve("a")));
    assertThat(first).startsWith("app-");
    assertThat(Files.readString(tmp.resolve("a").resolve(LikenessNode.INSTANCE_ID_FILE)).strip())
        .isEqualTo(first);
    assertThat(LikenessNode.instanceId(config(tmp.resolve("a")))).isEqualTo(first);
    assertThat(LikenessNode.instanceId(config(tmp.resolve("b")))).isNotEqualTo(first);
  }

  @Test
  void aConfiguredIdWinsAndBecomesTheMainConsumersInstanceId(@TempDir Path tmp) throws Exception {
    NodeConfig named = config(tmp).toBuilder().instanceId("node-7").build();
    assertThat(LikenessNode.instanceId(named)).isEqualTo("node-7");
    Properties p = StreamsSettings.of(named, 8080, LikenessNode.instanceId(named));
    assertThat(p.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)))
        .isEqualTo("node-7");
    assertThat(tmp.resolve(LikenessNode.INSTANCE_ID_FILE)).doesNotExist();
  }
}
