/** The loop: each cycle plans, asks the API what to run, runs it, sends the output and reports errors back. */
package com.trafikito.agent.cycle;
