package org.chorale.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Scenario 3: a generator SIGKILLed with requests in flight, restarted, and a second generator joining — every
 * request answered exactly once.
 */
@ExtendWith(SharedBroker.class)
class GeneratorCrashTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void everyRequestIsAnsweredExactlyOnceAcrossAGeneratorCrash(FleetBroker broker) {
        crashWithRequestsInFlight(broker, 200, 1);
    }

    @Test
    @Tag("soak")
    void repeatedCrashesUnderAThousandRequests(FleetBroker broker) {
        crashWithRequestsInFlight(broker, 1000, 3);
    }

    private void crashWithRequestsInFlight(FleetBroker broker, int requests, int crashes) {
        try (Fleet fleet = Fleet.create(broker, "gen-crash")) {
            Hyperparameters h = Models.tiny(1);
            fleet.sendEvent(fleet.topics().models(), "m", Models.untrainedCheckpoint("m", h, 3));
            WorkerProcess first = fleet.startWorker(Role.GENERATOR, "g1");
            TopicLog answers = fleet.log(fleet.topics().compositions());

            Set<String> ids = new LinkedHashSet<>();
            for (int i = 0; i < requests; i++) {
                String id = "req-" + i;
                ids.add(id);
                fleet.sendAsync(fleet.topics().generationRequests(), null, id,
                        EventCodec.standard().encode(Models.shortRequest(id, "m", 16)), Map.of());
            }
            fleet.flush();

            WorkerProcess second = null;
            for (int crash = 1; crash <= crashes; crash++) {
                // crash once the generator is busy: some answers committed, most requests still waiting
                int answeredBefore = crash * requests / (2 * crashes + 2);
                answers.awaitUntil(answeredBefore + " answers", PATIENCE,
                        r -> Answers.perRequest(r).size() >= answeredBefore);
                first.kill();
                int answeredAtKill = Answers.perRequest(answers.readToEnd()).size();
                assertTrue(answeredAtKill < requests, "the kill came after every request was answered");
                System.out.printf("generator crash %d: SIGKILL with %d of %d requests unanswered%n",
                        crash, requests - answeredAtKill, requests);
                first.restart(); // same instance id: fences the dead producer, aborts its open transaction
                if (second == null) second = fleet.startWorker(Role.GENERATOR, "g2");
            }

            answers.awaitUntil("an answer to every request", PATIENCE, r -> Answers.answersAll(r, ids));
            fleet.awaitConsumed(fleet.group("generator"), fleet.topics().generationRequests(), PATIENCE);
            List<ConsumerRecord<byte[], byte[]>> all = answers.readToEnd();

            var perRequest = Answers.perRequest(all);
            assertEquals(ids, perRequest.keySet(), "answered request ids");
            assertEquals(Map.of(), Answers.duplicates(perRequest), "requests answered more than once");
            assertEquals(requests, all.size(), "records on the compositions topic");
            assertEquals(requests, answers.count(CompositionCompleted.class), "completed compositions");
            first.stopGracefully();
            second.stopGracefully();
        }
    }
}
