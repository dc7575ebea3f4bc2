package org.chorale.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.chorale.events.CompositionCompleted;
import org.chorale.events.Hyperparameters;
import org.chorale.it.fleet.Fleet;
import org.chorale.it.fleet.FleetBroker;
import org.chorale.it.fleet.Models;
import org.chorale.it.fleet.SharedBroker;
import org.chorale.it.fleet.TopicLog;
import org.chorale.it.fleet.WorkerProcess;
import org.chorale.it.fleet.WorkerProcess.Role;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: composition requests across two generator processes, all answered exactly once; prints p50/p95
 * latency (request record to answer record, broker timestamps of both) and throughput — a benchmark figure, not an
 * assertion on time.
 */
@ExtendWith(SharedBroker.class)
class GenerationLoadTest {
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @Test
    void twoGeneratorsAnswerEveryRequest(FleetBroker broker) throws Exception {
        load(broker, 1000);
    }

    @Test
    @Tag("soak")
    void twoGeneratorsAnswerFiveThousandRequests(FleetBroker broker) throws Exception {
        load(broker, 5000);
    }

    private void load(FleetBroker broker, int requests) throws InterruptedException, ExecutionException {
        try (Fleet fleet = Fleet.create(broker, "load")) {
            Hyperparameters h = Models.tiny(1);
            fleet.sendEvent(fleet.topics().models(), "m", Models.untrainedCheckpoint("m", h, 5));
            WorkerProcess g1 = fleet.startWorker(Role.GENERATOR, "g1");
            WorkerProcess g2 = fleet.startWorker(Role.GENERATOR, "g2");
            TopicLog answers = fleet.log(fleet.topics().compositions());

            Set<String> ids = new LinkedHashSet<>();
            Map<String, Future<RecordMetadata>> sent = new HashMap<>();
            for (int i = 0; i < requests; i++) {
                String id = "load-" + i;
                ids.add(id);
                sent.put(id, fleet.sendAsync(fleet.topics().generationRequests(), null, id,
                        EventCodec.standard().encode(Models.shortRequest(id, "m", 16)), Map.of()));
            }
            fleet.flush();
            Map<String, Long> requestedAt = new HashMap<>();
            for (var e : sent.entrySet()) requestedAt.put(e.getKey(), e.getValue().get().timestamp());

            answers.awaitUntil("an answer to every request", PATIENCE, r -> Answers.answersAll(r, ids));
            fleet.awaitConsumed(fleet.group("generator"), fleet.topics().generationRequests(), PATIENCE);
            List<ConsumerRecord<byte[], byte[]>> all = answers.readToEnd();

            var perRequest = Answers.perRequest(all);
            assertEquals(ids, perRequest.keySet(), "answered request ids");
            assertEquals(Map.of(), Answers.duplicates(perRequest), "requests answered more than once");
            assertEquals(requests, answers.count(CompositionCompleted.class), "completed compositions");
            Map<String, Long> byWorker = new HashMap<>();
            answers.events(CompositionCompleted.class).forEach(c -> byWorker.merge(c.getWorker(), 1L, Long::sum));
            report(requests, requestedAt, all, byWorker);
            g1.stopGracefully();
            g2.stopGracefully();
        }
    }

    private static void report(int requests, Map<String, Long> requestedAt, List<ConsumerRecord<byte[], byte[]>> all,
                               Map<String, Long> byWorker) {
        List<Long> latencies = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ConsumerRecord<byte[], byte[]> r : all) {
            long at = requestedAt.get(Answers.requestId(r));
            latencies.add(r.timestamp() - at);
            first = Math.min(first, at);
            last = Math.max(last, r.timestamp());
        }
        latencies.sort(null);
        double seconds = (last - first) / 1000.0;
        System.out.printf("generation load: %d requests (16 steps each) on 2 generator processes %s: "
                        + "p50 %d ms, p95 %d ms, max %d ms, %.1f requests/s over %.1f s%n",
                requests, byWorker, percentile(latencies, 0.50), percentile(latencies, 0.95),
                latencies.get(latencies.size() - 1), requests / seconds, seconds);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
