package dev.likeness.contract.hash;

/** A PDQ hash with its quality score (0–100; under 50 the hash is not a reliable match). */
public record PdqHash(Hash256 hash, int quality) {}
