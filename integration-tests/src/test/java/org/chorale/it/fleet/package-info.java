/**
 * A reusable fixture for fault tests: a broker that can be restarted ({@link org.chorale.it.fleet.FleetBroker}),
 * workers as separate JVM processes launched from the shaded {@code chorale.jar} that can really be killed
 * ({@link org.chorale.it.fleet.WorkerProcess}), one isolated set of topics per test
 * ({@link org.chorale.it.fleet.Fleet}) and read_committed views of its topics ({@link org.chorale.it.fleet.TopicLog}).
 */
package org.chorale.it.fleet;
