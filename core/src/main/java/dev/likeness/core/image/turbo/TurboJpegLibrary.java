package dev.likeness.core.image.turbo;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The part of libjpeg-turbo's TurboJPEG 2.x C API that decoding needs, as JNA maps it. */
interface TurboJpegLibrary extends Library {
  int TJPF_BGRX = 3;
  int TJPF_XRGB = 5;

  int TJCS_CMYK = 3;
  int TJCS_YCCK = 4;

  int TJERR_WARNING = 0;

  /** Refuse progressive JPEGs with absurdly many scans (a known CPU exhaustion trick). */
  int TJFLAG_LIMITSCANS = 32768;

  Pointer tjInitDecompress();

  int tjDecompressHeader3(
      Pointer handle,
      Pointer jpegBuf,
      NativeLong jpegSize,
      IntByReference width,
      IntByReference height,
      IntByReference jpegSubsamp,
      IntByReference jpegColorspace);

  int tjDecompress2(
      Pointer handle,
      Pointer jpegBuf,
      NativeLong jpegSize,
      Pointer dstBuf,
      int width,
      int pitch,
      int height,
      int pixelFormat,
      int flags);

  Pointer tjGetScalingFactors(IntByReference numScalingFactors);

  String tjGetErrorStr2(Pointer handle);

  int tjGetErrorCode(Pointer handle);

  int tjDestroy(Pointer handle);
}
