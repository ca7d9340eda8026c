package dev.likeness.core.index;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Scores stored hashes against up to eight query forms and keeps the k best. Shared by both search
 * paths so they agree exactly: an entry's distance is its minimum over the forms, ties between
 * forms go to the lowest form index, ties between entries to the smaller id.
 */
final class CandidateScorer {
  private static final int WORDS = Hash256.WORDS;
  private static final Dihedral[] DIHEDRALS = Dihedral.values();

  private final long[] q;
  private final int forms;
  private final int[] formIds;
  private final int maxDistance;
  private final TopK top;
  private final IntFunction<String> idOfSlot;
  private int bound;

  CandidateScorer(List<Hash256> queryForms, int k, int maxDistance, IntFunction<String> idOfSlot) {
    List<Hash256> distinct = new ArrayList<>();
    int[] ids = new int[queryForms.size()];
    for (int f = 0; f < queryForms.size(); f++) {
      // A form equal to an earlier one can never win (ties go to the lowest form), so it is not
      // scored: imported hashes carry eight copies of one hash, and symmetric images repeat forms.
      if (!distinct.contains(queryForms.get(f))) {
        ids[distinct.size()] = f;
        distinct.add(queryForms.get(f));
      }
    }
    this.forms = distinct.size();
    this.formIds = Arrays.copyOf(ids, forms);
    this.q = packed(distinct);
    this.maxDistance = maxDistance;
    this.top = new TopK(k);
    this.idOfSlot = idOfSlot;
    this.bound = maxDistance;
  }

  /** The forms packed four words each, least significant word first. */
  static long[] packed(List<Hash256> queryForms) {
    long[] q = new long[queryForms.size() * WORDS];
    for (int f = 0; f < queryForms.size(); f++) {
      for (int w = 0; w < WORDS; w++) {
        q[f * WORDS + w] = queryForms.get(f).word(w);
      }
    }
    return q;
  }

  /** Packed words of the distinct query forms (forms × 4). */
  long[] queryWords() {
    return q;
  }

  /** Number of distinct query forms. */
  int forms() {
    return forms;
  }

  /** The query form index ({@code Dihedral} ordinal) of distinct form {@code f}. */
  int formId(int f) {
    return formIds[f];
  }

  /** Form indexes of the distinct forms, in order (ascending). */
  int[] formIds() {
    return formIds;
  }

  /** Entries farther than this cannot enter the result. */
  int bound() {
    return bound;
  }

  /**
   * Offers the entry at {@code slot} at {@code distance} (≤ {@link #bound()}) via form {@code
   * form}.
   */
  void offer(int slot, int distance, int form) {
    // Only entries that may enter the top k get their id decoded.
    top.offer(new IndexMatch(idOfSlot.apply(slot), distance, DIHEDRALS[form]));
    bound = Math.min(maxDistance, top.admissionDistance());
  }

  /** Scores the entry at {@code slot} whose hash is {@code h0..h3}. */
  void score(int slot, long h0, long h1, long h2, long h3) {
    int best = Integer.MAX_VALUE; // distance << 3 | form: min gives the lowest form on ties
    for (int f = 0, qb = 0; f < forms; f++, qb += WORDS) {
      int d =
          Long.bitCount(h0 ^ q[qb])
              + Long.bitCount(h1 ^ q[qb + 1])
              + Long.bitCount(h2 ^ q[qb + 2])
              + Long.bitCount(h3 ^ q[qb + 3]);
      best = Math.min(best, d << 3 | f);
    }
    if (best >>> 3 <= bound) {
      offer(slot, best >>> 3, formIds[best & 7]); // distinct forms are in form order: same ties
    }
  }

  /**
   * Scores {@code n} gathered entries: slot {@code slots[from + i]} has hash words {@code
   * words[4i..4i+3]}.
   */
  void scoreGathered(int[] slots, int from, long[] words, int n) {
    for (int i = 0, b = 0; i < n; i++, b += WORDS) {
      score(slots[from + i], words[b], words[b + 1], words[b + 2], words[b + 3]);
    }
  }

  /** The kept matches, best first. */
  List<IndexMatch> result() {
    return top.toList();
  }
}
