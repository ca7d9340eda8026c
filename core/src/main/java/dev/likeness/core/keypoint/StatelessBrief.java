package dev.likeness.core.keypoint;

import boofcv.abst.feature.describe.DescribePointRadiusAngle;
import boofcv.struct.feature.TupleDesc_B;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.ImageType;

/**
 * BoofCV's oriented, scaled BRIEF describer, made to depend on the current image only. For a
 * keypoint near the border, BoofCV 1.1.7 leaves the samples that fall outside the image at the
 * values of the keypoint described before it, which for an image's first such keypoint belong to
 * the previous image: the same image then got different descriptors depending on what its thread
 * had described before. Each new image therefore starts from the samples of one fixed keypoint on a
 * blank image.
 */
final class StatelessBrief implements DescribePointRadiusAngle<GrayF32, TupleDesc_B> {
  private static final int BLANK_SIDE = 64;

  private final DescribePointRadiusAngle<GrayF32, TupleDesc_B> brief;
  private final GrayF32 blank = new GrayF32(BLANK_SIDE, BLANK_SIDE);
  private final TupleDesc_B scratch;

  StatelessBrief(DescribePointRadiusAngle<GrayF32, TupleDesc_B> brief) {
    this.brief = brief;
    this.scratch = brief.createDescription();
  }

  @Override
  public void setImage(GrayF32 image) {
    // A keypoint in the middle of a blank image sets every sample, to zero.
    brief.setImage(blank);
    brief.process(BLANK_SIDE / 2.0, BLANK_SIDE / 2.0, 0, 1, scratch);
    brief.setImage(image);
  }

  @Override
  public boolean process(
      double x, double y, double orientation, double radius, TupleDesc_B description) {
    return brief.process(x, y, orientation, radius, description);
  }

  @Override
  public boolean isScalable() {
    return brief.isScalable();
  }

  @Override
  public boolean isOriented() {
    return brief.isOriented();
  }

  @Override
  public ImageType<GrayF32> getImageType() {
    return brief.getImageType();
  }

  @Override
  public double getCanonicalWidth() {
    return brief.getCanonicalWidth();
  }

  @Override
  public TupleDesc_B createDescription() {
    return brief.createDescription();
  }

  @Override
  public Class<TupleDesc_B> getDescriptionType() {
    return brief.getDescriptionType();
  }
}
