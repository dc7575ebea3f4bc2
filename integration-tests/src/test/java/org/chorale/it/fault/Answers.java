package org.chorale.it.fault;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.CompositionFailed;
import org.chorale.it.fleet.TopicLog;

/** The answers on {@code chorale.compositions}, counted per request id (the record key). */
final class Answers {
    private Answers() {}

    /** Answers per request id, counting both CompositionCompleted and CompositionFailed. */
    static Map<String, Integer> perRequest(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String id = requestId(r);
            if (id != null) counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    /** The request id an answer is for, or null when the record is no answer. */
    static String requestId(ConsumerRecord<byte[], byte[]> r) {
        CompositionCompleted done = TopicLog.decode(r, CompositionCompleted.class);
        if (done != null) return done.getRequestId();
        CompositionFailed failed = TopicLog.decode(r, CompositionFailed.class);
        if (failed != null) return failed.getRequestId();
        return null;
    }

    static boolean answersAll(List<ConsumerRecord<byte[], byte[]>> records, Set<String> ids) {
        return perRequest(records).keySet().containsAll(ids);
    }

    /** Request ids answered more than once, with their counts. */
    static Map<String, Integer> duplicates(Map<String, Integer> perRequest) {
        Map<String, Integer> twice = new TreeMap<>();
        perRequest.forEach((id, n) -> {
            if (n != 1) twice.put(id, n);
        });
        return twice;
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }
}
