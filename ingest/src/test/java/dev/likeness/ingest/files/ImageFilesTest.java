package dev.likeness.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path dir;

  @Test
  void walksFoldersRecursivelySortedAndKeepsOnlyImageExtensions() throws IOException {
    Path root = Files.createDirectories(dir.resolve("photos"));
    touch(root.resolve("b.JPG"));
    touch(root.resolve("a.png"));
    touch(root.resolve("notes.txt"));
    touch(root.resolve("._a.png"));
    touch(root.resolve("nested/deeper/c.webp"));
    touch(root.resolve("nested/d.TIFF"));
    touch(root.resolve("nested/readme.md"));
    touch(root.resolve(".thumbs/e.jpg"));

    ImageFiles.Found found = ImageFiles.find(List.of(root));

    assertThat(found.problems()).isEmpty();
    assertThat(found.images())
        .extracting(ImageFile::relativePath)
        .containsExactly("a.png", "b.JPG", "nested/d.TIFF", "nested/deeper/c.webp");
  }

  @Test
  void explicitFilesAreAlwaysTakenUnderTheirFileName() throws IOException {
    Path text = touch(dir.resolve("sub/notes.txt"));
    Path image = touch(dir.resolve("sub/x.gif"));

    ImageFiles.Found found = ImageFiles.find(List.of(text, image));

    assertThat(found.images())
        .containsExactly(new ImageFile(text, "notes.txt"), new ImageFile(image, "x.gif"));
  }

  @Test
  void missingArgumentIsAProblemNotAnException() {
    ImageFiles.Found found = ImageFiles.find(List.of(dir.resolve("nope")));
    assertThat(found.images()).isEmpty();
    assertThat(found.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("no such file"));
  }

  @Test
  void symbolicLinkLoopsAreNotFollowedForever() throws IOException {
    Path root = Files.createDirectories(dir.resolve("r"));
    touch(root.resolve("a/x.jpg"));
    Files.createSymbolicLink(root.resolve("a/back"), root);

    ImageFiles.Found found = ImageFiles.find(List.of(root));

    assertThat(found.images()).extracting(ImageFile::relativePath).containsExactly("a/x.jpg");
  }

  @Test
  void idsByPathAndByContent() throws IOException {
    Path root = Files.createDirectories(dir.resolve("r"));
    Files.writeString(root.resolve("same.jpg"), "same bytes");
    Files.writeString(
        Files.createDirectories(root.resolve("copy")).resolve("same.jpg"), "same bytes");
    Files.writeString(root.resolve("other.jpg"), "other bytes");
    List<ImageFile> images = ImageFiles.find(List.of(root)).images();

    assertThat(images)
        .extracting(f -> IdStrategy.PATH.idFor(f, read(f)))
        .containsExactly("copy/same.jpg", "other.jpg", "same.jpg");
    List<String> byContent = images.stream().map(f -> IdStrategy.SHA256.idFor(f, read(f))).toList();
    // echo -n 'same bytes' | sha256sum
    String sameHash = "58100dc8fc06562ce3e578231dc948e083520ee49c4b4ee5a5a28bb4b4003feb";
    assertThat(byContent.get(0)).isEqualTo(sameHash).isEqualTo(byContent.get(2));
    assertThat(byContent.get(1)).isNotEqualTo(sameHash);
  }

  @Test
  void idStrategyParsesCliNames() {
    assertThat(IdStrategy.parse("SHA256")).isEqualTo(IdStrategy.SHA256);
    assertThat(IdStrategy.parse("path")).isEqualTo(IdStrategy.PATH);
    Assertions.assertThatThrownBy(() -> IdStrategy.parse("md5"))
        .hasMessageContaining("path or sha256");
  }

  private static byte[] read(ImageFile f) {
    try {
      return Files.readAllBytes(f.path());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, file.getFileName().toString());
  }
}
