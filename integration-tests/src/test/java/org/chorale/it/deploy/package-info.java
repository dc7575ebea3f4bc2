/**
 * Checks of the deployment files (deploy/) and Grafana dashboards (dashboards/) without a Docker daemon, kubectl
 * or Grafana: they parse, they agree with each other and with the code's facts ({@link
 * org.chorale.it.deploy.CodeFacts}) and the metrics contract (docs/metrics.md), and the linters that exist here
 * (yamllint, promtool) accept them. Includes small models of Compose merging and kustomize rendering.
 */
package org.chorale.it.deploy;
