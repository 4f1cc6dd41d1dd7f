/** The agent's own metrics at /q/metrics, whose names and labels are a contract for dashboards. */
package com.trafikito.agent.metrics;
