package dev.likeness.api.search;

import dev.likeness.indexer.store.ListedImage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Pages through every image of the index, across partitions and instances, in {@link
 * ListedImage#ID_ORDER}. Each partition's store iterates its keys in that order, so a page is the
 * first {@code limit} ids after the cursor of every partition, merged: the cursor is the last id of
 * the page. Images deleted between pages leave neither a gap nor a repeat, since the next page
 * starts after an id, not at a position.
 */
public final class ImageListing {
  private final Vertx vertx;
  private final FanOutSearch search;

  /** Lists the partitions {@code search} knows of, asking the same instances it asks. */
  public ImageListing(Vertx vertx, FanOutSearch search) {
    this.vertx = vertx;
    this.search = search;
  }

  /**
   * One page of the listing.
   *
   * @param images up to {@code limit} images after the cursor, in order
   * @param last the id to give as cursor for the next page, or null when this is the last page
   * @param stale the partitions listed from a standby or restoring copy
   * @param failed the partitions no copy could list, each with the reason: the page may miss ids
   */
  public record Page(
      List<ListedImage> images, String last, Set<Integer> stale, Map<Integer, String> failed) {}

  /** The first {@code limit} images after {@code after} (null: from the first). */
  public Future<Page> page(String after, int limit) {
    IndexPlacement placement;
    try {
      placement = search.placement();
    } catch (IndexUnavailableException e) {
      return Future.failedFuture(e);
    }
    if (placement.partitions().isEmpty()) {
      return Future.failedFuture(
          new IndexUnavailableException("no instance hosts the index yet; retry shortly"));
    }
    Map<Integer, Set<HostInfo>> tried = new HashMap<>();
    Map<HostInfo, Set<Integer>> first = new LinkedHashMap<>();
    for (int p : placement.partitions()) {
      List<HostInfo> candidates = placement.candidates(p, Set.of());
      HostInfo host =
          candidates.stream()
              .filter(h -> !search.isSuspected(h))
              .findFirst()
              .orElse(candidates.get(0));
      first.computeIfAbsent(host, h -> new TreeSet<>()).add(p);
    }
    // One more than asked tells whether another page follows.
    int ask = limit + 1;
    return round(first, after, ask, tried)
        .compose(
            answered -> {
              if (answered.failed.isEmpty()) {
                return Future.succeededFuture(answered);
              }
              // Ask the copies not tried yet of the partitions that failed.
              Map<HostInfo, Set<Integer>> again = new LinkedHashMap<>();
              for (int p : answered.failed.keySet()) {
                placement.candidates(p, tried.getOrDefault(p, Set.of())).stream()
                    .findFirst()
                    .ifPresent(h -> again.computeIfAbsent(h, x -> new TreeSet<>()).add(p));
              }
              return again.isEmpty()
                  ? Future.succeededFuture(answered)
                  : round(again, after, ask, tried)
                      .map(later -> answered.merge(later, retried(again)));
            })
        .map(answered -> answered.page(limit));
  }

  private Future<Answered> round(
      Map<HostInfo, Set<Integer>> asked,
      String after,
      int limit,
      Map<Integer, Set<HostInfo>> tried) {
    List<HostInfo> hosts = new ArrayList<>(asked.keySet());
    List<Future<PartitionListing>> calls = new ArrayList<>();
    for (HostInfo host : hosts) {
      Set<Integer> partitions = asked.get(host);
      partitions.forEach(p -> tried.computeIfAbsent(p, x -> new HashSet<>()).add(host));
      calls.add(
          search.isSelf(host)
              ? vertx.executeBlocking(
                  () -> search.local().list(after, limit, partitions, true), false)
              : search.watched(host, search.peers().list(host, after, limit, partitions, true)));
    }
    return Future.join(calls)
        .transform(
            ignored -> {
              Answered out = new Answered();
              for (int i = 0; i < calls.size(); i++) {
                Future<PartitionListing> call = calls.get(i);
                HostInfo host = hosts.get(i);
                if (call.succeeded()) {
                  out.images.addAll(call.result().images());
                  out.stale.addAll(call.result().stale());
                  call.result()
                      .failed()
                      .forEach((p, why) -> out.failed.put(p, who(host) + ": " + why));
                } else {
                  String why = who(host) + ": " + call.cause().getMessage();
                  asked.get(host).forEach(p -> out.failed.put(p, why));
                }
              }
              return Future.succeededFuture(out);
            });
  }

  /** What the rounds so far listed. */
  private static final class Answered {
    final List<ListedImage> images = new ArrayList<>();
    final Set<Integer> stale = new TreeSet<>();
    final Map<Integer, String> failed = new TreeMap<>();

    /** These with a later round's, which asked again for the {@code retried} partitions. */
    Answered merge(Answered again, Set<Integer> retried) {
      images.addAll(again.images);
      stale.addAll(again.stale);
      for (int p : retried) {
        String why = again.failed.get(p);
        if (why == null) {
          failed.remove(p);
        } else {
          failed.put(p, why);
        }
      }
      return this;
    }

    Page page(int limit) {
      TreeMap<String, ListedImage> byId = new TreeMap<>(ListedImage.ID_ORDER);
      images.forEach(image -> byId.putIfAbsent(image.id(), image));
      List<ListedImage> ordered = new ArrayList<>(byId.values());
      boolean more = ordered.size() > limit;
      List<ListedImage> page = more ? ordered.subList(0, limit) : ordered;
      String last = more ? page.get(page.size() - 1).id() : null;
      return new Page(List.copyOf(page), last, stale, failed);
    }
  }

  private static Set<Integer> retried(Map<HostInfo, Set<Integer>> asked) {
    Set<Integer> all = new TreeSet<>();
    asked.values().forEach(all::addAll);
    return all;
  }

  private static String who(HostInfo host) {
    return host.host() + ":" + host.port();
  }
}
