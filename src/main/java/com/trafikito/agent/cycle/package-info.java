/**
 * The loop: each cycle plans, asks the API what to run, runs it, sends the output, installs the dashboard's
 * widgets (their lines kept apart in {@code WidgetStore}) and reports errors back.
 */
package com.trafikito.agent.cycle;
