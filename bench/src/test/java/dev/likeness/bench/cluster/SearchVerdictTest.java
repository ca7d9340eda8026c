package dev.likeness.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchVerdictTest {
  private static SearchVerdict.Classified classify(int status, String body) {
    return SearchVerdict.classify(new NodeClient.Answer(status, body), "a");
  }

  @Test
  void anAnswerWithTheImageFirstAndNothingMissingIsComplete() {
    SearchVerdict.Classified c =
        classify(200, "{\"matches\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"partial\":false}");
    assertThat(c.verdict()).isEqualTo(SearchVerdict.COMPLETE);
    assertThat(c.selfHits()).isEqualTo(1);
  }

  @Test
  void standbyAnswersAreStaleAndMissingPartitionsPartial() {
    assertThat(
            classify(200, "{\"matches\":[{\"id\":\"a\"}],\"partial\":false,\"stale\":true}")
                .verdict())
        .isEqualTo(SearchVerdict.STALE);
    assertThat(
            classify(
                    200,
                    "{\"matches\":[{\"id\":\"a\"}],\"partial\":true,\"missingPartitions\":[2]}")
                .verdict())
        .isEqualTo(SearchVerdict.PARTIAL);
  }

  @Test
  void noAnswerAnErrorOrAnAnswerWithoutTheImageFails() {
    assertThat(classify(-1, "ConnectException").verdict()).isEqualTo(SearchVerdict.FAILED);
    assertThat(classify(503, "{\"error\":\"x\"}").verdict()).isEqualTo(SearchVerdict.FAILED);
    assertThat(classify(200, "{\"matches\":[{\"id\":\"b\"}],\"partial\":false}").verdict())
        .isEqualTo(SearchVerdict.FAILED);
    assertThat(classify(200, "not json").verdict()).isEqualTo(SearchVerdict.FAILED);
  }

  @Test
  void countsTheImageEachTimeItIsAHit() {
    assertThat(classify(200, "{\"hits\":[{\"id\":\"a\"},{\"id\":\"a\"}]}").selfHits()).isEqualTo(2);
  }
}
