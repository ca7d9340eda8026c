package dev.likeness.core.index;

/** Every multi-index test again with 14 substrings of 18–19 bits (two-bit neighbour probes). */
class MultiIndexHashingFourteenTest extends MultiIndexHashingTest {
  @Override
  Substrings layout() {
    return Substrings.FOURTEEN;
  }
}
