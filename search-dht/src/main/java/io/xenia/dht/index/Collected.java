package io.xenia.dht.index;

import io.xenia.dht.LookupStats;
import io.xenia.dht.vivaldi.Coordinate;
import java.util.List;
import java.util.Map;

/**
 * What a search read before filtering: the verified, unexpired candidates (the newest ad per
 * machine), the coordinates of the hosts it measures from, and the cost.
 */
record Collected(
    List<Candidate> candidates,
    Map<String, Coordinate> references,
    int bucketsRead,
    LookupStats stats) {}
