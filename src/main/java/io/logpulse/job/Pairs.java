package io.logpulse.job;

import java.util.Iterator;
import java.util.Map;
import scala.Tuple2;

/** A map's entries as the pairs Spark's pair RDDs are made of. */
final class Pairs {

    private Pairs() {
    }

    static <K, V> Iterator<Tuple2<K, V>> of(Map<K, V> map) {
        return map.entrySet().stream().map(e -> new Tuple2<>(e.getKey(), e.getValue())).iterator();
    }
}
