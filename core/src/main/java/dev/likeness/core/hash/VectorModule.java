package dev.likeness.core.hash;

import org.slf4j.LoggerFactory;

/**
 * Whether the JDK's incubating vector module ({@code --add-modules jdk.incubator.vector}, which the
 * launcher passes) is there to run the hot loops that C2 does not vectorize by itself: keypoint
 * detection and luminance. Every such loop has a scalar twin with the same results, used without
 * the module or with {@code -Dlikeness.vector=false}.
 */
public final class VectorModule {
  /** Whether the vector loops run. */
  public static final boolean ENABLED =
      present() && !"false".equals(System.getProperty("likeness.vector"));

  static {
    if (ENABLED) {
      LoggerFactory.getLogger(VectorModule.class)
          .info("Keypoint detection and luminance use the JDK's vector module");
    } else {
      LoggerFactory.getLogger(VectorModule.class)
          .info(
              "Keypoint detection and luminance run scalar ({}); "
                  + "--add-modules jdk.incubator.vector makes detection about 1.6x faster",
              present() ? "-Dlikeness.vector=false" : "no vector module");
    }
  }

  private VectorModule() {}

  private static boolean present() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }
}
