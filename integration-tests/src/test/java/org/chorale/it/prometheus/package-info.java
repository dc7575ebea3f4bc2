/**
 * Real Prometheus as the dashboards' proof. {@link org.chorale.it.prometheus.PrometheusServer} runs the
 * {@code prometheus} binary on loopback against given targets; {@link org.chorale.it.prometheus.DashboardQueries}
 * lists every PromQL expression of dashboards/*.json with Grafana's variables resolved.
 *
 * <p>Today the queries run against {@link org.chorale.it.prometheus.ContractFleetSimulation}: real Micrometer
 * meters that implement docs/metrics.md. Next, with the workers: start {@code chorale standalone} (or the
 * embedded broker plus the three workers) on its fixed ports 9401-9403, publish a few MIDI files, train a
 * tiny model for two epochs and ask for one composition, point {@code PrometheusServer} at the three ports with
 * their role labels, and assert that every {@code DashboardQueries} expression returns data — the same loop as
 * {@code DashboardQueriesAgainstContractTest}, with the fleet in place of the simulation.
 */
package org.chorale.it.prometheus;
