package dev.likeness.ingest.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the image files under the PATH arguments of {@code likeness ingest}.
 *
 * <p>Folders are walked recursively, following symbolic links but never round a loop, and each
 * folder's images come out sorted by relative path so that two runs publish in the same order. In
 * folders only files with an image extension are taken, and hidden entries (names starting with
 * {@code .}, such as macOS {@code ._photo.jpg} resource forks) are skipped; a file named explicitly
 * is always taken, whatever its name, and left to content sniffing.
 */
public final class ImageFiles {
  /** Extensions, lower case, that mark a file in a folder as an image. */
  public static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

  private static final Logger log = LoggerFactory.getLogger(ImageFiles.class);

  private ImageFiles() {}

  /**
   * The outcome of a walk.
   *
   * @param images the files to ingest, in argument order then relative-path order
   * @param problems arguments or entries that could not be read
   */
  public record Found(List<ImageFile> images, List<FileProblem> problems) {
    public Found {
      images = List.copyOf(images);
      problems = List.copyOf(problems);
    }
  }

  /** Walks the arguments. Never throws for a bad path: it becomes a {@link FileProblem}. */
  public static Found find(List<Path> arguments) {
    List<ImageFile> images = new ArrayList<>();
    List<FileProblem> problems = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        walkFolder(argument, images, problems);
      } else if (Files.isRegularFile(argument)) {
        images.add(new ImageFile(argument, argument.getFileName().toString()));
      } else if (Files.exists(argument)) {
        problems.add(new FileProblem(argument, "not a regular file or folder"));
      } else {
        problems.add(new FileProblem(argument, "no such file or folder"));
      }
    }
    return new Found(images, problems);
  }

  /** Whether a file name has one of the {@link #EXTENSIONS}, ignoring case. */
  public static boolean hasImageExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static void walkFolder(Path root, List<ImageFile> images, List<FileProblem> problems) {
    List<ImageFile> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && isHidden(dir)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String name = file.getFileName().toString();
              if (attrs.isRegularFile() && !isHidden(file) && hasImageExtension(name)) {
                found.add(new ImageFile(file, relative(root, file)));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (e instanceof FileSystemLoopException) {
                // A link back to an ancestor: its content is walked already, via the real path.
                log.warn("skipping {}: symbolic link loop", file);
              } else {
                problems.add(new FileProblem(file, describe(e)));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(new FileProblem(root, describe(e)));
    }
    found.sort(Comparator.comparing(ImageFile::relativePath));
    images.addAll(found);
  }

  private static boolean isHidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static String relative(Path root, Path file) {
    Path rel = root.relativize(file);
    List<String> parts = new ArrayList<>();
    rel.forEach(part -> parts.add(part.toString()));
    return String.join("/", parts);
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
