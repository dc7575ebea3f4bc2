package org.chorale.it.prometheus;

/** Prometheus refused a query ({@code status: error}), e.g. {@code bad_data} for a PromQL syntax error. */
public class PrometheusQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorType;

    public PrometheusQueryException(String query, String errorType, String error) {
        super(errorType + ": " + error + " (query: " + query + ")");
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
