/**
 * Real Prometheus as the dashboards' proof. {@link org.chorale.it.prometheus.PrometheusServer} runs the
 * {@code prometheus} binary on loopback against given targets; {@link org.chorale.it.prometheus.DashboardQueries}
 * lists every PromQL expression of dashboards/*.json with Grafana's variables resolved.
 *
 * <p>Two proofs run the same queries. {@link org.chorale.it.prometheus.DashboardQueriesAgainstContractTest}: against
 * {@link org.chorale.it.prometheus.ContractFleetSimulation}, real Micrometer meters that implement docs/metrics.md
 * (does every query fit the contract?). {@link org.chorale.it.prometheus.DashboardQueriesAgainstFleetTest}: against
 * the product — {@code chorale demo --keep-running} ({@link org.chorale.it.prometheus.DemoFleet}) left up, the CLI
 * publishing, training and composing (failures included) while Prometheus scrapes the printed {@code /metrics}
 * URLs — with every variable set to the values Prometheus lists and every panel queried over the run's time
 * range as Grafana queries it (does every panel show data for a real run?).
 */
package org.chorale.it.prometheus;
